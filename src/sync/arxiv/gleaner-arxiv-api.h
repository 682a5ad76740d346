/* gleaner-arxiv-api.h — addresses, batches and caching rules of arXiv's listing feeds and API
 * (private to the arXiv source; pure functions).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define GLEANER_ARXIV_DEFAULT_RSS_URL  "https://rss.arxiv.org"
#define GLEANER_ARXIV_DEFAULT_API_URL  "https://export.arxiv.org/api/query"
/* A listing feed holds at most this many items (arxiv-feed's result_limit). */
#define GLEANER_ARXIV_FEED_CAP         2000
/* Categories per listing request: several busy ones stay well within the cap. */
#define GLEANER_ARXIV_BATCH_SIZE       4
/* API results per page (arxiv.py pages by 100; fewer, larger pages are kinder at 3 s each). */
#define GLEANER_ARXIV_API_PAGE_SIZE    200
/* At most this many backfill results (the API serves 30,000 in total). */
#define GLEANER_ARXIV_API_MAX_RESULTS  10000
/* Ids per id_list request. */
#define GLEANER_ARXIV_ID_BATCH         50
/* arXiv's terms of use: one request every 3 s. */
#define GLEANER_ARXIV_INTERVAL_MS      3000

/* @url as an http(s) address with a host, or NULL with GLEANER_SYNC_ERROR_NETWORK set.
 * Query and fragment are dropped. Returns (transfer full). */
GUri      *gleaner_arxiv_api_parse_url         (const char          *url,
                                                GError             **error);
/* {rss path}/atom/cat1+cat2+…, each category percent-encoded. */
GUri      *gleaner_arxiv_api_build_listing_uri (GUri                *rss_uri,
                                                const char * const  *categories,
                                                guint                n_categories);
/* {api}?search_query=(cat:A OR cat:B) AND submittedDate:[FROM0000 TO TO2359]
 *   &start=…&max_results=…&sortBy=submittedDate&sortOrder=descending
 * @from and @to are "YYYYMMDD" (UTC days). */
GUri      *gleaner_arxiv_api_build_search_uri  (GUri                *api_uri,
                                                const char * const  *categories,
                                                const char          *from,
                                                const char          *to,
                                                guint                start,
                                                guint                max_results);
/* {api}?id_list=a,b,c&max_results=N */
GUri      *gleaner_arxiv_api_build_id_list_uri (GUri                *api_uri,
                                                const char * const  *ids,
                                                guint                n_ids);
/* Splits @categories (duplicates and blanks dropped, order kept) into batches of at most
 * @batch_size. Returns (transfer full) (element-type GStrv). */
GPtrArray *gleaner_arxiv_api_batch_categories  (const char * const  *categories,
                                                guint                batch_size);
/* Cache-Control max-age in seconds, or -1 if there is none. */
gint64     gleaner_arxiv_api_get_max_age       (SoupMessageHeaders  *headers);

/* The store meta key remembering a feed's ETag and freshness. */
char      *gleaner_arxiv_api_dup_feed_key      (GUri                *feed_uri);
/* "EXPIRES ETAG" (EXPIRES: Unix time; ETAG may be empty). */
char      *gleaner_arxiv_api_format_feed_meta  (gint64               expires,
                                                const char          *etag);
/* Reads what gleaner_arxiv_api_format_feed_meta() wrote; FALSE (and 0/NULL) if unreadable. */
gboolean   gleaner_arxiv_api_parse_feed_meta   (const char          *value,
                                                gint64              *expires,
                                                char               **etag);

G_END_DECLS
