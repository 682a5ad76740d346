/* gleaner-bench-rss.h — where a process's resident memory is, by kind, read from
 * /proc/self/smaps: so the window benchmark can say what its RSS holds beyond the empty
 * window's, not only how much.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  GLEANER_BENCH_RSS_HEAP,    /* [heap]: the main thread's malloc arena */
  GLEANER_BENCH_RSS_ANON,    /* other anonymous memory: threads' arenas and stacks, large blocks */
  GLEANER_BENCH_RSS_CODE,    /* the executable and shared libraries */
  GLEANER_BENCH_RSS_FONTS,   /* font files and fontconfig's caches */
  GLEANER_BENCH_RSS_OTHER,   /* every other file and shared memory (icon caches, the X server's) */
  GLEANER_BENCH_RSS_N_KINDS
} GleanerBenchRssKind;

typedef struct
{
  double mb[GLEANER_BENCH_RSS_N_KINDS];
} GleanerBenchRss;

/* FALSE where there is no /proc/self/smaps. */
gboolean    gleaner_bench_rss_read      (GleanerBenchRss       *rss);
/* "heap=… anon=… code=… fonts=… other=…" (MB), and back. */
char       *gleaner_bench_rss_format    (const GleanerBenchRss *rss);
gboolean    gleaner_bench_rss_parse     (const char            *text,
                                         GleanerBenchRss       *rss);
const char *gleaner_bench_rss_kind_name (GleanerBenchRssKind    kind);

G_END_DECLS
