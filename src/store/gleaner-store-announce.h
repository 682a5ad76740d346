/* gleaner-store-announce.h — which papers notifications have announced.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The `announced` table remembers every paper a notification has named, so none is named
 * twice, and which notification currently shows it, so the notification can be withdrawn
 * once all of its papers are read. The synchronous reads are for tests and
 * the command line; the main loop uses the asynchronous ones below. Writes go through the
 * store's writer thread.
 */

#pragma once

#include "gleaner-store.h"

G_BEGIN_DECLS

/* Up to @limit papers of Hugging Face's trending list, best rank first, that are neither read
 * nor announced. Returns (transfer full) (element-type GleanerPaper), or NULL with @error set. */
GPtrArray *gleaner_store_announce_list_trending         (GleanerStore         *self,
                                                         guint                 limit,
                                                         GError              **error);

/* Records that the notification @notification_id now shows @arxiv_ids (element-type utf8).
 * The papers it showed before stay announced but are detached from it: a notification sent
 * with an existing id replaces the old one. Finish with gleaner_store_write_finish(). */
void       gleaner_store_announce_async                 (GleanerStore         *self,
                                                         GPtrArray            *arxiv_ids,
                                                         const char           *notification_id,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);

/* The notifications still showing papers, all of which are now read. Returns (transfer full)
 * a NULL-terminated array (empty when there are none), or NULL with @error set. */
GStrv      gleaner_store_announce_dup_read_notifications (GleanerStore        *self,
                                                         GError              **error);

/* Detaches the papers of @notification_id (it was withdrawn or went away); they stay
 * announced. Finish with gleaner_store_write_finish(). */
void       gleaner_store_announce_forget_async          (GleanerStore         *self,
                                                         const char           *notification_id,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);

/* Marks every unread paper @notification_id shows as read, as gleaner_store_set_read_async()
 * would, and emits "changed" (GLEANER_STORE_CHANGE_USER_STATE) if any was unread. Finish with
 * gleaner_store_write_finish(). */
void       gleaner_store_announce_mark_read_async       (GleanerStore         *self,
                                                         const char           *notification_id,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);

/* Reads for the main loop: each runs on the store's thread, after the writes queued so far,
 * and its callback runs on the caller's thread-default context. */

/* What gleaner_store_announce_match_async() found. */
typedef struct
{
  GPtrArray  *searches;   /* (element-type GleanerSavedSearch) the searches that notify */
  GPtrArray  *matches;    /* (element-type GPtrArray<utf8>) for each of them, the given ids
                           * of stored papers that match its query (an empty query matches
                           * every paper) and filter (Starred also asks for a star) and that
                           * are neither read nor announced yet, in the order given */
  GHashTable *titles;     /* arXiv id → title, for every paper that could match */
} GleanerAnnounceMatches;

void       gleaner_announce_matches_free                (GleanerAnnounceMatches *matches);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GleanerAnnounceMatches, gleaner_announce_matches_free)

/* Matches @arxiv_ids (element-type utf8) against every saved search that notifies, in one
 * read whose cost follows the number of ids, not of stored papers. */
void       gleaner_store_announce_match_async           (GleanerStore         *self,
                                                         GPtrArray            *arxiv_ids,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GleanerAnnounceMatches *gleaner_store_announce_match_finish (GleanerStore     *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

/* What the digest needs: the meta value under the day key, and the trending papers as
 * gleaner_store_announce_list_trending() lists them. */
typedef struct
{
  char       *last_day;   /* (nullable) */
  GPtrArray  *papers;     /* (element-type GleanerPaper) */
} GleanerAnnounceDigest;

void       gleaner_announce_digest_free                 (GleanerAnnounceDigest *digest);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GleanerAnnounceDigest, gleaner_announce_digest_free)

void       gleaner_store_announce_read_digest_async     (GleanerStore         *self,
                                                         const char           *day_key,
                                                         guint                 limit,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GleanerAnnounceDigest *gleaner_store_announce_read_digest_finish (GleanerStore *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

/* gleaner_store_announce_dup_read_notifications(), off the main thread. */
void       gleaner_store_announce_dup_read_notifications_async (GleanerStore  *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GStrv      gleaner_store_announce_dup_read_notifications_finish (GleanerStore *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

G_END_DECLS
