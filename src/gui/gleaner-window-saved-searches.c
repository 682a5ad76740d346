/* gleaner-window-saved-searches.c — saving, editing, removing and showing saved searches.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gleaner-saved-search-dialog.h"
#include "gleaner-scope-menu.h"
#include "gleaner-window-private.h"

static gboolean
same_query (const char *a,
            const char *b)
{
  g_autofree char *ta = g_strstrip (g_strdup (a ? a : ""));
  g_autofree char *tb = g_strstrip (g_strdup (b ? b : ""));

  return g_strcmp0 (ta, tb) == 0;
}

GleanerSavedSearch *
_gleaner_window_find_saved_search (GleanerWindow *self,
                                   gint64         id)
{
  if (self->saved_searches == NULL || id == 0)
    return NULL;

  return gleaner_saved_search_list_find (self->saved_searches, id);
}

/* The list shows a saved search while its words and filter are what the list shows; the
 * title then names it. */
void
_gleaner_window_update_active_search (GleanerWindow *self)
{
  GleanerSavedSearch *search = _gleaner_window_find_saved_search (self, self->active_search_id);
  g_autofree char *scope = NULL;
  g_autofree char *scope_title = NULL;
  GleanerFilter filter;
  const char *query;

  if (self->store == NULL)
    return;

  filter = g_settings_get_enum (self->settings, "filter");
  query = gleaner_list_pane_get_query (self->list_pane);

  /* Not found yet: the saved-search list reloads after the store said it changed. */
  if (search != NULL &&
      (gleaner_saved_search_get_filter (search) != filter ||
       !same_query (gleaner_saved_search_get_query (search), query)))
    {
      self->active_search_id = 0;
      search = NULL;
    }

  /* A saved search names the list; else the source it is narrowed to, else the app. */
  scope = g_settings_get_string (self->settings, "scope");
  scope_title = gleaner_scope_dup_title (scope);
  gleaner_list_pane_set_title (self->list_pane,
                               search != NULL ? gleaner_saved_search_get_name (search)
                                              : scope_title != NULL ? scope_title : _("Gleaner"));
  gleaner_saved_searches_button_set_active (gleaner_list_pane_get_saved_searches_button (self->list_pane),
                                            search != NULL ? self->active_search_id : 0);
  /* On while a saved search is shown too: Ctrl+D then says it is saved (see
   * save_search_action ()) rather than doing nothing. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-search",
                                 search != NULL ||
                                 !same_query (query, "") || filter != GLEANER_FILTER_ALL);
}

static void
saved_searches_changed_cb (GleanerWindow *self)
{
  g_assert (GLEANER_IS_WINDOW (self));

  _gleaner_window_update_active_search (self);
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

      _gleaner_window_add_toast (self, text, TRUE, NULL, NULL);
    }

  _gleaner_window_update_active_search (self);
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
          _gleaner_window_add_toast (self, text, TRUE, NULL, NULL);
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
      _gleaner_window_add_toast (self, text, FALSE, NULL, NULL);
    }

  _gleaner_window_update_active_search (self);
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

/* When @query with @filter is saved already: shows that saved search, says so in a toast and
 * returns TRUE. */
static gboolean
show_if_saved (GleanerWindow *self,
               const char    *query,
               GleanerFilter  filter)
{
  GListModel *searches;

  g_assert (GLEANER_IS_WINDOW (self));

  if (self->saved_searches == NULL)
    return FALSE;

  searches = G_LIST_MODEL (self->saved_searches);
  for (guint i = 0; i < g_list_model_get_n_items (searches); i++)
    {
      g_autoptr(GleanerSavedSearch) search = g_list_model_get_item (searches, i);

      if (gleaner_saved_search_get_filter (search) == filter &&
          same_query (gleaner_saved_search_get_query (search), query))
        {
          g_autofree char *text = NULL;

          self->active_search_id = gleaner_saved_search_get_id (search);
          _gleaner_window_update_active_search (self);
          /* Translators: %s is the name the user gave a saved search. */
          text = g_strdup_printf (_("Already saved as “%s”"), gleaner_saved_search_get_name (search));
          _gleaner_window_add_toast (self, text, FALSE, NULL, NULL);
          return TRUE;
        }
    }

  return FALSE;
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

  query = g_strstrip (g_strdup (gleaner_list_pane_get_query (self->list_pane)));
  filter = g_settings_get_enum (self->settings, "filter");

  /* The same words and filter saved twice would be two entries that always agree: show the one
   * there is instead, and say so. */
  if (show_if_saved (self, query, filter))
    return;

  add_saved_search (self, gleaner_saved_search_dialog_get_name (dialog), query, filter,
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

  query = g_strstrip (g_strdup (gleaner_list_pane_get_query (self->list_pane)));

  /* The list shows a saved search already: say which, instead of a dialog whose Save could
   * only say the same afterwards. */
  if (self->active_search_id != 0 &&
      show_if_saved (self, query, g_settings_get_enum (self->settings, "filter")))
    return;

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
remove_saved_search (GleanerWindow      *self,
                     GleanerSavedSearch *search)
{
  g_autofree char *text = NULL;
  gint64 id = gleaner_saved_search_get_id (search);

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
  _gleaner_window_add_toast (self, text, FALSE, _("_Undo"), "win.undo-remove-search");
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
      remove_saved_search (self, search);
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
  GleanerSavedSearch *search = _gleaner_window_find_saved_search (self, g_variant_get_int64 (param));
  GtkWidget *dialog;

  if (search == NULL)
    return;

  gleaner_saved_searches_button_popdown (gleaner_list_pane_get_saved_searches_button (self->list_pane));
  dialog = gleaner_saved_search_dialog_new (GTK_WINDOW (self), search, NULL, GLEANER_FILTER_ALL);
  g_signal_connect_object (dialog, "response", G_CALLBACK (edit_dialog_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_gleaner_window_apply_saved_search (GleanerWindow      *self,
                                    GleanerSavedSearch *search)
{
  GleanerSavedSearchesButton *button = gleaner_list_pane_get_saved_searches_button (self->list_pane);

  gleaner_saved_searches_button_popdown (button);
  gleaner_list_pane_follow_selection (self->list_pane);
  gleaner_list_pane_set_query (self->list_pane, gleaner_saved_search_get_query (search));
  g_settings_set_enum (self->settings, "filter", gleaner_saved_search_get_filter (search));
  _gleaner_window_show_list (self);

  /* Once both words and filter are the search's: each is announced as it is set, and in
   * between the list shows another search. */
  self->active_search_id = gleaner_saved_search_get_id (search);
  _gleaner_window_update_active_search (self);
}

static void
apply_saved_search_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  GleanerWindow *self = GLEANER_WINDOW (widget);
  GleanerSavedSearch *search = _gleaner_window_find_saved_search (self, g_variant_get_int64 (param));

  if (search != NULL && self->store != NULL)
    _gleaner_window_apply_saved_search (self, search);
}

void
_gleaner_window_saved_searches_setup (GleanerWindow *self)
{
  self->saved_searches = gleaner_saved_search_list_new (self->store);
  gleaner_saved_searches_button_set_model (gleaner_list_pane_get_saved_searches_button (self->list_pane),
                                           G_LIST_MODEL (self->saved_searches));
  g_signal_connect_object (self->saved_searches, "items-changed",
                           G_CALLBACK (saved_searches_changed_cb), self, G_CONNECT_SWAPPED);
}

void
_gleaner_window_class_saved_searches_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.save-search", NULL, save_search_action);
  gtk_widget_class_install_action (widget_class, "win.edit-saved-search", "x", edit_saved_search_action);
  gtk_widget_class_install_action (widget_class, "win.apply-saved-search", "x", apply_saved_search_action);
  gtk_widget_class_install_action (widget_class, "win.undo-remove-search", NULL, undo_remove_search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "win.save-search", NULL);
}
