/* test-arxiv-sync.c — the arXiv source, its politeness and `gleaner --sync` with it, against
 * a real local server serving feeds generated here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <libsoup/soup.h>
#include <string.h>
#include <sys/socket.h>

#include "gleaner-arxiv-source.h"
#include "gleaner-hf-source.h"
#include "gleaner-store.h"
#include "gleaner-sync.h"
#include "gleaner-test-feeds.h"
#include "gleaner-test-server.h"
#include "gleaner-test-util.h"

#define NOW          "2025-01-07T17:00:00Z"
#define API          "/api/query"
#define WAIT_S       60
/* Short spacing for the tests (GLEANER_ARXIV_INTERVAL_MS); one test uses arXiv's 3 s. */
#define INTERVAL_MS  200

typedef struct
{
  char              *tmpdir;
  GleanerStore      *store;
  GleanerTestServer *server;
  GleanerSync       *sync;
  GleanerArxivSource *source;
} Fixture;

typedef struct
{
  gboolean           done;
  GleanerSyncResult *result;
  GError            *error;
} RunState;

/* Helpers */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  g_setenv ("GLEANER_ARXIV_INTERVAL_MS", G_STRINGIFY (INTERVAL_MS), TRUE);

  f->tmpdir = g_dir_make_tmp ("gleaner-test-arxiv-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->tmpdir, "gleaner.db", NULL);
  f->store = gleaner_store_new (path, &error);
  g_assert_no_error (error);
  f->server = gleaner_test_server_new ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->sync);
  g_clear_object (&f->source);
  if (f->store != NULL)
    gleaner_store_flush (f->store);
  g_clear_object (&f->store);
  g_clear_pointer (&f->server, gleaner_test_server_free);
  gleaner_test_remove_tree (f->tmpdir);
  g_clear_pointer (&f->tmpdir, g_free);
}

static GleanerSync *
make_sync (Fixture            *f,
           const char         *rss_url,
           const char * const *categories,
           guint               backfill_days)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (NOW, NULL);
  g_autofree char *api_url = g_strconcat (gleaner_test_server_get_url (f->server), API, NULL);

  g_clear_object (&f->sync);
  g_clear_object (&f->source);
  f->source = gleaner_arxiv_source_new (rss_url ? rss_url : gleaner_test_server_get_url (f->server),
                                        api_url);
  gleaner_arxiv_source_set_categories (f->source, categories);
  gleaner_arxiv_source_set_backfill_days (f->source, backfill_days);
  f->sync = gleaner_sync_new (f->store);
  gleaner_sync_add_source (f->sync, GLEANER_SOURCE (f->source));
  gleaner_sync_set_now (f->sync, now);

  return f->sync;
}

static void
set_now (Fixture *f,
         gint64   seconds_after)
{
  g_autoptr(GDateTime) base = g_date_time_new_from_iso8601 (NOW, NULL);
  g_autoptr(GDateTime) now = g_date_time_add_seconds (base, (gdouble)seconds_after);

  gleaner_sync_set_now (f->sync, now);
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  RunState *state = user_data;

  state->result = gleaner_sync_run_finish (GLEANER_SYNC (object), result, &state->error);
  state->done = TRUE;
}

static GleanerSyncResult *
run_sync (GleanerSync  *sync,
          GError      **error)
{
  RunState state = { 0 };

  gleaner_sync_run_async (sync, NULL, run_done_cb, &state);
  gleaner_test_wait_for_flag (&state.done, WAIT_S);
  g_assert_true ((state.result == NULL) != (state.error == NULL));
  if (state.error != NULL)
    g_propagate_error (error, state.error);

  return state.result;
}

static GleanerPaper *
load (Fixture    *f,
      const char *id)
{
  g_autoptr(GError) error = NULL;
  GleanerPaper *paper;

  gleaner_store_flush (f->store);
  paper = gleaner_store_load_paper (f->store, id, &error);
  if (paper == NULL)
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  return paper;
}

static char *
dup_param (const GleanerTestRequest *request,
           const char               *name)
{
  g_autoptr(GHashTable) params = NULL;

  if (request->query == NULL)
    return NULL;
  params = g_uri_parse_params (request->query, -1, "&", G_URI_PARAMS_NONE, NULL);

  return params != NULL ? g_strdup (g_hash_table_lookup (params, name)) : NULL;
}

/* Listings */

static void
test_listing_stored (Fixture       *f,
                     gconstpointer  data)
{
  const char * const categories[] = { "cs.LG", "hep-th", NULL };
  g_autoptr(GleanerSyncResult) result = NULL;
  g_autoptr(GleanerSyncResult) again = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GleanerPaper) paper = NULL;
  g_autoptr(GleanerPaper) replaced = NULL;
  g_autoptr(GError) error = NULL;
  const GleanerTestRequest *request;
  const Entry update[] = { { "2501.00001", "replace", "Gradient Descent Revisited Again" } };

  gleaner_test_serve_xml (f->server, "/atom/cs.LG+hep-th", NULL, 200,
             gleaner_test_make_listing (gleaner_test_listing_entries, G_N_ELEMENTS (gleaner_test_listing_entries)));

  make_sync (f, NULL, categories, 0);
  result = run_sync (f->sync, &error);
  g_assert_no_error (error);

  /* New and cross entries land and are news; a replacement lands too, but is not news. */
  g_assert_cmpuint (result->added, ==, 3);
  g_assert_cmpuint (result->updated, ==, 1);
  g_assert_cmpuint (result->new_ids->len, ==, 3);
  g_assert_false (g_ptr_array_find_with_equal_func (result->new_ids, "2412.09999", g_str_equal, NULL));
  paper = load (f, "2501.00003");
  g_assert_nonnull (paper);
  g_assert_cmpstr (gleaner_paper_get_title (paper), ==, "Quantum Kernels");
  g_assert_cmpstrv (gleaner_paper_get_categories (paper), ((const char * const[]) { "cs.LG", NULL }));
  replaced = load (f, "2412.09999");
  g_assert_nonnull (replaced);
  g_clear_object (&replaced);

  requests = gleaner_test_server_dup_requests (f->server);
  g_assert_cmpuint (requests->len, ==, 1);
  request = g_ptr_array_index (requests, 0);
  g_assert_cmpstr (request->path, ==, "/atom/cs.LG+hep-th");
  g_assert_true (g_str_has_prefix (request->user_agent, "Gleaner/" PACKAGE_VERSION));
  g_assert_nonnull (strstr (request->user_agent, "https://github.com/gleaner/gleaner"));
  g_assert_null (request->if_none_match);

  /* The next day a replacement updates the stored paper without making it new. */
  gleaner_test_server_clear_responses (f->server);
  gleaner_test_serve_xml (f->server, "/atom/cs.LG+hep-th", NULL, 200, gleaner_test_make_listing (update, 1));
  set_now (f, 86400);
  again = run_sync (f->sync, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->added, ==, 0);
  g_assert_cmpuint (again->updated, ==, 1);
  g_assert_cmpuint (again->new_ids->len, ==, 0);
  replaced = load (f, "2501.00001");
  g_assert_cmpstr (gleaner_paper_get_title (replaced), ==, "Gradient Descent Revisited Again");
}

static void
test_listing_mirror_prefix_and_batches (Fixture       *f,
                                        gconstpointer  data)
{
  const char * const categories[] = { "cs.LG", "cs.CL", "cs.CV", "stat.ML", "hep-th", "cs.LG", NULL };
  g_autofree char *rss_url = g_strconcat (gleaner_test_server_get_url (f->server), "/mirror/", NULL);
  g_autoptr(GleanerSyncResult) result = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;

  gleaner_test_serve_xml (f->server, "/mirror/atom/cs.LG+cs.CL+cs.CV+stat.ML", NULL, 200,
             gleaner_test_make_listing (gleaner_test_listing_entries, 2));
  gleaner_test_serve_xml (f->server, "/mirror/atom/hep-th", NULL, 200, gleaner_test_make_listing (NULL, 0));

  make_sync (f, rss_url, categories, 0);
  result = run_sync (f->sync, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->added, ==, 2);

  /* Four categories a request, the duplicate dropped, the prefix kept; the empty feed (a
   * weekend) is no error. */
  requests = gleaner_test_server_dup_requests (f->server);
  g_assert_cmpuint (requests->len, ==, 2);
  g_assert_cmpstr (((GleanerTestRequest *)g_ptr_array_index (requests, 0))->path, ==,
                   "/mirror/atom/cs.LG+cs.CL+cs.CV+stat.ML");
  g_assert_cmpstr (((GleanerTestRequest *)g_ptr_array_index (requests, 1))->path, ==,
                   "/mirror/atom/hep-th");
}

static void
test_listing_etag_max_age (Fixture       *f,
                           gconstpointer  data)
{
  const char * const categories[] = { "cs.LG", NULL };
  g_autoptr(GleanerSyncResult) first = NULL;
  g_autoptr(GleanerSyncResult) fresh = NULL;
  g_autoptr(GleanerSyncResult) stale = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  GleanerTestResponse *response;

  response = gleaner_test_serve_xml (f->server, "/atom/cs.LG", NULL, 200,
                        gleaner_test_make_listing (gleaner_test_listing_entries, G_N_ELEMENTS (gleaner_test_listing_entries)));
  gleaner_test_response_set_header (response, "ETag", "5f1e0c");
  gleaner_test_response_set_header (response, "Cache-Control", "max-age=3600");

  make_sync (f, NULL, categories, 0);
  first = run_sync (f->sync, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->added, ==, 3);
  g_assert_cmpuint (gleaner_test_server_get_n_requests (f->server), ==, 1);

  /* Within max-age: not asked again. */
  set_now (f, 1800);
  fresh = run_sync (f->sync, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fresh->added, ==, 0);
  g_assert_cmpuint (gleaner_test_server_get_n_requests (f->server), ==, 1);

  /* After it: asked with If-None-Match, and 304 means nothing new, not an error. */
  gleaner_test_server_clear_responses (f->server);
  gleaner_test_server_add (f->server, "/atom/cs.LG", NULL, 304);
  set_now (f, 7200);
  stale = run_sync (f->sync, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stale->added + stale->updated, ==, 0);

  requests = gleaner_test_server_dup_requests (f->server);
  g_assert_cmpuint (requests->len, ==, 2);
  g_assert_cmpstr (((GleanerTestRequest *)g_ptr_array_index (requests, 1))->if_none_match, ==,
                   "5f1e0c");
}


static void
test_listing_cap_split (Fixture       *f,
                        gconstpointer  data)
{
  const char * const categories[] = { "cs.LG", "cs.CV", "cs.AI", NULL };
  g_autoptr(GleanerSyncResult) result = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GArray) full = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  /* A feed cut off at arXiv's 2,000 items: asked again in halves, whose papers land. */
  for (guint i = 0; i < 2000; i++)
    {
      Entry entry = { NULL, "new", "A Paper Among Many" };

      g_ptr_array_add (ids, g_strdup_printf ("2501.1%04u", i));
      entry.id = g_ptr_array_index (ids, i);
      g_array_append_val (full, entry);
    }
  gleaner_test_serve_xml (f->server, "/atom/cs.LG+cs.CV+cs.AI", NULL, 200,
             gleaner_test_make_listing ((Entry *)(void *)full->data, full->len));
  gleaner_test_serve_xml (f->server, "/atom/cs.LG+cs.CV", NULL, 200, gleaner_test_make_listing (gleaner_test_listing_entries, 2));
  gleaner_test_serve_xml (f->server, "/atom/cs.AI", NULL, 200, gleaner_test_make_listing (gleaner_test_listing_entries + 2, 1));

  make_sync (f, NULL, categories, 0);
  result = run_sync (f->sync, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->added, ==, 3);

  requests = gleaner_test_server_dup_requests (f->server);
  g_assert_cmpuint (requests->len, ==, 3);
  g_assert_cmpstr (((GleanerTestRequest *)g_ptr_array_index (requests, 1))->path, ==, "/atom/cs.LG+cs.CV");
  g_assert_cmpstr (((GleanerTestRequest *)g_ptr_array_index (requests, 2))->path, ==, "/atom/cs.AI");
}

/* Backfill */

static void
test_backfill_paging (Fixture       *f,
                      gconstpointer  data)
{
  const char * const categories[] = { "cs.LG", NULL };
  const Entry page0[] = { { "2501.00101", NULL, "Backfilled One" }, { "2501.00102", NULL, "Backfilled Two" } };
  const Entry page1[] = { { "2501.00103", NULL, "Backfilled Three" } };
  const Entry page2[] = { { "2501.00104", NULL, "Backfilled Four" } };
  g_autoptr(GleanerSyncResult) result = NULL;
  g_autoptr(GleanerSyncResult) again = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *search = NULL;
  g_autofree char *sort_by = NULL;
  g_autofree char *sort_order = NULL;
  g_autofree char *backfilled = NULL;

  gleaner_test_serve_xml (f->server, "/atom/cs.LG", NULL, 200, gleaner_test_make_listing (NULL, 0));
  gleaner_test_serve_xml (f->server, API, "start=0", 200, gleaner_test_make_api_page (page0, 2, 450));
  gleaner_test_serve_xml (f->server, API, "start=200", 200, gleaner_test_make_api_page (page1, 1, 450));
  gleaner_test_serve_xml (f->server, API, "start=400", 200, gleaner_test_make_api_page (page2, 1, 450));

  make_sync (f, NULL, categories, 3);
  result = run_sync (f->sync, &error);
  g_assert_no_error (error);

  /* Old papers: stored and counted, but not news. */
  g_assert_cmpuint (result->added, ==, 4);
  g_assert_cmpuint (result->new_ids->len, ==, 0);

  requests = gleaner_test_server_dup_requests (f->server);
  g_assert_cmpuint (requests->len, ==, 4);   /* the listing, then three pages up to 450 */
  search = dup_param (g_ptr_array_index (requests, 1), "search_query");
  g_assert_cmpstr (search, ==, "cat:cs.LG AND submittedDate:[202501050000 TO 202501072359]");
  sort_by = dup_param (g_ptr_array_index (requests, 1), "sortBy");
  sort_order = dup_param (g_ptr_array_index (requests, 1), "sortOrder");
  g_assert_cmpstr (sort_by, ==, "submittedDate");
  g_assert_cmpstr (sort_order, ==, "descending");

  backfilled = gleaner_store_dup_meta (f->store, GLEANER_ARXIV_BACKFILLED_KEY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (backfilled, ==, "cs.LG");

  /* Backfilled once: the next sync reads the listing only. */
  gleaner_test_server_clear_requests (f->server);
  set_now (f, 86400);
  again = run_sync (f->sync, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gleaner_test_server_get_n_requests (f->server), ==, 1);
}

static void
test_backfill_empty_page_retried (Fixture       *f,
                                  gconstpointer  data)
{
  const char * const categories[] = { "cs.LG", NULL };
  const Entry page0[] = { { "2501.00101", NULL, "Backfilled One" } };
  g_autoptr(GleanerSyncResult) result = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *backfilled = NULL;
  guint n_second_page = 0;

  gleaner_test_serve_xml (f->server, "/atom/cs.LG", NULL, 200, gleaner_test_make_listing (NULL, 0));
  gleaner_test_serve_xml (f->server, API, "start=0", 200, gleaner_test_make_api_page (page0, 1, 900));
  gleaner_test_serve_xml (f->server, API, "start=200", 200, gleaner_test_make_api_page (NULL, 0, 900));

  make_sync (f, NULL, categories, 7);
  result = run_sync (f->sync, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->added, ==, 1);

  /* The empty page in the middle is asked twice, then the backfill ends without error. */
  requests = gleaner_test_server_dup_requests (f->server);
  for (guint i = 0; i < requests->len; i++)
    {
      g_autofree char *start = dup_param (g_ptr_array_index (requests, i), "start");

      if (g_strcmp0 (start, "200") == 0)
        n_second_page++;
      g_assert_cmpstr (start, !=, "400");
    }
  g_assert_cmpuint (n_second_page, ==, 2);

  backfilled = gleaner_store_dup_meta (f->store, GLEANER_ARXIV_BACKFILLED_KEY, &error);
  g_assert_cmpstr (backfilled, ==, "cs.LG");
}

/* Bad answers */

static void
assert_sync_fails (Fixture      *f,
                   GQuark        domain,
                   int           code,
                   const char   *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GleanerSyncResult) result = run_sync (f->sync, &error);

  g_assert_null (result);
  g_assert_error (error, domain, code);
  g_test_message ("%s", error->message);
  if (needle != NULL)
    g_assert_nonnull (strstr (error->message, needle));
}

static void
test_rate_limited (Fixture       *f,
                   gconstpointer  data)
{
  const char * const categories[] = { "cs.LG", NULL };
  guint status = GPOINTER_TO_UINT (data);
  g_autoptr(GleanerSync) other = NULL;
  g_autoptr(GleanerArxivSource) other_source = NULL;
  g_autofree char *expected = NULL;
  GleanerTestResponse *response;

  response = gleaner_test_server_add (f->server, "/atom/cs.LG", NULL, status);
  gleaner_test_response_set_header (response, "Retry-After", "120");

  make_sync (f, NULL, categories, 0);
  expected = g_strdup_printf ("%s asks to wait 120 s", gleaner_test_server_get_host (f->server));
  assert_sync_fails (f, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_RATE_LIMITED, expected);
  g_assert_cmpint (gleaner_sync_get_retry_at (f->sync), >, 0);

  /* Another process (its own fetcher, the same database folder) keeps away too: it fails at
   * once, without asking. */
  other = gleaner_sync_new (f->store);
  other_source = gleaner_arxiv_source_new (gleaner_test_server_get_url (f->server), NULL);
  gleaner_arxiv_source_set_categories (other_source, categories);
  gleaner_arxiv_source_set_backfill_days (other_source, 0);
  gleaner_sync_add_source (other, GLEANER_SOURCE (other_source));
  g_clear_object (&f->sync);
  f->sync = g_steal_pointer (&other);
  assert_sync_fails (f, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_RATE_LIMITED, "asked Gleaner to wait");
  g_assert_cmpint (gleaner_sync_get_retry_at (f->sync), >, 0);
  g_assert_cmpuint (gleaner_test_server_get_n_requests (f->server), ==, 1);
}

static void
test_html_200 (Fixture       *f,
               gconstpointer  data)
{
  const char * const categories[] = { "cs.LG", NULL };
  g_autofree char *expected = NULL;
  GleanerTestResponse *response;

  response = gleaner_test_server_add (f->server, "/atom/cs.LG", NULL, 200);
  gleaner_test_response_set_body (response, "text/html",
                                  "<!DOCTYPE html><html><body><h1>Maintenance</h1></body></html>", -1);

  make_sync (f, NULL, categories, 0);
  expected = g_strdup_printf ("%s sent an unexpected response", gleaner_test_server_get_host (f->server));
  assert_sync_fails (f, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_PARSE, expected);
}

static void
test_unknown_category (Fixture       *f,
                       gconstpointer  data)
{
  const char * const categories[] = { "cs.LG", "xx.NOPE", NULL };
  g_autoptr(GleanerPaper) paper = NULL;
  GleanerTestResponse *response;

  response = gleaner_test_server_add (f->server, "/atom/cs.LG+xx.NOPE", NULL, 400);
  gleaner_test_response_set_body (response, "text/plain", "Bad Request", -1);
  gleaner_test_serve_xml (f->server, "/atom/cs.LG", NULL, 200, gleaner_test_make_listing (gleaner_test_listing_entries, 2));
  gleaner_test_server_add (f->server, "/atom/xx.NOPE", NULL, 400);

  /* The good category lands; the run fails naming the unknown one. */
  make_sync (f, NULL, categories, 0);
  assert_sync_fails (f, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_HTTP, "“xx.NOPE”");
  paper = load (f, "2501.00001");
  g_assert_nonnull (paper);
}

static void
keep_result_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_api_error_feed (Fixture       *f,
                     gconstpointer  data)
{
  const char * const ids[] = { "abc", NULL };
  g_autoptr(GleanerArxivSource) source = NULL;
  g_autoptr(GleanerFetcher) fetcher = gleaner_fetcher_new ();
  g_autofree char *api_url = g_strconcat (gleaner_test_server_get_url (f->server), API, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GleanerTestResponse *response;
  gint64 updated;

  response = gleaner_test_server_add (f->server, API, "id_list=abc", 400);
  gleaner_test_response_set_body (response, "application/atom+xml", gleaner_test_error_feed, -1);

  source = gleaner_arxiv_source_new (NULL, api_url);
  gleaner_arxiv_source_complete_async (source, fetcher, f->store, ids, NULL,
                                       keep_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  updated = gleaner_arxiv_source_complete_finish (source, result, &error);
  g_assert_cmpint (updated, ==, -1);
  g_assert_error (error, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_HTTP);
  g_assert_nonnull (strstr (error->message, "incorrect id format for abc"));
}

static void
test_complete (Fixture       *f,
               gconstpointer  data)
{
  const char * const ids[] = { "2501.00101", "2501.00101", NULL };
  const Entry entry[] = { { "2501.00101", NULL, "Completed" } };
  g_autoptr(GleanerArxivSource) source = NULL;
  g_autoptr(GleanerFetcher) fetcher = gleaner_fetcher_new ();
  g_autofree char *api_url = g_strconcat (gleaner_test_server_get_url (f->server), API, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GleanerPaper) paper = NULL;
  g_autoptr(GError) error = NULL;

  gleaner_test_serve_xml (f->server, API, "id_list=2501.00101", 200, gleaner_test_make_api_page (entry, 1, 1));

  source = gleaner_arxiv_source_new (NULL, api_url);
  gleaner_arxiv_source_complete_async (source, fetcher, f->store, ids, NULL,
                                       keep_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpint (gleaner_arxiv_source_complete_finish (source, result, &error), ==, 1);
  g_assert_no_error (error);
  paper = load (f, "2501.00101");
  g_assert_cmpstr (gleaner_paper_get_title (paper), ==, "Completed");
  g_assert_cmpstr (gleaner_paper_get_comments (paper), ==, "12 pages");
  g_assert_cmpstr (gleaner_paper_get_primary_category (paper), ==, "cs.LG");
  requests = gleaner_test_server_dup_requests (f->server);
  g_assert_cmpuint (requests->len, ==, 1);
}

static void
starred_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (gleaner_store_set_state_finish (GLEANER_STORE (object), result, NULL));
  *done = TRUE;
}

/* A broken answer loses nothing stored: the star stays, the paper stays. */
static void
test_broken_keeps_store (Fixture       *f,
                         gconstpointer  data)
{
  const char * const categories[] = { "cs.LG", NULL };
  GleanerTestFault fault = GPOINTER_TO_UINT (data);
  g_autoptr(GleanerSyncResult) first = NULL;
  g_autoptr(GleanerPaper) paper = NULL;
  g_autoptr(GError) error = NULL;
  GleanerTestResponse *response;
  gboolean done = FALSE;

  gleaner_test_serve_xml (f->server, "/atom/cs.LG", NULL, 200,
             gleaner_test_make_listing (gleaner_test_listing_entries, G_N_ELEMENTS (gleaner_test_listing_entries)));
  make_sync (f, NULL, categories, 0);
  first = run_sync (f->sync, &error);
  g_assert_no_error (error);
  gleaner_store_set_starred_async (f->store, "2501.00001", TRUE, NULL, starred_cb, &done);
  gleaner_test_wait_for_flag (&done, WAIT_S);

  /* The next day's feed breaks off halfway (or is not XML at all). */
  gleaner_test_server_clear_responses (f->server);
  response = gleaner_test_serve_xml (f->server, "/atom/cs.LG", NULL, 200,
                        fault != GLEANER_TEST_FAULT_NONE
                        ? gleaner_test_make_listing (gleaner_test_listing_entries, G_N_ELEMENTS (gleaner_test_listing_entries))
                        : g_strdup ("<?xml version='1.0'?><feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>"));
  if (fault != GLEANER_TEST_FAULT_NONE)
    gleaner_test_response_set_fault (response, fault, 0);
  make_sync (f, fault != GLEANER_TEST_FAULT_NONE ? gleaner_test_server_get_raw_url (f->server) : NULL,
             categories, 0);
  set_now (f, 86400);
  assert_sync_fails (f, GLEANER_SYNC_ERROR,
                     fault != GLEANER_TEST_FAULT_NONE ? GLEANER_SYNC_ERROR_NETWORK
                                                      : GLEANER_SYNC_ERROR_PARSE,
                     NULL);

  paper = load (f, "2501.00001");
  g_assert_nonnull (paper);
  g_assert_true (gleaner_paper_get_starred (paper));
  g_assert_cmpstr (gleaner_paper_get_title (paper), ==, "Gradient Descent Revisited");
}

static gboolean
reset_connection_cb (GThreadedSocketService *service,
                     GSocketConnection      *connection,
                     GObject                *source_object,
                     gpointer                user_data)
{
  GSocket *socket = g_socket_connection_get_socket (connection);
  char buf[1024];

  /* Read the request, then drop the connection without a word. */
  struct linger linger = { 1, 0 };

  g_socket_receive (socket, buf, sizeof buf, NULL, NULL);
  /* An RST, not an orderly close. */
  setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
  g_socket_close (socket, NULL);

  return TRUE;
}

static void
test_connection_reset (Fixture       *f,
                       gconstpointer  data)
{
  const char * const categories[] = { "cs.LG", NULL };
  g_autoptr(GSocketService) service = g_threaded_socket_service_new (1);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  guint16 port;

  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "run", G_CALLBACK (reset_connection_cb), NULL);
  g_socket_service_start (service);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);

  make_sync (f, url, categories, 0);
  assert_sync_fails (f, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_NETWORK, "127.0.0.1");
  g_socket_service_stop (service);
}

/* Politeness */

static void
test_spacing_two_fetchers (Fixture       *f,
                           gconstpointer  data)
{
  const char * const categories[] = { "a.A", "b.B", "c.C", "d.D", "e.E", "f.F", "g.G", "h.H",
                                      "i.I", NULL };
  guint interval_ms = GPOINTER_TO_UINT (data);
  g_autoptr(GleanerSync) other = NULL;
  g_autoptr(GleanerArxivSource) other_source = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (NOW, NULL);
  g_autofree char *interval = g_strdup_printf ("%u", interval_ms);
  RunState states[2] = { { 0 } };

  g_setenv ("GLEANER_ARXIV_INTERVAL_MS", interval, TRUE);
  gleaner_test_serve_xml (f->server, "/atom/a.A+b.B+c.C+d.D", NULL, 200, gleaner_test_make_listing (NULL, 0));
  gleaner_test_serve_xml (f->server, "/atom/e.E+f.F+g.G+h.H", NULL, 200, gleaner_test_make_listing (NULL, 0));
  gleaner_test_serve_xml (f->server, "/atom/i.I", NULL, 200, gleaner_test_make_listing (NULL, 0));
  gleaner_test_serve_xml (f->server, "/atom/h.H+i.I", NULL, 200, gleaner_test_make_listing (NULL, 0));

  /* Two syncs with fetchers of their own, as two processes would be; one lock file. */
  make_sync (f, NULL, interval_ms >= 1000 ? categories + 7 : categories, 0);
  other = gleaner_sync_new (f->store);
  other_source = gleaner_arxiv_source_new (gleaner_test_server_get_url (f->server), NULL);
  gleaner_arxiv_source_set_categories (other_source,
                                       interval_ms >= 1000 ? categories + 7 : categories);
  gleaner_arxiv_source_set_backfill_days (other_source, 0);
  gleaner_sync_add_source (other, GLEANER_SOURCE (other_source));
  gleaner_sync_set_now (other, now);

  gleaner_sync_run_async (f->sync, NULL, run_done_cb, &states[0]);
  gleaner_sync_run_async (other, NULL, run_done_cb, &states[1]);
  gleaner_test_wait_for_flag (&states[0].done, WAIT_S);
  gleaner_test_wait_for_flag (&states[1].done, WAIT_S);

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_assert_no_error (states[i].error);
      gleaner_sync_result_free (states[i].result);
    }

  requests = gleaner_test_server_dup_requests (f->server);
  g_assert_cmpuint (requests->len, ==, interval_ms >= 1000 ? 2 : 6);
  g_assert_cmpuint (gleaner_test_server_get_max_concurrent (f->server), ==, 1);
  gleaner_test_assert_spacing (requests, interval_ms);
}


int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  gleaner_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
#define ADD_DATA(path, data, func) \
  gleaner_test_add (path, Fixture, GUINT_TO_POINTER (data), fixture_setup, func, fixture_teardown)

  ADD ("/arxiv/listing/stored", test_listing_stored);
  ADD ("/arxiv/listing/mirror-and-batches", test_listing_mirror_prefix_and_batches);
  ADD ("/arxiv/listing/etag-max-age", test_listing_etag_max_age);
  ADD ("/arxiv/listing/cap-split", test_listing_cap_split);
  ADD ("/arxiv/backfill/paging", test_backfill_paging);
  ADD ("/arxiv/backfill/empty-page-retried", test_backfill_empty_page_retried);
  ADD ("/arxiv/complete/id-list", test_complete);
  ADD_DATA ("/arxiv/error/429-retry-after", 429, test_rate_limited);
  ADD_DATA ("/arxiv/error/503-retry-after", 503, test_rate_limited);
  ADD ("/arxiv/error/html-200", test_html_200);
  ADD ("/arxiv/error/unknown-category", test_unknown_category);
  ADD ("/arxiv/error/api-error-feed-400", test_api_error_feed);
  ADD_DATA ("/arxiv/error/truncated-keeps-store", GLEANER_TEST_FAULT_TRUNCATE, test_broken_keeps_store);
  ADD_DATA ("/arxiv/error/malformed-keeps-store", GLEANER_TEST_FAULT_NONE, test_broken_keeps_store);
  ADD ("/arxiv/error/connection-reset", test_connection_reset);
  ADD_DATA ("/arxiv/polite/two-fetchers", INTERVAL_MS, test_spacing_two_fetchers);
  ADD_DATA ("/arxiv/polite/two-fetchers-3s", 3000, test_spacing_two_fetchers);

#undef ADD
#undef ADD_DATA

  gleaner_test_add_queued ();

  return g_test_run ();
}
