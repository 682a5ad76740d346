/* gleaner-source.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-source"

#include "config.h"

#include "gleaner-source.h"

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
