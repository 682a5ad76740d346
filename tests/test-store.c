/* test-store.c — the SQLite store and the lazy list model, on real database files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "gleaner-arxiv-id.h"
#include "gleaner-paper-list.h"
#include "gleaner-store-private.h"
#include "gleaner-test-util.h"

typedef struct
{
  char         *dir;
  char         *path;
  GleanerStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("gleaner-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "sub", "gleaner.db", NULL);

  if (data == NULL)
    {
      f->store = gleaner_store_new (f->path, &error);
      g_assert_no_error (error);
      g_assert_nonnull (f->store);
    }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  gleaner_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static GleanerPaper *
make_paper (const char *id,
            const char *title,
            gint64      upvotes,
            gint64      published)
{
  GleanerPaper *paper = gleaner_paper_new (id);
  char **authors = g_new0 (char *, 3);

  authors[0] = g_strdup ("Ada Lovelace");
  authors[1] = g_strdup ("Émile Borel");
  gleaner_paper_set_title (paper, title);
  gleaner_paper_set_abstract (paper, "We study the parameter space of generative models.");
  gleaner_paper_take_authors (paper, authors);
  gleaner_paper_set_upvotes (paper, upvotes);
  gleaner_paper_set_published (paper, published);
  gleaner_paper_set_daily_date (paper, "2026-11-20");

  return paper;
}

typedef struct
{
  GMainLoop           *loop;
  GleanerUpsertResult *result;
  GError              *error;
  gboolean             done;
} Wait;

static void
upsert_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Wait *w = user_data;

  w->result = gleaner_store_upsert_finish (GLEANER_STORE (object), result, &w->error);
  w->done = TRUE;
}

static GleanerUpsertResult *
upsert (GleanerStore  *store,
        GPtrArray     *papers,
        GError       **error)
{
  Wait w = { 0 };

  gleaner_store_upsert_async (store, papers, NULL, upsert_done_cb, &w);
  while (!w.done)
    g_main_context_iteration (NULL, TRUE);

  if (w.error)
    g_propagate_error (error, w.error);

  return w.result;
}

static void
state_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Wait *w = user_data;

  gleaner_store_set_state_finish (GLEANER_STORE (object), result, &w->error);
  w->done = TRUE;
}

static void
set_state (GleanerStore *store,
           const char   *id,
           gboolean      starred,
           gboolean      value)
{
  Wait w = { 0 };

  if (starred)
    gleaner_store_set_starred_async (store, id, value, NULL, state_done_cb, &w);
  else
    gleaner_store_set_read_async (store, id, value, NULL, state_done_cb, &w);

  while (!w.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (w.error);
}

static void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Wait *w = user_data;

  gleaner_store_write_finish (GLEANER_STORE (object), result, &w->error);
  w->done = TRUE;
}

/* Replaces the trending list with the NULL-terminated arXiv ids. */
static void
set_trending (GleanerStore *store,
              ...)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  Wait w = { 0 };
  const char *id;
  va_list args;

  va_start (args, store);
  while ((id = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (ids, (gpointer)id);
  va_end (args);

  gleaner_store_set_trending_async (store, ids, NULL, write_done_cb, &w);
  while (!w.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (w.error);
}

static GPtrArray *
papers_new (void)
{
  return g_ptr_array_new_with_free_func (g_object_unref);
}

static void
add_three (GleanerStore *store)
{
  g_autoptr(GPtrArray) papers = papers_new ();
  g_autoptr(GleanerUpsertResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (papers, make_paper ("2501.00001", "Adapt then Unlearn: Parameter Space Semantics", 10, 1000));
  g_ptr_array_add (papers, make_paper ("2501.00002", "SVDiff: Compact Parameter Space for Diffusion", 50, 3000));
  g_ptr_array_add (papers, make_paper ("hep-th/9901001", "Strings on $AdS_5$", 5, 2000));

  result = upsert (store, papers, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->added, ==, 3);
  g_assert_cmpuint (result->updated, ==, 0);
  g_assert_cmpuint (result->new_ids->len, ==, 3);
}

/* ---------------------------------------------------------------------------------------- */

static void
test_open_creates (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *default_path = gleaner_store_dup_default_path ();

  g_assert_true (g_file_test (f->path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (GLEANER_STORE_SCHEMA_VERSION, ==, 11);
  g_assert_cmpint (gleaner_store_get_schema_version (f->store), ==, GLEANER_STORE_SCHEMA_VERSION);
  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, 0);
  g_assert_false (gleaner_store_has_papers (f->store, NULL));
  add_three (f->store);
  g_assert_true (gleaner_store_has_papers (f->store, NULL));
  g_assert_true (g_str_has_suffix (default_path, "/gleaner/gleaner.db"));
}

/* No paper comes back without an error: the window's "show paper" relies on it. */
static void
test_load_missing (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GleanerPaper) paper = NULL;

  add_three (f->store);
  paper = gleaner_store_load_paper (f->store, "2401.99999", &error);
  g_assert_null (paper);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_migrate_from_v1 (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GleanerPaper) paper = NULL;
  sqlite3 *db = NULL;

  /* A database as the first schema left it, with a paper and a star in it. */
  g_assert_true (g_mkdir_with_parents (g_path_get_dirname (f->path), 0700) == 0);
  g_assert_true (_gleaner_store_migrate_file (f->path, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO papers (arxiv_id, title, abstract, upvotes, first_seen, updated_at)"
                                 " VALUES ('2401.00001', 'Old Quantum Paper', 'An abstract.', 7, 1, 1);"
                                 "INSERT INTO user_state (arxiv_id, starred, read) VALUES ('2401.00001', 1, 1);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  f->store = gleaner_store_new (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gleaner_store_get_schema_version (f->store), ==, GLEANER_STORE_SCHEMA_VERSION);

  /* The migration indexed what was already stored (words included), and kept the user's
   * state. */
  {
    sqlite3 *reader = _gleaner_store_open_reader (f->store, &error);
    g_autofree char *match = _gleaner_store_build_list_match (reader, "quant", NULL);

    g_assert_cmpstr (match, ==, "(\"quantum\")");
    sqlite3_close (reader);
  }
  hits = gleaner_store_search (f->store, "quantum", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (gleaner_paper_get_id (g_ptr_array_index (hits, 0)), ==, "2401.00001");

  paper = gleaner_store_load_paper (f->store, "2401.00001", &error);
  g_assert_no_error (error);
  g_assert_true (gleaner_paper_get_starred (paper));
  g_assert_true (gleaner_paper_get_read (paper));
  g_assert_cmpint (gleaner_paper_get_upvotes (paper), ==, 7);
}

static void
test_migrate_from_v3 (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) searches = NULL;
  g_autoptr(GPtrArray) starred = NULL;
  g_autoptr(GleanerPaper) paper = NULL;
  sqlite3 *db = NULL;

  /* A database as schema 3 left it: papers, a star, a read mark. */
  g_assert_true (g_mkdir_with_parents (g_path_get_dirname (f->path), 0700) == 0);
  g_assert_true (_gleaner_store_migrate_file (f->path, 3, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO papers (arxiv_id, title, abstract, upvotes, first_seen, updated_at)"
                                 " VALUES ('2401.00001', 'Starred Quantum Paper', 'An abstract.', 7, 1, 1),"
                                 "        ('2401.00002', 'Read Classical Paper', 'Another.', 3, 1, 1);"
                                 "INSERT INTO user_state (arxiv_id, starred, starred_at) VALUES ('2401.00001', 1, 5);"
                                 "INSERT INTO user_state (arxiv_id, read, read_at) VALUES ('2401.00002', 1, 6);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  f->store = gleaner_store_new (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gleaner_store_get_schema_version (f->store), ==, GLEANER_STORE_SCHEMA_VERSION);

  /* Stars and read marks survive; the new tables exist and are empty. */
  starred = gleaner_store_list_starred (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (starred->len, ==, 1);
  g_assert_cmpstr (gleaner_paper_get_id (g_ptr_array_index (starred, 0)), ==, "2401.00001");
  paper = gleaner_store_load_paper (f->store, "2401.00002", &error);
  g_assert_no_error (error);
  g_assert_true (gleaner_paper_get_read (paper));
  g_assert_false (gleaner_paper_get_starred (paper));

  searches = gleaner_store_list_saved_searches (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (searches->len, ==, 0);
  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, "2401.00001", NULL), ==, -1);

  /* And they work. */
  set_trending (f->store, "2401.00002", "2401.00001", NULL);
  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, "2401.00001", NULL), ==, 1);
}

static void
test_too_new (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GleanerStore) store = NULL;
  sqlite3 *db = NULL;

  g_assert_true (g_mkdir_with_parents (g_path_get_dirname (f->path), 0700) == 0);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = gleaner_store_new (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, GLEANER_STORE_ERROR, GLEANER_STORE_ERROR_TOO_NEW);
}

static void
test_corrupt (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GleanerStore) store = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  const char garbage[] = "this is not a database, it is a text file with some words in it...";

  g_assert_true (g_mkdir_with_parents (g_path_get_dirname (f->path), 0700) == 0);
  g_assert_true (g_file_set_contents (f->path, garbage, -1, NULL));

  store = gleaner_store_new (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, GLEANER_STORE_ERROR, GLEANER_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "damaged"));

  /* Nothing was overwritten. */
  g_assert_true (g_file_get_contents (f->path, &contents, &len, NULL));
  g_assert_cmpstr (contents, ==, garbage);
}

static void
test_locked (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = papers_new ();
  g_autoptr(GleanerUpsertResult) result = NULL;
  sqlite3 *db = NULL;

  add_three (f->store);

  /* Another process holds the write lock longer than the busy timeout. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN EXCLUSIVE;", NULL, NULL, NULL), ==, SQLITE_OK);

  g_ptr_array_add (papers, make_paper ("2501.00009", "Blocked", 1, 1));
  result = upsert (f->store, papers, &error);
  g_assert_null (result);
  g_assert_error (error, GLEANER_STORE_ERROR, GLEANER_STORE_ERROR_BUSY);

  sqlite3_exec (db, "ROLLBACK;", NULL, NULL, NULL);
  sqlite3_close (db);

  /* Nothing stored was lost, and the store works again once the lock is gone. */
  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, 3);
  g_clear_error (&error);
  result = upsert (f->store, papers, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->added, ==, 1);
}

static void
test_upsert_keeps_user_state (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) again = papers_new ();
  g_autoptr(GleanerUpsertResult) result = NULL;
  g_autoptr(GleanerUpsertResult) result2 = NULL;
  g_autoptr(GleanerPaper) paper = NULL;
  g_autoptr(GError) error = NULL;
  GleanerPaper *changed;

  add_three (f->store);
  set_state (f->store, "2501.00001", TRUE, TRUE);
  set_state (f->store, "2501.00001", FALSE, TRUE);

  /* The same paper comes back with more upvotes, no github link and a new daily list. */
  changed = make_paper ("2501.00001", "Adapt then Unlearn: Parameter Space Semantics", 99, 1000);
  gleaner_paper_set_daily_date (changed, "2026-11-25");
  g_ptr_array_add (again, changed);
  g_ptr_array_add (again, make_paper ("2501.00002", "SVDiff: Compact Parameter Space for Diffusion", 50, 3000));

  result = upsert (f->store, again, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->added, ==, 0);
  g_assert_cmpuint (result->updated, ==, 1);   /* the unchanged one is not counted */

  paper = gleaner_store_load_paper (f->store, "2501.00001", &error);
  g_assert_no_error (error);
  g_assert_cmpint (gleaner_paper_get_upvotes (paper), ==, 99);
  g_assert_true (gleaner_paper_get_starred (paper));
  g_assert_true (gleaner_paper_get_read (paper));
  /* The earliest daily list is kept. */
  g_assert_cmpstr (gleaner_paper_get_daily_date (paper), ==, "2026-11-20");

  /* Identical data: nothing updated. */
  result2 = upsert (f->store, again, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result2->updated, ==, 0);
}

static void
test_upsert_merges_missing (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) first = papers_new ();
  g_autoptr(GPtrArray) second = papers_new ();
  g_autoptr(GleanerUpsertResult) r1 = NULL;
  g_autoptr(GleanerUpsertResult) r2 = NULL;
  g_autoptr(GleanerPaper) paper = NULL;
  g_autoptr(GError) error = NULL;
  GleanerPaper *full, *sparse;
  char **keywords = g_new0 (char *, 3);

  full = make_paper ("2602.23229", "Large Multimodal Models as General In-Context Classifiers", 10, 5);
  gleaner_paper_set_github_repo (full, "https://github.com/marco-garosi/CIRCLE");
  gleaner_paper_set_github_stars (full, 9);
  gleaner_paper_set_num_comments (full, 1);
  keywords[0] = g_strdup ("zero-shot classification");
  keywords[1] = g_strdup ("in-context learning");
  gleaner_paper_take_ai_keywords (full, keywords);
  g_ptr_array_add (first, full);
  r1 = upsert (f->store, first, &error);
  g_assert_no_error (error);

  /* A search hit knows less: no repo, no comments, unknown upvotes. */
  sparse = gleaner_paper_new ("2602.23229");
  gleaner_paper_set_title (sparse, "Large Multimodal Models as General In-Context Classifiers");
  g_ptr_array_add (second, sparse);
  r2 = upsert (f->store, second, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r2->added, ==, 0);

  paper = gleaner_store_load_paper (f->store, "2602.23229", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gleaner_paper_get_github_repo (paper), ==, "https://github.com/marco-garosi/CIRCLE");
  g_assert_cmpint (gleaner_paper_get_github_stars (paper), ==, 9);
  g_assert_cmpint (gleaner_paper_get_num_comments (paper), ==, 1);
  g_assert_cmpint (gleaner_paper_get_upvotes (paper), ==, 10);
  g_assert_nonnull (gleaner_paper_get_abstract (paper));
  g_assert_cmpstr (gleaner_paper_get_ai_keywords (paper)[1], ==, "in-context learning");
  g_assert_cmpstr (gleaner_paper_get_authors (paper)[1], ==, "Émile Borel");
}

static void
test_id_forms_one_row (Fixture       *f,
                       gconstpointer  data)
{
  const char *forms[] = {
    "2401.00001v2", "https://arxiv.org/abs/2401.00001v2", "oai:arXiv.org:2401.00001v2", "2401.00001",
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr(GPtrArray) papers = papers_new ();
      g_autoptr(GleanerUpsertResult) result = NULL;
      g_autofree char *id = gleaner_arxiv_id_normalize (forms[i]);

      g_assert_cmpstr (id, ==, "2401.00001");
      g_ptr_array_add (papers, make_paper (id, "One paper, many names", i, 1));
      result = upsert (f->store, papers, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (result->added, ==, i == 0 ? 1 : 0);
    }

  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, 1);
}

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

/* ---------------------------------------------------------------------------------------- */
/* The lazy list model */

static void
wait_loaded (GleanerPaperList *list)
{
  while (gleaner_paper_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
}

static const char *
id_at (GleanerPaperList *list,
       guint             position)
{
  g_autoptr(GleanerPaper) paper = g_list_model_get_item (G_LIST_MODEL (list), position);

  /* The cache keeps the object alive, so the borrowed id stays valid. */
  return paper ? gleaner_paper_get_id (paper) : NULL;
}

typedef struct
{
  guint position, removed, added, count;
} Changes;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *c)
{
  c->position = position;
  c->removed = removed;
  c->added = added;
  c->count++;
}

static void
test_list_positions (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GleanerPaperList) list = NULL;
  GleanerPaper *a, *b;

  add_three (f->store);
  list = gleaner_paper_list_new (f->store);
  wait_loaded (list);

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == GLEANER_TYPE_PAPER);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  /* Trending: most upvotes first. */
  g_assert_cmpstr (id_at (list, 0), ==, "2501.00002");
  g_assert_cmpstr (id_at (list, 1), ==, "2501.00001");
  g_assert_cmpstr (id_at (list, 2), ==, "hep-th/9901001");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 3));

  /* The same position gives the same object while it is cached. */
  a = g_list_model_get_item (G_LIST_MODEL (list), 1);
  b = g_list_model_get_item (G_LIST_MODEL (list), 1);
  g_assert_true (a == b);
  g_object_unref (a);
  g_object_unref (b);

  gleaner_paper_list_set_sort (list, GLEANER_SORT_NEWEST);
  wait_loaded (list);
  g_assert_cmpstr (id_at (list, 0), ==, "2501.00002");
  g_assert_cmpstr (id_at (list, 1), ==, "hep-th/9901001");
  g_assert_cmpuint (gleaner_paper_list_find (list, "2501.00001"), ==, 2);
  g_assert_cmpuint (gleaner_paper_list_find (list, "0000.00000"), ==, G_MAXUINT);

  gleaner_paper_list_set_search (list, "svd");
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  gleaner_paper_list_set_search (list, "");
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
}

static void
test_list_filters (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GleanerPaperList) list = NULL;

  add_three (f->store);
  set_state (f->store, "2501.00002", TRUE, TRUE);
  set_state (f->store, "2501.00001", FALSE, TRUE);

  list = gleaner_paper_list_new (f->store);
  gleaner_paper_list_set_filter (list, GLEANER_FILTER_STARRED);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  g_assert_cmpstr (id_at (list, 0), ==, "2501.00002");

  gleaner_paper_list_set_search (list, "unlearn");
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  gleaner_paper_list_set_search (list, "compact");
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);

  gleaner_paper_list_set_search (list, NULL);
  gleaner_paper_list_set_filter (list, GLEANER_FILTER_UNREAD);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_cmpuint (gleaner_paper_list_find (list, "2501.00001"), ==, G_MAXUINT);

  /* Reading a paper does not pull it out of the list under the reader's eyes… */
  set_state (f->store, "2501.00002", FALSE, TRUE);
  g_assert_false (gleaner_paper_list_get_loading (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  /* …until the list is reloaded. */
  gleaner_paper_list_reload (list);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  g_assert_cmpstr (id_at (list, 0), ==, "hep-th/9901001");
}

static void
test_list_items_changed_after_sync (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GleanerPaperList) list = NULL;
  g_autoptr(GPtrArray) more = papers_new ();
  g_autoptr(GleanerUpsertResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Changes c = { 0 };

  add_three (f->store);
  list = gleaner_paper_list_new (f->store);
  wait_loaded (list);
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &c);

  /* Two new papers with the most upvotes land above the ones shown. */
  g_ptr_array_add (more, make_paper ("2511.00001", "Brand new one", 500, 9000));
  g_ptr_array_add (more, make_paper ("2511.00002", "Brand new two", 400, 9001));
  result = upsert (f->store, more, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->added, ==, 2);
  wait_loaded (list);

  /* Only the insertion is reported: the rows below keep their identity (and selection). */
  g_assert_cmpuint (c.count, ==, 1);
  g_assert_cmpuint (c.position, ==, 0);
  g_assert_cmpuint (c.removed, ==, 0);
  g_assert_cmpuint (c.added, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 5);
  g_assert_cmpstr (id_at (list, 0), ==, "2511.00001");
  g_assert_cmpstr (id_at (list, 2), ==, "2501.00002");

  /* A sync that changes nothing reports nothing. */
  c.count = 0;
  g_clear_pointer (&result, gleaner_upsert_result_free);
  result = upsert (f->store, more, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->updated, ==, 0);
  wait_loaded (list);
  g_assert_cmpuint (c.count, ==, 0);
}

static void
state_written_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (gleaner_store_set_state_finish (GLEANER_STORE (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
state_changed_cb (GleanerStore      *store,
                  const char        *id,
                  GleanerPaperState  state,
                  gboolean           value,
                  GString           *log)
{
  g_string_append_printf (log, "%s %s %d;", id,
                          state == GLEANER_PAPER_STATE_STARRED ? "starred" : "read", value);
}

static void
test_list_paper_state (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GleanerPaperList) list = NULL;
  g_autoptr(GPtrArray) more = papers_new ();
  g_autoptr(GleanerUpsertResult) result = NULL;
  g_autoptr(GleanerPaper) kept = NULL;
  g_autoptr(GleanerPaper) fresh = NULL;
  g_autoptr(GString) log = g_string_new ("");
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  add_three (f->store);
  list = gleaner_paper_list_new (f->store);
  wait_loaded (list);
  g_signal_connect (f->store, "paper-state-changed", G_CALLBACK (state_changed_cb), log);

  /* An object a row would hold across a sync, which drops the list's cache. */
  kept = g_list_model_get_item (G_LIST_MODEL (list), gleaner_paper_list_find (list, "2501.00001"));
  g_ptr_array_add (more, make_paper ("2511.00001", "Brand new one", 500, 9000));
  result = upsert (f->store, more, &error);
  g_assert_no_error (error);
  wait_loaded (list);
  fresh = g_list_model_get_item (G_LIST_MODEL (list), gleaner_paper_list_find (list, "2501.00001"));
  g_assert_true (kept != fresh);
  g_assert_false (gleaner_paper_get_starred (kept));

  /* Every live object of the list follows at once, before the write lands. */
  gleaner_store_set_starred_async (f->store, "2501.00001", TRUE, NULL, state_written_cb, &done);
  g_assert_cmpstr (log->str, ==, "2501.00001 starred 1;");
  g_assert_true (gleaner_paper_get_starred (kept));
  g_assert_true (gleaner_paper_get_starred (fresh));
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  done = FALSE;
  gleaner_store_set_read_async (f->store, "2501.00001", TRUE, NULL, state_written_cb, &done);
  g_assert_true (gleaner_paper_get_read (kept));
  g_assert_true (gleaner_paper_get_read (fresh));
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (log->str, ==, "2501.00001 starred 1;2501.00001 read 1;");

  /* Other papers are left alone. */
  g_clear_object (&fresh);
  fresh = g_list_model_get_item (G_LIST_MODEL (list), gleaner_paper_list_find (list, "2501.00002"));
  g_assert_false (gleaner_paper_get_starred (fresh));

  g_signal_handlers_disconnect_by_func (f->store, state_changed_cb, log);
}

static void
pending_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gleaner_store_set_state_finish (GLEANER_STORE (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *)user_data = TRUE;
}

/* A paper read from the database while its new mark is still queued (the writer waits for
 * a lock) shows the mark it was given: a list that reloads meanwhile must not hand out an
 * object that contradicts what "paper-state-changed" just said. */
static void
test_pending_state (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GleanerPaper) before = NULL;
  g_autoptr(GleanerPaper) after = NULL;
  g_autoptr(GleanerPaper) other = NULL;
  g_autoptr(GError) error = NULL;
  gboolean read_done = FALSE, star_done = FALSE;
  sqlite3 *db = NULL;

  add_three (f->store);

  /* Another connection holds the write lock: the writer waits, readers (WAL) do not. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE;", NULL, NULL, NULL), ==, SQLITE_OK);

  gleaner_store_set_read_async (f->store, "2501.00001", TRUE, NULL, pending_done_cb, &read_done);
  gleaner_store_set_starred_async (f->store, "2501.00001", TRUE, NULL, pending_done_cb, &star_done);
  before = gleaner_store_load_paper (f->store, "2501.00001", &error);
  g_assert_no_error (error);
  g_assert_true (gleaner_paper_get_read (before));
  g_assert_true (gleaner_paper_get_starred (before));
  other = gleaner_store_load_paper (f->store, "2501.00002", &error);
  g_assert_no_error (error);
  g_assert_false (gleaner_paper_get_read (other));
  g_assert_false (read_done);

  sqlite3_exec (db, "ROLLBACK;", NULL, NULL, NULL);
  sqlite3_close (db);
  while (!read_done || !star_done)
    g_main_context_iteration (NULL, TRUE);

  /* Committed: the database says the same, and a later unmark is seen at once too. */
  after = gleaner_store_load_paper (f->store, "2501.00001", &error);
  g_assert_no_error (error);
  g_assert_true (gleaner_paper_get_read (after));
  g_assert_true (gleaner_paper_get_starred (after));
  read_done = FALSE;
  gleaner_store_set_read_async (f->store, "2501.00001", FALSE, NULL, pending_done_cb, &read_done);
  g_clear_object (&after);
  after = gleaner_store_load_paper (f->store, "2501.00001", &error);
  g_assert_false (gleaner_paper_get_read (after));
  while (!read_done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_list_large (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GleanerPaperList) list = NULL;
  g_autoptr(GPtrArray) papers = papers_new ();
  g_autoptr(GleanerUpsertResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Changes c = { 0 };
  guint n = 3000;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("2502.%05u", i);
      g_autofree char *title = g_strdup_printf ("Paper %u on %s", i, i % 3 ? "graphs" : "diffusion");

      g_ptr_array_add (papers, make_paper (id, title, i % 97, i));
    }
  result = upsert (f->store, papers, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->added, ==, n);

  list = gleaner_paper_list_new (f->store);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);

  /* A search with many matches shows its first page, then appends the rest. */
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &c);
  gleaner_paper_list_set_search (list, "diff");
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n / 3);
  g_assert_cmpuint (c.count, ==, 2);
  g_assert_cmpuint (c.position, ==, GLEANER_STORE_FIRST_PAGE);
  g_assert_cmpuint (c.added, ==, n / 3 - GLEANER_STORE_FIRST_PAGE);

  /* Trending order holds across the whole result. */
  for (guint i = 1; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i += 97)
    {
      g_autoptr(GleanerPaper) prev = g_list_model_get_item (G_LIST_MODEL (list), i - 1);
      g_autoptr(GleanerPaper) cur = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_cmpint (gleaner_paper_get_upvotes (prev), >=, gleaner_paper_get_upvotes (cur));
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Issue #9 */

static gint64
rowid_of (GleanerStore *store,
          const char   *id)
{
  g_autoptr(GleanerPaper) paper = NULL;
  g_autoptr(GError) error = NULL;

  paper = gleaner_store_load_paper (store, id, &error);
  g_assert_no_error (error);

  return gleaner_paper_get_rowid (paper);
}

static GArray *
query_ids (GleanerStore  *store,
           GleanerFilter  filter,
           GleanerSort    sort,
           const char    *search)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  sqlite3 *db = _gleaner_store_open_reader (store, &error);

  g_assert_no_error (error);
  g_assert_true (_gleaner_store_query_ids (db, filter, sort, search, ids, NULL, NULL, NULL,
                                           &error));
  g_assert_no_error (error);
  sqlite3_close (db);

  return g_steal_pointer (&ids);
}

static guint
count_hits (GleanerStore *store,
            const char   *text)
{
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;

  hits = gleaner_store_search (store, text, 10, &error);
  g_assert_no_error (error);

  return hits->len;
}

static void
exec_on_file (const char *path,
              const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* Whatever characters a name holds, it comes back as the one name it was. */
static void
test_list_names_whole (Fixture       *f,
                       gconstpointer  data)
{
  const char * const authors[] = {
    "Ada\nLovelace", "Carriage\rReturn", "Tab\tName", "\"Quoted\" \\ back", "[\"json\", 1]",
    "Unit\x1fSep", "Émile Borel", NULL
  };
  const char * const keywords[] = { "in-context\nlearning", "", "x", NULL };
  g_autoptr(GPtrArray) papers = papers_new ();
  g_autoptr(GleanerUpsertResult) result = NULL;
  g_autoptr(GleanerPaper) paper = NULL;
  g_autoptr(GError) error = NULL;
  GleanerPaper *p = make_paper ("2501.00101", "Names that could break a list", 1, 1);
  GleanerPaper *none = make_paper ("2501.00102", "No names at all", 1, 1);

  gleaner_paper_take_authors (p, g_strdupv ((char **)authors));
  gleaner_paper_take_ai_keywords (p, g_strdupv ((char **)keywords));
  gleaner_paper_take_authors (none, NULL);
  g_ptr_array_add (papers, p);
  g_ptr_array_add (papers, none);
  result = upsert (f->store, papers, &error);
  g_assert_no_error (error);

  paper = gleaner_store_load_paper (f->store, "2501.00101", &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_equal ((const char * const *)gleaner_paper_get_authors (paper), authors));
  g_assert_true (g_strv_equal ((const char * const *)gleaner_paper_get_ai_keywords (paper), keywords));
  g_clear_object (&paper);
  paper = gleaner_store_load_paper (f->store, "2501.00102", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length ((char **)gleaner_paper_get_authors (paper)), ==, 0);

  /* Names are still searchable, whole words and prefixes. */
  g_assert_cmpuint (count_hits (f->store, "lovelace"), ==, 1);
  g_assert_cmpuint (count_hits (f->store, "emile bor"), ==, 1);
  g_assert_cmpuint (count_hits (f->store, "in-context"), ==, 1);
  g_assert_cmpuint (query_ids (f->store, GLEANER_FILTER_ALL, GLEANER_SORT_UPVOTES, "lovel")->len, ==, 1);
}

/* Lists stored one per line by schema 4 read back as they were, and stay searchable. */
static void
test_migrate_lists (Fixture       *f,
                    gconstpointer  data)
{
  const char * const authors[] = { "Ada Lovelace", "Émile Borel", NULL };
  const char * const keywords[] = { "in-context learning", NULL };
  g_autoptr(GPtrArray) papers = papers_new ();
  g_autoptr(GleanerUpsertResult) result = NULL;
  g_autoptr(GleanerPaper) paper = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_mkdir_with_parents (g_path_get_dirname (f->path), 0700) == 0);
  g_assert_true (_gleaner_store_migrate_file (f->path, 4, &error));
  g_assert_no_error (error);
  exec_on_file (f->path,
                "INSERT INTO papers (arxiv_id, title, authors, ai_keywords, upvotes, first_seen, updated_at)"
                " VALUES ('2401.00001', 'Old paper', 'Ada Lovelace' || char (10) || 'Émile Borel',"
                "         'in-context learning', 3, 1, 1),"
                "        ('2401.00002', 'Nameless', NULL, '', 2, 1, 1);");

  f->store = gleaner_store_new (f->path, &error);
  g_assert_no_error (error);

  paper = gleaner_store_load_paper (f->store, "2401.00001", &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_equal ((const char * const *)gleaner_paper_get_authors (paper), authors));
  g_assert_true (g_strv_equal ((const char * const *)gleaner_paper_get_ai_keywords (paper), keywords));
  g_clear_object (&paper);
  paper = gleaner_store_load_paper (f->store, "2401.00002", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length ((char **)gleaner_paper_get_authors (paper)), ==, 0);
  g_assert_cmpuint (g_strv_length ((char **)gleaner_paper_get_ai_keywords (paper)), ==, 0);
  g_assert_cmpuint (count_hits (f->store, "borel"), ==, 1);

  /* The index followed the rewrite: a new author list replaces the old words. */
  paper = make_paper ("2401.00001", "Old paper", 3, 1);
  {
    char *zed[] = { g_strdup ("Zed Zebra"), NULL };

    gleaner_paper_take_authors (paper, g_memdup2 (zed, sizeof zed));
  }
  g_ptr_array_add (papers, g_steal_pointer (&paper));
  result = upsert (f->store, papers, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->updated, ==, 1);
  g_assert_cmpuint (count_hits (f->store, "borel"), ==, 0);
  g_assert_cmpuint (count_hits (f->store, "zebra"), ==, 1);
}

/* Upvotes past 2^31 used to wrap the index key negative: the most voted paper came last in
 * a search while first in the plain list. */
static void
test_huge_upvotes (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) papers = papers_new ();
  g_autoptr(GPtrArray) again = papers_new ();
  g_autoptr(GleanerUpsertResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 small, huge;

  g_ptr_array_add (papers, make_paper ("2501.00201", "Parameter alpha", 10, 1));
  g_ptr_array_add (papers, make_paper ("2501.00202", "Parameter beta", (gint64)G_MAXINT32 + 1, 2));
  result = upsert (f->store, papers, &error);
  g_assert_no_error (error);
  small = rowid_of (f->store, "2501.00201");
  huge = rowid_of (f->store, "2501.00202");

  for (guint s = 0; s < 6; s++)
      {
        const char *search = (const char *[]) { NULL, "parameter", "param" }[s % 3];
        GleanerSort sort = s < 3 ? GLEANER_SORT_UPVOTES : GLEANER_SORT_TRENDING;
        g_autoptr(GArray) ids = query_ids (f->store, GLEANER_FILTER_ALL, sort, search);

        g_assert_cmpuint (ids->len, ==, 2);
        g_assert_cmpint (g_array_index (ids, gint64, 0), ==, huge);
        g_assert_cmpint (g_array_index (ids, gint64, 1), ==, small);
      }

  /* Even more votes: still first, and listed once. */
  g_ptr_array_add (again, make_paper ("2501.00202", "Parameter beta", G_MAXINT64, 2));
  g_clear_pointer (&result, gleaner_upsert_result_free);
  result = upsert (f->store, again, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GArray) ids = query_ids (f->store, GLEANER_FILTER_ALL, GLEANER_SORT_UPVOTES, "parameter");

    g_assert_cmpuint (ids->len, ==, 2);
    g_assert_cmpint (g_array_index (ids, gint64, 0), ==, huge);
  }
}

/* A database holding a wrapped key from before the fix is repaired by the migration. */
static void
test_migrate_huge_upvotes (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) papers = papers_new ();
  g_autoptr(GleanerUpsertResult) result = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  gint64 huge;

  g_assert_true (g_mkdir_with_parents (g_path_get_dirname (f->path), 0700) == 0);
  g_assert_true (_gleaner_store_migrate_file (f->path, 4, &error));
  g_assert_no_error (error);
  exec_on_file (f->path,
                "INSERT INTO papers (arxiv_id, title, upvotes, first_seen, updated_at)"
                " VALUES ('2401.00001', 'Parameter alpha', 10, 1, 1),"
                "        ('2401.00002', 'Parameter beta', 2147483648, 1, 1);");

  f->store = gleaner_store_new (f->path, &error);
  g_assert_no_error (error);
  huge = rowid_of (f->store, "2401.00002");

  ids = query_ids (f->store, GLEANER_FILTER_ALL, GLEANER_SORT_UPVOTES, "parameter");
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, huge);

  /* The old index entry is gone: a later change leaves one entry per paper. */
  g_ptr_array_add (papers, make_paper ("2401.00002", "Parameter beta", 1, 1));
  result = upsert (f->store, papers, &error);
  g_assert_no_error (error);
  g_clear_pointer (&ids, g_array_unref);
  ids = query_ids (f->store, GLEANER_FILTER_ALL, GLEANER_SORT_UPVOTES, "parameter");
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, huge);
}

/* Holds the writer thread inside its transaction until the test opens it, so that the writes
 * queued meanwhile are run together, behind it, in that same transaction. */
typedef struct
{
  GMutex   mutex;
  GCond    cond;
  gboolean entered;
  gboolean open;
} Gate;

static gboolean
gate_write_func (sqlite3         *db,
                 gpointer         data,
                 gboolean        *changed,
                 gpointer        *result,
                 GDestroyNotify  *result_free,
                 GError         **error)
{
  Gate *gate = data;

  g_mutex_lock (&gate->mutex);
  gate->entered = TRUE;
  g_cond_broadcast (&gate->cond);
  while (!gate->open)
    g_cond_wait (&gate->cond, &gate->mutex);
  g_mutex_unlock (&gate->mutex);

  return TRUE;
}

/* Writes, then fails: what it wrote must be undone, and nothing else. */
static gboolean
failing_write_func (sqlite3         *db,
                    gpointer         data,
                    gboolean        *changed,
                    gpointer        *result,
                    GDestroyNotify  *result_free,
                    GError         **error)
{
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO meta (key, value) VALUES ('failed-write', 'x')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  *changed = TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "failed on purpose");
  return FALSE;
}

/* Writes queued together commit together, each in its own savepoint: the one that fails is
 * undone alone and reports its error; those before and after it are stored and searchable. */
static void
test_group_commit_failure (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) first = papers_new ();
  g_autoptr(GPtrArray) second = papers_new ();
  Wait wg = { 0 }, wa = { 0 }, wf = { 0 }, wb = { 0 };
  Gate gate = { 0 };
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_mutex_init (&gate.mutex);
  g_cond_init (&gate.cond);
  g_ptr_array_add (first, make_paper ("2501.00301", "Grouped alpha", 3, 1));
  g_ptr_array_add (second, make_paper ("2501.00302", "Grouped omega", 4, 2));

  _gleaner_store_write_async (f->store, gate_write_func, &gate, NULL, GLEANER_STORE_CHANGE_PAPERS,
                              test_group_commit_failure, NULL, write_done_cb, &wg);
  g_mutex_lock (&gate.mutex);
  while (!gate.entered)
    g_cond_wait (&gate.cond, &gate.mutex);
  g_mutex_unlock (&gate.mutex);

  gleaner_store_upsert_async (f->store, first, NULL, upsert_done_cb, &wa);
  _gleaner_store_write_async (f->store, failing_write_func, NULL, NULL, GLEANER_STORE_CHANGE_PAPERS,
                              test_group_commit_failure, NULL, write_done_cb, &wf);
  gleaner_store_upsert_async (f->store, second, NULL, upsert_done_cb, &wb);

  g_mutex_lock (&gate.mutex);
  gate.open = TRUE;
  g_cond_broadcast (&gate.cond);
  g_mutex_unlock (&gate.mutex);

  while (!wg.done || !wa.done || !wf.done || !wb.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (wg.error);
  g_assert_no_error (wa.error);
  g_assert_no_error (wb.error);
  g_assert_error (wf.error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&wf.error);
  g_assert_cmpuint (wa.result->added, ==, 1);
  g_assert_cmpuint (wb.result->added, ==, 1);
  g_clear_pointer (&wa.result, gleaner_upsert_result_free);
  g_clear_pointer (&wb.result, gleaner_upsert_result_free);

  g_assert_cmpint (count_hits (f->store, "grouped"), ==, 2);
  g_assert_cmpint (count_hits (f->store, "alpha"), ==, 1);
  g_assert_cmpint (count_hits (f->store, "omega"), ==, 1);

  /* The failed write's row is gone: read on a connection of our own, after the commit. */
  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM meta WHERE key = 'failed-write'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  g_mutex_clear (&gate.mutex);
  g_cond_clear (&gate.cond);
}

static const char *test_binary;

/* Helper mode: waits until stdin closes, then opens (and so migrates) the store at @path. */
static int
open_store_and_exit (const char *path)
{
  g_autoptr(GleanerStore) store = NULL;
  g_autoptr(GError) error = NULL;
  char buf[16];

  while (fread (buf, 1, sizeof buf, stdin) > 0)
    ;

  if (!(store = gleaner_store_new (path, &error)))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  return 0;
}

/* The window and a "gleaner --sync" from cron open an old database at the same moment: both
 * must end up at the latest schema, neither failing on a step the other applied. */
static void
test_migrate_two_processes (Fixture       *f,
                            gconstpointer  data)
{
  g_assert_true (g_mkdir_with_parents (g_path_get_dirname (f->path), 0700) == 0);

  for (guint round = 0; round < 20; round++)
    {
      g_autoptr(GSubprocess) a = NULL;
      g_autoptr(GSubprocess) b = NULL;
      g_autoptr(GError) error = NULL;

      g_remove (f->path);
      g_assert_true (_gleaner_store_migrate_file (f->path, 1, &error));
      g_assert_no_error (error);

      /* Both block on their stdin until both exist, then start together. A failure is
       * printed on stderr, which the test shares. */
      a = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error,
                            test_binary, "--open-store", f->path, NULL);
      g_assert_no_error (error);
      b = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error,
                            test_binary, "--open-store", f->path, NULL);
      g_assert_no_error (error);
      g_output_stream_close (g_subprocess_get_stdin_pipe (a), NULL, NULL);
      g_output_stream_close (g_subprocess_get_stdin_pipe (b), NULL, NULL);

      g_assert_true (g_subprocess_wait (a, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_subprocess_wait (b, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_successful (a));
      g_assert_true (g_subprocess_get_successful (b));
    }
}

/* A failed read is an error, never "nothing there". */
static void
test_read_errors (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  sqlite3 *db;

  add_three (f->store);
  set_trending (f->store, "2501.00001", NULL);
  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, "2501.00001", &error), ==, 0);
  g_assert_no_error (error);
  value = gleaner_store_dup_meta (f->store, "absent", &error);
  g_assert_no_error (error);
  g_assert_null (value);

  /* Tables gone under the store's feet: every read fails, and says so. */
  exec_on_file (f->path, "DROP TABLE meta; DROP TABLE trending; DROP TABLE terms;");

  value = gleaner_store_dup_meta (f->store, "absent", &error);
  g_assert_null (value);
  g_assert_error (error, GLEANER_STORE_ERROR, GLEANER_STORE_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, "2501.00001", &error), ==, -1);
  g_assert_error (error, GLEANER_STORE_ERROR, GLEANER_STORE_ERROR_FAILED);
  g_clear_error (&error);

  db = _gleaner_store_open_reader (f->store, &error);
  g_assert_no_error (error);
  g_assert_false (_gleaner_store_query_ids (db, GLEANER_FILTER_ALL, GLEANER_SORT_UPVOTES,
                                            "parameter", ids, NULL, NULL, NULL, &error));
  g_assert_error (error, GLEANER_STORE_ERROR, GLEANER_STORE_ERROR_FAILED);
  g_clear_error (&error);
  sqlite3_close (db);

  exec_on_file (f->path, "DROP TABLE papers;");

  g_assert_false (gleaner_store_has_papers (f->store, &error));
  g_assert_error (error, GLEANER_STORE_ERROR, GLEANER_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpint (gleaner_store_count_papers (f->store, &error), ==, -1);
  g_assert_error (error, GLEANER_STORE_ERROR, GLEANER_STORE_ERROR_FAILED);
}

static guint n_wal_messages;

static void
count_wal_message_cb (const char     *domain,
                      GLogLevelFlags  level,
                      const char     *message,
                      gpointer        user_data)
{
  if (strstr (message, "WAL") != NULL)
    n_wal_messages++;
}

/* Where the file system cannot share memory between processes (a network home), SQLite
 * refuses WAL: the store says so once, and works in rollback mode. */
static void
test_wal_refused (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GleanerStore) again = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  /* SQLite's own VFS without locks or shared memory, made the default, stands for such a
   * file system: it cannot map the -shm file WAL needs. */
  g_assert_cmpint (sqlite3_vfs_register (sqlite3_vfs_find ("unix-none"), 1), ==, SQLITE_OK);
  g_log_set_handler ("gleaner-store", G_LOG_LEVEL_MESSAGE, count_wal_message_cb, NULL);

  f->store = gleaner_store_new (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_wal_messages, ==, 1);

  add_three (f->store);
  g_assert_cmpint (gleaner_store_count_papers (f->store, &error), ==, 3);
  g_assert_no_error (error);
  g_assert_cmpuint (count_hits (f->store, "parameter"), ==, 3);
  g_assert_cmpuint (query_ids (f->store, GLEANER_FILTER_ALL, GLEANER_SORT_NEWEST, "param")->len, ==, 3);
  g_assert_cmpuint (n_wal_messages, ==, 1);

  /* Once per store. */
  again = gleaner_store_new (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_wal_messages, ==, 2);
}

/* ---------------------------------------------------------------------------------------- */
/* Reads for the main loop */

typedef struct
{
  GThread      *main_thread;
  GAsyncResult *result;
} AsyncWait;

static void
async_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncWait *w = user_data;

  /* Delivered on the caller's context, never on the store's thread. */
  g_assert_true (g_thread_self () == w->main_thread);
  g_assert_null (w->result);
  w->result = g_object_ref (result);
}

static GAsyncResult *
async_wait (AsyncWait *w)
{
  while (w->result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return w->result;
}

static void
test_async_reads (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) papers = papers_new ();
  g_autoptr(GleanerPaper) paper = NULL;
  g_autoptr(GleanerPaper) missing = NULL;
  g_autoptr(GPtrArray) starred = NULL;
  g_autoptr(GPtrArray) searches = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  AsyncWait load = { g_thread_self (), NULL };
  AsyncWait gone = { g_thread_self (), NULL };
  AsyncWait stars = { g_thread_self (), NULL };
  AsyncWait unset = { g_thread_self (), NULL };
  AsyncWait meta = { g_thread_self (), NULL };
  AsyncWait flush = { g_thread_self (), NULL };
  AsyncWait saved = { g_thread_self (), NULL };
  gboolean ok;

  g_assert_false (gleaner_store_get_has_papers (f->store));

  /* Reads queued right after writes, without waiting for them, see them. */
  g_ptr_array_add (papers, make_paper ("2501.00001", "Adapt then Unlearn", 10, 1000));
  gleaner_store_upsert_async (f->store, papers, NULL, NULL, NULL);
  gleaner_store_load_paper_async (f->store, "2501.00001", NULL, async_done_cb, &load);
  gleaner_store_set_starred_async (f->store, "2501.00001", TRUE, NULL, NULL, NULL);
  gleaner_store_list_starred_async (f->store, NULL, async_done_cb, &stars);
  gleaner_store_load_paper_async (f->store, "0000.00000", NULL, async_done_cb, &gone);
  gleaner_store_dup_meta_async (f->store, "async-test", NULL, async_done_cb, &unset);
  gleaner_store_set_meta_async (f->store, "async-test", "yes", NULL, NULL, NULL);
  gleaner_store_dup_meta_async (f->store, "async-test", NULL, async_done_cb, &meta);
  gleaner_store_add_saved_search_async (f->store, "Unlearning", "unlearn", GLEANER_FILTER_ALL,
                                        NULL, NULL, NULL);
  gleaner_store_list_saved_searches_async (f->store, NULL, async_done_cb, &saved);
  gleaner_store_flush_async (f->store, NULL, async_done_cb, &flush);

  paper = gleaner_store_load_paper_finish (f->store, async_wait (&load), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gleaner_paper_get_title (paper), ==, "Adapt then Unlearn");
  g_assert_false (gleaner_paper_get_starred (paper));

  starred = gleaner_store_list_starred_finish (f->store, async_wait (&stars), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (starred->len, ==, 1);
  g_assert_cmpstr (gleaner_paper_get_id (g_ptr_array_index (starred, 0)), ==, "2501.00001");

  missing = gleaner_store_load_paper_finish (f->store, async_wait (&gone), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (missing);
  g_clear_error (&error);

  ok = gleaner_store_dup_meta_finish (f->store, async_wait (&unset), &value, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_null (value);
  ok = gleaner_store_dup_meta_finish (f->store, async_wait (&meta), &value, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpstr (value, ==, "yes");

  searches = gleaner_store_list_saved_searches_finish (f->store, async_wait (&saved), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (searches->len, ==, 1);
  g_assert_cmpstr (gleaner_saved_search_get_query (g_ptr_array_index (searches, 0)), ==, "unlearn");

  g_assert_true (gleaner_store_flush_finish (f->store, async_wait (&flush), &error));
  g_assert_no_error (error);
  g_assert_true (gleaner_store_get_has_papers (f->store));

  g_clear_object (&load.result);
  g_clear_object (&gone.result);
  g_clear_object (&stars.result);
  g_clear_object (&unset.result);
  g_clear_object (&meta.result);
  g_clear_object (&saved.result);
  g_clear_object (&flush.result);
}

static void
test_async_read_cancelled (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GleanerPaper) paper = NULL;
  g_autoptr(GError) error = NULL;
  AsyncWait load = { g_thread_self (), NULL };

  add_three (f->store);

  /* Cancelled before the thread reaches it: the read reports it, still on this thread. */
  g_cancellable_cancel (cancellable);
  gleaner_store_load_paper_async (f->store, "2501.00001", cancellable, async_done_cb, &load);
  paper = gleaner_store_load_paper_finish (f->store, async_wait (&load), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (paper);
  g_clear_object (&load.result);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--open-store"))
    return open_store_and_exit (argv[2]);

  test_binary = argv[0];
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  gleaner_test_add (path, Fixture, data, fixture_setup, func, fixture_teardown)

  ADD ("/store/open-creates", test_open_creates, NULL);
  ADD ("/store/load-missing", test_load_missing, NULL);
  ADD ("/store/migrate-from-v1", test_migrate_from_v1, "no-open");
  ADD ("/store/migrate-from-v3", test_migrate_from_v3, "no-open");
  ADD ("/store/too-new", test_too_new, "no-open");
  ADD ("/store/corrupt", test_corrupt, "no-open");
  ADD ("/store/locked", test_locked, NULL);
  ADD ("/store/upsert-keeps-user-state", test_upsert_keeps_user_state, NULL);
  ADD ("/store/upsert-merges-missing", test_upsert_merges_missing, NULL);
  ADD ("/store/id-forms-one-row", test_id_forms_one_row, NULL);
  ADD ("/store/search-ranked", test_search_ranked, NULL);
  ADD ("/store/search-hostile", test_search_hostile, NULL);
  ADD ("/store/trending-head", test_trending_head, NULL);
  ADD ("/store/newest-search", test_newest_search, NULL);
  gleaner_test_add_func ("/store/build-match", test_build_match);
  ADD ("/store/list-match-expansion", test_list_match_expansion, NULL);
  ADD ("/list/positions", test_list_positions, NULL);
  ADD ("/list/filters", test_list_filters, NULL);
  ADD ("/list/items-changed-after-sync", test_list_items_changed_after_sync, NULL);
  ADD ("/list/paper-state", test_list_paper_state, NULL);
  ADD ("/store/pending-state", test_pending_state, NULL);
  ADD ("/list/large", test_list_large, NULL);
  ADD ("/store/list-names-whole", test_list_names_whole, NULL);
  ADD ("/store/migrate-lists", test_migrate_lists, "no-open");
  ADD ("/store/huge-upvotes", test_huge_upvotes, NULL);
  ADD ("/store/migrate-huge-upvotes", test_migrate_huge_upvotes, "no-open");
  ADD ("/store/migrate-two-processes", test_migrate_two_processes, "no-open");
  ADD ("/store/read-errors", test_read_errors, NULL);
  ADD ("/store/wal-refused", test_wal_refused, "no-open");
  ADD ("/store/async-reads", test_async_reads, NULL);
  ADD ("/store/async-read-cancelled", test_async_read_cancelled, NULL);
  ADD ("/store/group-commit-failure", test_group_commit_failure, NULL);

  gleaner_test_add_queued ();

  return g_test_run ();
}
