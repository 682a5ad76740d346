/* gleaner-net-linked.c — gleaner-net.h where the network half is linked in (the tests and
 * the benchmarks). There is nothing to load, but it is "loaded" only once asked (on a worker
 * as the module is, gleaner-net.c): the rest of the program then runs as in the application,
 * where nothing of the half exists before (the sources and the completer come after start-up).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gleaner-net.h"

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
