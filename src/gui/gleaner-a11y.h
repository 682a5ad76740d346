/* gleaner-a11y.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

char *gleaner_a11y_strip_mnemonic        (const char *text);
void  gleaner_a11y_set_label             (GtkWidget  *widget,
                                          const char *text);
void  gleaner_a11y_fix_mnemonic_labels   (GtkWidget  *root);
void  gleaner_a11y_label_from_row        (GtkWidget  *control,
                                          AdwPreferencesRow *row);
void  gleaner_a11y_track_stack           (GtkStack   *stack);
void  gleaner_a11y_add_close_shortcut    (GtkWindow  *window);

G_END_DECLS
