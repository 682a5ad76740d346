/* gleaner-saved-search-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-saved-search-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "gleaner-labels.h"
#include "gleaner-a11y.h"
#include "gleaner-saved-search-dialog.h"

struct _GleanerSavedSearchDialog
{
  AdwMessageDialog    parent_instance;

  GleanerSavedSearch *search;   /* (nullable) the one being edited */
  GtkEntry           *name_entry;
  GtkCheckButton     *notify_check;
  GtkCheckButton     *ask_hf_check;
  char               *name;     /* trimmed entry text */
};

G_DEFINE_FINAL_TYPE (GleanerSavedSearchDialog, gleaner_saved_search_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
name_changed_cb (GleanerSavedSearchDialog *self)
{
  g_autofree char *name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry)));

  g_strstrip (name);
  g_free (self->name);
  self->name = g_steal_pointer (&name);

  /* An empty name cannot be saved: the store would refuse it. */
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self),
                                           GLEANER_SAVED_SEARCH_RESPONSE_SAVE,
                                           self->name[0] != '\0');
  if (self->name[0] == '\0')
    gtk_widget_add_css_class (GTK_WIDGET (self->name_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_entry), "error");
}

static void
name_activate_cb (GleanerSavedSearchDialog *self)
{
  /* Enter saves and closes, as a click on the Save button does: adw_message_dialog_response()
   * alone only emits the response, and a dialog left open saves again on the next Enter.
   * Destroying rather than closing, since closing would emit the close response ("cancel")
   * after "save". */
  if (self->name != NULL && self->name[0] != '\0')
    {
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), GLEANER_SAVED_SEARCH_RESPONSE_SAVE);
      gtk_window_destroy (GTK_WINDOW (self));
    }
}

static void
gleaner_saved_search_dialog_dispose (GObject *object)
{
  GleanerSavedSearchDialog *self = (GleanerSavedSearchDialog *)object;

  g_clear_object (&self->search);

  G_OBJECT_CLASS (gleaner_saved_search_dialog_parent_class)->dispose (object);
}

static void
gleaner_saved_search_dialog_finalize (GObject *object)
{
  GleanerSavedSearchDialog *self = (GleanerSavedSearchDialog *)object;

  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (gleaner_saved_search_dialog_parent_class)->finalize (object);
}

static void
gleaner_saved_search_dialog_class_init (GleanerSavedSearchDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gleaner_saved_search_dialog_dispose;
  object_class->finalize = gleaner_saved_search_dialog_finalize;
}

static void
gleaner_saved_search_dialog_init (GleanerSavedSearchDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  self->name_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_activates_default (self->name_entry, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->name_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name"), -1);
  gtk_entry_set_placeholder_text (self->name_entry, _("Name"));
  g_signal_connect_object (self->name_entry, "changed",
                           G_CALLBACK (name_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->name_entry, "activate",
                           G_CALLBACK (name_activate_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->name_entry));

  self->notify_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("_Notify me of new matches")));
  gtk_check_button_set_active (self->notify_check, TRUE);
  gtk_widget_set_margin_top (GTK_WIDGET (self->notify_check), 6);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->notify_check));

  self->ask_hf_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("Also search _older papers on Hugging Face")));
  gtk_check_button_set_active (self->ask_hf_check, TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->ask_hf_check));

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);
  gleaner_a11y_add_close_shortcut (GTK_WINDOW (self));
}

GtkWidget *
gleaner_saved_search_dialog_new (GtkWindow          *parent,
                                 GleanerSavedSearch *search,
                                 const char         *query,
                                 GleanerFilter       filter)
{
  GleanerSavedSearchDialog *self;
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (search == NULL || GLEANER_IS_SAVED_SEARCH (search), NULL);

  self = g_object_new (GLEANER_TYPE_SAVED_SEARCH_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       /* AdwMessageDialog 1.2 is exposed as a "filler" (its class role wins
                        * over a subclass's); Orca announces a dialog only with this. */
                       "accessible-role", GTK_ACCESSIBLE_ROLE_DIALOG,
                       NULL);
  dialog = ADW_MESSAGE_DIALOG (self);

  if (search != NULL)
    {
      self->search = g_object_ref (search);
      query = gleaner_saved_search_get_query (search);
      filter = gleaner_saved_search_get_filter (search);
    }

  adw_message_dialog_set_heading (dialog, search ? _("Edit Saved Search") : _("Save Search"));

  /* The body is plain text (use-markup stays off): the query is the user's own, any text. */
  if (query != NULL && *query != '\0')
    /* Translators: the search words, then the list filter, e.g. "“diffusion” in “Unread”". */
    body = g_strdup_printf (_("“%s” in “%s”"), query, gleaner_filter_get_label (filter));
  else
    /* Translators: a saved search without words is just a filter, e.g. "Starred". */
    body = g_strdup_printf (_("All papers in “%s”"), gleaner_filter_get_label (filter));
  adw_message_dialog_set_body (dialog, body);

  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  if (search != NULL)
    {
      adw_message_dialog_add_response (dialog, GLEANER_SAVED_SEARCH_RESPONSE_REMOVE, _("_Remove"));
      adw_message_dialog_set_response_appearance (dialog, GLEANER_SAVED_SEARCH_RESPONSE_REMOVE,
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_add_response (dialog, GLEANER_SAVED_SEARCH_RESPONSE_SAVE,
                                   search ? _("_Save") : _("_Save Search"));
  adw_message_dialog_set_response_appearance (dialog, GLEANER_SAVED_SEARCH_RESPONSE_SAVE,
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, GLEANER_SAVED_SEARCH_RESPONSE_SAVE);
  adw_message_dialog_set_close_response (dialog, "cancel");

  if (search != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->name_entry), gleaner_saved_search_get_name (search));
      gtk_check_button_set_active (self->notify_check, gleaner_saved_search_get_notify (search));
      gtk_check_button_set_active (self->ask_hf_check, gleaner_saved_search_get_ask_hf (search));
    }
  else
    {
      gtk_editable_set_text (GTK_EDITABLE (self->name_entry), query ? query : gleaner_filter_get_label (filter));
    }

  /* A search without words has nothing to ask Hugging Face. */
  gtk_widget_set_visible (GTK_WIDGET (self->ask_hf_check), query != NULL && *query != '\0');

  name_changed_cb (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
  /* After the responses exist: their buttons' names lose the mnemonic underscore too. */
  gleaner_a11y_fix_mnemonic_labels (GTK_WIDGET (self));

  return GTK_WIDGET (self);
}

GleanerSavedSearch *
gleaner_saved_search_dialog_get_search (GleanerSavedSearchDialog *self)
{
  g_return_val_if_fail (GLEANER_IS_SAVED_SEARCH_DIALOG (self), NULL);
  return self->search;
}

const char *
gleaner_saved_search_dialog_get_name (GleanerSavedSearchDialog *self)
{
  g_return_val_if_fail (GLEANER_IS_SAVED_SEARCH_DIALOG (self), NULL);
  return self->name;
}

gboolean
gleaner_saved_search_dialog_get_notify (GleanerSavedSearchDialog *self)
{
  g_return_val_if_fail (GLEANER_IS_SAVED_SEARCH_DIALOG (self), FALSE);
  return gtk_check_button_get_active (self->notify_check);
}

gboolean
gleaner_saved_search_dialog_get_ask_hf (GleanerSavedSearchDialog *self)
{
  g_return_val_if_fail (GLEANER_IS_SAVED_SEARCH_DIALOG (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->ask_hf_check)) &&
         gtk_check_button_get_active (self->ask_hf_check);
}

GtkEditable *
gleaner_saved_search_dialog_get_name_entry (GleanerSavedSearchDialog *self)
{
  g_return_val_if_fail (GLEANER_IS_SAVED_SEARCH_DIALOG (self), NULL);
  return GTK_EDITABLE (self->name_entry);
}
