/* test-workers.c — how the store's worker threads share the machine with the window: they
 * run at a lower priority than the main thread, hand memory back to the system only once
 * the store has been quiet, and keep no page cache a read scanned through.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-workers"

#include "config.h"

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "gleaner-store-internal.h"
#include "gleaner-store-private.h"
#include "gleaner-thread.h"
#include "gleaner-test-util.h"

static int
own_nice (void)
{
#ifdef __linux__
  return getpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid));
#else
  return 0;
#endif
}

typedef struct
{
  int      nice_before;
  int      nice_after;
  int      nice_again;
  gboolean lowered;
} Seen;

static gpointer
worker_func (gpointer data)
{
  Seen *seen = data;

  seen->nice_before = own_nice ();
  gleaner_thread_make_background ();
  seen->nice_after = own_nice ();
  seen->lowered = gleaner_thread_is_background ();
  /* Once per thread: a second call changes nothing. */
  gleaner_thread_make_background ();
  seen->nice_again = own_nice ();
  return NULL;
}

static void
test_worker_lowered (void)
{
  Seen seen = { 0 };
  GThread *thread = g_thread_new ("test-worker", worker_func, &seen);

  g_thread_join (thread);
  g_assert_true (seen.lowered);
#ifdef __linux__
  /* Nice 10, or higher if the test itself runs niced. */
  g_assert_cmpint (seen.nice_after, >=, 10);
  g_assert_cmpint (seen.nice_after, >=, seen.nice_before);
  g_assert_cmpint (seen.nice_again, ==, seen.nice_after);
#endif
  /* The thread that ran the test is not lowered by its worker. */
  g_assert_false (gleaner_thread_is_background ());
}

/* The thread that runs the default main context paints the window: never lowered. */
static void
test_main_thread_untouched (void)
{
  int before = own_nice ();

  g_assert_true (g_main_context_acquire (NULL));
  gleaner_thread_make_background ();
  g_main_context_release (NULL);

  g_assert_false (gleaner_thread_is_background ());
  g_assert_cmpint (own_nice (), ==, before);
}

static gboolean
busy_cb (gpointer user_data)
{
  _gleaner_store_note_activity ();
  return G_SOURCE_CONTINUE;
}

static gboolean
stop_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* malloc_trim() interrupts every thread of the process; it waits until the store has been
 * quiet for a second, however long the store stays busy, and then runs. */
static void
test_trim_waits_for_quiet (void)
{
  gboolean busy_over = FALSE;
  guint busy_id;

  gleaner_test_start_ticking ();
  _gleaner_store_trim_when_quiet ();
  g_assert_true (_gleaner_store_get_trim_pending ());

  /* Activity every 100 ms for 2.5 s: two and a half quiet periods, none of them quiet. */
  busy_id = g_timeout_add (100, busy_cb, NULL);
  g_timeout_add (2500, stop_cb, &busy_over);
  GLEANER_TEST_WAIT_UNTIL (busy_over);
  g_assert_true (_gleaner_store_get_trim_pending ());

  /* A second request while one is pending adds no second check. */
  _gleaner_store_trim_when_quiet ();
  g_assert_true (_gleaner_store_get_trim_pending ());

  g_source_remove (busy_id);
  GLEANER_TEST_WAIT_UNTIL (!_gleaner_store_get_trim_pending ());
}

/* ---------------------------------------------------------------------------------------- */
/* The writer's page cache */

typedef struct
{
  gint64   cache_size;   /* PRAGMA cache_size as the func ran */
  int      used;         /* bytes in the connection's page cache once it had scanned */
  gint64   sum;
  gboolean done;
  GError  *error;
} CacheSeen;

static gint64
pragma_cache_size (sqlite3 *db)
{
  gint64 value = 0;

  g_assert_true (_gleaner_store_read_int64 (db, "PRAGMA cache_size", NULL, &value, "", NULL));
  return value;
}

static int
cache_used (sqlite3 *db)
{
  int used = 0, highwater = 0;

  sqlite3_db_status (db, SQLITE_DBSTATUS_CACHE_USED, &used, &highwater, FALSE);
  return used;
}

/* 4,000 papers of 2,500 bytes of abstract each: about 10 MB of table pages. */
static gboolean
fill_func (sqlite3         *db,
           gpointer         data,
           gboolean        *changed,
           gpointer        *result,
           GDestroyNotify  *result_free,
           GError         **error)
{
  CacheSeen *seen = data;

  seen->cache_size = pragma_cache_size (db);
  return _gleaner_store_exec (db,
    "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)"
    " INSERT INTO papers (arxiv_id, title, abstract, first_seen, updated_at)"
    " SELECT printf ('2501.%05d', i), 'Paper ' || i,"
    "  replace (hex (zeroblob (500)), '00', 'word '), 0, 0 FROM n", error);
}

static gboolean
probe_func (sqlite3         *db,
            gpointer         data,
            gboolean        *changed,
            gpointer        *result,
            GDestroyNotify  *result_free,
            GError         **error)
{
  CacheSeen *seen = data;

  seen->cache_size = pragma_cache_size (db);
  return TRUE;
}

static gpointer
scan_func (sqlite3   *db,
           gpointer   data,
           GError   **error)
{
  CacheSeen *seen = data;

  seen->cache_size = pragma_cache_size (db);
  g_assert_true (_gleaner_store_read_int64 (db, "SELECT sum (length (abstract)) FROM papers",
                                            NULL, &seen->sum, "", NULL));
  seen->used = cache_used (db);
  return GINT_TO_POINTER (1);
}

static void
cache_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  CacheSeen *seen = user_data;

  if (g_task_get_source_tag (G_TASK (result)) == scan_func)
    g_task_propagate_pointer (G_TASK (result), &seen->error);
  else
    g_task_propagate_boolean (G_TASK (result), &seen->error);
  seen->done = TRUE;
}

/* The writer's cache is sized for the index's merges (32 MB). A read on the writer (a view's
 * unread count, the papers per source) gets a reader's 256 KiB instead and, having scanned
 * past it, keeps none of it: counting a view's unread papers at 1,000,000 papers filled all
 * 32 MB and kept it for the life of the process. Writes get their cache back. A reader's own
 * connection (the list's) scans in 256 KiB too. */
static void
test_writer_read_cache (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gleaner-workers-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "gleaner.db", NULL);
  g_autoptr(GleanerStore) store = NULL;
  CacheSeen fill = { 0 }, scan = { 0 }, write = { 0 }, reader_scan = { 0 };
  sqlite3 *reader;

  g_assert_no_error (error);
  store = gleaner_store_new (path, &error);
  g_assert_no_error (error);

  _gleaner_store_write_async (store, fill_func, &fill, NULL, GLEANER_STORE_CHANGE_PAPERS,
                              fill_func, NULL, cache_done_cb, &fill);
  GLEANER_TEST_WAIT_UNTIL (fill.done);
  g_assert_no_error (fill.error);
  g_assert_cmpint (fill.cache_size, ==, -GLEANER_STORE_WRITER_CACHE_KIB);

  _gleaner_store_read_async (store, scan_func, &scan, NULL, NULL, scan_func, NULL,
                             cache_done_cb, &scan);
  GLEANER_TEST_WAIT_UNTIL (scan.done);
  g_assert_no_error (scan.error);
  g_assert_cmpint (scan.sum, ==, 4000 * 2500);
  g_assert_cmpint (scan.cache_size, ==, -GLEANER_STORE_READ_CACHE_KIB);
  /* 256 KiB of pages and their headers, not the 10 MB it read. */
  g_assert_cmpint (scan.used, <=, 340 * 1024);
  g_assert_cmpint (scan.used, >=, 180 * 1024);
  /* Nothing of the scan stays once the read is done. */
  g_assert_cmpint (cache_used (store->writer), <, 32 * 1024);

  /* A reader's connection: the same cache, whatever a scan reads. */
  reader = _gleaner_store_open_reader (store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pragma_cache_size (reader), ==, -GLEANER_STORE_READ_CACHE_KIB);
  scan_func (reader, &reader_scan, NULL);
  g_assert_cmpint (reader_scan.sum, ==, 4000 * 2500);
  g_assert_cmpint (reader_scan.used, <=, 340 * 1024);
  sqlite3_close (reader);

  /* The next write has the merges' cache again. */
  _gleaner_store_write_async (store, probe_func, &write, NULL, GLEANER_STORE_CHANGE_PAPERS,
                              probe_func, NULL, cache_done_cb, &write);
  GLEANER_TEST_WAIT_UNTIL (write.done);
  g_assert_no_error (write.error);
  g_assert_cmpint (write.cache_size, ==, -GLEANER_STORE_WRITER_CACHE_KIB);

  g_clear_object (&store);
  gleaner_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  gleaner_test_add_func ("/workers/worker-lowered", test_worker_lowered);
  gleaner_test_add_func ("/workers/main-thread-untouched", test_main_thread_untouched);
  gleaner_test_add_func ("/workers/trim-waits-for-quiet", test_trim_waits_for_quiet);
  gleaner_test_add_func ("/workers/writer-read-cache", test_writer_read_cache);
  gleaner_test_add_queued ();

  return g_test_run ();
}
