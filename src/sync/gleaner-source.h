/* gleaner-source.h — a place papers come from (Hugging Face now, arXiv later).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gleaner-types.h"
#include "gleaner-sync.h"

G_BEGIN_DECLS

#define GLEANER_TYPE_SOURCE (gleaner_source_get_type ())

G_DECLARE_INTERFACE (GleanerSource, gleaner_source, GLEANER, SOURCE, GObject)

/**
 * GleanerSourceInterface:
 * @get_name: a short, untranslated name for logs and meta keys ("hf", "arxiv").
 * @fetch_async: fetches what is new and stores it. Every HTTP request goes through
 *   gleaner_sync_fetch_async() so the sync's session, limits and error mapping apply; the
 *   store is gleaner_sync_get_store() and "today" is gleaner_sync_dup_now(). Requests run one
 *   at a time. Papers are stored in batches as they arrive, so a failure keeps what was
 *   stored before it; a batch that fails stores nothing.
 * @fetch_finish: adds this fetch's counts and new ids to @accumulate. On error only those of
 *   the batches stored before the failure are added, and the error is in %GLEANER_SYNC_ERROR
 *   (or %G_IO_ERROR_CANCELLED).
 */
struct _GleanerSourceInterface
{
  GTypeInterface parent_iface;

  const char *(*get_name)     (GleanerSource        *self);
  void        (*fetch_async)  (GleanerSource        *self,
                               GleanerSync          *sync,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data);
  gboolean    (*fetch_finish) (GleanerSource        *self,
                               GAsyncResult         *result,
                               GleanerSyncResult    *accumulate,
                               GError              **error);
};

const char *gleaner_source_get_name     (GleanerSource        *self);
void        gleaner_source_fetch_async  (GleanerSource        *self,
                                         GleanerSync          *sync,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean    gleaner_source_fetch_finish (GleanerSource        *self,
                                         GAsyncResult         *result,
                                         GleanerSyncResult    *accumulate,
                                         GError              **error);

G_END_DECLS
