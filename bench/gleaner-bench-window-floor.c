/* gleaner-bench-window-floor.c — the start-up floor for gleaner-bench-window: an AdwApplication
 * that presents an empty AdwApplicationWindow of Gleaner's default size (1100×720) and prints
 * "MAPPED <monotonic µs>" when the X server maps it (GdkSurface:mapped), then "RSS <MB>" and
 * "RSSMAP <by kind>" (gleaner-bench-rss.h) after three more frames (the memory floor), then
 * quits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <adwaita.h>
#include <stdio.h>

#include "gleaner-bench-rss.h"

static guint n_paints;

/* VmRSS of this process in MB, as gleaner_bench_rss_mb() reads it. */
static double
rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmRSS:")) == NULL)
    return 0;
  return g_ascii_strtod (line + 6, NULL) / 1024.0;
}

/* The memory floor: after the frames that follow the map, as Gleaner's is read once its list
 * has painted. */
static void
after_paint_cb (GdkFrameClock *clock,
                GApplication  *app)
{
  GleanerBenchRss rss;

  if (n_paints == 0)
    {
      printf ("PAINTED %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
      fflush (stdout);
    }
  if (++n_paints < 3)
    {
      gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
      return;
    }
  printf ("RSS %.1f\n", rss_mb ());
  if (gleaner_bench_rss_read (&rss))
    {
      g_autofree char *text = gleaner_bench_rss_format (&rss);

      printf ("RSSMAP %s\n", text);
    }
  fflush (stdout);
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, app);
  g_application_quit (app);
}

static void
surface_mapped_cb (GdkSurface   *surface,
                   GParamSpec   *pspec,
                   GApplication *app)
{
  GdkFrameClock *clock;

  if (!gdk_surface_get_mapped (surface))
    return;
  printf ("MAPPED %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  clock = gdk_surface_get_frame_clock (surface);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), app);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
}

static void
realize_cb (GtkWidget    *window,
            GApplication *app)
{
  g_signal_connect (gtk_native_get_surface (GTK_NATIVE (window)), "notify::mapped",
                    G_CALLBACK (surface_mapped_cb), app);
}

static void
activate_cb (GApplication *app,
             gpointer      user_data)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  g_signal_connect (window, "realize", G_CALLBACK (realize_cb), app);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.gleaner.BenchFloor",
                                                       G_APPLICATION_DEFAULT_FLAGS);

  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
