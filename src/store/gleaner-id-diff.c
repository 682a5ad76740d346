/* gleaner-id-diff.c — the changes that turn one list of row ids into another, as a short
 * sequence of runs, so a view rebuilds only the rows that came or went.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sync inserts its new papers at scattered positions of a sorted result: the common prefix
 * and suffix alone span nearly the whole list, and a view given one change over that span
 * rebuilds every row it keeps. The rows both lists share are in the same relative order as
 * long as their sort keys did not change, so one walk over both lists finds every run; a
 * paper that moved (its upvotes changed) is removed where it was and inserted where it is.
 */

#include "config.h"

#include <stdlib.h>

#include "gleaner-id-diff.h"

typedef struct
{
  guint32 id;
  guint   index;
} IdIndex;

static int
compare_id_index (const void *a,
                  const void *b)
{
  guint32 x = ((const IdIndex *)a)->id, y = ((const IdIndex *)b)->id;

  return x < y ? -1 : x > y;
}

/* @ids[0..n) sorted by id, with their positions, for lookups by id. */
static IdIndex *
index_ids (const guint32 *ids,
           guint          n)
{
  IdIndex *index = g_new (IdIndex, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    index[i] = (IdIndex) { ids[i], i };
  qsort (index, n, sizeof *index, compare_id_index);

  return index;
}

/* Where @id is in the indexed list, or G_MAXUINT. */
static guint
lookup (const IdIndex *index,
        guint          n,
        guint32        id)
{
  IdIndex key = { id, 0 };
  const IdIndex *found = bsearch (&key, index, n, sizeof *index, compare_id_index);

  return found != NULL ? found->index : G_MAXUINT;
}

/**
 * gleaner_id_diff:
 * @max_runs: give up beyond this many runs
 *
 * Returns: (transfer full) (nullable): the #GleanerIdRun that turn @old_ids into @new_ids,
 *   in order, each at its position once the ones before it are applied (empty when the
 *   lists are equal); %NULL when more than @max_runs are needed.
 */
GArray *
gleaner_id_diff (const guint32 *old_ids,
                 guint          n_old,
                 const guint32 *new_ids,
                 guint          n_new,
                 guint          max_runs)
{
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (GleanerIdRun));
  g_autofree IdIndex *old_index = NULL;
  g_autofree IdIndex *new_index = NULL;
  guint prefix = 0, suffix = 0;
  guint n_old_mid, n_new_mid;
  guint i, j;

  /* Only the middle, where the lists differ, is indexed. */
  while (prefix < n_old && prefix < n_new && old_ids[prefix] == new_ids[prefix])
    prefix++;
  while (suffix < n_old - prefix && suffix < n_new - prefix &&
         old_ids[n_old - 1 - suffix] == new_ids[n_new - 1 - suffix])
    suffix++;
  n_old_mid = n_old - prefix - suffix;
  n_new_mid = n_new - prefix - suffix;
  if (n_old_mid == 0 && n_new_mid == 0)
    return g_steal_pointer (&runs);

  old_index = index_ids (old_ids + prefix, n_old_mid);
  new_index = index_ids (new_ids + prefix, n_new_mid);

  /* Positions from here on are relative to the prefix. */
  old_ids += prefix;
  new_ids += prefix;
  i = j = 0;
  while (i < n_old_mid || j < n_new_mid)
    {
      GleanerIdRun run;

      if (i < n_old_mid && j < n_new_mid && old_ids[i] == new_ids[j])
        {
          i++, j++;
          continue;
        }

      if (runs->len == max_runs)
        return NULL;

      run = (GleanerIdRun) { prefix + j, prefix + i, 0, 0 };
      while (i < n_old_mid || j < n_new_mid)
        {
          guint in_new = G_MAXUINT, in_old = G_MAXUINT;

          if (i < n_old_mid && j < n_new_mid && old_ids[i] == new_ids[j])
            break;

          /* Gone, or already inserted further up: removed here. */
          if (i < n_old_mid &&
              ((in_new = lookup (new_index, n_new_mid, old_ids[i])) == G_MAXUINT || in_new < j))
            {
              i++, run.removed++;
              continue;
            }
          /* New, or already removed further up: inserted here. */
          if (j < n_new_mid &&
              ((in_old = lookup (old_index, n_old_mid, new_ids[j])) == G_MAXUINT || in_old < i))
            {
              j++, run.added++;
              continue;
            }

          /* Both are further on in the other list: one of them moved. Moving the one that
           * went farther keeps the rows between them in place. */
          if (in_new - j >= in_old - i)
            i++, run.removed++;
          else
            j++, run.added++;
        }
      g_array_append_val (runs, run);
    }

  return g_steal_pointer (&runs);
}
