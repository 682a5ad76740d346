/* test-store.c — the SQLite store on real database files: opening it, its schema
 * migrations (also by two processes at once), locks, damage and failed reads, names kept
 * whole, votes past 2^31, writes committed together, and the reads for the main loop.
 * Its searches are in test-store-query.c, its writes of marks and the lazy list model in
 * test-store-list.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "gleaner-store-private.h"
#include "gleaner-test-store-util.h"
#include "gleaner-test-util.h"

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
