/* gleaner-saved-search-list.h — the saved searches as a live GListModel, with unread counts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gleaner-saved-search.h"
#include "gleaner-store.h"

G_BEGIN_DECLS

#define GLEANER_TYPE_SAVED_SEARCH_LIST (gleaner_saved_search_list_get_type ())

G_DECLARE_FINAL_TYPE (GleanerSavedSearchList, gleaner_saved_search_list, GLEANER, SAVED_SEARCH_LIST, GObject)

/* A GListModel of GleanerSavedSearch, oldest first. Follows the store: an added, removed or
 * changed saved search is reported with the smallest items-changed, and an unchanged one keeps
 * its object (a changed one is updated in place, so bound widgets follow). "unread-count" of
 * each item is recounted on a worker thread after papers, stars, read marks or saved searches
 * change (at most one count at a time, at most every 300 ms). */
GleanerSavedSearchList *gleaner_saved_search_list_new       (GleanerStore           *store);
GleanerStore           *gleaner_saved_search_list_get_store (GleanerSavedSearchList *self);
/* The item with @id, or NULL. Returns: (transfer none) (nullable) */
GleanerSavedSearch     *gleaner_saved_search_list_find      (GleanerSavedSearchList *self,
                                                             gint64                  id);

G_END_DECLS
