/* test-arxiv-parser.c — tests for gleaner_arxiv_parse_feed() against the fixtures in
 * tests/fixtures/arxiv (written by build-aux/make-fixtures.py) and documents built here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-arxiv-parser"

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "gleaner-arxiv-parser.h"
#include "gleaner-paper.h"
#include "gleaner-test-util.h"

#define ATOM_HEAD \
  "<?xml version='1.0' encoding='UTF-8'?>\n" \
  "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:arxiv=\"http://arxiv.org/schemas/atom\" " \
  "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n" \
  "<id>http://rss.arxiv.org/atom/cs.LG</id><title>cs.LG updates on arXiv.org</title>\n"
#define ATOM_TAIL "</feed>\n"

static GBytes *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "arxiv", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static GPtrArray *
parse_fixture (const char            *name,
               GleanerArxivFeedInfo  *info,
               GError               **error)
{
  g_autoptr(GBytes) bytes = load_fixture (name);

  return gleaner_arxiv_parse_feed (bytes, info, error);
}

static GPtrArray *
parse_string (const char            *text,
              GleanerArxivFeedInfo  *info,
              GError               **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return gleaner_arxiv_parse_feed (bytes, info, error);
}

static GleanerPaper *
find_paper (GPtrArray  *papers,
            const char *id)
{
  for (guint i = 0; i < papers->len; i++)
    {
      if (g_strcmp0 (gleaner_paper_get_id (g_ptr_array_index (papers, i)), id) == 0)
        return g_ptr_array_index (papers, i);
    }

  g_test_fail_printf ("no paper %s", id);
  return NULL;
}

static gint64
unix_of (const char *iso)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt);
}

/* No text the parser hands on may contain @needle. */
static void
assert_nowhere (GPtrArray  *papers,
                const char *needle)
{
  for (guint i = 0; papers != NULL && i < papers->len; i++)
    {
      GleanerPaper *paper = g_ptr_array_index (papers, i);
      const char * const *authors = gleaner_paper_get_authors (paper);

      g_assert_null (strstr (gleaner_paper_get_title (paper), needle));
      g_assert_true (gleaner_paper_get_abstract (paper) == NULL ||
                     strstr (gleaner_paper_get_abstract (paper), needle) == NULL);
      for (guint j = 0; authors != NULL && authors[j] != NULL; j++)
        g_assert_null (strstr (authors[j], needle));
    }
}

static void
test_listing (void)
{
  g_autoptr(GError) error = NULL;
  GleanerArxivFeedInfo info;
  g_autoptr(GPtrArray) papers = parse_fixture ("listing.xml", &info, &error);
  GleanerPaper *paper;
  const char * const *authors;
  const char * const *categories;

  g_assert_no_error (error);
  g_assert_cmpuint (papers->len, ==, 40);
  g_assert_cmpuint (info.n_skipped, ==, 0);
  g_assert_cmpuint (info.n_replaced, ==, 12);
  g_assert_cmpint (info.total_results, ==, -1);

  /* A new paper. */
  paper = g_ptr_array_index (papers, 0);
  g_assert_cmpstr (gleaner_paper_get_id (paper), ==, "2501.00001");
  g_assert_cmpint (gleaner_paper_get_version (paper), ==, 1);
  g_assert_cmpint (gleaner_arxiv_paper_get_announce (paper), ==, GLEANER_ARXIV_ANNOUNCE_NEW);
  g_assert_cmpstr (gleaner_paper_get_title (paper), ==,
                   "Adapt then Unlearn: Exploring Parameter Space Semantics for Unlearning in "
                   "Generative Adversarial Networks");
  /* The "arXiv:ID Announce Type: new Abstract:" prefix is gone. */
  g_assert_true (g_str_has_prefix (gleaner_paper_get_abstract (paper),
                                   "Owing to the growing concerns about privacy"));
  g_assert_null (strstr (gleaner_paper_get_abstract (paper), "Announce Type"));
  authors = gleaner_paper_get_authors (paper);
  g_assert_nonnull (authors);
  g_assert_cmpstr (authors[0], ==, "Ada Abara");
  categories = gleaner_paper_get_categories (paper);
  g_assert_cmpstr (categories[0], ==, "cs.LG");
  g_assert_cmpstr (categories[1], ==, "cs.CL");
  g_assert_null (categories[2]);
  g_assert_cmpstr (gleaner_paper_get_license (paper), ==, "http://creativecommons.org/licenses/by/4.0/");
  g_assert_cmpstr (gleaner_paper_get_doi (paper), ==, "10.5555/synthetic.00000");
  g_assert_cmpstr (gleaner_paper_get_journal_ref (paper), ==, "Synthetic Journal 0, pp. 0-12 (2025)");
  g_assert_cmpint (gleaner_paper_get_published (paper), ==, unix_of ("2025-02-07T05:00:00Z"));
  g_assert_cmpint (gleaner_paper_get_updated (paper), ==, unix_of ("2025-02-07T05:00:00Z"));
  g_assert_cmpint (gleaner_paper_get_sources (paper), ==, GLEANER_SOURCE_KIND_ARXIV);
  g_assert_false (gleaner_paper_get_withdrawn (paper));

  paper = g_ptr_array_index (papers, 3);
  g_assert_cmpint (gleaner_arxiv_paper_get_announce (paper), ==, GLEANER_ARXIV_ANNOUNCE_CROSS);

  /* A replacement: new version, the announcement as its update, no claim about v1's date. */
  paper = g_ptr_array_index (papers, 4);
  g_assert_cmpint (gleaner_arxiv_paper_get_announce (paper), ==, GLEANER_ARXIV_ANNOUNCE_REPLACE);
  g_assert_true (gleaner_paper_get_replaced (paper));
  g_assert_false (gleaner_paper_get_replaced (g_ptr_array_index (papers, 3)));
  g_assert_cmpint (gleaner_paper_get_version (paper), ==, 2);
  g_assert_cmpint (gleaner_paper_get_published (paper), ==, 0);
  g_assert_cmpint (gleaner_paper_get_updated (paper), ==, unix_of ("2025-02-07T05:00:00Z"));

  /* replace-cross counts as a replacement too. */
  paper = g_ptr_array_index (papers, 5);
  g_assert_cmpint (gleaner_arxiv_paper_get_announce (paper), ==, GLEANER_ARXIV_ANNOUNCE_REPLACE);
  g_assert_cmpint (gleaner_paper_get_version (paper), ==, 3);

  for (guint i = 0; i < papers->len; i++)
    {
      const char *abstract = gleaner_paper_get_abstract (g_ptr_array_index (papers, i));

      g_assert_nonnull (abstract);
      g_assert_null (strchr (abstract, '\n'));
    }
}

static void
test_api_page (void)
{
  g_autoptr(GError) error = NULL;
  GleanerArxivFeedInfo info;
  g_autoptr(GPtrArray) papers = parse_fixture ("api-page.xml", &info, &error);
  GleanerPaper *paper;

  g_assert_no_error (error);
  g_assert_cmpuint (papers->len, ==, 10);
  g_assert_cmpint (info.total_results, ==, 214);
  g_assert_cmpint (info.start_index, ==, 20);
  g_assert_cmpint (info.items_per_page, ==, 10);
  g_assert_cmpuint (info.n_replaced, ==, 0);

  /* Entry 100 of the seed: version 2, comment, journal ref, DOI (element and link). */
  paper = find_paper (papers, "2501.00101");
  g_assert_cmpint (gleaner_paper_get_version (paper), ==, 2);
  g_assert_cmpint (gleaner_arxiv_paper_get_announce (paper), ==, GLEANER_ARXIV_ANNOUNCE_UNKNOWN);
  g_assert_cmpstr (gleaner_paper_get_primary_category (paper), ==, "cs.AI");
  g_assert_cmpstr (gleaner_paper_get_categories (paper)[0], ==, "cs.AI");
  g_assert_cmpstr (gleaner_paper_get_comments (paper), ==, "10 pages, 1 figures");
  g_assert_cmpstr (gleaner_paper_get_doi (paper), ==, "10.5555/synthetic.api.00100");
  g_assert_null (strchr (gleaner_paper_get_abstract (paper), '\n'));
  g_assert_true (g_str_has_prefix (gleaner_paper_get_abstract (paper),
                                   "Instrumental variable methods have been widely used to identify "
                                   "causal effects in the presence"));
  /* published is v1, updated this version. */
  g_assert_cmpint (gleaner_paper_get_published (paper), ==, unix_of ("2025-01-22T20:00:00Z"));
  g_assert_cmpint (gleaner_paper_get_updated (paper), ==, unix_of ("2025-01-29T20:00:00Z"));
  g_assert_cmpstr (gleaner_paper_get_authors (paper)[0], ==, "Ada Rossi");
}

static void
test_api_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = parse_fixture ("api-error.xml", NULL, &error);

  g_assert_null (papers);
  g_assert_error (error, GLEANER_ARXIV_PARSER_ERROR, GLEANER_ARXIV_PARSER_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "incorrect id format for abc"));
}

static void
test_empty (void)
{
  g_autoptr(GError) error = NULL;
  GleanerArxivFeedInfo info;
  g_autoptr(GPtrArray) papers = parse_fixture ("empty.xml", &info, &error);

  g_assert_no_error (error);
  g_assert_nonnull (papers);
  g_assert_cmpuint (papers->len, ==, 0);
  g_assert_cmpuint (info.n_skipped, ==, 0);
}

static void
test_malformed (void)
{
  static const char * const names[] = { "malformed.xml", "truncated.xml" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) papers = parse_fixture (names[i], NULL, &error);

      g_assert_null (papers);
      g_assert_error (error, GLEANER_ARXIV_PARSER_ERROR, GLEANER_ARXIV_PARSER_ERROR_INVALID_XML);
    }
}

static void
test_not_a_feed (void)
{
  static const char * const documents[] = {
    /* A captive portal or an error page with status 200. */
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Oops</title></head>"
    "<body><p>Service unavailable<br></body></html>",
    "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>Not here</p></body></html>",
    /* The RSS flavour of the listings is not what we asked for. */
    "<rss version=\"2.0\"><channel><title>cs.LG</title></channel></rss>",
    /* A <feed> in no namespace is not Atom. */
    "<feed><entry><id>oai:arXiv.org:2401.00001v1</id><title>T</title></entry></feed>",
  };
  g_autoptr(GBytes) html = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "html-200.html", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GPtrArray) result = parse_string (documents[i], NULL, &local_error);

      g_assert_null (result);
      g_assert_error (local_error, GLEANER_ARXIV_PARSER_ERROR, GLEANER_ARXIV_PARSER_ERROR_UNEXPECTED);
    }

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  papers = parse_string (contents, NULL, &error);
  g_assert_null (papers);
  g_assert_error (error, GLEANER_ARXIV_PARSER_ERROR, GLEANER_ARXIV_PARSER_ERROR_UNEXPECTED);
}

static void
test_doctype_refused (void)
{
  static const char * const names[] = { "doctype-xxe.xml", "billion-laughs.xml" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) papers = parse_fixture (names[i], NULL, &error);

      /* Without the refusal the feeds are otherwise good and would parse. */
      g_assert_null (papers);
      g_assert_error (error, GLEANER_ARXIV_PARSER_ERROR, GLEANER_ARXIV_PARSER_ERROR_UNSAFE);
      g_assert_null (strstr (error->message, "root:"));
      g_assert_null (strstr (error->message, "lol"));
    }
}

/* Even a harmless-looking DOCTYPE, with nothing declared, is refused: no DTD is trusted. */
static void
test_doctype_plain (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = parse_string ("<?xml version='1.0'?>\n"
                                              "<!DOCTYPE feed SYSTEM \"file:///etc/passwd\">\n"
                                              "<feed xmlns=\"http://www.w3.org/2005/Atom\"/>",
                                              NULL, &error);

  g_assert_null (papers);
  g_assert_error (error, GLEANER_ARXIV_PARSER_ERROR, GLEANER_ARXIV_PARSER_ERROR_UNSAFE);
}

/* An undeclared entity is not well-formed XML; nothing is looked up anywhere. */
static void
test_undeclared_entity (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = parse_string (ATOM_HEAD
                                              "<entry><id>oai:arXiv.org:2401.00001v1</id>"
                                              "<title>A &xxe; title</title></entry>"
                                              ATOM_TAIL, NULL, &error);

  g_assert_null (papers);
  g_assert_error (error, GLEANER_ARXIV_PARSER_ERROR, GLEANER_ARXIV_PARSER_ERROR_INVALID_XML);
  assert_nowhere (papers, "root:");
}

/* A good feed just over the size cap is refused before it is parsed. The padding is many
 * small foreign elements (one huge text node would trip libxml2's own limit instead). */
static void
test_size_cap (void)
{
  gsize cap = 64 * 1024 * 1024;
  g_autoptr(GString) feed = g_string_sized_new (cap + 8192);
  g_autoptr(GString) block = g_string_new ("<x>");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = NULL;

  while (block->len < 4090)
    g_string_append_c (block, ' ');
  g_string_append (block, "</x>\n");

  g_string_append (feed, ATOM_HEAD
                   "<entry><id>oai:arXiv.org:2401.00001v1</id><title>T</title></entry>\n");
  while (feed->len <= cap)
    g_string_append_len (feed, block->str, block->len);
  g_string_append (feed, ATOM_TAIL);
  bytes = g_string_free_to_bytes (g_steal_pointer (&feed));

  papers = gleaner_arxiv_parse_feed (bytes, NULL, &error);
  g_assert_null (papers);
  g_assert_error (error, GLEANER_ARXIV_PARSER_ERROR, GLEANER_ARXIV_PARSER_ERROR_INVALID_XML);
}

static void
test_odd_entries (void)
{
  g_autoptr(GError) error = NULL;
  GleanerArxivFeedInfo info;
  g_autoptr(GPtrArray) papers = parse_fixture ("odd-entries.xml", &info, &error);
  GleanerPaper *paper;
  const char * const *authors;
  const char *title;
  const char *abstract;

  g_assert_no_error (error);
  /* No id, a non-arXiv id and a blank title are skipped and counted. */
  g_assert_cmpuint (papers->len, ==, 6);
  g_assert_cmpuint (info.n_skipped, ==, 3);

  /* LaTeX, TeX accents and hard wraps come out as readable one-line text. */
  paper = find_paper (papers, "2502.00001");
  title = gleaner_paper_get_title (paper);
  g_assert_null (strchr (title, '\n'));
  g_assert_null (strchr (title, '\\'));
  g_assert_null (strstr (title, "  "));
  g_assert_nonnull (strstr (title, "norm: an Étude of α-stable processes"));
  abstract = gleaner_paper_get_abstract (paper);
  g_assert_nonnull (strstr (abstract, "Schrödinger operators on École-type domains. Naïve bounds fail."));
  authors = gleaner_paper_get_authors (paper);
  g_assert_cmpstr (authors[0], ==, "Antonin Monteil");
  g_assert_cmpstr (authors[1], ==, "Paul Pégon");
  g_assert_null (authors[2]);

  /* Old-style ids keep their archive, with or without a subject class. */
  paper = find_paper (papers, "hep-th/9901001");
  g_assert_cmpint (gleaner_paper_get_version (paper), ==, 1);
  paper = find_paper (papers, "math.AP/0601001");
  g_assert_cmpint (gleaner_paper_get_version (paper), ==, 3);
  g_assert_cmpint (gleaner_arxiv_paper_get_announce (paper), ==, GLEANER_ARXIV_ANNOUNCE_REPLACE);

  paper = find_paper (papers, "2502.00004");
  g_assert_true (gleaner_paper_get_withdrawn (paper));
  g_assert_false (gleaner_paper_get_withdrawn (find_paper (papers, "hep-th/9901001")));

  /* No abstract and no authors: kept. */
  paper = find_paper (papers, "2502.00005");
  g_assert_null (gleaner_paper_get_abstract (paper));
  authors = gleaner_paper_get_authors (paper);
  g_assert_true (authors == NULL || authors[0] == NULL);

  /* Markup in a title is text, kept as written. */
  paper = find_paper (papers, "2502.00009");
  g_assert_cmpstr (gleaner_paper_get_title (paper), ==, "<b>Bold</b> & <i>claims</i>");
}

static void
test_withdrawn_comment (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = parse_fixture ("withdrawn.xml", NULL, &error);
  GleanerPaper *paper;

  g_assert_no_error (error);
  g_assert_cmpuint (papers->len, ==, 1);
  paper = g_ptr_array_index (papers, 0);
  g_assert_true (gleaner_paper_get_withdrawn (paper));
  g_assert_cmpstr (gleaner_paper_get_comments (paper), ==, "This paper has been withdrawn by the author");
}

/* A full listing: arXiv's cap is 2,000 entries per feed. */
static void
test_large_feed (void)
{
  g_autoptr(GString) feed = g_string_new (ATOM_HEAD);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = NULL;
  GleanerArxivFeedInfo info;

  for (guint i = 1; i <= 2000; i++)
    g_string_append_printf (feed,
                            "<entry><id>oai:arXiv.org:2502.%05uv1</id><title>Paper %u</title>"
                            "<summary>arXiv:2502.%05uv1 Announce Type: %s \nAbstract: Text %u.</summary>"
                            "<category term=\"cs.LG\"/><published>2025-02-07T00:00:00-05:00</published>"
                            "<arxiv:announce_type>%s</arxiv:announce_type>"
                            "<dc:creator>A B, C D</dc:creator></entry>\n",
                            i, i, i, i % 4 == 0 ? "replace" : "new", i,
                            i % 4 == 0 ? "replace" : "new");
  g_string_append (feed, ATOM_TAIL);
  bytes = g_string_free_to_bytes (g_steal_pointer (&feed));

  papers = gleaner_arxiv_parse_feed (bytes, &info, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (papers->len, ==, 2000);
  g_assert_cmpuint (info.n_replaced, ==, 500);
  g_assert_cmpstr (gleaner_paper_get_id (g_ptr_array_index (papers, 1999)), ==, "2502.02000");
  g_assert_cmpstr (gleaner_paper_get_abstract (g_ptr_array_index (papers, 1999)), ==, "Text 2000.");
}

/* Strings are capped; a megabyte title does not reach the store. */
static void
test_huge_string (void)
{
  g_autoptr(GString) feed = g_string_new (ATOM_HEAD "<entry><id>oai:arXiv.org:2502.00001v1</id><title>");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = NULL;

  while (feed->len < 1024 * 1024)
    g_string_append (feed, "Word χ ");
  g_string_append (feed, "</title></entry>" ATOM_TAIL);
  bytes = g_string_free_to_bytes (g_steal_pointer (&feed));

  papers = gleaner_arxiv_parse_feed (bytes, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (papers->len, ==, 1);
  g_assert_cmpuint (strlen (gleaner_paper_get_title (g_ptr_array_index (papers, 0))), <=, 64 * 1024);
  g_assert_true (g_utf8_validate (gleaner_paper_get_title (g_ptr_array_index (papers, 0)), -1, NULL));
}

/* Elements are matched by namespace, never by prefix; foreign elements are ignored. */
static void
test_namespaces (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = parse_string (
    "<a:feed xmlns:a=\"http://www.w3.org/2005/Atom\" xmlns:x=\"http://arxiv.org/schemas/atom\" "
    "xmlns:o=\"http://a9.com/-/spec/opensearch/1.1/\" xmlns:evil=\"urn:evil\">"
    "<o:totalResults>3</o:totalResults>"
    "<a:entry><a:id>http://arxiv.org/abs/2401.00001v4</a:id><a:title>T</a:title>"
    "<evil:title>Wrong</evil:title><evil:doi>10.1/evil</evil:doi>"
    "<x:primary_category term=\"cs.CL\"/><a:category term=\"cs.LG\"/><a:category term=\"cs.CL\"/>"
    "<a:category term=\"not a category!\"/>"
    "<a:author><a:name>Ann</a:name><x:affiliation>U</x:affiliation></a:author>"
    "<x:doi>https://doi.org/10.1000/xyz</x:doi></a:entry></a:feed>", NULL, &error);
  GleanerPaper *paper;
  const char * const *categories;

  g_assert_no_error (error);
  g_assert_cmpuint (papers->len, ==, 1);
  paper = g_ptr_array_index (papers, 0);
  g_assert_cmpstr (gleaner_paper_get_title (paper), ==, "T");
  g_assert_cmpint (gleaner_paper_get_version (paper), ==, 4);
  g_assert_cmpstr (gleaner_paper_get_doi (paper), ==, "10.1000/xyz");
  categories = gleaner_paper_get_categories (paper);
  g_assert_cmpstr (categories[0], ==, "cs.CL");
  g_assert_cmpstr (categories[1], ==, "cs.LG");
  g_assert_null (categories[2]);
  g_assert_cmpstr (gleaner_paper_get_authors (paper)[0], ==, "Ann");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  gleaner_test_add_func ("/arxiv-parser/listing", test_listing);
  gleaner_test_add_func ("/arxiv-parser/api-page", test_api_page);
  gleaner_test_add_func ("/arxiv-parser/api-error", test_api_error);
  gleaner_test_add_func ("/arxiv-parser/empty", test_empty);
  gleaner_test_add_func ("/arxiv-parser/malformed", test_malformed);
  gleaner_test_add_func ("/arxiv-parser/not-a-feed", test_not_a_feed);
  gleaner_test_add_func ("/arxiv-parser/doctype-refused", test_doctype_refused);
  gleaner_test_add_func ("/arxiv-parser/doctype-plain", test_doctype_plain);
  gleaner_test_add_func ("/arxiv-parser/undeclared-entity", test_undeclared_entity);
  gleaner_test_add_func ("/arxiv-parser/size-cap", test_size_cap);
  gleaner_test_add_func ("/arxiv-parser/odd-entries", test_odd_entries);
  gleaner_test_add_func ("/arxiv-parser/withdrawn-comment", test_withdrawn_comment);
  gleaner_test_add_func ("/arxiv-parser/large-feed", test_large_feed);
  gleaner_test_add_func ("/arxiv-parser/huge-string", test_huge_string);
  gleaner_test_add_func ("/arxiv-parser/namespaces", test_namespaces);

  gleaner_test_add_queued ();

  return g_test_run ();
}
