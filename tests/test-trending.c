/* test-trending.c — Hugging Face's trending rank in the store: setting it, the trending sort
 * (filters, searches, pages) and the paper list following a new ranking, on real database files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <sqlite3.h>

#include "gleaner-paper-list.h"
#include "gleaner-saved-search-list.h"
#include "gleaner-store-private.h"
#include "gleaner-test-saved-searches-util.h"
#include "gleaner-test-util.h"

static gint64
rowid_of (Fixture    *f,
          const char *arxiv_id)
{
  g_autoptr(GleanerPaper) paper = gleaner_store_load_paper (f->store, arxiv_id, NULL);

  g_assert_nonnull (paper);
  return gleaner_paper_get_rowid (paper);
}

/* ---------------------------------------------------------------------------------------- */
/* Trending */

static void
test_trending_set (Fixture       *f,
                   gconstpointer  data)
{
  add_five (f);
  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, A, NULL), ==, -1);

  /* Unknown ids are skipped: ranks count the known ones; a versioned id finds its paper. */
  set_trending (f, E, "9999.99999", C, "2501.00001v3", E, NULL);
  g_assert_cmpuint (f->changes[GLEANER_STORE_CHANGE_TRENDING], ==, 1);
  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, E, NULL), ==, 0);
  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, C, NULL), ==, 1);
  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, A, NULL), ==, 2);
  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, B, NULL), ==, -1);
  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, "9999.99999", NULL), ==, -1);
  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, NULL, NULL), ==, -1);

  /* The same ranking again is no change. */
  set_trending (f, E, C, "0000.00000", A, NULL);
  g_assert_cmpuint (f->changes[GLEANER_STORE_CHANGE_TRENDING], ==, 1);

  /* A new list replaces the old one entirely. */
  set_trending (f, B, E, NULL);
  g_assert_cmpuint (f->changes[GLEANER_STORE_CHANGE_TRENDING], ==, 2);
  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, B, NULL), ==, 0);
  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, E, NULL), ==, 1);
  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, C, NULL), ==, -1);
  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, A, NULL), ==, -1);

  /* An empty list clears it; it persists. */
  set_trending (f, NULL);
  g_assert_cmpuint (f->changes[GLEANER_STORE_CHANGE_TRENDING], ==, 3);
  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, B, NULL), ==, -1);
  set_trending (f, D, NULL);
  close_store (f);
  open_store (f);
  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, D, NULL), ==, 0);
  /* Only add_five() changed papers. */
  g_assert_cmpuint (f->changes[GLEANER_STORE_CHANGE_PAPERS], ==, 1);
}

/* Lists the ids for @filter and @search in trending order as arXiv ids joined by spaces. */
static char *
trending_order (Fixture       *f,
                sqlite3       *db,
                GleanerFilter  filter,
                const char    *search)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) str = g_string_new (NULL);

  g_assert_true (_gleaner_store_query_ids (db, filter, GLEANER_SORT_TRENDING, search, ids,
                                           NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GleanerPaper) paper = _gleaner_store_load_rowid (f->store, g_array_index (ids, gint64, i), NULL);

      g_assert_nonnull (paper);
      if (str->len > 0)
        g_string_append_c (str, ' ');
      /* The last digit is enough to tell the papers apart. */
      g_string_append (str, gleaner_paper_get_id (paper) + strlen (gleaner_paper_get_id (paper)) - 1);
    }

  return g_string_free (g_steal_pointer (&str), FALSE);
}

static void
add_long_prefix_words (Fixture *f)
{
  sqlite3 *db = NULL;

  /* More words start with "zzzz" than a search expands, so "zzzz" stays a prefix query and
   * ranked papers are matched against the materialised result instead of one by one. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db,
                                 "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)"
                                 " INSERT OR IGNORE INTO terms (term) SELECT 'zzzz' || i FROM n",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_trending_sort (Fixture       *f,
                    gconstpointer  data)
{
  struct {
    GleanerFilter  filter;
    const char    *search;
    const char    *expected;   /* last digits of the arXiv ids, in order */
  } cases[] = {
    /* Ranked E, C, A, F first, then by upvotes: B 50, D 30. */
    { GLEANER_FILTER_ALL, NULL, "5 3 1 6 2 4" },
    { GLEANER_FILTER_ALL, "", "5 3 1 6 2 4" },
    { GLEANER_FILTER_ALL, " \"( ", "5 3 1 6 2 4" },
    /* Read: B, C. */
    { GLEANER_FILTER_UNREAD, NULL, "5 1 6 4" },
    /* Starred: A, B, D. */
    { GLEANER_FILTER_STARRED, NULL, "1 2 4" },
    { GLEANER_FILTER_ALL, "diffusion", "5 1 2" },
    { GLEANER_FILTER_ALL, "DIFF", "5 1 2" },
    { GLEANER_FILTER_UNREAD, "diffusion", "5 1" },
    { GLEANER_FILTER_STARRED, "diffusion", "1 2" },
    { GLEANER_FILTER_ALL, "graph", "5 3" },
    { GLEANER_FILTER_ALL, "gr", "5 3" },
    { GLEANER_FILTER_UNREAD, "graph", "5" },
    { GLEANER_FILTER_STARRED, "graph", "" },
    { GLEANER_FILTER_ALL, "quantum", "4" },
    { GLEANER_FILTER_ALL, "nothing-matches-this", "" },
    { GLEANER_FILTER_ALL, "\"graph (", "5 3" },
    { GLEANER_FILTER_ALL, "\"graph AND (", "" },   /* "and" is a word, and no paper has it */
    /* A long prefix: F is ranked, matched against the materialised matches. */
    { GLEANER_FILTER_ALL, "zzzz", "6" },
    { GLEANER_FILTER_UNREAD, "zzzz", "6" },
    { GLEANER_FILTER_STARRED, "zzzz", "" },
    { GLEANER_FILTER_ALL, "zzzz diff", "" },
    { GLEANER_FILTER_ALL, "zzzz effects", "6" },
  };
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  add_five (f);
  g_ptr_array_add (papers, make_paper ("2501.00006", "Zzzzalpha effects", "Nothing.", 1, 1));
  upsert (f, papers);
  add_long_prefix_words (f);

  set_trending (f, E, C, A, "2501.00006", NULL);
  set_state (f, B, FALSE, TRUE);
  set_state (f, C, FALSE, TRUE);
  set_state (f, A, TRUE, TRUE);
  set_state (f, B, TRUE, TRUE);
  set_state (f, D, TRUE, TRUE);

  db = _gleaner_store_open_reader (f->store, &error);
  g_assert_no_error (error);

  {
    g_autofree char *match = _gleaner_store_build_list_match (db, "zzzz", NULL);

    g_assert_cmpstr (match, ==, "\"zzzz\"*");
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *order = trending_order (f, db, cases[i].filter, cases[i].search);

      if (g_strcmp0 (order, cases[i].expected) != 0)
        g_error ("filter %d, search \"%s\": \"%s\", expected \"%s\"", cases[i].filter,
                 cases[i].search ? cases[i].search : "(null)", order, cases[i].expected);
    }

  /* Without a ranking the trending sort is the upvote sort. */
  set_trending (f, NULL);
  {
    g_autofree char *order = trending_order (f, db, GLEANER_FILTER_ALL, NULL);
    g_autofree char *searched = trending_order (f, db, GLEANER_FILTER_ALL, "diffusion");

    g_assert_cmpstr (order, ==, "2 4 5 1 3 6");
    g_assert_cmpstr (searched, ==, "2 5 1");
  }

  sqlite3_close (db);
  g_assert_cmpint (rowid_of (f, A), >, 0);
}

typedef struct
{
  guint n_calls;
  guint n_ids;
} FirstPage;

static void
first_page_cb (const gint64 *ids,
               guint         n_ids,
               gpointer      user_data)
{
  FirstPage *page = user_data;

  page->n_calls++;
  page->n_ids = n_ids;
}

/* More ranked papers than a page, and a page that spans the ranked head and the rest: the
 * first page is handed over once, and the whole order holds. */
static void
test_trending_sort_pages (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) ranked = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) rank_of = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  guint n = 300, n_ranked = 100;
  FirstPage page = { 0 };
  sqlite3 *db;
  Wait w = { 0 };

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("2502.%05u", i);
      g_autofree char *title = g_strdup_printf ("Paper %u on %s", i, i % 2 ? "graphs" : "diffusion");

      g_ptr_array_add (papers, make_paper (id, title, "Text.", (i * 37) % 101, i));
    }
  upsert (f, papers);

  /* Ranked: every third paper, in an order unrelated to votes. */
  for (guint i = 0; i < n_ranked; i++)
    g_ptr_array_add (ranked, g_strdup_printf ("2502.%05u", (i * 3 * 7) % n));
  gleaner_store_set_trending_async (f->store, ranked, NULL, write_done_cb, &w);
  g_assert_true (finish_write (&w, &error));

  db = _gleaner_store_open_reader (f->store, &error);
  g_assert_no_error (error);

  for (const char * const *search = (const char * const[]) { "", "diff", "graphs", NULL }; *search; search++)
    {
      guint expected_ranked = 0;
      gint64 prev_votes = G_MAXINT64;
      gint64 prev_id = G_MAXINT64;
      gint last_rank = -1;
      guint n_expected = **search == '\0' ? n : n / 2;

      g_array_set_size (ids, 0);
      page = (FirstPage) { 0 };
      g_assert_true (_gleaner_store_query_ids (db, GLEANER_FILTER_ALL, GLEANER_SORT_TRENDING, *search,
                                               ids, first_page_cb, &page, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (ids->len, ==, n_expected);
      g_assert_cmpuint (page.n_calls, ==, 1);
      g_assert_cmpuint (page.n_ids, ==, GLEANER_STORE_FIRST_PAGE);

      for (guint i = 0; i < ranked->len; i++)
        {
          g_autoptr(GleanerPaper) paper = gleaner_store_load_paper (f->store, g_ptr_array_index (ranked, i), NULL);
          const char *title = gleaner_paper_get_title (paper);

          if (**search == '\0' || strstr (title, **search == 'd' ? "diffusion" : "graphs"))
            expected_ranked++;
        }

      for (guint i = 0; i < ids->len; i++)
        {
          g_autoptr(GleanerPaper) paper = _gleaner_store_load_rowid (f->store, g_array_index (ids, gint64, i), NULL);
          int rank = gleaner_store_get_trending_rank (f->store, gleaner_paper_get_id (paper), NULL);

          if (i < expected_ranked)
            {
              /* The head: ranked papers in rank order. */
              g_assert_cmpint (rank, >, last_rank);
              last_rank = rank;
            }
          else
            {
              /* The rest: unranked, by votes then id. */
              gint64 votes = gleaner_paper_get_upvotes (paper);

              g_assert_cmpint (rank, ==, -1);
              g_assert_true (votes < prev_votes || (votes == prev_votes && gleaner_paper_get_rowid (paper) < prev_id));
              prev_votes = votes;
              prev_id = gleaner_paper_get_rowid (paper);
            }
        }
    }

  sqlite3_close (db);
}

/* The paper list follows a new ranking under the trending sort, and only there. */
static void
test_paper_list_trending (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GleanerPaperList) trending = NULL;
  g_autoptr(GleanerPaperList) upvotes = NULL;
  Changes c = { 0 };

  add_five (f);
  trending = gleaner_paper_list_new (f->store);
  gleaner_paper_list_set_sort (trending, GLEANER_SORT_TRENDING);
  upvotes = gleaner_paper_list_new (f->store);

  while (gleaner_paper_list_get_loading (trending) || gleaner_paper_list_get_loading (upvotes))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (gleaner_paper_list_find (trending, B), ==, 0);

  g_signal_connect (upvotes, "items-changed", G_CALLBACK (items_changed_cb), &c);
  set_trending (f, C, NULL);
  g_assert_true (gleaner_paper_list_get_loading (trending));
  g_assert_false (gleaner_paper_list_get_loading (upvotes));
  while (gleaner_paper_list_get_loading (trending))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (gleaner_paper_list_find (trending, C), ==, 0);
  g_assert_cmpuint (gleaner_paper_list_find (trending, B), ==, 1);
  g_assert_cmpuint (gleaner_paper_list_find (upvotes, C), ==, 4);

  /* Saved searches are not papers. */
  add_ok (f, "Diffusion", "diffusion", GLEANER_FILTER_ALL);
  g_assert_false (gleaner_paper_list_get_loading (trending));
  g_assert_false (gleaner_paper_list_get_loading (upvotes));
  g_assert_cmpuint (c.count, ==, 0);
  g_signal_handlers_disconnect_by_data (upvotes, &c);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  gleaner_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/trending/set", test_trending_set);
  ADD ("/trending/sort", test_trending_sort);
  ADD ("/trending/sort-pages", test_trending_sort_pages);
  ADD ("/trending/paper-list", test_paper_list_trending);

  gleaner_test_add_queued ();

  return g_test_run ();
}
