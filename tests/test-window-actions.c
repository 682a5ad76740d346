/* test-window-actions.c — the main window, driven for real under Xvfb: its preferences
 * (addresses, the days to backfill), BibTeX copied and exported, saved searches (the dialog,
 * Enter, saving one again) and the actions the notifications start.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test case stands alone (see gleaner-test-window-util.h, which runs the application).
 * The cases are registered in an order drawn from GTest's seed (see gleaner-test-util.h).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "gleaner-application.h"
#include "gleaner-hf-source.h"
#include "gleaner-paper-detail.h"
#include "gleaner-paper-list.h"
#include "gleaner-paper-row.h"
#include "gleaner-list-pane.h"
#include "gleaner-preferences-window.h"
#include "gleaner-saved-search-dialog.h"
#include "gleaner-saved-search-list.h"
#include "gleaner-text.h"
#include "gleaner-notifier.h"
#include "gleaner-scheduler.h"
#include "gleaner-test-server.h"
#include "gleaner-test-util.h"
#include "gleaner-test-window-util.h"
#include "gleaner-tooltip.h"
#include "gleaner-window.h"

/* ------------------------------------------------------------------------------------------ */
/* Preferences, backfill, BibTeX */

static gpointer
prefs_child (GtkWidget  *prefs,
             const char *name)
{
  GObject *child = gtk_widget_get_template_child (prefs, GLEANER_TYPE_PREFERENCES_WINDOW, name);

  g_assert_nonnull (child);
  return child;
}

/* Enter in an address entry applies it. */
static void
apply_entry_row (GtkEntry   *row,
                 const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "activate");
  drain ();
}

static void
preferences_body (void)
{
  GSettings *settings = gleaner_application_get_settings (app);
  GtkWidget *prefs;
  GtkSpinButton *interval_spin, *backfill_spin;
  GtkSwitch *background_switch, *saved_switch, *digest_switch;
  GtkSpinButton *hour_spin, *minute_spin;
  GtkWidget *time_row;
  GtkEntry *url_row;
  g_autofree char *url = NULL;
  g_autofree char *mirror = NULL;
  g_autoptr(GDateTime) morning = g_date_time_new_utc (2026, 1, 5, 6, 0, 0);

  /* The digest is on here (its switch is under test): a fixed morning before its time, so
   * it is not due while the test runs, whatever the hour. */
  gleaner_notifier_set_now (gleaner_application_get_notifier (app), morning);

  g_assert_null (gleaner_application_get_preferences_window (app));
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  prefs = gleaner_application_get_preferences_window (app);
  g_assert_true (GLEANER_IS_PREFERENCES_WINDOW (prefs));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (prefs)) == GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (prefs));

  /* A second activation presents the same window. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  g_assert_true (gleaner_application_get_preferences_window (app) == prefs);

  interval_spin = prefs_child (prefs, "sync_interval_spin");
  backfill_spin = prefs_child (prefs, "backfill_spin");
  background_switch = prefs_child (prefs, "background_switch");
  saved_switch = prefs_child (prefs, "saved_searches_switch");
  digest_switch = prefs_child (prefs, "digest_switch");
  hour_spin = prefs_child (prefs, "digest_hour_spin");
  minute_spin = prefs_child (prefs, "digest_minute_spin");
  time_row = gtk_widget_get_ancestor (GTK_WIDGET (hour_spin), ADW_TYPE_ACTION_ROW);
  url_row = prefs_child (prefs, "hf_url_entry");

  /* The widgets show the settings … */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (interval_spin), ==, 60);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (backfill_spin), ==, 7);
  g_assert_false (gtk_switch_get_active (background_switch));
  g_assert_true (gtk_switch_get_active (saved_switch));
  g_assert_true (gtk_switch_get_active (digest_switch));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (hour_spin), ==, 8);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (minute_spin), ==, 0);
  /* Two digits each, as a time of day reads. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (hour_spin)), ==, "08");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (minute_spin)), ==, "00");
  url = g_settings_get_string (settings, "hf-base-url");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (url_row)), ==, url);

  /* … follow them … */
  g_settings_set_uint (settings, "sync-interval", 120);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (interval_spin), ==, 120);
  g_settings_set_boolean (settings, "daily-digest", FALSE);
  g_assert_false (gtk_switch_get_active (digest_switch));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (time_row)));
  g_settings_set_string (settings, "daily-digest-time", "21:15");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (hour_spin), ==, 21);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (minute_spin), ==, 15);
  /* Following the setting writes nothing back. */
  g_assert_cmpstr (g_settings_get_string (settings, "daily-digest-time"), ==, "21:15");

  /* … and change them. */
  gtk_spin_button_set_value (interval_spin, 45);
  g_assert_cmpuint (g_settings_get_uint (settings, "sync-interval"), ==, 45);
  gtk_switch_set_active (background_switch, TRUE);
  g_assert_true (g_settings_get_boolean (settings, "run-in-background"));
  gtk_switch_set_active (saved_switch, FALSE);
  g_assert_false (g_settings_get_boolean (settings, "notify-saved-searches"));
  gtk_switch_set_active (digest_switch, TRUE);
  g_assert_true (g_settings_get_boolean (settings, "daily-digest"));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (time_row)));

  /* The spin buttons keep to the schema's ranges. */
  gtk_spin_button_set_value (interval_spin, 5);
  g_assert_cmpuint (g_settings_get_uint (settings, "sync-interval"), ==, 15);

  /* Backfill days reach the sync. */
  g_assert_cmpuint (gleaner_hf_source_get_backfill_days (hf_source_ ()), ==, 7);
  gtk_spin_button_set_value (backfill_spin, 3);
  g_assert_cmpuint (g_settings_get_uint (settings, "backfill-days"), ==, 3);
  g_assert_cmpuint (gleaner_hf_source_get_backfill_days (hf_source_ ()), ==, 3);

  /* The spin buttons write the schema's "HH:MM" string. */
  gtk_spin_button_set_value (minute_spin, 30);
  g_assert_cmpstr (g_settings_get_string (settings, "daily-digest-time"), ==, "21:30");
  gtk_spin_button_set_value (hour_spin, 7);
  g_assert_cmpstr (g_settings_get_string (settings, "daily-digest-time"), ==, "07:30");
  /* Down from midnight wraps to 23 h, as a clock does. */
  gtk_spin_button_set_value (hour_spin, 0);
  g_assert_cmpstr (g_settings_get_string (settings, "daily-digest-time"), ==, "00:30");
  gtk_spin_button_spin (hour_spin, GTK_SPIN_STEP_BACKWARD, 1);
  g_assert_cmpstr (g_settings_get_string (settings, "daily-digest-time"), ==, "23:30");

  /* Only http(s) addresses are accepted for Hugging Face. */
  apply_entry_row (url_row, "ftp://example.org");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (url_row), "error"));
  g_assert_cmpstr (g_settings_get_string (settings, "hf-base-url"), ==, url);
  apply_entry_row (url_row, "not a url");
  g_assert_cmpstr (g_settings_get_string (settings, "hf-base-url"), ==, url);
  gtk_editable_set_text (GTK_EDITABLE (url_row), "https://mirror.example.org");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (url_row), "error"));
  /* Typing alone stores nothing. */
  g_assert_cmpstr (g_settings_get_string (settings, "hf-base-url"), ==, url);
  g_signal_emit_by_name (url_row, "activate");
  g_assert_cmpstr (g_settings_get_string (settings, "hf-base-url"), ==, "https://mirror.example.org");

  /* $GLEANER_HF_BASE_URL wins over the setting; without it the next sync uses the setting. */
  g_assert_cmpstr (gleaner_hf_source_get_base_url (hf_source_ ()), ==, gleaner_test_server_get_url (fixture->server));
  g_unsetenv ("GLEANER_HF_BASE_URL");
  mirror = g_strconcat (gleaner_test_server_get_url (fixture->server), "/mirror", NULL);
  apply_entry_row (url_row, mirror);
  g_assert_cmpstr (gleaner_hf_source_get_base_url (hf_source_ ()), ==, mirror);
  g_setenv ("GLEANER_HF_BASE_URL", gleaner_test_server_get_url (fixture->server), TRUE);
  g_settings_reset (settings, "hf-base-url");
  g_assert_cmpstr (gleaner_hf_source_get_base_url (hf_source_ ()), ==, gleaner_test_server_get_url (fixture->server));

  gtk_window_close (GTK_WINDOW (prefs));
  WAIT_UNTIL (gleaner_application_get_preferences_window (app) == NULL);

  {
    static const char * const keys[] = {
      "sync-interval", "run-in-background", "notify-saved-searches", "daily-digest",
      "daily-digest-time", "backfill-days", "hf-base-url",
    };

    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      g_settings_reset (settings, keys[i]);
  }
}

static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.gleaner.Gleaner");

  /* The widgets are checked against the defaults, notifications included. */
  g_settings_reset (settings, "notify-saved-searches");
  g_settings_reset (settings, "daily-digest");
  with_app (preferences_body);
}

static void
backfill_days_body (void)
{
  GSettings *settings = gleaner_application_get_settings (app);
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "gleaner", "backfill-test.db", NULL);
  g_autoptr(GleanerStore) store = NULL;
  g_autoptr(GleanerSync) sync = NULL;
  g_autoptr(GleanerHfSource) source = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2025, 2, 10, 18, 0, 0);
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GHashTable) dates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;

  /* The setting reaches the application's sync … */
  g_settings_set_uint (settings, "backfill-days", 4);
  g_assert_cmpuint (gleaner_hf_source_get_backfill_days (hf_source_ ()), ==, 4);
  g_settings_reset (settings, "backfill-days");
  g_assert_cmpuint (gleaner_hf_source_get_backfill_days (hf_source_ ()), ==, 7);

  /* … and a first run (an empty database) asks for that many days, no more. */
  store = gleaner_store_new (path, &error);
  g_assert_no_error (error);
  source = gleaner_hf_source_new (gleaner_test_server_get_url (fixture->server));
  gleaner_hf_source_set_backfill_days (source, 3);
  sync = gleaner_sync_new (store);
  gleaner_sync_add_source (sync, GLEANER_SOURCE (source));
  gleaner_sync_set_now (sync, now);

  serve (SERVE_PAPERS);
  gleaner_test_server_clear_requests (fixture->server);
  gleaner_sync_run_async (sync, NULL, NULL, NULL);
  g_assert_true (gleaner_sync_get_running (sync));
  WAIT_UNTIL (!gleaner_sync_get_running (sync));

  requests = gleaner_test_server_dup_requests (fixture->server);
  for (guint i = 0; i < requests->len; i++)
    {
      GleanerTestRequest *request = g_ptr_array_index (requests, i);
      g_autoptr(GHashTable) params = g_uri_parse_params (request->query, -1, "&", G_URI_PARAMS_NONE, NULL);

      g_assert_nonnull (params);
      /* The trending list has no day. */
      if (g_hash_table_contains (params, "sort"))
        continue;
      g_hash_table_add (dates, g_strdup (g_hash_table_lookup (params, "date")));
    }

  expected = gleaner_hf_source_list_days_full (now, NULL, 3);
  g_assert_cmpuint (expected->len, ==, 3);
  g_assert_cmpuint (g_hash_table_size (dates), ==, 3);
  for (guint i = 0; i < expected->len; i++)
    g_assert_true (g_hash_table_contains (dates, g_ptr_array_index (expected, i)));

  gleaner_store_flush (store);
}

static void
test_backfill_days (Fixture       *f,
                   gconstpointer  data)
{
  with_app (backfill_days_body);
}

/* Every tooltip given with gleaner_widget_set_tooltip() under @widget, "text" → its widget;
 * and whether any widget outside the detail pane has a tooltip text GTK would set ahead. */
static void
collect_tooltips (GtkWidget  *widget,
                  GHashTable *lazy,
                  gboolean   *eager)
{
  /* A search entry's clear icon gets GTK's own. */
  if (GTK_IS_SEARCH_ENTRY (widget))
    return;

  if (gtk_widget_get_tooltip_text (widget) != NULL)
    {
      g_test_message ("tooltip text set ahead on a %s: %s", G_OBJECT_TYPE_NAME (widget),
                      gtk_widget_get_tooltip_text (widget));
      *eager = TRUE;
    }
  if (gleaner_widget_get_tooltip (widget) != NULL)
    g_hash_table_insert (lazy, g_strdup (gleaner_widget_get_tooltip (widget)), widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_tooltips (child, lazy, eager);
}

/* GTK 4.8 asks the X server where the pointer is for every tooltip text set on a visible
 * widget: the window's are given when asked for (see gleaner-tooltip.c), and still follow
 * what the buttons do. */
static void
tooltips_body (void)
{
  static const char * const expected[] = {
    "Refresh", "Saved Searches", "Main Menu", "Filter and Sort", "Search", "Back", "Star",
    "Paper Menu",
  };
  g_autoptr(GHashTable) lazy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean eager = FALSE;
  GtkWidget *star;

  collect_tooltips (GTK_WIDGET (window), lazy, &eager);
  g_assert_false (eager);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      GtkWidget *widget = g_hash_table_lookup (lazy, expected[i]);

      g_assert_nonnull (widget);
      g_assert_true (gtk_widget_get_has_tooltip (widget));
    }

  star = g_hash_table_lookup (lazy, "Star");
  select_position (0);
  g_assert_false (gleaner_paper_get_starred (selected ()));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-star", NULL));
  WAIT_UNTIL (g_strcmp0 (gleaner_widget_get_tooltip (star), "Unstar") == 0);
  g_assert_true (gtk_widget_get_has_tooltip (star));
  g_assert_null (gtk_widget_get_tooltip_text (star));

  /* The paper shown: its links' tooltips (their addresses) are given when asked for too. */
  {
    GHashTableIter iter;
    const char *text;
    guint links = 0;

    g_hash_table_remove_all (lazy);
    collect_tooltips (GTK_WIDGET (window), lazy, &eager);
    g_assert_false (eager);
    g_hash_table_iter_init (&iter, lazy);
    while (g_hash_table_iter_next (&iter, (gpointer *)&text, NULL))
      links += g_str_has_prefix (text, "https://");
    g_assert_cmpuint (links, >=, 2);
  }

  gleaner_widget_set_tooltip (star, "");
  g_assert_false (gtk_widget_get_has_tooltip (star));
  g_assert_null (gleaner_widget_get_tooltip (star));
}

static void
test_tooltips (Fixture       *f,
               gconstpointer  data)
{
  populate (FALSE);
  with_app (tooltips_body);
}

static void
clipboard_text_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  g_assert_no_error (error);
}

static void
copy_bibtex_body (void)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  g_autofree char *text = NULL;
  g_autofree char *key = NULL;
  GleanerPaper *paper;

  select_position (5);
  paper = selected ();
  g_assert_nonnull (paper);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-bibtex", NULL));
  g_assert_cmpstr (gleaner_window_get_last_toast (window), ==, "BibTeX copied");

  gdk_clipboard_read_text_async (clipboard, NULL, clipboard_text_cb, &text);
  WAIT_UNTIL (text != NULL);
  g_assert_true (g_str_has_prefix (text, "@misc{"));
  g_assert_nonnull (strstr (text, gleaner_paper_get_id (paper)));
}

static void
test_copy_bibtex (Fixture       *f,
                 gconstpointer  data)
{
  populate (FALSE);
  with_app (copy_bibtex_body);
}

static void
export_bibtex_body (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "gleaner", "export.bib", NULL);
  g_autofree char *bad_path = g_build_filename (g_get_user_data_dir (), "no-such-dir", "export.bib", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad_path);
  g_autoptr(GPtrArray) starred = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *expected_toast = NULL;
  const char *toast;

  /* Two starred papers to export. */
  for (guint pos = 5; pos <= 6; pos++)
    {
      select_position (pos);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-star", NULL));
    }
  gleaner_store_flush (gleaner_application_get_store (app));

  starred = gleaner_store_list_starred (gleaner_application_get_store (app), NULL);
  g_assert_nonnull (starred);
  g_assert_cmpuint (starred->len, >, 0);

  toast = gleaner_window_get_last_toast (window);
  gleaner_window_export_bibtex (window, file);
  WAIT_UNTIL (gleaner_window_get_last_toast (window) != toast);

  expected_toast = g_strdup_printf (starred->len == 1 ? "Exported %u paper" : "Exported %u papers",
                                    starred->len);
  g_assert_cmpstr (gleaner_window_get_last_toast (window), ==, expected_toast);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "@misc{"));
  for (guint i = 0; i < starred->len; i++)
    g_assert_nonnull (strstr (contents, gleaner_paper_get_id (g_ptr_array_index (starred, i))));

  /* A failure says why. */
  toast = gleaner_window_get_last_toast (window);
  gleaner_window_export_bibtex (window, bad_file);
  WAIT_UNTIL (gleaner_window_get_last_toast (window) != toast);
  g_assert_false (g_str_has_prefix (gleaner_window_get_last_toast (window), "Exported"));
  g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));
}

static void
test_export_bibtex (Fixture       *f,
                   gconstpointer  data)
{
  populate (FALSE);
  with_app (export_bibtex_body);
}


static GleanerSavedSearchDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (GLEANER_IS_SAVED_SEARCH_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return GLEANER_SAVED_SEARCH_DIALOG (toplevel);
    }

  return NULL;
}

/* What a click on a response button does: the response, then the dialog goes. */
static void
respond (GleanerSavedSearchDialog *dialog,
         const char               *response)
{
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  drain ();
}

static gint64
unread_in_list (void)
{
  gint64 n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model ()); i++)
    n += !gleaner_paper_get_read (item (i));

  return n;
}

static GleanerSavedSearch *
saved_search (guint position)
{
  GleanerSavedSearch *search = g_list_model_get_item (gleaner_window_get_saved_searches (window), position);

  g_assert_nonnull (search);
  g_object_unref (search);  /* the list keeps it */
  return search;
}

/* The saved-search popover is built when it first opens, not with the window. */
static GtkListBox *
open_saved_searches (void)
{
  GleanerSavedSearchesButton *button = gleaner_window_get_saved_searches_button (window);
  GtkMenuButton *menu_button = GTK_MENU_BUTTON (adw_bin_get_child (ADW_BIN (button)));

  g_assert_null (gtk_menu_button_get_popover (menu_button));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (menu_button)));
  gtk_menu_button_popup (menu_button);
  g_assert_nonnull (gtk_menu_button_get_popover (menu_button));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (menu_button))));
  gtk_menu_button_popdown (menu_button);

  return gleaner_saved_searches_button_get_list_box (button);
}

static void
saved_searches_body (void)
{
  GListModel *searches = gleaner_window_get_saved_searches (window);
  GtkListBox *list_box = open_saved_searches ();
  GleanerSavedSearchDialog *dialog;
  GleanerSavedSearch *search;
  GtkListBoxRow *row;
  GtkWidget *label;
  gint64 id, unread;
  guint first_unread = G_MAXUINT;
  const char *toast;

  serve (SERVE_PAPERS);
  refresh ();
  g_assert_cmpuint (g_list_model_get_n_items (searches), ==, 0);

  /* With no words and no filter there is nothing worth saving. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save-search", NULL);
  drain ();
  g_assert_null (find_dialog ());

  /* Save the current search under a name (markup in it stays text). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  set_search ("parameter space");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save-search", NULL));
  WAIT_UNTIL ((dialog = find_dialog ()) != NULL);
  g_assert_cmpstr (gtk_editable_get_text (gleaner_saved_search_dialog_get_name_entry (dialog)), ==,
                   "parameter space");
  gtk_editable_set_text (gleaner_saved_search_dialog_get_name_entry (dialog), "<b>PS</b> & co");
  respond (dialog, GLEANER_SAVED_SEARCH_RESPONSE_SAVE);
  WAIT_UNTIL (g_list_model_get_n_items (searches) == 1);
  search = saved_search (0);
  id = gleaner_saved_search_get_id (search);
  g_assert_cmpstr (gleaner_saved_search_get_name (search), ==, "<b>PS</b> & co");
  g_assert_cmpstr (gleaner_saved_search_get_query (search), ==, "parameter space");
  g_assert_true (gleaner_saved_search_get_notify (search));
  WAIT_UNTIL (gleaner_window_get_active_saved_search (window) == id);
  g_assert_cmpstr (gleaner_window_get_list_title (window), ==, "<b>PS</b> & co");

  /* Its row shows the name literally, and the unread count of its matches. */
  row = gtk_list_box_get_row_at_index (list_box, 0);
  g_assert_nonnull (row);
  label = gtk_widget_get_first_child (gtk_list_box_row_get_child (row));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "<b>PS</b> & co");
  g_assert_false (gtk_label_get_use_markup (GTK_LABEL (label)));
  WAIT_UNTIL (list_idle ());
  unread = unread_in_list ();
  g_assert_cmpint (unread, >, 1);
  WAIT_UNTIL (gleaner_saved_search_get_unread_count (search) == unread);

  /* Other words: no longer the saved search, and it can be saved itself. */
  set_search ("parameter spaces of");
  g_assert_cmpint (gleaner_window_get_active_saved_search (window), ==, 0);
  g_assert_cmpstr (gleaner_window_get_list_title (window), ==, "Gleaner");

  /* Leaving search, then picking the saved search, shows it again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.escape", NULL));
  WAIT_UNTIL (gleaner_paper_list_get_search (GLEANER_PAPER_LIST (model ())) == NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.apply-saved-search", "x", id));
  WAIT_UNTIL (g_strcmp0 (gleaner_paper_list_get_search (GLEANER_PAPER_LIST (model ())), "parameter space") == 0);
  WAIT_UNTIL (list_idle ());
  g_assert_cmpint (gleaner_window_get_active_saved_search (window), ==, id);
  g_assert_cmpuint (g_list_model_get_n_items (model ()), ==, unread_in_list () + (g_list_model_get_n_items (model ()) - unread));

  /* Reading one of its papers lowers its count. */
  for (guint i = 0; i < g_list_model_get_n_items (model ()) && first_unread == G_MAXUINT; i++)
    if (!gleaner_paper_get_read (item (i)))
      first_unread = i;
  g_assert_cmpuint (first_unread, !=, G_MAXUINT);
  select_position (first_unread);
  WAIT_UNTIL (gleaner_saved_search_get_unread_count (search) == unread - 1);

  /* Rename and mute it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-saved-search", "x", id));
  WAIT_UNTIL ((dialog = find_dialog ()) != NULL);
  g_assert_cmpstr (gtk_editable_get_text (gleaner_saved_search_dialog_get_name_entry (dialog)), ==,
                   "<b>PS</b> & co");
  gtk_editable_set_text (gleaner_saved_search_dialog_get_name_entry (dialog), "  Params  ");
  respond (dialog, GLEANER_SAVED_SEARCH_RESPONSE_SAVE);
  WAIT_UNTIL (g_strcmp0 (gleaner_saved_search_get_name (saved_search (0)), "Params") == 0);
  WAIT_UNTIL (g_strcmp0 (gleaner_window_get_list_title (window), "Params") == 0);

  /* An empty name cannot be saved. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-saved-search", "x", id));
  WAIT_UNTIL ((dialog = find_dialog ()) != NULL);
  gtk_editable_set_text (gleaner_saved_search_dialog_get_name_entry (dialog), "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                                           GLEANER_SAVED_SEARCH_RESPONSE_SAVE));

  /* Remove it, then undo. */
  toast = gleaner_window_get_last_toast (window);
  respond (dialog, GLEANER_SAVED_SEARCH_RESPONSE_REMOVE);
  WAIT_UNTIL (g_list_model_get_n_items (searches) == 0);
  g_assert_cmpstr (gleaner_window_get_last_toast (window), ==, "Removed “Params”");
  g_assert_true (gleaner_window_get_last_toast (window) != toast);
  g_assert_cmpint (gleaner_window_get_active_saved_search (window), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo-remove-search", NULL));
  WAIT_UNTIL (g_list_model_get_n_items (searches) == 1);
  g_assert_cmpstr (gleaner_saved_search_get_name (saved_search (0)), ==, "Params");
  g_assert_cmpstr (gleaner_saved_search_get_query (saved_search (0)), ==, "parameter space");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.escape", NULL));
}

static void
test_saved_searches (Fixture       *f,
                    gconstpointer  data)
{
  with_app (saved_searches_body);
}

static void
notification_actions_body (void)
{
  GleanerSavedSearch *search;
  GleanerPaper *paper;
  guint n;

  WAIT_UNTIL (g_list_model_get_n_items (gleaner_window_get_saved_searches (window)) == 1);
  search = saved_search (0);

  /* app.show-paper: the paper in the detail pane, even when the list does not show it. */
  g_settings_set_string (gleaner_application_get_settings (app), "filter", "starred");
  WAIT_UNTIL (list_idle ());
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-paper",
                                  g_variant_new_string ("2501.00250"));
  WAIT_UNTIL ((paper = gleaner_paper_detail_get_paper (gleaner_window_get_detail (window))) != NULL &&
              g_strcmp0 (gleaner_paper_get_id (paper), "2501.00250") == 0);
  WAIT_UNTIL (gleaner_paper_get_read (paper));

  /* app.show-search: the saved search's words and filter. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-search",
                                  g_variant_new_int64 (gleaner_saved_search_get_id (search)));
  WAIT_UNTIL (gleaner_window_get_active_saved_search (window) == gleaner_saved_search_get_id (search));
  WAIT_UNTIL (gleaner_paper_list_get_filter (GLEANER_PAPER_LIST (model ())) == GLEANER_FILTER_ALL);
  WAIT_UNTIL (list_idle ());

  /* A search removed since: the window, and nothing else. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-search", g_variant_new_int64 (999999));
  drain ();

  /* app.show-trending: everything, in Hugging Face's order (tests/fixtures/trending.json). */
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-trending", NULL);
  WAIT_UNTIL (gleaner_paper_list_get_sort (GLEANER_PAPER_LIST (model ())) == GLEANER_SORT_TRENDING);
  WAIT_UNTIL (gleaner_paper_list_get_search (GLEANER_PAPER_LIST (model ())) == NULL);
  WAIT_UNTIL (list_idle ());
  n = g_list_model_get_n_items (model ());
  g_assert_cmpuint (n, >, 12);
  g_assert_cmpstr (gleaner_paper_get_id (item (0)), ==, "2501.00250");
  g_assert_cmpstr (gleaner_paper_get_id (item (1)), ==, "2501.00010");
  g_assert_cmpstr (gleaner_paper_get_id (item (2)), ==, "2501.00293");
  g_assert_cmpint (gleaner_window_get_active_saved_search (window), ==, 0);

  g_settings_set_string (gleaner_application_get_settings (app), "sort", "upvotes");
}

static void
test_notification_actions (Fixture       *f,
                          gconstpointer  data)
{
  populate (TRUE);
  with_app (notification_actions_body);
}

/* Enter in the name field saves once and closes the dialog (it used to save and stay open, so a
 * second Enter saved a duplicate); saving the same words and filter again shows the saved
 * search there is, and says so. */
static void
save_search_enter_body (void)
{
  GListModel *searches = gleaner_window_get_saved_searches (window);
  GleanerSavedSearchDialog *dialog;
  gint64 id;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  set_search ("parameter space");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save-search", NULL));
  WAIT_UNTIL ((dialog = find_dialog ()) != NULL);

  /* Enter, as the entry reports it. */
  g_signal_emit_by_name (gleaner_saved_search_dialog_get_name_entry (dialog), "activate");
  drain ();
  g_assert_null (find_dialog ());

  WAIT_UNTIL (g_list_model_get_n_items (searches) == 1);
  id = gleaner_saved_search_get_id (saved_search (0));
  WAIT_UNTIL (gleaner_window_get_active_saved_search (window) == id);
  g_assert_cmpstr (gleaner_window_get_last_toast (window), ==, "Saved “parameter space”");

  /* Leave the search, type the same words, save them under another name. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.escape", NULL));
  WAIT_UNTIL (gleaner_paper_list_get_search (GLEANER_PAPER_LIST (model ())) == NULL);
  g_assert_cmpint (gleaner_window_get_active_saved_search (window), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  set_search ("parameter space");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save-search", NULL));
  WAIT_UNTIL ((dialog = find_dialog ()) != NULL);
  gtk_editable_set_text (gleaner_saved_search_dialog_get_name_entry (dialog), "Again");
  g_signal_emit_by_name (gleaner_saved_search_dialog_get_name_entry (dialog), "activate");
  drain ();
  g_assert_null (find_dialog ());

  gleaner_store_flush (gleaner_application_get_store (app));
  drain ();
  g_assert_cmpuint (g_list_model_get_n_items (searches), ==, 1);
  g_assert_cmpint (gleaner_window_get_active_saved_search (window), ==, id);
  g_assert_cmpstr (gleaner_window_get_list_title (window), ==, "parameter space");
  g_assert_cmpstr (gleaner_window_get_last_toast (window), ==, "Already saved as “parameter space”");
}

static void
test_save_search_enter (Fixture       *f,
                        gconstpointer  data)
{
  populate (FALSE);
  with_app (save_search_enter_body);
}

/* Ctrl+D while the list shows a saved search says so at once, without a dialog (item 21). */
static void
save_search_again_body (void)
{
  GListModel *searches = gleaner_window_get_saved_searches (window);
  GleanerSavedSearchDialog *dialog;
  gint64 id;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  set_search ("parameter space");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save-search", NULL));
  WAIT_UNTIL ((dialog = find_dialog ()) != NULL);
  gtk_editable_set_text (gleaner_saved_search_dialog_get_name_entry (dialog), "Params");
  g_signal_emit_by_name (gleaner_saved_search_dialog_get_name_entry (dialog), "activate");
  drain ();
  WAIT_UNTIL (g_list_model_get_n_items (searches) == 1);
  id = gleaner_saved_search_get_id (saved_search (0));
  WAIT_UNTIL (gleaner_window_get_active_saved_search (window) == id);
  g_assert_cmpstr (gleaner_window_get_last_toast (window), ==, "Saved “Params”");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save-search", NULL));
  drain ();
  g_assert_null (find_dialog ());
  g_assert_cmpstr (gleaner_window_get_last_toast (window), ==, "Already saved as “Params”");
  g_assert_cmpint (gleaner_window_get_active_saved_search (window), ==, id);
  gleaner_store_flush (gleaner_application_get_store (app));
  drain ();
  g_assert_cmpuint (g_list_model_get_n_items (searches), ==, 1);
}

static void
test_save_search_again (Fixture       *f,
                        gconstpointer  data)
{
  populate (FALSE);
  with_app (save_search_again_body);
}

int
main (int   argc,
      char *argv[])
{
  static const GleanerTestCase cases[] = {
    { "/window/preferences", (GTestFixtureFunc)test_preferences },
    { "/window/backfill-days", (GTestFixtureFunc)test_backfill_days },
    { "/window/copy-bibtex", (GTestFixtureFunc)test_copy_bibtex },
    { "/window/tooltips", (GTestFixtureFunc)test_tooltips },
    { "/window/export-bibtex", (GTestFixtureFunc)test_export_bibtex },
    { "/window/saved-searches", (GTestFixtureFunc)test_saved_searches },
    { "/window/save-search-enter", (GTestFixtureFunc)test_save_search_enter },
    { "/window/save-search-again", (GTestFixtureFunc)test_save_search_again },
    { "/window/notification-actions", (GTestFixtureFunc)test_notification_actions },
  };

  return window_test_run (&argc, &argv, cases, G_N_ELEMENTS (cases));
}
