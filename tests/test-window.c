/* test-window.c — the main window, driven for real under Xvfb: syncing into an empty window,
 * the list, its search, filters, orders and marks, the detail pane, what survives a restart,
 * markup in papers, a narrow window, a damaged database and the sync status. Preferences,
 * BibTeX and saved searches are in test-window-actions.c.
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
#include "gleaner-window.h"

/* ------------------------------------------------------------------------------------------ */
/* Helpers */

static guint
find (const char *id)
{
  return gleaner_paper_list_find (GLEANER_PAPER_LIST (model ()), id);
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

/* The first descendant of @root of @type (widgets on hidden stack pages included). */
static GtkWidget *
find_descendant (GtkWidget *root,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The window's status page saying the database cannot be opened, if it was built. */
static AdwStatusPage *
store_error_page (void)
{
  GtkWidget *stack = find_descendant (GTK_WIDGET (window), GTK_TYPE_STACK);

  g_assert_nonnull (stack);
  if (gtk_stack_get_child_by_name (GTK_STACK (stack), "store-error") == NULL)
    return NULL;
  return ADW_STATUS_PAGE (find_descendant (gtk_stack_get_child_by_name (GTK_STACK (stack), "store-error"),
                                           ADW_TYPE_STATUS_PAGE));
}

static void
sync_shows_papers_body (void)
{
  guint n_items;
  guint n_rows;

  g_assert_cmpstr (gleaner_window_get_view_state (window), ==, "empty");
  /* Built only when the database cannot be opened. */
  g_assert_null (store_error_page ());

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
  GtkWidget *search_bar;
  GtkWidget *focus;
  guint total;
  guint n;

  total = g_list_model_get_n_items (model ());
  g_assert_cmpuint (total, ==, 292);

  /* The search bar is hidden (and its entry never measured) until the first search. */
  search_bar = gtk_widget_get_ancestor (GTK_WIDGET (gleaner_window_get_search_entry (window)),
                                        GTK_TYPE_SEARCH_BAR);
  g_assert_false (gtk_widget_get_visible (search_bar));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  g_assert_true (gtk_widget_get_visible (search_bar));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, search_bar));
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
  AdwStatusPage *page;
  GtkWidget *menu_button;

  g_assert_null (gleaner_application_get_store (app));
  g_assert_nonnull (gleaner_application_get_store_error (app));
  g_assert_cmpstr (gleaner_window_get_view_state (window), ==, "store-error");
  /* Built for the error: the reason, and the main menu (Preferences, About, Quit). */
  page = store_error_page ();
  g_assert_nonnull (page);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "Cannot Open the Paper Database");
  g_assert_nonnull (adw_status_page_get_description (page));
  g_assert_cmpstr (adw_status_page_get_description (page), !=, "");
  menu_button = find_descendant (gtk_widget_get_parent (GTK_WIDGET (page)), GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (menu_button);
  g_assert_true (gtk_widget_get_mapped (menu_button));
  g_assert_true (gtk_menu_button_get_primary (GTK_MENU_BUTTON (menu_button)));
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
    { "/window/mark-all-read", (GTestFixtureFunc)test_mark_all_read },
    { "/window/rows-highlight", (GTestFixtureFunc)test_rows_highlight },
    { "/window/sync-status", (GTestFixtureFunc)test_sync_status },
  };

  return window_test_run (&argc, &argv, cases, G_N_ELEMENTS (cases));
}
