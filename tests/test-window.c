/* test-window.c — the main window, driven for real under Xvfb.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test case stands alone, in any order: GTest gives it its own $XDG_DATA_HOME (so its own
 * database), setup() resets every setting and starts its own small SoupServer on the loopback
 * serving the recorded pages from tests/fixtures, and a test that needs papers or earlier user
 * actions makes them itself. Notifications are off: none of these tests is about them, and a
 * machine need not have a notification server (test-app and test-notify bring a fake one).
 * The cases are registered in an order drawn from GTest's seed (see gleaner-test-util.h).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
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
#include "gleaner-window.h"

typedef enum
{
  SERVE_PAPERS,   /* daily-papers-p0/p1/p2.json, linked with rel="next" */
  SERVE_MARKUP,   /* markup.json */
  SERVE_FAIL,     /* HTTP 500 */
} ServeMode;

/* One test case's own state. */
typedef struct
{
  GleanerTestServer *server;
  GPtrArray         *read_ids;     /* papers the test opened (so read) */
  char              *starred_id;   /* the paper it starred */
} Fixture;

/* The running test's fixture, for the helpers; set by setup, cleared by teardown. */
static Fixture            *fixture;
/* The application instance with_app() runs, and its window; NULL between instances. */
static GleanerApplication *app;
static GleanerWindow      *window;

/* ------------------------------------------------------------------------------------------ */
/* Helpers */

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

static void
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

static GListModel *
model (void)
{
  return gleaner_window_get_list_model (window);
}

static gboolean
list_idle (void)
{
  return !gleaner_paper_list_get_loading (GLEANER_PAPER_LIST (model ()));
}

static GleanerSync *
sync_ (void)
{
  return gleaner_application_get_sync (app);
}

/* The application's Hugging Face source, which its settings apply to. */
static GleanerHfSource *
hf_source_ (void)
{
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
static void
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

static void
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

static GleanerPaper *
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

static guint
find (const char *id)
{
  return gleaner_paper_list_find (GLEANER_PAPER_LIST (model ()), id);
}

static void
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

static GleanerPaper *
selected (void)
{
  return gtk_single_selection_get_selected_item (gleaner_window_get_selection (window));
}

/* The realized row showing @paper's id, or NULL. */
static GleanerPaperRow *
find_row (const char *id)
{
  GtkWidget *list_view = GTK_WIDGET (gleaner_window_get_list_view (window));

  for (GtkWidget *child = gtk_widget_get_first_child (list_view);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);
      GleanerPaper *paper;

      if (GLEANER_IS_PAPER_ROW (row) &&
          (paper = gleaner_paper_row_get_paper (GLEANER_PAPER_ROW (row))) != NULL &&
          g_strcmp0 (gleaner_paper_get_id (paper), id) == 0)
        return GLEANER_PAPER_ROW (row);
    }

  return NULL;
}

static guint
count_bound_rows (void)
{
  GtkWidget *list_view = GTK_WIDGET (gleaner_window_get_list_view (window));
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list_view);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (GLEANER_IS_PAPER_ROW (row) && gleaner_paper_row_get_paper (GLEANER_PAPER_ROW (row)))
        n++;
    }

  return n;
}

static void
set_search (const char *text)
{
  gtk_editable_set_text (gleaner_window_get_search_entry (window), text);
  /* The list queries as the text changes (not after the entry's typing delay). */
  WAIT_UNTIL (g_strcmp0 (gleaner_paper_list_get_search (GLEANER_PAPER_LIST (model ())), text) == 0 ||
              (*text == '\0' && gleaner_paper_list_get_search (GLEANER_PAPER_LIST (model ())) == NULL));
  WAIT_UNTIL (list_idle ());
  drain ();
}

static const char *
label_text (GtkLabel *label)
{
  return gtk_label_get_text (label);
}

/* The rows' text is in labels and GtkInscriptions, set as plain text: were it parsed as markup, the
 * text read back would differ from the raw string. */
static const char *
inscription_text (gpointer widget)
{
  const char *text = GTK_IS_LABEL (widget) ? gtk_label_get_text (widget)
                                           : gtk_inscription_get_text (widget);

  return text ? text : "";
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
static void
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

/* ------------------------------------------------------------------------------------------ */
/* Tests */

static void
empty_then_error_body (void)
{

  g_assert_cmpuint (g_list_model_get_n_items (model ()), ==, 0);
  g_assert_cmpstr (gleaner_window_get_view_state (window), ==, "empty");
  g_assert_null (gleaner_paper_detail_get_paper (gleaner_window_get_detail (window)));

  /* A failed first sync: the error and a way to try again, in place of the list. */
  serve (SERVE_FAIL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL));
  g_assert_cmpstr (gleaner_window_get_view_state (window), ==, "fetching");
  WAIT_UNTIL (!gleaner_sync_get_running (sync_ ()));
  WAIT_UNTIL (g_strcmp0 (gleaner_window_get_view_state (window), "error") == 0);
  g_assert_null (gleaner_window_get_last_toast (window));
  g_assert_cmpuint (gleaner_test_server_get_n_requests (fixture->server), >, 0);
}

static void
test_empty_then_error (Fixture       *f,
                      gconstpointer  data)
{
  with_app (empty_then_error_body);
}

static void
sync_shows_papers_body (void)
{
  guint n_items;
  guint n_rows;

  g_assert_cmpstr (gleaner_window_get_view_state (window), ==, "empty");

  serve (SERVE_PAPERS);
  refresh ();

  /* 293 entries, one duplicate id in page 0. */
  n_items = g_list_model_get_n_items (model ());
  g_assert_cmpuint (n_items, ==, 292);
  g_assert_cmpint (gleaner_store_count_papers (gleaner_application_get_store (app), NULL), ==, 292);
  g_assert_cmpstr (gleaner_window_get_view_state (window), ==, "list");
  g_assert_cmpstr (gleaner_window_get_last_toast (window), ==, "292 new papers");

  /* The view realizes rows for what is on screen, not for all papers. */
  WAIT_UNTIL (count_bound_rows () > 0);
  n_rows = count_bound_rows ();
  g_assert_cmpuint (n_rows, >=, 5);
  g_assert_cmpuint (n_rows, <, n_items);

  /* The first row shows the first paper, through the LaTeX conversion. */
  {
    GleanerPaper *first = item (0);
    GleanerPaperRow *row = find_row (gleaner_paper_get_id (first));
    g_autofree char *title = gleaner_text_from_latex (gleaner_paper_get_title (first));

    g_assert_nonnull (row);
    g_assert_cmpstr (inscription_text (gleaner_paper_row_get_title_label (row)), ==, title);
    g_assert_true (g_str_has_suffix (inscription_text (gleaner_paper_row_get_authors_label (row)), "et al.") ||
                   g_strv_length ((char **)gleaner_paper_get_authors (first)) <= 3);
  }

  /* Nothing is selected (or read) until the user picks a paper. */
  g_assert_null (selected ());
  g_assert_false (gleaner_paper_get_read (item (0)));

  /* Trending: most upvotes first. */
  for (guint i = 1; i < 40; i++)
    g_assert_cmpint (gleaner_paper_get_upvotes (item (i - 1)), >=, gleaner_paper_get_upvotes (item (i)));
}

static guint frames_painted;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  frames_painted++;
}

/* Until the window has painted two more frames: what a change queued is laid out. */
static void
wait_frames (void)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  guint target = frames_painted + 2;

  while (frames_painted < target)
    {
      gtk_widget_queue_draw (GTK_WIDGET (window));
      g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handler_disconnect (clock, handler);
}

static void
test_sync_shows_papers (Fixture       *f,
                       gconstpointer  data)
{
  with_app (sync_shows_papers_body);
}

/* "Mark All as Read" (the main menu's item) marks the view's papers (here: a search's
 * results) read, the count drops to 0, and Undo brings back exactly those. */
static void
mark_all_read_body (void)
{
  GtkWidget *pane = gtk_widget_get_ancestor (GTK_WIDGET (gleaner_window_get_list_view (window)),
                                             GLEANER_TYPE_LIST_PANE);
  g_autoptr(GMenuModel) menu = NULL;
  GSettings *settings = gleaner_application_get_settings (app);
  const char *toast;
  g_autofree char *expected = NULL;
  gboolean in_menu = FALSE;
  guint total = g_list_model_get_n_items (model ());
  guint n;
  int width, min_width;
  g_autofree char *title = NULL;

  /* The main menu offers it. */
  g_object_get (pane, "primary-menu", &menu, NULL);
  for (int s = 0; menu != NULL && s < g_menu_model_get_n_items (menu) && !in_menu; s++)
    {
      GMenuModel *section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);

      for (int i = 0; section != NULL && i < g_menu_model_get_n_items (section); i++)
        {
          g_autofree char *action = NULL;

          if (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action) &&
              g_strcmp0 (action, "win.mark-all-read") == 0)
            in_menu = TRUE;
        }
      g_clear_object (&section);
    }
  g_assert_true (in_menu);

  WAIT_UNTIL (gleaner_window_get_unread_count (window) == total);
  wait_frames ();
  width = gtk_widget_get_width (pane);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  set_search ("parameter");
  n = g_list_model_get_n_items (model ());
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <, total);
  WAIT_UNTIL (gleaner_window_get_unread_count (window) == n);

  toast = gleaner_window_get_last_toast (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.mark-all-read", NULL));
  WAIT_UNTIL (gleaner_window_get_unread_count (window) == 0);
  WAIT_UNTIL (gleaner_window_get_last_toast (window) != toast);
  expected = g_strdup_printf ("%u marked as read", n);
  g_assert_cmpstr (gleaner_window_get_last_toast (window), ==, expected);
  /* The subtitle's count changed and a toast came: the divider stays where it was (a move
   * redraws the whole window), and the toast floats over the panes rather than wrap them. */
  wait_frames ();
  g_assert_cmpint (gtk_widget_get_width (pane), ==, width);
  g_assert_null (gtk_widget_get_ancestor (pane, ADW_TYPE_TOAST_OVERLAY));
  /* Nor does a long title (a saved search's name) move it. */
  title = g_strdup (gleaner_list_pane_get_title (GLEANER_LIST_PANE (pane)));
  gleaner_list_pane_set_title (GLEANER_LIST_PANE (pane),
                               "Diffusion models for parameter-space exploration in physics");
  wait_frames ();
  g_assert_cmpint (gtk_widget_get_width (pane), ==, width);
  /* The pane does not measure its content across (see gleaner-list-pane.c): what it holds
   * must fit in its 360 px, long title and all. */
  gtk_widget_measure (adw_bin_get_child (ADW_BIN (pane)), GTK_ORIENTATION_HORIZONTAL, -1,
                      &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 360);
  gleaner_list_pane_set_title (GLEANER_LIST_PANE (pane), title);
  for (guint i = 0; i < n; i++)
    g_assert_true (gleaner_paper_get_read (item (i)));

  /* Only the view's papers: the rest of the list is still unread. */
  set_search ("");
  WAIT_UNTIL (gleaner_window_get_unread_count (window) == total - n);

  /* Undo, from the toast's button. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo-mark-all-read", NULL));
  WAIT_UNTIL (gleaner_window_get_unread_count (window) == total);
  set_search ("parameter");
  for (guint i = 0; i < n; i++)
    g_assert_false (gleaner_paper_get_read (item (i)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.escape", NULL));
  drain ();
  g_settings_reset (settings, "filter");
}

static void
test_mark_all_read (Fixture       *f,
                    gconstpointer  data)
{
  populate (FALSE);
  with_app (mark_all_read_body);
}

/* The text of the title the row marks in bold, joined with "|". */
static char *
row_marks (GleanerPaperRow *row)
{
  GtkInscription *label = gleaner_paper_row_get_title_label (row);
  PangoAttrList *attrs = gtk_inscription_get_attributes (label);
  const char *text = inscription_text (label);
  g_autoptr(GSList) list = attrs ? pango_attr_list_get_attributes (attrs) : NULL;
  GString *out = g_string_new (NULL);

  for (GSList *l = list; l != NULL; l = l->next)
    {
      PangoAttribute *attr = l->data;

      if (attr->klass->type == PANGO_ATTR_WEIGHT)
        {
          if (out->len > 0)
            g_string_append_c (out, '|');
          g_string_append_len (out, text + attr->start_index, attr->end_index - attr->start_index);
        }
    }
  g_slist_free_full (g_steal_pointer (&list), (GDestroyNotify)pango_attribute_destroy);

  return g_string_free (out, FALSE);
}

/* The rows mark the search's words in their titles (item 14), with attributes, and drop the
 * marks when the search ends. */
static void
rows_highlight_body (void)
{
  GleanerPaperRow *row = NULL;
  g_autofree char *marks = NULL;
  g_autofree char *cleared = NULL;
  guint n;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  set_search ("parameter");
  n = g_list_model_get_n_items (model ());
  for (guint i = 0; i < n && row == NULL; i++)
    {
      g_autofree char *title = g_ascii_strdown (gleaner_paper_get_title (item (i)), -1);

      if (strstr (title, "parameter") != NULL)
        WAIT_UNTIL ((row = find_row (gleaner_paper_get_id (item (i)))) != NULL);
    }
  g_assert_nonnull (row);
  marks = row_marks (row);
  g_assert_cmpstr (marks, !=, "");
  {
    g_autofree char *lower = g_ascii_strdown (marks, -1);
    g_auto(GStrv) each = g_strsplit (lower, "|", -1);

    for (guint i = 0; each[i] != NULL; i++)
      g_assert_cmpstr (each[i], ==, "parameter");
  }

  /* The title stays plain text: an inscription set with its text parses no markup, and the
   * text shown is the title itself. */
  {
    g_autofree char *shown = gleaner_text_from_latex (gleaner_paper_get_title (gleaner_paper_row_get_paper (row)));

    g_assert_cmpstr (inscription_text (gleaner_paper_row_get_title_label (row)), ==, shown);
  }

  /* A row still in the list drops its marks; one put aside drops them on its next bind. */
  g_object_ref (row);
  set_search ("");
  WAIT_UNTIL (gtk_widget_get_parent (GTK_WIDGET (row)) == NULL ||
              gtk_inscription_get_attributes (gleaner_paper_row_get_title_label (row)) == NULL);
  if (gtk_widget_get_parent (GTK_WIDGET (row)) != NULL)
    {
      cleared = row_marks (row);
      g_assert_cmpstr (cleared, ==, "");
    }
  g_object_unref (row);
}

static void
test_rows_highlight (Fixture       *f,
                     gconstpointer  data)
{
  populate (FALSE);
  with_app (rows_highlight_body);
}

static void
select_shows_detail_body (void)
{
  GleanerPaperDetail *detail;
  GleanerPaper *paper;
  g_autofree char *title = NULL;
  g_autofree char *abstract = NULL;

  detail = gleaner_window_get_detail (window);

  /* Wide enough for both panes. */
  WAIT_UNTIL (!adw_leaflet_get_folded (gleaner_window_get_leaflet (window)));
  g_assert_null (gleaner_paper_detail_get_paper (detail));

  paper = item (3);
  g_assert_false (gleaner_paper_get_read (paper));
  select_position (3);

  g_assert_true (gleaner_paper_detail_get_paper (detail) == paper);
  title = gleaner_text_from_latex (gleaner_paper_get_title (paper));
  abstract = gleaner_text_from_latex (gleaner_paper_get_abstract (paper));
  g_assert_cmpstr (label_text (gleaner_paper_detail_get_title_label (detail)), ==, title);
  g_assert_cmpstr (label_text (gleaner_paper_detail_get_abstract_label (detail)), ==, abstract);
  g_assert_nonnull (strstr (label_text (gleaner_paper_detail_get_authors_label (detail)),
                            gleaner_paper_get_authors (paper)[0]));
  g_assert_true (gtk_label_get_selectable (gleaner_paper_detail_get_abstract_label (detail)));

  /* Derived links are always there; they open the web. */
  g_assert_nonnull (gleaner_paper_detail_get_link_button (detail, "arxiv"));
  g_assert_nonnull (gleaner_paper_detail_get_link_button (detail, "pdf"));
  g_assert_true (g_str_has_prefix (gleaner_paper_detail_get_link_uri (gleaner_paper_detail_get_link_button (detail, "huggingface")),
                                   "https://"));

  /* Opening marks it read. */
  g_assert_true (gleaner_paper_get_read (paper));
  g_ptr_array_add (fixture->read_ids, g_strdup (gleaner_paper_get_id (paper)));

  /* j/k move the selection. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.select-next", NULL));
  drain ();
  g_assert_cmpuint (gtk_single_selection_get_selected (gleaner_window_get_selection (window)), ==, 4);
  g_assert_true (gleaner_paper_detail_get_paper (detail) == item (4));
  g_assert_true (gleaner_paper_get_read (item (4)));
  g_ptr_array_add (fixture->read_ids, g_strdup (gleaner_paper_get_id (item (4))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.select-previous", NULL));
  drain ();
  g_assert_cmpuint (gtk_single_selection_get_selected (gleaner_window_get_selection (window)), ==, 3);
}

static void
test_select_shows_detail (Fixture       *f,
                         gconstpointer  data)
{
  populate (FALSE);
  with_app (select_shows_detail_body);
}

static void
search_body (void)
{
  guint total;
  guint n;

  total = g_list_model_get_n_items (model ());
  g_assert_cmpuint (total, ==, 292);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  set_search ("FuseChat");
  n = g_list_model_get_n_items (model ());
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <, total);
  {
    GleanerPaper *first = item (0);
    g_autofree char *haystack = g_utf8_casefold (gleaner_paper_get_title (first), -1);
    g_autofree char *abstract = g_utf8_casefold (gleaner_paper_get_abstract (first), -1);

    g_assert_true (strstr (haystack, "fusechat") != NULL || strstr (abstract, "fusechat") != NULL);
  }
  g_assert_cmpstr (gleaner_window_get_view_state (window), ==, "list");

  set_search ("qqzzxxnotaword");
  g_assert_cmpuint (g_list_model_get_n_items (model ()), ==, 0);
  WAIT_UNTIL (g_strcmp0 (gleaner_window_get_view_state (window), "no-results") == 0);

  /* Clearing restores the whole list. */
  set_search ("");
  g_assert_cmpuint (g_list_model_get_n_items (model ()), ==, total);
  g_assert_cmpstr (gleaner_window_get_view_state (window), ==, "list");

  /* Escape (leaving search) clears it too. */
  set_search ("FuseChat");
  g_assert_cmpuint (g_list_model_get_n_items (model ()), <, total);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.escape", NULL));
  WAIT_UNTIL (gleaner_paper_list_get_search (GLEANER_PAPER_LIST (model ())) == NULL ||
              *gleaner_paper_list_get_search (GLEANER_PAPER_LIST (model ())) == '\0');
  WAIT_UNTIL (list_idle ());
  g_assert_cmpstr (gtk_editable_get_text (gleaner_window_get_search_entry (window)), ==, "");
  g_assert_cmpuint (g_list_model_get_n_items (model ()), ==, total);
}

static void
test_search (Fixture       *f,
            gconstpointer  data)
{
  populate (FALSE);
  with_app (search_body);
}

static void
filter_sort_star_body (void)
{
  GSettings *settings;
  GleanerPaper *paper;
  guint total;
  guint n_read = 0;

  settings = gleaner_application_get_settings (app);
  total = g_list_model_get_n_items (model ());

  /* Star the paper at 10 with the action, as the "s" key does. */
  select_position (10);
  paper = item (10);
  fixture->starred_id = g_strdup (gleaner_paper_get_id (paper));
  g_ptr_array_add (fixture->read_ids, g_strdup (fixture->starred_id));
  g_assert_false (gleaner_paper_get_starred (paper));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-star", NULL));
  g_assert_true (gleaner_paper_get_starred (paper));

  /* Single-letter shortcuts do nothing while typing in the search entry. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  drain ();
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (gleaner_window_get_search_entry (window))) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                         GTK_WIDGET (gleaner_window_get_search_entry (window))));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-star", NULL);
  g_assert_true (gleaner_paper_get_starred (paper));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-read", NULL);
  g_assert_true (gleaner_paper_get_read (paper));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.escape", NULL));
  drain ();

  gleaner_store_flush (gleaner_application_get_store (app));

  /* Starred: just that one. */
  g_settings_set_string (settings, "filter", "starred");
  WAIT_UNTIL (gleaner_paper_list_get_filter (GLEANER_PAPER_LIST (model ())) == GLEANER_FILTER_STARRED);
  WAIT_UNTIL (list_idle ());
  g_assert_cmpuint (g_list_model_get_n_items (model ()), ==, 1);
  g_assert_cmpstr (gleaner_paper_get_id (item (0)), ==, fixture->starred_id);
  /* The selected paper is still the one shown. */
  g_assert_cmpstr (gleaner_paper_get_id (selected ()), ==, fixture->starred_id);

  /* Unread: everything not opened so far. */
  g_settings_set_string (settings, "filter", "unread");
  WAIT_UNTIL (gleaner_paper_list_get_filter (GLEANER_PAPER_LIST (model ())) == GLEANER_FILTER_UNREAD);
  WAIT_UNTIL (list_idle ());
  for (guint i = 0; i < g_list_model_get_n_items (model ()); i++)
    g_assert_false (gleaner_paper_get_read (item (i)));
  n_read = total - g_list_model_get_n_items (model ());
  g_assert_cmpuint (n_read, ==, fixture->read_ids->len);

  /* Newest: most recently published first. */
  g_settings_set_string (settings, "filter", "all");
  g_settings_set_string (settings, "sort", "newest");
  WAIT_UNTIL (gleaner_paper_list_get_sort (GLEANER_PAPER_LIST (model ())) == GLEANER_SORT_NEWEST &&
              gleaner_paper_list_get_filter (GLEANER_PAPER_LIST (model ())) == GLEANER_FILTER_ALL);
  WAIT_UNTIL (list_idle ());
  g_assert_cmpuint (g_list_model_get_n_items (model ()), ==, total);
  for (guint i = 1; i < total; i++)
    g_assert_cmpint (gleaner_paper_get_published (item (i - 1)), >=, gleaner_paper_get_published (item (i)));

  /* A starred filter with nothing in it says so. */
  paper = gleaner_paper_detail_get_paper (gleaner_window_get_detail (window));
  g_assert_cmpstr (gleaner_paper_get_id (paper), ==, fixture->starred_id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-star", NULL));
  g_assert_false (gleaner_paper_get_starred (paper));
  gleaner_store_flush (gleaner_application_get_store (app));
  g_settings_set_string (settings, "filter", "starred");
  WAIT_UNTIL (gleaner_paper_list_get_filter (GLEANER_PAPER_LIST (model ())) == GLEANER_FILTER_STARRED);
  WAIT_UNTIL (list_idle ());
  g_assert_cmpuint (g_list_model_get_n_items (model ()), ==, 0);
  WAIT_UNTIL (g_strcmp0 (gleaner_window_get_view_state (window), "filter-empty") == 0);

  /* Star it again for the restart test. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-star", NULL));

  g_settings_set_string (settings, "filter", "all");
  g_settings_set_string (settings, "sort", "upvotes");
}

static void
test_filter_sort_star (Fixture       *f,
                      gconstpointer  data)
{
  populate (FALSE);
  with_app (filter_sort_star_body);
}

static GleanerPaper *
item_by_id (const char *id)
{
  guint pos = find (id);

  g_assert_cmpuint (pos, !=, G_MAXUINT);
  return item (pos);
}

static char *restart_unread_id;
static char *restart_star_id;

/* What a user did before quitting: opened two papers and starred a third. */
static void
restart_prepare_body (void)
{
  WAIT_UNTIL (!adw_leaflet_get_folded (gleaner_window_get_leaflet (window)));

  for (guint pos = 3; pos <= 4; pos++)
    {
      select_position (pos);
      g_assert_true (gleaner_paper_get_read (selected ()));
      g_ptr_array_add (fixture->read_ids, g_strdup (gleaner_paper_get_id (selected ())));
    }

  select_position (10);
  fixture->starred_id = g_strdup (gleaner_paper_get_id (selected ()));
  g_ptr_array_add (fixture->read_ids, g_strdup (fixture->starred_id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-star", NULL));
  g_assert_true (gleaner_paper_get_starred (selected ()));
}

static void
restart_before_body (void)
{
  guint n_starred = 0;

  /* What the instance before did, read back from the database by a new instance. */
  g_assert_cmpuint (fixture->read_ids->len, ==, 3);
  for (guint i = 0; i < fixture->read_ids->len; i++)
    g_assert_true (gleaner_paper_get_read (item_by_id (g_ptr_array_index (fixture->read_ids, i))));
  g_assert_true (gleaner_paper_get_starred (item_by_id (fixture->starred_id)));
  for (guint i = 0; i < g_list_model_get_n_items (model ()); i++)
    n_starred += gleaner_paper_get_starred (item (i));
  g_assert_cmpuint (n_starred, ==, 1);

  /* Mark one read paper unread again ("u") and star another paper ("s"). */
  restart_unread_id = g_strdup (g_ptr_array_index (fixture->read_ids, 0));
  select_position (find (restart_unread_id));
  g_assert_true (gleaner_paper_get_read (selected ()));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-read", NULL));
  g_assert_false (gleaner_paper_get_read (selected ()));

  select_position (20);
  restart_star_id = g_strdup (gleaner_paper_get_id (selected ()));
  g_assert_false (gleaner_paper_get_starred (selected ()));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-star", NULL));
  g_assert_true (gleaner_paper_get_starred (selected ()));
}

static void
restart_after_body (void)
{
  g_assert_false (gleaner_paper_get_read (item_by_id (restart_unread_id)));
  g_assert_true (gleaner_paper_get_starred (item_by_id (restart_star_id)));
  g_assert_true (gleaner_paper_get_read (item_by_id (restart_star_id)));
  g_assert_true (gleaner_paper_get_starred (item_by_id (fixture->starred_id)));
}

static void
test_state_survives_restart (Fixture       *f,
                            gconstpointer  data)
{
  populate (FALSE);
  with_app (restart_prepare_body);
  with_app (restart_before_body);
  with_app (restart_after_body);

  g_clear_pointer (&restart_unread_id, g_free);
  g_clear_pointer (&restart_star_id, g_free);
}

static void
markup_and_links_body (void)
{
  const char *raw_title = "<b>Bold</b> & <i>x</i>";
  GleanerPaperDetail *detail;
  GleanerPaperRow *row;
  GleanerPaper *paper;
  g_autofree char *kept_id = NULL;
  GtkWidget *button;
  guint pos;

  detail = gleaner_window_get_detail (window);

  /* A paper selected before the sync stays selected after it. */
  select_position (30);
  kept_id = g_strdup (gleaner_paper_get_id (selected ()));

  serve (SERVE_MARKUP);
  refresh ();
  g_assert_cmpuint (g_list_model_get_n_items (model ()), ==, 295);
  g_assert_cmpstr (gleaner_window_get_last_toast (window), ==, "3 new papers");
  g_assert_nonnull (selected ());
  g_assert_cmpstr (gleaner_paper_get_id (selected ()), ==, kept_id);
  g_assert_cmpstr (gleaner_paper_get_id (gleaner_paper_detail_get_paper (detail)), ==, kept_id);

  /* The sync dropped the list's cached objects: a star set from the detail pane still shows in
   * the list's object for that paper. */
  {
    GleanerPaper *shown = gleaner_paper_detail_get_paper (detail);
    guint kept_pos = gtk_single_selection_get_selected (gleaner_window_get_selection (window));
    g_autoptr(GleanerPaper) listed = g_list_model_get_item (model (), kept_pos);
    gboolean was = gleaner_paper_get_starred (shown);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-star", NULL));
    g_assert_true (gleaner_paper_get_starred (shown) != was);
    g_assert_true (gleaner_paper_get_starred (listed) != was);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-star", NULL));
    g_assert_true (gleaner_paper_get_starred (listed) == was);
  }

  /* Markup in network text is shown literally, in the detail … */
  pos = find ("2501.20001");
  g_assert_cmpuint (pos, !=, G_MAXUINT);
  select_position (pos);
  paper = selected ();
  g_assert_cmpstr (gleaner_paper_get_title (paper), ==, raw_title);
  g_assert_cmpstr (label_text (gleaner_paper_detail_get_title_label (detail)), ==, raw_title);
  g_assert_false (gtk_label_get_use_markup (gleaner_paper_detail_get_title_label (detail)));
  g_assert_cmpstr (label_text (gleaner_paper_detail_get_authors_label (detail)), ==,
                   "<span foreground=\"red\">Mallory</span>");
  g_assert_false (gtk_label_get_use_markup (gleaner_paper_detail_get_authors_label (detail)));
  g_assert_cmpstr (label_text (gleaner_paper_detail_get_summary_label (detail)), ==,
                   "<a href=\"javascript:alert(1)\">click</a>");
  g_assert_false (gtk_label_get_use_markup (gleaner_paper_detail_get_summary_label (detail)));

  /* … and in its row. */
  gtk_widget_activate_action (GTK_WIDGET (gleaner_window_get_list_view (window)),
                              "list.scroll-to-item", "u", pos);
  WAIT_UNTIL ((row = find_row ("2501.20001")) != NULL);
  g_assert_cmpstr (inscription_text (gleaner_paper_row_get_title_label (row)), ==, raw_title);

  /* Only http(s) links become buttons. */
  g_assert_null (gleaner_paper_detail_get_link_button (detail, "code"));   /* javascript: */
  button = gleaner_paper_detail_get_link_button (detail, "project");
  g_assert_nonnull (button);
  g_assert_cmpstr (gleaner_paper_detail_get_link_uri (button), ==,
                   "https://synthetic-project.example.org/p?a=1&b=2");

  select_position (find ("2501.20002"));
  g_assert_cmpstr (label_text (gleaner_paper_detail_get_title_label (detail)), ==, "&amp;");
  g_assert_null (gleaner_paper_detail_get_link_button (detail, "code"));     /* ftp: */
  g_assert_null (gleaner_paper_detail_get_link_button (detail, "project"));  /* relative */
  g_assert_nonnull (gleaner_paper_detail_get_link_button (detail, "arxiv"));

  select_position (find ("2501.20003"));
  g_assert_null (gleaner_paper_detail_get_link_button (detail, "code"));     /* space in it */
  g_assert_null (gleaner_paper_detail_get_link_button (detail, "project"));  /* no host */

  /* A failed sync with papers stored keeps the list and says why in a toast. */
  serve (SERVE_FAIL);
  refresh ();
  g_assert_cmpstr (gleaner_window_get_view_state (window), ==, "list");
  g_assert_true (g_str_has_prefix (gleaner_window_get_last_toast (window), "Could not fetch papers"));
}

static void
test_markup_and_links (Fixture       *f,
                      gconstpointer  data)
{
  populate (FALSE);
  with_app (markup_and_links_body);
}

static void
narrow_body (void)
{
  AdwLeaflet *leaflet = gleaner_window_get_leaflet (window);
  GtkWidget *detail = GTK_WIDGET (gleaner_window_get_detail (window));
  GtkWidget *list_view = GTK_WIDGET (gleaner_window_get_list_view (window));
  GleanerPaper *paper;
  guint pos;

  /* 360 px: one pane at a time, the list first. */
  WAIT_UNTIL (adw_leaflet_get_folded (leaflet));
  g_assert_true (gtk_widget_is_ancestor (list_view, adw_leaflet_get_visible_child (leaflet)));

  /* Selecting alone (j/k, arrows) does not open, so does not mark read. */
  pos = g_list_model_get_n_items (model ()) - 1;
  paper = item (pos);
  g_assert_false (gleaner_paper_get_read (paper));
  select_position (pos);
  g_assert_true (gleaner_paper_detail_get_paper (GLEANER_PAPER_DETAIL (detail)) == paper);
  g_assert_false (gleaner_paper_get_read (paper));

  /* Enter (the list's "activate") opens it: the detail page slides in, the paper is read. */
  g_signal_emit_by_name (list_view, "activate", pos);
  drain ();
  g_assert_true (gtk_widget_is_ancestor (detail, adw_leaflet_get_visible_child (leaflet)));
  g_assert_true (gleaner_paper_get_read (paper));

  /* Escape goes back to the list. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.escape", NULL));
  drain ();
  g_assert_true (gtk_widget_is_ancestor (list_view, adw_leaflet_get_visible_child (leaflet)));

  /* Remembered on close. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1234, 777);
}

static void
size_body (void)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1234);
  g_assert_cmpint (height, ==, 777);
}

static void
test_narrow_and_size (Fixture       *f,
                     gconstpointer  data)
{
  GSettings *settings = g_settings_new ("io.github.gleaner.Gleaner");

  populate (FALSE);
  g_settings_set_int (settings, "window-width", 360);
  g_settings_set_int (settings, "window-height", 720);
  with_app (narrow_body);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1234);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 777);
  with_app (size_body);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_object_unref (settings);
}

static void
store_error_body (void)
{
  g_assert_null (gleaner_application_get_store (app));
  g_assert_nonnull (gleaner_application_get_store_error (app));
  g_assert_cmpstr (gleaner_window_get_view_state (window), ==, "store-error");
  g_assert_null (gleaner_window_get_list_model (window));
  g_assert_null (gleaner_application_get_sync (app));
}

static void
test_store_error (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *file = g_build_filename (g_get_user_data_dir (), "gleaner", NULL);

  /* A file where the database's folder goes: the database cannot be created. */
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (file, "", 0, NULL));
  with_app (store_error_body);
}

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

static void
saved_searches_body (void)
{
  GListModel *searches = gleaner_window_get_saved_searches (window);
  GtkListBox *list_box = gleaner_saved_searches_button_get_list_box (gleaner_window_get_saved_searches_button (window));
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

static void
sync_status_body (void)
{
  const char *status;

  /* After the sync that filled the database: when papers were last fetched. */
  WAIT_UNTIL (gleaner_window_get_status_text (window) != NULL);
  g_test_message ("Status: %s", gleaner_window_get_status_text (window));
  g_assert_true (g_str_has_prefix (gleaner_window_get_status_text (window), "Updated "));

  /* A failed refresh: when and why, and when the last good one was. */
  serve (SERVE_FAIL);
  refresh ();
  status = gleaner_window_get_status_text (window);
  g_assert_nonnull (status);
  g_assert_true (g_str_has_prefix (status, "Fetching failed ("));
  g_assert_nonnull (strstr (status, "HTTP 500"));
  g_assert_nonnull (strstr (status, "Updated "));
  g_assert_true (g_str_has_prefix (gleaner_window_get_last_toast (window), "Could not fetch papers"));

  /* A good one clears the error. */
  serve (SERVE_PAPERS);
  refresh ();
  g_assert_true (g_str_has_prefix (gleaner_window_get_status_text (window), "Updated "));
}

static void
test_sync_status (Fixture       *f,
                 gconstpointer  data)
{
  populate (FALSE);
  with_app (sync_status_body);
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

/* ------------------------------------------------------------------------------------------ */

static void
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

static void
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
main (int   argc,
      char *argv[])
{
  static const GleanerTestCase cases[] = {
    { "/window/empty-then-error", (GTestFixtureFunc)test_empty_then_error },
    { "/window/sync-shows-papers", (GTestFixtureFunc)test_sync_shows_papers },
    { "/window/select-shows-detail", (GTestFixtureFunc)test_select_shows_detail },
    { "/window/search", (GTestFixtureFunc)test_search },
    { "/window/filter-sort-star", (GTestFixtureFunc)test_filter_sort_star },
    { "/window/state-survives-restart", (GTestFixtureFunc)test_state_survives_restart },
    { "/window/markup-and-links", (GTestFixtureFunc)test_markup_and_links },
    { "/window/narrow-and-size", (GTestFixtureFunc)test_narrow_and_size },
    { "/window/store-error", (GTestFixtureFunc)test_store_error },
    { "/window/preferences", (GTestFixtureFunc)test_preferences },
    { "/window/mark-all-read", (GTestFixtureFunc)test_mark_all_read },
    { "/window/rows-highlight", (GTestFixtureFunc)test_rows_highlight },
    { "/window/backfill-days", (GTestFixtureFunc)test_backfill_days },
    { "/window/copy-bibtex", (GTestFixtureFunc)test_copy_bibtex },
    { "/window/export-bibtex", (GTestFixtureFunc)test_export_bibtex },
    { "/window/saved-searches", (GTestFixtureFunc)test_saved_searches },
    { "/window/save-search-enter", (GTestFixtureFunc)test_save_search_enter },
    { "/window/save-search-again", (GTestFixtureFunc)test_save_search_again },
    { "/window/notification-actions", (GTestFixtureFunc)test_notification_actions },
    { "/window/sync-status", (GTestFixtureFunc)test_sync_status },
  };

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
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_timeout_add (50, tick_cb, NULL);

  gleaner_test_add_shuffled (cases, G_N_ELEMENTS (cases), sizeof (Fixture),
                             (GTestFixtureFunc)fixture_setup, (GTestFixtureFunc)fixture_teardown);

  return g_test_run ();
}
