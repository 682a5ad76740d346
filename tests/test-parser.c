/* test-parser.c — tests for the Hugging Face JSON parser.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-parser"

#include "config.h"

#include <string.h>

#include <glib.h>

#include "gleaner-hf-parser.h"
#include "gleaner-paper.h"
#include "gleaner-test-util.h"

#define DAILY_DATE "2025-01-06"

static GBytes *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

/* Parses a fixture that must parse, checking the number of papers and skipped entries. */
static GPtrArray *
parse_fixture (const char *name,
               const char *daily_date,
               guint       expected_papers,
               guint       expected_skipped)
{
  g_autoptr(GBytes) bytes = load_fixture (name);
  g_autoptr(GError) error = NULL;
  GPtrArray *papers;
  guint skipped = G_MAXUINT;

  papers = gleaner_hf_parse_papers (bytes, daily_date, &skipped, &error);
  g_assert_no_error (error);
  g_assert_nonnull (papers);
  g_assert_cmpuint (papers->len, ==, expected_papers);
  g_assert_cmpuint (skipped, ==, expected_skipped);

  return papers;
}

static GPtrArray *
parse_string (const char *json,
              guint       expected_papers,
              guint       expected_skipped)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(GError) error = NULL;
  GPtrArray *papers;
  guint skipped = G_MAXUINT;

  papers = gleaner_hf_parse_papers (bytes, NULL, &skipped, &error);
  g_assert_no_error (error);
  g_assert_nonnull (papers);
  g_assert_cmpuint (papers->len, ==, expected_papers);
  g_assert_cmpuint (skipped, ==, expected_skipped);

  return papers;
}

/* Parses @bytes, which must fail with @code; returns the error message. */
static char *
expect_error (GBytes *bytes,
              int     code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = NULL;
  guint skipped = G_MAXUINT;

  papers = gleaner_hf_parse_papers (bytes, DAILY_DATE, &skipped, &error);
  g_assert_null (papers);
  g_assert_error (error, GLEANER_HF_PARSER_ERROR, code);
  g_assert_cmpuint (skipped, ==, 0);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));

  return g_strdup (error->message);
}

static char *
expect_string_error (const char *json,
                     int         code)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));

  return expect_error (bytes, code);
}

static GleanerPaper *
find_paper (GPtrArray  *papers,
            const char *id)
{
  for (guint i = 0; i < papers->len; i++)
    {
      GleanerPaper *paper = g_ptr_array_index (papers, i);

      if (g_strcmp0 (gleaner_paper_get_id (paper), id) == 0)
        return paper;
    }

  g_test_fail_printf ("paper %s not found", id);
  return NULL;
}

static guint
strv_len (const char * const *strv)
{
  return g_strv_length ((char **) strv);
}

static void
assert_strv (const char * const *strv,
             const char * const *expected)
{
  guint n = strv_len (expected);

  g_assert_nonnull (strv);
  g_assert_cmpuint (strv_len (strv), ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (strv[i], ==, expected[i]);
}

static gboolean
has_control_chars (const char *text,
                   gboolean    allow_newline_tab)
{
  if (text == NULL)
    return FALSE;

  for (const char *c = text; *c != '\0'; c++)
    {
      guchar uc = (guchar) *c;

      if (allow_newline_tab && (uc == '\n' || uc == '\t'))
        continue;
      if (uc < 0x20 || uc == 0x7f)
        return TRUE;
    }

  return FALSE;
}

/* Every string field of every paper must be valid UTF-8 without stray control characters. */
static void
assert_clean (GPtrArray *papers)
{
  for (guint i = 0; i < papers->len; i++)
    {
      GleanerPaper *paper = g_ptr_array_index (papers, i);
      const char *texts[] = {
        gleaner_paper_get_title (paper),
        gleaner_paper_get_abstract (paper),
        gleaner_paper_get_ai_summary (paper),
      };
      const char *links[] = {
        gleaner_paper_get_github_repo (paper),
        gleaner_paper_get_project_page (paper),
        gleaner_paper_get_thumbnail (paper),
      };
      const char * const *authors = gleaner_paper_get_authors (paper);
      const char * const *keywords = gleaner_paper_get_ai_keywords (paper);

      g_assert_nonnull (gleaner_paper_get_title (paper));

      for (guint j = 0; j < G_N_ELEMENTS (texts); j++)
        {
          if (texts[j] == NULL)
            continue;
          g_assert_true (g_utf8_validate (texts[j], -1, NULL));
          g_assert_false (has_control_chars (texts[j], TRUE));
          g_assert_cmpuint (strlen (texts[j]), <=, 64 * 1024);
          g_assert_false (g_ascii_isspace (texts[j][0]));
        }

      for (guint j = 0; j < G_N_ELEMENTS (links); j++)
        {
          if (links[j] == NULL)
            continue;
          g_assert_true (g_str_has_prefix (links[j], "https://") ||
                         g_str_has_prefix (links[j], "http://"));
          g_assert_false (has_control_chars (links[j], FALSE));
        }

      for (guint j = 0; authors[j] != NULL; j++)
        {
          g_assert_true (g_utf8_validate (authors[j], -1, NULL));
          g_assert_false (has_control_chars (authors[j], TRUE));
          g_assert_cmpstr (authors[j], !=, "");
        }

      for (guint j = 0; keywords[j] != NULL; j++)
        {
          g_assert_true (g_utf8_validate (keywords[j], -1, NULL));
          g_assert_false (has_control_chars (keywords[j], TRUE));
          g_assert_cmpstr (keywords[j], !=, "");
        }
    }
}

typedef struct
{
  const char *file;
  guint       entries;
  guint       papers;
  guint       skipped;
  guint       authors;
  gint64      upvotes;
  guint       with_ai_summary;
  guint       keywords;
  guint       with_github;
  guint       with_project_page;
  gint64      comments;
} PageExpectation;

/* The numbers come from build-aux/make-fixtures.py's deterministic synthetic values. */
static const PageExpectation pages[] = {
  { "daily-papers-p0.json", 100, 99, 1, 315, 12374, 66, 218, 20, 15, 197 },
  { "daily-papers-p1.json", 100, 100, 0, 320, 12400, 67, 218, 20, 14, 200 },
  { "daily-papers-p2.json", 93, 93, 0, 299, 11486, 62, 184, 19, 13, 183 },
};

static void
test_daily_pages (void)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
    {
      const PageExpectation *e = &pages[p];
      g_autoptr(GPtrArray) papers = parse_fixture (e->file, DAILY_DATE, e->papers, e->skipped);
      guint authors = 0, with_ai_summary = 0, keywords = 0, with_github = 0, with_project_page = 0;
      gint64 upvotes = 0, comments = 0;

      g_assert_cmpuint (papers->len + e->skipped, ==, e->entries);

      for (guint i = 0; i < papers->len; i++)
        {
          GleanerPaper *paper = g_ptr_array_index (papers, i);
          const char *id = gleaner_paper_get_id (paper);

          /* Synthetic ids are 2501.00001 … 2501.00293 and never repeat across pages. */
          g_assert_true (g_str_has_prefix (id, "2501.00"));
          g_assert_cmpuint (strlen (id), ==, 10);
          g_assert_true (g_hash_table_add (ids, g_strdup (id)));

          g_assert_cmpstr (gleaner_paper_get_daily_date (paper), ==, DAILY_DATE);
          g_assert_nonnull (gleaner_paper_get_abstract (paper));
          g_assert_cmpint (gleaner_paper_get_published (paper), >=, 1736121600);  /* 2025-01-06 */
          g_assert_cmpint (gleaner_paper_get_submitted (paper), >, gleaner_paper_get_published (paper));
          g_assert_cmpint (gleaner_paper_get_upvotes (paper), >=, 0);
          g_assert_cmpint (gleaner_paper_get_num_comments (paper), >=, 0);
          g_assert_nonnull (gleaner_paper_get_thumbnail (paper));

          authors += strv_len (gleaner_paper_get_authors (paper));
          upvotes += gleaner_paper_get_upvotes (paper);
          comments += gleaner_paper_get_num_comments (paper);
          with_ai_summary += gleaner_paper_get_ai_summary (paper) != NULL;
          keywords += strv_len (gleaner_paper_get_ai_keywords (paper));
          with_github += gleaner_paper_get_github_repo (paper) != NULL;
          with_project_page += gleaner_paper_get_project_page (paper) != NULL;

          /* Stars come with the repository and only with it. */
          g_assert_cmpint (gleaner_paper_get_github_stars (paper) >= 0, ==,
                           gleaner_paper_get_github_repo (paper) != NULL);
        }

      /* Hidden authors are not counted: the fixtures hold 30/30/28 of them. */
      g_assert_cmpuint (authors, ==, e->authors);
      g_assert_cmpint (upvotes, ==, e->upvotes);
      g_assert_cmpint (comments, ==, e->comments);
      g_assert_cmpuint (with_ai_summary, ==, e->with_ai_summary);
      g_assert_cmpuint (keywords, ==, e->keywords);
      g_assert_cmpuint (with_github, ==, e->with_github);
      g_assert_cmpuint (with_project_page, ==, e->with_project_page);

      assert_clean (papers);
    }

  g_assert_cmpuint (g_hash_table_size (ids), ==, 292);
}

static void
test_first_paper (void)
{
  g_autoptr(GPtrArray) papers = parse_fixture ("daily-papers-p0.json", DAILY_DATE, 99, 1);
  GleanerPaper *paper = g_ptr_array_index (papers, 0);
  const char * const authors[] = { "Ada Abara", NULL };

  /* Document order, and the "Subscribe" scraping artifact is not part of the title. */
  g_assert_cmpstr (gleaner_paper_get_id (paper), ==, "2501.00001");
  g_assert_cmpstr (gleaner_paper_get_title (paper), ==,
                   "Adapt then Unlearn: Exploring Parameter Space Semantics for Unlearning "
                   "in Generative Adversarial Networks");
  g_assert_true (g_str_has_prefix (gleaner_paper_get_abstract (paper),
                                   "Owing to the growing concerns about privacy"));
  assert_strv (gleaner_paper_get_authors (paper), authors);
  g_assert_cmpint (gleaner_paper_get_published (paper), ==, 1736121600);
  g_assert_cmpint (gleaner_paper_get_submitted (paper), ==, 1736208000);
  g_assert_cmpint (gleaner_paper_get_upvotes (paper), ==, 0);
  g_assert_cmpint (gleaner_paper_get_num_comments (paper), ==, 0);
  g_assert_null (gleaner_paper_get_ai_summary (paper));
  g_assert_cmpuint (strv_len (gleaner_paper_get_ai_keywords (paper)), ==, 0);
  g_assert_cmpstr (gleaner_paper_get_github_repo (paper), ==,
                   "https://github.com/synthetic-org/paper-00001");
  g_assert_cmpint (gleaner_paper_get_github_stars (paper), ==, 0);
  g_assert_cmpstr (gleaner_paper_get_project_page (paper), ==,
                   "https://synthetic-project.example.org/2501.00001/");
  g_assert_cmpstr (gleaner_paper_get_thumbnail (paper), ==,
                   "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2501.00001.png");
}

static void
test_full_paper (void)
{
  g_autoptr(GPtrArray) papers = parse_fixture ("daily-papers-p0.json", NULL, 99, 1);
  GleanerPaper *paper = find_paper (papers, "2501.00011");
  const char * const authors[] = {
    "Kofi \xc3\x85lund", "Viktor Berg", "Hana Ito", "S\xc3\xb8ren Okafor", "Emil Weber", NULL
  };
  const char * const keywords[] = { "Revisiting", "Parameter", "Efficiency", NULL };

  g_assert_nonnull (paper);
  g_assert_cmpstr (gleaner_paper_get_title (paper), ==,
                   "Revisiting the Parameter Efficiency of Adapters from the Perspective of "
                   "Precision Redundancy");
  assert_strv (gleaner_paper_get_authors (paper), authors);
  g_assert_cmpint (gleaner_paper_get_published (paper), ==, 1736985600);
  g_assert_cmpint (gleaner_paper_get_submitted (paper), ==, 1737166250);
  g_assert_null (gleaner_paper_get_daily_date (paper));
  g_assert_cmpint (gleaner_paper_get_upvotes (paper), ==, 120);
  g_assert_cmpint (gleaner_paper_get_num_comments (paper), ==, 0);
  g_assert_cmpstr (gleaner_paper_get_ai_summary (paper), ==,
                   "Current state-of-the-art results in computer vision depend in part on "
                   "fine-tuning large pre-trained vision models.");
  assert_strv (gleaner_paper_get_ai_keywords (paper), keywords);
  g_assert_cmpstr (gleaner_paper_get_github_repo (paper), ==,
                   "https://github.com/synthetic-org/paper-00011");
  g_assert_cmpint (gleaner_paper_get_github_stars (paper), ==, 130);
  g_assert_null (gleaner_paper_get_project_page (paper));
  g_assert_cmpuint (strlen (gleaner_paper_get_abstract (paper)), ==, 1572);
  g_assert_true (g_str_has_suffix (gleaner_paper_get_abstract (paper),
                                   "https://github.com/JieShibo/PETL-ViT"));
}

static void
test_hidden_authors (void)
{
  g_autoptr(GPtrArray) papers = parse_fixture ("daily-papers-p0.json", DAILY_DATE, 99, 1);
  GleanerPaper *paper = find_paper (papers, "2501.00003");
  /* "Nadia Lindqvist", the second author, is hidden. */
  const char * const authors[] = { "Chen Eriksen", "Zo\xc3\xab Rossi", NULL };

  g_assert_nonnull (paper);
  assert_strv (gleaner_paper_get_authors (paper), authors);
  g_assert_cmpint (gleaner_paper_get_submitted (paper), ==, 1736591218);
  g_assert_cmpint (gleaner_paper_get_upvotes (paper), ==, 74);
  g_assert_cmpint (gleaner_paper_get_num_comments (paper), ==, 2);
}

static void
test_duplicate (void)
{
  g_autoptr(GPtrArray) papers = parse_fixture ("daily-papers-p0.json", DAILY_DATE, 99, 1);
  guint count = 0;
  GleanerPaper *paper = NULL;

  for (guint i = 0; i < papers->len; i++)
    {
      GleanerPaper *p = g_ptr_array_index (papers, i);

      if (g_strcmp0 (gleaner_paper_get_id (p), "2501.00048") == 0)
        {
          paper = p;
          count++;
        }
    }

  /* The first of the two FuseChat entries wins, with its own abstract and upvotes. */
  g_assert_cmpuint (count, ==, 1);
  g_assert_nonnull (paper);
  g_assert_cmpstr (gleaner_paper_get_title (paper), ==, "FuseChat: Knowledge Fusion of Chat Models");
  g_assert_cmpint (gleaner_paper_get_upvotes (paper), ==, 239);
  g_assert_nonnull (strstr (gleaner_paper_get_abstract (paper),
                            "strengths, this approach incurs substantial costs"));
  g_assert_cmpuint (strv_len (gleaner_paper_get_authors (paper)), ==, 6);

  /* Document order is kept around the skipped duplicate. */
  g_assert_cmpstr (gleaner_paper_get_id (g_ptr_array_index (papers, 47)), ==, "2501.00048");
  g_assert_cmpstr (gleaner_paper_get_id (g_ptr_array_index (papers, 48)), ==, "2501.00050");
}

static void
test_latex_titles (void)
{
  g_autoptr(GPtrArray) p0 = parse_fixture ("daily-papers-p0.json", DAILY_DATE, 99, 1);
  g_autoptr(GPtrArray) p1 = parse_fixture ("daily-papers-p1.json", DAILY_DATE, 100, 0);
  g_autoptr(GPtrArray) p2 = parse_fixture ("daily-papers-p2.json", DAILY_DATE, 93, 0);
  GleanerPaper *paper;

  paper = find_paper (p0, "2501.00045");
  g_assert_nonnull (paper);
  g_assert_cmpstr (gleaner_paper_get_title (paper), ==,
                   "Solitons near avoided mode crossing in $\xcf\x87" "^{(2)}$ nanowaveguides");

  paper = find_paper (p0, "2501.00085");
  g_assert_nonnull (paper);
  g_assert_cmpstr (gleaner_paper_get_title (paper), ==,
                   "Discovering heavy neutrino-antineutrino oscillations at the $Z$-pole");

  paper = find_paper (p1, "2501.00139");
  g_assert_nonnull (paper);
  g_assert_cmpstr (gleaner_paper_get_title (paper), ==,
                   "$\xce\xbb$-ECLIPSE: Multi-Concept Personalized Text-to-Image Diffusion Models "
                   "by Leveraging CLIP Latent Space");

  paper = find_paper (p2, "2501.00278");
  g_assert_nonnull (paper);
  g_assert_cmpstr (gleaner_paper_get_title (paper), ==,
                   "Task Difficulty Aware Parameter Allocation & Regularization for Lifelong Learning");
}

static void
test_markup (void)
{
  g_autoptr(GPtrArray) papers = parse_fixture ("markup.json", NULL, 3, 0);
  GleanerPaper *paper;
  const char * const authors[] = { "<span foreground=\"red\">Mallory</span>", NULL };
  const char * const keywords[] = { "<u>kw</u>", "a & b", NULL };

  paper = g_ptr_array_index (papers, 0);
  g_assert_cmpstr (gleaner_paper_get_id (paper), ==, "2501.20001");
  g_assert_cmpstr (gleaner_paper_get_title (paper), ==, "<b>Bold</b> & <i>x</i>");
  g_assert_cmpstr (gleaner_paper_get_abstract (paper), ==,
                   "Uses &amp; and &lt;tag&gt; literally; <script>alert(1)</script> stays text.");
  g_assert_cmpstr (gleaner_paper_get_ai_summary (paper), ==,
                   "<a href=\"javascript:alert(1)\">click</a>");
  assert_strv (gleaner_paper_get_authors (paper), authors);
  assert_strv (gleaner_paper_get_ai_keywords (paper), keywords);
  /* Only http(s) links survive. */
  g_assert_null (gleaner_paper_get_github_repo (paper));
  g_assert_cmpstr (gleaner_paper_get_project_page (paper), ==,
                   "https://synthetic-project.example.org/p?a=1&b=2");
  g_assert_null (gleaner_paper_get_thumbnail (paper));
  g_assert_cmpint (gleaner_paper_get_upvotes (paper), ==, 3);

  paper = g_ptr_array_index (papers, 1);
  g_assert_cmpstr (gleaner_paper_get_title (paper), ==, "&amp;");
  g_assert_cmpstr (gleaner_paper_get_abstract (paper), ==, "%s %n %x are not format specifiers here");
  g_assert_null (gleaner_paper_get_github_repo (paper));
  g_assert_null (gleaner_paper_get_project_page (paper));
  g_assert_null (gleaner_paper_get_thumbnail (paper));

  paper = g_ptr_array_index (papers, 2);
  g_assert_null (gleaner_paper_get_github_repo (paper));
  g_assert_null (gleaner_paper_get_project_page (paper));
  /* Surrounding whitespace is trimmed like in any other string. */
  g_assert_cmpstr (gleaner_paper_get_thumbnail (paper), ==,
                   "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2501.20003.png");
}

static void
test_control_chars (void)
{
  g_autoptr(GPtrArray) papers = parse_fixture ("control-chars.json", NULL, 3, 2);
  GleanerPaper *paper;
  const char * const authors[] = { "Ann  Example", "Bob Example", NULL };
  const char * const keywords[] = { "key word", "plain", NULL };

  assert_clean (papers);

  paper = g_ptr_array_index (papers, 0);
  g_assert_cmpstr (gleaner_paper_get_id (paper), ==, "2501.10001");
  /* json-glib alone would cut the title at the \u0000. */
  g_assert_cmpstr (gleaner_paper_get_title (paper), ==, "Null Byte Title");
  g_assert_cmpstr (gleaner_paper_get_abstract (paper), ==,
                   "Line one\nLine two\tTabbed Bell [31mRed [0m \nEnd");
  assert_strv (gleaner_paper_get_authors (paper), authors);
  assert_strv (gleaner_paper_get_ai_keywords (paper), keywords);

  /* 2501.10002 has a bell in its id and is skipped; 2501.10003 falls back to the entry title. */
  paper = g_ptr_array_index (papers, 1);
  g_assert_cmpstr (gleaner_paper_get_id (paper), ==, "2501.10003");
  g_assert_cmpstr (gleaner_paper_get_title (paper), ==, "Entry   title fallback");

  /* 2501.10004 has only control characters as its title and is skipped. */
  paper = g_ptr_array_index (papers, 2);
  g_assert_cmpstr (gleaner_paper_get_id (paper), ==, "2501.10005");
  g_assert_cmpstr (gleaner_paper_get_title (paper), ==, "Escaped backslash \\u0000 is not a NUL");
}

static void
test_huge_string (void)
{
  g_autoptr(GPtrArray) papers = parse_fixture ("huge-string.json", NULL, 2, 0);
  GleanerPaper *paper = g_ptr_array_index (papers, 0);
  const char *abstract = gleaner_paper_get_abstract (paper);

  g_assert_cmpstr (gleaner_paper_get_id (paper), ==, "2501.60001");
  g_assert_nonnull (abstract);
  /* The two-byte character straddling 64 KiB is dropped whole, not cut in half. */
  g_assert_cmpuint (strlen (abstract), ==, 64 * 1024 - 1);
  g_assert_true (g_utf8_validate (abstract, -1, NULL));
  g_assert_true (g_str_has_prefix (abstract, "Owing to the growing concerns"));

  paper = g_ptr_array_index (papers, 1);
  g_assert_cmpstr (gleaner_paper_get_id (paper), ==, "2501.60002");
  g_assert_cmpuint (strlen (gleaner_paper_get_abstract (paper)), <, 4096);

  assert_clean (papers);
}

static void
test_broken_types (void)
{
  g_autoptr(GPtrArray) papers = parse_fixture ("broken-types.json", NULL, 7, 10);
  GleanerPaper *paper;
  const char * const good_authors[] = { "Good Author", NULL };
  const char * const mixed_authors[] = { "Shown Yes", "Shown Zero", "Visible", "No Hidden Member", NULL };
  const char * const mixed_keywords[] = { "good keyword", NULL };

  assert_clean (papers);

  paper = g_ptr_array_index (papers, 0);
  g_assert_cmpstr (gleaner_paper_get_id (paper), ==, "2501.50003");
  g_assert_cmpstr (gleaner_paper_get_title (paper), ==, "A good entry among broken ones");
  g_assert_cmpstr (gleaner_paper_get_abstract (paper), ==, "Nothing wrong here.");
  assert_strv (gleaner_paper_get_authors (paper), good_authors);
  g_assert_cmpint (gleaner_paper_get_published (paper), ==, 1735776000);
  g_assert_cmpint (gleaner_paper_get_submitted (paper), ==, 1735877106);
  g_assert_cmpint (gleaner_paper_get_upvotes (paper), ==, 7);
  g_assert_cmpint (gleaner_paper_get_num_comments (paper), ==, 2);
  g_assert_nonnull (gleaner_paper_get_thumbnail (paper));

  /* Every member of the wrong type reads as unknown. */
  paper = g_ptr_array_index (papers, 1);
  g_assert_cmpstr (gleaner_paper_get_id (paper), ==, "2501.50004");
  g_assert_cmpstr (gleaner_paper_get_title (paper), ==, "Wrong member types everywhere");
  g_assert_null (gleaner_paper_get_abstract (paper));
  g_assert_cmpuint (strv_len (gleaner_paper_get_authors (paper)), ==, 0);
  g_assert_cmpint (gleaner_paper_get_published (paper), ==, 0);
  g_assert_cmpint (gleaner_paper_get_submitted (paper), ==, 0);
  g_assert_cmpint (gleaner_paper_get_upvotes (paper), ==, -1);
  g_assert_cmpint (gleaner_paper_get_num_comments (paper), ==, -1);
  g_assert_null (gleaner_paper_get_ai_summary (paper));
  g_assert_cmpuint (strv_len (gleaner_paper_get_ai_keywords (paper)), ==, 0);
  g_assert_null (gleaner_paper_get_github_repo (paper));
  g_assert_cmpint (gleaner_paper_get_github_stars (paper), ==, -1);
  g_assert_null (gleaner_paper_get_project_page (paper));
  g_assert_null (gleaner_paper_get_thumbnail (paper));

  /* Only a JSON true hides an author; unusable items are dropped. */
  paper = g_ptr_array_index (papers, 2);
  g_assert_cmpstr (gleaner_paper_get_id (paper), ==, "2501.50005");
  assert_strv (gleaner_paper_get_authors (paper), mixed_authors);
  assert_strv (gleaner_paper_get_ai_keywords (paper), mixed_keywords);
  g_assert_cmpint (gleaner_paper_get_upvotes (paper), ==, -1);
  g_assert_cmpint (gleaner_paper_get_github_stars (paper), ==, -1);
  g_assert_cmpint (gleaner_paper_get_num_comments (paper), ==, -1);

  paper = g_ptr_array_index (papers, 3);
  g_assert_cmpstr (gleaner_paper_get_id (paper), ==, "2501.50008");
  g_assert_cmpint (gleaner_paper_get_upvotes (paper), ==, 12);
  g_assert_cmpint (gleaner_paper_get_github_stars (paper), ==, -1);
  g_assert_cmpint (gleaner_paper_get_num_comments (paper), ==, -1);
  g_assert_cmpstr (gleaner_paper_get_github_repo (paper), ==, "https://github.com/synthetic-org/floats");

  paper = g_ptr_array_index (papers, 4);
  g_assert_cmpstr (gleaner_paper_get_id (paper), ==, "2501.50009");
  g_assert_cmpint (gleaner_paper_get_published (paper), ==, 0);
  g_assert_cmpint (gleaner_paper_get_submitted (paper), ==, 0);

  paper = g_ptr_array_index (papers, 5);
  g_assert_cmpstr (gleaner_paper_get_id (paper), ==, "2501.50010");
  g_assert_cmpint (gleaner_paper_get_published (paper), ==, 1735776000);

  paper = g_ptr_array_index (papers, 6);
  g_assert_cmpstr (gleaner_paper_get_id (paper), ==, "2501.50011");
}

static void
test_missing_members (void)
{
  g_autoptr(GPtrArray) papers = parse_fixture ("missing-members.json", NULL, 4, 4);
  GleanerPaper *paper;
  const char * const authors[] = { "Flat Author", NULL };
  const char * const keywords[] = { "flat keyword", NULL };

  assert_clean (papers);

  paper = g_ptr_array_index (papers, 0);
  g_assert_cmpstr (gleaner_paper_get_id (paper), ==, "2501.40002");
  g_assert_cmpstr (gleaner_paper_get_title (paper), ==, "Title only at entry level");
  g_assert_cmpstr (gleaner_paper_get_abstract (paper), ==, "Summary only at entry level");

  paper = g_ptr_array_index (papers, 1);
  g_assert_cmpstr (gleaner_paper_get_id (paper), ==, "2501.40003");
  g_assert_cmpstr (gleaner_paper_get_title (paper), ==, "Minimal paper");
  g_assert_null (gleaner_paper_get_abstract (paper));
  g_assert_cmpuint (strv_len (gleaner_paper_get_authors (paper)), ==, 0);
  g_assert_cmpint (gleaner_paper_get_published (paper), ==, 0);
  g_assert_cmpint (gleaner_paper_get_submitted (paper), ==, 0);
  g_assert_cmpint (gleaner_paper_get_upvotes (paper), ==, -1);
  g_assert_cmpint (gleaner_paper_get_num_comments (paper), ==, -1);
  g_assert_cmpint (gleaner_paper_get_github_stars (paper), ==, -1);
  g_assert_null (gleaner_paper_get_ai_summary (paper));
  g_assert_null (gleaner_paper_get_github_repo (paper));
  g_assert_null (gleaner_paper_get_project_page (paper));
  g_assert_null (gleaner_paper_get_thumbnail (paper));

  /* The old flat search shape. */
  paper = g_ptr_array_index (papers, 2);
  g_assert_cmpstr (gleaner_paper_get_id (paper), ==, "2501.40004");
  g_assert_cmpstr (gleaner_paper_get_title (paper), ==, "Old flat search result");
  g_assert_cmpstr (gleaner_paper_get_thumbnail (paper), ==,
                   "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2501.40004.png");

  /* The /api/papers/{id} shape, with a version on the id. */
  paper = g_ptr_array_index (papers, 3);
  g_assert_cmpstr (gleaner_paper_get_id (paper), ==, "2501.40005");
  g_assert_cmpstr (gleaner_paper_get_abstract (paper), ==, "Flat abstract.");
  assert_strv (gleaner_paper_get_authors (paper), authors);
  assert_strv (gleaner_paper_get_ai_keywords (paper), keywords);
  g_assert_cmpint (gleaner_paper_get_published (paper), ==, 1704067200);
  g_assert_cmpint (gleaner_paper_get_submitted (paper), ==, 1704283200);
  g_assert_cmpint (gleaner_paper_get_upvotes (paper), ==, 5);
  g_assert_cmpint (gleaner_paper_get_num_comments (paper), ==, -1);
}

static void
test_nulls (void)
{
  g_autoptr(GPtrArray) papers = parse_fixture ("nulls.json", DAILY_DATE, 3, 4);
  GleanerPaper *paper;
  const char * const authors[] = { "Real Name", NULL };
  const char * const keywords[] = { "kept keyword", NULL };

  assert_clean (papers);

  paper = g_ptr_array_index (papers, 0);
  g_assert_cmpstr (gleaner_paper_get_id (paper), ==, "2501.30001");
  g_assert_cmpstr (gleaner_paper_get_title (paper), ==, "All optional members are null");
  g_assert_null (gleaner_paper_get_abstract (paper));
  g_assert_cmpuint (strv_len (gleaner_paper_get_authors (paper)), ==, 0);
  g_assert_cmpint (gleaner_paper_get_published (paper), ==, 0);
  g_assert_cmpint (gleaner_paper_get_submitted (paper), ==, 0);
  g_assert_cmpint (gleaner_paper_get_upvotes (paper), ==, -1);
  g_assert_cmpint (gleaner_paper_get_num_comments (paper), ==, -1);
  g_assert_null (gleaner_paper_get_ai_summary (paper));
  g_assert_cmpuint (strv_len (gleaner_paper_get_ai_keywords (paper)), ==, 0);
  g_assert_null (gleaner_paper_get_github_repo (paper));
  g_assert_cmpint (gleaner_paper_get_github_stars (paper), ==, -1);
  g_assert_null (gleaner_paper_get_project_page (paper));
  g_assert_null (gleaner_paper_get_thumbnail (paper));
  g_assert_cmpstr (gleaner_paper_get_daily_date (paper), ==, DAILY_DATE);

  paper = g_ptr_array_index (papers, 1);
  g_assert_cmpstr (gleaner_paper_get_id (paper), ==, "2501.30002");
  g_assert_cmpstr (gleaner_paper_get_title (paper), ==, "Entry-level title");
  g_assert_cmpstr (gleaner_paper_get_abstract (paper), ==, "Entry-level summary");

  paper = g_ptr_array_index (papers, 2);
  g_assert_cmpstr (gleaner_paper_get_id (paper), ==, "2501.30003");
  assert_strv (gleaner_paper_get_authors (paper), authors);
  assert_strv (gleaner_paper_get_ai_keywords (paper), keywords);
}

static void
test_empty_array (void)
{
  g_autoptr(GPtrArray) papers = parse_fixture ("empty.json", DAILY_DATE, 0, 0);

  g_assert_cmpuint (papers->len, ==, 0);
}

static void
test_not_array (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("not-array.json");
  g_autofree char *message = expect_error (bytes, GLEANER_HF_PARSER_ERROR_UNEXPECTED);

  /* The server's own words reach the user. */
  g_assert_nonnull (strstr (message, "Invalid date"));
}

static void
test_error_message (void)
{
  g_autoptr(GString) json = g_string_new ("{\"error\": \"Bad\\u0007\\nthing\\u0000here ");
  g_autofree char *message = NULL;

  for (guint i = 0; i < 1000; i++)
    g_string_append (json, "xx");
  g_string_append (json, "\"}");

  message = expect_string_error (json->str, GLEANER_HF_PARSER_ERROR_UNEXPECTED);
  g_assert_nonnull (strstr (message, "Bad  thing here"));
  g_assert_false (has_control_chars (message, FALSE));
  g_assert_cmpuint (strlen (message), <, 400);
}

static void
test_unexpected_roots (void)
{
  static const char * const roots[] = {
    "{}", "{\"error\": 5}", "{\"error\": null}", "{\"error\": \"x\", \"id\": \"2401.00001\"}",
    "{\"papers\": []}", "42", "null", "true", "\"a string\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (roots); i++)
    {
      g_autofree char *message = expect_string_error (roots[i], GLEANER_HF_PARSER_ERROR_UNEXPECTED);

      g_assert_cmpstr (message, !=, "");
    }
}

static void
test_html (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("html-200.html");
  g_autofree char *message = expect_error (bytes, GLEANER_HF_PARSER_ERROR_INVALID_JSON);

  g_assert_cmpstr (message, !=, "");
}

static void
test_truncated (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("truncated.json");
  g_autofree char *message = expect_error (bytes, GLEANER_HF_PARSER_ERROR_INVALID_JSON);

  g_assert_cmpuint (g_bytes_get_size (bytes), >, 1000);
  g_assert_cmpstr (message, !=, "");
}

static void
test_empty_body (void)
{
  static const char * const bodies[] = { " ", "\n\n", "[", "[{", "[1,]", "[] x", "\xff\xfe" };
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autofree char *message = expect_error (empty, GLEANER_HF_PARSER_ERROR_INVALID_JSON);

  g_assert_cmpstr (message, !=, "");

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autofree char *m = expect_string_error (bodies[i], GLEANER_HF_PARSER_ERROR_INVALID_JSON);

      g_assert_cmpstr (m, !=, "");
    }
}

static void
test_deep_nesting (void)
{
  g_autoptr(GString) json = g_string_new (NULL);
  g_autofree char *message = NULL;
  g_autoptr(GPtrArray) papers = NULL;

  /* json-glib 1.6 would overflow the stack on this. */
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (json, '[');
  message = expect_string_error (json->str, GLEANER_HF_PARSER_ERROR_INVALID_JSON);
  g_assert_cmpstr (message, !=, "");

  /* Brackets inside strings don't count, and modest nesting is fine. */
  g_string_assign (json, "[{\"paper\": {\"id\": \"2501.70001\", \"title\": \"[[[[{{{{\", "
                         "\"extra\": [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]}}]");
  for (guint i = 0; i < 1000; i++)
    g_string_insert (json, strlen ("[{\"paper\": {\"id\": \"2501.70001\", \"title\": \"["), "[");
  papers = parse_string (json->str, 1, 0);
  g_assert_true (g_str_has_prefix (gleaner_paper_get_title (g_ptr_array_index (papers, 0)), "[[[["));
}

static void
test_invalid_utf8 (void)
{
  g_autoptr(GPtrArray) papers = NULL;

  /* One bad byte does not lose the page; it becomes U+FFFD. */
  papers = parse_string ("[{\"paper\": {\"id\": \"2501.70001\", \"title\": \"Bad \xff byte\"}},"
                         " {\"paper\": {\"id\": \"2501.70002\", \"title\": \"Cut \xe2\x82\"}}]",
                         2, 0);
  g_assert_cmpstr (gleaner_paper_get_title (g_ptr_array_index (papers, 0)), ==,
                   "Bad \xef\xbf\xbd byte");
  g_assert_cmpstr (gleaner_paper_get_title (g_ptr_array_index (papers, 1)), ==,
                   "Cut \xef\xbf\xbd\xef\xbf\xbd");
}

static void
test_surrogates (void)
{
  g_autoptr(GPtrArray) papers = NULL;

  /* Escaped surrogates that are not a pair become U+FFFD instead of eating the next character
   * or, at the end of a string, the closing quote and with it the whole page. */
  papers = parse_string ("[{\"paper\": {\"id\": \"2501.70001\", \"title\": \"Lone \\ud800 high\"}},"
                         " {\"paper\": {\"id\": \"2501.70002\", \"title\": \"Ends high \\uD83D\"}},"
                         " {\"paper\": {\"id\": \"2501.70003\", \"title\": \"Pair \\ud83d\\ude00 ok\"}},"
                         " {\"paper\": {\"id\": \"2501.70004\", \"title\": \"Lone \\udc00 low\"}},"
                         " {\"paper\": {\"id\": \"2501.70005\", \"title\": \"Reversed \\ude00\\ud83d\"}},"
                         " {\"paper\": {\"id\": \"2501.70006\", \"title\": \"High high \\ud83d\\ud83d\\ude00\"}},"
                         " {\"paper\": {\"id\": \"2501.70007\", \"title\": \"Not an escape \\\\ud800\"}}]",
                         7, 0);
  g_assert_cmpstr (gleaner_paper_get_title (g_ptr_array_index (papers, 0)), ==,
                   "Lone \xef\xbf\xbd high");
  g_assert_cmpstr (gleaner_paper_get_title (g_ptr_array_index (papers, 1)), ==,
                   "Ends high \xef\xbf\xbd");
  g_assert_cmpstr (gleaner_paper_get_title (g_ptr_array_index (papers, 2)), ==,
                   "Pair \xf0\x9f\x98\x80 ok");
  g_assert_cmpstr (gleaner_paper_get_title (g_ptr_array_index (papers, 3)), ==,
                   "Lone \xef\xbf\xbd low");
  g_assert_cmpstr (gleaner_paper_get_title (g_ptr_array_index (papers, 4)), ==,
                   "Reversed \xef\xbf\xbd\xef\xbf\xbd");
  g_assert_cmpstr (gleaner_paper_get_title (g_ptr_array_index (papers, 5)), ==,
                   "High high \xef\xbf\xbd\xf0\x9f\x98\x80");
  g_assert_cmpstr (gleaner_paper_get_title (g_ptr_array_index (papers, 6)), ==,
                   "Not an escape \\ud800");
}

static void
test_raw_nul_byte (void)
{
  static const char json[] = "[{\"paper\": {\"id\": \"2501.70001\", \"title\": \"Raw\0NUL\"}}]";
  g_autoptr(GBytes) bytes = g_bytes_new (json, sizeof json - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = NULL;
  guint skipped = G_MAXUINT;

  papers = gleaner_hf_parse_papers (bytes, NULL, &skipped, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (papers->len, ==, 1);
  g_assert_cmpuint (skipped, ==, 0);
  g_assert_cmpstr (gleaner_paper_get_title (g_ptr_array_index (papers, 0)), ==,
                   "Raw\xef\xbf\xbdNUL");
}

static GleanerPaper *
parse_one (const char *json)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = NULL;

  papers = gleaner_hf_parse_papers (bytes, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (papers->len, ==, 1);

  return g_object_ref (g_ptr_array_index (papers, 0));
}

/* A name is one line: any run of white space in it, line breaks of every kind included,
 * is one space (the store and every list in the UI hold it as one item). */
static void
test_names_one_line (void)
{
  g_autoptr(GleanerPaper) paper =
    parse_one ("{\"id\": \"2501.80002\", \"title\": \"Names\", \"authors\": ["
               "{\"name\": \"Ada\\nLovelace\"}, {\"name\": \"\\tÉmile \\r\\n Borel\\n\"},"
               "{\"name\": \"Line\\u2028Sep\\u2029Para\\u0085Next\\u00a0Nbsp\"}],"
               "\"ai_keywords\": [\"in-context\\nlearning\", \"a\\u000bb\\fc\"]}");
  const char * const authors[] = { "Ada Lovelace", "Émile Borel", "Line Sep Para Next Nbsp", NULL };
  const char * const keywords[] = { "in-context learning", "a b c", NULL };

  assert_strv (gleaner_paper_get_authors (paper), authors);
  assert_strv (gleaner_paper_get_ai_keywords (paper), keywords);
}

/* Counts beyond what the store can rank by are capped, not wrapped. */
static void
test_huge_upvotes (void)
{
  g_autoptr(GleanerPaper) paper =
    parse_one ("{\"id\": \"2501.80003\", \"title\": \"Popular\", \"upvotes\": 2147483648}");
  g_autoptr(GleanerPaper) huge =
    parse_one ("{\"id\": \"2501.80004\", \"title\": \"Very\", \"upvotes\": 9007199254740992.0}");

  g_assert_cmpint (gleaner_paper_get_upvotes (paper), ==, G_MAXINT32);
  g_assert_cmpint (gleaner_paper_get_upvotes (huge), ==, G_MAXINT32);
}

static void
test_flat_object (void)
{
  const char *json = "{\"id\": \"2501.80001\", \"title\": \"Paper from /api/papers/{id}\", "
                     "\"upvotes\": 4, \"numTotalModels\": 0}";
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = NULL;

  /* n_skipped may be NULL. */
  papers = gleaner_hf_parse_papers (bytes, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (papers->len, ==, 1);
  g_assert_cmpstr (gleaner_paper_get_id (g_ptr_array_index (papers, 0)), ==, "2501.80001");
  g_assert_cmpint (gleaner_paper_get_upvotes (g_ptr_array_index (papers, 0)), ==, 4);

  /* A flat object with an unusable id gives an empty result, not an error. */
  g_clear_pointer (&papers, g_ptr_array_unref);
  g_clear_pointer (&bytes, g_bytes_unref);
  json = "{\"id\": \"not-an-id\", \"title\": \"x\"}";
  bytes = g_bytes_new (json, strlen (json));
  papers = gleaner_hf_parse_papers (bytes, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (papers->len, ==, 0);
}

/* /api/papers/search, both shapes the API has had. */
static void
test_search_current (void)
{
  g_autoptr(GPtrArray) papers = parse_fixture ("search-current.json", NULL, 5, 0);
  GleanerPaper *first = g_ptr_array_index (papers, 0);

  /* Daily-style entries without the daily members; highlight arrays are ignored. */
  g_assert_cmpstr (gleaner_paper_get_id (first), ==, "2501.00101");
  g_assert_nonnull (gleaner_paper_get_title (first));
  g_assert_nonnull (gleaner_paper_get_abstract (first));
  g_assert_nonnull (gleaner_paper_get_authors (first));
  g_assert_cmpint (gleaner_paper_get_submitted (first), ==, 0);
  g_assert_null (gleaner_paper_get_daily_date (first));
  g_assert_cmpstr (gleaner_paper_get_id (g_ptr_array_index (papers, 4)), ==, "2501.00105");
}

static void
test_search_flat (void)
{
  g_autoptr(GPtrArray) papers = parse_fixture ("search-flat.json", NULL, 4, 0);
  GleanerPaper *first = g_ptr_array_index (papers, 0);

  /* {"id", "title", "thumbnailUrl", "source"} and nothing else. */
  g_assert_cmpstr (gleaner_paper_get_id (first), ==, "2501.00201");
  g_assert_nonnull (gleaner_paper_get_title (first));
  g_assert_null (gleaner_paper_get_abstract (first));
  g_assert_true (gleaner_paper_get_authors (first) == NULL ||
                 gleaner_paper_get_authors (first)[0] == NULL);
  g_assert_cmpint (gleaner_paper_get_upvotes (first), <=, 0);
  g_assert_cmpstr (gleaner_paper_get_thumbnail (first), ==,
                   "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2501.00201.png");
}

static void
test_trending (void)
{
  static const char * const ids[] = {
    "2501.00250", "2501.00010", "2501.00293", "2501.00120", "2501.00001", "2501.00175",
    "2501.00048", "2501.00201", "2501.00099", "2501.00150", "2501.00033", "2501.00260",
  };
  g_autoptr(GPtrArray) papers = parse_fixture ("trending.json", NULL, G_N_ELEMENTS (ids), 0);

  /* Document order is the ranking. */
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_cmpstr (gleaner_paper_get_id (g_ptr_array_index (papers, i)), ==, ids[i]);
}

/* The parser runs in GTask workers: several threads at once must agree. */
static gpointer
parse_in_thread (gpointer data)
{
  GBytes *bytes = data;
  guint total = 0;

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GPtrArray) papers = gleaner_hf_parse_papers (bytes, DAILY_DATE, NULL, NULL);

      total += papers ? papers->len : 0;
    }

  return GUINT_TO_POINTER (total);
}

static void
test_threads (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("daily-papers-p1.json");
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("parser", parse_in_thread, bytes);

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (threads[i])), ==, 5 * 100);
}

/* Every paper the HF parser makes says where it came from (the store ORs the sources). */
static void
test_sources (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("daily-papers-p0.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = gleaner_hf_parse_papers (bytes, "2025-01-06", NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (papers->len, >, 0);
  for (guint i = 0; i < papers->len; i++)
    g_assert_cmpint (gleaner_paper_get_sources (g_ptr_array_index (papers, i)), ==,
                     GLEANER_SOURCE_KIND_HF);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  gleaner_test_add_func ("/parser/daily-pages", test_daily_pages);
  gleaner_test_add_func ("/parser/sources", test_sources);
  gleaner_test_add_func ("/parser/search-current", test_search_current);
  gleaner_test_add_func ("/parser/search-flat", test_search_flat);
  gleaner_test_add_func ("/parser/trending", test_trending);
  gleaner_test_add_func ("/parser/first-paper", test_first_paper);
  gleaner_test_add_func ("/parser/full-paper", test_full_paper);
  gleaner_test_add_func ("/parser/hidden-authors", test_hidden_authors);
  gleaner_test_add_func ("/parser/duplicate", test_duplicate);
  gleaner_test_add_func ("/parser/names-one-line", test_names_one_line);
  gleaner_test_add_func ("/parser/huge-upvotes", test_huge_upvotes);
  gleaner_test_add_func ("/parser/latex-titles", test_latex_titles);
  gleaner_test_add_func ("/parser/markup", test_markup);
  gleaner_test_add_func ("/parser/control-chars", test_control_chars);
  gleaner_test_add_func ("/parser/huge-string", test_huge_string);
  gleaner_test_add_func ("/parser/broken-types", test_broken_types);
  gleaner_test_add_func ("/parser/missing-members", test_missing_members);
  gleaner_test_add_func ("/parser/nulls", test_nulls);
  gleaner_test_add_func ("/parser/empty-array", test_empty_array);
  gleaner_test_add_func ("/parser/not-array", test_not_array);
  gleaner_test_add_func ("/parser/error-message", test_error_message);
  gleaner_test_add_func ("/parser/unexpected-roots", test_unexpected_roots);
  gleaner_test_add_func ("/parser/html", test_html);
  gleaner_test_add_func ("/parser/truncated", test_truncated);
  gleaner_test_add_func ("/parser/empty-body", test_empty_body);
  gleaner_test_add_func ("/parser/deep-nesting", test_deep_nesting);
  gleaner_test_add_func ("/parser/invalid-utf8", test_invalid_utf8);
  gleaner_test_add_func ("/parser/surrogates", test_surrogates);
  gleaner_test_add_func ("/parser/raw-nul-byte", test_raw_nul_byte);
  gleaner_test_add_func ("/parser/flat-object", test_flat_object);
  gleaner_test_add_func ("/parser/threads", test_threads);

  gleaner_test_add_queued ();

  return g_test_run ();
}
