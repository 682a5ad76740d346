/* gleaner-window-private.h — shared by gleaner-window*.c only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gleaner-list-pane.h"
#include "gleaner-saved-search-list.h"
#include "gleaner-window.h"

G_BEGIN_DECLS

struct _GleanerWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  GtkStack             *main_stack;
  AdwToastOverlay      *toast_overlay;
  GtkDrawingArea       *toast_anchor;
  AdwLeaflet           *leaflet;
  GleanerListPane      *list_pane;
  GtkWidget            *content_pane;
  AdwStatusPage        *store_error_page;     /* NULL until the database cannot be opened */
  GtkWidget            *back_button;
  GtkWidget            *star_button;
  GtkWidget            *paper_menu_button;
  GMenuModel           *paper_menu;
  GMenuModel           *primary_menu;
  GMenu                *paper_menu_read_section;
  int                   paper_menu_read;   /* what its item says: -1 nothing yet, 0 unread, 1 read */
  GleanerPaperDetail   *detail;

  /* Owned references */
  GleanerSession       *session;
  GSettings            *settings;
  GleanerStore         *store;             /* NULL when it could not be opened */
  GleanerScheduler     *scheduler;
  GleanerSavedSearchList *saved_searches;
  GleanerSavedSearch   *removed_search;    /* for "Undo" after removing one */
  GPtrArray            *marked_read;       /* arXiv ids "Mark All as Read" changed, for "Undo" */
  GleanerPaper         *shown_paper;
  GCancellable         *cancellable;
  GtkFileChooserNative *export_chooser;
  char                 *last_toast;
  gint64                active_search_id;  /* the saved search the list shows, or 0 */

  /* The shown paper was marked read automatically since it was opened. */
  guint                 auto_read_done : 1;
  /* The running sync was started with "Refresh": its outcome gets a toast. */
  guint                 manual_refresh : 1;
};

/* gleaner-window.c */
void      _gleaner_window_add_toast            (GleanerWindow      *self,
                                                const char         *text,
                                                gboolean            is_error,
                                                const char         *button_label,
                                                const char         *action_name);
gboolean  _gleaner_window_focus_is_in_text     (GleanerWindow      *self);
void      _gleaner_window_show_list            (GleanerWindow      *self);
void      _gleaner_window_open_selected        (GleanerWindow      *self);
void      _gleaner_window_set_paper_read       (GleanerWindow      *self,
                                                GleanerPaper       *paper,
                                                gboolean            read);
void      _gleaner_window_set_paper_starred    (GleanerWindow      *self,
                                                GleanerPaper       *paper,
                                                gboolean            starred);
void      _gleaner_window_sync_running_changed (GleanerWindow      *self);

/* gleaner-window-actions.c */
void      _gleaner_window_class_actions_init   (GtkWidgetClass     *widget_class);
void      _gleaner_window_unread_count_changed (GleanerWindow      *self);

/* gleaner-window-saved-searches.c */
void      _gleaner_window_class_saved_searches_init (GtkWidgetClass *widget_class);
void      _gleaner_window_saved_searches_setup (GleanerWindow      *self);
void      _gleaner_window_update_active_search (GleanerWindow      *self);
GleanerSavedSearch *_gleaner_window_find_saved_search (GleanerWindow *self,
                                                gint64              id);
void      _gleaner_window_apply_saved_search   (GleanerWindow      *self,
                                                GleanerSavedSearch *search);

G_END_DECLS
