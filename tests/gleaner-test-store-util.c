/* gleaner-test-store-util.c — the fixture and helpers shared by the store tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gleaner-test-store-util.h"
#include "gleaner-test-store-wait.h"
#include "gleaner-test-util.h"

void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("gleaner-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "sub", "gleaner.db", NULL);

  if (data == NULL)
    {
      f->store = gleaner_store_new (f->path, &error);
      g_assert_no_error (error);
      g_assert_nonnull (f->store);
    }
}

void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  gleaner_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

GleanerPaper *
make_paper (const char *id,
            const char *title,
            gint64      upvotes,
            gint64      published)
{
  GleanerPaper *paper = gleaner_paper_new (id);
  char **authors = g_new0 (char *, 3);

  authors[0] = g_strdup ("Ada Lovelace");
  authors[1] = g_strdup ("Émile Borel");
  gleaner_paper_set_title (paper, title);
  gleaner_paper_set_abstract (paper, "We study the parameter space of generative models.");
  gleaner_paper_take_authors (paper, authors);
  gleaner_paper_set_upvotes (paper, upvotes);
  gleaner_paper_set_published (paper, published);
  gleaner_paper_set_daily_date (paper, "2026-11-20");

  return paper;
}

void
upsert_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Wait *w = user_data;

  w->result = gleaner_store_upsert_finish (GLEANER_STORE (object), result, &w->error);
  w->done = TRUE;
}

void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Wait *w = user_data;

  gleaner_store_write_finish (GLEANER_STORE (object), result, &w->error);
  w->done = TRUE;
}

GPtrArray *
papers_new (void)
{
  return g_ptr_array_new_with_free_func (g_object_unref);
}

void
add_three (GleanerStore *store)
{
  g_autoptr(GPtrArray) papers = papers_new ();
  g_autoptr(GleanerUpsertResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (papers, make_paper ("2501.00001", "Adapt then Unlearn: Parameter Space Semantics", 10, 1000));
  g_ptr_array_add (papers, make_paper ("2501.00002", "SVDiff: Compact Parameter Space for Diffusion", 50, 3000));
  g_ptr_array_add (papers, make_paper ("hep-th/9901001", "Strings on $AdS_5$", 5, 2000));

  result = upsert (store, papers, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->added, ==, 3);
  g_assert_cmpuint (result->updated, ==, 0);
  g_assert_cmpuint (result->new_ids->len, ==, 3);
}
