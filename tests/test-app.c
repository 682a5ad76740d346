/* test-app.c — Gleaner in the background, end to end: the real application under Xvfb, a real
 * SoupServer on the loopback, and a fake notification server on a private D-Bus. With the
 * window closed, a sync that brings papers matching a saved search sends one notification;
 * its default action opens the window on that search, its button marks the papers read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "gleaner-application.h"
#include "gleaner-background.h"
#include "gleaner-notifier.h"
#include "gleaner-paper-detail.h"
#include "gleaner-saved-search-list.h"
#include "gleaner-scheduler.h"
#include "gleaner-test-notifications.h"
#include "gleaner-test-server.h"
#include "gleaner-test-util.h"
#include "gleaner-window.h"

static GleanerTestServer        *server;
static GleanerTestNotifications *notifications;
static GleanerApplication       *app;
static char                     *tmp_dir;
static gboolean                  background_done;
static gint64                    search_id;

/* See gleaner-test-util.h: the main loop runs until @cond holds, with a guard. */
#define WAIT_UNTIL(cond) GLEANER_TEST_WAIT_UNTIL (cond)

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
serve_papers (void)
{
  GleanerTestResponse *r;

  gleaner_test_server_clear_responses (server);

  for (guint p = 0; p <= 2; p++)
    {
      g_autofree char *query = g_strdup_printf ("p=%u", p);
      g_autofree char *fixture = g_strdup_printf ("daily-papers-p%u.json", p);

      r = gleaner_test_server_add (server, "/api/daily_papers", query, 200);
      gleaner_test_response_set_fixture (r, fixture);
      if (p < 2)
        {
          g_autofree char *link = g_strdup_printf ("</api/daily_papers?p=%u>; rel=\"next\"", p + 1);
          gleaner_test_response_set_header (r, "Link", link);
        }
    }

  r = gleaner_test_server_add (server, "/api/daily_papers", "sort=trending", 200);
  gleaner_test_response_set_fixture (r, "trending.json");
  r = gleaner_test_server_add (server, "/api/papers/search", NULL, 200);
  gleaner_test_response_set_body (r, "application/json", "[]", -1);
}

static GleanerWindow *
active_window (void)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  return GLEANER_IS_WINDOW (window) ? GLEANER_WINDOW (window) : NULL;
}

/* A new instance of the application, not the only one on the bus. */
static void
new_app (void)
{
  app = gleaner_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
}

/* Drops the application and waits until it is gone, whatever it still had queued. */
static void
drop_app (void)
{
  g_object_add_weak_pointer (G_OBJECT (app), (gpointer *)&app);
  g_object_unref (app);
  WAIT_UNTIL (app == NULL);
}

static void
run_sync (void)
{
  GleanerScheduler *scheduler = gleaner_application_get_scheduler (app);

  g_assert_nonnull (scheduler);
  gleaner_scheduler_run_now (scheduler);
  g_assert_true (gleaner_scheduler_get_running (scheduler));
  WAIT_UNTIL (!gleaner_scheduler_get_running (scheduler));
  gleaner_store_flush (gleaner_application_get_store (app));
  g_assert_null (gleaner_scheduler_get_last_error (scheduler));
}

static void
add_search_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  search_id = gleaner_store_add_saved_search_finish (GLEANER_STORE (object), result, &error);
  g_assert_no_error (error);
}

static void
count_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  gint64 *count = user_data;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GError) error = NULL;

  counts = gleaner_store_count_unread_finish (GLEANER_STORE (object), result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts->len, ==, 1);
  *count = g_array_index (counts, gint64, 0);
}

/* Unread papers matching the saved search, counted by the store. */
static gint64
count_unread (void)
{
  GleanerStore *store = gleaner_application_get_store (app);
  g_autoptr(GPtrArray) searches = NULL;
  g_autoptr(GError) error = NULL;
  gint64 count = -1;

  gleaner_store_flush (store);
  searches = gleaner_store_list_saved_searches (store, &error);
  g_assert_no_error (error);
  gleaner_store_count_unread_async (store, searches, NULL, count_done_cb, &count);
  WAIT_UNTIL (count >= 0);

  return count;
}

static void
serve_one_more (void)
{
  GleanerTestResponse *r;

  serve_papers ();
  /* Added last, so it wins for today's first page. */
  r = gleaner_test_server_add (server, "/api/daily_papers", "p=0", 200);
  gleaner_test_response_set_body (r, "application/json",
    "[{\"paper\": {\"id\": \"2512.99999\", \"authors\": [{\"name\": \"Ada Abara\"}],"
    " \"publishedAt\": \"2025-12-01T00:00:00.000Z\","
    " \"title\": \"A Fresh Look at Parameter Space Symmetries\","
    " \"summary\": \"We study symmetries of the parameter space of networks.\", \"upvotes\": 3},"
    " \"publishedAt\": \"2025-12-01T00:00:00.000Z\", \"title\": \"A Fresh Look at Parameter Space Symmetries\","
    " \"numComments\": 0}]", -1);
}

static const char *
find_action_key (const GleanerTestNotify *call,
                 const char              *label)
{
  for (guint i = 0; call->actions[i] && call->actions[i + 1]; i += 2)
    if (g_strcmp0 (call->actions[i + 1], label) == 0)
      return call->actions[i];

  return NULL;
}

static gboolean
background_stage_cb (gpointer user_data)
{
  g_autofree char *autostart = gleaner_background_dup_autostart_path ();
  GSettings *settings = gleaner_application_get_settings (app);
  const GleanerTestNotify *call;
  const char *mark_key;
  GleanerWindow *window;
  GleanerPaper *paper;
  guint32 id;

  /* Still here with no window: run-in-background holds the application. */
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));

  /* A sync while the window is closed: one notification for the saved search's matches. */
  serve_papers ();
  run_sync ();
  g_assert_true (gleaner_test_notifications_wait_notify (notifications, 1));
  gleaner_test_notifications_sync (notifications);
  g_assert_cmpuint (gleaner_test_notifications_get_n_notify (notifications), ==, 1);

  call = gleaner_test_notifications_get_notify (notifications, 0);
  g_assert_true (g_str_has_suffix (call->summary, "match “Parameter Space”"));
  g_assert_true (strstr (call->body, "\n") != NULL || strlen (call->body) > 0);
  g_assert_nonnull (gleaner_test_notify_lookup_action (call, "default"));
  mark_key = find_action_key (call, "Mark as Read");
  g_assert_nonnull (mark_key);
  g_assert_cmpstr (gleaner_test_notify_lookup_hint_string (call, "desktop-entry"), ==, APP_ID);
  id = call->id;

  /* The same papers again: nothing new, nothing sent. */
  run_sync ();
  gleaner_test_notifications_sync (notifications);
  g_assert_cmpuint (gleaner_test_notifications_get_n_notify (notifications), ==, 1);

  /* "Mark as Read" marks the announced papers read (the server closes the notification, as
   * servers do after an action). */
  gleaner_test_notifications_invoke_action (notifications, id, mark_key);
  WAIT_UNTIL (count_unread () == 0);

  /* A later sync brings one more matching paper: one more notification, for it alone. */
  serve_one_more ();
  run_sync ();
  g_assert_true (gleaner_test_notifications_wait_notify (notifications, 2));
  call = gleaner_test_notifications_get_notify (notifications, 1);
  g_assert_cmpstr (call->summary, ==, "New paper matches “Parameter Space”");
  g_assert_cmpstr (call->body, ==, "A Fresh Look at Parameter Space Symmetries");

  /* Clicking it opens the window on that paper, read now. */
  gleaner_test_notifications_invoke_action (notifications, call->id, "default");
  WAIT_UNTIL ((window = active_window ()) != NULL);
  WAIT_UNTIL (gleaner_paper_detail_get_paper (gleaner_window_get_detail (window)) != NULL);
  paper = gleaner_paper_detail_get_paper (gleaner_window_get_detail (window));
  g_assert_cmpstr (gleaner_paper_get_id (paper), ==, "2512.99999");
  /* Asked of what the pane shows each time: when the list reloads after the store's changes
   * (the read flag's own write among them), the pane may be handed a fresh object for the
   * same paper, and the one read first never hears of it. */
  WAIT_UNTIL ((paper = gleaner_paper_detail_get_paper (gleaner_window_get_detail (window))) != NULL &&
              gleaner_paper_get_read (paper));
  g_assert_cmpstr (gleaner_paper_get_id (paper), ==, "2512.99999");

  /* A notification for several papers opens the saved search (what the other action does). */
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-search",
                                  g_variant_new_int64 (search_id));
  WAIT_UNTIL (gleaner_window_get_active_saved_search (window) == search_id);
  g_assert_cmpstr (gtk_editable_get_text (gleaner_window_get_search_entry (window)), ==,
                   "parameter space");

  /* Off again: the autostart entry goes, and closing the window ends the application. */
  g_settings_set_boolean (settings, "run-in-background", FALSE);
  WAIT_UNTIL (!g_file_test (autostart, G_FILE_TEST_EXISTS));

  background_done = TRUE;
  gtk_window_close (GTK_WINDOW (window));

  return G_SOURCE_REMOVE;
}

static void
app_activated_cb (GApplication *application,
                  gpointer      user_data)
{
  g_autofree char *autostart = gleaner_background_dup_autostart_path ();
  GSettings *settings = gleaner_application_get_settings (app);
  GleanerStore *store = gleaner_application_get_store (app);
  GleanerWindow *window = active_window ();

  g_assert_nonnull (window);
  g_assert_nonnull (store);

  gleaner_store_add_saved_search_async (store, "Parameter Space", "parameter space",
                                        GLEANER_FILTER_ALL, NULL, add_search_done_cb, NULL);
  WAIT_UNTIL (search_id != 0);

  /* Outside a sandbox, turning it on writes the login autostart entry. */
  g_settings_set_boolean (settings, "run-in-background", TRUE);
  WAIT_UNTIL (g_file_test (autostart, G_FILE_TEST_EXISTS));

  /* Close the window; the rest runs from the main loop, which ends here unless the
   * application holds itself. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  gtk_window_close (GTK_WINDOW (window));
  WAIT_UNTIL (window == NULL);
  g_idle_add (background_stage_cb, NULL);
}

static void
test_background_notification (void)
{
  new_app ();
  g_signal_connect_after (app, "activate", G_CALLBACK (app_activated_cb), NULL);

  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_assert_true (background_done);

  gleaner_test_notifications_close_all (notifications);
  drop_app ();
}

/* The first window comes after GTK's start-up idles, and with the resources the application
 * sets up itself. Adding the application's icons drops the icon theme GTK loaded and restyles
 * every widget from an idle at GTK_PRIORITY_RESIZE - 2; a window built before that idle ran
 * was measured and painted twice. */
static gboolean startup_idle_ran;
static gboolean startup_idle_saw_window;
static gboolean window_saw_idle_pending;

static gboolean
startup_idle_cb (gpointer user_data)
{
  startup_idle_ran = TRUE;
  startup_idle_saw_window = gtk_application_get_windows (GTK_APPLICATION (app)) != NULL;

  return G_SOURCE_REMOVE;
}

/* Stands in for a start-up's busy main loop (X events, the store's answers): ready at every
 * iteration for half a second, so no idle of a lower priority runs meanwhile, while the
 * store's answers still come. It ends early once a window came, unless it is to quit when it
 * ends. */
typedef struct
{
  gint64   until;
  gboolean quit;
} Busy;

static gboolean
busy_cb (gpointer user_data)
{
  Busy *busy = user_data;

  if (g_get_monotonic_time () < busy->until &&
      (busy->quit || gtk_application_get_windows (GTK_APPLICATION (app)) == NULL))
    return G_SOURCE_CONTINUE;

  if (busy->quit)
    g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
start_busy (gboolean quit)
{
  static Busy busy;

  busy.until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  busy.quit = quit;
  g_idle_add_full (G_PRIORITY_DEFAULT, busy_cb, &busy, NULL);
}

static void
order_startup_cb (GApplication *application,
                  gpointer      user_data)
{
  /* As GtkIconTheme queues its change, at the end of start-up. */
  g_idle_add_full (GTK_PRIORITY_RESIZE - 2, startup_idle_cb, NULL, NULL);
  start_busy (FALSE);
}

static void
order_window_added_cb (GtkApplication *application,
                       GtkWindow      *window,
                       gpointer        user_data)
{
  window_saw_idle_pending = !startup_idle_ran;
}

/* The resources the application sets up itself, having no resource base path: its icons in
 * the icon theme, its style sheet on the display. */
static void
assert_display_resources (void)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  GtkWidget *dot = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0));
  int width = 0;

  g_assert_null (g_application_get_resource_base_path (G_APPLICATION (app)));
  g_assert_true (gtk_icon_theme_has_icon (theme, "gleaner-upvote-symbolic"));
  g_assert_true (gtk_icon_theme_has_icon (theme, "gleaner-process-working-symbolic"));
  /* style.css gives the unread dot its size. */
  gtk_widget_add_css_class (dot, "unread-dot");
  gtk_widget_measure (dot, GTK_ORIENTATION_HORIZONTAL, -1, &width, NULL, NULL, NULL);
  g_assert_cmpint (width, ==, 8);
  g_object_unref (dot);
}

static void
order_activated_cb (GApplication *application,
                    gpointer      user_data)
{
  WAIT_UNTIL (active_window () != NULL);
  assert_display_resources ();
  /* As the user quits: the windows close first, and the application lets go of them. */
  g_action_group_activate_action (G_ACTION_GROUP (application), "quit", NULL);
}

static void
test_window_after_startup_idles (void)
{
  new_app ();
  /* The store is open before start-up ends, as after a quick open on a fast disk: the
   * window would otherwise come from the first callbacks of the main loop. */
  g_assert_nonnull (gleaner_application_get_store (app));
  g_signal_connect_after (app, "startup", G_CALLBACK (order_startup_cb), NULL);
  g_signal_connect (app, "window-added", G_CALLBACK (order_window_added_cb), NULL);
  g_signal_connect_after (app, "activate", G_CALLBACK (order_activated_cb), NULL);

  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);

  g_assert_true (startup_idle_ran);
  g_assert_false (startup_idle_saw_window);
  g_assert_false (window_saw_idle_pending);

  drop_app ();
}

/* Quit before the first window came (its idle is queued, not run): no window, and the
 * application still goes away whole. */
static gboolean window_added_after_quit;

static void
quit_startup_cb (GApplication *application,
                 gpointer      user_data)
{
  /* The first window's idle waits behind the busy loop; the quit comes first. */
  start_busy (TRUE);
}

static void
quit_window_added_cb (GtkApplication *application,
                      GtkWindow      *window,
                      gpointer        user_data)
{
  window_added_after_quit = TRUE;
}

static void
test_quit_before_first_window (void)
{
  new_app ();
  g_assert_nonnull (gleaner_application_get_store (app));
  g_signal_connect_after (app, "startup", G_CALLBACK (quit_startup_cb), NULL);
  g_signal_connect (app, "window-added", G_CALLBACK (quit_window_added_cb), NULL);

  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);

  drop_app ();
  g_assert_false (window_added_after_quit);
}

static gboolean quit_done;

static gboolean
quit_stage_cb (gpointer user_data)
{
  GleanerScheduler *scheduler = gleaner_application_get_scheduler (app);
  GleanerTestResponse *r;
  guint n_requests;

  /* A sync that is busy fetching (the server trickles an endless body)… */
  gleaner_test_server_clear_responses (server);
  r = gleaner_test_server_add (server, "/api/daily_papers", NULL, 200);
  gleaner_test_response_set_fault (r, GLEANER_TEST_FAULT_ENDLESS, 50);
  n_requests = gleaner_test_server_get_n_requests (server);
  gleaner_scheduler_run_now (scheduler);
  WAIT_UNTIL (gleaner_test_server_get_n_requests (server) > n_requests);
  g_assert_true (gleaner_scheduler_get_running (scheduler));

  /* …ends with the application: Quit stops it, and g_application_run() returns. */
  quit_done = TRUE;
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);

  return G_SOURCE_REMOVE;
}

static void
quit_activated_cb (GApplication *application,
                   gpointer      user_data)
{
  g_idle_add (quit_stage_cb, NULL);
}

static void
test_quit_cancels_sync (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  new_app ();
  g_signal_connect_after (app, "activate", G_CALLBACK (quit_activated_cb), NULL);

  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_assert_true (quit_done);

  /* The cancelled run is not a failure, and the database is whole, stars and all. */
  path = g_strdup (gleaner_store_get_path (gleaner_application_get_store (app)));
  gleaner_test_notifications_close_all (notifications);
  drop_app ();

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = 'sync-last-error'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    g_assert_true (sqlite3_column_text (stmt, 0) == NULL || *sqlite3_column_text (stmt, 0) == '\0');
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  g_autofree char *config_home = NULL;
  g_autofree char *display = NULL;
  int ret;

  tmp_dir = g_dir_make_tmp ("gleaner-test-app-XXXXXX", NULL);
  data_home = g_build_filename (tmp_dir, "data", NULL);
  config_home = g_build_filename (tmp_dir, "config", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  g_setenv ("GNOTIFICATION_BACKEND", "freedesktop", TRUE);
  g_setenv ("GTK_USE_PORTAL", "0", TRUE);

  /* The private bus first: the application registers on it. GTestDBus unsets DISPLAY (so
   * nothing autolaunches a bus over X11); the window still needs it. */
  display = g_strdup (g_getenv ("DISPLAY"));
  notifications = gleaner_test_notifications_new ();
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  server = gleaner_test_server_new ();
  g_setenv ("GLEANER_HF_BASE_URL", gleaner_test_server_get_url (server), TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  {
    g_autoptr(GSettings) settings = g_settings_new ("io.github.gleaner.Gleaner");

    /* The test decides when syncs run. */
    g_settings_set_boolean (settings, "auto-sync", FALSE);
    g_settings_set_boolean (settings, "daily-digest", FALSE);
  }

  g_timeout_add (50, tick_cb, NULL);

  gleaner_test_add_func ("/app/background-notification", test_background_notification);
  gleaner_test_add_func ("/app/quit-cancels-sync", test_quit_cancels_sync);
  gleaner_test_add_func ("/app/window-after-startup-idles", test_window_after_startup_idles);
  gleaner_test_add_func ("/app/quit-before-first-window", test_quit_before_first_window);

  gleaner_test_add_queued ();

  ret = g_test_run ();

  gleaner_test_server_free (server);
  /* Not gleaner_test_notifications_free(): GTK keeps the session connection (for its
   * settings portal) until exit, so g_test_dbus_down() would wait for it in vain. The private
   * bus goes when this process does. */
  gleaner_test_remove_tree (tmp_dir);
  g_free (tmp_dir);

  return ret;
}
