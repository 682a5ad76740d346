/* test-sources-ui.c — Preferences › Sources, the arXiv category picker, the first-run page's
 * way to it, and the list narrowed to a source; real widgets under Xvfb.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every case resets the settings (the memory backend outlives a case) and gets its own XDG
 * directories from GTest. test-paper-arxiv covers the detail pane and rows.
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "gleaner-application.h"
#include "gleaner-category-picker.h"
#include "gleaner-paper-list.h"
#include "gleaner-preferences-window.h"
#include "gleaner-scope-menu.h"
#include "gleaner-store.h"
#include "gleaner-test-store-wait.h"
#include "gleaner-test-util.h"
#include "gleaner-tooltip.h"
#include "gleaner-window.h"

typedef struct
{
  GSettings *settings;
} Fixture;

/* See gleaner-test-util.h: the main loop runs until @cond holds, with a guard. */
#define WAIT_UNTIL(cond) GLEANER_TEST_WAIT_UNTIL (cond)

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static char *
joined_setting (Fixture *f)
{
  g_auto(GStrv) v = g_settings_get_strv (f->settings, "arxiv-categories");

  return g_strjoinv (" ", v);
}

static gboolean
setting_is (Fixture    *f,
            const char *codes)
{
  g_autofree char *joined = joined_setting (f);

  return g_strcmp0 (joined, codes) == 0;
}

static void
set_categories (Fixture    *f,
                const char *codes)
{
  g_auto(GStrv) v = g_strsplit (codes, " ", -1);

  g_settings_set_strv (f->settings, "arxiv-categories", (const char * const *)v);
}

/* The open picker among the toplevels, or NULL. */
static GleanerCategoryPicker *
find_picker (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (GLEANER_IS_CATEGORY_PICKER (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return GLEANER_CATEGORY_PICKER (w);
    }

  return NULL;
}

/* The first descendant of @widget of @type (depth first), or NULL. */
static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type,
                 const char *action_name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          (action_name == NULL ||
           g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action_name) == 0))
        return child;
      if ((found = find_descendant (child, type, action_name)) != NULL)
        return found;
    }

  return NULL;
}

static void
close_window (GtkWidget *window)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  gtk_window_destroy (GTK_WINDOW (window));
  WAIT_UNTIL (window == NULL);
}

static GleanerPreferencesWindow *
open_preferences (Fixture *f)
{
  GtkWidget *prefs = gleaner_preferences_window_new (NULL, f->settings);

  gtk_window_present (GTK_WINDOW (prefs));
  WAIT_UNTIL (gtk_widget_get_mapped (prefs));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "sources");

  return GLEANER_PREFERENCES_WINDOW (prefs);
}

/* Opens the picker the way a user does: activating "Add Categories…". */
static GleanerCategoryPicker *
open_picker_from (GleanerPreferencesWindow *prefs)
{
  GtkWidget *add_row = gleaner_preferences_window_get_category_row (prefs, NULL);
  GleanerCategoryPicker *picker;

  g_assert_nonnull (add_row);
  g_assert_null (find_picker ());
  g_assert_true (gtk_widget_activate (add_row));
  WAIT_UNTIL (find_picker () != NULL);
  picker = find_picker ();
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (picker)) == GTK_WINDOW (prefs));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (picker)));

  return picker;
}

static gboolean
is_ticked (GleanerCategoryPicker *picker,
           const char            *code)
{
  return gtk_check_button_get_active (GTK_CHECK_BUTTON (gleaner_category_picker_get_check (picker, code)));
}

/* ------------------------------------------------------------------------------------------ */

static void
test_picker_writes_setting (Fixture       *f,
                            gconstpointer  data)
{
  GleanerPreferencesWindow *prefs = open_preferences (f);
  GleanerCategoryPicker *picker;
  g_autofree char *codes = NULL;

  /* Nothing followed: only "Add Categories…". */
  g_assert_null (gleaner_preferences_window_get_category_row (prefs, "cs.LG"));

  picker = open_picker_from (prefs);
  g_assert_false (is_ticked (picker, "cs.LG"));

  /* Ticking by activating the rows, as Space or Enter on a focused row does. */
  g_assert_true (gtk_widget_activate (gleaner_category_picker_get_row (picker, "cs.LG")));
  g_assert_true (gtk_widget_activate (gleaner_category_picker_get_row (picker, "stat.ML")));
  g_assert_true (gtk_widget_activate (gleaner_category_picker_get_row (picker, "hep-th")));
  g_assert_true (gtk_widget_activate (gleaner_category_picker_get_row (picker, "hep-th")));
  g_assert_true (is_ticked (picker, "cs.LG"));
  g_assert_false (is_ticked (picker, "hep-th"));

  /* Nothing is written before "Follow", so a sync does not start per tick. */
  codes = joined_setting (f);
  g_assert_cmpstr (codes, ==, "");
  g_clear_pointer (&codes, g_free);

  g_object_add_weak_pointer (G_OBJECT (picker), (gpointer *)&picker);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (picker), "picker.follow", NULL));
  WAIT_UNTIL (picker == NULL || !gtk_widget_get_visible (GTK_WIDGET (picker)));

  codes = joined_setting (f);
  g_assert_cmpstr (codes, ==, "cs.LG stat.ML");

  /* The Sources page lists them, named in words. */
  drain ();
  g_assert_nonnull (gleaner_preferences_window_get_category_row (prefs, "cs.LG"));
  g_assert_nonnull (gleaner_preferences_window_get_category_row (prefs, "stat.ML"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gleaner_preferences_window_get_category_row (prefs, "cs.LG"))),
                   ==, "Machine Learning");

  close_window (GTK_WIDGET (prefs));
}

static void
test_cancel_and_keep_order (Fixture       *f,
                            gconstpointer  data)
{
  GleanerPreferencesWindow *prefs;
  GleanerCategoryPicker *picker;
  g_autofree char *codes = NULL;

  /* An unknown code (a newer taxonomy, a hand-edited setting) survives the picker. */
  set_categories (f, "math.AP xx.YY cs.LG");
  prefs = open_preferences (f);
  g_assert_nonnull (gleaner_preferences_window_get_category_row (prefs, "xx.YY"));

  picker = open_picker_from (prefs);
  g_assert_true (is_ticked (picker, "math.AP"));
  g_assert_true (is_ticked (picker, "cs.LG"));
  g_assert_true (gtk_widget_activate (gleaner_category_picker_get_row (picker, "q-bio.NC")));

  /* Cancel (the window's close) writes nothing. */
  close_window (GTK_WIDGET (picker));
  codes = joined_setting (f);
  g_assert_cmpstr (codes, ==, "math.AP xx.YY cs.LG");
  g_clear_pointer (&codes, g_free);

  /* Unticking one and ticking another keeps the user's order, new ones after. */
  picker = open_picker_from (prefs);
  g_assert_false (is_ticked (picker, "q-bio.NC"));
  g_assert_true (gtk_widget_activate (gleaner_category_picker_get_row (picker, "math.AP")));
  g_assert_true (gtk_widget_activate (gleaner_category_picker_get_row (picker, "q-bio.NC")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (picker), "picker.follow", NULL));
  WAIT_UNTIL (find_picker () == NULL);
  codes = joined_setting (f);
  g_assert_cmpstr (codes, ==, "xx.YY cs.LG q-bio.NC");

  close_window (GTK_WIDGET (prefs));
}

static void
test_remove_category (Fixture       *f,
                      gconstpointer  data)
{
  GleanerPreferencesWindow *prefs;
  GtkWidget *row;
  GtkWidget *button;
  g_autofree char *codes = NULL;

  set_categories (f, "cs.LG hep-th math.AP");
  prefs = open_preferences (f);

  row = gleaner_preferences_window_get_category_row (prefs, "hep-th");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "High Energy Physics - Theory");
  button = find_descendant (row, GTK_TYPE_BUTTON, NULL);
  g_assert_nonnull (button);
  /* A realized button emits "clicked" at the end of its short pressed look. */
  g_assert_true (gtk_widget_activate (button));
  WAIT_UNTIL (setting_is (f, "cs.LG math.AP"));

  codes = joined_setting (f);
  g_assert_cmpstr (codes, ==, "cs.LG math.AP");
  g_assert_null (gleaner_preferences_window_get_category_row (prefs, "hep-th"));
  g_assert_nonnull (gleaner_preferences_window_get_category_row (prefs, "cs.LG"));

  /* A change made elsewhere (the picker from the first-run page) shows up here too. */
  set_categories (f, "");
  drain ();
  g_assert_null (gleaner_preferences_window_get_category_row (prefs, "cs.LG"));
  g_assert_nonnull (gleaner_preferences_window_get_category_row (prefs, NULL));

  close_window (GTK_WIDGET (prefs));
}

static void
test_picker_search (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *picker = gleaner_category_picker_new (NULL, f->settings);
  GleanerCategoryPicker *p = GLEANER_CATEGORY_PICKER (picker);
  GtkEditable *entry = gleaner_category_picker_get_search_entry (p);

  gtk_window_present (GTK_WINDOW (picker));
  WAIT_UNTIL (gtk_widget_get_mapped (picker));

  g_assert_true (gleaner_category_picker_is_shown (p, "cs.AI"));
  g_assert_true (gleaner_category_picker_is_shown (p, "q-fin.TR"));
  g_assert_null (gleaner_category_picker_get_row (p, "xx.YY"));

  /* The entry has no delay: the list follows each key. */
  gtk_editable_set_text (entry, "machine");
  drain ();
  g_assert_true (gleaner_category_picker_is_shown (p, "cs.LG"));
  g_assert_true (gleaner_category_picker_is_shown (p, "stat.ML"));
  g_assert_false (gleaner_category_picker_is_shown (p, "cs.AI"));
  g_assert_false (gleaner_category_picker_is_shown (p, "hep-th"));

  gtk_editable_set_text (entry, "HEP-");
  drain ();
  g_assert_true (gleaner_category_picker_is_shown (p, "hep-th"));
  g_assert_true (gleaner_category_picker_is_shown (p, "hep-lat"));
  g_assert_false (gleaner_category_picker_is_shown (p, "cs.LG"));

  /* Ticking a row while searching survives the search changing. */
  g_assert_true (gtk_widget_activate (gleaner_category_picker_get_row (p, "hep-th")));

  gtk_editable_set_text (entry, "no such field");
  drain ();
  g_assert_false (gleaner_category_picker_is_shown (p, "cs.LG"));
  g_assert_false (gleaner_category_picker_is_shown (p, "hep-th"));

  gtk_editable_set_text (entry, "");
  drain ();
  g_assert_true (gleaner_category_picker_is_shown (p, "cs.AI"));
  g_assert_true (gleaner_category_picker_is_shown (p, "hep-th"));
  g_assert_true (is_ticked (p, "hep-th"));

  close_window (picker);
}

static void
test_hf_switches (Fixture       *f,
                  gconstpointer  data)
{
  GleanerPreferencesWindow *prefs = open_preferences (f);
  AdwPreferencesPage *page = adw_preferences_window_get_visible_page (ADW_PREFERENCES_WINDOW (prefs));
  GtkWidget *first_switch;

  g_assert_cmpstr (adw_preferences_page_get_title (page), ==, "Sources");
  g_assert_true (g_settings_get_boolean (f->settings, "hf-daily"));

  /* The first switch on the page is "Daily Papers"; the settings and it follow each other. */
  first_switch = find_descendant (GTK_WIDGET (page), GTK_TYPE_SWITCH, NULL);
  g_assert_nonnull (first_switch);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (first_switch)));
  g_assert_true (gtk_widget_activate (first_switch));
  /* The switch toggles at the end of its animation. */
  WAIT_UNTIL (!g_settings_get_boolean (f->settings, "hf-daily"));
  g_assert_true (g_settings_get_boolean (f->settings, "hf-trending"));

  g_settings_set_boolean (f->settings, "hf-daily", TRUE);
  WAIT_UNTIL (gtk_switch_get_active (GTK_SWITCH (first_switch)));

  close_window (GTK_WIDGET (prefs));
}

static GtkWidget *
find_entry (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_ENTRY (child))
        return child;
      if ((found = find_entry (child)) != NULL)
        return found;
    }

  return NULL;
}

/* The address entry of the row titled @title (a GtkEntry under its label: GTK 4.8 gives an
 * AdwEntryRow's focus to an unnamed internal widget). */
static GtkWidget *
find_entry_row (GtkWidget  *widget,
                const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (ADW_IS_PREFERENCES_ROW (child) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        return find_entry (child);
      if ((found = find_entry_row (child, title)) != NULL)
        return found;
    }

  return NULL;
}

static void
test_arxiv_addresses (Fixture       *f,
                      gconstpointer  data)
{
  GleanerPreferencesWindow *prefs = open_preferences (f);
  GtkWidget *rss = find_entry_row (GTK_WIDGET (prefs), "arXiv _Listings Address");
  GtkWidget *api = find_entry_row (GTK_WIDGET (prefs), "arXiv A_PI Address");
  g_autofree char *value = NULL;

  g_assert_nonnull (rss);
  g_assert_nonnull (api);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (rss)), ==, "https://rss.arxiv.org");

  /* Only web addresses are taken; anything else is marked and not written. */
  gtk_editable_set_text (GTK_EDITABLE (rss), "file:///etc/passwd");
  g_signal_emit_by_name (rss, "activate");
  g_assert_true (gtk_widget_has_css_class (rss, "error"));
  value = g_settings_get_string (f->settings, "arxiv-rss-url");
  g_assert_cmpstr (value, ==, "https://rss.arxiv.org");
  g_clear_pointer (&value, g_free);

  gtk_editable_set_text (GTK_EDITABLE (rss), " http://127.0.0.1:8080/mirror ");
  g_assert_false (gtk_widget_has_css_class (rss, "error"));
  g_signal_emit_by_name (rss, "activate");
  value = g_settings_get_string (f->settings, "arxiv-rss-url");
  g_assert_cmpstr (value, ==, "http://127.0.0.1:8080/mirror");
  g_clear_pointer (&value, g_free);

  gtk_editable_set_text (GTK_EDITABLE (api), "javascript:alert(1)");
  g_signal_emit_by_name (api, "activate");
  value = g_settings_get_string (f->settings, "arxiv-api-url");
  g_assert_cmpstr (value, ==, "https://export.arxiv.org/api/query");

  close_window (GTK_WIDGET (prefs));
}

/* ------------------------------------------------------------------------------------------ */

static GleanerApplication *app;

static void
first_run_activated_cb (GApplication *application,
                        gpointer      user_data)
{
  GtkWindow *window = (gleaner_application_get_store (app),  /* waits for the window */
                       gtk_application_get_active_window (GTK_APPLICATION (app)));
  GtkWidget *button;
  GleanerCategoryPicker *picker;

  g_assert_true (GLEANER_IS_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  WAIT_UNTIL (g_strcmp0 (gleaner_window_get_view_state (GLEANER_WINDOW (window)), "empty") == 0);

  /* The empty page offers both sources; its arXiv button opens the picker. */
  button = find_descendant (GTK_WIDGET (window), GTK_TYPE_BUTTON, "win.follow-categories");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_drawable (button));
  g_assert_nonnull (find_descendant (GTK_WIDGET (window), GTK_TYPE_BUTTON, "win.refresh"));

  g_assert_null (find_picker ());
  g_assert_true (gtk_widget_activate (button));
  WAIT_UNTIL (find_picker () != NULL);
  picker = find_picker ();
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (picker)) == window);

  g_assert_true (gtk_widget_activate (gleaner_category_picker_get_row (picker, "astro-ph.GA")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (picker), "picker.follow", NULL));
  WAIT_UNTIL (find_picker () == NULL);

  {
    g_autoptr(GSettings) settings = g_settings_new ("io.github.gleaner.Gleaner");
    g_auto(GStrv) codes = g_settings_get_strv (settings, "arxiv-categories");

    g_assert_cmpuint (g_strv_length (codes), ==, 1);
    g_assert_cmpstr (codes[0], ==, "astro-ph.GA");
  }

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  gtk_window_close (window);
  WAIT_UNTIL (window == NULL);
}

static void
test_first_run_opens_picker (Fixture       *f,
                             gconstpointer  data)
{
  g_setenv ("GLEANER_HF_BASE_URL", "http://127.0.0.1:9", TRUE);

  app = gleaner_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (first_run_activated_cb), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);

  g_object_add_weak_pointer (G_OBJECT (app), (gpointer *)&app);
  g_object_unref (app);
  WAIT_UNTIL (app == NULL);
  drain ();
  g_unsetenv ("GLEANER_HF_BASE_URL");
}


/* ------------------------------------------------------------------------------------------ */

static void
upsert_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GleanerUpsertResult) r = NULL;
  g_autoptr(GError) error = NULL;
  gboolean *done = user_data;

  r = gleaner_store_upsert_finish (GLEANER_STORE (object), result, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

static GleanerPaper *
stored_paper (const char        *id,
              GleanerSourceKind  sources,
              const char        *categories)
{
  GleanerPaper *paper = gleaner_paper_new (id);
  g_autofree char *title = g_strdup_printf ("Paper %s", id);

  gleaner_paper_set_title (paper, title);
  gleaner_paper_set_abstract (paper, "An abstract.");
  gleaner_paper_set_published (paper, 1704672000);
  gleaner_paper_set_sources (paper, sources);
  if (categories != NULL)
    {
      g_auto(GStrv) codes = g_strsplit (categories, " ", -1);

      gleaner_paper_set_primary_category (paper, codes[0]);
      gleaner_paper_take_categories (paper, g_steal_pointer (&codes));
    }

  return paper;
}

/* Fills this case's database through the store, as two syncs would, before the app starts. */
static void
store_mixed_papers (void)
{
  g_autofree char *path = gleaner_store_dup_default_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GleanerStore) store = NULL;
  g_autoptr(GPtrArray) hf = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) arxiv = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  store = gleaner_store_new (path, &error);
  g_assert_no_error (error);

  g_ptr_array_add (hf, stored_paper ("2401.00001", GLEANER_SOURCE_KIND_HF, NULL));
  g_ptr_array_add (hf, stored_paper ("2401.00002", GLEANER_SOURCE_KIND_HF, NULL));
  gleaner_store_upsert_listing_async (store, hf, "hf:daily", NULL, upsert_done_cb, &done);
  WAIT_UNTIL (done);

  /* Two in cs.LG (one of them cross-listed from math.AP), one in hep-th. */
  g_ptr_array_add (arxiv, stored_paper ("2401.10001", GLEANER_SOURCE_KIND_ARXIV, "cs.LG"));
  g_ptr_array_add (arxiv, stored_paper ("2401.10002", GLEANER_SOURCE_KIND_ARXIV, "math.AP cs.LG"));
  g_ptr_array_add (arxiv, stored_paper ("2401.10003", GLEANER_SOURCE_KIND_ARXIV, "hep-th"));
  done = FALSE;
  gleaner_store_upsert_listing_async (store, arxiv, "arxiv:cs.LG+hep-th+math.AP", NULL,
                                      upsert_done_cb, &done);
  WAIT_UNTIL (done);
  gleaner_store_flush (store);
}

/* The window's "Filter and Sort" menu button. */
static GtkMenuButton *
find_view_menu_button (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkMenuButton *found;

      if (GTK_IS_MENU_BUTTON (child) &&
          g_strcmp0 (gleaner_widget_get_tooltip (child), "Filter and Sort") == 0)
        return GTK_MENU_BUTTON (child);
      if ((found = find_view_menu_button (child)) != NULL)
        return found;
    }

  return NULL;
}

/* The "Source" section of the window's "Filter and Sort" menu. The menu is built as it first
 * opens (see gleaner-lazy-menu.c): not before, then opened and closed here as a click would. */
static GMenuModel *
find_scope_section (GtkWidget *widget)
{
  GtkMenuButton *button = find_view_menu_button (widget);
  GMenuModel *model;
  g_autofree char *label = NULL;

  if (button == NULL)
    return NULL;

  g_assert_null (gtk_menu_button_get_menu_model (button));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (button)));
  gtk_menu_button_popup (button);
  model = gtk_menu_button_get_menu_model (button);
  g_assert_nonnull (model);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (button))));
  gtk_menu_button_popdown (button);

  if (g_menu_model_get_n_items (model) > 0 &&
      g_menu_model_get_item_attribute (model, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label) &&
      g_str_equal (label, "Source"))
    return g_menu_model_get_item_link (model, 0, G_MENU_LINK_SECTION);

  return NULL;
}

/* "label=target" of each item, joined with "|". */
static char *
describe_menu (GMenuModel *menu)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *label = NULL;
      g_autofree char *target = NULL;
      g_autofree char *action = NULL;

      g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label);
      g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &action);
      g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_TARGET, "s", &target);
      g_assert_cmpstr (action, ==, "settings.scope");
      g_string_append_printf (text, "%s%s=%s", i ? "|" : "", label, target);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
menu_has (GMenuModel *menu,
          const char *needle)
{
  g_autofree char *items = describe_menu (menu);

  return strstr (items, needle) != NULL;
}

static guint
list_length (GleanerWindow *window)
{
  GListModel *model = gleaner_window_get_list_model (window);

  WAIT_UNTIL (!gleaner_paper_list_get_loading (GLEANER_PAPER_LIST (model)));
  return g_list_model_get_n_items (model);
}


static gboolean
gleaner_list_model_find_id_ (GleanerWindow *window,
                             const char    *id)
{
  return gleaner_paper_list_find (GLEANER_PAPER_LIST (gleaner_window_get_list_model (window)), id) != G_MAXUINT;
}

static void
scope_activated_cb (GApplication *application,
                    gpointer      user_data)
{
  GleanerWindow *window = (gleaner_application_get_store (app),  /* waits for the window */
                           GLEANER_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app))));
  g_autoptr(GSettings) settings = g_settings_new ("io.github.gleaner.Gleaner");
  g_autoptr(GMenuModel) section = NULL;
  g_autofree char *items = NULL;
  g_autofree char *scope = NULL;

  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_cmpuint (list_length (window), ==, 5);
  g_assert_cmpstr (gleaner_window_get_list_title (window), ==, "Gleaner");

  /* Every source and followed category, with unread counts once the store answered. */
  section = find_scope_section (GTK_WIDGET (window));
  g_assert_nonnull (section);
  WAIT_UNTIL (menu_has (section, "(2)"));
  items = describe_menu (section);
  g_assert_cmpstr (items, ==,
                   "All Sources=|Hugging Face (2)=hf|arXiv (3)=arxiv|"
                   "cs.LG — Machine Learning (2)=arxiv:cs.LG|"
                   "hep-th — High Energy Physics - Theory (1)=arxiv:hep-th");

  /* Choosing one narrows the list, names it in the title and is kept in the settings. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "settings.scope", "s", "arxiv:cs.LG"));
  WAIT_UNTIL (list_length (window) == 2);
  scope = g_settings_get_string (settings, "scope");
  g_assert_cmpstr (scope, ==, "arxiv:cs.LG");
  g_assert_cmpstr (gleaner_window_get_list_title (window), ==, "cs.LG");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "settings.scope", "s", "hf"));
  WAIT_UNTIL (list_length (window) == 2 &&
              gleaner_list_model_find_id_ (window, "2401.00001"));
  g_assert_cmpstr (gleaner_window_get_list_title (window), ==, "Hugging Face");

  /* Reading one lowers its count: read again as the menu opens, not while it is closed. */
  {
    GtkMenuButton *button = find_view_menu_button (GTK_WIDGET (window));

    gleaner_test_store_set_state (gleaner_application_get_store (app), "2401.00001", FALSE, TRUE);
    gleaner_store_flush (gleaner_application_get_store (app));
    drain ();
    g_assert_true (menu_has (section, "Hugging Face (2)=hf"));

    gtk_menu_button_popup (button);
    WAIT_UNTIL (menu_has (section, "Hugging Face (1)=hf"));

    /* While it is open, as the store changes. */
    gleaner_test_store_set_state (gleaner_application_get_store (app), "2401.10001", FALSE, TRUE);
    WAIT_UNTIL (menu_has (section, "arXiv (2)=arxiv"));
    gtk_menu_button_popdown (button);
  }

  /* A followed category without papers yet says so, with a way back. */
  g_settings_set_strv (settings, "arxiv-categories",
                       (const char * const []) { "cs.LG", "hep-th", "astro-ph.GA", NULL });
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "settings.scope", "s", "arxiv:astro-ph.GA"));
  WAIT_UNTIL (g_strcmp0 (gleaner_window_get_view_state (window), "scope-empty") == 0);
  g_clear_pointer (&items, g_free);
  items = describe_menu (section);
  g_assert_nonnull (strstr (items, "astro-ph.GA — Astrophysics of Galaxies=arxiv:astro-ph.GA"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "settings.scope", "s", ""));
  WAIT_UNTIL (list_length (window) == 5);
  g_assert_cmpstr (gleaner_window_get_list_title (window), ==, "Gleaner");

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  gtk_window_close (GTK_WINDOW (window));
  WAIT_UNTIL (window == NULL);
}

static void
test_scope (Fixture       *f,
            gconstpointer  data)
{
  set_categories (f, "cs.LG hep-th");
  store_mixed_papers ();
  g_setenv ("GLEANER_HF_BASE_URL", "http://127.0.0.1:9", TRUE);

  app = gleaner_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (scope_activated_cb), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);

  g_object_add_weak_pointer (G_OBJECT (app), (gpointer *)&app);
  g_object_unref (app);
  WAIT_UNTIL (app == NULL);
  drain ();
  g_unsetenv ("GLEANER_HF_BASE_URL");
}

/* Each count walks every paper: the menu asks for none, not even after a change of the
 * store, until told to start; then it counts, and again after each change while it is shown,
 * or as it is shown again. (The store runs what it is asked in order, so
 * gleaner_store_flush() returns with any count asked before it answered and delivered.) */
static void
test_scope_counts_wait (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = gleaner_store_dup_default_path ();
  g_autoptr(GleanerStore) store = NULL;
  g_autoptr(GleanerScopeMenu) menu = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *items = NULL;

  set_categories (f, "cs.LG hep-th");
  store_mixed_papers ();
  store = gleaner_store_new (path, &error);
  g_assert_no_error (error);

  menu = gleaner_scope_menu_new (store, f->settings);
  gleaner_store_flush (store);
  gleaner_test_store_set_state (store, "2401.00001", FALSE, TRUE);
  gleaner_store_flush (store);

  g_assert_cmpint (gleaner_scope_menu_get_unread (menu, "hf"), ==, -1);
  items = describe_menu (gleaner_scope_menu_get_model (menu));
  g_assert_cmpstr (items, ==,
                   "All Sources=|Hugging Face=hf|arXiv=arxiv|"
                   "cs.LG — Machine Learning=arxiv:cs.LG|"
                   "hep-th — High Energy Physics - Theory=arxiv:hep-th");

  gleaner_scope_menu_start_counting (menu);
  gleaner_scope_menu_start_counting (menu);
  WAIT_UNTIL (gleaner_scope_menu_get_unread (menu, "hf") >= 0);
  g_assert_cmpint (gleaner_scope_menu_get_unread (menu, "hf"), ==, 1);
  g_assert_cmpint (gleaner_scope_menu_get_unread (menu, "arxiv"), ==, 3);
  g_assert_cmpint (gleaner_scope_menu_get_unread (menu, "arxiv:cs.LG"), ==, 2);
  g_assert_true (menu_has (gleaner_scope_menu_get_model (menu), "Hugging Face (1)=hf"));

  /* Hidden: a change is not counted... */
  gleaner_test_store_set_state (store, "2401.10003", FALSE, TRUE);
  gleaner_store_flush (store);
  drain ();
  g_assert_cmpint (gleaner_scope_menu_get_unread (menu, "arxiv:hep-th"), ==, 1);
  g_assert_cmpint (gleaner_scope_menu_get_unread (menu, "arxiv"), ==, 3);

  /* ... until the menu is shown; */
  gleaner_scope_menu_set_shown (menu, TRUE);
  WAIT_UNTIL (gleaner_scope_menu_get_unread (menu, "arxiv:hep-th") == 0);
  g_assert_cmpint (gleaner_scope_menu_get_unread (menu, "arxiv"), ==, 2);

  /* shown, every change is. */
  gleaner_test_store_set_state (store, "2401.00002", FALSE, TRUE);
  WAIT_UNTIL (gleaner_scope_menu_get_unread (menu, "hf") == 0);


  g_clear_object (&menu);
  gleaner_store_flush (store);
}

/* ------------------------------------------------------------------------------------------ */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  f->settings = g_settings_new ("io.github.gleaner.Gleaner");

  /* The memory backend outlives a case: every key back to its default. No sync at start,
   * nothing notifies. */
  g_object_get (f->settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (f->settings, keys[i]);
  g_settings_set_boolean (f->settings, "auto-sync", FALSE);
  g_settings_set_boolean (f->settings, "daily-digest", FALSE);
  g_settings_set_boolean (f->settings, "notify-saved-searches", FALSE);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_null (find_picker ());
  g_clear_object (&f->settings);
}

int
main (int   argc,
      char *argv[])
{
  static const GleanerTestCase cases[] = {
    { "/sources/picker-writes-setting", (GTestFixtureFunc)test_picker_writes_setting },
    { "/sources/cancel-and-keep-order", (GTestFixtureFunc)test_cancel_and_keep_order },
    { "/sources/remove-category", (GTestFixtureFunc)test_remove_category },
    { "/sources/picker-search", (GTestFixtureFunc)test_picker_search },
    { "/sources/hf-switches", (GTestFixtureFunc)test_hf_switches },
    { "/sources/first-run-opens-picker", (GTestFixtureFunc)test_first_run_opens_picker },
    { "/sources/scope", (GTestFixtureFunc)test_scope },
    { "/sources/scope-counts-wait", (GTestFixtureFunc)test_scope_counts_wait },
    { "/sources/arxiv-addresses", (GTestFixtureFunc)test_arxiv_addresses },
  };

  /* As in test-window: look up the schemas, MIME database and icon theme before GTest
   * points the XDG directories at empty ones. */
  g_settings_schema_source_get_default ();
  g_free (g_content_type_guess ("icon.svg", NULL, 0, NULL));
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "C.UTF-8");
  gtk_init ();
  adw_init ();
  gtk_icon_theme_get_for_display (gdk_display_get_default ());

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_timeout_add (50, tick_cb, NULL);

  gleaner_test_add_shuffled (cases, G_N_ELEMENTS (cases), sizeof (Fixture),
                             (GTestFixtureFunc)fixture_setup, (GTestFixtureFunc)fixture_teardown);

  return g_test_run ();
}
