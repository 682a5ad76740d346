/* gleaner-paper-list-marks.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The paper objects the list hands out, kept in step with the store: star and read marks set
 * anywhere reach every object views hold, a paper read on a worker takes the marks set since,
 * and after a store change the held objects take the fresh title and upvotes.
 */

#define G_LOG_DOMAIN "gleaner-paper-list"

#include "config.h"

#include "gleaner-paper-list-private.h"
#include "gleaner-store-internal.h"

/* Brings a paper read on a worker up to date with the marks set since: the store's overlay of
 * marks still being written, then the last value of each mark this list saw set. FALSE when a
 * mark was pending before the list existed and may have landed after the read: the caller
 * reads the paper again. */
gboolean
_gleaner_paper_list_apply_marks (GleanerPaperList *self,
                                 GleanerPaper     *paper)
{
  gpointer value;
  guint bits;

  _gleaner_store_pending_apply (self->store, paper);

  if (!g_hash_table_lookup_extended (self->marked, gleaner_paper_get_id (paper), NULL, &value))
    return TRUE;

  bits = GPOINTER_TO_UINT (value);
  if (bits == 0)
    {
      g_autoptr(GPtrArray) pending = _gleaner_store_dup_pending_ids (self->store);

      /* Still pending: the overlay gave the right value. Landed: a read from now on sees it,
       * so forget it and read again. */
      for (guint i = 0; i < pending->len; i++)
        if (g_strcmp0 (g_ptr_array_index (pending, i), gleaner_paper_get_id (paper)) == 0)
          return TRUE;
      g_hash_table_remove (self->marked, gleaner_paper_get_id (paper));
      return FALSE;
    }
  if (bits & MARK_STARRED_KNOWN)
    gleaner_paper_set_starred (paper, (bits & MARK_STARRED) != 0);
  if (bits & MARK_READ_KNOWN)
    gleaner_paper_set_read (paper, (bits & MARK_READ) != 0);

  return TRUE;
}

/* Above this many entries, the table is freed on a worker thread: after Mark All as Read of
 * a million papers, freeing a million ids took the main loop a noticeable pause. */
#define FORGET_ON_WORKER 10000

static void
free_marked_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  g_hash_table_unref (task_data);
  g_task_return_boolean (task, TRUE);
}

/* What the list remembered of marks only matters to a paper a worker read before the mark
 * was written. With no read in flight or held, and no mark still being written, every later
 * read sees them all in the database: the memory (one entry per paper after Mark All as
 * Read, for as long as the list lived) can go. Called after each result, each write of marks
 * and each mark announced. */
static gboolean
settled (GleanerPaperList *self)
{
  /* A result held for a paced view is still the current one. */
  return self->n_loads == 0 && self->current == NULL &&
         !_gleaner_store_has_pending_marks (self->store);
}

void
_gleaner_paper_list_forget_settled_marks (GleanerPaperList *self)
{
  GHashTable *old;

  if (g_hash_table_size (self->marked) == 0 || !settled (self))
    return;

  if (g_hash_table_size (self->marked) <= FORGET_ON_WORKER)
    {
      g_hash_table_remove_all (self->marked);
      return;
    }

  old = g_steal_pointer (&self->marked);
  self->marked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  {
    g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

    g_task_set_source_tag (task, _gleaner_paper_list_forget_settled_marks);
    g_task_set_task_data (task, old, NULL);
    g_task_run_in_thread (task, free_marked_thread);
  }
}

/* After the store changed, the objects views hold (cached ones) take the title and upvotes
 * the worker just read, so a row between the refresh's runs, which no view rebinds, shows a
 * new vote count or a corrected title at once; the setters notify only on a change. */
void
_gleaner_paper_list_refresh_held (GleanerPaperList *self,
                                  GPtrArray        *papers)
{
  if (papers == NULL)
    return;

  for (guint i = 0; i < papers->len; i++)
    {
      GleanerPaper *fresh = g_ptr_array_index (papers, i);
      gint64 rowid = gleaner_paper_get_rowid (fresh);
      GList *link = g_hash_table_lookup (self->cache, &rowid);
      GleanerPaper *held;

      if (link == NULL)
        continue;

      held = link->data;
      gleaner_paper_set_title (held, gleaner_paper_get_title (fresh));
      gleaner_paper_set_upvotes (held, gleaner_paper_get_upvotes (fresh));
    }
}

/* A star or read mark set anywhere (window, notification) shows in the objects this model
 * handed out, so every row and pane bound to them follows; the query itself is not re-run. */
void
_gleaner_paper_list_paper_state_changed_cb (GleanerPaperList  *self,
                                            const char        *id,
                                            GleanerPaperState  state,
                                            gboolean           value,
                                            GleanerStore      *store)
{
  g_autoptr(GPtrArray) matches = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *alive;
  GleanerPaper *paper;

  g_assert (GLEANER_IS_PAPER_LIST (self));

  /* A mark announced once written (Mark All as Read announces its papers after the commit)
   * with nothing being read needs no remembering, nor does what was remembered before. */
  if (settled (self))
    _gleaner_paper_list_forget_settled_marks (self);
  else
    {
      guint bits = GPOINTER_TO_UINT (g_hash_table_lookup (self->marked, id));

      if (state == GLEANER_PAPER_STATE_STARRED)
        bits = (bits & ~MARK_STARRED) | MARK_STARRED_KNOWN | (value ? MARK_STARRED : 0);
      else
        bits = (bits & ~MARK_READ) | MARK_READ_KNOWN | (value ? MARK_READ : 0);
      g_hash_table_insert (self->marked, g_strdup (id), GUINT_TO_POINTER (bits));
    }

  /* Collected first: a "notify" handler may drop the last reference to one of them. */
  if ((alive = g_hash_table_lookup (self->live_by_id, id)) != NULL)
    for (guint i = 0; i < alive->len; i++)
      g_ptr_array_add (matches, g_object_ref (g_ptr_array_index (alive, i)));

  for (guint i = 0; i < matches->len; i++)
    {
      paper = g_ptr_array_index (matches, i);

      if (state == GLEANER_PAPER_STATE_STARRED)
        gleaner_paper_set_starred (paper, value);
      else
        gleaner_paper_set_read (paper, value);
    }
}

void
_gleaner_paper_list_live_paper_finalized_cb (gpointer  data,
                                             GObject  *where_the_object_was)
{
  GleanerPaperList *self = data;
  const char *id = g_hash_table_lookup (self->live, where_the_object_was);
  GPtrArray *alive;

  if (id != NULL && (alive = g_hash_table_lookup (self->live_by_id, id)) != NULL)
    {
      g_ptr_array_remove_fast (alive, where_the_object_was);
      if (alive->len == 0)
        g_hash_table_remove (self->live_by_id, id);
    }
  g_hash_table_remove (self->live, where_the_object_was);
}

GleanerPaper *
_gleaner_paper_list_track (GleanerPaperList *self,
                           GleanerPaper     *paper)
{
  if (!g_hash_table_contains (self->live, paper))
    {
      const char *id = gleaner_paper_get_id (paper) != NULL ? gleaner_paper_get_id (paper) : "";
      GPtrArray *alive = g_hash_table_lookup (self->live_by_id, id);

      if (alive == NULL)
        {
          alive = g_ptr_array_new ();
          g_hash_table_insert (self->live_by_id, g_strdup (id), alive);
        }
      g_ptr_array_add (alive, paper);
      g_hash_table_insert (self->live, paper, g_strdup (id));
      g_object_weak_ref (G_OBJECT (paper), _gleaner_paper_list_live_paper_finalized_cb, self);
    }

  /* Bounded: forgetting only costs a query in gleaner_paper_list_find(). */
  if (g_hash_table_size (self->rowids) > 8 * CACHE_SIZE)
    g_hash_table_remove_all (self->rowids);
  if (gleaner_paper_get_id (paper) != NULL && *gleaner_paper_get_id (paper) != '\0')
    g_hash_table_insert (self->rowids, g_strdup (gleaner_paper_get_id (paper)),
                         g_memdup2 (&(gint64) { gleaner_paper_get_rowid (paper) },
                                    sizeof (gint64)));

  return paper;
}
