/* gleaner-bench-window-start.h — gleaner-bench-window's start-up and floor measures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gleaner-application.h"

G_BEGIN_DECLS

void gleaner_bench_window_disable_auto_sync (GleanerApplication *application);
/* The --child mode: runs the application, prints MAPPED and PAINTED, exits at the first frame. */
int  gleaner_bench_window_run_child         (void);
void gleaner_bench_window_measure_start     (const char *self_exe,
                                             const char *floor_exe,
                                             guint       runs,
                                             guint       n_papers);

G_END_DECLS
