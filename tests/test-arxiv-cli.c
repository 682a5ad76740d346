/* test-arxiv-cli.c — `gleaner --sync` with arXiv: two processes take turns, and a failing
 * source fails the run after the others stored what they fetched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "gleaner-hf-source.h"
#include "gleaner-store.h"
#include "gleaner-test-feeds.h"
#include "gleaner-test-server.h"
#include "gleaner-test-util.h"

#define API          "/api/query"
#define WAIT_S       60
/* Short spacing for the tests (GLEANER_ARXIV_INTERVAL_MS). */
#define INTERVAL_MS  200

typedef struct
{
  char              *tmpdir;
  GleanerTestServer *server;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->tmpdir = g_dir_make_tmp ("gleaner-test-arxiv-cli-XXXXXX", &error);
  g_assert_no_error (error);
  f->server = gleaner_test_server_new ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->server, gleaner_test_server_free);
  gleaner_test_remove_tree (f->tmpdir);
  g_clear_pointer (&f->tmpdir, g_free);
}

typedef struct
{
  gboolean  done;
  char     *out;
  char     *err;
  int       status;
} Cli;

static void
cli_clear (Cli *cli)
{
  g_clear_pointer (&cli->out, g_free);
  g_clear_pointer (&cli->err, g_free);
}

static void
communicated_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Cli *cli = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &cli->out, &cli->err,
                                        &error);
  g_assert_no_error (error);
  cli->status = g_subprocess_get_if_exited (G_SUBPROCESS (object))
              ? g_subprocess_get_exit_status (G_SUBPROCESS (object)) : -1;
  cli->done = TRUE;
}

/* Writes the settings the binary reads (the keyfile backend under $XDG_CONFIG_HOME). */
static void
write_settings (Fixture    *f,
                const char *lines)
{
  g_autofree char *dir = g_build_filename (f->tmpdir, "config", "glib-2.0", "settings", NULL);
  g_autofree char *path = g_build_filename (dir, "keyfile", NULL);
  g_autofree char *contents = g_strconcat ("[io/github/gleaner/Gleaner]\n", lines, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* Starts `gleaner --sync` on the fixture's data (the store's folder) and settings. */
static GSubprocess *
spawn_sync (Fixture    *f,
            const char *rss_url,
            Cli        *cli)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_build_filename (f->tmpdir, "data", NULL);
  g_autofree char *config_home = g_build_filename (f->tmpdir, "config", NULL);
  g_autofree char *api_url = g_strconcat (gleaner_test_server_get_url (f->server), API, NULL);
  GSubprocess *process;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_setenv (launcher, "GLEANER_HF_BASE_URL",
                                gleaner_test_server_get_url (f->server), TRUE);
  g_subprocess_launcher_setenv (launcher, "GLEANER_ARXIV_RSS_URL", rss_url, TRUE);
  g_subprocess_launcher_setenv (launcher, "GLEANER_ARXIV_API_URL", api_url, TRUE);
  g_subprocess_launcher_setenv (launcher, "GLEANER_ARXIV_INTERVAL_MS", G_STRINGIFY (INTERVAL_MS), TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");

  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("GLEANER_BINARY"),
                                         "--sync", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicated_cb, cli);

  return process;
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

/* The store the binary will use, created (and migrated) before two processes race to. */
static GleanerStore *
open_cli_store (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->tmpdir, "data", "gleaner", "gleaner.db", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  GleanerStore *store;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  store = gleaner_store_new (path, &error);
  g_assert_no_error (error);

  return store;
}

static void
test_cli_two_processes (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GSubprocess) first = NULL;
  g_autoptr(GSubprocess) second = NULL;
  g_autoptr(GleanerStore) store = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  Cli clis[2] = { { 0 } };
  guint n_listings = 0;

  if (!have_binary ())
    return;

  /* Hugging Face off: only arXiv's three batches each, from two processes at once. */
  write_settings (f, "hf-daily=false\nhf-trending=false\n"
                     "arxiv-categories=['a.A', 'b.B', 'c.C', 'd.D', 'e.E', 'f.F', 'g.G', 'h.H', 'i.I']\n"
                     "backfill-days=uint32 1\n");
  gleaner_test_serve_xml (f->server, API, NULL, 200, gleaner_test_make_api_page (NULL, 0, 0));
  gleaner_test_serve_xml (f->server, "/atom/a.A+b.B+c.C+d.D", NULL, 200, gleaner_test_make_listing (gleaner_test_listing_entries, 2));
  gleaner_test_serve_xml (f->server, "/atom/e.E+f.F+g.G+h.H", NULL, 200, gleaner_test_make_listing (NULL, 0));
  gleaner_test_serve_xml (f->server, "/atom/i.I", NULL, 200, gleaner_test_make_listing (NULL, 0));
  store = open_cli_store (f);
  g_clear_object (&store);

  first = spawn_sync (f, gleaner_test_server_get_url (f->server), &clis[0]);
  second = spawn_sync (f, gleaner_test_server_get_url (f->server), &clis[1]);
  gleaner_test_wait_for_flag (&clis[0].done, WAIT_S);
  gleaner_test_wait_for_flag (&clis[1].done, WAIT_S);

  for (guint i = 0; i < G_N_ELEMENTS (clis); i++)
    {
      g_test_message ("gleaner --sync → %d\nstdout: %s\nstderr: %s",
                      clis[i].status, clis[i].out, clis[i].err);
      g_assert_cmpint (clis[i].status, ==, 0);
      g_assert_cmpstr (clis[i].err, ==, "");
      g_assert_true (g_str_has_prefix (clis[i].out, "Hugging Face: added 0, updated 0, skipped 0\n"
                                                    "arXiv: added "));
      g_assert_nonnull (strstr (clis[i].out, "\nadded "));
      cli_clear (&clis[i]);
    }

  /* Three listings each, and a backfill query from whichever process got there first (or
   * both): one at a time, and spaced, whoever sent them. */
  requests = gleaner_test_server_dup_requests (f->server);
  for (guint i = 0; i < requests->len; i++)
    if (g_str_has_prefix (((GleanerTestRequest *)g_ptr_array_index (requests, i))->path, "/atom/"))
      n_listings++;
  g_assert_cmpuint (n_listings, ==, 6);
  g_assert_cmpuint (gleaner_test_server_get_max_concurrent (f->server), ==, 1);
  gleaner_test_assert_spacing (requests, INTERVAL_MS);
}

/* Hugging Face works, arXiv fails: the Hugging Face papers are stored, a line for each
 * source, one line on stderr naming arXiv's host, a failure status. */
static void
test_cli_failing_source (Fixture       *f,
                         gconstpointer  data)
{
  static const char * const fixtures[] = {
    "daily-papers-p0.json", "daily-papers-p1.json", "daily-papers-p2.json",
  };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *day = gleaner_hf_source_dup_day (now);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GleanerStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  GleanerTestResponse *response;
  Cli cli = { 0 };

  if (!have_binary ())
    return;

  write_settings (f, "arxiv-categories=['cs.LG']\n");
  response = gleaner_test_server_add (f->server, "/api/daily_papers", NULL, 200);
  gleaner_test_response_set_fixture (response, "empty.json");
  for (guint p = 0; p < G_N_ELEMENTS (fixtures); p++)
    {
      g_autofree char *query = g_strdup_printf ("date=%s&p=%u", day, p);

      response = gleaner_test_server_add (f->server, "/api/daily_papers", query, 200);
      gleaner_test_response_set_fixture (response, fixtures[p]);
      if (p + 1 < G_N_ELEMENTS (fixtures))
        {
          g_autofree char *link = g_strdup_printf ("</api/daily_papers?date=%s&limit=100&p=%u>; rel=\"next\"",
                                                   day, p + 1);

          gleaner_test_response_set_header (response, "Link", link);
        }
    }
  gleaner_test_server_add (f->server, "/atom/cs.LG", NULL, 500);

  /* arXiv on the raw listener: another port, so the message names its own host. */
  process = spawn_sync (f, gleaner_test_server_get_raw_url (f->server), &cli);
  gleaner_test_wait_for_flag (&cli.done, WAIT_S);
  g_test_message ("gleaner --sync → %d\nstdout: %s\nstderr: %s", cli.status, cli.out, cli.err);

  g_assert_cmpint (cli.status, ==, 1);
  g_assert_cmpstr (cli.out, ==,
                   "Hugging Face: added 292, updated 0, skipped 1\n"
                   "arXiv: failed (added 0, updated 0, skipped 0)\n");
  expected = g_strdup_printf ("Sync failed: %s answered HTTP 500 Internal Server Error\n",
                              gleaner_test_server_get_raw_host (f->server));
  g_assert_cmpstr (cli.err, ==, expected);
  cli_clear (&cli);

  store = open_cli_store (f);
  g_assert_cmpint (gleaner_store_count_papers (store, &error), ==, 292);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  gleaner_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/arxiv-cli/two-processes", test_cli_two_processes);
  ADD ("/arxiv-cli/failing-source", test_cli_failing_source);

#undef ADD

  gleaner_test_add_queued ();

  return g_test_run ();
}
