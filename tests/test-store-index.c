/* test-store-index.c — the full-text index is written once per write (schema 8), and stays
 * one entry per paper through inserts, text and vote changes and the migration from 7.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

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

  f->dir = g_dir_make_tmp ("gleaner-store-index-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "gleaner.db", NULL);
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

static void
open_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->store = gleaner_store_new (f->path, &error);
  g_assert_no_error (error);
  /* These tests count the index's segments: the store tidies it only when asked. */
  _gleaner_store_set_tidy_quiet_ms (f->store, G_MAXUINT);
}

static gint64 query_int (const char *path,
                         const char *sql);

static gint64
count_segments (Fixture *f)
{
  return query_int (f->path, "SELECT count (DISTINCT segid) FROM papers_fts_idx");
}

/* Paper @n: its own word ("wordN" spelled in letters, so no prefix of one is another's),
 * shared words, and upvotes in no order, as a daily page lists them. */
static char *
own_word (guint n)
{
  GString *word = g_string_new ("own");

  do
    {
      g_string_append_c (word, 'a' + n % 26);
      n /= 26;
    }
  while (n > 0);
  g_string_append (word, "x");

  return g_string_free (word, FALSE);
}

static GleanerPaper *
make_paper (guint       n,
            const char *theme,
            gint64      upvotes)
{
  g_autofree char *id = g_strdup_printf ("2501.%05u", n);
  g_autofree char *word = own_word (n);
  g_autofree char *title = g_strdup_printf ("%s %s methods", word, theme);
  GleanerPaper *paper = gleaner_paper_new (id);
  char **authors = g_new0 (char *, 3);

  authors[0] = g_strdup ("Ada Lovelace");
  authors[1] = g_strdup ("Émile Borel");
  gleaner_paper_set_title (paper, title);
  gleaner_paper_set_abstract (paper, "We study the parameter space of generative models, "
                                     "and what a search finds in it.");
  gleaner_paper_take_authors (paper, authors);
  gleaner_paper_set_published (paper, 1736000000 + n);
  gleaner_paper_set_upvotes (paper, upvotes);

  return paper;
}

static void
upsert_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GleanerUpsertResult **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = gleaner_store_upsert_finish (GLEANER_STORE (object), result, &error);
  g_assert_no_error (error);
}

static void
upsert (GleanerStore *store,
        GPtrArray    *papers)
{
  g_autoptr(GleanerUpsertResult) result = NULL;

  gleaner_store_upsert_async (store, papers, NULL, upsert_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static gint64
query_int (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
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

static guint
count_matches (GleanerStore *store,
               const char   *text)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  sqlite3 *db = _gleaner_store_open_reader (store, &error);

  g_assert_no_error (error);
  g_assert_true (_gleaner_store_query_ids (db, GLEANER_FILTER_ALL, GLEANER_SORT_UPVOTES, text,
                                           ids, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  sqlite3_close (db);

  return ids->len;
}

/* The index is whole and the queue empty: the index holds one row per paper, its structure
 * checks out, and each paper is found by its own word exactly once. */
static void
assert_index_whole (Fixture *f,
                    guint    n_papers)
{
  g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM fts_queue"), ==, 0);
  g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM papers_fts"), ==, n_papers);
  exec_on_file (f->path, "INSERT INTO papers_fts (papers_fts) VALUES ('integrity-check')");

  for (guint n = 0; n < n_papers; n++)
    {
      g_autofree char *word = own_word (n);

      g_assert_cmpuint (count_matches (f->store, word), ==, 1);
    }
}

/* One write of papers listed in no upvote order leaves one segment. With the index written
 * by a trigger, paper by paper, each paper was a segment of its own until merged (4 were
 * left here, after 400 writes of a segment and their merges). */
static void
test_one_segment_per_write (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);

  open_store (f);
  for (guint n = 0; n < 400; n++)
    g_ptr_array_add (papers, make_paper (n, "diffusion", (gint64) (n * 37 % 250)));
  upsert (f->store, papers);

  g_assert_cmpint (query_int (f->path, "SELECT count (DISTINCT segid) FROM papers_fts_idx"), ==, 1);
  assert_index_whole (f, 400);
  g_assert_cmpuint (count_matches (f->store, "diffusion"), ==, 400);
}

/* Changed text and changed upvotes move a paper's entry, never copy it; a write that changes
 * nothing queues nothing. */
static void
test_changes (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) second = g_ptr_array_new_with_free_func (g_object_unref);

  open_store (f);
  for (guint n = 0; n < 200; n++)
    g_ptr_array_add (first, make_paper (n, "diffusion", (gint64) (n % 9)));
  upsert (f->store, first);
  assert_index_whole (f, 200);

  /* Every other paper gains votes, every fourth changes its title's theme. */
  for (guint n = 0; n < 200; n++)
    g_ptr_array_add (second, make_paper (n, n % 4 == 0 ? "transport" : "diffusion",
                                         (gint64) (n % 9) + (n % 2 == 0 ? 100 : 0)));
  upsert (f->store, second);
  assert_index_whole (f, 200);
  g_assert_cmpuint (count_matches (f->store, "transport"), ==, 50);
  g_assert_cmpuint (count_matches (f->store, "diffusion"), ==, 150);

  upsert (f->store, second);
  assert_index_whole (f, 200);
}

/* A database of schema 7 (its triggers wrote the index directly) keeps its index, and the
 * first write after the migration moves entries rather than adding them. */
static void
test_migrate_from_v7 (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  g_assert_true (_gleaner_store_migrate_file (f->path, 7, &error));
  g_assert_no_error (error);
  exec_on_file (f->path,
                "INSERT INTO papers (arxiv_id, title, abstract, authors, upvotes, first_seen, updated_at)"
                " VALUES ('2501.00000', 'ownax diffusion methods', 'An abstract.', '[\"Ada\"]', 5, 1, 1),"
                "        ('2501.00001', 'ownbx diffusion methods', 'An abstract.', '[\"Ada\"]', 3, 1, 1);");

  open_store (f);
  g_assert_cmpint (gleaner_store_get_schema_version (f->store), ==, GLEANER_STORE_SCHEMA_VERSION);
  assert_index_whole (f, 2);

  g_ptr_array_add (papers, make_paper (0, "transport", 50));
  g_ptr_array_add (papers, make_paper (2, "diffusion", 1));
  upsert (f->store, papers);
  assert_index_whole (f, 3);
  g_assert_cmpuint (count_matches (f->store, "transport"), ==, 1);
  g_assert_cmpuint (count_matches (f->store, "diffusion"), ==, 2);
}

static void
mark_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GPtrArray **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = gleaner_store_mark_finish (GLEANER_STORE (object), result, &error);
  g_assert_no_error (error);
}

/* Writes queued while the writer waits go in one transaction, and the index reads the
 * queue once for the pages among them: one segment for two pages. A write of the group
 * that reads the index (marking a search's papers read) sees the pages queued before it,
 * and the page after it is indexed too. */
static void
test_group_of_writes (Fixture       *f,
                      gconstpointer  data)
{
  static const char * const themes[] = { "diffusion", "transport", "bandits" };
  GleanerUpsertResult *results[G_N_ELEMENTS (themes)] = { NULL };
  g_autoptr(GPtrArray) marked = NULL;
  sqlite3 *lock = NULL;

  open_store (f);

  /* Hold the write lock from another connection, so the writer waits at the first write
   * until every write below is queued. */
  g_assert_cmpint (sqlite3_open (f->path, &lock), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (lock, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  for (guint t = 0; t < G_N_ELEMENTS (themes); t++)
    {
      g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint n = t * 100; n < (t + 1) * 100; n++)
        g_ptr_array_add (page, make_paper (n, themes[t], (gint64) (n * 37 % 250)));
      gleaner_store_upsert_async (f->store, page, NULL, upsert_done_cb, &results[t]);

      if (t == 1)
        gleaner_store_mark_view_read_async (f->store, NULL, GLEANER_FILTER_ALL, "transport",
                                            NULL, mark_done_cb, &marked);
    }

  g_assert_cmpint (sqlite3_exec (lock, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (lock);

  while (marked == NULL || results[G_N_ELEMENTS (themes) - 1] == NULL)
    g_main_context_iteration (NULL, TRUE);

  for (guint t = 0; t < G_N_ELEMENTS (themes); t++)
    {
      g_assert_nonnull (results[t]);
      g_assert_cmpuint (results[t]->added, ==, 100);
      g_clear_pointer (&results[t], gleaner_upsert_result_free);
    }

  g_assert_cmpuint (marked->len, ==, 100);
  g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM user_state WHERE read"), ==, 100);
  /* The two pages before the mark, and the one after it (a segment per page was three). */
  g_assert_cmpint (query_int (f->path, "SELECT count (DISTINCT segid) FROM papers_fts_idx"), ==, 2);
  assert_index_whole (f, 300);
  g_assert_cmpuint (count_matches (f->store, "bandits"), ==, 100);
}

/* Six writes of 40 papers each: six segments. */
static void
write_six_pages (Fixture *f)
{
  for (guint t = 0; t < 6; t++)
    {
      g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint n = t * 40; n < (t + 1) * 40; n++)
        g_ptr_array_add (page, make_paper (n, t % 2 ? "transport" : "diffusion",
                                           (gint64) (n * 37 % 250)));
      upsert (f->store, page);
    }
  g_assert_cmpint (count_segments (f), ==, 6);
}

/* Tidying joins the segments into one, keeps every paper findable once, and searches still
 * list the best-voted match first; a tidy index takes no step. */
static void
test_tidy (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  gint64 last_upvotes = G_MAXINT64;
  sqlite3 *db;

  open_store (f);
  write_six_pages (f);

  g_assert_cmpuint (_gleaner_store_tidy_index (f->store), >, 0);
  g_assert_cmpint (count_segments (f), ==, 1);
  assert_index_whole (f, 240);
  g_assert_cmpuint (count_matches (f->store, "diffusion"), ==, 120);
  g_assert_cmpuint (count_matches (f->store, "methods"), ==, 240);

  db = _gleaner_store_open_reader (f->store, &error);
  g_assert_no_error (error);
  g_assert_true (_gleaner_store_query_ids (db, GLEANER_FILTER_ALL, GLEANER_SORT_UPVOTES,
                                           "transport", ids, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 120);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT upvotes FROM papers WHERE id = %" G_GINT64_FORMAT,
                                              g_array_index (ids, gint64, i));
      gint64 upvotes = query_int (f->path, sql);

      g_assert_cmpint (upvotes, <=, last_upvotes);
      last_upvotes = upvotes;
    }
  sqlite3_close (db);

  g_assert_cmpuint (_gleaner_store_tidy_index (f->store), ==, 0);
  g_assert_cmpint (count_segments (f), ==, 1);
}

/* Once the store has been quiet for a while, it tidies the index on its own. Segments are
 * joined two of a size at a time, so two more writes are joined with each other and then
 * with the first six. */
static void
test_tidy_when_quiet (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);

  open_store (f);
  write_six_pages (f);

  gleaner_test_start_ticking ();
  _gleaner_store_set_tidy_quiet_ms (f->store, 20);
  GLEANER_TEST_WAIT_UNTIL (count_segments (f) == 1);
  assert_index_whole (f, 240);

  for (guint n = 240; n < 260; n++)
    g_ptr_array_add (page, make_paper (n, "bandits", 3));
  upsert (f->store, page);
  g_ptr_array_set_size (page, 0);
  for (guint n = 260; n < 280; n++)
    g_ptr_array_add (page, make_paper (n, "bandits", 3));
  upsert (f->store, page);
  GLEANER_TEST_WAIT_UNTIL (count_segments (f) == 1);
  assert_index_whole (f, 280);
  g_assert_cmpuint (count_matches (f->store, "bandits"), ==, 40);
}

/* Another process holding the write lock makes a tidy step fail: nothing is lost, and the
 * index is tidied once the lock is gone. */
static void
test_tidy_locked (Fixture       *f,
                  gconstpointer  data)
{
  sqlite3 *lock = NULL;

  open_store (f);
  write_six_pages (f);

  g_assert_cmpint (sqlite3_open (f->path, &lock), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (lock, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpuint (_gleaner_store_tidy_index (f->store), ==, 0);
  g_assert_cmpint (sqlite3_exec (lock, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (lock);

  g_assert_cmpint (count_segments (f), ==, 6);
  assert_index_whole (f, 240);

  g_assert_cmpuint (_gleaner_store_tidy_index (f->store), >, 0);
  g_assert_cmpint (count_segments (f), ==, 1);
  assert_index_whole (f, 240);
}

/* The index merges segments 16 at a time, all of a size at once only at 64 (schema 9), in
 * a new database and in one made with 8, whose index is kept as it was. */
static void
test_merge_setting (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *new_path = g_build_filename (f->dir, "new.db", NULL);
  g_autoptr(GError) error = NULL;
  const char *automerge = "SELECT v FROM papers_fts_config WHERE k = 'automerge'";
  const char *crisismerge = "SELECT v FROM papers_fts_config WHERE k = 'crisismerge'";
  const char *usermerge = "SELECT v FROM papers_fts_config WHERE k = 'usermerge'";

  g_assert_true (_gleaner_store_migrate_file (f->path, 8, &error));
  g_assert_no_error (error);
  exec_on_file (f->path,
                "INSERT INTO papers (arxiv_id, title, abstract, authors, upvotes, first_seen, updated_at)"
                " VALUES ('2501.00000', 'ownax diffusion methods', 'An abstract.', '[\"Ada\"]', 5, 1, 1),"
                "        ('2501.00001', 'ownbx diffusion methods', 'An abstract.', '[\"Ada\"]', 3, 1, 1);"
                GLEANER_STORE_FTS_FLUSH_SQL);
  g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM papers_fts_config"
                                       " WHERE k = 'automerge'"), ==, 0);

  open_store (f);
  g_assert_cmpint (query_int (f->path, automerge), ==, 16);
  g_assert_cmpint (query_int (f->path, crisismerge), ==, 64);
  g_assert_cmpint (query_int (f->path, usermerge), ==, 2);
  assert_index_whole (f, 2);
  g_assert_cmpuint (count_matches (f->store, "diffusion"), ==, 2);

  g_assert_true (_gleaner_store_migrate_file (new_path, GLEANER_STORE_SCHEMA_VERSION, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (new_path, automerge), ==, 16);
  g_assert_cmpint (query_int (new_path, crisismerge), ==, 64);
  g_assert_cmpint (query_int (new_path, usermerge), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  gleaner_test_add ("/store-index/one-segment-per-write", Fixture, NULL,
                    fixture_setup, test_one_segment_per_write, fixture_teardown);
  gleaner_test_add ("/store-index/changes", Fixture, NULL,
                    fixture_setup, test_changes, fixture_teardown);
  gleaner_test_add ("/store-index/migrate-from-v7", Fixture, NULL,
                    fixture_setup, test_migrate_from_v7, fixture_teardown);
  gleaner_test_add ("/store-index/group-of-writes", Fixture, NULL,
                    fixture_setup, test_group_of_writes, fixture_teardown);
  gleaner_test_add ("/store-index/merge-setting", Fixture, NULL,
                    fixture_setup, test_merge_setting, fixture_teardown);
  gleaner_test_add ("/store-index/tidy", Fixture, NULL,
                    fixture_setup, test_tidy, fixture_teardown);
  gleaner_test_add ("/store-index/tidy-when-quiet", Fixture, NULL,
                    fixture_setup, test_tidy_when_quiet, fixture_teardown);
  gleaner_test_add ("/store-index/tidy-locked", Fixture, NULL,
                    fixture_setup, test_tidy_locked, fixture_teardown);
  gleaner_test_add_queued ();

  return g_test_run ();
}
