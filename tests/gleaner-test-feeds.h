/* gleaner-test-feeds.h — arXiv feeds generated for the tests (listing feeds as rss.arxiv.org
 * sends them, API pages, the API's error feed), and a check of arXiv's spacing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gleaner-test-server.h"

G_BEGIN_DECLS

typedef struct
{
  const char *id;
  const char *announce;   /* "new", "cross", "replace"; NULL: an API entry */
  const char *title;
} Entry;

/* Three new or cross entries (2501.00001–3) and a replacement (2412.09999). */
extern const Entry gleaner_test_listing_entries[4];
/* The API's answer to id_list=abc (served with HTTP 400). */
extern const char  gleaner_test_error_feed[];

/* An announcement feed ({rss}/atom/…) of @entries. Returns (transfer full). */
char                *gleaner_test_make_listing   (const Entry       *entries,
                                                  guint              n_entries);
/* An API page of @entries saying there are @total results. Returns (transfer full). */
char                *gleaner_test_make_api_page  (const Entry       *entries,
                                                  guint              n_entries,
                                                  guint              total);
/* Serves @xml (transfer full) as application/atom+xml. */
GleanerTestResponse *gleaner_test_serve_xml      (GleanerTestServer *server,
                                                  const char        *path,
                                                  const char        *query,
                                                  guint              status,
                                                  char              *xml);
/* Asserts @requests (the server's log, element-type GleanerTestRequest) never overlapped and
 * each started at least @interval_ms after the one before had been answered. */
void                 gleaner_test_assert_spacing (GPtrArray         *requests,
                                                  guint              interval_ms);

G_END_DECLS
