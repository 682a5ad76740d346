/* gleaner-tooltip.h — tooltips given when the pointer rests, not set ahead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void        gleaner_widget_set_tooltip (GtkWidget  *widget,
                                        const char *text);
const char *gleaner_widget_get_tooltip (GtkWidget  *widget);

G_END_DECLS
