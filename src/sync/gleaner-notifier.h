/* gleaner-notifier.h — desktop notifications for new matches and the daily digest.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No GTK: notifications go through GApplication, whose actions they name:
 *
 *   app.show-paper              (s)  an arXiv id: the notification names one paper
 *   app.show-search             (x)  a saved search id: new matches of several papers
 *   app.show-trending           —    the digest of several trending papers
 *   app.mark-notification-read  (s)  the notification id; the handler should call
 *                                    gleaner_notifier_mark_read()
 *
 * Notification ids are GLEANER_NOTIFIER_MATCHES_ID and GLEANER_NOTIFIER_DIGEST_ID; each new
 * notification of a kind replaces the last one.
 */

#pragma once

#include <gio/gio.h>

#include "gleaner-store.h"
#include "gleaner-sync.h"

G_BEGIN_DECLS

#define GLEANER_NOTIFIER_MATCHES_ID "gleaner-matches"
#define GLEANER_NOTIFIER_DIGEST_ID  "gleaner-digest"

/* Papers the digest names at most. */
#define GLEANER_NOTIFIER_DIGEST_SIZE 5

#define GLEANER_TYPE_NOTIFIER (gleaner_notifier_get_type ())

G_DECLARE_FINAL_TYPE (GleanerNotifier, gleaner_notifier, GLEANER, NOTIFIER, GObject)

/* Properties: "saved-searches-enabled" (gboolean, default TRUE), "digest-enabled" (gboolean,
 * default TRUE), "digest-time" (string "HH:MM", local time, default "08:00"). */
GleanerNotifier *gleaner_notifier_new                      (GApplication      *app,
                                                            GleanerStore      *store);

gboolean         gleaner_notifier_get_saved_searches_enabled (GleanerNotifier *self);
void             gleaner_notifier_set_saved_searches_enabled (GleanerNotifier *self,
                                                              gboolean         enabled);
gboolean         gleaner_notifier_get_digest_enabled       (GleanerNotifier   *self);
void             gleaner_notifier_set_digest_enabled       (GleanerNotifier   *self,
                                                            gboolean           enabled);
const char      *gleaner_notifier_get_digest_time          (GleanerNotifier   *self);
/* Ignores (with a warning) anything but "HH:MM" with HH 00–23 and MM 00–59. */
void             gleaner_notifier_set_digest_time          (GleanerNotifier   *self,
                                                            const char        *digest_time);

/* For tests: the time to act as if it were now; its own time zone decides the day and when
 * digest-time is. NULL goes back to the real (local) time. */
void             gleaner_notifier_set_now                  (GleanerNotifier   *self,
                                                            GDateTime         *now);

/* After a sync run: one notification for the new papers that match saved searches with
 * notifications on, then the digest if it is due. */
void             gleaner_notifier_sync_finished            (GleanerNotifier   *self,
                                                            GleanerSyncResult *result);
/* Sends the digest if it is due: enabled, at or after digest-time, not sent yet today, and
 * something to tell. */
void             gleaner_notifier_check_digest             (GleanerNotifier   *self);
/* When gleaner_notifier_check_digest() should next run, or NULL when the digest is off.
 * Returns (transfer full) (nullable). */
GDateTime       *gleaner_notifier_get_next_digest_time     (GleanerNotifier   *self);

/* Marks every paper of the notification @notification_id read; it is then withdrawn. */
void             gleaner_notifier_mark_read                (GleanerNotifier   *self,
                                                            const char        *notification_id);

G_END_DECLS
