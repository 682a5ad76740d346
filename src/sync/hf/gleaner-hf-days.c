/* gleaner-hf-days.c — which Hugging Face daily lists a fetch walks (the days part of
 * gleaner-hf-source.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-hf-source"

#include "config.h"

#include <string.h>

#include "gleaner-hf-source.h"

#define FIRST_RUN_DAYS      7
#define REFRESH_DAYS        2
#define MAX_DAYS            30
/* HF's day buckets follow US-Eastern time (api-formats §1.4). */
#define DAILY_TIME_ZONE     "America/New_York"

static GTimeZone *
dup_daily_time_zone (void)
{
  GTimeZone *tz = g_time_zone_new_identifier (DAILY_TIME_ZONE);

  if (tz == NULL)
    {
      g_debug ("No time zone data for %s; using UTC days", DAILY_TIME_ZONE);
      tz = g_time_zone_new_utc ();
    }

  return tz;
}

static void
get_daily_date (GDateTime *now,
                GDate     *date)
{
  g_autoptr(GTimeZone) tz = dup_daily_time_zone ();
  g_autoptr(GDateTime) local = g_date_time_to_timezone (now, tz);

  g_date_clear (date, 1);
  g_date_set_dmy (date,
                  g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local),
                  g_date_time_get_year (local));
}

static char *
format_day (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u",
                          (guint)g_date_get_year (date),
                          (guint)g_date_get_month (date),
                          (guint)g_date_get_day (date));
}

/* Reads "YYYY-MM-DD" as written by format_day(). */
static gboolean
parse_day (const char *text,
           GDate      *date)
{
  g_auto(GStrv) parts = NULL;
  guint64 year, month, day;

  if (text == NULL)
    return FALSE;

  parts = g_strsplit (text, "-", 0);
  if (g_strv_length (parts) != 3 ||
      strlen (parts[0]) != 4 || strlen (parts[1]) != 2 || strlen (parts[2]) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1, 9999, &year, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, 12, &month, NULL) ||
      !g_ascii_string_to_unsigned (parts[2], 10, 1, 31, &day, NULL) ||
      !g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);

  return TRUE;
}

char *
gleaner_hf_source_dup_day (GDateTime *now)
{
  GDate today;

  g_return_val_if_fail (now != NULL, NULL);

  get_daily_date (now, &today);

  return format_day (&today);
}

GPtrArray *
gleaner_hf_source_list_days (GDateTime  *now,
                             const char *last_day)
{
  return gleaner_hf_source_list_days_full (now, last_day, FIRST_RUN_DAYS);
}

GPtrArray *
gleaner_hf_source_list_days_full (GDateTime  *now,
                                  const char *last_day,
                                  guint       first_run_days)
{
  GPtrArray *days = g_ptr_array_new_with_free_func (g_free);
  GDate today;
  GDate last;
  guint n_days;

  g_return_val_if_fail (now != NULL, NULL);

  get_daily_date (now, &today);

  if (!parse_day (last_day, &last))
    {
      n_days = CLAMP (first_run_days, 1, MAX_DAYS);
    }
  else
    {
      /* Every day after the last successful run, but always the last two: buckets keep
       * growing after their day and upvotes keep changing. */
      int since_last = g_date_days_between (&last, &today);

      n_days = CLAMP (since_last, REFRESH_DAYS, MAX_DAYS);
    }

  for (guint i = n_days; i > 0; i--)
    {
      GDate day = today;

      g_date_subtract_days (&day, i - 1);
      g_ptr_array_add (days, format_day (&day));
    }

  return days;
}
