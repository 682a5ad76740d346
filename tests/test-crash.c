/* test-crash.c — the real gleaner --sync killed with SIGKILL at many points of a big sync; the
 * database must stay sound and keep the user's marks every time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The kills are synchronised on the local server, never on sleeps: from the server thread as
 * request k arrives, or as the answer to request k has been written (the child is then reading,
 * parsing or storing that page), or while the answer to request k trickles (the child waits in
 * the middle of a body). k and the mode come from a seeded GRand; set GLEANER_CRASH_SEED to
 * replay a run. Every page updates rows stored earlier (the upvotes change each iteration), so
 * the full-text index triggers rewrite entries all the time.
 */

#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/types.h>

#include "gleaner-hf-source.h"
#include "gleaner-store.h"
#include "gleaner-test-server.h"
#include "gleaner-test-util.h"

#define API             "/api/daily_papers"
#define N_ITERATIONS    25
#define PAGES_PER_DAY   3
#define PAPERS_PER_PAGE 150
#define WAIT_S          60
#define TOKEN           "crashtoken"   /* in every title, to check the index against the table */
#define STARRED_ID      "2501.00007"
#define READ_ID         "2501.00042"

typedef enum
{
  KILL_ON_REQUEST,
  KILL_AFTER_RESPONSE,
  KILL_WHILE_STALLED,
  N_KILL_MODES
} KillMode;

static const char * const mode_names[] = { "on request", "after response", "while stalled" };

typedef struct
{
  char                *tmpdir;
  char                *data_home;
  char                *db_path;
  GleanerTestServer   *server;
  GPtrArray           *days;          /* what a first --sync fetches, oldest first */
  GPtrArray           *responses;     /* (element-type GleanerTestResponse) by request index */

  /* Shared with the server threads */
  GMutex               mutex;
  GCond                cond;
  GPid                 pid;           /* the child to kill, 0 before it is known */
  guint                target;        /* request index */
  KillMode             mode;
  gboolean             killed;

  /* Test thread only */
  guint                n_notified;    /* requests reported to the main context */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;

  g_mutex_init (&f->mutex);
  g_cond_init (&f->cond);

  if (g_getenv ("GLEANER_BINARY") == NULL)
    return;

  f->tmpdir = g_dir_make_tmp ("gleaner-test-crash-XXXXXX", &error);
  g_assert_no_error (error);
  f->data_home = g_build_filename (f->tmpdir, "data", NULL);
  f->db_path = g_build_filename (f->data_home, "gleaner", "gleaner.db", NULL);
  f->server = gleaner_test_server_new ();
  /* The binary's first run fetches the default 7 days (its GSettings are in memory). */
  f->days = gleaner_hf_source_list_days (now, NULL);
  f->responses = g_ptr_array_new ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->server != NULL)
    {
      gleaner_test_server_set_event_func (f->server, NULL, NULL);
      gleaner_test_server_set_request_func (f->server, NULL, NULL);
    }
  g_clear_pointer (&f->server, gleaner_test_server_free);
  if (f->tmpdir != NULL)
    gleaner_test_remove_tree (f->tmpdir);
  g_clear_pointer (&f->tmpdir, g_free);
  g_clear_pointer (&f->data_home, g_free);
  g_clear_pointer (&f->db_path, g_free);
  g_clear_pointer (&f->days, g_ptr_array_unref);
  g_clear_pointer (&f->responses, g_ptr_array_unref);
  g_mutex_clear (&f->mutex);
  g_cond_clear (&f->cond);
}

/* Synthetic papers: day d, page p, entry i has id 25MM.NNNNN with MM = d + 1 (so days never
 * share ids) and NNNNN = p * PAPERS_PER_PAGE + i + 1; upvotes change with @iteration. */
static char *
dup_paper_id (guint d,
              guint p,
              guint i)
{
  return g_strdup_printf ("25%02u.%05u", d + 1, p * PAPERS_PER_PAGE + i + 1);
}

static GBytes *
make_page (guint d,
           guint p,
           guint iteration)
{
  GString *json = g_string_new ("[");

  for (guint i = 0; i < PAPERS_PER_PAGE; i++)
    {
      g_autofree char *id = dup_paper_id (d, p, i);

      if (i > 0)
        g_string_append_c (json, ',');
      g_string_append_printf (json,
                              "{\"paper\": {\"id\": \"%s\", \"title\": \"Synthetic " TOKEN " paper %s"
                              " on topic%u\", \"summary\": \"Abstract number %u of day %u, about"
                              " word%u and word%u.\", \"authors\": [{\"name\": \"Author %u\"},"
                              " {\"name\": \"Writer %u\"}], \"upvotes\": %u,"
                              " \"publishedAt\": \"2025-01-0%uT00:00:00.000Z\","
                              " \"ai_keywords\": [\"kw%u\", \"kw%u\"]}, \"numComments\": %u}",
                              id, id, i % 17, i, d, i % 31, (i + iteration) % 53, i % 97, p,
                              (i * 7 + iteration * 13) % 400, 1 + d % 9, i % 11, iteration,
                              iteration % 5);
    }
  g_string_append_c (json, ']');

  return g_string_free_to_bytes (json);
}

/* Registers every page of every day, in the order the binary asks for them, so request k is
 * f->responses[k]; the trending list comes last and is empty. */
static void
serve_pages (Fixture *f,
             guint    iteration)
{
  GleanerTestResponse *response;

  gleaner_test_server_clear_responses (f->server);
  g_ptr_array_set_size (f->responses, 0);

  response = gleaner_test_server_add (f->server, API, NULL, 200);
  gleaner_test_response_set_fixture (response, "empty.json");

  for (guint d = 0; d < f->days->len; d++)
    for (guint p = 0; p < PAGES_PER_DAY; p++)
      {
        const char *day = g_ptr_array_index (f->days, d);
        g_autofree char *query = g_strdup_printf ("date=%s&p=%u", day, p);
        g_autoptr(GBytes) body = make_page (d, p, iteration);

        response = gleaner_test_server_add (f->server, API, query, 200);
        gleaner_test_response_set_body_bytes (response, "application/json", body);
        if (p + 1 < PAGES_PER_DAY)
          {
            g_autofree char *link = g_strdup_printf ("<" API "?date=%s&limit=100&p=%u>; rel=\"next\"",
                                                     day, p + 1);

            gleaner_test_response_set_header (response, "Link", link);
          }
        g_ptr_array_add (f->responses, response);
      }
}

/* Server threads: kill the child at the chosen point. */
static void
event_cb (GleanerTestServer *server,
          GleanerTestEvent   event,
          guint              index,
          gpointer           user_data)
{
  Fixture *f = user_data;
  gboolean wanted;

  g_mutex_lock (&f->mutex);

  wanted = !f->killed && index == f->target &&
           ((event == GLEANER_TEST_EVENT_REQUEST && f->mode == KILL_ON_REQUEST) ||
            (event == GLEANER_TEST_EVENT_RESPONSE_DONE && f->mode == KILL_AFTER_RESPONSE));

  if (wanted)
    {
      /* The child cannot get past this request before we answer it, so waiting for its pid
       * here is safe. */
      while (f->pid == 0)
        g_cond_wait (&f->cond, &f->mutex);

      /* Flag first: the test may see the child gone before we get to run again. */
      f->killed = TRUE;
      kill (f->pid, SIGKILL);
    }

  g_mutex_unlock (&f->mutex);
}

/* Test thread, some time after request @f->n_notified arrived: by then a trickling answer has
 * started, and the child waits for the rest of it. */
static void
request_cb (GleanerTestServer        *server,
            const GleanerTestRequest *request,
            gpointer                  user_data)
{
  Fixture *f = user_data;

  g_mutex_lock (&f->mutex);
  if (f->mode == KILL_WHILE_STALLED && !f->killed && f->n_notified == f->target && f->pid != 0)
    {
      f->killed = TRUE;
      kill (f->pid, SIGKILL);
    }
  g_mutex_unlock (&f->mutex);

  f->n_notified++;
}

static void
wait_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

static GSubprocess *
spawn_sync (Fixture *f)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *config_home = g_build_filename (f->tmpdir, "config", NULL);
  g_autofree char *cache_home = g_build_filename (f->tmpdir, "cache", NULL);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  /* As tests/test-cli.c runs it. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", f->data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "GLEANER_HF_BASE_URL",
                                gleaner_test_server_get_url (f->server), TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");

  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("GLEANER_BINARY"), "--sync",
                                         NULL);
  g_assert_no_error (error);

  return process;
}

/* The database */

typedef struct
{
  gboolean             done;
  GleanerUpsertResult *upsert;
  GError              *error;
} WriteState;

static void
upserted_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  WriteState *state = user_data;

  state->upsert = gleaner_store_upsert_finish (GLEANER_STORE (object), result, &state->error);
  state->done = TRUE;
}

static void
state_set_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  WriteState *state = user_data;

  gleaner_store_set_state_finish (GLEANER_STORE (object), result, &state->error);
  state->done = TRUE;
}

/* Two of the papers the sync will later update, one starred and one read. */
static void
prepare_database (Fixture *f)
{
  g_autoptr(GleanerStore) store = NULL;
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  const char * const ids[] = { STARRED_ID, READ_ID };
  WriteState state = { 0 };

  store = gleaner_store_new (f->db_path, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      GleanerPaper *paper = gleaner_paper_new (ids[i]);
      g_autofree char *title = g_strdup_printf ("Prepared " TOKEN " paper %s", ids[i]);

      gleaner_paper_set_title (paper, title);
      gleaner_paper_set_upvotes (paper, 1);
      g_ptr_array_add (papers, paper);
    }

  gleaner_store_upsert_async (store, papers, NULL, upserted_cb, &state);
  gleaner_test_wait_for_flag (&state.done, WAIT_S);
  g_assert_no_error (state.error);
  g_assert_cmpuint (state.upsert->added, ==, 2);
  g_clear_pointer (&state.upsert, gleaner_upsert_result_free);

  state.done = FALSE;
  gleaner_store_set_starred_async (store, STARRED_ID, TRUE, NULL, state_set_cb, &state);
  gleaner_test_wait_for_flag (&state.done, WAIT_S);
  g_assert_no_error (state.error);

  state.done = FALSE;
  gleaner_store_set_read_async (store, READ_ID, TRUE, NULL, state_set_cb, &state);
  gleaner_test_wait_for_flag (&state.done, WAIT_S);
  g_assert_no_error (state.error);

  gleaner_store_flush (store);
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

/* Returns the number of papers. */
static gint64
check_database (Fixture *f)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *errmsg = NULL;
  gint64 n_papers;

  /* Read-write: opening is what replays or discards the dead process's WAL. */
  g_assert_cmpint (sqlite3_open_v2 (f->db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);

  /* Every page and index of the file. */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "ok");
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  /* The FTS5 index's own structure. papers_fts is contentless (content=''), so FTS5 has no
   * text to compare it with: that is checked below against the papers table instead. */
  if (sqlite3_exec (db, "INSERT INTO papers_fts (papers_fts) VALUES ('integrity-check')",
                    NULL, NULL, &errmsg) != SQLITE_OK)
    g_error ("FTS integrity-check: %s", errmsg);

  /* Index and table agree: every paper is indexed once under its current key (the key holds
   * the upvotes, so a row update without its index update would show), and every index entry
   * is a paper. Every title has TOKEN. */
  n_papers = query_int (db, "SELECT count(*) FROM papers");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH '" TOKEN "'"),
                   ==, n_papers);
  g_assert_cmpint (query_int (db,
                              "SELECT count(*) FROM papers p WHERE ((max (p.upvotes, 0) << 32) | p.id)"
                              " IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH '" TOKEN "')"),
                   ==, n_papers);
  g_assert_cmpint (query_int (db,
                              "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH '" TOKEN "'"
                              " AND (rowid & 4294967295) NOT IN (SELECT id FROM papers)"), ==, 0);

  /* The user's marks. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM user_state WHERE arxiv_id = '" STARRED_ID "'"
                                  " AND starred = 1 AND read = 0"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM user_state WHERE arxiv_id = '" READ_ID "'"
                                  " AND read = 1 AND starred = 0"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM user_state WHERE starred OR read"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM papers WHERE arxiv_id IN ('"
                                  STARRED_ID "', '" READ_ID "')"), ==, 2);

  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  return n_papers;
}

static void
test_sigkill (Fixture       *f,
              gconstpointer  data)
{
  const char *seed_env = g_getenv ("GLEANER_CRASH_SEED");
  guint32 seed = seed_env != NULL ? (guint32)g_ascii_strtoull (seed_env, NULL, 10) : 20250107;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint n_requests;
  guint kills[N_KILL_MODES] = { 0 };
  gint64 n_papers = 0;

  if (g_getenv ("GLEANER_BINARY") == NULL ||
      !g_file_test (g_getenv ("GLEANER_BINARY"), G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("GLEANER_BINARY is not set to the built gleaner");
      return;
    }

  g_test_message ("seed %u (set GLEANER_CRASH_SEED to replay)", seed);

  prepare_database (f);
  check_database (f);
  gleaner_test_server_set_event_func (f->server, event_cb, f);
  gleaner_test_server_set_request_func (f->server, request_cb, f);

  /* Daily pages only: the run never gets to its last request (trending), so it never
   * completes and every run is a first run over the same days. */
  n_requests = f->days->len * PAGES_PER_DAY;

  for (guint iteration = 0; iteration < N_ITERATIONS; iteration++)
    {
      g_autoptr(GSubprocess) process = NULL;
      GleanerTestResponse *stalled = NULL;
      gboolean killed;
      gboolean done = FALSE;
      guint target = g_rand_int_range (rand, 0, n_requests);
      KillMode mode = g_rand_int_range (rand, 0, N_KILL_MODES);
      gint64 start = g_get_monotonic_time ();
      gint64 spawned, checked;

      serve_pages (f, iteration);
      gleaner_test_server_clear_requests (f->server);

      if (mode == KILL_WHILE_STALLED)
        {
          /* A byte a second: the child sits in the middle of this body. */
          stalled = g_ptr_array_index (f->responses, target);
          gleaner_test_response_set_fault (stalled, GLEANER_TEST_FAULT_TRICKLE, 1000);
        }

      /* Notifications of the last iteration's requests are delivered by now (we waited on the
       * main context), so the count starts afresh. */
      while (g_main_context_iteration (NULL, FALSE))
        ;
      f->n_notified = 0;

      g_mutex_lock (&f->mutex);
      f->pid = 0;
      f->target = target;
      f->mode = mode;
      f->killed = FALSE;
      g_mutex_unlock (&f->mutex);

      process = spawn_sync (f);

      g_mutex_lock (&f->mutex);
      f->pid = (GPid)g_ascii_strtoll (g_subprocess_get_identifier (process), NULL, 10);
      g_cond_broadcast (&f->cond);
      g_mutex_unlock (&f->mutex);

      g_subprocess_wait_async (process, NULL, wait_done_cb, &done);
      gleaner_test_wait_for_flag (&done, WAIT_S);

      spawned = g_get_monotonic_time ();
      g_test_message ("iteration %u: killed %s %u of %u, %u requests seen", iteration,
                      mode_names[mode], target, n_requests,
                      gleaner_test_server_get_n_requests (f->server));

      /* Killed by us, not finished or failed by itself. The lock waits for the server
       * thread to be done with the kill. */
      g_mutex_lock (&f->mutex);
      killed = f->killed;
      g_mutex_unlock (&f->mutex);
      if (!killed)
        {
          g_autoptr(GPtrArray) requests = gleaner_test_server_dup_requests (f->server);

          for (guint i = 0; i < requests->len; i++)
            g_test_message ("request %u: %s", i,
                            ((GleanerTestRequest *)g_ptr_array_index (requests, i))->query);
        }
      g_assert_true (killed);
      g_assert_true (g_subprocess_get_if_signaled (process));
      g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);
      kills[mode]++;

      n_papers = check_database (f);
      checked = g_get_monotonic_time ();
      g_test_message ("iteration %u: %" G_GINT64_FORMAT " papers stored; %" G_GINT64_FORMAT
                      " ms to the kill, %" G_GINT64_FORMAT " ms to check", iteration, n_papers,
                      (spawned - start) / 1000, (checked - spawned) / 1000);
    }

  /* The kills landed in different places and the runs got far enough to write a lot. */
  for (guint m = 0; m < N_KILL_MODES; m++)
    g_assert_cmpuint (kills[m], >, 0);
  g_assert_cmpint (n_papers, >=, 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/crash/sigkill-during-sync", Fixture, NULL, fixture_setup, test_sigkill,
              fixture_teardown);

  return g_test_run ();
}
