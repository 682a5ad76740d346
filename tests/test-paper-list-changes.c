/* test-paper-list-changes.c — what the paper list reports when a sync or a reload changes its
 * result: each run of rows that came or went on its own, so a view keeps every row between
 * them; checked against a GListStore that replays every report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "gleaner-id-column.h"
#include "gleaner-id-diff.h"
#include "gleaner-paper-list.h"
#include "gleaner-paper-list-private.h"
#include "gleaner-store-private.h"
#include "gleaner-test-store-wait.h"
#include "gleaner-test-util.h"

typedef struct
{
  char         *dir;
  GleanerStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("gleaner-list-changes-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "gleaner.db", NULL);
  f->store = gleaner_store_new (path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  gleaner_test_remove_tree (f->dir);
  g_free (f->dir);
}

static GleanerPaper *
make_paper (guint  number,
            gint64 upvotes)
{
  g_autofree char *id = g_strdup_printf ("2503.%05u", number);
  g_autofree char *title = g_strdup_printf ("Paper %u", number);
  GleanerPaper *paper = gleaner_paper_new (id);

  gleaner_paper_set_title (paper, title);
  gleaner_paper_set_abstract (paper, "We study the parameter space of generative models.");
  gleaner_paper_set_upvotes (paper, upvotes);
  gleaner_paper_set_published (paper, 1000 + number);
  gleaner_paper_set_daily_date (paper, "2026-11-20");

  return paper;
}

typedef GleanerTestWrite Wait;

/* Stores @papers (GleanerPaper) as a sync does. */
static void
upsert (GleanerStore *store,
        GPtrArray    *papers)
{
  g_autoptr(GleanerUpsertResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = gleaner_test_store_upsert (store, papers, &error);
  g_assert_no_error (error);
}

static void
mark_read (GleanerStore *store,
           guint         number)
{
  g_autofree char *id = g_strdup_printf ("2503.%05u", number);

  gleaner_test_store_set_state (store, id, FALSE, TRUE);
}

static void
wait_loaded (GleanerPaperList *list)
{
  while (gleaner_paper_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
}

/* Replays every items-changed of the list on a GListStore, with the items the list gives at
 * that moment: a list that reports a change before (or after) it reads that way hands out the
 * wrong papers, and the replica ends up different from the list. */
typedef struct
{
  GListStore *replica;
  GArray     *changes;    /* guint triples: position, removed, added */
} Replay;

static void
replay_cb (GListModel *model,
           guint       position,
           guint       removed,
           guint       added,
           Replay     *r)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_cmpuint (position + removed, <=, g_list_model_get_n_items (G_LIST_MODEL (r->replica)));
  for (guint i = 0; i < added; i++)
    g_ptr_array_add (items, g_list_model_get_item (model, position + i));
  g_list_store_splice (r->replica, position, removed, items->pdata, items->len);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (r->replica)), ==,
                    g_list_model_get_n_items (model));

  g_array_append_vals (r->changes, (guint[]) { position, removed, added }, 3);
}

static void
replay_init (Replay           *r,
             GleanerPaperList *list)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  r->replica = g_list_store_new (GLEANER_TYPE_PAPER);
  r->changes = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GleanerPaper) paper = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_list_store_append (r->replica, paper);
    }
  g_signal_connect (list, "items-changed", G_CALLBACK (replay_cb), r);
}

static void
replay_clear (Replay           *r,
              GleanerPaperList *list)
{
  g_signal_handlers_disconnect_by_func (list, replay_cb, r);
  g_clear_object (&r->replica);
  g_clear_pointer (&r->changes, g_array_unref);
}

/* The replica holds the list's papers, in its order. */
static void
assert_replica (Replay           *r,
                GleanerPaperList *list)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (r->replica)), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GleanerPaper) shown = g_list_model_get_item (G_LIST_MODEL (r->replica), i);
      g_autoptr(GleanerPaper) paper = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_cmpstr (gleaner_paper_get_id (shown), ==, gleaner_paper_get_id (paper));
    }
}

static void
assert_change (Replay *r,
               guint   index,
               guint   position,
               guint   removed,
               guint   added)
{
  g_assert_cmpuint (index * 3 + 2, <, r->changes->len);
  g_assert_cmpuint (g_array_index (r->changes, guint, index * 3), ==, position);
  g_assert_cmpuint (g_array_index (r->changes, guint, index * 3 + 1), ==, removed);
  g_assert_cmpuint (g_array_index (r->changes, guint, index * 3 + 2), ==, added);
}

/* @n papers with 10, 20, … 10·n upvotes: position i shows the one with 10·(n − i). */
static GleanerPaperList *
list_of (Fixture *f,
         guint    n)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  GleanerPaperList *list;

  for (guint i = 1; i <= n; i++)
    g_ptr_array_add (papers, make_paper (i, 10 * i));
  upsert (f->store, papers);

  list = gleaner_paper_list_new (f->store);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);

  return list;
}

static void
test_scattered_inserts (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GleanerPaperList) list = list_of (f, 200);
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  Replay r = { 0 };

  replay_init (&r, list);

  /* A sync brings papers that land between the shown ones, far apart, and two together. */
  g_ptr_array_add (papers, make_paper (1001, 1995));   /* below 2000: position 1 */
  g_ptr_array_add (papers, make_paper (1002, 1505));   /* below 1510: 50, +1 above it */
  g_ptr_array_add (papers, make_paper (1003, 1504));   /* just below it */
  g_ptr_array_add (papers, make_paper (1004, 15));     /* below 20: 199, +3 */
  g_ptr_array_add (papers, make_paper (1005, 5));      /* last */
  upsert (f->store, papers);
  wait_loaded (list);

  /* One change a run, in the list's coordinates at the time: nothing else was reported. */
  g_assert_cmpuint (r.changes->len, ==, 4 * 3);
  assert_change (&r, 0, 1, 0, 1);
  assert_change (&r, 1, 51, 0, 2);
  assert_change (&r, 2, 202, 0, 1);
  assert_change (&r, 3, 204, 0, 1);
  assert_replica (&r, list);
  replay_clear (&r, list);
}

static void
test_removals_and_moves (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GleanerPaperList) list = list_of (f, 100);
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  Replay r = { 0 };

  gleaner_paper_list_set_filter (list, GLEANER_FILTER_UNREAD);
  wait_loaded (list);
  replay_init (&r, list);

  /* Read papers leave "Unread" on the next reload: at positions 10, 11 and 60. */
  mark_read (f->store, 90);
  mark_read (f->store, 89);
  mark_read (f->store, 40);
  /* A sync: paper 50 (position 50) got the most upvotes, paper 2 (98) passes paper 3; a new
   * one comes below paper 26 (74). */
  g_ptr_array_add (papers, make_paper (50, 5000));
  g_ptr_array_add (papers, make_paper (2, 35));
  g_ptr_array_add (papers, make_paper (1001, 255));
  upsert (f->store, papers);
  wait_loaded (list);
  gleaner_paper_list_reload (list);
  wait_loaded (list);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 98);
  assert_replica (&r, list);
  /* Every run is small: the ones below, and nothing that spans the rows in between. */
  for (guint i = 0; i < r.changes->len; i += 3)
    g_assert_cmpuint (g_array_index (r.changes, guint, i + 1) + g_array_index (r.changes, guint, i + 2),
                      <=, 2);
  assert_change (&r, 0, 0, 0, 1);     /* paper 50 on top */
  assert_change (&r, 1, 11, 2, 0);    /* 90 and 89 */
  assert_change (&r, 2, 49, 1, 0);    /* 50 gone from its old place */
  assert_change (&r, 3, 58, 1, 0);    /* 40 */
  assert_change (&r, 4, 72, 0, 1);    /* the new one */
  /* Then paper 3 leaves its place above paper 2 and comes back below it. */
  assert_change (&r, 5, 95, 1, 0);
  assert_change (&r, 6, 96, 0, 1);
  g_assert_cmpuint (r.changes->len, ==, 7 * 3);
  replay_clear (&r, list);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *n)
{
  (*n)++;
}

/* A paper a view holds, whose votes and title a sync changed without moving it, shows the new
 * ones at once: no items-changed covers it, so no view would ask for it again. */
static void
test_held_papers_refreshed (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GleanerPaperList) list = list_of (f, 100);
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GleanerPaper) held = g_list_model_get_item (G_LIST_MODEL (list), 10);
  g_autoptr(GleanerPaper) revised = make_paper (90, 905);
  Replay r = { 0 };
  guint n_notify = 0;

  g_assert_cmpstr (gleaner_paper_get_id (held), ==, "2503.00090");
  g_assert_cmpint (gleaner_paper_get_upvotes (held), ==, 900);
  g_signal_connect (held, "notify", G_CALLBACK (count_notify_cb), &n_notify);
  replay_init (&r, list);

  gleaner_paper_set_title (revised, "Paper 90, revised");
  g_ptr_array_add (papers, g_object_ref (revised));
  g_ptr_array_add (papers, make_paper (1001, 5000));   /* on top: the one run */
  upsert (f->store, papers);
  wait_loaded (list);

  g_assert_cmpuint (r.changes->len, ==, 3);
  assert_change (&r, 0, 0, 0, 1);
  g_assert_cmpint (gleaner_paper_get_upvotes (held), ==, 905);
  g_assert_cmpstr (gleaner_paper_get_title (held), ==, "Paper 90, revised");
  g_assert_cmpuint (n_notify, ==, 2);
  assert_replica (&r, list);
  replay_clear (&r, list);
  g_signal_handlers_disconnect_by_func (held, count_notify_cb, &n_notify);
}

static void
test_too_many_runs (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GleanerPaperList) list = list_of (f, 600);
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  Replay r = { 0 };

  replay_init (&r, list);

  /* One new paper between every two shown from the 200th on (400 runs): a new result rather
   * than a few additions, reported as one change over the span. */
  for (guint i = 0; i < 400; i++)
    g_ptr_array_add (papers, make_paper (2000 + i, 10 * (i + 1) + 5));
  upsert (f->store, papers);
  wait_loaded (list);

  g_assert_cmpuint (r.changes->len, ==, 3);
  assert_change (&r, 0, 200, 399, 799);
  assert_replica (&r, list);
  replay_clear (&r, list);
}

/* Random lists: the runs applied to the old one give the new one, each run is as reported
 * (nonempty, at increasing positions, separated by rows both keep). */
static void
test_id_diff_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());

  for (guint round = 0; round < 200; round++)
    {
      g_autoptr(GArray) old = g_array_new (FALSE, FALSE, sizeof (guint32));
      g_autoptr(GArray) new = g_array_new (FALSE, FALSE, sizeof (guint32));
      g_autoptr(GArray) work = NULL;
      g_autoptr(GArray) runs = NULL;
      guint n = g_rand_int_range (rand, 0, 300);
      guint next_id = 1;

      for (guint i = 0; i < n; i++, next_id++)
        {
          guint32 id = next_id;

          if (g_rand_int_range (rand, 0, 10) > 0)
            g_array_append_val (old, id);
          if (g_rand_int_range (rand, 0, 10) > 0)
            g_array_append_val (new, id);
        }
      /* Some moves. */
      for (guint m = g_rand_int_range (rand, 0, 4); m > 0 && new->len > 1; m--)
        {
          guint from = g_rand_int_range (rand, 0, new->len);
          guint to = g_rand_int_range (rand, 0, new->len);
          guint32 id = g_array_index (new, guint32, from);

          g_array_remove_index (new, from);
          g_array_insert_val (new, MIN (to, new->len), id);
        }

      runs = gleaner_id_diff ((guint32 *)(gpointer)old->data, old->len,
                              (guint32 *)(gpointer)new->data, new->len, G_MAXUINT);
      g_assert_nonnull (runs);

      work = g_array_copy (old);
      for (guint r = 0; r < runs->len; r++)
        {
          const GleanerIdRun *run = &g_array_index (runs, GleanerIdRun, r);

          g_assert_cmpuint (run->removed + run->added, >, 0);
          if (r > 0)
            {
              const GleanerIdRun *prev = &g_array_index (runs, GleanerIdRun, r - 1);

              g_assert_cmpuint (run->position, >, prev->position + prev->added);
            }
          g_assert_cmpuint (run->position + run->removed, <=, work->len);
          g_array_remove_range (work, run->position, run->removed);
          g_array_insert_vals (work, run->position, &g_array_index (new, guint32, run->position),
                               run->added);
        }
      g_assert_cmpmem (work->data, work->len * sizeof (guint32),
                       new->data, new->len * sizeof (guint32));

      /* Too many: nothing, so the caller reports one span. */
      if (runs->len > 1)
        g_assert_null (gleaner_id_diff ((guint32 *)(gpointer)old->data, old->len,
                                        (guint32 *)(gpointer)new->data, new->len,
                                        runs->len - 1));
    }
}

typedef struct
{
  Wait       wait;
  GPtrArray *ids;
} MarkWait;

static void
marked_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  MarkWait *w = user_data;

  g_clear_pointer (&w->ids, g_ptr_array_unref);
  w->ids = gleaner_store_mark_finish (GLEANER_STORE (object), result, &w->wait.error);
  w->wait.done = TRUE;
}

/* What a list remembers of the marks set while it lives (so a paper a worker read before the
 * write landed still shows them) is forgotten once the writes have landed and nothing is
 * being read: after Mark All as Read that was an entry per paper, for as long as the list
 * lived. Above 10,000 entries the table is freed on a worker. */
static void
test_marks_forgotten (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GleanerPaperList) list = NULL;
  g_autoptr(GleanerPaper) first = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  MarkWait mw = { { 0 }, NULL };
  Wait w = { 0 };

  gleaner_test_start_ticking ();
  for (guint n = 0; n < 10050; n++)
    g_ptr_array_add (papers, make_paper (n, n % 97));
  upsert (f->store, papers);
  list = gleaner_paper_list_new (f->store);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 10050);

  /* One mark: remembered while it is written, forgotten once it landed. */
  gleaner_store_set_read_async (f->store, "2503.00007", TRUE, NULL, gleaner_test_state_done_cb, &w);
  g_assert_cmpuint (g_hash_table_size (list->marked), ==, 1);
  GLEANER_TEST_WAIT_UNTIL (w.done);
  g_assert_no_error (w.error);
  GLEANER_TEST_WAIT_UNTIL (g_hash_table_size (list->marked) == 0);

  /* Every paper, while a result is held back (a paced view has not shown its first page yet):
   * a paper in it may have been read before the write, so every mark is remembered until the
   * view takes the result, and then forgotten (on a worker: 10,049 entries). */
  gleaner_paper_list_set_paced (list, TRUE);
  gleaner_paper_list_set_sort (list, GLEANER_SORT_NEWEST);
  GLEANER_TEST_WAIT_UNTIL (gleaner_paper_list_get_holding (list));
  gleaner_store_mark_view_read_async (f->store, NULL, GLEANER_FILTER_ALL, NULL, NULL,
                                      marked_cb, &mw);
  GLEANER_TEST_WAIT_UNTIL (mw.wait.done);
  g_assert_no_error (mw.wait.error);
  g_assert_cmpuint (mw.ids->len, ==, 10049);
  g_assert_cmpuint (g_hash_table_size (list->marked), ==, 10049);
  gleaner_paper_list_release (list);
  wait_loaded (list);
  g_assert_cmpuint (g_hash_table_size (list->marked), ==, 0);
  gleaner_paper_list_set_paced (list, FALSE);

  /* Its Undo, with nothing being read: no mark is kept at all. */
  ids = g_steal_pointer (&mw.ids);
  mw.wait.done = FALSE;
  gleaner_store_mark_unread_async (f->store, ids, NULL, marked_cb, &mw);
  GLEANER_TEST_WAIT_UNTIL (mw.wait.done);
  g_assert_no_error (mw.wait.error);
  g_assert_cmpuint (g_hash_table_size (list->marked), ==, 0);
  g_clear_pointer (&mw.ids, g_ptr_array_unref);

  /* What the list reads afterwards comes from the database: unread again. */
  gleaner_paper_list_set_sort (list, GLEANER_SORT_UPVOTES);
  wait_loaded (list);
  for (;;)
    {
      g_clear_object (&first);
      first = g_list_model_get_item (G_LIST_MODEL (list), 5000);
      if (!gleaner_paper_list_is_placeholder (first))
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_false (gleaner_paper_get_read (first));
}

/* A list keeps its row ids in 32 bits, as the store's keys do: 70 papers (more than the first
 * page, which is handed over early) are listed in order, with the ids the store gave them;
 * a row whose id does not fit (only a database edited by hand has one) is left out of the list
 * rather than shown as another paper. */
static void
test_row_ids_32_bits (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GleanerPaperList) list = list_of (f, 70);
  g_autoptr(GleanerPaperList) again = NULL;
  g_autofree char *path = g_build_filename (f->dir, "gleaner.db", NULL);
  sqlite3 *db = NULL;

  for (guint i = 0; i < 70; i++)
    {
      g_autoptr(GleanerPaper) paper = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autofree char *id = g_strdup_printf ("2503.%05u", 70 - i);

      g_assert_cmpstr (gleaner_paper_get_id (paper), ==, id);
    }

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO papers (id, arxiv_id, title, upvotes, first_seen,"
                                 " updated_at) VALUES (4294967303, '2503.99999', 'Wide', 5, 0, 0)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_test_expect_message ("gleaner-store", G_LOG_LEVEL_WARNING,
                         "Row id 4294967303 does not fit 32 bits: not listed");
  again = gleaner_paper_list_new (f->store);
  wait_loaded (again);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 70);
  for (guint i = 0; i < 70; i++)
    {
      g_autoptr(GleanerPaper) paper = g_list_model_get_item (G_LIST_MODEL (again), i);

      g_assert_cmpstr (gleaner_paper_get_id (paper), !=, "2503.99999");
    }
}

/* Runs a TRUNCATE checkpoint on a connection of its own, after @before (SQL, or NULL) on it:
 * whether some reader still held an older snapshot (busy), and the frames then left in the
 * WAL (@wal_frames). */
static gboolean
checkpoint_busy (Fixture    *f,
                 const char *before,
                 int        *wal_frames)
{
  g_autofree char *path = g_build_filename (f->dir, "gleaner.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean busy;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (before != NULL)
    g_assert_cmpint (sqlite3_exec (db, before, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA wal_checkpoint (TRUNCATE)", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  /* busy, frames in the WAL, frames checkpointed */
  busy = sqlite3_column_int (stmt, 0) != 0;
  if (wal_frames != NULL)
    *wal_frames = sqlite3_column_int (stmt, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return busy;
}

/* A row changed behind the store's back: the list hears of no refresh. */
#define TOUCH_ROW "UPDATE papers SET upvotes = upvotes + 1 WHERE rowid = 1"

/* The list reads its rows with a statement it keeps for its life; a kept statement that was
 * not reset would hold its read transaction open, and no checkpoint could then empty the
 * WAL behind it. After the list has read rows and a later write, a checkpoint empties it. */
static void
test_kept_statement_releases (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GleanerPaperList) list = list_of (f, 70);
  g_autoptr(GPtrArray) more = g_ptr_array_new_with_free_func (g_object_unref);
  int wal_frames = -1;

  /* Rows past the first page are read on the worker, as a view asks for them. */
  for (guint i = 0; i < 70; i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
  GLEANER_TEST_WAIT_UNTIL (list->n_loads == 0);

  g_ptr_array_add (more, make_paper (500, 1));
  upsert (f->store, more);
  wait_loaded (list);
  gleaner_store_flush (f->store);

  g_assert_false (checkpoint_busy (f, NULL, &wal_frames));
  g_assert_cmpint (wal_frames, ==, 0);
}

/* A paced list's worker stops after a query's first page until the view has shown it, rather
 * than collect the rest (a million ids at start-up) while the window paints: it waits inside
 * its query, so its snapshot stays and no checkpoint can empty the WAL behind it. Released, it
 * goes on, the whole result comes, and the snapshot is let go. */
static void
test_paced_rest_waits (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GleanerPaperList) list = list_of (f, 200);
  g_autoptr(GleanerPaperList) fresh = NULL;

  g_assert_false (checkpoint_busy (f, TOUCH_ROW, NULL));

  gleaner_paper_list_set_paced (list, TRUE);
  gleaner_paper_list_set_sort (list, GLEANER_SORT_NEWEST);
  GLEANER_TEST_WAIT_UNTIL (gleaner_paper_list_get_holding (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, GLEANER_STORE_FIRST_PAGE);
  g_assert_true (gleaner_paper_list_get_loading (list));
  g_assert_true (checkpoint_busy (f, TOUCH_ROW, NULL));

  gleaner_paper_list_release (list);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 200);
  g_assert_false (checkpoint_busy (f, TOUCH_ROW, NULL));

  /* A newer query lets the waiting one go at once (it is cancelled), and is paced in turn. */
  gleaner_paper_list_set_sort (list, GLEANER_SORT_UPVOTES);
  GLEANER_TEST_WAIT_UNTIL (gleaner_paper_list_get_holding (list));
  gleaner_paper_list_set_search (list, "parameter");
  GLEANER_TEST_WAIT_UNTIL (gleaner_paper_list_get_holding (list));
  g_assert_true (gleaner_paper_list_get_loading (list));
  gleaner_paper_list_set_paced (list, FALSE);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 200);
  g_assert_false (checkpoint_busy (f, TOUCH_ROW, NULL));

  /* A view paces a list right after making it: the query the list started as it was made is
   * paced too (its worker has not reached its first page yet, or it would run unpaced). */
  fresh = gleaner_paper_list_new (f->store);
  g_assert_nonnull (fresh->current);
  g_assert_false (fresh->current->paced);
  gleaner_paper_list_set_paced (fresh, TRUE);
  g_assert_true (fresh->current->paced);
  GLEANER_TEST_WAIT_UNTIL (gleaner_paper_list_get_holding (fresh));
  gleaner_paper_list_release (fresh);
  wait_loaded (fresh);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fresh)), ==, 200);
}

/* The packed ids (gleaner-id-column.h) give back what they were given, for every shape a
 * result takes: newest first (neighbours), oldest first, shuffled, the whole 32-bit range,
 * repeats, one id, none, and lengths that end mid-block. Finding an id gives its first
 * position in the range asked; the size follows the spread of each block. */
static void
check_column (const guint32 *ids,
              guint          n)
{
  g_autoptr(GleanerIdColumn) column = gleaner_id_column_new (ids, n);
  g_autoptr(GArray) back = gleaner_id_column_to_array (column);

  g_assert_cmpuint (gleaner_id_column_get_len (column), ==, n);
  g_assert_cmpuint (back->len, ==, n);
  /* Ranges read at once, across blocks and within one. */
  for (guint from = 0; from < n; from += 61)
    {
      guint32 some[300];
      guint k = MIN (300, n - from);

      gleaner_id_column_read (column, from, k, some);
      g_assert_cmpmem (some, k * sizeof (guint32), ids + from, k * sizeof (guint32));
    }
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpuint (gleaner_id_column_get (column, i), ==, ids[i]);
      g_assert_cmpuint (g_array_index (back, guint32, i), ==, ids[i]);
    }

  /* Every tenth id (and the last) found at its first position, in and out of ranges. */
  for (guint i = 0; i < n; i += MAX (1, n / 10))
    {
      guint first = 0;

      while (ids[first] != ids[i])
        first++;
      g_assert_cmpuint (gleaner_id_column_find (column, ids[i], 0, n), ==, first);
      g_assert_cmpuint (gleaner_id_column_find (column, ids[i], first, first + 1), ==, first);
      if (first + 1 < n)
        {
          guint again = gleaner_id_column_find (column, ids[i], first + 1, n);

          g_assert_true (again == G_MAXUINT || (again > first && ids[again] == ids[i]));
        }
    }
}

static void
test_id_column (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint32 *ids = g_new (guint32, 100000);
  const guint lengths[] = { 0, 1, 127, 128, 129, 1000, 100000 };
  gsize newest_first, shuffled;

  for (guint l = 0; l < G_N_ELEMENTS (lengths); l++)
    {
      guint n = lengths[l];

      for (guint i = 0; i < n; i++)
        ids[i] = n - i + 1;                     /* newest first */
      check_column (ids, n);
      for (guint i = 0; i < n; i++)
        ids[i] = i + 1;                         /* oldest first */
      check_column (ids, n);
      for (guint i = 0; i < n; i++)
        ids[i] = g_rand_int_range (rand, 1, 1000000);
      check_column (ids, n);
      for (guint i = 0; i < n; i++)
        ids[i] = i % 2 ? G_MAXUINT32 - i : i;   /* the whole range in one block */
      check_column (ids, n);
      for (guint i = 0; i < n; i++)
        ids[i] = 42;                            /* one id, repeated */
      check_column (ids, n);
      for (guint i = 0; i < n; i++)             /* sorted with gaps: steps down */
        ids[i] = (n - i) * 300 + g_rand_int_range (rand, 0, 300);
      check_column (ids, n);
      for (guint i = 0; i < n; i++)             /* steps up */
        ids[i] = i * 300 + g_rand_int_range (rand, 0, 300);
      check_column (ids, n);
      for (guint i = 0; i < n; i++)             /* a walk: steps either way */
        ids[i] = i == 0 ? 500000 : ids[i - 1] + g_rand_int_range (rand, -50, 51);
      check_column (ids, n);
    }

  /* Not found: below, above and between the ids, and outside the range asked. */
  {
    const guint32 some[] = { 10, 20, 30, 40 };
    g_autoptr(GleanerIdColumn) column = gleaner_id_column_new (some, G_N_ELEMENTS (some));

    g_assert_cmpuint (gleaner_id_column_find (column, 5, 0, 4), ==, G_MAXUINT);
    g_assert_cmpuint (gleaner_id_column_find (column, 25, 0, 4), ==, G_MAXUINT);
    g_assert_cmpuint (gleaner_id_column_find (column, 50, 0, 4), ==, G_MAXUINT);
    g_assert_cmpuint (gleaner_id_column_find (column, 10, 1, 4), ==, G_MAXUINT);
    g_assert_cmpuint (gleaner_id_column_find (column, 40, 0, 3), ==, G_MAXUINT);
    g_assert_cmpuint (gleaner_id_column_find (column, 40, 0, G_MAXUINT), ==, 3);
  }

  /* A million: newest first, about a tenth of a byte each (the blocks' frames); each day's
   * 50 in vote order, days newest first, under a byte; shuffled, under 2.7. */
  {
    guint32 *big = g_new (guint32, 1000000);
    g_autoptr(GleanerIdColumn) a = NULL;
    g_autoptr(GleanerIdColumn) b = NULL;
    g_autoptr(GleanerIdColumn) c = NULL;
    gsize by_day;

    for (guint i = 0; i < 1000000; i++)
      big[i] = 1000000 - i;
    a = gleaner_id_column_new (big, 1000000);
    newest_first = gleaner_id_column_get_size (a);
    for (guint day = 0; day < 1000000 / 50; day++)
      for (guint i = 0; i < 50; i++)
        {
          guint j = g_rand_int_range (rand, 0, i + 1);

          big[day * 50 + i] = big[day * 50 + j];
          big[day * 50 + j] = 1000000 - day * 50 - i;
        }
    c = gleaner_id_column_new (big, 1000000);
    by_day = gleaner_id_column_get_size (c);
    for (guint i = 0; i < 1000000; i += 991)
      g_assert_cmpuint (gleaner_id_column_get (c, i), ==, big[i]);
    g_assert_cmpuint (by_day, <=, 1000000);

    /* By votes: 300 vote counts, each count's papers newest first (the window's default
     * order over the benchmark's database): as steps, under 1.5 bytes each. */
    {
      g_autoptr(GleanerIdColumn) d = NULL;
      guint at = 0;
      gsize by_votes;

      for (guint votes = 0; votes < 300; votes++)
        for (gint64 id = 1000000 - votes; id > 0; id -= 300)
          if (at < 1000000)
            big[at++] = (guint32) id;
      d = gleaner_id_column_new (big, at);
      by_votes = gleaner_id_column_get_size (d);
      for (guint i = 0; i < at; i += 997)
        g_assert_cmpuint (gleaner_id_column_get (d, i), ==, big[i]);
      g_test_message ("by votes: %" G_GSIZE_FORMAT " bytes for %u ids", by_votes, at);
      g_assert_cmpuint (by_votes, <=, at * 3 / 2);
    }
    for (guint i = 0; i < 1000000; i++)
      {
        guint j = g_rand_int_range (rand, 0, i + 1);

        big[i] = big[j];
        big[j] = 1000000 - i;
      }
    b = gleaner_id_column_new (big, 1000000);
    shuffled = gleaner_id_column_get_size (b);
    for (guint i = 0; i < 1000000; i += 997)
      g_assert_cmpuint (gleaner_id_column_get (b, i), ==, big[i]);
    g_test_message ("a million ids: %" G_GSIZE_FORMAT " bytes newest first, %" G_GSIZE_FORMAT
                    " by day, %" G_GSIZE_FORMAT " shuffled", newest_first, by_day, shuffled);
    g_assert_cmpuint (newest_first, <=, 120000);
    g_assert_cmpuint (shuffled, <=, 1000000 * 2.7);
    g_free (big);
  }

  g_free (ids);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  gleaner_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/list-changes/scattered-inserts", test_scattered_inserts);
  ADD ("/list-changes/removals-and-moves", test_removals_and_moves);
  ADD ("/list-changes/too-many-runs", test_too_many_runs);
  ADD ("/list-changes/held-papers-refreshed", test_held_papers_refreshed);
  ADD ("/list-changes/marks-forgotten", test_marks_forgotten);
  ADD ("/list-changes/row-ids-32-bits", test_row_ids_32_bits);
  ADD ("/list-changes/kept-statement-releases", test_kept_statement_releases);
  ADD ("/list-changes/paced-rest-waits", test_paced_rest_waits);
  gleaner_test_add_func ("/list-changes/id-diff-random", test_id_diff_random);
  gleaner_test_add_func ("/list-changes/id-column", test_id_column);

  gleaner_test_add_queued ();

  return g_test_run ();
}
