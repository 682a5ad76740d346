/* gleaner-net.c — what gleaner-net.h is alike for both of its providers: the error domain,
 * and loading on a worker through the provider's gleaner_net_load() (gleaner-net-loader.c in
 * the application, gleaner-net-linked.c in the tests and benchmarks).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gleaner-net.h"

G_DEFINE_QUARK (gleaner-net-error-quark, gleaner_net_error)

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (gleaner_net_load (&error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
gleaner_net_load_async (GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, gleaner_net_load_async);
  if (gleaner_net_is_loaded ())
    g_task_return_boolean (task, TRUE);
  else
    g_task_run_in_thread (task, load_thread);
}

gboolean
gleaner_net_load_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
