/* gleaner-application-private.h — the application's state, shared by its files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gleaner-application.h"
#include "gleaner-arxiv-completer.h"
#include "gleaner-arxiv-source.h"
#include "gleaner-hf-source.h"
#include "gleaner-notifier.h"
#include "gleaner-scheduler.h"
#include "gleaner-session.h"

G_BEGIN_DECLS

struct _GleanerApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  GleanerStore   *store;
  GleanerSync    *sync;
  GleanerHfSource *hf_source;        /* the settings apply to the sources */
  GleanerArxivSource *arxiv_source;  /* in the sync only while categories are followed */
  GleanerArxivCompleter *arxiv_completer; /* for the windows, through the session */
  GError         *store_error;
  GleanerScheduler *scheduler;       /* when syncs run (graphical instance only) */
  GleanerNotifier  *notifier;        /* what the desktop is told after a sync */
  GleanerSession   *session;         /* what windows work on (graphical instance only) */
  GCancellable     *cancellable;
  GtkWidget      *preferences;       /* (nullable) weak: the open preferences window */
  /* What was asked of the graphical instance (activate, app.show-paper…) while its store
   * was still opening, run once the session is there: (element-type PendingAction) */
  GArray         *pending;
  guint           digest_timer_id;   /* fires at the next daily-digest time */
  guint           held : 1;          /* run-in-background holds the application */
  guint           starting : 1;      /* the store opens (or the scheduler reads) off the main thread */
  guint           icon_theme_loading : 1; /* see load_icon_theme_in_thread() */
  guint           net_loading : 1;   /* see want_network() */
};

/* gleaner-application-sources.c */
GleanerSync *_gleaner_application_ensure_sync             (GleanerApplication *self);
void         _gleaner_application_ensure_completer        (GleanerApplication *self);
void         _gleaner_application_apply_arxiv_settings    (GleanerApplication *self);
void         _gleaner_application_source_setting_changed  (GleanerApplication *self,
                                                           const char         *key);

G_END_DECLS
