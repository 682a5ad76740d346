/* gleaner-paper-list-private.h — what the paper list's files share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "gleaner-id-column.h"
#include "gleaner-paper-list.h"

G_BEGIN_DECLS

/* Rows read along with one a view asks for and did not find: a scroll's next steps. */
#define LOAD_AHEAD  64
#define LOAD_BEHIND 16

typedef enum
{
  REASON_QUERY,   /* search, filter or sort changed: replace the contents */
  REASON_STORE,   /* the store changed: report only what differs */
  REASON_LOAD,    /* rows a view asked for that were not built yet: read them */
} Reason;

/* What the list knows of a paper's marks set while it lived (bits of "marked" values): a
 * worker may have read the paper before the write landed, so these win over what it read. */
enum
{
  MARK_STARRED_KNOWN = 1 << 0,
  MARK_STARRED       = 1 << 1,
  MARK_READ_KNOWN    = 1 << 2,
  MARK_READ          = 1 << 3,
};

typedef struct
{
  gint              ref_count;
  GleanerPaperList *self;          /* strong ref, released on the main thread */
  guint             generation;
  Reason            reason;
  GleanerFilter     filter;
  GleanerSort       sort;
  char             *search;
  char             *scope;
  /* Row ids (guint32): the rows to read of a load. */
  GArray           *ids;
  /* A query's result and its first page, packed on the worker: what the list keeps. */
  GleanerIdColumn  *result;
  GleanerIdColumn  *first_result;
  /* A store refresh: the result shown when it started, and the runs (GleanerIdRun) that
   * turn it into @ids, worked out on the worker; NULL when there are too many. */
  GleanerIdColumn  *old_ids;
  GArray           *runs;
  /* A load's positions of its rows (see gleaner-paper-list-rows.c). */
  GArray           *first_page;
  /* (element-type GleanerPaper) the first rows, built on the worker so the main thread does
   * not read them when a view asks (see adopt_papers()) */
  GPtrArray        *papers;
  /* The first page's rows, handed to the main thread while the worker goes on filling
   * @papers: never touched by the worker after that. */
  GPtrArray        *first_papers;
  guint             papers_tried;
  GError           *error;
  int               cancel;
  /* A paced query's worker waits after its first page until the view has shown it (see
   * wait_for_view()); both under @pace_lock once the job is queued. */
  gboolean          paced;
  gboolean          released;
  GMutex            pace_lock;
  GCond             pace_cond;
} Job;

struct _GleanerPaperList
{
  GObject        parent_instance;

  GleanerStore  *store;
  gulong         changed_handler;
  gulong         state_handler;
  /* Where results are handed back: the thread-default context of the creating thread. */
  GMainContext  *context;

  char          *search;
  char          *scope;
  GleanerFilter  filter;
  GleanerSort    sort;

  /* The visible result: a million row ids take about 1 MB packed, not 4. */
  GleanerIdColumn *ids;
  /* While a new result is reported run by run (see _gleaner_paper_list_apply_ids()), views
   * know the list as the first splice_new_at ids of @ids followed by splice_old from
   * splice_old_at on: read it through _gleaner_paper_list_id_at() and _n_ids(). */
  GleanerIdColumn *splice_old;
  guint          splice_new_at;
  guint          splice_old_at;
  /* TRUE while only the first page of the running query is shown. */
  gboolean       partial;

  /* Worker side. The connection is only touched by the pool's single thread. */
  GThreadPool   *pool;
  sqlite3       *db;
  sqlite3_stmt  *load_stmt;     /* reads a paper by row id on db; prepared once */
  guint          generation;
  Job           *current;
  guint          refresh_source;

  /* rowid → GList link in lru (data: GleanerPaper). */
  GHashTable    *cache;
  GQueue         lru;
  /* Every paper handed out and still alive, cached or not (a row may keep one the cache
   * dropped after a sync): the objects a star or read mark must reach. Paper → its arXiv id
   * (a copy: the paper may be gone when its weak reference says so), and arXiv id → the
   * papers alive with it (a GPtrArray, no references), so a mark finds its papers without
   * looking at every one: Mark All as Read of 1,000,000 papers compared each mark with every
   * live paper, 6 s of the main thread. */
  GHashTable    *live;
  GHashTable    *live_by_id;
  /* arXiv id → row id of the papers built lately (a row id never changes), so finding the
   * selected paper again after each change needs no query. */
  GHashTable    *rowids;
  /* arXiv id → MARK_* bits of the papers whose star or read mark was set while this list
   * lived (the last value of each), or 0 for a mark still being written when it was made: a
   * worker may have read them before the write landed (see apply_marks()). */
  GHashTable    *marked;
  guint          n_loads;       /* row reads handed to the worker, not back yet */
  /* Row ids a view asked for that are not built yet, with the placeholder shown meanwhile,
   * and the (rowid, position) pairs the next idle hands to the worker in one batch. */
  GHashTable    *placeholders;
  GHashTable    *requested;     /* row ids queued or being read */
  GArray        *to_load;
  gboolean       lazy_rows;
  /* See gleaner_paper_list_set_paced(): the rest of a result waits in held_job while holding. */
  gboolean       paced;
  gboolean       holding;
  Job           *held_job;
  guint          load_source;
};

/* The list as views know it, also while a change is being reported. */
static inline guint
_gleaner_paper_list_n_ids (GleanerPaperList *self)
{
  if (G_UNLIKELY (self->splice_old != NULL))
    return self->splice_new_at + gleaner_id_column_get_len (self->splice_old) - self->splice_old_at;
  return gleaner_id_column_get_len (self->ids);
}

static inline gint64
_gleaner_paper_list_id_at (GleanerPaperList *self,
                           guint             position)
{
  if (G_UNLIKELY (self->splice_old != NULL) && position >= self->splice_new_at)
    return gleaner_id_column_get (self->splice_old,
                                  position - self->splice_new_at + self->splice_old_at);
  return gleaner_id_column_get (self->ids, position);
}

/* Paper objects the list keeps (its LRU cache). */
#define CACHE_SIZE 512

/* gleaner-paper-list.c */
Job          *_gleaner_paper_list_job_ref       (Job              *job);
void          _gleaner_paper_list_job_unref     (Job              *job);
void          _gleaner_paper_list_cache_insert  (GleanerPaperList *self,
                                                 GleanerPaper     *paper);
void          _gleaner_paper_list_hand_to_main  (Job              *job,
                                                 GSourceFunc       func);

/* gleaner-paper-list-marks.c: the objects handed out, in step with the store */
GleanerPaper *_gleaner_paper_list_track         (GleanerPaperList *self,
                                                 GleanerPaper     *paper);
void          _gleaner_paper_list_live_paper_finalized_cb (gpointer  data,
                                                           GObject  *where_the_object_was);
/* Empties "marked" once no read in flight can predate a landed mark (see there). */
void          _gleaner_paper_list_forget_settled_marks (GleanerPaperList *self);
gboolean      _gleaner_paper_list_apply_marks   (GleanerPaperList *self,
                                                 GleanerPaper     *paper);
void          _gleaner_paper_list_refresh_held  (GleanerPaperList *self,
                                                 GPtrArray        *papers);
void          _gleaner_paper_list_paper_state_changed_cb (GleanerPaperList  *self,
                                                          const char        *id,
                                                          GleanerPaperState  state,
                                                          gboolean           value,
                                                          GleanerStore      *store);

/* gleaner-paper-list-rows.c: rows read for views off the main thread */
GleanerPaper *_gleaner_paper_list_load_on_worker (GleanerPaperList *self,
                                                  gint64            rowid,
                                                  GError          **error);
void          _gleaner_paper_list_request_load  (GleanerPaperList *self,
                                                 gint64            rowid,
                                                 guint             position);
void          _gleaner_paper_list_read_ahead    (GleanerPaperList *self,
                                                 guint             position);
void          _gleaner_paper_list_run_load      (Job              *job);
gboolean      _gleaner_paper_list_load_done_cb  (gpointer          user_data);
void          _gleaner_paper_list_replace_placeholder (GleanerPaperList *self,
                                                       GleanerPaper     *paper,
                                                       guint             hint);
GleanerPaper *_gleaner_paper_list_load_now      (GleanerPaperList *self,
                                                 gint64            rowid);
guint         _gleaner_paper_list_position_of   (GleanerPaperList *self,
                                                 gint64            rowid,
                                                 guint             hint);

/* gleaner-paper-list-changes.c: telling views about a new result */
void          _gleaner_paper_list_compute_runs  (Job              *job);
void          _gleaner_paper_list_apply_ids     (GleanerPaperList *self,
                                                 GleanerIdColumn  *ids,
                                                 GArray           *runs,
                                                 gboolean          minimal);

G_END_DECLS
