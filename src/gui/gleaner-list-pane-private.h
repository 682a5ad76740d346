/* gleaner-list-pane-private.h — what the list pane's files share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gleaner-list-pane.h"
#include "gleaner-paper-list.h"
#include "gleaner-scope-menu.h"
#include "gleaner-sync-status.h"

G_BEGIN_DECLS

struct _GleanerListPane
{
  AdwBin                parent_instance;

  /* Template widgets */
  AdwWindowTitle       *list_title;
  GtkLabel             *folded_title;
  GtkStack             *refresh_stack;
  GtkSpinner           *refresh_spinner;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkStack             *list_stack;
  GtkGridView          *list_view;
  /* In list_stack once built (see ensure_page()), else NULL. */
  GtkSpinner           *fetching_spinner;
  GleanerSavedSearchesButton *saved_searches_button;
  GleanerSyncStatus    *sync_status;
  GtkMenuButton        *view_menu_button;
  GMenu                *view_menu;
  GtkMenuButton        *primary_menu_button;
  GtkWidget            *refresh_button;
  GtkWidget            *search_button;

  /* Owned references */
  GMenuModel           *primary_menu;
  GSettings            *settings;
  GleanerStore         *store;
  GleanerScheduler     *scheduler;
  GleanerPaperList     *papers;
  GleanerScopeMenu     *scope_menu;
  GtkSingleSelection   *selection;
  GError               *sync_error;
  char                 *selected_id;      /* kept while a search or filter hides the paper */
  /* Row widgets no list item holds now, for the next ones the list view makes (see
   * factory_setup_cb()). */
  GPtrArray            *row_pool;
  GtkWidget            *context_menu;
  guint                 placeholder_position;   /* selected row not read yet, or invalid */
  /* Waiting for the frame that shows a new result's first page (see release_rest()). */
  GdkFrameClock        *paced_clock;
  gulong                paced_handler;
  guint                 paced_timeout;
  /* The view's unread papers: -1 until counted (see gleaner-list-pane-title.c). */
  gint64                unread_count;
  GCancellable         *unread_cancellable;
  guint                 unread_idle;
  char                **highlight_words;   /* the list's search's words, marked in the rows */

  guint                 folded : 1;
  /* The user changed the query: bring the selected paper into view when it is found again. */
  guint                 scroll_on_restore : 1;
};

/* gleaner-list-pane-rows.c */
GtkListItemFactory *_gleaner_list_pane_new_factory    (GleanerListPane *self);
void                _gleaner_list_pane_setup_keyboard (GleanerListPane *self);
/* Shows a new result's first page alone, and the rest after the frame that painted it. */
void                _gleaner_list_pane_pace_rest      (GleanerListPane *self);
void                _gleaner_list_pane_stop_pacing    (GleanerListPane *self);

/* gleaner-list-pane-title.c */
void                _gleaner_list_pane_update_subtitle     (GleanerListPane *self);
void                _gleaner_list_pane_update_folded_title (GleanerListPane *self);
void                _gleaner_list_pane_queue_unread_count  (GleanerListPane *self);
void                _gleaner_list_pane_stop_unread_count   (GleanerListPane *self);

/* gleaner-list-pane-search.c */
void                _gleaner_list_pane_update_highlight           (GleanerListPane *self);
void                _gleaner_list_pane_search_text_changed_cb     (GleanerListPane *self);
void                _gleaner_list_pane_stop_search_cb             (GleanerListPane *self);
void                _gleaner_list_pane_search_activate_cb         (GleanerListPane *self);
void                _gleaner_list_pane_search_mode_changed_cb     (GleanerListPane *self);

/* gleaner-list-pane-selection.c */
void                _gleaner_list_pane_selection_changed_cb (GleanerListPane    *self,
                                                             GParamSpec         *pspec,
                                                             GtkSingleSelection *selection);
void                _gleaner_list_pane_list_activate_cb     (GleanerListPane    *self,
                                                             guint               position);
void                _gleaner_list_pane_click_released_cb    (GleanerListPane    *self,
                                                             int                 n_press,
                                                             double              x,
                                                             double              y,
                                                             GtkGestureClick    *gesture);

/* gleaner-list-pane.c */
void                _gleaner_list_pane_set_unread_count    (GleanerListPane *self,
                                                            gint64           count);
void                _gleaner_list_pane_emit_paper_activated (GleanerListPane *self);
void                _gleaner_list_pane_emit_query_changed   (GleanerListPane *self);

G_END_DECLS
