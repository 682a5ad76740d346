/* gleaner-sync-error.h — how fetching and syncing fail, worded alike for every source.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define GLEANER_SYNC_ERROR (gleaner_sync_error_quark ())

typedef enum
{
  GLEANER_SYNC_ERROR_NETWORK,      /* host unreachable, connection refused or reset */
  GLEANER_SYNC_ERROR_TIMEOUT,      /* idle timeout or whole-response deadline */
  GLEANER_SYNC_ERROR_HTTP,         /* a non-2xx status other than 429/503 */
  GLEANER_SYNC_ERROR_RATE_LIMITED, /* 429 or 503; see gleaner_sync_get_retry_at() */
  GLEANER_SYNC_ERROR_TOO_LARGE,    /* body over the size cap */
  GLEANER_SYNC_ERROR_PARSE,        /* body is not the JSON we expect */
  GLEANER_SYNC_ERROR_STORE,        /* the database refused the write */
} GleanerSyncError;

GQuark  gleaner_sync_error_quark     (void);

/* "HOST" or "HOST:PORT" (the port only when the address names one), as used in messages. */
char   *gleaner_sync_dup_host_label  (GUri          *uri);
/* Sets @error to GLEANER_SYNC_ERROR_PARSE "HOST sent an unexpected response: …" from the
 * parser's @cause. */
void    gleaner_sync_set_parse_error (GError       **error,
                                      GUri          *uri,
                                      const GError  *cause);
/* Sets @error to GLEANER_SYNC_ERROR_STORE from the store's @cause. */
void    gleaner_sync_set_store_error (GError       **error,
                                      const GError  *cause);

/* How long a 429/503 answer asks us to wait, in seconds: its Retry-After (delay-seconds or an
 * HTTP date, against @now in Unix time), else the longest t= of its RateLimit header
 * (draft-ietf-httpapi-ratelimit-headers); -1 if it says nothing. */
gint64  gleaner_sync_parse_retry_wait (SoupMessageHeaders *headers,
                                       gint64              now);

/* "HOST sent a response larger than SIZE". */
GError *gleaner_sync_error_new_too_large  (const char    *host,
                                           guint64        max_body_bytes);
/* Maps an error from libsoup or a body stream for @host: a cancel caused by the fetch's own
 * deadline (@deadline_hit) or an idle timeout becomes TIMEOUT, other failures NETWORK; a
 * cancel by the caller stays a cancel. */
GError *gleaner_sync_error_from_transport (const GError  *error,
                                           const char    *host,
                                           gboolean       reading_body,
                                           gboolean       deadline_hit,
                                           guint          deadline_s,
                                           guint          idle_timeout_s);

G_END_DECLS
