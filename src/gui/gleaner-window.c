/* gleaner-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gleaner-bibtex.h"
#include "gleaner-paper-detail.h"
#include "gleaner-paper-list.h"
#include "gleaner-paper-row.h"
#include "gleaner-saved-search-dialog.h"
#include "gleaner-saved-search-list.h"
#include "gleaner-saved-searches-button.h"
#include "gleaner-scheduler.h"
#include "gleaner-window.h"

struct _GleanerWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  GtkStack             *main_stack;
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *list_pane;
  GtkWidget            *content_pane;
  AdwWindowTitle       *list_title;
  GtkStack             *refresh_stack;
  GtkSpinner           *refresh_spinner;
  GtkToggleButton      *search_button;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkStack             *list_stack;
  GtkListView          *list_view;
  AdwStatusPage        *error_page;
  AdwStatusPage        *no_results_page;
  AdwStatusPage        *filter_empty_page;
  GtkSpinner           *fetching_spinner;
  AdwStatusPage        *store_error_page;
  GtkWidget            *star_button;
  GtkWidget            *read_button;
  GtkWidget            *copy_bibtex_button;
  GleanerPaperDetail   *detail;
  GleanerSavedSearchesButton *saved_searches_button;
  GtkLabel             *status_label;

  /* Owned references */
  GSettings            *settings;
  GleanerStore         *store;
  GleanerScheduler     *scheduler;
  GleanerPaperList     *papers;
  GleanerSavedSearchList *saved_searches;
  GleanerSavedSearch   *removed_search;   /* for "Undo" after removing one */
  GtkSingleSelection   *selection;
  GleanerPaper         *shown_paper;
  GCancellable         *cancellable;
  GError               *sync_error;
  GtkFileChooserNative *export_chooser;
  char                 *selected_id;
  char                 *last_toast;
  gint64                active_search_id;  /* the saved search the list shows, or 0 */

  /* The shown paper was marked read automatically since it was opened. */
  guint                 auto_read_done : 1;
  /* The running sync was started with "Refresh": its outcome gets a toast. */
  guint                 manual_refresh : 1;
  /* The user changed the query: bring the selected paper into view when it is found again. */
  guint                 scroll_on_restore : 1;
};

G_DEFINE_FINAL_TYPE (GleanerWindow, gleaner_window, ADW_TYPE_APPLICATION_WINDOW)

static void update_view_state (GleanerWindow *self);
static void update_active_search (GleanerWindow *self);

/* @retry_action: an action the toast offers as "Retry", or NULL. */
static void
show_toast (GleanerWindow *self,
            const char    *text,
            gboolean       is_error,
            const char    *retry_action)
{
  g_autofree char *escaped = NULL;
  char *old_toast;
  AdwToast *toast;

  g_assert (GLEANER_IS_WINDOW (self));

  /* AdwToast titles are Pango markup and error messages may carry text from the network. */
  escaped = g_markup_escape_text (text, -1);
  toast = adw_toast_new (escaped);

  if (is_error)
    {
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_set_timeout (toast, 0);
    }

  if (retry_action != NULL)
    {
      adw_toast_set_button_label (toast, _("_Retry"));
      adw_toast_set_action_name (toast, retry_action);
    }

  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  /* The new string is allocated before the old one is freed, so tests can tell toasts apart
   * by address. */
  old_toast = g_steal_pointer (&self->last_toast);
  self->last_toast = g_strdup (text);
  g_free (old_toast);
}

static gboolean
focus_is_in_text (GleanerWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  return focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT_VIEW (focus));
}

static gboolean
detail_is_visible (GleanerWindow *self)
{
  return !adw_leaflet_get_folded (self->leaflet) ||
         adw_leaflet_get_visible_child (self->leaflet) == self->content_pane;
}

static void
store_write_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GleanerWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gleaner_store_set_state_finish (GLEANER_STORE (object), result, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_warning ("Could not save paper state: %s", error->message);
      /* Translators: %s is an error message. */
      text = g_strdup_printf (_("Could not save: %s"), error->message);
      show_toast (self, text, TRUE, NULL);
    }
}

/* The list hands out a new object for a paper after a sync or when its cache dropped it, so
 * the selected row may show another object than the detail pane: keep both in step. */
static GleanerPaper *
dup_list_copy (GleanerWindow *self,
               GleanerPaper  *paper)
{
  g_autoptr(GleanerPaper) item = NULL;
  guint pos;

  if (self->selection == NULL ||
      (pos = gtk_single_selection_get_selected (self->selection)) == GTK_INVALID_LIST_POSITION ||
      !(item = g_list_model_get_item (G_LIST_MODEL (self->selection), pos)) ||
      item == paper ||
      g_strcmp0 (gleaner_paper_get_id (item), gleaner_paper_get_id (paper)) != 0)
    return NULL;

  return g_steal_pointer (&item);
}

static void
set_paper_read (GleanerWindow *self,
                GleanerPaper  *paper,
                gboolean       read)
{
  g_autoptr(GleanerPaper) copy = NULL;

  g_assert (GLEANER_IS_WINDOW (self));
  g_assert (GLEANER_IS_PAPER (paper));

  if (gleaner_paper_get_read (paper) == read)
    return;

  /* The object updates the views at once; the store writes on its own thread. */
  gleaner_paper_set_read (paper, read);
  if ((copy = dup_list_copy (self, paper)))
    gleaner_paper_set_read (copy, read);
  gleaner_store_set_read_async (self->store, gleaner_paper_get_id (paper), read,
                                NULL, store_write_done_cb, g_object_ref (self));
}

static void
set_paper_starred (GleanerWindow *self,
                   GleanerPaper  *paper,
                   gboolean       starred)
{
  g_autoptr(GleanerPaper) copy = NULL;

  g_assert (GLEANER_IS_WINDOW (self));
  g_assert (GLEANER_IS_PAPER (paper));

  if (gleaner_paper_get_starred (paper) == starred)
    return;

  gleaner_paper_set_starred (paper, starred);
  if ((copy = dup_list_copy (self, paper)))
    gleaner_paper_set_starred (copy, starred);
  gleaner_store_set_starred_async (self->store, gleaner_paper_get_id (paper), starred,
                                   NULL, store_write_done_cb, g_object_ref (self));
}

static void
update_paper_actions (GleanerWindow *self)
{
  GleanerPaper *paper = self->shown_paper;
  gboolean starred = paper != NULL && gleaner_paper_get_starred (paper);
  gboolean read = paper != NULL && gleaner_paper_get_read (paper);
  const char *star_label = starred ? _("Unstar") : _("Star");
  const char *read_label = read ? _("Mark as Unread") : _("Mark as Read");

  g_assert (GLEANER_IS_WINDOW (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.toggle-star", paper != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.toggle-read", paper != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-bibtex", paper != NULL);

  gtk_widget_set_visible (self->star_button, paper != NULL);
  gtk_widget_set_visible (self->read_button, paper != NULL);
  gtk_widget_set_visible (self->copy_bibtex_button, paper != NULL);

  gtk_button_set_icon_name (GTK_BUTTON (self->star_button),
                            starred ? "starred-symbolic" : "non-starred-symbolic");
  gtk_widget_set_tooltip_text (self->star_button, star_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->star_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, star_label,
                                  -1);
  if (starred)
    gtk_widget_add_css_class (self->star_button, "starred");
  else
    gtk_widget_remove_css_class (self->star_button, "starred");

  gtk_button_set_icon_name (GTK_BUTTON (self->read_button),
                            read ? "mail-unread-symbolic" : "mail-read-symbolic");
  gtk_widget_set_tooltip_text (self->read_button, read_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->read_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, read_label,
                                  -1);
}

static void
shown_paper_notify_cb (GleanerWindow *self,
                       GParamSpec    *pspec,
                       GleanerPaper  *paper)
{
  g_assert (GLEANER_IS_WINDOW (self));

  update_paper_actions (self);
}

/* Marks the shown paper read once per opening, when its detail is actually on screen. */
static void
maybe_mark_read (GleanerWindow *self)
{
  g_assert (GLEANER_IS_WINDOW (self));

  if (self->shown_paper == NULL || self->auto_read_done || !detail_is_visible (self))
    return;

  self->auto_read_done = TRUE;
  set_paper_read (self, self->shown_paper, TRUE);
}

static void
set_shown_paper (GleanerWindow *self,
                 GleanerPaper  *paper)
{
  gboolean same_paper;

  g_assert (GLEANER_IS_WINDOW (self));

  if (self->shown_paper == paper)
    return;

  same_paper = self->shown_paper != NULL && paper != NULL &&
               g_strcmp0 (gleaner_paper_get_id (self->shown_paper),
                          gleaner_paper_get_id (paper)) == 0;

  if (self->shown_paper != NULL)
    g_signal_handlers_disconnect_by_func (self->shown_paper, shown_paper_notify_cb, self);

  g_set_object (&self->shown_paper, paper);

  if (paper != NULL)
    {
      g_signal_connect_object (paper, "notify::starred",
                               G_CALLBACK (shown_paper_notify_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (paper, "notify::read",
                               G_CALLBACK (shown_paper_notify_cb), self, G_CONNECT_SWAPPED);
      g_free (self->selected_id);
      self->selected_id = g_strdup (gleaner_paper_get_id (paper));
    }

  /* A new object for the paper already shown (the list rebuilt it) is not a new opening. */
  if (!same_paper)
    self->auto_read_done = FALSE;

  gleaner_paper_detail_set_paper (self->detail, paper);
  update_paper_actions (self);
}

static void
open_selected (GleanerWindow *self)
{
  GleanerPaper *paper;

  g_assert (GLEANER_IS_WINDOW (self));

  if (!(paper = gtk_single_selection_get_selected_item (self->selection)))
    return;

  set_shown_paper (self, paper);

  /* Opening explicitly marks read again, even after "Mark as Unread". */
  self->auto_read_done = FALSE;

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content_pane);

  maybe_mark_read (self);
}

static void
selection_changed_cb (GleanerWindow      *self,
                      GParamSpec         *pspec,
                      GtkSingleSelection *selection)
{
  GleanerPaper *paper;

  g_assert (GLEANER_IS_WINDOW (self));

  /* Nothing selected means the paper left the list (search, filter): keep showing it, and
   * select it again if it comes back (see papers_changed_cb). */
  if (!(paper = gtk_single_selection_get_selected_item (selection)))
    return;

  set_shown_paper (self, paper);
  maybe_mark_read (self);
}

static void
scroll_to_position (GleanerWindow *self,
                    guint          position)
{
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

static void
papers_changed_cb (GleanerWindow *self,
                   guint          position,
                   guint          removed,
                   guint          added,
                   GListModel    *model)
{
  g_assert (GLEANER_IS_WINDOW (self));

  /* GtkSingleSelection keeps the selected item across minimal changes; when a search or
   * filter hid it and a later result has it again, select it again. */
  if (self->selected_id != NULL &&
      gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
    {
      guint pos = gleaner_paper_list_find (self->papers, self->selected_id);

      if (pos != G_MAXUINT && pos < g_list_model_get_n_items (model))
        {
          gtk_single_selection_set_selected (self->selection, pos);
          if (self->scroll_on_restore)
            scroll_to_position (self, pos);
        }
    }

  update_view_state (self);
}

static void
papers_loading_cb (GleanerWindow *self)
{
  g_assert (GLEANER_IS_WINDOW (self));

  /* A query is complete: later changes come from syncs, which keep the scroll position. */
  if (!gleaner_paper_list_get_loading (self->papers))
    self->scroll_on_restore = FALSE;

  update_view_state (self);
}

static const char *
filter_label (GleanerFilter filter)
{
  switch (filter)
    {
    case GLEANER_FILTER_UNREAD:
      return _("Unread");

    case GLEANER_FILTER_STARRED:
      return _("Starred");

    case GLEANER_FILTER_ALL:
    default:
      return _("All Papers");
    }
}

static const char *
sort_label (GleanerSort sort)
{
  switch (sort)
    {
    case GLEANER_SORT_NEWEST:
      return _("Newest");

    case GLEANER_SORT_TRENDING:
      return _("Trending");

    case GLEANER_SORT_UPVOTES:
    default:
      return _("Most Upvoted");
    }
}

static void
update_view_state (GleanerWindow *self)
{
  const char *page = NULL;
  const char *search;
  guint n_items;

  g_assert (GLEANER_IS_WINDOW (self));

  if (self->papers == NULL)
    return;

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->papers));
  search = gleaner_paper_list_get_search (self->papers);

  if (n_items > 0)
    {
      page = "list";
    }
  else if (gleaner_paper_list_get_loading (self->papers))
    {
      /* Keep what is shown until the query answers, so nothing flickers. */
      page = NULL;
    }
  else if (search != NULL && *search != '\0')
    {
      adw_status_page_set_description (self->no_results_page,
                                       gleaner_paper_list_get_filter (self->papers) == GLEANER_FILTER_ALL
                                         ? _("Try different words")
                                         : _("Try different words, or search all papers"));
      page = "no-results";
    }
  else if (!gleaner_store_has_papers (self->store))
    {
      if (self->scheduler != NULL && gleaner_scheduler_get_running (self->scheduler))
        page = "fetching";
      else if (self->sync_error != NULL)
        page = "error";
      else
        page = "empty";
    }
  else
    {
      GleanerFilter filter = gleaner_paper_list_get_filter (self->papers);

      if (filter == GLEANER_FILTER_UNREAD)
        {
          adw_status_page_set_icon_name (self->filter_empty_page, "mail-read-symbolic");
          adw_status_page_set_title (self->filter_empty_page, _("All Caught Up"));
          adw_status_page_set_description (self->filter_empty_page,
                                           _("Every paper has been read"));
          page = "filter-empty";
        }
      else if (filter == GLEANER_FILTER_STARRED)
        {
          adw_status_page_set_icon_name (self->filter_empty_page, "starred-symbolic");
          adw_status_page_set_title (self->filter_empty_page, _("No Starred Papers"));
          adw_status_page_set_description (self->filter_empty_page,
                                           _("Star a paper to keep it here"));
          page = "filter-empty";
        }
      else
        {
          /* The store has papers the query has not delivered yet. */
          page = "list";
        }
    }

  if (page != NULL)
    gtk_stack_set_visible_child_name (self->list_stack, page);

  gtk_spinner_set_spinning (self->fetching_spinner,
                            g_strcmp0 (gtk_stack_get_visible_child_name (self->list_stack),
                                       "fetching") == 0);
}

static void
update_subtitle (GleanerWindow *self)
{
  g_autofree char *subtitle = NULL;

  if (self->papers == NULL)
    return;

  /* Translators: the list's filter and order, e.g. "Unread · Newest". */
  subtitle = g_strdup_printf (_("%s · %s"),
                              filter_label (gleaner_paper_list_get_filter (self->papers)),
                              sort_label (gleaner_paper_list_get_sort (self->papers)));
  adw_window_title_set_subtitle (self->list_title, subtitle);
}

static void
settings_changed_cb (GleanerWindow *self,
                     const char    *key,
                     GSettings     *settings)
{
  g_assert (GLEANER_IS_WINDOW (self));

  if (self->papers == NULL)
    return;

  if (key != NULL && (g_strcmp0 (key, "filter") == 0 || g_strcmp0 (key, "sort") == 0))
    self->scroll_on_restore = TRUE;

  if (key == NULL || g_strcmp0 (key, "filter") == 0)
    gleaner_paper_list_set_filter (self->papers, g_settings_get_enum (settings, "filter"));

  if (key == NULL || g_strcmp0 (key, "sort") == 0)
    gleaner_paper_list_set_sort (self->papers, g_settings_get_enum (settings, "sort"));

  update_subtitle (self);
  update_active_search (self);
}

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_time);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int days;

  if (when == NULL || now == NULL)
    return g_strdup ("");

  days = g_date_time_get_day_of_year (now) - g_date_time_get_day_of_year (when);
  if (g_date_time_get_year (now) != g_date_time_get_year (when))
    days = 2;

  if (days == 0)
    /* Translators: the time of a sync today, as for g_date_time_format(): %H:%M is hours and
     * minutes. It follows "Updated" or "Fetching failed". */
    return g_date_time_format (when, C_("sync time today", "%H:%M"));
  if (days == 1)
    /* Translators: the time of a sync yesterday, as for g_date_time_format(). */
    return g_date_time_format (when, C_("sync time yesterday", "yesterday at %H:%M"));
  /* Translators: the day and time of an older sync, as for g_date_time_format(). */
  return g_date_time_format (when, C_("sync time", "%-d %B at %H:%M"));
}

/* @message without a final full stop, to be set inside a sentence. */
static char *
dup_without_stop (const char *message)
{
  char *copy = g_strdup (message);
  gsize len = strlen (copy);

  if (len > 0 && copy[len - 1] == '.')
    copy[len - 1] = '\0';

  return copy;
}

/* The line under the list: when papers were last fetched, and what went wrong since. */
static void
update_sync_status (GleanerWindow *self)
{
  g_autofree char *text = NULL;
  g_autofree char *updated = NULL;
  const char *error;
  gint64 success;

  g_assert (GLEANER_IS_WINDOW (self));

  if (self->scheduler == NULL)
    return;

  success = gleaner_scheduler_get_last_success (self->scheduler);
  error = gleaner_scheduler_get_last_error (self->scheduler);

  if (success > 0)
    {
      g_autofree char *when = format_time (success);

      /* Translators: %s is a time such as "14:05" or "yesterday at 14:05". */
      updated = g_strdup_printf (_("Updated %s"), when);
    }

  if (gleaner_scheduler_get_running (self->scheduler))
    text = g_strdup (_("Fetching papers…"));
  else if (gleaner_scheduler_get_waiting_for_network (self->scheduler))
    text = updated
      /* Translators: the first %s is "Updated 14:05". */
      ? g_strdup_printf (_("Offline; papers will be fetched when the network is back. %s."), updated)
      : g_strdup (_("Offline; papers will be fetched when the network is back."));
  else if (error != NULL)
    {
      g_autofree char *when = format_time (gleaner_scheduler_get_last_error_time (self->scheduler));
      g_autofree char *reason = dup_without_stop (error);

      text = updated
        /* Translators: a time ("14:05", "yesterday at 14:05"), an error message, then
         * "Updated 14:05". */
        ? g_strdup_printf (_("Fetching failed (%s): %s. %s."), when, reason, updated)
        : g_strdup_printf (_("Fetching failed (%s): %s."), when, reason);
    }
  else if (updated != NULL)
    text = g_steal_pointer (&updated);

  /* Plain text: error messages may carry text from the network. */
  gtk_label_set_text (self->status_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
  if (error != NULL && !gleaner_scheduler_get_running (self->scheduler))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }
}

static void
sync_running_cb (GleanerWindow *self)
{
  gboolean running;

  g_assert (GLEANER_IS_WINDOW (self));

  running = self->scheduler != NULL && gleaner_scheduler_get_running (self->scheduler);

  gtk_stack_set_visible_child_name (self->refresh_stack, running ? "running" : "idle");
  gtk_spinner_set_spinning (self->refresh_spinner, running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", self->scheduler != NULL && !running);

  update_sync_status (self);
  update_view_state (self);
}

static void
sync_finished_cb (GleanerWindow     *self,
                  GleanerSyncResult *sync_result,
                  const GError      *error,
                  GleanerScheduler  *scheduler)
{
  gboolean manual = self->manual_refresh;

  g_assert (GLEANER_IS_WINDOW (self));

  self->manual_refresh = FALSE;

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_error (&self->sync_error);

  if (error != NULL)
    {
      g_debug ("Sync failed: %s", error->message);

      self->sync_error = g_error_copy (error);

      if (gleaner_store_has_papers (self->store))
        {
          /* A background run's failure is in the status line; only the user's own refresh
           * answers with a toast. */
          if (manual)
            {
              /* Translators: %s is an error message. */
              g_autofree char *text = g_strdup_printf (_("Could not fetch papers: %s"),
                                                       self->sync_error->message);
              show_toast (self, text, TRUE, "win.refresh");
            }
        }
      else
        {
          g_autofree char *escaped = g_markup_escape_text (self->sync_error->message, -1);

          /* The description is markup; the message may carry network text. */
          adw_status_page_set_description (self->error_page, escaped);
        }
    }
  else if (sync_result->added > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u new paper", "%u new papers",
                                                            sync_result->added),
                                               sync_result->added);
      show_toast (self, text, FALSE, NULL);
    }
  else if (manual)
    {
      show_toast (self, _("No new papers"), FALSE, NULL);
    }

  update_sync_status (self);
  update_view_state (self);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  GleanerWindow *self = GLEANER_WINDOW (widget);

  if (self->scheduler == NULL || gleaner_scheduler_get_running (self->scheduler))
    return;

  self->manual_refresh = TRUE;
  gleaner_scheduler_run_now (self->scheduler);
  sync_running_cb (self);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  GleanerWindow *self = GLEANER_WINDOW (widget);

  if (self->papers == NULL)
    return;

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->list_pane);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
leave_search (GleanerWindow *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
escape_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  GleanerWindow *self = GLEANER_WINDOW (widget);

  if (gtk_search_bar_get_search_mode (self->search_bar))
    leave_search (self);
  else if (adw_leaflet_get_folded (self->leaflet) &&
           adw_leaflet_get_visible_child (self->leaflet) == self->content_pane)
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
focus_row_for_paper (GleanerWindow *self,
                     GleanerPaper  *paper)
{
  /* The list view's children are its row containers; each holds one GleanerPaperRow. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (GLEANER_IS_PAPER_ROW (row) &&
          gleaner_paper_row_get_paper (GLEANER_PAPER_ROW (row)) == paper &&
          gtk_widget_get_child_visible (child))
        {
          gtk_widget_grab_focus (child);
          return;
        }
    }
}

static void
move_selection (GleanerWindow *self,
                int            delta)
{
  guint n_items;
  guint selected;
  guint pos;
  gboolean list_had_focus;
  GtkWidget *focus;

  if (self->papers == NULL || focus_is_in_text (self))
    return;

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  if (n_items == 0)
    return;

  selected = gtk_single_selection_get_selected (self->selection);

  if (selected == GTK_INVALID_LIST_POSITION)
    pos = 0;
  else if (delta < 0)
    pos = selected > 0 ? selected - 1 : 0;
  else
    pos = MIN (selected + 1, n_items - 1);

  focus = gtk_root_get_focus (GTK_ROOT (self));
  list_had_focus = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list_view));

  gtk_single_selection_set_selected (self->selection, pos);
  scroll_to_position (self, pos);

  /* Keep the keyboard focus with the selection, so arrow keys continue from there. */
  if (list_had_focus || focus == NULL)
    focus_row_for_paper (self, gtk_single_selection_get_selected_item (self->selection));
}

static void
select_next_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  move_selection (GLEANER_WINDOW (widget), 1);
}

static void
select_previous_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  move_selection (GLEANER_WINDOW (widget), -1);
}

static void
toggle_star_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  GleanerWindow *self = GLEANER_WINDOW (widget);

  if (self->shown_paper == NULL || focus_is_in_text (self))
    return;

  set_paper_starred (self, self->shown_paper, !gleaner_paper_get_starred (self->shown_paper));
}

static void
copy_bibtex_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  GleanerWindow *self = GLEANER_WINDOW (widget);
  g_autofree char *entry = NULL;

  if (self->shown_paper == NULL || !(entry = gleaner_bibtex_entry (self->shown_paper)))
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), entry);
  show_toast (self, _("BibTeX copied"), FALSE, NULL);
}

typedef struct
{
  GPtrArray *papers;   /* (element-type GleanerPaper) */
  GFile     *file;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_pointer (&data->papers, g_ptr_array_unref);
  g_clear_object (&data->file);
  g_free (data);
}

/* Worker thread: the papers are fresh objects of the store's, not shared with any view. */
static void
export_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  GError *error = NULL;

  if (gleaner_bibtex_write_file (data->papers, data->file, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GleanerWindow *self = GLEANER_WINDOW (object);
  ExportData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_debug ("Could not export BibTeX: %s", error->message);
      show_toast (self, error->message, TRUE, NULL);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "Exported %u paper",
                                                            "Exported %u papers",
                                                            data->papers->len),
                                               data->papers->len);
      show_toast (self, text, FALSE, NULL);
    }
}

void
gleaner_window_export_bibtex (GleanerWindow *self,
                              GFile         *file)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  ExportData *data;
  GPtrArray *papers;

  g_return_if_fail (GLEANER_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->store == NULL)
    return;

  if (!(papers = gleaner_store_list_starred (self->store, &error)))
    {
      show_toast (self, error->message, TRUE, NULL);
      return;
    }

  data = g_new0 (ExportData, 1);
  data->papers = papers;
  data->file = g_object_ref (file);

  task = g_task_new (self, self->cancellable, export_done_cb, NULL);
  g_task_set_source_tag (task, gleaner_window_export_bibtex);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_worker);
}

static void
export_chooser_response_cb (GleanerWindow *self,
                            int            response,
                            GtkNativeDialog *chooser)
{
  g_autoptr(GFile) file = NULL;

  g_assert (GLEANER_IS_WINDOW (self));

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))))
    gleaner_window_export_bibtex (self, file);

  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->export_chooser);
}

static void
export_bibtex_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  GleanerWindow *self = GLEANER_WINDOW (widget);
  g_autoptr(GtkFileFilter) bib_filter = NULL;
  g_autoptr(GtkFileFilter) all_filter = NULL;

  if (self->store == NULL)
    return;

  if (self->export_chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->export_chooser));
      return;
    }

  self->export_chooser = gtk_file_chooser_native_new (_("Export Starred Papers"),
                                                      GTK_WINDOW (self),
                                                      GTK_FILE_CHOOSER_ACTION_SAVE,
                                                      _("_Export"),
                                                      _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->export_chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->export_chooser),
                                     "gleaner-starred.bib");

  bib_filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (bib_filter, _("BibTeX Files"));
  gtk_file_filter_add_pattern (bib_filter, "*.bib");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->export_chooser), bib_filter);

  all_filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (all_filter, _("All Files"));
  gtk_file_filter_add_pattern (all_filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->export_chooser), all_filter);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (self->export_chooser), bib_filter);

  g_signal_connect_object (self->export_chooser, "response",
                           G_CALLBACK (export_chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->export_chooser));
}

static void
toggle_read_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  GleanerWindow *self = GLEANER_WINDOW (widget);

  if (self->shown_paper == NULL || focus_is_in_text (self))
    return;

  /* An explicit choice: do not mark it read again until it is opened again. */
  self->auto_read_done = TRUE;
  set_paper_read (self, self->shown_paper, !gleaner_paper_get_read (self->shown_paper));
}

static void
leaflet_changed_cb (GleanerWindow *self)
{
  g_assert (GLEANER_IS_WINDOW (self));

  maybe_mark_read (self);
}

/* On a phone-sized window the header's buttons need the title's room. */
#define NARROW_TITLE_WIDTH 440

static void
default_width_changed_cb (GleanerWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  gtk_widget_set_visible (GTK_WIDGET (self->list_title), width <= 0 || width > NARROW_TITLE_WIDTH);
}

static void
back_clicked_cb (GleanerWindow *self)
{
  g_assert (GLEANER_IS_WINDOW (self));

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
list_activate_cb (GleanerWindow *self,
                  guint          position)
{
  g_assert (GLEANER_IS_WINDOW (self));

  if (gtk_single_selection_get_selected (self->selection) != position)
    gtk_single_selection_set_selected (self->selection, position);

  open_selected (self);
}

static gboolean
open_selected_idle_cb (gpointer user_data)
{
  GleanerWindow *self = user_data;

  if (self->selection != NULL)
    open_selected (self);

  return G_SOURCE_REMOVE;
}

static void
list_click_released_cb (GleanerWindow   *self,
                        int              n_press,
                        double           x,
                        double           y,
                        GtkGestureClick *gesture)
{
  g_assert (GLEANER_IS_WINDOW (self));

  /* In the narrow layout a click opens the paper: run after the row selected it. */
  if (adw_leaflet_get_folded (self->leaflet))
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, open_selected_idle_cb,
                     g_object_ref (self), g_object_unref);
}

static void
search_changed_cb (GleanerWindow *self)
{
  const char *text;

  g_assert (GLEANER_IS_WINDOW (self));

  if (self->papers == NULL)
    return;

  text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  self->scroll_on_restore = TRUE;
  gleaner_paper_list_set_search (self->papers, text);
  update_active_search (self);
}

static void
stop_search_cb (GleanerWindow *self)
{
  g_assert (GLEANER_IS_WINDOW (self));

  leave_search (self);
}

static void
search_activate_cb (GleanerWindow *self)
{
  g_assert (GLEANER_IS_WINDOW (self));

  if (self->papers == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0)
    return;

  /* Enter in the search entry opens the selected result, or the first one. */
  if (gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (self->selection, 0);

  scroll_to_position (self, gtk_single_selection_get_selected (self->selection));
  open_selected (self);
}

static void
search_mode_changed_cb (GleanerWindow *self)
{
  g_assert (GLEANER_IS_WINDOW (self));

  if (gtk_search_bar_get_search_mode (self->search_bar))
    return;

  /* Leaving search clears it and hands the keyboard back to the list. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  if (self->papers != NULL)
    {
      self->scroll_on_restore = TRUE;
      gleaner_paper_list_set_search (self->papers, NULL);
    }
  update_active_search (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

/* ---------------------------------------------------------------------------------------- */
/* Saved searches */

static const char *
current_query (GleanerWindow *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    return "";

  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
}

static gboolean
same_query (const char *a,
            const char *b)
{
  g_autofree char *ta = g_strstrip (g_strdup (a ? a : ""));
  g_autofree char *tb = g_strstrip (g_strdup (b ? b : ""));

  return g_strcmp0 (ta, tb) == 0;
}

static GleanerSavedSearch *
find_saved_search (GleanerWindow *self,
                   gint64         id)
{
  if (self->saved_searches == NULL || id == 0)
    return NULL;

  return gleaner_saved_search_list_find (self->saved_searches, id);
}

/* The list shows a saved search while its words and filter are what the list shows; the
 * title then names it. */
static void
update_active_search (GleanerWindow *self)
{
  GleanerSavedSearch *search = find_saved_search (self, self->active_search_id);
  GleanerFilter filter;
  const char *query;

  if (self->settings == NULL || self->papers == NULL)
    return;

  filter = g_settings_get_enum (self->settings, "filter");
  query = current_query (self);

  /* Not found yet: the saved-search list reloads after the store said it changed. */
  if (search != NULL &&
      (gleaner_saved_search_get_filter (search) != filter ||
       !same_query (gleaner_saved_search_get_query (search), query)))
    {
      self->active_search_id = 0;
      search = NULL;
    }

  adw_window_title_set_title (self->list_title,
                              search != NULL ? gleaner_saved_search_get_name (search) : _("Gleaner"));
  gleaner_saved_searches_button_set_active (self->saved_searches_button,
                                            search != NULL ? self->active_search_id : 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-search",
                                 self->active_search_id == 0 &&
                                 (!same_query (query, "") || filter != GLEANER_FILTER_ALL));
}

static void
saved_searches_changed_cb (GleanerWindow *self)
{
  g_assert (GLEANER_IS_WINDOW (self));

  update_active_search (self);
}

static void
saved_search_write_done_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GleanerWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gleaner_store_write_finish (GLEANER_STORE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Translators: %s is an error message. */
      g_autofree char *text = g_strdup_printf (_("Could not save: %s"), error->message);

      show_toast (self, text, TRUE, NULL);
    }

  update_active_search (self);
}

typedef struct
{
  GleanerWindow *self;
  char          *name;
  gboolean       notify;
  gboolean       ask_hf;
  gboolean       undo;
} AddSearch;

static void
add_search_free (AddSearch *data)
{
  g_clear_object (&data->self);
  g_free (data->name);
  g_free (data);
}

static void
add_search_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  AddSearch *data = user_data;
  GleanerWindow *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 id;

  if (!(id = gleaner_store_add_saved_search_finish (GLEANER_STORE (object), result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Translators: %s is an error message. */
          text = g_strdup_printf (_("Could not save the search: %s"), error->message);
          show_toast (self, text, TRUE, NULL);
        }
      add_search_free (data);
      return;
    }

  /* New searches notify and ask Hugging Face; only a change from that is a second write. */
  if (!data->notify)
    gleaner_store_set_saved_search_notify_async (self->store, id, FALSE, NULL,
                                                 saved_search_write_done_cb, g_object_ref (self));
  if (!data->ask_hf)
    gleaner_store_set_saved_search_ask_hf_async (self->store, id, FALSE, NULL,
                                                 saved_search_write_done_cb, g_object_ref (self));

  if (!data->undo)
    {
      self->active_search_id = id;
      /* Translators: %s is the name the user gave a saved search. */
      text = g_strdup_printf (_("Saved “%s”"), data->name);
      show_toast (self, text, FALSE, NULL);
    }

  update_active_search (self);
  add_search_free (data);
}

static void
add_saved_search (GleanerWindow *self,
                  const char    *name,
                  const char    *query,
                  GleanerFilter  filter,
                  gboolean       notify,
                  gboolean       ask_hf,
                  gboolean       undo)
{
  AddSearch *data = g_new0 (AddSearch, 1);

  data->self = g_object_ref (self);
  data->name = g_strdup (name);
  data->notify = notify;
  data->ask_hf = ask_hf;
  data->undo = undo;

  gleaner_store_add_saved_search_async (self->store, name, query, filter, NULL,
                                        add_search_done_cb, data);
}

static void
save_dialog_response_cb (GleanerWindow            *self,
                         const char               *response,
                         GleanerSavedSearchDialog *dialog)
{
  g_autofree char *query = NULL;
  GleanerFilter filter;

  g_assert (GLEANER_IS_WINDOW (self));

  if (g_strcmp0 (response, GLEANER_SAVED_SEARCH_RESPONSE_SAVE) != 0 || self->store == NULL)
    return;

  query = g_strstrip (g_strdup (current_query (self)));
  filter = g_settings_get_enum (self->settings, "filter");

  /* The same words and filter saved twice would be two entries that always agree: show the one
   * there is instead, and say so. */
  if (self->saved_searches != NULL)
    {
      GListModel *searches = G_LIST_MODEL (self->saved_searches);

      for (guint i = 0; i < g_list_model_get_n_items (searches); i++)
        {
          g_autoptr(GleanerSavedSearch) search = g_list_model_get_item (searches, i);

          if (gleaner_saved_search_get_filter (search) == filter &&
              same_query (gleaner_saved_search_get_query (search), query))
            {
              g_autofree char *text = NULL;

              self->active_search_id = gleaner_saved_search_get_id (search);
              update_active_search (self);
              /* Translators: %s is the name the user gave a saved search. */
              text = g_strdup_printf (_("Already saved as “%s”"), gleaner_saved_search_get_name (search));
              show_toast (self, text, FALSE, NULL);
              return;
            }
        }
    }

  add_saved_search (self, gleaner_saved_search_dialog_get_name (dialog), query,
                    filter,
                    gleaner_saved_search_dialog_get_notify (dialog),
                    gleaner_saved_search_dialog_get_ask_hf (dialog),
                    FALSE);
}

static void
save_search_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  GleanerWindow *self = GLEANER_WINDOW (widget);
  g_autofree char *query = NULL;
  GtkWidget *dialog;

  if (self->store == NULL)
    return;

  query = g_strstrip (g_strdup (current_query (self)));
  dialog = gleaner_saved_search_dialog_new (GTK_WINDOW (self), NULL, query,
                                            g_settings_get_enum (self->settings, "filter"));
  g_signal_connect_object (dialog, "response", G_CALLBACK (save_dialog_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
undo_remove_search_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  GleanerWindow *self = GLEANER_WINDOW (widget);
  g_autoptr(GleanerSavedSearch) search = g_steal_pointer (&self->removed_search);

  if (search == NULL || self->store == NULL)
    return;

  add_saved_search (self, gleaner_saved_search_get_name (search),
                    gleaner_saved_search_get_query (search),
                    gleaner_saved_search_get_filter (search),
                    gleaner_saved_search_get_notify (search),
                    gleaner_saved_search_get_ask_hf (search),
                    TRUE);
}

static void
edit_dialog_response_cb (GleanerWindow            *self,
                         const char               *response,
                         GleanerSavedSearchDialog *dialog)
{
  GleanerSavedSearch *search = gleaner_saved_search_dialog_get_search (dialog);
  gint64 id = gleaner_saved_search_get_id (search);

  g_assert (GLEANER_IS_WINDOW (self));

  g_debug ("Edit response %s for %" G_GINT64_FORMAT ": “%s” → “%s”", response, id,
           gleaner_saved_search_get_name (search), gleaner_saved_search_dialog_get_name (dialog));

  if (self->store == NULL)
    return;

  if (g_strcmp0 (response, GLEANER_SAVED_SEARCH_RESPONSE_REMOVE) == 0)
    {
      g_autofree char *escaped = NULL;
      g_autofree char *text = NULL;
      AdwToast *toast;

      /* A copy, so "Undo" still knows it after the list dropped the object. */
      g_clear_object (&self->removed_search);
      self->removed_search = gleaner_saved_search_new (0, gleaner_saved_search_get_name (search),
                                                       gleaner_saved_search_get_query (search),
                                                       gleaner_saved_search_get_filter (search));
      gleaner_saved_search_set_notify (self->removed_search, gleaner_saved_search_get_notify (search));
      gleaner_saved_search_set_ask_hf (self->removed_search, gleaner_saved_search_get_ask_hf (search));

      if (self->active_search_id == id)
        self->active_search_id = 0;

      gleaner_store_remove_saved_search_async (self->store, id, NULL,
                                               saved_search_write_done_cb, g_object_ref (self));

      /* Translators: %s is the name of the removed saved search. */
      text = g_strdup_printf (_("Removed “%s”"), gleaner_saved_search_get_name (search));
      escaped = g_markup_escape_text (text, -1);
      toast = adw_toast_new (escaped);
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "win.undo-remove-search");
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      g_free (self->last_toast);
      self->last_toast = g_steal_pointer (&text);
      return;
    }

  if (g_strcmp0 (response, GLEANER_SAVED_SEARCH_RESPONSE_SAVE) != 0)
    return;

  if (g_strcmp0 (gleaner_saved_search_dialog_get_name (dialog),
                 gleaner_saved_search_get_name (search)) != 0)
    gleaner_store_rename_saved_search_async (self->store, id,
                                             gleaner_saved_search_dialog_get_name (dialog), NULL,
                                             saved_search_write_done_cb, g_object_ref (self));

  if (gleaner_saved_search_dialog_get_notify (dialog) != gleaner_saved_search_get_notify (search))
    gleaner_store_set_saved_search_notify_async (self->store, id,
                                                 gleaner_saved_search_dialog_get_notify (dialog),
                                                 NULL, saved_search_write_done_cb,
                                                 g_object_ref (self));

  if (!same_query (gleaner_saved_search_get_query (search), "") &&
      gleaner_saved_search_dialog_get_ask_hf (dialog) != gleaner_saved_search_get_ask_hf (search))
    gleaner_store_set_saved_search_ask_hf_async (self->store, id,
                                                 gleaner_saved_search_dialog_get_ask_hf (dialog),
                                                 NULL, saved_search_write_done_cb,
                                                 g_object_ref (self));
}

static void
edit_saved_search_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  GleanerWindow *self = GLEANER_WINDOW (widget);
  GleanerSavedSearch *search = find_saved_search (self, g_variant_get_int64 (param));
  GtkWidget *dialog;

  if (search == NULL)
    return;

  gtk_popover_popdown (gleaner_saved_searches_button_get_popover (self->saved_searches_button));
  dialog = gleaner_saved_search_dialog_new (GTK_WINDOW (self), search, NULL, GLEANER_FILTER_ALL);
  g_signal_connect_object (dialog, "response", G_CALLBACK (edit_dialog_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
apply_saved_search (GleanerWindow      *self,
                    GleanerSavedSearch *search)
{
  const char *query = gleaner_saved_search_get_query (search);

  gtk_popover_popdown (gleaner_saved_searches_button_get_popover (self->saved_searches_button));
  self->active_search_id = gleaner_saved_search_get_id (search);
  self->scroll_on_restore = TRUE;

  if (query != NULL && *query != '\0')
    {
      gtk_search_bar_set_search_mode (self->search_bar, TRUE);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), query);
      /* Apply now rather than after the entry's typing delay. */
      gleaner_paper_list_set_search (self->papers, query);
    }
  else
    {
      leave_search (self);
    }

  g_settings_set_enum (self->settings, "filter", gleaner_saved_search_get_filter (search));

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->list_pane);

  update_active_search (self);
}

static void
apply_saved_search_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  GleanerWindow *self = GLEANER_WINDOW (widget);
  GleanerSavedSearch *search = find_saved_search (self, g_variant_get_int64 (param));

  if (search != NULL && self->papers != NULL)
    apply_saved_search (self, search);
}

static void
factory_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, gleaner_paper_row_new ());
}

static void
factory_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  gleaner_paper_row_set_paper (GLEANER_PAPER_ROW (gtk_list_item_get_child (list_item)),
                               gtk_list_item_get_item (list_item));
}

static void
factory_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  gleaner_paper_row_set_paper (GLEANER_PAPER_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static void
store_changed_cb (GleanerWindow *self)
{
  g_assert (GLEANER_IS_WINDOW (self));

  update_view_state (self);
}

static void
show_store_error (GleanerWindow *self,
                  const GError  *error)
{
  g_autofree char *escaped = NULL;

  escaped = g_markup_escape_text (error != NULL ? error->message : _("Unknown error"), -1);
  adw_status_page_set_description (self->store_error_page, escaped);
  gtk_stack_set_visible_child_name (self->main_stack, "store-error");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-bibtex", FALSE);
}

static void
setup_settings_actions (GleanerWindow *self)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  static const char * const keys[] = { "filter", "sort" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(GAction) action = g_settings_create_action (self->settings, keys[i]);
      g_action_map_add_action (G_ACTION_MAP (group), action);
    }

  gtk_widget_insert_action_group (GTK_WIDGET (self), "settings", G_ACTION_GROUP (group));
}

static void
attach_list_model (GleanerWindow *self)
{
  if (gtk_list_view_get_model (self->list_view) == NULL && self->selection != NULL)
    gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
}

static gboolean
attach_list_model_idle_cb (gpointer user_data)
{
  g_autoptr(GleanerWindow) self = user_data;

  attach_list_model (self);

  return G_SOURCE_REMOVE;
}

static void
window_mapped_cb (GleanerWindow *self)
{
  g_signal_handlers_disconnect_by_func (self, window_mapped_cb, NULL);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, attach_list_model_idle_cb, g_object_ref (self), NULL);
}

/* Runs once, as soon as the window has its application: "application" is not a construct
 * property, so g_object_new() sets it just after constructed(). */
static void
setup (GleanerWindow      *self,
       GleanerApplication *gapp)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkEventController *click;

  /* Size first, so the window maps at its remembered size. */
  self->settings = g_object_ref (gleaner_application_get_settings (gapp));
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  setup_settings_actions (self);

  if (gleaner_application_get_store (gapp) == NULL)
    {
      show_store_error (self, gleaner_application_get_store_error (gapp));
      return;
    }

  self->store = g_object_ref (gleaner_application_get_store (gapp));
  g_signal_connect_object (self->store, "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);

  if ((self->scheduler = gleaner_application_get_scheduler (gapp)) != NULL)
    {
      static const char *status_props[] = {
        "notify::last-success", "notify::last-error", "notify::last-error-time",
        "notify::waiting-for-network",
      };

      g_object_ref (self->scheduler);
      g_signal_connect_object (self->scheduler, "notify::running",
                               G_CALLBACK (sync_running_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->scheduler, "finished",
                               G_CALLBACK (sync_finished_cb), self, G_CONNECT_SWAPPED);
      for (guint i = 0; i < G_N_ELEMENTS (status_props); i++)
        g_signal_connect_object (self->scheduler, status_props[i],
                                 G_CALLBACK (update_sync_status), self, G_CONNECT_SWAPPED);
    }

  self->papers = gleaner_paper_list_new (self->store);
  self->saved_searches = gleaner_saved_search_list_new (self->store);
  gleaner_saved_searches_button_set_model (self->saved_searches_button,
                                           G_LIST_MODEL (self->saved_searches));
  g_signal_connect_object (self->saved_searches, "items-changed",
                           G_CALLBACK (saved_searches_changed_cb), self, G_CONNECT_SWAPPED);
  settings_changed_cb (self, NULL, self->settings);
  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);

  /* No autoselect: selecting a paper marks it read, so only the user selects. */
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->papers)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, FALSE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);

  /* Connected after the selection model's own handler, so it sees the updated selection. */
  g_signal_connect_object (self->papers, "items-changed",
                           G_CALLBACK (papers_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->papers, "notify::loading",
                           G_CALLBACK (papers_loading_cb), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (factory_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (factory_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (factory_unbind_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);

  /* Build rows only once the window is on screen: the first frame shows sooner, and the
   * rows follow in the next one. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    attach_list_model (self);
  else
    g_signal_connect (self, "map", G_CALLBACK (window_mapped_cb), NULL);

  click = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  gtk_event_controller_set_propagation_phase (click, GTK_PHASE_CAPTURE);
  g_signal_connect_object (click, "released",
                           G_CALLBACK (list_click_released_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), click);

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));

  sync_running_cb (self);
  update_paper_actions (self);
  update_view_state (self);
}

static void
application_changed_cb (GleanerWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (self->settings == NULL && GLEANER_IS_APPLICATION (app))
    setup (self, GLEANER_APPLICATION (app));
}

static gboolean
gleaner_window_close_request (GtkWindow *window)
{
  GleanerWindow *self = GLEANER_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);

  if (self->settings != NULL)
    {
      g_settings_set_int (self->settings, "window-width", MAX (width, 360));
      g_settings_set_int (self->settings, "window-height", MAX (height, 294));
      g_settings_set_boolean (self->settings, "window-maximized",
                              gtk_window_is_maximized (window));
    }

  return GTK_WINDOW_CLASS (gleaner_window_parent_class)->close_request (window);
}

static void
gleaner_window_dispose (GObject *object)
{
  GleanerWindow *self = (GleanerWindow *)object;

  g_cancellable_cancel (self->cancellable);

  if (self->shown_paper != NULL)
    g_signal_handlers_disconnect_by_func (self->shown_paper, shown_paper_notify_cb, self);
  g_clear_object (&self->shown_paper);
  g_clear_object (&self->selection);
  g_clear_object (&self->papers);
  g_clear_object (&self->saved_searches);
  g_clear_object (&self->removed_search);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  if (self->export_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->export_chooser));
  g_clear_object (&self->export_chooser);

  G_OBJECT_CLASS (gleaner_window_parent_class)->dispose (object);
}

static void
gleaner_window_finalize (GObject *object)
{
  GleanerWindow *self = (GleanerWindow *)object;

  g_clear_error (&self->sync_error);
  g_clear_pointer (&self->selected_id, g_free);
  g_clear_pointer (&self->last_toast, g_free);

  G_OBJECT_CLASS (gleaner_window_parent_class)->finalize (object);
}

static void
gleaner_window_class_init (GleanerWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = gleaner_window_dispose;
  object_class->finalize = gleaner_window_finalize;

  window_class->close_request = gleaner_window_close_request;

  g_type_ensure (GLEANER_TYPE_PAPER_DETAIL);
  g_type_ensure (GLEANER_TYPE_SAVED_SEARCHES_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gleaner/Gleaner/gleaner-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, list_pane);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, content_pane);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, list_title);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, refresh_stack);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, refresh_spinner);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, filter_empty_page);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, fetching_spinner);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, store_error_page);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, star_button);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, read_button);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, copy_bibtex_button);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, detail);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, saved_searches_button);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, status_label);

  gtk_widget_class_bind_template_callback (widget_class, leaflet_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_mode_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.escape", NULL, escape_action);
  gtk_widget_class_install_action (widget_class, "win.select-next", NULL, select_next_action);
  gtk_widget_class_install_action (widget_class, "win.select-previous", NULL, select_previous_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-star", NULL, toggle_star_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-read", NULL, toggle_read_action);
  gtk_widget_class_install_action (widget_class, "win.copy-bibtex", NULL, copy_bibtex_action);
  gtk_widget_class_install_action (widget_class, "win.export-bibtex", NULL, export_bibtex_action);
  gtk_widget_class_install_action (widget_class, "win.save-search", NULL, save_search_action);
  gtk_widget_class_install_action (widget_class, "win.edit-saved-search", "x", edit_saved_search_action);
  gtk_widget_class_install_action (widget_class, "win.apply-saved-search", "x", apply_saved_search_action);
  gtk_widget_class_install_action (widget_class, "win.undo-remove-search", NULL, undo_remove_search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "win.save-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.escape", NULL);
  /* Single letters: the window only sees them when no text field took the key press (and the
   * actions check the focus again). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, 0, "win.select-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, 0, "win.select-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, 0, "win.toggle-star", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_u, 0, "win.toggle-read", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.copy-bibtex", NULL);
  /* Ctrl+Q is the application's (app.quit). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
gleaner_window_init (GleanerWindow *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self, "notify::application", G_CALLBACK (application_changed_cb), NULL);
  g_signal_connect (self, "notify::default-width", G_CALLBACK (default_width_changed_cb), NULL);

  /* Development builds get the striped header bars. */
  if (g_strcmp0 (PROFILE, "") != 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

GleanerWindow *
gleaner_window_new (GleanerApplication *application)
{
  return g_object_new (GLEANER_TYPE_WINDOW, "application", application, NULL);
}

GListModel *
gleaner_window_get_list_model (GleanerWindow *self)
{
  g_return_val_if_fail (GLEANER_IS_WINDOW (self), NULL);
  return self->papers != NULL ? G_LIST_MODEL (self->papers) : NULL;
}

GtkSingleSelection *
gleaner_window_get_selection (GleanerWindow *self)
{
  g_return_val_if_fail (GLEANER_IS_WINDOW (self), NULL);
  return self->selection;
}

GtkListView *
gleaner_window_get_list_view (GleanerWindow *self)
{
  g_return_val_if_fail (GLEANER_IS_WINDOW (self), NULL);
  return self->list_view;
}

GleanerPaperDetail *
gleaner_window_get_detail (GleanerWindow *self)
{
  g_return_val_if_fail (GLEANER_IS_WINDOW (self), NULL);
  return self->detail;
}

GtkEditable *
gleaner_window_get_search_entry (GleanerWindow *self)
{
  g_return_val_if_fail (GLEANER_IS_WINDOW (self), NULL);
  return GTK_EDITABLE (self->search_entry);
}

AdwLeaflet *
gleaner_window_get_leaflet (GleanerWindow *self)
{
  g_return_val_if_fail (GLEANER_IS_WINDOW (self), NULL);
  return self->leaflet;
}

const char *
gleaner_window_get_view_state (GleanerWindow *self)
{
  g_return_val_if_fail (GLEANER_IS_WINDOW (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "store-error") == 0)
    return "store-error";

  return gtk_stack_get_visible_child_name (self->list_stack);
}

const char *
gleaner_window_get_last_toast (GleanerWindow *self)
{
  g_return_val_if_fail (GLEANER_IS_WINDOW (self), NULL);
  return self->last_toast;
}

/* Opens the paper with arXiv id @id in the detail pane (and selects it when the list shows
 * it), as a notification's default action asks. Marks it read like any opening. */
void
gleaner_window_show_paper (GleanerWindow *self,
                           const char    *id)
{
  g_autoptr(GleanerPaper) paper = NULL;
  g_autoptr(GError) error = NULL;
  guint pos;

  g_return_if_fail (GLEANER_IS_WINDOW (self));
  g_return_if_fail (id != NULL);

  if (self->store == NULL)
    return;

  if (!(paper = gleaner_store_load_paper (self->store, id, &error)))
    {
      if (error != NULL)
        show_toast (self, error->message, TRUE, NULL);
      else
        show_toast (self, _("This paper is no longer stored"), FALSE, NULL);
      return;
    }

  set_shown_paper (self, paper);
  self->auto_read_done = FALSE;

  if ((pos = gleaner_paper_list_find (self->papers, id)) != G_MAXUINT &&
      pos < g_list_model_get_n_items (G_LIST_MODEL (self->selection)))
    {
      gtk_single_selection_set_selected (self->selection, pos);
      scroll_to_position (self, pos);
    }

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content_pane);

  maybe_mark_read (self);
}

/* Shows the saved search @id in the list; FALSE if there is no such search (any more). */
gboolean
gleaner_window_show_saved_search (GleanerWindow *self,
                                  gint64         id)
{
  GleanerSavedSearch *search;

  g_return_val_if_fail (GLEANER_IS_WINDOW (self), FALSE);

  if (self->papers == NULL || !(search = find_saved_search (self, id)))
    return FALSE;

  apply_saved_search (self, search);
  return TRUE;
}

/* Shows every paper in Hugging Face's trending order. */
void
gleaner_window_show_trending (GleanerWindow *self)
{
  g_return_if_fail (GLEANER_IS_WINDOW (self));

  if (self->papers == NULL)
    return;

  leave_search (self);
  self->scroll_on_restore = TRUE;
  g_settings_set_enum (self->settings, "filter", GLEANER_FILTER_ALL);
  g_settings_set_enum (self->settings, "sort", GLEANER_SORT_TRENDING);

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->list_pane);

  scroll_to_position (self, 0);
}

/* The id of the saved search the list shows, or 0. */
gint64
gleaner_window_get_active_saved_search (GleanerWindow *self)
{
  g_return_val_if_fail (GLEANER_IS_WINDOW (self), 0);
  return self->active_search_id;
}

GleanerSavedSearchesButton *
gleaner_window_get_saved_searches_button (GleanerWindow *self)
{
  g_return_val_if_fail (GLEANER_IS_WINDOW (self), NULL);
  return self->saved_searches_button;
}

GListModel *
gleaner_window_get_saved_searches (GleanerWindow *self)
{
  g_return_val_if_fail (GLEANER_IS_WINDOW (self), NULL);
  return G_LIST_MODEL (self->saved_searches);
}

/* The sync status line's text, or NULL while it is hidden. */
const char *
gleaner_window_get_status_text (GleanerWindow *self)
{
  g_return_val_if_fail (GLEANER_IS_WINDOW (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->status_label)))
    return NULL;

  return gtk_label_get_text (self->status_label);
}

const char *
gleaner_window_get_list_title (GleanerWindow *self)
{
  g_return_val_if_fail (GLEANER_IS_WINDOW (self), NULL);
  return adw_window_title_get_title (self->list_title);
}
