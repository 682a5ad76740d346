/* gleaner-sync-result.h — what a sync run (or one source's fetch) stored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "gleaner-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint       added;
  guint       updated;
  guint       skipped;    /* entries the parser could not use */
  /* (element-type utf8) arXiv ids first stored by this run; papers first stored by a saved
   * search's very first Hugging Face search are old papers, not news, and are only counted
   * in @added. */
  GPtrArray  *new_ids;
} GleanerSyncResult;

#define GLEANER_TYPE_SYNC_RESULT (gleaner_sync_result_get_type ())

GType              gleaner_sync_result_get_type   (void) G_GNUC_CONST;
/* A result with zero counts and an empty @new_ids. */
GleanerSyncResult *gleaner_sync_result_new        (void);
void               gleaner_sync_result_free       (GleanerSyncResult         *result);
/* Adds an upsert batch's counts and new ids to @self. */
void               gleaner_sync_result_add_upsert (GleanerSyncResult         *self,
                                                   const GleanerUpsertResult *upsert);
/* Adds @other's counts and new ids to @self. */
void               gleaner_sync_result_merge      (GleanerSyncResult         *self,
                                                   const GleanerSyncResult   *other);
void               gleaner_sync_result_take       (GleanerSyncResult         *self,
                                                   GleanerSyncResult         *other);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GleanerSyncResult, gleaner_sync_result_free)

G_END_DECLS
