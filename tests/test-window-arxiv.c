/* test-window-arxiv.c — the window completing the arXiv papers a user opens or stars.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case stands alone: its own $XDG_DATA_HOME (so its own database, filled from an arXiv
 * listing of three papers, which lacks what the API adds), every setting reset, and its own
 * SoupServer on the loopback as arXiv's API (GLEANER_ARXIV_API_URL), answering id_list
 * lookups with tests/fixtures/arxiv/id-list.xml. The application runs for real, with its
 * window under Xvfb; the cases run in an order drawn from GTest's seed.
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "gleaner-application.h"
#include "gleaner-arxiv-parser.h"
#include "gleaner-paper-detail.h"
#include "gleaner-paper-list.h"
#include "gleaner-session.h"
#include "gleaner-test-feeds.h"
#include "gleaner-test-server.h"
#include "gleaner-test-util.h"
#include "gleaner-window.h"

#define API "/api/query"

typedef struct
{
  GleanerTestServer *server;
} Fixture;

static Fixture            *fixture;
static GleanerApplication *app;
static GleanerWindow      *window;

/* The listing the database is filled from: three papers without primary category, comments,
 * journal reference or DOI (id-list.xml completes the first two). */
static const Entry listed[] = {
  { "2501.00101", "new", "Selective Machine Learning" },
  { "2501.00103", "new", "Benchmarking Long-Context Retrieval" },
  { "2501.00105", "cross", "A Third Paper" },
};

static void
upserted_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GleanerUpsertResult) upsert = NULL;
  g_autoptr(GError) error = NULL;
  gboolean *done = user_data;

  upsert = gleaner_store_upsert_finish (GLEANER_STORE (object), result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (upsert->added, ==, G_N_ELEMENTS (listed));
  *done = TRUE;
}

/* The database as a sync of cs.LG's listing leaves it. */
static void
populate (void)
{
  g_autofree char *path = gleaner_store_dup_default_path ();
  char *xml = gleaner_test_make_listing (listed, G_N_ELEMENTS (listed));
  g_autoptr(GBytes) bytes = g_bytes_new_take (xml, strlen (xml));
  g_autoptr(GleanerStore) store = NULL;
  g_autoptr(GPtrArray) papers = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  papers = gleaner_arxiv_parse_feed (bytes, NULL, &error);
  g_assert_no_error (error);
  store = gleaner_store_new (path, &error);
  g_assert_no_error (error);
  gleaner_store_upsert_listing_async (store, papers, "arxiv:cs.LG", NULL, upserted_cb, &done);
  GLEANER_TEST_WAIT_UNTIL (done);
  gleaner_store_flush (store);
}

static GleanerArxivCompleter *
completer (void)
{
  g_autoptr(GleanerSession) session = NULL;

  g_object_get (window, "session", &session, NULL);
  return gleaner_session_get_completer (session);
}

static GListModel *
model (void)
{
  return gleaner_window_get_list_model (window);
}

static GleanerPaperDetail *
detail (void)
{
  return gleaner_window_get_detail (window);
}

static const char *
shown_id (void)
{
  GleanerPaper *paper = gleaner_paper_detail_get_paper (detail ());

  return paper != NULL ? gleaner_paper_get_id (paper) : NULL;
}

static const char *
selected_id (void)
{
  GleanerPaper *paper = gtk_single_selection_get_selected_item (gleaner_window_get_selection (window));

  return paper != NULL ? gleaner_paper_get_id (paper) : NULL;
}

/* What the detail pane shows of one of arXiv's fields, or NULL when hidden. */
static const char *
shown (const char *field)
{
  GtkWidget *label = gleaner_paper_detail_get_arxiv_widget (detail (), field);

  return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

/* Selects the row of @id without waiting for what follows (the next main loop turn). */
static void
select_id (const char *id)
{
  guint pos = gleaner_paper_list_find (GLEANER_PAPER_LIST (model ()), id);

  g_assert_cmpuint (pos, !=, G_MAXUINT);
  gtk_single_selection_set_selected (gleaner_window_get_selection (window), pos);
}

static void
open_id (const char *id)
{
  select_id (id);
  GLEANER_TEST_WAIT_UNTIL (g_strcmp0 (shown_id (), id) == 0);
}

/* Waits until no lookup is queued or running, and returns the server's log. */
static GPtrArray *
settled_requests (void)
{
  gleaner_test_drain ();
  GLEANER_TEST_WAIT_UNTIL (!gleaner_arxiv_completer_get_busy (completer ()));
  return gleaner_test_server_dup_requests (fixture->server);
}

static const char *
query_of (GPtrArray *requests,
          guint      i)
{
  return ((GleanerTestRequest *)g_ptr_array_index (requests, i))->query;
}

/* Every row's paper is read (not a placeholder), so the actions find them. */
static gboolean
all_read (void)
{
  for (guint i = 0; i < g_list_model_get_n_items (model ()); i++)
    {
      g_autoptr(GleanerPaper) paper = g_list_model_get_item (model (), i);

      if (gleaner_paper_list_is_placeholder (paper))
        return FALSE;
    }

  return TRUE;
}

static gboolean
arxiv_followed (void)
{
  g_auto(GStrv) categories = g_settings_get_strv (gleaner_application_get_settings (app),
                                                  "arxiv-categories");

  return categories[0] != NULL;
}

static void (*app_body) (void);

static void
app_activated_cb (GApplication *application,
                  gpointer      user_data)
{
  /* Waits for the store, and so for the window. */
  g_assert_nonnull (gleaner_application_get_store (app));
  window = GLEANER_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (GLEANER_IS_WINDOW (window));
  GLEANER_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  GLEANER_TEST_WAIT_UNTIL (!gleaner_paper_list_get_loading (GLEANER_PAPER_LIST (model ())));
  GLEANER_TEST_WAIT_UNTIL (g_list_model_get_n_items (model ()) == G_N_ELEMENTS (listed));
  GLEANER_TEST_WAIT_UNTIL (all_read ());
  /* Followed categories want the completer: it comes once the network half has loaded
   * (gleaner-net.h), without a sync. */
  if (arxiv_followed ())
    GLEANER_TEST_WAIT_UNTIL (completer () != NULL);

  app_body ();

  gleaner_store_flush (gleaner_application_get_store (app));
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  gtk_window_close (GTK_WINDOW (window));
  GLEANER_TEST_WAIT_UNTIL (window == NULL);
}

/* Runs @body in a fresh instance of the application, inside g_application_run(). */
static void
with_app (void (*body) (void))
{
  app_body = body;
  app = gleaner_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (app_activated_cb), NULL);

  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);

  g_object_add_weak_pointer (G_OBJECT (app), (gpointer *)&app);
  g_object_unref (app);
  GLEANER_TEST_WAIT_UNTIL (app == NULL);
  gleaner_test_drain ();
}

static void
serve_id_list (guint status)
{
  GleanerTestResponse *r = gleaner_test_server_add (fixture->server, API, NULL, status);

  if (status == 200)
    {
      g_autoptr(GBytes) bytes = gleaner_test_load_fixture ("arxiv/id-list.xml");

      gleaner_test_response_set_body_bytes (r, "application/atom+xml", bytes);
    }
  else
    gleaner_test_response_set_body (r, "text/plain", "Internal Server Error\n", -1);
}

/* ------------------------------------------------------------------------------------------ */

/* Opening a listed paper asks for it once; the pane shows what came, in place. */
static void
open_completes_body (void)
{
  g_autoptr(GPtrArray) requests = NULL;

  open_id ("2501.00101");
  GLEANER_TEST_WAIT_UNTIL (g_strcmp0 (shown ("comments"), "10 pages, 1 figures") == 0);
  g_assert_cmpstr (shown ("doi"), ==, "10.5555/synthetic.api.00100");
  /* Updated in place: the same paper shown and selected. */
  g_assert_cmpstr (shown_id (), ==, "2501.00101");
  g_assert_cmpstr (selected_id (), ==, "2501.00101");

  requests = settled_requests ();
  g_assert_cmpuint (requests->len, ==, 1);
  g_assert_cmpstr (((GleanerTestRequest *)requests->pdata[0])->path, ==, API);
  g_assert_nonnull (strstr (query_of (requests, 0), "id_list=2501.00101"));
  g_clear_pointer (&requests, g_ptr_array_unref);

  /* Complete now; and once asked, never again this session. */
  open_id ("2501.00105");
  requests = settled_requests ();
  g_assert_cmpuint (requests->len, ==, 2);
  g_assert_nonnull (strstr (query_of (requests, 1), "id_list=2501.00105"));
  g_clear_pointer (&requests, g_ptr_array_unref);

  open_id ("2501.00101");
  open_id ("2501.00105");
  requests = settled_requests ();
  g_assert_cmpuint (requests->len, ==, 2);
  g_assert_cmpstr (shown ("comments"), ==, NULL);
}

static void
test_open_completes (Fixture       *f,
                     gconstpointer  data)
{
  serve_id_list (200);
  with_app (open_completes_body);
}

/* Two papers starred in a row share one lookup. */
static void
star_batches_body (void)
{
  g_autoptr(GPtrArray) requests = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.paper-star", "s", "2501.00101"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.paper-star", "s", "2501.00103"));
  g_assert_true (gleaner_arxiv_completer_get_busy (completer ()));

  requests = settled_requests ();
  g_assert_cmpuint (requests->len, ==, 1);
  g_assert_nonnull (strstr (query_of (requests, 0), "2501.00101"));
  g_assert_nonnull (strstr (query_of (requests, 0), "2501.00103"));

  /* Opening a starred one, once the list has read the store again, shows what the lookup
   * stored, without asking again. */
  GLEANER_TEST_WAIT_UNTIL (!gleaner_paper_list_get_loading (GLEANER_PAPER_LIST (model ())));
  open_id ("2501.00103");
  GLEANER_TEST_WAIT_UNTIL (g_strcmp0 (shown ("journal-ref"), "Synthetic Proceedings 2020") == 0);
  g_clear_pointer (&requests, g_ptr_array_unref);
  requests = settled_requests ();
  g_assert_cmpuint (requests->len, ==, 1);
}

static void
test_star_batches (Fixture       *f,
                   gconstpointer  data)
{
  serve_id_list (200);
  with_app (star_batches_body);
}

/* A failing server: nothing shown, nothing lost, and no second try this session. */
static void
server_error_body (void)
{
  g_autoptr(GPtrArray) requests = NULL;
  g_autofree char *title = NULL;

  open_id ("2501.00101");
  title = g_strdup (gtk_label_get_text (gleaner_paper_detail_get_title_label (detail ())));
  requests = settled_requests ();
  g_assert_cmpuint (requests->len, ==, 1);
  gleaner_test_drain ();

  g_assert_cmpstr (shown_id (), ==, "2501.00101");
  g_assert_cmpstr (gtk_label_get_text (gleaner_paper_detail_get_title_label (detail ())), ==, title);
  g_assert_null (shown ("comments"));
  g_assert_null (gleaner_window_get_last_toast (window));
  g_assert_cmpuint (g_list_model_get_n_items (model ()), ==, G_N_ELEMENTS (listed));

  open_id ("2501.00103");
  open_id ("2501.00101");
  g_clear_pointer (&requests, g_ptr_array_unref);
  requests = settled_requests ();
  g_assert_cmpuint (requests->len, ==, 2);
  g_assert_nonnull (strstr (query_of (requests, 1), "id_list=2501.00103"));
}

static void
test_server_error (Fixture       *f,
                   gconstpointer  data)
{
  serve_id_list (500);
  with_app (server_error_body);
}

/* No category followed: arXiv hears nothing from a user who never chose it, and without a
 * sync the application has made neither sources nor completer (the network half stays
 * unloaded in the application, gleaner-net.h). */
static void
disabled_body (void)
{
  g_autoptr(GPtrArray) requests = NULL;

  open_id ("2501.00101");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.paper-star", "s", "2501.00103"));
  gleaner_test_drain ();
  g_assert_null (completer ());
  g_assert_null (gleaner_sync_lookup_source (gleaner_application_get_sync (app), "hf"));
  g_assert_null (gleaner_sync_lookup_source (gleaner_application_get_sync (app), "arxiv"));
  requests = gleaner_test_server_dup_requests (fixture->server);
  g_assert_cmpuint (requests->len, ==, 0);
}

/* A paper opened before the completer came is asked for as it comes. */
static void
before_completer_body (void)
{
  g_autoptr(GleanerSession) session = NULL;
  g_autoptr(GleanerPaper) paper = NULL;
  g_autoptr(GPtrArray) requests = NULL;

  /* A session as the application makes it while the network half loads. */
  session = gleaner_session_new (gleaner_application_get_settings (app),
                                 gleaner_application_get_store (app), NULL,
                                 gleaner_application_get_sync (app), NULL, NULL);
  paper = g_list_model_get_item (model (), gleaner_paper_list_find (GLEANER_PAPER_LIST (model ()),
                                                                    "2501.00103"));
  gleaner_session_request_completion (session, paper);
  gleaner_test_drain ();
  g_assert_null (gleaner_session_get_completer (session));
  requests = gleaner_test_server_dup_requests (fixture->server);
  g_assert_cmpuint (requests->len, ==, 0);
  g_clear_pointer (&requests, g_ptr_array_unref);

  gleaner_session_set_completer (session, completer ());
  g_assert_true (gleaner_session_get_completer (session) == completer ());
  g_assert_true (gleaner_arxiv_completer_get_busy (completer ()));
  requests = settled_requests ();
  g_assert_cmpuint (requests->len, ==, 1);
  g_assert_nonnull (strstr (query_of (requests, 0), "id_list=2501.00103"));
}

static void
test_before_completer (Fixture       *f,
                       gconstpointer  data)
{
  serve_id_list (200);
  with_app (before_completer_body);
}

static void
test_disabled (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.gleaner.Gleaner");

  g_settings_set_strv (settings, "arxiv-categories", NULL);
  serve_id_list (200);
  with_app (disabled_body);
}

/* ------------------------------------------------------------------------------------------ */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.gleaner.Gleaner");
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autofree char *api_url = NULL;
  const char * const categories[] = { "cs.LG", NULL };
  g_auto(GStrv) keys = NULL;

  g_assert_null (fixture);
  fixture = f;

  f->server = gleaner_test_server_new ();
  api_url = g_strconcat (gleaner_test_server_get_url (f->server), API, NULL);
  g_setenv ("GLEANER_HF_BASE_URL", gleaner_test_server_get_url (f->server), TRUE);
  g_setenv ("GLEANER_ARXIV_RSS_URL", gleaner_test_server_get_url (f->server), TRUE);
  g_setenv ("GLEANER_ARXIV_API_URL", api_url, TRUE);
  g_setenv ("GLEANER_ARXIV_INTERVAL_MS", "50", TRUE);

  /* Every key back to its default; no sync unless a test asks, nothing notifies. */
  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
  g_settings_set_boolean (settings, "auto-sync", FALSE);
  g_settings_set_boolean (settings, "daily-digest", FALSE);
  g_settings_set_boolean (settings, "notify-saved-searches", FALSE);
  g_settings_set_strv (settings, "arxiv-categories", categories);

  populate ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_null (app);
  g_assert_null (window);

  g_clear_pointer (&f->server, gleaner_test_server_free);
  g_unsetenv ("GLEANER_HF_BASE_URL");
  g_unsetenv ("GLEANER_ARXIV_RSS_URL");
  g_unsetenv ("GLEANER_ARXIV_API_URL");
  g_unsetenv ("GLEANER_ARXIV_INTERVAL_MS");
  fixture = NULL;
}

int
main (int   argc,
      char *argv[])
{
  static const GleanerTestCase cases[] = {
    { "/window-arxiv/open-completes", (GTestFixtureFunc)test_open_completes },
    { "/window-arxiv/star-batches", (GTestFixtureFunc)test_star_batches },
    { "/window-arxiv/server-error", (GTestFixtureFunc)test_server_error },
    { "/window-arxiv/disabled", (GTestFixtureFunc)test_disabled },
    { "/window-arxiv/before-completer", (GTestFixtureFunc)test_before_completer },
  };

  /* The settings schemas, the MIME database and the icon theme are looked up before GTest
   * points the data directories at empty ones. */
  g_settings_schema_source_get_default ();
  g_free (g_content_type_guess ("icon.svg", NULL, 0, NULL));
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "C.UTF-8");
  gtk_init ();
  adw_init ();
  gtk_icon_theme_get_for_display (gdk_display_get_default ());

  /* Each case gets its own $HOME and XDG directories, so its own database. */
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  gleaner_test_start_ticking ();

  gleaner_test_add_shuffled (cases, G_N_ELEMENTS (cases), sizeof (Fixture),
                             (GTestFixtureFunc)fixture_setup, (GTestFixtureFunc)fixture_teardown);

  return g_test_run ();
}
