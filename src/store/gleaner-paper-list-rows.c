/* gleaner-paper-list-rows.c — the paper list's rows for views, read off the main thread:
 * a placeholder while the list's worker reads a row (with its neighbours), then an
 * items-changed of that row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-paper-list"

#include "config.h"

#include "gleaner-paper-list-private.h"
#include "gleaner-store-internal.h"
#include "gleaner-store-private.h"

/* Puts @paper (read on the worker) in place of the placeholder a view holds for its row (or
 * just caches it, when read ahead of the view). Returns the position to report changed, or
 * G_MAXUINT. */
static guint
take_paper (GleanerPaperList *self,
            GleanerPaper     *paper,
            guint             hint)
{
  gint64 rowid = gleaner_paper_get_rowid (paper);
  g_autoptr(GleanerPaper) placeholder = NULL;
  g_autofree gint64 *key = NULL;   /* stolen with the placeholder: the table no longer frees it */

  g_hash_table_remove (self->requested, &rowid);

  if (!g_hash_table_contains (self->cache, &rowid))
    _gleaner_paper_list_cache_insert (self, _gleaner_paper_list_track (self, paper));

  if (!g_hash_table_steal_extended (self->placeholders, &rowid, (gpointer *)&key,
                                    (gpointer *)&placeholder))
    return G_MAXUINT;

  /* Only this list holds the placeholder: no view shows it (a new query replaced it), so
   * there is nothing to tell, and no need to look for its row. */
  if (G_OBJECT (placeholder)->ref_count == 1)
    return G_MAXUINT;

  return _gleaner_paper_list_position_of (self, rowid, hint);
}

static int
compare_positions (gconstpointer a,
                   gconstpointer b)
{
  guint pa = *(const guint *)a, pb = *(const guint *)b;

  return pa < pb ? -1 : pa > pb;
}

/* Tells the views about the rows in @positions, one change per run of neighbours: the rows
 * a frame asked for arrive together and are rebuilt together. */
static void
report_positions (GleanerPaperList *self,
                  GArray           *positions)
{
  g_array_sort (positions, compare_positions);

  for (guint i = 0; i < positions->len;)
    {
      guint first = g_array_index (positions, guint, i);
      guint n = 1;

      while (i + n < positions->len && g_array_index (positions, guint, i + n) == first + n)
        n++;
      g_list_model_items_changed (G_LIST_MODEL (self), first, n, n);
      i += n;
    }
}

void
_gleaner_paper_list_replace_placeholder (GleanerPaperList *self,
                     GleanerPaper     *paper,
                     guint             hint)
{
  guint position = take_paper (self, paper, hint);

  if (position != G_MAXUINT)
    g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
}

gboolean
_gleaner_paper_list_load_done_cb (gpointer user_data)
{
  Job *job = user_data;
  GleanerPaperList *self = job->self;
  g_autoptr(GArray) positions = NULL;

  self->n_loads--;

  /* Disposed meanwhile, or the worker could not open its connection. */
  if (job->papers == NULL || self->live == NULL)
    return G_SOURCE_REMOVE;

  /* Rows that could not be read (deleted meanwhile) may be asked for again. */
  for (guint i = 0; i < job->ids->len; i++)
    g_hash_table_remove (self->requested, &(gint64) { g_array_index (job->ids, guint32, i) });

  positions = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < job->papers->len; i++)
    {
      GleanerPaper *paper = g_ptr_array_index (job->papers, i);
      guint hint = g_array_index (job->first_page, guint, i);
      guint position;

      if (!_gleaner_paper_list_apply_marks (self, paper))
        {
          gint64 rowid = gleaner_paper_get_rowid (paper);

          g_hash_table_remove (self->requested, &rowid);
          _gleaner_paper_list_request_load (self, rowid, hint);
        }
      else if ((position = take_paper (self, paper, hint)) != G_MAXUINT)
        g_array_append_val (positions, position);
    }
  report_positions (self, positions);
  _gleaner_paper_list_forget_settled_marks (self);

  return G_SOURCE_REMOVE;
}

/* Reads @rowid on the worker's connection, with the statement it keeps for that. */
GleanerPaper *
_gleaner_paper_list_load_on_worker (GleanerPaperList  *self,
                                    gint64             rowid,
                                    GError           **error)
{
  if (self->load_stmt == NULL &&
      !(self->load_stmt = _gleaner_store_prepare_load_rowid (self->db, TRUE, error)))
    return NULL;

  return _gleaner_store_load_rowid_with (self->load_stmt, rowid, error);
}

void
_gleaner_paper_list_run_load (Job *job)
{
  GleanerPaperList *self = job->self;
  g_autoptr(GArray) hints = g_array_new (FALSE, FALSE, sizeof (guint));

  if (self->db == NULL && !(self->db = _gleaner_store_open_reader (self->store, &job->error)))
    return;

  job->papers = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < job->ids->len; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 rowid = g_array_index (job->ids, guint32, i);
      GleanerPaper *paper = _gleaner_paper_list_load_on_worker (self, rowid, &error);

      /* Deleted under us, or the disk failed: the row keeps its empty placeholder. */
      if (paper == NULL)
        {
          g_debug ("Cannot load paper %" G_GINT64_FORMAT ": %s", rowid, error->message);
          continue;
        }
      g_ptr_array_add (job->papers, paper);
      g_array_append_val (hints, g_array_index (job->first_page, guint, i));
    }

  /* first_page now holds the positions of the papers read, one for one. */
  g_array_unref (job->first_page);
  job->first_page = g_steal_pointer (&hints);
}

static gboolean
load_idle_cb (gpointer user_data)
{
  GleanerPaperList *self = user_data;
  Job *job;

  self->load_source = 0;

  job = g_new0 (Job, 1);
  job->ref_count = 1;
  job->self = g_object_ref (self);
  job->reason = REASON_LOAD;
  g_mutex_init (&job->pace_lock);
  g_cond_init (&job->pace_cond);
  job->ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  job->first_page = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < self->to_load->len; i += 2)
    {
      guint32 rowid = (guint32) g_array_index (self->to_load, gint64, i);
      guint hint = (guint) g_array_index (self->to_load, gint64, i + 1);

      g_array_append_val (job->ids, rowid);
      g_array_append_val (job->first_page, hint);
    }
  g_array_set_size (self->to_load, 0);

  self->n_loads++;
  g_thread_pool_push (self->pool, job, NULL);

  return G_SOURCE_REMOVE;
}

/* Queues @rowid (shown at @position) for the worker; the rows a frame asks for go together. */
void
_gleaner_paper_list_request_load (GleanerPaperList *self,
              gint64            rowid,
              guint             position)
{
  gint64 hint = position;

  if (!g_hash_table_add (self->requested, g_memdup2 (&rowid, sizeof rowid)))
    return;

  g_array_append_val (self->to_load, rowid);
  g_array_append_val (self->to_load, hint);

  if (self->load_source == 0)
    {
      GSource *source = g_idle_source_new ();

      /* On the list's context, as the results: after the frame that asked, before the next. */
      g_source_set_priority (source, G_PRIORITY_HIGH_IDLE);
      g_source_set_callback (source, load_idle_cb, self, NULL);
      g_source_set_static_name (source, "[gleaner] paper list load");
      self->load_source = g_source_attach (source, self->context);
      g_source_unref (source);
    }
}

/* Queues the rows around @position the view has not asked for yet, in the same batch: a
 * scroll then finds most rows read before it shows them. */
void
_gleaner_paper_list_read_ahead (GleanerPaperList *self,
            guint             position)
{
  guint from = position > LOAD_BEHIND ? position - LOAD_BEHIND : 0;
  guint to = MIN (_gleaner_paper_list_n_ids (self), position + LOAD_AHEAD);

  for (guint i = from; i < to; i++)
    {
      gint64 rowid = _gleaner_paper_list_id_at (self, i);

      if (!g_hash_table_contains (self->cache, &rowid) &&
          !g_hash_table_contains (self->placeholders, &rowid))
        _gleaner_paper_list_request_load (self, rowid, i);
    }
}

/* One primary-key lookup on the main thread's reader, for callers that need the paper now. */
GleanerPaper *
_gleaner_paper_list_load_now (GleanerPaperList *self,
          gint64            rowid)
{
  g_autoptr(GError) error = NULL;
  GleanerPaper *paper;

  if (!(paper = _gleaner_store_load_rowid (self->store, rowid, &error)))
    {
      /* Deleted under us, or the disk failed: show a placeholder rather than a hole. */
      g_debug ("Cannot load paper %" G_GINT64_FORMAT ": %s", rowid, error->message);
      paper = gleaner_paper_new ("");
      gleaner_paper_set_rowid (paper, rowid);
      gleaner_paper_set_title (paper, "");
      return _gleaner_paper_list_track (self, paper);
    }

  _gleaner_paper_list_cache_insert (self, paper);

  return _gleaner_paper_list_track (self, paper);
}

/**
 * gleaner_paper_list_set_lazy_rows:
 *
 * With @lazy_rows, get_item() never reads SQLite on the calling thread: a paper not built yet
 * comes as a placeholder (an empty id and title, the row id set), the list's worker reads it,
 * and an items-changed of that one position hands over the paper. For views; other callers
 * (a position found with gleaner_paper_list_find()) get the paper at once without it.
 */
void
gleaner_paper_list_set_lazy_rows (GleanerPaperList *self,
                                  gboolean          lazy_rows)
{
  g_return_if_fail (GLEANER_IS_PAPER_LIST (self));
  self->lazy_rows = !!lazy_rows;
}

gboolean
gleaner_paper_list_is_placeholder (GleanerPaper *paper)
{
  g_return_val_if_fail (GLEANER_IS_PAPER (paper), FALSE);
  return *gleaner_paper_get_id (paper) == '\0';
}
