/* gleaner-source.h — a place papers come from (Hugging Face now, arXiv later).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gleaner-fetcher.h"
#include "gleaner-store.h"
#include "gleaner-sync-result.h"
#include "gleaner-types.h"

G_BEGIN_DECLS

#define GLEANER_TYPE_SOURCE (gleaner_source_get_type ())

G_DECLARE_INTERFACE (GleanerSource, gleaner_source, GLEANER, SOURCE, GObject)

/**
 * GleanerSourceInterface:
 * @get_name: a short, untranslated name for logs and meta keys ("hf", "arxiv").
 * @fetch_async: fetches what is new and stores it in @store. Every HTTP request goes
 *   through gleaner_fetcher_fetch_async() on @fetcher so the session, politeness, limits and
 *   error mapping apply; @now is "today" for choosing what to fetch. Requests run one at a
 *   time. Papers are stored in batches as they arrive, so a failure keeps what was stored
 *   before it; a batch that fails stores nothing. The source's own settings (addresses, how
 *   far back) are its properties; a change applies from the next fetch.
 * @fetch_finish: adds this fetch's counts and new ids to @accumulate. On error only those of
 *   the batches stored before the failure are added, and the error is in %GLEANER_SYNC_ERROR
 *   (or %G_IO_ERROR_CANCELLED).
 */
struct _GleanerSourceInterface
{
  GTypeInterface parent_iface;

  const char *(*get_name)     (GleanerSource        *self);
  void        (*fetch_async)  (GleanerSource        *self,
                               GleanerFetcher       *fetcher,
                               GleanerStore         *store,
                               GDateTime            *now,
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
                                         GleanerFetcher       *fetcher,
                                         GleanerStore         *store,
                                         GDateTime            *now,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean    gleaner_source_fetch_finish (GleanerSource        *self,
                                         GAsyncResult         *result,
                                         GleanerSyncResult    *accumulate,
                                         GError              **error);

/* For the sources' fetch tasks, which all run the same way: a GTask that each step takes
 * (and drops when it returns), returning a (GleanerSyncResult *) and keeping in its task data
 * what it stored before a failure. */

/* Fails @task with @error (owned), a store error: as a %GLEANER_SYNC_ERROR_STORE, or as it is
 * when cancelled. Does not drop a reference to @task. */
void        gleaner_source_task_return_store_error (GTask              *task,
                                                    GError             *error);
/* When @task's cancellable is cancelled: fails @task with %G_IO_ERROR_CANCELLED, drops the
 * caller's reference and returns %TRUE. */
gboolean    gleaner_source_task_return_if_cancelled (GTask             *task);
/* A step of a fetch task. Takes @task. */
typedef void (*GleanerSourceStep) (GTask *task);
/* For a store write in a fetch task (one that finishes with gleaner_store_write_finish()):
 * give it gleaner_source_task_written_cb() as callback and gleaner_source_task_step() as
 * user data. Once written, @then runs with @task; a failed write fails @task with the store
 * error. Takes @task. */
gpointer    gleaner_source_task_step      (GTask                  *task,
                                           GleanerSourceStep       then);
void        gleaner_source_task_written_cb (GObject               *object,
                                           GAsyncResult           *result,
                                           gpointer                step);
/* A fetch_finish: adds @result's GleanerSyncResult to @accumulate, or, when it failed, what
 * it stored before (@partial, which may be NULL). */
gboolean    gleaner_source_task_propagate (GAsyncResult           *result,
                                           GleanerSyncResult      *partial,
                                           GleanerSyncResult      *accumulate,
                                           GError                **error);

G_END_DECLS
