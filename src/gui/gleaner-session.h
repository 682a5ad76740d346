/* gleaner-session.h — what one graphical instance works on, handed to its windows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gleaner-arxiv-completer.h"
#include "gleaner-scheduler.h"
#include "gleaner-store.h"
#include "gleaner-sync.h"

G_BEGIN_DECLS

#define GLEANER_TYPE_SESSION (gleaner_session_get_type ())

G_DECLARE_FINAL_TYPE (GleanerSession, gleaner_session, GLEANER, SESSION, GObject)

/* @store is NULL when it could not be opened, and @store_error says why; @scheduler and
 * @completer are NULL then too. */
GleanerSession   *gleaner_session_new             (GSettings        *settings,
                                                   GleanerStore     *store,
                                                   const GError     *store_error,
                                                   GleanerSync      *sync,
                                                   GleanerScheduler *scheduler,
                                                   GleanerArxivCompleter *completer);
GSettings        *gleaner_session_get_settings    (GleanerSession   *self);
GleanerStore     *gleaner_session_get_store       (GleanerSession   *self);
const GError     *gleaner_session_get_store_error (GleanerSession   *self);
GleanerSync      *gleaner_session_get_sync        (GleanerSession   *self);
GleanerScheduler *gleaner_session_get_scheduler   (GleanerSession   *self);
/* Completes the papers the window opens or stars from arXiv (see gleaner-arxiv-completer.h);
 * NULL without a store, and until the application has the sources (gleaner-net.h). */
GleanerArxivCompleter *gleaner_session_get_completer (GleanerSession *self);
/* Once; requests what gleaner_session_request_completion() was asked meanwhile. */
void             gleaner_session_set_completer    (GleanerSession        *self,
                                                   GleanerArxivCompleter *completer);
/* gleaner_arxiv_completer_request() now, or once the completer is set. */
void             gleaner_session_request_completion (GleanerSession      *self,
                                                     GleanerPaper        *paper);

G_END_DECLS
