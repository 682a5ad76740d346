/* test-store-query.c — the store's searches on real database files: ranking, hostile
 * input under every filter and order, the trending head and the newest order against
 * what FTS5 answers, and how a search becomes a match expression.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "gleaner-store-private.h"
#include "gleaner-test-store-util.h"
#include "gleaner-test-util.h"

static void
test_search_ranked (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) narrower = NULL;
  g_autoptr(GPtrArray) by_author = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;

  add_three (f->store);

  /* Title matches rank above abstract-only matches. */
  hits = gleaner_store_search (f->store, "parameter space", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 3);
  g_assert_cmpstr (gleaner_paper_get_id (g_ptr_array_index (hits, 2)), ==, "hep-th/9901001");

  /* Prefixes narrow keystroke by keystroke; diacritics fold. */
  narrower = gleaner_store_search (f->store, "SVD", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (narrower->len, ==, 1);
  by_author = gleaner_store_search (f->store, "emile bor", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_author->len, ==, 3);

  none = gleaner_store_search (f->store, "zyxwvut", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
}

static int
cmp_int64 (gconstpointer a,
           gconstpointer b)
{
  gint64 x = *(const gint64 *)a;
  gint64 y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

static void
test_search_hostile (Fixture       *f,
                     gconstpointer  data)
{
  const char *hostile[] = {
    "\"", "\"\"", "*", "**", "AND", "OR", "NOT", "NEAR", "NEAR(", "(", ")", "()", "-", "--x",
    ":", "title:", "title:foo", "^", "+", "{", "}", "[", "]", "'", "\\", "\"parameter",
    "parameter\"", "parameter AND", "AND parameter", "a OR", "-parameter", "param*", "p*r",
    "😀", "\xff\xfe", "\t\n", " ", "", "%", "_", "...", "param(eter", "NEAR(a b, 2)",
    "\"unbalanced (quote", "column:title AND NOT",
  };

  add_three (f->store);
  /* The trending sort tests ranked papers one by one against the match: give it some. */
  set_trending (f->store, "2501.00001", "hep-th/9901001", NULL);
  set_state (f->store, "hep-th/9901001", TRUE, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) hits = gleaner_store_search (f->store, hostile[i], 10, &error);
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      sqlite3 *db = _gleaner_store_open_reader (f->store, NULL);

      g_assert_no_error (error);
      g_assert_nonnull (hits);
      for (GleanerFilter filter = GLEANER_FILTER_ALL; filter <= GLEANER_FILTER_STARRED; filter++)
        {
          g_autoptr(GArray) first = NULL;

          for (GleanerSort sort = GLEANER_SORT_UPVOTES; sort <= GLEANER_SORT_TRENDING; sort++)
            {
              g_array_set_size (ids, 0);
              g_assert_true (_gleaner_store_query_ids (db, filter, sort, hostile[i], ids,
                                                       NULL, NULL, NULL, &error));
              g_assert_no_error (error);

              /* Every sort lists the same papers, each once. */
              g_array_sort (ids, cmp_int64);
              for (guint j = 1; j < ids->len; j++)
                g_assert_cmpint (g_array_index (ids, gint64, j - 1), <, g_array_index (ids, gint64, j));
              if (first == NULL)
                first = g_array_copy (ids);
              g_assert_cmpmem (first->data, first->len * sizeof (gint64),
                               ids->data, ids->len * sizeof (gint64));
            }
        }
      sqlite3_close (db);
    }

  /* Operators are words, not syntax: "parameter AND" finds what "parameter" finds. */
  {
    g_autoptr(GPtrArray) a = gleaner_store_search (f->store, "parameter AND", 10, NULL);
    g_autoptr(GPtrArray) b = gleaner_store_search (f->store, "(parameter)", 10, NULL);

    g_assert_cmpuint (a->len, ==, 0);   /* no paper has the word "and…" in it */
    g_assert_cmpuint (b->len, ==, 3);
  }
}

/* Words for the trending head test: accents, case, ligatures, scripts, marks, punctuation
 * inside words, and words sharing prefixes (so long prefixes expand to several words). */
static const char * const head_vocab[] = {
  "parameter", "parametric", "paramètres", "Parameterized", "Émile", "émulation", "EMULATE",
  "über", "Straße", "naïve", "café", "CAFÉ", "résumé", "diffusion", "diff", "differential",
  "Ωmega", "ωmeg", "東京", "tokyo", "x", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg",
  "état-de-l'art", "co-operate", "AdS_5", "$x^2$", "O(n log n)", "3.14", "2501.00001",
  "ﬁne", "İstanbul", "ǅemal", "ß", "ﬀ", "e\xcc\x81te", "Ⅻ", "１２３", "😀emoji", "a\xe2\x80\x8b" "b",
  "\"quoted\"", "NEAR(a", "title:foo", "-neg", "Ærø", "Łódź", "Ñandú",
};

static void
set_trending_ids (GleanerStore *store,
                  GPtrArray    *ids)
{
  Wait w = { 0 };

  gleaner_store_set_trending_async (store, ids, NULL, write_done_cb, &w);
  while (!w.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (w.error);
}

static char *
head_words (GRand *rand,
            guint  n,
            char   sep)
{
  GString *str = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (str, sep);
      g_string_append (str, head_vocab[g_rand_int_range (rand, 0, G_N_ELEMENTS (head_vocab))]);
    }

  return g_string_free (str, FALSE);
}

/* The ranked head as FTS5 answers it: the test the store made with a probe per paper. */
static GArray *
fts_head (sqlite3       *db,
          GleanerFilter  filter,
          const char    *match)
{
  static const char * const filters[] = {
    "",
    " AND NOT EXISTS (SELECT 1 FROM user_state u WHERE u.arxiv_id = p.arxiv_id AND u.read)",
    " AND EXISTS (SELECT 1 FROM user_state u WHERE u.arxiv_id = p.arxiv_id AND u.starred)",
  };
  g_autofree char *sql = g_strdup_printf (
    "SELECT t.paper_id FROM trending t CROSS JOIN papers p ON p.id = t.paper_id WHERE 1%s"
    " AND EXISTS (SELECT 1 FROM papers_fts WHERE papers_fts MATCH ?1"
    "             AND rowid = ((max (p.upvotes, 0) << 32) | p.id))"
    " ORDER BY t.rank", filters[filter]);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  g_assert_cmpint (sqlite3_finalize (stmt), ==, SQLITE_OK);

  return ids;
}

static void
test_trending_head (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) papers = papers_new ();
  g_autoptr(GPtrArray) ranked = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) queries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GleanerUpsertResult) result = NULL;
  g_autoptr(GHashTable) ranked_rows = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                              g_free, NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) many = g_string_new ("Zeta");
  g_autofree char *long_word = NULL;
  g_autofree char *long_query = NULL;
  GRand *rand = g_rand_new_with_seed (20261128);
  guint n = 60, n_heads = 0;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("2504.%05u", i);
      g_autofree char *title = head_words (rand, 3, ' ');
      g_autofree char *abstract = head_words (rand, 8, ' ');
      GleanerPaper *paper = make_paper (id, title, g_rand_int_range (rand, -2, 40), i);
      char **authors = g_new0 (char *, 3);
      char **keywords = g_new0 (char *, 3);

      gleaner_paper_set_abstract (paper, abstract);
      authors[0] = head_words (rand, 2, ' ');
      authors[1] = head_words (rand, 2, '-');
      gleaner_paper_take_authors (paper, authors);
      keywords[0] = head_words (rand, 1, ' ');
      keywords[1] = head_words (rand, 2, ' ');
      gleaner_paper_take_ai_keywords (paper, keywords);
      g_ptr_array_add (papers, paper);
    }

  /* More words start "zeta" than a prefix expands to; and a word longer than FTS5 keeps. */
  for (guint i = 0; i < 260; i++)
    g_string_append_printf (many, " zeta%03u", i);
  g_ptr_array_add (papers, make_paper ("2504.90001", many->str, 3, 1));
  long_word = g_strnfill (33000, 'a');
  g_ptr_array_add (papers, make_paper ("2504.90002", long_word, 3, 1));
  result = upsert (f->store, papers, &error);
  g_assert_no_error (error);

  /* Most papers ranked, in a shuffled order; some read, some starred. */
  for (guint i = 0; i < papers->len; i++)
    {
      const char *id = gleaner_paper_get_id (g_ptr_array_index (papers, i));

      if (i % 11 != 5)
        g_ptr_array_insert (ranked, g_rand_int_range (rand, 0, ranked->len + 1), g_strdup (id));
      if (i % 3 == 0)
        set_state (f->store, id, FALSE, TRUE);
      if (i % 4 == 1)
        set_state (f->store, id, TRUE, TRUE);
    }
  set_trending_ids (f->store, ranked);

  /* Queries: each word, its prefixes of one to six characters, shouted; pairs of words; the
   * long words; nonsense. */
  for (guint i = 0; i < G_N_ELEMENTS (head_vocab); i++)
    {
      const char *word = head_vocab[i];

      g_ptr_array_add (queries, g_strdup (word));
      g_ptr_array_add (queries, g_utf8_strup (word, -1));
      for (glong len = 1; len <= 6; len++)
        g_ptr_array_add (queries, g_utf8_substring (word, 0, MIN (len, g_utf8_strlen (word, -1))));
      g_ptr_array_add (queries, g_strdup_printf ("%s %s", word,
                                                 head_vocab[(i * 7 + 3) % G_N_ELEMENTS (head_vocab)]));
      g_ptr_array_add (queries, g_strdup_printf ("%.3s %s", word,
                                                 head_vocab[(i * 5 + 1) % G_N_ELEMENTS (head_vocab)]));
    }
  long_query = g_strconcat (long_word, "c", NULL);
  g_ptr_array_add (queries, g_strdup (long_query));
  long_query[40] = '\0';
  g_ptr_array_add (queries, g_strdup (long_query));
  g_ptr_array_add (queries, g_strdup ("zeta"));
  g_ptr_array_add (queries, g_strdup ("zeta1"));
  g_ptr_array_add (queries, g_strdup ("zeta12 parameter"));
  g_ptr_array_add (queries, g_strdup ("zzzz"));
  g_ptr_array_add (queries, g_strdup ("param zzzz"));
  g_ptr_array_add (queries, g_strdup ("ada bor"));

  db = _gleaner_store_open_reader (f->store, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT paper_id FROM trending", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 *row = g_new (gint64, 1);

      *row = sqlite3_column_int64 (stmt, 0);
      g_hash_table_add (ranked_rows, row);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (g_hash_table_size (ranked_rows), ==, ranked->len);

  for (guint q = 0; q < queries->len; q++)
    {
      const char *query = g_ptr_array_index (queries, q);
      g_autofree char *match = _gleaner_store_build_list_match (db, query, NULL);

      if (match == NULL)
        continue;

      for (GleanerFilter filter = GLEANER_FILTER_ALL; filter <= GLEANER_FILTER_STARRED; filter++)
        {
          g_autoptr(GArray) expected = fts_head (db, filter, match);

          g_array_set_size (ids, 0);
          g_assert_true (_gleaner_store_query_ids (db, filter, GLEANER_SORT_TRENDING, query, ids,
                                                   NULL, NULL, NULL, &error));
          g_assert_no_error (error);

          /* The head is FTS5's answer, in rank order; no ranked paper follows it. */
          g_assert_cmpuint (ids->len, >=, expected->len);
          if (memcmp (ids->data, expected->data, expected->len * sizeof (gint64)) != 0)
            g_error ("ranked head differs for \"%s\" (filter %d)", query, filter);
          for (guint j = expected->len; j < ids->len; j++)
            g_assert_false (g_hash_table_contains (ranked_rows, &g_array_index (ids, gint64, j)));
          n_heads += expected->len > 0;
        }
    }

  /* The queries did find ranked papers, under every filter. */
  g_assert_cmpuint (n_heads, >, queries->len);

  sqlite3_close (db);
  g_rand_free (rand);
}

/* The newest sort with a search as the store listed it with one statement: every match
 * joined to its paper, sorted. */
static GArray *
newest_reference (sqlite3       *db,
                  GleanerFilter  filter,
                  const char    *match)
{
  static const char * const sqls[] = {
    "SELECT p.id FROM papers_fts f CROSS JOIN papers p ON p.id = (f.rowid & 4294967295)"
    " WHERE papers_fts MATCH ?1 ORDER BY p.published DESC, p.id DESC",
    "SELECT p.id FROM papers_fts f CROSS JOIN papers p ON p.id = (f.rowid & 4294967295)"
    " WHERE papers_fts MATCH ?1 AND p.id NOT IN (SELECT p.id FROM user_state u"
    " CROSS JOIN papers p ON p.arxiv_id = u.arxiv_id WHERE u.read)"
    " ORDER BY p.published DESC, p.id DESC",
    "SELECT p.id FROM user_state u CROSS JOIN papers p ON p.arxiv_id = u.arxiv_id"
    " WHERE u.starred AND ((max (p.upvotes, 0) << 32) | p.id) IN"
    " (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?1)"
    " ORDER BY p.published DESC, p.id DESC",
  };
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sqls[filter], -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  g_assert_cmpint (sqlite3_finalize (stmt), ==, SQLITE_OK);

  return ids;
}

typedef struct
{
  GArray *page;
  guint   n_calls;
} FirstPage;

static void
first_page_cb (const gint64 *ids,
               guint         n_ids,
               gpointer      user_data)
{
  FirstPage *fp = user_data;

  fp->n_calls++;
  g_array_append_vals (fp->page, ids, n_ids);
}

/* Checks every query, under every filter, against newest_reference(); returns how many
 * listed papers. */
static guint
check_newest (sqlite3   *db,
              GPtrArray *queries)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  guint n_found = 0;

  for (guint q = 0; q < queries->len; q++)
    {
      const char *query = g_ptr_array_index (queries, q);
      g_autofree char *match = _gleaner_store_build_list_match (db, query, NULL);

      if (match == NULL)
        continue;

      for (GleanerFilter filter = GLEANER_FILTER_ALL; filter <= GLEANER_FILTER_STARRED; filter++)
        {
          g_autoptr(GArray) expected = newest_reference (db, filter, match);
          FirstPage fp = { g_array_new (FALSE, FALSE, sizeof (gint64)), 0 };

          g_array_set_size (ids, 0);
          g_assert_true (_gleaner_store_query_ids (db, filter, GLEANER_SORT_NEWEST, query, ids,
                                                   first_page_cb, &fp, NULL, &error));
          g_assert_no_error (error);

          if (ids->len != expected->len ||
              memcmp (ids->data, expected->data, ids->len * sizeof (gint64)) != 0)
            g_error ("newest differs for \"%s\" (filter %d): %u ids, expected %u", query, filter,
                     ids->len, expected->len);

          /* The first page came early, once, and is the list's head. */
          if (ids->len >= GLEANER_STORE_FIRST_PAGE)
            {
              g_assert_cmpuint (fp.n_calls, ==, 1);
              g_assert_cmpuint (fp.page->len, ==, GLEANER_STORE_FIRST_PAGE);
              g_assert_cmpmem (fp.page->data, fp.page->len * sizeof (gint64),
                               ids->data, GLEANER_STORE_FIRST_PAGE * sizeof (gint64));
            }
          else
            g_assert_cmpuint (fp.n_calls, ==, 0);

          n_found += ids->len > 0;
          g_array_unref (fp.page);
        }
    }

  return n_found;
}

static void
test_newest_search (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const common[] = { "parameter", "parametric", "diffusion", "differential",
                                         "model", "Émile", "café", "東京" };
  g_autoptr(GPtrArray) papers = papers_new ();
  g_autoptr(GPtrArray) queries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GleanerUpsertResult) result = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  GRand *rand = g_rand_new_with_seed (20261128);
  int cancel = 1;
  guint n = 400;
  sqlite3 *db, *writer;

  /* Dates with many ties (odd papers have three) and some zeros; common words in most
   * papers, rare words ("rareNN" in ten papers, "fewNNN" in four, "uniqNNN" in one) in few,
   * so both plans are taken (the store reads the dates one by one below one match in 64). */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("2505.%05u", (i * 37) % n);
      g_autofree char *title = g_strdup_printf ("%s %s rare%02u few%03u uniq%03u",
                                                common[g_rand_int_range (rand, 0, G_N_ELEMENTS (common))],
                                                common[g_rand_int_range (rand, 0, G_N_ELEMENTS (common))],
                                                i / 10, i / 4, i);
      gint64 published = i % 9 == 4 ? 0
                         : i % 2 == 1 ? 1700000000 + (i / 8 % 3) * 86400
                         : 1700000000 + g_rand_int_range (rand, 0, 30) * 86400;

      g_ptr_array_add (papers, make_paper (id, title, g_rand_int_range (rand, -2, 40), published));
    }
  result = upsert (f->store, papers, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n; i++)
    {
      const char *id = gleaner_paper_get_id (g_ptr_array_index (papers, i));

      if (i % 3 == 0)
        set_state (f->store, id, FALSE, TRUE);
      if (i % 5 == 1)
        set_state (f->store, id, TRUE, TRUE);
    }

  /* Real words, shouted; prefixes of one to five characters; pairs; rare and unique words and
   * their prefixes; words in every paper (the abstract, the authors); nothing. */
  for (guint i = 0; i < G_N_ELEMENTS (common); i++)
    {
      g_ptr_array_add (queries, g_strdup (common[i]));
      g_ptr_array_add (queries, g_utf8_strup (common[i], -1));
      for (glong len = 1; len <= 5; len++)
        g_ptr_array_add (queries, g_utf8_substring (common[i], 0, MIN (len, g_utf8_strlen (common[i], -1))));
      g_ptr_array_add (queries, g_strdup_printf ("%s %s", common[i],
                                                 common[(i + 3) % G_N_ELEMENTS (common)]));
    }
  for (guint i = 0; i < 40; i += 7)
    g_ptr_array_add (queries, g_strdup_printf ("rare%02u", i));
  for (guint i = 0; i < n / 4; i += 3)
    g_ptr_array_add (queries, g_strdup_printf ("few%03u", i));
  for (guint i = 0; i < n; i += 53)
    g_ptr_array_add (queries, g_strdup_printf ("uniq%03u", i));
  g_ptr_array_add (queries, g_strdup ("rare"));
  g_ptr_array_add (queries, g_strdup ("rare1"));
  g_ptr_array_add (queries, g_strdup ("uniq1"));
  g_ptr_array_add (queries, g_strdup ("uniq12"));
  g_ptr_array_add (queries, g_strdup ("uniq12 parameter"));
  g_ptr_array_add (queries, g_strdup ("generative"));
  g_ptr_array_add (queries, g_strdup ("ada lovelace"));
  g_ptr_array_add (queries, g_strdup ("zzzz"));
  g_ptr_array_add (queries, g_strdup ("param zzzz"));

  db = _gleaner_store_open_reader (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (check_newest (db, queries), >, queries->len);

  /* Dates SQLite orders its own way (a real, a text) among the integers. */
  g_assert_cmpint (sqlite3_open (f->path, &writer), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_busy_timeout (writer, 5000), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (writer,
                                 "UPDATE papers SET published = published + 0.5 WHERE id % 7 = 2;"
                                 "UPDATE papers SET published = 'soon' WHERE id % 50 = 3;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (writer);
  g_assert_cmpuint (check_newest (db, queries), >, queries->len);

  /* A cancelled query stops, whichever plan it takes. */
  for (guint q = 0; q < queries->len; q++)
    {
      const char *query = g_ptr_array_index (queries, q);

      g_array_set_size (ids, 0);
      g_assert_false (_gleaner_store_query_ids (db, GLEANER_FILTER_ALL, GLEANER_SORT_NEWEST,
                                                query, ids, NULL, NULL, &cancel, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);
    }

  sqlite3_close (db);
  g_rand_free (rand);
}

static void
test_build_match (void)
{
  g_autofree char *m1 = _gleaner_store_build_match ("Parameter  space");
  g_autofree char *m2 = _gleaner_store_build_match ("\"a\" OR (b)");
  g_autofree char *m3 = _gleaner_store_build_match (" -*: ");
  g_autofree char *m4 = _gleaner_store_build_match ("état-de-l'art");

  g_assert_cmpstr (m1, ==, "\"Parameter\"* AND \"space\"*");
  g_assert_cmpstr (m2, ==, "\"a\"* AND \"OR\"* AND \"b\"*");
  g_assert_null (m3);
  g_assert_cmpstr (m4, ==, "\"état\"* AND \"de\"* AND \"l\"* AND \"art\"*");
}

static void
test_list_match_expansion (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) papers = papers_new ();
  g_autoptr(GleanerUpsertResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *m1 = NULL, *m2 = NULL, *m3 = NULL, *m4 = NULL;
  GleanerPaper *paper;
  sqlite3 *db;

  paper = make_paper ("2503.00001", "Parametric Parameters of Parameterized Models", 1, 1);
  gleaner_paper_set_abstract (paper, "Émulation of paramètres.");
  g_ptr_array_add (papers, paper);
  result = upsert (f->store, papers, &error);
  g_assert_no_error (error);

  db = _gleaner_store_open_reader (f->store, &error);
  g_assert_no_error (error);

  /* Long prefixes become the indexed words they start, folded as the index folds them. */
  m1 = _gleaner_store_build_list_match (db, "PARAM", NULL);
  g_assert_cmpstr (m1, ==, "(\"parameterized\" OR \"parameters\" OR \"parametres\" OR \"parametric\")");
  m2 = _gleaner_store_build_list_match (db, "emul mo", NULL);
  g_assert_cmpstr (m2, ==, "(\"emulation\") AND \"mo\"*");
  /* A prefix no word starts stays a prefix query (which matches nothing). */
  m3 = _gleaner_store_build_list_match (db, "zzzz", NULL);
  g_assert_cmpstr (m3, ==, "\"zzzz\"*");
  m4 = _gleaner_store_build_list_match (db, " \"( - ", NULL);
  g_assert_null (m4);

  sqlite3_close (db);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  gleaner_test_add (path, Fixture, data, fixture_setup, func, fixture_teardown)

  ADD ("/store/search-ranked", test_search_ranked, NULL);
  ADD ("/store/search-hostile", test_search_hostile, NULL);
  ADD ("/store/trending-head", test_trending_head, NULL);
  ADD ("/store/newest-search", test_newest_search, NULL);
  gleaner_test_add_func ("/store/build-match", test_build_match);
  ADD ("/store/list-match-expansion", test_list_match_expansion, NULL);

  gleaner_test_add_queued ();

  return g_test_run ();
}
