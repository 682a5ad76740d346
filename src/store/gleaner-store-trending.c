/* gleaner-store-trending.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hugging Face's trending list: replaced by the writer thread, read by rank.
 */

#define G_LOG_DOMAIN "gleaner-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "gleaner-arxiv-id.h"
#include "gleaner-store-internal.h"

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
    return _gleaner_store_set_error (error, db, rc, _("Cannot save the trending papers"));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ranking, id);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    return _gleaner_store_set_error (error, db, rc, _("Cannot save the trending papers"));

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
    return _gleaner_store_set_error (error, db, rc, _("Cannot save the trending papers"));
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
    return _gleaner_store_set_error (error, db, rc, _("Cannot save the trending papers"));

  if (!read_ranking (db, old, error))
    return FALSE;

  if (old->len == ranking->len &&
      memcmp (old->data, ranking->data, ranking->len * sizeof (gint64)) == 0)
    return TRUE;

  if (!_gleaner_store_exec (db, "DELETE FROM trending", error))
    return FALSE;

  if ((rc = sqlite3_prepare_v2 (db, "INSERT INTO trending (paper_id, rank) VALUES (?1, ?2)",
                                -1, &stmt, NULL)) != SQLITE_OK)
    return _gleaner_store_set_error (error, db, rc, _("Cannot save the trending papers"));
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
    return _gleaner_store_set_error (error, db, rc, _("Cannot save the trending papers"));

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

  if (!_gleaner_store_read_int64 (self->reader,
                   "SELECT t.rank FROM papers p CROSS JOIN trending t ON t.paper_id = p.id"
                   " WHERE p.arxiv_id = ?1",
                   arxiv_id, &rank, _("Cannot read the trending list"), error))
    return -1;

  return rank;
}

