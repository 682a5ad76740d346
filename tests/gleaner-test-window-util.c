/* gleaner-test-window-util.c — the fixture and helpers shared by the window tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test case stands alone, in any order: GTest gives it its own $XDG_DATA_HOME (so its own
 * database), setup() resets every setting and starts its own small SoupServer on the loopback
 * serving the recorded pages from tests/fixtures, and a test that needs papers or earlier user
 * actions makes them itself. Notifications are off: none of these tests is about them, and a
 * machine need not have a notification server (test-app and test-notify bring a fake one).
 */

#include "config.h"

#include <locale.h>

#include "gleaner-net.h"
#include "gleaner-paper-list.h"
#include "gleaner-scheduler.h"
#include "gleaner-test-window-util.h"

/* The running test's fixture, for the helpers; set by setup, cleared by teardown. */
Fixture            *fixture;
/* The application instance with_app() runs, and its window; NULL between instances. */
GleanerApplication *app;
GleanerWindow      *window;

gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
serve (ServeMode mode)
{
  GleanerTestResponse *r;

  gleaner_test_server_clear_responses (fixture->server);

  switch (mode)
    {
    case SERVE_PAPERS:
      /* Every day has the same three pages, linked with rel="next" as the API does. */
      for (guint p = 0; p <= 2; p++)
        {
          g_autofree char *query = g_strdup_printf ("p=%u", p);
          g_autofree char *file = g_strdup_printf ("daily-papers-p%u.json", p);

          r = gleaner_test_server_add (fixture->server, "/api/daily_papers", query, 200);
          gleaner_test_response_set_fixture (r, file);
          if (p < 2)
            {
              g_autofree char *link = g_strdup_printf ("</api/daily_papers?p=%u>; rel=\"next\"", p + 1);
              gleaner_test_response_set_header (r, "Link", link);
            }
        }
      /* Hugging Face's trending list, fetched by every sync. */
      r = gleaner_test_server_add (fixture->server, "/api/daily_papers", "sort=trending", 200);
      gleaner_test_response_set_fixture (r, "trending.json");
      /* Saved searches also ask Hugging Face's search. */
      r = gleaner_test_server_add (fixture->server, "/api/papers/search", NULL, 200);
      gleaner_test_response_set_fixture (r, "search-current.json");
      break;

    case SERVE_MARKUP:
      r = gleaner_test_server_add (fixture->server, "/api/daily_papers", NULL, 200);
      gleaner_test_response_set_fixture (r, "markup.json");
      break;

    case SERVE_FAIL:
      r = gleaner_test_server_add (fixture->server, "/api/daily_papers", NULL, 500);
      gleaner_test_response_set_body (r, "text/plain", "Internal Server Error\n", -1);
      break;

    default:
      g_assert_not_reached ();
    }
}

GListModel *
model (void)
{
  return gleaner_window_get_list_model (window);
}

gboolean
list_idle (void)
{
  return !gleaner_paper_list_get_loading (GLEANER_PAPER_LIST (model ()));
}

GleanerSync *
sync_ (void)
{
  return gleaner_application_get_sync (app);
}

/* The application's Hugging Face source, which its settings apply to. */
GleanerHfSource *
hf_source_ (void)
{
  /* The sources come with the network half, as the first sync starts (gleaner-net.h): start
   * it as a run does, without running one. */
  if (gleaner_sync_lookup_source (sync_ (), "hf") == NULL)
    {
      g_assert_true (gleaner_net_load (NULL));
      g_signal_emit_by_name (sync_ (), "prepare");
    }
  return GLEANER_HF_SOURCE (gleaner_sync_lookup_source (sync_ (), "hf"));
}

static void (*app_body) (void);

static void
app_activated_cb (GApplication *application,
                  gpointer      user_data)
{
  GleanerStore *store = gleaner_application_get_store (app);

  window = GLEANER_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (GLEANER_IS_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  if (model () != NULL)
    WAIT_UNTIL (list_idle ());

  app_body ();

  if (store != NULL)
    gleaner_store_flush (store);

  /* Closing as the user does (close-request saves the size); the last window going away ends
   * g_application_run(). */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  gtk_window_close (GTK_WINDOW (window));
  WAIT_UNTIL (window == NULL);
}

/* Runs @body in a fresh instance of the application, inside g_application_run() as in real
 * life (so it registers, starts up, shuts down and unregisters properly), with its window up. */
void
with_app (void (*body) (void))
{
  app_body = body;
  app = gleaner_application_new ();
  /* Instances follow one another in this process; none should find another on the bus. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (app_activated_cb), NULL);

  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);

  g_object_add_weak_pointer (G_OBJECT (app), (gpointer *)&app);
  g_object_unref (app);
  WAIT_UNTIL (app == NULL);
  drain ();
}

void
refresh (void)
{
  const char *toast = gleaner_window_get_last_toast (window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL));
  g_assert_true (gleaner_sync_get_running (sync_ ()));
  WAIT_UNTIL (!gleaner_sync_get_running (sync_ ()));
  /* The window's callback (a toast, or the error page) and the list's re-query come after
   * "running" drops. */
  WAIT_UNTIL (gleaner_window_get_last_toast (window) != toast ||
              g_strcmp0 (gleaner_window_get_view_state (window), "error") == 0);
  gleaner_store_flush (gleaner_application_get_store (app));
  WAIT_UNTIL (list_idle ());
}

static gboolean
item_is_read (guint position)
{
  g_autoptr(GleanerPaper) paper = g_list_model_get_item (model (), position);

  return paper != NULL && *gleaner_paper_get_id (paper) != '\0';
}

GleanerPaper *
item (guint position)
{
  GleanerPaper *paper;

  /* A row the window's list has not read yet is a placeholder (no id) until its worker has
   * read it: wait for the paper. */
  WAIT_UNTIL (item_is_read (position));
  paper = g_list_model_get_item (model (), position);
  g_assert_nonnull (paper);
  /* The model keeps it in its cache; the test holds it no longer than that. */
  g_object_unref (paper);
  return paper;
}

void
select_position (guint position)
{
  gtk_single_selection_set_selected (gleaner_window_get_selection (window), position);
  drain ();
  /* A row not read yet is selected as a placeholder; the window selects its paper once the
   * list's worker has read it. */
  WAIT_UNTIL (item_is_read (position) &&
              gtk_single_selection_get_selected_item (gleaner_window_get_selection (window)) != NULL &&
              !gleaner_paper_list_is_placeholder (
                gtk_single_selection_get_selected_item (gleaner_window_get_selection (window))));
  drain ();
}

GleanerPaper *
selected (void)
{
  return gtk_single_selection_get_selected_item (gleaner_window_get_selection (window));
}

void
set_search (const char *text)
{
  gtk_editable_set_text (gleaner_window_get_search_entry (window), text);
  /* The list queries as the text changes (not after the entry's typing delay). */
  WAIT_UNTIL (g_strcmp0 (gleaner_paper_list_get_search (GLEANER_PAPER_LIST (model ())), text) == 0 ||
              (*text == '\0' && gleaner_paper_list_get_search (GLEANER_PAPER_LIST (model ())) == NULL));
  WAIT_UNTIL (list_idle ());
  drain ();
}

static void
add_saved_search_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  gint64 *id = user_data;
  g_autoptr(GError) error = NULL;

  *id = gleaner_store_add_saved_search_finish (GLEANER_STORE (object), result, &error);
  g_assert_no_error (error);
}

/* Fills this test's database as a first sync would (the 292 papers of the recorded pages,
 * and Hugging Face's trending order), before the application starts; with @saved_search,
 * also the saved search "Params" for "parameter space". */
void
populate (gboolean saved_search)
{
  g_autofree char *path = gleaner_store_dup_default_path ();
  g_autoptr(GleanerStore) store = NULL;
  g_autoptr(GleanerSync) sync = NULL;
  g_autoptr(GleanerHfSource) source = NULL;
  g_autoptr(GleanerScheduler) scheduler = NULL;
  g_autoptr(GError) error = NULL;

  store = gleaner_store_new (path, &error);
  g_assert_no_error (error);
  sync = gleaner_sync_new (store);
  source = gleaner_hf_source_new (gleaner_test_server_get_url (fixture->server));
  gleaner_sync_add_source (sync, GLEANER_SOURCE (source));
  /* Through a scheduler, as the app's refresh does, so the time of this sync is stored too. */
  scheduler = gleaner_scheduler_new (sync, NULL);

  serve (SERVE_PAPERS);
  gleaner_scheduler_run_now (scheduler);
  WAIT_UNTIL (!gleaner_scheduler_get_running (scheduler));
  g_assert_null (gleaner_scheduler_get_last_error (scheduler));
  gleaner_store_flush (store);
  g_assert_cmpint (gleaner_store_count_papers (store, NULL), ==, 292);

  if (saved_search)
    {
      gint64 id = 0;

      gleaner_store_add_saved_search_async (store, "Params", "parameter space", GLEANER_FILTER_ALL,
                                            NULL, add_saved_search_cb, &id);
      WAIT_UNTIL (id != 0);
      gleaner_store_flush (store);
    }

  gleaner_test_server_clear_requests (fixture->server);
}

void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.gleaner.Gleaner");
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_assert_null (fixture);
  g_assert_null (app);
  g_assert_null (window);
  fixture = f;

  f->server = gleaner_test_server_new ();
  g_setenv ("GLEANER_HF_BASE_URL", gleaner_test_server_get_url (f->server), TRUE);
  f->read_ids = g_ptr_array_new_with_free_func (g_free);

  /* The memory backend outlives a test case: every key back to its default, then what these
   * tests depend on. Syncs run when a test refreshes, not whenever the app starts, and
   * nothing notifies (see the top of the file). */
  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
  g_settings_set_boolean (settings, "auto-sync", FALSE);
  g_settings_set_boolean (settings, "daily-digest", FALSE);
  g_settings_set_boolean (settings, "notify-saved-searches", FALSE);
}

void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_null (app);
  g_assert_null (window);

  g_clear_pointer (&f->server, gleaner_test_server_free);
  g_unsetenv ("GLEANER_HF_BASE_URL");
  g_clear_pointer (&f->read_ids, g_ptr_array_unref);
  g_clear_pointer (&f->starred_id, g_free);
  fixture = NULL;
}

int
window_test_run (int                    *argc,
                 char                 ***argv,
                 const GleanerTestCase  *cases,
                 guint                   n_cases)
{
  /* What is found in the system data directories is looked up first, before GTest points
   * them at empty ones: the settings schemas, the MIME database (which gdk-pixbuf needs to
   * load icons) and the icon theme. */
  g_settings_schema_source_get_default ();
  g_free (g_content_type_guess ("icon.svg", NULL, 0, NULL));
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "C.UTF-8");
  gtk_init ();
  adw_init ();
  gtk_icon_theme_get_for_display (gdk_display_get_default ());

  /* gtk_test_init() cannot ask g_test_init() to isolate directories: each test case gets its
   * own $HOME and XDG directories, so its own database. */
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_timeout_add (50, tick_cb, NULL);

  gleaner_test_add_shuffled (cases, n_cases, sizeof (Fixture),
                             (GTestFixtureFunc)fixture_setup, (GTestFixtureFunc)fixture_teardown);

  return g_test_run ();
}
