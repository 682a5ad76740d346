/* gleaner-paper-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model keeps only the row ids of its query's result (8 bytes a paper) and builds
 * GleanerPaper objects for the positions a view asks for, keeping the most recent ones in a
 * small LRU cache. Queries run on one worker thread with its own connection; a newer query
 * interrupts an older one through SQLite's progress handler, so typing never queues work.
 */

#define G_LOG_DOMAIN "gleaner-paper-list"

#include "config.h"

#include <sqlite3.h>

#include "gleaner-enums.h"
#include "gleaner-paper-list-private.h"
#include "gleaner-store-internal.h"
#include "gleaner-store-private.h"

/* Rows a query builds on the worker along with the ids: three times what a tall window shows
 * (the grid view builds 30 rows); read-ahead (LOAD_AHEAD) brings the rest as it scrolls.
 * Each costs its abstract and authors, a few kB: at 256, 0.6 MB more at start. */
#define PREFETCH_ROWS 96

/* A sync stores a page every few tens of milliseconds; the list follows at most this often,
 * so rows are rebuilt a few times a second rather than after every page. */
#define STORE_REFRESH_MS 300


static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GleanerPaperList, gleaner_paper_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_SEARCH,
  PROP_FILTER,
  PROP_SORT,
  PROP_SCOPE,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

Job *
_gleaner_paper_list_job_ref (Job *job)
{
  g_atomic_int_inc (&job->ref_count);
  return job;
}

void
_gleaner_paper_list_job_unref (Job *job)
{
  if (!g_atomic_int_dec_and_test (&job->ref_count))
    return;

  g_clear_object (&job->self);
  g_clear_pointer (&job->search, g_free);
  g_clear_pointer (&job->scope, g_free);
  g_clear_pointer (&job->ids, g_array_unref);
  g_clear_pointer (&job->old_ids, gleaner_id_column_unref);
  g_clear_pointer (&job->result, gleaner_id_column_unref);
  g_clear_pointer (&job->first_result, gleaner_id_column_unref);
  g_clear_pointer (&job->runs, g_array_unref);
  g_clear_pointer (&job->first_page, g_array_unref);
  g_clear_pointer (&job->papers, g_ptr_array_unref);
  g_clear_pointer (&job->first_papers, g_ptr_array_unref);
  g_clear_error (&job->error);
  g_mutex_clear (&job->pace_lock);
  g_cond_clear (&job->pace_cond);
  g_free (job);
}

/* Lets a paced job's worker go on past its first page (a job being cancelled too). */
static void
job_release (Job *job)
{
  g_mutex_lock (&job->pace_lock);
  job->released = TRUE;
  g_cond_signal (&job->pace_cond);
  g_mutex_unlock (&job->pace_lock);
}

static void
cache_clear (GleanerPaperList *self)
{
  g_hash_table_remove_all (self->cache);
  g_queue_clear_full (&self->lru, g_object_unref);
}

void
_gleaner_paper_list_cache_insert (GleanerPaperList *self,
              GleanerPaper     *paper)
{
  gint64 rowid = gleaner_paper_get_rowid (paper);

  g_queue_push_head (&self->lru, g_object_ref (paper));
  g_hash_table_insert (self->cache, g_memdup2 (&rowid, sizeof rowid), self->lru.head);

  if (self->lru.length > CACHE_SIZE)
    {
      GleanerPaper *old = g_queue_pop_tail (&self->lru);
      gint64 old_rowid = gleaner_paper_get_rowid (old);

      g_hash_table_remove (self->cache, &old_rowid);
      g_object_unref (old);
    }
}

/* Caches the rows @job read on the worker, with the marks set since applied. A row already
 * cached keeps its object, which views may hold. */
static void
adopt_papers (GleanerPaperList *self,
              Job              *job,
              GPtrArray        *papers)
{
  if (papers == NULL)
    return;

  for (guint i = papers->len; i > 0; i--)
    {
      GleanerPaper *paper = g_ptr_array_index (papers, i - 1);
      gint64 rowid = gleaner_paper_get_rowid (paper);

      if (g_hash_table_contains (self->cache, &rowid) || !_gleaner_paper_list_apply_marks (self, paper))
        continue;

      /* A view shows a placeholder for it: hand it over (with the list as the view has it). */
      if (g_hash_table_contains (self->placeholders, &rowid))
        {
          _gleaner_paper_list_replace_placeholder (self, paper, i - 1);
          continue;
        }

      /* Tracked at once: a star set before a view asks for the row must reach it. */
      _gleaner_paper_list_cache_insert (self, _gleaner_paper_list_track (self, paper));
    }
}

static void
set_loading (GleanerPaperList *self,
             Job              *job)
{
  gboolean was_loading = gleaner_paper_list_get_loading (self);

  if (self->current != NULL)
    {
      g_atomic_int_set (&self->current->cancel, 1);
      job_release (self->current);
      _gleaner_paper_list_job_unref (self->current);
    }

  self->current = job ? _gleaner_paper_list_job_ref (job) : NULL;

  if (was_loading != gleaner_paper_list_get_loading (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
}

static gboolean
first_page_in_main_cb (gpointer user_data)
{
  Job *job = user_data;
  GleanerPaperList *self = job->self;

  if (self->current == job && job->reason == REASON_QUERY)
    {
      self->partial = TRUE;
      self->holding = self->paced;
      adopt_papers (self, job, job->first_papers);
      _gleaner_paper_list_apply_ids (self, job->first_result, NULL, FALSE);
    }

  return G_SOURCE_REMOVE;
}


/* The first rows of @ids, read here so a view showing them does not read them on the main
 * thread. On the job's connection, inside its query's read: the same snapshot. */
static void
load_papers (Job             *job,
             GPtrArray      **into,
             GleanerIdColumn *ids,
             guint            limit)
{
  guint n = gleaner_id_column_get_len (ids);

  if (*into == NULL)
    *into = g_ptr_array_new_with_free_func (g_object_unref);

  /* Rows that cannot be read are skipped: start after the ones tried already. */
  for (guint i = job->papers_tried; i < n && i < limit; i++, job->papers_tried++)
    {
      GleanerPaper *paper;

      if (g_atomic_int_get (&job->cancel))
        return;

      /* A row that cannot be read is left to get_item(), which says why. */
      if ((paper = _gleaner_paper_list_load_on_worker (job->self, gleaner_id_column_get (ids, i),
                                                       NULL)))
        g_ptr_array_add (*into, paper);
    }
}

/* A paced query's rest waits until the view has painted its first page anyway (see
 * gleaner_paper_list_set_paced()); collecting it meanwhile, a million ids at start-up, took
 * the second core from the thread painting that page. So the worker pauses inside its query
 * (its read snapshot stays, writers go on) until gleaner_paper_list_release(), a newer
 * query, or PACE_WAIT_MAX_US should the view never release it. */
#define PACE_WAIT_MAX_US (1 * G_USEC_PER_SEC)

static void
wait_for_view (Job *job)
{
  gint64 deadline = g_get_monotonic_time () + PACE_WAIT_MAX_US;

  g_mutex_lock (&job->pace_lock);
  while (job->paced && !job->released && !g_atomic_int_get (&job->cancel))
    if (!g_cond_wait_until (&job->pace_cond, &job->pace_lock, deadline))
      break;
  g_mutex_unlock (&job->pace_lock);
}

static void
first_page_cb (const gint64 *ids,
               guint         n_ids,
               gpointer      user_data)
{
  Job *job = user_data;

  /* Only a fresh query shows its first page early; a refresh after a sync waits for the whole
   * result so it can report just the difference. */
  if (job->reason != REASON_QUERY)
    return;

  {
    guint32 page[GLEANER_STORE_FIRST_PAGE];

    g_assert (n_ids <= GLEANER_STORE_FIRST_PAGE);
    for (guint i = 0; i < n_ids; i++)
      page[i] = ids[i];
    job->first_result = gleaner_id_column_new (page, n_ids);
    load_papers (job, &job->first_papers, job->first_result, GLEANER_STORE_FIRST_PAGE);
  }

  _gleaner_paper_list_hand_to_main (_gleaner_paper_list_job_ref (job), first_page_in_main_cb);

  wait_for_view (job);
}

/* Queues @func on the list's context. Never g_main_context_invoke(): when no thread owns the
 * context at that moment, it runs the callback right here, on the worker thread. */
void
_gleaner_paper_list_hand_to_main (Job         *job,
              GSourceFunc  func)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, job, (GDestroyNotify)_gleaner_paper_list_job_unref);
  g_source_set_static_name (source, "[gleaner] paper list result");
  g_source_attach (source, job->self->context);
  g_source_unref (source);
}

static gboolean
job_done_in_main_cb (gpointer user_data)
{
  Job *job = user_data;
  GleanerPaperList *self = job->self;

  if (self->current != job)
    return G_SOURCE_REMOVE;

  /* The first page is not on screen yet: the rest comes after (see set_paced()). */
  if (self->holding && self->partial && job->error == NULL)
    {
      g_clear_pointer (&self->held_job, _gleaner_paper_list_job_unref);
      self->held_job = _gleaner_paper_list_job_ref (job);
      return G_SOURCE_REMOVE;
    }

  if (job->error != NULL)
    {
      if (!g_error_matches (job->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot list papers: %s", job->error->message);
    }
  else if (job->result == NULL)
    {
      /* Cancelled before its query ran: nothing to show. */
    }
  else if (self->partial)
    {
      guint shown = gleaner_id_column_get_len (self->ids);
      guint n = gleaner_id_column_get_len (job->result);

      /* The first page is already on screen and is the start of the full result; the rows
       * after it that the worker read come along, or the view would ask for each of them. */
      self->partial = FALSE;
      adopt_papers (self, job, job->papers);
      gleaner_id_column_unref (self->ids);
      self->ids = gleaner_id_column_ref (job->result);
      if (n > shown)
        g_list_model_items_changed (G_LIST_MODEL (self), shown, 0, n - shown);
    }
  else
    {
      if (job->reason == REASON_STORE)
        {
          _gleaner_paper_list_refresh_held (self, job->first_papers);
          _gleaner_paper_list_refresh_held (self, job->papers);
          cache_clear (self);
        }
      adopt_papers (self, job, job->first_papers);
      adopt_papers (self, job, job->papers);
      /* The runs were worked out against the result shown when the job started. */
      _gleaner_paper_list_apply_ids (self, job->result,
                                     job->old_ids == self->ids ? job->runs : NULL,
                                     job->reason == REASON_STORE);
    }

  set_loading (self, NULL);
  _gleaner_paper_list_forget_settled_marks (self);

  return G_SOURCE_REMOVE;
}

static void
run_job (gpointer data,
         gpointer user_data)
{
  Job *job = data;
  GleanerPaperList *self = job->self;

  /* Not lowered (see gleaner-thread.c): a search as you type waits for this thread. */
  _gleaner_store_note_activity ();

  if (job->reason == REASON_LOAD)
    {
      _gleaner_paper_list_run_load (job);
      _gleaner_paper_list_hand_to_main (job, _gleaner_paper_list_load_done_cb);
      return;
    }

  if (!g_atomic_int_get (&job->cancel))
    {
      if (self->db == NULL)
        self->db = _gleaner_store_open_reader (self->store, &job->error);

      if (self->db != NULL)
        {
          int misses = _gleaner_store_cache_misses (self->db);

          /* Packed as they come (a million ids newest first: 0.1 MB, not 4). */
          if (_gleaner_store_query_scoped_column (self->db, job->filter, job->sort, job->search,
                                                  job->scope, &job->result, first_page_cb, job,
                                                  &job->cancel, &job->error))
            {
              load_papers (job, &job->papers, job->result, PREFETCH_ROWS);
              _gleaner_paper_list_compute_runs (job);
            }
          /* Listing every paper (a million) walks a whole index through the cache. */
          _gleaner_store_drop_scanned_pages (self->db, misses);
        }
    }

  /* The pool's reference goes with it. */
  _gleaner_paper_list_hand_to_main (job, job_done_in_main_cb);
}

static void
start_query (GleanerPaperList *self,
             Reason            reason)
{
  Job *job;

  /* A store refresh never overrides a query the user just asked for. */
  if (reason == REASON_STORE && self->current != NULL && self->current->reason == REASON_QUERY)
    reason = REASON_QUERY;

  job = g_new0 (Job, 1);
  job->ref_count = 1;
  job->self = g_object_ref (self);
  job->generation = ++self->generation;
  job->reason = reason;
  job->filter = self->filter;
  job->sort = self->sort;
  job->search = g_strdup (self->search);
  job->scope = g_strdup (self->scope);
  job->paced = self->paced && reason == REASON_QUERY;
  g_mutex_init (&job->pace_lock);
  g_cond_init (&job->pace_cond);
  /* Shown in full (a store refresh never follows a query still running): the worker works
   * out what changed against it. */
  if (reason == REASON_STORE && !self->partial)
    job->old_ids = gleaner_id_column_ref (self->ids);

  if (reason == REASON_QUERY)
    self->partial = FALSE;
  self->holding = FALSE;
  g_clear_pointer (&self->held_job, _gleaner_paper_list_job_unref);

  set_loading (self, job);
  g_thread_pool_push (self->pool, job, NULL);
}

static gboolean
store_refresh_cb (gpointer user_data)
{
  GleanerPaperList *self = user_data;

  self->refresh_source = 0;
  start_query (self, REASON_STORE);

  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (GleanerPaperList   *self,
                  GleanerStoreChange  change,
                  GleanerStore       *store)
{
  gboolean was_loading;

  g_assert (GLEANER_IS_PAPER_LIST (self));

  /* Stars and read marks do not move papers in or out while the user looks at the list
   * (reading a paper under "Unread" must not pull it away); reload() applies them. A new
   * trending list only reorders the trending sort; saved searches are not papers. */
  switch (change)
    {
    case GLEANER_STORE_CHANGE_PAPERS:
      break;

    case GLEANER_STORE_CHANGE_TRENDING:
      if (self->sort != GLEANER_SORT_TRENDING)
        return;
      break;

    case GLEANER_STORE_CHANGE_USER_STATE:
      /* Marks were written: those remembered may be in the database for every read now. */
      _gleaner_paper_list_forget_settled_marks (self);
      return;

    case GLEANER_STORE_CHANGE_SAVED_SEARCHES:
    default:
      return;
    }

  if (self->refresh_source != 0)
    return;

  was_loading = gleaner_paper_list_get_loading (self);
  self->refresh_source = g_timeout_add (STORE_REFRESH_MS, store_refresh_cb, self);
  if (!was_loading)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
}

/* ---------------------------------------------------------------------------------------- */
/* GListModel */

static GType
gleaner_paper_list_get_item_type (GListModel *model)
{
  return GLEANER_TYPE_PAPER;
}

static guint
gleaner_paper_list_get_n_items (GListModel *model)
{
  return _gleaner_paper_list_n_ids (GLEANER_PAPER_LIST (model));
}

static gpointer
gleaner_paper_list_get_item (GListModel *model,
                             guint       position)
{
  GleanerPaperList *self = GLEANER_PAPER_LIST (model);
  GleanerPaper *paper;
  GList *link;
  gint64 rowid;

  if (position >= _gleaner_paper_list_n_ids (self))
    return NULL;

  rowid = _gleaner_paper_list_id_at (self, position);

  if ((link = g_hash_table_lookup (self->cache, &rowid)))
    {
      g_queue_unlink (&self->lru, link);
      g_queue_push_head_link (&self->lru, link);
      return g_object_ref (link->data);
    }

  if (!self->lazy_rows)
    return _gleaner_paper_list_load_now (self, rowid);

  /* Not built yet: a placeholder now, the paper from the worker in a moment (see
   * _gleaner_paper_list_load_done_cb()), so the main thread never reads SQLite for a row. */
  if ((paper = g_hash_table_lookup (self->placeholders, &rowid)))
    return g_object_ref (paper);

  paper = gleaner_paper_new ("");
  gleaner_paper_set_rowid (paper, rowid);
  gleaner_paper_set_title (paper, "");
  g_hash_table_insert (self->placeholders, g_memdup2 (&rowid, sizeof rowid), g_object_ref (paper));
  _gleaner_paper_list_request_load (self, rowid, position);
  _gleaner_paper_list_read_ahead (self, position);

  return paper;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = gleaner_paper_list_get_item_type;
  iface->get_n_items = gleaner_paper_list_get_n_items;
  iface->get_item = gleaner_paper_list_get_item;
}

/* ---------------------------------------------------------------------------------------- */
/* GObject */

static void
gleaner_paper_list_constructed (GObject *object)
{
  GleanerPaperList *self = (GleanerPaperList *)object;

  G_OBJECT_CLASS (gleaner_paper_list_parent_class)->constructed (object);

  g_assert (GLEANER_IS_STORE (self->store));

  self->changed_handler =
    g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self,
                             G_CONNECT_SWAPPED);

  /* Marks still being written: see the "marked" field. */
  {
    g_autoptr(GPtrArray) pending = _gleaner_store_dup_pending_ids (self->store);

    for (guint i = 0; i < pending->len; i++)
      g_hash_table_insert (self->marked, g_strdup (g_ptr_array_index (pending, i)), NULL);
  }

  self->state_handler =
    g_signal_connect_object (self->store, "paper-state-changed",
                             G_CALLBACK (_gleaner_paper_list_paper_state_changed_cb), self, G_CONNECT_SWAPPED);

  start_query (self, REASON_QUERY);
}

static void
gleaner_paper_list_dispose (GObject *object)
{
  GleanerPaperList *self = (GleanerPaperList *)object;

  if (self->store != NULL)
    {
      g_clear_signal_handler (&self->changed_handler, self->store);
      g_clear_signal_handler (&self->state_handler, self->store);
    }
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_pointer (&self->held_job, _gleaner_paper_list_job_unref);

  if (self->load_source != 0)
    {
      GSource *source = g_main_context_find_source_by_id (self->context, self->load_source);

      if (source != NULL)
        g_source_destroy (source);
      self->load_source = 0;
    }

  cache_clear (self);
  g_hash_table_remove_all (self->placeholders);

  /* Papers rows still hold outlive the model: stop watching them. */
  if (self->live != NULL)
    {
      GHashTableIter iter;
      gpointer paper;

      g_hash_table_iter_init (&iter, self->live);
      while (g_hash_table_iter_next (&iter, &paper, NULL))
        g_object_weak_unref (paper, _gleaner_paper_list_live_paper_finalized_cb, self);
      g_clear_pointer (&self->live, g_hash_table_unref);
      g_clear_pointer (&self->live_by_id, g_hash_table_unref);
    }

  G_OBJECT_CLASS (gleaner_paper_list_parent_class)->dispose (object);
}

static void
gleaner_paper_list_finalize (GObject *object)
{
  GleanerPaperList *self = (GleanerPaperList *)object;

  /* Jobs hold a reference, so by now no job runs and the connection is idle. */
  g_thread_pool_free (self->pool, TRUE, TRUE);
  g_clear_pointer (&self->load_stmt, sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->store);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->scope, g_free);
  g_clear_pointer (&self->ids, gleaner_id_column_unref);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->rowids, g_hash_table_unref);
  g_clear_pointer (&self->marked, g_hash_table_unref);
  g_clear_pointer (&self->to_load, g_array_unref);
  g_clear_pointer (&self->placeholders, g_hash_table_unref);
  g_clear_pointer (&self->requested, g_hash_table_unref);

  G_OBJECT_CLASS (gleaner_paper_list_parent_class)->finalize (object);
}

static void
gleaner_paper_list_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GleanerPaperList *self = GLEANER_PAPER_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;

    case PROP_FILTER:
      g_value_set_enum (value, self->filter);
      break;

    case PROP_SORT:
      g_value_set_enum (value, self->sort);
      break;

    case PROP_SCOPE:
      g_value_set_string (value, self->scope);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, gleaner_paper_list_get_loading (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gleaner_paper_list_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  GleanerPaperList *self = GLEANER_PAPER_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_SEARCH:
      gleaner_paper_list_set_search (self, g_value_get_string (value));
      break;

    case PROP_FILTER:
      gleaner_paper_list_set_filter (self, g_value_get_enum (value));
      break;

    case PROP_SORT:
      gleaner_paper_list_set_sort (self, g_value_get_enum (value));
      break;

    case PROP_SCOPE:
      gleaner_paper_list_set_scope (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gleaner_paper_list_class_init (GleanerPaperListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = gleaner_paper_list_constructed;
  object_class->dispose = gleaner_paper_list_dispose;
  object_class->finalize = gleaner_paper_list_finalize;
  object_class->get_property = gleaner_paper_list_get_property;
  object_class->set_property = gleaner_paper_list_set_property;

  properties [PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, GLEANER_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_FILTER] =
    g_param_spec_enum ("filter", NULL, NULL, GLEANER_TYPE_FILTER, GLEANER_FILTER_ALL,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_SORT] =
    g_param_spec_enum ("sort", NULL, NULL, GLEANER_TYPE_SORT, GLEANER_SORT_UPVOTES,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_SCOPE] =
    g_param_spec_string ("scope", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gleaner_paper_list_init (GleanerPaperList *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->ids = gleaner_id_column_new (NULL, 0);
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->rowids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->marked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->live = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->live_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_ptr_array_unref);
  self->to_load = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->placeholders = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->requested = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  /* One thread: queries on the one connection run one at a time, newest wins. Its own
   * (exclusive), because the shared pool's threads may have run background work at a lower
   * priority, and the keystroke's results wait for this one. */
  self->pool = g_thread_pool_new (run_job, NULL, 1, TRUE, NULL);
}

GleanerPaperList *
gleaner_paper_list_new (GleanerStore *store)
{
  g_return_val_if_fail (GLEANER_IS_STORE (store), NULL);

  return g_object_new (GLEANER_TYPE_PAPER_LIST, "store", store, NULL);
}

const char *
gleaner_paper_list_get_search (GleanerPaperList *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER_LIST (self), NULL);
  return self->search;
}

void
gleaner_paper_list_set_search (GleanerPaperList *self,
                               const char       *search)
{
  g_autofree char *old_match = NULL;
  g_autofree char *new_match = NULL;

  g_return_if_fail (GLEANER_IS_PAPER_LIST (self));

  if (g_strcmp0 (self->search, search) == 0)
    return;

  old_match = _gleaner_store_build_match (self->search);
  new_match = _gleaner_store_build_match (search);

  g_free (self->search);
  self->search = g_strdup (search);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SEARCH]);

  /* Typing a space or punctuation does not change the result: no query. */
  if (g_strcmp0 (old_match, new_match) != 0)
    start_query (self, REASON_QUERY);
}

GleanerFilter
gleaner_paper_list_get_filter (GleanerPaperList *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER_LIST (self), GLEANER_FILTER_ALL);
  return self->filter;
}

void
gleaner_paper_list_set_filter (GleanerPaperList *self,
                               GleanerFilter     filter)
{
  g_return_if_fail (GLEANER_IS_PAPER_LIST (self));

  if (self->filter == filter)
    return;

  self->filter = filter;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FILTER]);
  start_query (self, REASON_QUERY);
}

GleanerSort
gleaner_paper_list_get_sort (GleanerPaperList *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER_LIST (self), GLEANER_SORT_UPVOTES);
  return self->sort;
}

void
gleaner_paper_list_set_sort (GleanerPaperList *self,
                             GleanerSort       sort)
{
  g_return_if_fail (GLEANER_IS_PAPER_LIST (self));

  if (self->sort == sort)
    return;

  self->sort = sort;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SORT]);
  start_query (self, REASON_QUERY);
}

const char *
gleaner_paper_list_get_scope (GleanerPaperList *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER_LIST (self), NULL);
  return self->scope;
}

void
gleaner_paper_list_set_scope (GleanerPaperList *self,
                              const char       *scope)
{
  g_return_if_fail (GLEANER_IS_PAPER_LIST (self));

  if (g_strcmp0 (self->scope, scope) == 0)
    return;

  g_free (self->scope);
  self->scope = g_strdup (scope);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SCOPE]);
  start_query (self, REASON_QUERY);
}

gboolean
gleaner_paper_list_get_loading (GleanerPaperList *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER_LIST (self), FALSE);
  return self->current != NULL || self->refresh_source != 0;
}

void
gleaner_paper_list_reload (GleanerPaperList *self)
{
  g_return_if_fail (GLEANER_IS_PAPER_LIST (self));

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  start_query (self, REASON_STORE);
}

guint
gleaner_paper_list_find (GleanerPaperList *self,
                         const char       *id)
{
  g_autoptr(GleanerPaper) paper = NULL;
  const gint64 *known;
  gint64 rowid;

  g_return_val_if_fail (GLEANER_IS_PAPER_LIST (self), G_MAXUINT);

  if (id == NULL)
    return G_MAXUINT;

  if ((known = g_hash_table_lookup (self->rowids, id)))
    rowid = *known;
  else if ((paper = gleaner_store_load_paper (self->store, id, NULL)))
    rowid = gleaner_paper_get_rowid (paper);
  else
    return G_MAXUINT;

  return _gleaner_paper_list_position_of (self, rowid, G_MAXUINT);
}

/**
 * gleaner_paper_list_set_paced:
 *
 * With @paced, a new query's first page is reported alone, and the rest of the result waits,
 * its worker too (see wait_for_view()), until gleaner_paper_list_release() (a view calls it
 * once it has shown the first page):
 * GTK 4.8 builds rows for up to 200 items at once, and the first frame after a keystroke then
 * only builds what fits the first page.
 */
void
gleaner_paper_list_set_paced (GleanerPaperList *self,
                              gboolean          paced)
{
  g_return_if_fail (GLEANER_IS_PAPER_LIST (self));

  self->paced = !!paced;
  if (!self->paced)
    gleaner_paper_list_release (self);
  else if (self->current != NULL && self->current->reason == REASON_QUERY)
    {
      /* The query a new list starts at once: its worker may not be past its first page. */
      g_mutex_lock (&self->current->pace_lock);
      self->current->paced = TRUE;
      g_mutex_unlock (&self->current->pace_lock);
    }
}

/* Whether the rest of the current result waits for gleaner_paper_list_release(). */
gboolean
gleaner_paper_list_get_holding (GleanerPaperList *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER_LIST (self), FALSE);
  return self->holding;
}

void
gleaner_paper_list_release (GleanerPaperList *self)
{
  Job *job;

  g_return_if_fail (GLEANER_IS_PAPER_LIST (self));

  self->holding = FALSE;
  if (self->current != NULL)
    job_release (self->current);
  if ((job = g_steal_pointer (&self->held_job)) != NULL)
    {
      job_done_in_main_cb (job);
      _gleaner_paper_list_job_unref (job);
    }
}
