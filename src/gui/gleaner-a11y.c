/* gleaner-a11y.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Work-arounds for what GTK 4.8 and libadwaita 1.2 tell the accessibility bus (Orca) about
 * our widgets. Each one says what goes wrong without it; tests/test-a11y.py checks them all.
 */

#define G_LOG_DOMAIN "gleaner-a11y"

#include "config.h"

#include "gleaner-a11y.h"

/* "_Save Search" → "Save Search", "Rock __n Roll" → "Rock _n Roll": what a label with
 * use-underline shows. */
char *
gleaner_a11y_strip_mnemonic (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '_')
        {
          if (p[1] == '_')
            {
              g_string_append_c (out, '_');
              p++;
            }
          continue;
        }
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/* GTK 4.8 builds a name from the labelled-by relation *and* the label's raw text, so a button
 * with a mnemonic is read as "_Save Save", and a control labelled by an AdwActionRow as its
 * GType name ("GtkSwitch"): a plain label, and no relation, is what Orca reads right. */
void
gleaner_a11y_set_label (GtkWidget  *widget,
                        const char *text)
{
  g_autofree char *plain = NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (text == NULL)
    return;

  plain = gleaner_a11y_strip_mnemonic (text);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, plain, -1);
}

/* Every button and check button under @root whose label has a mnemonic gets a plain name. */
void
gleaner_a11y_fix_mnemonic_labels (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_BUTTON (root) && gtk_button_get_use_underline (GTK_BUTTON (root)))
    gleaner_a11y_set_label (root, gtk_button_get_label (GTK_BUTTON (root)));
  else if (GTK_IS_CHECK_BUTTON (root) && gtk_check_button_get_use_underline (GTK_CHECK_BUTTON (root)))
    gleaner_a11y_set_label (root, gtk_check_button_get_label (GTK_CHECK_BUTTON (root)));

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gleaner_a11y_fix_mnemonic_labels (child);
}

/* A switch or spin button in an AdwActionRow: GTK 4.8 does not follow the row's labelled-by
 * link and says "GtkSwitch"; the row's title (and subtitle) go on the control itself. */
void
gleaner_a11y_label_from_row (GtkWidget         *control,
                             AdwPreferencesRow *row)
{
  g_return_if_fail (GTK_IS_WIDGET (control));
  g_return_if_fail (ADW_IS_PREFERENCES_ROW (row));

  gleaner_a11y_set_label (control, adw_preferences_row_get_title (row));
  if (ADW_IS_ACTION_ROW (row) && adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (control),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), -1);
}

static void
stack_visible_child_changed_cb (GtkStack   *stack,
                                GParamSpec *pspec,
                                gpointer    user_data)
{
  GtkWidget *visible = gtk_stack_get_visible_child (stack);

  g_assert (GTK_IS_STACK (stack));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkStackPage *page = gtk_stack_get_page (stack, child);
      gboolean hidden = child != visible;

      gtk_accessible_update_state (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_STATE_HIDDEN, hidden, -1);
      if (page != NULL)
        gtk_accessible_update_state (GTK_ACCESSIBLE (page), GTK_ACCESSIBLE_STATE_HIDDEN, hidden, -1);
    }
}

static void
stack_pages_changed_cb (GtkStack   *stack,
                        guint       position,
                        guint       removed,
                        guint       added,
                        GListModel *pages)
{
  stack_visible_child_changed_cb (stack, NULL, NULL);
}

/* GTK 4.8 leaves a GtkStack's pages that are not on screen in the accessibility tree ("No
 * Papers Yet" beside the list); marking them hidden takes them out, pages added later (built
 * when first needed) too. */
void
gleaner_a11y_track_stack (GtkStack *stack)
{
  GtkSelectionModel *pages;

  g_return_if_fail (GTK_IS_STACK (stack));

  g_signal_connect (stack, "notify::visible-child",
                    G_CALLBACK (stack_visible_child_changed_cb), NULL);
  /* The stack keeps its pages model only while someone holds it. */
  pages = gtk_stack_get_pages (stack);
  g_signal_connect_object (pages, "items-changed", G_CALLBACK (stack_pages_changed_cb), stack,
                           G_CONNECT_SWAPPED);
  g_object_set_data_full (G_OBJECT (stack), "gleaner-a11y-pages", pages, g_object_unref);
  stack_visible_child_changed_cb (stack, NULL, NULL);
}

/* Ctrl+W closes any window of ours, as in every GNOME app: GtkShortcutsWindow and
 * AdwMessageDialog only know Escape. */
void
gleaner_a11y_add_close_shortcut (GtkWindow *window)
{
  GtkEventController *controller;

  g_return_if_fail (GTK_IS_WINDOW (window));

  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_w, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (GTK_WIDGET (window), controller);
}
