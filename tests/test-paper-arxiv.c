/* test-paper-arxiv.c — arXiv's fields in the detail pane and the rows: real widgets under
 * Xvfb, fed GleanerPaper objects as the store hands them out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "gleaner-paper-detail.h"
#include "gleaner-paper-row.h"
#include "gleaner-test-util.h"
#include "gleaner-tooltip.h"
#include "gleaner-uri.h"

typedef struct
{
  int unused;
} Fixture;

/* See gleaner-test-util.h: the main loop runs until @cond holds, with a guard. */
#define WAIT_UNTIL(cond) GLEANER_TEST_WAIT_UNTIL (cond)

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
close_window (GtkWidget *window)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  gtk_window_destroy (GTK_WINDOW (window));
  WAIT_UNTIL (window == NULL);
}

static GleanerPaper *
arxiv_paper (void)
{
  GleanerPaper *paper = gleaner_paper_new ("2401.01234");
  const char *categories[] = { "gr-qc", "hep-th", "math-ph", "xx.YY", NULL };

  gleaner_paper_set_title (paper, "Islands in Two-Dimensional Gravity");
  gleaner_paper_set_abstract (paper, "We revisit the island formula.");
  gleaner_paper_take_categories (paper, g_strdupv ((char **)categories));
  gleaner_paper_set_primary_category (paper, "hep-th");
  gleaner_paper_set_comments (paper, "34 pages, <b>7</b> figures");
  gleaner_paper_set_journal_ref (paper, "JHEP 04 (2024) 123");
  gleaner_paper_set_doi (paper, "10.1007/JHEP04(2024)123");
  gleaner_paper_set_license (paper, "http://creativecommons.org/licenses/by-nc-sa/4.0/");
  gleaner_paper_set_version (paper, 3);
  gleaner_paper_set_published (paper, 1704672000);   /* 8 January 2024 */
  gleaner_paper_set_updated (paper, 1707350400);     /* 8 February 2024 */
  gleaner_paper_set_sources (paper, GLEANER_SOURCE_KIND_ARXIV);
  gleaner_paper_set_upvotes (paper, 0);
  gleaner_paper_set_num_comments (paper, 0);

  return paper;
}

static const char *
label_of (GleanerPaperDetail *detail,
          const char         *field)
{
  GtkWidget *label = gleaner_paper_detail_get_arxiv_widget (detail, field);

  return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static GtkWidget *
show_detail (GleanerPaper *paper)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *detail = gleaner_paper_detail_new ();

  gtk_window_set_child (GTK_WINDOW (window), detail);
  gleaner_paper_detail_set_paper (GLEANER_PAPER_DETAIL (detail), paper);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (detail));

  return detail;
}

static void
test_detail_arxiv_fields (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GleanerPaper) paper = arxiv_paper ();
  GtkWidget *widget = show_detail (paper);
  GleanerPaperDetail *detail = GLEANER_PAPER_DETAIL (widget);
  GtkWidget *box = gleaner_paper_detail_get_arxiv_widget (detail, "categories");
  GtkWidget *pill;
  const char *expected[] = { "hep-th", "gr-qc", "math-ph", "xx.YY" };
  g_autofree char *tooltip = NULL;
  guint n = 0;

  /* Primary first, then the others in arXiv's order, each once; names in the tooltip. */
  g_assert_true (gtk_widget_get_visible (box));
  for (pill = gtk_widget_get_first_child (box); pill != NULL; pill = gtk_widget_get_next_sibling (pill), n++)
    {
      g_assert_cmpuint (n, <, G_N_ELEMENTS (expected));
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (pill)), ==, expected[n]);
    }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));
  pill = gtk_widget_get_first_child (box);
  g_assert_true (gtk_widget_has_css_class (pill, "primary"));
  g_assert_cmpstr (gleaner_widget_get_tooltip (pill), ==,
                   "Primary category: hep-th — High Energy Physics - Theory");
  g_assert_cmpstr (gleaner_widget_get_tooltip (gtk_widget_get_next_sibling (pill)), ==,
                   "gr-qc — General Relativity and Quantum Cosmology");
  g_assert_cmpstr (gleaner_widget_get_tooltip (gtk_widget_get_last_child (box)), ==, "xx.YY");
  /* Given when asked for, not set ahead (a round trip to the X server each). */
  g_assert_null (gtk_widget_get_tooltip_text (pill));
  g_assert_true (gtk_widget_get_has_tooltip (pill));

  /* Text from the network is plain text: the <b> is shown, not parsed. */
  g_assert_cmpstr (label_of (detail, "comments"), ==, "34 pages, <b>7</b> figures");
  g_assert_cmpstr (label_of (detail, "journal-ref"), ==, "JHEP 04 (2024) 123");
  g_assert_cmpstr (label_of (detail, "doi"), ==, "10.1007/JHEP04(2024)123");
  g_assert_cmpstr (label_of (detail, "license"), ==, "CC BY-NC-SA 4.0");
  g_assert_nonnull (strstr (label_of (detail, "meta"), "arXiv:2401.01234v3"));
  g_assert_nonnull (strstr (label_of (detail, "meta"), "Updated 8 February 2024"));
  g_assert_false (gtk_widget_get_visible (gleaner_paper_detail_get_arxiv_widget (detail, "withdrawn")));
  /* The store keeps 0 upvotes for a paper only arXiv listed: that is "none", not zero. */
  g_assert_null (strstr (label_of (detail, "meta"), "upvote"));

  g_assert_cmpstr (gleaner_paper_detail_get_link_uri (gleaner_paper_detail_get_link_button (detail, "doi")),
                   ==, "https://doi.org/10.1007/JHEP04(2024)123");
  g_assert_cmpstr (gleaner_paper_detail_get_link_uri (gleaner_paper_detail_get_link_button (detail, "license")),
                   ==, "http://creativecommons.org/licenses/by-nc-sa/4.0/");
  /* Only arXiv listed it: no Hugging Face link. */
  g_assert_null (gleaner_paper_detail_get_link_button (detail, "huggingface"));
  g_assert_nonnull (gleaner_paper_detail_get_link_button (detail, "arxiv"));

  /* A withdrawn paper says so; a paper without arXiv's fields shows none of them. */
  {
    g_autoptr(GleanerPaper) withdrawn = arxiv_paper ();
    g_autoptr(GleanerPaper) plain = gleaner_paper_new ("2401.00001");

    gleaner_paper_set_withdrawn (withdrawn, TRUE);
    gleaner_paper_detail_set_paper (detail, withdrawn);
    g_assert_true (gtk_widget_get_visible (gleaner_paper_detail_get_arxiv_widget (detail, "withdrawn")));

    gleaner_paper_set_title (plain, "A Hugging Face paper");
    gleaner_paper_detail_set_paper (detail, plain);
    g_assert_false (gtk_widget_get_visible (gleaner_paper_detail_get_arxiv_widget (detail, "withdrawn")));
    g_assert_false (gtk_widget_get_visible (gleaner_paper_detail_get_arxiv_widget (detail, "categories")));
    g_assert_null (label_of (detail, "comments"));
    g_assert_null (label_of (detail, "doi"));
    g_assert_null (gleaner_paper_detail_get_link_button (detail, "doi"));
    g_assert_null (gleaner_paper_detail_get_link_button (detail, "license"));
    g_assert_nonnull (gleaner_paper_detail_get_link_button (detail, "huggingface"));
    g_assert_nonnull (strstr (label_of (detail, "meta"), "arXiv:2401.00001"));
    g_assert_null (strstr (label_of (detail, "meta"), "Updated"));
  }

  (void)tooltip;
  close_window (gtk_widget_get_ancestor (widget, GTK_TYPE_WINDOW));
}

static void
test_links_only_web (Fixture       *f,
                     gconstpointer  data)
{
  static const struct { const char *doi; const char *url; } dois[] = {
    { "10.1000/xyz", "https://doi.org/10.1000/xyz" },
    { "  doi:10.1000/A b", "https://doi.org/10.1000/A" },
    { "https://doi.org/10.1000/x", "https://doi.org/10.1000/x" },
    { "10.1000/a?b#c d", "https://doi.org/10.1000/a%3Fb%23c" },
    { "10.1002/(SICI)1097<x>", "https://doi.org/10.1002/(SICI)1097%3Cx%3E" },
    { "javascript:alert(1)", NULL },
    { "file:///etc/passwd", NULL },
    { "10.1000", NULL },
    { "", NULL },
    { NULL, NULL },
  };
  static const char *bad_licenses[] = {
    "javascript:alert(1)", "file:///etc/passwd", "data:text/html,hi", "see the PDF",
  };
  g_autoptr(GleanerPaper) paper = arxiv_paper ();
  GtkWidget *widget;
  GleanerPaperDetail *detail;

  for (guint i = 0; i < G_N_ELEMENTS (dois); i++)
    {
      g_autofree char *url = gleaner_uri_dup_doi_url (dois[i].doi);

      if (g_strcmp0 (url, dois[i].url) != 0)
        g_test_fail_printf ("DOI “%s” gave “%s”, expected “%s”", dois[i].doi, url, dois[i].url);
    }

  widget = show_detail (paper);
  detail = GLEANER_PAPER_DETAIL (widget);

  for (guint i = 0; i < G_N_ELEMENTS (bad_licenses); i++)
    {
      g_autoptr(GleanerPaper) other = arxiv_paper ();

      gleaner_paper_set_license (other, bad_licenses[i]);
      gleaner_paper_set_doi (other, "javascript:alert(1)");
      gleaner_paper_detail_set_paper (detail, other);

      /* Shown as text, never a button that would hand it to the desktop. */
      g_assert_null (gleaner_paper_detail_get_link_button (detail, "license"));
      g_assert_null (gleaner_paper_detail_get_link_button (detail, "doi"));
      g_assert_cmpstr (label_of (detail, "license"), ==, bad_licenses[i]);
      g_assert_cmpstr (label_of (detail, "doi"), ==, "javascript:alert(1)");
    }

  close_window (gtk_widget_get_ancestor (widget, GTK_TYPE_WINDOW));
}

/* The first descendant of @widget with CSS class @css_class, or NULL. */
static GtkWidget *
find_by_class (GtkWidget  *widget,
               const char *css_class)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (gtk_widget_has_css_class (child, css_class))
        return child;
      if ((found = find_by_class (child, css_class)) != NULL)
        return found;
    }

  return NULL;
}

static void
test_row_primary_category (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GleanerPaper) paper = arxiv_paper ();
  g_autoptr(GleanerPaper) plain = gleaner_paper_new ("2401.00001");
  g_autoptr(GleanerPaper) no_primary = gleaner_paper_new ("2401.00002");
  const char *categories[] = { "math.AP", "math.DG", NULL };
  GtkWidget *row = g_object_ref_sink (gleaner_paper_row_new ());
  GtkInscription *label = gleaner_paper_row_get_category_label (GLEANER_PAPER_ROW (row));
  GtkWidget *upvotes_box;

  gleaner_paper_row_set_paper (GLEANER_PAPER_ROW (row), paper);
  g_assert_cmpstr (gtk_inscription_get_text (label), ==, "hep-th");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (label)));
  /* Only arXiv listed it: its stored 0 upvotes are not shown as a count. */
  upvotes_box = gtk_widget_get_parent (find_by_class (row, "numeric"));
  g_assert_false (gtk_widget_get_visible (upvotes_box));

  /* A listing that has not said which is primary: the first category. */
  gleaner_paper_take_categories (no_primary, g_strdupv ((char **)categories));
  gleaner_paper_row_set_paper (GLEANER_PAPER_ROW (row), no_primary);
  g_assert_cmpstr (gtk_inscription_get_text (label), ==, "math.AP");

  /* Rows are recycled: a Hugging Face paper without categories hides the label. */
  gleaner_paper_row_set_paper (GLEANER_PAPER_ROW (row), plain);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (label)));
  gleaner_paper_set_upvotes (plain, 3);
  g_assert_true (gtk_widget_get_visible (upvotes_box));

  g_assert_finalize_object (row);
}

/* A refresh, a vote or a sync hands the pane a new object for the paper it shows: what did
 * not change keeps its widgets (rebuilding them redrew the whole pane at every refresh), and
 * what changed is shown. */
static void
test_detail_same_paper_again (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GleanerPaper) paper = arxiv_paper ();
  g_autoptr(GleanerPaper) again = arxiv_paper ();
  g_autoptr(GleanerPaper) changed = arxiv_paper ();
  const char *keywords[] = { "islands", "gravity", NULL };
  GtkWidget *widget = show_detail (paper);
  GleanerPaperDetail *detail = GLEANER_PAPER_DETAIL (widget);
  GtkWidget *categories = gleaner_paper_detail_get_arxiv_widget (detail, "categories");
  GtkWidget *pill = gtk_widget_get_first_child (categories);
  GtkWidget *doi_link = gleaner_paper_detail_get_link_button (detail, "doi");
  GtkLabel *title = gleaner_paper_detail_get_title_label (detail);
  PangoLayout *title_layout;

  gleaner_paper_detail_set_highlight (detail, "island");
  title_layout = gtk_label_get_layout (title);
  g_assert_nonnull (gtk_label_get_attributes (title));

  gleaner_paper_detail_set_paper (detail, again);
  g_assert_true (gleaner_paper_detail_get_paper (detail) == again);
  g_assert_true (gtk_widget_get_first_child (categories) == pill);
  g_assert_true (gleaner_paper_detail_get_link_button (detail, "doi") == doi_link);
  /* Same text, same marks: the label keeps its layout (a new one is a relayout). */
  g_assert_true (gtk_label_get_layout (title) == title_layout);

  /* A new DOI, another primary category and keywords: those are rebuilt and shown. */
  gleaner_paper_set_doi (changed, "10.1000/changed");
  gleaner_paper_set_primary_category (changed, "gr-qc");
  gleaner_paper_take_ai_keywords (changed, g_strdupv ((char **)keywords));
  gleaner_paper_detail_set_paper (detail, changed);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (categories))), ==, "gr-qc");
  g_assert_cmpstr (gleaner_paper_detail_get_link_uri (gleaner_paper_detail_get_link_button (detail, "doi")),
                   ==, "https://doi.org/10.1000/changed");
  g_assert_cmpstr (label_of (detail, "doi"), ==, "10.1000/changed");
  g_assert_true (gtk_widget_get_visible (gleaner_paper_detail_get_arxiv_widget (detail, "keywords")));

  /* And back to none at all. */
  gleaner_paper_detail_set_paper (detail, NULL);
  g_assert_false (gtk_widget_get_visible (categories));

  close_window (gtk_widget_get_ancestor (widget, GTK_TYPE_WINDOW));
}

/* Widgets under @root with the CSS class @name. */
static guint
count_with_class (GtkWidget  *root,
                  const char *name)
{
  guint n = gtk_widget_has_css_class (root, name) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_with_class (child, name);
  return n;
}

/* The paper's page is built when the first paper is shown, not with the pane: until then the
 * pane is its "No Paper Selected" page alone. Words to mark set before it exists are marked
 * in the first paper shown; clearing the paper keeps the page for the next. */
static void
test_detail_page_on_first_paper (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GleanerPaper) paper = arxiv_paper ();
  GtkWidget *widget = show_detail (NULL);
  GleanerPaperDetail *detail = GLEANER_PAPER_DETAIL (widget);

  g_assert_cmpuint (count_with_class (widget, "abstract"), ==, 0);
  g_assert_cmpuint (count_with_class (widget, "title-2"), ==, 0);
  g_assert_cmpuint (count_with_class (widget, "detail-empty"), ==, 1);

  gleaner_paper_detail_set_highlight (detail, "island");
  gleaner_paper_detail_set_paper (detail, NULL);
  g_assert_cmpuint (count_with_class (widget, "abstract"), ==, 0);

  gleaner_paper_detail_set_paper (detail, paper);
  g_assert_cmpuint (count_with_class (widget, "abstract"), ==, 1);
  g_assert_cmpstr (gtk_label_get_text (gleaner_paper_detail_get_title_label (detail)), ==,
                   gleaner_paper_get_title (paper));
  g_assert_nonnull (gtk_label_get_attributes (gleaner_paper_detail_get_title_label (detail)));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (gleaner_paper_detail_get_title_label (detail))));

  gleaner_paper_detail_set_paper (detail, NULL);
  g_assert_cmpuint (count_with_class (widget, "abstract"), ==, 1);
  WAIT_UNTIL (!gtk_widget_get_child_visible (GTK_WIDGET (gleaner_paper_detail_get_title_label (detail))) ||
              !gtk_widget_get_mapped (GTK_WIDGET (gleaner_paper_detail_get_title_label (detail))));

  close_window (gtk_widget_get_ancestor (widget, GTK_TYPE_WINDOW));
}

int
main (int   argc,
      char *argv[])
{
  static const GleanerTestCase cases[] = {
    { "/paper-arxiv/detail-fields", (GTestFixtureFunc)test_detail_arxiv_fields },
    { "/paper-arxiv/links-only-web", (GTestFixtureFunc)test_links_only_web },
    { "/paper-arxiv/same-paper-again", (GTestFixtureFunc)test_detail_same_paper_again },
    { "/paper-arxiv/row-primary-category", (GTestFixtureFunc)test_row_primary_category },
    { "/paper-arxiv/page-on-first-paper", (GTestFixtureFunc)test_detail_page_on_first_paper },
  };

  /* As in test-window: the MIME database and icon theme before GTest isolates directories. */
  g_free (g_content_type_guess ("icon.svg", NULL, 0, NULL));
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "C.UTF-8");
  gtk_init ();
  adw_init ();
  gtk_icon_theme_get_for_display (gdk_display_get_default ());

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_timeout_add (50, tick_cb, NULL);

  gleaner_test_add_shuffled (cases, G_N_ELEMENTS (cases), sizeof (Fixture), NULL, NULL);

  return g_test_run ();
}
