/* gleaner-sync-status.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-sync-status"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gleaner-sync-status.h"

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_time);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int days;

  if (when == NULL || now == NULL)
    return g_strdup ("");

  days = g_date_time_get_day_of_year (now) - g_date_time_get_day_of_year (when);
  if (g_date_time_get_year (now) != g_date_time_get_year (when))
    days = 2;

  if (days == 0)
    /* Translators: the time of a sync today, as for g_date_time_format(): %H:%M is hours and
     * minutes. It follows "Updated" or "Fetching failed". */
    return g_date_time_format (when, C_("sync time today", "%H:%M"));
  if (days == 1)
    /* Translators: the time of a sync yesterday, as for g_date_time_format(). */
    return g_date_time_format (when, C_("sync time yesterday", "yesterday at %H:%M"));
  /* Translators: the day and time of an older sync, as for g_date_time_format(). */
  return g_date_time_format (when, C_("sync time", "%-d %B at %H:%M"));
}

/* @message without a final full stop, to be set inside a sentence. */
static char *
dup_without_stop (const char *message)
{
  char *copy = g_strdup (message);
  gsize len = strlen (copy);

  if (len > 0 && copy[len - 1] == '.')
    copy[len - 1] = '\0';

  return copy;
}

char *
gleaner_sync_status_dup_text (GleanerScheduler *scheduler,
                              gboolean         *is_error)
{
  g_autofree char *updated = NULL;
  const char *error;
  gint64 success;

  g_return_val_if_fail (GLEANER_IS_SCHEDULER (scheduler), NULL);
  g_return_val_if_fail (is_error != NULL, NULL);

  success = gleaner_scheduler_get_last_success (scheduler);
  error = gleaner_scheduler_get_last_error (scheduler);
  *is_error = error != NULL && !gleaner_scheduler_get_running (scheduler);

  if (success > 0)
    {
      g_autofree char *when = format_time (success);

      /* Translators: %s is a time such as "14:05" or "yesterday at 14:05". */
      updated = g_strdup_printf (_("Updated %s"), when);
    }

  if (gleaner_scheduler_get_running (scheduler))
    return g_strdup (_("Fetching papers…"));

  if (gleaner_scheduler_get_waiting_for_network (scheduler))
    return updated
      /* Translators: the first %s is "Updated 14:05". */
      ? g_strdup_printf (_("Offline; papers will be fetched when the network is back. %s."), updated)
      : g_strdup (_("Offline; papers will be fetched when the network is back."));

  if (error != NULL)
    {
      g_autofree char *when = format_time (gleaner_scheduler_get_last_error_time (scheduler));
      g_autofree char *reason = dup_without_stop (error);

      return updated
        /* Translators: a time ("14:05", "yesterday at 14:05"), an error message, then
         * "Updated 14:05". */
        ? g_strdup_printf (_("Fetching failed (%s): %s. %s."), when, reason, updated)
        : g_strdup_printf (_("Fetching failed (%s): %s."), when, reason);
    }

  return g_steal_pointer (&updated);
}
