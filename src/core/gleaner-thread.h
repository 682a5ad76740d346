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

G_END_DECLS
