/* gleaner-store-scope.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scopes a list can be narrowed to (a source, an arXiv category) with their paper and
 * unread counts, read on the store's thread.
 */

#define G_LOG_DOMAIN "gleaner-store"

#include "config.h"

#include <glib/gi18n.h>

#include "gleaner-store-internal.h"

G_DEFINE_BOXED_TYPE (GleanerScopeCount, gleaner_scope_count,
                     gleaner_scope_count_copy, gleaner_scope_count_free)

GleanerScopeCount *
gleaner_scope_count_copy (const GleanerScopeCount *count)
{
  GleanerScopeCount *copy;

  g_return_val_if_fail (count != NULL, NULL);

  copy = g_new0 (GleanerScopeCount, 1);
  copy->scope = g_strdup (count->scope);
  copy->total = count->total;
  copy->unread = count->unread;

  return copy;
}

void
gleaner_scope_count_free (GleanerScopeCount *count)
{
  if (count == NULL)
    return;

  g_free (count->scope);
  g_free (count);
}

/* Per scope: the papers (an index range each) and, separately, the read ones among them, which
 * start from the read marks (far fewer than the papers); unread is the difference. */
static const char scopes_sql[] =
  "WITH totals (scope, n) AS ("
  "  SELECT 'hf', count(*) FROM papers WHERE sources & 1"
  "  UNION ALL SELECT 'arxiv', count(*) FROM papers WHERE sources & 2"
  "  UNION ALL SELECT 'arxiv:' || category, count(*) FROM paper_categories GROUP BY category),"
  " read_papers (id, sources) AS ("
  "  SELECT p.id, p.sources FROM user_state u CROSS JOIN papers p ON p.arxiv_id = u.arxiv_id"
  "  WHERE u.read),"
  " reads (scope, n) AS ("
  "  SELECT 'hf', count(*) FROM read_papers WHERE sources & 1"
  "  UNION ALL SELECT 'arxiv', count(*) FROM read_papers WHERE sources & 2"
  "  UNION ALL SELECT 'arxiv:' || c.category, count(*) FROM read_papers r"
  "    CROSS JOIN paper_categories c ON c.paper_id = r.id GROUP BY c.category)"
  " SELECT t.scope, t.n, t.n - coalesce (r.n, 0) FROM totals t LEFT JOIN reads r USING (scope)"
  " WHERE t.n > 0 OR t.scope IN ('hf', 'arxiv')"
  " ORDER BY t.scope = 'hf' DESC, t.scope = 'arxiv' DESC, t.scope";

static gpointer
list_scopes_func (sqlite3  *db,
                  gpointer  data,
                  GError  **error)
{
  g_autoptr(GPtrArray) counts = g_ptr_array_new_with_free_func ((GDestroyNotify)gleaner_scope_count_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if ((rc = sqlite3_prepare_v2 (db, scopes_sql, -1, &stmt, NULL)) != SQLITE_OK)
    {
      _gleaner_store_set_error (error, db, rc, _("Cannot count papers"));
      return NULL;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GleanerScopeCount *count = g_new0 (GleanerScopeCount, 1);

      count->scope = _gleaner_store_dup_column_text (stmt, 0);
      count->total = sqlite3_column_int64 (stmt, 1);
      count->unread = MAX (sqlite3_column_int64 (stmt, 2), 0);
      g_ptr_array_add (counts, count);
    }

  /* The counts walk an index entry per paper: the writer drops the pages after (see
   * _gleaner_store_drop_scanned_pages()). */
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      _gleaner_store_set_error (error, db, rc, _("Cannot count papers"));
      return NULL;
    }

  return g_steal_pointer (&counts);
}

void
gleaner_store_list_scopes_async (GleanerStore        *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (GLEANER_IS_STORE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  _gleaner_store_read_async (self, list_scopes_func, NULL, NULL,
                             (GDestroyNotify)g_ptr_array_unref,
                             gleaner_store_list_scopes_async, cancellable, callback, user_data);
}

GPtrArray *
gleaner_store_list_scopes_finish (GleanerStore  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
