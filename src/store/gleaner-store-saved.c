/* gleaner-store-saved.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Saved searches: written on the writer thread, which also keeps the snapshot the main loop
 * reads (gleaner_store_dup_saved_searches()); the synchronous reads are for tests and the CLI.
 */

#define G_LOG_DOMAIN "gleaner-store"

#include "config.h"

#include <glib/gi18n.h>

#include "gleaner-store-internal.h"

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
_gleaner_store_list_saved_searches_on (sqlite3  *db,
                                       GError  **error)
{
  g_autoptr(GPtrArray) searches = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* Row ids only grow (a new one is the largest plus one), so they are creation order. */
  rc = sqlite3_prepare_v2 (db,
                           "SELECT " SAVED_SEARCH_COLUMNS " FROM saved_searches ORDER BY id",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _gleaner_store_set_error (error, db, rc, _("Cannot read saved searches"));
      return NULL;
    }

  searches = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (searches, saved_search_from_stmt (stmt));
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      _gleaner_store_set_error (error, db, rc, _("Cannot read saved searches"));
      return NULL;
    }

  return g_steal_pointer (&searches);
}

GPtrArray *
gleaner_store_list_saved_searches (GleanerStore  *self,
                                   GError       **error)
{
  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);

  return _gleaner_store_list_saved_searches_on (self->reader, error);
}

GPtrArray *
gleaner_store_dup_saved_searches (GleanerStore *self)
{
  GPtrArray *copies;

  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);

  /* Copies: whoever holds them sets unread counts and follows renames on them. */
  copies = g_ptr_array_new_full (self->saved_searches->len, g_object_unref);
  for (guint i = 0; i < self->saved_searches->len; i++)
    {
      GleanerSavedSearch *search = g_ptr_array_index (self->saved_searches, i);
      GleanerSavedSearch *copy;

      copy = gleaner_saved_search_new (gleaner_saved_search_get_id (search),
                                       gleaner_saved_search_get_name (search),
                                       gleaner_saved_search_get_query (search),
                                       gleaner_saved_search_get_filter (search));
      gleaner_saved_search_set_notify (copy, gleaner_saved_search_get_notify (search));
      gleaner_saved_search_set_ask_hf (copy, gleaner_saved_search_get_ask_hf (search));
      gleaner_saved_search_set_hf_synced_at (copy, gleaner_saved_search_get_hf_synced_at (search));
      g_ptr_array_add (copies, copy);
    }

  return copies;
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
      _gleaner_store_set_error (error, self->reader, rc, _("Cannot read the saved search"));
      return NULL;
    }

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    search = saved_search_from_stmt (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The saved search no longer exists."));
  else
    _gleaner_store_set_error (error, self->reader, rc, _("Cannot read the saved search"));
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
    return _gleaner_store_set_error (error, db, rc, _("Cannot save the saved search"));

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
    return _gleaner_store_set_error (error, db, rc, _("Cannot save the saved search"));

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
    return _gleaner_store_set_error (error, db, rc, _("Cannot save the saved search"));

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  if (rc == SQLITE_ROW)
    return TRUE;

  if (rc == SQLITE_DONE)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The saved search no longer exists."));
  else
    _gleaner_store_set_error (error, db, rc, _("Cannot save the saved search"));

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
          return _gleaner_store_set_error (error, db, rc, _("Cannot save the saved search"));

        sqlite3_bind_text (stmt, 1, w->name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 2, w->query, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int (stmt, 3, w->filter);
        sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
        rc = sqlite3_step (stmt);
        sqlite3_finalize (stmt);

        if (rc != SQLITE_DONE)
          return _gleaner_store_set_error (error, db, rc, _("Cannot save the saved search"));

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

