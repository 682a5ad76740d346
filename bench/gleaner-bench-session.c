/* gleaner-bench-session.c — how long the main thread waits on SQLite in a real session, and
 * the longest main-loop stall while a refresh brings papers that match the saved searches.
 * Run by hand under Xvfb and a D-Bus session, never installed:
 *
 *   xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
 *     env GTK_A11Y=none NO_AT_BRIDGE=1 GSK_RENDERER=cairo GSETTINGS_SCHEMA_DIR=build-release/data \
 *     build-release/bench/gleaner-bench-session --papers 20000 [--searches 2] [--dir DIR]
 *
 * The script, in the real application and window, with N papers stored and S saved searches
 * that notify ("diffusion", "parameter space", "language model", "reinforcement learning", …):
 * start; type "parameter space" into the search entry one key at a time; open the first
 * result; open another paper as a notification does (app.show-paper); star it; mark it unread;
 * clear the search and let its frames (and the detail pane's crossfade to empty) pass; refresh
 * (win.refresh) from a loopback server that answers with 200 new papers matching every saved
 * search, until the notification about them has arrived and the list shows them; quit.
 *
 * The program is linked with -Wl,--wrap for SQLite's prepare, step, exec, reset, finalize,
 * open and close (gleaner-bench-sqlite-clock.c), and counts the time spent in them on the main
 * thread from before g_application_run() until it returns. A 1 ms repeating timeout measures
 * main-loop stalls during the refresh: from win.refresh to the notification; beside the
 * longest gap's wall time it reports the most CPU time the main thread spent in one gap,
 * which other processes on a busy machine do not inflate.
 *
 * Each run copies a template database (made once per --papers) so the new papers are new.
 *
 * GLEANER_BENCH_TRACE=1 prints what took long during the refresh: signal handlers, main-loop
 * iterations, each frame's damage when it is large, and widgets that moved (a move high in
 * the tree redraws all below it); =nodes also saves the render trees around full repaints.
 * GLEANER_BENCH_SHOT=file.png saves the window once the refresh's toast has slid in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <dlfcn.h>

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "gleaner-application.h"
#include "gleaner-bench-sqlite-clock.h"
#include "gleaner-bench-util.h"
#include "gleaner-paper-detail.h"
#include "gleaner-paper-list.h"
#include "gleaner-test-notifications.h"
#include "gleaner-test-server.h"
#include "gleaner-window.h"

#define NEW_PAPERS 200

static const char * const search_queries[] = {
  "diffusion", "parameter space", "language model", "reinforcement learning",
  "graph", "transformer", "robot", "protein",
};

static GleanerApplication       *app;
static GleanerWindow            *window;
static GleanerPaperList         *list;
static GleanerTestNotifications *notifications;
static GleanerTestServer        *server;

/* Stalls: the gap between two runs of a 1 ms timeout, minus the 1 ms; and the main thread's
 * own CPU time in that gap, which on a busy machine tells our work from waiting for a core. */
static gboolean measuring;
static gint64   last_tick_us;
static gint64   last_tick_cpu_ns;
static double   max_gap_ms;
static double   max_gap_cpu_ms;
static guint    n_gaps_over_16;

static gint64
thread_cpu_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64)ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static gboolean
stall_timeout_cb (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_ns ();

  if (measuring)
    {
      double gap = (now - last_tick_us) / 1000.0 - 1.0;

      max_gap_ms = MAX (max_gap_ms, gap);
      max_gap_cpu_ms = MAX (max_gap_cpu_ms, (cpu - last_tick_cpu_ns) / 1e6);
      if (gap > 16)
        n_gaps_over_16++;
    }
  last_tick_us = now;
  last_tick_cpu_ns = cpu;
  return G_SOURCE_CONTINUE;
}

/* GLEANER_BENCH_TRACE: during the refresh, what took long on the main thread, measured
 * around the signals the suspects run in (the store's "changed", the list's items-changed,
 * a frame's layout and paint). */
static gboolean tracing;
static gint64   trace_start_us;

/* An emission hook: runs before every handler of a run-last signal, the first ones too. */
static gboolean
trace_begin_hook (GSignalInvocationHint *hint,
                  guint                  n_params,
                  const GValue          *params,
                  gpointer               user_data)
{
  trace_start_us = g_get_monotonic_time ();
  return TRUE;
}

/* Only the paper list's own changes: the selection model passes each on inside it. */
static gint64 list_change_start_us;

static gboolean
trace_list_begin_hook (GSignalInvocationHint *hint,
                       guint                  n_params,
                       const GValue          *params,
                       gpointer               user_data)
{
  if (g_value_get_object (&params[0]) == (GObject *)list)
    list_change_start_us = g_get_monotonic_time ();
  return TRUE;
}

static void
trace_hook (GType       type,
            const char *signal)
{
  g_signal_add_emission_hook (g_signal_lookup (signal, type), 0, trace_begin_hook, NULL, NULL);
}

static void
trace_end (const char *what,
           int         detail)
{
  double ms = (g_get_monotonic_time () - trace_start_us) / 1000.0;

  if (measuring && ms >= 1.0)
    printf ("  %-24s %3d %7.2f ms\n", what, detail, ms);
}

static void
trace_changed_end_cb (GleanerStore *store,
                      int           change,
                      gpointer      user_data)
{
  trace_end ("store changed", change);
}

/* The list's changes in the current iteration: how many, and their time together. */
static guint  iteration_changes;
static double iteration_changes_ms;

static void
trace_items_end_cb (GListModel *model,
                    guint       position,
                    guint       removed,
                    guint       added,
                    gpointer    user_data)
{
  double ms = (g_get_monotonic_time () - list_change_start_us) / 1000.0;

  iteration_changes++;
  iteration_changes_ms += ms;
  if (measuring && (ms >= 1.0 || removed + added > 1))
    printf ("  %-24s %7.2f ms at %u: -%u +%u\n", (const char *)user_data, ms, position,
            removed, added);
}

static void
trace_frame_end_cb (GdkFrameClock *clock,
                    gpointer       user_data)
{
  trace_end (user_data, 0);
}

/* One main-loop iteration's dispatch: from poll() returning to the next poll(). */
static GPollFunc real_poll;
static gint64    dispatch_start_us;
static gint64    dispatch_start_cpu_ns;

static int
trace_poll (GPollFD *fds,
            guint    n_fds,
            int      timeout)
{
  int ret;

  if (measuring && dispatch_start_us != 0)
    {
      double ms = (g_get_monotonic_time () - dispatch_start_us) / 1000.0;

      if (ms >= 4.0)
        printf ("  iteration                    %7.2f ms (CPU %.2f ms) from %.6f\n", ms,
                (thread_cpu_ns () - dispatch_start_cpu_ns) / 1e6, dispatch_start_us / 1e6);
      if (iteration_changes > 0)
        printf ("  list changes in iteration  %5u %7.2f ms\n", iteration_changes,
                iteration_changes_ms);
    }
  iteration_changes = 0;
  iteration_changes_ms = 0;
  ret = real_poll (fds, n_fds, timeout);
  dispatch_start_us = g_get_monotonic_time ();
  dispatch_start_cpu_ns = thread_cpu_ns ();
  return ret;
}

/* Which widgets moved or changed size in a frame: a shift high in the tree repaints all
 * below it. */
static GHashTable *trace_bounds;

static void
trace_walk (GtkWidget *widget,
            int        depth,
            guint     *n_printed)
{
  graphene_rect_t bounds, *old;

  if (!gtk_widget_get_mapped (widget))
    return;
  if (!gtk_widget_compute_bounds (widget, GTK_WIDGET (window), &bounds))
    return;
  old = g_hash_table_lookup (trace_bounds, widget);
  if (measuring && old != NULL && !graphene_rect_equal (old, &bounds) && *n_printed < 40)
    {
      printf ("    moved %*s%s.%s %gx%g+%g+%g -> %gx%g+%g+%g\n", depth, "",
              G_OBJECT_TYPE_NAME (widget), gtk_widget_get_css_name (widget),
              old->size.width, old->size.height, old->origin.x, old->origin.y,
              bounds.size.width, bounds.size.height, bounds.origin.x, bounds.origin.y);
      (*n_printed)++;
    }
  if (old == NULL)
    g_hash_table_insert (trace_bounds, widget, g_memdup2 (&bounds, sizeof bounds));
  else
    *old = bounds;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    trace_walk (child, depth + 1, n_printed);
}

static void
trace_print_node (GString       *out,
                  GskRenderNode *node,
                  int            depth)
{
  graphene_rect_t b;
  GskRenderNodeType type;

  if (node == NULL)
    return;
  type = gsk_render_node_get_node_type (node);
  gsk_render_node_get_bounds (node, &b);
  g_string_append_printf (out, "%*s%d %g,%g %gx%g", depth, "", type, b.origin.x, b.origin.y,
                          b.size.width, b.size.height);
  if (type == GSK_TEXTURE_NODE)
    g_string_append_printf (out, " tex %p", gsk_texture_node_get_texture (node));
  if (type == GSK_TEXT_NODE)
    g_string_append_printf (out, " glyphs %u", gsk_text_node_get_num_glyphs (node));
  if (type == GSK_COLOR_NODE)
    {
      const GdkRGBA *c = gsk_color_node_get_color (node);
      g_string_append_printf (out, " rgba %g %g %g %g", c->red, c->green, c->blue, c->alpha);
    }
  if (type == GSK_OPACITY_NODE)
    g_string_append_printf (out, " opacity %g", gsk_opacity_node_get_opacity (node));
  g_string_append_c (out, '\n');
  switch ((int) type)
    {
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        trace_print_node (out, gsk_container_node_get_child (node, i), depth + 1);
      break;
    case GSK_TRANSFORM_NODE:
      trace_print_node (out, gsk_transform_node_get_child (node), depth + 1);
      break;
    case GSK_CLIP_NODE:
      trace_print_node (out, gsk_clip_node_get_child (node), depth + 1);
      break;
    case GSK_ROUNDED_CLIP_NODE:
      trace_print_node (out, gsk_rounded_clip_node_get_child (node), depth + 1);
      break;
    case GSK_OPACITY_NODE:
      trace_print_node (out, gsk_opacity_node_get_child (node), depth + 1);
      break;
    case GSK_SHADOW_NODE:
      trace_print_node (out, gsk_shadow_node_get_child (node), depth + 1);
      break;
    case GSK_DEBUG_NODE:
      trace_print_node (out, gsk_debug_node_get_child (node), depth + 1);
      break;
    case GSK_CROSS_FADE_NODE:
      trace_print_node (out, gsk_cross_fade_node_get_start_child (node), depth + 1);
      trace_print_node (out, gsk_cross_fade_node_get_end_child (node), depth + 1);
      break;
    case GSK_COLOR_MATRIX_NODE:
      trace_print_node (out, gsk_color_matrix_node_get_child (node), depth + 1);
      break;
    default:
      break;
    }
}

/* GLEANER_BENCH_TRACE=nodes: the render trees before and after each frame that redrew the
 * whole window, as /tmp/gleaner-full-N-{before,after}.txt (what changed shape above the
 * panes). */
static gboolean trace_full_damage;
static char    *trace_prev_nodes;
static guint    trace_full_n;

static char *
trace_nodes_string (void)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GString *out = g_string_new (NULL);

  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (GTK_WIDGET (window)),
                          gtk_widget_get_height (GTK_WIDGET (window)));
  node = gtk_snapshot_free_to_node (snapshot);
  trace_print_node (out, node, 0);
  return g_string_free (out, FALSE);
}

static void
trace_after_paint_cb (GdkFrameClock *clock,
                      gpointer       user_data)
{
  guint n_printed = 0;

  if (measuring && g_strcmp0 (g_getenv ("GLEANER_BENCH_TRACE"), "nodes") == 0)
    {
      char *now = trace_nodes_string ();

      if (trace_full_damage && trace_prev_nodes != NULL && trace_full_n < 3)
        {
          g_autofree char *a = g_strdup_printf ("/tmp/gleaner-full-%u-before.txt", trace_full_n);
          g_autofree char *b = g_strdup_printf ("/tmp/gleaner-full-%u-after.txt", trace_full_n);

          g_file_set_contents (a, trace_prev_nodes, -1, NULL);
          g_file_set_contents (b, now, -1, NULL);
          trace_full_n++;
        }
      g_free (trace_prev_nodes);
      trace_prev_nodes = now;
    }
  trace_full_damage = FALSE;
  trace_walk (GTK_WIDGET (window), 0, &n_printed);
}

/* A frame's damage: GSK diffs the frame's render tree against the last one, and GDK's X11
 * cairo context asks for the extents of the result to size the frame's buffer. This call
 * from GTK goes through the PLT, so the benchmark's own definition sees it. */
void
cairo_region_get_extents (const cairo_region_t  *region,
                          cairo_rectangle_int_t *extents)
{
  static void (*real) (const cairo_region_t *, cairo_rectangle_int_t *);

  if (real == NULL)
    real = dlsym (RTLD_NEXT, "cairo_region_get_extents");
  real (region, extents);
  if (!measuring || !tracing || extents->width * extents->height < 100000)
    return;

  if (extents->width >= gtk_widget_get_width (GTK_WIDGET (window)) &&
      extents->height >= gtk_widget_get_height (GTK_WIDGET (window)))
    trace_full_damage = TRUE;
  printf ("  damage %dx%d+%d+%d:", extents->width, extents->height, extents->x, extents->y);
  for (int i = 0; i < cairo_region_num_rectangles (region) && i < 12; i++)
    {
      cairo_rectangle_int_t r;

      cairo_region_get_rectangle (region, i, &r);
      printf (" %dx%d+%d+%d", r.width, r.height, r.x, r.y);
    }
  printf ("\n");
}

static void
trace_setup (GleanerStore *store)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));

  if (!(tracing = g_getenv ("GLEANER_BENCH_TRACE") != NULL))
    return;

  real_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, trace_poll);

  trace_hook (GLEANER_TYPE_STORE, "changed");
  g_signal_connect_after (store, "changed", G_CALLBACK (trace_changed_end_cb), NULL);
  g_signal_add_emission_hook (g_signal_lookup ("items-changed", G_TYPE_LIST_MODEL), 0,
                              trace_list_begin_hook, NULL, NULL);
  g_signal_connect_after (list, "items-changed", G_CALLBACK (trace_items_end_cb),
                          (gpointer)"list items-changed");
  trace_hook (GDK_TYPE_FRAME_CLOCK, "layout");
  g_signal_connect_after (clock, "layout", G_CALLBACK (trace_frame_end_cb), (gpointer)"frame layout");
  trace_hook (GDK_TYPE_FRAME_CLOCK, "paint");
  g_signal_connect_after (clock, "paint", G_CALLBACK (trace_frame_end_cb), (gpointer)"frame paint");
  trace_bounds = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_signal_connect (clock, "after-paint", G_CALLBACK (trace_after_paint_cb), NULL);
}

/* Whether to wait, before the refresh, for the frames that show the cleared search. */
static gboolean settle_first = TRUE;
static guint    frames_painted;
static guint    list_changes;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  frames_painted++;
}

static void
list_changed_cb (GListModel *model,
                 guint       position,
                 guint       removed,
                 guint       added,
                 gpointer    user_data)
{
  list_changes++;
}

static gboolean
any_transition_running (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_mapped (child) && any_transition_running (child))
      return TRUE;
  return FALSE;
}

static void
settle (void)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  guint quiet = 0;

  while (quiet < 3)
    {
      guint changes = list_changes;
      guint target = frames_painted + 1;

      gtk_widget_queue_draw (GTK_WIDGET (window));
      WAIT_UNTIL (frames_painted >= target);
      quiet = list_changes == changes && !any_transition_running (GTK_WIDGET (window))
                ? quiet + 1 : 0;
    }
  g_signal_handler_disconnect (clock, handler);
}

static gboolean
list_idle (void)
{
  return !gleaner_paper_list_get_loading (list);
}

static const char *
item_id (guint position)
{
  g_autoptr(GleanerPaper) paper = g_list_model_get_item (G_LIST_MODEL (list), position);

  g_assert_nonnull (paper);
  /* The list keeps its objects alive while they are shown. */
  return g_intern_string (gleaner_paper_get_id (paper));
}

/* The paper the detail pane shows, or NULL. */
static const char *
shown_id (void)
{
  GleanerPaper *paper = gleaner_paper_detail_get_paper (gleaner_window_get_detail (window));

  return paper != NULL ? gleaner_paper_get_id (paper) : NULL;
}

static void
type_search (GtkEditable *entry,
             const char  *words)
{
  for (gsize len = 1; len <= strlen (words); len++)
    {
      g_autofree char *text = g_strndup (words, len);

      gtk_editable_set_text (entry, text);
      WAIT_UNTIL (g_strcmp0 (gleaner_paper_list_get_search (list), text) == 0 && list_idle ());
    }
}

static void
script (void)
{
  GtkEditable *entry = gleaner_window_get_search_entry (window);
  GtkSingleSelection *selection = gleaner_window_get_selection (window);
  const char *other;
  guint timeout_id;
  guint n_before;
  double t0;

  gtk_search_entry_set_search_delay (GTK_SEARCH_ENTRY (entry), 0);

  /* Search as you type, then open the first result. */
  type_search (entry, "parameter space");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, 1);
  gtk_single_selection_set_selected (selection, 0);

  /* Open another paper as a notification's default action does, star it, mark it unread. */
  other = item_id (1);
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-paper", g_variant_new_string (other));
  WAIT_UNTIL (shown_id () != NULL && strcmp (shown_id (), other) == 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-star", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-read", NULL));

  gtk_editable_set_text (entry, "");
  WAIT_UNTIL (gleaner_paper_list_get_search (list) == NULL ||
              *gleaner_paper_list_get_search (list) == '\0');
  WAIT_UNTIL (list_idle ());
  if (settle_first)
    settle ();

  /* Refresh: new papers that match every saved search, until their notification and the
   * list showing them. */
  n_before = g_list_model_get_n_items (G_LIST_MODEL (list));
  timeout_id = g_timeout_add (1, stall_timeout_cb, NULL);
  last_tick_us = g_get_monotonic_time ();
  last_tick_cpu_ns = thread_cpu_ns ();
  measuring = TRUE;
  t0 = gleaner_bench_now_ms ();
  /* For `perf record -k CLOCK_MONOTONIC` and `perf report --time A,B`. */
  if (g_getenv ("GLEANER_BENCH_PRINT_TIMES") != NULL)
    printf ("refresh from %.6f\n", g_get_monotonic_time () / 1e6);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL));
  if (tracing)
    printf ("  win.refresh itself             %7.2f ms (CPU %.2f ms)\n",
            (g_get_monotonic_time () - last_tick_us) / 1000.0,
            (thread_cpu_ns () - last_tick_cpu_ns) / 1e6);
  WAIT_UNTIL (gleaner_test_notifications_get_n_notify (notifications) > 0);
  /* The notification may come before the list shows the new papers (it follows the store
   * a moment later): the stall counts until they are on screen. */
  WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (list)) > n_before &&
              list_idle ());
  if (settle_first)
    settle ();
  measuring = FALSE;
  g_source_remove (timeout_id);
  if (g_getenv ("GLEANER_BENCH_PRINT_TIMES") != NULL)
    printf ("refresh to %.6f\n", g_get_monotonic_time () / 1e6);
  /* What the refresh left on screen (its toast), for a look by eye. */
  if (g_getenv ("GLEANER_BENCH_SHOT") != NULL)
    {
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;

      WAIT_UNTIL (gleaner_window_get_last_toast (window) != NULL);
      /* Until the toast has slid in. */
      for (double start = gleaner_bench_now_ms (); gleaner_bench_now_ms () - start < 800; )
        g_main_context_iteration (NULL, FALSE);
      gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (GTK_WIDGET (window)),
                              gtk_widget_get_height (GTK_WIDGET (window)));
      node = gtk_snapshot_free_to_node (snapshot);
      texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node, NULL);
      gdk_texture_save_to_png (texture, g_getenv ("GLEANER_BENCH_SHOT"));
    }
  printf ("refresh to notification: %.0f ms: “%s”\n", gleaner_bench_now_ms () - t0,
          gleaner_test_notifications_get_last_notify (notifications)->summary);
}

static void
activated_cb (GApplication *application,
              gpointer      user_data)
{
  /* The window comes once the store has opened on its thread. */
  WAIT_UNTIL (GLEANER_IS_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app))));
  window = GLEANER_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  WAIT_UNTIL ((list = GLEANER_PAPER_LIST (gleaner_window_get_list_model (window))) != NULL);
  WAIT_UNTIL (list_idle () && g_list_model_get_n_items (G_LIST_MODEL (list)) > 0);
  g_signal_connect (list, "items-changed", G_CALLBACK (list_changed_cb), NULL);
  trace_setup (gleaner_application_get_store (app));

  script ();

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

/* @n papers "2612.NNNNN" whose titles match every saved search. */
static GBytes *
new_papers_page (guint n)
{
  GString *s = g_string_new ("[");

  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (s,
        "%s{\"paper\":{\"id\":\"2612.%05u\",\"authors\":[{\"name\":\"Ada Abara\"}],"
        "\"publishedAt\":\"2026-12-01T00:00:00.000Z\","
        "\"title\":\"Diffusion in parameter space: a language model, reinforcement learning, graph "
        "transformer for robot protein design %u\","
        "\"summary\":\"New paper %u.\",\"upvotes\":%u},"
        "\"publishedAt\":\"2026-12-01T00:00:00.000Z\",\"numComments\":0}",
        i > 0 ? "," : "", i, i, i, i % 50);
    }
  g_string_append_c (s, ']');
  return g_string_free_to_bytes (s);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GFile) src = g_file_new_for_path (from);
  g_autoptr(GFile) dst = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  if (!g_file_copy (src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
    g_error ("copy %s: %s", from, error->message);
}

/* The run's database: the template plus @n_searches saved searches that notify. */
static void
prepare_run (const char *template_home,
             const char *run_home,
             guint       n_searches,
             gboolean    synced_before)
{
  g_autofree char *from = g_build_filename (template_home, "gleaner", "gleaner.db", NULL);
  g_autofree char *dir = g_build_filename (run_home, "gleaner", NULL);
  g_autofree char *to = g_build_filename (dir, "gleaner.db", NULL);
  sqlite3 *db;

  g_mkdir_with_parents (dir, 0700);
  copy_file (from, to);
  if (sqlite3_open (to, &db) != SQLITE_OK)
    g_error ("open %s", to);
  /* Synced an hour ago, as any store of N papers was: the line under the list says when, and
   * the refresh only changes its text (a first sync ever makes it appear, which moves the
   * whole list: --never-synced). */
  if (synced_before)
    {
      char *sql = sqlite3_mprintf ("INSERT OR REPLACE INTO meta (key, value) VALUES (%Q, '%lld')",
                                   "sync-last-success",
                                   (long long)(g_get_real_time () / G_USEC_PER_SEC - 3600));

      if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
        g_error ("%s: %s", sql, sqlite3_errmsg (db));
      sqlite3_free (sql);
    }
  for (guint i = 0; i < n_searches; i++)
    {
      char *sql = sqlite3_mprintf ("INSERT INTO saved_searches (name, query, created_at)"
                                   " VALUES (%Q, %Q, 0)",
                                   search_queries[i], search_queries[i]);

      if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
        g_error ("%s: %s", sql, sqlite3_errmsg (db));
      sqlite3_free (sql);
    }
  sqlite3_close (db);
}

int
main (int   argc,
      char *argv[])
{
  guint n_papers = 20000;
  guint n_searches = 2;
  gboolean keep = FALSE;
  gboolean no_settle = FALSE;
  gboolean never_synced = FALSE;
  g_autofree char *dir = NULL;
  g_autofree char *template_home = NULL;
  g_autofree char *run_home = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "papers", 0, 0, G_OPTION_ARG_INT, &n_papers, "Papers stored (default 20000)", "N" },
    { "searches", 0, 0, G_OPTION_ARG_INT, &n_searches, "Saved searches that notify (default 2, at most 8)", "S" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Where the template database is kept (reused)", "DIR" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the run's directory", NULL },
    { "no-settle", 0, 0, G_OPTION_ARG_NONE, &no_settle,
      "Refresh as soon as the cleared search's result is in, before its frames (as before December 2026)", NULL },
    { "never-synced", 0, 0, G_OPTION_ARG_NONE, &never_synced,
      "The papers were never synced: the refresh is the first (as before December 2026)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— Gleaner main-thread SQLite benchmark");
  double total_ms, longest_ms;
  guint calls;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      n_searches > G_N_ELEMENTS (search_queries))
    {
      g_printerr ("%s\n", error ? error->message : "--searches: at most 8");
      return 2;
    }

  settle_first = !no_settle;
  if (dir == NULL)
    dir = g_dir_make_tmp ("gleaner-bench-session-XXXXXX", NULL);
  template_home = g_strdup_printf ("%s/template-%u", dir, n_papers);
  run_home = g_build_filename (dir, "run", NULL);
  gleaner_bench_prepare_db (template_home, n_papers);
  prepare_run (template_home, run_home, n_searches, !never_synced);

  g_setenv ("XDG_DATA_HOME", run_home, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  /* The notification server first: it brings its own private bus, which the application
   * then registers on. */
  {
    /* GTestDBus unsets DISPLAY (against X11 autolaunch); the window needs it back. */
    g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));

    notifications = gleaner_test_notifications_new ();
    if (display != NULL)
      g_setenv ("DISPLAY", display, TRUE);
  }
  server = gleaner_test_server_new ();
  {
    g_autoptr(GBytes) page = new_papers_page (NEW_PAPERS);

    gleaner_test_response_set_body_bytes (gleaner_test_server_add (server, "/api/daily_papers", NULL, 200),
                                          "application/json", page);
    gleaner_test_response_set_body (gleaner_test_server_add (server, "/api/papers/search", NULL, 200),
                                    "application/json", "[]", -1);
  }
  g_setenv ("GLEANER_HF_BASE_URL", gleaner_test_server_get_url (server), TRUE);

  app = gleaner_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  /* Only the refresh of the script syncs; the digest stays out of it. */
  g_settings_set_boolean (gleaner_application_get_settings (app), "auto-sync", FALSE);
  g_settings_set_boolean (gleaner_application_get_settings (app), "daily-digest", FALSE);
  g_signal_connect_after (app, "activate", G_CALLBACK (activated_cb), NULL);

  gleaner_bench_sqlite_clock_start ();
  status = g_application_run (G_APPLICATION (app), 0, NULL);
  gleaner_bench_sqlite_clock_stop ();
  gleaner_bench_sqlite_clock_read (&total_ms, &longest_ms, &calls);
  if (status != 0)
    g_error ("the application exited with %d", status);

  printf ("%u papers, %u saved searches: SQLite on the main thread %.2f ms in %u calls, "
          "longest %.3f ms; refresh stall %.2f ms (%u gaps > 16 ms; main thread's CPU in the "
          "longest gap %.2f ms)\n",
          n_papers, n_searches, total_ms, calls, longest_ms, max_gap_ms, n_gaps_over_16,
          max_gap_cpu_ms);
  printf ("BENCH papers=%u\nBENCH searches=%u\nBENCH main_sqlite_ms=%.2f\nBENCH main_sqlite_calls=%u\n"
          "BENCH main_sqlite_longest_ms=%.3f\nBENCH refresh_stall_max_ms=%.2f\n"
          "BENCH refresh_stall_cpu_max_ms=%.2f\n",
          n_papers, n_searches, total_ms, calls, longest_ms, max_gap_ms, max_gap_cpu_ms);

  gleaner_test_notifications_close_all (notifications);
  g_clear_object (&app);
  gleaner_test_notifications_free (notifications);
  if (!keep)
    {
      g_autofree char *db = g_build_filename (run_home, "gleaner", "gleaner.db", NULL);
      g_autofree char *wal = g_strconcat (db, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db, "-shm", NULL);

      g_unlink (db);
      g_unlink (wal);
      g_unlink (shm);
    }
  return 0;
}
