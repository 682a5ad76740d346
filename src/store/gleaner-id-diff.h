/* gleaner-id-diff.h — the changes that turn one list of row ids into another.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One change as a GListModel reports it: at @position (in the list as it is once the runs
 * before this one are applied, so the new list's coordinates), @removed ids of the old list
 * (from @old_position) give way to @added ids of the new one. */
typedef struct
{
  guint position;
  guint old_position;
  guint removed;
  guint added;
} GleanerIdRun;

GArray *gleaner_id_diff (const guint32 *old_ids,
                         guint          n_old,
                         const guint32 *new_ids,
                         guint          n_new,
                         guint          max_runs);

G_END_DECLS
