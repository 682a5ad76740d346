/* gleaner-arxiv-complete.c — completing stored papers from arXiv's API with id_list lookups.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-arxiv-source"

#include "config.h"

#include "gleaner-arxiv-api.h"
#include "gleaner-arxiv-private.h"
#include "gleaner-arxiv-source.h"

typedef struct
{
  GleanerFetcher *fetcher;
  GleanerStore   *store;
  GUri           *api_uri;
  GPtrArray      *ids;       /* (element-type utf8) */
  guint           next;      /* index of the next batch's first id */
  gint64          updated;
} Complete;

static void
complete_free (Complete *complete)
{
  g_clear_object (&complete->fetcher);
  g_clear_object (&complete->store);
  g_clear_pointer (&complete->api_uri, g_uri_unref);
  g_clear_pointer (&complete->ids, g_ptr_array_unref);
  g_free (complete);
}

static void next_ids (GTask *task);

static void
ids_stored_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  Complete *complete = g_task_get_task_data (task);
  g_autoptr(GleanerUpsertResult) upsert = NULL;
  GError *error = NULL;

  if (!(upsert = gleaner_arxiv_store_finish (GLEANER_STORE (object), result, &error)))
    {
      gleaner_source_task_return_store_error (task, error);
      g_object_unref (task);
      return;
    }

  complete->updated += upsert->updated + upsert->added;
  next_ids (task);
}

static void
ids_fetched_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  Complete *complete = g_task_get_task_data (task);
  g_autoptr(GPtrArray) papers = NULL;
  GError *error = NULL;

  if (!(papers = gleaner_arxiv_fetch_feed_finish (result, NULL, &error)))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (papers->len == 0)
    {
      next_ids (task);
      return;
    }

  gleaner_arxiv_store_async (complete->store, papers, NULL,
                             g_task_get_cancellable (task), ids_stored_cb, task);
}

/* Takes @task. */
static void
next_ids (GTask *task)
{
  Complete *complete = g_task_get_task_data (task);
  g_autoptr(GUri) uri = NULL;
  guint n;

  if (gleaner_source_task_return_if_cancelled (task))
    return;

  if (complete->next >= complete->ids->len)
    {
      g_task_return_int (task, complete->updated);
      g_object_unref (task);
      return;
    }

  n = MIN (GLEANER_ARXIV_ID_BATCH, complete->ids->len - complete->next);
  uri = gleaner_arxiv_api_build_id_list_uri (complete->api_uri,
                                             (const char * const *)complete->ids->pdata + complete->next,
                                             n);
  complete->next += n;

  gleaner_arxiv_fetch_feed_async (complete->fetcher, uri, g_task_get_cancellable (task),
                                  ids_fetched_cb, task);
}

void
gleaner_arxiv_source_complete_async (GleanerArxivSource  *self,
                                     GleanerFetcher      *fetcher,
                                     GleanerStore        *store,
                                     const char * const  *ids,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) api_uri = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GError *error = NULL;
  Complete *complete;

  g_return_if_fail (GLEANER_IS_ARXIV_SOURCE (self));
  g_return_if_fail (GLEANER_IS_FETCHER (fetcher));
  g_return_if_fail (GLEANER_IS_STORE (store));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gleaner_arxiv_source_complete_async);

  if (!(api_uri = gleaner_arxiv_api_parse_url (gleaner_arxiv_source_get_api_url (self), &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  gleaner_arxiv_source_prepare_fetcher (self, fetcher, store);

  complete = g_new0 (Complete, 1);
  complete->fetcher = g_object_ref (fetcher);
  complete->store = g_object_ref (store);
  complete->api_uri = g_steal_pointer (&api_uri);
  complete->ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    if (*ids[i] != '\0' && g_hash_table_add (seen, (gpointer) ids[i]))
      g_ptr_array_add (complete->ids, g_strdup (ids[i]));
  g_task_set_task_data (task, complete, (GDestroyNotify) complete_free);

  next_ids (g_steal_pointer (&task));
}

gint64
gleaner_arxiv_source_complete_finish (GleanerArxivSource  *self,
                                      GAsyncResult        *result,
                                      GError             **error)
{
  g_return_val_if_fail (GLEANER_IS_ARXIV_SOURCE (self), -1);
  g_return_val_if_fail (g_task_is_valid (result, self), -1);

  return g_task_propagate_int (G_TASK (result), error);
}
