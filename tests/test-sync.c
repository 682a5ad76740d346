/* test-sync.c — GleanerSync and the Hugging Face source against a real local server:
 * paging and storing, which days a run fetches, pages fetched while the store writes,
 * and the fetcher's politeness (one request per host, a host's interval). Failures and
 * cancellation are in test-sync-errors.c, trending and saved searches in
 * test-sync-trending.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "gleaner-hf-source.h"
#include "gleaner-net.h"
#include "gleaner-store.h"
#include "gleaner-sync.h"
#include "gleaner-test-server.h"
#include "gleaner-test-sync-util.h"
#include "gleaner-test-util.h"

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* Paging and storing */

static void
test_paging (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GleanerSyncResult) result = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *last_day = NULL;
  guint running_notifies = 0;

  serve_three_pages (f, "");
  make_sync (f, NULL);
  g_signal_connect (f->sync, "notify::running", G_CALLBACK (count_notify_cb), &running_notifies);

  result = run_sync (f->sync, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (result->added, ==, N_DISTINCT);
  g_assert_cmpuint (result->updated, ==, 0);
  g_assert_cmpuint (result->skipped, ==, 1);
  g_assert_cmpuint (result->new_ids->len, ==, N_DISTINCT);
  g_assert_cmpuint (running_notifies, ==, 2);

  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, N_DISTINCT);
  assert_stored (f, "2501.00001", DAY);
  assert_stored (f, "2501.00048", DAY);
  assert_stored (f, "2501.00150", DAY);
  assert_stored (f, "2501.00293", DAY);

  /* Seven days, oldest first; the fixtures' day walked through its three pages. */
  summary = dup_request_summary (f->server);
  g_assert_cmpstr (summary, ==,
                   "2025-01-01:0,2025-01-02:0,2025-01-03:0,2025-01-04:0,2025-01-05:0,"
                   "2025-01-06:0,2025-01-07:0,2025-01-07:1,2025-01-07:2");

  /* Then one page of the trending list. */
  requests = gleaner_test_server_dup_requests (f->server);
  g_assert_cmpuint (requests->len, ==, 10);
  g_assert_cmpstr (((GleanerTestRequest *)g_ptr_array_index (requests, 9))->query, ==,
                   "sort=trending&limit=100");
  for (guint i = 0; i < requests->len; i++)
    {
      const GleanerTestRequest *request = g_ptr_array_index (requests, i);
      g_autofree char *limit = dup_query_param (request, "limit");

      g_assert_cmpstr (request->method, ==, "GET");
      g_assert_cmpstr (request->path, ==, API);
      g_assert_cmpstr (request->user_agent, ==, USER_AGENT);
      g_assert_cmpstr (limit, ==, "100");
    }

  last_day = gleaner_store_dup_meta (f->store, GLEANER_HF_LAST_DAY_KEY, NULL);
  g_assert_cmpstr (last_day, ==, DAY);
  g_assert_cmpint (gleaner_sync_get_retry_at (f->sync), ==, 0);
}

static void
test_mirror_prefix (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GleanerSyncResult) result = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = g_strconcat (gleaner_test_server_get_url (f->server), "/mirror/", NULL);
  GleanerTestResponse *response;

  serve_empty_days (f, "/mirror");
  serve_page (f, "/mirror", 0, "daily-papers-p0.json", FALSE);
  /* A next link to another host and path: only its p= and limit= may count. */
  response = serve_page (f, "/mirror", 1, "daily-papers-p1.json", TRUE);
  gleaner_test_response_set_header (response, "Link",
                                    "<http://elsewhere.invalid:9/other/path?p=2&limit=100&date=1999-01-01>; rel=\"next\"");
  serve_page (f, "/mirror", 2, "daily-papers-p2.json", TRUE);

  make_sync (f, base);
  result = run_sync (f->sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->added, ==, N_DISTINCT);
  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, N_DISTINCT);

  /* Nine daily pages and the trending list, all below the prefix. */
  requests = gleaner_test_server_dup_requests (f->server);
  g_assert_cmpuint (requests->len, ==, 10);
  for (guint i = 0; i < requests->len; i++)
    {
      const GleanerTestRequest *request = g_ptr_array_index (requests, i);

      g_assert_cmpstr (request->path, ==, "/mirror" API);
    }
  g_assert_cmpuint (count_requests_for_day (f->server, DAY), ==, 3);
  g_assert_cmpuint (count_requests_for_day (f->server, "1999-01-01"), ==, 0);
}

/* Page 1 with the upvotes of its first @n_changed entries raised by 1000. */
static GBytes *
dup_page1_with_new_upvotes (guint   n_changed,
                            char ***changed_ids)
{
  g_autoptr(GBytes) original = gleaner_test_load_fixture ("daily-papers-p1.json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  JsonArray *entries;
  char *text;
  gsize length;

  json_parser_load_from_data (parser, g_bytes_get_data (original, NULL),
                              g_bytes_get_size (original), &error);
  g_assert_no_error (error);

  entries = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < n_changed; i++)
    {
      JsonObject *paper = json_object_get_object_member (json_array_get_object_element (entries, i),
                                                         "paper");

      json_object_set_int_member (paper, "upvotes",
                                  json_object_get_int_member (paper, "upvotes") + 1000);
      g_strv_builder_add (ids, json_object_get_string_member (paper, "id"));
    }

  *changed_ids = g_strv_builder_end (ids);

  json_generator_set_root (generator, json_parser_get_root (parser));
  text = json_generator_to_data (generator, &length);

  return g_bytes_new_take (text, length);
}

static void
test_second_run (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GleanerSyncResult) first = NULL;
  g_autoptr(GleanerSyncResult) second = NULL;
  g_autoptr(GBytes) page1 = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) changed_ids = NULL;
  g_autofree char *summary = NULL;
  GleanerTestResponse *response;
  gint64 old_upvotes;

  serve_three_pages (f, "");
  make_sync (f, NULL);
  first = run_sync (f->sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->added, ==, N_DISTINCT);

  /* Same data again: nothing new, nothing changed. */
  gleaner_test_server_clear_requests (f->server);
  second = run_sync (f->sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second->added, ==, 0);
  g_assert_cmpuint (second->updated, ==, 0);
  g_assert_cmpuint (second->skipped, ==, 1);
  g_assert_cmpuint (second->new_ids->len, ==, 0);
  g_clear_pointer (&second, gleaner_sync_result_free);

  /* A later run refreshes the last two days only. */
  summary = dup_request_summary (f->server);
  g_assert_cmpstr (summary, ==, "2025-01-06:0,2025-01-07:0,2025-01-07:1,2025-01-07:2");

  /* Upvotes moved on three papers of page 1: exactly those are updated. */
  page1 = dup_page1_with_new_upvotes (3, &changed_ids);
  {
    g_autoptr(GleanerPaper) before = gleaner_store_load_paper (f->store, changed_ids[0], &error);

    g_assert_no_error (error);
    old_upvotes = gleaner_paper_get_upvotes (before);
  }
  response = serve_page (f, "", 1, NULL, FALSE);
  gleaner_test_response_set_body_bytes (response, "application/json", page1);

  second = run_sync (f->sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second->added, ==, 0);
  g_assert_cmpuint (second->updated, ==, 3);
  g_assert_cmpuint (second->skipped, ==, 1);
  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, N_DISTINCT);

  {
    g_autoptr(GleanerPaper) after = gleaner_store_load_paper (f->store, changed_ids[0], &error);

    g_assert_no_error (error);
    g_assert_cmpint (gleaner_paper_get_upvotes (after), ==, old_upvotes + 1000);
  }
}

/* A runner made before the network half is there (the application's, gleaner-net.h): its
 * first run loads the half and emits "prepare" once, where the sources are added, and runs
 * them; its fetcher is made only then. */
static void
prepare_cb (GleanerSync *sync,
            gpointer     user_data)
{
  Fixture *f = user_data;
  g_autoptr(GleanerHfSource) source = NULL;

  g_assert_true (gleaner_net_is_loaded ());
  g_assert_true (gleaner_sync_get_running (sync));
  source = gleaner_hf_source_new (gleaner_test_server_get_url (f->server));
  gleaner_sync_add_source (sync, GLEANER_SOURCE (source));
  g_object_set_data (G_OBJECT (sync), "prepared",
                     GUINT_TO_POINTER (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (sync), "prepared")) + 1));
}

static void
test_prepare (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GDateTime) now = parse_time (NOW);
  g_autoptr(GleanerSyncResult) first = NULL;
  g_autoptr(GleanerSyncResult) second = NULL;
  g_autoptr(GError) error = NULL;
  GObject *fetcher = NULL;

  serve_three_pages (f, "");
  f->sync = gleaner_sync_new (f->store);
  gleaner_sync_set_now (f->sync, now);
  g_signal_connect (f->sync, "prepare", G_CALLBACK (prepare_cb), f);
  g_object_get (f->sync, "fetcher", &fetcher, NULL);
  g_assert_null (fetcher);
  g_assert_null (gleaner_sync_lookup_source (f->sync, "hf"));

  first = run_sync (f->sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->added, ==, N_DISTINCT);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (f->sync), "prepared")), ==, 1);
  g_object_get (f->sync, "fetcher", &fetcher, NULL);
  g_assert_true (GLEANER_IS_FETCHER (fetcher));
  g_clear_object (&fetcher);

  /* Once: the second run has the same single source. */
  second = run_sync (f->sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second->added, ==, 0);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (f->sync), "prepared")), ==, 1);
}

/* Which days a run fetches */

static void
assert_days (const char *now_text,
             const char *last_day,
             const char *expected)
{
  g_autoptr(GDateTime) now = parse_time (now_text);
  g_autoptr(GPtrArray) days = gleaner_hf_source_list_days (now, last_day);
  g_autofree char *joined = NULL;

  g_ptr_array_add (days, NULL);
  joined = g_strjoinv (",", (char **)days->pdata);
  g_assert_cmpstr (joined, ==, expected);
}

static void
test_list_days (void)
{
  g_autoptr(GTimeZone) new_york = g_time_zone_new_identifier ("America/New_York");

  /* First run: a week. Garbage counts as no record. */
  assert_days (NOW, NULL,
               "2025-01-01,2025-01-02,2025-01-03,2025-01-04,2025-01-05,2025-01-06,2025-01-07");
  assert_days (NOW, "yesterday",
               "2025-01-01,2025-01-02,2025-01-03,2025-01-04,2025-01-05,2025-01-06,2025-01-07");
  assert_days (NOW, "2025-02-30",
               "2025-01-01,2025-01-02,2025-01-03,2025-01-04,2025-01-05,2025-01-06,2025-01-07");

  /* Later runs: two days at least, every day since the last run, at most 30. */
  assert_days (NOW, "2025-01-07", "2025-01-06,2025-01-07");
  assert_days (NOW, "2025-01-06", "2025-01-06,2025-01-07");
  assert_days (NOW, "2025-01-04", "2025-01-05,2025-01-06,2025-01-07");
  assert_days (NOW, "2025-02-01", "2025-01-06,2025-01-07");   /* a clock that went back */
  assert_days ("2024-03-01T12:00:00Z", "2024-02-27", "2024-02-28,2024-02-29,2024-03-01");

  {
    g_autoptr(GDateTime) now = parse_time (NOW);
    g_autoptr(GPtrArray) days = gleaner_hf_source_list_days (now, "2024-06-01");

    g_assert_cmpuint (days->len, ==, 30);
    g_assert_cmpstr (g_ptr_array_index (days, 0), ==, "2024-12-09");
    g_assert_cmpstr (g_ptr_array_index (days, 29), ==, "2025-01-07");
  }

  /* Days are New York days: 03:00 UTC on the 8th is still the 7th there. */
  if (new_york != NULL)
    {
      g_autoptr(GDateTime) late = parse_time ("2025-01-08T03:00:00Z");
      g_autoptr(GDateTime) summer = parse_time ("2025-07-08T03:59:00Z");
      g_autoptr(GDateTime) summer_midnight = parse_time ("2025-07-08T04:00:00Z");
      g_autofree char *late_day = gleaner_hf_source_dup_day (late);
      g_autofree char *summer_day = gleaner_hf_source_dup_day (summer);
      g_autofree char *midnight_day = gleaner_hf_source_dup_day (summer_midnight);

      g_assert_cmpstr (late_day, ==, "2025-01-07");
      g_assert_cmpstr (summer_day, ==, "2025-07-07");
      g_assert_cmpstr (midnight_day, ==, "2025-07-08");
    }
  else
    g_test_message ("No tzdata for America/New_York; New York days not checked");
}

static void
test_days_across_runs (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) later = parse_time ("2025-01-10T17:00:00Z");
  g_autoptr(GDateTime) much_later = parse_time ("2025-03-01T17:00:00Z");
  g_autofree char *summary = NULL;
  g_autofree char *last_day = NULL;
  GleanerSyncResult *result;

  serve_empty_days (f, "");
  make_sync (f, NULL);

  result = run_sync (f->sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->added, ==, 0);
  gleaner_sync_result_free (result);
  summary = dup_request_summary (f->server);
  g_assert_cmpstr (summary, ==,
                   "2025-01-01:0,2025-01-02:0,2025-01-03:0,2025-01-04:0,2025-01-05:0,"
                   "2025-01-06:0,2025-01-07:0");
  g_clear_pointer (&summary, g_free);

  /* Three days later: the days since, which include the last two. */
  gleaner_test_server_clear_requests (f->server);
  gleaner_sync_set_now (f->sync, later);
  result = run_sync (f->sync, NULL, &error);
  g_assert_no_error (error);
  gleaner_sync_result_free (result);
  summary = dup_request_summary (f->server);
  g_assert_cmpstr (summary, ==, "2025-01-08:0,2025-01-09:0,2025-01-10:0");
  g_clear_pointer (&summary, g_free);
  last_day = gleaner_store_dup_meta (f->store, GLEANER_HF_LAST_DAY_KEY, NULL);
  g_assert_cmpstr (last_day, ==, "2025-01-10");
  g_clear_pointer (&last_day, g_free);

  /* Again the same day: the last two days. */
  gleaner_test_server_clear_requests (f->server);
  result = run_sync (f->sync, NULL, &error);
  g_assert_no_error (error);
  gleaner_sync_result_free (result);
  summary = dup_request_summary (f->server);
  g_assert_cmpstr (summary, ==, "2025-01-09:0,2025-01-10:0");
  g_clear_pointer (&summary, g_free);

  /* Months later: capped at 30 days. */
  gleaner_test_server_clear_requests (f->server);
  gleaner_sync_set_now (f->sync, much_later);
  result = run_sync (f->sync, NULL, &error);
  g_assert_no_error (error);
  gleaner_sync_result_free (result);
  g_assert_cmpuint (gleaner_test_server_get_n_requests (f->server), ==, 30 + 1);
  g_assert_cmpuint (count_requests_for_day (f->server, "2025-01-31"), ==, 1);
  g_assert_cmpuint (count_requests_for_day (f->server, "2025-01-30"), ==, 0);
  g_assert_cmpuint (count_requests_for_day (f->server, "2025-03-01"), ==, 1);
  last_day = gleaner_store_dup_meta (f->store, GLEANER_HF_LAST_DAY_KEY, NULL);
  g_assert_cmpstr (last_day, ==, "2025-03-01");
}

static void
test_paging_limits (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GleanerSyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GleanerTestResponse *response;
  static const char one_paper[] =
    "[{\"paper\": {\"id\": \"2501.99999\", \"title\": \"Pages without end\", \"authors\": [],"
    " \"summary\": \"Always one more.\", \"upvotes\": 1,"
    " \"publishedAt\": \"2025-01-06T00:00:00.000Z\"}}]";

  /* A server that always has a next page: without p= in the link we go p+1, up to 50. */
  serve_empty_days (f, "");
  response = gleaner_test_server_add (f->server, API, "date=" DAY, 200);
  gleaner_test_response_set_body (response, "application/json", one_paper, -1);
  gleaner_test_response_set_header (response, "Link", "<" API "?limit=100>; rel=\"next\"");

  /* A next link pointing back at the same page is not followed. */
  response = gleaner_test_server_add (f->server, API, "date=2025-01-06", 200);
  gleaner_test_response_set_body (response, "application/json", one_paper, -1);
  gleaner_test_response_set_header (response, "Link",
                                    "<" API "?date=2025-01-06&limit=100&p=0>; rel=\"next\"");

  /* An empty page ends the day even with a next link. */
  response = gleaner_test_server_add (f->server, API, "date=2025-01-05", 200);
  gleaner_test_response_set_fixture (response, "empty.json");
  gleaner_test_response_set_header (response, "Link",
                                    "<" API "?date=2025-01-05&limit=100&p=1>; rel=\"next\"");

  /* A rel other than next is no next link; limit= is taken from the link (up to 100). */
  response = gleaner_test_server_add (f->server, API, "date=2025-01-04&p=0", 200);
  gleaner_test_response_set_body (response, "application/json", one_paper, -1);
  gleaner_test_response_set_header (response, "Link",
                                    "<" API "?p=7>; rel=\"prev\", <" API "?p=3&limit=20>; rel=\"next\"");
  response = gleaner_test_server_add (f->server, API, "date=2025-01-04&p=3&limit=20", 200);
  gleaner_test_response_set_body (response, "application/json", one_paper, -1);

  make_sync (f, NULL);
  result = run_sync (f->sync, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (count_requests_for_day (f->server, DAY), ==, 50);
  g_assert_cmpuint (count_requests_for_day (f->server, "2025-01-06"), ==, 1);
  g_assert_cmpuint (count_requests_for_day (f->server, "2025-01-05"), ==, 1);
  g_assert_cmpuint (count_requests_for_day (f->server, "2025-01-04"), ==, 2);

  /* One paper, first seen on the 4th; later sightings are repeats, not bad entries. */
  g_assert_cmpuint (result->added, ==, 1);
  g_assert_cmpuint (result->updated, ==, 0);
  g_assert_cmpuint (result->skipped, ==, 0);
  assert_stored (f, "2501.99999", "2025-01-04");
}

/* Pipelining */

typedef struct
{
  gboolean last_page_asked;
} PipelineState;

static void
note_last_page_cb (GleanerTestServer        *server,
                   const GleanerTestRequest *request,
                   gpointer                  user_data)
{
  PipelineState *state = user_data;
  g_autofree char *date = dup_query_param (request, "date");
  g_autofree char *p = dup_query_param (request, "p");

  if (g_strcmp0 (date, DAY) == 0 && g_strcmp0 (p, "2") == 0)
    state->last_page_asked = TRUE;
}

/* The next page is fetched while the store writes the last ones: with the database locked
 * by another program, so that no page can be stored, all three pages of the day are still
 * asked for; once the lock goes, every page is stored and counted. (Stored one after
 * another, page 1 was asked for only after page 0 was stored.) */
static void
test_pages_fetched_while_storing (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmpdir, "gleaner.db", NULL);
  PipelineState pipeline = { FALSE };
  RunState state = { 0 };
  sqlite3 *lock = NULL;

  serve_three_pages (f, "");
  gleaner_test_server_set_request_func (f->server, note_last_page_cb, &pipeline);
  make_sync (f, NULL);

  g_assert_cmpint (sqlite3_open (path, &lock), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (lock, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  gleaner_sync_run_async (f->sync, NULL, run_done_cb, &state);
  gleaner_test_wait_for_flag (&pipeline.last_page_asked, WAIT_S);
  g_assert_false (state.done);
  g_assert_cmpint (sqlite3_exec (lock, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (lock);

  gleaner_test_wait_for_flag (&state.done, WAIT_S);
  g_assert_no_error (state.error);
  g_assert_cmpuint (state.result->added, ==, N_DISTINCT);
  g_assert_cmpuint (state.result->new_ids->len, ==, N_DISTINCT);
  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, N_DISTINCT);
  assert_stored (f, "2501.00293", DAY);
  g_clear_pointer (&state.result, gleaner_sync_result_free);
}

/* Politeness */

typedef struct
{
  gboolean  done;
  GBytes   *bytes;
  GError   *error;
  guint     order;
  guint    *counter;
} FetchState;

static void
fetch_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  FetchState *state = user_data;

  state->bytes = gleaner_fetcher_fetch_finish (GLEANER_FETCHER (object), result, NULL,
                                               &state->error);
  state->order = (*state->counter)++;
  state->done = TRUE;
}

static void
fetch_state_clear (FetchState *state)
{
  g_clear_pointer (&state->bytes, g_bytes_unref);
  g_clear_error (&state->error);
}

static void
test_one_request_per_host (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GUri) raw_uri = NULL;
  g_autoptr(GUri) slow1_uri = NULL;
  g_autoptr(GUri) slow2_uri = NULL;
  g_autoptr(GUri) queued_uri = NULL;
  FetchState states[4] = { { 0 } };
  GleanerTestResponse *response;
  guint counter = 0;

  /* Two slow answers on the SoupServer and a quick one on the raw listener in between (same
   * host, another port, so libsoup alone would not hold it back): overlapping fetches would
   * show as two requests in flight at the server. */
  gleaner_test_server_add (f->server, "/raw", NULL, 200);
  response = gleaner_test_server_add (f->server, "/slow", NULL, 200);
  gleaner_test_response_set_body (response, "application/json", "[                    ]", -1);
  gleaner_test_response_set_fault (response, GLEANER_TEST_FAULT_TRICKLE, 5);
  gleaner_test_server_add (f->server, "/queued", NULL, 200);

  {
    g_autofree char *raw = g_strconcat (gleaner_test_server_get_raw_url (f->server), "/raw", NULL);
    g_autofree char *slow1 = g_strconcat (gleaner_test_server_get_url (f->server), "/slow?n=1", NULL);
    g_autofree char *slow2 = g_strconcat (gleaner_test_server_get_url (f->server), "/slow?n=2", NULL);
    g_autofree char *queued = g_strconcat (gleaner_test_server_get_url (f->server), "/queued", NULL);

    raw_uri = g_uri_parse (raw, G_URI_FLAGS_ENCODED, NULL);
    slow1_uri = g_uri_parse (slow1, G_URI_FLAGS_ENCODED, NULL);
    slow2_uri = g_uri_parse (slow2, G_URI_FLAGS_ENCODED, NULL);
    queued_uri = g_uri_parse (queued, G_URI_FLAGS_ENCODED, NULL);
  }

  make_sync (f, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    states[i].counter = &counter;

  gleaner_fetcher_fetch_async (gleaner_sync_get_fetcher (f->sync), slow1_uri, "application/json",
                               NULL, fetch_done_cb, &states[0]);
  gleaner_fetcher_fetch_async (gleaner_sync_get_fetcher (f->sync), raw_uri, "application/json",
                               NULL, fetch_done_cb, &states[1]);
  gleaner_fetcher_fetch_async (gleaner_sync_get_fetcher (f->sync), slow2_uri, "application/json",
                               NULL, fetch_done_cb, &states[2]);
  gleaner_fetcher_fetch_async (gleaner_sync_get_fetcher (f->sync), queued_uri, "application/json",
                               cancellable, fetch_done_cb, &states[3]);

  /* A fetch cancelled while waiting for its turn ends at once, without a request. */
  g_cancellable_cancel (cancellable);
  gleaner_test_wait_for_flag (&states[3].done, WAIT_S);
  g_assert_error (states[3].error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (states[3].order, ==, 0);

  for (guint i = 0; i < 3; i++)
    {
      gleaner_test_wait_for_flag (&states[i].done, WAIT_S);
      g_assert_no_error (states[i].error);
      g_assert_nonnull (states[i].bytes);
      g_assert_cmpuint (states[i].order, ==, i + 1);
    }

  g_assert_cmpuint (gleaner_test_server_get_max_concurrent (f->server), ==, 1);

  /* Served first come, first served; the cancelled one never reached the server. */
  requests = gleaner_test_server_dup_requests (f->server);
  g_assert_cmpuint (requests->len, ==, 3);
  g_assert_cmpstr (((GleanerTestRequest *)g_ptr_array_index (requests, 0))->query, ==, "n=1");
  g_assert_cmpstr (((GleanerTestRequest *)g_ptr_array_index (requests, 1))->path, ==, "/raw");
  g_assert_cmpstr (((GleanerTestRequest *)g_ptr_array_index (requests, 2))->query, ==, "n=2");

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    fetch_state_clear (&states[i]);
}

static void
test_run_and_fetch_share_host (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *url = g_strconcat (gleaner_test_server_get_raw_url (f->server), "/other", NULL);
  FetchState state = { 0 };
  RunState run = { 0 };
  guint counter = 0;
  GleanerTestResponse *response;

  /* A run walking its pages and another source's fetch overlapping it, on another port of
   * the same host: still one at a time. The empty days answer slowly so that they would
   * overlap. */
  response = gleaner_test_server_add (f->server, API, NULL, 200);
  gleaner_test_response_set_body (response, "application/json", "[   ]", -1);
  gleaner_test_response_set_fault (response, GLEANER_TEST_FAULT_TRICKLE, 5);
  serve_page (f, "", 0, "daily-papers-p0.json", FALSE);
  serve_page (f, "", 1, "daily-papers-p1.json", FALSE);
  serve_page (f, "", 2, "daily-papers-p2.json", TRUE);
  serve_trending (f, "trending.json", 200);
  gleaner_test_server_add (f->server, "/other", NULL, 200);

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  state.counter = &counter;

  make_sync (f, NULL);
  gleaner_sync_run_async (f->sync, NULL, run_done_cb, &run);
  gleaner_fetcher_fetch_async (gleaner_sync_get_fetcher (f->sync), uri, "application/json",
                               NULL, fetch_done_cb, &state);

  gleaner_test_wait_for_flag (&run.done, WAIT_S);
  gleaner_test_wait_for_flag (&state.done, WAIT_S);
  g_assert_no_error (run.error);
  g_assert_no_error (state.error);
  g_assert_cmpuint (run.result->added, ==, N_DISTINCT);
  g_assert_cmpuint (gleaner_test_server_get_max_concurrent (f->server), ==, 1);

  gleaner_sync_result_free (run.result);
  fetch_state_clear (&state);
}

static void
test_result_boxed (void)
{
  g_autoptr(GleanerSyncResult) result = gleaner_sync_result_new ();
  g_autoptr(GleanerSyncResult) copy = NULL;

  result->added = 2;
  result->updated = 3;
  result->skipped = 4;
  g_ptr_array_add (result->new_ids, g_strdup ("2501.00001"));

  copy = g_boxed_copy (GLEANER_TYPE_SYNC_RESULT, result);
  g_assert_cmpuint (copy->added, ==, 2);
  g_assert_cmpuint (copy->updated, ==, 3);
  g_assert_cmpuint (copy->skipped, ==, 4);
  g_assert_cmpuint (copy->new_ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (copy->new_ids, 0), ==, "2501.00001");
}

/* Taking a result moves its ids (into an empty result, the very array) and adds its counts;
 * into one with ids, they follow those in order. */
static void
test_result_take (void)
{
  g_autoptr(GleanerSyncResult) run = gleaner_sync_result_new ();
  GleanerSyncResult *first = gleaner_sync_result_new ();
  GleanerSyncResult *second = gleaner_sync_result_new ();
  GPtrArray *first_ids = first->new_ids;
  const char *moved;

  first->added = 2;
  first->skipped = 1;
  g_ptr_array_add (first->new_ids, g_strdup ("2501.00001"));
  g_ptr_array_add (first->new_ids, g_strdup ("2501.00002"));
  moved = g_ptr_array_index (first->new_ids, 1);
  second->added = 1;
  second->updated = 5;
  g_ptr_array_add (second->new_ids, g_strdup ("2501.00003"));

  gleaner_sync_result_take (run, first);
  g_assert_true (run->new_ids == first_ids);
  g_assert_true (g_ptr_array_index (run->new_ids, 1) == moved);

  gleaner_sync_result_take (run, second);
  g_assert_cmpuint (run->added, ==, 3);
  g_assert_cmpuint (run->updated, ==, 5);
  g_assert_cmpuint (run->skipped, ==, 1);
  g_assert_cmpuint (run->new_ids->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (run->new_ids, 0), ==, "2501.00001");
  g_assert_cmpstr (g_ptr_array_index (run->new_ids, 1), ==, "2501.00002");
  g_assert_cmpstr (g_ptr_array_index (run->new_ids, 2), ==, "2501.00003");
}

/* A host with an interval (arXiv asks for 3 s) gets a pause between the end of one request
 * and the start of the next; other hosts do not wait for it. */
static void
test_host_interval (Fixture       *f,
                    gconstpointer  data)
{
  GleanerFetcher *fetcher;
  g_autoptr(GUri) first_uri = NULL;
  g_autoptr(GUri) second_uri = NULL;
  g_autofree char *first = g_strconcat (gleaner_test_server_get_url (f->server), "/first", NULL);
  g_autofree char *second = g_strconcat (gleaner_test_server_get_url (f->server), "/second", NULL);
  FetchState states[2] = { { 0 } };
  guint counter = 0;
  gint64 first_done;

  gleaner_test_server_add (f->server, "/first", NULL, 200);
  gleaner_test_server_add (f->server, "/second", NULL, 200);
  first_uri = g_uri_parse (first, G_URI_FLAGS_ENCODED, NULL);
  second_uri = g_uri_parse (second, G_URI_FLAGS_ENCODED, NULL);

  make_sync (f, NULL);
  fetcher = gleaner_sync_get_fetcher (f->sync);
  g_assert_cmpuint (gleaner_fetcher_get_host_interval (fetcher, "127.0.0.1"), ==, 0);
  gleaner_fetcher_set_host_interval (fetcher, "127.0.0.1", 600);
  g_assert_cmpuint (gleaner_fetcher_get_host_interval (fetcher, "127.0.0.1"), ==, 600);

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    states[i].counter = &counter;

  gleaner_fetcher_fetch_async (fetcher, first_uri, NULL, NULL, fetch_done_cb, &states[0]);
  gleaner_fetcher_fetch_async (fetcher, second_uri, NULL, NULL, fetch_done_cb, &states[1]);

  gleaner_test_wait_for_flag (&states[0].done, WAIT_S);
  first_done = g_get_monotonic_time ();
  g_assert_no_error (states[0].error);
  g_assert_false (states[1].done);

  gleaner_test_wait_for_flag (&states[1].done, WAIT_S);
  g_assert_no_error (states[1].error);
  g_assert_cmpint (g_get_monotonic_time () - first_done, >=, 500 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (states[1].order, ==, 1);
  g_assert_cmpuint (gleaner_test_server_get_n_requests (f->server), ==, 2);

  /* Removed: no more pause. */
  gleaner_fetcher_set_host_interval (fetcher, "127.0.0.1", 0);
  g_assert_cmpuint (gleaner_fetcher_get_host_interval (fetcher, "127.0.0.1"), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    fetch_state_clear (&states[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  gleaner_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  gleaner_test_add_func ("/sync/result-boxed", test_result_boxed);
  gleaner_test_add_func ("/sync/result-take", test_result_take);
  gleaner_test_add_func ("/sync/list-days", test_list_days);
  ADD ("/sync/paging", test_paging);
  ADD ("/sync/pages-fetched-while-storing", test_pages_fetched_while_storing);
  ADD ("/sync/mirror-prefix", test_mirror_prefix);
  ADD ("/sync/second-run", test_second_run);
  ADD ("/sync/prepare", test_prepare);
  ADD ("/sync/days-across-runs", test_days_across_runs);
  ADD ("/sync/paging-limits", test_paging_limits);
  ADD ("/sync/polite/one-request-per-host", test_one_request_per_host);
  ADD ("/sync/polite/run-and-fetch", test_run_and_fetch_share_host);
  ADD ("/sync/polite/host-interval", test_host_interval);

#undef ADD

  gleaner_test_add_queued ();

  return g_test_run ();
}
