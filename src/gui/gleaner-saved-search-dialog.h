/* gleaner-saved-search-dialog.h — name a new saved search, or edit or remove one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gleaner-saved-search.h"

G_BEGIN_DECLS

#define GLEANER_TYPE_SAVED_SEARCH_DIALOG (gleaner_saved_search_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GleanerSavedSearchDialog, gleaner_saved_search_dialog, GLEANER, SAVED_SEARCH_DIALOG, AdwMessageDialog)

/* Responses: "cancel", "save", and "remove" (only when editing). */
#define GLEANER_SAVED_SEARCH_RESPONSE_SAVE   "save"
#define GLEANER_SAVED_SEARCH_RESPONSE_REMOVE "remove"

/* A dialog to save @query/@filter under a name (@search NULL), or to edit @search. */
GtkWidget  *gleaner_saved_search_dialog_new        (GtkWindow          *parent,
                                                    GleanerSavedSearch *search,
                                                    const char         *query,
                                                    GleanerFilter       filter);

GleanerSavedSearch *gleaner_saved_search_dialog_get_search (GleanerSavedSearchDialog *self);
const char *gleaner_saved_search_dialog_get_name   (GleanerSavedSearchDialog *self);
gboolean    gleaner_saved_search_dialog_get_notify (GleanerSavedSearchDialog *self);
gboolean    gleaner_saved_search_dialog_get_ask_hf (GleanerSavedSearchDialog *self);
GtkEditable *gleaner_saved_search_dialog_get_name_entry (GleanerSavedSearchDialog *self);

G_END_DECLS
