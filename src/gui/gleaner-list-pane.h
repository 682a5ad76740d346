/* gleaner-list-pane.h — the list of papers with its header, search bar and sync status line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gleaner-saved-searches-button.h"
#include "gleaner-session.h"

G_BEGIN_DECLS

#define GLEANER_TYPE_LIST_PANE (gleaner_list_pane_get_type ())

G_DECLARE_FINAL_TYPE (GleanerListPane, gleaner_list_pane, GLEANER, LIST_PANE, AdwBin)

/* Shows @session's papers; once, before the pane is shown. Without a store it stays empty. */
void                gleaner_list_pane_set_session       (GleanerListPane *self,
                                                         GleanerSession  *session);

/* The query: the search bar's words ("" while it is closed). */
const char         *gleaner_list_pane_get_query         (GleanerListPane *self);
/* Opens the search bar with the keyboard in it. */
void                gleaner_list_pane_begin_search      (GleanerListPane *self);
/* Opens the search bar with @query and searches at once; NULL or "" closes it. */
void                gleaner_list_pane_set_query         (GleanerListPane *self,
                                                         const char      *query);
/* Closes the search bar (clearing the search); FALSE if it was closed. */
gboolean            gleaner_list_pane_leave_search      (GleanerListPane *self);
/* Brings the selected paper into view when the next query finds it (the user changed what
 * the list shows, rather than a sync). */
void                gleaner_list_pane_follow_selection  (GleanerListPane *self);
/* Selects the paper @id now or as soon as the list has it, and scrolls to it. */
void                gleaner_list_pane_select_id         (GleanerListPane *self,
                                                         const char      *id);
/* Moves the selection one row down (@delta > 0) or up, keeping the keyboard focus with it. */
void                gleaner_list_pane_move_selection    (GleanerListPane *self,
                                                         int              delta);
void                gleaner_list_pane_scroll_to         (GleanerListPane *self,
                                                         guint            position);
/* Names the list ("Gleaner", or the saved search it shows). */
void                gleaner_list_pane_set_title         (GleanerListPane *self,
                                                         const char      *title);
const char         *gleaner_list_pane_get_title         (GleanerListPane *self);
/* Hides the title where the header's buttons need its room. */
void                gleaner_list_pane_set_title_visible (GleanerListPane *self,
                                                         gboolean         visible);

GListModel         *gleaner_list_pane_get_model         (GleanerListPane *self);
GtkSingleSelection *gleaner_list_pane_get_selection     (GleanerListPane *self);
GtkGridView        *gleaner_list_pane_get_list_view     (GleanerListPane *self);
GtkEditable        *gleaner_list_pane_get_search_entry  (GleanerListPane *self);
GleanerSavedSearchesButton *gleaner_list_pane_get_saved_searches_button (GleanerListPane *self);
/* "list", "empty", "fetching", "error", "no-results" or "filter-empty". */
const char         *gleaner_list_pane_get_view_state    (GleanerListPane *self);
/* How many papers of the list's view (scope, filter, search) are unread; -1 until counted.
 * Notified as "unread-count". */
gint64              gleaner_list_pane_get_unread_count  (GleanerListPane *self);
/* The sync status line's text, or NULL while it is hidden. */
const char         *gleaner_list_pane_get_status_text   (GleanerListPane *self);

G_END_DECLS
