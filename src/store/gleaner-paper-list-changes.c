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
  g_autoptr(GArray) old_ids = NULL;
  g_autoptr(GArray) new_ids = NULL;

  if (job->old_ids == NULL || g_atomic_int_get (&job->cancel))
    return;

  /* Unpacked for the while: the comparison reads every id of both. */
  old_ids = gleaner_id_column_to_array (job->old_ids);
  new_ids = gleaner_id_column_to_array (job->result);
  job->runs = gleaner_id_diff ((const guint32 *)(gpointer)old_ids->data, old_ids->len,
                               (const guint32 *)(gpointer)new_ids->data, new_ids->len,
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

/* How many ids @a and @b share from their start, read a block's worth at a time. */
static guint
common_prefix (GleanerIdColumn *a,
               GleanerIdColumn *b)
{
  guint n = MIN (gleaner_id_column_get_len (a), gleaner_id_column_get_len (b));
  guint32 ca[GLEANER_ID_COLUMN_BLOCK], cb[GLEANER_ID_COLUMN_BLOCK];

  for (guint at = 0; at < n; at += GLEANER_ID_COLUMN_BLOCK)
    {
      guint k = MIN (GLEANER_ID_COLUMN_BLOCK, n - at);

      gleaner_id_column_read (a, at, k, ca);
      gleaner_id_column_read (b, at, k, cb);
      for (guint i = 0; i < k; i++)
        if (ca[i] != cb[i])
          return at + i;
    }

  return n;
}

/* How many ids @a and @b share at their end, at most @limit. */
static guint
common_suffix (GleanerIdColumn *a,
               GleanerIdColumn *b,
               guint            limit)
{
  guint na = gleaner_id_column_get_len (a), nb = gleaner_id_column_get_len (b);
  guint32 ca[GLEANER_ID_COLUMN_BLOCK], cb[GLEANER_ID_COLUMN_BLOCK];

  for (guint done = 0; done < limit; done += GLEANER_ID_COLUMN_BLOCK)
    {
      guint k = MIN (GLEANER_ID_COLUMN_BLOCK, limit - done);

      gleaner_id_column_read (a, na - done - k, k, ca);
      gleaner_id_column_read (b, nb - done - k, k, cb);
      for (guint i = 0; i < k; i++)
        if (ca[k - 1 - i] != cb[k - 1 - i])
          return done + i;
    }

  return limit;
}

/* Replaces the contents with @ids. With @runs (from the result shown now), reports each;
 * otherwise, with @minimal, the smallest single changed range, so views keep the rows (and
 * the selection) before and after it; else the whole list. */
void
_gleaner_paper_list_apply_ids (GleanerPaperList *self,
                               GleanerIdColumn  *ids,
                               GArray           *runs,
                               gboolean          minimal)
{
  g_autoptr(GleanerIdColumn) old = g_steal_pointer (&self->ids);
  guint n_old = gleaner_id_column_get_len (old);
  guint n_new = gleaner_id_column_get_len (ids);
  guint prefix = 0;
  guint suffix = 0;

  self->ids = gleaner_id_column_ref (ids);

  if (runs != NULL)
    {
      g_assert (self->splice_old == NULL);
      self->splice_old = gleaner_id_column_ref (old);
      self->splice_new_at = 0;
      self->splice_old_at = 0;
      report_runs (self, runs);
      g_clear_pointer (&self->splice_old, gleaner_id_column_unref);
      return;
    }

  if (minimal)
    {
      prefix = common_prefix (old, ids);
      suffix = common_suffix (old, ids, MIN (n_old, n_new) - prefix);
    }

  if (n_old - prefix - suffix > 0 || n_new - prefix - suffix > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                n_old - prefix - suffix, n_new - prefix - suffix);
}

/* Where @rowid is shown: at @hint when the list did not move since, else found by a scan
 * (which skips every block of ids whose range cannot hold it); G_MAXUINT if it is not. */
guint
_gleaner_paper_list_position_of (GleanerPaperList *self,
                                 gint64            rowid,
                                 guint             hint)
{
  guint n = self->splice_old != NULL ? self->splice_new_at : gleaner_id_column_get_len (self->ids);
  guint pos;

  if (hint < _gleaner_paper_list_n_ids (self) && _gleaner_paper_list_id_at (self, hint) == rowid)
    return hint;
  if (rowid < 0 || rowid > G_MAXUINT32)
    return G_MAXUINT;

  if ((pos = gleaner_id_column_find (self->ids, rowid, 0, n)) != G_MAXUINT)
    return pos;

  /* Mid-report: the rest is the old result's tail. */
  if (self->splice_old != NULL &&
      (pos = gleaner_id_column_find (self->splice_old, rowid, self->splice_old_at, G_MAXUINT)) != G_MAXUINT)
    return n + (pos - self->splice_old_at);

  return G_MAXUINT;
}
