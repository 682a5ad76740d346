/* gleaner-arxiv-api.c — addresses, batches and caching rules of arXiv's feeds and API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-arxiv-api"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gleaner-arxiv-api.h"
#include "gleaner-sync-error.h"
#include "gleaner-uri.h"

#define FEED_KEY_PREFIX "arxiv-feed "

GUri *
gleaner_arxiv_api_parse_url (const char  *url,
                             GError     **error)
{
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (url != NULL, NULL);

  if (!gleaner_uri_is_web (url) ||
      (uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL)) == NULL)
    {
      g_set_error (error, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_NETWORK,
                   _("“%s” is not a web address (http or https)"), url);
      return NULL;
    }

  return g_uri_build (G_URI_FLAGS_ENCODED,
                      g_uri_get_scheme (uri), g_uri_get_userinfo (uri), g_uri_get_host (uri),
                      g_uri_get_port (uri), g_uri_get_path (uri), NULL, NULL);
}

/* @uri's scheme, host and port with @path and @query (both already percent-encoded). */
static GUri *
with_path (GUri       *uri,
           const char *path,
           const char *query)
{
  return g_uri_build (G_URI_FLAGS_ENCODED,
                      g_uri_get_scheme (uri), g_uri_get_userinfo (uri), g_uri_get_host (uri),
                      g_uri_get_port (uri), path, query, NULL);
}

GUri *
gleaner_arxiv_api_build_listing_uri (GUri               *rss_uri,
                                     const char * const *categories,
                                     guint               n_categories)
{
  g_autofree char *prefix = g_strdup (g_uri_get_path (rss_uri) ? g_uri_get_path (rss_uri) : "");
  g_autoptr(GString) path = NULL;
  gsize len = strlen (prefix);

  g_return_val_if_fail (rss_uri != NULL, NULL);
  g_return_val_if_fail (n_categories > 0, NULL);

  /* "https://host/mirror/" and "https://host/mirror" are the same prefix. */
  while (len > 0 && prefix[len - 1] == '/')
    prefix[--len] = '\0';

  path = g_string_new (prefix);
  g_string_append (path, "/atom/");
  for (guint i = 0; i < n_categories; i++)
    {
      g_autofree char *escaped = g_uri_escape_string (categories[i], NULL, FALSE);

      if (i > 0)
        g_string_append_c (path, '+');
      g_string_append (path, escaped);
    }

  return with_path (rss_uri, path->str, NULL);
}

GUri *
gleaner_arxiv_api_build_search_uri (GUri               *api_uri,
                                    const char * const *categories,
                                    const char         *from,
                                    const char         *to,
                                    guint               start,
                                    guint               max_results)
{
  g_autoptr(GString) search = g_string_new (NULL);
  g_autofree char *escaped = NULL;
  g_autofree char *query = NULL;
  guint n = g_strv_length ((char **)categories);

  g_return_val_if_fail (api_uri != NULL, NULL);
  g_return_val_if_fail (n > 0, NULL);

  if (n > 1)
    g_string_append_c (search, '(');
  for (guint i = 0; i < n; i++)
    g_string_append_printf (search, "%scat:%s", i > 0 ? " OR " : "", categories[i]);
  if (n > 1)
    g_string_append_c (search, ')');
  g_string_append_printf (search, " AND submittedDate:[%s0000 TO %s2359]", from, to);

  /* Everything but the unreserved set is encoded, spaces as %20 (which arXiv reads as the
   * "+" its manual shows), so a category can never add a parameter. */
  escaped = g_uri_escape_string (search->str, NULL, FALSE);
  query = g_strdup_printf ("search_query=%s&start=%u&max_results=%u"
                           "&sortBy=submittedDate&sortOrder=descending",
                           escaped, start, max_results);

  return with_path (api_uri, g_uri_get_path (api_uri), query);
}

GUri *
gleaner_arxiv_api_build_id_list_uri (GUri               *api_uri,
                                     const char * const *ids,
                                     guint               n_ids)
{
  g_autoptr(GString) query = g_string_new ("id_list=");

  g_return_val_if_fail (api_uri != NULL, NULL);
  g_return_val_if_fail (n_ids > 0, NULL);

  for (guint i = 0; i < n_ids; i++)
    {
      /* Old-style ids keep their "/" (the API wants it as is). */
      g_autofree char *escaped = g_uri_escape_string (ids[i], "/", FALSE);

      if (i > 0)
        g_string_append_c (query, ',');
      g_string_append (query, escaped);
    }
  g_string_append_printf (query, "&max_results=%u", n_ids);

  return with_path (api_uri, g_uri_get_path (api_uri), query->str);
}

GPtrArray *
gleaner_arxiv_api_batch_categories (const char * const *categories,
                                    guint               batch_size)
{
  GPtrArray *batches = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint in_batch = 0;

  g_return_val_if_fail (batch_size > 0, batches);

  for (guint i = 0; categories != NULL && categories[i] != NULL; i++)
    {
      const char *category = categories[i];

      if (*category == '\0' || g_hash_table_contains (seen, category))
        continue;
      g_hash_table_add (seen, (gpointer) category);

      g_strv_builder_add (builder, category);
      if (++in_batch == batch_size)
        {
          g_ptr_array_add (batches, g_strv_builder_end (builder));
          g_clear_pointer (&builder, g_strv_builder_unref);
          builder = g_strv_builder_new ();
          in_batch = 0;
        }
    }

  if (in_batch > 0)
    g_ptr_array_add (batches, g_strv_builder_end (builder));

  return batches;
}

gint64
gleaner_arxiv_api_get_max_age (SoupMessageHeaders *headers)
{
  const char *value;
  GHashTable *params;
  const char *max_age;
  guint64 seconds;
  gint64 ret = -1;

  if (headers == NULL ||
      (value = soup_message_headers_get_list (headers, "Cache-Control")) == NULL)
    return -1;

  params = soup_header_parse_param_list (value);
  if (g_hash_table_contains (params, "no-cache") || g_hash_table_contains (params, "no-store"))
    ret = -1;
  else if ((max_age = g_hash_table_lookup (params, "max-age")) != NULL &&
           g_ascii_string_to_unsigned (max_age, 10, 0, G_MAXINT32, &seconds, NULL))
    ret = (gint64)seconds;
  soup_header_free_param_list (params);

  return ret;
}

char *
gleaner_arxiv_api_dup_feed_key (GUri *feed_uri)
{
  g_autofree char *uri = g_uri_to_string_partial (feed_uri, G_URI_HIDE_PASSWORD);

  return g_strconcat (FEED_KEY_PREFIX, uri, NULL);
}

char *
gleaner_arxiv_api_format_feed_meta (gint64      expires,
                                    const char *etag)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT " %s", expires, etag != NULL ? etag : "");
}

gboolean
gleaner_arxiv_api_parse_feed_meta (const char  *value,
                                   gint64      *expires,
                                   char       **etag)
{
  g_auto(GStrv) fields = NULL;

  *expires = 0;
  *etag = NULL;

  if (value == NULL)
    return FALSE;

  fields = g_strsplit (value, " ", 2);
  if (g_strv_length (fields) != 2 ||
      !g_ascii_string_to_signed (fields[0], 10, 0, G_MAXINT64, expires, NULL))
    {
      *expires = 0;
      return FALSE;
    }

  if (*fields[1] != '\0')
    *etag = g_strdup (fields[1]);

  return TRUE;
}
