/* test-saved-searches.c — saved searches, unread counts, the saved-search list model and
 * Hugging Face's trending rank, on real database files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <sqlite3.h>

#include "gleaner-paper-list.h"
#include "gleaner-saved-search-list.h"
#include "gleaner-store-private.h"
#include "gleaner-test-util.h"

/* A watchdog, not a pause: a wait that never ends fails instead of hanging the suite. */
#define WAIT_LIMIT_S 20

typedef struct
{
  char         *dir;
  char         *path;
  GleanerStore *store;
  /* How often each GleanerStoreChange was emitted. */
  guint         changes[4];
} Fixture;

static void
count_change_cb (GleanerStore       *store,
                 GleanerStoreChange  change,
                 Fixture            *f)
{
  g_assert_cmpint (change, <, G_N_ELEMENTS (f->changes));
  f->changes[change]++;
}

static void
open_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->store = gleaner_store_new (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
  g_signal_connect (f->store, "changed", G_CALLBACK (count_change_cb), f);
}

static gboolean
watchdog_cb (gpointer user_data)
{
  g_error ("Timed out waiting for %s", (const char *)user_data);
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until *@flag is TRUE. */
static void
wait_for (const gboolean *flag,
          const char     *what)
{
  guint watchdog = g_timeout_add_seconds (WAIT_LIMIT_S, watchdog_cb, (gpointer)what);

  while (!*flag)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (watchdog);
}

static void
store_finalized_cb (gpointer  data,
                    GObject  *where_the_object_was)
{
  g_atomic_int_set ((int *)data, TRUE);
}

/* Drops the store and waits until it is finalized (workers hold it while they run, and the
 * last of them may drop it on its own thread), so no thread outlives the test's files. */
static void
close_store (Fixture *f)
{
  GleanerStore *store = g_steal_pointer (&f->store);
  int gone = FALSE;

  if (store == NULL)
    return;

  g_signal_handlers_disconnect_by_data (store, f);
  g_object_weak_ref (G_OBJECT (store), store_finalized_cb, &gone);
  g_object_unref (store);

  while (!g_atomic_int_get (&gone))
    if (!g_main_context_iteration (NULL, FALSE))
      g_thread_yield ();
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("gleaner-saved-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "gleaner.db", NULL);
  open_store (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  close_store (f);
  gleaner_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* ---------------------------------------------------------------------------------------- */
/* Waiting on the store's async calls */

typedef struct
{
  gboolean  done;
  GError   *error;
  gint64    id;
  GArray   *counts;
} Wait;

static void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Wait *w = user_data;

  gleaner_store_write_finish (GLEANER_STORE (object), result, &w->error);
  w->done = TRUE;
}

static void
add_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Wait *w = user_data;

  w->id = gleaner_store_add_saved_search_finish (GLEANER_STORE (object), result, &w->error);
  w->done = TRUE;
}

static void
upsert_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Wait *w = user_data;
  g_autoptr(GleanerUpsertResult) upsert = NULL;

  upsert = gleaner_store_upsert_finish (GLEANER_STORE (object), result, &w->error);
  w->done = TRUE;
}

static void
state_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Wait *w = user_data;

  gleaner_store_set_state_finish (GLEANER_STORE (object), result, &w->error);
  w->done = TRUE;
}

static void
count_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Wait *w = user_data;

  w->counts = gleaner_store_count_unread_finish (GLEANER_STORE (object), result, &w->error);
  w->done = TRUE;
}

static gint64
add_search (Fixture        *f,
            const char     *name,
            const char     *query,
            GleanerFilter   filter,
            GError        **error)
{
  Wait w = { 0 };

  gleaner_store_add_saved_search_async (f->store, name, query, filter, NULL, add_done_cb, &w);
  wait_for (&w.done, "add");
  if (w.error != NULL)
    g_propagate_error (error, w.error);

  return w.id;
}

static gint64
add_ok (Fixture       *f,
        const char    *name,
        const char    *query,
        GleanerFilter  filter)
{
  g_autoptr(GError) error = NULL;
  gint64 id = add_search (f, name, query, filter, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

/* Waits for a write started with write_done_cb and @w. */
static gboolean
finish_write (Wait    *w,
              GError **error)
{
  wait_for (&w->done, "write");
  if (w->error != NULL)
    {
      g_propagate_error (error, w->error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
rename_search (Fixture     *f,
               gint64       id,
               const char  *name,
               GError     **error)
{
  Wait w = { 0 };

  gleaner_store_rename_saved_search_async (f->store, id, name, NULL, write_done_cb, &w);
  return finish_write (&w, error);
}

static void
remove_search (Fixture *f,
               gint64   id)
{
  g_autoptr(GError) error = NULL;
  Wait w = { 0 };

  gleaner_store_remove_saved_search_async (f->store, id, NULL, write_done_cb, &w);
  finish_write (&w, &error);
  g_assert_no_error (error);
}

static void
set_trending (Fixture *f,
              ...)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  Wait w = { 0 };
  const char *id;
  va_list args;

  va_start (args, f);
  while ((id = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (ids, (gpointer)id);
  va_end (args);

  gleaner_store_set_trending_async (f->store, ids, NULL, write_done_cb, &w);
  finish_write (&w, &error);
  g_assert_no_error (error);
}

static void
set_state (Fixture    *f,
           const char *id,
           gboolean    starred,
           gboolean    value)
{
  Wait w = { 0 };

  if (starred)
    gleaner_store_set_starred_async (f->store, id, value, NULL, state_done_cb, &w);
  else
    gleaner_store_set_read_async (f->store, id, value, NULL, state_done_cb, &w);

  wait_for (&w.done, "state");
  g_assert_no_error (w.error);
}

static GleanerPaper *
make_paper (const char *id,
            const char *title,
            const char *abstract,
            gint64      upvotes,
            gint64      published)
{
  GleanerPaper *paper = gleaner_paper_new (id);

  gleaner_paper_set_title (paper, title);
  gleaner_paper_set_abstract (paper, abstract);
  gleaner_paper_set_upvotes (paper, upvotes);
  gleaner_paper_set_published (paper, published);

  return paper;
}

static void
upsert (Fixture   *f,
        GPtrArray *papers)
{
  Wait w = { 0 };

  gleaner_store_upsert_async (f->store, papers, NULL, upsert_done_cb, &w);
  wait_for (&w.done, "upsert");
  g_assert_no_error (w.error);
}

/* Five papers; "diffusion" is in A, B and E, "graph…" in C and E.
 * By upvotes: B 50, D 30, E 20, A 10, C 5. */
#define A "2501.00001"
#define B "2501.00002"
#define C "2501.00003"
#define D "2501.00004"
#define E "2501.00005"

static void
add_five (Fixture *f)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (papers, make_paper (A, "Diffusion models for images", "We denoise pixels.", 10, 1000));
  g_ptr_array_add (papers, make_paper (B, "Diffusion transformers at scale", "Scaling laws.", 50, 3000));
  g_ptr_array_add (papers, make_paper (C, "Graph neural networks", "Message passing.", 5, 2000));
  g_ptr_array_add (papers, make_paper (D, "Quantum error correction", "Surface codes.", 30, 4000));
  g_ptr_array_add (papers, make_paper (E, "Diffusion on graphs", "Heat kernels.", 20, 500));
  upsert (f, papers);
}

static gint64
rowid_of (Fixture    *f,
          const char *arxiv_id)
{
  g_autoptr(GleanerPaper) paper = gleaner_store_load_paper (f->store, arxiv_id, NULL);

  g_assert_nonnull (paper);
  return gleaner_paper_get_rowid (paper);
}

/* ---------------------------------------------------------------------------------------- */
/* Saved searches in the store */

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) searches = NULL;
  g_autoptr(GleanerSavedSearch) loaded = NULL;
  g_autoptr(GError) error = NULL;
  GleanerSavedSearch *search;
  gint64 id, id2;

  id = add_ok (f, "  Diffusion\t", "diffusion models", GLEANER_FILTER_UNREAD);
  g_assert_cmpuint (f->changes[GLEANER_STORE_CHANGE_SAVED_SEARCHES], ==, 1);
  g_assert_cmpuint (f->changes[GLEANER_STORE_CHANGE_PAPERS], ==, 0);
  id2 = add_ok (f, "Graphs", "", GLEANER_FILTER_STARRED);
  g_assert_cmpint (id2, >, id);

  searches = gleaner_store_list_saved_searches (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (searches->len, ==, 2);

  /* Oldest first, name trimmed, defaults on. */
  search = g_ptr_array_index (searches, 0);
  g_assert_cmpint (gleaner_saved_search_get_id (search), ==, id);
  g_assert_cmpstr (gleaner_saved_search_get_name (search), ==, "Diffusion");
  g_assert_cmpstr (gleaner_saved_search_get_query (search), ==, "diffusion models");
  g_assert_cmpint (gleaner_saved_search_get_filter (search), ==, GLEANER_FILTER_UNREAD);
  g_assert_true (gleaner_saved_search_get_notify (search));
  g_assert_true (gleaner_saved_search_get_ask_hf (search));
  g_assert_cmpint (gleaner_saved_search_get_hf_synced_at (search), ==, 0);
  g_assert_cmpint (gleaner_saved_search_get_unread_count (search), ==, -1);

  search = g_ptr_array_index (searches, 1);
  g_assert_cmpstr (gleaner_saved_search_get_name (search), ==, "Graphs");
  g_assert_cmpstr (gleaner_saved_search_get_query (search), ==, "");
  g_assert_cmpint (gleaner_saved_search_get_filter (search), ==, GLEANER_FILTER_STARRED);

  loaded = gleaner_store_load_saved_search (f->store, id2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gleaner_saved_search_get_name (loaded), ==, "Graphs");
  g_assert_null (gleaner_store_load_saved_search (f->store, id2 + 100, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_empty_name (Fixture       *f,
                 gconstpointer  data)
{
  const char *names[] = { "", "   ", "\t\n", NULL };
  g_autoptr(GPtrArray) searches = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 id = add_search (f, names[i], "diffusion", GLEANER_FILTER_ALL, &error);

      g_assert_cmpint (id, ==, 0);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      /* A sentence for the user, not a code. */
      g_assert_cmpuint (strlen (error->message), >, 10);
    }

  g_assert_cmpuint (f->changes[GLEANER_STORE_CHANGE_SAVED_SEARCHES], ==, 0);
  searches = gleaner_store_list_saved_searches (f->store, NULL);
  g_assert_cmpuint (searches->len, ==, 0);
}

static void
test_rename (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GleanerSavedSearch) search = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = add_ok (f, "Old", "q", GLEANER_FILTER_ALL);

  g_assert_true (rename_search (f, id, "  New name ", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->changes[GLEANER_STORE_CHANGE_SAVED_SEARCHES], ==, 2);

  /* The same name again changes nothing, so nobody is told. */
  g_assert_true (rename_search (f, id, "New name", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->changes[GLEANER_STORE_CHANGE_SAVED_SEARCHES], ==, 2);

  g_assert_false (rename_search (f, id, " ", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_false (rename_search (f, id + 1, "Ghost", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  search = gleaner_store_load_saved_search (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gleaner_saved_search_get_name (search), ==, "New name");
  g_assert_cmpstr (gleaner_saved_search_get_query (search), ==, "q");
  g_assert_cmpuint (f->changes[GLEANER_STORE_CHANGE_SAVED_SEARCHES], ==, 2);
}

static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = add_ok (f, "S", "q", GLEANER_FILTER_ALL);
  gint64 other = add_ok (f, "T", "r", GLEANER_FILTER_ALL);
  Wait w1 = { 0 }, w2 = { 0 }, w3 = { 0 }, w4 = { 0 }, w5 = { 0 };

  gleaner_store_set_saved_search_notify_async (f->store, id, FALSE, NULL, write_done_cb, &w1);
  gleaner_store_set_saved_search_ask_hf_async (f->store, id, FALSE, NULL, write_done_cb, &w2);
  gleaner_store_set_saved_search_hf_synced_async (f->store, id, 1700000000, NULL, write_done_cb, &w3);
  g_assert_true (finish_write (&w1, &error));
  g_assert_true (finish_write (&w2, &error));
  g_assert_true (finish_write (&w3, &error));
  g_assert_cmpuint (f->changes[GLEANER_STORE_CHANGE_SAVED_SEARCHES], ==, 5);

  {
    g_autoptr(GleanerSavedSearch) search = gleaner_store_load_saved_search (f->store, id, &error);
    g_autoptr(GleanerSavedSearch) untouched = gleaner_store_load_saved_search (f->store, other, &error);

    g_assert_false (gleaner_saved_search_get_notify (search));
    g_assert_false (gleaner_saved_search_get_ask_hf (search));
    g_assert_cmpint (gleaner_saved_search_get_hf_synced_at (search), ==, 1700000000);
    g_assert_true (gleaner_saved_search_get_notify (untouched));
    g_assert_true (gleaner_saved_search_get_ask_hf (untouched));
    g_assert_cmpint (gleaner_saved_search_get_hf_synced_at (untouched), ==, 0);
  }

  /* Setting what is set already is no change; 0 means never synced. */
  gleaner_store_set_saved_search_notify_async (f->store, id, FALSE, NULL, write_done_cb, &w4);
  g_assert_true (finish_write (&w4, &error));
  g_assert_cmpuint (f->changes[GLEANER_STORE_CHANGE_SAVED_SEARCHES], ==, 5);
  gleaner_store_set_saved_search_hf_synced_async (f->store, id, 0, NULL, write_done_cb, &w5);
  g_assert_true (finish_write (&w5, &error));
  g_assert_cmpuint (f->changes[GLEANER_STORE_CHANGE_SAVED_SEARCHES], ==, 6);

  {
    g_autoptr(GleanerSavedSearch) search = gleaner_store_load_saved_search (f->store, id, &error);

    g_assert_cmpint (gleaner_saved_search_get_hf_synced_at (search), ==, 0);
    g_assert_false (gleaner_saved_search_get_notify (search));
  }

  /* A setting of a search that is gone. */
  {
    Wait w = { 0 };

    gleaner_store_set_saved_search_ask_hf_async (f->store, other + 10, TRUE, NULL, write_done_cb, &w);
    g_assert_false (finish_write (&w, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  }
}

static void
test_remove (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) searches = NULL;
  g_autoptr(GError) error = NULL;
  gint64 a = add_ok (f, "A", "a", GLEANER_FILTER_ALL);
  gint64 b = add_ok (f, "B", "b", GLEANER_FILTER_ALL);

  remove_search (f, a);
  g_assert_cmpuint (f->changes[GLEANER_STORE_CHANGE_SAVED_SEARCHES], ==, 3);
  searches = gleaner_store_list_saved_searches (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (searches->len, ==, 1);
  g_assert_cmpint (gleaner_saved_search_get_id (g_ptr_array_index (searches, 0)), ==, b);
  g_assert_null (gleaner_store_load_saved_search (f->store, a, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  /* Removing it again is not an error, and not a change. */
  remove_search (f, a);
  g_assert_cmpuint (f->changes[GLEANER_STORE_CHANGE_SAVED_SEARCHES], ==, 3);
}

static void
test_cancelled_write_kept (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) searches = NULL;
  Wait w = { 0 };

  /* The caller went away (a closed dialog): the user's search is saved all the same. */
  g_cancellable_cancel (cancellable);
  gleaner_store_add_saved_search_async (f->store, "Kept", "kept", GLEANER_FILTER_ALL,
                                        cancellable, add_done_cb, &w);
  wait_for (&w.done, "add");
  g_assert_error (w.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&w.error);

  searches = gleaner_store_list_saved_searches (f->store, NULL);
  g_assert_cmpuint (searches->len, ==, 1);
  g_assert_cmpstr (gleaner_saved_search_get_name (g_ptr_array_index (searches, 0)), ==, "Kept");
}

static void
test_persist (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) searches = NULL;
  g_autoptr(GError) error = NULL;
  gint64 a, b;
  Wait w = { 0 };

  a = add_ok (f, "Diffusion", "diffusion", GLEANER_FILTER_UNREAD);
  b = add_ok (f, "Starred graphs", "graph", GLEANER_FILTER_STARRED);
  gleaner_store_set_saved_search_notify_async (f->store, b, FALSE, NULL, write_done_cb, &w);
  g_assert_true (finish_write (&w, &error));

  close_store (f);
  open_store (f);

  searches = gleaner_store_list_saved_searches (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (searches->len, ==, 2);
  g_assert_cmpint (gleaner_saved_search_get_id (g_ptr_array_index (searches, 0)), ==, a);
  g_assert_cmpstr (gleaner_saved_search_get_name (g_ptr_array_index (searches, 0)), ==, "Diffusion");
  g_assert_cmpint (gleaner_saved_search_get_filter (g_ptr_array_index (searches, 0)), ==, GLEANER_FILTER_UNREAD);
  g_assert_true (gleaner_saved_search_get_notify (g_ptr_array_index (searches, 0)));
  g_assert_cmpint (gleaner_saved_search_get_id (g_ptr_array_index (searches, 1)), ==, b);
  g_assert_cmpstr (gleaner_saved_search_get_query (g_ptr_array_index (searches, 1)), ==, "graph");
  g_assert_false (gleaner_saved_search_get_notify (g_ptr_array_index (searches, 1)));
}

/* ---------------------------------------------------------------------------------------- */
/* Unread counts */

typedef struct
{
  const char    *query;
  GleanerFilter  filter;
} Spec;

static const Spec count_specs[] = {
  { "diffusion", GLEANER_FILTER_ALL },
  { "Diffusion", GLEANER_FILTER_UNREAD },
  { "diffusion", GLEANER_FILTER_STARRED },
  { "", GLEANER_FILTER_ALL },
  { "", GLEANER_FILTER_STARRED },
  { "graph", GLEANER_FILTER_STARRED },
  { "diff", GLEANER_FILTER_ALL },           /* a long prefix, expanded */
  { "gra", GLEANER_FILTER_UNREAD },         /* a short prefix, from the prefix index */
  /* Hostile text: quotes and operators are never syntax. */
  { "\"", GLEANER_FILTER_ALL },             /* no words: every unread paper */
  { "*", GLEANER_FILTER_UNREAD },
  { "AND (", GLEANER_FILTER_ALL },          /* the word "and": no paper has it */
  { "diffusion \"", GLEANER_FILTER_ALL },
  { "NEAR(graph", GLEANER_FILTER_STARRED },
  { "zzzz", GLEANER_FILTER_ALL },
};

static GArray *
count_unread (Fixture *f)
{
  g_autoptr(GPtrArray) searches = g_ptr_array_new_with_free_func (g_object_unref);
  Wait w = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (count_specs); i++)
    g_ptr_array_add (searches, gleaner_saved_search_new (i + 1, "n", count_specs[i].query,
                                                         count_specs[i].filter));

  gleaner_store_count_unread_async (f->store, searches, NULL, count_done_cb, &w);
  wait_for (&w.done, "count");
  g_assert_no_error (w.error);
  g_assert_nonnull (w.counts);
  g_assert_cmpuint (w.counts->len, ==, G_N_ELEMENTS (count_specs));

  return w.counts;
}

static void
assert_counts (GArray       *counts,
               const gint64 *expected)
{
  for (guint i = 0; i < G_N_ELEMENTS (count_specs); i++)
    {
      if (g_array_index (counts, gint64, i) != expected[i])
        g_error ("count of \"%s\" (filter %d): %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT,
                 count_specs[i].query, count_specs[i].filter,
                 g_array_index (counts, gint64, i), expected[i]);
    }
}

static void
test_count_unread (Fixture       *f,
                   gconstpointer  data)
{
  /* Same order as count_specs. */
  static const gint64 empty[] =   { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
  static const gint64 fresh[] =   { 3, 3, 0, 5, 0, 0, 3, 2, 5, 5, 0, 3, 0, 0 };
  static const gint64 read_b[] =  { 2, 2, 0, 4, 0, 0, 2, 2, 4, 4, 0, 2, 0, 0 };
  /* Starred: A, C (read), E. */
  static const gint64 starred[] = { 2, 2, 2, 3, 2, 1, 2, 1, 3, 3, 0, 2, 0, 0 };
  g_autoptr(GArray) c0 = NULL, c1 = NULL, c2 = NULL, c3 = NULL;
  g_autoptr(GArray) none = NULL;

  c0 = count_unread (f);
  assert_counts (c0, empty);

  add_five (f);
  c1 = count_unread (f);
  assert_counts (c1, fresh);

  set_state (f, B, FALSE, TRUE);
  c2 = count_unread (f);
  assert_counts (c2, read_b);

  set_state (f, A, TRUE, TRUE);
  set_state (f, C, TRUE, TRUE);
  set_state (f, E, TRUE, TRUE);
  set_state (f, C, FALSE, TRUE);
  c3 = count_unread (f);
  assert_counts (c3, starred);

  /* No searches: no counts. */
  {
    g_autoptr(GPtrArray) searches = g_ptr_array_new ();
    Wait w = { 0 };

    gleaner_store_count_unread_async (f->store, searches, NULL, count_done_cb, &w);
    wait_for (&w.done, "count");
    g_assert_no_error (w.error);
    g_assert_cmpuint (w.counts->len, ==, 0);
    none = w.counts;
  }
}

static void
test_count_cancelled (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) searches = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Wait w = { 0 };

  add_five (f);
  g_ptr_array_add (searches, gleaner_saved_search_new (1, "n", "diffusion", GLEANER_FILTER_ALL));
  g_cancellable_cancel (cancellable);
  gleaner_store_count_unread_async (f->store, searches, cancellable, count_done_cb, &w);
  wait_for (&w.done, "count");
  g_assert_error (w.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (w.counts);
  g_clear_error (&w.error);
}

/* Many counts at once: each gets an answer, the same answer (the kept connection serves one,
 * the others open their own). */
static void
test_count_concurrent (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) searches = g_ptr_array_new_with_free_func (g_object_unref);
  Wait w[8] = { { 0 } };

  add_five (f);
  g_ptr_array_add (searches, gleaner_saved_search_new (1, "n", "diffusion", GLEANER_FILTER_ALL));
  g_ptr_array_add (searches, gleaner_saved_search_new (2, "n", "", GLEANER_FILTER_UNREAD));

  for (guint i = 0; i < G_N_ELEMENTS (w); i++)
    gleaner_store_count_unread_async (f->store, searches, NULL, count_done_cb, &w[i]);

  for (guint i = 0; i < G_N_ELEMENTS (w); i++)
    {
      wait_for (&w[i].done, "count");
      g_assert_no_error (w[i].error);
      g_assert_cmpint (g_array_index (w[i].counts, gint64, 0), ==, 3);
      g_assert_cmpint (g_array_index (w[i].counts, gint64, 1), ==, 5);
      g_array_unref (w[i].counts);
    }
}

/* ---------------------------------------------------------------------------------------- */
/* The list model */

typedef struct
{
  guint position, removed, added, count;
} Changes;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *c)
{
  c->position = position;
  c->removed = removed;
  c->added = added;
  c->count++;
}

static GleanerSavedSearch *
item_at (GListModel *model,
         guint       position)
{
  g_autoptr(GleanerSavedSearch) search = g_list_model_get_item (model, position);

  /* The list holds it: the borrowed pointer stays valid. */
  return search;
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           gboolean   *flag)
{
  *flag = TRUE;
}

/* Waits until the item at @position has @count unread papers. */
static void
wait_count (GListModel *model,
            guint       position,
            gint64      count)
{
  GleanerSavedSearch *search = item_at (model, position);
  guint watchdog = g_timeout_add_seconds (WAIT_LIMIT_S, watchdog_cb, (gpointer)"an unread count");

  while (gleaner_saved_search_get_unread_count (search) != count)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (watchdog);
}

static void
test_list_model (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GleanerSavedSearchList) list = NULL;
  GListModel *model;
  GleanerSavedSearch *first, *second, *third;
  gboolean renamed = FALSE;
  Changes c = { 0 };
  gint64 a, b, d;

  add_five (f);
  a = add_ok (f, "Diffusion", "diffusion", GLEANER_FILTER_ALL);
  b = add_ok (f, "Graphs", "graph", GLEANER_FILTER_UNREAD);

  list = gleaner_saved_search_list_new (f->store);
  model = G_LIST_MODEL (list);
  g_assert_true (g_list_model_get_item_type (model) == GLEANER_TYPE_SAVED_SEARCH);
  g_assert_true (gleaner_saved_search_list_get_store (list) == f->store);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_assert_null (g_list_model_get_item (model, 2));
  first = item_at (model, 0);
  second = item_at (model, 1);
  g_assert_cmpint (gleaner_saved_search_get_id (first), ==, a);
  g_assert_cmpint (gleaner_saved_search_get_id (second), ==, b);
  g_assert_true (gleaner_saved_search_list_find (list, b) == second);
  g_assert_null (gleaner_saved_search_list_find (list, b + 100));

  wait_count (model, 0, 3);
  wait_count (model, 1, 2);

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &c);

  /* Adding appends, and keeps the objects already there. */
  d = add_ok (f, "Quantum", "quantum", GLEANER_FILTER_ALL);
  g_assert_cmpuint (c.count, ==, 1);
  g_assert_cmpuint (c.position, ==, 2);
  g_assert_cmpuint (c.removed, ==, 0);
  g_assert_cmpuint (c.added, ==, 1);
  g_assert_true (item_at (model, 0) == first);
  g_assert_true (item_at (model, 1) == second);
  third = item_at (model, 2);
  g_assert_cmpint (gleaner_saved_search_get_id (third), ==, d);
  wait_count (model, 2, 1);

  /* Renaming updates the object in place: no items-changed, a notify. */
  g_signal_connect (first, "notify::name", G_CALLBACK (notify_cb), &renamed);
  g_assert_true (rename_search (f, a, "Denoising", NULL));
  g_assert_cmpuint (c.count, ==, 1);
  g_assert_true (renamed);
  g_assert_true (item_at (model, 0) == first);
  g_assert_cmpstr (gleaner_saved_search_get_name (first), ==, "Denoising");

  /* Counts follow read marks. */
  set_state (f, A, FALSE, TRUE);
  wait_count (model, 0, 2);
  set_state (f, E, FALSE, TRUE);
  wait_count (model, 0, 1);
  wait_count (model, 1, 1);
  g_assert_cmpint (gleaner_saved_search_get_unread_count (third), ==, 1);

  /* …and new papers. */
  {
    g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);

    g_ptr_array_add (papers, make_paper ("2501.00009", "Quantum diffusion", "Both.", 1, 1));
    upsert (f, papers);
    wait_count (model, 0, 2);
    wait_count (model, 2, 2);
  }

  /* Removing the middle one reports just that row. */
  remove_search (f, b);
  g_assert_cmpuint (c.count, ==, 2);
  g_assert_cmpuint (c.position, ==, 1);
  g_assert_cmpuint (c.removed, ==, 1);
  g_assert_cmpuint (c.added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_assert_true (item_at (model, 0) == first);
  g_assert_true (item_at (model, 1) == third);
  g_assert_null (gleaner_saved_search_list_find (list, b));

  /* A new trending list is not a saved-search change. */
  set_trending (f, D, NULL);
  g_assert_cmpuint (c.count, ==, 2);

  g_signal_handlers_disconnect_by_data (first, &renamed);
  g_signal_handlers_disconnect_by_data (list, &c);
}

static void
test_list_model_dispose (Fixture       *f,
                         gconstpointer  data)
{
  GleanerSavedSearchList *list;

  add_five (f);
  add_ok (f, "Diffusion", "diffusion", GLEANER_FILTER_ALL);

  /* A count is in flight; the list goes at once and the count's answer finds nobody. */
  list = gleaner_saved_search_list_new (f->store);
  g_assert_finalize_object (list);

  /* The fixture waits for the count to let go of the store. */
}

/* ---------------------------------------------------------------------------------------- */
/* Trending */

static void
test_trending_set (Fixture       *f,
                   gconstpointer  data)
{
  add_five (f);
  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, A, NULL), ==, -1);

  /* Unknown ids are skipped: ranks count the known ones; a versioned id finds its paper. */
  set_trending (f, E, "9999.99999", C, "2501.00001v3", E, NULL);
  g_assert_cmpuint (f->changes[GLEANER_STORE_CHANGE_TRENDING], ==, 1);
  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, E, NULL), ==, 0);
  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, C, NULL), ==, 1);
  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, A, NULL), ==, 2);
  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, B, NULL), ==, -1);
  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, "9999.99999", NULL), ==, -1);
  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, NULL, NULL), ==, -1);

  /* The same ranking again is no change. */
  set_trending (f, E, C, "0000.00000", A, NULL);
  g_assert_cmpuint (f->changes[GLEANER_STORE_CHANGE_TRENDING], ==, 1);

  /* A new list replaces the old one entirely. */
  set_trending (f, B, E, NULL);
  g_assert_cmpuint (f->changes[GLEANER_STORE_CHANGE_TRENDING], ==, 2);
  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, B, NULL), ==, 0);
  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, E, NULL), ==, 1);
  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, C, NULL), ==, -1);
  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, A, NULL), ==, -1);

  /* An empty list clears it; it persists. */
  set_trending (f, NULL);
  g_assert_cmpuint (f->changes[GLEANER_STORE_CHANGE_TRENDING], ==, 3);
  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, B, NULL), ==, -1);
  set_trending (f, D, NULL);
  close_store (f);
  open_store (f);
  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, D, NULL), ==, 0);
  /* Only add_five() changed papers. */
  g_assert_cmpuint (f->changes[GLEANER_STORE_CHANGE_PAPERS], ==, 1);
}

/* Lists the ids for @filter and @search in trending order as arXiv ids joined by spaces. */
static char *
trending_order (Fixture       *f,
                sqlite3       *db,
                GleanerFilter  filter,
                const char    *search)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) str = g_string_new (NULL);

  g_assert_true (_gleaner_store_query_ids (db, filter, GLEANER_SORT_TRENDING, search, ids,
                                           NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GleanerPaper) paper = _gleaner_store_load_rowid (f->store, g_array_index (ids, gint64, i), NULL);

      g_assert_nonnull (paper);
      if (str->len > 0)
        g_string_append_c (str, ' ');
      /* The last digit is enough to tell the papers apart. */
      g_string_append (str, gleaner_paper_get_id (paper) + strlen (gleaner_paper_get_id (paper)) - 1);
    }

  return g_string_free (g_steal_pointer (&str), FALSE);
}

static void
add_long_prefix_words (Fixture *f)
{
  sqlite3 *db = NULL;

  /* More words start with "zzzz" than a search expands, so "zzzz" stays a prefix query and
   * ranked papers are matched against the materialised result instead of one by one. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db,
                                 "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)"
                                 " INSERT OR IGNORE INTO terms (term) SELECT 'zzzz' || i FROM n",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_trending_sort (Fixture       *f,
                    gconstpointer  data)
{
  struct {
    GleanerFilter  filter;
    const char    *search;
    const char    *expected;   /* last digits of the arXiv ids, in order */
  } cases[] = {
    /* Ranked E, C, A, F first, then by upvotes: B 50, D 30. */
    { GLEANER_FILTER_ALL, NULL, "5 3 1 6 2 4" },
    { GLEANER_FILTER_ALL, "", "5 3 1 6 2 4" },
    { GLEANER_FILTER_ALL, " \"( ", "5 3 1 6 2 4" },
    /* Read: B, C. */
    { GLEANER_FILTER_UNREAD, NULL, "5 1 6 4" },
    /* Starred: A, B, D. */
    { GLEANER_FILTER_STARRED, NULL, "1 2 4" },
    { GLEANER_FILTER_ALL, "diffusion", "5 1 2" },
    { GLEANER_FILTER_ALL, "DIFF", "5 1 2" },
    { GLEANER_FILTER_UNREAD, "diffusion", "5 1" },
    { GLEANER_FILTER_STARRED, "diffusion", "1 2" },
    { GLEANER_FILTER_ALL, "graph", "5 3" },
    { GLEANER_FILTER_ALL, "gr", "5 3" },
    { GLEANER_FILTER_UNREAD, "graph", "5" },
    { GLEANER_FILTER_STARRED, "graph", "" },
    { GLEANER_FILTER_ALL, "quantum", "4" },
    { GLEANER_FILTER_ALL, "nothing-matches-this", "" },
    { GLEANER_FILTER_ALL, "\"graph (", "5 3" },
    { GLEANER_FILTER_ALL, "\"graph AND (", "" },   /* "and" is a word, and no paper has it */
    /* A long prefix: F is ranked, matched against the materialised matches. */
    { GLEANER_FILTER_ALL, "zzzz", "6" },
    { GLEANER_FILTER_UNREAD, "zzzz", "6" },
    { GLEANER_FILTER_STARRED, "zzzz", "" },
    { GLEANER_FILTER_ALL, "zzzz diff", "" },
    { GLEANER_FILTER_ALL, "zzzz effects", "6" },
  };
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  add_five (f);
  g_ptr_array_add (papers, make_paper ("2501.00006", "Zzzzalpha effects", "Nothing.", 1, 1));
  upsert (f, papers);
  add_long_prefix_words (f);

  set_trending (f, E, C, A, "2501.00006", NULL);
  set_state (f, B, FALSE, TRUE);
  set_state (f, C, FALSE, TRUE);
  set_state (f, A, TRUE, TRUE);
  set_state (f, B, TRUE, TRUE);
  set_state (f, D, TRUE, TRUE);

  db = _gleaner_store_open_reader (f->store, &error);
  g_assert_no_error (error);

  {
    g_autofree char *match = _gleaner_store_build_list_match (db, "zzzz", NULL);

    g_assert_cmpstr (match, ==, "\"zzzz\"*");
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *order = trending_order (f, db, cases[i].filter, cases[i].search);

      if (g_strcmp0 (order, cases[i].expected) != 0)
        g_error ("filter %d, search \"%s\": \"%s\", expected \"%s\"", cases[i].filter,
                 cases[i].search ? cases[i].search : "(null)", order, cases[i].expected);
    }

  /* Without a ranking the trending sort is the upvote sort. */
  set_trending (f, NULL);
  {
    g_autofree char *order = trending_order (f, db, GLEANER_FILTER_ALL, NULL);
    g_autofree char *searched = trending_order (f, db, GLEANER_FILTER_ALL, "diffusion");

    g_assert_cmpstr (order, ==, "2 4 5 1 3 6");
    g_assert_cmpstr (searched, ==, "2 5 1");
  }

  sqlite3_close (db);
  g_assert_cmpint (rowid_of (f, A), >, 0);
}

typedef struct
{
  guint n_calls;
  guint n_ids;
} FirstPage;

static void
first_page_cb (const gint64 *ids,
               guint         n_ids,
               gpointer      user_data)
{
  FirstPage *page = user_data;

  page->n_calls++;
  page->n_ids = n_ids;
}

/* More ranked papers than a page, and a page that spans the ranked head and the rest: the
 * first page is handed over once, and the whole order holds. */
static void
test_trending_sort_pages (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) ranked = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) rank_of = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  guint n = 300, n_ranked = 100;
  FirstPage page = { 0 };
  sqlite3 *db;
  Wait w = { 0 };

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("2502.%05u", i);
      g_autofree char *title = g_strdup_printf ("Paper %u on %s", i, i % 2 ? "graphs" : "diffusion");

      g_ptr_array_add (papers, make_paper (id, title, "Text.", (i * 37) % 101, i));
    }
  upsert (f, papers);

  /* Ranked: every third paper, in an order unrelated to votes. */
  for (guint i = 0; i < n_ranked; i++)
    g_ptr_array_add (ranked, g_strdup_printf ("2502.%05u", (i * 3 * 7) % n));
  gleaner_store_set_trending_async (f->store, ranked, NULL, write_done_cb, &w);
  g_assert_true (finish_write (&w, &error));

  db = _gleaner_store_open_reader (f->store, &error);
  g_assert_no_error (error);

  for (const char * const *search = (const char * const[]) { "", "diff", "graphs", NULL }; *search; search++)
    {
      guint expected_ranked = 0;
      gint64 prev_votes = G_MAXINT64;
      gint64 prev_id = G_MAXINT64;
      gint last_rank = -1;
      guint n_expected = **search == '\0' ? n : n / 2;

      g_array_set_size (ids, 0);
      page = (FirstPage) { 0 };
      g_assert_true (_gleaner_store_query_ids (db, GLEANER_FILTER_ALL, GLEANER_SORT_TRENDING, *search,
                                               ids, first_page_cb, &page, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (ids->len, ==, n_expected);
      g_assert_cmpuint (page.n_calls, ==, 1);
      g_assert_cmpuint (page.n_ids, ==, GLEANER_STORE_FIRST_PAGE);

      for (guint i = 0; i < ranked->len; i++)
        {
          g_autoptr(GleanerPaper) paper = gleaner_store_load_paper (f->store, g_ptr_array_index (ranked, i), NULL);
          const char *title = gleaner_paper_get_title (paper);

          if (**search == '\0' || strstr (title, **search == 'd' ? "diffusion" : "graphs"))
            expected_ranked++;
        }

      for (guint i = 0; i < ids->len; i++)
        {
          g_autoptr(GleanerPaper) paper = _gleaner_store_load_rowid (f->store, g_array_index (ids, gint64, i), NULL);
          int rank = gleaner_store_get_trending_rank (f->store, gleaner_paper_get_id (paper), NULL);

          if (i < expected_ranked)
            {
              /* The head: ranked papers in rank order. */
              g_assert_cmpint (rank, >, last_rank);
              last_rank = rank;
            }
          else
            {
              /* The rest: unranked, by votes then id. */
              gint64 votes = gleaner_paper_get_upvotes (paper);

              g_assert_cmpint (rank, ==, -1);
              g_assert_true (votes < prev_votes || (votes == prev_votes && gleaner_paper_get_rowid (paper) < prev_id));
              prev_votes = votes;
              prev_id = gleaner_paper_get_rowid (paper);
            }
        }
    }

  sqlite3_close (db);
}

/* The paper list follows a new ranking under the trending sort, and only there. */
static void
test_paper_list_trending (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GleanerPaperList) trending = NULL;
  g_autoptr(GleanerPaperList) upvotes = NULL;
  Changes c = { 0 };

  add_five (f);
  trending = gleaner_paper_list_new (f->store);
  gleaner_paper_list_set_sort (trending, GLEANER_SORT_TRENDING);
  upvotes = gleaner_paper_list_new (f->store);

  while (gleaner_paper_list_get_loading (trending) || gleaner_paper_list_get_loading (upvotes))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (gleaner_paper_list_find (trending, B), ==, 0);

  g_signal_connect (upvotes, "items-changed", G_CALLBACK (items_changed_cb), &c);
  set_trending (f, C, NULL);
  g_assert_true (gleaner_paper_list_get_loading (trending));
  g_assert_false (gleaner_paper_list_get_loading (upvotes));
  while (gleaner_paper_list_get_loading (trending))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (gleaner_paper_list_find (trending, C), ==, 0);
  g_assert_cmpuint (gleaner_paper_list_find (trending, B), ==, 1);
  g_assert_cmpuint (gleaner_paper_list_find (upvotes, C), ==, 4);

  /* Saved searches are not papers. */
  add_ok (f, "Diffusion", "diffusion", GLEANER_FILTER_ALL);
  g_assert_false (gleaner_paper_list_get_loading (trending));
  g_assert_false (gleaner_paper_list_get_loading (upvotes));
  g_assert_cmpuint (c.count, ==, 0);
  g_signal_handlers_disconnect_by_data (upvotes, &c);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  gleaner_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/saved-searches/create", test_create);
  ADD ("/saved-searches/empty-name", test_empty_name);
  ADD ("/saved-searches/rename", test_rename);
  ADD ("/saved-searches/settings", test_settings);
  ADD ("/saved-searches/remove", test_remove);
  ADD ("/saved-searches/cancelled-write-kept", test_cancelled_write_kept);
  ADD ("/saved-searches/persist", test_persist);
  ADD ("/saved-searches/count-unread", test_count_unread);
  ADD ("/saved-searches/count-cancelled", test_count_cancelled);
  ADD ("/saved-searches/count-concurrent", test_count_concurrent);
  ADD ("/saved-searches/list-model", test_list_model);
  ADD ("/saved-searches/list-model-dispose", test_list_model_dispose);
  ADD ("/trending/set", test_trending_set);
  ADD ("/trending/sort", test_trending_sort);
  ADD ("/trending/sort-pages", test_trending_sort_pages);
  ADD ("/trending/paper-list", test_paper_list_trending);

  gleaner_test_add_queued ();

  return g_test_run ();
}
