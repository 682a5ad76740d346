/* gleaner-bench-window-start.c — gleaner-bench-window's (1): start → mapped window and → first
 * frame against the empty window (gleaner-bench-window-floor), and the floors' memory (the
 * empty window's and the list window's), in fresh processes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "gleaner-bench-util.h"
#include "gleaner-bench-window-start.h"

/* The application's own settings object (memory backend: this process only); turns off the
 * scheduler's start-up sync. The binding is G_SETTINGS_BIND_GET, so this holds however early
 * or late the scheduler is made. */
void
gleaner_bench_window_disable_auto_sync (GleanerApplication *application)
{
  g_settings_set_boolean (gleaner_application_get_settings (application), "auto-sync", FALSE);
}

/* ------------------------------------------------------------------------------------------ */
/* The child side: the application as main.c runs it, plus a hook on the window */

/* The first frame: what the user first sees (the list's first page, when it came in time). */
static void
child_painted_cb (GdkFrameClock *clock,
                  gpointer       user_data)
{
  printf ("PAINTED %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  _exit (0);
}

static void
child_mapped_cb (GdkSurface *surface,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  if (!gdk_surface_get_mapped (surface))
    return;
  printf ("MAPPED %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  g_signal_connect (gdk_surface_get_frame_clock (surface), "after-paint",
                    G_CALLBACK (child_painted_cb), NULL);
}

static void
child_realize_cb (GtkWidget *window,
                  gpointer   user_data)
{
  g_signal_connect (gtk_native_get_surface (GTK_NATIVE (window)), "notify::mapped",
                    G_CALLBACK (child_mapped_cb), NULL);
}

/* Realized when the application realizes it, as the floor's window is: realizing it here,
 * while it was still being built, made every tooltip set after that ask the X server where
 * the pointer is (2.5 ms of round trips) that the application never pays. */
static void
child_window_added_cb (GtkApplication *application,
                       GtkWindow      *window,
                       gpointer        user_data)
{
  g_signal_connect (window, "realize", G_CALLBACK (child_realize_cb), NULL);
}

int
gleaner_bench_window_run_child (void)
{
  /* As main.c, plus a hook on the window. */
  g_autoptr(GleanerApplication) app = gleaner_application_new ();

  gleaner_bench_window_disable_auto_sync (app);
  g_signal_connect (app, "window-added", G_CALLBACK (child_window_added_cb), NULL);
  return g_application_run (G_APPLICATION (app), 0, NULL);
}

/* ------------------------------------------------------------------------------------------ */
/* The parent side */

static double floor_rss_mb;
static char  *floor_rss_map;   /* the floor's RSS by kind, of its largest run */

static double
spawn_until_mapped (const char *exe,
                    const char *mode,
                    double     *painted_ms)
{
  const char *argv[] = { exe, mode, NULL };  /* mode NULL: no arguments */
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *line;
  gint64 t0, mapped;
  int status;

  t0 = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                     &status, &error))
    g_error ("spawn %s: %s", exe, error->message);
  if ((line = strstr (out, "MAPPED ")) == NULL)
    g_error ("%s printed no MAPPED line: %s", exe, out);
  mapped = g_ascii_strtoll (line + 7, NULL, 10);
  if ((line = strstr (out, "PAINTED ")) == NULL)
    g_error ("%s printed no PAINTED line: %s", exe, out);
  *painted_ms = (g_ascii_strtoll (line + 8, NULL, 10) - t0) / 1000.0;
  /* The floor also says how much memory it holds once it has painted, and where. */
  if ((line = strstr (out, "RSS ")) != NULL &&
      g_ascii_strtod (line + 4, NULL) > floor_rss_mb)
    {
      const char *map = strstr (out, "RSSMAP ");

      floor_rss_mb = g_ascii_strtod (line + 4, NULL);
      g_clear_pointer (&floor_rss_map, g_free);
      if (map != NULL)
        floor_rss_map = g_strndup (map + 7, strcspn (map + 7, "\n"));
    }
  return (mapped - t0) / 1000.0;
}

/* The floor's --list window: its RSS after its first frames (0 if it printed none) and where. */
static double
spawn_list_floor (const char  *exe,
                  char       **map)
{
  const char *argv[] = { exe, "--list", NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *line;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                     &status, &error))
    g_error ("spawn %s --list: %s", exe, error->message);
  if ((line = strstr (out, "RSSMAP ")) != NULL)
    *map = g_strndup (line + 7, strcspn (line + 7, "\n"));
  if ((line = strstr (out, "RSS ")) == NULL)
    return 0;
  return g_ascii_strtod (line + 4, NULL);
}

/* One warm-up each, then interleaved; sets GLEANER_BENCH_FLOOR_RSS_MB/_MAP and
 * GLEANER_BENCH_LIST_FLOOR_RSS_MB/_MAP for the in-process run to compare with. */
void
gleaner_bench_window_measure_start (const char *self_exe,
                                    const char *floor_exe,
                                    guint       runs,
                                    guint       n_papers)
{
  g_autoptr(GArray) t_app = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) t_floor = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) p_app = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) p_floor = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) r_ratio = g_array_new (FALSE, FALSE, sizeof (double));

  {
    double ignored;

    spawn_until_mapped (floor_exe, NULL, &ignored);
    spawn_until_mapped (self_exe, "--child", &ignored);
  }
  for (guint r = 0; r < runs; r++)
    {
      double fp, ap;
      double f = spawn_until_mapped (floor_exe, NULL, &fp);
      double a = spawn_until_mapped (self_exe, "--child", &ap);

      g_array_append_val (t_floor, f);
      g_array_append_val (t_app, a);
      g_array_append_val (p_floor, fp);
      g_array_append_val (p_app, ap);
      g_array_append_val (r_ratio, ((double) { a / f }));
      printf ("run %u: floor %.1f ms (first frame %.1f), gleaner %.1f ms (first frame %.1f)\n",
              r + 1, f, fp, a, ap);
    }
  {
    double mf = gleaner_bench_percentile (t_floor, 50), ma = gleaner_bench_percentile (t_app, 50);
    double pf = gleaner_bench_percentile (p_floor, 50), pa = gleaner_bench_percentile (p_app, 50);

    printf ("\nstart to mapped, median of %u: floor %.1f ms, gleaner %.1f ms, ratio %.2f\n",
            runs, mf, ma, ma / mf);
    /* A run of each shares the machine's moment: on a busy host the ratio within a round
     * moves less than the two medians do apart. */
    printf ("start to mapped, ratio within each round: median %.3f, quartiles %.3f to %.3f\n",
            gleaner_bench_percentile (r_ratio, 50), gleaner_bench_percentile (r_ratio, 25),
            gleaner_bench_percentile (r_ratio, 75));
    printf ("start to first frame painted, median of %u: floor %.1f ms, gleaner %.1f ms, ratio %.2f\n",
            runs, pf, pa, pa / pf);
    printf ("BENCH papers=%u\nBENCH start_floor_ms=%.1f\nBENCH start_app_ms=%.1f\nBENCH start_ratio=%.2f\n",
            n_papers, mf, ma, ma / mf);
    printf ("BENCH start_round_ratio=%.3f\n", gleaner_bench_percentile (r_ratio, 50));
    printf ("BENCH first_frame_floor_ms=%.1f\nBENCH first_frame_app_ms=%.1f\nBENCH first_frame_ratio=%.2f\n",
            pf, pa, pa / pf);
    printf ("empty window RSS after its first frames: %.1f MB\nBENCH rss_floor_mb=%.1f\n",
            floor_rss_mb, floor_rss_mb);
    {
      double list_mb = 0;
      g_autofree char *list_map = NULL;

      /* The list floor's memory, its largest of three runs (see the floor's --list). */
      for (guint r = 0; r < 3; r++)
        {
          double mb;
          g_autofree char *map = NULL;

          if ((mb = spawn_list_floor (floor_exe, &map)) > list_mb)
            {
              list_mb = mb;
              g_free (list_map);
              list_map = g_steal_pointer (&map);
            }
        }
      printf ("list window RSS after its first frames: %.1f MB\nBENCH rss_list_floor_mb=%.1f\n",
              list_mb, list_mb);
      if (list_mb > 0)
        {
          g_autofree char *value = g_strdup_printf ("%.1f", list_mb);

          g_setenv ("GLEANER_BENCH_LIST_FLOOR_RSS_MB", value, TRUE);
          if (list_map != NULL)
            g_setenv ("GLEANER_BENCH_LIST_FLOOR_RSS_MAP", list_map, TRUE);
        }
    }
    if (floor_rss_mb > 0)
      {
        g_autofree char *value = g_strdup_printf ("%.1f", floor_rss_mb);

        g_setenv ("GLEANER_BENCH_FLOOR_RSS_MB", value, TRUE);
        if (floor_rss_map != NULL)
          g_setenv ("GLEANER_BENCH_FLOOR_RSS_MAP", floor_rss_map, TRUE);
      }
    fflush (stdout);
  }
}
