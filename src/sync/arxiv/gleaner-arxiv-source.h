/* gleaner-arxiv-source.h — arXiv's daily listings (and its API for backfill and completion)
 * as a GleanerSource.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gleaner-source.h"

G_BEGIN_DECLS

/* The store meta key listing (comma-separated) the categories already backfilled. */
#define GLEANER_ARXIV_BACKFILLED_KEY "arxiv-backfilled"

#define GLEANER_TYPE_ARXIV_SOURCE (gleaner_arxiv_source_get_type ())

G_DECLARE_FINAL_TYPE (GleanerArxivSource, gleaner_arxiv_source, GLEANER, ARXIV_SOURCE, GObject)

/* Properties (a change applies from the next fetch):
 * "rss-url" (string): where the listing feeds are, default https://rss.arxiv.org (also for
 *   NULL); a mirror may carry a path prefix ({rss-url}/atom/cs.LG+hep-th).
 * "api-url" (string): the API's query address, default https://export.arxiv.org/api/query.
 * "categories" (GStrv): the followed categories ("cs.LG", "hep-th"); empty: nothing to fetch.
 * "backfill-days" (uint, 0–30, default 7): how many days (today included) a newly followed
 *   category is filled in from the API; 0: not at all. The application passes the
 *   "backfill-days" setting, whose range is 1–30 because it serves Hugging Face too, which
 *   always fetches today; 0 stays for callers that want no backfill (tests).
 *
 * Politeness: every request to the listing and API hosts goes through the fetcher with arXiv's
 * spacing (3 s; GLEANER_ARXIV_INTERVAL_MS overrides it, for tests), one at a time across every
 * Gleaner process (the lock file "arxiv.lock" next to the database), with a User-Agent naming
 * Gleaner and its project page.
 *
 * A fetch, in order:
 * 1. Listings: the categories in batches (GLEANER_ARXIV_BATCH_SIZE a request), each
 *    GET {rss-url}/atom/A+B+C. A feed is fetched at most once per max-age (its Cache-Control,
 *    remembered with its ETag in the store meta; "now" decides), and with If-None-Match once
 *    it has an ETag: 304 means nothing new. An empty feed (weekends, holidays) is fine. Entries
 *    are upserted with the listing they came from; replacements update a stored paper
 *    (version, text) and never count as new (see gleaner_paper_get_replaced()). A batch whose feed hits the 2,000-item cap, or that the server
 *    refuses (4xx), is fetched again in halves (down to single categories), so one unknown
 *    category does not hide the others; an unknown category fails the fetch after every other batch was stored.
 * 2. Backfill: the categories not backfilled yet are asked from the API
 *    (cat:A OR cat:B) AND submittedDate:[backfill-days ago TO today], newest first, in pages
 *    of GLEANER_ARXIV_API_PAGE_SIZE up to totalResults; an empty page after the first is asked
 *    again once (arXiv sometimes serves one) and then ends the backfill. Backfilled papers are
 *    counted as added but are not news (not in new_ids). Then they are recorded as
 *    backfilled (GLEANER_ARXIV_BACKFILLED_KEY).
 * Any other failure (network, 429/503, a page that is not an Atom feed) ends the fetch with
 * its error; what was stored before stays stored. */
GleanerArxivSource *gleaner_arxiv_source_new               (const char          *rss_url,
                                                            const char          *api_url);
void                gleaner_arxiv_source_set_rss_url       (GleanerArxivSource  *self,
                                                            const char          *rss_url);
const char         *gleaner_arxiv_source_get_rss_url       (GleanerArxivSource  *self);
void                gleaner_arxiv_source_set_api_url       (GleanerArxivSource  *self,
                                                            const char          *api_url);
const char         *gleaner_arxiv_source_get_api_url       (GleanerArxivSource  *self);
void                gleaner_arxiv_source_set_categories    (GleanerArxivSource  *self,
                                                            const char * const  *categories);
const char * const *gleaner_arxiv_source_get_categories    (GleanerArxivSource  *self);
void                gleaner_arxiv_source_set_backfill_days (GleanerArxivSource  *self,
                                                            guint                days);
guint               gleaner_arxiv_source_get_backfill_days (GleanerArxivSource  *self);

/* Sets up @fetcher's politeness for arXiv's hosts (those of @self's addresses), with the lock
 * file next to @store's database. Fetches do it themselves. */
void                gleaner_arxiv_source_prepare_fetcher   (GleanerArxivSource  *self,
                                                            GleanerFetcher      *fetcher,
                                                            GleanerStore        *store);

/* Completes stored papers from the API (primary category, first-version date, comments,
 * journal reference, DOI): GET {api-url}?id_list=… in batches of GLEANER_ARXIV_ID_BATCH,
 * each upserted as it arrives. For the window, when a paper is opened or starred. Fails with
 * a GLEANER_SYNC_ERROR (or G_IO_ERROR_CANCELLED); batches stored before stay stored. */
void                gleaner_arxiv_source_complete_async    (GleanerArxivSource  *self,
                                                            GleanerFetcher      *fetcher,
                                                            GleanerStore        *store,
                                                            const char * const  *ids,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
/* Returns the number of papers updated, or -1 with @error set. */
gint64              gleaner_arxiv_source_complete_finish   (GleanerArxivSource  *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

G_END_DECLS
