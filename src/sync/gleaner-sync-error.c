/* gleaner-sync-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gleaner-sync-error.h"

G_DEFINE_QUARK (gleaner-sync-error-quark, gleaner_sync_error)

char *
gleaner_sync_dup_host_label (GUri *uri)
{
  const char *host;
  int port;

  g_return_val_if_fail (uri != NULL, NULL);

  host = g_uri_get_host (uri);
  port = g_uri_get_port (uri);

  if (host == NULL || *host == '\0')
    host = "?";

  /* An IPv6 literal needs brackets before a port can follow it. */
  if (strchr (host, ':') != NULL)
    return port > 0 ? g_strdup_printf ("[%s]:%d", host, port) : g_strdup_printf ("[%s]", host);

  return port > 0 ? g_strdup_printf ("%s:%d", host, port) : g_strdup (host);
}

void
gleaner_sync_set_parse_error (GError       **error,
                              GUri          *uri,
                              const GError  *cause)
{
  g_autofree char *host = NULL;

  g_return_if_fail (uri != NULL);
  g_return_if_fail (cause != NULL);

  host = gleaner_sync_dup_host_label (uri);
  g_set_error (error, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_PARSE,
               _("%s sent an unexpected response: %s"), host, cause->message);
}

void
gleaner_sync_set_store_error (GError       **error,
                              const GError  *cause)
{
  g_return_if_fail (cause != NULL);

  g_set_error (error, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_STORE,
               _("Could not save the papers: %s"), cause->message);
}

GError *
gleaner_sync_error_new_too_large (const char *host,
                                  guint64     max_body_bytes)
{
  g_autofree char *size = g_format_size_full (max_body_bytes, G_FORMAT_SIZE_IEC_UNITS);

  return g_error_new (GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_TOO_LARGE,
                      _("%s sent a response larger than %s"), host, size);
}

GError *
gleaner_sync_error_from_transport (const GError *error,
                                   const char   *host,
                                   gboolean      reading_body,
                                   gboolean      deadline_hit,
                                   guint         deadline_s,
                                   guint         idle_timeout_s)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (deadline_hit)
        return g_error_new (GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_TIMEOUT,
                            _("%s took longer than %u s to answer"), host, deadline_s);

      return g_error_copy (error);
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_TIMEOUT,
                        _("%s stopped answering (nothing received for %u s)"),
                        host, idle_timeout_s);

  if (reading_body)
    return g_error_new (GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_NETWORK,
                        _("The connection to %s broke off: %s"), host, error->message);

  return g_error_new (GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_NETWORK,
                      _("Could not reach %s: %s"), host, error->message);
}
