/* gleaner-scheduler.h — decides when a sync runs: periodically, after failures, offline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gleaner-types.h"
#include "gleaner-sync.h"

G_BEGIN_DECLS

/* Store meta keys holding the outcome of the last runs, so a new window can show them. */
#define GLEANER_SCHEDULER_LAST_SUCCESS_KEY     "sync-last-success"
#define GLEANER_SCHEDULER_LAST_ERROR_KEY       "sync-last-error"
#define GLEANER_SCHEDULER_LAST_ERROR_TIME_KEY  "sync-last-error-time"

/* Unix time in seconds; a test seam (see gleaner_scheduler_set_clock()). */
typedef gint64 (*GleanerClockFunc) (gpointer user_data);

#define GLEANER_TYPE_SCHEDULER (gleaner_scheduler_get_type ())

G_DECLARE_FINAL_TYPE (GleanerScheduler, gleaner_scheduler, GLEANER, SCHEDULER, GObject)

/* Properties (all notify):
 *  "interval"            guint, minutes between successful runs, 15–1440 (default 60), read-write
 *  "active"              gboolean, whether runs start by themselves, read-write (default FALSE)
 *  "next-run"            gint64, Unix time of the next automatic run; 0 when not active
 *  "waiting-for-network" gboolean, a run is due but the network monitor says we are offline
 *  "running"             gboolean, a run started by this scheduler is in progress
 *  "last-success"        gint64, Unix time of the last successful run, 0 = never
 *  "last-error"          string, the user-facing message of the last run if it failed, else NULL
 *  "last-error-time"     gint64, when that run failed, 0 with no last-error
 * last-success, last-error and last-error-time are kept in the store's meta table
 * (GLEANER_SCHEDULER_*_KEY) and read back by a new scheduler on the same store.
 *
 * Signal "finished" (GleanerSyncResult *result, GError *error) after each run: @error is NULL
 * on success; a failed run may still pass the @result of what it stored before failing (else
 * NULL), (and after a refused gleaner_scheduler_run_now()); error may be
 * G_IO_ERROR_CANCELLED after gleaner_scheduler_cancel().
 *
 * Policy. Becoming active schedules a run at last-success + interval, or now if that has
 * passed or there was none. After a successful run the next is interval minutes later. After
 * a failed one it backs off exponentially — 1, 2, 4, 8 … minutes, capped at the interval —
 * each wait shortened by a random 0–25 % (jitter, so clients don't retry in step), and never
 * earlier than the sync's retry-at (the server's Retry-After or RateLimit t=). A due run never
 * starts before retry-at either, however it was set. A due run does not start while the
 * network monitor reports no network ("waiting-for-network" becomes TRUE); the monitor's
 * network-changed with a network starts it at once. A cancelled run is not a failure: the next
 * one is an interval later. A run refused because the sync was busy (G_IO_ERROR_PENDING, a run
 * started elsewhere) is retried a minute later and not recorded.
 *
 * The real timer is a GSource re-armed from next-run after every change (at most 5 minutes
 * ahead, so a suspend or a clock change is noticed); it calls gleaner_scheduler_poll(). */
GleanerScheduler *gleaner_scheduler_new              (GleanerSync      *sync,
                                                      GNetworkMonitor  *monitor);
/* gleaner_scheduler_new() reads the last runs' outcome on the calling thread (tests, the
 * command line); the main loop uses this, which reads it on the store's thread. */
void              gleaner_scheduler_new_async        (GleanerSync      *sync,
                                                      GNetworkMonitor  *monitor,
                                                      GCancellable     *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer          user_data);
GleanerScheduler *gleaner_scheduler_new_finish       (GAsyncResult     *result,
                                                      GError          **error);

GleanerSync      *gleaner_scheduler_get_sync         (GleanerScheduler *self);
guint             gleaner_scheduler_get_interval     (GleanerScheduler *self);
void              gleaner_scheduler_set_interval     (GleanerScheduler *self,
                                                      guint             minutes);
gboolean          gleaner_scheduler_get_active       (GleanerScheduler *self);
void              gleaner_scheduler_set_active       (GleanerScheduler *self,
                                                      gboolean          active);
gint64            gleaner_scheduler_get_next_run     (GleanerScheduler *self);
gboolean          gleaner_scheduler_get_waiting_for_network (GleanerScheduler *self);
gboolean          gleaner_scheduler_get_running      (GleanerScheduler *self);
gint64            gleaner_scheduler_get_last_success (GleanerScheduler *self);
const char       *gleaner_scheduler_get_last_error   (GleanerScheduler *self);
gint64            gleaner_scheduler_get_last_error_time (GleanerScheduler *self);

/* A manual refresh: starts a run now, even while inactive or offline (the user asked; the
 * monitor can be wrong). Does nothing while a run is running. Before the sync's retry-at it
 * does not contact the server: "finished" is emitted at once with the
 * GLEANER_SYNC_ERROR_RATE_LIMITED error that set retry-at (same wording), and nothing else
 * changes. A manual run's outcome counts like any other (backoff, last-*). */
void              gleaner_scheduler_run_now          (GleanerScheduler *self);
/* Cancels the running run, if any; it finishes with G_IO_ERROR_CANCELLED. Every batch the
 * store already took is complete (one transaction each); nothing is half-written. */
void              gleaner_scheduler_cancel           (GleanerScheduler *self);

/* Records a run made without a scheduler (gleaner --sync) as a scheduler records its own:
 * a success at @now (Unix time, seconds) when @error is NULL, else @error's message at @now,
 * the last success kept. A cancelled run or one refused as busy (G_IO_ERROR_PENDING) is not
 * recorded. The next scheduler on @store reads it: an automatic run comes an interval after
 * the command line's success, not at once. The writes are queued; flush the store to wait. */
void              gleaner_scheduler_record_run       (GleanerStore     *store,
                                                      gint64            now,
                                                      const GError     *error);

/* Test seams. The clock replaces g_get_real_time() for next-run and last-*; it must return
 * Unix time, as the sync's retry-at is real time. NULL restores the real clock. */
void              gleaner_scheduler_set_clock        (GleanerScheduler *self,
                                                      GleanerClockFunc  now_func,
                                                      gpointer          user_data);
/* Seeds the jitter's random numbers (otherwise seeded randomly). */
void              gleaner_scheduler_set_seed         (GleanerScheduler *self,
                                                      guint32           seed);
/* Starts a run if one is due by the clock (what the timer does). */
void              gleaner_scheduler_poll             (GleanerScheduler *self);

G_END_DECLS
