/* test-arxiv-categories.c — tests for arXiv's category taxonomy table and its search.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-arxiv-categories"

#include "config.h"

#include <glib.h>
#include <string.h>

#include "gleaner-arxiv-categories.h"
#include "gleaner-test-util.h"

static void
test_counts_per_group (void)
{
  /* arxiv.org/category_taxonomy: the number of categories each group lists. */
  static const guint expected[GLEANER_ARXIV_N_GROUPS] = {
    [GLEANER_ARXIV_GROUP_CS] = 40,
    [GLEANER_ARXIV_GROUP_ECON] = 3,
    [GLEANER_ARXIV_GROUP_EESS] = 4,
    [GLEANER_ARXIV_GROUP_MATH] = 32,
    [GLEANER_ARXIV_GROUP_PHYSICS] = 51,
    [GLEANER_ARXIV_GROUP_Q_BIO] = 10,
    [GLEANER_ARXIV_GROUP_Q_FIN] = 9,
    [GLEANER_ARXIV_GROUP_STAT] = 6,
  };
  guint total = 0, n_all = 0;

  gleaner_arxiv_categories_get_all (&n_all);

  for (guint g = 0; g < GLEANER_ARXIV_N_GROUPS; g++)
    {
      guint n = 0;
      const GleanerArxivCategory *slice = gleaner_arxiv_categories_get_group (g, &n);

      g_assert_nonnull (slice);
      g_assert_cmpuint (n, ==, expected[g]);
      g_assert_nonnull (gleaner_arxiv_group_get_name (g));
      for (guint i = 0; i < n; i++)
        g_assert_cmpint (slice[i].group, ==, g);
      total += n;
    }

  g_assert_cmpuint (total, ==, 155);
  g_assert_cmpuint (n_all, ==, total);
}

static void
test_codes_unique_and_well_formed (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GRegex) shape = NULL;
  const GleanerArxivCategory *all;
  guint n = 0;

  /* An archive ("cs", "cond-mat", "hep-th"), then optionally a dot and a subject class
   * ("LG", "str-el"). */
  shape = g_regex_new ("^[a-z]+(-[a-z]+)?(\\.[A-Za-z]+(-[a-z]+)?)?$", 0, 0, NULL);
  all = gleaner_arxiv_categories_get_all (&n);

  for (guint i = 0; i < n; i++)
    {
      const GleanerArxivCategory *c = &all[i];

      if (!g_regex_match (shape, c->code, 0, NULL))
        g_test_fail_printf ("badly formed code “%s”", c->code);
      if (!g_hash_table_add (seen, (gpointer)c->code))
        g_test_fail_printf ("code “%s” listed twice", c->code);
      if (!g_str_has_prefix (c->code, c->archive) ||
          (c->code[strlen (c->archive)] != '\0' && c->code[strlen (c->archive)] != '.'))
        g_test_fail_printf ("code “%s” is not in archive “%s”", c->code, c->archive);
      if (c->name == NULL || c->name[0] == '\0' || strchr (c->name, '<') != NULL)
        g_test_fail_printf ("code “%s” has no plain name", c->code);
      /* Sorted by code within a group, so the picker and the tests see a stable order. */
      if (i > 0 && all[i - 1].group == c->group && strcmp (all[i - 1].code, c->code) >= 0)
        g_test_fail_printf ("“%s” comes after “%s”", c->code, all[i - 1].code);
      if (i > 0)
        g_assert_cmpint (all[i - 1].group, <=, c->group);
    }
}

static void
test_lookup (void)
{
  const GleanerArxivCategory *c;
  g_autofree char *label = NULL;

  c = gleaner_arxiv_category_lookup ("cs.LG");
  g_assert_nonnull (c);
  g_assert_cmpstr (c->code, ==, "cs.LG");
  g_assert_cmpstr (c->archive, ==, "cs");
  g_assert_cmpint (c->group, ==, GLEANER_ARXIV_GROUP_CS);
  g_assert_cmpstr (gleaner_arxiv_category_get_name (c), ==, "Machine Learning");
  label = gleaner_arxiv_category_dup_label (c);
  g_assert_cmpstr (label, ==, "cs.LG — Machine Learning");

  c = gleaner_arxiv_category_lookup ("hep-th");
  g_assert_nonnull (c);
  g_assert_cmpint (c->group, ==, GLEANER_ARXIV_GROUP_PHYSICS);
  g_assert_cmpstr (c->archive, ==, "hep-th");

  c = gleaner_arxiv_category_lookup ("cond-mat.str-el");
  g_assert_nonnull (c);
  g_assert_cmpstr (c->archive, ==, "cond-mat");
  g_assert_cmpstr (c->name, ==, "Strongly Correlated Electrons");

  c = gleaner_arxiv_category_lookup ("q-fin.TR");
  g_assert_nonnull (c);
  g_assert_cmpint (c->group, ==, GLEANER_ARXIV_GROUP_Q_FIN);

  /* arXiv's codes are case-sensitive; unknown, empty and NULL codes find nothing. */
  g_assert_null (gleaner_arxiv_category_lookup ("cs.lg"));
  g_assert_null (gleaner_arxiv_category_lookup ("cs.XX"));
  g_assert_null (gleaner_arxiv_category_lookup ("cs"));
  g_assert_null (gleaner_arxiv_category_lookup (""));
  g_assert_null (gleaner_arxiv_category_lookup (NULL));
}

static char *
codes_matching (const char *query)
{
  g_autoptr(GString) codes = g_string_new (NULL);
  const GleanerArxivCategory *all;
  guint n = 0;

  all = gleaner_arxiv_categories_get_all (&n);
  for (guint i = 0; i < n; i++)
    if (gleaner_arxiv_category_matches (&all[i], query))
      g_string_append_printf (codes, "%s%s", codes->len ? " " : "", all[i].code);

  return g_string_free (g_steal_pointer (&codes), FALSE);
}

static void
test_search (void)
{
  struct { const char *query; const char *codes; } cases[] = {
    { "machine", "cs.LG stat.ML" },
    { "MACHINE learning", "cs.LG stat.ML" },
    { "learning stat", "stat.ML" },
    { "cs.lg", "cs.LG" },
    { "  hep-th ", "hep-th" },
    { "str-el", "cond-mat.str-el" },
    { "superconduct", "cond-mat.supr-con" },
    { "nothing like this", "" },
  };
  guint n_all = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *codes = codes_matching (cases[i].query);

      if (g_strcmp0 (codes, cases[i].codes) != 0)
        g_test_fail_printf ("“%s” matched “%s”, expected “%s”", cases[i].query, codes, cases[i].codes);
    }

  /* An empty query shows everything. */
  gleaner_arxiv_categories_get_all (&n_all);
  for (guint i = 0; i < 3; i++)
    {
      const char *queries[] = { NULL, "", "   " };
      g_autofree char *codes = codes_matching (queries[i]);
      g_auto(GStrv) split = g_strsplit (codes, " ", -1);

      g_assert_cmpuint (g_strv_length (split), ==, n_all);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  gleaner_test_add_func ("/arxiv-categories/counts", test_counts_per_group);
  gleaner_test_add_func ("/arxiv-categories/codes", test_codes_unique_and_well_formed);
  gleaner_test_add_func ("/arxiv-categories/lookup", test_lookup);
  gleaner_test_add_func ("/arxiv-categories/search", test_search);

  gleaner_test_add_queued ();

  return g_test_run ();
}
