/* gleaner-window-actions.c — the window's actions and keyboard shortcuts, and BibTeX export.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gleaner-bibtex.h"
#include "gleaner-category-picker.h"
#include "gleaner-paper-list.h"
#include "gleaner-window-private.h"

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
  _gleaner_window_sync_running_changed (self);
}

static void
follow_categories_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  GleanerWindow *self = GLEANER_WINDOW (widget);
  GtkWidget *picker;

  /* The same picker as Preferences › Sources; it writes "arxiv-categories", which the
   * scheduler follows like any other change of sources. */
  picker = gleaner_category_picker_new (GTK_WINDOW (self), self->settings);
  gtk_window_present (GTK_WINDOW (picker));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  GleanerWindow *self = GLEANER_WINDOW (widget);

  if (self->store == NULL)
    return;

  _gleaner_window_show_list (self);
  gleaner_list_pane_begin_search (self->list_pane);
}

static void
escape_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  GleanerWindow *self = GLEANER_WINDOW (widget);

  /* Folded with the paper on screen, Escape goes back first: the search bar (open or not) is
   * on the hidden list page, and closing it would move focus into a list nobody sees. */
  if (adw_leaflet_get_folded (self->leaflet) &&
      adw_leaflet_get_visible_child (self->leaflet) == self->content_pane)
    {
      adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
      return;
    }

  gleaner_list_pane_leave_search (self->list_pane);
}

static void
select_next_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  GleanerWindow *self = GLEANER_WINDOW (widget);

  if (!_gleaner_window_focus_is_in_text (self))
    gleaner_list_pane_move_selection (self->list_pane, 1);
}

static void
select_previous_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  GleanerWindow *self = GLEANER_WINDOW (widget);

  if (!_gleaner_window_focus_is_in_text (self))
    gleaner_list_pane_move_selection (self->list_pane, -1);
}

static void
toggle_star_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  GleanerWindow *self = GLEANER_WINDOW (widget);

  if (self->shown_paper == NULL || _gleaner_window_focus_is_in_text (self))
    return;

  _gleaner_window_set_paper_starred (self, self->shown_paper,
                                     !gleaner_paper_get_starred (self->shown_paper));
}

static void
toggle_read_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  GleanerWindow *self = GLEANER_WINDOW (widget);

  if (self->shown_paper == NULL || _gleaner_window_focus_is_in_text (self))
    return;

  /* An explicit choice: do not mark it read again until it is opened again. */
  self->auto_read_done = TRUE;
  _gleaner_window_set_paper_read (self, self->shown_paper, !gleaner_paper_get_read (self->shown_paper));
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
  _gleaner_window_add_toast (self, _("BibTeX copied"), FALSE, NULL, NULL);
}

/* The paper @param (an arXiv id) names: the one shown, or one the list holds (the row menu
 * acts on papers without opening them). */
static GleanerPaper *
dup_paper_for_param (GleanerWindow *self,
                     GVariant      *param)
{
  const char *id = g_variant_get_string (param, NULL);
  GListModel *model = gleaner_list_pane_get_model (self->list_pane);
  GleanerPaper *paper;
  guint pos;

  if (self->shown_paper != NULL && g_strcmp0 (gleaner_paper_get_id (self->shown_paper), id) == 0)
    return g_object_ref (self->shown_paper);

  if (model == NULL ||
      (pos = gleaner_paper_list_find (GLEANER_PAPER_LIST (model), id)) == G_MAXUINT)
    return NULL;

  paper = g_list_model_get_item (model, pos);
  if (paper != NULL && gleaner_paper_list_is_placeholder (paper))
    g_clear_object (&paper);

  return paper;
}

static void
paper_star_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  GleanerWindow *self = GLEANER_WINDOW (widget);
  g_autoptr(GleanerPaper) paper = dup_paper_for_param (self, param);

  if (paper != NULL)
    _gleaner_window_set_paper_starred (self, paper, !gleaner_paper_get_starred (paper));
}

static void
paper_read_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  GleanerWindow *self = GLEANER_WINDOW (widget);
  g_autoptr(GleanerPaper) paper = dup_paper_for_param (self, param);

  if (paper == NULL)
    return;

  /* As the header's button: an explicit choice is not undone by the open paper's auto-read. */
  if (paper == self->shown_paper)
    self->auto_read_done = TRUE;
  _gleaner_window_set_paper_read (self, paper, !gleaner_paper_get_read (paper));
}

static void
paper_copy_link_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  GleanerWindow *self = GLEANER_WINDOW (widget);
  g_autoptr(GleanerPaper) paper = dup_paper_for_param (self, param);
  g_autofree char *uri = NULL;

  if (paper == NULL || !(uri = gleaner_paper_dup_arxiv_url (paper)))
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), uri);
  _gleaner_window_add_toast (self, _("Link copied"), FALSE, NULL, NULL);
}

static void
paper_copy_bibtex_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  GleanerWindow *self = GLEANER_WINDOW (widget);
  g_autoptr(GleanerPaper) paper = dup_paper_for_param (self, param);
  g_autofree char *entry = NULL;

  if (paper == NULL || !(entry = gleaner_bibtex_entry (paper)))
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), entry);
  _gleaner_window_add_toast (self, _("BibTeX copied"), FALSE, NULL, NULL);
}

static void
paper_open_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  GleanerWindow *self = GLEANER_WINDOW (widget);
  g_autoptr(GleanerPaper) paper = dup_paper_for_param (self, param);
  g_autofree char *uri = NULL;

  /* Built by us from the arXiv id: always https. */
  if (paper != NULL && (uri = gleaner_paper_dup_arxiv_url (paper)))
    gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
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
      _gleaner_window_add_toast (self, error->message, TRUE, NULL, NULL);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "Exported %u paper",
                                                            "Exported %u papers",
                                                            data->papers->len),
                                               data->papers->len);
      _gleaner_window_add_toast (self, text, FALSE, NULL, NULL);
    }
}

static void
export_starred_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExportData *data = g_task_get_task_data (task);
  GError *error = NULL;

  /* A failed read is reported as a failed export. */
  if (!(data->papers = gleaner_store_list_starred_finish (GLEANER_STORE (object), result,
                                                          &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_run_in_thread (task, export_worker);
}

void
gleaner_window_export_bibtex (GleanerWindow *self,
                              GFile         *file)
{
  GTask *task;
  ExportData *data;

  g_return_if_fail (GLEANER_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->store == NULL)
    return;

  data = g_new0 (ExportData, 1);
  data->file = g_object_ref (file);

  task = g_task_new (self, self->cancellable, export_done_cb, NULL);
  g_task_set_source_tag (task, gleaner_window_export_bibtex);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);

  /* The starred papers are read on the store's thread, then written on a worker. */
  gleaner_store_list_starred_async (self->store, self->cancellable, export_starred_cb, task);
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

/* Nothing to mark in the view, or not counted yet: the menu item and its key are off. */
void
_gleaner_window_unread_count_changed (GleanerWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.mark-all-read",
                                 gleaner_list_pane_get_unread_count (self->list_pane) > 0);
}

static void
mark_all_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GleanerWindow) self = user_data;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!(ids = gleaner_store_mark_finish (GLEANER_STORE (object), result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _gleaner_window_add_toast (self, error->message, TRUE, NULL, NULL);
      return;
    }

  /* Read elsewhere meanwhile: nothing changed, nothing to undo. */
  if (ids->len == 0)
    return;

  g_clear_pointer (&self->marked_read, g_ptr_array_unref);
  self->marked_read = g_steal_pointer (&ids);
  /* Short: a toast's title gets one line, about 20 characters at 360 px. */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u marked as read",
                                       "%u marked as read", self->marked_read->len),
                          self->marked_read->len);
  _gleaner_window_add_toast (self, text, FALSE, _("_Undo"), "win.undo-mark-all-read");
}

/* Marks read every unread paper the list shows now: its source, filter and search words. */
static void
mark_all_read_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  GleanerWindow *self = GLEANER_WINDOW (widget);
  GleanerPaperList *papers;

  if (self->store == NULL || gleaner_list_pane_get_unread_count (self->list_pane) <= 0)
    return;

  papers = GLEANER_PAPER_LIST (gleaner_list_pane_get_model (self->list_pane));
  gleaner_store_mark_view_read_async (self->store,
                                      gleaner_paper_list_get_scope (papers),
                                      gleaner_paper_list_get_filter (papers),
                                      gleaner_paper_list_get_search (papers),
                                      self->cancellable, mark_all_read_cb, g_object_ref (self));
}

static void
undo_mark_all_read_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GleanerWindow) self = user_data;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  if (!(ids = gleaner_store_mark_finish (GLEANER_STORE (object), result, &error)) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _gleaner_window_add_toast (self, error->message, TRUE, NULL, NULL);
}

static void
undo_mark_all_read_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  GleanerWindow *self = GLEANER_WINDOW (widget);
  g_autoptr(GPtrArray) ids = g_steal_pointer (&self->marked_read);

  /* Undone once: a second click on an old toast does nothing. */
  if (self->store == NULL || ids == NULL)
    return;

  gleaner_store_mark_unread_async (self->store, ids, self->cancellable,
                                   undo_mark_all_read_cb, g_object_ref (self));
}

void
_gleaner_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.follow-categories", NULL,
                                   follow_categories_action);
  gtk_widget_class_install_action (widget_class, "win.escape", NULL, escape_action);
  gtk_widget_class_install_action (widget_class, "win.select-next", NULL, select_next_action);
  gtk_widget_class_install_action (widget_class, "win.select-previous", NULL, select_previous_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-star", NULL, toggle_star_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-read", NULL, toggle_read_action);
  gtk_widget_class_install_action (widget_class, "win.copy-bibtex", NULL, copy_bibtex_action);
  gtk_widget_class_install_action (widget_class, "win.export-bibtex", NULL, export_bibtex_action);
  gtk_widget_class_install_action (widget_class, "win.mark-all-read", NULL, mark_all_read_action);
  gtk_widget_class_install_action (widget_class, "win.undo-mark-all-read", NULL, undo_mark_all_read_action);
  /* The row menu's: on the paper named, not the one shown. */
  gtk_widget_class_install_action (widget_class, "win.paper-star", "s", paper_star_action);
  gtk_widget_class_install_action (widget_class, "win.paper-read", "s", paper_read_action);
  gtk_widget_class_install_action (widget_class, "win.paper-copy-link", "s", paper_copy_link_action);
  gtk_widget_class_install_action (widget_class, "win.paper-copy-bibtex", "s", paper_copy_bibtex_action);
  gtk_widget_class_install_action (widget_class, "win.paper-open", "s", paper_open_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
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
  /* As in feed readers (NewsFlash): Shift+Ctrl+A marks the whole view read. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.mark-all-read", NULL);
}
