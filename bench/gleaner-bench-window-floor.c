/* gleaner-bench-window-floor.c — the start-up floor for gleaner-bench-window: an AdwApplication
 * that presents an empty AdwApplicationWindow of Gleaner's default size (1100×720) and prints
 * "MAPPED <monotonic µs>" when the X server maps it (GdkSurface:mapped), then "RSS <MB>" and
 * "RSSMAP <by kind>" (gleaner-bench-rss.h) after three more frames (the memory floor), then
 * quits.
 *
 * With --list, the window instead shows what any list of papers in GTK 4.8 shows: a header bar
 * with a title and three icon buttons, and a GtkListView of 1,000 items whose rows are a bold
 * title and two small lines (three GtkInscriptions, as Gleaner's rows), in a scrolled window:
 * the memory of showing such a list at all, with no SQLite, no network stack, no store.
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

static gboolean list_mode;

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  for (guint i = 0; i < 3; i++)
    {
      GtkWidget *line = gtk_inscription_new (NULL);

      gtk_inscription_set_text_overflow (GTK_INSCRIPTION (line), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
      gtk_inscription_set_xalign (GTK_INSCRIPTION (line), 0);
      gtk_widget_add_css_class (line, i == 0 ? "heading" : "caption");
      gtk_box_append (GTK_BOX (box), line);
    }
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_list_item_set_child (item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item)
{
  GtkWidget *line = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  const char *title = gtk_string_object_get_string (gtk_list_item_get_item (item));
  guint n = gtk_list_item_get_position (item);
  g_autofree char *meta = g_strdup_printf ("%u upvotes · %u Feb 2020", 300 - n % 300, 1 + n % 28);

  gtk_inscription_set_text (GTK_INSCRIPTION (line), title);
  line = gtk_widget_get_next_sibling (line);
  gtk_inscription_set_text (GTK_INSCRIPTION (line), "Ada Abara, Bo Chen, Carla Diaz");
  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_widget_get_next_sibling (line)), meta);
}

static GtkWidget *
list_content (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkStringList *titles = gtk_string_list_new (NULL);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *list;

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new ("Papers", "All Papers · 1000 unread"));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header),
                             gtk_button_new_from_icon_name ("view-refresh-symbolic"));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), gtk_button_new_from_icon_name ("open-menu-symbolic"));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header),
                           gtk_button_new_from_icon_name ("system-search-symbolic"));
  gtk_box_append (GTK_BOX (box), header);

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *title = g_strdup_printf ("Synthetic diffusion models in parameter space, part %u", i);

      gtk_string_list_append (titles, title);
    }
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  list = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (titles))),
                            factory);
  gtk_widget_add_css_class (list, "navigation-sidebar");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (box), scroller);

  return box;
}

static void
activate_cb (GApplication *app,
             gpointer      user_data)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  if (list_mode)
    adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), list_content ());
  g_signal_connect (window, "realize", G_CALLBACK (realize_cb), app);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.gleaner.BenchFloor",
                                                       G_APPLICATION_DEFAULT_FLAGS);

  if (argc > 1 && g_str_equal (argv[1], "--list"))
    list_mode = TRUE;
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), 1, argv);
}
