/* test-mark-read.c — "Mark All as Read" for the list's view, its Undo and the view's unread
 * count, on a real database file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gleaner-store.h"
#include "gleaner-store-private.h"
#include "gleaner-test-store-wait.h"
#include "gleaner-test-util.h"

typedef struct
{
  char         *dir;
  GleanerStore *store;
  GHashTable   *announced;   /* arXiv id → "read" / "unread", from "paper-state-changed" */
} Fixture;

typedef struct
{
  gpointer  result;
  gint64    count;
  GError   *error;
  gboolean  done;
} Wait;

static void
wait_done (Wait *w)
{
  while (!w->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
upsert_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Wait *w = user_data;

  w->result = gleaner_store_upsert_finish (GLEANER_STORE (object), result, &w->error);
  w->done = TRUE;
}

static void
add_paper (GleanerStore *store,
           const char   *id,
           const char   *title,
           const char   *listing)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GleanerUpsertResult) result = NULL;
  GleanerPaper *paper = gleaner_paper_new (id);
  Wait w = { 0 };

  gleaner_paper_set_title (paper, title);
  gleaner_paper_set_abstract (paper, "An abstract.");
  gleaner_paper_set_published (paper, 1735900000);
  if (g_str_has_prefix (listing, "arxiv:"))
    {
      char **categories = g_new0 (char *, 2);

      categories[0] = g_strdup (listing + strlen ("arxiv:"));
      gleaner_paper_take_categories (paper, categories);
      gleaner_paper_set_primary_category (paper, listing + strlen ("arxiv:"));
      gleaner_paper_set_sources (paper, GLEANER_SOURCE_KIND_ARXIV);
    }
  else
    gleaner_paper_set_sources (paper, GLEANER_SOURCE_KIND_HF);
  g_ptr_array_add (papers, paper);

  gleaner_store_upsert_listing_async (store, papers, listing, NULL, upsert_done_cb, &w);
  wait_done (&w);
  g_assert_no_error (w.error);
  result = w.result;
}

static void
paper_state_changed_cb (GleanerStore      *store,
                        const char        *id,
                        GleanerPaperState  state,
                        gboolean           value,
                        Fixture           *f)
{
  if (state == GLEANER_PAPER_STATE_READ)
    g_hash_table_insert (f->announced, g_strdup (id), (gpointer)(value ? "read" : "unread"));
}

/* Five papers: A, B and D match "diffusion"; B is read; C and E are starred; D is on arXiv
 * only. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("gleaner-mark-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "gleaner.db", NULL);
  f->store = gleaner_store_new (path, &error);
  g_assert_no_error (error);

  add_paper (f->store, "2501.00001", "Diffusion Models in Parameter Space", "hf:daily");
  add_paper (f->store, "2501.00002", "Diffusion for Strings", "hf:daily");
  add_paper (f->store, "2501.00003", "Parameter Space Semantics", "hf:daily");
  add_paper (f->store, "2501.00004", "Diffusion on arXiv Alone", "arxiv:cs.LG");
  add_paper (f->store, "2501.00005", "Quantum Gravity", "hf:daily");
  gleaner_test_store_set_state (f->store, "2501.00002", FALSE, TRUE);
  gleaner_test_store_set_state (f->store, "2501.00003", TRUE, TRUE);
  gleaner_test_store_set_state (f->store, "2501.00005", TRUE, TRUE);

  f->announced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect (f->store, "paper-state-changed", G_CALLBACK (paper_state_changed_cb), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->announced, g_hash_table_unref);
  gleaner_test_remove_tree (f->dir);
  g_free (f->dir);
}

static void
count_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Wait *w = user_data;

  w->count = gleaner_store_count_view_unread_finish (GLEANER_STORE (object), result, &w->error);
  w->done = TRUE;
}

static gint64
count_view (Fixture       *f,
            const char    *scope,
            GleanerFilter  filter,
            const char    *search)
{
  Wait w = { 0 };

  gleaner_store_count_view_unread_async (f->store, scope, filter, search, NULL, count_done_cb, &w);
  wait_done (&w);
  g_assert_no_error (w.error);
  return w.count;
}

static void
mark_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Wait *w = user_data;

  w->result = gleaner_store_mark_finish (GLEANER_STORE (object), result, &w->error);
  w->done = TRUE;
}

static int
cmp_str_ptr (gconstpointer a,
             gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

/* @ids sorted and joined with spaces. */
static char *
ids_string (GPtrArray *ids)
{
  /* Not g_ptr_array_copy (): the copy would free the strings too. */
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  for (guint i = 0; i < ids->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (ids, i));
  g_ptr_array_sort (sorted, cmp_str_ptr);
  g_ptr_array_add (sorted, NULL);
  return g_strjoinv (" ", (char **)sorted->pdata);
}

/* Marks the view read; returns the ids it changed, sorted, as one string. */
static char *
mark_view (Fixture       *f,
           const char    *scope,
           GleanerFilter  filter,
           const char    *search,
           GPtrArray    **out_ids)
{
  Wait w = { 0 };

  gleaner_store_mark_view_read_async (f->store, scope, filter, search, NULL, mark_done_cb, &w);
  wait_done (&w);
  g_assert_no_error (w.error);
  g_assert_nonnull (w.result);
  *out_ids = w.result;
  return ids_string (w.result);
}

static char *
undo (Fixture   *f,
      GPtrArray *ids)
{
  g_autoptr(GPtrArray) changed = NULL;
  Wait w = { 0 };

  gleaner_store_mark_unread_async (f->store, ids, NULL, mark_done_cb, &w);
  wait_done (&w);
  g_assert_no_error (w.error);
  changed = w.result;
  return ids_string (changed);
}

/* "R" read, "S" starred, "-" neither, for each paper in id order. */
static char *
marks (Fixture *f)
{
  GString *out = g_string_new (NULL);

  for (guint i = 1; i <= 5; i++)
    {
      g_autofree char *id = g_strdup_printf ("2501.%05u", i);
      g_autoptr(GError) error = NULL;
      g_autoptr(GleanerPaper) paper = gleaner_store_load_paper (f->store, id, &error);

      g_assert_no_error (error);
      if (out->len > 0)
        g_string_append_c (out, ' ');
      if (gleaner_paper_get_read (paper))
        g_string_append_c (out, 'R');
      if (gleaner_paper_get_starred (paper))
        g_string_append_c (out, 'S');
      if (!gleaner_paper_get_read (paper) && !gleaner_paper_get_starred (paper))
        g_string_append_c (out, '-');
    }

  return g_string_free (out, FALSE);
}

/* The view is scope, filter and words: only its unread papers are marked, and Undo restores
 * exactly those; stars are never touched. */
static void
test_mark_view (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *marked = NULL;
  g_autofree char *undone = NULL;
  g_autofree char *before = marks (f);
  g_autofree char *after = NULL;
  g_autofree char *restored = NULL;

  g_assert_cmpstr (before, ==, "- R S - S");
  g_assert_cmpint (count_view (f, NULL, GLEANER_FILTER_ALL, NULL), ==, 4);
  g_assert_cmpint (count_view (f, NULL, GLEANER_FILTER_ALL, "diffusion"), ==, 2);
  g_assert_cmpint (count_view (f, "hf", GLEANER_FILTER_ALL, "diffusion"), ==, 1);
  g_assert_cmpint (count_view (f, "hf", GLEANER_FILTER_STARRED, NULL), ==, 2);

  /* Hugging Face's diffusion papers: A only (B is read, D is on arXiv). */
  marked = mark_view (f, "hf", GLEANER_FILTER_ALL, "diffusion", &ids);
  g_assert_cmpstr (marked, ==, "2501.00001");
  after = marks (f);
  g_assert_cmpstr (after, ==, "R R S - S");
  g_assert_cmpint (count_view (f, "hf", GLEANER_FILTER_ALL, "diffusion"), ==, 0);
  g_assert_cmpint (count_view (f, NULL, GLEANER_FILTER_ALL, NULL), ==, 3);
  /* Every object showing the paper heard of it. */
  g_assert_cmpuint (g_hash_table_size (f->announced), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (f->announced, "2501.00001"), ==, "read");

  /* Undo marks unread what the mark changed, and nothing else (B stays read). */
  g_hash_table_remove_all (f->announced);
  undone = undo (f, ids);
  g_assert_cmpstr (undone, ==, "2501.00001");
  restored = marks (f);
  g_assert_cmpstr (restored, ==, before);
  g_assert_cmpint (count_view (f, "hf", GLEANER_FILTER_ALL, "diffusion"), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (f->announced, "2501.00001"), ==, "unread");
}

/* The starred view marks its unread starred papers; their stars stay. */
static void
test_mark_starred (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autofree char *marked = NULL;
  g_autofree char *none = NULL;
  g_autofree char *after = NULL;
  g_autofree char *undone = NULL;
  g_autofree char *restored = NULL;

  marked = mark_view (f, NULL, GLEANER_FILTER_STARRED, NULL, &ids);
  g_assert_cmpstr (marked, ==, "2501.00003 2501.00005");
  after = marks (f);
  g_assert_cmpstr (after, ==, "- R RS - RS");
  g_assert_cmpint (count_view (f, NULL, GLEANER_FILTER_STARRED, NULL), ==, 0);

  /* Nothing left to mark: nothing changes, nothing to undo. */
  none = mark_view (f, NULL, GLEANER_FILTER_STARRED, NULL, &again);
  g_assert_cmpstr (none, ==, "");

  /* A paper the user marked unread again meanwhile is not part of the undo's changes. */
  gleaner_test_store_set_state (f->store, "2501.00005", FALSE, FALSE);
  undone = undo (f, ids);
  g_assert_cmpstr (undone, ==, "2501.00003");
  restored = marks (f);
  g_assert_cmpstr (restored, ==, "- R S - S");
}

/* Words from the search bar are any text: none of it is SQL or FTS5 syntax, and a search that
 * matches nothing marks nothing. */
static void
test_mark_hostile (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const hostile[] = {
    "\"", "*", "NEAR(", ") OR 1=1 --", "'; DROP TABLE papers; --", "diffusion OR quantum",
    "-diffusion", "^", "AND", "{col}: x", "\xe2\x80\x8b", "   ",
  };

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr(GPtrArray) ids = NULL;
      g_autofree char *marked = NULL;
      g_autofree char *after = NULL;
      g_autofree char *undone = NULL;
      gint64 count = count_view (f, NULL, GLEANER_FILTER_ALL, hostile[i]);

      g_test_message ("search %s", hostile[i]);
      marked = mark_view (f, NULL, GLEANER_FILTER_ALL, hostile[i], &ids);
      /* What is marked is what was counted. */
      g_assert_cmpint (ids->len, ==, count);
      g_assert_cmpint (count_view (f, NULL, GLEANER_FILTER_ALL, hostile[i]), ==, 0);
      undone = undo (f, ids);
      g_assert_cmpstr (undone, ==, marked);
      after = marks (f);
      g_assert_cmpstr (after, ==, "- R S - S");
    }
}

typedef struct
{
  guint    n_announced;
  guint    n_since_tick;
  guint    max_per_tick;
  guint    n_ticks_announcing;
  gboolean done_with_all;    /* every paper was announced before the mark returned */
} Slices;

static void
count_announced_cb (GleanerStore      *store,
                    const char        *id,
                    GleanerPaperState  state,
                    gboolean           value,
                    Slices            *s)
{
  s->n_announced++;
  s->n_since_tick++;
  s->max_per_tick = MAX (s->max_per_tick, s->n_since_tick);
}

/* Runs once per main-loop iteration at the announcements' own priority. */
static gboolean
tick_cb (gpointer user_data)
{
  Slices *s = user_data;

  if (s->n_since_tick > 0)
    s->n_ticks_announcing++;
  s->n_since_tick = 0;
  return G_SOURCE_CONTINUE;
}

/* Marking thousands of papers read announces them a slice per main-loop iteration, so the
 * window keeps drawing, and returns once all are announced. */
static void
test_mark_many (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) marked = NULL;
  Slices s = { 0 };
  Wait up = { 0 }, w = { 0 };
  guint n = 2500, tick;
  gulong handler;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("2502.%05u", i);
      GleanerPaper *paper = gleaner_paper_new (id);

      gleaner_paper_set_title (paper, "Zebra Stripes as Parameter Space");
      gleaner_paper_set_abstract (paper, "An abstract.");
      gleaner_paper_set_published (paper, 1735900000 + i);
      gleaner_paper_set_sources (paper, GLEANER_SOURCE_KIND_HF);
      g_ptr_array_add (papers, paper);
    }
  gleaner_store_upsert_listing_async (f->store, papers, "hf:daily", NULL, upsert_done_cb, &up);
  wait_done (&up);
  g_assert_no_error (up.error);
  g_clear_pointer ((GleanerUpsertResult **)&up.result, gleaner_upsert_result_free);

  handler = g_signal_connect (f->store, "paper-state-changed", G_CALLBACK (count_announced_cb), &s);
  tick = g_idle_add_full (G_PRIORITY_DEFAULT, tick_cb, &s, NULL);

  gleaner_store_mark_view_read_async (f->store, NULL, GLEANER_FILTER_ALL, "zebra", NULL,
                                      mark_done_cb, &w);
  while (!w.done)
    {
      g_main_context_iteration (NULL, TRUE);
      if (w.done)
        s.done_with_all = s.n_announced == n;
    }

  if (s.n_since_tick > 0)
    s.n_ticks_announcing++;
  g_source_remove (tick);
  g_signal_handler_disconnect (f->store, handler);
  g_assert_no_error (w.error);
  marked = w.result;
  g_assert_cmpuint (marked->len, ==, n);
  g_assert_true (s.done_with_all);
  g_assert_cmpuint (s.n_announced, ==, n);
  g_assert_cmpuint (s.max_per_tick, <=, 1000);
  g_assert_cmpuint (s.n_ticks_announcing, >=, 3);
  g_assert_cmpint (count_view (f, NULL, GLEANER_FILTER_UNREAD, "zebra"), ==, 0);
}

/* A view's unread count is the list's own query counted, without keeping the ids: the same
 * number of papers as it lists, for every filter, order, scope and search, hostile ones too. */
static void
test_count_as_listed (Fixture       *f,
                      gconstpointer  data)
{
  static const char * const searches[] = { NULL, "diffusion", "diff", "\"", "*", "NEAR(",
                                           "zebra", "models OR" };
  static const char * const scopes[] = { NULL, "hf", "arxiv", "arxiv:cs.LG", "nowhere" };
  g_autoptr(GError) error = NULL;
  sqlite3 *db = _gleaner_store_open_reader (f->store, &error);
  guint nonzero = 0;

  g_assert_no_error (error);
  for (GleanerFilter filter = GLEANER_FILTER_ALL; filter <= GLEANER_FILTER_STARRED; filter++)
    for (GleanerSort sort = GLEANER_SORT_UPVOTES; sort <= GLEANER_SORT_TRENDING; sort++)
      for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
        for (guint j = 0; j < G_N_ELEMENTS (scopes); j++)
          {
            g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint32));
            g_autoptr(GError) list_error = NULL;
            g_autoptr(GError) count_error = NULL;
            guint64 count = G_MAXUINT64;
            gboolean listed, counted;

            listed = _gleaner_store_query_scoped_ids (db, filter, sort, searches[i], scopes[j],
                                                      ids, NULL, NULL, NULL, &list_error);
            counted = _gleaner_store_count_scoped_ids (db, filter, sort, searches[i], scopes[j],
                                                       &count, &count_error);
            g_assert_cmpint (listed, ==, counted);
            if (!listed)
              continue;
            g_assert_cmpuint (count, ==, ids->len);
            nonzero += count > 0;
          }
  sqlite3_close (db);

  /* Not a comparison of empty lists. */
  g_assert_cmpuint (nonzero, >, 20);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  gleaner_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/mark-read/view", test_mark_view);
  ADD ("/mark-read/starred", test_mark_starred);
  ADD ("/mark-read/hostile", test_mark_hostile);
  ADD ("/mark-read/many-in-slices", test_mark_many);
  ADD ("/mark-read/count-as-listed", test_count_as_listed);

  gleaner_test_add_queued ();

  return g_test_run ();
}
