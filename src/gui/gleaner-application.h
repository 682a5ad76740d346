/* gleaner-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gleaner-store.h"
#include "gleaner-sync.h"

typedef struct _GleanerScheduler GleanerScheduler;
typedef struct _GleanerNotifier  GleanerNotifier;

G_BEGIN_DECLS

#define GLEANER_TYPE_APPLICATION (gleaner_application_get_type ())

G_DECLARE_FINAL_TYPE (GleanerApplication, gleaner_application, GLEANER, APPLICATION, AdwApplication)

GleanerApplication *gleaner_application_new       (void);
/* The store; NULL with the error kept if it could not be opened. The command-line modes
 * open it here, on the calling thread. The graphical instance opens it on the store's thread
 * at start-up and never calls this or the accessors of what it starts with it (sync,
 * scheduler, notifier) while it does: they wait for the start-up (iterating the main
 * context), for tests. */
GleanerStore       *gleaner_application_get_store (GleanerApplication *self);
const GError       *gleaner_application_get_store_error (GleanerApplication *self);
/* The one sync of this process (NULL when the store could not be opened). */
GleanerSync        *gleaner_application_get_sync  (GleanerApplication *self);
GSettings          *gleaner_application_get_settings (GleanerApplication *self);
/* The Hugging Face base URL: $GLEANER_HF_BASE_URL, else the hf-base-url setting. */
char               *gleaner_application_dup_hf_base_url (GleanerApplication *self);
/* The arXiv address of @key ("arxiv-rss-url" or "arxiv-api-url"): $GLEANER_ARXIV_RSS_URL or
 * $GLEANER_ARXIV_API_URL, else the setting. */
char               *gleaner_application_dup_arxiv_url (GleanerApplication *self,
                                                       const char         *key);
/* When syncs run, and what the desktop is told afterwards; NULL in the command-line modes
 * and when the store could not be opened. */
GleanerScheduler   *gleaner_application_get_scheduler (GleanerApplication *self);
GleanerNotifier    *gleaner_application_get_notifier  (GleanerApplication *self);
/* The preferences window app.preferences opened, while it is open; else NULL. */
GtkWidget          *gleaner_application_get_preferences_window (GleanerApplication *self);

G_END_DECLS
