/* gleaner-arxiv-private.h — what the arXiv source's files share: parsing off the main thread,
 * storing a feed's papers, and wording failures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "gleaner-arxiv-parser.h"
#include "gleaner-fetcher.h"
#include "gleaner-store.h"
#include "gleaner-sync-error.h"

G_BEGIN_DECLS

/* "Gleaner/VERSION (+project page)": arXiv asks clients to say who they are. */
/* What the API's requests accept. */
#define GLEANER_ARXIV_ATOM_ACCEPT "application/atom+xml, application/xml;q=0.9"

#define GLEANER_ARXIV_USER_AGENT "Gleaner/" PACKAGE_VERSION " (+https://github.com/gleaner/gleaner)"

/* gleaner_arxiv_parse_feed() in a worker thread. */
void                 gleaner_arxiv_parse_async   (GBytes                *bytes,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data);
/* Returns (transfer full) (element-type GleanerPaper), or NULL with @error set. */
GPtrArray           *gleaner_arxiv_parse_finish  (GAsyncResult          *result,
                                                  GleanerArxivFeedInfo  *info,
                                                  GError               **error);

/* The API's Atom at @uri, through @fetcher, parsed off the main thread: arXiv's refusals
 * (4xx with its error feed) and pages that are not Atom fail with a GLEANER_SYNC_ERROR worded
 * for people (see gleaner_arxiv_return_refusal() and gleaner_arxiv_return_parse_error()). */
void                 gleaner_arxiv_fetch_feed_async  (GleanerFetcher    *fetcher,
                                                  GUri                  *uri,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data);
/* Returns (transfer full) (element-type GleanerPaper), or NULL with @error set. */
GPtrArray           *gleaner_arxiv_fetch_feed_finish (GAsyncResult      *result,
                                                  GleanerArxivFeedInfo  *info,
                                                  GError               **error);

/* Upserts @papers as one batch, recorded as seen in the listings of @categories (NULL: in
 * none, for completions). */
void                 gleaner_arxiv_store_async   (GleanerStore          *store,
                                                  GPtrArray             *papers,
                                                  const char * const    *categories,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data);
/* The store's own errors, as gleaner_store_upsert_finish() gives them. */
GleanerUpsertResult *gleaner_arxiv_store_finish  (GleanerStore          *store,
                                                  GAsyncResult          *result,
                                                  GError               **error);

/* Fails @task (and drops the caller's reference) with the parser's @error (owned) worded for
 * people: arXiv's own error feed says what arXiv refused, anything else is an unexpected
 * response from @uri's host. */
void                 gleaner_arxiv_return_parse_error (GTask            *task,
                                                  GUri                  *uri,
                                                  GError                *error);
/* Fails @task (and drops the caller's reference) for a 4xx answer: with arXiv's reason when
 * @bytes is its error feed, else with the status. */
void                 gleaner_arxiv_return_refusal (GTask                *task,
                                                  GUri                  *uri,
                                                  GBytes                *bytes,
                                                  guint                  status);

G_END_DECLS
