/* test-cli.c — the real gleaner binary's --sync and --search, against a local server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "gleaner-hf-source.h"
#include "gleaner-scheduler.h"
#include "gleaner-store.h"
#include "gleaner-test-server.h"
#include "gleaner-test-util.h"

#define API     "/api/daily_papers"
#define WAIT_S  60

/* The executable run_cli() runs instead of $GLEANER_BINARY, when set. */
static const char *binary_override;

typedef struct
{
  char              *tmpdir;
  char              *data_home;
  GleanerTestServer *server;
  char              *day;       /* today in New York, as the binary will see it */
} Fixture;

typedef struct
{
  gboolean  done;
  char     *out;
  char     *err;
  GError   *error;
} Communication;

typedef struct
{
  char *out;
  char *err;
  int   status;   /* exit status, or -1 if it did not exit normally */
} CliResult;

static void
cli_result_free (CliResult *result)
{
  g_free (result->out);
  g_free (result->err);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliResult, cli_result_free)

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;

  if (g_getenv ("GLEANER_BINARY") == NULL)
    return;

  f->tmpdir = g_dir_make_tmp ("gleaner-test-cli-XXXXXX", &error);
  g_assert_no_error (error);
  f->data_home = g_build_filename (f->tmpdir, "data", NULL);
  f->server = gleaner_test_server_new ();
  f->day = gleaner_hf_source_dup_day (now);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->server, gleaner_test_server_free);
  if (f->tmpdir != NULL)
    gleaner_test_remove_tree (f->tmpdir);
  g_clear_pointer (&f->tmpdir, g_free);
  g_clear_pointer (&f->data_home, g_free);
  g_clear_pointer (&f->day, g_free);
}

static gboolean
have_binary (void)
{
  const char *binary = g_getenv ("GLEANER_BINARY");

  if (binary == NULL || !g_file_test (binary, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("GLEANER_BINARY is not set to the built gleaner");
      return FALSE;
    }

  return TRUE;
}

static void
communicated_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Communication *state = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result,
                                        &state->out, &state->err, &state->error);
  state->done = TRUE;
}

/* Runs gleaner with @args; the server thread answers while we wait on the main context. */
static CliResult *
run_cli (Fixture    *f,
         const char *first_arg,
         ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *config_home = g_build_filename (f->tmpdir, "config", NULL);
  g_autofree char *cache_home = g_build_filename (f->tmpdir, "cache", NULL);
  Communication state = { 0 };
  CliResult *result;
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (char *)(binary_override ? binary_override : g_getenv ("GLEANER_BINARY")));
  va_start (ap, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *)arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
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

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicated_cb, &state);
  gleaner_test_wait_for_flag (&state.done, WAIT_S);
  g_assert_no_error (state.error);

  result = g_new0 (CliResult, 1);
  result->out = state.out ? state.out : g_strdup ("");
  result->err = state.err ? state.err : g_strdup ("");
  result->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;

  {
    g_autofree char *command = g_strjoinv (" ", (char **)argv->pdata + 1);

    g_test_message ("gleaner %s → %d\nstdout: %s\nstderr: %s",
                    command, result->status, result->out, result->err);
  }

  return result;
}

/* What the command line left under the scheduler's @key (NULL when unset). */
static char *
dup_outcome (Fixture    *f,
             const char *key)
{
  g_autofree char *db = g_build_filename (f->data_home, "gleaner", "gleaner.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GleanerStore) store = gleaner_store_new (db, &error);
  char *value;

  g_assert_no_error (error);
  value = gleaner_store_dup_meta (store, key, &error);
  g_assert_no_error (error);

  return value;
}

/* The scheduler's time @key holds, checked to lie in [@before, @after]. */
static void
assert_outcome_time (Fixture    *f,
                     const char *key,
                     gint64      before,
                     gint64      after)
{
  g_autofree char *value = dup_outcome (f, key);
  gint64 time;

  g_assert_nonnull (value);
  g_assert_true (g_ascii_string_to_signed (value, 10, 0, G_MAXINT64, &time, NULL));
  g_assert_cmpint (time, >=, before);
  g_assert_cmpint (time, <=, after);
}

/* The three fixture pages on today's (New York) day, empty pages on every other day. */
static void
serve_fixture_pages (Fixture *f)
{
  static const char * const fixtures[] = {
    "daily-papers-p0.json", "daily-papers-p1.json", "daily-papers-p2.json",
  };
  GleanerTestResponse *response;

  response = gleaner_test_server_add (f->server, API, NULL, 200);
  gleaner_test_response_set_fixture (response, "empty.json");

  for (guint p = 0; p < G_N_ELEMENTS (fixtures); p++)
    {
      g_autofree char *query = g_strdup_printf ("date=%s&p=%u", f->day, p);

      response = gleaner_test_server_add (f->server, API, query, 200);
      gleaner_test_response_set_fixture (response, fixtures[p]);

      if (p + 1 < G_N_ELEMENTS (fixtures))
        {
          g_autofree char *link = g_strdup_printf ("<" API "?date=%s&limit=100&p=%u>; rel=\"next\"",
                                                   f->day, p + 1);

          gleaner_test_response_set_header (response, "Link", link);
        }
    }
}

static void
sync_fixture_pages (Fixture *f)
{
  g_autoptr(CliResult) result = NULL;
  g_autofree char *db = NULL;

  serve_fixture_pages (f);

  result = run_cli (f, "--sync", NULL);
  g_assert_cmpint (result->status, ==, 0);
  g_assert_cmpstr (result->out, ==, "added 292, updated 0, skipped 1\n");
  g_assert_cmpstr (result->err, ==, "");

  db = g_build_filename (f->data_home, "gleaner", "gleaner.db", NULL);
  g_assert_true (g_file_test (db, G_FILE_TEST_IS_REGULAR));
}

static void
test_sync (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(CliResult) again = NULL;
  gint64 before, after;

  if (!have_binary ())
    return;

  before = g_get_real_time () / G_USEC_PER_SEC;
  sync_fixture_pages (f);
  after = g_get_real_time () / G_USEC_PER_SEC;

  /* Recorded as the scheduler records its runs: the window shows it and syncs an interval
   * after it, not at once. */
  assert_outcome_time (f, GLEANER_SCHEDULER_LAST_SUCCESS_KEY, before, after);
  g_assert_null (dup_outcome (f, GLEANER_SCHEDULER_LAST_ERROR_KEY));

  requests = gleaner_test_server_dup_requests (f->server);
  /* Three pages for each of the three days, and the trending list. */
  g_assert_cmpuint (requests->len, ==, 10);
  for (guint i = 0; i < requests->len; i++)
    {
      const GleanerTestRequest *request = g_ptr_array_index (requests, i);

      g_assert_cmpstr (request->user_agent, ==, "Gleaner/" PACKAGE_VERSION);
    }

  /* A second sync finds nothing new. */
  again = run_cli (f, "--sync", NULL);
  g_assert_cmpint (again->status, ==, 0);
  g_assert_cmpstr (again->out, ==, "added 0, updated 0, skipped 1\n");
}

/* An executable without its network module (src/sync/gleaner-net.h), as a broken
 * installation has it: the sync says so in one line and fails; what was stored stays, and
 * the commands that need no network still work. */
static void
test_sync_without_module (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GFile) binary = NULL;
  g_autoptr(GFile) copy = NULL;
  g_autoptr(CliResult) result = NULL;
  g_autoptr(CliResult) search = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *installed = g_build_filename (GLEANER_NET_MODULE_DIR, "libgleaner-net.so", NULL);
  g_autofree char *copy_path = g_build_filename (f->tmpdir, "gleaner", NULL);

  if (!have_binary ())
    return;
  /* A copy out of the build tree looks for the installed module. */
  if (g_file_test (installed, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("Gleaner is installed on this machine: its module would be found");
      return;
    }

  sync_fixture_pages (f);

  binary = g_file_new_for_path (g_getenv ("GLEANER_BINARY"));
  copy = g_file_new_for_path (copy_path);
  g_file_copy (binary, copy, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (copy_path, 0755), ==, 0);

  binary_override = copy_path;
  result = run_cli (f, "--sync", NULL);
  search = run_cli (f, "--search", "parameter space", NULL);
  binary_override = NULL;

  g_assert_cmpint (result->status, ==, 1);
  g_assert_cmpstr (result->out, ==, "");
  g_assert_nonnull (strstr (result->err, "network support could not be loaded"));
  g_assert_nonnull (strstr (result->err, "reinstalling Gleaner may help"));
  g_assert_true (strchr (result->err, '\n') == result->err + strlen (result->err) - 1);

  g_assert_cmpint (search->status, ==, 0);
  g_assert_nonnull (strstr (search->out, "2501.00001\tAdapt then Unlearn"));
}

/* Exactly one line on stderr, nothing on stdout, a failure status. */
static void
assert_one_error_line (CliResult  *result,
                       const char *prefix)
{
  g_assert_cmpint (result->status, !=, 0);
  g_assert_cmpstr (result->out, ==, "");
  g_assert_true (g_str_has_prefix (result->err, prefix));
  g_assert_true (g_str_has_suffix (result->err, "\n"));
  g_assert_true (strchr (result->err, '\n') == result->err + strlen (result->err) - 1);
}

static void
test_sync_http_error (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CliResult) result = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *success = NULL;
  g_autofree char *last_error = NULL;
  gint64 before, after;

  if (!have_binary ())
    return;

  /* A first sync that worked, then one that fails. */
  before = g_get_real_time () / G_USEC_PER_SEC;
  sync_fixture_pages (f);
  success = dup_outcome (f, GLEANER_SCHEDULER_LAST_SUCCESS_KEY);
  gleaner_test_server_clear_responses (f->server);
  gleaner_test_server_clear_requests (f->server);
  gleaner_test_server_add (f->server, API, NULL, 500);

  result = run_cli (f, "--sync", NULL);
  after = g_get_real_time () / G_USEC_PER_SEC;
  expected = g_strdup_printf ("Sync failed: %s answered HTTP 500 Internal Server Error\n",
                              gleaner_test_server_get_host (f->server));
  assert_one_error_line (result, expected);
  g_assert_cmpstr (result->err, ==, expected);
  g_assert_cmpuint (gleaner_test_server_get_n_requests (f->server), ==, 1);

  /* The failure is recorded with its message; the last success stays the first sync's. */
  last_error = dup_outcome (f, GLEANER_SCHEDULER_LAST_ERROR_KEY);
  g_assert_nonnull (last_error);
  {
    g_autofree char *line = g_strdup_printf ("Sync failed: %s\n", last_error);

    g_assert_cmpstr (line, ==, expected);
  }
  assert_outcome_time (f, GLEANER_SCHEDULER_LAST_ERROR_TIME_KEY, before, after);
  g_assert_nonnull (success);
  {
    g_autofree char *kept = dup_outcome (f, GLEANER_SCHEDULER_LAST_SUCCESS_KEY);

    g_assert_cmpstr (kept, ==, success);
  }
}

static void
test_sync_rate_limited (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CliResult) result = NULL;
  g_autofree char *prefix = NULL;
  GleanerTestResponse *response;

  if (!have_binary ())
    return;

  response = gleaner_test_server_add (f->server, API, NULL, 429);
  gleaner_test_response_set_header (response, "Retry-After", "120");

  result = run_cli (f, "--sync", NULL);
  prefix = g_strdup_printf ("Sync failed: %s asks to wait 120 s (rate limited, HTTP 429); "
                            "try again after ",
                            gleaner_test_server_get_host (f->server));
  assert_one_error_line (result, prefix);
  g_assert_cmpuint (gleaner_test_server_get_n_requests (f->server), ==, 1);
}

static void
assert_result_lines (const char *out,
                     guint      *n_lines)
{
  g_auto(GStrv) lines = NULL;
  guint n;

  *n_lines = 0;
  if (*out == '\0')
    return;

  lines = g_strsplit (out, "\n", -1);
  n = g_strv_length (lines);

  /* Every line ends with \n, so the last piece is empty. */
  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpstr (lines[n - 1], ==, "");

  for (guint i = 0; i + 1 < n; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, 2);
      g_assert_true (g_str_has_prefix (fields[0], "2501."));
      g_assert_cmpuint (strlen (fields[1]), >, 0);
    }

  *n_lines = n - 1;
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CliResult) result = NULL;
  g_autofree char *first_title = NULL;
  guint n_lines;

  if (!have_binary ())
    return;

  sync_fixture_pages (f);

  result = run_cli (f, "--search", "parameter space", NULL);
  g_assert_cmpint (result->status, ==, 0);
  g_assert_cmpstr (result->err, ==, "");
  assert_result_lines (result->out, &n_lines);
  g_assert_cmpuint (n_lines, >, 10);

  /* A known paper is there, and the best match has both words in its title. */
  g_assert_nonnull (strstr (result->out,
                            "2501.00001\tAdapt then Unlearn: Exploring Parameter Space Semantics "
                            "for Unlearning in Generative Adversarial Networks\n"));
  first_title = g_utf8_strdown (strchr (result->out, '\t') + 1, strcspn (strchr (result->out, '\t') + 1, "\n"));
  g_assert_nonnull (strstr (first_title, "parameter"));
  g_assert_nonnull (strstr (first_title, "space"));
}

static void
test_search_no_match (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CliResult) empty_db = NULL;
  g_autoptr(CliResult) result = NULL;

  if (!have_binary ())
    return;

  /* Before any sync, then on the synced database. */
  empty_db = run_cli (f, "--search", "parameter space", NULL);
  g_assert_cmpint (empty_db->status, ==, 0);
  g_assert_cmpstr (empty_db->out, ==, "");

  sync_fixture_pages (f);

  result = run_cli (f, "--search", "zyxwvutsrq", NULL);
  g_assert_cmpint (result->status, ==, 0);
  g_assert_cmpstr (result->out, ==, "");
  g_assert_cmpstr (result->err, ==, "");
}

static void
test_search_hostile (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const queries[] = {
    "\"", "*", "AND", "(", "-", ":", "NEAR(", "\"parameter", "space OR", "title:x", "^", "",
  };

  if (!have_binary ())
    return;

  sync_fixture_pages (f);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(CliResult) result = run_cli (f, "--search", queries[i], NULL);
      guint n_lines;

      g_assert_cmpint (result->status, ==, 0);
      g_assert_cmpstr (result->err, ==, "");
      assert_result_lines (result->out, &n_lines);
    }
}

static void
starred_cb (GObject      *object,
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
test_export_bibtex (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CliResult) none = NULL;
  g_autoptr(CliResult) result = NULL;
  g_autoptr(CliResult) failed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autofree char *bib = g_build_filename (f->tmpdir, "starred.bib", NULL);
  g_autofree char *missing = g_build_filename (f->tmpdir, "no", "such", "dir.bib", NULL);
  g_autofree char *contents = NULL;

  if (!have_binary ())
    return;

  sync_fixture_pages (f);

  none = run_cli (f, "--export-bibtex", bib, NULL);
  g_assert_cmpint (none->status, ==, 0);
  g_assert_cmpstr (none->out, ==, "Exported 0 starred papers\n");

  /* Star one paper the way the window does, through the store. */
  db = g_build_filename (f->data_home, "gleaner", "gleaner.db", NULL);
  {
    g_autoptr(GleanerStore) store = gleaner_store_new (db, &error);
    gboolean done = FALSE;

    g_assert_no_error (error);
    gleaner_store_set_starred_async (store, "2501.00001", TRUE, NULL, starred_cb, &done);
    gleaner_test_wait_for_flag (&done, WAIT_S);
  }

  result = run_cli (f, "--export-bibtex", bib, NULL);
  g_assert_cmpint (result->status, ==, 0);
  g_assert_cmpstr (result->out, ==, "Exported 1 starred paper\n");
  g_assert_true (g_file_get_contents (bib, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "@misc{2501.00001,\n"));
  g_assert_nonnull (strstr (contents, "eprint = {2501.00001}"));
  g_assert_nonnull (strstr (contents, "archivePrefix = {arXiv}"));

  /* A folder that does not exist: one line on stderr, non-zero exit, nothing written. */
  failed = run_cli (f, "--export-bibtex", missing, NULL);
  g_assert_cmpint (failed->status, !=, 0);
  g_assert_cmpstr (failed->out, ==, "");
  g_assert_nonnull (strstr (failed->err, "dir.bib"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  gleaner_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/cli/sync", test_sync);
  ADD ("/cli/sync-http-error", test_sync_http_error);
  ADD ("/cli/sync-rate-limited", test_sync_rate_limited);
  ADD ("/cli/sync-without-module", test_sync_without_module);
  ADD ("/cli/search", test_search);
  ADD ("/cli/search-no-match", test_search_no_match);
  ADD ("/cli/search-hostile", test_search_hostile);
  ADD ("/cli/export-bibtex", test_export_bibtex);

#undef ADD

  gleaner_test_add_queued ();

  return g_test_run ();
}
