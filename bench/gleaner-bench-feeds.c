/* gleaner-bench-feeds.c — arXiv feeds the benchmarks serve.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "gleaner-bench-feeds.h"

typedef struct
{
  const char *name;
  guint       n_entries;
} Category;

static const Category categories[] = {
  { "cs.LG", 800 }, { "cs.CV", 600 }, { "cs.AI", 450 }, { "cs.CL", 400 }, { "stat.ML", 250 },
};

char **
gleaner_bench_arxiv_categories (void)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **names;

  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    g_strv_builder_add (builder, categories[i].name);
  names = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return names;
}

static guint
category_index (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    if (g_strcmp0 (categories[i].name, name) == 0)
      return i;

  return G_MAXUINT;
}

/* An announcement feed of @path's categories, at most 2,000 items as arxiv-feed serves. */
GBytes *
gleaner_bench_arxiv_listing (const char *path)
{
  g_auto(GStrv) names = g_strsplit (path + strlen ("/atom/"), "+", -1);
  GString *xml = g_string_new ("<?xml version='1.0' encoding='UTF-8'?>\n"
                               "<feed xmlns=\"http://www.w3.org/2005/Atom\" "
                               "xmlns:arxiv=\"http://arxiv.org/schemas/atom\" "
                               "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                               "<id>http://rss.arxiv.org/atom/x</id><title>updates</title>\n"
                               "<updated>2025-01-07T05:00:00Z</updated>\n");
  guint n = 0;

  for (guint c = 0; names[c] != NULL; c++)
    {
      guint k = category_index (names[c]);
      guint count = k < G_N_ELEMENTS (categories) ? categories[k].n_entries : 0;

      for (guint i = 0; i < count && n < 2000; i++, n++)
        {
          static const char * const types[] = { "new", "new", "new", "cross", "replace" };
          const char *type = types[i % G_N_ELEMENTS (types)];

          g_string_append_printf (xml,
            "<entry><id>oai:arXiv.org:2501.%01u%04uv1</id>\n"
            "<title>On %s methods, part %u: a study of learning with $\\mathcal{O}(n)$ memory</title>\n"
            "<updated>2025-01-07T05:00:00Z</updated>\n"
            "<link href=\"https://arxiv.org/abs/2501.%01u%04u\" rel=\"alternate\" type=\"text/html\"/>\n"
            "<summary>arXiv:2501.%01u%04uv1 Announce Type: %s \nAbstract: We study %s, and we show "
            "that a simple method reaches the bound of Sch\\\"onhage on every benchmark we tried, "
            "with hard line wraps\nas arXiv sends them. Code is available.</summary>\n"
            "<category term=\"%s\"/><category term=\"cs.LG\"/>\n"
            "<published>2025-01-07T00:00:00-05:00</published>\n"
            "<arxiv:announce_type>%s</arxiv:announce_type>\n"
            "<dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>\n"
            "<dc:creator>Ada Lovelace, Alan Turing, Grace Hopper</dc:creator></entry>\n",
            k, i, names[c], i, k, i, k, i, type, names[c], names[c], type);
        }
    }

  g_string_append (xml, "</feed>\n");

  return g_string_free_to_bytes (xml);
}

GBytes *
gleaner_bench_arxiv_api_page (void)
{
  GString *xml = g_string_new ("<?xml version='1.0' encoding='UTF-8'?>\n"
                               "<feed xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\" "
                               "xmlns:arxiv=\"http://arxiv.org/schemas/atom\" "
                               "xmlns=\"http://www.w3.org/2005/Atom\">\n"
                               "<id>x</id><title>q</title><updated>2025-01-07T00:00:00Z</updated>\n"
                               "<opensearch:totalResults>200</opensearch:totalResults>\n"
                               "<opensearch:startIndex>0</opensearch:startIndex>\n"
                               "<opensearch:itemsPerPage>200</opensearch:itemsPerPage>\n");

  for (guint i = 0; i < 200; i++)
    g_string_append_printf (xml,
      "<entry><id>http://arxiv.org/abs/2501.9%04uv1</id><title>Backfilled paper %u</title>\n"
      "<updated>2025-01-05T10:00:00Z</updated><published>2025-01-05T10:00:00Z</published>\n"
      "<summary>An abstract of a paper from the days before.</summary>\n"
      "<category term=\"cs.LG\" scheme=\"http://arxiv.org/schemas/atom\"/>\n"
      "<arxiv:primary_category term=\"cs.LG\"/><author><name>Grace Hopper</name></author></entry>\n",
      i, i);

  g_string_append (xml, "</feed>\n");

  return g_string_free_to_bytes (xml);
}
