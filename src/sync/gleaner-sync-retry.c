/* gleaner-sync-retry.c — how long a rate-limited server asks us to wait: the part of the sync
 * errors that reads HTTP headers, so it lives with the fetcher in the network half (see
 * gleaner-net.h) and gleaner-sync-error.c needs no libsoup.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>

#include "gleaner-sync-error.h"

/* Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). Returns the wait
 * in seconds, or -1 if @value is neither. */
static gint64
parse_retry_after (const char *value,
                   gint64      now)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (value));
  g_autoptr(GDateTime) date = NULL;
  guint64 seconds;

  if (g_ascii_string_to_unsigned (trimmed, 10, 0, G_MAXINT64, &seconds, NULL))
    return (gint64)seconds;

  if ((date = soup_date_time_new_from_http_string (trimmed)) != NULL)
    return MAX (0, g_date_time_to_unix (date) - now);

  return -1;
}

/* RateLimit: "api";r=0;t=120 (draft-ietf-httpapi-ratelimit-headers); possibly several
 * comma-separated items. Returns the longest t= in seconds, or -1 if there is none. */
static gint64
parse_ratelimit_reset (const char *value)
{
  GSList *items = soup_header_parse_list (value);
  gint64 wait = -1;

  for (GSList *l = items; l != NULL; l = l->next)
    {
      GHashTable *params = soup_header_parse_semi_param_list (l->data);
      const char *t = g_hash_table_lookup (params, "t");
      guint64 seconds;

      if (t != NULL && g_ascii_string_to_unsigned (t, 10, 0, G_MAXINT64, &seconds, NULL))
        wait = MAX (wait, (gint64)seconds);

      soup_header_free_param_list (params);
    }

  soup_header_free_list (items);

  return wait;
}

gint64
gleaner_sync_parse_retry_wait (SoupMessageHeaders *headers,
                               gint64              now)
{
  const char *value;
  gint64 wait = -1;

  g_return_val_if_fail (headers != NULL, -1);

  if ((value = soup_message_headers_get_one (headers, "Retry-After")) != NULL)
    wait = parse_retry_after (value, now);

  if (wait < 0 && (value = soup_message_headers_get_list (headers, "RateLimit")) != NULL)
    wait = parse_ratelimit_reset (value);

  return wait;
}
