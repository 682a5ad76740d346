/* gleaner-test-saved-searches-util.c — the fixture and helpers shared by test-saved-searches
 * and test-trending.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gleaner-test-saved-searches-util.h"
#include "gleaner-test-store-wait.h"
#include "gleaner-test-util.h"

static void
count_change_cb (GleanerStore       *store,
                 GleanerStoreChange  change,
                 Fixture            *f)
{
  g_assert_cmpint (change, <, G_N_ELEMENTS (f->changes));
  f->changes[change]++;
}

void
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
void
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
void
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

void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("gleaner-saved-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "gleaner.db", NULL);
  open_store (f);
}

void
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

void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Wait *w = user_data;

  gleaner_store_write_finish (GLEANER_STORE (object), result, &w->error);
  w->done = TRUE;
}

void
add_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Wait *w = user_data;

  w->id = gleaner_store_add_saved_search_finish (GLEANER_STORE (object), result, &w->error);
  w->done = TRUE;
}

gint64
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

gint64
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
gboolean
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

GleanerPaper *
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

void
upsert (Fixture   *f,
        GPtrArray *papers)
{
  g_autoptr(GleanerUpsertResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = gleaner_test_store_upsert (f->store, papers, &error);
  g_assert_no_error (error);
}

void
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

/* ---------------------------------------------------------------------------------------- */
/* The list models */

void
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
