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
#include "gleaner-store-internal.h"

/* ---------------------------------------------------------------------------------------- */
/* Reads: synchronous for tests and the command line; the notifier uses those below */

static GPtrArray *
list_trending_on (sqlite3  *db,
                  guint     limit,
                  GError  **error)
{
  g_autoptr(GPtrArray) papers = NULL;
  g_autoptr(GArray) rowids = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

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

  if (!(stmt = _gleaner_store_prepare_load_rowid (db, FALSE, error)))
    return NULL;

  papers = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < rowids->len; i++)
    {
      GleanerPaper *paper;

      if (!(paper = _gleaner_store_load_rowid_with (stmt, g_array_index (rowids, gint64, i),
                                                     error)))
        {
          sqlite3_finalize (stmt);
          return NULL;
        }

      g_ptr_array_add (papers, paper);
    }
  sqlite3_finalize (stmt);

  return g_steal_pointer (&papers);
}

GPtrArray *
gleaner_store_announce_list_trending (GleanerStore  *self,
                                      guint          limit,
                                      GError       **error)
{
  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);

  return list_trending_on (_gleaner_store_get_reader (self), limit, error);
}

static GStrv
dup_read_notifications_on (sqlite3  *db,
                           GError  **error)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

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

GStrv
gleaner_store_announce_dup_read_notifications (GleanerStore  *self,
                                               GError       **error)
{
  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);

  return dup_read_notifications_on (_gleaner_store_get_reader (self), error);
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

/* ---------------------------------------------------------------------------------------- */
/* Reads on the store's thread, for the main loop */

void
gleaner_announce_matches_free (GleanerAnnounceMatches *matches)
{
  if (matches == NULL)
    return;

  g_clear_pointer (&matches->searches, g_ptr_array_unref);
  g_clear_pointer (&matches->matches, g_ptr_array_unref);
  g_clear_pointer (&matches->titles, g_hash_table_unref);
  g_free (matches);
}

/* The new papers' text goes into a small index of its own, with the tokenizer and prefixes
 * of papers_fts, so each search is one query over a few hundred papers whatever the size of
 * the store: probing papers_fts per paper costs a prefix walk of the whole index each time
 * (seconds for "trans" at 20,000 papers). */
static const char new_fts_create_sql[] =
  "CREATE VIRTUAL TABLE temp.gleaner_new_fts USING fts5 ("
  "  title, abstract, authors, keywords,"
  "  prefix = '1 2 3', tokenize = 'unicode61 remove_diacritics 2')";

/* One new paper if it is neither read nor announced: its row id, star and title. */
static const char new_candidate_sql[] =
  "SELECT p.id, coalesce (u.starred, 0), p.title"
  " FROM papers p LEFT JOIN user_state u ON u.arxiv_id = p.arxiv_id"
  " WHERE p.arxiv_id = ?1 AND NOT coalesce (u.read, 0)"
  "   AND NOT EXISTS (SELECT 1 FROM announced a WHERE a.arxiv_id = p.arxiv_id)";

/* The same text papers_fts indexed for the paper. */
static const char new_index_sql[] =
  "INSERT INTO temp.gleaner_new_fts (rowid, title, abstract, authors, keywords)"
  " SELECT id, title, abstract, " INDEXED_LIST ("authors") ", " INDEXED_LIST ("ai_keywords")
  " FROM papers WHERE id = ?1";

typedef struct
{
  char     *arxiv_id;
  gint64    rowid;
  gboolean  starred;
} Candidate;

static void
candidate_clear (Candidate *c)
{
  g_clear_pointer (&c->arxiv_id, g_free);
}

/* Reads the candidates among @arxiv_ids into @candidates and indexes their text. */
static gboolean
index_candidates (sqlite3     *db,
                  GPtrArray   *arxiv_ids,
                  GArray      *candidates,
                  GHashTable  *titles,
                  GError     **error)
{
  sqlite3_stmt *candidate = NULL;
  sqlite3_stmt *index = NULL;
  int rc;

  if ((rc = sqlite3_prepare_v2 (db, new_candidate_sql, -1, &candidate, NULL)) != SQLITE_OK ||
      (rc = sqlite3_prepare_v2 (db, new_index_sql, -1, &index, NULL)) != SQLITE_OK)
    goto failure;

  for (guint i = 0; i < arxiv_ids->len; i++)
    {
      const char *id = g_ptr_array_index (arxiv_ids, i);
      Candidate c = { NULL, 0, FALSE };

      /* A paper the sync reported twice is indexed once. */
      if (g_hash_table_contains (titles, id))
        continue;

      sqlite3_bind_text (candidate, 1, id, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (candidate);
      if (rc == SQLITE_ROW)
        {
          c.arxiv_id = g_strdup (id);
          c.rowid = sqlite3_column_int64 (candidate, 0);
          c.starred = sqlite3_column_int (candidate, 1);
          g_hash_table_insert (titles, g_strdup (id),
                               _gleaner_store_dup_column_text (candidate, 2));
          rc = SQLITE_DONE;
        }
      sqlite3_reset (candidate);
      if (rc != SQLITE_DONE)
        goto failure;

      if (c.arxiv_id == NULL)
        continue;

      g_array_append_val (candidates, c);
      sqlite3_bind_int64 (index, 1, c.rowid);
      rc = sqlite3_step (index);
      sqlite3_reset (index);
      if (rc != SQLITE_DONE)
        goto failure;
    }

  sqlite3_finalize (candidate);
  sqlite3_finalize (index);
  return TRUE;

failure:
  _gleaner_store_set_error (error, db, rc, _("Cannot read new papers"));
  sqlite3_finalize (candidate);
  sqlite3_finalize (index);
  return FALSE;
}

/* The candidates matching @search, in the order given. */
static GPtrArray *
match_one (sqlite3             *db,
           GArray              *candidates,
           GleanerSavedSearch  *search,
           GError             **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) hits = NULL;
  g_autofree char *match = _gleaner_store_build_match (gleaner_saved_search_get_query (search));
  gboolean starred_only = gleaner_saved_search_get_filter (search) == GLEANER_FILTER_STARRED;

  /* An empty query matches every paper. */
  if (match != NULL)
    {
      sqlite3_stmt *stmt = NULL;
      int rc;

      hits = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      rc = sqlite3_prepare_v2 (db,
                               "SELECT rowid FROM temp.gleaner_new_fts"
                               " WHERE gleaner_new_fts MATCH ?1",
                               -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        {
          sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
          while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
            g_hash_table_add (hits, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) },
                                               sizeof (gint64)));
        }
      sqlite3_finalize (stmt);

      if (rc != SQLITE_DONE)
        {
          _gleaner_store_set_error (error, db, rc, _("Cannot read new papers"));
          return NULL;
        }
    }

  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *c = &g_array_index (candidates, Candidate, i);

      if ((hits == NULL || g_hash_table_contains (hits, &c->rowid)) &&
          (!starred_only || c->starred))
        g_ptr_array_add (ids, g_strdup (c->arxiv_id));
    }

  return g_steal_pointer (&ids);
}

static gpointer
match_func (sqlite3   *db,
            gpointer   data,
            GError   **error)
{
  GPtrArray *arxiv_ids = data;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GArray) candidates = NULL;
  GleanerAnnounceMatches *result;
  gboolean ok = TRUE;

  if (!(all = _gleaner_store_list_saved_searches_on (db, error)))
    return NULL;

  result = g_new0 (GleanerAnnounceMatches, 1);
  result->searches = g_ptr_array_new_with_free_func (g_object_unref);
  result->matches = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  result->titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < all->len; i++)
    if (gleaner_saved_search_get_notify (g_ptr_array_index (all, i)))
      g_ptr_array_add (result->searches, g_object_ref (g_ptr_array_index (all, i)));

  if (result->searches->len == 0)
    return result;

  candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_array_set_clear_func (candidates, (GDestroyNotify)candidate_clear);

  if (!_gleaner_store_exec (db, new_fts_create_sql, error))
    {
      gleaner_announce_matches_free (result);
      return NULL;
    }

  ok = index_candidates (db, arxiv_ids, candidates, result->titles, error);

  for (guint i = 0; ok && i < result->searches->len; i++)
    {
      GleanerSavedSearch *search = g_ptr_array_index (result->searches, i);
      g_autoptr(GError) local_error = NULL;
      GPtrArray *ids;

      /* One search that cannot be read does not keep the others quiet. */
      if (!(ids = match_one (db, candidates, search, &local_error)))
        {
          g_warning ("Could not match new papers against “%s”: %s",
                     gleaner_saved_search_get_name (search), local_error->message);
          ids = g_ptr_array_new_with_free_func (g_free);
        }
      g_ptr_array_add (result->matches, ids);
    }

  _gleaner_store_exec (db, "DROP TABLE temp.gleaner_new_fts", NULL);

  if (!ok)
    {
      gleaner_announce_matches_free (result);
      return NULL;
    }

  return result;
}

void
gleaner_store_announce_match_async (GleanerStore        *self,
                                    GPtrArray           *arxiv_ids,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GPtrArray *copy;

  g_return_if_fail (GLEANER_IS_STORE (self));
  g_return_if_fail (arxiv_ids != NULL);

  /* A deep copy: the caller may change its array while the read is queued. */
  copy = g_ptr_array_new_full (arxiv_ids->len, g_free);
  for (guint i = 0; i < arxiv_ids->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (arxiv_ids, i)));

  _gleaner_store_read_async (self, match_func, copy, (GDestroyNotify)g_ptr_array_unref,
                             (GDestroyNotify)gleaner_announce_matches_free,
                             gleaner_store_announce_match_async,
                             cancellable, callback, user_data);
}

GleanerAnnounceMatches *
gleaner_store_announce_match_finish (GleanerStore  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
gleaner_announce_digest_free (GleanerAnnounceDigest *digest)
{
  if (digest == NULL)
    return;

  g_clear_pointer (&digest->last_day, g_free);
  g_clear_pointer (&digest->papers, g_ptr_array_unref);
  g_free (digest);
}

typedef struct
{
  char  *day_key;
  guint  limit;
} DigestRead;

static void
digest_read_free (DigestRead *read)
{
  g_free (read->day_key);
  g_free (read);
}

static gpointer
digest_func (sqlite3   *db,
             gpointer   data,
             GError   **error)
{
  DigestRead *read = data;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *last_day = NULL;
  GleanerAnnounceDigest *digest;
  GPtrArray *papers;

  last_day = _gleaner_store_dup_meta_on (db, read->day_key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (!(papers = list_trending_on (db, read->limit, error)))
    return NULL;

  digest = g_new0 (GleanerAnnounceDigest, 1);
  digest->last_day = g_steal_pointer (&last_day);
  digest->papers = papers;

  return digest;
}

void
gleaner_store_announce_read_digest_async (GleanerStore        *self,
                                          const char          *day_key,
                                          guint                limit,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  DigestRead *read;

  g_return_if_fail (GLEANER_IS_STORE (self));
  g_return_if_fail (day_key != NULL);

  read = g_new0 (DigestRead, 1);
  read->day_key = g_strdup (day_key);
  read->limit = limit;

  _gleaner_store_read_async (self, digest_func, read, (GDestroyNotify)digest_read_free,
                             (GDestroyNotify)gleaner_announce_digest_free,
                             gleaner_store_announce_read_digest_async,
                             cancellable, callback, user_data);
}

GleanerAnnounceDigest *
gleaner_store_announce_read_digest_finish (GleanerStore  *self,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gpointer
read_notifications_func (sqlite3   *db,
                         gpointer   data,
                         GError   **error)
{
  return dup_read_notifications_on (db, error);
}

void
gleaner_store_announce_dup_read_notifications_async (GleanerStore        *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data)
{
  g_return_if_fail (GLEANER_IS_STORE (self));

  _gleaner_store_read_async (self, read_notifications_func, NULL, NULL,
                             (GDestroyNotify)g_strfreev,
                             gleaner_store_announce_dup_read_notifications_async,
                             cancellable, callback, user_data);
}

GStrv
gleaner_store_announce_dup_read_notifications_finish (GleanerStore  *self,
                                                      GAsyncResult  *result,
                                                      GError       **error)
{
  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
