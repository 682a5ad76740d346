/* gleaner-fetcher.h — the one way the sources talk HTTP: politely, within limits, with
 * errors worded for people.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "gleaner-sync-error.h"

G_BEGIN_DECLS

/**
 * GleanerFetchFlags:
 * @GLEANER_FETCH_NOT_MODIFIED: a 304 answer completes with an empty body (set by giving
 *   an If-None-Match)
 * @GLEANER_FETCH_CLIENT_ERROR_BODY: a 4xx answer other than 429 completes with its body
 *   and status, for APIs that explain a refusal in it; the caller checks the status
 */
typedef enum /*< flags >*/
{
  GLEANER_FETCH_FLAGS_NONE        = 0,
  GLEANER_FETCH_NOT_MODIFIED      = 1 << 0,
  GLEANER_FETCH_CLIENT_ERROR_BODY = 1 << 1,
} GleanerFetchFlags;

#define GLEANER_TYPE_FETCHER (gleaner_fetcher_get_type ())

G_DECLARE_FINAL_TYPE (GleanerFetcher, gleaner_fetcher, GLEANER, FETCHER, GObject)

/* Sends "User-Agent: Gleaner/VERSION" (see gleaner_fetcher_set_host_user_agent()). Limits default to: idle 30 s, whole response 120 s,
 * body 10 MiB.
 *
 * Signals:
 * "rate-limited" (const char *host, gint64 retry_at, GError *error): a 429/503 answer named
 *   when to come back (Retry-After / RateLimit t=, at most a day ahead); @retry_at is Unix
 *   time, @error is the error the fetch fails with. Emitted before the fetch completes. */
GleanerFetcher *gleaner_fetcher_new               (void);

/* Tests shorten these. The deadline counts from sending; 0 means none. */
void            gleaner_fetcher_set_limits        (GleanerFetcher       *self,
                                                   guint                 idle_timeout_s,
                                                   guint                 deadline_s,
                                                   gsize                 max_body_bytes);

/* Politeness beyond one request at a time: at least @interval_ms between the end of one
 * request to @host (a host name, any port; case does not matter) and the start of the next
 * (arXiv asks for 3 s). 0 removes it. Applies to requests sent from now on. */
void            gleaner_fetcher_set_host_interval (GleanerFetcher       *self,
                                                   const char           *host,
                                                   guint                 interval_ms);
guint           gleaner_fetcher_get_host_interval (GleanerFetcher       *self,
                                                   const char           *host);

/* Politeness shared with other processes: requests to @host (any port) take the lock file
 * @lock_path first (see gleaner-host-lock.h), so that one request at a time goes to the host
 * from all of them, at least the host's interval apart (see above, counted from the end of one
 * request to the start of the next), and a 429/503's Retry-After keeps all of them away (a
 * fetch then fails at once with GLEANER_SYNC_ERROR_RATE_LIMITED, and "rate-limited" is
 * emitted). The lock is taken in a worker thread; the main loop never waits for it. NULL
 * removes it. */
void            gleaner_fetcher_set_host_lock     (GleanerFetcher       *self,
                                                   const char           *host,
                                                   const char           *lock_path);
/* The User-Agent sent to @host in place of "Gleaner/VERSION" (NULL: the default again). */
void            gleaner_fetcher_set_host_user_agent (GleanerFetcher     *self,
                                                   const char           *host,
                                                   const char           *user_agent);

/* GETs @uri. @accept is the Accept header (NULL: none). At most one request per host name
 * (any port) is in flight: a fetch while another to the same host runs waits in a queue,
 * first come first served, whoever asked (cancelling a waiting fetch ends it at once; its
 * deadline counts from when it is sent). Fails with a GLEANER_SYNC_ERROR whose message names
 * the host (NETWORK, TIMEOUT, HTTP, RATE_LIMITED — see "rate-limited" — or TOO_LARGE), or
 * with G_IO_ERROR_CANCELLED when @cancellable is cancelled. */
void            gleaner_fetcher_fetch_async       (GleanerFetcher       *self,
                                                   GUri                 *uri,
                                                   const char           *accept,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
/* Returns (transfer full): the body of a 2xx response; @response_headers (out) (optional)
 * (transfer full) gets its headers. */
GBytes         *gleaner_fetcher_fetch_finish      (GleanerFetcher       *self,
                                                   GAsyncResult         *result,
                                                   SoupMessageHeaders  **response_headers,
                                                   GError              **error);

/* Like gleaner_fetcher_fetch_async(), also sending If-None-Match: @if_none_match (NULL:
 * none; it implies GLEANER_FETCH_NOT_MODIFIED), with @flags. */
void            gleaner_fetcher_fetch_full_async  (GleanerFetcher       *self,
                                                   GUri                 *uri,
                                                   const char           *accept,
                                                   const char           *if_none_match,
                                                   GleanerFetchFlags     flags,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
/* Finishes either fetch; @status (out) (optional) gets the HTTP status (200, 304, 400…). */
GBytes         *gleaner_fetcher_fetch_full_finish (GleanerFetcher       *self,
                                                   GAsyncResult         *result,
                                                   guint                *status,
                                                   SoupMessageHeaders  **response_headers,
                                                   GError              **error);

G_END_DECLS
