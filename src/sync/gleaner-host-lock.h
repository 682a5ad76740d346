/* gleaner-host-lock.h — politeness towards one host shared by every Gleaner process: a lock
 * file held while a request runs, recording when the next request may go.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * arXiv asks for one connection at a time and a request every 3 s from all of a user's
 * programs together; the window, the background service and `gleaner --sync` are separate
 * processes, so a per-process queue is not enough. Whoever holds the lock (flock(2) on the
 * file) may send; on release it writes the earliest time (wall clock) the next request may
 * start, which is also how a Retry-After reaches the other processes.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _GleanerHostLock GleanerHostLock;

/* Takes the lock on @path (created, with its folder, if missing) in a worker thread; waits
 * as long as another process holds it. Cancelling @cancellable ends the wait at once. */
void             gleaner_host_lock_acquire_async  (const char           *path,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
/* Returns (transfer full) the held lock, or NULL with @error set (G_IO_ERROR_CANCELLED, or the
 * file could not be opened or locked). @not_before (out): the Unix time in µs before which
 * the previous holder asked that no request start; 0 if none (or if the wall clock went back
 * since it was written, which would make the time meaningless). */
GleanerHostLock *gleaner_host_lock_acquire_finish (GAsyncResult         *result,
                                                   gint64               *not_before,
                                                   GError              **error);
/* Records @not_before (Unix time in µs; <= 0 keeps what the file says) for the next holder
 * and unlocks, in a worker thread; frees @lock. */
void             gleaner_host_lock_release        (GleanerHostLock      *lock,
                                                   gint64                not_before);

/* Blocks until every release is written and unlocked; before the process exits (the command
 * line, the application's shutdown), not on the main loop otherwise. */
void             gleaner_host_lock_wait_released  (void);

G_END_DECLS
