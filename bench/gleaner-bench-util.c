/* gleaner-bench-util.c — what the window benchmarks share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#ifndef BENCH_WINDOW_APP
#include <json-glib/json-glib.h>
#endif
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "gleaner-bench-util.h"
#include "gleaner-store-private.h"

/* ------------------------------------------------------------------------------------------ */
/* Small helpers */

double
gleaner_bench_now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Sorts @a in place. */
double
gleaner_bench_percentile (GArray *a,
            double  p)
{
  guint i;

  if (a->len == 0)
    return -1;
  g_array_sort (a, cmp_double);
  i = (guint) (p / 100.0 * (a->len - 1) + 0.5);
  return g_array_index (a, double, MIN (i, a->len - 1));
}

double
gleaner_bench_max_of (GArray *a)
{
  double m = -1;
  for (guint i = 0; i < a->len; i++)
    m = MAX (m, g_array_index (a, double, i));
  return m;
}

double
gleaner_bench_rss_mb (const char *field)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (p = strstr (status, field)) == NULL)
    return -1;
  return g_ascii_strtod (p + strlen (field) + 1, NULL) / 1024.0;
}


/* ------------------------------------------------------------------------------------------ */
/* The database: bare INSERTs into a migrated file; the triggers fill the FTS index. Not in
 * the window benchmark's application process, which links no json-glib (gleaner-net.h). */

#ifndef BENCH_WINDOW_APP

static GPtrArray *
load_titles (GPtrArray *words)
{
  GPtrArray *titles = g_ptr_array_new_with_free_func (g_free);

  for (guint f = 0; f <= 2; f++)
    {
      g_autofree char *name = g_strdup_printf ("daily-papers-p%u.json", f);
      g_autofree char *path = g_build_filename (BENCH_FIXTURES_DIR, name, NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonArray *array;

      if (!json_parser_load_from_file (parser, path, &error))
        g_error ("%s: %s", path, error->message);
      array = json_node_get_array (json_parser_get_root (parser));
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *paper = json_object_get_object_member (json_array_get_object_element (array, i), "paper");
          const char *summary = json_object_get_string_member_with_default (paper, "summary", "");
          g_auto(GStrv) split = g_strsplit_set (summary, " \n", -1);

          g_ptr_array_add (titles, g_strdup (json_object_get_string_member (paper, "title")));
          for (guint w = 0; split[w] != NULL; w++)
            if (strlen (split[w]) > 2 && g_ascii_isalpha (split[w][0]))
              g_ptr_array_add (words, g_strdup (split[w]));
        }
    }
  return titles;
}

static char *
synthetic_abstract (GRand     *rand,
                    GPtrArray *words,
                    guint      n_words)
{
  GString *s = g_string_sized_new (n_words * 8);

  for (guint w = 0; w < n_words; w++)
    {
      if (w > 0)
        g_string_append_c (s, ' ');
      g_string_append (s, g_ptr_array_index (words, g_rand_int_range (rand, 0, words->len)));
    }
  g_string_append_c (s, '.');
  return g_string_free (s, FALSE);
}

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *msg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("%s: %s", sql, msg);
}

/* The word list the store keeps in step with the index as it stores papers (schema 3), which
 * bare INSERTs leave empty: without it, a search for a word of four letters or more is
 * FTS5's own prefix query (every matching word's whole document list merged) instead of the
 * words it starts, and a benchmark times a search no user makes (17–32 ms for the first page
 * at 100,000 papers instead of 1–3). */
static gboolean
has_terms (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  gboolean any = FALSE;

  if (sqlite3_prepare_v2 (db, "SELECT 1 FROM terms LIMIT 1", -1, &stmt, NULL) == SQLITE_OK)
    any = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);

  return any;
}

static void
fill_terms (sqlite3 *db)
{
  exec_or_die (db, "CREATE VIRTUAL TABLE temp.bench_vocab USING fts5vocab (main, papers_fts, row);"
                   "INSERT OR IGNORE INTO terms (term) SELECT term FROM temp.bench_vocab;"
                   "DROP TABLE temp.bench_vocab;");
}

void
gleaner_bench_prepare_db (const char *data_home,
            guint       n_papers)
{
  g_autofree char *dir = g_build_filename (data_home, "gleaner", NULL);
  g_autofree char *path = g_build_filename (dir, "gleaner.db", NULL);
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) titles = load_titles (words);
  g_autoptr(GError) error = NULL;
  GRand *rand = g_rand_new_with_seed (42);
  sqlite3 *db;
  sqlite3_stmt *stmt;
  double t0 = gleaner_bench_now_ms ();

  g_mkdir_with_parents (dir, 0700);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      printf ("Reusing %s\n", path);
      /* Kept from before the word list was filled here. */
      if (sqlite3_open (path, &db) != SQLITE_OK)
        g_error ("open %s", path);
      if (!has_terms (db))
        {
          printf ("Filling its word list, as the store would have\n");
          fill_terms (db);
        }
      sqlite3_close (db);
      return;
    }
  if (!_gleaner_store_migrate_file (path, GLEANER_STORE_SCHEMA_VERSION, &error))
    g_error ("migrate: %s", error->message);
  if (sqlite3_open (path, &db) != SQLITE_OK)
    g_error ("open %s", path);
  exec_or_die (db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; BEGIN;");
  if (sqlite3_prepare_v2 (db,
                          "INSERT INTO papers (arxiv_id, title, abstract, authors, ai_keywords,"
                          " published, submitted, daily_date, upvotes, first_seen, updated_at)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8, ?9, ?9)",
                          -1, &stmt, NULL) != SQLITE_OK)
    g_error ("prepare: %s", sqlite3_errmsg (db));

  for (guint i = 0; i < n_papers; i++)
    {
      /* Ids 20MM.NNNNN, 100,000 a month from 2001: never the 2503.* the sync serves. */
      char id[32];
      char day[16];
      g_autofree char *title = NULL;
      g_autofree char *abstract = synthetic_abstract (rand, words, 120 + g_rand_int_range (rand, 0, 80));
      gint64 published = 1577836800 + (gint64) i * 300;  /* one every 5 minutes from 2020 */
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (published);

      g_snprintf (id, sizeof id, "%02u%02u.%05u", 20 + i / 1200000, 1 + (i / 100000) % 12, i % 100000);
      g_snprintf (day, sizeof day, "%04d-%02d-%02d", g_date_time_get_year (dt),
                  g_date_time_get_month (dt), g_date_time_get_day_of_month (dt));
      title = g_strdup (g_ptr_array_index (titles, i % titles->len));

      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, title, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, abstract, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, "[\"Ada Abara\",\"Bo Chen\",\"Carla Diaz\"]", -1, SQLITE_STATIC);
      sqlite3_bind_null (stmt, 5);
      sqlite3_bind_int64 (stmt, 6, published);
      sqlite3_bind_text (stmt, 7, day, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 8, g_rand_int_range (rand, 0, 300));
      sqlite3_bind_int64 (stmt, 9, published);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_error ("insert: %s", sqlite3_errmsg (db));
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  /* The sync of --sync then walks the 20 days after this one. */
  exec_or_die (db, GLEANER_STORE_FTS_FLUSH_SQL);
  fill_terms (db);
  exec_or_die (db, "INSERT OR REPLACE INTO meta (key, value) VALUES ('hf-last-day', '2025-03-01');"
                   "COMMIT; PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;");
  sqlite3_close (db);
  g_rand_free (rand);
  printf ("Prepared %u papers in %.1f s (%s)\n", n_papers, (gleaner_bench_now_ms () - t0) / 1000, path);
}
#endif


static gint64
count_segments (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT count (DISTINCT segid) FROM papers_fts_idx", -1, &stmt,
                          NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return n;
}

/* The database as the application leaves it when it closes: its last connection folds the
 * write-ahead log into the file and removes it. The benchmark's processes end at a frame or
 * a figure, without closing, so a kept database had a log of tens of MB (a Mark All as Read
 * and its Undo), which every start then read again to rebuild the log's index: 20 ms on
 * the store's thread at 1,000,000 papers, a start no user has after quitting. */
static void
fold_wal (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;
  sqlite3 *db = NULL;
  gint64 size = g_stat (wal, &st) == 0 ? (gint64) st.st_size : 0;

  if (size == 0)
    return;
  if (sqlite3_open (path, &db) != SQLITE_OK ||
      sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL) != SQLITE_OK)
    g_error ("checkpoint %s: %s", path, sqlite3_errmsg (db));
  sqlite3_close (db);
  printf ("write-ahead log of %.1f MB folded into the database, as the app does when it closes\n",
          size / 1048576.0);
}

void
gleaner_bench_tidy_index (const char *path)
{
  g_autoptr(GleanerStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = count_segments (path);
  double t0 = gleaner_bench_now_ms ();
  guint n_steps;

  if (!(store = gleaner_store_new (path, &error)))
    g_error ("open %s: %s", path, error->message);
  n_steps = _gleaner_store_tidy_index (store);
  printf ("search index: %" G_GINT64_FORMAT " segments, %" G_GINT64_FORMAT " after %u merge"
          " steps in %.1f s (the app does this once its store is quiet)\n"
          "BENCH index_segments_before=%" G_GINT64_FORMAT "\nBENCH index_tidy_ms=%.0f\n",
          before, count_segments (path), n_steps, (gleaner_bench_now_ms () - t0) / 1000,
          before, gleaner_bench_now_ms () - t0);
  g_clear_object (&store);
  fold_wal (path);
}
