/* gleaner-thread.h — how Gleaner's worker threads share the machine with the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Lowers the calling thread's scheduling priority, once per thread: store, list and parser
 * work yields the CPU to the main thread, which paints. Call it at the start of work that
 * runs off the main thread; on the main thread it does nothing. */
void gleaner_thread_make_background (void);

/* Whether gleaner_thread_make_background() lowered the calling thread (tests). */
gboolean gleaner_thread_is_background (void);

/* At most GLEANER_THREAD_MAX_HEAPS malloc heaps for the process from now on (glibc's
 * arenas): call it before the threads that allocate most start. See gleaner-thread.c. */
#define GLEANER_THREAD_MAX_HEAPS 2
void gleaner_thread_limit_heaps (void);

/* How many heaps gleaner_thread_limit_heaps() allowed, 0 if it did not (tests). */
guint gleaner_thread_get_max_heaps (void);

G_END_DECLS
