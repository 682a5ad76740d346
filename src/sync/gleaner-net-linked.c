/* gleaner-net-linked.c — gleaner-net.h where the network half is linked in (the tests and
 * the benchmarks). There is nothing to load, but it is "loaded" only once asked, on a worker
 * as the module is: the rest of the program then runs as in the application, where nothing
 * of the half exists before (the sources and the completer come after start-up).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gleaner-net.h"

G_DEFINE_QUARK (gleaner-net-error-quark, gleaner_net_error)

static gint loaded;

gboolean
gleaner_net_is_loaded (void)
{
  return g_atomic_int_get (&loaded);
}

gboolean
gleaner_net_load (GError **error)
{
  g_atomic_int_set (&loaded, TRUE);
  return TRUE;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_task_return_boolean (task, gleaner_net_load (NULL));
}

void
gleaner_net_load_async (GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, gleaner_net_load_async);
  g_task_run_in_thread (task, load_thread);
}

gboolean
gleaner_net_load_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
