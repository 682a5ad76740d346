/* gleaner-store-schema.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The schema and its migrations, SQLite errors as GErrors, and opening connections.
 */

#define G_LOG_DOMAIN "gleaner-store"

#include "config.h"

#include <stdlib.h>  /* defines __GLIBC__ */
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <glib/gi18n.h>

#include "gleaner-store-internal.h"


/* A list stored one item per line (schemas 1 to 4) as a JSON array, in order. */
#define LINES_TO_JSON(col) \
  "CASE WHEN " col " IS NULL OR " col " = '' THEN NULL ELSE (" \
  "  WITH RECURSIVE s (item, rest) AS (" \
  "    SELECT NULL, " col " || char (10)" \
  "    UNION ALL SELECT substr (rest, 1, instr (rest, char (10)) - 1)," \
  "                     substr (rest, instr (rest, char (10)) + 1) FROM s WHERE rest != '')" \
  "  SELECT json_group_array (item) FROM s WHERE item IS NOT NULL) END"

/* Migrations, applied one by one from the stored user_version. Never edit a released step;
 * add a new one. */
static const char * const migrations[] = {
  /* 1: papers, user state and key/value metadata. User state is keyed by arXiv id, not by row,
   * so it outlives any future pruning of papers and a re-fetch never resets it. */
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY,"
  "  value TEXT"
  ");"
  "CREATE TABLE papers ("
  "  id           INTEGER PRIMARY KEY,"
  "  arxiv_id     TEXT NOT NULL UNIQUE,"
  "  title        TEXT NOT NULL,"
  "  abstract     TEXT,"
  "  authors      TEXT,"           /* newline-separated; a JSON array since 5 */
  "  ai_summary   TEXT,"
  "  ai_keywords  TEXT,"           /* newline-separated; a JSON array since 5 */
  "  published    INTEGER NOT NULL DEFAULT 0,"
  "  submitted    INTEGER NOT NULL DEFAULT 0,"
  "  daily_date   TEXT,"
  "  upvotes      INTEGER NOT NULL DEFAULT 0,"
  "  num_comments INTEGER NOT NULL DEFAULT -1,"
  "  github_repo  TEXT,"
  "  github_stars INTEGER NOT NULL DEFAULT -1,"
  "  project_page TEXT,"
  "  thumbnail    TEXT,"
  "  first_seen   INTEGER NOT NULL,"
  "  updated_at   INTEGER NOT NULL"
  ");"
  "CREATE INDEX papers_by_upvotes ON papers (upvotes);"
  "CREATE INDEX papers_by_published ON papers (published);"
  "CREATE TABLE user_state ("
  "  arxiv_id   TEXT PRIMARY KEY,"
  "  starred    INTEGER NOT NULL DEFAULT 0,"
  "  read       INTEGER NOT NULL DEFAULT 0,"
  "  starred_at INTEGER,"
  "  read_at    INTEGER"
  ") WITHOUT ROWID;"
  "CREATE INDEX user_state_starred ON user_state (arxiv_id) WHERE starred;",

  /* 2: full-text index over title, abstract, authors and AI keywords, kept in step by
   * triggers. Contentless (the text lives in papers) and keyed by the trend key. */
  "CREATE VIRTUAL TABLE papers_fts USING fts5 ("
  "  title, abstract, authors, keywords,"
  "  content = '', prefix = '1 2 3',"
  "  tokenize = 'unicode61 remove_diacritics 2'"
  ");"
  "CREATE TRIGGER papers_fts_insert AFTER INSERT ON papers BEGIN"
  "  INSERT INTO papers_fts (rowid, title, abstract, authors, keywords)"
  "  VALUES ((max (new.upvotes, 0) << 32) | new.id,"
  "          new.title, new.abstract, new.authors, new.ai_keywords);"
  "END;"
  "CREATE TRIGGER papers_fts_update AFTER UPDATE OF title, abstract, authors, ai_keywords, upvotes"
  "  ON papers"
  "  WHEN old.title IS NOT new.title OR old.abstract IS NOT new.abstract"
  "    OR old.authors IS NOT new.authors OR old.ai_keywords IS NOT new.ai_keywords"
  "    OR max (old.upvotes, 0) != max (new.upvotes, 0)"
  "BEGIN"
  "  INSERT INTO papers_fts (papers_fts, rowid, title, abstract, authors, keywords)"
  "  VALUES ('delete', (max (old.upvotes, 0) << 32) | old.id,"
  "          old.title, old.abstract, old.authors, old.ai_keywords);"
  "  INSERT INTO papers_fts (rowid, title, abstract, authors, keywords)"
  "  VALUES ((max (new.upvotes, 0) << 32) | new.id,"
  "          new.title, new.abstract, new.authors, new.ai_keywords);"
  "END;"
  "CREATE TRIGGER papers_fts_delete AFTER DELETE ON papers BEGIN"
  "  INSERT INTO papers_fts (papers_fts, rowid, title, abstract, authors, keywords)"
  "  VALUES ('delete', (max (old.upvotes, 0) << 32) | old.id,"
  "          old.title, old.abstract, old.authors, old.ai_keywords);"
  "END;"
  /* Papers stored before the index existed. */
  "INSERT INTO papers_fts (rowid, title, abstract, authors, keywords)"
  "  SELECT (max (upvotes, 0) << 32) | id, title, abstract, authors, ai_keywords FROM papers;",

  /* 3: every word in the index, so a search can expand a long prefix into the words it
   * starts (see _gleaner_store_build_list_match()). Words are only ever added; a word no paper
   * has any more just matches nothing. */
  "CREATE TABLE terms (term TEXT PRIMARY KEY) WITHOUT ROWID;"
  "CREATE VIRTUAL TABLE temp.papers_vocab USING fts5vocab (main, papers_fts, row);"
  "INSERT OR IGNORE INTO terms (term) SELECT term FROM temp.papers_vocab;"
  "DROP TABLE temp.papers_vocab;",

  /* 4: saved searches, Hugging Face's trending rank, and which papers a notification has
   * announced (so none is announced twice, and a notification can be withdrawn once its
   * papers are read). Like user_state, announcements are keyed by arXiv id. */
  "CREATE TABLE saved_searches ("
  "  id           INTEGER PRIMARY KEY,"
  "  name         TEXT NOT NULL,"
  "  query        TEXT NOT NULL,"
  "  filter       INTEGER NOT NULL DEFAULT 0,"   /* GleanerFilter */
  "  notify       INTEGER NOT NULL DEFAULT 1,"
  "  ask_hf       INTEGER NOT NULL DEFAULT 1,"   /* also ask HF's search API during sync */
  "  created_at   INTEGER NOT NULL,"
  "  hf_synced_at INTEGER"                        /* last HF search; NULL: never */
  ");"
  "CREATE TABLE trending ("
  "  paper_id INTEGER PRIMARY KEY REFERENCES papers (id) ON DELETE CASCADE,"
  "  rank     INTEGER NOT NULL"                  /* 0 = first; the latest list replaces it */
  ");"
  "CREATE INDEX trending_by_rank ON trending (rank);"
  "CREATE TABLE announced ("
  "  arxiv_id     TEXT PRIMARY KEY,"
  "  notification TEXT,"                          /* the shown notification; NULL once gone */
  "  announced_at INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE INDEX announced_by_notification ON announced (notification) WHERE notification IS NOT NULL;",

  /* 5: author and keyword lists become JSON arrays of strings (see read_list()): one per line,
   * a newline inside a name split it in two. The index still reads each list one name per
   * line, which is the old text exactly: the rewrite leaves the index as it is. */
  "DROP TRIGGER papers_fts_insert;"
  "DROP TRIGGER papers_fts_update;"
  "DROP TRIGGER papers_fts_delete;"
  "UPDATE papers SET"
  "  authors = " LINES_TO_JSON ("authors") ","
  "  ai_keywords = " LINES_TO_JSON ("ai_keywords")
  " WHERE authors IS NOT NULL OR ai_keywords IS NOT NULL;"
  "CREATE TRIGGER papers_fts_insert AFTER INSERT ON papers BEGIN"
  "  INSERT INTO papers_fts (rowid, title, abstract, authors, keywords)"
  "  VALUES ((max (new.upvotes, 0) << 32) | new.id, new.title, new.abstract,"
  "          " INDEXED_LIST ("new.authors") ", " INDEXED_LIST ("new.ai_keywords") ");"
  "END;"
  "CREATE TRIGGER papers_fts_update AFTER UPDATE OF title, abstract, authors, ai_keywords, upvotes"
  "  ON papers"
  "  WHEN old.title IS NOT new.title OR old.abstract IS NOT new.abstract"
  "    OR old.authors IS NOT new.authors OR old.ai_keywords IS NOT new.ai_keywords"
  "    OR max (old.upvotes, 0) != max (new.upvotes, 0)"
  "BEGIN"
  "  INSERT INTO papers_fts (papers_fts, rowid, title, abstract, authors, keywords)"
  "  VALUES ('delete', (max (old.upvotes, 0) << 32) | old.id, old.title, old.abstract,"
  "          " INDEXED_LIST ("old.authors") ", " INDEXED_LIST ("old.ai_keywords") ");"
  "  INSERT INTO papers_fts (rowid, title, abstract, authors, keywords)"
  "  VALUES ((max (new.upvotes, 0) << 32) | new.id, new.title, new.abstract,"
  "          " INDEXED_LIST ("new.authors") ", " INDEXED_LIST ("new.ai_keywords") ");"
  "END;"
  "CREATE TRIGGER papers_fts_delete AFTER DELETE ON papers BEGIN"
  "  INSERT INTO papers_fts (papers_fts, rowid, title, abstract, authors, keywords)"
  "  VALUES ('delete', (max (old.upvotes, 0) << 32) | old.id, old.title, old.abstract,"
  "          " INDEXED_LIST ("old.authors") ", " INDEXED_LIST ("old.ai_keywords") ");"
  "END;",

  /* 6: upvotes of 2^31 or more wrapped the trend key negative, sorting the most voted paper
   * last in a search. Such counts are capped (the triggers still in place move their index
   * entries to the capped key), and the key becomes one generated column the triggers and
   * the queries share. */
  "UPDATE papers SET upvotes = 2147483647 WHERE upvotes > 2147483647;"
  "ALTER TABLE papers ADD COLUMN trend_key INTEGER"
  "  GENERATED ALWAYS AS ((min (max (upvotes, 0), 2147483647) << 32) | id) VIRTUAL;"
  "DROP TRIGGER papers_fts_insert;"
  "DROP TRIGGER papers_fts_update;"
  "DROP TRIGGER papers_fts_delete;"
  "CREATE TRIGGER papers_fts_insert AFTER INSERT ON papers BEGIN"
  "  INSERT INTO papers_fts (rowid, title, abstract, authors, keywords)"
  "  VALUES (new.trend_key, new.title, new.abstract,"
  "          " INDEXED_LIST ("new.authors") ", " INDEXED_LIST ("new.ai_keywords") ");"
  "END;"
  "CREATE TRIGGER papers_fts_update AFTER UPDATE OF title, abstract, authors, ai_keywords, upvotes"
  "  ON papers"
  "  WHEN old.title IS NOT new.title OR old.abstract IS NOT new.abstract"
  "    OR old.authors IS NOT new.authors OR old.ai_keywords IS NOT new.ai_keywords"
  "    OR old.trend_key != new.trend_key "
  "BEGIN"
  "  INSERT INTO papers_fts (papers_fts, rowid, title, abstract, authors, keywords)"
  "  VALUES ('delete', old.trend_key, old.title, old.abstract,"
  "          " INDEXED_LIST ("old.authors") ", " INDEXED_LIST ("old.ai_keywords") ");"
  "  INSERT INTO papers_fts (rowid, title, abstract, authors, keywords)"
  "  VALUES (new.trend_key, new.title, new.abstract,"
  "          " INDEXED_LIST ("new.authors") ", " INDEXED_LIST ("new.ai_keywords") ");"
  "END;"
  "CREATE TRIGGER papers_fts_delete AFTER DELETE ON papers BEGIN"
  "  INSERT INTO papers_fts (papers_fts, rowid, title, abstract, authors, keywords)"
  "  VALUES ('delete', old.trend_key, old.title, old.abstract,"
  "          " INDEXED_LIST ("old.authors") ", " INDEXED_LIST ("old.ai_keywords") ");"
  "END;",

  /* 7: arXiv as a second source. One row per arXiv id whatever the source: the papers gain
   * arXiv's fields and a bitmask of the sources that listed them (GleanerSourceKind; every
   * paper stored so far came from Hugging Face, which the column's default says without
   * rewriting each row). Categories are a JSON array like the authors, mirrored by triggers
   * into paper_categories so a category list or count is an index range, not a json_each
   * over every paper. paper_listings remembers each listing a paper was seen in, keyed by
   * arXiv id like the user state. */
  "ALTER TABLE papers ADD COLUMN categories TEXT;"
  "ALTER TABLE papers ADD COLUMN primary_category TEXT;"
  "ALTER TABLE papers ADD COLUMN comments TEXT;"
  "ALTER TABLE papers ADD COLUMN journal_ref TEXT;"
  "ALTER TABLE papers ADD COLUMN doi TEXT;"
  "ALTER TABLE papers ADD COLUMN license TEXT;"
  "ALTER TABLE papers ADD COLUMN version INTEGER NOT NULL DEFAULT -1;"
  "ALTER TABLE papers ADD COLUMN updated INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE papers ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE papers ADD COLUMN sources INTEGER NOT NULL DEFAULT 1;"
  "CREATE INDEX papers_from_hf ON papers (id) WHERE sources & 1;"
  "CREATE INDEX papers_from_arxiv ON papers (id) WHERE sources & 2;"
  "CREATE TABLE paper_categories ("
  "  category TEXT NOT NULL,"
  "  paper_id INTEGER NOT NULL,"
  "  PRIMARY KEY (category, paper_id)"
  ") WITHOUT ROWID;"
  "CREATE TRIGGER papers_categories_insert AFTER INSERT ON papers"
  "  WHEN new.categories IS NOT NULL BEGIN"
  "  INSERT OR IGNORE INTO paper_categories (category, paper_id)"
  "    SELECT value, new.id FROM json_each (new.categories) WHERE type = 'text';"
  "END;"
  "CREATE TRIGGER papers_categories_update AFTER UPDATE OF categories ON papers"
  "  WHEN old.categories IS NOT new.categories BEGIN"
  "  DELETE FROM paper_categories WHERE paper_id = old.id AND category IN"
  "    (SELECT value FROM json_each (coalesce (old.categories, '[]')));"
  "  INSERT OR IGNORE INTO paper_categories (category, paper_id)"
  "    SELECT value, new.id FROM json_each (coalesce (new.categories, '[]')) WHERE type = 'text';"
  "END;"
  "CREATE TRIGGER papers_categories_delete AFTER DELETE ON papers"
  "  WHEN old.categories IS NOT NULL BEGIN"
  "  DELETE FROM paper_categories WHERE paper_id = old.id AND category IN"
  "    (SELECT value FROM json_each (old.categories));"
  "END;"
  "CREATE TABLE paper_listings ("
  "  arxiv_id   TEXT NOT NULL,"
  "  listing    TEXT NOT NULL,"          /* 'hf:daily', 'hf:trending', 'hf:search', 'arxiv:cs.LG' */
  "  first_seen INTEGER NOT NULL,"
  "  PRIMARY KEY (arxiv_id, listing)"
  ") WITHOUT ROWID;",

  /* 8: the index is written once per write, not once per paper. Any statement that fires a
   * trigger opens a statement journal, and SQLite then asks every virtual table in the
   * transaction for a savepoint, where FTS5 writes out the words it holds as a new segment:
   * a trigger writing the index row by row left a segment per paper, and merging them back
   * was two thirds of the cost of storing. The triggers now queue what to index (or to take
   * out: a contentless index needs the old text) and GLEANER_STORE_FTS_FLUSH_SQL hands the
   * queue to the index in one statement, in row id order, before the write commits. */
  "CREATE TABLE fts_queue ("
  "  seq      INTEGER PRIMARY KEY,"
  "  op       TEXT,"                     /* 'delete', or NULL to add */
  "  fts_key  INTEGER NOT NULL,"       /* the index's row id: the trend key */
  "  title    TEXT,"
  "  abstract TEXT,"
  "  authors  TEXT,"                     /* as stored: JSON arrays */
  "  keywords TEXT"
  ");"
  "DROP TRIGGER papers_fts_insert;"
  "DROP TRIGGER papers_fts_update;"
  "DROP TRIGGER papers_fts_delete;"
  "CREATE TRIGGER papers_fts_insert AFTER INSERT ON papers BEGIN"
  "  INSERT INTO fts_queue (op, fts_key, title, abstract, authors, keywords)"
  "  VALUES (NULL, new.trend_key, new.title, new.abstract, new.authors, new.ai_keywords);"
  "END;"
  "CREATE TRIGGER papers_fts_update AFTER UPDATE OF title, abstract, authors, ai_keywords, upvotes"
  "  ON papers"
  "  WHEN old.title IS NOT new.title OR old.abstract IS NOT new.abstract"
  "    OR old.authors IS NOT new.authors OR old.ai_keywords IS NOT new.ai_keywords"
  "    OR old.trend_key != new.trend_key "
  "BEGIN"
  "  INSERT INTO fts_queue (op, fts_key, title, abstract, authors, keywords)"
  "  VALUES ('delete', old.trend_key, old.title, old.abstract, old.authors, old.ai_keywords);"
  "  INSERT INTO fts_queue (op, fts_key, title, abstract, authors, keywords)"
  "  VALUES (NULL, new.trend_key, new.title, new.abstract, new.authors, new.ai_keywords);"
  "END;"
  "CREATE TRIGGER papers_fts_delete AFTER DELETE ON papers BEGIN"
  "  INSERT INTO fts_queue (op, fts_key, title, abstract, authors, keywords)"
  "  VALUES ('delete', old.trend_key, old.title, old.abstract, old.authors, old.ai_keywords);"
  "END;",

  /* 9: the index merges its segments once 16 of one size are written, not 4, and merges a
   * whole size at once (a "crisis merge") only at 64, not 16. Each write adds a segment and
   * every merge rewrites the segments it merges, so merging later rewrites each paper's words
   * fewer times: storing at 100,000 papers went from 2,500 to 3,600 papers a second, with
   * searches as fast (measured in bench/). The crisis threshold must stay above the merge
   * threshold: at 16 both, every merge of a size ran at once, in whichever write reached it
   * (a 2,000-paper sync took 4 s). Settings of the index, kept in the file; nothing is
   * rebuilt. */
  "INSERT INTO papers_fts (papers_fts, rank) VALUES ('automerge', 16);"
  "INSERT INTO papers_fts (papers_fts, rank) VALUES ('crisismerge', 64);",

  /* 10: a search reads every segment of the index for each of its words, and with 9's
   * merge settings syncs leave many (21 at 100,000 papers after the benchmarks' syncs, where
   * a keystroke's first page took 8.8–12.5 ms at p95 against 6.4 with 2; measured in
   * bench/). The writer joins them while the store is quiet (see tidy_step() in
   * gleaner-store-writer.c), two of a size at a time: with 'usermerge' at 2, an index keeps
   * about one segment per size, and each paper's words are rewritten once per doubling of
   * the index, not once per sync. */
  "INSERT INTO papers_fts (papers_fts, rank) VALUES ('usermerge', 2);",

  /* 11: a change of upvotes alone no longer moves the paper's index entry. The index's row id
   * was always the trend key, so a vote re-tokenized the whole text to take it out and put it
   * back under the new key. Now the entry stays where it was indexed, and fts_moved remembers
   * that key for each paper whose trend key has moved away from it since (a table of its own:
   * a column of papers would have needed a pass over every row to index). Changed text still
   * moves the entry, to the current trend key. The lists that walk the index in key order
   * place the moved papers by their real key (see gleaner-store-voted.c). Nothing is
   * rebuilt: every entry so far is at its trend key. */
  "CREATE TABLE fts_moved ("
  "  id      INTEGER PRIMARY KEY,"     /* papers.id */
  "  key     INTEGER NOT NULL,"        /* its trend key now */
  "  fts_key INTEGER NOT NULL"         /* the index's row id for it */
  ");"
  "CREATE INDEX fts_moved_by_key ON fts_moved (key, fts_key);"
  "DROP TRIGGER papers_fts_update;"
  "DROP TRIGGER papers_fts_delete;"
  "CREATE TRIGGER papers_fts_update AFTER UPDATE OF title, abstract, authors, ai_keywords"
  "  ON papers"
  "  WHEN old.title IS NOT new.title OR old.abstract IS NOT new.abstract"
  "    OR old.authors IS NOT new.authors OR old.ai_keywords IS NOT new.ai_keywords "
  "BEGIN"
  "  INSERT INTO fts_queue (op, fts_key, title, abstract, authors, keywords)"
  "  VALUES ('delete', coalesce ((SELECT fts_key FROM fts_moved WHERE id = old.id), old.trend_key),"
  "          old.title, old.abstract, old.authors, old.ai_keywords);"
  "  INSERT INTO fts_queue (op, fts_key, title, abstract, authors, keywords)"
  "  VALUES (NULL, new.trend_key, new.title, new.abstract, new.authors, new.ai_keywords);"
  "  DELETE FROM fts_moved WHERE id = old.id;"
  "END;"
  "CREATE TRIGGER papers_fts_votes AFTER UPDATE OF upvotes ON papers"
  "  WHEN old.trend_key != new.trend_key"
  "    AND old.title IS new.title AND old.abstract IS new.abstract"
  "    AND old.authors IS new.authors AND old.ai_keywords IS new.ai_keywords "
  "BEGIN"
  "  INSERT INTO fts_moved (id, key, fts_key) VALUES (old.id, new.trend_key, old.trend_key)"
  "    ON CONFLICT (id) DO UPDATE SET key = excluded.key;"
  "  DELETE FROM fts_moved WHERE id = old.id AND key = fts_key;"
  "END;"
  "CREATE TRIGGER papers_fts_delete AFTER DELETE ON papers BEGIN"
  "  INSERT INTO fts_queue (op, fts_key, title, abstract, authors, keywords)"
  "  VALUES ('delete', coalesce ((SELECT fts_key FROM fts_moved WHERE id = old.id), old.trend_key),"
  "          old.title, old.abstract, old.authors, old.ai_keywords);"
  "  DELETE FROM fts_moved WHERE id = old.id;"
  "END;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == GLEANER_STORE_SCHEMA_VERSION);

/* ---------------------------------------------------------------------------------------- */
/* Errors */

gboolean
_gleaner_store_set_error (GError     **error,
                  sqlite3     *db,
                  int          rc,
                  const char  *what)
{
  GleanerStoreError code;
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, GLEANER_STORE_ERROR, GLEANER_STORE_ERROR_CORRUPT,
                   _("The paper database is damaged (%s). Nothing was changed."), detail);
      return FALSE;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, GLEANER_STORE_ERROR, GLEANER_STORE_ERROR_BUSY,
                   _("The paper database is in use by another program; try again later."));
      return FALSE;

    case SQLITE_FULL:
      g_set_error (error, GLEANER_STORE_ERROR, GLEANER_STORE_ERROR_FULL,
                   _("The disk is full; the papers could not be saved. Nothing stored was lost."));
      return FALSE;

    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
      code = GLEANER_STORE_ERROR_OPEN;
      break;

    default:
      code = GLEANER_STORE_ERROR_FAILED;
      break;
    }

  g_set_error (error, GLEANER_STORE_ERROR, code, "%s: %s", what, detail);
  return FALSE;
}

gboolean
_gleaner_store_exec (sqlite3     *db,
          const char  *sql,
          GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return _gleaner_store_set_error (error, db, rc, _("Database error"));

  return TRUE;
}

/* ---------------------------------------------------------------------------------------- */
/* Connections and migrations */

sqlite3 *
_gleaner_store_open_connection (const char  *path,
                 GError     **error)
{
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, GLEANER_STORE_ERROR, GLEANER_STORE_ERROR_OPEN,
                   _("Cannot open the paper database “%s”: %s"),
                   path, db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_extended_result_codes (db, TRUE);
  sqlite3_busy_timeout (db, GLEANER_STORE_BUSY_TIMEOUT_MS);

  /* NORMAL is durable enough in WAL mode: a crash can lose the last commit, never
   * consistency. */
  if (!_gleaner_store_exec (db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;", error))
    {
      sqlite3_close (db);
      return NULL;
    }

  return db;
}

int
_gleaner_store_cache_misses (sqlite3 *db)
{
  int misses = 0, highwater = 0;

  sqlite3_db_status (db, SQLITE_DBSTATUS_CACHE_MISS, &misses, &highwater, FALSE);
  return misses;
}

/* A scan longer than the page cache (listing a million papers in upvote order, counting the
 * papers per source) leaves in it only the last pages it walked, which the connection's next
 * queries (a search, a write) are unlikely to read again: 2 MB a connection that would stay in
 * the process for nothing. So does a scan longer than SQLite's default cache on the writer,
 * whose cache is sized for the index's merges (32 MB): counting a view's unread papers kept
 * 33 MB there at 1,000,000 papers, and counting the papers per source 4 MB at 100,000.
 * A shorter read keeps its pages: the next keystroke's search reads the same ones. */
#define SCAN_KEEP_BYTES (2048 * 1024)

void
_gleaner_store_drop_scanned_pages (sqlite3 *db,
                                   int      misses_before)
{
  gint64 page_size = 4096;
  int used = 0, highwater = 0;

  sqlite3_db_status (db, SQLITE_DBSTATUS_CACHE_USED, &used, &highwater, FALSE);
  _gleaner_store_read_int64 (db, "PRAGMA page_size", NULL, &page_size, "", NULL);
  if ((gint64) (_gleaner_store_cache_misses (db) - misses_before) * page_size <=
      MIN (used, SCAN_KEEP_BYTES))
    return;

  sqlite3_db_release_memory (db);
  _gleaner_store_trim_when_quiet ();
}

/* Returning freed memory to the system (malloc_trim) unmaps pages in every thread's heap:
 * the kernel then interrupts each of the process's threads to flush its TLB, and the
 * window's next large frame faults its buffers back in. Done right after a refresh's scan,
 * that made the refresh's frames 10–20 ms longer; so it waits until the store has been quiet
 * for a second, and runs on a worker thread. */
#define TRIM_QUIET_MS 1000

static gint trim_activity;   /* bumped by every store read or write that allocates */
static gint trim_scheduled;  /* a trim waits for quiet, or runs */

void
_gleaner_store_note_activity (void)
{
  g_atomic_int_inc (&trim_activity);
}

static void
trim_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
#ifdef __GLIBC__
  /* glibc keeps what a thread freed mapped unless it lies at the top of that thread's heap;
   * the cache's pages lie under what was allocated since (the rows read after the scan). */
  malloc_trim (0);
#endif
  /* Pending until done, so a reader of RSS (the window benchmark) sees the result; a request
   * while this ran is dropped: the memory it freed goes back with the next one. */
  g_atomic_int_set (&trim_scheduled, 0);
  g_task_return_boolean (task, TRUE);
}

static gboolean
trim_quiet_cb (gpointer user_data)
{
  int seen = GPOINTER_TO_INT (user_data);
  int now = g_atomic_int_get (&trim_activity);
  g_autoptr(GTask) task = NULL;

  /* Still busy: look again a quiet period from now. */
  if (now != seen)
    {
      g_timeout_add_full (G_PRIORITY_LOW, TRIM_QUIET_MS, trim_quiet_cb, GINT_TO_POINTER (now), NULL);
      return G_SOURCE_REMOVE;
    }

  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_source_tag (task, trim_quiet_cb);
  g_task_run_in_thread (task, trim_thread);
  return G_SOURCE_REMOVE;
}

void
_gleaner_store_trim_when_quiet (void)
{
  GSource *source;

  _gleaner_store_note_activity ();
  if (!g_atomic_int_compare_and_exchange (&trim_scheduled, 0, 1))
    return;

  /* Called on the store's threads; the check runs on the default main context (a process
   * that never runs it, as `gleaner --sync`, exits soon anyway). */
  source = g_timeout_source_new (TRIM_QUIET_MS);
  g_source_set_priority (source, G_PRIORITY_LOW);
  g_source_set_callback (source, trim_quiet_cb,
                         GINT_TO_POINTER (g_atomic_int_get (&trim_activity)), NULL);
  g_source_set_static_name (source, "[gleaner] trim when quiet");
  g_source_attach (source, NULL);
  g_source_unref (source);
}

gboolean
_gleaner_store_get_trim_pending (void)
{
  return g_atomic_int_get (&trim_scheduled) != 0;
}

static int
read_user_version (sqlite3  *db,
                   GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  else
    _gleaner_store_set_error (error, db, rc, _("Cannot read the database version"));

  sqlite3_finalize (stmt);
  return version;
}

static gboolean
check_version (int       version,
               GError  **error)
{
  if (version > GLEANER_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, GLEANER_STORE_ERROR, GLEANER_STORE_ERROR_TOO_NEW,
                   _("The paper database was written by a newer version of Gleaner "
                     "(schema %d; this version knows %d)."),
                   version, GLEANER_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  return TRUE;
}

/* Asks for WAL and hands back the journal mode SQLite chose: where the file system cannot
 * share memory between processes (a network home) it keeps the rollback journal. */
static char *
set_wal (sqlite3  *db,
         GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  char *mode = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    mode = g_ascii_strdown ((const char *)sqlite3_column_text (stmt, 0), -1);
  else
    _gleaner_store_set_error (error, db, rc, _("Cannot set the journal mode"));

  sqlite3_finalize (stmt);
  return mode;
}

gboolean
_gleaner_store_migrate (sqlite3   *db,
         int        target,
         int       *out_version,
         char     **out_journal_mode,
         GError   **error)
{
  g_autofree char *journal_mode = NULL;
  int version;

  if ((version = read_user_version (db, error)) < 0 || !check_version (version, error))
    return FALSE;

  /* WAL must be set outside a transaction; it persists in the file. */
  if (!(journal_mode = set_wal (db, error)))
    return FALSE;

  while (version < target)
    {
      g_autofree char *bump = NULL;

      if (!_gleaner_store_exec (db, "BEGIN IMMEDIATE;", error))
        return FALSE;

      /* Another process (the window, a sync from cron) may have migrated since the version
       * was read: only the version read under the write lock tells which step is next. */
      if ((version = read_user_version (db, error)) < 0 || !check_version (version, error))
        {
          sqlite3_exec (db, "ROLLBACK;", NULL, NULL, NULL);
          return FALSE;
        }

      if (version >= target)
        {
          sqlite3_exec (db, "ROLLBACK;", NULL, NULL, NULL);
          break;
        }

      g_debug ("Migrating %s to schema %d", sqlite3_db_filename (db, "main"), version + 1);
      bump = g_strdup_printf ("PRAGMA user_version = %d;", version + 1);

      if (!_gleaner_store_exec (db, migrations[version], error) || !_gleaner_store_exec (db, bump, error))
        {
          sqlite3_exec (db, "ROLLBACK;", NULL, NULL, NULL);
          return FALSE;
        }

      if (!_gleaner_store_exec (db, "COMMIT;", error))
        {
          sqlite3_exec (db, "ROLLBACK;", NULL, NULL, NULL);
          return FALSE;
        }

      version++;
    }

  if (out_version)
    *out_version = version;
  if (out_journal_mode)
    *out_journal_mode = g_steal_pointer (&journal_mode);

  return TRUE;
}

gboolean
_gleaner_store_migrate_file (const char  *path,
                             int          version,
                             GError     **error)
{
  sqlite3 *db;
  gboolean ret;

  g_return_val_if_fail (version >= 0 && version <= GLEANER_STORE_SCHEMA_VERSION, FALSE);

  if (!(db = _gleaner_store_open_connection (path, error)))
    return FALSE;

  ret = _gleaner_store_migrate (db, version, NULL, NULL, error);
  sqlite3_close (db);

  return ret;
}

