/* test-saved-searches.c — saved searches in the store (create, rename, settings, remove,
 * persist), their unread counts and the saved-search list model, on real database files.
 * Hugging Face's trending rank is in test-trending.c.
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
#include "gleaner-test-saved-searches-util.h"
#include "gleaner-test-util.h"

static gboolean
watchdog_cb (gpointer user_data)
{
  g_error ("Timed out waiting for %s", (const char *)user_data);
  return G_SOURCE_REMOVE;
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

  gleaner_test_add_queued ();

  return g_test_run ();
}
