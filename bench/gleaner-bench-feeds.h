/* gleaner-bench-feeds.h — arXiv feeds the benchmarks serve: five busy categories (cs.LG 800,
 * cs.CV 600, cs.AI 450, cs.CL 400, stat.ML 250 announced entries; 2,500 in all) and one API
 * page of 200 backfilled papers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The five categories, busiest first. Returns (transfer full). */
char   **gleaner_bench_arxiv_categories (void);
/* The announcement feed of /atom/A+B+… (@path), at most 2,000 items as arxiv-feed serves. */
GBytes  *gleaner_bench_arxiv_listing    (const char *path);
/* An API page of 200 papers, totalResults 200. */
GBytes  *gleaner_bench_arxiv_api_page   (void);

G_END_DECLS
