/* gleaner-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One SQLite database holds the synced papers and, apart from them, what the user set (stars,
 * read marks), so a sync can never overwrite the latter. All writes go through one thread
 * that owns the writing connection (Epiphany's history service pattern); the main thread
 * keeps its own connection for small indexed reads, and list models open theirs for queries
 * on their worker. WAL lets all of them read while the writer commits.
 *
 * The full-text index is keyed by a "trend key", (upvotes << 32) | row id (the generated
 * column papers.trend_key; upvotes are capped at 2^31 - 1 so it never wraps), rather than the row
 * id: FTS5 walks a term's document list in key order and stops when asked, so the best-voted
 * matches of a search come first without reading, let alone sorting, every match.
 */

#define G_LOG_DOMAIN "gleaner-store"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "gleaner-arxiv-id.h"
#include "gleaner-store-private.h"

#define BUSY_TIMEOUT_MS 5000

/* Messages for the writer thread. */
typedef enum
{
  MSG_UPSERT,
  MSG_SET_STARRED,
  MSG_SET_READ,
  MSG_SET_META,
  MSG_EXEC,
  MSG_FLUSH,
  MSG_QUIT,
} MsgKind;

typedef struct
{
  MsgKind       kind;
  GTask        *task;       /* NULL for FLUSH and QUIT */
  GPtrArray    *papers;     /* UPSERT */
  char         *key;        /* arXiv id or meta key */
  char         *value;      /* META */
  gboolean      flag;       /* STARRED / READ */
  /* EXEC */
  GleanerStoreWriteFunc  func;
  gpointer               data;
  GDestroyNotify         data_free;
  GleanerStoreChange     change;
  /* FLUSH */
  GMutex       *mutex;
  GCond        *cond;
  gboolean     *done;
} Msg;

struct _GleanerStore
{
  GObject        parent_instance;

  char          *path;
  int            schema_version;

  /* Main-thread connection for small reads. */
  sqlite3       *reader;

  /* Owned by the writer thread once it runs. */
  sqlite3       *writer;
  gpointer       writer_tokenizer;   /* Tokenizer, created on first use */
  GThread       *thread;
  GAsyncQueue   *queue;
  GMainContext  *main_context;

  /* Unread counts: kept for the next count, used by one worker thread at a time. */
  GMutex         count_mutex;
  sqlite3       *count_db;
};

G_DEFINE_FINAL_TYPE (GleanerStore, gleaner_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (gleaner-store-error-quark, gleaner_store_error)

static GleanerUpsertResult *gleaner_upsert_result_copy (GleanerUpsertResult *result);

G_DEFINE_BOXED_TYPE (GleanerUpsertResult, gleaner_upsert_result,
                     gleaner_upsert_result_copy, gleaner_upsert_result_free)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* The text the full-text index reads for a list (a JSON array): its items, one per line, so
 * that an escape in the JSON text never makes a word. Used by migration 5 and by the C test
 * of the trending head, which must read what the index read. Never edit. */
#define INDEXED_LIST(col) "(SELECT group_concat (value, char (10)) FROM json_each (" col "))"

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
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == GLEANER_STORE_SCHEMA_VERSION);

#define PAPER_COLUMNS \
  "p.id, p.arxiv_id, p.title, p.abstract, p.authors, p.ai_summary, p.ai_keywords, " \
  "p.published, p.submitted, p.daily_date, p.upvotes, p.num_comments, p.github_repo, " \
  "p.github_stars, p.project_page, p.thumbnail, " \
  "coalesce (u.starred, 0), coalesce (u.read, 0)"

#define PAPER_FROM \
  " FROM papers p LEFT JOIN user_state u ON u.arxiv_id = p.arxiv_id "

/* ---------------------------------------------------------------------------------------- */
/* Errors */

static gboolean
set_sqlite_error (GError     **error,
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

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return set_sqlite_error (error, db, rc, _("Database error"));

  return TRUE;
}

/* ---------------------------------------------------------------------------------------- */
/* Connections and migrations */

static sqlite3 *
open_connection (const char  *path,
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
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);

  /* NORMAL is durable enough in WAL mode: a crash can lose the last commit, never
   * consistency. */
  if (!exec_sql (db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;", error))
    {
      sqlite3_close (db);
      return NULL;
    }

  return db;
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
    set_sqlite_error (error, db, rc, _("Cannot read the database version"));

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
    set_sqlite_error (error, db, rc, _("Cannot set the journal mode"));

  sqlite3_finalize (stmt);
  return mode;
}

static gboolean
migrate (sqlite3   *db,
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

      if (!exec_sql (db, "BEGIN IMMEDIATE;", error))
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

      if (!exec_sql (db, migrations[version], error) || !exec_sql (db, bump, error))
        {
          sqlite3_exec (db, "ROLLBACK;", NULL, NULL, NULL);
          return FALSE;
        }

      if (!exec_sql (db, "COMMIT;", error))
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

  if (!(db = open_connection (path, error)))
    return FALSE;

  ret = migrate (db, version, NULL, NULL, error);
  sqlite3_close (db);

  return ret;
}

sqlite3 *
_gleaner_store_open_reader (GleanerStore  *self,
                            GError       **error)
{
  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);

  return open_connection (self->path, error);
}

/* ---------------------------------------------------------------------------------------- */
/* Reading rows */

static char *
dup_column_text (sqlite3_stmt *stmt,
                 int           col)
{
  const unsigned char *text = sqlite3_column_text (stmt, col);

  return text ? g_strdup ((const char *)text) : NULL;
}

/* An author or keyword list: a JSON array of strings, so that no character of a name can
 * split it. SQLite's own JSON reader takes it apart; NULL stands for the empty list. */
static char **
read_list (sqlite3_stmt *stmt,
           int           col)
{
  const char *text = (const char *)sqlite3_column_text (stmt, col);
  g_autoptr(GStrvBuilder) items = NULL;
  sqlite3_stmt *each = NULL;
  int rc;

  if (text == NULL)
    return NULL;

  items = g_strv_builder_new ();
  rc = sqlite3_prepare_v2 (sqlite3_db_handle (stmt), "SELECT value FROM json_each (?1)", -1,
                           &each, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (each, 1, text, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (each)) == SQLITE_ROW)
        g_strv_builder_add (items, (const char *)sqlite3_column_text (each, 0));
    }
  sqlite3_finalize (each);

  /* Only a damaged database holds anything else. */
  if (rc != SQLITE_DONE)
    g_warning ("Unreadable list “%s”: %s", text, sqlite3_errstr (rc));

  return g_strv_builder_end (items);
}

static GleanerPaper *
paper_from_stmt (sqlite3_stmt *stmt)
{
  GleanerPaper *paper;

  paper = gleaner_paper_new ((const char *)sqlite3_column_text (stmt, 1));
  gleaner_paper_set_rowid (paper, sqlite3_column_int64 (stmt, 0));
  gleaner_paper_set_title (paper, (const char *)sqlite3_column_text (stmt, 2));
  gleaner_paper_set_abstract (paper, (const char *)sqlite3_column_text (stmt, 3));
  gleaner_paper_take_authors (paper, read_list (stmt, 4));
  gleaner_paper_set_ai_summary (paper, (const char *)sqlite3_column_text (stmt, 5));
  gleaner_paper_take_ai_keywords (paper, read_list (stmt, 6));
  gleaner_paper_set_published (paper, sqlite3_column_int64 (stmt, 7));
  gleaner_paper_set_submitted (paper, sqlite3_column_int64 (stmt, 8));
  gleaner_paper_set_daily_date (paper, (const char *)sqlite3_column_text (stmt, 9));
  gleaner_paper_set_upvotes (paper, sqlite3_column_int64 (stmt, 10));
  gleaner_paper_set_num_comments (paper, sqlite3_column_int64 (stmt, 11));
  gleaner_paper_set_github_repo (paper, (const char *)sqlite3_column_text (stmt, 12));
  gleaner_paper_set_github_stars (paper, sqlite3_column_int64 (stmt, 13));
  gleaner_paper_set_project_page (paper, (const char *)sqlite3_column_text (stmt, 14));
  gleaner_paper_set_thumbnail (paper, (const char *)sqlite3_column_text (stmt, 15));
  gleaner_paper_set_starred (paper, sqlite3_column_int (stmt, 16));
  gleaner_paper_set_read (paper, sqlite3_column_int (stmt, 17));

  return paper;
}

/* ---------------------------------------------------------------------------------------- */
/* Search text → FTS5 query */

static gboolean
is_token_char (gunichar c)
{
  /* Mirrors what FTS5's unicode61 tokenizer keeps: letters, numbers, marks, private use. */
  return g_unichar_isalnum (c) || g_unichar_ismark (c) ||
         g_unichar_type (c) == G_UNICODE_PRIVATE_USE;
}

char *
_gleaner_store_build_match (const char *text)
{
  g_autoptr(GString) match = NULL;
  g_autofree char *valid = NULL;
  const char *p;
  const char *start = NULL;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  match = g_string_new (NULL);

  /* Every word becomes a quoted prefix term: quotes, operators (AND, NEAR, -, :, parentheses)
   * and lone punctuation in the user's text are never FTS5 syntax, so no text can make the
   * query fail, and each keystroke narrows the previous result. */
  for (p = valid; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean token = c != 0 && is_token_char (c);

      if (token && start == NULL)
        start = p;
      else if (!token && start != NULL)
        {
          if (match->len > 0)
            g_string_append (match, " AND ");
          g_string_append_c (match, '"');
          g_string_append_len (match, start, p - start);
          g_string_append (match, "\"*");
          start = NULL;
        }

      if (c == 0)
        break;
    }

  if (match->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&match), FALSE);
}

/* The tokenizer the index uses, so words are folded exactly as FTS5 folds them. */
#define TOKENIZER_NAME "unicode61"
static const char *tokenizer_args[] = { "remove_diacritics", "2" };

/* A long prefix expands to at most this many words; beyond, FTS5's own prefix query. */
#define MAX_EXPANSION 200

typedef struct
{
  fts5_tokenizer  methods;
  Fts5Tokenizer  *tokenizer;
} Tokenizer;

static void
tokenizer_free (Tokenizer *tok)
{
  if (tok == NULL)
    return;

  if (tok->tokenizer != NULL)
    tok->methods.xDelete (tok->tokenizer);
  g_free (tok);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Tokenizer, tokenizer_free)

static Tokenizer *
tokenizer_new (sqlite3 *db)
{
  g_autoptr(Tokenizer) tok = g_new0 (Tokenizer, 1);
  sqlite3_stmt *stmt = NULL;
  fts5_api *api = NULL;
  void *context = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5 (?1)", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_pointer (stmt, 1, (void *)&api, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  if (api == NULL ||
      api->xFindTokenizer (api, TOKENIZER_NAME, &context, &tok->methods) != SQLITE_OK ||
      tok->methods.xCreate (context, tokenizer_args, G_N_ELEMENTS (tokenizer_args),
                            &tok->tokenizer) != SQLITE_OK)
    return NULL;

  return g_steal_pointer (&tok);
}

static int
collect_token_cb (void       *user_data,
                  int         flags,
                  const char *token,
                  int         n_token,
                  int         start,
                  int         end)
{
  GHashTable *set = user_data;

  if ((flags & FTS5_TOKEN_COLOCATED) == 0 && n_token > 0)
    g_hash_table_add (set, g_strndup (token, n_token));

  return SQLITE_OK;
}

static void
tokenize_into (Tokenizer  *tok,
               const char *text,
               int         flags,
               GHashTable *set)
{
  if (text != NULL && *text != '\0')
    tok->methods.xTokenize (tok->tokenizer, set, flags, text, strlen (text), collect_token_cb);
}

static int
append_token_cb (void       *user_data,
                 int         flags,
                 const char *token,
                 int         n_token,
                 int         start,
                 int         end)
{
  GPtrArray *tokens = user_data;

  if ((flags & FTS5_TOKEN_COLOCATED) == 0 && n_token > 0)
    g_ptr_array_add (tokens, g_strndup (token, n_token));

  return SQLITE_OK;
}

static void
append_quoted (GString    *str,
               const char *word)
{
  g_string_append_c (str, '"');
  for (const char *p = word; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (str, '"');
      g_string_append_c (str, *p);
    }
  g_string_append_c (str, '"');
}

/* Appends the words in the index that start with @prefix as ("a" OR "b" …), or the prefix
 * query itself when there are too many or none; returns SQLite's code. */
static int
append_expanded (GString      *match,
                 sqlite3_stmt *lookup,
                 const char   *prefix)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *upper = g_strconcat (prefix, "\xf4\x8f\xbf\xbf", NULL);
  int rc;

  sqlite3_bind_text (lookup, 1, prefix, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (lookup, 2, upper, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (lookup, 3, MAX_EXPANSION + 1);
  while ((rc = sqlite3_step (lookup)) == SQLITE_ROW)
    g_ptr_array_add (words, g_strdup ((const char *)sqlite3_column_text (lookup, 0)));
  sqlite3_reset (lookup);
  sqlite3_clear_bindings (lookup);

  if (rc != SQLITE_DONE)
    return rc;

  if (words->len == 0 || words->len > MAX_EXPANSION)
    {
      append_quoted (match, prefix);
      g_string_append_c (match, '*');
      return SQLITE_DONE;
    }

  g_string_append_c (match, '(');
  for (guint i = 0; i < words->len; i++)
    {
      if (i > 0)
        g_string_append (match, " OR ");
      append_quoted (match, g_ptr_array_index (words, i));
    }
  g_string_append_c (match, ')');

  return SQLITE_DONE;
}

/* Builds the list match; when it was built from the index tokenizer's tokens, also hands
 * back those tokens (the search words, as FTS5 reads them) and the tokenizer. NULL without
 * an error when @text has no words. */
static char *
build_list_match (sqlite3     *db,
                  const char  *text,
                  GPtrArray  **out_tokens,
                  Tokenizer  **out_tok,
                  GError     **error)
{
  g_autofree char *plain = _gleaner_store_build_match (text);
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(Tokenizer) tok = NULL;
  g_autoptr(GString) match = NULL;
  g_autofree char *valid = NULL;
  sqlite3_stmt *lookup = NULL;
  int rc;

  if (plain == NULL)
    return NULL;

  /* Without the tokenizer, the plain prefix query is still right. The word list is part of
   * the schema: failing to read it is an error, not "no words". */
  if (!(tok = tokenizer_new (db)))
    return g_steal_pointer (&plain);

  if ((rc = sqlite3_prepare_v2 (db, "SELECT term FROM terms WHERE term >= ?1 AND term < ?2 LIMIT ?3",
                                -1, &lookup, NULL)) != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc, _("Cannot read the search words"));
      return NULL;
    }

  /* The index's own tokenizer splits and folds the text (case, diacritics) as it did the
   * papers, so the words looked up are the words stored. */
  valid = g_utf8_make_valid (text, -1);
  tokens = g_ptr_array_new_with_free_func (g_free);
  tok->methods.xTokenize (tok->tokenizer, tokens, FTS5_TOKENIZE_QUERY | FTS5_TOKENIZE_PREFIX,
                          valid, strlen (valid), append_token_cb);

  match = g_string_new (NULL);
  for (guint i = 0; i < tokens->len; i++)
    {
      const char *token = g_ptr_array_index (tokens, i);

      if (match->len > 0)
        g_string_append (match, " AND ");

      if (g_utf8_strlen (token, -1) <= 3)
        {
          append_quoted (match, token);
          g_string_append_c (match, '*');
        }
      else if ((rc = append_expanded (match, lookup, token)) != SQLITE_DONE)
        {
          set_sqlite_error (error, db, rc, _("Cannot read the search words"));
          sqlite3_finalize (lookup);
          return NULL;
        }
    }

  sqlite3_finalize (lookup);

  if (match->len == 0)
    return NULL;

  if (out_tokens != NULL)
    *out_tokens = g_steal_pointer (&tokens);
  if (out_tok != NULL)
    *out_tok = g_steal_pointer (&tok);

  return g_string_free (g_steal_pointer (&match), FALSE);
}

char *
_gleaner_store_build_list_match (sqlite3     *db,
                                 const char  *text,
                                 GError     **error)
{
  return build_list_match (db, text, NULL, NULL, error);
}

/* ---------------------------------------------------------------------------------------- */
/* List queries */

static int
progress_cb (void *user_data)
{
  const int *cancel_flag = user_data;

  return g_atomic_int_get (cancel_flag) != 0;
}

/* Row ids of the papers marked read; few, compared with the papers. */
#define READ_IDS \
  "SELECT p.id FROM user_state u CROSS JOIN papers p ON p.arxiv_id = u.arxiv_id WHERE u.read"

/* Row ids of the papers on Hugging Face's trending list; a few dozen. */
#define RANKED_IDS "SELECT paper_id FROM trending"

/* The full-text index's rowid for the paper aliased @p (see the top of the file). */
#define TREND_KEY(p) p ".trend_key"

/* The paper's row id from the full-text index's rowid. */
#define FTS_ID "(rowid & 4294967295)"

/* Whether the paper aliased p matches ?1. A probe seeks the FTS index at the paper's trend
 * key: cheapest for a few papers (the trending list). Membership reads the matches' keys once
 * into a set: cheapest for more papers (the starred ones), whatever their number. Membership
 * must test the trend key, an expression: on p.id, SQLite would walk the whole set for each
 * starred paper (seconds at a million papers). */
#define MATCH_PROBE \
  "EXISTS (SELECT 1 FROM papers_fts WHERE papers_fts MATCH ?1 AND rowid = " TREND_KEY ("p") ")"
#define MATCH_MEMBER \
  TREND_KEY ("p") " IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?1)"

static const char *
list_sql (GleanerFilter filter,
          GleanerSort   sort,
          gboolean      search)
{
  /* Each plan is chosen so that SQLite walks an index (or the FTS index, keyed by trend) in
   * list order and can hand back the first rows before it has read the rest. For the trending
   * sort this is the part after the ranked papers (see ranked_sql()): the rest in upvote
   * order, which is the order of papers_by_upvotes and of the FTS index. */
  if (!search)
    {
      switch (filter)
        {
        case GLEANER_FILTER_ALL:
          switch (sort)
            {
            case GLEANER_SORT_UPVOTES:
              return "SELECT id FROM papers ORDER BY upvotes DESC, id DESC";
            case GLEANER_SORT_NEWEST:
              return "SELECT id FROM papers ORDER BY published DESC, id DESC";
            case GLEANER_SORT_TRENDING:
              return "SELECT id FROM papers WHERE id NOT IN (" RANKED_IDS ")"
                     " ORDER BY upvotes DESC, id DESC";
            default:
              g_assert_not_reached ();
            }

        case GLEANER_FILTER_UNREAD:
          /* The read papers' ids are gathered once; each candidate is then one probe in that
           * set, read from the covering index rather than from its wide row. */
          switch (sort)
            {
            case GLEANER_SORT_UPVOTES:
              return "SELECT id FROM papers WHERE id NOT IN (" READ_IDS ")"
                     " ORDER BY upvotes DESC, id DESC";
            case GLEANER_SORT_NEWEST:
              return "SELECT id FROM papers WHERE id NOT IN (" READ_IDS ")"
                     " ORDER BY published DESC, id DESC";
            case GLEANER_SORT_TRENDING:
              return "SELECT id FROM papers WHERE id NOT IN (" READ_IDS ")"
                     " AND id NOT IN (" RANKED_IDS ") ORDER BY upvotes DESC, id DESC";
            default:
              g_assert_not_reached ();
            }

        case GLEANER_FILTER_STARRED:
          /* Few papers are starred: start from them. */
          switch (sort)
            {
            case GLEANER_SORT_UPVOTES:
              return "SELECT p.id FROM user_state u CROSS JOIN papers p ON p.arxiv_id = u.arxiv_id"
                     " WHERE u.starred ORDER BY p.upvotes DESC, p.id DESC";
            case GLEANER_SORT_NEWEST:
              return "SELECT p.id FROM user_state u CROSS JOIN papers p ON p.arxiv_id = u.arxiv_id"
                     " WHERE u.starred ORDER BY p.published DESC, p.id DESC";
            case GLEANER_SORT_TRENDING:
              return "SELECT p.id FROM user_state u CROSS JOIN papers p ON p.arxiv_id = u.arxiv_id"
                     " WHERE u.starred AND p.id NOT IN (" RANKED_IDS ")"
                     " ORDER BY p.upvotes DESC, p.id DESC";
            default:
              g_assert_not_reached ();
            }

        default:
          g_assert_not_reached ();
        }
    }

  switch (filter)
    {
    case GLEANER_FILTER_ALL:
      switch (sort)
        {
        case GLEANER_SORT_UPVOTES:
          return "SELECT " FTS_ID " FROM papers_fts WHERE papers_fts MATCH ?1"
                 " ORDER BY rowid DESC";
        case GLEANER_SORT_NEWEST:
          /* What collect_newest_search() lists, faster: this reads every match's wide row. */
          return "SELECT p.id FROM papers_fts f CROSS JOIN papers p ON p.id = (f.rowid & 4294967295)"
                 " WHERE papers_fts MATCH ?1 ORDER BY p.published DESC, p.id DESC";
        case GLEANER_SORT_TRENDING:
          return "SELECT " FTS_ID " FROM papers_fts WHERE papers_fts MATCH ?1"
                 " AND " FTS_ID " NOT IN (" RANKED_IDS ") ORDER BY rowid DESC";
        default:
          g_assert_not_reached ();
        }

    case GLEANER_FILTER_UNREAD:
      switch (sort)
        {
        case GLEANER_SORT_UPVOTES:
          return "SELECT " FTS_ID " FROM papers_fts WHERE papers_fts MATCH ?1"
                 " AND " FTS_ID " NOT IN (" READ_IDS ") ORDER BY rowid DESC";
        case GLEANER_SORT_NEWEST:
          /* As for all papers: see collect_newest_search(). */
          return "SELECT p.id FROM papers_fts f CROSS JOIN papers p ON p.id = (f.rowid & 4294967295)"
                 " WHERE papers_fts MATCH ?1 AND p.id NOT IN (" READ_IDS ")"
                 " ORDER BY p.published DESC, p.id DESC";
        case GLEANER_SORT_TRENDING:
          return "SELECT " FTS_ID " FROM papers_fts WHERE papers_fts MATCH ?1"
                 " AND " FTS_ID " NOT IN (" READ_IDS ")"
                 " AND " FTS_ID " NOT IN (" RANKED_IDS ") ORDER BY rowid DESC";
        default:
          g_assert_not_reached ();
        }

    case GLEANER_FILTER_STARRED:
      switch (sort)
        {
        case GLEANER_SORT_UPVOTES:
          return "SELECT p.id FROM user_state u CROSS JOIN papers p ON p.arxiv_id = u.arxiv_id"
                 " WHERE u.starred AND " MATCH_MEMBER " ORDER BY p.upvotes DESC, p.id DESC";
        case GLEANER_SORT_NEWEST:
          return "SELECT p.id FROM user_state u CROSS JOIN papers p ON p.arxiv_id = u.arxiv_id"
                 " WHERE u.starred AND " MATCH_MEMBER " ORDER BY p.published DESC, p.id DESC";
        case GLEANER_SORT_TRENDING:
          return "SELECT p.id FROM user_state u CROSS JOIN papers p ON p.arxiv_id = u.arxiv_id"
                 " WHERE u.starred AND p.id NOT IN (" RANKED_IDS ") AND " MATCH_MEMBER
                 " ORDER BY p.upvotes DESC, p.id DESC";
        default:
          g_assert_not_reached ();
        }

    default:
      g_assert_not_reached ();
    }
}

/* Whether @match has a prefix query FTS5 cannot seek in: a word of four or more characters
 * left as a prefix (more words start it than _gleaner_store_build_list_match() expands).
 * FTS5 merges every document list of such a prefix before it can test a single row, so a
 * query that tests a few rows one by one would pay that merge for each of them. */
static gboolean
match_has_long_prefix (const char *match)
{
  const char *p = match;

  while (p != NULL && (p = strchr (p, '"')) != NULL)
    {
      const char *start = ++p;
      glong n_chars;

      /* A quoted word ends at a quote that is not doubled. */
      for (;;)
        {
          if (*p == '\0')
            return FALSE;
          if (*p == '"' && p[1] == '"')
            p += 2;
          else if (*p == '"')
            break;
          else
            p++;
        }

      n_chars = g_utf8_strlen (start, p - start);
      p++;
      if (*p == '*' && n_chars > 3)
        return TRUE;
    }

  return FALSE;
}

/* The ranked head of the trending sort: the papers on the trending list that pass @filter
 * (and match ?1 when @match), in rank order. The list is short, so each paper is tested on
 * its own instead of reading every match. With @with_text, the match is left out and each
 * paper comes with the columns the full-text index holds, so that the search words are
 * tested in C (see head_matches()). */
static char *
ranked_sql (GleanerFilter  filter,
            const char    *match,
            gboolean       with_text)
{
  GString *sql = g_string_new (with_text ? "SELECT t.paper_id, p.title, p.abstract, "
                                           INDEXED_LIST ("p.authors") ", "
                                           INDEXED_LIST ("p.ai_keywords") " FROM trending t"
                                           " CROSS JOIN papers p ON p.id = t.paper_id WHERE 1"
                                         : "SELECT t.paper_id FROM trending t"
                                           " CROSS JOIN papers p ON p.id = t.paper_id WHERE 1");

  switch (filter)
    {
    case GLEANER_FILTER_ALL:
      break;

    case GLEANER_FILTER_UNREAD:
      g_string_append (sql, " AND NOT EXISTS (SELECT 1 FROM user_state u"
                            " WHERE u.arxiv_id = p.arxiv_id AND u.read)");
      break;

    case GLEANER_FILTER_STARRED:
      g_string_append (sql, " AND EXISTS (SELECT 1 FROM user_state u"
                            " WHERE u.arxiv_id = p.arxiv_id AND u.starred)");
      break;

    default:
      g_assert_not_reached ();
    }

  if (match != NULL && !with_text)
    g_string_append (sql, match_has_long_prefix (match) ? " AND " MATCH_MEMBER
                                                        : " AND " MATCH_PROBE);

  g_string_append (sql, " ORDER BY t.rank");

  return g_string_free (sql, FALSE);
}

typedef struct
{
  GArray              *ids;
  GleanerStoreIdsFunc  first_page;
  gpointer             user_data;
  gboolean             page_sent;
} Collect;

static void
collect_append (Collect *collect,
                gint64   id)
{
  g_array_append_val (collect->ids, id);

  if (!collect->page_sent && collect->ids->len == GLEANER_STORE_FIRST_PAGE &&
      collect->first_page != NULL)
    {
      collect->page_sent = TRUE;
      collect->first_page ((const gint64 *)(gpointer)collect->ids->data,
                           collect->ids->len, collect->user_data);
    }
}

/* Appends the ids @sql returns to the collection; returns SQLite's last code. */
static int
collect_ids (sqlite3     *db,
             const char  *sql,
             const char  *match,
             Collect     *collect)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if ((rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL)) != SQLITE_OK)
    return rc;

  if (match != NULL)
    sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    collect_append (collect, sqlite3_column_int64 (stmt, 0));

  sqlite3_finalize (stmt);

  return rc;
}

/* FTS5 keeps at most this many bytes of a token, in the documents and in the queries alike
 * (SQLite's FTS5_MAX_TOKEN_SIZE): longer tokens are cut, even inside a character. */
#define FTS_MAX_TOKEN_BYTES 32768

/* The search words of a list match, as FTS5 reads them, for testing a few papers in C. */
typedef struct
{
  GPtrArray *words;     /* char *, cut to FTS_MAX_TOKEN_BYTES */
  GArray    *lengths;   /* int, bytes */
  gboolean  *found;
  guint      n_left;
} HeadWords;

static void
head_words_free (HeadWords *hw)
{
  if (hw == NULL)
    return;

  g_clear_pointer (&hw->words, g_ptr_array_unref);
  g_clear_pointer (&hw->lengths, g_array_unref);
  g_free (hw->found);
  g_free (hw);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeadWords, head_words_free)

/* The words of @tokens (the tokens _gleaner_store_build_list_match() quoted, each a prefix
 * or expanded to the indexed words it starts), or NULL if FTS5 would not read one of them back
 * as that very token: then only FTS5 can say what the match means. */
static HeadWords *
head_words_new (Tokenizer *tok,
                GPtrArray *tokens)
{
  g_autoptr(HeadWords) hw = g_new0 (HeadWords, 1);

  hw->words = g_ptr_array_new_with_free_func (g_free);
  hw->lengths = g_array_new (FALSE, FALSE, sizeof (int));
  hw->found = g_new0 (gboolean, tokens->len);

  for (guint i = 0; i < tokens->len; i++)
    {
      const char *token = g_ptr_array_index (tokens, i);
      g_autoptr(GPtrArray) again = g_ptr_array_new_with_free_func (g_free);
      int len = strlen (token);

      tok->methods.xTokenize (tok->tokenizer, again, FTS5_TOKENIZE_QUERY | FTS5_TOKENIZE_PREFIX,
                              token, len, append_token_cb);
      if (again->len != 1 || strcmp (g_ptr_array_index (again, 0), token) != 0)
        return NULL;

      len = MIN (len, FTS_MAX_TOKEN_BYTES);
      g_ptr_array_add (hw->words, g_strndup (token, len));
      g_array_append_val (hw->lengths, len);
    }

  return g_steal_pointer (&hw);
}

static int
head_token_cb (void       *user_data,
               int         flags,
               const char *token,
               int         n_token,
               int         start,
               int         end)
{
  HeadWords *hw = user_data;

  /* Every token is indexed, colocated ones too. The index cuts long ones; as a word is cut
   * too, only a token's first FTS_MAX_TOKEN_BYTES bytes are ever compared anyway. */
  for (guint i = 0; i < hw->words->len; i++)
    {
      int len = g_array_index (hw->lengths, int, i);

      if (!hw->found[i] && len <= n_token &&
          memcmp (token, g_ptr_array_index (hw->words, i), len) == 0)
        {
          hw->found[i] = TRUE;
          if (--hw->n_left == 0)
            return SQLITE_DONE;   /* stops the tokenizer: the paper matches */
        }
    }

  return SQLITE_OK;
}

/* Whether the paper in @stmt's row (title, abstract, authors, keywords from column 1 on)
 * matches: what the list match means, every word a prefix of one of the paper's tokens in
 * those columns, read with the index's own tokenizer. A word the match expands to the indexed
 * words it starts means the same, as every token of a paper is in the word list. */
static gboolean
head_matches (Tokenizer    *tok,
              HeadWords    *hw,
              sqlite3_stmt *stmt)
{
  memset (hw->found, 0, hw->words->len * sizeof (gboolean));
  hw->n_left = hw->words->len;

  for (int col = 1; col <= 4 && hw->n_left > 0; col++)
    {
      /* As FTS5 reads a column: its text, bytes counted (a NULL has none). */
      const char *text = (const char *)sqlite3_column_text (stmt, col);
      int n_text = sqlite3_column_bytes (stmt, col);

      if (text != NULL && n_text > 0)
        tok->methods.xTokenize (tok->tokenizer, hw, FTS5_TOKENIZE_DOCUMENT, text, n_text,
                                head_token_cb);
    }

  return hw->n_left == 0;
}

/* Appends the ranked papers @sql (ranked_sql() with text) returns that match @hw. */
static int
collect_ranked (sqlite3    *db,
                const char *sql,
                Tokenizer  *tok,
                HeadWords  *hw,
                Collect    *collect)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if ((rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL)) != SQLITE_OK)
    return rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (head_matches (tok, hw, stmt))
      collect_append (collect, sqlite3_column_int64 (stmt, 0));

  sqlite3_finalize (stmt);

  return rc;
}

/* The newest sort with a search, for the filters that start from every paper (all, unread).
 * Joining each match to its wide papers row for its date, then sorting them all, costs a
 * B-tree seek per match: most of the time of a common word's search. Instead the matches'
 * ids are read from the full-text index alone (its rowid holds the id) into a set; then
 *  - many matches: papers_by_published, which covers (published, id) and is in list order,
 *    is walked and the ids in the set are kept, so the first page comes after a few hundred
 *    rows rather than after every match;
 *  - few matches (under one per NEWEST_LOOKUP_FRACTION papers): each one's date is read by
 *    row id and they are sorted in C, cheaper than walking every paper.
 * Either gives what list_sql() would, in the same order: the papers whose id is a match's. */

/* Below one match per this many papers, the matches' dates are read one by one. A read by
 * row id costs about as much as walking 40-100 index entries (a seek into the wide rows); at
 * 100,000 papers 64 keeps either plan under about 8 ms. */
#define NEWEST_LOOKUP_FRACTION 64

/* Rows between two looks at the cancel flag in the loops below. */
#define NEWEST_CANCEL_EVERY 4096

/* Ids up to this bound are kept in a bitmap (at most 16 MiB); larger ones, which the store
 * never hands out, in a sorted array. */
#define NEWEST_BITMAP_MAX_ID ((gint64)1 << 27)

typedef struct
{
  guint8 *bits;     /* ids 0 .. n_bits - 1, or NULL */
  gint64  n_bits;
  GArray *sorted;   /* gint64, when bits is NULL */
  guint   n;        /* distinct ids */
} IdSet;

static int
cmp_gint64 (gconstpointer a,
            gconstpointer b)
{
  gint64 x = *(const gint64 *)a;
  gint64 y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

static void
id_set_init (IdSet  *set,
             GArray *ids)
{
  gint64 max_id = -1;

  for (guint i = 0; i < ids->len; i++)
    max_id = MAX (max_id, g_array_index (ids, gint64, i));

  memset (set, 0, sizeof *set);
  if (max_id < NEWEST_BITMAP_MAX_ID)
    {
      set->n_bits = max_id + 1;
      set->bits = g_malloc0 (set->n_bits / 8 + 1);
      for (guint i = 0; i < ids->len; i++)
        {
          gint64 id = g_array_index (ids, gint64, i);

          if (id >= 0 && (set->bits[id >> 3] & (1 << (id & 7))) == 0)
            {
              set->bits[id >> 3] |= 1 << (id & 7);
              set->n++;
            }
        }
    }
  else
    {
      set->sorted = g_array_copy (ids);
      g_array_sort (set->sorted, cmp_gint64);
      for (guint i = 0; i < set->sorted->len; i++)
        set->n += i == 0 || g_array_index (set->sorted, gint64, i) !=
                            g_array_index (set->sorted, gint64, i - 1);
    }
}

static gboolean
id_set_contains (const IdSet *set,
                 gint64       id)
{
  if (set->bits != NULL)
    return id >= 0 && id < set->n_bits && (set->bits[id >> 3] & (1 << (id & 7))) != 0;

  return set->sorted->len > 0 &&
         bsearch (&id, set->sorted->data, set->sorted->len, sizeof (gint64), cmp_gint64) != NULL;
}

static void
id_set_clear (IdSet *set)
{
  g_clear_pointer (&set->bits, g_free);
  g_clear_pointer (&set->sorted, g_array_unref);
}

static gboolean
cancelled (const int *cancel_flag)
{
  return cancel_flag != NULL && g_atomic_int_get (cancel_flag) != 0;
}

/* Appends the first column of @sql's rows (bound to @match if not NULL) to @out. */
static int
read_ids (sqlite3     *db,
          const char  *sql,
          const char  *match,
          GArray      *out)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if ((rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL)) != SQLITE_OK)
    return rc;

  if (match != NULL)
    sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (out, id);
    }

  sqlite3_finalize (stmt);

  return rc;
}

typedef struct
{
  gint64 published;
  gint64 id;
} Dated;

static int
cmp_dated_newest (gconstpointer a,
                  gconstpointer b)
{
  const Dated *x = a;
  const Dated *y = b;

  if (x->published != y->published)
    return x->published < y->published ? 1 : -1;

  return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

/* Reads the date of each of @matches (not in @read) and appends them, newest first. Sets
 * *@fallback instead if a date is not an integer, which SQLite orders its own way. */
static int
collect_newest_lookup (sqlite3     *db,
                       GArray      *matches,
                       const IdSet *read,
                       const int   *cancel_flag,
                       gboolean    *fallback,
                       Collect     *collect)
{
  g_autoptr(GArray) dated = g_array_sized_new (FALSE, FALSE, sizeof (Dated), matches->len);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if ((rc = sqlite3_prepare_v2 (db, "SELECT published FROM papers WHERE id = ?1", -1, &stmt,
                                NULL)) != SQLITE_OK)
    return rc;

  rc = SQLITE_DONE;
  for (guint i = 0; i < matches->len; i++)
    {
      Dated d = { 0, g_array_index (matches, gint64, i) };
      int step;

      if (i % NEWEST_CANCEL_EVERY == NEWEST_CANCEL_EVERY - 1 && cancelled (cancel_flag))
        {
          rc = SQLITE_INTERRUPT;
          break;
        }

      if (read != NULL && id_set_contains (read, d.id))
        continue;

      sqlite3_bind_int64 (stmt, 1, d.id);
      step = sqlite3_step (stmt);
      if (step == SQLITE_ROW)
        {
          if (sqlite3_column_type (stmt, 0) != SQLITE_INTEGER)
            {
              *fallback = TRUE;
              break;
            }
          d.published = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (dated, d);
        }
      else if (step != SQLITE_DONE)
        {
          rc = step;
          break;
        }
      sqlite3_reset (stmt);
    }

  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE || *fallback)
    return rc;

  g_array_sort (dated, cmp_dated_newest);
  for (guint i = 0; i < dated->len; i++)
    collect_append (collect, g_array_index (dated, Dated, i).id);

  return SQLITE_DONE;
}

/* Walks every paper newest first and appends those in @set and not in @read. */
static int
collect_newest_walk (sqlite3     *db,
                     const IdSet *set,
                     const IdSet *read,
                     const int   *cancel_flag,
                     Collect     *collect)
{
  sqlite3_stmt *stmt = NULL;
  guint n_seen = 0, n_left = set->n;
  int rc;

  if ((rc = sqlite3_prepare_v2 (db, "SELECT id FROM papers INDEXED BY papers_by_published"
                                    " ORDER BY published DESC, id DESC", -1, &stmt,
                                NULL)) != SQLITE_OK)
    return rc;

  /* The index lists each paper once: once every match was seen, the rest can be skipped. */
  rc = SQLITE_DONE;
  while (n_left > 0 && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (++n_seen % NEWEST_CANCEL_EVERY == 0 && cancelled (cancel_flag))
        {
          rc = SQLITE_INTERRUPT;
          break;
        }

      if (id_set_contains (set, id))
        {
          n_left--;
          if (read == NULL || !id_set_contains (read, id))
            collect_append (collect, id);
        }
    }

  sqlite3_finalize (stmt);

  return rc == SQLITE_ROW ? SQLITE_DONE : rc;
}

static int
collect_newest_search (sqlite3       *db,
                       GleanerFilter  filter,
                       const char    *match,
                       const int     *cancel_flag,
                       Collect       *collect)
{
  g_autoptr(GArray) matches = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) read_rows = NULL;
  IdSet set = { 0 }, read = { 0 };
  gboolean fallback = FALSE;
  gint64 max_id = 0;
  int rc;

  if ((rc = read_ids (db, "SELECT " FTS_ID " FROM papers_fts WHERE papers_fts MATCH ?1",
                      match, matches)) != SQLITE_DONE)
    return rc;
  if (matches->len == 0)
    return SQLITE_DONE;

  if (filter == GLEANER_FILTER_UNREAD)
    {
      read_rows = g_array_new (FALSE, FALSE, sizeof (gint64));
      if ((rc = read_ids (db, READ_IDS, NULL, read_rows)) != SQLITE_DONE)
        return rc;
      id_set_init (&read, read_rows);
    }

  /* The largest row id stands for the number of papers (SQLite hands them out in order), and
   * costs one seek where counting them would walk an index. */
  {
    g_autoptr(GArray) max = g_array_new (FALSE, FALSE, sizeof (gint64));

    if ((rc = read_ids (db, "SELECT max (id) FROM papers", NULL, max)) != SQLITE_DONE)
      goto out;
    max_id = max->len > 0 ? g_array_index (max, gint64, 0) : 0;
  }

  if ((gint64)matches->len * NEWEST_LOOKUP_FRACTION < max_id)
    {
      rc = collect_newest_lookup (db, matches, read_rows != NULL ? &read : NULL, cancel_flag,
                                  &fallback, collect);
      if (rc != SQLITE_DONE || !fallback)
        goto out;
    }

  id_set_init (&set, matches);
  rc = collect_newest_walk (db, &set, read_rows != NULL ? &read : NULL, cancel_flag, collect);

out:
  id_set_clear (&set);
  id_set_clear (&read);

  return rc;
}

gboolean
_gleaner_store_query_ids (sqlite3             *db,
                          GleanerFilter        filter,
                          GleanerSort          sort,
                          const char          *search,
                          GArray              *ids,
                          GleanerStoreIdsFunc  first_page,
                          gpointer             user_data,
                          const int           *cancel_flag,
                          GError             **error)
{
  g_autofree char *match = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(Tokenizer) tok = NULL;
  g_autoptr(GError) local_error = NULL;
  Collect collect = { ids, first_page, user_data, FALSE };
  gboolean snapshot = FALSE;
  gboolean ret = TRUE;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (ids != NULL, FALSE);
  g_return_val_if_fail (filter <= GLEANER_FILTER_STARRED, FALSE);
  g_return_val_if_fail (sort <= GLEANER_SORT_TRENDING, FALSE);

  if (!(match = build_list_match (db, search, &tokens, &tok, &local_error)) &&
      local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (cancel_flag != NULL)
    sqlite3_progress_handler (db, 1000, progress_cb, (gpointer)cancel_flag);

  if (sort == GLEANER_SORT_TRENDING)
    {
      /* With a search, the ranked papers' text is tested in C: an FTS5 probe per paper seeks
       * every word of each expanded search word, hundreds of document lists per paper. */
      g_autoptr(HeadWords) hw = match != NULL && tokens != NULL ? head_words_new (tok, tokens)
                                                                 : NULL;
      g_autofree char *ranked = ranked_sql (filter, match, hw != NULL);

      /* The ranked head and the rest are two statements; one read transaction makes them see
       * the same trending list, so no paper is listed twice or left out. */
      if (sqlite3_get_autocommit (db))
        snapshot = sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;

      if (hw != NULL)
        rc = collect_ranked (db, ranked, tok, hw, &collect);
      else
        rc = collect_ids (db, ranked, match, &collect);
    }

  if (sort == GLEANER_SORT_NEWEST && match != NULL && filter != GLEANER_FILTER_STARRED)
    {
      /* Several statements: one read transaction makes them see the same papers. */
      if (sqlite3_get_autocommit (db))
        snapshot = sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;

      rc = collect_newest_search (db, filter, match, cancel_flag, &collect);
    }
  else if (rc == SQLITE_DONE)
    rc = collect_ids (db, list_sql (filter, sort, match != NULL), match, &collect);

  if (cancel_flag != NULL)
    sqlite3_progress_handler (db, 0, NULL, NULL);

  if (rc == SQLITE_INTERRUPT || (cancel_flag != NULL && g_atomic_int_get (cancel_flag)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Query cancelled");
      ret = FALSE;
    }
  else if (rc != SQLITE_DONE)
    ret = set_sqlite_error (error, db, rc, _("Cannot query papers"));

  /* After the error was read: ending the transaction resets SQLite's message. */
  if (snapshot && !sqlite3_get_autocommit (db))
    sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);

  return ret;
}

/* ---------------------------------------------------------------------------------------- */
/* Writer thread */

static void
msg_free (Msg *msg)
{
  g_clear_object (&msg->task);
  g_clear_pointer (&msg->papers, g_ptr_array_unref);
  g_clear_pointer (&msg->key, g_free);
  g_clear_pointer (&msg->value, g_free);
  if (msg->data_free != NULL)
    g_clear_pointer (&msg->data, msg->data_free);
  g_free (msg);
}

typedef struct
{
  GleanerStore       *self;
  GTask              *task;
  GleanerStoreChange  change;
  gboolean            changed;
  gpointer            result;
  GDestroyNotify      result_free;
  gboolean            bool_result;
  GError             *error;
} Completion;

static gboolean
complete_in_main_cb (gpointer user_data)
{
  Completion *c = user_data;

  /* Listeners (list models) hear about the change before the caller's callback runs. */
  if (c->changed)
    g_signal_emit (c->self, signals [CHANGED], 0, c->change);

  if (c->error != NULL)
    g_task_return_error (c->task, g_steal_pointer (&c->error));
  else if (c->result != NULL)
    g_task_return_pointer (c->task, g_steal_pointer (&c->result), c->result_free);
  else
    g_task_return_boolean (c->task, c->bool_result);

  g_object_unref (c->task);
  g_object_unref (c->self);
  g_free (c);

  return G_SOURCE_REMOVE;
}

static void
complete (GleanerStore       *self,
          Msg                *msg,
          gboolean            changed,
          GleanerStoreChange  change,
          gpointer            result,
          GDestroyNotify      result_free,
          GError             *error)
{
  Completion *c = g_new0 (Completion, 1);

  c->self = g_object_ref (self);
  c->task = g_steal_pointer (&msg->task);
  c->changed = changed;
  c->change = change;
  c->result = result;
  c->result_free = result_free;
  c->bool_result = TRUE;
  c->error = error;

  /* Always queued, never g_main_context_invoke(): that runs the callback on this thread
   * when no thread owns the caller's context at the moment, and listeners would hear
   * "changed" off their thread. */
  {
    GSource *source = g_idle_source_new ();

    g_source_set_priority (source, G_PRIORITY_DEFAULT);
    g_source_set_callback (source, complete_in_main_cb, c, NULL);
    g_source_set_static_name (source, "[gleaner] store write done");
    g_source_attach (source, g_task_get_context (c->task));
    g_source_unref (source);
  }
}

/* The list as a JSON array of strings (see read_list()), each string quoted by SQLite
 * (@quote is "SELECT json_quote (?1)"); NULL for an empty list. */
static gboolean
dup_list (sqlite3_stmt        *quote,
          const char * const  *strv,
          char               **out_list,
          GError             **error)
{
  g_autoptr(GString) list = NULL;
  int rc;

  *out_list = NULL;
  if (strv == NULL || strv[0] == NULL)
    return TRUE;

  list = g_string_new ("[");
  for (guint i = 0; strv[i]; i++)
    {
      sqlite3_bind_text (quote, 1, strv[i], -1, SQLITE_STATIC);
      if ((rc = sqlite3_step (quote)) != SQLITE_ROW)
        {
          sqlite3_reset (quote);
          return set_sqlite_error (error, sqlite3_db_handle (quote), rc, _("Cannot save papers"));
        }

      if (i > 0)
        g_string_append_c (list, ',');
      g_string_append (list, (const char *)sqlite3_column_text (quote, 0));
      sqlite3_reset (quote);
    }
  g_string_append_c (list, ']');

  *out_list = g_string_free (g_steal_pointer (&list), FALSE);
  return TRUE;
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           col,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, col, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, col);
}

static void
bind_paper (sqlite3_stmt *stmt,
            GleanerPaper *paper,
            const char   *authors,
            const char   *keywords,
            gint64        now)
{
  sqlite3_bind_text (stmt, 1, gleaner_paper_get_id (paper), -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 2, gleaner_paper_get_title (paper));
  bind_text_or_null (stmt, 3, gleaner_paper_get_abstract (paper));
  bind_text_or_null (stmt, 4, authors);
  bind_text_or_null (stmt, 5, gleaner_paper_get_ai_summary (paper));
  bind_text_or_null (stmt, 6, keywords);
  sqlite3_bind_int64 (stmt, 7, gleaner_paper_get_published (paper));
  sqlite3_bind_int64 (stmt, 8, gleaner_paper_get_submitted (paper));
  bind_text_or_null (stmt, 9, gleaner_paper_get_daily_date (paper));
  sqlite3_bind_int64 (stmt, 10, gleaner_paper_get_upvotes (paper));
  sqlite3_bind_int64 (stmt, 11, gleaner_paper_get_num_comments (paper));
  bind_text_or_null (stmt, 12, gleaner_paper_get_github_repo (paper));
  sqlite3_bind_int64 (stmt, 13, gleaner_paper_get_github_stars (paper));
  bind_text_or_null (stmt, 14, gleaner_paper_get_project_page (paper));
  bind_text_or_null (stmt, 15, gleaner_paper_get_thumbnail (paper));
  sqlite3_bind_int64 (stmt, 16, now);
}

/* New papers: inserted as they are. Upvotes are capped at 2^31 - 1 here and below, so the
 * trend key never wraps. */
static const char insert_sql[] =
  "INSERT INTO papers (arxiv_id, title, abstract, authors, ai_summary, ai_keywords,"
  "  published, submitted, daily_date, upvotes, num_comments, github_repo, github_stars,"
  "  project_page, thumbnail, first_seen, updated_at)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, min (max (?10, 0), 2147483647), ?11, ?12, ?13, ?14, ?15, ?16, ?16)"
  " ON CONFLICT (arxiv_id) DO NOTHING";

/* Known papers: a source may know less than an earlier one (a search hit has no daily date,
 * no comment count), so missing values never erase stored ones, and the row is only written
 * when something really changed. The daily date kept is the earliest list it was on. */
#define MERGED_ABSTRACT  "coalesce (?3, abstract)"
#define MERGED_AUTHORS   "coalesce (?4, authors)"
#define MERGED_SUMMARY   "coalesce (?5, ai_summary)"
#define MERGED_KEYWORDS  "coalesce (?6, ai_keywords)"
#define MERGED_PUBLISHED "(CASE WHEN ?7 > 0 THEN ?7 ELSE published END)"
#define MERGED_SUBMITTED "(CASE WHEN ?8 > 0 THEN ?8 ELSE submitted END)"
#define MERGED_DAILY     "(CASE WHEN daily_date IS NULL OR ?9 < daily_date THEN coalesce (?9, daily_date) ELSE daily_date END)"
#define MERGED_UPVOTES   "(CASE WHEN ?10 >= 0 THEN min (?10, 2147483647) ELSE upvotes END)"
#define MERGED_COMMENTS  "(CASE WHEN ?11 >= 0 THEN ?11 ELSE num_comments END)"
#define MERGED_REPO      "coalesce (?12, github_repo)"
#define MERGED_STARS     "(CASE WHEN ?13 >= 0 THEN ?13 ELSE github_stars END)"
#define MERGED_PROJECT   "coalesce (?14, project_page)"
#define MERGED_THUMB     "coalesce (?15, thumbnail)"

static const char update_sql[] =
  "UPDATE papers SET"
  "  title = ?2, abstract = " MERGED_ABSTRACT ", authors = " MERGED_AUTHORS ","
  "  ai_summary = " MERGED_SUMMARY ", ai_keywords = " MERGED_KEYWORDS ","
  "  published = " MERGED_PUBLISHED ", submitted = " MERGED_SUBMITTED ","
  "  daily_date = " MERGED_DAILY ", upvotes = " MERGED_UPVOTES ","
  "  num_comments = " MERGED_COMMENTS ", github_repo = " MERGED_REPO ","
  "  github_stars = " MERGED_STARS ", project_page = " MERGED_PROJECT ","
  "  thumbnail = " MERGED_THUMB ", updated_at = ?16"
  " WHERE arxiv_id = ?1 AND ("
  "  title IS NOT ?2 OR abstract IS NOT " MERGED_ABSTRACT
  "  OR authors IS NOT " MERGED_AUTHORS " OR ai_summary IS NOT " MERGED_SUMMARY
  "  OR ai_keywords IS NOT " MERGED_KEYWORDS " OR published IS NOT " MERGED_PUBLISHED
  "  OR submitted IS NOT " MERGED_SUBMITTED " OR daily_date IS NOT " MERGED_DAILY
  "  OR upvotes IS NOT " MERGED_UPVOTES " OR num_comments IS NOT " MERGED_COMMENTS
  "  OR github_repo IS NOT " MERGED_REPO " OR github_stars IS NOT " MERGED_STARS
  "  OR project_page IS NOT " MERGED_PROJECT " OR thumbnail IS NOT " MERGED_THUMB ")";

static void
collect_words (Tokenizer    *tok,
               GleanerPaper *paper,
               GHashTable   *words)
{
  const char * const *authors = gleaner_paper_get_authors (paper);
  const char * const *keywords = gleaner_paper_get_ai_keywords (paper);

  if (tok == NULL)
    return;

  tokenize_into (tok, gleaner_paper_get_title (paper), FTS5_TOKENIZE_DOCUMENT, words);
  tokenize_into (tok, gleaner_paper_get_abstract (paper), FTS5_TOKENIZE_DOCUMENT, words);
  for (guint i = 0; authors[i]; i++)
    tokenize_into (tok, authors[i], FTS5_TOKENIZE_DOCUMENT, words);
  for (guint i = 0; keywords[i]; i++)
    tokenize_into (tok, keywords[i], FTS5_TOKENIZE_DOCUMENT, words);
}

static gboolean
do_upsert (GleanerStore         *self,
           GPtrArray            *papers,
           GleanerUpsertResult  *result,
           GError              **error)
{
  sqlite3 *db = self->writer;
  sqlite3_stmt *insert = NULL;
  sqlite3_stmt *update = NULL;
  sqlite3_stmt *add_term = NULL;
  sqlite3_stmt *quote = NULL;
  g_autoptr(GHashTable) words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  Tokenizer *tok;
  int rc;

  if (self->writer_tokenizer == NULL)
    self->writer_tokenizer = tokenizer_new (db);
  tok = self->writer_tokenizer;

  if ((rc = sqlite3_prepare_v2 (db, "INSERT OR IGNORE INTO terms (term) VALUES (?1)",
                                -1, &add_term, NULL)) != SQLITE_OK ||
      (rc = sqlite3_prepare_v2 (db, "SELECT json_quote (?1)", -1, &quote, NULL)) != SQLITE_OK ||
      (rc = sqlite3_prepare_v2 (db, insert_sql, -1, &insert, NULL)) != SQLITE_OK ||
      (rc = sqlite3_prepare_v2 (db, update_sql, -1, &update, NULL)) != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc, _("Cannot save papers"));
      goto failure;
    }

  if (!exec_sql (db, "BEGIN IMMEDIATE;", error))
    goto failure;

  for (guint i = 0; i < papers->len; i++)
    {
      GleanerPaper *paper = g_ptr_array_index (papers, i);
      g_autofree char *authors = NULL;
      g_autofree char *keywords = NULL;

      if (gleaner_paper_get_id (paper) == NULL || gleaner_paper_get_title (paper) == NULL)
        continue;

      if (!dup_list (quote, gleaner_paper_get_authors (paper), &authors, error) ||
          !dup_list (quote, gleaner_paper_get_ai_keywords (paper), &keywords, error))
        goto rollback;

      bind_paper (insert, paper, authors, keywords, now);
      rc = sqlite3_step (insert);
      sqlite3_reset (insert);
      sqlite3_clear_bindings (insert);

      if (rc != SQLITE_DONE)
        {
          set_sqlite_error (error, db, rc, _("Cannot save papers"));
          goto rollback;
        }

      if (sqlite3_changes (db) > 0)
        {
          result->added++;
          g_ptr_array_add (result->new_ids, g_strdup (gleaner_paper_get_id (paper)));
          collect_words (tok, paper, words);
          continue;
        }

      bind_paper (update, paper, authors, keywords, now);
      rc = sqlite3_step (update);
      sqlite3_reset (update);
      sqlite3_clear_bindings (update);

      if (rc != SQLITE_DONE)
        {
          set_sqlite_error (error, db, rc, _("Cannot save papers"));
          goto rollback;
        }

      if (sqlite3_changes (db) > 0)
        {
          result->updated++;
          collect_words (tok, paper, words);
        }
    }

  /* Keep the word list in step with the index, in the same transaction. */
  {
    GHashTableIter iter;
    const char *word;

    g_hash_table_iter_init (&iter, words);
    while (g_hash_table_iter_next (&iter, (gpointer *)&word, NULL))
      {
        sqlite3_bind_text (add_term, 1, word, -1, SQLITE_STATIC);
        rc = sqlite3_step (add_term);
        sqlite3_reset (add_term);

        if (rc != SQLITE_DONE)
          {
            set_sqlite_error (error, db, rc, _("Cannot save papers"));
            goto rollback;
          }
      }
  }

  if (!exec_sql (db, "COMMIT;", error))
    goto rollback;

  sqlite3_finalize (add_term);
  sqlite3_finalize (quote);
  sqlite3_finalize (insert);
  sqlite3_finalize (update);

  return TRUE;

rollback:
  /* A failed batch leaves the database exactly as it was. */
  sqlite3_exec (db, "ROLLBACK;", NULL, NULL, NULL);
  result->added = result->updated = 0;
  g_ptr_array_set_size (result->new_ids, 0);

failure:
  sqlite3_finalize (add_term);
  sqlite3_finalize (quote);
  sqlite3_finalize (insert);
  sqlite3_finalize (update);

  return FALSE;
}

static gboolean
do_set_state (GleanerStore  *self,
              const char    *arxiv_id,
              gboolean       starred_column,
              gboolean       value,
              GError       **error)
{
  static const char starred_sql[] =
    "INSERT INTO user_state (arxiv_id, starred, starred_at) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (arxiv_id) DO UPDATE SET starred = ?2, starred_at = ?3";
  static const char read_sql[] =
    "INSERT INTO user_state (arxiv_id, read, read_at) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (arxiv_id) DO UPDATE SET read = ?2, read_at = ?3";
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->writer, starred_column ? starred_sql : read_sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return set_sqlite_error (error, self->writer, rc, _("Cannot save the change"));

  sqlite3_bind_text (stmt, 1, arxiv_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, !!value);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, self->writer, rc, _("Cannot save the change"));

  return TRUE;
}

static gboolean
do_set_meta (GleanerStore  *self,
             const char    *key,
             const char    *value,
             GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->writer,
                           "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return set_sqlite_error (error, self->writer, rc, _("Cannot save the change"));

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 2, value);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, self->writer, rc, _("Cannot save the change"));

  return TRUE;
}

static gpointer
writer_thread_func (gpointer data)
{
  GleanerStore *self = data;

  for (;;)
    {
      Msg *msg = g_async_queue_pop (self->queue);
      GError *error = NULL;

      switch (msg->kind)
        {
        case MSG_UPSERT:
          {
            GleanerUpsertResult *result = g_new0 (GleanerUpsertResult, 1);

            result->new_ids = g_ptr_array_new_with_free_func (g_free);

            if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (msg->task), &error) ||
                !do_upsert (self, msg->papers, result, &error))
              {
                gleaner_upsert_result_free (result);
                complete (self, msg, FALSE, 0, NULL, NULL, error);
              }
            else
              {
                gboolean changed = result->added > 0 || result->updated > 0;

                complete (self, msg, changed, GLEANER_STORE_CHANGE_PAPERS,
                          result, (GDestroyNotify)gleaner_upsert_result_free, NULL);
              }
          }
          break;

        case MSG_SET_STARRED:
        case MSG_SET_READ:
          /* User state is written even if the caller went away: losing a star is worse. */
          if (do_set_state (self, msg->key, msg->kind == MSG_SET_STARRED, msg->flag, &error))
            complete (self, msg, TRUE, GLEANER_STORE_CHANGE_USER_STATE, NULL, NULL, NULL);
          else
            complete (self, msg, FALSE, 0, NULL, NULL, error);
          break;

        case MSG_SET_META:
          if (do_set_meta (self, msg->key, msg->value, &error))
            complete (self, msg, FALSE, 0, NULL, NULL, NULL);
          else
            complete (self, msg, FALSE, 0, NULL, NULL, error);
          break;

        case MSG_EXEC:
          {
            gpointer result = NULL;
            GDestroyNotify result_free = NULL;
            gboolean changed = FALSE;

            if (!exec_sql (self->writer, "BEGIN IMMEDIATE", &error))
              {
                complete (self, msg, FALSE, 0, NULL, NULL, error);
                break;
              }

            if (msg->func (self->writer, msg->data, &changed, &result, &result_free, &error) &&
                exec_sql (self->writer, "COMMIT", &error))
              {
                complete (self, msg, changed, msg->change, result, result_free, NULL);
              }
            else
              {
                if (result_free != NULL && result != NULL)
                  result_free (result);
                exec_sql (self->writer, "ROLLBACK", NULL);
                complete (self, msg, FALSE, 0, NULL, NULL, error);
              }
          }
          break;

        case MSG_FLUSH:
          g_mutex_lock (msg->mutex);
          *msg->done = TRUE;
          g_cond_signal (msg->cond);
          g_mutex_unlock (msg->mutex);
          break;

        case MSG_QUIT:
          g_clear_pointer (&self->writer_tokenizer, tokenizer_free);
          msg_free (msg);
          return NULL;

        default:
          g_assert_not_reached ();
        }

      msg_free (msg);
    }
}

static void
push (GleanerStore *self,
      Msg          *msg)
{
  g_async_queue_push (self->queue, msg);
}

/* ---------------------------------------------------------------------------------------- */
/* GObject */

static void
gleaner_store_finalize (GObject *object)
{
  GleanerStore *self = (GleanerStore *)object;

  if (self->thread != NULL)
    {
      Msg *msg = g_new0 (Msg, 1);

      msg->kind = MSG_QUIT;
      push (self, msg);
      g_thread_join (self->thread);
      self->thread = NULL;
    }

  /* Counting tasks hold a reference to the store, so none runs any more. */
  g_clear_pointer (&self->count_db, sqlite3_close);
  g_mutex_clear (&self->count_mutex);
  g_clear_pointer (&self->writer, sqlite3_close);
  g_clear_pointer (&self->reader, sqlite3_close);
  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (gleaner_store_parent_class)->finalize (object);
}

static void
gleaner_store_class_init (GleanerStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gleaner_store_finalize;

  /**
   * GleanerStore::changed:
   * @change: a #GleanerStoreChange
   *
   * Emitted on the main thread after a write was committed.
   */
  signals [CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
gleaner_store_init (GleanerStore *self)
{
  self->queue = g_async_queue_new ();
  self->main_context = g_main_context_ref_thread_default ();
  g_mutex_init (&self->count_mutex);
}

char *
gleaner_store_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "gleaner", "gleaner.db", NULL);
}

GleanerStore *
gleaner_store_new (const char  *path,
                   GError     **error)
{
  g_autoptr(GleanerStore) self = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *journal_mode = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, GLEANER_STORE_ERROR, GLEANER_STORE_ERROR_OPEN,
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (errsv));
      return NULL;
    }

  self = g_object_new (GLEANER_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  if (!(self->writer = open_connection (path, error)) ||
      !migrate (self->writer, GLEANER_STORE_SCHEMA_VERSION, &self->schema_version,
                &journal_mode, error) ||
      !(self->reader = open_connection (path, error)))
    return NULL;

  /* Still correct without WAL, but a reader then waits (up to the busy timeout) while a
   * sync commits: worth one line in the log, not an error. */
  if (g_strcmp0 (journal_mode, "wal") != 0)
    g_message ("The file system of “%s” does not support WAL (journal mode is “%s”): "
               "reading the papers may wait while a sync writes them",
               path, journal_mode);

  self->thread = g_thread_new ("GleanerStoreWriter", writer_thread_func, self);

  return g_steal_pointer (&self);
}

const char *
gleaner_store_get_path (GleanerStore *self)
{
  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);
  return self->path;
}

int
gleaner_store_get_schema_version (GleanerStore *self)
{
  g_return_val_if_fail (GLEANER_IS_STORE (self), -1);
  return self->schema_version;
}

void
gleaner_store_upsert_async (GleanerStore        *self,
                            GPtrArray           *papers,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  Msg *msg;

  g_return_if_fail (GLEANER_IS_STORE (self));
  g_return_if_fail (papers != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  msg = g_new0 (Msg, 1);
  msg->kind = MSG_UPSERT;
  msg->papers = g_ptr_array_ref (papers);
  msg->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (msg->task, gleaner_store_upsert_async);

  push (self, msg);
}

GleanerUpsertResult *
gleaner_store_upsert_finish (GleanerStore  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
set_state_async (GleanerStore        *self,
                 MsgKind              kind,
                 const char          *id,
                 gboolean             value,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  Msg *msg = g_new0 (Msg, 1);

  msg->kind = kind;
  msg->key = g_strdup (id);
  msg->flag = value;
  msg->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (msg->task, set_state_async);

  push (self, msg);
}

void
gleaner_store_set_starred_async (GleanerStore        *self,
                                 const char          *id,
                                 gboolean             starred,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (GLEANER_IS_STORE (self));
  g_return_if_fail (id != NULL);

  set_state_async (self, MSG_SET_STARRED, id, starred, cancellable, callback, user_data);
}

void
gleaner_store_set_read_async (GleanerStore        *self,
                              const char          *id,
                              gboolean             read,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (GLEANER_IS_STORE (self));
  g_return_if_fail (id != NULL);

  set_state_async (self, MSG_SET_READ, id, read, cancellable, callback, user_data);
}

gboolean
gleaner_store_set_state_finish (GleanerStore  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (GLEANER_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
gleaner_store_set_meta_async (GleanerStore        *self,
                              const char          *key,
                              const char          *value,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Msg *msg;

  g_return_if_fail (GLEANER_IS_STORE (self));
  g_return_if_fail (key != NULL);

  msg = g_new0 (Msg, 1);
  msg->kind = MSG_SET_META;
  msg->key = g_strdup (key);
  msg->value = g_strdup (value);
  msg->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (msg->task, gleaner_store_set_meta_async);

  push (self, msg);
}

gboolean
gleaner_store_set_meta_finish (GleanerStore  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (GLEANER_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
_gleaner_store_write_async (GleanerStore          *self,
                            GleanerStoreWriteFunc  func,
                            gpointer               data,
                            GDestroyNotify         data_free,
                            GleanerStoreChange     change,
                            gpointer               source_tag,
                            GCancellable          *cancellable,
                            GAsyncReadyCallback    callback,
                            gpointer               user_data)
{
  Msg *msg;

  g_return_if_fail (GLEANER_IS_STORE (self));
  g_return_if_fail (func != NULL);

  msg = g_new0 (Msg, 1);
  msg->kind = MSG_EXEC;
  msg->func = func;
  msg->data = data;
  msg->data_free = data_free;
  msg->change = change;
  msg->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (msg->task, source_tag);

  push (self, msg);
}

gboolean
gleaner_store_write_finish (GleanerStore  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (GLEANER_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

sqlite3 *
_gleaner_store_get_reader (GleanerStore *self)
{
  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);

  return self->reader;
}

gboolean
_gleaner_store_set_error (GError     **error,
                          sqlite3     *db,
                          int          rc,
                          const char  *what)
{
  return set_sqlite_error (error, db, rc, what);
}

void
gleaner_store_flush (GleanerStore *self)
{
  GMutex mutex;
  GCond cond;
  gboolean done = FALSE;
  Msg *msg;

  g_return_if_fail (GLEANER_IS_STORE (self));

  g_mutex_init (&mutex);
  g_cond_init (&cond);

  msg = g_new0 (Msg, 1);
  msg->kind = MSG_FLUSH;
  msg->mutex = &mutex;
  msg->cond = &cond;
  msg->done = &done;
  push (self, msg);

  g_mutex_lock (&mutex);
  while (!done)
    g_cond_wait (&cond, &mutex);
  g_mutex_unlock (&mutex);

  g_mutex_clear (&mutex);
  g_cond_clear (&cond);

  /* Completions were queued on the caller's context; deliver them. */
  while (g_main_context_iteration (self->main_context, FALSE))
    ;
}

char *
gleaner_store_dup_meta (GleanerStore  *self,
                        const char    *key,
                        GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;
  int rc;

  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  rc = sqlite3_prepare_v2 (self->reader, "SELECT value FROM meta WHERE key = ?1", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        value = dup_column_text (stmt, 0);
    }

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    set_sqlite_error (error, self->reader, rc, _("Cannot read the stored settings"));

  sqlite3_finalize (stmt);

  return value;
}

static GleanerPaper *
load_one (GleanerStore  *self,
          const char    *sql,
          const char    *text_key,
          gint64         int_key,
          GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  GleanerPaper *paper = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->reader, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->reader, rc, _("Cannot read the paper"));
      return NULL;
    }

  if (text_key != NULL)
    sqlite3_bind_text (stmt, 1, text_key, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64 (stmt, 1, int_key);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    paper = paper_from_stmt (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No such paper"));
  else
    set_sqlite_error (error, self->reader, rc, _("Cannot read the paper"));

  sqlite3_finalize (stmt);

  return paper;
}

GleanerPaper *
gleaner_store_load_paper (GleanerStore  *self,
                          const char    *id,
                          GError       **error)
{
  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return load_one (self, "SELECT " PAPER_COLUMNS PAPER_FROM "WHERE p.arxiv_id = ?1",
                   id, 0, error);
}

GleanerPaper *
_gleaner_store_load_rowid (GleanerStore  *self,
                           gint64         rowid,
                           GError       **error)
{
  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);

  return load_one (self, "SELECT " PAPER_COLUMNS PAPER_FROM "WHERE p.id = ?1",
                   NULL, rowid, error);
}

/* Runs @sql, which yields at most one integer, into *@out (untouched when there is no row). */
static gboolean
read_int64 (sqlite3     *db,
            const char  *sql,
            const char  *text_arg,
            gint64      *out,
            const char  *what,
            GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      if (text_arg != NULL)
        sqlite3_bind_text (stmt, 1, text_arg, -1, SQLITE_TRANSIENT);
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        *out = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_sqlite_error (error, db, rc, what);

  return TRUE;
}

gint64
gleaner_store_count_papers (GleanerStore  *self,
                            GError       **error)
{
  gint64 count = 0;

  g_return_val_if_fail (GLEANER_IS_STORE (self), -1);

  /* max(id) would be O(1) but lies after deletions; count(*) walks the smallest index, which
   * takes tens of milliseconds at a million papers: see gleaner_store_has_papers(). */
  if (!read_int64 (self->reader, "SELECT count(*) FROM papers", NULL, &count,
                   _("Cannot count the papers"), error))
    return -1;

  return count;
}

gboolean
gleaner_store_has_papers (GleanerStore  *self,
                          GError       **error)
{
  gint64 found = 0;

  g_return_val_if_fail (GLEANER_IS_STORE (self), FALSE);

  read_int64 (self->reader, "SELECT 1 FROM papers LIMIT 1", NULL, &found,
              _("Cannot read the papers"), error);

  return found != 0;
}

GPtrArray *
gleaner_store_search (GleanerStore  *self,
                      const char    *text,
                      guint          limit,
                      GError       **error)
{
  g_autoptr(GPtrArray) papers = NULL;
  g_autofree char *match = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);

  papers = g_ptr_array_new_with_free_func (g_object_unref);

  if (!(match = _gleaner_store_build_match (text)))
    return g_steal_pointer (&papers);

  /* Title hits weigh most, then authors and keywords, then the abstract. */
  rc = sqlite3_prepare_v2 (self->reader,
                           "SELECT " PAPER_COLUMNS " FROM papers_fts f"
                           " CROSS JOIN papers p ON p.id = (f.rowid & 4294967295)"
                           " LEFT JOIN user_state u ON u.arxiv_id = p.arxiv_id"
                           " WHERE papers_fts MATCH ?1"
                           " ORDER BY bm25 (papers_fts, 10.0, 1.0, 5.0, 3.0), p.upvotes DESC"
                           " LIMIT ?2",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->reader, rc, _("Cannot search papers"));
      return NULL;
    }

  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? limit : G_MAXINT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (papers, paper_from_stmt (stmt));

  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->reader, rc, _("Cannot search papers"));
      return NULL;
    }

  return g_steal_pointer (&papers);
}

GPtrArray *
gleaner_store_list_starred (GleanerStore  *self,
                            GError       **error)
{
  g_autoptr(GPtrArray) papers = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);

  rc = sqlite3_prepare_v2 (self->reader,
                           "SELECT " PAPER_COLUMNS " FROM user_state u"
                           " CROSS JOIN papers p ON p.arxiv_id = u.arxiv_id"
                           " WHERE u.starred ORDER BY u.starred_at DESC, p.id DESC",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->reader, rc, _("Cannot read starred papers"));
      return NULL;
    }

  papers = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (papers, paper_from_stmt (stmt));
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->reader, rc, _("Cannot read starred papers"));
      return NULL;
    }

  return g_steal_pointer (&papers);
}

/* ---------------------------------------------------------------------------------------- */
/* Saved searches */

#define SAVED_SEARCH_COLUMNS \
  "id, name, query, filter, notify, ask_hf, coalesce (hf_synced_at, 0)"

static GleanerSavedSearch *
saved_search_from_stmt (sqlite3_stmt *stmt)
{
  GleanerSavedSearch *search;
  int filter = sqlite3_column_int (stmt, 3);

  /* A filter this version does not know (a newer one wrote it) shows everything. */
  if (filter < GLEANER_FILTER_ALL || filter > GLEANER_FILTER_STARRED)
    filter = GLEANER_FILTER_ALL;

  search = gleaner_saved_search_new (sqlite3_column_int64 (stmt, 0),
                                     (const char *)sqlite3_column_text (stmt, 1),
                                     (const char *)sqlite3_column_text (stmt, 2),
                                     filter);
  gleaner_saved_search_set_notify (search, sqlite3_column_int (stmt, 4));
  gleaner_saved_search_set_ask_hf (search, sqlite3_column_int (stmt, 5));
  gleaner_saved_search_set_hf_synced_at (search, sqlite3_column_int64 (stmt, 6));

  return search;
}

GPtrArray *
gleaner_store_list_saved_searches (GleanerStore  *self,
                                   GError       **error)
{
  g_autoptr(GPtrArray) searches = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);

  /* Row ids only grow (a new one is the largest plus one), so they are creation order. */
  rc = sqlite3_prepare_v2 (self->reader,
                           "SELECT " SAVED_SEARCH_COLUMNS " FROM saved_searches ORDER BY id",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->reader, rc, _("Cannot read saved searches"));
      return NULL;
    }

  searches = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (searches, saved_search_from_stmt (stmt));
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->reader, rc, _("Cannot read saved searches"));
      return NULL;
    }

  return g_steal_pointer (&searches);
}

GleanerSavedSearch *
gleaner_store_load_saved_search (GleanerStore  *self,
                                 gint64         id,
                                 GError       **error)
{
  GleanerSavedSearch *search = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);

  rc = sqlite3_prepare_v2 (self->reader,
                           "SELECT " SAVED_SEARCH_COLUMNS " FROM saved_searches WHERE id = ?1",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->reader, rc, _("Cannot read the saved search"));
      return NULL;
    }

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    search = saved_search_from_stmt (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The saved search no longer exists."));
  else
    set_sqlite_error (error, self->reader, rc, _("Cannot read the saved search"));
  sqlite3_finalize (stmt);

  return search;
}

/* Which column a saved-search write sets. */
typedef enum
{
  SAVED_ADD,
  SAVED_NAME,
  SAVED_NOTIFY,
  SAVED_ASK_HF,
  SAVED_HF_SYNCED,
  SAVED_REMOVE,
} SavedField;

typedef struct
{
  SavedField     field;
  gint64         id;
  char          *name;
  char          *query;
  GleanerFilter  filter;
  gint64         value;
} SavedWrite;

static void
saved_write_free (SavedWrite *w)
{
  g_free (w->name);
  g_free (w->query);
  g_free (w);
}

/* Runs @sql with ?1 = the write's id and ?2 = @value (NULL for a NULL value, otherwise a
 * text or an integer). Returns FALSE with @error on failure; sets *@n_changes. */
static gboolean
saved_exec (sqlite3     *db,
            const char  *sql,
            SavedWrite  *w,
            const char  *text,
            gboolean     null_value,
            int         *n_changes,
            GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if ((rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL)) != SQLITE_OK)
    return set_sqlite_error (error, db, rc, _("Cannot save the saved search"));

  sqlite3_bind_int64 (stmt, 1, w->id);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    {
      if (text != NULL)
        sqlite3_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
      else if (null_value)
        sqlite3_bind_null (stmt, 2);
      else
        sqlite3_bind_int64 (stmt, 2, w->value);
    }

  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, db, rc, _("Cannot save the saved search"));

  *n_changes = sqlite3_changes (db);

  return TRUE;
}

static gboolean
saved_search_exists (sqlite3  *db,
                     gint64    id,
                     GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if ((rc = sqlite3_prepare_v2 (db, "SELECT 1 FROM saved_searches WHERE id = ?1",
                                -1, &stmt, NULL)) != SQLITE_OK)
    return set_sqlite_error (error, db, rc, _("Cannot save the saved search"));

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  if (rc == SQLITE_ROW)
    return TRUE;

  if (rc == SQLITE_DONE)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The saved search no longer exists."));
  else
    set_sqlite_error (error, db, rc, _("Cannot save the saved search"));

  return FALSE;
}

static gboolean
saved_write_func (sqlite3         *db,
                  gpointer         data,
                  gboolean        *changed,
                  gpointer        *result,
                  GDestroyNotify  *result_free,
                  GError         **error)
{
  SavedWrite *w = data;
  int n_changes = 0;

  switch (w->field)
    {
    case SAVED_ADD:
      {
        sqlite3_stmt *stmt = NULL;
        gint64 *id;
        int rc;

        rc = sqlite3_prepare_v2 (db,
                                 "INSERT INTO saved_searches (name, query, filter, created_at)"
                                 " VALUES (?1, ?2, ?3, ?4)",
                                 -1, &stmt, NULL);
        if (rc != SQLITE_OK)
          return set_sqlite_error (error, db, rc, _("Cannot save the saved search"));

        sqlite3_bind_text (stmt, 1, w->name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 2, w->query, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int (stmt, 3, w->filter);
        sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
        rc = sqlite3_step (stmt);
        sqlite3_finalize (stmt);

        if (rc != SQLITE_DONE)
          return set_sqlite_error (error, db, rc, _("Cannot save the saved search"));

        id = g_new (gint64, 1);
        *id = sqlite3_last_insert_rowid (db);
        *result = id;
        *result_free = g_free;
        *changed = TRUE;
        return TRUE;
      }

    /* Each update only writes (and reports) a value that differs, so toggling a switch to
     * where it is already does not make every list reload. */
    case SAVED_NAME:
      if (!saved_exec (db, "UPDATE saved_searches SET name = ?2 WHERE id = ?1 AND name IS NOT ?2",
                       w, w->name, FALSE, &n_changes, error))
        return FALSE;
      break;

    case SAVED_NOTIFY:
      if (!saved_exec (db, "UPDATE saved_searches SET notify = ?2 WHERE id = ?1 AND notify IS NOT ?2",
                       w, NULL, FALSE, &n_changes, error))
        return FALSE;
      break;

    case SAVED_ASK_HF:
      if (!saved_exec (db, "UPDATE saved_searches SET ask_hf = ?2 WHERE id = ?1 AND ask_hf IS NOT ?2",
                       w, NULL, FALSE, &n_changes, error))
        return FALSE;
      break;

    case SAVED_HF_SYNCED:
      if (!saved_exec (db,
                       "UPDATE saved_searches SET hf_synced_at = ?2"
                       " WHERE id = ?1 AND hf_synced_at IS NOT ?2",
                       w, NULL, w->value <= 0, &n_changes, error))
        return FALSE;
      break;

    case SAVED_REMOVE:
      /* Removing what is gone already is not an error: the user's intent holds. */
      if (!saved_exec (db, "DELETE FROM saved_searches WHERE id = ?1",
                       w, NULL, FALSE, &n_changes, error))
        return FALSE;
      *changed = n_changes > 0;
      return TRUE;

    default:
      g_assert_not_reached ();
    }

  if (n_changes == 0 && !saved_search_exists (db, w->id, error))
    return FALSE;

  *changed = n_changes > 0;

  return TRUE;
}

/* Trims @name into a new string, or sets @error when nothing is left. */
static char *
dup_saved_search_name (const char  *name,
                       GError     **error)
{
  g_autofree char *trimmed = NULL;

  if (name != NULL)
    trimmed = g_strstrip (g_utf8_make_valid (name, -1));

  if (trimmed == NULL || *trimmed == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A saved search needs a name."));
      return NULL;
    }

  return g_steal_pointer (&trimmed);
}

/* Saved searches are the user's data: like a star, the write is made even when @cancellable
 * is cancelled before the writer reaches it (the task then reports the cancellation). */
static void
saved_write_async (GleanerStore        *self,
                   SavedWrite          *w,
                   gpointer             source_tag,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  _gleaner_store_write_async (self, saved_write_func, w, (GDestroyNotify)saved_write_free,
                              GLEANER_STORE_CHANGE_SAVED_SEARCHES, source_tag,
                              cancellable, callback, user_data);
}

void
gleaner_store_add_saved_search_async (GleanerStore        *self,
                                      const char          *name,
                                      const char          *query,
                                      GleanerFilter        filter,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *trimmed = NULL;
  SavedWrite *w;

  g_return_if_fail (GLEANER_IS_STORE (self));
  g_return_if_fail (filter <= GLEANER_FILTER_STARRED);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (!(trimmed = dup_saved_search_name (name, &error)))
    {
      g_task_report_error (self, callback, user_data, gleaner_store_add_saved_search_async,
                           g_steal_pointer (&error));
      return;
    }

  w = g_new0 (SavedWrite, 1);
  w->field = SAVED_ADD;
  w->name = g_steal_pointer (&trimmed);
  w->query = g_strstrip (g_utf8_make_valid (query != NULL ? query : "", -1));
  w->filter = filter;

  saved_write_async (self, w, gleaner_store_add_saved_search_async,
                     cancellable, callback, user_data);
}

gint64
gleaner_store_add_saved_search_finish (GleanerStore  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_autofree gint64 *id = NULL;

  g_return_val_if_fail (GLEANER_IS_STORE (self), 0);
  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  id = g_task_propagate_pointer (G_TASK (result), error);

  return id != NULL ? *id : 0;
}

void
gleaner_store_rename_saved_search_async (GleanerStore        *self,
                                         gint64               id,
                                         const char          *name,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *trimmed = NULL;
  SavedWrite *w;

  g_return_if_fail (GLEANER_IS_STORE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (!(trimmed = dup_saved_search_name (name, &error)))
    {
      g_task_report_error (self, callback, user_data, gleaner_store_rename_saved_search_async,
                           g_steal_pointer (&error));
      return;
    }

  w = g_new0 (SavedWrite, 1);
  w->field = SAVED_NAME;
  w->id = id;
  w->name = g_steal_pointer (&trimmed);

  saved_write_async (self, w, gleaner_store_rename_saved_search_async,
                     cancellable, callback, user_data);
}

static void
set_saved_value_async (GleanerStore        *self,
                       SavedField           field,
                       gint64               id,
                       gint64               value,
                       gpointer             source_tag,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  SavedWrite *w = g_new0 (SavedWrite, 1);

  w->field = field;
  w->id = id;
  w->value = value;

  saved_write_async (self, w, source_tag, cancellable, callback, user_data);
}

void
gleaner_store_set_saved_search_notify_async (GleanerStore        *self,
                                             gint64               id,
                                             gboolean             notify,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_return_if_fail (GLEANER_IS_STORE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  set_saved_value_async (self, SAVED_NOTIFY, id, !!notify,
                         gleaner_store_set_saved_search_notify_async,
                         cancellable, callback, user_data);
}

void
gleaner_store_set_saved_search_ask_hf_async (GleanerStore        *self,
                                             gint64               id,
                                             gboolean             ask_hf,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_return_if_fail (GLEANER_IS_STORE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  set_saved_value_async (self, SAVED_ASK_HF, id, !!ask_hf,
                         gleaner_store_set_saved_search_ask_hf_async,
                         cancellable, callback, user_data);
}

void
gleaner_store_set_saved_search_hf_synced_async (GleanerStore        *self,
                                                gint64               id,
                                                gint64               when,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  g_return_if_fail (GLEANER_IS_STORE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  set_saved_value_async (self, SAVED_HF_SYNCED, id, MAX (when, 0),
                         gleaner_store_set_saved_search_hf_synced_async,
                         cancellable, callback, user_data);
}

void
gleaner_store_remove_saved_search_async (GleanerStore        *self,
                                         gint64               id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (GLEANER_IS_STORE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  set_saved_value_async (self, SAVED_REMOVE, id, 0,
                         gleaner_store_remove_saved_search_async,
                         cancellable, callback, user_data);
}

/* ---------------------------------------------------------------------------------------- */
/* Unread counts */

typedef struct
{
  char          *query;
  GleanerFilter  filter;
} CountSpec;

static void
count_spec_clear (gpointer data)
{
  CountSpec *spec = data;

  g_clear_pointer (&spec->query, g_free);
}

/* The list's filters, counting only what is unread: "All" and "Unread" both become the unread
 * papers, "Starred" the starred unread ones. */
static const char *
count_sql (GleanerFilter  filter,
           const char    *match)
{
  if (match == NULL)
    {
      if (filter == GLEANER_FILTER_STARRED)
        return "SELECT count(*) FROM user_state u CROSS JOIN papers p ON p.arxiv_id = u.arxiv_id"
               " WHERE u.starred AND NOT u.read";

      /* Both counts walk an index; no row is read. */
      return "SELECT (SELECT count(*) FROM papers)"
             " - (SELECT count(*) FROM user_state u CROSS JOIN papers p ON p.arxiv_id = u.arxiv_id"
             " WHERE u.read)";
    }

  if (filter == GLEANER_FILTER_STARRED)
    return "SELECT count(*) FROM user_state u CROSS JOIN papers p ON p.arxiv_id = u.arxiv_id"
           " WHERE u.starred AND NOT u.read AND " MATCH_MEMBER;

  /* Reads the matches' keys from the index, never a paper's row. */
  return "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?1"
         " AND " FTS_ID " NOT IN (" READ_IDS ")";
}

static int
count_progress_cb (void *user_data)
{
  return g_cancellable_is_cancelled (user_data);
}

static GArray *
count_unread (sqlite3       *db,
              GArray        *specs,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GArray) counts = g_array_sized_new (FALSE, FALSE, sizeof (gint64), specs->len);
  g_autoptr(GError) match_error = NULL;
  gboolean snapshot;
  int rc = SQLITE_OK;

  if (cancellable != NULL)
    sqlite3_progress_handler (db, 1000, count_progress_cb, cancellable);

  /* One read transaction, so the counts agree with each other. */
  snapshot = sqlite3_get_autocommit (db) && sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;

  for (guint i = 0; i < specs->len && rc == SQLITE_OK; i++)
    {
      CountSpec *spec = &g_array_index (specs, CountSpec, i);
      g_autofree char *match = _gleaner_store_build_list_match (db, spec->query, &match_error);
      sqlite3_stmt *stmt = NULL;
      gint64 count = 0;

      if (match_error != NULL)
        break;

      if ((rc = sqlite3_prepare_v2 (db, count_sql (spec->filter, match), -1, &stmt, NULL)) != SQLITE_OK)
        break;

      if (match != NULL)
        sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);

      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        count = MAX (sqlite3_column_int64 (stmt, 0), 0);
      if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        rc = SQLITE_OK;
      sqlite3_finalize (stmt);

      g_array_append_val (counts, count);
    }

  if (cancellable != NULL)
    sqlite3_progress_handler (db, 0, NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    g_clear_pointer (&counts, g_array_unref);
  else if (match_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&match_error));
      g_clear_pointer (&counts, g_array_unref);
    }
  else if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc, _("Cannot count unread papers"));
      g_clear_pointer (&counts, g_array_unref);
    }

  if (snapshot && !sqlite3_get_autocommit (db))
    sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);

  return g_steal_pointer (&counts);
}

static void
count_unread_worker (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GleanerStore *self = source_object;
  GArray *specs = task_data;
  GError *error = NULL;
  GArray *counts = NULL;

  /* The kept connection serves one count at a time; a count that overlaps another gets a
   * connection of its own rather than waiting. */
  if (g_mutex_trylock (&self->count_mutex))
    {
      if (self->count_db == NULL)
        self->count_db = open_connection (self->path, &error);
      if (self->count_db != NULL)
        counts = count_unread (self->count_db, specs, cancellable, &error);
      g_mutex_unlock (&self->count_mutex);
    }
  else
    {
      sqlite3 *db = open_connection (self->path, &error);

      if (db != NULL)
        {
          counts = count_unread (db, specs, cancellable, &error);
          sqlite3_close (db);
        }
    }

  if (counts != NULL)
    g_task_return_pointer (task, counts, (GDestroyNotify)g_array_unref);
  else
    g_task_return_error (task, error);
}

void
gleaner_store_count_unread_async (GleanerStore        *self,
                                  GPtrArray           *searches,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GArray *specs;

  g_return_if_fail (GLEANER_IS_STORE (self));
  g_return_if_fail (searches != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  for (guint i = 0; i < searches->len; i++)
    g_return_if_fail (GLEANER_IS_SAVED_SEARCH (g_ptr_array_index (searches, i)));

  /* The worker gets plain copies: the objects may change on this thread meanwhile. */
  specs = g_array_sized_new (FALSE, TRUE, sizeof (CountSpec), searches->len);
  g_array_set_clear_func (specs, count_spec_clear);
  for (guint i = 0; i < searches->len; i++)
    {
      GleanerSavedSearch *search = g_ptr_array_index (searches, i);
      CountSpec spec;

      spec.query = g_strdup (gleaner_saved_search_get_query (search));
      spec.filter = gleaner_saved_search_get_filter (search);
      g_array_append_val (specs, spec);
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gleaner_store_count_unread_async);
  g_task_set_task_data (task, specs, (GDestroyNotify)g_array_unref);
  g_task_run_in_thread (task, count_unread_worker);
}

GArray *
gleaner_store_count_unread_finish (GleanerStore  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------------------------------- */
/* Trending */

typedef struct
{
  GPtrArray    *arxiv_ids;
  GCancellable *cancellable;
} TrendingWrite;

static void
trending_write_free (TrendingWrite *w)
{
  g_clear_pointer (&w->arxiv_ids, g_ptr_array_unref);
  g_clear_object (&w->cancellable);
  g_free (w);
}

static gint64
lookup_paper_id (sqlite3_stmt *lookup,
                 const char   *arxiv_id,
                 int          *rc)
{
  gint64 id = 0;

  sqlite3_bind_text (lookup, 1, arxiv_id, -1, SQLITE_TRANSIENT);
  if ((*rc = sqlite3_step (lookup)) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (lookup, 0);
      *rc = SQLITE_DONE;
    }
  sqlite3_reset (lookup);

  return id;
}

static gboolean
read_ranking (sqlite3  *db,
              GArray   *ranking,
              GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if ((rc = sqlite3_prepare_v2 (db, "SELECT paper_id FROM trending ORDER BY rank",
                                -1, &stmt, NULL)) != SQLITE_OK)
    return set_sqlite_error (error, db, rc, _("Cannot save the trending papers"));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ranking, id);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, db, rc, _("Cannot save the trending papers"));

  return TRUE;
}

static gboolean
set_trending_func (sqlite3         *db,
                   gpointer         data,
                   gboolean        *changed,
                   gpointer        *result,
                   GDestroyNotify  *result_free,
                   GError         **error)
{
  TrendingWrite *w = data;
  g_autoptr(GArray) ranking = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) old = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* Unlike the user's data, a ranking from a sync that was called off can be dropped. */
  if (g_cancellable_set_error_if_cancelled (w->cancellable, error))
    return FALSE;

  if ((rc = sqlite3_prepare_v2 (db, "SELECT id FROM papers WHERE arxiv_id = ?1",
                                -1, &stmt, NULL)) != SQLITE_OK)
    return set_sqlite_error (error, db, rc, _("Cannot save the trending papers"));
  rc = SQLITE_DONE;

  for (guint i = 0; i < w->arxiv_ids->len && rc == SQLITE_DONE; i++)
    {
      const char *arxiv_id = g_ptr_array_index (w->arxiv_ids, i);
      gint64 id;

      if (arxiv_id == NULL)
        continue;

      /* Stored ids are normalised; the list may carry a version or a URL. */
      if ((id = lookup_paper_id (stmt, arxiv_id, &rc)) == 0 && rc == SQLITE_DONE)
        {
          g_autofree char *normal = gleaner_arxiv_id_normalize (arxiv_id);

          if (normal != NULL && strcmp (normal, arxiv_id) != 0)
            id = lookup_paper_id (stmt, normal, &rc);
        }

      /* Unknown papers are skipped; a paper listed twice keeps its first rank. */
      if (id != 0 && !g_hash_table_contains (seen, &id))
        {
          g_hash_table_add (seen, g_memdup2 (&id, sizeof id));
          g_array_append_val (ranking, id);
        }
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, db, rc, _("Cannot save the trending papers"));

  if (!read_ranking (db, old, error))
    return FALSE;

  if (old->len == ranking->len &&
      memcmp (old->data, ranking->data, ranking->len * sizeof (gint64)) == 0)
    return TRUE;

  if (!exec_sql (db, "DELETE FROM trending", error))
    return FALSE;

  if ((rc = sqlite3_prepare_v2 (db, "INSERT INTO trending (paper_id, rank) VALUES (?1, ?2)",
                                -1, &stmt, NULL)) != SQLITE_OK)
    return set_sqlite_error (error, db, rc, _("Cannot save the trending papers"));
  rc = SQLITE_DONE;

  for (guint i = 0; i < ranking->len && rc == SQLITE_DONE; i++)
    {
      sqlite3_bind_int64 (stmt, 1, g_array_index (ranking, gint64, i));
      sqlite3_bind_int (stmt, 2, i);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, db, rc, _("Cannot save the trending papers"));

  *changed = TRUE;

  return TRUE;
}

void
gleaner_store_set_trending_async (GleanerStore        *self,
                                  GPtrArray           *arxiv_ids,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  TrendingWrite *w;

  g_return_if_fail (GLEANER_IS_STORE (self));
  g_return_if_fail (arxiv_ids != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  w = g_new0 (TrendingWrite, 1);
  w->arxiv_ids = g_ptr_array_new_full (arxiv_ids->len, g_free);
  for (guint i = 0; i < arxiv_ids->len; i++)
    g_ptr_array_add (w->arxiv_ids, g_strdup (g_ptr_array_index (arxiv_ids, i)));
  w->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;

  _gleaner_store_write_async (self, set_trending_func, w, (GDestroyNotify)trending_write_free,
                              GLEANER_STORE_CHANGE_TRENDING, gleaner_store_set_trending_async,
                              cancellable, callback, user_data);
}

int
gleaner_store_get_trending_rank (GleanerStore  *self,
                                 const char    *arxiv_id,
                                 GError       **error)
{
  gint64 rank = -1;

  g_return_val_if_fail (GLEANER_IS_STORE (self), -1);

  if (arxiv_id == NULL)
    return -1;

  if (!read_int64 (self->reader,
                   "SELECT t.rank FROM papers p CROSS JOIN trending t ON t.paper_id = p.id"
                   " WHERE p.arxiv_id = ?1",
                   arxiv_id, &rank, _("Cannot read the trending list"), error))
    return -1;

  return rank;
}

void
gleaner_upsert_result_free (GleanerUpsertResult *result)
{
  if (result == NULL)
    return;

  g_clear_pointer (&result->new_ids, g_ptr_array_unref);
  g_free (result);
}

static GleanerUpsertResult *
gleaner_upsert_result_copy (GleanerUpsertResult *result)
{
  GleanerUpsertResult *copy = g_new0 (GleanerUpsertResult, 1);

  copy->added = result->added;
  copy->updated = result->updated;
  copy->new_ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; result->new_ids && i < result->new_ids->len; i++)
    g_ptr_array_add (copy->new_ids, g_strdup (g_ptr_array_index (result->new_ids, i)));

  return copy;
}
