/* gleaner-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window: the list pane and the paper's detail side by side (one at a time when narrow),
 * and which paper is shown. Actions live in gleaner-window-actions.c, saved searches in
 * gleaner-window-saved-searches.c, toasts in gleaner-window-toasts.c.
 */

#define G_LOG_DOMAIN "gleaner-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gleaner-paper-list.h"
#include "gleaner-a11y.h"
#include "gleaner-lazy-menu.h"
#include "gleaner-tooltip.h"
#include "gleaner-window-private.h"

G_DEFINE_FINAL_TYPE (GleanerWindow, gleaner_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

gboolean
_gleaner_window_focus_is_in_text (GleanerWindow *self)
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

/* In the narrow layout, brings the list into view. */
void
_gleaner_window_show_list (GleanerWindow *self)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->list_pane));
}

static void
show_detail (GleanerWindow *self)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content_pane);
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
      _gleaner_window_add_toast (self, text, TRUE, NULL, NULL);
    }
}

/* The store tells every object showing the paper (the list's rows, the detail pane) at once,
 * through "paper-state-changed"; it writes on its own thread. */
void
_gleaner_window_set_paper_read (GleanerWindow *self,
                                GleanerPaper  *paper,
                gboolean       read)
{
  g_assert (GLEANER_IS_WINDOW (self));
  g_assert (GLEANER_IS_PAPER (paper));

  if (gleaner_paper_get_read (paper) == read)
    return;

  gleaner_store_set_read_async (self->store, gleaner_paper_get_id (paper), read,
                                NULL, store_write_done_cb, g_object_ref (self));
}

/* Asks arXiv for what the paper lacks (comments, DOI…); the list's refresh after the store
 * changed then shows it. The completer decides whether the paper needs it. */
static void
complete_paper (GleanerWindow *self,
                GleanerPaper  *paper)
{
  gleaner_session_request_completion (self->session, paper);
}

void
_gleaner_window_set_paper_starred (GleanerWindow *self,
                                   GleanerPaper  *paper,
                   gboolean       starred)
{
  g_assert (GLEANER_IS_WINDOW (self));
  g_assert (GLEANER_IS_PAPER (paper));

  if (gleaner_paper_get_starred (paper) == starred)
    return;

  if (starred)
    complete_paper (self, paper);

  gleaner_store_set_starred_async (self->store, gleaner_paper_get_id (paper), starred,
                                   NULL, store_write_done_cb, g_object_ref (self));
}

/* The list updates its own papers; the shown paper may be one it never handed out (opened
 * from a notification), so it follows the store here. */
static void
paper_state_changed_cb (GleanerWindow     *self,
                        const char        *id,
                        GleanerPaperState  state,
                        gboolean           value,
                        GleanerStore      *store)
{
  g_assert (GLEANER_IS_WINDOW (self));

  if (self->shown_paper == NULL || g_strcmp0 (gleaner_paper_get_id (self->shown_paper), id) != 0)
    return;

  if (state == GLEANER_PAPER_STATE_STARRED)
    gleaner_paper_set_starred (self->shown_paper, value);
  else
    gleaner_paper_set_read (self->shown_paper, value);
}

static void set_shown_paper (GleanerWindow *self,
                             GleanerPaper  *paper);

static void
shown_paper_reloaded_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GleanerWindow) self = user_data;
  g_autoptr(GleanerPaper) paper = NULL;
  g_autoptr(GError) error = NULL;

  /* Gone or failed: the pane keeps what it shows. */
  if (!(paper = gleaner_store_load_paper_finish (GLEANER_STORE (object), result, &error)))
    return;

  /* Another paper opened meanwhile. */
  if (self->shown_paper == NULL ||
      g_strcmp0 (gleaner_paper_get_id (self->shown_paper), gleaner_paper_get_id (paper)) != 0)
    return;

  /* Marks follow "paper-state-changed" and may still be on their way to the database: keep
   * those the shown object has. The same paper: the pane keeps its scroll position, the list
   * its selection. */
  gleaner_paper_set_starred (paper, gleaner_paper_get_starred (self->shown_paper));
  gleaner_paper_set_read (paper, gleaner_paper_get_read (self->shown_paper));
  set_shown_paper (self, paper);
}

/* A sync or a completion (comments, DOI… from arXiv's API) may have changed the shown
 * paper's data: the pane follows the store, whether or not the list holds the paper. */
static void
store_changed_cb (GleanerWindow      *self,
                  GleanerStoreChange  change,
                  GleanerStore       *store)
{
  g_assert (GLEANER_IS_WINDOW (self));

  if (change != GLEANER_STORE_CHANGE_PAPERS || self->shown_paper == NULL)
    return;

  gleaner_store_load_paper_async (store, gleaner_paper_get_id (self->shown_paper),
                                  self->cancellable, shown_paper_reloaded_cb,
                                  g_object_ref (self));
}

static void
update_paper_actions (GleanerWindow *self)
{
  GleanerPaper *paper = self->shown_paper;
  gboolean starred = paper != NULL && gleaner_paper_get_starred (paper);
  gboolean read = paper != NULL && gleaner_paper_get_read (paper);
  const char *star_label = starred ? _("Unstar") : _("Star");

  g_assert (GLEANER_IS_WINDOW (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.toggle-star", paper != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.toggle-read", paper != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-bibtex", paper != NULL);

  gtk_widget_set_visible (self->star_button, paper != NULL);
  gtk_widget_set_visible (self->paper_menu_button, paper != NULL);

  gtk_button_set_icon_name (GTK_BUTTON (self->star_button),
                            starred ? "starred-symbolic" : "non-starred-symbolic");
  gleaner_widget_set_tooltip (self->star_button, star_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->star_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, star_label,
                                  -1);
  if (starred)
    gtk_widget_add_css_class (self->star_button, "starred");
  else
    gtk_widget_remove_css_class (self->star_button, "starred");

  /* Only when it changes: rebuilding the menu while it is open would close it. */
  if (self->paper_menu_read != (read ? 1 : 0))
    {
      self->paper_menu_read = read ? 1 : 0;
      g_menu_remove_all (self->paper_menu_read_section);
      g_menu_append (self->paper_menu_read_section,
                     read ? _("Mark as _Unread") : _("Mark as _Read"), "win.toggle-read");
    }
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
  _gleaner_window_set_paper_read (self, self->shown_paper, TRUE);
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
    }

  /* A new object for the paper already shown (the list rebuilt it) is not a new opening. */
  if (!same_paper)
    {
      self->auto_read_done = FALSE;
      if (paper != NULL)
        complete_paper (self, paper);
    }

  gleaner_paper_detail_set_paper (self->detail, paper);
  update_paper_actions (self);
}

void
_gleaner_window_open_selected (GleanerWindow *self)
{
  GtkSingleSelection *selection = gleaner_list_pane_get_selection (self->list_pane);
  GleanerPaper *paper;

  g_assert (GLEANER_IS_WINDOW (self));

  if (selection == NULL || !(paper = gtk_single_selection_get_selected_item (selection)) ||
      gleaner_paper_list_is_placeholder (paper))
    return;

  set_shown_paper (self, paper);

  /* Opening explicitly marks read again, even after "Mark as Unread". */
  self->auto_read_done = FALSE;

  show_detail (self);
  maybe_mark_read (self);
}

static void
selection_changed_cb (GleanerWindow      *self,
                      GParamSpec         *pspec,
                      GtkSingleSelection *selection)
{
  GleanerPaper *paper;

  g_assert (GLEANER_IS_WINDOW (self));

  /* Nothing selected means the paper left the list (search, filter): keep showing it; the
   * list selects it again if it comes back. */
  if (!(paper = gtk_single_selection_get_selected_item (selection)) ||
      gleaner_paper_list_is_placeholder (paper))
    return;

  set_shown_paper (self, paper);
  maybe_mark_read (self);
}

static void
paper_activated_cb (GleanerWindow *self)
{
  _gleaner_window_open_selected (self);
}

/* The Shortcuts window is built the first time it is asked for, not with every window (as
 * GtkApplication does with gtk/help-overlay.ui): that took 5 ms of each start and 400 KB.
 * Given to GtkApplicationWindow, which then keeps it (modal, hidden on close) and finds this
 * action in place of the one it would add. */
static void
show_help_overlay_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  GleanerWindow *self = user_data;
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (self));

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource ("/io/github/gleaner/Gleaner/gleaner-shortcuts-window.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (self), overlay);
      /* Untitled, GTK 4.8 names it "GtkShortcutsWindow" on the accessibility bus. */
      gtk_window_set_title (GTK_WINDOW (overlay), _("Keyboard Shortcuts"));
      gleaner_a11y_add_close_shortcut (GTK_WINDOW (overlay));
    }

  gtk_window_present (GTK_WINDOW (overlay));
}

static void
view_state_changed_cb (GleanerWindow *self)
{
  const char *state = gleaner_list_pane_get_view_state (self->list_pane);

  g_assert (GLEANER_IS_WINDOW (self));

  gleaner_paper_detail_set_has_list (self->detail,
                                     g_strcmp0 (state, "empty") != 0 &&
                                     g_strcmp0 (state, "fetching") != 0 &&
                                     g_strcmp0 (state, "error") != 0);
}

static void
query_changed_cb (GleanerWindow *self)
{
  _gleaner_window_update_active_search (self);
  gleaner_paper_detail_set_highlight (self->detail, gleaner_list_pane_get_query (self->list_pane));
}

static void
settings_changed_cb (GleanerWindow *self,
                     const char    *key,
                     GSettings     *settings)
{
  _gleaner_window_update_active_search (self);
}

void
_gleaner_window_sync_running_changed (GleanerWindow *self)
{
  gboolean running = self->scheduler != NULL && gleaner_scheduler_get_running (self->scheduler);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh",
                                 self->scheduler != NULL && !running);
}

/* The list pane shows what a sync did to the list; the window says it in a toast. */
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

  if (error != NULL)
    {
      g_debug ("Sync failed: %s", error->message);

      /* A background run's failure is in the status line, and with nothing stored the list
       * pane says it; only the user's own refresh answers with a toast. */
      if (manual && gleaner_store_get_has_papers (self->store))
        {
          /* Translators: %s is an error message. */
          g_autofree char *text = g_strdup_printf (_("Could not fetch papers: %s"), error->message);

          _gleaner_window_add_toast (self, text, TRUE, _("_Retry"), "win.refresh");
        }
    }
  else if (sync_result->added > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u new paper", "%u new papers",
                                                            sync_result->added),
                                               sync_result->added);
      _gleaner_window_add_toast (self, text, FALSE, NULL, NULL);
    }
  else if (manual)
    {
      _gleaner_window_add_toast (self, _("No new papers"), FALSE, NULL, NULL);
    }
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
  gleaner_list_pane_set_title_visible (self->list_pane, width <= 0 || width > NARROW_TITLE_WIDTH);
}

static void
back_clicked_cb (GleanerWindow *self)
{
  g_assert (GLEANER_IS_WINDOW (self));

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

#define STORE_ERROR_RESOURCE "/io/github/gleaner/Gleaner/gleaner-window-store-error.ui"

static void
show_store_error (GleanerWindow *self,
                  const GError  *error)
{
  g_autofree char *escaped = NULL;

  if (self->store_error_page == NULL)
    {
      /* Built in: it cannot fail to load (GTK aborts if it does). */
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (STORE_ERROR_RESOURCE);
      GtkWidget *menu_button;

      self->store_error_page = ADW_STATUS_PAGE (gtk_builder_get_object (builder, "store_error_page"));
      menu_button = GTK_WIDGET (gtk_builder_get_object (builder, "primary_menu_button"));
      gleaner_menu_button_set_model_lazily (GTK_MENU_BUTTON (menu_button), self->primary_menu);
      /* Not in the .ui: see gleaner-tooltip.c. */
      gleaner_widget_set_tooltip (menu_button, _("Main Menu"));
      gtk_stack_add_named (self->main_stack,
                           GTK_WIDGET (gtk_builder_get_object (builder, "store_error_box")),
                           "store-error");
    }

  escaped = g_markup_escape_text (error != NULL ? error->message : _("Unknown error"), -1);
  /* Set only now: the stack measures its hidden pages too, and Adwaita has this icon at the
   * page's size only as an SVG, whose loader (librsvg) costs every start 6 MB of memory. */
  adw_status_page_set_icon_name (self->store_error_page, "dialog-error-symbolic");
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
  static const char * const keys[] = { "filter", "sort", "scope" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(GAction) action = g_settings_create_action (self->settings, keys[i]);
      g_action_map_add_action (G_ACTION_MAP (group), action);
    }

  gtk_widget_insert_action_group (GTK_WIDGET (self), "settings", G_ACTION_GROUP (group));
}

static void
setup (GleanerWindow *self)
{
  GtkSingleSelection *selection;

  /* Size first, so the window maps at its remembered size. */
  self->settings = g_object_ref (gleaner_session_get_settings (self->session));
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  setup_settings_actions (self);
  gleaner_list_pane_set_session (self->list_pane, self->session);

  if (gleaner_session_get_store (self->session) == NULL)
    {
      show_store_error (self, gleaner_session_get_store_error (self->session));
      return;
    }

  self->store = g_object_ref (gleaner_session_get_store (self->session));
  g_signal_connect_object (self->store, "paper-state-changed",
                           G_CALLBACK (paper_state_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);

  if ((self->scheduler = gleaner_session_get_scheduler (self->session)) != NULL)
    {
      g_object_ref (self->scheduler);
      g_signal_connect_object (self->scheduler, "notify::running",
                               G_CALLBACK (_gleaner_window_sync_running_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->scheduler, "finished",
                               G_CALLBACK (sync_finished_cb), self, G_CONNECT_SWAPPED);
    }

  _gleaner_window_saved_searches_setup (self);
  /* After the list pane's handler, which applies the filter. */
  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);

  selection = gleaner_list_pane_get_selection (self->list_pane);
  g_signal_connect_object (selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);

  _gleaner_window_sync_running_changed (self);
  _gleaner_window_update_active_search (self);
  update_paper_actions (self);
}

static void
gleaner_window_constructed (GObject *object)
{
  GleanerWindow *self = (GleanerWindow *)object;

  G_OBJECT_CLASS (gleaner_window_parent_class)->constructed (object);

  g_assert (GLEANER_IS_SESSION (self->session));

  setup (self);
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

  /* Nobody is looking any more: no lookups for papers that were shown here. A paper not
   * completed yet is asked for again when it is next opened. */
  if (self->session != NULL && gleaner_session_get_completer (self->session) != NULL)
    gleaner_arxiv_completer_cancel (gleaner_session_get_completer (self->session));

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
  g_clear_object (&self->saved_searches);
  g_clear_object (&self->removed_search);
  g_clear_pointer (&self->marked_read, g_ptr_array_unref);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);
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

  g_clear_pointer (&self->last_toast, g_free);

  G_OBJECT_CLASS (gleaner_window_parent_class)->finalize (object);
}

static void
gleaner_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GleanerWindow *self = GLEANER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gleaner_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  GleanerWindow *self = GLEANER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gleaner_window_class_init (GleanerWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = gleaner_window_constructed;
  object_class->dispose = gleaner_window_dispose;
  object_class->finalize = gleaner_window_finalize;
  object_class->get_property = gleaner_window_get_property;
  object_class->set_property = gleaner_window_set_property;

  window_class->close_request = gleaner_window_close_request;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         GLEANER_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GLEANER_TYPE_LIST_PANE);
  g_type_ensure (GLEANER_TYPE_PAPER_DETAIL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gleaner/Gleaner/gleaner-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, toast_anchor);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, list_pane);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, content_pane);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, star_button);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, paper_menu_button);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, paper_menu);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, paper_menu_read_section);
  gtk_widget_class_bind_template_child (widget_class, GleanerWindow, detail);

  gtk_widget_class_bind_template_callback (widget_class, leaflet_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, paper_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, query_changed_cb);

  _gleaner_window_class_actions_init (widget_class);
  _gleaner_window_class_saved_searches_init (widget_class);
}

static void
draw_nothing (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        user_data)
{
}

static void
gleaner_window_init (GleanerWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->paper_menu_read = -1;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Without a draw function the anchor draws nothing at all (see gleaner-window.ui). */
  gtk_drawing_area_set_draw_func (self->toast_anchor, draw_nothing, NULL, NULL);
  gleaner_menu_button_set_model_lazily (GTK_MENU_BUTTON (self->paper_menu_button), self->paper_menu);
  /* Not in the template: see gleaner-tooltip.c. The star's follows the paper. */
  gleaner_widget_set_tooltip (self->back_button, _("Back"));
  gleaner_widget_set_tooltip (self->star_button, _("Star"));
  gleaner_widget_set_tooltip (self->paper_menu_button, _("Paper Menu"));

  g_signal_connect (self, "notify::default-width", G_CALLBACK (default_width_changed_cb), NULL);
  gleaner_a11y_track_stack (self->main_stack);
  g_signal_connect_object (self->list_pane, "notify::view-state",
                           G_CALLBACK (view_state_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list_pane, "notify::unread-count",
                           G_CALLBACK (_gleaner_window_unread_count_changed), self, G_CONNECT_SWAPPED);
  _gleaner_window_unread_count_changed (self);
  {
    g_autoptr(GSimpleAction) action = g_simple_action_new ("show-help-overlay", NULL);

    g_signal_connect_object (action, "activate", G_CALLBACK (show_help_overlay_cb), self, 0);
    g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
  }

  /* Development builds get the striped header bars. */
  if (g_strcmp0 (PROFILE, "") != 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

GleanerWindow *
gleaner_window_new (GtkApplication *application,
                    GleanerSession *session)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (GLEANER_IS_SESSION (session), NULL);

  return g_object_new (GLEANER_TYPE_WINDOW,
                       "application", application,
                       "session", session,
                       NULL);
}

GListModel *
gleaner_window_get_list_model (GleanerWindow *self)
{
  g_return_val_if_fail (GLEANER_IS_WINDOW (self), NULL);
  return gleaner_list_pane_get_model (self->list_pane);
}

GtkSingleSelection *
gleaner_window_get_selection (GleanerWindow *self)
{
  g_return_val_if_fail (GLEANER_IS_WINDOW (self), NULL);
  return gleaner_list_pane_get_selection (self->list_pane);
}

GtkGridView *
gleaner_window_get_list_view (GleanerWindow *self)
{
  g_return_val_if_fail (GLEANER_IS_WINDOW (self), NULL);
  return gleaner_list_pane_get_list_view (self->list_pane);
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
  return gleaner_list_pane_get_search_entry (self->list_pane);
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

  return gleaner_list_pane_get_view_state (self->list_pane);
}

const char *
gleaner_window_get_last_toast (GleanerWindow *self)
{
  g_return_val_if_fail (GLEANER_IS_WINDOW (self), NULL);
  return self->last_toast;
}

static void
show_paper_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GleanerWindow) self = user_data;
  g_autoptr(GleanerPaper) paper = NULL;
  g_autoptr(GError) error = NULL;

  /* A paper removed since the notification was sent is G_IO_ERROR_NOT_FOUND: the store
   * sets @error whenever it returns no paper. */
  if (!(paper = gleaner_store_load_paper_finish (GLEANER_STORE (object), result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _gleaner_window_add_toast (self, error->message, TRUE, NULL, NULL);
      return;
    }

  set_shown_paper (self, paper);
  self->auto_read_done = FALSE;

  gleaner_list_pane_select_id (self->list_pane, gleaner_paper_get_id (paper));
  show_detail (self);
  maybe_mark_read (self);
}

/* Opens the paper with arXiv id @id in the detail pane (and selects it when the list shows
 * it), as a notification's default action asks. Marks it read like any opening. The paper
 * is read on the store's thread, so it shows once the reply comes. */
void
gleaner_window_show_paper (GleanerWindow *self,
                           const char    *id)
{
  g_return_if_fail (GLEANER_IS_WINDOW (self));
  g_return_if_fail (id != NULL);

  if (self->store == NULL)
    return;

  gleaner_store_load_paper_async (self->store, id, self->cancellable, show_paper_cb,
                                  g_object_ref (self));
}

/* Shows the saved search @id in the list; FALSE if there is no such search (any more). */
gboolean
gleaner_window_show_saved_search (GleanerWindow *self,
                                  gint64         id)
{
  GleanerSavedSearch *search;

  g_return_val_if_fail (GLEANER_IS_WINDOW (self), FALSE);

  if (self->store == NULL || !(search = _gleaner_window_find_saved_search (self, id)))
    return FALSE;

  _gleaner_window_apply_saved_search (self, search);
  return TRUE;
}

/* Shows every paper in Hugging Face's trending order. */
void
gleaner_window_show_trending (GleanerWindow *self)
{
  g_return_if_fail (GLEANER_IS_WINDOW (self));

  if (self->store == NULL)
    return;

  gleaner_list_pane_leave_search (self->list_pane);
  gleaner_list_pane_follow_selection (self->list_pane);
  g_settings_set_enum (self->settings, "filter", GLEANER_FILTER_ALL);
  g_settings_set_enum (self->settings, "sort", GLEANER_SORT_TRENDING);
  _gleaner_window_show_list (self);
  gleaner_list_pane_scroll_to (self->list_pane, 0);
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
  return gleaner_list_pane_get_saved_searches_button (self->list_pane);
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
  return gleaner_list_pane_get_status_text (self->list_pane);
}

const char *
gleaner_window_get_list_title (GleanerWindow *self)
{
  g_return_val_if_fail (GLEANER_IS_WINDOW (self), NULL);
  return gleaner_list_pane_get_title (self->list_pane);
}

gint64
gleaner_window_get_unread_count (GleanerWindow *self)
{
  g_return_val_if_fail (GLEANER_IS_WINDOW (self), -1);
  return gleaner_list_pane_get_unread_count (self->list_pane);
}
