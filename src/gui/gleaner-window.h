/* gleaner-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gleaner-paper-detail.h"
#include "gleaner-saved-searches-button.h"
#include "gleaner-session.h"

G_BEGIN_DECLS

#define GLEANER_TYPE_WINDOW (gleaner_window_get_type ())

G_DECLARE_FINAL_TYPE (GleanerWindow, gleaner_window, GLEANER, WINDOW, AdwApplicationWindow)

/* @session: what the window shows and works on; its store may be NULL (the window then
 * shows why). */
GleanerWindow      *gleaner_window_new             (GtkApplication     *application,
                                                    GleanerSession     *session);

/* Writes the starred papers to @file as BibTeX off the main thread, then shows a toast with
 * the count or the error (what "Export Starred Papers as BibTeX…" does after its dialog). */
void                gleaner_window_export_bibtex   (GleanerWindow      *self,
                                                    GFile              *file);

/* What notifications ask for: a paper, a saved search, the trending list. */
void                gleaner_window_show_paper      (GleanerWindow      *self,
                                                    const char         *id);
gboolean            gleaner_window_show_saved_search (GleanerWindow    *self,
                                                    gint64              id);
void                gleaner_window_show_trending   (GleanerWindow      *self);

/* Small getters for tests. */
gint64              gleaner_window_get_active_saved_search (GleanerWindow *self);
GleanerSavedSearchesButton *gleaner_window_get_saved_searches_button (GleanerWindow *self);
/* The GleanerSavedSearchList the saved-searches popover shows. */
GListModel         *gleaner_window_get_saved_searches (GleanerWindow   *self);
const char         *gleaner_window_get_status_text (GleanerWindow      *self);
const char         *gleaner_window_get_list_title (GleanerWindow       *self);
/* The GleanerPaperList the list shows (NULL when the store could not be opened). */
/* How many papers the list's view has unread (-1 until counted), as its subtitle says. */
gint64              gleaner_window_get_unread_count (GleanerWindow     *self);
GListModel         *gleaner_window_get_list_model  (GleanerWindow      *self);
GtkSingleSelection *gleaner_window_get_selection   (GleanerWindow      *self);
GtkGridView        *gleaner_window_get_list_view   (GleanerWindow      *self);
GleanerPaperDetail *gleaner_window_get_detail      (GleanerWindow      *self);
GtkEditable        *gleaner_window_get_search_entry (GleanerWindow     *self);
AdwLeaflet         *gleaner_window_get_leaflet     (GleanerWindow      *self);
/* What the list pane shows: "list", "empty", "fetching", "error", "no-results",
 * "filter-empty"; or "store-error" when the whole window shows the database error. */
const char         *gleaner_window_get_view_state  (GleanerWindow      *self);
/* A toast with @text (plain text) and, when @action_name is set, a button that runs it. */
void                gleaner_window_show_toast      (GleanerWindow      *self,
                                                    const char         *text,
                                                    const char         *button_label,
                                                    const char         *action_name);
/* The title of the last toast shown, or NULL. */
const char         *gleaner_window_get_last_toast  (GleanerWindow      *self);

G_END_DECLS
