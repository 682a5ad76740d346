/* test-rows.c — the paper list's rows in the real window, under Xvfb: reused across searches,
 * selection following the paper, no stale results after the last keystroke, names for screen
 * readers, marks shown in place, Tab out of the list, the row menu.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case has its own $XDG_DATA_HOME (so its own database), filled by a sync from its own
 * loopback SoupServer serving tests/fixtures, and runs the application as in real life.
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "gleaner-application.h"
#include "gleaner-hf-source.h"
#include "gleaner-list-pane.h"
#include "gleaner-paper-list.h"
#include "gleaner-paper-row.h"
#include "gleaner-test-server.h"
#include "gleaner-test-util.h"
#include "gleaner-window.h"

typedef struct
{
  GleanerTestServer *server;
} Fixture;

static Fixture            *fixture;
static GleanerApplication *app;
static GleanerWindow      *window;
static void              (*app_body) (void);

/* See gleaner-test-util.h: the main loop runs until @cond holds, with a guard. */
#define WAIT_UNTIL(cond) GLEANER_TEST_WAIT_UNTIL (cond)

/* The most list items the view holds: a grid view keeps 30 rows around what it shows, and one
 * each for the focus and the selection if they are elsewhere (a list view: 200). */
#define MAX_ITEMS 40

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

static GleanerPaperList *
papers (void)
{
  return GLEANER_PAPER_LIST (gleaner_window_get_list_model (window));
}

static gboolean
list_idle (void)
{
  return !gleaner_paper_list_get_loading (papers ());
}

static GtkWidget *
list_view (void)
{
  return GTK_WIDGET (gleaner_window_get_list_view (window));
}

/* Waits for the list to settle and for a frame to lay its rows out. */
static void
settle (void)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  gint64 frame;

  WAIT_UNTIL (list_idle ());
  frame = gdk_frame_clock_get_frame_counter (clock);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  WAIT_UNTIL (gdk_frame_clock_get_frame_counter (clock) > frame + 1);
  drain ();
}

/* The paper at @position, once the list's worker has read it. */
static GleanerPaper *
dup_item (guint position)
{
  GleanerPaper *paper;

  while (gleaner_paper_list_is_placeholder ((paper = g_list_model_get_item (G_LIST_MODEL (papers ()),
                                                                            position))))
    {
      g_object_unref (paper);
      g_main_context_iteration (NULL, TRUE);
    }

  return paper;
}

/* The row widgets on screen now (element-type GleanerPaperRow). */
static GPtrArray *
shown_rows (void)
{
  GPtrArray *rows = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (list_view ());
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (GLEANER_IS_PAPER_ROW (row) && gtk_widget_get_child_visible (child) &&
          gleaner_paper_row_get_paper (GLEANER_PAPER_ROW (row)) != NULL)
        g_ptr_array_add (rows, row);
    }

  return rows;
}

/* The row on screen showing the paper @id, or NULL. */
static GleanerPaperRow *
find_row (const char *id)
{
  g_autoptr(GPtrArray) rows = shown_rows ();

  for (guint i = 0; i < rows->len; i++)
    {
      GleanerPaper *paper = gleaner_paper_row_get_paper (g_ptr_array_index (rows, i));

      if (g_strcmp0 (gleaner_paper_get_id (paper), id) == 0)
        return g_ptr_array_index (rows, i);
    }

  return NULL;
}

static void
set_search (const char *text)
{
  gtk_editable_set_text (gleaner_window_get_search_entry (window), text);
  WAIT_UNTIL (g_strcmp0 (gleaner_paper_list_get_search (papers ()), text) == 0 ||
              (*text == '\0' && gleaner_paper_list_get_search (papers ()) == NULL));
  settle ();
}

static GtkSingleSelection *
selection (void)
{
  return gleaner_window_get_selection (window);
}

static void
app_activated_cb (GApplication *application,
                  gpointer      user_data)
{
  /* The window is presented once the store has opened on its thread: wait for that. */
  g_assert_nonnull (gleaner_application_get_store (app));
  window = GLEANER_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (GLEANER_IS_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  WAIT_UNTIL (gtk_grid_view_get_model (GTK_GRID_VIEW (list_view ())) != NULL);
  settle ();

  app_body ();

  gleaner_store_flush (gleaner_application_get_store (app));
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  gtk_window_close (GTK_WINDOW (window));
  WAIT_UNTIL (window == NULL);
}

/* Runs @body in a fresh instance of the application with its window up, papers stored. */
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
  WAIT_UNTIL (app == NULL);
  drain ();
}

/* Stores the fixtures' 292 papers with a sync, as the application's refresh would. */
static void
populate (void)
{
  g_autofree char *path = gleaner_store_dup_default_path ();
  g_autoptr(GleanerStore) store = NULL;
  g_autoptr(GleanerSync) sync = NULL;
  g_autoptr(GleanerHfSource) source = NULL;
  g_autoptr(GleanerScheduler) scheduler = NULL;
  g_autoptr(GError) error = NULL;
  GleanerTestResponse *r;

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
  r = gleaner_test_server_add (fixture->server, "/api/daily_papers", "sort=trending", 200);
  gleaner_test_response_set_fixture (r, "trending.json");

  store = gleaner_store_new (path, &error);
  g_assert_no_error (error);
  sync = gleaner_sync_new (store);
  source = gleaner_hf_source_new (gleaner_test_server_get_url (fixture->server));
  gleaner_sync_add_source (sync, GLEANER_SOURCE (source));
  scheduler = gleaner_scheduler_new (sync, NULL);
  gleaner_scheduler_run_now (scheduler);
  WAIT_UNTIL (!gleaner_scheduler_get_running (scheduler));
  g_assert_null (gleaner_scheduler_get_last_error (scheduler));
  gleaner_store_flush (store);
  g_assert_cmpint (gleaner_store_count_papers (store, NULL), ==, 292);
}

/* ------------------------------------------------------------------------------------------ */

/* Every row widget the list view holds now, on screen or kept around it. */
static GPtrArray *
all_rows (void)
{
  GPtrArray *rows = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (list_view ());
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GLEANER_IS_PAPER_ROW (gtk_widget_get_first_child (child)))
      g_ptr_array_add (rows, gtk_widget_get_first_child (child));

  return rows;
}

typedef struct
{
  GHashTable *known;     /* every row widget a list item was given */
  guint       n_setups;  /* list items made */
  guint       n_new;     /* ... given a row widget not seen before */
  guint       n_teardowns;
} RowLog;

static void
item_teardown_cb (RowLog *log)
{
  log->n_teardowns++;
}

/* After the list pane's own "setup" handler: what row widget the new list item got. */
static void
item_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               RowLog                   *log)
{
  GtkWidget *row = gtk_list_item_get_child (item);

  g_assert_true (GLEANER_IS_PAPER_ROW (row));
  log->n_setups++;
  if (g_hash_table_add (log->known, row))
    log->n_new++;
}

/* GTK 4.8 makes new list items for the new items of every search; the row widgets in them are
 * the ones made before. The first round of searches makes most of what it needs (GTK makes
 * the new rows of a change before it lets go of the old ones, which become the spares); the
 * same searches again make hundreds of list items and almost no row widget. */
static void
rows_reused_body (void)
{
  /* Ending where it starts (the whole list), so the second round makes the same changes. */
  static const char * const searches[] = { "model", "parameter", "diffusion", "learning",
                                            "language", "" };
  GtkListItemFactory *factory = gtk_grid_view_get_factory (GTK_GRID_VIEW (list_view ()));
  g_autoptr(GHashTable) known = g_hash_table_new (NULL, NULL);
  RowLog log = { known, 0, 0, 0 };
  g_autoptr(GPtrArray) start = all_rows ();
  gulong handler;

  for (guint i = 0; i < start->len; i++)
    g_hash_table_add (known, g_ptr_array_index (start, i));
  handler = g_signal_connect_after (factory, "setup", G_CALLBACK (item_setup_cb), &log);
  g_signal_connect_swapped (factory, "teardown", G_CALLBACK (item_teardown_cb), &log);

  for (guint round = 0; round < 3; round++)
    {
      log.n_setups = log.n_new = 0;

      for (guint s = 0; s < G_N_ELEMENTS (searches); s++)
        {
          g_autoptr(GPtrArray) shown = NULL;

          set_search (searches[s]);
          shown = shown_rows ();
          g_assert_cmpuint (shown->len, >, 0);

          /* Showing papers of the new result. */
          for (guint i = 0; i < shown->len; i++)
            {
              GleanerPaper *paper = gleaner_paper_row_get_paper (g_ptr_array_index (shown, i));

              g_assert_true (g_hash_table_contains (known, g_ptr_array_index (shown, i)));
              g_assert_cmpuint (gleaner_paper_list_find (papers (), gleaner_paper_get_id (paper)), <,
                                g_list_model_get_n_items (G_LIST_MODEL (papers ())));
            }
        }

      /* Dozens of list items (the view keeps 30 rows and a few around what it shows), ... */
      g_assert_cmpuint (log.n_setups, >, 5 * G_N_ELEMENTS (searches));
      g_test_message ("round %u: %u list items, %u new row widgets", round, log.n_setups, log.n_new);

      /* ... after the first round, nearly all with row widgets made before: the old list
       * items' rows come back as spares, and how many a change holds at once varies a
       * little with when its pages arrive. */
      if (round > 0)
        g_assert_cmpuint (log.n_new * 20, <, log.n_setups);
    }

  /* Never more than the view's list items twice over. */
  g_assert_cmpuint (g_hash_table_size (known), <=, 2 * (MAX_ITEMS + 2));
  g_signal_handler_disconnect (factory, handler);
  g_signal_handlers_disconnect_by_func (factory, item_teardown_cb, &log);
}

static void
test_rows_reused (Fixture       *f,
                  gconstpointer  data)
{
  populate ();
  with_app (rows_reused_body);
}

/* A search that keeps the selected paper keeps it selected (at its new position); one that
 * drops it clears the selection, and the detail pane says the paper is not in the list. */
static void
selection_follows_body (void)
{
  g_autoptr(GleanerPaper) chosen = NULL;
  GleanerPaper *selected;
  const char *id;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  set_search ("diffusion");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (papers ())), >, 3);
  chosen = dup_item (2);
  id = gleaner_paper_get_id (chosen);
  gtk_single_selection_set_selected (selection (), 2);
  drain ();

  /* The whole list: the paper is elsewhere, still selected. */
  set_search ("");
  selected = gtk_single_selection_get_selected_item (selection ());
  g_assert_nonnull (selected);
  g_assert_cmpstr (gleaner_paper_get_id (selected), ==, id);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection ()), ==,
                    gleaner_paper_list_find (papers (), id));

  /* Gone from the results: nothing selected. */
  set_search ("zzqxjnothing");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (papers ())), ==, 0);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection ()), ==, GTK_INVALID_LIST_POSITION);

  /* Back: selected again. */
  set_search ("diffusion");
  selected = gtk_single_selection_get_selected_item (selection ());
  g_assert_nonnull (selected);
  g_assert_cmpstr (gleaner_paper_get_id (selected), ==, id);
}

/* Keystrokes faster than the results: the list ends with the last one's result, the same as a
 * list made for those words alone. */
static void
no_stale_results_body (void)
{
  static const char * const typed[] = { "d", "di", "dif", "diff", "diffu", "diffus", "diffusion", "diffusion m",
                                         "\"", "NEAR(", "*", "diffusion mo" };
  GtkEditable *entry = gleaner_window_get_search_entry (window);
  g_autoptr(GleanerPaperList) expected = NULL;
  guint n;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));

  /* Each starts its query as the text changes, so they follow each other with no result
   * (nor even a main-loop iteration) between two of them. */
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      gtk_editable_set_text (entry, typed[i]);
      /* At once, not after the entry's search-changed (a timeout). */
      g_assert_cmpstr (gleaner_paper_list_get_search (papers ()), ==, typed[i]);
    }
  settle ();

  expected = gleaner_paper_list_new (gleaner_application_get_store (app));
  gleaner_paper_list_set_filter (expected, gleaner_paper_list_get_filter (papers ()));
  gleaner_paper_list_set_sort (expected, gleaner_paper_list_get_sort (papers ()));
  gleaner_paper_list_set_search (expected, "diffusion mo");
  WAIT_UNTIL (!gleaner_paper_list_get_loading (expected));

  n = g_list_model_get_n_items (G_LIST_MODEL (expected));
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (papers ())), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GleanerPaper) want = g_list_model_get_item (G_LIST_MODEL (expected), i);
      g_autoptr(GleanerPaper) got = dup_item (i);

      g_assert_cmpstr (gleaner_paper_get_id (got), ==, gleaner_paper_get_id (want));
    }

  /* And the rows on screen show papers of that result only. */
  {
    g_autoptr(GPtrArray) rows = shown_rows ();

    g_assert_cmpuint (rows->len, >, 0);
    for (guint i = 0; i < rows->len; i++)
      {
        GleanerPaper *paper = gleaner_paper_row_get_paper (g_ptr_array_index (rows, i));

        g_assert_cmpuint (gleaner_paper_list_find (expected, gleaner_paper_get_id (paper)), <, n);
      }
  }
}

/* What a screen reader says of the list item the keyboard focus lands on. */
static char *
expected_name (GleanerPaperRow *row,
               gboolean         read,
               gboolean         starred)
{
  GleanerPaper *paper = gleaner_paper_row_get_paper (row);
  GString *s = g_string_new (gtk_inscription_get_text (gleaner_paper_row_get_title_label (row)));
  gint64 upvotes = gleaner_paper_get_upvotes (paper);
  g_autofree char *date = _gleaner_format_date (gleaner_paper_get_published (paper) > 0
                                                ? gleaner_paper_get_published (paper)
                                                : gleaner_paper_get_submitted (paper), FALSE);

  g_string_append_printf (s, ", %s", gtk_inscription_get_text (gleaner_paper_row_get_authors_label (row)));
  if (date != NULL)
    g_string_append_printf (s, ", %s", date);
  if (upvotes >= 0)
    g_string_append_printf (s, ", %" G_GINT64_FORMAT " %s", upvotes, upvotes == 1 ? "upvote" : "upvotes");
  if (!read)
    g_string_append (s, ", unread");
  if (starred)
    g_string_append (s, ", starred");

  return g_string_free (s, FALSE);
}

static void
count_changes_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *changes)
{
  (*changes)++;
}

/* Each list item (what takes the focus) is named after its paper: title, authors, date,
 * upvotes as "N upvotes", unread/starred; marks show in the same row widget at once, with no
 * change to the list. */
static void
names_and_marks_body (void)
{
  g_autoptr(GPtrArray) rows = shown_rows ();
  GleanerPaperRow *row;
  GleanerPaper *paper;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  guint changes = 0;
  gulong handler;

  g_assert_cmpuint (rows->len, >, 5);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *want = NULL;
      char *error;

      row = g_ptr_array_index (rows, i);
      paper = gleaner_paper_row_get_paper (row);
      g_assert_false (gleaner_paper_list_is_placeholder (paper));
      want = expected_name (row, gleaner_paper_get_read (paper), gleaner_paper_get_starred (paper));
      g_assert_true (g_str_has_prefix (want, gleaner_paper_get_title (paper)) ||
                     strchr (gleaner_paper_get_title (paper), '$') != NULL);
      error = gtk_test_accessible_check_property (GTK_ACCESSIBLE (gtk_widget_get_parent (GTK_WIDGET (row))),
                                                  GTK_ACCESSIBLE_PROPERTY_LABEL, want);
      if (error != NULL)
        g_error ("row %u: %s", i, error);
    }

  row = g_ptr_array_index (rows, 1);
  paper = gleaner_paper_row_get_paper (row);
  id = g_strdup (gleaner_paper_get_id (paper));
  g_assert_false (gleaner_paper_get_starred (paper));
  g_assert_false (gleaner_paper_get_read (paper));
  handler = g_signal_connect (papers (), "items-changed", G_CALLBACK (count_changes_cb), &changes);

  /* Star and read it through the row menu's actions: the same row widget shows both. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.paper-star", "s", id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.paper-read", "s", id));
  drain ();
  g_assert_true (gleaner_paper_row_get_paper (row) == paper);
  g_assert_true (gleaner_paper_get_starred (paper));
  g_assert_true (gleaner_paper_get_read (paper));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (gleaner_paper_row_get_title_label (row)),
                                            "unread"));
  name = expected_name (row, TRUE, TRUE);
  gtk_test_accessible_assert_property (gtk_widget_get_parent (GTK_WIDGET (row)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, name);
  g_assert_true (g_str_has_suffix (name, ", starred"));

  /* And back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.paper-star", "s", id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.paper-read", "s", id));
  drain ();
  g_assert_false (gleaner_paper_get_starred (paper));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (gleaner_paper_row_get_title_label (row)),
                                           "unread"));
  g_clear_pointer (&name, g_free);
  name = expected_name (row, FALSE, FALSE);
  gtk_test_accessible_assert_property (gtk_widget_get_parent (GTK_WIDGET (row)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, name);

  gleaner_store_flush (gleaner_application_get_store (app));
  drain ();
  g_assert_cmpuint (changes, ==, 0);
  g_signal_handler_disconnect (papers (), handler);
}

/* The list view's key controller (where the window's keys reach the list first). */
static GtkEventController *
list_key_controller (void)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (list_view ());

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
          gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        return controller;
    }

  g_assert_not_reached ();
}

static gboolean
press_key (guint           keyval,
           GdkModifierType state)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (list_key_controller (), "key-pressed", keyval, 0, state, &handled);
  drain ();
  return handled;
}

static GtkWidget *
focus (void)
{
  return gtk_root_get_focus (GTK_ROOT (window));
}

/* Tab leaves the list in one press, forward and back, from any row. */
static void
tab_leaves_list_body (void)
{
  g_autoptr(GPtrArray) rows = shown_rows ();
  GtkWidget *item = gtk_widget_get_parent (g_ptr_array_index (rows, 3));

  g_assert_true (gtk_widget_grab_focus (item));
  g_assert_true (focus () == item);

  g_assert_true (press_key (GDK_KEY_Tab, 0));
  g_assert_nonnull (focus ());
  g_assert_false (gtk_widget_is_ancestor (focus (), list_view ()));

  g_assert_true (gtk_widget_grab_focus (item));
  g_assert_true (press_key (GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK));
  g_assert_nonnull (focus ());
  g_assert_false (gtk_widget_is_ancestor (focus (), list_view ()));

  /* The arrows stay in the list: not the controller's business. */
  g_assert_true (gtk_widget_grab_focus (item));
  g_assert_false (press_key (GDK_KEY_Down, 0));
  g_assert_true (gtk_widget_is_ancestor (focus (), list_view ()));
}

static GtkPopover *
find_context_menu (void)
{
  GtkWidget *pane = gtk_widget_get_ancestor (list_view (), GLEANER_TYPE_LIST_PANE);

  for (GtkWidget *child = gtk_widget_get_first_child (pane);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER_MENU (child))
      return GTK_POPOVER (child);

  return NULL;
}

static void
clipboard_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static char *
read_clipboard (void)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (window)), NULL,
                                 clipboard_read_cb, &text);
  WAIT_UNTIL (text != NULL);
  return text;
}

/* The Menu key (and Shift+F10) opens the focused row's menu, whose items act on that paper
 * without opening it. */
static void
context_menu_body (void)
{
  g_autoptr(GPtrArray) rows = shown_rows ();
  GleanerPaperRow *row = g_ptr_array_index (rows, 2);
  GleanerPaper *paper = gleaner_paper_row_get_paper (row);
  g_autofree char *id = g_strdup (gleaner_paper_get_id (paper));
  g_autofree char *link = NULL;
  g_autofree char *bibtex = NULL;
  g_autofree char *arxiv = gleaner_paper_dup_arxiv_url (paper);
  GtkPopover *menu;
  GMenuModel *model;
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (row))));
  g_assert_true (press_key (GDK_KEY_Menu, 0));
  WAIT_UNTIL ((menu = find_context_menu ()) != NULL && gtk_widget_get_visible (GTK_WIDGET (menu)));

  /* Star, Mark as Read; Copy Link, Copy BibTeX, Open in Browser: each on this paper. */
  model = gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (menu));
  g_assert_cmpint (g_menu_model_get_n_items (model), ==, 2);
  for (int s = 0; s < 2; s++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, s, G_MENU_LINK_SECTION);

      for (int i = 0; i < g_menu_model_get_n_items (section); i++)
        {
          g_autofree char *action = NULL;
          g_autofree char *target = NULL;

          g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action));
          g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_TARGET, "s", &target));
          g_assert_cmpstr (target, ==, id);
          g_ptr_array_add (actions, g_steal_pointer (&action));
        }
    }
  g_assert_cmpuint (actions->len, ==, 5);
  g_assert_cmpstr (g_ptr_array_index (actions, 0), ==, "win.paper-star");
  g_assert_cmpstr (g_ptr_array_index (actions, 1), ==, "win.paper-read");
  g_assert_cmpstr (g_ptr_array_index (actions, 2), ==, "win.paper-copy-link");
  g_assert_cmpstr (g_ptr_array_index (actions, 3), ==, "win.paper-copy-bibtex");
  g_assert_cmpstr (g_ptr_array_index (actions, 4), ==, "win.paper-open");
  gtk_popover_popdown (menu);
  drain ();

  /* Shift+F10 too. */
  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (row))));
  g_assert_true (press_key (GDK_KEY_F10, GDK_SHIFT_MASK));
  WAIT_UNTIL (gtk_widget_get_visible (GTK_WIDGET (menu)));
  gtk_popover_popdown (menu);
  drain ();

  /* Nothing was opened (so nothing marked read) by any of it. */
  g_assert_cmpuint (gtk_single_selection_get_selected (selection ()), ==, GTK_INVALID_LIST_POSITION);
  g_assert_false (gleaner_paper_get_read (paper));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.paper-copy-link", "s", id));
  link = read_clipboard ();
  g_assert_cmpstr (link, ==, arxiv);
  g_assert_true (g_str_has_prefix (link, "https://"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.paper-copy-bibtex", "s", id));
  bibtex = read_clipboard ();
  g_assert_true (g_str_has_prefix (bibtex, "@"));
  g_assert_nonnull (strstr (bibtex, id));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.paper-star", "s", id));
  g_assert_true (gleaner_paper_get_starred (paper));
  g_assert_false (gleaner_paper_get_read (paper));
}

/* The list view's items (what takes the focus and holds a row widget) and whether any is on
 * screen with no paper, at the top, the middle and the end of the list. The view is a grid
 * view of one column (gleaner-list-pane.ui): GTK 4.8's list view keeps 200 items alive
 * whatever its height, each a row of a dozen widgets built, styled, measured and bound. */
static int
compare_floats (gconstpointer a,
                gconstpointer b)
{
  float x = *(const float *)a, y = *(const float *)b;

  return x < y ? -1 : x > y;
}

static void
check_items (void)
{
  GtkWidget *view = list_view ();
  int height = gtk_widget_get_height (view);
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, 2 * sizeof (float));
  guint n_items = 0;
  float end = 0;

  g_assert_cmpint (height, >, 200);
  for (GtkWidget *child = gtk_widget_get_first_child (view);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);
      graphene_rect_t bounds;
      float span[2];

      if (!GLEANER_IS_PAPER_ROW (row))
        continue;
      n_items++;
      /* A list's items to a screen reader (GTK makes them grid cells). */
      g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (child)), ==,
                       GTK_ACCESSIBLE_ROLE_LIST_ITEM);

      if (!gtk_widget_get_child_visible (child) ||
          !gtk_widget_compute_bounds (child, view, &bounds) ||
          bounds.origin.y + bounds.size.height <= 0 || bounds.origin.y >= height)
        continue;
      /* On screen: showing a paper. */
      g_assert_nonnull (gleaner_paper_row_get_paper (GLEANER_PAPER_ROW (row)));
      span[0] = bounds.origin.y;
      span[1] = bounds.origin.y + bounds.size.height;
      g_array_append_vals (spans, span, 1);
    }

  g_test_message ("%u list items, %u on screen", n_items, spans->len);
  g_assert_cmpuint (n_items, >=, 4);
  g_assert_cmpuint (n_items, <=, MAX_ITEMS);

  /* No hole in the list on screen: only the rows' margins (2 px) and the list's padding
   * (6 px) between them and at the ends. */
  g_assert_cmpuint (spans->len, >=, 4);
  g_array_sort (spans, compare_floats);
  for (guint i = 0; i < spans->len; i++)
    {
      float *span = &g_array_index (spans, float, 2 * i);

      g_assert_cmpfloat (span[0] - end, <=, 8);
      end = span[1];
    }
  g_assert_cmpfloat (end, >=, height - 8);
}

static void
few_items_body (void)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (papers ()));

  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (list_view ())), ==,
                   GTK_ACCESSIBLE_ROLE_LIST);
  g_assert_cmpuint (n, ==, 292);

  for (guint i = 0; i < 3; i++)
    {
      guint position = i == 0 ? 0 : i == 1 ? n / 2 : n - 1;
      g_autoptr(GleanerPaper) paper = dup_item (position);

      gtk_widget_activate_action (list_view (), "list.scroll-to-item", "u", position);
      WAIT_UNTIL (find_row (gleaner_paper_get_id (paper)) != NULL);
      settle ();
      check_items ();
    }
}

typedef struct
{
  GtkWidget *view;
  gboolean   attached;
} MapCheck;

static void
pane_mapped_cb (GtkWidget *pane,
                MapCheck  *check)
{
  check->attached = gtk_grid_view_get_model (GTK_GRID_VIEW (check->view)) != NULL;
}

/* A new window's list has its papers as the pane is mapped, so the first frame shows the
 * rows: built a frame later, the first frame showed an empty list and the next one redrew
 * the list alone (through a shared-memory image on X11). */
static void
rows_in_first_frame_body (void)
{
  g_autoptr(GleanerSession) session = NULL;
  GleanerWindow *other;
  GtkWidget *pane;
  MapCheck check = { NULL, FALSE };

  g_object_get (window, "session", &session, NULL);
  other = gleaner_window_new (GTK_APPLICATION (app), session);
  check.view = GTK_WIDGET (gleaner_window_get_list_view (other));
  pane = gtk_widget_get_ancestor (check.view, GLEANER_TYPE_LIST_PANE);
  g_assert_nonnull (pane);
  g_signal_connect_after (pane, "map", G_CALLBACK (pane_mapped_cb), &check);
  gtk_window_present (GTK_WINDOW (other));
  WAIT_UNTIL (gtk_widget_get_mapped (pane));
  g_assert_true (check.attached);

  g_object_add_weak_pointer (G_OBJECT (other), (gpointer *)&other);
  gtk_window_destroy (GTK_WINDOW (other));
  WAIT_UNTIL (other == NULL);
}

/* Rows past the first pages come from the list's worker: scrolled into view, each shows its
 * paper once read. */
static void
far_rows_body (void)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (papers ()));
  g_autoptr(GleanerPaper) last = NULL;

  g_assert_cmpuint (n, ==, 292);
  gtk_widget_activate_action (list_view (), "list.scroll-to-item", "u", n - 1);
  last = dup_item (n - 1);
  WAIT_UNTIL (find_row (gleaner_paper_get_id (last)) != NULL);
  g_assert_true (gleaner_paper_row_get_paper (find_row (gleaner_paper_get_id (last))) == last);
  g_assert_nonnull (gtk_inscription_get_text (gleaner_paper_row_get_title_label (find_row (gleaner_paper_get_id (last)))));
  g_assert_cmpstr (gtk_inscription_get_text (gleaner_paper_row_get_title_label (find_row (gleaner_paper_get_id (last)))),
                   !=, "");
}

/* Cases share an application run where they do not get in each other's way: each run starts
 * with a sync of its own, which is most of a case's time. */
static void
selection_and_typing_body (void)
{
  selection_follows_body ();
  no_stale_results_body ();
}

static void
test_selection_and_typing (Fixture       *f,
                           gconstpointer  data)
{
  populate ();
  with_app (selection_and_typing_body);
}

static void
names_keyboard_menu_body (void)
{
  rows_in_first_frame_body ();
  names_and_marks_body ();
  tab_leaves_list_body ();
  context_menu_body ();
  far_rows_body ();
  few_items_body ();
}

static void
test_names_keyboard_menu (Fixture       *f,
                          gconstpointer  data)
{
  populate ();
  with_app (names_keyboard_menu_body);
}

/* ------------------------------------------------------------------------------------------ */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.gleaner.Gleaner");
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  fixture = f;
  f->server = gleaner_test_server_new ();
  g_setenv ("GLEANER_HF_BASE_URL", gleaner_test_server_get_url (f->server), TRUE);

  /* The memory backend outlives a case: every key to its default; no syncs or notifications
   * of their own. */
  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
  g_settings_set_boolean (settings, "auto-sync", FALSE);
  g_settings_set_boolean (settings, "daily-digest", FALSE);
  g_settings_set_boolean (settings, "notify-saved-searches", FALSE);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_null (app);
  g_assert_null (window);
  g_clear_pointer (&f->server, gleaner_test_server_free);
  g_unsetenv ("GLEANER_HF_BASE_URL");
  fixture = NULL;
}

/* A row asks for the same size whatever its title: measuring the window (GTK does it for any
 * change of size in it, each keystroke in the search entry too) then never shapes the titles
 * of the rows GTK keeps. The title still shows whole in the row's name. */
static void
test_row_size_ignores_title (Fixture       *f,
                             gconstpointer  data)
{
  static const char * const titles[] = {
    "Bandits",
    "A Very Long Title About Parameter Space Exploration in Deep Generative Diffusion Models "
    "With Many Words That Would Never Fit On One Line Of The List",
    "Ŀøŋğ ŧïŧŀē ŵïŧħ ŀëŧŧëřš ŧħäŧ ñëëð ŝħäþïñğ — 参数空间 — פרמטרים",
  };
  int width_min[G_N_ELEMENTS (titles)], width_nat[G_N_ELEMENTS (titles)];
  int height_nat[G_N_ELEMENTS (titles)];
  GtkWidget *row = g_object_ref_sink (gleaner_paper_row_new ());

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autoptr(GleanerPaper) paper = gleaner_paper_new ("2501.00001");
      int min;

      gleaner_paper_set_title (paper, titles[i]);
      gleaner_paper_row_set_paper (GLEANER_PAPER_ROW (row), paper);
      g_assert_cmpstr (gtk_inscription_get_text (gleaner_paper_row_get_title_label (GLEANER_PAPER_ROW (row))),
                       ==, titles[i]);
      gtk_widget_measure (row, GTK_ORIENTATION_HORIZONTAL, -1, &width_min[i], &width_nat[i],
                          NULL, NULL);
      gtk_widget_measure (row, GTK_ORIENTATION_VERTICAL, 300, &min, &height_nat[i], NULL, NULL);
      if (i > 0)
        {
          g_assert_cmpint (width_min[i], ==, width_min[0]);
          g_assert_cmpint (width_nat[i], ==, width_nat[0]);
          g_assert_cmpint (height_nat[i], ==, height_nat[0]);
        }
      gleaner_paper_row_set_paper (GLEANER_PAPER_ROW (row), NULL);
    }

  g_object_unref (row);
}

/* Every row draws the upvote arrow from its first frame on, at 12 px: it must come from a
 * symbolic PNG (at that size Adwaita has only an SVG, whose loader, librsvg, would cost every
 * start 6 MB of memory), found in the application's icons (as the application adds them,
 * init_display() in gleaner-application.c). */
static void
test_upvote_icon (Fixture       *f,
                  gconstpointer  data)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  g_autoptr(GtkIconPaintable) icon = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;

  gtk_icon_theme_add_resource_path (theme, RESOURCE_BASE "/icons");
  icon = gtk_icon_theme_lookup_icon (theme, "gleaner-upvote-symbolic", NULL, 12, 1,
                                     GTK_TEXT_DIR_NONE, 0);
  file = gtk_icon_paintable_get_file (icon);
  g_assert_nonnull (file);
  uri = g_file_get_uri (file);
  g_assert_true (g_str_has_prefix (uri, "resource://" RESOURCE_BASE "/icons/"));
  g_assert_true (g_str_has_suffix (uri, ".symbolic.png"));
  g_assert_true (gtk_icon_paintable_is_symbolic (icon));
}

/* A spinning spinner, styled as the app is, draws the spinner icon from the resources: Adwaita
 * has it only as an SVG, and the first SVG a process draws loads librsvg (about 6 MB). Every
 * session shows a spinner (the sync that starts with the app), so no librsvg may be mapped
 * once it has been drawn. In its own process: nothing else drew before. */
static void
spinner_icon_child (void)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  GtkWidget *win = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *small = gtk_spinner_new ();
  GtkWidget *large = gtk_spinner_new ();
  GdkFrameClock *clock;
  g_autofree char *maps = NULL;
  gint64 frame;

  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    RESOURCE_BASE "/icons");
  gtk_css_provider_load_from_resource (css, RESOURCE_BASE "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  gtk_widget_set_size_request (large, 32, 32);
  gtk_box_append (GTK_BOX (box), small);
  gtk_box_append (GTK_BOX (box), large);
  gtk_window_set_child (GTK_WINDOW (win), box);
  gtk_spinner_start (GTK_SPINNER (small));
  gtk_spinner_start (GTK_SPINNER (large));
  gtk_window_present (GTK_WINDOW (win));

  WAIT_UNTIL (gtk_widget_get_mapped (win));
  clock = gtk_widget_get_frame_clock (win);
  frame = gdk_frame_clock_get_frame_counter (clock);
  WAIT_UNTIL (gdk_frame_clock_get_frame_counter (clock) > frame + 2);

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  g_assert_null (strstr (maps, "librsvg"));
  gtk_window_destroy (GTK_WINDOW (win));
}

static void
test_spinner_icon (Fixture       *f,
                   gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      spinner_icon_child ();
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  static const GleanerTestCase cases[] = {
    { "/rows/reused-across-searches", (GTestFixtureFunc)test_rows_reused },
    { "/rows/selection-and-typing", (GTestFixtureFunc)test_selection_and_typing },
    { "/rows/names-keyboard-menu", (GTestFixtureFunc)test_names_keyboard_menu },
    { "/rows/upvote-icon", (GTestFixtureFunc)test_upvote_icon },
    { "/rows/size-ignores-title", (GTestFixtureFunc)test_row_size_ignores_title },
    { "/rows/spinner-icon", (GTestFixtureFunc)test_spinner_icon },
  };

  /* GTK's test accessibility backend keeps what each widget tells a screen reader, for
   * gtk_test_accessible_check_property(); "none" (the suite's default) keeps nothing. */
  g_setenv ("GTK_A11Y", "test", TRUE);

  /* As test-window: the system data directories are read before GTest isolates them. */
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
