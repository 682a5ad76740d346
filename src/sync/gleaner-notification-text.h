/* gleaner-notification-text.h — the words of a notification.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Titles a notification body lists before "and N more". */
#define GLEANER_NOTIFICATION_BODY_TITLES 3

/* @text (LaTeX allowed) on one line, capped, with no markup able to form. Free with g_free(). */
char *gleaner_notification_text_dup_line   (const char *text);
/* @titles (element-type utf8): the first ones, one per line, then "and N more" of @total. */
char *gleaner_notification_text_build_body (GPtrArray  *titles,
                                            guint       total);

G_END_DECLS
