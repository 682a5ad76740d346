/* test-bibtex.c — tests for gleaner-bibtex.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Expected output lives in tests/fixtures/bibtex/, written and checked by hand. TeX is not
 * installed for the tests, so every output (and every fixture) is also read back here the way
 * BibTeX reads it: braces counted with no regard to backslashes, a field ending at the brace
 * that closes it. The LaTeX inside each value is checked too: plain and escaped braces and
 * dollars balanced, no bare % & #, no bare _ or ^ outside math. */

#define G_LOG_DOMAIN "test-bibtex"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "gleaner-bibtex.h"
#include "gleaner-paper.h"
#include "gleaner-test-util.h"

/* 2024-01-02T18:00:00Z */
#define JAN_2024 G_GINT64_CONSTANT (1704218400)

static GleanerPaper *
make_paper (const char         *id,
            const char         *title,
            const char * const *authors,
            gint64              published)
{
  GleanerPaper *paper = gleaner_paper_new (id);

  gleaner_paper_set_title (paper, title);
  gleaner_paper_take_authors (paper, g_strdupv ((char **) authors));
  gleaner_paper_set_published (paper, published);

  return paper;
}

/* Checks the LaTeX of one field value (without its delimiting braces); NULL if fine. */
static char *
latex_value_problem (const char *value,
                     gsize       len)
{
  int plain = 0;
  int escaped = 0;
  gboolean math = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = value[i];

      if (c == '\\')
        {
          if (i + 1 >= len)
            return g_strdup ("backslash at the end");
          if (value[i + 1] == '{')
            escaped++;
          else if (value[i + 1] == '}')
            escaped--;
          if (escaped < 0)
            return g_strdup ("\\} without \\{");
          i++;
          continue;
        }

      switch (c)
        {
        case '{':
          plain++;
          break;
        case '}':
          if (--plain < 0)
            return g_strdup ("} without {");
          break;
        case '$':
          math = !math;
          break;
        case '%':
        case '&':
        case '#':
          return g_strdup_printf ("bare %c", c);
        case '_':
        case '^':
          if (!math)
            return g_strdup_printf ("bare %c outside math", c);
          break;
        default:
          break;
        }
    }

  if (plain != 0 || escaped != 0)
    return g_strdup ("unbalanced braces");
  if (math)
    return g_strdup ("unclosed math");

  return NULL;
}

/* Reads @text as a series of "@misc{key,\n  name = {value},\n …\n}\n" entries separated by
 * blank lines, counting braces as BibTeX does. Returns NULL if it parses, else what is wrong. */
static char *
bibtex_problem (const char *text)
{
  const char *p = text;

  if (!g_utf8_validate (text, -1, NULL))
    return g_strdup ("not UTF-8");

  for (const char *q = text; *q != '\0'; q++)
    {
      if (((guchar) *q < 0x20 && *q != '\n') || *q == 0x7f)
        return g_strdup_printf ("control character 0x%02x", (guchar) *q);
    }

  if (*text != '\0' && !g_str_has_suffix (text, "}\n"))
    return g_strdup ("does not end in }\\n");

  while (*p != '\0')
    {
      const char *key;

      if (p != text)
        {
          if (!g_str_has_prefix (p, "\n"))
            return g_strdup_printf ("no blank line between entries at: %s", p);
          p++;
        }

      if (!g_str_has_prefix (p, "@misc{"))
        return g_strdup_printf ("no @misc{ at: %s", p);
      p += strlen ("@misc{");

      key = p;
      while (*p != ',')
        {
          if (*p == '\0' || g_ascii_isspace (*p) || strchr ("{}()\"#%'=\\~", *p) != NULL)
            return g_strdup_printf ("bad key at: %s", key);
          p++;
        }
      if (p == key)
        return g_strdup ("empty key");
      p++;

      for (;;)
        {
          const char *value;
          int depth = 1;
          char *problem;

          if (!g_str_has_prefix (p, "\n  "))
            return g_strdup_printf ("no field at: %s", p);
          p += 3;
          if (!g_ascii_isalpha (*p))
            return g_strdup_printf ("no field name at: %s", p);
          while (g_ascii_isalpha (*p))
            p++;
          if (!g_str_has_prefix (p, " = {"))
            return g_strdup_printf ("no ' = {' at: %s", p);
          p += 4;

          value = p;
          while (depth > 0)
            {
              if (*p == '\0' || *p == '\n')
                return g_strdup_printf ("field not closed: %s", value);
              if (*p == '{')
                depth++;
              else if (*p == '}')
                depth--;
              p++;
            }

          problem = latex_value_problem (value, p - 1 - value);
          if (problem != NULL)
            {
              char *message = g_strdup_printf ("%s in: %.*s", problem, (int) (p - 1 - value),
                                               value);

              g_free (problem);
              return message;
            }

          if (*p != ',')
            break;
          p++;
        }

      if (!g_str_has_prefix (p, "\n}\n"))
        return g_strdup_printf ("entry not closed at: %s", p);
      p += 3;
    }

  return NULL;
}

static void
assert_valid_bibtex (const char *text)
{
  g_autofree char *problem = bibtex_problem (text);

  if (problem != NULL)
    {
      g_autofree char *shown = g_strescape (text, NULL);

      g_error ("invalid BibTeX (%s): %s", problem, shown);
    }
}

static void
assert_fixture (const char *got,
                const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "bibtex", name, NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &expected, NULL, &error);
  g_assert_no_error (error);

  /* The hand-written fixture must itself be valid, or comparing with it proves nothing. */
  assert_valid_bibtex (expected);
  assert_valid_bibtex (got);
  g_assert_cmpstr (got, ==, expected);
}

/* The checker above must reject what BibTeX or LaTeX would choke on, or the balance checks in
 * every other test prove nothing. */
static void
test_checker (void)
{
  static const char *good = "@misc{a/b.1,\n  title = {{$\\{x_1\\}$ \\% {a}}},\n  url = {u}\n}\n";
  static const char *bad[] = {
    "@misc{a,\n  title = {a}}\n}\n",                 /* field closed early */
    "@misc{a,\n  title = {{a}\n}\n",                 /* field never closed */
    "@misc{a,\n  title = {a \\} b}\n}\n",          /* \} still counts for BibTeX */
    "@misc{a,\n  title = {a \\{ b}}\n}\n",         /* \{ closed by } */
    "@misc{a,\n  title = {50% off}\n}\n",
    "@misc{a,\n  title = {R&D}\n}\n",
    "@misc{a,\n  title = {\\#1 and #2}\n}\n",
    "@misc{a,\n  title = {snake_case}\n}\n",
    "@misc{a,\n  title = {x^2}\n}\n",
    "@misc{a,\n  title = {$x}\n}\n",
    "@misc{a,\n  title = {back\\}\n}\n",
    "@misc{a,\n  title = {a\tb}\n}\n",
    "@misc{a,\n  title = {\xff}\n}\n",
    "@misc{a b,\n  title = {a}\n}\n",
    "@misc{a{b,\n  title = {a}\n}\n",
    "@misc{,\n  title = {a}\n}\n",
    "@misc{a,\n  title = {a},\n}\n",
    "@misc{a,\n  title = {a}\n}\n@misc{b,\n  title = {b}\n}\n",
    "@misc{a,\n  title = {a}\n}",
  };
  g_autofree char *good_problem = bibtex_problem (good);

  g_assert_null (good_problem);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *problem = bibtex_problem (bad[i]);

      if (problem == NULL)
        {
          g_autofree char *shown = g_strescape (bad[i], NULL);

          g_test_fail_printf ("accepted bad BibTeX: %s", shown);
        }
    }
}

static GleanerPaper *
make_plain_paper (void)
{
  static const char * const authors[] = { "Ada Lovelace", "Alan Turing", "Grace Hopper", NULL };

  /* Hard-wrapped, as the arXiv API sends titles. */
  return make_paper ("2401.00001",
                     "Attention Is Still All You Need:\n  Scaling LLMs with GPT-4 Feedback",
                     authors, JAN_2024);
}

static GleanerPaper *
make_old_style_paper (void)
{
  static const char * const authors[] = { "Juan M. Maldacena", NULL };

  /* 1997-11-27T05:14:35Z */
  return make_paper ("hep-th/9711200",
                     "The Large N Limit of Superconformal Field Theories and Supergravity",
                     authors, G_GINT64_CONSTANT (880607675));
}

static GleanerPaper *
make_unknown_year_paper (void)
{
  static const char * const authors[] = { "Anonymous", NULL };

  /* No publication time, and an id whose month (13) cannot give a year. */
  return make_paper ("2413.00001", "A Paper From Nowhen", authors, 0);
}

static void
test_plain (void)
{
  g_autoptr(GleanerPaper) paper = make_plain_paper ();
  g_autofree char *entry = gleaner_bibtex_entry_full (paper, "cs.LG");

  assert_fixture (entry, "plain.bib");
}

static void
test_no_primary_class (void)
{
  static const char *line = "  primaryClass = {cs.LG},\n";
  g_autoptr(GleanerPaper) paper = make_plain_paper ();
  g_autofree char *with_class = gleaner_bibtex_entry_full (paper, "cs.LG");
  g_autofree char *without = gleaner_bibtex_entry (paper);
  g_autofree char *empty_class = gleaner_bibtex_entry_full (paper, "");
  g_autoptr(GString) expected = g_string_new (with_class);

  g_assert_nonnull (strstr (with_class, line));
  g_string_replace (expected, line, "", 1);

  assert_valid_bibtex (without);
  g_assert_cmpstr (without, ==, expected->str);
  g_assert_cmpstr (empty_class, ==, expected->str);
}

static void
test_old_style_id (void)
{
  g_autoptr(GleanerPaper) paper = make_old_style_paper ();
  g_autofree char *entry = gleaner_bibtex_entry (paper);

  assert_fixture (entry, "old-style.bib");
}

static void
test_latex_title (void)
{
  static const char * const authors[] = { "Marie Curie", "Ren\\'e Descartes", NULL };
  g_autoptr(GleanerPaper) paper = NULL;
  g_autofree char *entry = NULL;

  /* 2023-07-15T12:00:00Z */
  paper = make_paper ("2307.01234",
                      "Tunable $χ^{(2)}$ nonlinearity in \\'etale {GaAs} waveguides: "
                      "$\\{x_i\\}$ at 50% duty_cycle",
                      authors, G_GINT64_CONSTANT (1689422400));
  entry = gleaner_bibtex_entry (paper);

  assert_fixture (entry, "latex-title.bib");
}

static void
test_accents (void)
{
  static const char * const authors[] = {
    "Émile Borel", "Kurt Gödel", "Søren Kierkegaard", "Paul Erdős", "张伟", NULL
  };
  g_autoptr(GleanerPaper) paper = NULL;
  g_autofree char *entry = NULL;

  /* 2022-03-01T00:00:00Z */
  paper = make_paper ("2203.00042",
                      "Øresund Crossings and Gödel Numberings — a Naïve Approach",
                      authors, G_GINT64_CONSTANT (1646092800));
  entry = gleaner_bibtex_entry (paper);

  assert_fixture (entry, "accents.bib");
}

static void
test_special_characters (void)
{
  static const char * const authors[] = { "Jane Q. Public\x7f", "A. Author_1 & Co", NULL };
  g_autoptr(GleanerPaper) paper = NULL;
  g_autofree char *entry = NULL;

  /* With an ASCII control character, a C1 one (U+0085) and a tab to drop or fold. */
  paper = make_paper ("2401.00002",
                      "50% & more #1 un\x01" "der_sc\xc2\x85ore:\tx^2 ~ \"quoted\" {braced} "
                      "\\& 100\\% $5",
                      authors, JAN_2024);
  entry = gleaner_bibtex_entry (paper);

  assert_fixture (entry, "special.bib");
}

static void
test_unbalanced_braces (void)
{
  static const char * const authors[] = { "J. {Smith", "K. Jones}", NULL };
  g_autoptr(GleanerPaper) paper = make_paper ("2401.00003", "a } b {", authors, JAN_2024);
  g_autofree char *entry = gleaner_bibtex_entry (paper);

  assert_fixture (entry, "unbalanced.bib");
}

static void
test_names (void)
{
  static const char * const authors[] = {
    "Barnes and Noble", "Acme Labs, Inc.", "", "   ", "Ada \n  Lovelace", "Tom AND Jerry",
    "Alexander Andersen", NULL
  };
  g_autoptr(GleanerPaper) paper = make_paper ("2401.00004", "On Names", authors, JAN_2024);
  g_autofree char *entry = gleaner_bibtex_entry (paper);

  assert_fixture (entry, "names.bib");
}

static void
test_unknown_year (void)
{
  g_autoptr(GleanerPaper) paper = make_unknown_year_paper ();
  g_autofree char *entry = gleaner_bibtex_entry (paper);

  assert_fixture (entry, "unknown-year.bib");
}

static void
test_empty_authors (void)
{
  static const char * const blank[] = { "", "  ", "\t\x01", NULL };
  g_autoptr(GleanerPaper) none = make_paper ("2401.00005", "Authorless", NULL, JAN_2024);
  g_autoptr(GleanerPaper) blanks = make_paper ("2401.00005", "Authorless", blank, JAN_2024);
  g_autofree char *none_entry = gleaner_bibtex_entry (none);
  g_autofree char *blank_entry = gleaner_bibtex_entry (blanks);

  assert_fixture (none_entry, "empty-authors.bib");
  assert_fixture (blank_entry, "empty-authors.bib");
}

static void
test_no_title (void)
{
  static const char * const authors[] = { "Ada Lovelace", NULL };
  static const char *expected =
    "@misc{2401.00006,\n"
    "  author = {Ada Lovelace},\n"
    "  year = {2024},\n"
    "  eprint = {2401.00006},\n"
    "  archivePrefix = {arXiv},\n"
    "  url = {https://arxiv.org/abs/2401.00006}\n"
    "}\n";
  const char *titles[] = { NULL, "", " \n\t ", "\x01" };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autoptr(GleanerPaper) paper = make_paper ("2401.00006", titles[i], authors, JAN_2024);
      g_autofree char *entry = gleaner_bibtex_entry (paper);

      assert_valid_bibtex (entry);
      g_assert_cmpstr (entry, ==, expected);
    }
}

static void
test_odd_id (void)
{
  static const char *expected =
    "@misc{12-34--x---,\n"
    "  eprint = {12-34--x---},\n"
    "  archivePrefix = {arXiv},\n"
    "  primaryClass = {cs-LG--},\n"
    "  url = {https://arxiv.org/abs/12-34--x---}\n"
    "}\n";
  g_autoptr(GleanerPaper) paper = make_paper ("12 34,{x}%\\", NULL, NULL, 0);
  g_autoptr(GleanerPaper) empty = make_paper ("", NULL, NULL, 0);
  g_autofree char *entry = gleaner_bibtex_entry_full (paper, "cs LG}%");
  g_autofree char *empty_entry = gleaner_bibtex_entry (empty);

  assert_valid_bibtex (entry);
  g_assert_cmpstr (entry, ==, expected);

  assert_valid_bibtex (empty_entry);
  g_assert_true (g_str_has_prefix (empty_entry, "@misc{unknown,\n"));
}

typedef struct
{
  const char *id;
  gint64      published;
  int         year;  /* 0: no year line */
} YearCase;

static void
test_year (void)
{
  static const YearCase cases[] = {
    /* The UTC year, not the local one (main() sets TZ to UTC+14). */
    { "2401.00001", G_GINT64_CONSTANT (1704065400), 2023 },  /* 2023-12-31T23:30:00Z */
    { "2401.00001", G_GINT64_CONSTANT (1735689599), 2024 },  /* 2024-12-31T23:59:59Z */
    { "2401.00001", G_GINT64_CONSTANT (1735689600), 2025 },  /* 2025-01-01T00:00:00Z */
    /* Publication time wins over the id. */
    { "9901.00001", JAN_2024, 2024 },
    /* Unknown (or nonsensical) time: from the id. */
    { "2401.00001", 0, 2024 },
    { "2401.00001", -5, 2024 },
    { "0704.0001", 0, 2007 },
    { "1501.00001", 0, 2015 },
    { "0703.0001", 0, 0 },         /* new-style ids start in April 2007 */
    { "2413.00001", 0, 0 },
    { "2400.00001", 0, 0 },
    { "2401.001", 0, 0 },
    { "hep-th/9711200", 0, 1997 },
    { "math.GT/0309136", 0, 2003 },
    { "cond-mat/0703001", 0, 2007 },
    { "hep-th/0705001", 0, 0 },    /* old-style ids end in March 2007 */
    { "hep-th/9013001", 0, 0 },
    { "hep-th/971120", 0, 0 },
    { "/9711200", 0, 0 },
    { "garbage", 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GleanerPaper) paper = make_paper (cases[i].id, "T", NULL, cases[i].published);
      g_autofree char *entry = gleaner_bibtex_entry (paper);
      g_autofree char *line = g_strdup_printf ("  year = {%d},\n", cases[i].year);
      g_autofree char *shown = g_strescape (entry, NULL);
      const char *found = strstr (entry, "  year = ");

      assert_valid_bibtex (entry);
      if (cases[i].year == 0 && found != NULL)
        g_test_fail_printf ("%s at %" G_GINT64_FORMAT ": expected no year, got %s",
                            cases[i].id, cases[i].published, shown);
      else if (cases[i].year != 0 && strstr (entry, line) == NULL)
        g_test_fail_printf ("%s at %" G_GINT64_FORMAT ": expected %d, got %s",
                            cases[i].id, cases[i].published, cases[i].year, shown);
    }
}

typedef struct
{
  const char *input;
  const char *expected;  /* between "title = {{" and "}}," */
} EscapeCase;

static void
test_escaping (void)
{
  static const EscapeCase cases[] = {
    { "{$x$}-helix", "{$x$}-helix" },
    { "{ $ } $", "{}\\textbraceleft{} $ \\rbrace $" },
    { "$\\{x \\mid x > 0\\}$", "$\\{x \\mid x > 0\\}$" },
    { "$\\{ x$ }", "$\\lbrace x$ \\textbraceright{}" },
    { "$\\{x$ $\\{é$ }", "$\\lbrace x$ $\\lbrace é$ \\textbraceright{}" },
    { "\\{ a }", "{}\\textbraceleft{} a \\textbraceright{}" },
    { "\\}", "{}\\textbraceright{}" },
    { "{{a}", "{}\\textbraceleft{}{a}" },
    { "}{", "{}\\textbraceright{}\\textbraceleft{}" },
    { "\\\\{", "{}\\\\\\textbraceleft{}" },
    { "a \\$5 and \\% and \\\\ b\\ c", "a \\$5 and \\% and \\\\ b\\ c" },
    { "costs $5", "costs \\$5" },
    { "$a$ $b", "$a$ \\$b" },
    { "$$x$$", "$$x$$" },
    { "trailing \\", "trailing \\textbackslash{}" },
    { "\\é", "{}\\textbackslash{}é" },
    { "$\\é$", "$\\backslash é$" },
    { "x^2 and $x^2_1$", "x\\textasciicircum{}2 and $x^2_1$" },
    { "$a % b & c # d$", "$a \\% b \\& c \\# d$" },
    { "in \\mathbb{R}^n", "in \\mathbb{R}\\textasciicircum{}n" },
    { "\\textbf{Bold} \\c{c}\\\"o", "{}\\textbf{Bold} \\c{c}\\\"o" },
    { "A \\textbf{Bold} \\c{c}\\\"o", "A \\textbf{Bold} \\c{c}\\\"o" },
    { "a~b", "a~b" },
    { "a\x01" "b\tc\n  d", "ab c d" },
    { "a\xc2\x85" "b\x7f", "ab" },
    { "\xff bad", "\xef\xbf\xbd bad" },
    { "  leading and trailing  ", "leading and trailing" },
    /* A leading backslash would make the whole title a BibTeX "special character". */
    { "\\'Etale cohomology", "{}\\'Etale cohomology" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GleanerPaper) paper = make_paper ("2401.00001", cases[i].input, NULL, 0);
      g_autofree char *entry = gleaner_bibtex_entry (paper);
      g_autofree char *expected = g_strdup_printf ("@misc{2401.00001,\n"
                                                   "  title = {{%s}},\n"
                                                   "  year = {2024},\n",
                                                   cases[i].expected);
      g_autofree char *problem = bibtex_problem (entry);
      g_autofree char *shown = g_strescape (entry, NULL);
      g_autofree char *input = g_strescape (cases[i].input, NULL);

      if (problem != NULL)
        g_test_fail_printf ("\"%s\": invalid BibTeX (%s): %s", input, problem, shown);
      else if (!g_str_has_prefix (entry, expected))
        g_test_fail_printf ("\"%s\": expected title {{%s}}, got %s",
                            input, cases[i].expected, shown);
    }
}

static void
test_multi (void)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autofree char *all = NULL;
  g_autofree char *empty = NULL;

  g_ptr_array_add (papers, make_plain_paper ());
  g_ptr_array_add (papers, make_old_style_paper ());
  g_ptr_array_add (papers, make_unknown_year_paper ());

  all = gleaner_bibtex_entries (papers);
  assert_fixture (all, "multi.bib");

  empty = gleaner_bibtex_entries (none);
  g_assert_cmpstr (empty, ==, "");
}

/* Random strings of the characters that matter; every result must still parse. */
static void
test_fuzz (void)
{
  static const char *pieces[] = {
    "{", "}", "\\", "$", "%", "&", "#", "_", "^", "~", "\"", ",", " ", "a", "B", "and", "é",
    "\\{", "\\}", "\\'e", "\\\\", "\\$", "\x01", "\n", "\xc2\x85", "\xff", "\\mathbb", "@",
  };

  for (guint round = 0; round < 3000; round++)
    {
      g_autoptr(GleanerPaper) paper = NULL;
      g_autofree char *entry = NULL;
      g_autofree char *problem = NULL;
      char *texts[5] = { NULL, };

      for (guint t = 0; t < 4; t++)
        {
          GString *text = g_string_new (NULL);
          int n = g_test_rand_int_range (0, 24);

          for (int k = 0; k < n; k++)
            g_string_append (text, pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))]);
          texts[t] = g_string_free (text, FALSE);
        }

      paper = gleaner_paper_new ("2401.00001");
      gleaner_paper_set_title (paper, texts[0]);
      /* Takes texts[1..3] and a NULL terminator. */
      gleaner_paper_take_authors (paper, g_strdupv ((char *[]) { texts[1], texts[2],
                                                                 texts[3], NULL }));
      entry = gleaner_bibtex_entry (paper);
      problem = bibtex_problem (entry);

      if (problem != NULL)
        {
          g_autofree char *shown = g_strescape (entry, NULL);
          g_autofree char *joined = g_strjoinv ("|", texts);
          g_autofree char *input = g_strescape (joined, NULL);

          g_test_fail_printf ("texts \"%s\": %s in %s", input, problem, shown);
        }

      for (guint t = 0; t < 4; t++)
        g_free (texts[t]);

      if (problem != NULL)
        return;
    }
}

static void
test_write_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-bibtex-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;
  guint n_files = 0;

  g_assert_no_error (error);
  path = g_build_filename (dir, "papers.bib", NULL);
  file = g_file_new_for_path (path);

  /* Replaces an existing file, leaving no backup behind. */
  g_file_set_contents (path, "old contents", -1, &error);
  g_assert_no_error (error);

  g_ptr_array_add (papers, make_plain_paper ());
  g_ptr_array_add (papers, make_old_style_paper ());
  expected = gleaner_bibtex_entries (papers);

  g_assert_true (gleaner_bibtex_write_file (papers, file, NULL, &error));
  g_assert_no_error (error);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, expected);

  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_assert_cmpstr (name, ==, "papers.bib");
      n_files++;
    }
  g_assert_cmpuint (n_files, ==, 1);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_write_file_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-bibtex-XXXXXX", &error);
  g_autofree char *missing = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GFile) bad = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_assert_no_error (error);
  g_ptr_array_add (papers, make_plain_paper ());

  /* A directory that does not exist: a message for people, naming the file. */
  missing = g_build_filename (dir, "missing", "papers.bib", NULL);
  bad = g_file_new_for_path (missing);
  g_assert_false (gleaner_bibtex_write_file (papers, bad, NULL, &error));
  g_assert_nonnull (error);
  g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_assert_true (g_str_has_prefix (error->message, "Could not export BibTeX to “"));
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  /* Cancelled: the plain cancellation error, nothing written. */
  path = g_build_filename (dir, "papers.bib", NULL);
  file = g_file_new_for_path (path);
  g_cancellable_cancel (cancellable);
  g_assert_false (gleaner_bibtex_write_file (papers, file, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  /* Far from UTC, so a year taken in local time shows (POSIX form: needs no tzdata). */
  g_setenv ("TZ", "<+14>-14", TRUE);

  g_test_init (&argc, &argv, NULL);

  gleaner_test_add_func ("/bibtex/checker", test_checker);
  gleaner_test_add_func ("/bibtex/plain", test_plain);
  gleaner_test_add_func ("/bibtex/no-primary-class", test_no_primary_class);
  gleaner_test_add_func ("/bibtex/old-style-id", test_old_style_id);
  gleaner_test_add_func ("/bibtex/latex-title", test_latex_title);
  gleaner_test_add_func ("/bibtex/accents", test_accents);
  gleaner_test_add_func ("/bibtex/special-characters", test_special_characters);
  gleaner_test_add_func ("/bibtex/unbalanced-braces", test_unbalanced_braces);
  gleaner_test_add_func ("/bibtex/names", test_names);
  gleaner_test_add_func ("/bibtex/unknown-year", test_unknown_year);
  gleaner_test_add_func ("/bibtex/empty-authors", test_empty_authors);
  gleaner_test_add_func ("/bibtex/no-title", test_no_title);
  gleaner_test_add_func ("/bibtex/odd-id", test_odd_id);
  gleaner_test_add_func ("/bibtex/year", test_year);
  gleaner_test_add_func ("/bibtex/escaping", test_escaping);
  gleaner_test_add_func ("/bibtex/multi", test_multi);
  gleaner_test_add_func ("/bibtex/fuzz", test_fuzz);
  gleaner_test_add_func ("/bibtex/write-file", test_write_file);
  gleaner_test_add_func ("/bibtex/write-file-errors", test_write_file_errors);

  gleaner_test_add_queued ();

  return g_test_run ();
}
