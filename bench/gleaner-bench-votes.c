/* gleaner-bench-votes.c — a re-sync that changes only votes, and searches in vote order
 * before and after it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   build-release/bench/gleaner-bench-votes --dir DIR [--moved 10000]
 *
 * DIR holds a gleaner.db of stored papers (a window benchmark's kept database, say: it is
 * changed, so use a copy). The papers' votes are changed for --moved of them, spread over
 * the store, written as a sync writes (100 papers a write, at most 4 writes in flight), and
 * the write rate is printed (wall clock and CPU of the whole process), with the index's
 * segments before and after. A vote-only change used to take each paper's text out of the
 * full-text index and put it back under its new key; since schema 11 the entry stays.
 *
 * Around the re-sync, searches in vote order (upvotes and trending, all papers) are timed
 * through the list's own query on a connection of their own: first page and complete list,
 * the best of three runs per query, p50/p95/max over the queries.
 */

#include "config.h"

#include <sqlite3.h>
#include <sys/resource.h>

#include "gleaner-bench-util.h"
#include "gleaner-store-private.h"

#define WRITE_PAPERS 100
#define MAX_IN_FLIGHT 4
#define RUNS 3

static const char * const queries[] = {
  "p", "pa", "par", "param", "parameter", "parameter s", "parameter space",
  "d", "di", "diffusion", "diffusion m", "diffusion models",
  "l", "lo", "rein", "graph neural", "zzzq",
};

static double
cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

static gint64
query_int (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

typedef struct
{
  double first_ms;
  double complete_ms;
  double t0;
} Timing;

static void
first_page_cb (const gint64 *ids,
               guint         n_ids,
               gpointer      user_data)
{
  Timing *t = user_data;

  t->first_ms = gleaner_bench_now_ms () - t->t0;
}

static void
time_searches (GleanerStore *store,
               const char   *label)
{
  static const GleanerSort sorts[] = { GLEANER_SORT_UPVOTES, GLEANER_SORT_TRENDING };
  static const char * const names[] = { "upvotes", "trending" };
  g_autoptr(GError) error = NULL;
  sqlite3 *db = _gleaner_store_open_reader (store, &error);

  if (db == NULL)
    g_error ("%s", error->message);

  for (guint s = 0; s < G_N_ELEMENTS (sorts); s++)
    {
      g_autoptr(GArray) first = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) complete = g_array_new (FALSE, FALSE, sizeof (double));

      for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
        {
          double best_first = G_MAXDOUBLE, best_complete = G_MAXDOUBLE;

          for (guint run = 0; run < RUNS; run++)
            {
              g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
              Timing t = { 0, 0, gleaner_bench_now_ms () };

              if (!_gleaner_store_query_ids (db, GLEANER_FILTER_ALL, sorts[s], queries[q], ids,
                                             first_page_cb, &t, NULL, &error))
                g_error ("%s", error->message);
              t.complete_ms = gleaner_bench_now_ms () - t.t0;
              if (ids->len < GLEANER_STORE_FIRST_PAGE)
                t.first_ms = t.complete_ms;
              best_first = MIN (best_first, t.first_ms);
              best_complete = MIN (best_complete, t.complete_ms);
            }
          g_array_append_val (first, best_first);
          g_array_append_val (complete, best_complete);
        }

      g_print ("  %-22s %-9s first page p50/p95/max %6.2f / %6.2f / %6.2f ms"
               "   complete %7.2f / %7.2f / %7.2f ms\n",
               label, names[s], gleaner_bench_percentile (first, 50),
               gleaner_bench_percentile (first, 95), gleaner_bench_max_of (first),
               gleaner_bench_percentile (complete, 50), gleaner_bench_percentile (complete, 95),
               gleaner_bench_max_of (complete));
    }

  sqlite3_close (db);
}

typedef struct
{
  guint in_flight;
} Ctx;

static void
upsert_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Ctx *ctx = user_data;
  g_autoptr(GleanerUpsertResult) res = NULL;
  g_autoptr(GError) error = NULL;

  if (!(res = gleaner_store_upsert_finish (GLEANER_STORE (object), result, &error)))
    g_error ("%s", error->message);
  ctx->in_flight--;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GleanerStore) store = NULL;
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 n_moved = 10000, max_id, segments_before, segments_after;
  double wall, cpu;
  Ctx ctx = { 0 };
  GOptionEntry entries[] = {
    { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &dir, "Directory of gleaner.db (changed: a copy)",
      "DIR" },
    { "moved", 'm', 0, G_OPTION_ARG_INT64, &n_moved, "Papers whose votes change (10000)", "N" },
    { NULL }
  };

  context = g_option_context_new ("— vote-only re-sync benchmark for Gleaner");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || dir == NULL || n_moved < 1)
    {
      g_printerr ("gleaner-bench-votes: %s\n", error ? error->message : "--dir DIR needed");
      return 2;
    }

  path = g_build_filename (dir, "gleaner.db", NULL);
  if (!(store = gleaner_store_new (path, &error)))
    {
      g_printerr ("gleaner-bench-votes: %s\n", error->message);
      return 1;
    }
  _gleaner_store_set_tidy_quiet_ms (store, G_MAXUINT);
  _gleaner_store_tidy_index (store);

  max_id = query_int (path, "SELECT max (id) FROM papers");
  g_print ("%" G_GINT64_FORMAT " papers, schema %d; %" G_GINT64_FORMAT " change votes\n",
           gleaner_store_count_papers (store, NULL), gleaner_store_get_schema_version (store),
           n_moved);

  time_searches (store, "before the re-sync");

  /* Papers spread over the store, each with a few more votes, as a day's re-sync brings. */
  for (gint64 i = 0; i < n_moved; i++)
    {
      gint64 rowid = 1 + i * max_id / n_moved;
      GleanerPaper *paper = _gleaner_store_load_rowid (store, rowid, &error);

      if (paper == NULL)
        {
          g_clear_error (&error);
          continue;
        }
      gleaner_paper_set_upvotes (paper, gleaner_paper_get_upvotes (paper) + 1 + i % 50);
      g_ptr_array_add (papers, paper);
    }

  segments_before = query_int (path, "SELECT count (DISTINCT segid) FROM papers_fts_idx");
  wall = gleaner_bench_now_ms ();
  cpu = cpu_ms ();
  for (guint i = 0; i < papers->len; i += WRITE_PAPERS)
    {
      g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint j = i; j < MIN (papers->len, i + WRITE_PAPERS); j++)
        g_ptr_array_add (page, g_object_ref (g_ptr_array_index (papers, j)));

      while (ctx.in_flight >= MAX_IN_FLIGHT)
        g_main_context_iteration (NULL, TRUE);
      ctx.in_flight++;
      gleaner_store_upsert_async (store, page, NULL, upsert_cb, &ctx);
    }
  while (ctx.in_flight > 0)
    g_main_context_iteration (NULL, TRUE);
  wall = gleaner_bench_now_ms () - wall;
  cpu = cpu_ms () - cpu;
  segments_after = query_int (path, "SELECT count (DISTINCT segid) FROM papers_fts_idx");

  g_print ("Vote-only re-sync of %u papers (%d a write, <= %d in flight)\n"
           "  %.0f papers/s wall (%.0f ms), %.0f papers per CPU second (%.0f ms)\n"
           "  index segments %" G_GINT64_FORMAT " -> %" G_GINT64_FORMAT
           ", papers whose entry stayed (fts_moved) %" G_GINT64_FORMAT "\n",
           papers->len, WRITE_PAPERS, MAX_IN_FLIGHT, papers->len / (wall / 1000), wall,
           papers->len / (cpu / 1000), cpu, segments_before, segments_after,
           query_int (path, "SELECT count(*) FROM fts_moved"));
  g_print ("BENCH votes_resync_papers_per_s=%.0f\nBENCH votes_resync_papers_per_cpu_s=%.0f\n",
           papers->len / (wall / 1000), papers->len / (cpu / 1000));

  /* The app tidies once quiet; time the searches on that index. */
  _gleaner_store_tidy_index (store);
  time_searches (store, "after (index tidied)");

  return 0;
}
