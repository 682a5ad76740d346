/* gleaner-hf-api.h — addresses and paging of the Hugging Face API (private to the source).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define GLEANER_HF_PAGE_LIMIT 100   /* entries per daily page we ask for (HF clients use 100) */

/* @base_url as an http(s) address with a host, or NULL with GLEANER_SYNC_ERROR_NETWORK
 * "“…” is not a web address" set. Returns (transfer full). */
GUri     *gleaner_hf_api_parse_base_url     (const char          *base_url,
                                             GError             **error);
/* {base path}/api/daily_papers?date=…&limit=…&p=… */
GUri     *gleaner_hf_api_build_page_uri     (GUri                *base_uri,
                                             const char          *date,
                                             guint                limit,
                                             guint                p);
/* {base path}/api/daily_papers?sort=trending&limit=100 */
GUri     *gleaner_hf_api_build_trending_uri (GUri                *base_uri);
/* {base path}/api/papers/search?q=…&limit=50, @text percent-encoded. */
GUri     *gleaner_hf_api_build_search_uri   (GUri                *base_uri,
                                             const char          *text);
/* Reads `Link: <…>; rel="next"` (see gleaner-hf-source.h); FALSE when there is no next page
 * to fetch. */
gboolean  gleaner_hf_api_find_next_page     (SoupMessageHeaders  *headers,
                                             guint                current_p,
                                             guint                current_limit,
                                             guint               *next_p,
                                             guint               *next_limit);

G_END_DECLS
