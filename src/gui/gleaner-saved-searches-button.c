/* gleaner-saved-searches-button.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-saved-searches-button"

#include "config.h"

#include <glib/gi18n.h>

#include "gleaner-a11y.h"
#include "gleaner-saved-search.h"
#include "gleaner-saved-searches-button.h"
#include "gleaner-tooltip.h"

struct _GleanerSavedSearchesButton
{
  AdwBin          parent_instance;

  GtkMenuButton  *menu_button;
  GtkPopover     *popover;
  GtkListBox     *list_box;
  GListModel     *model;
  gint64          active_id;
};

G_DEFINE_FINAL_TYPE (GleanerSavedSearchesButton, gleaner_saved_searches_button, ADW_TYPE_BIN)

static void
update_count (GtkLabel           *count_label,
              GParamSpec         *pspec,
              GleanerSavedSearch *search)
{
  gint64 count = gleaner_saved_search_get_unread_count (search);
  g_autofree char *text = NULL;
  g_autofree char *description = NULL;

  /* Nothing while counting, and nothing for zero: only news stands out. */
  gtk_widget_set_visible (GTK_WIDGET (count_label), count > 0);
  if (count <= 0)
    return;

  text = g_strdup_printf ("%'" G_GINT64_FORMAT, count);
  gtk_label_set_text (count_label, text);
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s unread paper",
                                              "%s unread papers", (gulong)MIN (count, G_MAXULONG)),
                                 text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (count_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
}

static void
update_notify_icon (GtkWidget          *image,
                    GParamSpec         *pspec,
                    GleanerSavedSearch *search)
{
  gtk_widget_set_visible (image, !gleaner_saved_search_get_notify (search));
}

static void
update_edit_tooltip (GtkWidget          *button,
                     GParamSpec         *pspec,
                     GleanerSavedSearch *search)
{
  /* Translators: tooltip of the button that edits the saved search named %s. */
  g_autofree char *tooltip = g_strdup_printf (_("Edit “%s”"), gleaner_saved_search_get_name (search));

  gleaner_widget_set_tooltip (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
}

/* The row is what takes focus, so it carries the whole line: "diffusion, 15 unread papers". */
static void
update_row_label (GtkWidget          *row,
                  GParamSpec         *pspec,
                  GleanerSavedSearch *search)
{
  gint64 count = gleaner_saved_search_get_unread_count (search);
  const char *name = gleaner_saved_search_get_name (search);
  g_autofree char *label = NULL;

  if (count > 0)
    {
      g_autofree char *number = g_strdup_printf ("%'" G_GINT64_FORMAT, count);
      /* Translators: a saved search in the list of saved searches, as a screen reader reads
       * it: its name, then its number of unread papers, as in "diffusion, 15 unread papers". */
      label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %s unread paper",
                                            "%s, %s unread papers", (gulong)MIN (count, G_MAXULONG)),
                               name, number);
    }
  else
    label = g_strdup (name);

  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  GleanerSavedSearch *search = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *count = gtk_label_new (NULL);
  GtkWidget *muted = gtk_image_new_from_icon_name ("notifications-disabled-symbolic");
  GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  GVariant *target = g_variant_new_int64 (gleaner_saved_search_get_id (search));

  /* Names are the user's text: labels stay plain (use-markup is off by default). */
  g_object_bind_property (search, "name", name, "label", G_BINDING_SYNC_CREATE);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_box_append (GTK_BOX (box), name);

  gtk_widget_add_css_class (count, "unread-count");
  gtk_widget_add_css_class (count, "numeric");
  g_signal_connect_object (search, "notify::unread-count", G_CALLBACK (update_count), count,
                           G_CONNECT_SWAPPED);
  update_count (GTK_LABEL (count), NULL, search);
  gtk_box_append (GTK_BOX (box), count);

  gtk_widget_add_css_class (muted, "dim-label");
  gleaner_widget_set_tooltip (muted, _("No notifications"));
  g_signal_connect_object (search, "notify::notify", G_CALLBACK (update_notify_icon), muted,
                           G_CONNECT_SWAPPED);
  update_notify_icon (muted, NULL, search);
  gtk_box_append (GTK_BOX (box), muted);

  gtk_widget_add_css_class (edit, "flat");
  gtk_widget_add_css_class (edit, "circular");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "win.edit-saved-search");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (edit), target);
  g_signal_connect_object (search, "notify::name", G_CALLBACK (update_edit_tooltip), edit,
                           G_CONNECT_SWAPPED);
  update_edit_tooltip (edit, NULL, search);
  gtk_box_append (GTK_BOX (box), edit);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_signal_connect_object (search, "notify::name", G_CALLBACK (update_row_label), row,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (search, "notify::unread-count", G_CALLBACK (update_row_label), row,
                           G_CONNECT_SWAPPED);
  update_row_label (row, NULL, search);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.apply-saved-search");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), target);
  g_object_set_data_full (G_OBJECT (row), "saved-search", g_object_ref (search), g_object_unref);

  return row;
}

static void
update_active (GleanerSavedSearchesButton *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GleanerSavedSearch *search;

      if (!GTK_IS_LIST_BOX_ROW (child) ||
          !(search = g_object_get_data (G_OBJECT (child), "saved-search")))
        continue;

      if (gleaner_saved_search_get_id (search) == self->active_id)
        gtk_list_box_select_row (self->list_box, GTK_LIST_BOX_ROW (child));
    }

  if (self->active_id == 0)
    gtk_list_box_unselect_all (self->list_box);
}

static void
row_activated_cb (GleanerSavedSearchesButton *self)
{
  /* The row's action runs on its own; just get out of the way. */
  gtk_popover_popdown (self->popover);
}

static void
action_button_clicked_cb (GleanerSavedSearchesButton *self)
{
  gtk_popover_popdown (self->popover);
}

static void
gleaner_saved_searches_button_dispose (GObject *object)
{
  GleanerSavedSearchesButton *self = (GleanerSavedSearchesButton *)object;

  g_clear_object (&self->model);

  G_OBJECT_CLASS (gleaner_saved_searches_button_parent_class)->dispose (object);
}

static void
gleaner_saved_searches_button_class_init (GleanerSavedSearchesButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gleaner_saved_searches_button_dispose;
}

/* The popover, its list and its rows, built the first time it opens (or is asked for): a
 * fifth of building the window at start-up (see gleaner-lazy-menu.c for the menus). */
static void
ensure_popover (GleanerSavedSearchesButton *self)
{
  GtkWidget *box;
  GtkWidget *scroller;
  GtkWidget *placeholder;
  GtkWidget *heading;
  GtkWidget *save_button;

  if (self->popover != NULL)
    return;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  scroller = gtk_scrolled_window_new ();
  placeholder = gtk_label_new (_("Search, then save the search to follow it here"));
  heading = gtk_label_new (_("Saved Searches"));
  save_button = gtk_button_new_with_mnemonic (_("_Save Current Search…"));

  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_set_margin_start (heading, 6);
  gtk_box_append (GTK_BOX (box), heading);

  self->list_box = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list_box, GTK_SELECTION_SINGLE);
  gtk_list_box_set_activate_on_single_click (self->list_box, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list_box), "navigation-sidebar");
  gtk_widget_add_css_class (GTK_WIDGET (self->list_box), "saved-searches");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Saved Searches"), -1);
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (placeholder), 28);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->list_box, placeholder);
  g_signal_connect_object (self->list_box, "row-activated",
                           G_CALLBACK (row_activated_cb), self, G_CONNECT_SWAPPED);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 360);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scroller), TRUE);
  /* Room for a name of a few words beside its count. */
  gtk_widget_set_size_request (GTK_WIDGET (self->list_box), 300, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list_box));
  /* Not a Tab stop of its own: with no saved searches, focus went to an unnamed scroll pane. */
  gtk_widget_set_focusable (scroller, FALSE);
  gtk_box_append (GTK_BOX (box), scroller);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (save_button), "win.save-search");
  g_signal_connect_object (save_button, "clicked",
                           G_CALLBACK (action_button_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), save_button);
  gleaner_a11y_fix_mnemonic_labels (save_button);

  self->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (self->popover, box);
  gtk_menu_button_set_popover (self->menu_button, GTK_WIDGET (self->popover));
  g_signal_connect_object (self->popover, "show", G_CALLBACK (update_active), self,
                           G_CONNECT_SWAPPED);

  if (self->model != NULL)
    gtk_list_box_bind_model (self->list_box, self->model, create_row, self, NULL);
  update_active (self);
}

static void
create_popup_cb (GtkMenuButton *button,
                 gpointer       user_data)
{
  ensure_popover (GLEANER_SAVED_SEARCHES_BUTTON (user_data));
}

static void
gleaner_saved_searches_button_init (GleanerSavedSearchesButton *self)
{
  self->menu_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_icon_name (self->menu_button, "user-bookmarks-symbolic");
  gleaner_widget_set_tooltip (GTK_WIDGET (self->menu_button), _("Saved Searches"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Saved Searches"), -1);
  gtk_menu_button_set_create_popup_func (self->menu_button, create_popup_cb, self, NULL);

  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->menu_button));
}

GtkWidget *
gleaner_saved_searches_button_new (void)
{
  return g_object_new (GLEANER_TYPE_SAVED_SEARCHES_BUTTON, NULL);
}

void
gleaner_saved_searches_button_set_model (GleanerSavedSearchesButton *self,
                                         GListModel                 *model)
{
  g_return_if_fail (GLEANER_IS_SAVED_SEARCHES_BUTTON (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (!g_set_object (&self->model, model) || self->list_box == NULL)
    return;

  gtk_list_box_bind_model (self->list_box, model, model ? create_row : NULL, self, NULL);
  update_active (self);
}

void
gleaner_saved_searches_button_set_active (GleanerSavedSearchesButton *self,
                                          gint64                      id)
{
  g_return_if_fail (GLEANER_IS_SAVED_SEARCHES_BUTTON (self));

  self->active_id = id;
  if (self->list_box != NULL)
    update_active (self);
}

/* Closes the popover if it is open (never builds it). */
void
gleaner_saved_searches_button_popdown (GleanerSavedSearchesButton *self)
{
  g_return_if_fail (GLEANER_IS_SAVED_SEARCHES_BUTTON (self));

  if (self->popover != NULL)
    gtk_popover_popdown (self->popover);
}

GtkListBox *
gleaner_saved_searches_button_get_list_box (GleanerSavedSearchesButton *self)
{
  g_return_val_if_fail (GLEANER_IS_SAVED_SEARCHES_BUTTON (self), NULL);
  ensure_popover (self);
  return self->list_box;
}
