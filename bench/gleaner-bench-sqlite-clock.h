/* gleaner-bench-sqlite-clock.h — time spent in SQLite on one thread (the main thread).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS


void gleaner_bench_sqlite_clock_start (void);
void gleaner_bench_sqlite_clock_stop  (void);
void gleaner_bench_sqlite_clock_read  (double *total_ms,
                                       double *longest_ms,
                                       guint  *calls);

G_END_DECLS
