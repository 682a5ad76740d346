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
 * matches of a search come first without reading, let alone sorting, every match. A paper
 * is indexed at its trend key of the time; when only its votes change, its entry stays put
 * (re-tokenizing its text to move it cost most of a re-sync) and the table fts_moved
 * remembers where it is, and the searches in vote order place those few papers by their real key
 * (gleaner-store-voted.c).
 *
 * This file holds the object, its opening (on the caller's thread for gleaner_store_new(),
 * on the writer thread for gleaner_store_new_async()) and the synchronous reads (tests, the
 * command line, the list's rows); the schema, the writer thread, the main loop's reads,
 * search matches, list queries, saved searches, unread counts and the trending list each have
 * their own gleaner-store-*.c, sharing gleaner-store-internal.h.
 */

#define G_LOG_DOMAIN "gleaner-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "gleaner-store-internal.h"

G_DEFINE_FINAL_TYPE (GleanerStore, gleaner_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (gleaner-store-error-quark, gleaner_store_error)

static GleanerUpsertResult *gleaner_upsert_result_copy (GleanerUpsertResult *result);

G_DEFINE_BOXED_TYPE (GleanerUpsertResult, gleaner_upsert_result,
                     gleaner_upsert_result_copy, gleaner_upsert_result_free)

enum {
  CHANGED,
  PAPER_STATE_CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

#define MAIN_BUSY_TIMEOUT_MS 10

/* A listing names no primary category, but lists it first (as the parser keeps it): until an
 * API lookup says otherwise, the first category stands for it. */
#define PAPER_COLUMNS \
  "p.id, p.arxiv_id, p.title, p.abstract, p.authors, p.ai_summary, p.ai_keywords, " \
  "p.published, p.submitted, p.daily_date, p.upvotes, p.num_comments, p.github_repo, " \
  "p.github_stars, p.project_page, p.thumbnail, " \
  "coalesce (u.starred, 0), coalesce (u.read, 0), " \
  "p.categories, coalesce (p.primary_category, json_extract (p.categories, '$[0]')), " \
  "p.comments, p.journal_ref, p.doi, p.license, " \
  "p.version, p.updated, p.withdrawn, p.sources"

#define PAPER_FROM \
  " FROM papers p LEFT JOIN user_state u ON u.arxiv_id = p.arxiv_id "

sqlite3 *
_gleaner_store_open_reader (GleanerStore  *self,
                            GError       **error)
{
  sqlite3 *db;

  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);

  if ((db = _gleaner_store_open_connection (self->path, error)) != NULL)
    _gleaner_store_exec (db, "PRAGMA cache_size = -" G_STRINGIFY (GLEANER_STORE_READ_CACHE_KIB), NULL);
  return db;
}

/* ---------------------------------------------------------------------------------------- */
/* Reading rows */

char *
_gleaner_store_dup_column_text (sqlite3_stmt *stmt,
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
  gleaner_paper_take_categories (paper, read_list (stmt, 18));
  gleaner_paper_set_primary_category (paper, (const char *)sqlite3_column_text (stmt, 19));
  gleaner_paper_set_comments (paper, (const char *)sqlite3_column_text (stmt, 20));
  gleaner_paper_set_journal_ref (paper, (const char *)sqlite3_column_text (stmt, 21));
  gleaner_paper_set_doi (paper, (const char *)sqlite3_column_text (stmt, 22));
  gleaner_paper_set_license (paper, (const char *)sqlite3_column_text (stmt, 23));
  gleaner_paper_set_version (paper, sqlite3_column_int64 (stmt, 24));
  gleaner_paper_set_updated (paper, sqlite3_column_int64 (stmt, 25));
  gleaner_paper_set_withdrawn (paper, sqlite3_column_int (stmt, 26));
  gleaner_paper_set_sources (paper, sqlite3_column_int (stmt, 27));

  return paper;
}

/* ---------------------------------------------------------------------------------------- */
/* GObject */

static void
gleaner_store_finalize (GObject *object)
{
  GleanerStore *self = (GleanerStore *)object;

  if (self->thread != NULL)
    {
      _gleaner_store_writer_stop (self);
      self->thread = NULL;
    }

  /* Counting tasks hold a reference to the store, so none runs any more. */
  g_clear_pointer (&self->count_db, sqlite3_close);
  g_mutex_clear (&self->count_mutex);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->saved_searches, g_ptr_array_unref);
  g_mutex_clear (&self->pending_mutex);
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

  /**
   * GleanerStore::paper-state-changed:
   * @id: the paper's arXiv id
   * @state: a #GleanerPaperState
   * @value: the new value of that mark
   *
   * Emitted when a star or read mark is set, as the write is queued.
   */
  signals [PAPER_STATE_CHANGED] =
    g_signal_new ("paper-state-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_INT, G_TYPE_BOOLEAN);
}

static void
gleaner_store_init (GleanerStore *self)
{
  self->queue = g_async_queue_new ();
  self->index_untidy = TRUE;
  self->tidy_quiet_ms = GLEANER_STORE_TIDY_QUIET_MS;
  self->main_context = g_main_context_ref_thread_default ();
  g_mutex_init (&self->count_mutex);
  g_mutex_init (&self->pending_mutex);
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

void
_gleaner_store_emit_changed (GleanerStore       *self,
                             GleanerStoreChange  change)
{
  g_signal_emit (self, signals [CHANGED], 0, change);
}

/* One paper's queued marks: the latest value of each, and how many writes are in flight. */
typedef struct
{
  gboolean starred;
  gboolean read;
  guint    n_starred;
  guint    n_read;
} PendingState;

void
_gleaner_store_pending_add (GleanerStore *self,
                            const char   *id,
                            gboolean      starred,
                            gboolean      value)
{
  PendingState *state;

  g_mutex_lock (&self->pending_mutex);
  if (!(state = g_hash_table_lookup (self->pending, id)))
    {
      state = g_new0 (PendingState, 1);
      g_hash_table_insert (self->pending, g_strdup (id), state);
    }
  if (starred)
    {
      state->starred = !!value;
      state->n_starred++;
    }
  else
    {
      state->read = !!value;
      state->n_read++;
    }
  g_mutex_unlock (&self->pending_mutex);
}

void
_gleaner_store_pending_remove (GleanerStore *self,
                               const char   *id,
                               gboolean      starred)
{
  PendingState *state;

  g_mutex_lock (&self->pending_mutex);
  if ((state = g_hash_table_lookup (self->pending, id)))
    {
      if (starred && state->n_starred > 0)
        state->n_starred--;
      else if (!starred && state->n_read > 0)
        state->n_read--;
      self->pending_generation++;
      if (state->n_starred == 0 && state->n_read == 0)
        g_hash_table_remove (self->pending, id);
    }
  g_mutex_unlock (&self->pending_mutex);
}

gboolean
_gleaner_store_has_pending_marks (GleanerStore *self)
{
  gboolean pending;

  g_return_val_if_fail (GLEANER_IS_STORE (self), FALSE);

  g_mutex_lock (&self->pending_mutex);
  pending = g_hash_table_size (self->pending) > 0;
  g_mutex_unlock (&self->pending_mutex);

  return pending;
}

GPtrArray *
_gleaner_store_dup_pending_ids (GleanerStore *self)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  const char *id;

  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);

  g_mutex_lock (&self->pending_mutex);
  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, (gpointer *)&id, NULL))
    g_ptr_array_add (ids, g_strdup (id));
  g_mutex_unlock (&self->pending_mutex);

  return ids;
}

void
_gleaner_store_pending_apply (GleanerStore *self,
                              GleanerPaper *paper)
{
  PendingState *state;
  gboolean has_starred = FALSE, has_read = FALSE, starred = FALSE, read = FALSE;

  g_mutex_lock (&self->pending_mutex);
  if (g_hash_table_size (self->pending) > 0 &&
      (state = g_hash_table_lookup (self->pending, gleaner_paper_get_id (paper))))
    {
      has_starred = state->n_starred > 0;
      starred = state->starred;
      has_read = state->n_read > 0;
      read = state->read;
    }
  g_mutex_unlock (&self->pending_mutex);

  /* Outside the lock: setting a property may run "notify" handlers. */
  if (has_starred)
    gleaner_paper_set_starred (paper, starred);
  if (has_read)
    gleaner_paper_set_read (paper, read);
}

void
_gleaner_store_emit_paper_state_changed (GleanerStore      *self,
                                         const char        *id,
                                         GleanerPaperState  state,
                                         gboolean           value)
{
  g_signal_emit (self, signals [PAPER_STATE_CHANGED], 0, id, state, !!value);
}

char *
gleaner_store_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "gleaner", "gleaner.db", NULL);
}

/* Creates the folder, opens and migrates the database, opens the main thread's reader and
 * reads what the main loop keeps in memory. Runs on whichever thread opens the store: the
 * caller's for gleaner_store_new(), the writer's for gleaner_store_new_async(). */
gboolean
_gleaner_store_open (GleanerStore  *self,
                     GError       **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *journal_mode = NULL;
  gint64 found = 0;

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, GLEANER_STORE_ERROR, GLEANER_STORE_ERROR_OPEN,
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (errsv));
      return FALSE;
    }

  if (!(self->writer = _gleaner_store_open_connection (self->path, error)) ||
      !_gleaner_store_migrate (self->writer, GLEANER_STORE_SCHEMA_VERSION, &self->schema_version,
                               &journal_mode, error) ||
      !(self->reader = _gleaner_store_open_connection (self->path, error)))
    return FALSE;

  /* The main thread's connection never waits long for a lock (a checkpoint, another
   * process's write): a read that fails says so, which beats a frozen window. */
  sqlite3_busy_timeout (self->reader, MAIN_BUSY_TIMEOUT_MS);

  /* Writing the index merges its segments, which reads them back: with SQLite's default 2 MB
   * cache those reads went to the kernel (a third of the time of storing 100,000 papers).
   * The writer hands the memory back whenever it runs out of work. */
  if (!_gleaner_store_exec (self->writer, "PRAGMA cache_size = -" G_STRINGIFY (GLEANER_STORE_WRITER_CACHE_KIB),
                            error))
    return FALSE;

  if (!_gleaner_store_read_int64 (self->writer, "SELECT 1 FROM papers LIMIT 1", NULL, &found,
                                  _("Cannot read the papers"), error) ||
      !(self->saved_searches = _gleaner_store_list_saved_searches_on (self->writer, error)))
    return FALSE;
  self->has_papers = found != 0;

  /* Still correct without WAL, but a reader then waits (up to the busy timeout) while a
   * sync commits: worth one line in the log, not an error. */
  if (g_strcmp0 (journal_mode, "wal") != 0)
    g_message ("The file system of “%s” does not support WAL (journal mode is “%s”): "
               "reading the papers may wait while a sync writes them",
               self->path, journal_mode);

  return TRUE;
}

GleanerStore *
gleaner_store_new (const char  *path,
                   GError     **error)
{
  g_autoptr(GleanerStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (GLEANER_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  if (!_gleaner_store_open (self, error))
    return NULL;

  self->thread = g_thread_new ("GleanerStoreWriter", _gleaner_store_writer_thread_func, self);

  return g_steal_pointer (&self);
}

void
gleaner_store_new_async (const char          *path,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GleanerStore *self;

  g_return_if_fail (path != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  self = g_object_new (GLEANER_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  /* The task owns the store until the open is done; the writer thread opens it before it
   * takes any write (see _gleaner_store_writer_thread_func()). */
  self->open_task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (self->open_task, gleaner_store_new_async);
  g_task_set_task_data (self->open_task, self, g_object_unref);

  self->thread = g_thread_new ("GleanerStoreWriter", _gleaner_store_writer_thread_func, self);
}

GleanerStore *
gleaner_store_new_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gleaner_store_new_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
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

sqlite3 *
_gleaner_store_get_reader (GleanerStore *self)
{
  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);

  return self->reader;
}

char *
_gleaner_store_dup_meta_on (sqlite3     *db,
                            const char  *key,
                            GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = ?1", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        value = _gleaner_store_dup_column_text (stmt, 0);
    }

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _gleaner_store_set_error (error, db, rc, _("Cannot read the stored settings"));

  sqlite3_finalize (stmt);

  return value;
}

char *
gleaner_store_dup_meta (GleanerStore  *self,
                        const char    *key,
                        GError       **error)
{
  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return _gleaner_store_dup_meta_on (self->reader, key, error);
}

/* The paper in @stmt's one row, or NULL with @error set. */
static GleanerPaper *
step_paper (sqlite3_stmt  *stmt,
            GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return paper_from_stmt (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No such paper"));
  else
    _gleaner_store_set_error (error, sqlite3_db_handle (stmt), rc, _("Cannot read the paper"));
  return NULL;
}

GleanerPaper *
_gleaner_store_load_paper_on (sqlite3     *db,
                              const char  *id,
                              gint64       rowid,
                              GError     **error)
{
  static const char by_id_sql[] = "SELECT " PAPER_COLUMNS PAPER_FROM "WHERE p.arxiv_id = ?1";
  sqlite3_stmt *stmt = NULL;
  GleanerPaper *paper = NULL;
  int rc;

  if (id == NULL)
    {
      if (!(stmt = _gleaner_store_prepare_load_rowid (db, FALSE, error)))
        return NULL;
      paper = _gleaner_store_load_rowid_with (stmt, rowid, error);
      sqlite3_finalize (stmt);
      return paper;
    }

  rc = sqlite3_prepare_v2 (db, by_id_sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _gleaner_store_set_error (error, db, rc, _("Cannot read the paper"));
      return NULL;
    }

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  paper = step_paper (stmt, error);
  sqlite3_finalize (stmt);

  return paper;
}

sqlite3_stmt *
_gleaner_store_prepare_load_rowid (sqlite3   *db,
                                   gboolean   persistent,
                                   GError   **error)
{
  static const char by_rowid_sql[] = "SELECT " PAPER_COLUMNS PAPER_FROM "WHERE p.id = ?1";
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v3 (db, by_rowid_sql, -1, persistent ? SQLITE_PREPARE_PERSISTENT : 0,
                           &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _gleaner_store_set_error (error, db, rc, _("Cannot read the paper"));
      return NULL;
    }

  return stmt;
}

GleanerPaper *
_gleaner_store_load_rowid_with (sqlite3_stmt  *stmt,
                                gint64         rowid,
                                GError       **error)
{
  GleanerPaper *paper;

  sqlite3_bind_int64 (stmt, 1, rowid);
  paper = step_paper (stmt, error);

  /* Reset at once: a statement kept between reads must not keep its read transaction open
   * (it would hold back every checkpoint of the WAL). */
  sqlite3_reset (stmt);

  return paper;
}

static guint
pending_generation (GleanerStore *self)
{
  guint generation;

  g_mutex_lock (&self->pending_mutex);
  generation = self->pending_generation;
  g_mutex_unlock (&self->pending_mutex);

  return generation;
}

/* Reads a paper on the main thread's connection with the marks still queued for it. A mark
 * that commits while the row is read may have left the overlay before it is applied, with
 * the row read from before the commit: the paper showed the old mark. So the read is done
 * again when a mark left the overlay meanwhile (rare, and the next read sees the commit). */
static GleanerPaper *
load_with_pending_marks (GleanerStore  *self,
                         const char    *id,
                         gint64         rowid,
                         GError       **error)
{
  for (guint attempt = 0; ; attempt++)
    {
      guint generation = pending_generation (self);
      GleanerPaper *paper = _gleaner_store_load_paper_on (self->reader, id, rowid, error);

      if (paper == NULL)
        return NULL;

      _gleaner_store_pending_apply (self, paper);
      if (generation == pending_generation (self) || attempt == 8)
        return paper;

      g_object_unref (paper);
    }
}

GleanerPaper *
gleaner_store_load_paper (GleanerStore  *self,
                          const char    *id,
                          GError       **error)
{
  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return load_with_pending_marks (self, id, 0, error);
}

GleanerPaper *
_gleaner_store_load_rowid (GleanerStore  *self,
                           gint64         rowid,
                           GError       **error)
{
  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);

  return load_with_pending_marks (self, NULL, rowid, error);
}

/* Runs @sql, which yields at most one integer, into *@out (untouched when there is no row). */
gboolean
_gleaner_store_read_int64 (sqlite3     *db,
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
    return _gleaner_store_set_error (error, db, rc, what);

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
  if (!_gleaner_store_read_int64 (self->reader, "SELECT count(*) FROM papers", NULL, &count,
                   _("Cannot count the papers"), error))
    return -1;

  return count;
}

gboolean
gleaner_store_get_has_papers (GleanerStore *self)
{
  g_return_val_if_fail (GLEANER_IS_STORE (self), FALSE);

  return g_atomic_int_get (&self->has_papers);
}

gboolean
gleaner_store_has_papers (GleanerStore  *self,
                          GError       **error)
{
  gint64 found = 0;

  g_return_val_if_fail (GLEANER_IS_STORE (self), FALSE);

  _gleaner_store_read_int64 (self->reader, "SELECT 1 FROM papers LIMIT 1", NULL, &found,
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
      _gleaner_store_set_error (error, self->reader, rc, _("Cannot search papers"));
      return NULL;
    }

  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? limit : G_MAXINT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (papers, paper_from_stmt (stmt));

  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      _gleaner_store_set_error (error, self->reader, rc, _("Cannot search papers"));
      return NULL;
    }

  return g_steal_pointer (&papers);
}

GPtrArray *
_gleaner_store_list_starred_on (sqlite3  *db,
                                GError  **error)
{
  g_autoptr(GPtrArray) papers = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db,
                           "SELECT " PAPER_COLUMNS " FROM user_state u"
                           " CROSS JOIN papers p ON p.arxiv_id = u.arxiv_id"
                           " WHERE u.starred ORDER BY u.starred_at DESC, p.id DESC",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _gleaner_store_set_error (error, db, rc, _("Cannot read starred papers"));
      return NULL;
    }

  papers = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (papers, paper_from_stmt (stmt));
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      _gleaner_store_set_error (error, db, rc, _("Cannot read starred papers"));
      return NULL;
    }

  return g_steal_pointer (&papers);
}

GPtrArray *
gleaner_store_list_starred (GleanerStore  *self,
                            GError       **error)
{
  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);

  return _gleaner_store_list_starred_on (self->reader, error);
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
