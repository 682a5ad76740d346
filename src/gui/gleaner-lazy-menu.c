/* gleaner-lazy-menu.c — menu buttons whose menu is built when first opened.
 *
 * GtkMenuButton builds its GtkPopoverMenu, a widget for every item, as soon as it is given a
 * model. The window's four menus were a third of building the window at start-up (9 ms of
 * 30 at 1,000,000 papers), for menus a session may never open; each is now built the first
 * time it opens, from the model it has by then.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gleaner-lazy-menu.h"

static void
create_popup_cb (GtkMenuButton *button,
                 gpointer       user_data)
{
  GMenuModel *model = user_data;

  /* Called at every opening: the popover built the first time stays. */
  if (gtk_menu_button_get_menu_model (button) != model)
    gtk_menu_button_set_menu_model (button, model);
}

/**
 * gleaner_menu_button_set_model_lazily:
 * @button: a menu button
 * @model: (nullable): its menu
 *
 * Gives @button the menu @model, built when the button first opens it (by a click, Enter,
 * F10 on a primary menu, or a screen reader's action). The button is sensitive meanwhile,
 * and a later model replaces the one built at the next opening.
 */
void
gleaner_menu_button_set_model_lazily (GtkMenuButton *button,
                                      GMenuModel    *model)
{
  g_return_if_fail (GTK_IS_MENU_BUTTON (button));
  g_return_if_fail (model == NULL || G_IS_MENU_MODEL (model));

  if (model == NULL)
    {
      gtk_menu_button_set_create_popup_func (button, NULL, NULL, NULL);
      gtk_menu_button_set_menu_model (button, NULL);
      return;
    }

  gtk_menu_button_set_create_popup_func (button, create_popup_cb, g_object_ref (model),
                                         g_object_unref);
}
