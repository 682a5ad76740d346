/* gleaner-lazy-menu.h — menu buttons whose menu is built when first opened.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void gleaner_menu_button_set_model_lazily (GtkMenuButton *button,
                                           GMenuModel    *model);

G_END_DECLS
