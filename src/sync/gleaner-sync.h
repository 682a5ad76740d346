/* gleaner-sync.h — runs the sources and stores what they fetch.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gleaner-fetcher.h"
#include "gleaner-source.h"
#include "gleaner-store.h"
#include "gleaner-sync-error.h"
#include "gleaner-sync-result.h"
#include "gleaner-types.h"

G_BEGIN_DECLS

#define GLEANER_TYPE_SYNC (gleaner_sync_get_type ())

G_DECLARE_FINAL_TYPE (GleanerSync, gleaner_sync, GLEANER, SYNC, GObject)

/* A runner without sources, fetching through a GleanerFetcher of its own. */
GleanerSync       *gleaner_sync_new            (GleanerStore         *store);
GleanerStore      *gleaner_sync_get_store      (GleanerSync          *self);
/* The fetcher every source's requests go through (limits, per-host politeness); also the
 * "fetcher" construct-only property, to share one. Made on first use, which needs the
 * network half loaded (gleaner-net.h): a run loads it, then emits "prepare" once. */
GleanerFetcher    *gleaner_sync_get_fetcher    (GleanerSync          *self);
/* Sources run in the order they were added. One added during a run joins the next run. */
void               gleaner_sync_add_source     (GleanerSync          *self,
                                                GleanerSource        *source);
/* A run in progress keeps it until it ends. */
void               gleaner_sync_remove_source  (GleanerSync          *self,
                                                GleanerSource        *source);
/* The source named @name (see gleaner_source_get_name()), or NULL. Returns (transfer none). */
GleanerSource     *gleaner_sync_lookup_source  (GleanerSync          *self,
                                                const char           *name);
/* Also the "running" property, notified when a run starts and just before it completes. */
gboolean           gleaner_sync_get_running    (GleanerSync          *self);
/* Unix time before which the server asked us not to come back (Retry-After / RateLimit t=,
 * at most a day ahead); 0 if none. Set by a 429/503 answer, cleared by a successful run;
 * also the "retry-at" property (notifies). */
gint64             gleaner_sync_get_retry_at   (GleanerSync          *self);
/* The GLEANER_SYNC_ERROR_RATE_LIMITED error whose answer set retry-at (its message says how
 * long to wait and until when), or NULL when retry-at is 0. Returns (transfer full). */
GError            *gleaner_sync_dup_retry_error (GleanerSync         *self);
/* "Today" for the sources to choose what to fetch (tests inject it); NULL = now. */
void               gleaner_sync_set_now        (GleanerSync          *self,
                                                GDateTime            *now);

/* One run of every source, one after the other (for Hugging Face see gleaner-hf-source.h).
 * A source that fails does not stop the others: the run goes on and then fails with the first
 * source's error (a 429/503 answer also sets retry-at); what was stored stays stored, and
 * "source-finished" tells each source's outcome. Never waits or retries by itself (GleanerScheduler decides when to
 * run). A run while another is running fails at once with G_IO_ERROR_PENDING (it does not join: the caller of
 * the running one gets its result); cancelling gives G_IO_ERROR_CANCELLED. */
void               gleaner_sync_run_async      (GleanerSync          *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
GleanerSyncResult *gleaner_sync_run_finish     (GleanerSync          *self,
                                                GAsyncResult         *result,
                                                GError              **error);

/* Like gleaner_sync_run_finish(); when the run failed, @partial (optional) receives what it
 * had stored before failing, or NULL. */
GleanerSyncResult *gleaner_sync_run_finish_full (GleanerSync        *self,
                                                 GAsyncResult       *result,
                                                 GleanerSyncResult **partial,
                                                 GError            **error);

/* "Today" as set with gleaner_sync_set_now(), or the current time (UTC); what the sources
 * are given as "now". */
GDateTime         *gleaner_sync_dup_now        (GleanerSync          *self);

G_END_DECLS
