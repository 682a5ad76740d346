/* gleaner-uri.c — which addresses Gleaner opens or fetches.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-uri"

#include "config.h"

#include <string.h>

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

char *
gleaner_uri_dup_doi_url (const char *doi)
{
  g_auto(GStrv) tokens = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *url = NULL;
  const char *bare;
  static const char * const prefixes[] = {
    "https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:",
  };

  if (doi == NULL || !g_utf8_validate (doi, -1, NULL))
    return NULL;

  /* arXiv's field sometimes holds several DOIs separated by spaces: link the first. */
  tokens = g_strsplit_set (doi, " \t\r\n", -1);
  bare = NULL;
  for (guint i = 0; tokens[i] != NULL && bare == NULL; i++)
    if (tokens[i][0] != '\0')
      bare = tokens[i];
  if (bare == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_ascii_strncasecmp (bare, prefixes[i], strlen (prefixes[i])) == 0)
      {
        bare += strlen (prefixes[i]);
        break;
      }

  /* A DOI is "10.<registrant>/<suffix>"; anything else is not one. */
  if (!g_str_has_prefix (bare, "10.") || strchr (bare, '/') == NULL)
    return NULL;

  /* The suffix may hold any printable character; escape what would end the path ("?", "#")
   * or is not allowed in a URI, keep "/" and the other path characters readable. */
  escaped = g_uri_escape_string (bare, G_URI_RESERVED_CHARS_ALLOWED_IN_PATH, FALSE);
  url = g_strconcat ("https://doi.org/", escaped, NULL);

  return gleaner_uri_is_web (url) ? g_steal_pointer (&url) : NULL;
}
