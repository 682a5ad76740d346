/* test-sync-trending.c — the Hugging Face trending list and the saved searches that
 * ask Hugging Face, synced against a real local server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "gleaner-hf-source.h"
#include "gleaner-store.h"
#include "gleaner-sync.h"
#include "gleaner-test-server.h"
#include "gleaner-test-sync-util.h"
#include "gleaner-test-util.h"

/* Trending */

/* The ranking in tests/fixtures/trending.json. */
static const char * const trending_ids[] = {
  "2501.00250", "2501.00010", "2501.00293", "2501.00120", "2501.00001", "2501.00175",
  "2501.00048", "2501.00201", "2501.00099", "2501.00150", "2501.00033", "2501.00260",
};

static void
assert_trending_ranks (Fixture  *f,
                       gboolean  ranked)
{
  for (guint i = 0; i < G_N_ELEMENTS (trending_ids); i++)
    g_assert_cmpint (gleaner_store_get_trending_rank (f->store, trending_ids[i], NULL), ==,
                     ranked ? (int)i : -1);

  /* On the daily pages, not trending. */
  g_assert_cmpint (gleaner_store_get_trending_rank (f->store, "2501.00002", NULL), ==, -1);
}

static void
test_trending (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GleanerSyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* Only the trending list has papers: they are stored, without a daily date, and ranked. */
  serve_empty_days (f, "");
  serve_trending (f, "trending.json", 200);

  make_sync (f, NULL);
  result = run_sync (f->sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->added, ==, G_N_ELEMENTS (trending_ids));
  g_assert_cmpuint (result->new_ids->len, ==, G_N_ELEMENTS (trending_ids));
  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, G_N_ELEMENTS (trending_ids));
  assert_stored (f, "2501.00250", NULL);
  gleaner_store_flush (f->store);
  assert_trending_ranks (f, TRUE);

  /* An empty list next time says nothing: the ranking stays. */
  g_clear_pointer (&result, gleaner_sync_result_free);
  serve_trending (f, "empty.json", 200);
  result = run_sync (f->sync, NULL, &error);
  g_assert_no_error (error);
  gleaner_store_flush (f->store);
  assert_trending_ranks (f, TRUE);
}

static void
test_trending_after_days (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GleanerSyncResult) result = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;

  /* Every trending paper is on the daily pages: stored once, keeping its day, and ranked. */
  serve_three_pages (f, "");
  serve_trending (f, "trending.json", 200);

  make_sync (f, NULL);
  result = run_sync (f->sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->added, ==, N_DISTINCT);
  g_assert_cmpuint (result->updated, ==, 0);
  g_assert_cmpuint (result->skipped, ==, 1);
  assert_stored (f, "2501.00250", DAY);
  gleaner_store_flush (f->store);
  assert_trending_ranks (f, TRUE);

  /* Asked for last, exactly once, with no paging. */
  requests = gleaner_test_server_dup_requests (f->server);
  g_assert_cmpuint (requests->len, ==, 10);
  g_assert_cmpstr (((GleanerTestRequest *)g_ptr_array_index (requests, 9))->path, ==, API);
  g_assert_cmpstr (((GleanerTestRequest *)g_ptr_array_index (requests, 9))->query, ==,
                   TRENDING_QUERY);
}

static void
test_trending_failure (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GleanerSyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *last_day = NULL;
  g_autofree char *summary = NULL;
  GleanerTestResponse *response;

  /* The trending list is rate limited: the run fails with that error (the scheduler must
   * back off), but the daily papers and the record of the days stay. */
  serve_three_pages (f, "");
  response = serve_trending (f, NULL, 429);
  gleaner_test_response_set_header (response, "Retry-After", "120");

  make_sync (f, NULL);
  result = run_sync (f->sync, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_RATE_LIMITED);
  g_assert_cmpint (gleaner_sync_get_retry_at (f->sync), >, 0);
  g_clear_error (&error);

  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, N_DISTINCT);
  last_day = gleaner_store_dup_meta (f->store, GLEANER_HF_LAST_DAY_KEY, NULL);
  g_assert_cmpstr (last_day, ==, DAY);
  gleaner_store_flush (f->store);
  assert_trending_ranks (f, FALSE);

  /* Next time: only the last two days again, then the trending list. */
  gleaner_test_server_clear_requests (f->server);
  serve_trending (f, "trending.json", 200);
  result = run_sync (f->sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->added, ==, 0);
  summary = dup_request_summary (f->server);
  g_assert_cmpstr (summary, ==, "2025-01-06:0,2025-01-07:0,2025-01-07:1,2025-01-07:2");
  g_assert_cmpint (gleaner_sync_get_retry_at (f->sync), ==, 0);
  gleaner_store_flush (f->store);
  assert_trending_ranks (f, TRUE);
}

static void
test_trending_unparsable (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GleanerSyncResult) result = NULL;

  serve_three_pages (f, "");
  serve_trending (f, "html-200.html", 200);

  make_sync (f, NULL);
  result = run_sync (f->sync, NULL, &error);
  g_assert_error (error, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_PARSE);
  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, N_DISTINCT);
}

/* Saved searches asking Hugging Face */

#define SEARCH_API "/api/papers/search"

typedef struct
{
  gboolean done;
  gint64   id;
  GError  *error;
} AddState;

static void
search_added_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AddState *state = user_data;

  state->id = gleaner_store_add_saved_search_finish (GLEANER_STORE (object), result, &state->error);
  state->done = TRUE;
}

static gint64
add_search (Fixture    *f,
            const char *name,
            const char *query)
{
  AddState state = { 0 };

  gleaner_store_add_saved_search_async (f->store, name, query, GLEANER_FILTER_ALL, NULL,
                                        search_added_cb, &state);
  gleaner_test_wait_for_flag (&state.done, WAIT_S);
  g_assert_no_error (state.error);
  g_assert_cmpint (state.id, >, 0);

  return state.id;
}

static void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  gleaner_store_write_finish (GLEANER_STORE (object), result, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

static gint64
get_hf_synced_at (Fixture *f,
                  gint64   id)
{
  g_autoptr(GleanerSavedSearch) search = NULL;
  g_autoptr(GError) error = NULL;

  search = gleaner_store_load_saved_search (f->store, id, &error);
  g_assert_no_error (error);

  return gleaner_saved_search_get_hf_synced_at (search);
}

static GleanerTestResponse *
serve_search (Fixture    *f,
              const char *query,
              const char *fixture)
{
  GleanerTestResponse *response = gleaner_test_server_add (f->server, SEARCH_API, query, 200);

  gleaner_test_response_set_fixture (response, fixture);

  return response;
}

static guint
count_requests_for_path (GleanerTestServer *server,
                         const char        *path)
{
  g_autoptr(GPtrArray) requests = gleaner_test_server_dup_requests (server);
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    if (g_strcmp0 (((GleanerTestRequest *)g_ptr_array_index (requests, i))->path, path) == 0)
      n++;

  return n;
}

static gboolean
contains_id (GPtrArray  *ids,
             const char *id)
{
  return g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL);
}

static void
test_search_shapes (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GDateTime) now = parse_time (NOW);
  g_autoptr(GleanerSyncResult) result = NULL;
  g_autoptr(GleanerPaper) flat = NULL;
  g_autoptr(GError) error = NULL;
  gint64 alpha, beta;

  serve_empty_days (f, "");
  serve_search (f, "q=alpha", "search-current.json");
  serve_search (f, "q=beta", "search-flat.json");
  alpha = add_search (f, "Alpha", "alpha");
  beta = add_search (f, "Beta", "beta");
  g_assert_cmpint (get_hf_synced_at (f, alpha), ==, 0);

  make_sync (f, NULL);
  result = run_sync (f->sync, NULL, &error);
  g_assert_no_error (error);

  /* Both shapes stored: 5 daily-style entries and 4 flat ones, no daily date. */
  g_assert_cmpuint (result->added, ==, 5 + 4);
  g_assert_cmpuint (result->skipped, ==, 0);
  for (guint i = 1; i <= 5; i++)
    {
      g_autofree char *id = g_strdup_printf ("2501.%05u", 100 + i);

      assert_stored (f, id, NULL);
    }
  for (guint i = 1; i <= 4; i++)
    {
      g_autofree char *id = g_strdup_printf ("2501.%05u", 200 + i);

      assert_stored (f, id, NULL);
    }
  flat = gleaner_store_load_paper (f->store, "2501.00201", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gleaner_paper_get_thumbnail (flat), ==,
                   "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2501.00201.png");

  /* First searches prime: old papers, not news. */
  g_assert_cmpuint (result->new_ids->len, ==, 0);

  gleaner_store_flush (f->store);
  g_assert_cmpint (get_hf_synced_at (f, alpha), ==, g_date_time_to_unix (now));
  g_assert_cmpint (get_hf_synced_at (f, beta), ==, g_date_time_to_unix (now));
  g_assert_cmpuint (count_requests_for_path (f->server, SEARCH_API), ==, 2);
}

static void
test_search_priming (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GleanerSyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 alpha;

  serve_empty_days (f, "");
  serve_search (f, "q=alpha", "search-current.json");
  alpha = add_search (f, "Alpha", "alpha");

  make_sync (f, NULL);
  result = run_sync (f->sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->added, ==, 5);
  g_assert_cmpuint (result->new_ids->len, ==, 0);
  g_clear_pointer (&result, gleaner_sync_result_free);
  gleaner_store_flush (f->store);
  g_assert_cmpint (get_hf_synced_at (f, alpha), >, 0);

  /* Later: what the old search finds now is news; a search added meanwhile primes again. */
  serve_search (f, "q=alpha", "trending.json");
  add_search (f, "Beta", "beta");
  serve_search (f, "q=beta", "search-flat.json");

  result = run_sync (f->sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->added, ==, G_N_ELEMENTS (trending_ids) + 4 - 1);   /* 2501.00201 twice */
  g_assert_cmpuint (result->new_ids->len, ==, G_N_ELEMENTS (trending_ids));
  for (guint i = 0; i < G_N_ELEMENTS (trending_ids); i++)
    g_assert_true (contains_id (result->new_ids, trending_ids[i]));
  g_assert_false (contains_id (result->new_ids, "2501.00202"));
  g_assert_false (contains_id (result->new_ids, "2501.00101"));
}

static void
test_search_escaping (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GleanerSyncResult) result = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  const GleanerTestRequest *request = NULL;
  gboolean done = FALSE;
  gint64 off;

  serve_empty_days (f, "/mirror");
  gleaner_test_response_set_fixture (gleaner_test_server_add (f->server, "/mirror" SEARCH_API,
                                                              NULL, 200),
                                     "empty.json");
  add_search (f, "Hostile", "  a&b=c #?\"  ");
  off = add_search (f, "Local only", "local");
  gleaner_store_set_saved_search_ask_hf_async (f->store, off, FALSE, NULL, write_done_cb, &done);
  gleaner_test_wait_for_flag (&done, WAIT_S);

  {
    g_autofree char *base = g_strconcat (gleaner_test_server_get_url (f->server), "/mirror", NULL);

    make_sync (f, base);
  }
  result = run_sync (f->sync, NULL, &error);
  g_assert_no_error (error);

  /* One search (not the one that does not ask Hugging Face), trimmed and escaped whole: the
   * server sees one q parameter and no fragment. */
  requests = gleaner_test_server_dup_requests (f->server);
  for (guint i = 0; i < requests->len; i++)
    if (g_strcmp0 (((GleanerTestRequest *)g_ptr_array_index (requests, i))->path,
                   "/mirror" SEARCH_API) == 0)
      {
        g_assert_null (request);
        request = g_ptr_array_index (requests, i);
      }
  g_assert_nonnull (request);
  g_assert_cmpstr (request->query, ==, "q=a%26b%3Dc%20%23%3F%22&limit=50");

  {
    g_autofree char *q = dup_query_param (request, "q");

    g_assert_cmpstr (q, ==, "a&b=c #?\"");
  }
}

static void
test_search_failure (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GleanerSyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 alpha;

  /* A failing search fails the run and keeps its hf-synced-at (it primes next time). */
  serve_three_pages (f, "");
  gleaner_test_server_add (f->server, SEARCH_API, NULL, 500);
  alpha = add_search (f, "Alpha", "alpha");

  make_sync (f, NULL);
  result = run_sync (f->sync, NULL, &error);
  g_assert_error (error, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_HTTP);
  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, N_DISTINCT);
  gleaner_store_flush (f->store);
  g_assert_cmpint (get_hf_synced_at (f, alpha), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  gleaner_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/sync/trending/stored-and-ranked", test_trending);
  ADD ("/sync/trending/after-days", test_trending_after_days);
  ADD ("/sync/trending/failure-keeps-days", test_trending_failure);
  ADD ("/sync/trending/unparsable", test_trending_unparsable);
  ADD ("/sync/search/both-shapes", test_search_shapes);
  ADD ("/sync/search/priming", test_search_priming);
  ADD ("/sync/search/escaping", test_search_escaping);
  ADD ("/sync/search/failure", test_search_failure);

#undef ADD

  gleaner_test_add_queued ();

  return g_test_run ();
}
