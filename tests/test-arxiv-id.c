/* test-arxiv-id.c — tests for gleaner_arxiv_id_normalize().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-arxiv-id"

#include "config.h"

#include <glib.h>

#include "gleaner-arxiv-id.h"
#include "gleaner-test-util.h"

typedef struct
{
  const char *input;
  const char *expected;
} Case;

static void
check_cases (const Case *cases,
             gsize       n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autofree char *result = gleaner_arxiv_id_normalize (cases[i].input);

      if (g_strcmp0 (result, cases[i].expected) != 0)
        g_test_fail_printf ("normalize (\"%s\") gave \"%s\", expected \"%s\"",
                            cases[i].input ? cases[i].input : "(null)",
                            result ? result : "(null)",
                            cases[i].expected ? cases[i].expected : "(null)");
    }
}

static void
test_normalize_bare (void)
{
  static const Case cases[] = {
    { "2401.00001", "2401.00001" },
    { "2401.00001v2", "2401.00001" },
    { "2401.00001v12", "2401.00001" },
    { "2401.12345", "2401.12345" },
    { "0704.0001", "0704.0001" },
    { "1412.9999v1", "1412.9999" },
    { "1501.00001", "1501.00001" },
    { "2602.23229", "2602.23229" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_normalize_old_style (void)
{
  static const Case cases[] = {
    { "hep-th/9901001", "hep-th/9901001" },
    { "hep-th/9901001v3", "hep-th/9901001" },
    { "math.GT/0309136v1", "math.GT/0309136" },
    { "math.GT/0309136", "math.GT/0309136" },
    { "cond-mat/0703001", "cond-mat/0703001" },
    { "q-bio/0501001", "q-bio/0501001" },
    { "astro-ph/9108001", "astro-ph/9108001" },
    { "cs.AI/0101001", "cs.AI/0101001" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_normalize_prefixes (void)
{
  static const Case cases[] = {
    { "arXiv:2401.00001", "2401.00001" },
    { "arxiv:2401.00001v1", "2401.00001" },
    { "ARXIV:2401.00001", "2401.00001" },
    { "arXiv:hep-th/9901001v2", "hep-th/9901001" },
    { "oai:arXiv.org:2401.00001v2", "2401.00001" },
    { "oai:arXiv.org:2203.01250v3", "2203.01250" },
    { "oai:arXiv.org:math.GT/0309136", "math.GT/0309136" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_normalize_urls (void)
{
  static const Case cases[] = {
    { "https://arxiv.org/abs/2401.00001v2", "2401.00001" },
    { "https://arxiv.org/abs/2401.00001", "2401.00001" },
    { "http://arxiv.org/abs/2202.12139v1", "2202.12139" },
    { "http://arxiv.org/pdf/2401.00001v3.pdf", "2401.00001" },
    { "https://arxiv.org/pdf/2401.00001v3", "2401.00001" },
    { "https://arxiv.org/pdf/2401.00001", "2401.00001" },
    { "https://www.arxiv.org/abs/2401.00001", "2401.00001" },
    { "http://export.arxiv.org/abs/2401.00001v1", "2401.00001" },
    { "https://ARXIV.org/abs/2401.00001", "2401.00001" },
    { "HTTPS://arxiv.org/abs/2401.00001", "2401.00001" },
    { "https://arxiv.org/abs/2401.00001?context=cs.LG", "2401.00001" },
    { "https://arxiv.org/abs/2401.00001#section", "2401.00001" },
    { "https://arxiv.org/abs/hep-th/9901001v2", "hep-th/9901001" },
    { "https://arxiv.org/pdf/math.GT/0309136v1.pdf", "math.GT/0309136" },
    /* GUri decodes escaped unreserved characters, which RFC 3986 makes equivalent. */
    { "https://arxiv.org/abs/2401%2E00001", "2401.00001" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_normalize_invalid (void)
{
  static const Case cases[] = {
    { NULL, NULL },
    { "", NULL },
    { " ", NULL },
    { "   ", NULL },
    { " 2401.00001", NULL },
    { "2401.00001 ", NULL },
    { "2401. 00001", NULL },
    { "2401.00001\n", NULL },
    { "2401.\x07" "00001", NULL },
    { "2401.00001\x1b", NULL },
    { "2401.00001\x7f", NULL },
    { "2401.1", NULL },
    { "2401.", NULL },
    { "2401", NULL },
    { "2401.000001", NULL },
    { "2401.0001", NULL },          /* four digits only until 1412 */
    { "0704.00001", NULL },         /* five digits only from 1501 */
    { "0703.0001", NULL },          /* before new-style ids */
    { "2413.00001", NULL },
    { "2400.00001", NULL },
    { "2401.00000", NULL },
    { "2401.00001v", NULL },
    { "2401.00001v0", NULL },
    { "2401.00001V2", NULL },
    { "2401.00001v2v3", NULL },
    { "2401-00001", NULL },
    { "\xef\xbc\x92" "401.00001", NULL },   /* full-width digit */
    { "../etc", NULL },
    { "../etc/passwd", NULL },
    { "2401.00001/../x", NULL },
    { "hep-th/990100", NULL },
    { "hep-th/99010011", NULL },
    { "HEP-TH/9901001", NULL },
    { "hep-th/9913001", NULL },
    { "hep-th/0801001", NULL },     /* old style ended in March 2007 */
    { "hep-th/9101001", NULL },     /* and began in August 1991 */
    { "-hep/9901001", NULL },
    { "hep-/9901001", NULL },
    { "hep--th/9901001", NULL },
    { "math./0309136", NULL },
    { "math.GT.x/0309136", NULL },
    { "/9901001", NULL },
    { "arXiv:", NULL },
    { "arXiv: 2401.00001", NULL },
    { "arXiv:2401.1", NULL },
    { "oai:arXiv.org:", NULL },
    { "oai:example.org:2401.00001", NULL },
    { "mailto:2401.00001", NULL },
    { "javascript:alert(1)", NULL },
    { "javascript://arxiv.org/abs/2401.00001", NULL },
    { "ftp://arxiv.org/abs/2401.00001", NULL },
    { "file:///abs/2401.00001", NULL },
    { "https://example.com/", NULL },
    { "https://example.com/abs/2401.00001", NULL },
    { "https://arxiv.org.example.com/abs/2401.00001", NULL },
    { "https://example.com/arxiv.org/abs/2401.00001", NULL },
    { "https://user@arxiv.org/abs/2401.00001", NULL },
    { "https://arxiv.org/list/2401.00001", NULL },
    { "https://arxiv.org/abs/", NULL },
    { "https://arxiv.org/abs/2401.00001.pdf", NULL },
    { "https://arxiv.org/abs/2401.00001/", NULL },
    { "https://arxiv.org/abs/hep-th%2F9901001", NULL },
    { "https://arxiv.org/abs/2401.00001%00", NULL },
    { "https://arxiv.org/abs/2401.00001%0A", NULL },
    { "https://arxiv.org/abs/2401.00001 x", NULL },
    { "https://arxiv.org/abs/../../etc/passwd", NULL },
    { "https:2401.00001", NULL },
    { "//arxiv.org/abs/2401.00001", NULL },
    { "arxiv.org/abs/2401.00001", NULL },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_normalize_long_input (void)
{
  g_autoptr(GString) text = g_string_new ("https://arxiv.org/abs/2401.00001?");
  g_autofree char *result = NULL;

  while (text->len < 100000)
    g_string_append (text, "a=1&");

  result = gleaner_arxiv_id_normalize (text->str);
  g_assert_null (result);
}

static void
test_parse_version (void)
{
  static const struct { const char *input; const char *id; gint64 version; } cases[] = {
    { "2401.12345", "2401.12345", -1 },
    { "2401.12345v2", "2401.12345", 2 },
    { "http://arxiv.org/abs/2401.12345v2", "2401.12345", 2 },
    { "https://arxiv.org/abs/2401.12345", "2401.12345", -1 },
    { "oai:arXiv.org:2401.12345v12", "2401.12345", 12 },
    { "arXiv:hep-th/9901001v3", "hep-th/9901001", 3 },
    { "http://arxiv.org/abs/math.AP/0601001v3", "math.AP/0601001", 3 },
    { "oai:arXiv.org:hep-th/9901001v1", "hep-th/9901001", 1 },
    { "2401.12345v12345678901", "2401.12345", -1 },
    { "2401.12345v0", NULL, -1 },
    { "nonsense", NULL, -1 },
    { NULL, NULL, -1 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 version = 42;
      g_autofree char *id = gleaner_arxiv_id_parse (cases[i].input, &version);

      g_assert_cmpstr (id, ==, cases[i].id);
      g_assert_cmpint (version, ==, cases[i].version);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  gleaner_test_add_func ("/arxiv-id/normalize/bare", test_normalize_bare);
  gleaner_test_add_func ("/arxiv-id/normalize/old-style", test_normalize_old_style);
  gleaner_test_add_func ("/arxiv-id/normalize/prefixes", test_normalize_prefixes);
  gleaner_test_add_func ("/arxiv-id/normalize/urls", test_normalize_urls);
  gleaner_test_add_func ("/arxiv-id/normalize/invalid", test_normalize_invalid);
  gleaner_test_add_func ("/arxiv-id/normalize/long-input", test_normalize_long_input);
  gleaner_test_add_func ("/arxiv-id/parse/version", test_parse_version);

  gleaner_test_add_queued ();

  return g_test_run ();
}
