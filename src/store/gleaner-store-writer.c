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

#include "gleaner-thread.h"
#include "gleaner-store-internal.h"

/* Messages for the writer thread. Every write is a GleanerStoreWriteFunc run in one
 * transaction (EXEC); the others only synchronise with the thread. */
typedef enum
{
  MSG_EXEC,
  MSG_READ,
  MSG_FLUSH,
  MSG_TIDY,
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
  /* FLUSH and TIDY */
  GMutex       *mutex;
  GCond        *cond;
  gboolean     *done;
  guint        *n_steps;    /* TIDY */
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

  /* The write's data goes before anyone hears of it: freeing a mark's takes it out of the
   * pending overlay, and a list hearing "changed" forgets the marks it remembered only once
   * none is pending (_gleaner_paper_list_forget_settled_marks()). */
  if (msg->data_free != NULL)
    g_clear_pointer (&msg->data, msg->data_free);

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

/* Writes queued one behind the other commit together, at most this many. */
#define MAX_GROUP 16

typedef struct
{
  Msg            *msg;
  gboolean        changed;
  gpointer        result;
  GDestroyNotify  result_free;
  GPtrArray      *saved_searches;  /* the snapshot after a saved-search write, read in it */
  GError         *error;
} Outcome;

/* Hands fts_queue to the full-text index in one statement. Upserts only queue (triggers
 * cannot write the index row by row cheaply: see migration 8), so a group of pages becomes
 * one index segment: fewer, larger segments are less merging later, which was a third of the
 * cost of storing a page. Runs before the group commits, and before any other write of the
 * group, which may read the index. */
static gboolean
flush_index (GleanerStore  *self,
             GError       **error)
{
  if (!self->index_queued)
    return TRUE;

  if (!_gleaner_store_exec (self->writer, GLEANER_STORE_FTS_FLUSH_SQL, error))
    return FALSE;

  self->index_queued = FALSE;
  self->index_untidy = TRUE;
  return TRUE;
}

/* ---------------------------------------------------------------------------------------- */
/* Tidying the index */

/* Pages one merge step writes (about 800 KB; 78 ms a step on average while tidying the
 * 21 segments of 1,000,000 papers here): a write queued meanwhile waits for the step, never
 * for the whole merge. */
#define TIDY_STEP_PAGES 200
/* The steps read each page once: they get a small cache, not the one kept for syncs. */
#define TIDY_CACHE_KIB 2048

/* Every write adds a segment to the index, and FTS5 merges them only once 16 of a size are
 * there (schema 9, so a sync rewrites each paper's words fewer times), while each search
 * reads every segment. So once the store is quiet, the writer joins segments of a size two
 * at a time ('usermerge', schema 10), a step per transaction: readers (WAL) never wait for
 * it, and a write queued meanwhile comes next. Sets *@more if the step did some work (FTS5
 * documents that the changes count then grows by 2 or more). */
static gboolean
tidy_step (GleanerStore  *self,
           gboolean      *more,
           GError       **error)
{
  int before;

  *more = FALSE;
  if (!_gleaner_store_exec (self->writer, "BEGIN IMMEDIATE", error))
    return FALSE;

  before = sqlite3_total_changes (self->writer);
  if (!_gleaner_store_exec (self->writer,
                            "INSERT INTO papers_fts (papers_fts, rank)"
                            " VALUES ('merge', " G_STRINGIFY (TIDY_STEP_PAGES) ")", error) ||
      !_gleaner_store_exec (self->writer, "COMMIT", error))
    {
      _gleaner_store_exec (self->writer, "ROLLBACK", NULL);
      return FALSE;
    }

  *more = sqlite3_total_changes (self->writer) - before >= 2;
  return TRUE;
}

static void
tidy_begin (GleanerStore *self)
{
  if (self->tidying)
    return;

  self->tidying = TRUE;
  _gleaner_store_exec (self->writer, "PRAGMA cache_size = -" G_STRINGIFY (TIDY_CACHE_KIB), NULL);
  /* Never waits for another process's lock: the writes queued meanwhile would wait too. */
  sqlite3_busy_timeout (self->writer, 0);
}

static void
tidy_end (GleanerStore *self)
{
  if (!self->tidying)
    return;

  self->tidying = FALSE;
  sqlite3_busy_timeout (self->writer, GLEANER_STORE_BUSY_TIMEOUT_MS);
  _gleaner_store_exec (self->writer, "PRAGMA cache_size = -" G_STRINGIFY (GLEANER_STORE_WRITER_CACHE_KIB), NULL);
  sqlite3_db_release_memory (self->writer);
  _gleaner_store_trim_when_quiet ();
}

/* One step; returns whether it did some work. The index stays untidy after a failure (a
 * lock held by another process, a full disk) only until the next write: the user's data is
 * as it was, and a search is as right, only slower. */
static gboolean
tidy_index_step (GleanerStore *self)
{
  g_autoptr(GError) error = NULL;
  gboolean more = FALSE;

  tidy_begin (self);
  if (!tidy_step (self, &more, &error))
    g_debug ("Cannot join the search index's segments: %s", error->message);

  if (!more)
    {
      self->index_untidy = FALSE;
      tidy_end (self);
    }

  return more;
}

/* The next message. While the index is untidy, NULL once the store has been quiet for
 * tidy_quiet_ms, then at once while the steps go on and nothing else is queued. */
static Msg *
pop_message (GleanerStore *self)
{
  guint quiet_ms = (guint) g_atomic_int_get (&self->tidy_quiet_ms);
  Msg *msg;

  if (!self->index_untidy || quiet_ms == G_MAXUINT)
    msg = g_async_queue_pop (self->queue);
  else if (self->tidying)
    msg = g_async_queue_try_pop (self->queue);
  else
    msg = g_async_queue_timeout_pop (self->queue, (guint64) quiet_ms * 1000);

  /* Anything else comes first, and the store is quiet again only after it. */
  if (msg != NULL)
    tidy_end (self);

  return msg;
}

/* Runs one write inside the open transaction, in a savepoint: a write that fails is undone
 * alone, and the others of its group still commit. */
static void
run_in_savepoint (GleanerStore *self,
                  Outcome      *o)
{
  Msg *msg = o->msg;

  if (!_gleaner_store_is_upsert (msg->func) && !flush_index (self, &o->error))
    return;

  if (!_gleaner_store_exec (self->writer, "SAVEPOINT gleaner_write", &o->error))
    return;

  if (msg->func (self->writer, msg->data, &o->changed, &o->result, &o->result_free, &o->error) &&
      (!o->changed || msg->change != GLEANER_STORE_CHANGE_SAVED_SEARCHES ||
       (o->saved_searches = _gleaner_store_list_saved_searches_on (self->writer, &o->error))))
    {
      _gleaner_store_exec (self->writer, "RELEASE gleaner_write", NULL);
      return;
    }

  if (o->result_free != NULL && o->result != NULL)
    o->result_free (o->result);
  o->result = NULL;
  o->changed = FALSE;
  _gleaner_store_exec (self->writer, "ROLLBACK TO gleaner_write", NULL);
  _gleaner_store_exec (self->writer, "RELEASE gleaner_write", NULL);
  /* The words cached as stored may have been rolled back with it. */
  _gleaner_store_known_terms_clear (self);
}

/* Runs @first and the writes queued right behind it (group commit) in one transaction: one
 * commit and one fsync for the group instead of one each, which is most of a page's cost
 * once a sync outruns the writer.
 * Every write still completes only after its commit, so a crash loses none that completed.
 * Returns a message popped that is not a write, to handle next, or NULL. */
static Msg *
run_exec_group (GleanerStore *self,
                Msg          *first)
{
  Outcome group[MAX_GROUP] = { { 0 } };
  GError *error = NULL;
  Msg *next = NULL;
  guint n = 0;

  if (!_gleaner_store_exec (self->writer, "BEGIN IMMEDIATE", &error))
    {
      complete (self, first, FALSE, 0, NULL, NULL, NULL, error);
      msg_free (first);
      return NULL;
    }

  group[n++].msg = first;
  run_in_savepoint (self, &group[0]);
  while (n < MAX_GROUP && (next = g_async_queue_try_pop (self->queue)) != NULL &&
         next->kind == MSG_EXEC)
    {
      group[n].msg = g_steal_pointer (&next);
      run_in_savepoint (self, &group[n++]);
    }

  if (!flush_index (self, &error) || !_gleaner_store_exec (self->writer, "COMMIT", &error))
    {
      _gleaner_store_exec (self->writer, "ROLLBACK", NULL);
      _gleaner_store_known_terms_clear (self);
      self->index_queued = FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      Outcome *o = &group[i];

      if (error != NULL && o->error == NULL)
        {
          /* The commit failed: nothing of the group was stored. */
          if (o->result_free != NULL && o->result != NULL)
            o->result_free (o->result);
          g_clear_pointer (&o->saved_searches, g_ptr_array_unref);
          o->error = g_error_copy (error);
        }

      if (o->error != NULL)
        complete (self, o->msg, FALSE, 0, NULL, NULL, NULL, o->error);
      else
        complete (self, o->msg, o->changed, o->msg->change, o->result, o->result_free,
                  g_steal_pointer (&o->saved_searches), NULL);
      msg_free (o->msg);
    }

  g_clear_error (&error);

  /* Idle: the cache the index writes wanted is not kept for the next sync. */
  if (next == NULL && g_async_queue_length (self->queue) <= 0)
    sqlite3_db_release_memory (self->writer);

  return next;
}

gpointer
_gleaner_store_writer_thread_func (gpointer data)
{
  GleanerStore *self = data;
  Msg *next = NULL;

  gleaner_thread_make_background ();
  if (self->open_task != NULL && !open_in_thread (self))
    return NULL;

  for (;;)
    {
      Msg *msg = next != NULL ? g_steal_pointer (&next) : pop_message (self);
      GError *error = NULL;

      if (msg == NULL)
        {
          tidy_index_step (self);
          continue;
        }

      _gleaner_store_note_activity ();

      switch (msg->kind)
        {
        case MSG_EXEC:
          /* run_exec_group() may pop one message too many: the next to handle. */
          next = run_exec_group (self, msg);
          continue;

        case MSG_READ:
          {
            gpointer result = NULL;

            /* A cancelled read does not touch the database at all. The task is only ever
             * returned on its own context, by complete(). */
            if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (msg->task),
                                                       &error) &&
                _gleaner_store_exec (self->writer, "BEGIN", &error))
              {
                int misses = _gleaner_store_cache_misses (self->writer);

                /* The writer's large cache is for the index's merges. A read gets a reader's
                 * small one: counting a view's unread papers at 1,000,000
                 * papers otherwise filled all 32 MB of it, and kept it. */
                _gleaner_store_exec (self->writer, "PRAGMA cache_size = -" G_STRINGIFY (GLEANER_STORE_READ_CACHE_KIB),
                                     NULL);
                result = msg->read_func (self->writer, msg->data, &error);
                _gleaner_store_exec (self->writer, "COMMIT", NULL);
                _gleaner_store_drop_scanned_pages (self->writer, misses);
                _gleaner_store_exec (self->writer,
                                     "PRAGMA cache_size = -" G_STRINGIFY (GLEANER_STORE_WRITER_CACHE_KIB),
                                     NULL);
              }

            if (result != NULL)
              complete (self, msg, FALSE, 0, result, msg->result_free, NULL, NULL);
            else
              complete (self, msg, FALSE, 0, NULL, NULL, NULL, error);
          }
          break;

        case MSG_TIDY:
          self->index_untidy = TRUE;
          while (tidy_index_step (self))
            (*msg->n_steps)++;
          G_GNUC_FALLTHROUGH;

        case MSG_FLUSH:
          g_mutex_lock (msg->mutex);
          *msg->done = TRUE;
          g_cond_signal (msg->cond);
          g_mutex_unlock (msg->mutex);
          break;

        case MSG_QUIT:
          g_clear_pointer (&self->writer_tokenizer, _gleaner_tokenizer_free);
          g_clear_pointer (&self->known_terms, g_hash_table_unref);
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

/* Waits for the writer thread to reach a mark queued now (@kind MSG_FLUSH), or to have
 * tidied the index (MSG_TIDY, counting the steps in *@n_steps). */
static void
wait_for_writer (GleanerStore *self,
                 MsgKind       kind,
                 guint        *n_steps)
{
  GMutex mutex;
  GCond cond;
  gboolean done = FALSE;
  Msg *msg;

  g_return_if_fail (GLEANER_IS_STORE (self));

  g_mutex_init (&mutex);
  g_cond_init (&cond);

  msg = g_new0 (Msg, 1);
  msg->kind = kind;
  msg->mutex = &mutex;
  msg->cond = &cond;
  msg->done = &done;
  msg->n_steps = n_steps;
  push (self, msg);

  g_mutex_lock (&mutex);
  while (!done)
    g_cond_wait (&cond, &mutex);
  g_mutex_unlock (&mutex);

  g_mutex_clear (&mutex);
  g_cond_clear (&cond);
}

void
_gleaner_store_set_tidy_quiet_ms (GleanerStore *self,
                                  guint         quiet_ms)
{
  g_return_if_fail (GLEANER_IS_STORE (self));

  g_atomic_int_set (&self->tidy_quiet_ms, quiet_ms);
  /* Wakes the writer, so it waits for the new time. */
  wait_for_writer (self, MSG_FLUSH, NULL);
}

guint
_gleaner_store_tidy_index (GleanerStore *self)
{
  guint n_steps = 0;

  g_return_val_if_fail (GLEANER_IS_STORE (self), 0);

  wait_for_writer (self, MSG_TIDY, &n_steps);
  return n_steps;
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
      wait_for_writer (self, MSG_FLUSH, NULL);
      dispatched = FALSE;
      while (g_main_context_iteration (self->main_context, FALSE))
        dispatched = TRUE;
    }
  while (dispatched);
}

