/* test-store-arxiv.c — papers from Hugging Face and arXiv in one store: the schema 7
 * migration, the merge of both sources into one row, replacements, listings and list scopes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "gleaner-paper-list.h"
#include "gleaner-store-private.h"
#include "gleaner-test-store-wait.h"
#include "gleaner-test-util.h"

typedef struct
{
  char         *dir;
  char         *path;
  GleanerStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("gleaner-store-arxiv-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "gleaner.db", NULL);

  if (data == NULL)
    {
      f->store = gleaner_store_new (f->path, &error);
      g_assert_no_error (error);
    }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  gleaner_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static char **
strv (const char *first,
      ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  va_list args;

  va_start (args, first);
  for (const char *s = first; s != NULL; s = va_arg (args, const char *))
    g_strv_builder_add (builder, s);
  va_end (args);

  return g_strv_builder_end (builder);
}

/* A paper as the HF parser makes it. */
static GleanerPaper *
hf_paper (const char *id,
          const char *title)
{
  GleanerPaper *paper = gleaner_paper_new (id);

  gleaner_paper_set_title (paper, title);
  gleaner_paper_set_abstract (paper, "An abstract from Hugging Face.");
  gleaner_paper_take_authors (paper, strv ("Ada Lovelace", NULL));
  gleaner_paper_set_published (paper, 1736000000);
  gleaner_paper_set_submitted (paper, 1736100000);
  gleaner_paper_set_daily_date (paper, "2025-01-05");
  gleaner_paper_set_upvotes (paper, 42);
  gleaner_paper_set_num_comments (paper, 3);
  gleaner_paper_set_ai_summary (paper, "An AI summary.");
  gleaner_paper_take_ai_keywords (paper, strv ("diffusion", "sampling", NULL));
  gleaner_paper_set_github_repo (paper, "https://github.com/example/repo");
  gleaner_paper_set_github_stars (paper, 17);
  gleaner_paper_set_thumbnail (paper, "https://cdn.example.org/thumb.png");
  gleaner_paper_set_sources (paper, GLEANER_SOURCE_KIND_HF);

  return paper;
}

/* A paper as the arXiv parser makes it from an API entry (no upvotes, no AI fields). */
static GleanerPaper *
arxiv_paper (const char  *id,
             const char  *title,
             gint64       version,
             char       **categories)
{
  GleanerPaper *paper = gleaner_paper_new (id);

  gleaner_paper_set_title (paper, title);
  gleaner_paper_set_abstract (paper, "An abstract from arXiv.");
  gleaner_paper_take_authors (paper, strv ("Ada Lovelace", "Émile Borel", NULL));
  gleaner_paper_take_categories (paper, categories);
  gleaner_paper_set_primary_category (paper, categories != NULL ? categories[0] : NULL);
  gleaner_paper_set_comments (paper, "12 pages");
  gleaner_paper_set_journal_ref (paper, "J. Synth. 1 (2025)");
  gleaner_paper_set_doi (paper, "10.5555/synthetic");
  gleaner_paper_set_license (paper, "http://creativecommons.org/licenses/by/4.0/");
  gleaner_paper_set_version (paper, version);
  gleaner_paper_set_published (paper, 1735900000);
  gleaner_paper_set_updated (paper, 1735900000 + version * 1000);
  gleaner_paper_set_sources (paper, GLEANER_SOURCE_KIND_ARXIV);

  return paper;
}

typedef struct
{
  gpointer  result;
  GError   *error;
  gboolean  done;
} Wait;

static void
upsert_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Wait *w = user_data;

  w->result = gleaner_store_upsert_finish (GLEANER_STORE (object), result, &w->error);
  w->done = TRUE;
}

/* Stores @paper (consumed) alone, in @listing if not NULL. */
static GleanerUpsertResult *
upsert_one (GleanerStore *store,
            GleanerPaper *paper,
            const char   *listing)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  Wait w = { 0 };

  g_ptr_array_add (papers, paper);
  gleaner_store_upsert_listing_async (store, papers, listing, NULL, upsert_done_cb, &w);
  while (!w.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (w.error);
  g_assert_nonnull (w.result);

  return w.result;
}

static void
scopes_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Wait *w = user_data;

  w->result = gleaner_store_list_scopes_finish (GLEANER_STORE (object), result, &w->error);
  w->done = TRUE;
}

static GPtrArray *
list_scopes (GleanerStore *store)
{
  Wait w = { 0 };

  gleaner_store_list_scopes_async (store, NULL, scopes_done_cb, &w);
  while (!w.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (w.error);

  return w.result;
}

static void
assert_scope (GPtrArray  *counts,
              const char *scope,
              gint64      total,
              gint64      unread)
{
  for (guint i = 0; i < counts->len; i++)
    {
      GleanerScopeCount *count = g_ptr_array_index (counts, i);

      if (g_strcmp0 (count->scope, scope) == 0)
        {
          g_assert_cmpint (count->total, ==, total);
          g_assert_cmpint (count->unread, ==, unread);
          return;
        }
    }

  if (total != 0)
    g_test_fail_printf ("no scope %s", scope);
}

static GleanerPaper *
load (GleanerStore *store,
      const char   *id)
{
  g_autoptr(GError) error = NULL;
  GleanerPaper *paper = gleaner_store_load_paper (store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (paper);

  return paper;
}

static void
assert_hf_fields (GleanerPaper *paper)
{
  g_assert_cmpint (gleaner_paper_get_upvotes (paper), ==, 42);
  g_assert_cmpint (gleaner_paper_get_num_comments (paper), ==, 3);
  g_assert_cmpstr (gleaner_paper_get_ai_summary (paper), ==, "An AI summary.");
  g_assert_cmpstr (gleaner_paper_get_ai_keywords (paper)[0], ==, "diffusion");
  g_assert_cmpstr (gleaner_paper_get_github_repo (paper), ==, "https://github.com/example/repo");
  g_assert_cmpint (gleaner_paper_get_github_stars (paper), ==, 17);
  g_assert_cmpstr (gleaner_paper_get_thumbnail (paper), ==, "https://cdn.example.org/thumb.png");
  g_assert_cmpstr (gleaner_paper_get_daily_date (paper), ==, "2025-01-05");
}

static void
assert_arxiv_fields (GleanerPaper *paper,
                     gint64        version)
{
  const char * const *categories = gleaner_paper_get_categories (paper);

  g_assert_cmpstr (categories[0], ==, "cs.LG");
  g_assert_cmpstr (categories[1], ==, "stat.ML");
  g_assert_null (categories[2]);
  g_assert_cmpstr (gleaner_paper_get_primary_category (paper), ==, "cs.LG");
  g_assert_cmpstr (gleaner_paper_get_comments (paper), ==, "12 pages");
  g_assert_cmpstr (gleaner_paper_get_journal_ref (paper), ==, "J. Synth. 1 (2025)");
  g_assert_cmpstr (gleaner_paper_get_doi (paper), ==, "10.5555/synthetic");
  g_assert_cmpstr (gleaner_paper_get_license (paper), ==, "http://creativecommons.org/licenses/by/4.0/");
  g_assert_cmpint (gleaner_paper_get_version (paper), ==, version);
  g_assert_cmpint (gleaner_paper_get_updated (paper), ==, 1735900000 + version * 1000);
}

static void
test_migrate_from_v6 (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GleanerPaper) starred = NULL;
  g_autoptr(GleanerPaper) read = NULL;
  g_autoptr(GPtrArray) counts = NULL;
  sqlite3 *db = NULL;

  /* A database as schema 6 left it: two Hugging Face papers, a star, a read mark. */
  g_assert_true (_gleaner_store_migrate_file (f->path, 6, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO papers (arxiv_id, title, abstract, upvotes, first_seen, updated_at)"
                                 " VALUES ('2401.00001', 'Starred Paper', 'An abstract.', 7, 1, 1),"
                                 "        ('2401.00002', 'Read Paper', 'Another.', 3, 1, 1);"
                                 "INSERT INTO user_state (arxiv_id, starred, starred_at) VALUES ('2401.00001', 1, 5);"
                                 "INSERT INTO user_state (arxiv_id, read, read_at) VALUES ('2401.00002', 1, 6);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  f->store = gleaner_store_new (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gleaner_store_get_schema_version (f->store), ==, GLEANER_STORE_SCHEMA_VERSION);

  starred = load (f->store, "2401.00001");
  g_assert_true (gleaner_paper_get_starred (starred));
  g_assert_cmpint (gleaner_paper_get_sources (starred), ==, GLEANER_SOURCE_KIND_HF);
  g_assert_cmpint (gleaner_paper_get_version (starred), ==, -1);
  g_assert_false (gleaner_paper_get_withdrawn (starred));
  g_assert_null (gleaner_paper_get_categories (starred)[0]);
  read = load (f->store, "2401.00002");
  g_assert_true (gleaner_paper_get_read (read));
  g_assert_false (gleaner_paper_get_starred (read));

  counts = list_scopes (f->store);
  assert_scope (counts, "hf", 2, 1);
  assert_scope (counts, "arxiv", 0, 0);

  /* An arXiv sighting of a migrated paper joins it. */
  gleaner_upsert_result_free (upsert_one (f->store,
                                          arxiv_paper ("2401.00001", "Starred Paper", 2,
                                                       strv ("cs.LG", "stat.ML", NULL)),
                                          "arxiv:cs.LG"));
  g_clear_object (&starred);
  starred = load (f->store, "2401.00001");
  g_assert_true (gleaner_paper_get_starred (starred));
  g_assert_cmpint (gleaner_paper_get_sources (starred), ==, GLEANER_SOURCE_KIND_HF | GLEANER_SOURCE_KIND_ARXIV);
  assert_arxiv_fields (starred, 2);
}

static void
test_merge_hf_then_arxiv (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GleanerUpsertResult) first = NULL;
  g_autoptr(GleanerUpsertResult) second = NULL;
  g_autoptr(GleanerPaper) paper = NULL;

  first = upsert_one (f->store, hf_paper ("2501.00001", "HF Title"), "hf:daily");
  g_assert_cmpuint (first->added, ==, 1);
  gleaner_test_store_set_state (f->store, "2501.00001", TRUE, TRUE);

  second = upsert_one (f->store, arxiv_paper ("2501.00001", "arXiv Title", 2,
                                              strv ("cs.LG", "stat.ML", NULL)), "arxiv:cs.LG");
  g_assert_cmpuint (second->added, ==, 0);
  g_assert_cmpuint (second->updated, ==, 1);
  g_assert_cmpuint (second->new_ids->len, ==, 0);

  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, 1);
  paper = load (f->store, "2501.00001");
  assert_hf_fields (paper);
  assert_arxiv_fields (paper, 2);
  g_assert_cmpint (gleaner_paper_get_sources (paper), ==, GLEANER_SOURCE_KIND_HF | GLEANER_SOURCE_KIND_ARXIV);
  g_assert_true (gleaner_paper_get_starred (paper));
}

static void
test_merge_arxiv_then_hf (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GleanerUpsertResult) first = NULL;
  g_autoptr(GleanerUpsertResult) second = NULL;
  g_autoptr(GleanerPaper) paper = NULL;

  first = upsert_one (f->store, arxiv_paper ("2501.00001", "arXiv Title", 3,
                                             strv ("cs.LG", "stat.ML", NULL)), "arxiv:cs.LG");
  g_assert_cmpuint (first->added, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (first->new_ids, 0), ==, "2501.00001");
  gleaner_test_store_set_state (f->store, "2501.00001", FALSE, TRUE);

  second = upsert_one (f->store, hf_paper ("2501.00001", "HF Title"), "hf:trending");
  g_assert_cmpuint (second->added, ==, 0);
  g_assert_cmpuint (second->updated, ==, 1);

  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, 1);
  paper = load (f->store, "2501.00001");
  assert_hf_fields (paper);
  assert_arxiv_fields (paper, 3);
  g_assert_cmpint (gleaner_paper_get_sources (paper), ==, GLEANER_SOURCE_KIND_HF | GLEANER_SOURCE_KIND_ARXIV);
  g_assert_true (gleaner_paper_get_read (paper));
}

static void
test_replace (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GleanerUpsertResult) unseen = NULL;
  g_autoptr(GleanerUpsertResult) known = NULL;
  g_autoptr(GleanerUpsertResult) older = NULL;
  g_autoptr(GleanerPaper) paper = NULL;
  GleanerPaper *replacement;

  /* First seen as a replacement: stored, but not new. */
  replacement = arxiv_paper ("2501.00007", "Seven", 2, strv ("cs.LG", "stat.ML", NULL));
  gleaner_paper_set_replaced (replacement, TRUE);
  unseen = upsert_one (f->store, replacement, "arxiv:cs.LG");
  g_assert_cmpuint (unseen->added, ==, 0);
  g_assert_cmpuint (unseen->updated, ==, 1);
  g_assert_cmpuint (unseen->new_ids->len, ==, 0);
  g_assert_true (gleaner_store_has_papers (f->store, NULL));
  g_assert_true (gleaner_store_get_has_papers (f->store));

  /* A later version updates text, version and date. */
  replacement = arxiv_paper ("2501.00007", "Seven, revised", 3, strv ("cs.LG", "stat.ML", NULL));
  gleaner_paper_set_abstract (replacement, "A revised abstract.");
  gleaner_paper_set_replaced (replacement, TRUE);
  known = upsert_one (f->store, replacement, "arxiv:cs.LG");
  g_assert_cmpuint (known->added, ==, 0);
  g_assert_cmpuint (known->updated, ==, 1);
  g_assert_cmpuint (known->new_ids->len, ==, 0);

  /* An older snapshot (an API answer) never moves the version back. */
  older = upsert_one (f->store, arxiv_paper ("2501.00007", "Seven, revised", 1,
                                             strv ("cs.LG", "stat.ML", NULL)), NULL);
  g_assert_cmpuint (older->added, ==, 0);

  paper = load (f->store, "2501.00007");
  g_assert_cmpstr (gleaner_paper_get_title (paper), ==, "Seven, revised");
  g_assert_cmpint (gleaner_paper_get_version (paper), ==, 3);
  g_assert_cmpint (gleaner_paper_get_updated (paper), ==, 1735900000 + 3 * 1000);
  g_assert_false (gleaner_paper_get_replaced (paper));
}

/* A star and a read mark survive every kind of upsert from either source. */
static void
test_star_survives (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GleanerPaper) paper = NULL;
  GleanerPaper *replacement;
  GleanerPaper *withdrawn;

  gleaner_upsert_result_free (upsert_one (f->store, hf_paper ("2501.00003", "Three"), NULL));
  gleaner_test_store_set_state (f->store, "2501.00003", TRUE, TRUE);
  gleaner_test_store_set_state (f->store, "2501.00003", FALSE, TRUE);

  gleaner_upsert_result_free (upsert_one (f->store, arxiv_paper ("2501.00003", "Three", 1,
                                                                 strv ("cs.LG", "stat.ML", NULL)),
                                          "arxiv:cs.LG"));
  replacement = arxiv_paper ("2501.00003", "Three v2", 2, strv ("cs.AI", NULL));
  gleaner_paper_set_replaced (replacement, TRUE);
  gleaner_upsert_result_free (upsert_one (f->store, replacement, "arxiv:cs.AI"));
  withdrawn = arxiv_paper ("2501.00003", "Three v3", 3, strv ("cs.AI", NULL));
  gleaner_paper_set_withdrawn (withdrawn, TRUE);
  gleaner_upsert_result_free (upsert_one (f->store, withdrawn, NULL));
  gleaner_upsert_result_free (upsert_one (f->store, hf_paper ("2501.00003", "Three"), "hf:daily"));

  paper = load (f->store, "2501.00003");
  g_assert_true (gleaner_paper_get_starred (paper));
  g_assert_true (gleaner_paper_get_read (paper));
  /* A withdrawal is final, whatever comes after. */
  g_assert_true (gleaner_paper_get_withdrawn (paper));
  g_assert_cmpstr (gleaner_paper_get_categories (paper)[0], ==, "cs.AI");
}

/* Three papers: A on Hugging Face only, B on arXiv only (cs.LG, stat.ML; read), C on both
 * (cs.CL first, cs.LG). */
static void
add_scoped_papers (GleanerStore *store)
{
  gleaner_upsert_result_free (upsert_one (store, hf_paper ("2501.00001", "Alpha diffusion"), NULL));
  gleaner_upsert_result_free (upsert_one (store, arxiv_paper ("2501.00002", "Beta diffusion", 1,
                                                              strv ("cs.LG", "stat.ML", NULL)),
                                          "arxiv:cs.LG+stat.ML"));
  gleaner_upsert_result_free (upsert_one (store, hf_paper ("2501.00003", "Gamma diffusion"), NULL));
  gleaner_upsert_result_free (upsert_one (store, arxiv_paper ("2501.00003", "Gamma diffusion", 1,
                                                              strv ("cs.CL", "cs.LG", NULL)),
                                          "arxiv:cs.LG+stat.ML"));
  gleaner_test_store_set_state (store, "2501.00002", FALSE, TRUE);
}

static int
cmp_names (gconstpointer a,
           gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The arXiv ids a scoped query lists, space-separated and sorted. */
static char *
scoped_ids (GleanerStore  *store,
            sqlite3       *db,
            GleanerFilter  filter,
            GleanerSort    sort,
            const char    *search,
            const char    *scope)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_assert_true (_gleaner_store_query_scoped_ids (db, filter, sort, search, scope, ids,
                                                  NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GleanerPaper) paper = _gleaner_store_load_paper_on (db, NULL,
                                                                    g_array_index (ids, gint64, i),
                                                                    &error);
      g_assert_no_error (error);
      g_ptr_array_add (names, g_strdup (gleaner_paper_get_id (paper)));
    }

  g_ptr_array_sort (names, cmp_names);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (" ", (char **) names->pdata);
}

static void
test_scope_queries (Fixture       *f,
                    gconstpointer  data)
{
  static const struct { const char *scope; const char *ids; const char *unread; } cases[] = {
    { NULL, "2501.00001 2501.00002 2501.00003", "2501.00001 2501.00003" },
    { "hf", "2501.00001 2501.00003", "2501.00001 2501.00003" },
    { "arxiv", "2501.00002 2501.00003", "2501.00003" },
    { "arxiv:cs.LG", "2501.00002 2501.00003", "2501.00003" },
    { "arxiv:stat.ML", "2501.00002", "" },
    { "arxiv:cs.CL", "2501.00003", "2501.00003" },
    { "arxiv:math.AP", "", "" },
    { "arxiv:", "", "" },
    { "nonsense", "", "" },
  };
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  add_scoped_papers (f->store);
  db = _gleaner_store_open_reader (f->store, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (GleanerSort sort = GLEANER_SORT_UPVOTES; sort <= GLEANER_SORT_TRENDING; sort++)
      for (guint s = 0; s < 2; s++)
        {
          const char *search = s == 0 ? NULL : "diffusion";
          g_autofree char *all = scoped_ids (f->store, db, GLEANER_FILTER_ALL, sort, search, cases[i].scope);
          g_autofree char *unread = scoped_ids (f->store, db, GLEANER_FILTER_UNREAD, sort, search, cases[i].scope);

          g_assert_cmpstr (all, ==, cases[i].ids);
          g_assert_cmpstr (unread, ==, cases[i].unread);
        }

  sqlite3_close (db);
}

static void
test_scope_counts (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) counts = NULL;
  g_autoptr(GPtrArray) after = NULL;
  GleanerScopeCount *first;

  counts = list_scopes (f->store);
  assert_scope (counts, "hf", 0, 0);
  assert_scope (counts, "arxiv", 0, 0);
  g_clear_pointer (&counts, g_ptr_array_unref);

  add_scoped_papers (f->store);
  counts = list_scopes (f->store);
  g_assert_cmpuint (counts->len, ==, 5);
  first = g_ptr_array_index (counts, 0);
  g_assert_cmpstr (first->scope, ==, "hf");
  g_assert_cmpstr (((GleanerScopeCount *) g_ptr_array_index (counts, 1))->scope, ==, "arxiv");
  assert_scope (counts, "hf", 2, 2);
  assert_scope (counts, "arxiv", 2, 1);
  assert_scope (counts, "arxiv:cs.LG", 2, 1);
  assert_scope (counts, "arxiv:stat.ML", 1, 0);
  assert_scope (counts, "arxiv:cs.CL", 1, 1);

  /* New categories replace the old ones in the counts (the triggers keep the table). */
  gleaner_upsert_result_free (upsert_one (f->store, arxiv_paper ("2501.00002", "Beta diffusion", 2,
                                                                 strv ("math.AP", NULL)), NULL));
  after = list_scopes (f->store);
  assert_scope (after, "arxiv:cs.LG", 1, 1);
  assert_scope (after, "arxiv:stat.ML", 0, 0);
  assert_scope (after, "arxiv:math.AP", 1, 0);
  for (guint i = 0; i < after->len; i++)
    g_assert_cmpstr (((GleanerScopeCount *) g_ptr_array_index (after, i))->scope, !=, "arxiv:stat.ML");
}

static void
test_list_scope (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GleanerPaperList) list = NULL;
  g_autofree char *scope = NULL;

  add_scoped_papers (f->store);
  list = gleaner_paper_list_new (f->store);
  while (gleaner_paper_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);

  g_object_set (list, "scope", "arxiv:cs.LG", NULL);
  g_object_get (list, "scope", &scope, NULL);
  g_assert_cmpstr (scope, ==, "arxiv:cs.LG");
  g_assert_cmpstr (gleaner_paper_list_get_scope (list), ==, "arxiv:cs.LG");
  while (gleaner_paper_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);

  gleaner_paper_list_set_scope (list, "hf");
  gleaner_paper_list_set_filter (list, GLEANER_FILTER_STARRED);
  while (gleaner_paper_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  gleaner_paper_list_set_filter (list, GLEANER_FILTER_ALL);
  gleaner_paper_list_set_scope (list, NULL);
  while (gleaner_paper_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
}

static char *
listings_of (const char *path,
             const char *id)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT listing FROM paper_listings WHERE arxiv_id = ?1"
                                           " ORDER BY listing", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (" ", (char **) names->pdata);
}

static void
test_listings (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;

  add_scoped_papers (f->store);
  gleaner_upsert_result_free (upsert_one (f->store, hf_paper ("2501.00001", "Alpha diffusion"), "hf:daily"));
  gleaner_upsert_result_free (upsert_one (f->store, hf_paper ("2501.00001", "Alpha diffusion"), "hf:trending"));
  gleaner_upsert_result_free (upsert_one (f->store, arxiv_paper ("2501.00004", "Delta", 1, NULL),
                                          "arxiv:cs.LG+stat.ML"));
  gleaner_store_flush (f->store);

  a = listings_of (f->path, "2501.00001");
  b = listings_of (f->path, "2501.00002");
  c = listings_of (f->path, "2501.00003");
  d = listings_of (f->path, "2501.00004");
  g_assert_cmpstr (a, ==, "hf:daily hf:trending");
  g_assert_cmpstr (b, ==, "arxiv:cs.LG arxiv:stat.ML");
  /* Only the feed's categories the paper is in. */
  g_assert_cmpstr (c, ==, "arxiv:cs.LG");
  /* A paper listing no category counts as in each of the feed's. */
  g_assert_cmpstr (d, ==, "arxiv:cs.LG arxiv:stat.ML");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  gleaner_test_add ("/store-arxiv/migrate-from-v6", Fixture, GINT_TO_POINTER (1),
                    fixture_setup, test_migrate_from_v6, fixture_teardown);
  gleaner_test_add ("/store-arxiv/merge/hf-then-arxiv", Fixture, NULL,
                    fixture_setup, test_merge_hf_then_arxiv, fixture_teardown);
  gleaner_test_add ("/store-arxiv/merge/arxiv-then-hf", Fixture, NULL,
                    fixture_setup, test_merge_arxiv_then_hf, fixture_teardown);
  gleaner_test_add ("/store-arxiv/replace", Fixture, NULL,
                    fixture_setup, test_replace, fixture_teardown);
  gleaner_test_add ("/store-arxiv/star-survives", Fixture, NULL,
                    fixture_setup, test_star_survives, fixture_teardown);
  gleaner_test_add ("/store-arxiv/scope/queries", Fixture, NULL,
                    fixture_setup, test_scope_queries, fixture_teardown);
  gleaner_test_add ("/store-arxiv/scope/counts", Fixture, NULL,
                    fixture_setup, test_scope_counts, fixture_teardown);
  gleaner_test_add ("/store-arxiv/scope/list", Fixture, NULL,
                    fixture_setup, test_list_scope, fixture_teardown);
  gleaner_test_add ("/store-arxiv/listings", Fixture, NULL,
                    fixture_setup, test_listings, fixture_teardown);

  gleaner_test_add_queued ();

  return g_test_run ();
}
