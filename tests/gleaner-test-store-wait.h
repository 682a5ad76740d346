/* gleaner-test-store-wait.h — the store's writes, waited for on the main loop: what every store
 * test does between its steps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gleaner-store.h"

G_BEGIN_DECLS

/* A write in flight: its callback (gleaner_test_state_done_cb(), gleaner_test_write_done_cb())
 * sets @done and @error. */
typedef struct
{
  gboolean done;
  GError  *error;
} GleanerTestWrite;

void gleaner_test_state_done_cb (GObject          *object,
                                 GAsyncResult     *result,
                                 gpointer          user_data);
void gleaner_test_write_done_cb (GObject          *object,
                                 GAsyncResult     *result,
                                 gpointer          user_data);
/* Iterates the main loop until @write is done; asserts it succeeded. */
void gleaner_test_write_wait    (GleanerTestWrite *write);

/* Stores @papers as a sync does; the result, or NULL and @error. */
GleanerUpsertResult *gleaner_test_store_upsert       (GleanerStore *store,
                                                      GPtrArray    *papers,
                                                      GError      **error);
/* Stars (@starred) or marks read the paper @id, or undoes it (!@value). */
void                 gleaner_test_store_set_state    (GleanerStore *store,
                                                      const char   *id,
                                                      gboolean      starred,
                                                      gboolean      value);
/* Replaces the trending list with the NULL-terminated arXiv ids. */
void                 gleaner_test_store_set_trending (GleanerStore *store,
                                                      ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
