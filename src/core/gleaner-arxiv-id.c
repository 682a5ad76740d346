/* gleaner-arxiv-id.c — pure helpers for arXiv identifiers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-arxiv-id"

#include "config.h"

#include <string.h>

#include "gleaner-arxiv-id.h"

/* No real input comes anywhere near this; it only bounds the work done on hostile text. */
#define MAX_INPUT_LEN 2048

static gboolean
is_ascii_digits (const char *s,
                 gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
    }

  return TRUE;
}

static int
two_digits (const char *s)
{
  return (s[0] - '0') * 10 + (s[1] - '0');
}

/* Length of a "vN" version suffix at the end of @s, or 0 if there is none. */
static gssize
version_suffix_len (const char *s,
                    gsize       len)
{
  gsize i = len;

  while (i > 0 && g_ascii_isdigit (s[i - 1]))
    i--;

  if (i > 0 && i < len && s[i - 1] == 'v')
    return (gssize) (len - i + 1);

  return 0;
}

/* New-style ids (April 2007 on): "YYMM.NNNN" up to 1412, "YYMM.NNNNN" from 1501. */
static gboolean
is_new_style (const char *s,
              gsize       len)
{
  int yy, mm;
  gsize digits;

  if (len != 9 && len != 10)
    return FALSE;

  if (!is_ascii_digits (s, 4) || s[4] != '.' || !is_ascii_digits (s + 5, len - 5))
    return FALSE;

  yy = two_digits (s);
  mm = two_digits (s + 2);
  digits = len - 5;

  if (mm < 1 || mm > 12)
    return FALSE;

  if (yy * 100 + mm < 704)
    return FALSE;

  if ((yy * 100 + mm < 1501) != (digits == 4))
    return FALSE;

  /* Sequence numbers start at 1. */
  for (gsize i = 5; i < len; i++)
    {
      if (s[i] != '0')
        return TRUE;
    }

  return FALSE;
}

/* Old-style ids (1991 to March 2007): "archive/YYMMNNN" or "archive.SC/YYMMNNN",
 * e.g. "hep-th/9901001", "math.GT/0309136". */
static gboolean
is_old_style (const char *s,
              gsize       len)
{
  const char *slash = memchr (s, '/', len);
  const char *number;
  gsize archive_len;
  gsize i;
  gboolean seen_dot = FALSE;
  int yy, mm;

  if (slash == NULL)
    return FALSE;

  archive_len = slash - s;
  number = slash + 1;

  if (archive_len == 0 || archive_len > 32)
    return FALSE;

  if (len - archive_len - 1 != 7 || !is_ascii_digits (number, 7))
    return FALSE;

  /* The archive is lower-case letters with inner hyphens ("hep-th", "cond-mat"); an optional
   * subject class follows a dot ("math.GT", "cs.AI"). */
  if (!g_ascii_islower (s[0]))
    return FALSE;

  for (i = 1; i < archive_len; i++)
    {
      char c = s[i];

      if (c == '.')
        {
          if (seen_dot || i + 1 == archive_len)
            return FALSE;
          seen_dot = TRUE;
        }
      else if (c == '-')
        {
          if (s[i - 1] == '-' || s[i - 1] == '.' || i + 1 == archive_len)
            return FALSE;
        }
      else if (seen_dot ? !g_ascii_isalpha (c) : !g_ascii_islower (c))
        {
          return FALSE;
        }
    }

  yy = two_digits (number);
  mm = two_digits (number + 2);

  if (mm < 1 || mm > 12)
    return FALSE;

  /* 9108 (August 1991) to 0703 (March 2007). */
  if (yy >= 91 ? yy * 100 + mm < 9108 : yy * 100 + mm > 703)
    return FALSE;

  return TRUE;
}

/* Validates a bare id with an optional version and returns it without the version; sets
 * *@version to the version, or -1 if there is none. */
static char *
normalize_bare (const char *s,
                gsize       len,
                gint64     *version)
{
  gssize vlen = version_suffix_len (s, len);

  *version = -1;

  if (vlen > 0)
    {
      /* "v0" and "v01" are not versions arXiv hands out. */
      if (s[len - vlen + 1] == '0')
        return NULL;
      /* No real version has more than a few digits; a longer one is not read as a number
       * (it could overflow), but the id itself stays valid as it always was. */
      if (vlen - 1 <= 9)
        *version = g_ascii_strtoll (s + len - vlen + 1, NULL, 10);
      len -= vlen;
    }

  if (is_new_style (s, len) || is_old_style (s, len))
    return g_strndup (s, len);

  return NULL;
}

static gboolean
is_arxiv_host (const char *host)
{
  static const char * const hosts[] = { "arxiv.org", "www.arxiv.org", "export.arxiv.org" };

  if (host == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    {
      if (g_ascii_strcasecmp (host, hosts[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

/* "https://arxiv.org/abs/ID", "http://arxiv.org/pdf/IDvN.pdf" and the like. */
static char *
normalize_url (const char *text,
               gint64     *version)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *path;
  const char *rest;
  gsize rest_len;
  gboolean is_pdf;

  /* ENCODED keeps %-escapes in the path as they are, so they fail validation below instead
   * of being decoded into something that might pass it. */
  uri = g_uri_parse (text, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL)
    return NULL;

  scheme = g_uri_get_scheme (uri);
  if (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0)
    return NULL;

  if (g_uri_get_userinfo (uri) != NULL || !is_arxiv_host (g_uri_get_host (uri)))
    return NULL;

  path = g_uri_get_path (uri);
  if (g_str_has_prefix (path, "/abs/"))
    is_pdf = FALSE;
  else if (g_str_has_prefix (path, "/pdf/"))
    is_pdf = TRUE;
  else
    return NULL;

  rest = path + strlen ("/abs/");
  rest_len = strlen (rest);

  if (is_pdf && rest_len > 4 && g_str_has_suffix (rest, ".pdf"))
    rest_len -= 4;

  return normalize_bare (rest, rest_len, version);
}

static gboolean
has_prefix_ascii_nocase (const char *text,
                         const char *prefix)
{
  return g_ascii_strncasecmp (text, prefix, strlen (prefix)) == 0;
}

char *
gleaner_arxiv_id_normalize (const char *text)
{
  return gleaner_arxiv_id_parse (text, NULL);
}

char *
gleaner_arxiv_id_parse (const char *text,
                        gint64     *version)
{
  gint64 dummy_version;
  gsize len;

  if (version == NULL)
    version = &dummy_version;
  *version = -1;

  if (text == NULL)
    return NULL;

  len = strnlen (text, MAX_INPUT_LEN + 1);
  if (len == 0 || len > MAX_INPUT_LEN)
    return NULL;

  /* Whitespace and control characters are never part of an id or of a URL we accept;
   * rejecting them up front keeps GUri's leniency (it accepts spaces) out of the picture. */
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) text[i];

      if (c <= 0x20 || c == 0x7f)
        return NULL;
    }

  if (has_prefix_ascii_nocase (text, "oai:arxiv.org:"))
    return normalize_bare (text + strlen ("oai:arxiv.org:"), len - strlen ("oai:arxiv.org:"),
                           version);

  if (has_prefix_ascii_nocase (text, "arxiv:"))
    return normalize_bare (text + strlen ("arxiv:"), len - strlen ("arxiv:"), version);

  if (strchr (text, ':') != NULL)
    return normalize_url (text, version);

  return normalize_bare (text, len, version);
}
