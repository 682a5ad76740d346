/* test-store-list.c — writes that keep what the user marked (upserts, one row per
 * arXiv id form, marks seen before they are written) and the lazy list model, on real
 * database files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "gleaner-arxiv-id.h"
#include "gleaner-paper-list.h"
#include "gleaner-store-private.h"
#include "gleaner-test-store-util.h"
#include "gleaner-test-util.h"

static void
test_upsert_keeps_user_state (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) again = papers_new ();
  g_autoptr(GleanerUpsertResult) result = NULL;
  g_autoptr(GleanerUpsertResult) result2 = NULL;
  g_autoptr(GleanerPaper) paper = NULL;
  g_autoptr(GError) error = NULL;
  GleanerPaper *changed;

  add_three (f->store);
  set_state (f->store, "2501.00001", TRUE, TRUE);
  set_state (f->store, "2501.00001", FALSE, TRUE);

  /* The same paper comes back with more upvotes, no github link and a new daily list. */
  changed = make_paper ("2501.00001", "Adapt then Unlearn: Parameter Space Semantics", 99, 1000);
  gleaner_paper_set_daily_date (changed, "2026-11-25");
  g_ptr_array_add (again, changed);
  g_ptr_array_add (again, make_paper ("2501.00002", "SVDiff: Compact Parameter Space for Diffusion", 50, 3000));

  result = upsert (f->store, again, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->added, ==, 0);
  g_assert_cmpuint (result->updated, ==, 1);   /* the unchanged one is not counted */

  paper = gleaner_store_load_paper (f->store, "2501.00001", &error);
  g_assert_no_error (error);
  g_assert_cmpint (gleaner_paper_get_upvotes (paper), ==, 99);
  g_assert_true (gleaner_paper_get_starred (paper));
  g_assert_true (gleaner_paper_get_read (paper));
  /* The earliest daily list is kept. */
  g_assert_cmpstr (gleaner_paper_get_daily_date (paper), ==, "2026-11-20");

  /* Identical data: nothing updated. */
  result2 = upsert (f->store, again, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result2->updated, ==, 0);
}

static void
test_upsert_merges_missing (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) first = papers_new ();
  g_autoptr(GPtrArray) second = papers_new ();
  g_autoptr(GleanerUpsertResult) r1 = NULL;
  g_autoptr(GleanerUpsertResult) r2 = NULL;
  g_autoptr(GleanerPaper) paper = NULL;
  g_autoptr(GError) error = NULL;
  GleanerPaper *full, *sparse;
  char **keywords = g_new0 (char *, 3);

  full = make_paper ("2602.23229", "Large Multimodal Models as General In-Context Classifiers", 10, 5);
  gleaner_paper_set_github_repo (full, "https://github.com/marco-garosi/CIRCLE");
  gleaner_paper_set_github_stars (full, 9);
  gleaner_paper_set_num_comments (full, 1);
  keywords[0] = g_strdup ("zero-shot classification");
  keywords[1] = g_strdup ("in-context learning");
  gleaner_paper_take_ai_keywords (full, keywords);
  g_ptr_array_add (first, full);
  r1 = upsert (f->store, first, &error);
  g_assert_no_error (error);

  /* A search hit knows less: no repo, no comments, unknown upvotes. */
  sparse = gleaner_paper_new ("2602.23229");
  gleaner_paper_set_title (sparse, "Large Multimodal Models as General In-Context Classifiers");
  g_ptr_array_add (second, sparse);
  r2 = upsert (f->store, second, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r2->added, ==, 0);

  paper = gleaner_store_load_paper (f->store, "2602.23229", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gleaner_paper_get_github_repo (paper), ==, "https://github.com/marco-garosi/CIRCLE");
  g_assert_cmpint (gleaner_paper_get_github_stars (paper), ==, 9);
  g_assert_cmpint (gleaner_paper_get_num_comments (paper), ==, 1);
  g_assert_cmpint (gleaner_paper_get_upvotes (paper), ==, 10);
  g_assert_nonnull (gleaner_paper_get_abstract (paper));
  g_assert_cmpstr (gleaner_paper_get_ai_keywords (paper)[1], ==, "in-context learning");
  g_assert_cmpstr (gleaner_paper_get_authors (paper)[1], ==, "Émile Borel");
}

static void
test_id_forms_one_row (Fixture       *f,
                       gconstpointer  data)
{
  const char *forms[] = {
    "2401.00001v2", "https://arxiv.org/abs/2401.00001v2", "oai:arXiv.org:2401.00001v2", "2401.00001",
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr(GPtrArray) papers = papers_new ();
      g_autoptr(GleanerUpsertResult) result = NULL;
      g_autofree char *id = gleaner_arxiv_id_normalize (forms[i]);

      g_assert_cmpstr (id, ==, "2401.00001");
      g_ptr_array_add (papers, make_paper (id, "One paper, many names", i, 1));
      result = upsert (f->store, papers, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (result->added, ==, i == 0 ? 1 : 0);
    }

  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, 1);
}

/* ---------------------------------------------------------------------------------------- */
/* The lazy list model */

static void
wait_loaded (GleanerPaperList *list)
{
  while (gleaner_paper_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
}

static const char *
id_at (GleanerPaperList *list,
       guint             position)
{
  g_autoptr(GleanerPaper) paper = g_list_model_get_item (G_LIST_MODEL (list), position);

  /* The cache keeps the object alive, so the borrowed id stays valid. */
  return paper ? gleaner_paper_get_id (paper) : NULL;
}

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

static void
test_list_positions (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GleanerPaperList) list = NULL;
  GleanerPaper *a, *b;

  add_three (f->store);
  list = gleaner_paper_list_new (f->store);
  wait_loaded (list);

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == GLEANER_TYPE_PAPER);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  /* Trending: most upvotes first. */
  g_assert_cmpstr (id_at (list, 0), ==, "2501.00002");
  g_assert_cmpstr (id_at (list, 1), ==, "2501.00001");
  g_assert_cmpstr (id_at (list, 2), ==, "hep-th/9901001");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 3));

  /* The same position gives the same object while it is cached. */
  a = g_list_model_get_item (G_LIST_MODEL (list), 1);
  b = g_list_model_get_item (G_LIST_MODEL (list), 1);
  g_assert_true (a == b);
  g_object_unref (a);
  g_object_unref (b);

  gleaner_paper_list_set_sort (list, GLEANER_SORT_NEWEST);
  wait_loaded (list);
  g_assert_cmpstr (id_at (list, 0), ==, "2501.00002");
  g_assert_cmpstr (id_at (list, 1), ==, "hep-th/9901001");
  g_assert_cmpuint (gleaner_paper_list_find (list, "2501.00001"), ==, 2);
  g_assert_cmpuint (gleaner_paper_list_find (list, "0000.00000"), ==, G_MAXUINT);

  gleaner_paper_list_set_search (list, "svd");
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  gleaner_paper_list_set_search (list, "");
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
}

static void
test_list_filters (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GleanerPaperList) list = NULL;

  add_three (f->store);
  set_state (f->store, "2501.00002", TRUE, TRUE);
  set_state (f->store, "2501.00001", FALSE, TRUE);

  list = gleaner_paper_list_new (f->store);
  gleaner_paper_list_set_filter (list, GLEANER_FILTER_STARRED);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  g_assert_cmpstr (id_at (list, 0), ==, "2501.00002");

  gleaner_paper_list_set_search (list, "unlearn");
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  gleaner_paper_list_set_search (list, "compact");
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);

  gleaner_paper_list_set_search (list, NULL);
  gleaner_paper_list_set_filter (list, GLEANER_FILTER_UNREAD);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_cmpuint (gleaner_paper_list_find (list, "2501.00001"), ==, G_MAXUINT);

  /* Reading a paper does not pull it out of the list under the reader's eyes… */
  set_state (f->store, "2501.00002", FALSE, TRUE);
  g_assert_false (gleaner_paper_list_get_loading (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  /* …until the list is reloaded. */
  gleaner_paper_list_reload (list);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  g_assert_cmpstr (id_at (list, 0), ==, "hep-th/9901001");
}

static void
test_list_items_changed_after_sync (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GleanerPaperList) list = NULL;
  g_autoptr(GPtrArray) more = papers_new ();
  g_autoptr(GleanerUpsertResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Changes c = { 0 };

  add_three (f->store);
  list = gleaner_paper_list_new (f->store);
  wait_loaded (list);
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &c);

  /* Two new papers with the most upvotes land above the ones shown. */
  g_ptr_array_add (more, make_paper ("2511.00001", "Brand new one", 500, 9000));
  g_ptr_array_add (more, make_paper ("2511.00002", "Brand new two", 400, 9001));
  result = upsert (f->store, more, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->added, ==, 2);
  wait_loaded (list);

  /* Only the insertion is reported: the rows below keep their identity (and selection). */
  g_assert_cmpuint (c.count, ==, 1);
  g_assert_cmpuint (c.position, ==, 0);
  g_assert_cmpuint (c.removed, ==, 0);
  g_assert_cmpuint (c.added, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 5);
  g_assert_cmpstr (id_at (list, 0), ==, "2511.00001");
  g_assert_cmpstr (id_at (list, 2), ==, "2501.00002");

  /* A sync that changes nothing reports nothing. */
  c.count = 0;
  g_clear_pointer (&result, gleaner_upsert_result_free);
  result = upsert (f->store, more, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->updated, ==, 0);
  wait_loaded (list);
  g_assert_cmpuint (c.count, ==, 0);
}

static void
state_written_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (gleaner_store_set_state_finish (GLEANER_STORE (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
state_changed_cb (GleanerStore      *store,
                  const char        *id,
                  GleanerPaperState  state,
                  gboolean           value,
                  GString           *log)
{
  g_string_append_printf (log, "%s %s %d;", id,
                          state == GLEANER_PAPER_STATE_STARRED ? "starred" : "read", value);
}

static void
test_list_paper_state (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GleanerPaperList) list = NULL;
  g_autoptr(GPtrArray) more = papers_new ();
  g_autoptr(GleanerUpsertResult) result = NULL;
  g_autoptr(GleanerPaper) kept = NULL;
  g_autoptr(GleanerPaper) fresh = NULL;
  g_autoptr(GString) log = g_string_new ("");
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  add_three (f->store);
  list = gleaner_paper_list_new (f->store);
  wait_loaded (list);
  g_signal_connect (f->store, "paper-state-changed", G_CALLBACK (state_changed_cb), log);

  /* An object a row would hold across a sync, which drops the list's cache. */
  kept = g_list_model_get_item (G_LIST_MODEL (list), gleaner_paper_list_find (list, "2501.00001"));
  g_ptr_array_add (more, make_paper ("2511.00001", "Brand new one", 500, 9000));
  result = upsert (f->store, more, &error);
  g_assert_no_error (error);
  wait_loaded (list);
  fresh = g_list_model_get_item (G_LIST_MODEL (list), gleaner_paper_list_find (list, "2501.00001"));
  g_assert_true (kept != fresh);
  g_assert_false (gleaner_paper_get_starred (kept));

  /* Every live object of the list follows at once, before the write lands. */
  gleaner_store_set_starred_async (f->store, "2501.00001", TRUE, NULL, state_written_cb, &done);
  g_assert_cmpstr (log->str, ==, "2501.00001 starred 1;");
  g_assert_true (gleaner_paper_get_starred (kept));
  g_assert_true (gleaner_paper_get_starred (fresh));
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  done = FALSE;
  gleaner_store_set_read_async (f->store, "2501.00001", TRUE, NULL, state_written_cb, &done);
  g_assert_true (gleaner_paper_get_read (kept));
  g_assert_true (gleaner_paper_get_read (fresh));
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (log->str, ==, "2501.00001 starred 1;2501.00001 read 1;");

  /* Other papers are left alone. */
  g_clear_object (&fresh);
  fresh = g_list_model_get_item (G_LIST_MODEL (list), gleaner_paper_list_find (list, "2501.00002"));
  g_assert_false (gleaner_paper_get_starred (fresh));

  g_signal_handlers_disconnect_by_func (f->store, state_changed_cb, log);
}

static void
pending_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gleaner_store_set_state_finish (GLEANER_STORE (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *)user_data = TRUE;
}

/* A paper read from the database while its new mark is still queued (the writer waits for
 * a lock) shows the mark it was given: a list that reloads meanwhile must not hand out an
 * object that contradicts what "paper-state-changed" just said. */
static void
test_pending_state (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GleanerPaper) before = NULL;
  g_autoptr(GleanerPaper) after = NULL;
  g_autoptr(GleanerPaper) other = NULL;
  g_autoptr(GError) error = NULL;
  gboolean read_done = FALSE, star_done = FALSE;
  sqlite3 *db = NULL;

  add_three (f->store);

  /* Another connection holds the write lock: the writer waits, readers (WAL) do not. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE;", NULL, NULL, NULL), ==, SQLITE_OK);

  gleaner_store_set_read_async (f->store, "2501.00001", TRUE, NULL, pending_done_cb, &read_done);
  gleaner_store_set_starred_async (f->store, "2501.00001", TRUE, NULL, pending_done_cb, &star_done);
  before = gleaner_store_load_paper (f->store, "2501.00001", &error);
  g_assert_no_error (error);
  g_assert_true (gleaner_paper_get_read (before));
  g_assert_true (gleaner_paper_get_starred (before));
  other = gleaner_store_load_paper (f->store, "2501.00002", &error);
  g_assert_no_error (error);
  g_assert_false (gleaner_paper_get_read (other));
  g_assert_false (read_done);

  sqlite3_exec (db, "ROLLBACK;", NULL, NULL, NULL);
  sqlite3_close (db);
  while (!read_done || !star_done)
    g_main_context_iteration (NULL, TRUE);

  /* Committed: the database says the same, and a later unmark is seen at once too. */
  after = gleaner_store_load_paper (f->store, "2501.00001", &error);
  g_assert_no_error (error);
  g_assert_true (gleaner_paper_get_read (after));
  g_assert_true (gleaner_paper_get_starred (after));
  read_done = FALSE;
  gleaner_store_set_read_async (f->store, "2501.00001", FALSE, NULL, pending_done_cb, &read_done);
  g_clear_object (&after);
  after = gleaner_store_load_paper (f->store, "2501.00001", &error);
  g_assert_false (gleaner_paper_get_read (after));
  while (!read_done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_list_large (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GleanerPaperList) list = NULL;
  g_autoptr(GPtrArray) papers = papers_new ();
  g_autoptr(GleanerUpsertResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Changes c = { 0 };
  guint n = 3000;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("2502.%05u", i);
      g_autofree char *title = g_strdup_printf ("Paper %u on %s", i, i % 3 ? "graphs" : "diffusion");

      g_ptr_array_add (papers, make_paper (id, title, i % 97, i));
    }
  result = upsert (f->store, papers, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->added, ==, n);

  list = gleaner_paper_list_new (f->store);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);

  /* A search with many matches shows its first page, then appends the rest. */
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &c);
  gleaner_paper_list_set_search (list, "diff");
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n / 3);
  g_assert_cmpuint (c.count, ==, 2);
  g_assert_cmpuint (c.position, ==, GLEANER_STORE_FIRST_PAGE);
  g_assert_cmpuint (c.added, ==, n / 3 - GLEANER_STORE_FIRST_PAGE);

  /* Trending order holds across the whole result. */
  for (guint i = 1; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i += 97)
    {
      g_autoptr(GleanerPaper) prev = g_list_model_get_item (G_LIST_MODEL (list), i - 1);
      g_autoptr(GleanerPaper) cur = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_cmpint (gleaner_paper_get_upvotes (prev), >=, gleaner_paper_get_upvotes (cur));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  gleaner_test_add (path, Fixture, data, fixture_setup, func, fixture_teardown)

  ADD ("/store/upsert-keeps-user-state", test_upsert_keeps_user_state, NULL);
  ADD ("/store/upsert-merges-missing", test_upsert_merges_missing, NULL);
  ADD ("/store/id-forms-one-row", test_id_forms_one_row, NULL);
  ADD ("/list/positions", test_list_positions, NULL);
  ADD ("/list/filters", test_list_filters, NULL);
  ADD ("/list/items-changed-after-sync", test_list_items_changed_after_sync, NULL);
  ADD ("/list/paper-state", test_list_paper_state, NULL);
  ADD ("/store/pending-state", test_pending_state, NULL);
  ADD ("/list/large", test_list_large, NULL);

  gleaner_test_add_queued ();

  return g_test_run ();
}
