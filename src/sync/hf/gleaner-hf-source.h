/* gleaner-hf-source.h — Hugging Face Daily Papers as a GleanerSource.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gleaner-source.h"

G_BEGIN_DECLS

/* The store meta key holding the last day ("YYYY-MM-DD", US-Eastern) of a fully successful
 * run. */
#define GLEANER_HF_LAST_DAY_KEY "hf-last-day"

#define GLEANER_TYPE_HF_SOURCE (gleaner_hf_source_get_type ())

G_DECLARE_FINAL_TYPE (GleanerHfSource, gleaner_hf_source, GLEANER, HF_SOURCE, GObject)

/* Properties:
 * "base-url" (string): an http(s) address such as https://huggingface.co (the default, also
 *   for NULL) or http://127.0.0.1:8080/mirror; its path is kept as a prefix of every request.
 *   Query and fragment are dropped. A fetch in progress keeps the address it started with; a
 *   fetch with an address that is not http(s) fails at once with GLEANER_SYNC_ERROR_NETWORK.
 * "backfill-days" (uint): days the first fetch walks (1–30, clamped; default 7); takes
 *   effect from the next fetch.
 * "daily", "trending" (boolean, default TRUE): whether a fetch does step 1 (the daily lists)
 *   and step 2 (trending) below; saved searches are asked either way. From the next fetch.
 *
 * A fetch does three things, in order, and stops at the first failure (what was stored
 * before it stays stored):
 *
 * 1. Daily lists ({base}/api/daily_papers?date=YYYY-MM-DD&limit=100&p=N). It walks the
 *    chosen days oldest first; each day is paged by the response's `Link: <…>; rel="next"`
 *    header (only its `p` and `limit` are used, applied to the base address), stopping at no
 *    next link, an empty page or 50 pages. Each page is one upsert batch with daily_date =
 *    that day. After the last day the store meta GLEANER_HF_LAST_DAY_KEY is set to today, so
 *    a failure in the steps below does not make the next run fetch these days again.
 * 2. Trending ({base}/api/daily_papers?sort=trending&limit=100, one page, no link followed):
 *    its papers are upserted (without a daily date) and gleaner_store_set_trending_async()
 *    gets their ids in rank order; an empty list keeps the last ranking. A failure here
 *    fails the fetch (and so the run) with its error — a 429 must reach the scheduler — but
 *    keeps the daily papers and the last-day record.
 * 3. For each saved search with ask-hf and a non-empty query (trimmed), oldest first:
 *    {base}/api/papers/search?q=QUERY&limit=50 (QUERY percent-encoded), both response shapes
 *    (daily-style entries with a `paper` object, and old flat {"id","title","thumbnailUrl"}),
 *    upserted, then the search's hf-synced-at is set to "now". Papers first stored by the
 *    first search of a saved search (hf-synced-at 0) are counted as added but left out of
 *    new_ids: they are old papers, not news.
 *
 * A paper already seen earlier in the same fetch (a duplicate on a page, a shifted page, an
 * earlier day, a daily paper that is also trending or a search hit) is not stored again;
 * only repeats within one response count as skipped, so the earliest day it appears on is
 * the one stored. */
GleanerHfSource *gleaner_hf_source_new        (const char *base_url);
const char      *gleaner_hf_source_get_base_url      (GleanerHfSource *self);
void             gleaner_hf_source_set_base_url      (GleanerHfSource *self,
                                                      const char      *base_url);
gboolean         gleaner_hf_source_get_daily         (GleanerHfSource *self);
void             gleaner_hf_source_set_daily         (GleanerHfSource *self,
                                                      gboolean         daily);
gboolean         gleaner_hf_source_get_trending      (GleanerHfSource *self);
void             gleaner_hf_source_set_trending      (GleanerHfSource *self,
                                                      gboolean         trending);
guint            gleaner_hf_source_get_backfill_days (GleanerHfSource *self);
void             gleaner_hf_source_set_backfill_days (GleanerHfSource *self,
                                                      guint            days);

/* The days ("YYYY-MM-DD", oldest first) a fetch at @now fetches: with @last_day NULL (or
 * unreadable) the last 7 days; otherwise the last 2 days plus every day after @last_day, at
 * most 30. Days are US-Eastern calendar days (UTC if the time zone database lacks
 * America/New_York). Returns (transfer full) (element-type utf8). */
GPtrArray       *gleaner_hf_source_list_days  (GDateTime *now,
                                               const char *last_day);
/* Like gleaner_hf_source_list_days(), with @first_run_days (clamped to 1–30) days in place of 7
 * when @last_day is NULL or unreadable. Fetches use "backfill-days". */
GPtrArray       *gleaner_hf_source_list_days_full (GDateTime  *now,
                                                   const char *last_day,
                                                   guint       first_run_days);

/* "YYYY-MM-DD" of @now in US-Eastern time (UTC without tzdata). */
char            *gleaner_hf_source_dup_day    (GDateTime *now);

G_END_DECLS
