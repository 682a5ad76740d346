/* gleaner-sync-status.h — the words for the line under the list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gleaner-scheduler.h"

G_BEGIN_DECLS

/* When papers were last fetched and what went wrong since, or NULL when there is nothing to
 * say. @is_error is set when the text reports a failure. Plain text, not markup. */
char *gleaner_sync_status_dup_text (GleanerScheduler *scheduler,
                                    gboolean         *is_error);

G_END_DECLS
