/* gleaner-list-pane.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list side of the window: the header with refresh, saved searches and the filter and
 * sort menu, the search bar, the list (or the status page standing in for it) and the sync
 * status line. It owns the list model and its selection; the window decides what opening a
 * paper means.
 */

#define G_LOG_DOMAIN "gleaner-list-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "gleaner-highlight.h"
#include "gleaner-a11y.h"
#include "gleaner-lazy-menu.h"
#include "gleaner-list-pane.h"
#include "gleaner-list-pane-private.h"
#include "gleaner-paper-list.h"
#include "gleaner-scope-menu.h"
#include "gleaner-tooltip.h"
#include "gleaner-sync-error.h"
#include "gleaner-sync-status.h"


G_DEFINE_FINAL_TYPE (GleanerListPane, gleaner_list_pane, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_FOLDED,
  PROP_PRIMARY_MENU,
  PROP_VIEW_STATE,
  PROP_UNREAD_COUNT,
  N_PROPS
};

enum {
  PAPER_ACTIVATED,
  QUERY_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

#define PAGES_RESOURCE "/io/github/gleaner/Gleaner/gleaner-list-pane-pages.ui"

/* The status page @name ("empty", "error"…) of the list stack, built the first time it is
 * needed: the six of them were a fifth of building the window, for pages most starts never
 * show. */
static AdwStatusPage *
ensure_page (GleanerListPane *self,
             const char      *name)
{
  GtkWidget *page = gtk_stack_get_child_by_name (self->list_stack, name);
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  const char *objects[] = { name, NULL };

  if (page != NULL)
    return ADW_STATUS_PAGE (page);

  builder = gtk_builder_new ();
  if (!gtk_builder_add_objects_from_resource (builder, PAGES_RESOURCE, objects, &error))
    g_error ("%s: %s", PAGES_RESOURCE, error->message);  /* built in: cannot fail */

  page = GTK_WIDGET (gtk_builder_get_object (builder, name));
  gtk_stack_add_named (self->list_stack, page, name);
  gleaner_a11y_fix_mnemonic_labels (page);
  if (g_str_equal (name, "fetching"))
    self->fetching_spinner = GTK_SPINNER (gtk_builder_get_object (builder, "fetching_spinner"));

  return ADW_STATUS_PAGE (page);
}

/* Which status page stands in for an empty list, or NULL to keep what is shown. */
static const char *
empty_page (GleanerListPane *self)
{
  const char *search = gleaner_paper_list_get_search (self->papers);
  GleanerFilter filter = gleaner_paper_list_get_filter (self->papers);

  /* Keep what is shown until the query answers, so nothing flickers. */
  if (gleaner_paper_list_get_loading (self->papers))
    return NULL;

  if (search != NULL && *search != '\0')
    {
      adw_status_page_set_description (ensure_page (self, "no-results"),
                                       filter == GLEANER_FILTER_ALL
                                         ? _("Try different words")
                                         : _("Try different words, or search all papers"));
      return "no-results";
    }

  /* Known without a query: the store keeps track. */
  if (!gleaner_store_get_has_papers (self->store))
    {
      if (self->scheduler != NULL && gleaner_scheduler_get_running (self->scheduler))
        return "fetching";
      return self->sync_error != NULL ? "error" : "empty";
    }

  if (filter == GLEANER_FILTER_UNREAD)
    {
      AdwStatusPage *status = ensure_page (self, "filter-empty");

      adw_status_page_set_icon_name (status, "mail-read-symbolic");
      adw_status_page_set_title (status, _("All Caught Up"));
      adw_status_page_set_description (status, _("Every paper has been read"));
      return "filter-empty";
    }

  if (filter == GLEANER_FILTER_STARRED)
    {
      AdwStatusPage *status = ensure_page (self, "filter-empty");

      adw_status_page_set_icon_name (status, "starred-symbolic");
      adw_status_page_set_title (status, _("No Starred Papers"));
      adw_status_page_set_description (status, _("Star a paper to keep it here"));
      return "filter-empty";
    }

  /* Narrowed to a source or category with nothing (yet). */
  if (gleaner_paper_list_get_scope (self->papers) != NULL)
    return "scope-empty";

  /* The store has papers the query has not delivered yet. */
  return "list";
}

static void
update_view_state (GleanerListPane *self)
{
  const char *page;

  g_assert (GLEANER_IS_LIST_PANE (self));

  if (self->papers == NULL)
    return;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->papers)) > 0)
    page = "list";
  else
    page = empty_page (self);

  if (page != NULL && g_strcmp0 (page, gtk_stack_get_visible_child_name (self->list_stack)) != 0)
    {
      if (!g_str_equal (page, "list"))
        ensure_page (self, page);
      gtk_stack_set_visible_child_name (self->list_stack, page);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_VIEW_STATE]);
    }

  /* With no papers at all, the status page says what the line under the list would. */
  page = gtk_stack_get_visible_child_name (self->list_stack);
  gleaner_sync_status_set_suppressed (self->sync_status,
                                      g_strcmp0 (page, "error") == 0 ||
                                      g_strcmp0 (page, "fetching") == 0 ||
                                      g_strcmp0 (page, "empty") == 0);

  if (self->fetching_spinner != NULL)
    gtk_spinner_set_spinning (self->fetching_spinner, g_strcmp0 (page, "fetching") == 0);
}

static void
settings_changed_cb (GleanerListPane *self,
                     const char      *key,
                     GSettings       *settings)
{
  g_assert (GLEANER_IS_LIST_PANE (self));

  if (key != NULL && (g_strcmp0 (key, "filter") == 0 || g_strcmp0 (key, "sort") == 0))
    self->scroll_on_restore = TRUE;

  if (key == NULL || g_strcmp0 (key, "filter") == 0)
    gleaner_paper_list_set_filter (self->papers, g_settings_get_enum (settings, "filter"));

  if (key == NULL || g_strcmp0 (key, "sort") == 0)
    gleaner_paper_list_set_sort (self->papers, g_settings_get_enum (settings, "sort"));

  if (key == NULL || g_strcmp0 (key, "scope") == 0)
    {
      g_autofree char *scope = g_settings_get_string (settings, "scope");

      if (key != NULL)
        self->scroll_on_restore = TRUE;
      /* "" in the settings is every paper, NULL to the list. */
      gleaner_paper_list_set_scope (self->papers, *scope != '\0' ? scope : NULL);
    }

  _gleaner_list_pane_update_subtitle (self);
}

static void
sync_running_cb (GleanerListPane *self)
{
  gboolean running;

  g_assert (GLEANER_IS_LIST_PANE (self));

  running = self->scheduler != NULL && gleaner_scheduler_get_running (self->scheduler);

  gtk_stack_set_visible_child_name (self->refresh_stack, running ? "running" : "idle");
  gtk_spinner_set_spinning (self->refresh_spinner, running);

  update_view_state (self);
}

static void
sync_finished_cb (GleanerListPane   *self,
                  GleanerSyncResult *sync_result,
                  const GError      *error,
                  GleanerScheduler  *scheduler)
{
  g_assert (GLEANER_IS_LIST_PANE (self));

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_error (&self->sync_error);

  if (error != NULL && g_error_matches (error, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_NETWORK))
    {
      /* No connection at all: say so in words, not with a host and a socket error. */
      AdwStatusPage *status = ensure_page (self, "error");

      self->sync_error = g_error_copy (error);
      adw_status_page_set_title (status, _("No Connection"));
      adw_status_page_set_description (status,
                                       _("Check your internet connection. Gleaner tries again "
                                         "on its own when the network is back."));
    }
  else if (error != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);
      AdwStatusPage *status = ensure_page (self, "error");

      self->sync_error = g_error_copy (error);
      adw_status_page_set_title (status, _("Could Not Fetch Papers"));
      /* The description is markup; the message may carry network text. */
      adw_status_page_set_description (status, escaped);
    }

  update_view_state (self);
}

static void
papers_changed_cb (GleanerListPane *self,
                   guint            position,
                   guint            removed,
                   guint            added,
                   GListModel      *model)
{
  g_assert (GLEANER_IS_LIST_PANE (self));

  /* The selected row's paper arrived in place of its placeholder. */
  if (removed == 1 && added == 1 && position == self->placeholder_position &&
      gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
    {
      self->placeholder_position = GTK_INVALID_LIST_POSITION;
      gtk_single_selection_set_selected (self->selection, position);
      update_view_state (self);
      return;
    }
  self->placeholder_position = GTK_INVALID_LIST_POSITION;

  _gleaner_list_pane_pace_rest (self);

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
            gleaner_list_pane_scroll_to (self, pos);
        }
    }

  update_view_state (self);
  _gleaner_list_pane_update_subtitle (self);
}

static void
papers_loading_cb (GleanerListPane *self)
{
  g_assert (GLEANER_IS_LIST_PANE (self));

  /* A query is complete: later changes come from syncs, which keep the scroll position. */
  if (!gleaner_paper_list_get_loading (self->papers))
    self->scroll_on_restore = FALSE;

  update_view_state (self);
  _gleaner_list_pane_update_subtitle (self);
  if (!gleaner_paper_list_get_loading (self->papers))
    {
      _gleaner_list_pane_update_highlight (self);
      _gleaner_list_pane_queue_unread_count (self);
      /* Not sooner: at start-up the counts' walk of every paper competed with presenting
       * the window for the second core. (A list outliving a disposed pane has no menu.) */
      if (self->scope_menu != NULL)
        gleaner_scope_menu_start_counting (self->scope_menu);
    }
}

static void
view_popover_mapped_cb (GleanerListPane *self,
                        GtkWidget       *popover)
{
  if (self->scope_menu != NULL)
    gleaner_scope_menu_set_shown (self->scope_menu, gtk_widget_get_mapped (popover));
}

/* The menu is given its model when it first opens: it may open before the list has loaded.
 * Its popover, made then, tells the source counts when they are on screen. */
static void
view_menu_model_cb (GleanerListPane *self)
{
  GtkPopover *popover;

  g_assert (GLEANER_IS_LIST_PANE (self));

  if (self->scope_menu == NULL || gtk_menu_button_get_menu_model (self->view_menu_button) == NULL)
    return;

  gleaner_scope_menu_start_counting (self->scope_menu);
  if ((popover = gtk_menu_button_get_popover (self->view_menu_button)) != NULL)
    {
      g_signal_connect_object (popover, "map", G_CALLBACK (view_popover_mapped_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (popover, "unmap", G_CALLBACK (view_popover_mapped_cb), self,
                               G_CONNECT_SWAPPED);
      view_popover_mapped_cb (self, GTK_WIDGET (popover));
    }
}

static void
store_changed_cb (GleanerListPane *self)
{
  update_view_state (self);
  _gleaner_list_pane_queue_unread_count (self);
}

void
_gleaner_list_pane_emit_paper_activated (GleanerListPane *self)
{
  g_signal_emit (self, signals [PAPER_ACTIVATED], 0);
}

void
_gleaner_list_pane_emit_query_changed (GleanerListPane *self)
{
  g_signal_emit (self, signals [QUERY_CHANGED], 0);
}

void
_gleaner_list_pane_set_unread_count (GleanerListPane *self,
                                     gint64           count)
{
  if (self->unread_count == count)
    return;

  self->unread_count = count;
  _gleaner_list_pane_update_subtitle (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_UNREAD_COUNT]);
}

gint64
gleaner_list_pane_get_unread_count (GleanerListPane *self)
{
  g_return_val_if_fail (GLEANER_IS_LIST_PANE (self), -1);

  return self->unread_count;
}

static void
attach_list_model (GleanerListPane *self)
{
  if (gtk_grid_view_get_model (self->list_view) == NULL && self->selection != NULL)
    gtk_grid_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
}

static void
gleaner_list_pane_map (GtkWidget *widget)
{
  GleanerListPane *self = GLEANER_LIST_PANE (widget);

  GTK_WIDGET_CLASS (gleaner_list_pane_parent_class)->map (widget);

  /* The rows are built for the first frame (the view builds 30 rows' worth). Built for the
   * next one instead, as when a list view built 200, the first frame showed an empty list,
   * and the next redrew the list alone, which GTK 4.8 on X11 does through a shared-memory
   * image (1.1 MB kept, of a 32 MB segment). */
  attach_list_model (self);
}

/* The list's width beside the paper. It does not follow the content's width: the subtitle's
 * counts, the status line and the rows' titles change it, and every change moved the
 * divider, so the whole window was redrawn (a 20–50 ms frame at each refresh). Nor is the
 * content measured across at all: that measured every row's labels (24 ms on each keystroke
 * in the search entry, whose text change asks the pane's ancestors to measure again). The
 * content fits in the minimum, 360 px (the narrow window's width, checked by the window
 * tests and screenshots at 360 px). The pane measures and allocates its child itself
 * (AdwBin's layout manager would bypass these vfuncs). */
#define LIST_PANE_MIN_WIDTH 360
#define LIST_PANE_WIDTH     480

static void
gleaner_list_pane_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = LIST_PANE_MIN_WIDTH;
      *natural = LIST_PANE_WIDTH;
      return;
    }

  if (child == NULL || !gtk_widget_should_layout (child))
    return;
  gtk_widget_measure (child, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

static void
gleaner_list_pane_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  GleanerListPane *self = GLEANER_LIST_PANE (widget);
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_allocate (child, width, height, baseline, NULL);

  /* A popover follows its parent only when the parent tells it to. */
  if (self->context_menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->context_menu));
}

static void
connect_scheduler (GleanerListPane  *self,
                   GleanerScheduler *scheduler)
{
  self->scheduler = g_object_ref (scheduler);
  g_signal_connect_object (scheduler, "notify::running",
                           G_CALLBACK (sync_running_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (scheduler, "finished",
                           G_CALLBACK (sync_finished_cb), self, G_CONNECT_SWAPPED);
  gleaner_sync_status_set_scheduler (self->sync_status, scheduler);
}

void
gleaner_list_pane_set_session (GleanerListPane *self,
                               GleanerSession  *session)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkEventController *click;

  g_return_if_fail (GLEANER_IS_LIST_PANE (self));
  g_return_if_fail (GLEANER_IS_SESSION (session));
  g_return_if_fail (self->settings == NULL);

  self->settings = g_object_ref (gleaner_session_get_settings (session));

  if (gleaner_session_get_store (session) == NULL)
    return;

  self->store = g_object_ref (gleaner_session_get_store (session));
  g_signal_connect_object (self->store, "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  /* A mark announced before its write: the count, read after the write, follows it. */
  g_signal_connect_object (self->store, "paper-state-changed",
                           G_CALLBACK (_gleaner_list_pane_queue_unread_count), self, G_CONNECT_SWAPPED);

  if (gleaner_session_get_scheduler (session) != NULL)
    connect_scheduler (self, gleaner_session_get_scheduler (session));

  self->papers = gleaner_paper_list_new (self->store);

  /* "Source" comes first in the "Filter and Sort" menu, above "Show" and "Sort By". */
  self->scope_menu = gleaner_scope_menu_new (self->store, self->settings);
  g_menu_prepend_section (self->view_menu,
                          _("Source"), gleaner_scope_menu_get_model (self->scope_menu));
  g_signal_connect_object (self->view_menu_button, "notify::menu-model",
                           G_CALLBACK (view_menu_model_cb), self, G_CONNECT_SWAPPED);
  view_menu_model_cb (self);
  /* Rows past the first pages are read on the list's worker, never on the main thread. */
  gleaner_paper_list_set_lazy_rows (self->papers, TRUE);
  gleaner_paper_list_set_paced (self->papers, TRUE);
  settings_changed_cb (self, NULL, self->settings);
  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);

  /* No autoselect: selecting a paper marks it read, so only the user selects. */
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->papers)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, FALSE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (_gleaner_list_pane_selection_changed_cb), self, G_CONNECT_SWAPPED);

  /* Connected after the selection model's own handler, so it sees the updated selection. */
  g_signal_connect_object (self->papers, "items-changed",
                           G_CALLBACK (papers_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->papers, "notify::loading",
                           G_CALLBACK (papers_loading_cb), self, G_CONNECT_SWAPPED);

  factory = _gleaner_list_pane_new_factory (self);
  gtk_grid_view_set_factory (self->list_view, factory);

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    attach_list_model (self);

  click = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  gtk_event_controller_set_propagation_phase (click, GTK_PHASE_CAPTURE);
  g_signal_connect_object (click, "released",
                           G_CALLBACK (_gleaner_list_pane_click_released_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), click);

  sync_running_cb (self);
  update_view_state (self);
}

static void
gleaner_list_pane_dispose (GObject *object)
{
  GleanerListPane *self = (GleanerListPane *)object;

  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  _gleaner_list_pane_stop_pacing (self);
  _gleaner_list_pane_stop_unread_count (self);
  /* The list view's rows go first (with the template), then the spare ones. */
  if (self->list_view != NULL)
    gtk_grid_view_set_factory (self->list_view, NULL);
  g_clear_pointer (&self->row_pool, g_ptr_array_unref);
  g_clear_object (&self->selection);
  g_clear_object (&self->scope_menu);
  /* A query waiting for this view to show its first page goes on now (its worker would wait
   * for a release that no longer comes, up to a second). */
  if (self->papers != NULL)
    gleaner_paper_list_set_paced (self->papers, FALSE);
  g_clear_object (&self->papers);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->primary_menu);

  G_OBJECT_CLASS (gleaner_list_pane_parent_class)->dispose (object);
}

static void
gleaner_list_pane_finalize (GObject *object)
{
  GleanerListPane *self = (GleanerListPane *)object;

  g_clear_error (&self->sync_error);
  g_clear_pointer (&self->selected_id, g_free);
  g_clear_pointer (&self->highlight_words, g_strfreev);

  G_OBJECT_CLASS (gleaner_list_pane_parent_class)->finalize (object);
}

static void
gleaner_list_pane_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GleanerListPane *self = GLEANER_LIST_PANE (object);

  switch (prop_id)
    {
    case PROP_FOLDED:
      g_value_set_boolean (value, self->folded);
      break;

    case PROP_PRIMARY_MENU:
      g_value_set_object (value, self->primary_menu);
      break;

    case PROP_UNREAD_COUNT:
      g_value_set_int64 (value, self->unread_count);
      break;

    case PROP_VIEW_STATE:
      g_value_set_string (value, gleaner_list_pane_get_view_state (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gleaner_list_pane_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GleanerListPane *self = GLEANER_LIST_PANE (object);

  switch (prop_id)
    {
    case PROP_FOLDED:
      if (self->folded != g_value_get_boolean (value))
        {
          self->folded = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_PRIMARY_MENU:
      if (g_set_object (&self->primary_menu, g_value_get_object (value)))
        {
          gleaner_menu_button_set_model_lazily (self->primary_menu_button, self->primary_menu);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clear_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  GleanerListPane *self = GLEANER_LIST_PANE (widget);

  gleaner_list_pane_leave_search (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
gleaner_list_pane_class_init (GleanerListPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gleaner_list_pane_dispose;
  object_class->finalize = gleaner_list_pane_finalize;
  object_class->get_property = gleaner_list_pane_get_property;
  object_class->set_property = gleaner_list_pane_set_property;

  widget_class->map = gleaner_list_pane_map;
  widget_class->measure = gleaner_list_pane_measure;
  widget_class->size_allocate = gleaner_list_pane_size_allocate;

  gtk_widget_class_install_action (widget_class, "list-pane.clear-search", NULL, clear_search_action);

  /* Whether the window shows one pane at a time: the list's header then carries the
   * window's buttons, and a click opens the paper. */
  properties [PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_PRIMARY_MENU] =
    g_param_spec_object ("primary-menu", NULL, NULL,
                         G_TYPE_MENU_MODEL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* What stands in the list's place: "list", "empty", "fetching", "error", "no-results" or
   * "filter-empty". */
  properties [PROP_VIEW_STATE] =
    g_param_spec_string ("view-state", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* How many papers of the list's view are unread; -1 until counted. */
  properties [PROP_UNREAD_COUNT] =
    g_param_spec_int64 ("unread-count", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The user opened the selected paper (Enter, a double click, a click when folded). */
  signals [PAPER_ACTIVATED] =
    g_signal_new ("paper-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /* The search words changed, or the search bar closed. */
  signals [QUERY_CHANGED] =
    g_signal_new ("query-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (GLEANER_TYPE_SAVED_SEARCHES_BUTTON);
  g_type_ensure (GLEANER_TYPE_SYNC_STATUS);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gleaner/Gleaner/gleaner-list-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, GleanerListPane, list_title);
  gtk_widget_class_bind_template_child (widget_class, GleanerListPane, folded_title);
  gtk_widget_class_bind_template_child (widget_class, GleanerListPane, refresh_stack);
  gtk_widget_class_bind_template_child (widget_class, GleanerListPane, refresh_spinner);
  gtk_widget_class_bind_template_child (widget_class, GleanerListPane, search_bar);
  gtk_widget_class_bind_template_child (widget_class, GleanerListPane, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GleanerListPane, list_stack);
  gtk_widget_class_bind_template_child (widget_class, GleanerListPane, list_view);
  gtk_widget_class_bind_template_child (widget_class, GleanerListPane, view_menu_button);
  gtk_widget_class_bind_template_child (widget_class, GleanerListPane, view_menu);
  gtk_widget_class_bind_template_child (widget_class, GleanerListPane, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, GleanerListPane, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, GleanerListPane, search_button);
  gtk_widget_class_bind_template_child (widget_class, GleanerListPane, saved_searches_button);
  gtk_widget_class_bind_template_child (widget_class, GleanerListPane, sync_status);

  gtk_widget_class_bind_template_callback_full (widget_class, "list_activate_cb",
                                                G_CALLBACK (_gleaner_list_pane_list_activate_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "search_text_changed_cb",
                                                G_CALLBACK (_gleaner_list_pane_search_text_changed_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "stop_search_cb",
                                                G_CALLBACK (_gleaner_list_pane_stop_search_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "search_activate_cb",
                                                G_CALLBACK (_gleaner_list_pane_search_activate_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "search_mode_changed_cb",
                                                G_CALLBACK (_gleaner_list_pane_search_mode_changed_cb));
}

static void
gleaner_list_pane_init (GleanerListPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);
  gleaner_menu_button_set_model_lazily (self->view_menu_button, G_MENU_MODEL (self->view_menu));
  /* Not in the template: see gleaner-tooltip.c. */
  gleaner_widget_set_tooltip (self->refresh_button, _("Refresh"));
  gleaner_widget_set_tooltip (GTK_WIDGET (self->primary_menu_button), _("Main Menu"));
  gleaner_widget_set_tooltip (GTK_WIDGET (self->view_menu_button), _("Filter and Sort"));
  gleaner_widget_set_tooltip (self->search_button, _("Search"));

  self->row_pool = g_ptr_array_new_with_free_func (g_object_unref);
  self->placeholder_position = GTK_INVALID_LIST_POSITION;
  self->unread_count = -1;
  _gleaner_list_pane_setup_keyboard (self);

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gleaner_a11y_fix_mnemonic_labels (GTK_WIDGET (self->list_stack));
  gleaner_a11y_track_stack (self->list_stack);
}

void
gleaner_list_pane_set_title (GleanerListPane *self,
                             const char      *title)
{
  g_return_if_fail (GLEANER_IS_LIST_PANE (self));
  adw_window_title_set_title (self->list_title, title);
  _gleaner_list_pane_update_folded_title (self);
}

const char *
gleaner_list_pane_get_title (GleanerListPane *self)
{
  g_return_val_if_fail (GLEANER_IS_LIST_PANE (self), NULL);
  return adw_window_title_get_title (self->list_title);
}

void
gleaner_list_pane_set_title_visible (GleanerListPane *self,
                                     gboolean         visible)
{
  g_return_if_fail (GLEANER_IS_LIST_PANE (self));
  gtk_widget_set_visible (GTK_WIDGET (self->list_title), visible);
}

GListModel *
gleaner_list_pane_get_model (GleanerListPane *self)
{
  g_return_val_if_fail (GLEANER_IS_LIST_PANE (self), NULL);
  return self->papers != NULL ? G_LIST_MODEL (self->papers) : NULL;
}

GtkSingleSelection *
gleaner_list_pane_get_selection (GleanerListPane *self)
{
  g_return_val_if_fail (GLEANER_IS_LIST_PANE (self), NULL);
  return self->selection;
}

GtkGridView *
gleaner_list_pane_get_list_view (GleanerListPane *self)
{
  g_return_val_if_fail (GLEANER_IS_LIST_PANE (self), NULL);
  return self->list_view;
}

GtkEditable *
gleaner_list_pane_get_search_entry (GleanerListPane *self)
{
  g_return_val_if_fail (GLEANER_IS_LIST_PANE (self), NULL);
  return GTK_EDITABLE (self->search_entry);
}

GleanerSavedSearchesButton *
gleaner_list_pane_get_saved_searches_button (GleanerListPane *self)
{
  g_return_val_if_fail (GLEANER_IS_LIST_PANE (self), NULL);
  return self->saved_searches_button;
}

const char *
gleaner_list_pane_get_view_state (GleanerListPane *self)
{
  g_return_val_if_fail (GLEANER_IS_LIST_PANE (self), NULL);
  return gtk_stack_get_visible_child_name (self->list_stack);
}

const char *
gleaner_list_pane_get_status_text (GleanerListPane *self)
{
  g_return_val_if_fail (GLEANER_IS_LIST_PANE (self), NULL);
  return gleaner_sync_status_get_text (self->sync_status);
}
