/* gleaner-store-announce.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Announcements live in the store's database but only the notifier uses them, so they are
 * written against the store's private API rather than growing gleaner-store.c further.
 */

#define G_LOG_DOMAIN "gleaner-store"

#include "config.h"

#include <glib/gi18n.h>

#include "gleaner-store-announce.h"
#include "gleaner-store-private.h"

/* ---------------------------------------------------------------------------------------- */
/* Reads (main thread) */

/* One paper by arXiv id, with its trend key (the FTS rowid), if it is neither read nor
 * announced and, for the Starred filter, starred. */
static const char candidate_sql[] =
  "SELECT p.trend_key"
  " FROM papers p LEFT JOIN user_state u ON u.arxiv_id = p.arxiv_id"
  " WHERE p.arxiv_id = ?1 AND NOT coalesce (u.read, 0)"
  "   AND (?2 = 0 OR coalesce (u.starred, 0))"
  "   AND NOT EXISTS (SELECT 1 FROM announced a WHERE a.arxiv_id = p.arxiv_id)";

/* FTS5 seeks straight to the rowid, so this is one probe per paper, not a full search. */
static const char fts_sql[] =
  "SELECT 1 FROM papers_fts WHERE papers_fts MATCH ?1 AND rowid = ?2";

GPtrArray *
gleaner_store_announce_filter_matches (GleanerStore  *self,
                                       GPtrArray     *arxiv_ids,
                                       const char    *query,
                                       GleanerFilter  filter,
                                       GError       **error)
{
  g_autoptr(GPtrArray) matches = NULL;
  g_autofree char *match = NULL;
  sqlite3_stmt *candidate = NULL;
  sqlite3_stmt *fts = NULL;
  sqlite3 *db;
  int rc = SQLITE_OK;

  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);
  g_return_val_if_fail (arxiv_ids != NULL, NULL);

  db = _gleaner_store_get_reader (self);
  match = _gleaner_store_build_match (query);
  matches = g_ptr_array_new_with_free_func (g_free);

  if ((rc = sqlite3_prepare_v2 (db, candidate_sql, -1, &candidate, NULL)) != SQLITE_OK ||
      (match != NULL && (rc = sqlite3_prepare_v2 (db, fts_sql, -1, &fts, NULL)) != SQLITE_OK))
    goto failure;

  sqlite3_bind_int (candidate, 2, filter == GLEANER_FILTER_STARRED);
  if (fts != NULL)
    sqlite3_bind_text (fts, 1, match, -1, SQLITE_TRANSIENT);

  for (guint i = 0; i < arxiv_ids->len; i++)
    {
      const char *id = g_ptr_array_index (arxiv_ids, i);
      gboolean found = FALSE;
      gint64 trend_key = 0;

      sqlite3_bind_text (candidate, 1, id, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (candidate);
      if (rc == SQLITE_ROW)
        {
          found = TRUE;
          trend_key = sqlite3_column_int64 (candidate, 0);
          rc = SQLITE_DONE;
        }
      sqlite3_reset (candidate);
      if (rc != SQLITE_DONE)
        goto failure;

      if (found && fts != NULL)
        {
          sqlite3_bind_int64 (fts, 2, trend_key);
          rc = sqlite3_step (fts);
          found = rc == SQLITE_ROW;
          if (found)
            rc = SQLITE_DONE;
          sqlite3_reset (fts);
          if (rc != SQLITE_DONE)
            goto failure;
        }

      if (found)
        g_ptr_array_add (matches, g_strdup (id));
    }

  sqlite3_finalize (candidate);
  sqlite3_finalize (fts);

  return g_steal_pointer (&matches);

failure:
  _gleaner_store_set_error (error, db, rc, _("Cannot read new papers"));
  sqlite3_finalize (candidate);
  sqlite3_finalize (fts);

  return NULL;
}

GPtrArray *
gleaner_store_announce_list_trending (GleanerStore  *self,
                                      guint          limit,
                                      GError       **error)
{
  g_autoptr(GPtrArray) papers = NULL;
  g_autoptr(GArray) rowids = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);

  db = _gleaner_store_get_reader (self);

  /* The trending list is short (a few dozen rows), read in rank order from its index. */
  rc = sqlite3_prepare_v2 (db,
                           "SELECT p.id FROM trending t CROSS JOIN papers p ON p.id = t.paper_id"
                           " LEFT JOIN user_state u ON u.arxiv_id = p.arxiv_id"
                           " WHERE NOT coalesce (u.read, 0)"
                           "   AND NOT EXISTS (SELECT 1 FROM announced a"
                           "                   WHERE a.arxiv_id = p.arxiv_id)"
                           " ORDER BY t.rank LIMIT ?1",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _gleaner_store_set_error (error, db, rc, _("Cannot read trending papers"));
      return NULL;
    }

  sqlite3_bind_int64 (stmt, 1, limit);
  rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (rowids, rowid);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      _gleaner_store_set_error (error, db, rc, _("Cannot read trending papers"));
      return NULL;
    }

  papers = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < rowids->len; i++)
    {
      GleanerPaper *paper;

      if (!(paper = _gleaner_store_load_rowid (self, g_array_index (rowids, gint64, i), error)))
        return NULL;

      g_ptr_array_add (papers, paper);
    }

  return g_steal_pointer (&papers);
}

GStrv
gleaner_store_announce_dup_read_notifications (GleanerStore  *self,
                                               GError       **error)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);

  db = _gleaner_store_get_reader (self);

  /* Only the papers of shown notifications are read, through the partial index. */
  rc = sqlite3_prepare_v2 (db,
                           "SELECT a.notification FROM announced a"
                           " LEFT JOIN user_state u ON u.arxiv_id = a.arxiv_id"
                           " WHERE a.notification IS NOT NULL"
                           " GROUP BY a.notification"
                           " HAVING min (coalesce (u.read, 0)) != 0",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _gleaner_store_set_error (error, db, rc, _("Cannot read notifications"));
      return NULL;
    }

  builder = g_strv_builder_new ();
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      _gleaner_store_set_error (error, db, rc, _("Cannot read notifications"));
      return NULL;
    }

  return g_strv_builder_end (builder);
}

/* ---------------------------------------------------------------------------------------- */
/* Writes (writer thread) */

typedef struct
{
  char      *notification_id;
  GPtrArray *arxiv_ids;        /* (element-type utf8) (nullable) */
} AnnounceData;

static void
announce_data_free (AnnounceData *data)
{
  g_clear_pointer (&data->notification_id, g_free);
  g_clear_pointer (&data->arxiv_ids, g_ptr_array_unref);
  g_free (data);
}

static AnnounceData *
announce_data_new (const char *notification_id,
                   GPtrArray  *arxiv_ids)
{
  AnnounceData *data = g_new0 (AnnounceData, 1);

  data->notification_id = g_strdup (notification_id);

  /* A deep copy: the caller may change or free its array while the write is queued. */
  if (arxiv_ids != NULL)
    {
      data->arxiv_ids = g_ptr_array_new_full (arxiv_ids->len, g_free);
      for (guint i = 0; i < arxiv_ids->len; i++)
        g_ptr_array_add (data->arxiv_ids, g_strdup (g_ptr_array_index (arxiv_ids, i)));
    }

  return data;
}

static gboolean
run_with_id (sqlite3     *db,
             const char  *sql,
             const char  *notification_id,
             gint64       now,
             GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if ((rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL)) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, notification_id, -1, SQLITE_TRANSIENT);
      if (sqlite3_bind_parameter_count (stmt) >= 2)
        sqlite3_bind_int64 (stmt, 2, now);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    return _gleaner_store_set_error (error, db, rc, _("Cannot save the change"));

  return TRUE;
}

static const char detach_sql[] =
  "UPDATE announced SET notification = NULL WHERE notification = ?1";

static gboolean
announce_func (sqlite3         *db,
               gpointer         user_data,
               gboolean        *changed,
               gpointer        *result,
               GDestroyNotify  *result_free,
               GError         **error)
{
  AnnounceData *data = user_data;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!run_with_id (db, detach_sql, data->notification_id, now, error))
    return FALSE;

  rc = sqlite3_prepare_v2 (db,
                           "INSERT INTO announced (arxiv_id, notification, announced_at)"
                           " VALUES (?1, ?2, ?3)"
                           " ON CONFLICT (arxiv_id) DO UPDATE SET notification = ?2,"
                           "   announced_at = ?3",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return _gleaner_store_set_error (error, db, rc, _("Cannot save the change"));

  sqlite3_bind_text (stmt, 2, data->notification_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, now);

  for (guint i = 0; i < data->arxiv_ids->len; i++)
    {
      sqlite3_bind_text (stmt, 1, g_ptr_array_index (data->arxiv_ids, i), -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);

      if (rc != SQLITE_DONE)
        {
          _gleaner_store_set_error (error, db, rc, _("Cannot save the change"));
          sqlite3_finalize (stmt);
          return FALSE;
        }
    }

  sqlite3_finalize (stmt);

  return TRUE;
}

void
gleaner_store_announce_async (GleanerStore        *self,
                              GPtrArray           *arxiv_ids,
                              const char          *notification_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (GLEANER_IS_STORE (self));
  g_return_if_fail (arxiv_ids != NULL);
  g_return_if_fail (notification_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  /* Nobody lists announcements, so the write changes nothing listeners show. */
  _gleaner_store_write_async (self, announce_func,
                              announce_data_new (notification_id, arxiv_ids),
                              (GDestroyNotify)announce_data_free,
                              GLEANER_STORE_CHANGE_USER_STATE,
                              gleaner_store_announce_async,
                              cancellable, callback, user_data);
}

static gboolean
forget_func (sqlite3         *db,
             gpointer         user_data,
             gboolean        *changed,
             gpointer        *result,
             GDestroyNotify  *result_free,
             GError         **error)
{
  AnnounceData *data = user_data;

  return run_with_id (db, detach_sql, data->notification_id, 0, error);
}

void
gleaner_store_announce_forget_async (GleanerStore        *self,
                                     const char          *notification_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (GLEANER_IS_STORE (self));
  g_return_if_fail (notification_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  _gleaner_store_write_async (self, forget_func,
                              announce_data_new (notification_id, NULL),
                              (GDestroyNotify)announce_data_free,
                              GLEANER_STORE_CHANGE_USER_STATE,
                              gleaner_store_announce_forget_async,
                              cancellable, callback, user_data);
}

static gboolean
mark_read_func (sqlite3         *db,
                gpointer         user_data,
                gboolean        *changed,
                gpointer        *result,
                GDestroyNotify  *result_free,
                GError         **error)
{
  AnnounceData *data = user_data;

  /* The same row gleaner_store_set_read_async() writes (read = 1, read_at = now), for the
   * papers not read yet: one already read keeps the time it was read. (The WHERE clause is
   * also what lets SQLite parse an upsert after a SELECT with a join.) */
  if (!run_with_id (db,
                    "INSERT INTO user_state (arxiv_id, read, read_at)"
                    " SELECT a.arxiv_id, 1, ?2 FROM announced a"
                    " LEFT JOIN user_state u ON u.arxiv_id = a.arxiv_id"
                    " WHERE a.notification = ?1 AND NOT coalesce (u.read, 0)"
                    " ON CONFLICT (arxiv_id) DO UPDATE SET read = 1, read_at = ?2",
                    data->notification_id, g_get_real_time () / G_USEC_PER_SEC, error))
    return FALSE;

  *changed = sqlite3_changes (db) > 0;

  return TRUE;
}

void
gleaner_store_announce_mark_read_async (GleanerStore        *self,
                                        const char          *notification_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (GLEANER_IS_STORE (self));
  g_return_if_fail (notification_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  _gleaner_store_write_async (self, mark_read_func,
                              announce_data_new (notification_id, NULL),
                              (GDestroyNotify)announce_data_free,
                              GLEANER_STORE_CHANGE_USER_STATE,
                              gleaner_store_announce_mark_read_async,
                              cancellable, callback, user_data);
}
