/* gleaner-paper-list-changes.c — how the paper list tells views about a new result: the
 * runs that came or went, each reported on its own, so a view keeps (and does not rebind)
 * every row between them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-paper-list"

#include "config.h"

#include "gleaner-id-diff.h"
#include "gleaner-paper-list-private.h"

/* Beyond this many runs one change over their whole span is cheaper for a view than one
 * emission each (every emission walks the view's rows and the selection), and a result
 * that changed that much is a new result anyway. */
#define MAX_RUNS 256

/* On the worker, after the query: the runs that turn the result shown when the job started
 * into the job's. */
void
_gleaner_paper_list_compute_runs (Job *job)
{
  if (job->old_ids == NULL || g_atomic_int_get (&job->cancel))
    return;

  job->runs = gleaner_id_diff ((const guint32 *)(gpointer)job->old_ids->data, job->old_ids->len,
                               (const guint32 *)(gpointer)job->ids->data, job->ids->len,
                               MAX_RUNS);
}

/* Reports @runs one by one; while each is emitted, the list reads as the new result up to
 * the end of that run and the old one after it, as GListModel requires. */
static void
report_runs (GleanerPaperList *self,
             GArray           *runs)
{
  for (guint r = 0; r < runs->len; r++)
    {
      const GleanerIdRun *run = &g_array_index (runs, GleanerIdRun, r);

      self->splice_new_at = run->position + run->added;
      self->splice_old_at = run->old_position + run->removed;
      g_list_model_items_changed (G_LIST_MODEL (self), run->position, run->removed, run->added);
    }
}

/* Replaces the contents with @ids. With @runs (from the result shown now), reports each;
 * otherwise, with @minimal, the smallest single changed range, so views keep the rows (and
 * the selection) before and after it; else the whole list. */
void
_gleaner_paper_list_apply_ids (GleanerPaperList *self,
                               GArray           *ids,
                               GArray           *runs,
                               gboolean          minimal)
{
  g_autoptr(GArray) old_ids = g_steal_pointer (&self->ids);
  const guint32 *old = (const guint32 *)(gpointer)old_ids->data;
  const guint32 *new = (const guint32 *)(gpointer)ids->data;
  guint n_old = old_ids->len;
  guint n_new = ids->len;
  guint prefix = 0;
  guint suffix = 0;

  self->ids = g_array_ref (ids);

  if (runs != NULL)
    {
      g_assert (self->splice_old == NULL);
      self->splice_old = g_array_ref (old_ids);
      self->splice_new_at = 0;
      self->splice_old_at = 0;
      report_runs (self, runs);
      g_clear_pointer (&self->splice_old, g_array_unref);
      return;
    }

  if (minimal)
    {
      while (prefix < n_old && prefix < n_new && old[prefix] == new[prefix])
        prefix++;
      while (suffix < n_old - prefix && suffix < n_new - prefix &&
             old[n_old - 1 - suffix] == new[n_new - 1 - suffix])
        suffix++;
    }

  if (n_old - prefix - suffix > 0 || n_new - prefix - suffix > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                n_old - prefix - suffix, n_new - prefix - suffix);
}

/* Where @rowid is shown: at @hint when the list did not move since, else found by a scan
 * (of 4-byte ids: under a millisecond for a million papers); G_MAXUINT if it is not. */
guint
_gleaner_paper_list_position_of (GleanerPaperList *self,
                                 gint64            rowid,
                                 guint             hint)
{
  const guint32 *ids = (const guint32 *)(gpointer)self->ids->data;
  guint n = self->splice_old != NULL ? self->splice_new_at : self->ids->len;

  if (hint < _gleaner_paper_list_n_ids (self) && _gleaner_paper_list_id_at (self, hint) == rowid)
    return hint;

  for (guint i = 0; i < n; i++)
    if (ids[i] == rowid)
      return i;

  /* Mid-report: the rest is the old result's tail. */
  if (self->splice_old != NULL)
    {
      const guint32 *old = (const guint32 *)(gpointer)self->splice_old->data;

      for (guint i = self->splice_old_at; i < self->splice_old->len; i++)
        if (old[i] == rowid)
          return n + (i - self->splice_old_at);
    }

  return G_MAXUINT;
}
