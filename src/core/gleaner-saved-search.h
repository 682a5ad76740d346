/* gleaner-saved-search.h — a named search (text + filter) the user keeps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "gleaner-types.h"

G_BEGIN_DECLS

#define GLEANER_TYPE_SAVED_SEARCH (gleaner_saved_search_get_type ())

G_DECLARE_FINAL_TYPE (GleanerSavedSearch, gleaner_saved_search, GLEANER, SAVED_SEARCH, GObject)

/* Properties: "id" (gint64, construct-only), "name", "query", "filter" (GleanerFilter),
 * "notify" (gboolean), "ask-hf" (gboolean), "hf-synced-at" (gint64 Unix time, 0 = never),
 * "unread-count" (gint64, -1 while not counted). Objects are snapshots read from the store;
 * the saved-search list updates them in place when the store changes. */
GleanerSavedSearch *gleaner_saved_search_new              (gint64              id,
                                                           const char         *name,
                                                           const char         *query,
                                                           GleanerFilter       filter);

gint64              gleaner_saved_search_get_id           (GleanerSavedSearch *self);
const char         *gleaner_saved_search_get_name         (GleanerSavedSearch *self);
void                gleaner_saved_search_set_name         (GleanerSavedSearch *self,
                                                           const char         *name);
const char         *gleaner_saved_search_get_query        (GleanerSavedSearch *self);
void                gleaner_saved_search_set_query        (GleanerSavedSearch *self,
                                                           const char         *query);
GleanerFilter       gleaner_saved_search_get_filter       (GleanerSavedSearch *self);
void                gleaner_saved_search_set_filter       (GleanerSavedSearch *self,
                                                           GleanerFilter       filter);
gboolean            gleaner_saved_search_get_notify       (GleanerSavedSearch *self);
void                gleaner_saved_search_set_notify       (GleanerSavedSearch *self,
                                                           gboolean            notify);
gboolean            gleaner_saved_search_get_ask_hf       (GleanerSavedSearch *self);
void                gleaner_saved_search_set_ask_hf       (GleanerSavedSearch *self,
                                                           gboolean            ask_hf);
gint64              gleaner_saved_search_get_hf_synced_at (GleanerSavedSearch *self);
void                gleaner_saved_search_set_hf_synced_at (GleanerSavedSearch *self,
                                                           gint64              when);
gint64              gleaner_saved_search_get_unread_count (GleanerSavedSearch *self);
void                gleaner_saved_search_set_unread_count (GleanerSavedSearch *self,
                                                           gint64              count);

G_END_DECLS
