/* test-store-open.c — opening the store off the main thread (gleaner_store_new_async()),
 * and the saved searches it keeps for the main loop, on real database files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "gleaner-store-private.h"
#include "gleaner-test-util.h"

#define WAIT_LIMIT_S 60

typedef struct
{
  char         *dir;
  char         *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("gleaner-store-open-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "sub", "gleaner.db", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gleaner_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static gboolean
watchdog_cb (gpointer user_data)
{
  g_error ("Timed out waiting for %s", (const char *)user_data);
  return G_SOURCE_REMOVE;
}

/* Where a callback leaves its result, and which thread ran it. */
typedef struct
{
  GAsyncResult *result;
  GThread      *thread;
} Wait;

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->thread = g_thread_self ();
}

static GAsyncResult *
wait_for (Wait       *wait,
          const char *what)
{
  guint watchdog = g_timeout_add_seconds (WAIT_LIMIT_S, watchdog_cb, (gpointer)what);

  while (wait->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (watchdog);

  /* Callbacks run on the caller's context, here the main thread's. */
  g_assert_true (wait->thread == g_thread_self ());

  return wait->result;
}

static GleanerStore *
open_async (Fixture       *f,
            GCancellable  *cancellable,
            GError       **error)
{
  Wait wait = { NULL, NULL };
  GleanerStore *store;

  gleaner_store_new_async (f->path, cancellable, done_cb, &wait);
  /* Nothing is handed back before the main loop runs. */
  g_assert_null (wait.result);
  store = gleaner_store_new_finish (wait_for (&wait, "the store to open"), error);
  g_object_unref (wait.result);

  return store;
}

static void
make_parent (Fixture *f)
{
  g_autofree char *parent = g_path_get_dirname (f->path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
}

static void
exec_sql (Fixture    *f,
          const char *sql)
{
  sqlite3 *db = NULL;

  make_parent (f);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* ---------------------------------------------------------------------------------------- */

static void
test_async_creates (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GleanerStore) store = NULL;
  g_autoptr(GPtrArray) searches = NULL;
  g_autoptr(GError) error = NULL;

  store = open_async (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (GLEANER_IS_STORE (store));
  g_assert_true (g_file_test (f->path, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (gleaner_store_get_path (store), ==, f->path);
  g_assert_cmpint (gleaner_store_get_schema_version (store), ==, GLEANER_STORE_SCHEMA_VERSION);
  g_assert_false (gleaner_store_get_has_papers (store));

  searches = gleaner_store_dup_saved_searches (store);
  g_assert_cmpuint (searches->len, ==, 0);

  /* The synchronous reads work on the connection opened on the other thread. */
  g_assert_cmpint (gleaner_store_count_papers (store, &error), ==, 0);
  g_assert_no_error (error);
}

/* A store written earlier: what it holds is known when the open completes. */
static void
test_async_existing (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GleanerStore) store = NULL;
  g_autoptr(GPtrArray) searches = NULL;
  g_autoptr(GError) error = NULL;

  store = gleaner_store_new (f->path, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
    GleanerPaper *paper = gleaner_paper_new ("2501.00001");

    gleaner_paper_set_title (paper, "A paper");
    g_ptr_array_add (papers, paper);
    gleaner_store_upsert_async (store, papers, NULL, NULL, NULL);
  }
  gleaner_store_add_saved_search_async (store, "Diffusion", "diffusion", GLEANER_FILTER_UNREAD,
                                        NULL, NULL, NULL);
  gleaner_store_add_saved_search_async (store, "Graphs", "graph", GLEANER_FILTER_ALL,
                                        NULL, NULL, NULL);
  gleaner_store_flush (store);
  g_clear_object (&store);

  store = open_async (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gleaner_store_get_has_papers (store));

  searches = gleaner_store_dup_saved_searches (store);
  g_assert_cmpuint (searches->len, ==, 2);
  g_assert_cmpstr (gleaner_saved_search_get_name (g_ptr_array_index (searches, 0)), ==, "Diffusion");
  g_assert_cmpint (gleaner_saved_search_get_filter (g_ptr_array_index (searches, 0)), ==,
                   GLEANER_FILTER_UNREAD);
  g_assert_cmpstr (gleaner_saved_search_get_query (g_ptr_array_index (searches, 1)), ==, "graph");
}

static void
test_async_too_new (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GleanerStore) store = NULL;
  g_autoptr(GError) error = NULL;

  exec_sql (f, "PRAGMA user_version = 99;");

  store = open_async (f, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, GLEANER_STORE_ERROR, GLEANER_STORE_ERROR_TOO_NEW);
}

static void
test_async_corrupt (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GleanerStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  const char garbage[] = "this is not a database, it is a text file with some words in it...";

  make_parent (f);
  g_assert_true (g_file_set_contents (f->path, garbage, -1, NULL));

  store = open_async (f, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, GLEANER_STORE_ERROR, GLEANER_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "damaged"));

  /* Nothing was overwritten. */
  g_assert_true (g_file_get_contents (f->path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, garbage);
}

/* A file where the database's folder goes. */
static void
test_async_no_folder (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GleanerStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = g_path_get_dirname (f->path);

  g_assert_true (g_file_set_contents (parent, "", 0, NULL));

  store = open_async (f, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, GLEANER_STORE_ERROR, GLEANER_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, parent));
}

static void
test_async_cancelled (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GleanerStore) store = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  store = open_async (f, cancellable, &error);
  g_assert_null (store);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The snapshot follows the writes, and is new by the time "changed" says so. */
typedef struct
{
  GleanerStore *store;
  guint         n_changes;
  guint         n_seen;     /* saved searches in the snapshot when "changed" came */
} Changes;

static void
changed_cb (GleanerStore       *store,
            GleanerStoreChange  change,
            gpointer            user_data)
{
  Changes *c = user_data;
  g_autoptr(GPtrArray) searches = NULL;

  if (change != GLEANER_STORE_CHANGE_SAVED_SEARCHES)
    return;

  searches = gleaner_store_dup_saved_searches (store);
  c->n_changes++;
  c->n_seen = searches->len;
}

static void
test_snapshot_follows_writes (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GleanerStore) store = NULL;
  g_autoptr(GPtrArray) searches = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  Changes c = { NULL, 0, 0 };
  Wait wait = { NULL, NULL };
  gint64 id;

  store = open_async (f, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (store, "changed", G_CALLBACK (changed_cb), &c);

  gleaner_store_add_saved_search_async (store, "  Diffusion ", "diffusion", GLEANER_FILTER_ALL,
                                        NULL, done_cb, &wait);
  id = gleaner_store_add_saved_search_finish (store, wait_for (&wait, "the saved search"), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpuint (c.n_changes, ==, 1);
  g_assert_cmpuint (c.n_seen, ==, 1);

  searches = gleaner_store_dup_saved_searches (store);
  g_assert_cmpuint (searches->len, ==, 1);
  g_assert_cmpint (gleaner_saved_search_get_id (g_ptr_array_index (searches, 0)), ==, id);
  g_assert_cmpstr (gleaner_saved_search_get_name (g_ptr_array_index (searches, 0)), ==, "Diffusion");

  /* Copies: changing one does not change the store's. */
  gleaner_saved_search_set_name (g_ptr_array_index (searches, 0), "Mine");
  again = gleaner_store_dup_saved_searches (store);
  g_assert_cmpstr (gleaner_saved_search_get_name (g_ptr_array_index (again, 0)), ==, "Diffusion");

  gleaner_store_remove_saved_search_async (store, id, NULL, done_cb, &wait);
  g_assert_true (gleaner_store_write_finish (store, wait_for (&wait, "the removal"), &error));
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpuint (c.n_changes, ==, 2);
  g_assert_cmpuint (c.n_seen, ==, 0);

  g_signal_handlers_disconnect_by_data (store, &c);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  gleaner_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/store-open/async-creates", test_async_creates);
  ADD ("/store-open/async-existing", test_async_existing);
  ADD ("/store-open/async-too-new", test_async_too_new);
  ADD ("/store-open/async-corrupt", test_async_corrupt);
  ADD ("/store-open/async-no-folder", test_async_no_folder);
  ADD ("/store-open/async-cancelled", test_async_cancelled);
  ADD ("/store-open/snapshot-follows-writes", test_snapshot_follows_writes);

  gleaner_test_add_queued ();

  return g_test_run ();
}
