/* gleaner-store-unread.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Unread counts of saved searches, on a worker thread with a connection of its own.
 */

#define G_LOG_DOMAIN "gleaner-store"

#include "config.h"

#include <glib/gi18n.h>

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

  /* The kept connection serves one count at a time; a count that overlaps another gets a
   * connection of its own rather than waiting. */
  if (g_mutex_trylock (&self->count_mutex))
    {
      if (self->count_db == NULL)
        self->count_db = _gleaner_store_open_connection (self->path, &error);
      if (self->count_db != NULL)
        counts = count_unread (self->count_db, specs, cancellable, &error);
      g_mutex_unlock (&self->count_mutex);
    }
  else
    {
      sqlite3 *db = _gleaner_store_open_connection (self->path, &error);

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

