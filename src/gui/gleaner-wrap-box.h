/* gleaner-wrap-box.h
 *
 * A box that lays its children out left to right at their natural width and wraps them onto
 * more lines when they do not fit, for link buttons and keyword pills. GtkFlowBox aligns its
 * children in columns (stretching them), and GTK 4.8 has no wrapping box of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GLEANER_TYPE_WRAP_BOX (gleaner_wrap_box_get_type ())
G_DECLARE_FINAL_TYPE (GleanerWrapBox, gleaner_wrap_box, GLEANER, WRAP_BOX, GtkWidget)

void     gleaner_wrap_box_append          (GtkWidget  *box,
                                           GtkWidget  *child);
void     gleaner_wrap_box_remove_all      (GtkWidget  *box);
gboolean gleaner_wrap_box_content_changed (GtkWidget  *box,
                                           const char *signature);

G_END_DECLS
