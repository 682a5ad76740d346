/* gleaner-bench-window.c — the main window's start-up, search latency, memory and main-loop
 * stalls, with N papers stored. Run by hand under Xvfb, never installed:
 *
 *   xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
 *     env GTK_A11Y=none NO_AT_BRIDGE=1 GSETTINGS_SCHEMA_DIR=build-wbench/data \
 *     build-wbench/bench/gleaner-bench-window --papers 100000 [--runs 5] [--sync] [--arxiv] [--dir DIR]
 *
 * (--start-only: (0) and (1), nothing after.)
 *
 * (1) start: exec → GdkSurface:mapped (the X11 MapNotify) of Gleaner's window, against
 *     gleaner-bench-window-floor (an empty AdwApplicationWindow of the same size), runs
 *     interleaved, one warm-up of each discarded; the child prints its monotonic time at the
 *     map and the parent took its own just before the spawn (CLOCK_MONOTONIC is system-wide).
 *     Also exec → the first frame painted after the map (for Gleaner, with the list's rows
 *     when its first page came in time), against the floor's first frame.
 * (0) before all of them, the search index is tidied as the app does once its store is quiet
 *     (a kept database's index may still have the segments of the syncs run on it).
 * (2) keystroke: in a fresh process, every prefix of "parameter space" and "diffusion models"
 *     is typed into the window's search entry as shipped (the list searches as the text
 *     changes) and timed to the first items-changed, to the first frame painted after it, and
 *     to loading = FALSE.
 * (3) RSS (VmRSS) after start (its first frames painted, then again once the store has been
 *     quiet for a second and handed back what its start-up scans freed), against the empty
 *     window's and the list window's (the floor's --list) after their first frames; and after
 *     scrolling to row 10,000 in steps of 20, one painted frame per step.
 * (4) with --sync: in another fresh process, a sync of 1,000 pages × 100 new papers (20 days ×
 *     50 pages) and the trending list (?sort=trending, 100 of those papers, as every run
 *     fetches it) from a loopback SoupServer, measuring the longest gap of a 1 ms repeating
 *     timeout and of the frame clock (a tick callback) until it finishes.
 * (5) with --arxiv: the same measure over a first arXiv sync of five busy categories (2,500
 *     announced entries, the first batch over the 2,000-item cap and fetched again in halves,
 *     a backfill page), Hugging Face's lists off, at arXiv's real 3-second spacing.
 * (6) after (3), in the same process: Mark All as Read of the whole list and its Undo, each
 *     timed until the unread count shows it, with the longest gap of a 1 ms repeating timeout
 *     (the Undo leaves a kept database as it was).
 *
 * Every process turns the "auto-sync" setting off (GSETTINGS_BACKEND=memory, so per process)
 * before the application starts: the scheduler would otherwise sync at start-up, against the
 * unreachable server of (1)–(3) or concurrently with the measured sync of (4).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gleaner-store-internal.h"
#include "gleaner-application.h"
#ifndef BENCH_WINDOW_APP
#include "gleaner-bench-feeds.h"
#endif
#include "gleaner-bench-rss.h"
#include "gleaner-bench-util.h"
#include "gleaner-bench-window-start.h"
#include "gleaner-paper-list.h"
#include "gleaner-store-private.h"
#ifndef BENCH_WINDOW_APP
#include "gleaner-test-server.h"
#endif
#include "gleaner-window.h"

#define SYNC_DAYS      20
#define SYNC_PAGES     50
#define SYNC_PER_PAGE  100
#define SYNC_TRENDING  100
/* The trending list's papers come from the last three days; its first has 96 upvotes. */
#define TRENDING_FROM  ((SYNC_DAYS - 3) * SYNC_PAGES * SYNC_PER_PAGE)
#define TRENDING_FIRST (TRENDING_FROM + (96 + 97 - TRENDING_FROM % 97) % 97)
#define SCROLL_ROWS    10000
#define SCROLL_STEP    20

/* ------------------------------------------------------------------------------------------ */
/* (2)–(4): in-process */

static GleanerApplication *app;
static GleanerWindow      *window;
static GleanerPaperList   *list;
static gboolean            do_sync;
static gboolean            do_arxiv;   /* the sync is arXiv's five busy categories */
static guint64             n_paints;
static gint64              first_items_changed;   /* µs, 0: none since reset */
static gint64              first_paint_after;     /* µs, 0: none since reset */
static double              rss_start, rss_settled, rss_scrolled, hwm_scrolled;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  n_paints++;
  if (first_items_changed != 0 && first_paint_after == 0)
    first_paint_after = g_get_monotonic_time ();
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  if (first_items_changed == 0)
    first_items_changed = g_get_monotonic_time ();
}

static gboolean
list_idle (void)
{
  return !gleaner_paper_list_get_loading (list);
}

static void
wait_paint (void)
{
  guint64 before = n_paints;

  gtk_widget_queue_draw (GTK_WIDGET (window));
  WAIT_UNTIL (n_paints > before);
}

/* Keystroke → first frame after the first items-changed, per keystroke, in ms. */
typedef struct
{
  GArray *items;    /* to the first items-changed */
  GArray *paint;    /* to the first frame painted after it */
  GArray *done;     /* to loading = FALSE */
  guint   n_no_change;
} Latencies;

static void
latencies_init (Latencies *l)
{
  l->items = g_array_new (FALSE, FALSE, sizeof (double));
  l->paint = g_array_new (FALSE, FALSE, sizeof (double));
  l->done = g_array_new (FALSE, FALSE, sizeof (double));
  l->n_no_change = 0;
}

static void
latencies_clear (Latencies *l)
{
  g_array_unref (l->items);
  g_array_unref (l->paint);
  g_array_unref (l->done);
}

static void
clear_search (GtkEditable *entry)
{
  gtk_editable_set_text (entry, "");
  WAIT_UNTIL (gleaner_paper_list_get_search (list) == NULL ||
              *gleaner_paper_list_get_search (list) == '\0');
  WAIT_UNTIL (list_idle ());
  wait_paint ();
}

/* Types @text into the search entry and times it; prints a line when @print. */
static void
time_keystroke (GtkEditable *entry,
                const char  *text,
                Latencies   *l,
                gboolean     print)
{
  const char *old = gtk_editable_get_text (entry);
  gsize old_len = strlen (old);
  gint64 t0, done;

  first_items_changed = first_paint_after = 0;
  t0 = g_get_monotonic_time ();
  /* A key typed at the end inserts one character, as here. Setting the whole text would
   * first delete the old text, and GtkSearchEntry reports an empty entry at once: a search
   * for everything that typing never asks for. */
  if (old_len > 0 && strncmp (text, old, old_len) == 0 && strlen (text) > old_len)
    {
      int position = (int) g_utf8_strlen (old, -1);

      gtk_editable_insert_text (entry, text + old_len, -1, &position);
    }
  else
    gtk_editable_set_text (entry, text);
  WAIT_UNTIL (g_strcmp0 (gleaner_paper_list_get_search (list), text) == 0 && list_idle ());
  done = g_get_monotonic_time ();
  if (first_items_changed != 0)
    WAIT_UNTIL (first_paint_after != 0);
  else
    l->n_no_change++;

  g_array_append_val (l->done, ((double) { (done - t0) / 1000.0 }));
  if (first_items_changed != 0)
    {
      g_array_append_val (l->items, ((double) { (first_items_changed - t0) / 1000.0 }));
      g_array_append_val (l->paint, ((double) { (first_paint_after - t0) / 1000.0 }));
    }
  if (print)
    printf ("%-20.20s %8.2f %8.2f %8.2f %8u\n", text,
            first_items_changed ? (first_items_changed - t0) / 1000.0 : -1,
            first_items_changed ? (first_paint_after - t0) / 1000.0 : -1,
            (done - t0) / 1000.0, g_list_model_get_n_items (G_LIST_MODEL (list)));
}

static void
print_latencies (const char *prefix,
                 Latencies  *l)
{
  printf ("  %-32s p50 %7.2f  p95 %7.2f  max %7.2f\n", "to first items-changed",
          gleaner_bench_percentile (l->items, 50), gleaner_bench_percentile (l->items, 95),
          gleaner_bench_max_of (l->items));
  printf ("  %-32s p50 %7.2f  p95 %7.2f  max %7.2f\n", "to first frame after it",
          gleaner_bench_percentile (l->paint, 50), gleaner_bench_percentile (l->paint, 95),
          gleaner_bench_max_of (l->paint));
  printf ("  %-32s p50 %7.2f  p95 %7.2f  max %7.2f\n", "to loading=FALSE",
          gleaner_bench_percentile (l->done, 50), gleaner_bench_percentile (l->done, 95),
          gleaner_bench_max_of (l->done));
  printf ("BENCH %s_items_p50_ms=%.2f\nBENCH %s_items_p95_ms=%.2f\nBENCH %s_items_max_ms=%.2f\n",
          prefix, gleaner_bench_percentile (l->items, 50), prefix,
          gleaner_bench_percentile (l->items, 95), prefix, gleaner_bench_max_of (l->items));
  printf ("BENCH %s_paint_p50_ms=%.2f\nBENCH %s_paint_p95_ms=%.2f\nBENCH %s_paint_max_ms=%.2f\n",
          prefix, gleaner_bench_percentile (l->paint, 50), prefix,
          gleaner_bench_percentile (l->paint, 95), prefix, gleaner_bench_max_of (l->paint));
  printf ("BENCH %s_done_p50_ms=%.2f\nBENCH %s_done_p95_ms=%.2f\nBENCH %s_done_max_ms=%.2f\n",
          prefix, gleaner_bench_percentile (l->done, 50), prefix,
          gleaner_bench_percentile (l->done, 95), prefix, gleaner_bench_max_of (l->done));
}

/* The paper at @position, waiting for the list's worker if the row was not read yet. */
static GleanerPaper *
dup_read_item (guint position)
{
  GleanerPaper *paper;

  while (gleaner_paper_list_is_placeholder ((paper = g_list_model_get_item (G_LIST_MODEL (list), position))))
    {
      g_object_unref (paper);
      g_main_context_iteration (NULL, TRUE);
    }

  return paper;
}

/* The floor: the same window and list view, its model swapped to a plain GListStore whose 64
 * items are all replaced by 64 others per "keystroke" (the papers precomputed: no query, no
 * read), timed from the splice to the first frame painted after it. What GTK 4.8 does at best
 * when a search replaces what is shown. */
static void
bench_floor (guint      n_swaps,
             Latencies *floor)
{
  GtkGridView *view = gleaner_window_get_list_view (window);
  g_autoptr(GtkSelectionModel) saved = g_object_ref (gtk_grid_view_get_model (view));
  g_autoptr(GListStore) store = g_list_store_new (GLEANER_TYPE_PAPER);
  g_autoptr(GtkSingleSelection) selection = NULL;
  GPtrArray *sets[2];
  guint n = MIN (128, g_list_model_get_n_items (G_LIST_MODEL (list)));

  /* Two sets of 64 distinct papers, read now so the swaps only build rows. */
  for (guint s = 0; s < 2; s++)
    {
      sets[s] = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = s * (n / 2); i < (s + 1) * (n / 2); i++)
        g_ptr_array_add (sets[s], dup_read_item (i));
    }

  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (store)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_grid_view_set_model (view, GTK_SELECTION_MODEL (selection));
  g_list_store_splice (store, 0, 0, sets[1]->pdata, sets[1]->len);
  wait_paint ();

  for (guint k = 0; k < n_swaps; k++)
    {
      GPtrArray *set = sets[k % 2];
      gint64 t0;

      first_paint_after = 0;
      t0 = g_get_monotonic_time ();
      first_items_changed = t0;
      g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)),
                           set->pdata, set->len);
      WAIT_UNTIL (first_paint_after != 0);
      g_array_append_val (floor->paint, ((double) { (first_paint_after - t0) / 1000.0 }));
      /* As a keystroke's result, the next comes a little later. */
      wait_paint ();
    }
  first_items_changed = 0;

  gtk_grid_view_set_model (view, saved);
  wait_paint ();
  g_ptr_array_unref (sets[0]);
  g_ptr_array_unref (sets[1]);
}

static void
print_ratio (const char *what,
             GArray     *ours,
             GArray     *floor)
{
  double p50 = gleaner_bench_percentile (ours, 50), f50 = gleaner_bench_percentile (floor, 50);
  double p95 = gleaner_bench_percentile (ours, 95), f95 = gleaner_bench_percentile (floor, 95);
  double mx = gleaner_bench_max_of (ours), fmx = gleaner_bench_max_of (floor);

  printf ("  %-22s p50 %7.2f / %6.2f = %5.2f×   p95 %7.2f / %6.2f = %5.2f×   max %7.2f / %6.2f = %5.2f×\n",
          what, p50, f50, p50 / f50, p95, f95, p95 / f95, mx, fmx, mx / fmx);
}

static void
bench_keystrokes (void)
{
  static const char * const words[] = { "parameter space", "diffusion models" };
  /* Matching nothing, everything, and only hostile text (FTS5 syntax, a huge query). */
  g_autofree char *huge = g_strnfill (10000, 'a');
  const char * const hostile[] = { "\"", "*", "NEAR(", "zzqxj", "a", "\"*NEAR(\"", huge };
  GtkEditable *entry = gleaner_window_get_search_entry (window);
  Latencies typed, bad, floor;

  latencies_init (&typed);
  latencies_init (&bad);
  latencies_init (&floor);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  wait_paint ();

  printf ("\n%-20s %8s %8s %8s %8s\n", "text", "items", "painted", "done", "n_items");
  for (guint rep = 0; rep < 3; rep++)
    for (guint w = 0; w < G_N_ELEMENTS (words); w++)
      {
        clear_search (entry);
        for (gsize len = 1; len <= strlen (words[w]); len++)
          {
            g_autofree char *text = g_strndup (words[w], len);

            time_keystroke (entry, text, &typed, rep == 0);
          }
      }

  printf ("\nhostile and extreme queries:\n");
  for (guint rep = 0; rep < 3; rep++)
    for (guint h = 0; h < G_N_ELEMENTS (hostile); h++)
      {
        clear_search (entry);
        time_keystroke (entry, hostile[h], &bad, rep == 0);
      }

  clear_search (entry);
  bench_floor (typed.paint->len, &floor);

  printf ("\nkeystrokes: %u (%u without a change to the list), ms:\n", typed.done->len,
          typed.n_no_change);
  print_latencies ("key", &typed);
  printf ("hostile queries: %u (%u without a change to the list), ms:\n", bad.done->len,
          bad.n_no_change);
  print_latencies ("hostile", &bad);
  printf ("floor (the same list view, 64 precomputed papers of a GListStore replaced), %u swaps, "
          "splice to first frame, ms:\n  %-32s p50 %7.2f  p95 %7.2f  max %7.2f\n",
          floor.paint->len, "to first frame after it", gleaner_bench_percentile (floor.paint, 50),
          gleaner_bench_percentile (floor.paint, 95), gleaner_bench_max_of (floor.paint));
  printf ("BENCH floor_paint_p50_ms=%.2f\nBENCH floor_paint_p95_ms=%.2f\nBENCH floor_paint_max_ms=%.2f\n",
          gleaner_bench_percentile (floor.paint, 50), gleaner_bench_percentile (floor.paint, 95),
          gleaner_bench_max_of (floor.paint));
  printf ("keystroke to first frame showing the new results, ours / floor:\n");
  print_ratio ("typing", typed.paint, floor.paint);
  print_ratio ("hostile queries", bad.paint, floor.paint);

  latencies_clear (&typed);
  latencies_clear (&bad);
  latencies_clear (&floor);

  /* Back to the whole list. */
  clear_search (entry);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL) || TRUE);
  wait_paint ();
}

static void
bench_scroll (void)
{
  GtkWidget *view = GTK_WIDGET (gleaner_window_get_list_view (window));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  guint last = MIN (SCROLL_ROWS, n > 0 ? n - 1 : 0);
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (double));
  double t0 = gleaner_bench_now_ms ();

  for (guint pos = 0; pos <= last; pos += SCROLL_STEP)
    {
      guint64 before = n_paints;
      double s = gleaner_bench_now_ms ();

      gtk_widget_activate_action (view, "list.scroll-to-item", "u", pos);
      WAIT_UNTIL (n_paints > before);
      g_array_append_val (steps, ((double) { gleaner_bench_now_ms () - s }));
    }
  rss_scrolled = gleaner_bench_rss_mb ("VmRSS:");
  hwm_scrolled = gleaner_bench_rss_mb ("VmHWM:");
  printf ("\nscrolled to row %u in %u steps, %.1f s; step ms p50 %.2f p95 %.2f max %.2f\n",
          last, steps->len, (gleaner_bench_now_ms () - t0) / 1000, gleaner_bench_percentile (steps, 50),
          gleaner_bench_percentile (steps, 95), gleaner_bench_max_of (steps));
  printf ("BENCH scroll_step_p95_ms=%.2f\nBENCH scroll_step_max_ms=%.2f\n",
          gleaner_bench_percentile (steps, 95), gleaner_bench_max_of (steps));
}

/* (4) */

#ifndef BENCH_WINDOW_APP
static gint64   last_tick_us;
static double   max_tick_gap_ms;
#endif
static gint64   last_timeout_us;
static double   max_timeout_gap_ms;
static guint    n_timeout_gaps_over_16;
static gboolean measuring;
static GArray  *stall_log;   /* doubles: times (ms since sync start) of gaps > 16 ms */
static double   sync_t0;
#ifndef BENCH_WINDOW_APP
static GleanerTestServer *sync_server;
#endif

#ifndef BENCH_WINDOW_APP
static gboolean
stall_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  gint64 now = g_get_monotonic_time ();

  if (measuring && last_tick_us != 0)
    max_tick_gap_ms = MAX (max_tick_gap_ms, (now - last_tick_us) / 1000.0);
  last_tick_us = now;
  return G_SOURCE_CONTINUE;
}

#endif

static gboolean
stall_timeout_cb (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();

  if (measuring && last_timeout_us != 0)
    {
      double gap = (now - last_timeout_us) / 1000.0 - 1.0;

      max_timeout_gap_ms = MAX (max_timeout_gap_ms, gap);
      if (gap > 16)
        {
          n_timeout_gaps_over_16++;
          if (stall_log->len < 4000)
            {
              g_array_append_val (stall_log, ((double) { now / 1000.0 - gap - sync_t0 }));
              g_array_append_val (stall_log, gap);
            }
        }
    }
  last_timeout_us = now;
  return G_SOURCE_CONTINUE;
}

/* Mark All as Read of the whole list, then its Undo: the time until the list's unread count
 * shows it, and the longest main-loop stall meanwhile (the marks are announced to every list,
 * pane and window). The Undo leaves a kept database as it was. */
static double
time_marks (const char *action,
            gint64      unread_after,
            double     *stall_ms)
{
  guint timeout_id = g_timeout_add (1, stall_timeout_cb, NULL);
  double t0;

  wait_paint ();
  max_timeout_gap_ms = 0;
  n_timeout_gaps_over_16 = 0;
  last_timeout_us = g_get_monotonic_time ();
  measuring = TRUE;
  t0 = sync_t0 = gleaner_bench_now_ms ();
  g_array_set_size (stall_log, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), action, NULL);
  WAIT_UNTIL (gleaner_window_get_unread_count (window) == unread_after);
  wait_paint ();
  measuring = FALSE;
  g_source_remove (timeout_id);
  *stall_ms = max_timeout_gap_ms;
  for (guint i = 0; i + 1 < stall_log->len; i += 2)
    printf ("  %s: main loop stalled %.1f ms at %.0f ms\n", action,
            g_array_index (stall_log, double, i + 1), g_array_index (stall_log, double, i));

  return gleaner_bench_now_ms () - t0;
}

static void
bench_mark_all (void)
{
  gint64 unread;
  double t_mark, t_undo, stall_mark, stall_undo;

  WAIT_UNTIL (gleaner_window_get_unread_count (window) > 0);
  unread = gleaner_window_get_unread_count (window);
  stall_log = g_array_new (FALSE, FALSE, sizeof (double));
  t_mark = time_marks ("win.mark-all-read", 0, &stall_mark);
  t_undo = time_marks ("win.undo-mark-all-read", unread, &stall_undo);
  g_clear_pointer (&stall_log, g_array_unref);

  printf ("Mark All as Read of %" G_GINT64_FORMAT " papers: %.0f ms, longest main-loop stall %.1f ms;"
          " its Undo: %.0f ms, longest stall %.1f ms\n", unread, t_mark, stall_mark, t_undo,
          stall_undo);
  printf ("BENCH mark_all_ms=%.0f\nBENCH mark_all_stall_ms=%.1f\n"
          "BENCH undo_mark_all_ms=%.0f\nBENCH undo_mark_all_stall_ms=%.1f\n",
          t_mark, stall_mark, t_undo, stall_undo);
}

#ifndef BENCH_WINDOW_APP
static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GleanerSyncResult) r = gleaner_sync_run_finish (GLEANER_SYNC (object), result, &error);

  if (r == NULL)
    g_error ("sync: %s", error->message);
  printf ("sync: added %u, updated %u, skipped %u\n", r->added, r->updated, r->skipped);
  *(gboolean *)user_data = TRUE;
}

static void
bench_sync (void)
{
  GleanerSync *sync = gleaner_application_get_sync (app);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2025, 3, 21, 17, 0, 0);
  gboolean done = FALSE;
  guint timeout_id, tick_id;
  double t_sync, t_settle;
  guint n_before = g_list_model_get_n_items (G_LIST_MODEL (list));

  stall_log = g_array_new (FALSE, FALSE, sizeof (double));
  gleaner_sync_set_now (sync, now);
  timeout_id = g_timeout_add (1, stall_timeout_cb, NULL);
  tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (window), stall_tick_cb, NULL, NULL);
  wait_paint ();
  wait_paint ();

  /* Gaps count from the start of the sync, not from the last tick before it (a frame painted
   * just before would otherwise count as a stall of the sync). */
  last_timeout_us = last_tick_us = g_get_monotonic_time ();
  measuring = TRUE;
  sync_t0 = gleaner_bench_now_ms ();
  gleaner_sync_run_async (sync, NULL, sync_done_cb, &done);
  WAIT_UNTIL (done);
  t_sync = gleaner_bench_now_ms () - sync_t0;
  /* The list's last re-query after the last batch. */
  gleaner_store_flush (gleaner_application_get_store (app));
  WAIT_UNTIL (list_idle ());
  wait_paint ();
  t_settle = gleaner_bench_now_ms () - sync_t0;
  measuring = FALSE;

  g_source_remove (timeout_id);
  gtk_widget_remove_tick_callback (GTK_WIDGET (window), tick_id);

  if (do_arxiv)
    printf ("arXiv: %u requests, 3 s apart\n", gleaner_test_server_get_n_requests (sync_server));
  else
  {
    g_autoptr(GPtrArray) requests = gleaner_test_server_dup_requests (sync_server);
    guint n_trending = 0;
    char top[16];

    for (guint i = 0; i < requests->len; i++)
      {
        GleanerTestRequest *request = g_ptr_array_index (requests, i);

        if (request->query != NULL && strstr (request->query, "sort=trending") != NULL)
          n_trending++;
      }
    g_snprintf (top, sizeof top, "2503.%05u", TRENDING_FIRST);
    if (n_trending != 1 ||
        gleaner_store_get_trending_rank (gleaner_application_get_store (app), top, NULL) != 0)
      g_error ("sync: the trending list was not fetched and stored (%u requests)", n_trending);
    printf ("%u requests (1 trending list, stored)\n", requests->len);
  }
  printf ("sync of %s: %.1f s (list settled at %.1f s); list %u → %u items\n",
          do_arxiv ? "arXiv's five busy categories" : "1,000 pages", t_sync / 1000,
          t_settle / 1000, n_before,
          g_list_model_get_n_items (G_LIST_MODEL (list)));
  printf ("longest main-loop stall: 1 ms timeout gap − 1 ms = %.2f ms (%u gaps > 16 ms); "
          "longest frame-clock tick gap = %.2f ms\n",
          max_timeout_gap_ms, n_timeout_gaps_over_16, max_tick_gap_ms);
  if (stall_log->len > 0)
    {
      printf ("first stalls > 16 ms (at ms since start: gap ms):");
      for (guint i = 0; i < stall_log->len && i < 40; i += 2)
        printf (" %.0f:%.1f", g_array_index (stall_log, double, i), g_array_index (stall_log, double, i + 1));
      printf ("\n");
    }
  printf ("BENCH sync_s=%.2f\nBENCH sync_stall_max_ms=%.2f\nBENCH sync_stalls_over_16ms=%u\n"
          "BENCH sync_tick_gap_max_ms=%.2f\n",
          t_sync / 1000, max_timeout_gap_ms, n_timeout_gaps_over_16, max_tick_gap_ms);
  g_array_unref (stall_log);
}

/* Where the RSS after start is, by kind, next to the empty window's (its largest run). */
#endif

static void
print_rss_map (void)
{
  GleanerBenchRss ours, floor, list_floor;
  gboolean have_floor = gleaner_bench_rss_parse (g_getenv ("GLEANER_BENCH_FLOOR_RSS_MAP"), &floor);
  gboolean have_list = gleaner_bench_rss_parse (g_getenv ("GLEANER_BENCH_LIST_FLOOR_RSS_MAP"), &list_floor);

  if (!gleaner_bench_rss_read (&ours))
    return;

  printf ("RSS after start by kind, MB: ours%s%s\n", have_floor ? " / empty window (difference)" : "",
          have_list ? " / list window (difference)" : "");
  for (guint k = 0; k < GLEANER_BENCH_RSS_N_KINDS; k++)
    {
      const char *name = gleaner_bench_rss_kind_name (k);

      printf ("  %-58s %6.1f", name, ours.mb[k]);
      if (have_floor)
        printf (" / %5.1f (%+.1f)", floor.mb[k], ours.mb[k] - floor.mb[k]);
      if (have_list)
        printf (" / %5.1f (%+.1f)", list_floor.mb[k], ours.mb[k] - list_floor.mb[k]);
      printf ("\n");
    }
  {
    g_autofree char *text = gleaner_bench_rss_format (&ours);

    printf ("BENCH rss_map %s\n", text);
  }
}

static void
inproc_activated_cb (GApplication *application,
                     gpointer      user_data)
{
  GdkFrameClock *clock;

  /* The window comes once the store has opened on its thread. */
  WAIT_UNTIL (GLEANER_IS_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app))));
  window = GLEANER_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  list = GLEANER_PAPER_LIST (gleaner_window_get_list_model (window));
  g_assert_nonnull (list);
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), NULL);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  WAIT_UNTIL (list_idle ());
  wait_paint ();
  wait_paint ();
  printf ("list: %u items\n", g_list_model_get_n_items (G_LIST_MODEL (list)));

  if (do_sync)
    {
#ifndef BENCH_WINDOW_APP
      bench_sync ();
#endif
    }
  else
    {
      const char *floor_rss = g_getenv ("GLEANER_BENCH_FLOOR_RSS_MB");

      rss_start = gleaner_bench_rss_mb ("VmRSS:");
      printf ("RSS after start: %.1f MB\nBENCH rss_start_mb=%.1f\n", rss_start, rss_start);
      if (floor_rss != NULL)
        printf ("RSS after start, ours / empty window: %.1f / %s MB = %.2f×\nBENCH rss_ratio=%.2f\n",
                rss_start, floor_rss, rss_start / g_ascii_strtod (floor_rss, NULL),
                rss_start / g_ascii_strtod (floor_rss, NULL));
      {
        const char *list_rss = g_getenv ("GLEANER_BENCH_LIST_FLOOR_RSS_MB");

        if (list_rss != NULL)
          printf ("RSS after start, ours / list window: %.1f / %s MB = %.2f×\nBENCH rss_list_ratio=%.2f\n",
                  rss_start, list_rss, rss_start / g_ascii_strtod (list_rss, NULL),
                  rss_start / g_ascii_strtod (list_rss, NULL));
      }
      print_rss_map ();
      /* The store hands back what its start-up scans freed once it has been quiet for a
       * second (gleaner-store-schema.c): the RSS the window then keeps. */
      WAIT_UNTIL (!_gleaner_store_get_trim_pending ());
      rss_settled = gleaner_bench_rss_mb ("VmRSS:");
      printf ("RSS once the store was quiet for a second: %.1f MB\nBENCH rss_settled_mb=%.1f\n",
              rss_settled, rss_settled);
      if (floor_rss != NULL)
        printf ("RSS settled, ours / empty window: %.1f / %s MB = %.2f×\nBENCH rss_settled_ratio=%.2f\n",
                rss_settled, floor_rss, rss_settled / g_ascii_strtod (floor_rss, NULL),
                rss_settled / g_ascii_strtod (floor_rss, NULL));
      bench_keystrokes ();
      bench_scroll ();
      bench_mark_all ();
      printf ("RSS after scrolling %u rows: %.1f MB (peak %.1f MB)\n"
              "BENCH rss_scrolled_mb=%.1f\nBENCH rss_peak_mb=%.1f\n",
              SCROLL_ROWS, rss_scrolled, hwm_scrolled, rss_scrolled, hwm_scrolled);
    }
  fflush (stdout);
  /* Leave without the close handlers (settings are in memory anyway). */
  _exit (0);
}

#ifndef BENCH_WINDOW_APP
/* Synthetic paper @n (0 … 99,999) of the sync, listed on @day (0 … SYNC_DAYS - 1). */
static void
append_sync_entry (GString *s,
                   guint    day,
                   guint    n)
{
  g_string_append_printf (s,
    "{\"paper\":{\"id\":\"2503.%05u\",\"authors\":[{\"name\":\"Ada Abara\",\"hidden\":false},"
    "{\"name\":\"Bo Chen\",\"hidden\":false}],"
    "\"publishedAt\":\"2025-03-%02uT00:00:00.000Z\",\"submittedOnDailyAt\":\"2025-03-%02uT00:00:00.000Z\","
    "\"title\":\"Synthetic diffusion models in parameter space, part %u\","
    "\"summary\":\"We study synthetic paper number %u. Diffusion models learn a parameter space "
    "in which generative sampling is efficient; we report experiments on many benchmarks, "
    "ablations of every component, and release code. Our method improves quality and speed "
    "over strong baselines across image, audio and text domains while keeping memory small. "
    "We also analyse failure cases and discuss limitations and future directions for this work.\","
    "\"upvotes\":%u,\"discussionId\":\"65%022u\"},"
    "\"publishedAt\":\"2025-03-%02uT00:00:00.000Z\",\"title\":\"Synthetic diffusion models in parameter space, part %u\","
    "\"numComments\":%u}",
    n, day + 2, day + 2, n, n, n % 97, n, day + 2, n, n % 7);
}

static GBytes *
sync_page (guint day,
           guint p)
{
  GString *s = g_string_sized_new (SYNC_PER_PAGE * 1200);

  g_string_append_c (s, '[');
  for (guint i = 0; i < SYNC_PER_PAGE; i++)
    {
      if (i > 0)
        g_string_append_c (s, ',');
      append_sync_entry (s, day, (day * SYNC_PAGES + p) * SYNC_PER_PAGE + i);
    }
  g_string_append_c (s, ']');
  return g_string_free_to_bytes (s);
}

/* ?sort=trending: SYNC_TRENDING papers of the last three days, most upvoted (n % 97) first, as
 * the real list leans to recent, popular papers. All are in the daily pages too, so the run
 * stores the ranking without storing them twice. */
static GBytes *
trending_page (void)
{
  GString *s = g_string_sized_new (SYNC_TRENDING * 1200);
  guint listed = 0;

  g_string_append_c (s, '[');
  for (guint upvotes = 96; upvotes > 0 && listed < SYNC_TRENDING; upvotes--)
    for (guint n = TRENDING_FROM + (upvotes + 97 - TRENDING_FROM % 97) % 97;
         n < SYNC_DAYS * SYNC_PAGES * SYNC_PER_PAGE && listed < SYNC_TRENDING;
         n += 97 * 13)
      {
        if (listed++ > 0)
          g_string_append_c (s, ',');
        append_sync_entry (s, n / (SYNC_PAGES * SYNC_PER_PAGE), n);
      }
  g_string_append_c (s, ']');
  return g_string_free_to_bytes (s);
}

static GleanerTestServer *
start_sync_server (void)
{
  GleanerTestServer *server = gleaner_test_server_new ();

  for (guint d = 0; d < SYNC_DAYS; d++)
    for (guint p = 0; p < SYNC_PAGES; p++)
      {
        g_autofree char *query = g_strdup_printf ("date=2025-03-%02u&p=%u", d + 2, p);
        g_autoptr(GBytes) body = sync_page (d, p);
        GleanerTestResponse *r = gleaner_test_server_add (server, "/api/daily_papers", query, 200);

        gleaner_test_response_set_body_bytes (r, "application/json", body);
        if (p + 1 < SYNC_PAGES)
          {
            g_autofree char *link = g_strdup_printf ("</api/daily_papers?date=2025-03-%02u&p=%u>; rel=\"next\"",
                                                     d + 2, p + 1);
            gleaner_test_response_set_header (r, "Link", link);
          }
      }

  /* Every run also fetches the trending list; a failure there fails the run. */
  {
    g_autoptr(GBytes) body = trending_page ();
    GleanerTestResponse *r = gleaner_test_server_add (server, "/api/daily_papers",
                                                      "sort=trending", 200);

    gleaner_test_response_set_body_bytes (r, "application/json", body);
  }
  /* And Hugging Face's search for each saved search that asks it: none here, but answer
   * one that appears rather than fail the run. */
  gleaner_test_response_set_body (gleaner_test_server_add (server, "/api/papers/search", NULL, 200),
                                  "application/json", "[]", -1);
  return server;
}

/* arXiv's feeds for the five busy categories, as the source will ask for them: the first
 * batch of four (over the cap), its halves, the fifth; and the backfill page. */
static GleanerTestServer *
start_arxiv_server (void)
{
  static const char * const paths[] = {
    "/atom/cs.LG+cs.CV+cs.AI+cs.CL", "/atom/cs.LG+cs.CV", "/atom/cs.AI+cs.CL", "/atom/stat.ML",
  };
  GleanerTestServer *server = gleaner_test_server_new ();
  g_autoptr(GBytes) page = gleaner_bench_arxiv_api_page ();

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GBytes) body = gleaner_bench_arxiv_listing (paths[i]);

      gleaner_test_response_set_body_bytes (gleaner_test_server_add (server, paths[i], NULL, 200),
                                            "application/atom+xml", body);
    }
  gleaner_test_response_set_body_bytes (gleaner_test_server_add (server, "/api/query", NULL, 200),
                                        "application/atom+xml", page);
  return server;
}

#endif

static int
run_inproc (void)
{
#ifndef BENCH_WINDOW_APP
  GleanerTestServer *server = NULL;

  if (do_arxiv)
    {
      g_autofree char *api = NULL;
      g_auto(GStrv) categories = gleaner_bench_arxiv_categories ();
      GSettings *settings;

      server = sync_server = start_arxiv_server ();
      api = g_strconcat (gleaner_test_server_get_url (server), "/api/query", NULL);
      g_setenv ("GLEANER_ARXIV_RSS_URL", gleaner_test_server_get_url (server), TRUE);
      g_setenv ("GLEANER_ARXIV_API_URL", api, TRUE);
      app = gleaner_application_new ();
      /* arXiv alone: Hugging Face's lists off (its saved searches: none). */
      settings = gleaner_application_get_settings (app);
      g_settings_set_boolean (settings, "hf-daily", FALSE);
      g_settings_set_boolean (settings, "hf-trending", FALSE);
      g_settings_set_strv (settings, "arxiv-categories", (const char * const *)categories);
      gleaner_bench_window_disable_auto_sync (app);
      g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
      g_signal_connect_after (app, "activate", G_CALLBACK (inproc_activated_cb), NULL);
      return g_application_run (G_APPLICATION (app), 0, NULL);
    }

  if (do_sync)
    {
      server = sync_server = start_sync_server ();
      g_setenv ("GLEANER_HF_BASE_URL", gleaner_test_server_get_url (server), TRUE);
    }
#endif
  app = gleaner_application_new ();
  gleaner_bench_window_disable_auto_sync (app);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (inproc_activated_cb), NULL);
  return g_application_run (G_APPLICATION (app), 0, NULL);
}

/* ------------------------------------------------------------------------------------------ */
/* The parent */

int
main (int   argc,
      char *argv[])
{
  guint n_papers = 10000;
  guint runs = 5;
  gboolean sync = FALSE, keep = FALSE, child = FALSE, inproc = FALSE, arxiv = FALSE;
  gboolean start_only = FALSE;
  g_autofree char *dir = NULL;
  g_autofree char *self_exe = NULL;
  g_autofree char *floor_exe = NULL;
  /* The window's start, typing and memory are measured in a process built as the
   * application is (the network half a module it loads on first use, gleaner-net.h); the
   * syncs, which serve their pages from this one, here. */
  g_autofree char *app_exe = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "papers", 0, 0, G_OPTION_ARG_INT, &n_papers, "Papers stored (default 10000)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Start-up runs of each (default 5)", "R" },
    { "sync", 0, 0, G_OPTION_ARG_NONE, &sync, "Also measure stalls during a 100k sync", NULL },
    { "arxiv", 0, 0, G_OPTION_ARG_NONE, &arxiv, "Also measure stalls during a first arXiv sync of five busy categories", NULL },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "XDG_DATA_HOME to use (reused if it has a DB)", "DIR" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the temporary directory", NULL },
    { "start-only", 0, 0, G_OPTION_ARG_NONE, &start_only, "Measure start-up and RSS at start only", NULL },
    { "child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &child, NULL, NULL },
    { "inproc", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &inproc, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— Gleaner window benchmark");

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (child)
    return gleaner_bench_window_run_child ();
  if (inproc)
    {
      do_sync = sync || arxiv;
      do_arxiv = arxiv;
      return run_inproc ();
    }
#ifdef BENCH_WINDOW_APP
  g_printerr ("Run gleaner-bench-window; this is its application process\n");
  return 2;
}
#else

  if (dir == NULL)
    dir = g_dir_make_tmp ("gleaner-bench-window-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* Never the real server; --sync sets its own. */
  g_setenv ("GLEANER_HF_BASE_URL", "http://127.0.0.1:9", TRUE);
  gleaner_bench_prepare_db (dir, n_papers);
  {
    g_autofree char *db_path = g_build_filename (dir, "gleaner", "gleaner.db", NULL);

    gleaner_bench_tidy_index (db_path);
  }
  fflush (stdout);

  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  {
    g_autofree char *bindir = g_path_get_dirname (self_exe);
    floor_exe = g_build_filename (bindir, "gleaner-bench-window-floor", NULL);
    app_exe = g_build_filename (bindir, "gleaner-bench-window-app", NULL);
  }

  /* (1) */
  gleaner_bench_window_measure_start (app_exe, floor_exe, runs, n_papers);

  /* (2), (3) and (4) in fresh processes. */
  if (start_only)
    sync = arxiv = FALSE;
  else
  {
    const char *args[] = { app_exe, "--inproc", NULL };
    int status;

    if (!g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL,
                       NULL, NULL, &status, &error))
      g_error ("spawn: %s", error->message);
    if (!g_spawn_check_wait_status (status, &error))
      g_error ("in-process run: %s", error->message);
  }
  if (sync)
    {
      const char *args[] = { self_exe, "--inproc", "--sync", NULL };
      int status;

      printf ("\n");
      fflush (stdout);
      if (!g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL,
                         NULL, NULL, &status, &error))
        g_error ("spawn: %s", error->message);
      if (!g_spawn_check_wait_status (status, &error))
        g_error ("sync run: %s", error->message);
    }

  if (arxiv)
    {
      const char *args[] = { self_exe, "--inproc", "--arxiv", NULL };
      int status;

      printf ("\n");
      fflush (stdout);
      if (!g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL,
                         NULL, NULL, &status, &error))
        g_error ("spawn: %s", error->message);
      if (!g_spawn_check_wait_status (status, &error))
        g_error ("arXiv sync run: %s", error->message);
    }

  if (!keep)
    {
      g_autofree char *db = g_build_filename (dir, "gleaner", "gleaner.db", NULL);
      g_autofree char *sub = g_build_filename (dir, "gleaner", NULL);
      g_autofree char *wal = g_strconcat (db, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db, "-shm", NULL);

      g_unlink (db);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (sub);
      g_rmdir (dir);
    }
  else
    printf ("kept %s\n", dir);
  return 0;
}
#endif
