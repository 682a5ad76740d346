/* gleaner-source.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-source"

#include "config.h"

#include "gleaner-source.h"
#include "gleaner-sync-error.h"

G_DEFINE_INTERFACE (GleanerSource, gleaner_source, G_TYPE_OBJECT)

static void
gleaner_source_default_init (GleanerSourceInterface *iface)
{
}

const char *
gleaner_source_get_name (GleanerSource *self)
{
  GleanerSourceInterface *iface;

  g_return_val_if_fail (GLEANER_IS_SOURCE (self), NULL);

  iface = GLEANER_SOURCE_GET_IFACE (self);
  g_return_val_if_fail (iface->get_name != NULL, NULL);

  return iface->get_name (self);
}

void
gleaner_source_fetch_async (GleanerSource       *self,
                            GleanerFetcher      *fetcher,
                            GleanerStore        *store,
                            GDateTime           *now,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GleanerSourceInterface *iface;

  g_return_if_fail (GLEANER_IS_SOURCE (self));
  g_return_if_fail (GLEANER_IS_FETCHER (fetcher));
  g_return_if_fail (GLEANER_IS_STORE (store));
  g_return_if_fail (now != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  iface = GLEANER_SOURCE_GET_IFACE (self);
  g_return_if_fail (iface->fetch_async != NULL);

  iface->fetch_async (self, fetcher, store, now, cancellable, callback, user_data);
}

/**
 * gleaner_source_fetch_finish:
 * @accumulate: (inout): counts and new ids are added to it; on failure, those of the batches
 *   stored before the failure
 *
 * Returns: %TRUE on success; %FALSE with @error set.
 */
gboolean
gleaner_source_fetch_finish (GleanerSource      *self,
                             GAsyncResult       *result,
                             GleanerSyncResult  *accumulate,
                             GError            **error)
{
  GleanerSourceInterface *iface;

  g_return_val_if_fail (GLEANER_IS_SOURCE (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);
  g_return_val_if_fail (accumulate != NULL, FALSE);

  iface = GLEANER_SOURCE_GET_IFACE (self);
  g_return_val_if_fail (iface->fetch_finish != NULL, FALSE);

  return iface->fetch_finish (self, result, accumulate, error);
}

/* Task helpers */

void
gleaner_source_task_return_store_error (GTask  *task,
                                        GError *error)
{
  GError *store_error = NULL;

  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (error != NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      return;
    }

  gleaner_sync_set_store_error (&store_error, error);
  g_error_free (error);
  g_task_return_error (task, store_error);
}

gboolean
gleaner_source_task_return_if_cancelled (GTask *task)
{
  GError *error = NULL;

  g_return_val_if_fail (G_IS_TASK (task), FALSE);

  if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    return FALSE;

  g_task_return_error (task, error);
  g_object_unref (task);

  return TRUE;
}

typedef struct
{
  GTask             *task;
  GleanerSourceStep  then;
} Step;

gpointer
gleaner_source_task_step (GTask             *task,
                          GleanerSourceStep  then)
{
  Step *step;

  g_return_val_if_fail (G_IS_TASK (task), NULL);
  g_return_val_if_fail (then != NULL, NULL);

  step = g_new0 (Step, 1);
  step->task = task;
  step->then = then;

  return step;
}

void
gleaner_source_task_written_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  Step step = *(Step *)user_data;
  GError *error = NULL;

  g_free (user_data);

  if (!gleaner_store_write_finish (GLEANER_STORE (object), result, &error))
    {
      gleaner_source_task_return_store_error (step.task, error);
      g_object_unref (step.task);
      return;
    }

  step.then (step.task);
}

gboolean
gleaner_source_task_propagate (GAsyncResult       *result,
                               GleanerSyncResult  *partial,
                               GleanerSyncResult  *accumulate,
                               GError            **error)
{
  g_autoptr(GleanerSyncResult) fetched = NULL;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (accumulate != NULL, FALSE);

  if (!(fetched = g_task_propagate_pointer (G_TASK (result), error)))
    {
      /* What was stored before the failure stays stored: count it, so its papers are still
       * news to whoever reads the run's outcome. */
      if (partial != NULL)
        gleaner_sync_result_merge (accumulate, partial);
      return FALSE;
    }

  gleaner_sync_result_take (accumulate, g_steal_pointer (&fetched));

  return TRUE;
}
