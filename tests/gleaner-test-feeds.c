/* gleaner-test-feeds.c — arXiv feeds generated for the tests, and a check of arXiv's spacing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gleaner-test-feeds.h"

char *
gleaner_test_make_listing (const Entry *entries,
              guint        n_entries)
{
  GString *xml = g_string_new ("<?xml version='1.0' encoding='UTF-8'?>\n"
                               "<feed xmlns=\"http://www.w3.org/2005/Atom\" "
                               "xmlns:arxiv=\"http://arxiv.org/schemas/atom\" "
                               "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xml:lang=\"en-us\">\n"
                               "  <id>http://rss.arxiv.org/atom/cs.LG</id>\n"
                               "  <title>cs.LG updates on arXiv.org</title>\n"
                               "  <updated>2025-01-07T05:00:00Z</updated>\n");

  for (guint i = 0; i < n_entries; i++)
    g_string_append_printf (xml,
                            "  <entry>\n"
                            "    <id>oai:arXiv.org:%sv2</id>\n"
                            "    <title>%s</title>\n"
                            "    <updated>2025-01-07T05:00:00Z</updated>\n"
                            "    <link href=\"https://arxiv.org/abs/%s\" rel=\"alternate\" type=\"text/html\"/>\n"
                            "    <summary>arXiv:%sv2 Announce Type: %s \nAbstract: An abstract about %s.</summary>\n"
                            "    <category term=\"cs.LG\"/>\n"
                            "    <published>2025-01-07T00:00:00-05:00</published>\n"
                            "    <arxiv:announce_type>%s</arxiv:announce_type>\n"
                            "    <dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>\n"
                            "    <dc:creator>Ada Lovelace, Alan Turing</dc:creator>\n"
                            "  </entry>\n",
                            entries[i].id, entries[i].title, entries[i].id, entries[i].id,
                            entries[i].announce, entries[i].title, entries[i].announce);

  g_string_append (xml, "</feed>\n");

  return g_string_free (xml, FALSE);
}

char *
gleaner_test_make_api_page (const Entry *entries,
               guint        n_entries,
               guint        total)
{
  GString *xml = g_string_new (NULL);

  g_string_append_printf (xml,
                          "<?xml version='1.0' encoding='UTF-8'?>\n"
                          "<feed xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\" "
                          "xmlns:arxiv=\"http://arxiv.org/schemas/atom\" xmlns=\"http://www.w3.org/2005/Atom\">\n"
                          "  <id>https://arxiv.org/api/x</id>\n"
                          "  <title>arXiv Query</title>\n"
                          "  <updated>2025-01-07T00:00:00Z</updated>\n"
                          "  <opensearch:itemsPerPage>200</opensearch:itemsPerPage>\n"
                          "  <opensearch:totalResults>%u</opensearch:totalResults>\n"
                          "  <opensearch:startIndex>0</opensearch:startIndex>\n", total);

  for (guint i = 0; i < n_entries; i++)
    g_string_append_printf (xml,
                            "  <entry>\n"
                            "    <id>http://arxiv.org/abs/%sv1</id>\n"
                            "    <title>%s</title>\n"
                            "    <updated>2025-01-05T15:05:19Z</updated>\n"
                            "    <summary>An abstract about %s.</summary>\n"
                            "    <category term=\"cs.LG\" scheme=\"http://arxiv.org/schemas/atom\"/>\n"
                            "    <published>2025-01-05T15:05:19Z</published>\n"
                            "    <arxiv:comment>12 pages</arxiv:comment>\n"
                            "    <arxiv:primary_category term=\"cs.LG\"/>\n"
                            "    <author><name>Grace Hopper</name></author>\n"
                            "  </entry>\n",
                            entries[i].id, entries[i].title, entries[i].title);

  g_string_append (xml, "</feed>\n");

  return g_string_free (xml, FALSE);
}

const char gleaner_test_error_feed[] =
  "<?xml version='1.0' encoding='UTF-8'?>\n"
  "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\">\n"
  "  <id>https://arxiv.org/api/errors</id><title>arXiv Query</title>\n"
  "  <updated>2025-01-07T00:00:00Z</updated>\n"
  "  <opensearch:totalResults>1</opensearch:totalResults>\n"
  "  <entry><id>https://arxiv.org/api/errors#incorrect_id_format_for_abc</id>\n"
  "    <title>Error</title><summary>incorrect id format for abc</summary>\n"
  "    <updated>2025-01-07T00:00:00Z</updated></entry>\n"
  "</feed>\n";

GleanerTestResponse *
gleaner_test_serve_xml (GleanerTestServer *server,
           const char        *path,
           const char        *query,
           guint              status,
           char              *xml)   /* (transfer full) */
{
  GleanerTestResponse *response = gleaner_test_server_add (server, path, query, status);

  gleaner_test_response_set_body (response, "application/atom+xml", xml, -1);
  g_free (xml);

  return response;
}

const Entry gleaner_test_listing_entries[4] = {
  { "2501.00001", "new", "Gradient Descent Revisited" },
  { "2501.00002", "new", "Sparse Attention" },
  { "2501.00003", "cross", "Quantum Kernels" },
  { "2412.09999", "replace", "An Old Paper, Replaced" },
};

/* Requests never overlap and each starts at least @interval_ms after the previous ended. */
void
gleaner_test_assert_spacing (GPtrArray *requests,
                guint      interval_ms)
{
  for (guint i = 0; i < requests->len; i++)
    {
      const GleanerTestRequest *r = g_ptr_array_index (requests, i);

      g_test_message ("%s?%s %" G_GINT64_FORMAT " – %" G_GINT64_FORMAT " µs", r->path,
                      r->query ? r->query : "", r->received_us, r->done_us);
    }

  for (guint i = 1; i < requests->len; i++)
    {
      const GleanerTestRequest *before = g_ptr_array_index (requests, i - 1);
      const GleanerTestRequest *after = g_ptr_array_index (requests, i);

      g_assert_cmpint (before->done_us, >, 0);
      g_assert_cmpint (after->received_us, >=, before->done_us);
      /* A quarter of the interval as slack: a loaded machine may run the server thread that
       * notes the end of an answer late. Without the spacing, the gap would be ~0. */
      g_assert_cmpint (after->received_us - before->done_us, >=,
                       (gint64)interval_ms * 1000 * 3 / 4);
    }
}

