/* gleaner-window-toasts.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's toasts: plain text (never markup), errors kept until dismissed, and buttons
 * named for screen readers.
 */

#define G_LOG_DOMAIN "gleaner-window"

#include "config.h"

#include "gleaner-a11y.h"
#include "gleaner-window-private.h"

/* GTK 4.8 names a toast's button with a mnemonic "_Undo Undo": name the shown toasts' buttons
 * as gleaner_a11y_fix_mnemonic_labels () does the window's. */
static void
name_toast_buttons (GleanerWindow *self)
{
  GtkWidget *content;

  /* Toasts are dismissed while the window is torn down too, and the idle that queues runs
   * after it: its dispose clears the cancellable before its template goes. */
  if (self->cancellable == NULL || self->toast_overlay == NULL ||
      gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  content = adw_toast_overlay_get_child (self->toast_overlay);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->toast_overlay));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (child != content)
      gleaner_a11y_fix_mnemonic_labels (child);
}

static gboolean
name_toast_buttons_idle_cb (gpointer user_data)
{
  name_toast_buttons (user_data);
  return G_SOURCE_REMOVE;
}

static void
name_toast_buttons_later (GleanerWindow *self)
{
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, name_toast_buttons_idle_cb,
                   g_object_ref (self), g_object_unref);
}

/* @button_label and @action_name: a button the toast offers ("Retry", "Undo"), or NULL.
 * Errors stay until dismissed. */
void
_gleaner_window_add_toast (GleanerWindow *self,
                           const char    *text,
                           gboolean       is_error,
                           const char    *button_label,
                           const char    *action_name)
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

  if (action_name != NULL)
    {
      adw_toast_set_button_label (toast, button_label);
      adw_toast_set_action_name (toast, action_name);
    }

  /* A toast waiting behind another gets its widget once that one is dismissed: name the
   * buttons after the overlay has handled it. */
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (name_toast_buttons_later), self, G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  name_toast_buttons (self);

  /* The new string is allocated before the old one is freed, so tests can tell toasts apart
   * by address. */
  old_toast = g_steal_pointer (&self->last_toast);
  self->last_toast = g_strdup (text);
  g_free (old_toast);
}

void
gleaner_window_show_toast (GleanerWindow *self,
                           const char    *text,
                           const char    *button_label,
                           const char    *action_name)
{
  g_return_if_fail (GLEANER_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  _gleaner_window_add_toast (self, text, FALSE, button_label, action_name);
}
