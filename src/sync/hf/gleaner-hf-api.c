/* gleaner-hf-api.c — addresses and paging of the Hugging Face API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-hf-api"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gleaner-hf-api.h"
#include "gleaner-sync-error.h"
#include "gleaner-uri.h"

#define TRENDING_LIMIT      100   /* one page of the global trending ranking */
#define SEARCH_LIMIT        50    /* hits per saved search; the API may ignore it (api-formats §2.1) */

GUri *
gleaner_hf_api_parse_base_url (const char  *base_url,
                               GError     **error)
{
  g_autoptr(GUri) base_uri = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);

  if (!gleaner_uri_is_web (base_url) ||
      (base_uri = g_uri_parse (base_url, G_URI_FLAGS_ENCODED, NULL)) == NULL)
    {
      g_set_error (error, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_NETWORK,
                   _("“%s” is not a web address (http or https)"), base_url);
      return NULL;
    }

  return g_steal_pointer (&base_uri);
}

/* {base path}@api_path?@query on the base's scheme, host and port; @query is already
 * percent-encoded. */
static GUri *
build_api_uri (GUri       *base_uri,
               const char *api_path,
               const char *query)
{
  const char *base_path = g_uri_get_path (base_uri);
  g_autofree char *prefix = g_strdup (base_path != NULL ? base_path : "");
  g_autofree char *path = NULL;
  gsize len = strlen (prefix);

  /* "http://host/mirror/" and "http://host/mirror" are the same prefix. */
  while (len > 0 && prefix[len - 1] == '/')
    prefix[--len] = '\0';

  path = g_strconcat (prefix, api_path, NULL);

  return g_uri_build (G_URI_FLAGS_ENCODED,
                      g_uri_get_scheme (base_uri),
                      g_uri_get_userinfo (base_uri),
                      g_uri_get_host (base_uri),
                      g_uri_get_port (base_uri),
                      path, query, NULL);
}

/* {base path}/api/daily_papers?date=…&limit=…&p=… */
GUri *
gleaner_hf_api_build_page_uri (GUri       *base_uri,
                               const char *date,
                               guint       limit,
                               guint       p)
{
  g_autofree char *date_param = g_uri_escape_string (date, NULL, FALSE);
  g_autofree char *query = g_strdup_printf ("date=%s&limit=%u&p=%u", date_param, limit, p);

  return build_api_uri (base_uri, "/api/daily_papers", query);
}

/* {base path}/api/daily_papers?sort=trending&limit=100 */
GUri *
gleaner_hf_api_build_trending_uri (GUri *base_uri)
{
  g_autofree char *query = g_strdup_printf ("sort=trending&limit=%u", TRENDING_LIMIT);

  return build_api_uri (base_uri, "/api/daily_papers", query);
}

/* {base path}/api/papers/search?q=…&limit=50. Every character of @text outside the
 * unreserved set is percent-encoded, so "&", "=", "#", "?" and spaces stay inside q. */
GUri *
gleaner_hf_api_build_search_uri (GUri       *base_uri,
                                 const char *text)
{
  g_autofree char *q = g_uri_escape_string (text, NULL, FALSE);
  g_autofree char *query = g_strdup_printf ("q=%s&limit=%u", q, SEARCH_LIMIT);

  return build_api_uri (base_uri, "/api/papers/search", query);
}

/* Looks for `Link: <…>; rel="next"` and takes only p= and limit= from its query: the rest
 * of the link (host, path) is ignored so a mirror prefix survives and a server cannot send
 * us elsewhere. A next link without p= means the following page. Returns FALSE when there is
 * no next page to fetch. */
gboolean
gleaner_hf_api_find_next_page (SoupMessageHeaders *headers,
                               guint               current_p,
                               guint               current_limit,
                               guint              *next_p,
                               guint              *next_limit)
{
  const char *value;
  GSList *links;
  gboolean found = FALSE;

  *next_p = current_p + 1;
  *next_limit = current_limit;

  if (headers == NULL || (value = soup_message_headers_get_list (headers, "Link")) == NULL)
    return FALSE;

  links = soup_header_parse_list (value);

  for (GSList *l = links; l != NULL && !found; l = l->next)
    {
      const char *link = l->data;
      const char *end;
      g_autofree char *target = NULL;
      g_autofree char *query = NULL;
      g_auto(GStrv) rels = NULL;
      GHashTable *link_params;
      GHashTable *query_params;
      const char *rel;
      const char *value_p;
      const char *value_limit;
      gboolean is_next = FALSE;
      guint64 number;

      while (g_ascii_isspace (*link))
        link++;
      if (*link != '<' || (end = strchr (link, '>')) == NULL)
        continue;

      target = g_strndup (link + 1, end - link - 1);

      /* What follows the target: ; rel="next"; title="…" */
      end++;
      while (g_ascii_isspace (*end) || *end == ';')
        end++;
      link_params = soup_header_parse_semi_param_list (end);
      rel = g_hash_table_lookup (link_params, "rel");
      if (rel != NULL)
        {
          rels = g_strsplit_set (rel, " \t", 0);
          for (guint i = 0; rels[i] != NULL; i++)
            if (g_ascii_strcasecmp (rels[i], "next") == 0)
              is_next = TRUE;
        }
      soup_header_free_param_list (link_params);

      if (!is_next)
        continue;

      found = TRUE;

      if (!g_uri_split (target, G_URI_FLAGS_ENCODED, NULL, NULL, NULL, NULL, NULL,
                        &query, NULL, NULL) ||
          query == NULL)
        break;

      if (!(query_params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL)))
        break;

      if ((value_p = g_hash_table_lookup (query_params, "p")) != NULL)
        {
          /* Only forward: a link back to this or an earlier page would loop. */
          if (g_ascii_string_to_unsigned (value_p, 10, current_p + 1, G_MAXINT, &number, NULL))
            *next_p = number;
          else
            found = FALSE;
        }

      if ((value_limit = g_hash_table_lookup (query_params, "limit")) != NULL &&
          g_ascii_string_to_unsigned (value_limit, 10, 1, GLEANER_HF_PAGE_LIMIT, &number, NULL))
        *next_limit = number;

      g_hash_table_unref (query_params);
    }

  soup_header_free_list (links);

  if (!found)
    g_debug ("No usable rel=\"next\" link in “%s”", value);

  return found;
}
