/* gleaner-uri.c — which addresses Gleaner opens or fetches.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-uri"

#include "config.h"

#include "gleaner-uri.h"

/* Links come from the network and go to the desktop's URI handler, and the base address goes
 * to libsoup: anything but the web (javascript:, file:, custom schemes) could make the desktop
 * run or open something unexpected. One check for all of them, so they cannot drift apart. */
gboolean
gleaner_uri_is_web (const char *text)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (text == NULL || *text == '\0' || !g_utf8_validate (text, -1, NULL))
    return FALSE;

  /* GUri accepts spaces, even in the host; no real link has any. */
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        return FALSE;
    }

  /* Encoded: the text is used as it is, so "%FF" in a path is just an escaped byte. */
  if (!(uri = g_uri_parse (text, G_URI_FLAGS_ENCODED, NULL)))
    return FALSE;

  /* GUri lowercases the scheme. */
  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);

  return (g_strcmp0 (scheme, "https") == 0 || g_strcmp0 (scheme, "http") == 0) &&
         host != NULL && *host != '\0';
}
