/* gleaner-store-writer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The writer thread: it owns the writing connection and runs every write in one
 * transaction, then completes the caller's task on the caller's context.
 */

#define G_LOG_DOMAIN "gleaner-store"

#include "config.h"

#include <glib/gi18n.h>

#include "gleaner-store-internal.h"

/* Messages for the writer thread. Every write is a GleanerStoreWriteFunc run in one
 * transaction (EXEC); the others only synchronise with the thread. */
typedef enum
{
  MSG_EXEC,
  MSG_READ,
  MSG_FLUSH,
  MSG_QUIT,
} MsgKind;

typedef struct
{
  MsgKind       kind;
  GTask        *task;       /* NULL for FLUSH and QUIT */
  /* EXEC */
  GleanerStoreWriteFunc  func;
  gpointer               data;
  GDestroyNotify         data_free;
  GleanerStoreChange     change;
  /* READ */
  GleanerStoreReadFunc   read_func;
  GDestroyNotify         result_free;
  /* FLUSH */
  GMutex       *mutex;
  GCond        *cond;
  gboolean     *done;
} Msg;

/* ---------------------------------------------------------------------------------------- */
/* Writer thread */

static void
msg_free (Msg *msg)
{
  g_clear_object (&msg->task);
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
  GPtrArray          *saved_searches;  /* the new snapshot after a saved-search write */
} Completion;

static gboolean
complete_in_main_cb (gpointer user_data)
{
  Completion *c = user_data;

  if (c->saved_searches != NULL)
    {
      g_clear_pointer (&c->self->saved_searches, g_ptr_array_unref);
      c->self->saved_searches = g_steal_pointer (&c->saved_searches);
    }

  /* Listeners (list models) hear about the change before the caller's callback runs. */
  if (c->changed)
    _gleaner_store_emit_changed (c->self, c->change);

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
          GPtrArray          *saved_searches,
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
  c->saved_searches = saved_searches;

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
          return _gleaner_store_set_error (error, sqlite3_db_handle (quote), rc, _("Cannot save papers"));
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

  _gleaner_tokenize_into (tok, gleaner_paper_get_title (paper), FTS5_TOKENIZE_DOCUMENT, words);
  _gleaner_tokenize_into (tok, gleaner_paper_get_abstract (paper), FTS5_TOKENIZE_DOCUMENT, words);
  for (guint i = 0; authors[i]; i++)
    _gleaner_tokenize_into (tok, authors[i], FTS5_TOKENIZE_DOCUMENT, words);
  for (guint i = 0; keywords[i]; i++)
    _gleaner_tokenize_into (tok, keywords[i], FTS5_TOKENIZE_DOCUMENT, words);
}

/* Stores @papers on @db, the writer's connection, inside the caller's transaction: a failed
 * batch is rolled back whole. */
static gboolean
do_upsert (GleanerStore         *self,
           sqlite3              *db,
           GPtrArray            *papers,
           GleanerUpsertResult  *result,
           GError              **error)
{
  sqlite3_stmt *insert = NULL;
  sqlite3_stmt *update = NULL;
  sqlite3_stmt *add_term = NULL;
  sqlite3_stmt *quote = NULL;
  g_autoptr(GHashTable) words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  Tokenizer *tok;
  int rc;

  if (self->writer_tokenizer == NULL)
    self->writer_tokenizer = _gleaner_tokenizer_new (db);
  tok = self->writer_tokenizer;

  if ((rc = sqlite3_prepare_v2 (db, "INSERT OR IGNORE INTO terms (term) VALUES (?1)",
                                -1, &add_term, NULL)) != SQLITE_OK ||
      (rc = sqlite3_prepare_v2 (db, "SELECT json_quote (?1)", -1, &quote, NULL)) != SQLITE_OK ||
      (rc = sqlite3_prepare_v2 (db, insert_sql, -1, &insert, NULL)) != SQLITE_OK ||
      (rc = sqlite3_prepare_v2 (db, update_sql, -1, &update, NULL)) != SQLITE_OK)
    {
      _gleaner_store_set_error (error, db, rc, _("Cannot save papers"));
      goto failure;
    }

  for (guint i = 0; i < papers->len; i++)
    {
      GleanerPaper *paper = g_ptr_array_index (papers, i);
      g_autofree char *authors = NULL;
      g_autofree char *keywords = NULL;

      if (gleaner_paper_get_id (paper) == NULL || gleaner_paper_get_title (paper) == NULL)
        continue;

      if (!dup_list (quote, gleaner_paper_get_authors (paper), &authors, error) ||
          !dup_list (quote, gleaner_paper_get_ai_keywords (paper), &keywords, error))
        goto failure;

      bind_paper (insert, paper, authors, keywords, now);
      rc = sqlite3_step (insert);
      sqlite3_reset (insert);
      sqlite3_clear_bindings (insert);

      if (rc != SQLITE_DONE)
        {
          _gleaner_store_set_error (error, db, rc, _("Cannot save papers"));
          goto failure;
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
          _gleaner_store_set_error (error, db, rc, _("Cannot save papers"));
          goto failure;
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
            _gleaner_store_set_error (error, db, rc, _("Cannot save papers"));
            goto failure;
          }
      }
  }

  sqlite3_finalize (add_term);
  sqlite3_finalize (quote);
  sqlite3_finalize (insert);
  sqlite3_finalize (update);

  return TRUE;

failure:
  sqlite3_finalize (add_term);
  sqlite3_finalize (quote);
  sqlite3_finalize (insert);
  sqlite3_finalize (update);

  return FALSE;
}

typedef struct
{
  GleanerStore *self;          /* the task's source object keeps it alive */
  GPtrArray    *papers;
  GCancellable *cancellable;
} UpsertWrite;

static void
upsert_write_free (UpsertWrite *w)
{
  g_clear_pointer (&w->papers, g_ptr_array_unref);
  g_clear_object (&w->cancellable);
  g_free (w);
}

static gboolean
upsert_func (sqlite3         *db,
             gpointer         data,
             gboolean        *changed,
             gpointer        *out_result,
             GDestroyNotify  *result_free,
             GError         **error)
{
  UpsertWrite *w = data;
  g_autoptr(GleanerUpsertResult) result = g_new0 (GleanerUpsertResult, 1);

  result->new_ids = g_ptr_array_new_with_free_func (g_free);

  /* A sync that was cancelled stores nothing more. */
  if (g_cancellable_set_error_if_cancelled (w->cancellable, error) ||
      !do_upsert (w->self, db, w->papers, result, error))
    return FALSE;

  *changed = result->added > 0 || result->updated > 0;
  if (result->added > 0)
    g_atomic_int_set (&w->self->has_papers, TRUE);
  *out_result = g_steal_pointer (&result);
  *result_free = (GDestroyNotify)gleaner_upsert_result_free;

  return TRUE;
}

typedef struct
{
  GleanerStore *store;
  char     *arxiv_id;
  gboolean  starred_column;   /* else the read column */
  gboolean  value;
} StateWrite;

/* Runs after the write's transaction ended (committed or not): the database now tells. */
static void
state_write_free (StateWrite *w)
{
  _gleaner_store_pending_remove (w->store, w->arxiv_id, w->starred_column);
  g_free (w->arxiv_id);
  g_free (w);
}

static gboolean
set_state_func (sqlite3         *db,
                gpointer         data,
                gboolean        *changed,
                gpointer        *result,
                GDestroyNotify  *result_free,
                GError         **error)
{
  StateWrite *w = data;
  static const char starred_sql[] =
    "INSERT INTO user_state (arxiv_id, starred, starred_at) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (arxiv_id) DO UPDATE SET starred = ?2, starred_at = ?3";
  static const char read_sql[] =
    "INSERT INTO user_state (arxiv_id, read, read_at) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (arxiv_id) DO UPDATE SET read = ?2, read_at = ?3";
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, w->starred_column ? starred_sql : read_sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return _gleaner_store_set_error (error, db, rc, _("Cannot save the change"));

  sqlite3_bind_text (stmt, 1, w->arxiv_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, !!w->value);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    return _gleaner_store_set_error (error, db, rc, _("Cannot save the change"));

  *changed = TRUE;
  return TRUE;
}

typedef struct
{
  char *key;
  char *value;
} MetaWrite;

static void
meta_write_free (MetaWrite *w)
{
  g_free (w->key);
  g_free (w->value);
  g_free (w);
}

/* Metadata is the app's own bookkeeping: listeners hear nothing. */
static gboolean
set_meta_func (sqlite3         *db,
               gpointer         data,
               gboolean        *changed,
               gpointer        *result,
               GDestroyNotify  *result_free,
               GError         **error)
{
  MetaWrite *w = data;
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db,
                           "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return _gleaner_store_set_error (error, db, rc, _("Cannot save the change"));

  sqlite3_bind_text (stmt, 1, w->key, -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 2, w->value);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    return _gleaner_store_set_error (error, db, rc, _("Cannot save the change"));

  return TRUE;
}

typedef struct
{
  GTask  *task;    /* its task data is the store */
  GError *error;
} OpenDone;

/* The end of gleaner_store_new_async(), on the caller's context. */
static gboolean
open_done_cb (gpointer user_data)
{
  OpenDone *done = user_data;
  GleanerStore *self = g_task_get_task_data (done->task);

  if (done->error != NULL)
    {
      /* The thread ended after the failed open: nothing runs on the store any more. */
      g_thread_join (g_steal_pointer (&self->thread));
      g_task_return_error (done->task, g_steal_pointer (&done->error));
    }
  else
    g_task_return_pointer (done->task, g_object_ref (self), g_object_unref);

  g_object_unref (done->task);
  g_free (done);

  return G_SOURCE_REMOVE;
}

/* Opens the store for gleaner_store_new_async(); FALSE when the thread should end. */
static gboolean
open_in_thread (GleanerStore *self)
{
  OpenDone *done = g_new0 (OpenDone, 1);
  gboolean opened;
  GSource *source;

  done->task = g_steal_pointer (&self->open_task);
  opened = !g_cancellable_set_error_if_cancelled (g_task_get_cancellable (done->task),
                                                  &done->error) &&
           _gleaner_store_open (self, &done->error);

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, open_done_cb, done, NULL);
  g_source_set_static_name (source, "[gleaner] store opened");
  g_source_attach (source, g_task_get_context (done->task));
  g_source_unref (source);

  return opened;
}

gpointer
_gleaner_store_writer_thread_func (gpointer data)
{
  GleanerStore *self = data;

  if (self->open_task != NULL && !open_in_thread (self))
    return NULL;

  for (;;)
    {
      Msg *msg = g_async_queue_pop (self->queue);
      GError *error = NULL;

      switch (msg->kind)
        {
        case MSG_EXEC:
          {
            gpointer result = NULL;
            GDestroyNotify result_free = NULL;
            gboolean changed = FALSE;
            /* Read in the write's transaction, so the snapshot is what it committed. */
            GPtrArray *saved_searches = NULL;

            if (!_gleaner_store_exec (self->writer, "BEGIN IMMEDIATE", &error))
              {
                complete (self, msg, FALSE, 0, NULL, NULL, NULL, error);
                break;
              }

            if (msg->func (self->writer, msg->data, &changed, &result, &result_free, &error) &&
                (!changed || msg->change != GLEANER_STORE_CHANGE_SAVED_SEARCHES ||
                 (saved_searches = _gleaner_store_list_saved_searches_on (self->writer, &error))) &&
                _gleaner_store_exec (self->writer, "COMMIT", &error))
              {
                complete (self, msg, changed, msg->change, result, result_free,
                          g_steal_pointer (&saved_searches), NULL);
              }
            else
              {
                g_clear_pointer (&saved_searches, g_ptr_array_unref);
                if (result_free != NULL && result != NULL)
                  result_free (result);
                _gleaner_store_exec (self->writer, "ROLLBACK", NULL);
                complete (self, msg, FALSE, 0, NULL, NULL, NULL, error);
              }
          }
          break;

        case MSG_READ:
          {
            gpointer result = NULL;

            /* A cancelled read does not touch the database at all. The task is only ever
             * returned on its own context, by complete(). */
            if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (msg->task),
                                                       &error) &&
                _gleaner_store_exec (self->writer, "BEGIN", &error))
              {
                result = msg->read_func (self->writer, msg->data, &error);
                _gleaner_store_exec (self->writer, "COMMIT", NULL);
              }

            if (result != NULL)
              complete (self, msg, FALSE, 0, result, msg->result_free, NULL, NULL);
            else
              complete (self, msg, FALSE, 0, NULL, NULL, NULL, error);
          }
          break;

        case MSG_FLUSH:
          g_mutex_lock (msg->mutex);
          *msg->done = TRUE;
          g_cond_signal (msg->cond);
          g_mutex_unlock (msg->mutex);
          break;

        case MSG_QUIT:
          g_clear_pointer (&self->writer_tokenizer, _gleaner_tokenizer_free);
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

void
_gleaner_store_writer_stop (GleanerStore *self)
{
  Msg *msg = g_new0 (Msg, 1);

  msg->kind = MSG_QUIT;
  push (self, msg);
  g_thread_join (self->thread);
}

void
gleaner_store_upsert_async (GleanerStore        *self,
                            GPtrArray           *papers,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  UpsertWrite *w;

  g_return_if_fail (GLEANER_IS_STORE (self));
  g_return_if_fail (papers != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  w = g_new0 (UpsertWrite, 1);
  w->self = self;
  w->papers = g_ptr_array_ref (papers);
  g_set_object (&w->cancellable, cancellable);

  _gleaner_store_write_async (self, upsert_func, w, (GDestroyNotify)upsert_write_free,
                              GLEANER_STORE_CHANGE_PAPERS, gleaner_store_upsert_async,
                              cancellable, callback, user_data);
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

/* User state is written even if the caller went away: losing a star is worse. */
static void
set_state_async (GleanerStore        *self,
                 gboolean             starred_column,
                 const char          *id,
                 gboolean             value,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  StateWrite *w = g_new0 (StateWrite, 1);

  w->store = self;   /* the writer thread, and so every write, ends before the store */
  w->arxiv_id = g_strdup (id);
  w->starred_column = starred_column;
  w->value = value;
  /* Pending until its transaction ended: a read on another connection meanwhile may not see
   * it yet (see _gleaner_store_pending_apply()). */
  _gleaner_store_pending_add (self, id, starred_column, value);

  _gleaner_store_write_async (self, set_state_func, w, (GDestroyNotify)state_write_free,
                              GLEANER_STORE_CHANGE_USER_STATE, set_state_async,
                              cancellable, callback, user_data);

  _gleaner_store_emit_paper_state_changed (self, id,
                                           starred_column ? GLEANER_PAPER_STATE_STARRED
                                                          : GLEANER_PAPER_STATE_READ,
                                           value);
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

  set_state_async (self, TRUE, id, starred, cancellable, callback, user_data);
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

  set_state_async (self, FALSE, id, read, cancellable, callback, user_data);
}

gboolean
gleaner_store_set_state_finish (GleanerStore  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  /* Every write finishes alike. */
  return gleaner_store_write_finish (self, result, error);
}

void
gleaner_store_set_meta_async (GleanerStore        *self,
                              const char          *key,
                              const char          *value,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  MetaWrite *w;

  g_return_if_fail (GLEANER_IS_STORE (self));
  g_return_if_fail (key != NULL);

  w = g_new0 (MetaWrite, 1);
  w->key = g_strdup (key);
  w->value = g_strdup (value);

  _gleaner_store_write_async (self, set_meta_func, w, (GDestroyNotify)meta_write_free,
                              GLEANER_STORE_CHANGE_PAPERS, gleaner_store_set_meta_async,
                              cancellable, callback, user_data);
}

gboolean
gleaner_store_set_meta_finish (GleanerStore  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  /* Every write finishes alike. */
  return gleaner_store_write_finish (self, result, error);
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

void
_gleaner_store_read_async (GleanerStore          *self,
                           GleanerStoreReadFunc   func,
                           gpointer               data,
                           GDestroyNotify         data_free,
                           GDestroyNotify         result_free,
                           gpointer               source_tag,
                           GCancellable          *cancellable,
                           GAsyncReadyCallback    callback,
                           gpointer               user_data)
{
  Msg *msg;

  g_return_if_fail (GLEANER_IS_STORE (self));
  g_return_if_fail (func != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  msg = g_new0 (Msg, 1);
  msg->kind = MSG_READ;
  msg->read_func = func;
  msg->data = data;
  msg->data_free = data_free;
  msg->result_free = result_free;
  msg->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (msg->task, source_tag);

  push (self, msg);
}

/* Waits for the writer thread to reach a mark queued now. */
static void
wait_for_writer (GleanerStore *self)
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
}

void
gleaner_store_flush (GleanerStore *self)
{
  gboolean dispatched;

  g_return_if_fail (GLEANER_IS_STORE (self));

  /* Completions were queued on the caller's context; deliver them. A completion may queue
   * more work (a read whose callback writes), so repeat until the thread had nothing left. */
  do
    {
      wait_for_writer (self);
      dispatched = FALSE;
      while (g_main_context_iteration (self->main_context, FALSE))
        dispatched = TRUE;
    }
  while (dispatched);
}

