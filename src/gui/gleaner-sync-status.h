/* gleaner-sync-status.h — the line under the list: when papers were last fetched, and what
 * went wrong since.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gleaner-scheduler.h"

G_BEGIN_DECLS

#define GLEANER_TYPE_SYNC_STATUS (gleaner_sync_status_get_type ())

G_DECLARE_FINAL_TYPE (GleanerSyncStatus, gleaner_sync_status, GLEANER, SYNC_STATUS, AdwBin)

GleanerScheduler *gleaner_sync_status_get_scheduler (GleanerSyncStatus *self);
/* Follows @scheduler; hidden while it has nothing to say, and without one. */
void              gleaner_sync_status_set_scheduler (GleanerSyncStatus *self,
                                                     GleanerScheduler  *scheduler);
/* The text shown, or NULL while the line is hidden. */
const char       *gleaner_sync_status_get_text      (GleanerSyncStatus *self);
/* Hides the line (its text stays readable) while a status page in place of the list already
 * says the same: one error on screen, not two. */
void              gleaner_sync_status_set_suppressed (GleanerSyncStatus *self,
                                                      gboolean           suppressed);

G_END_DECLS
