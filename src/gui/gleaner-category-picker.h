/* gleaner-category-picker.h — a searchable list of every arXiv category to follow.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GLEANER_TYPE_CATEGORY_PICKER (gleaner_category_picker_get_type ())

G_DECLARE_FINAL_TYPE (GleanerCategoryPicker, gleaner_category_picker, GLEANER, CATEGORY_PICKER, AdwWindow)

/* Shows the categories in @settings' "arxiv-categories" ticked; "Follow" (the action
 * "picker.follow") writes the ticked ones back in one change and closes the window. */
GtkWidget   *gleaner_category_picker_new              (GtkWindow             *parent,
                                                       GSettings             *settings);

/* For tests and the screenshots: the search entry, and the row and check button of @code
 * (NULL if the taxonomy has no such code). A row is hidden when the search does not match. */
GtkEditable *gleaner_category_picker_get_search_entry (GleanerCategoryPicker *self);
GtkWidget   *gleaner_category_picker_get_row          (GleanerCategoryPicker *self,
                                                       const char            *code);
GtkWidget   *gleaner_category_picker_get_check        (GleanerCategoryPicker *self,
                                                       const char            *code);
/* Whether @code's row is on screen: the search matches it (its group is shown with it). */
gboolean     gleaner_category_picker_is_shown         (GleanerCategoryPicker *self,
                                                       const char            *code);

G_END_DECLS
