/* gleaner-saved-searches-button.h — the saved searches, one click away in the list's header.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GLEANER_TYPE_SAVED_SEARCHES_BUTTON (gleaner_saved_searches_button_get_type ())

G_DECLARE_FINAL_TYPE (GleanerSavedSearchesButton, gleaner_saved_searches_button, GLEANER, SAVED_SEARCHES_BUTTON, AdwBin)

/* A menu button whose popover lists @model (of GleanerSavedSearch) with unread counts. Rows
 * activate "win.apply-saved-search" (int64 id), their edit buttons "win.edit-saved-search"
 * (int64 id); the footer button "win.save-search". */
GtkWidget  *gleaner_saved_searches_button_new        (void);
void        gleaner_saved_searches_button_set_model  (GleanerSavedSearchesButton *self,
                                                      GListModel                 *model);
/* The saved search the list shows now (0: none), marked in the popover. */
void        gleaner_saved_searches_button_set_active (GleanerSavedSearchesButton *self,
                                                      gint64                      id);
void        gleaner_saved_searches_button_popdown     (GleanerSavedSearchesButton *self);
GtkListBox *gleaner_saved_searches_button_get_list_box (GleanerSavedSearchesButton *self);

G_END_DECLS
