/* gleaner-store-unread.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Unread counts of saved searches, on a worker thread with a connection of its own; the
 * list view's unread count and "Mark All as Read", on the store's thread.
 */

#define G_LOG_DOMAIN "gleaner-store"

#include "config.h"

#include <glib/gi18n.h>

#include "gleaner-thread.h"
#include "gleaner-store-internal.h"

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
      _gleaner_store_set_error (error, db, rc, _("Cannot count unread papers"));
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

  gleaner_thread_make_background ();
  _gleaner_store_note_activity ();

  /* The kept connection serves one count at a time; a count that overlaps another gets a
   * connection of its own rather than waiting. */
  if (g_mutex_trylock (&self->count_mutex))
    {
      if (self->count_db == NULL)
        self->count_db = _gleaner_store_open_reader (self, &error);
      if (self->count_db != NULL)
        counts = count_unread (self->count_db, specs, cancellable, &error);
      g_mutex_unlock (&self->count_mutex);
    }
  else
    {
      sqlite3 *db = _gleaner_store_open_reader (self, &error);

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
/* The list's view: its unread count, and "Mark All as Read" with its undo */

typedef struct
{
  char          *scope;    /* NULL: every source */
  char          *search;
  GleanerFilter  filter;
} ViewSpec;

static void
view_spec_free (ViewSpec *spec)
{
  g_free (spec->scope);
  g_free (spec->search);
  g_free (spec);
}

static ViewSpec *
view_spec_new (const char    *scope,
               GleanerFilter  filter,
               const char    *search)
{
  ViewSpec *spec = g_new0 (ViewSpec, 1);

  spec->scope = g_strdup (scope);
  spec->search = g_strdup (search);
  spec->filter = filter;
  return spec;
}

/* The row ids (guint32, as a list keeps them: 4 MB for a million papers counted at start-up,
 * not 8) of the unread papers the list shows for @spec, by the list's own query (so the
 * count, the marks and the rows agree on what the search words match, whatever they are). */
static GArray *
view_unread_ids (sqlite3         *db,
                 const ViewSpec  *spec,
                 GError         **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) unread = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc = SQLITE_OK;

  /* "All" and "Unread" have the same unread papers: the list's unread query finds them. */
  if (!_gleaner_store_query_scoped_ids (db,
                                        spec->filter == GLEANER_FILTER_STARRED ? GLEANER_FILTER_STARRED
                                                                               : GLEANER_FILTER_UNREAD,
                                        GLEANER_SORT_UPVOTES, spec->search, spec->scope, ids,
                                        NULL, NULL, NULL, error))
    return NULL;

  if (spec->filter != GLEANER_FILTER_STARRED)
    return g_steal_pointer (&ids);

  /* The starred papers, read or not: keep those not read (a few, one probe each). */
  unread = g_array_sized_new (FALSE, FALSE, sizeof (guint32), ids->len);
  rc = sqlite3_prepare_v2 (db,
                           "SELECT NOT EXISTS (SELECT 1 FROM papers p CROSS JOIN user_state u"
                           " ON u.arxiv_id = p.arxiv_id WHERE p.id = ?1 AND u.read)",
                           -1, &stmt, NULL);
  for (guint i = 0; i < ids->len && rc == SQLITE_OK; i++)
    {
      guint32 id = g_array_index (ids, guint32, i);

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, id);
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          if (sqlite3_column_int (stmt, 0))
            g_array_append_val (unread, id);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_OK)
    {
      _gleaner_store_set_error (error, db, rc, _("Cannot count unread papers"));
      return NULL;
    }

  return g_steal_pointer (&unread);
}

static gpointer
count_view_func (sqlite3   *db,
                 gpointer   data,
                 GError   **error)
{
  const ViewSpec *spec = data;
  g_autoptr(GArray) ids = NULL;
  guint64 n = 0;
  gint64 *count;

  /* Counted as the list's unread query hands the papers over, without their ids (4 MB at
   * 1,000,000 papers, at every start); the starred ones are each probed, from their ids. */
  if (spec->filter != GLEANER_FILTER_STARRED)
    {
      if (!_gleaner_store_count_scoped_ids (db, GLEANER_FILTER_UNREAD, GLEANER_SORT_UPVOTES,
                                            spec->search, spec->scope, &n, error))
        return NULL;
    }
  else if ((ids = view_unread_ids (db, spec, error)) != NULL)
    n = ids->len;
  else
    return NULL;

  count = g_new (gint64, 1);
  *count = (gint64) n;
  return count;
}

void
gleaner_store_count_view_unread_async (GleanerStore        *self,
                                       const char          *scope,
                                       GleanerFilter        filter,
                                       const char          *search,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (GLEANER_IS_STORE (self));
  g_return_if_fail (filter <= GLEANER_FILTER_STARRED);

  _gleaner_store_read_async (self, count_view_func, view_spec_new (scope, filter, search),
                             (GDestroyNotify)view_spec_free, g_free,
                             gleaner_store_count_view_unread_async, cancellable, callback, user_data);
}

gint64
gleaner_store_count_view_unread_finish (GleanerStore  *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_autofree gint64 *count = NULL;

  g_return_val_if_fail (GLEANER_IS_STORE (self), -1);
  g_return_val_if_fail (g_task_is_valid (result, self), -1);

  if (!(count = g_task_propagate_pointer (G_TASK (result), error)))
    return -1;
  return *count;
}

typedef struct
{
  ViewSpec  *view;   /* marking a view read; else undoing with @ids */
  GPtrArray *ids;    /* (element-type utf8) arXiv ids */
} MarkWrite;

static void
mark_write_free (MarkWrite *w)
{
  g_clear_pointer (&w->view, view_spec_free);
  g_clear_pointer (&w->ids, g_ptr_array_unref);
  g_free (w);
}

static int
compare_rowids (gconstpointer a,
                gconstpointer b)
{
  guint32 x = *(const guint32 *)a, y = *(const guint32 *)b;

  return (x > y) - (x < y);
}

/* Marks the view's unread papers read; the result is the arXiv ids of those it changed. */
static gboolean
mark_view_func (sqlite3         *db,
                gpointer         data,
                gboolean        *changed,
                gpointer        *result,
                GDestroyNotify  *result_free,
                GError         **error)
{
  MarkWrite *w = data;
  g_autoptr(GArray) rowids = NULL;
  g_autoptr(GPtrArray) marked = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  int rc;

  if (!(rowids = view_unread_ids (db, w->view, error)))
    return FALSE;
  /* In the order they were stored, not the list's: the papers and their read marks (keyed by
   * arXiv id, which grows as papers come) are then written page after page, not a page per
   * paper all over the file. */
  g_array_sort (rowids, compare_rowids);

  /* RETURNING names only the rows this write changed: a paper read meanwhile is left out,
   * so Undo never marks unread what was read before. */
  rc = sqlite3_prepare_v2 (db,
                           "INSERT INTO user_state (arxiv_id, read, read_at)"
                           " SELECT arxiv_id, 1, ?2 FROM papers WHERE id = ?1"
                           " ON CONFLICT (arxiv_id) DO UPDATE SET read = 1, read_at = ?2 WHERE NOT read"
                           " RETURNING arxiv_id",
                           -1, &stmt, NULL);
  for (guint i = 0; i < rowids->len && rc == SQLITE_OK; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, g_array_index (rowids, guint32, i));
      sqlite3_bind_int64 (stmt, 2, now);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (marked, _gleaner_store_dup_column_text (stmt, 0));
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_OK)
    return _gleaner_store_set_error (error, db, rc, _("Cannot save the change"));

  *changed = marked->len > 0;
  *result = g_steal_pointer (&marked);
  *result_free = (GDestroyNotify)g_ptr_array_unref;
  return TRUE;
}

/* Undo: marks unread those of @ids that are still read. */
static gboolean
mark_unread_func (sqlite3         *db,
                  gpointer         data,
                  gboolean        *changed,
                  gpointer        *result,
                  GDestroyNotify  *result_free,
                  GError         **error)
{
  MarkWrite *w = data;
  g_autoptr(GPtrArray) unmarked = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  int rc;

  rc = sqlite3_prepare_v2 (db,
                           "UPDATE user_state SET read = 0, read_at = ?2 WHERE arxiv_id = ?1 AND read"
                           " RETURNING arxiv_id",
                           -1, &stmt, NULL);
  for (guint i = 0; i < w->ids->len && rc == SQLITE_OK; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, g_ptr_array_index (w->ids, i), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, now);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (unmarked, _gleaner_store_dup_column_text (stmt, 0));
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_OK)
    return _gleaner_store_set_error (error, db, rc, _("Cannot save the change"));

  *changed = unmarked->len > 0;
  *result = g_steal_pointer (&unmarked);
  *result_free = (GDestroyNotify)g_ptr_array_unref;
  return TRUE;
}

/* Papers announced per main-loop iteration after a mark of many, at most: each announcement
 * reaches every list, pane and window (about 45 µs in the window with 100,000 papers), so
 * marking them all read held the main loop for 650 ms. A slice also ends after
 * ANNOUNCE_BUDGET_US, half a frame. */
#define ANNOUNCE_SLICE     1000
#define ANNOUNCE_BUDGET_US 8000

typedef struct
{
  GTask     *task;
  GPtrArray *ids;
  guint      next;
} Announce;

static void
announce_free (Announce *a)
{
  g_clear_object (&a->task);
  g_clear_pointer (&a->ids, g_ptr_array_unref);
  g_free (a);
}

/* Announces the next slice of the marked papers; once all are, returns them to the caller. */
static gboolean
announce_slice_cb (gpointer user_data)
{
  Announce *a = user_data;
  GleanerStore *self = g_task_get_source_object (a->task);
  gboolean read = GPOINTER_TO_INT (g_task_get_task_data (a->task));
  guint end = MIN (a->next + ANNOUNCE_SLICE, a->ids->len);
  gint64 deadline = g_get_monotonic_time () + ANNOUNCE_BUDGET_US;

  for (; a->next < end; a->next++)
    {
      _gleaner_store_emit_paper_state_changed (self, g_ptr_array_index (a->ids, a->next),
                                               GLEANER_PAPER_STATE_READ, read);
      if (a->next % 64 == 63 && g_get_monotonic_time () > deadline)
        {
          a->next++;
          break;
        }
    }

  if (a->next < a->ids->len)
    return G_SOURCE_CONTINUE;

  g_task_return_pointer (a->task, g_steal_pointer (&a->ids), (GDestroyNotify)g_ptr_array_unref);
  return G_SOURCE_REMOVE;
}

/* The write committed: every object showing one of the papers hears of it, a slice per
 * main-loop iteration, then the caller. */
static void
mark_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GSource) source = NULL;
  GError *error = NULL;
  Announce *a;

  if (!(ids = g_task_propagate_pointer (G_TASK (result), &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  a = g_new0 (Announce, 1);
  a->task = g_steal_pointer (&task);
  a->ids = g_steal_pointer (&ids);

  /* Most marks are a handful of papers: announced at once, as before. */
  if (!announce_slice_cb (a))
    {
      announce_free (a);
      return;
    }

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_static_name (source, "[gleaner] announce marks");
  g_source_set_callback (source, announce_slice_cb, a, (GDestroyNotify)announce_free);
  g_source_attach (source, g_task_get_context (a->task));
}

static void
mark_async (GleanerStore          *self,
            GleanerStoreWriteFunc  func,
            MarkWrite             *w,
            gboolean               read,
            gpointer               source_tag,
            GCancellable          *cancellable,
            GAsyncReadyCallback    callback,
            gpointer               user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, GINT_TO_POINTER (read), NULL);
  /* Written even if the caller went away, like every read mark. */
  _gleaner_store_write_async (self, func, w, (GDestroyNotify)mark_write_free,
                              GLEANER_STORE_CHANGE_USER_STATE, source_tag,
                              NULL, mark_written_cb, task);
}

void
gleaner_store_mark_view_read_async (GleanerStore        *self,
                                    const char          *scope,
                                    GleanerFilter        filter,
                                    const char          *search,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  MarkWrite *w;

  g_return_if_fail (GLEANER_IS_STORE (self));
  g_return_if_fail (filter <= GLEANER_FILTER_STARRED);

  w = g_new0 (MarkWrite, 1);
  w->view = view_spec_new (scope, filter, search);
  mark_async (self, mark_view_func, w, TRUE, gleaner_store_mark_view_read_async,
              cancellable, callback, user_data);
}

void
gleaner_store_mark_unread_async (GleanerStore        *self,
                                 GPtrArray           *ids,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  MarkWrite *w;

  g_return_if_fail (GLEANER_IS_STORE (self));
  g_return_if_fail (ids != NULL);

  /* Kept, not copied: the Undo of a million papers copied a million strings here, on the
   * main thread (150 ms), and the window then freed its own. The writer drops it. */
  w = g_new0 (MarkWrite, 1);
  w->ids = g_ptr_array_ref (ids);
  mark_async (self, mark_unread_func, w, FALSE, gleaner_store_mark_unread_async,
              cancellable, callback, user_data);
}

GPtrArray *
gleaner_store_mark_finish (GleanerStore  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
