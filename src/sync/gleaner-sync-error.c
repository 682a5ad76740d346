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
