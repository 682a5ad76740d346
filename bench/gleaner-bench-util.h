/* gleaner-bench-util.h — what the window benchmarks share: a database of N papers, timing,
 * percentiles and memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs the main loop until @cond holds; gives up loudly after two minutes. */
#define WAIT_UNTIL(cond)                                                          \
  G_STMT_START {                                                                  \
    gint64 _deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;            \
    while (!(cond))                                                               \
      {                                                                           \
        if (g_get_monotonic_time () > _deadline)                                  \
          g_error ("%s:%d: timed out waiting for %s", __FILE__, __LINE__, #cond); \
        g_main_context_iteration (NULL, TRUE);                                    \
      }                                                                           \
  } G_STMT_END

double gleaner_bench_now_ms      (void);
/* Sorts @a (doubles) in place. */
double gleaner_bench_percentile  (GArray     *a,
                                  double      p);
double gleaner_bench_max_of      (GArray     *a);
/* A field of /proc/self/status ("VmRSS:") in MB. */
double gleaner_bench_rss_mb      (const char *field);
/* $data_home/gleaner/gleaner.db with @n_papers synthetic papers at the current schema, made
 * with bare INSERTs (the triggers fill the search index); reused if it exists. */
void   gleaner_bench_prepare_db  (const char *data_home,
                                  guint       n_papers);
/* Tidies the search index of the database at @path, as the app does once its store is quiet
 * (so searches are timed as a user meets them, not just after a bench's writes), and prints
 * its segments before and after and the time taken. */
void   gleaner_bench_tidy_index  (const char *path);

G_END_DECLS
