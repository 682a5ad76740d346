/* test-sync-errors.c — a sync of the Hugging Face source that fails, against a real
 * local server: each failure checks the error and what got stored (HTTP errors, rate
 * limits, broken or oversized bodies, time limits, an unreachable server, a store that
 * refuses a page); cancellation, and one run at a time.
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

/* Failures: each checks the error and what got stored */

static void
assert_failed_run (Fixture    *f,
                   GQuark      domain,
                   int         code,
                   GError    **out_error)
{
  g_autoptr(GleanerSyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = run_sync (f->sync, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, domain, code);
  g_test_message ("error: %s", error->message);
  assert_nothing_recorded (f);

  if (out_error != NULL)
    *out_error = g_steal_pointer (&error);
}

/* When the last fetched day cannot be read, the run fails and says why: not knowing it is not
 * "never fetched", which would start a week's backfill. */
static void
test_last_day_unreadable (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GleanerSyncResult) result = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  serve_empty_days (f, "");
  g_assert_cmpint (sqlite3_open (gleaner_store_get_path (f->store), &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TABLE meta;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  make_sync (f, NULL);
  result = run_sync (f->sync, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, GLEANER_STORE_ERROR, GLEANER_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "already fetched"));

  requests = gleaner_test_server_dup_requests (f->server);
  g_assert_cmpuint (requests->len, ==, 0);
}

static void
test_http_error (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *summary = NULL;

  serve_empty_days (f, "");
  serve_page (f, "", 0, "daily-papers-p0.json", FALSE);
  gleaner_test_server_add (f->server, API, "date=" DAY "&p=1", 500);

  make_sync (f, NULL);
  assert_failed_run (f, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_HTTP, &error);

  expected = g_strdup_printf ("%s answered HTTP 500 Internal Server Error",
                              gleaner_test_server_get_host (f->server));
  g_assert_cmpstr (error->message, ==, expected);

  /* Page 0 stays stored; the failing page stored nothing; nothing after it was asked. */
  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, N_PAGE0);
  assert_stored (f, "2501.00001", DAY);
  assert_not_stored (f, "2501.00101");
  summary = dup_request_summary (f->server);
  g_assert_true (g_str_has_suffix (summary, "2025-01-07:0,2025-01-07:1"));
}

static void
test_not_found (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;

  /* Nothing registered: the first request gets 404. */
  make_sync (f, NULL);
  assert_failed_run (f, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_HTTP, &error);

  expected = g_strdup_printf ("%s answered HTTP 404 Not Found",
                              gleaner_test_server_get_host (f->server));
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_cmpuint (gleaner_test_server_get_n_requests (f->server), ==, 1);
  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, 0);
}

static void
test_rate_limited_retry_after (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = NULL;
  GleanerTestResponse *response;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  gint64 retry_at;

  serve_three_pages (f, "");
  response = gleaner_test_server_add (f->server, API, NULL, 429);
  gleaner_test_response_set_header (response, "Retry-After", "120");
  gleaner_test_response_set_body (response, "text/plain", "Too many requests", -1);

  make_sync (f, NULL);
  assert_failed_run (f, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_RATE_LIMITED, &error);

  prefix = g_strdup_printf ("%s asks to wait 120 s (rate limited, HTTP 429); try again after ",
                            gleaner_test_server_get_host (f->server));
  g_assert_true (g_str_has_prefix (error->message, prefix));

  retry_at = gleaner_sync_get_retry_at (f->sync);
  g_assert_cmpint (retry_at, >=, before + 120);
  g_assert_cmpint (retry_at, <=, g_get_real_time () / G_USEC_PER_SEC + 120);

  /* No retry loop: one request, then the run ended. */
  g_assert_cmpuint (gleaner_test_server_get_n_requests (f->server), ==, 1);
  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, 0);
}

static void
test_rate_limited_http_date (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, 300);
  g_autofree char *http_date = soup_date_time_to_string (then, SOUP_DATE_HTTP);
  g_autofree char *expected = NULL;
  GleanerTestResponse *response;
  gint64 retry_at;

  /* Page 0 fine, page 1 rate limited with an HTTP date. */
  serve_three_pages (f, "");
  response = gleaner_test_server_add (f->server, API, "date=" DAY "&p=1", 429);
  gleaner_test_response_set_header (response, "Retry-After", http_date);

  make_sync (f, NULL);
  assert_failed_run (f, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_RATE_LIMITED, &error);

  retry_at = gleaner_sync_get_retry_at (f->sync);
  g_assert_cmpint (retry_at, ==, g_date_time_to_unix (then));
  expected = g_strdup_printf ("%s asks to wait ", gleaner_test_server_get_host (f->server));
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_assert_nonnull (strstr (error->message, " s (rate limited, HTTP 429); try again after "));

  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, N_PAGE0);
  g_assert_cmpuint (count_requests_for_day (f->server, DAY), ==, 2);
}

static void
test_rate_limited_ratelimit_header (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = NULL;
  GleanerTestResponse *response;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;

  response = gleaner_test_server_add (f->server, API, NULL, 503);
  gleaner_test_response_set_header (response, "RateLimit", "\"api\";r=0;t=42");
  gleaner_test_response_set_header (response, "RateLimit-Policy", "\"fixed window\";\"api\";q=500;w=300");

  make_sync (f, NULL);
  assert_failed_run (f, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_RATE_LIMITED, &error);

  prefix = g_strdup_printf ("%s asks to wait 42 s (service unavailable, HTTP 503); try again after ",
                            gleaner_test_server_get_host (f->server));
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_assert_cmpint (gleaner_sync_get_retry_at (f->sync), >=, before + 42);
  g_assert_cmpint (gleaner_sync_get_retry_at (f->sync), <=, before + 45);
  g_assert_cmpuint (gleaner_test_server_get_n_requests (f->server), ==, 1);
}

static void
test_rate_limited_no_hint (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;

  gleaner_test_server_add (f->server, API, NULL, 429);

  make_sync (f, NULL);
  assert_failed_run (f, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_RATE_LIMITED, &error);

  expected = g_strdup_printf ("%s is limiting requests (rate limited, HTTP 429); try again later",
                              gleaner_test_server_get_host (f->server));
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_cmpint (gleaner_sync_get_retry_at (f->sync), ==, 0);
  g_assert_cmpuint (gleaner_test_server_get_n_requests (f->server), ==, 1);
}

static void
check_truncated_body (Fixture          *f,
                      GleanerTestFault  fault)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autofree char *prefix = NULL;
  GleanerTestResponse *response;

  /* On the raw listener: page 0 whole, page 1 cut off mid-body. */
  serve_three_pages (f, "");
  response = serve_page (f, "", 1, "daily-papers-p1.json", FALSE);
  gleaner_test_response_set_fault (response, fault, 0);

  make_sync (f, gleaner_test_server_get_raw_url (f->server));
  assert_failed_run (f, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_NETWORK, &error);

  prefix = g_strdup_printf ("The connection to %s broke off: ",
                            gleaner_test_server_get_raw_host (f->server));
  g_assert_true (g_str_has_prefix (error->message, prefix));

  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, N_PAGE0);
  assert_not_stored (f, "2501.00101");

  requests = gleaner_test_server_dup_requests (f->server);
  g_assert_cmpuint (requests->len, ==, 8);
  for (guint i = 0; i < requests->len; i++)
    {
      const GleanerTestRequest *request = g_ptr_array_index (requests, i);

      g_assert_true (request->raw);
      g_assert_cmpstr (request->user_agent, ==, USER_AGENT);
    }
}

static void
test_truncated_body (Fixture       *f,
                     gconstpointer  data)
{
  /* libsoup notices: "Connection terminated unexpectedly". */
  check_truncated_body (f, GLEANER_TEST_FAULT_TRUNCATE);
}

static void
test_truncated_body_close (Fixture       *f,
                           gconstpointer  data)
{
  /* libsoup takes the close for the end; the sync compares with Content-Length itself. */
  check_truncated_body (f, GLEANER_TEST_FAULT_TRUNCATE_CLOSE);
}

static void
check_parse_failure (Fixture    *f,
                     const char *fixture,
                     guint       status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = NULL;
  GleanerTestResponse *response;

  /* Page 0 fine, page 1 broken. */
  serve_three_pages (f, "");
  response = gleaner_test_server_add (f->server, API, "date=" DAY "&p=1", status);
  gleaner_test_response_set_fixture (response, fixture);
  gleaner_test_response_set_header (response, "Link",
                                    "<" API "?date=" DAY "&limit=100&p=2>; rel=\"next\"");

  make_sync (f, NULL);
  assert_failed_run (f, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_PARSE, &error);

  prefix = g_strdup_printf ("%s sent an unexpected response: ",
                            gleaner_test_server_get_host (f->server));
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_assert_cmpuint (strlen (error->message), >, strlen (prefix));

  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, N_PAGE0);
  assert_not_stored (f, "2501.00101");
  g_assert_cmpuint (count_requests_for_day (f->server, DAY), ==, 2);
}

static void
test_invalid_json (Fixture       *f,
                   gconstpointer  data)
{
  check_parse_failure (f, "truncated.json", 200);
}

static void
test_not_array (Fixture       *f,
                gconstpointer  data)
{
  check_parse_failure (f, "not-array.json", 200);
}

static void
test_html_page (Fixture       *f,
                gconstpointer  data)
{
  check_parse_failure (f, "html-200.html", 200);
}

static void
test_first_page_unparsable (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GleanerTestResponse *response;

  response = gleaner_test_server_add (f->server, API, NULL, 200);
  gleaner_test_response_set_fixture (response, "not-array.json");

  make_sync (f, NULL);
  assert_failed_run (f, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_PARSE, &error);
  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, 0);
  g_assert_cmpuint (gleaner_test_server_get_n_requests (f->server), ==, 1);
}

static void
test_too_large_by_length (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *size = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;

  serve_three_pages (f, "");
  make_sync (f, NULL);
  /* The pages are about 400 KB. */
  gleaner_fetcher_set_limits (gleaner_sync_get_fetcher (f->sync), 30, 120, 100 * 1024);
  assert_failed_run (f, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_TOO_LARGE, &error);

  size = g_format_size_full (100 * 1024, G_FORMAT_SIZE_IEC_UNITS);   /* "100.0 KiB" */
  expected = g_strdup_printf ("%s sent a response larger than %s",
                              gleaner_test_server_get_host (f->server), size);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, 0);
  g_assert_cmpuint (count_requests_for_day (f->server, DAY), ==, 1);
}

static void
test_too_large_endless (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *size = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  GleanerTestResponse *response;

  serve_three_pages (f, "");
  /* 16 KiB of filler again and again, as fast as we read. */
  response = serve_page (f, "", 0, NULL, TRUE);
  gleaner_test_response_set_fault (response, GLEANER_TEST_FAULT_ENDLESS, 0);

  make_sync (f, NULL);
  gleaner_fetcher_set_limits (gleaner_sync_get_fetcher (f->sync), 30, 120, 256 * 1024);
  assert_failed_run (f, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_TOO_LARGE, &error);

  size = g_format_size_full (256 * 1024, G_FORMAT_SIZE_IEC_UNITS);   /* "256.0 KiB" */
  expected = g_strdup_printf ("%s sent a response larger than %s",
                              gleaner_test_server_get_host (f->server), size);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, 0);
}

static void
test_deadline (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  GleanerTestResponse *response;
  gint64 start;
  gint64 elapsed_ms;

  /* A byte every 20 ms keeps the idle timeout quiet but would take hours in all. */
  serve_three_pages (f, "");
  response = serve_page (f, "", 0, "daily-papers-p0.json", FALSE);
  gleaner_test_response_set_fault (response, GLEANER_TEST_FAULT_TRICKLE, 20);

  make_sync (f, NULL);
  gleaner_fetcher_set_limits (gleaner_sync_get_fetcher (f->sync), 10, 1, 10 * 1024 * 1024);

  start = g_get_monotonic_time ();
  assert_failed_run (f, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_TIMEOUT, &error);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;

  expected = g_strdup_printf ("%s took longer than 1 s to answer",
                              gleaner_test_server_get_host (f->server));
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_cmpint (elapsed_ms, >=, 900);
  g_assert_cmpint (elapsed_ms, <, 8000);
  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, 0);
}

static void
test_idle_timeout (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  GleanerTestResponse *response;

  /* Nothing for 5 s while the client waits at most 1 s for data. */
  serve_three_pages (f, "");
  response = serve_page (f, "", 0, "daily-papers-p0.json", FALSE);
  gleaner_test_response_set_fault (response, GLEANER_TEST_FAULT_TRICKLE, 5000);

  make_sync (f, NULL);
  gleaner_fetcher_set_limits (gleaner_sync_get_fetcher (f->sync), 1, 30, 10 * 1024 * 1024);
  assert_failed_run (f, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_TIMEOUT, &error);

  expected = g_strdup_printf ("%s stopped answering (nothing received for 1 s)",
                              gleaner_test_server_get_host (f->server));
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, 0);
}

static void
test_unreachable (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *prefix = NULL;
  guint port;

  /* A port that was free a moment ago and has nobody listening. */
  g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_socket_listener_close (listener);

  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  make_sync (f, url);
  assert_failed_run (f, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_NETWORK, &error);

  prefix = g_strdup_printf ("Could not reach 127.0.0.1:%u: ", port);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, 0);
}

static void
test_bad_base_url (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  make_sync (f, "ftp://example.org/papers");
  assert_failed_run (f, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_NETWORK, &error);
  g_assert_nonnull (strstr (error->message, "ftp://example.org/papers"));

  make_sync (f, "not a url");
  assert_failed_run (f, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_NETWORK, NULL);
  g_assert_cmpuint (gleaner_test_server_get_n_requests (f->server), ==, 0);
}

/* A page the database refuses (a trigger aborts the insert of one of its papers, as a full
 * disk fails a write) fails the sync with a store error. It is returned once the pages handed
 * to the store meanwhile are written, so nothing lands after the sync returned; the page
 * before stays stored, the refused page stores nothing, and the day is not recorded. */
static void
test_store_fails (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmpdir, "gleaner.db", NULL);
  g_autofree char *last_day = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  gint64 n_stored;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TRIGGER refuse BEFORE INSERT ON papers"
                                     " WHEN new.arxiv_id = '2501.00150'"
                                     " BEGIN SELECT RAISE (ABORT, 'no space left on device'); END;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  serve_three_pages (f, "");
  make_sync (f, NULL);
  assert_failed_run (f, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_STORE, &error);
  g_assert_nonnull (strstr (error->message, "no space left on device"));

  n_stored = gleaner_store_count_papers (f->store, NULL);
  g_assert_cmpint (n_stored, >=, N_PAGE0);
  assert_stored (f, "2501.00001", DAY);
  assert_not_stored (f, "2501.00101");
  assert_not_stored (f, "2501.00150");
  gleaner_store_flush (f->store);
  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, n_stored);

  last_day = gleaner_store_dup_meta (f->store, GLEANER_HF_LAST_DAY_KEY, NULL);
  g_assert_cmpstr (last_day, !=, DAY);
}

/* Cancellation */

static void
cancel_on_request_cb (GleanerTestServer        *server,
                      const GleanerTestRequest *request,
                      gpointer                  user_data)
{
  GCancellable *cancellable = user_data;
  g_autoptr(GHashTable) params = g_uri_parse_params (request->query, -1, "&",
                                                     G_URI_PARAMS_NONE, NULL);

  if (g_strcmp0 (g_hash_table_lookup (params, "date"), DAY) == 0 &&
      g_strcmp0 (g_hash_table_lookup (params, "p"), "1") == 0)
    g_cancellable_cancel (cancellable);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GleanerSyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GleanerTestResponse *response;

  /* Page 1 trickles; the run is cancelled as soon as the server sees its request. */
  serve_three_pages (f, "");
  response = serve_page (f, "", 1, "daily-papers-p1.json", FALSE);
  gleaner_test_response_set_fault (response, GLEANER_TEST_FAULT_TRICKLE, 10);
  gleaner_test_server_set_request_func (f->server, cancel_on_request_cb, cancellable);

  make_sync (f, NULL);
  result = run_sync (f->sync, cancellable, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_nothing_recorded (f);

  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, N_PAGE0);
  g_assert_cmpuint (count_requests_for_day (f->server, DAY), ==, 2);
  g_assert_cmpint (gleaner_sync_get_retry_at (f->sync), ==, 0);

  /* The sync is usable again afterwards. */
  gleaner_test_server_set_request_func (f->server, NULL, NULL);
  gleaner_test_response_set_fault (response, GLEANER_TEST_FAULT_NONE, 0);
  g_clear_error (&error);
  result = run_sync (f->sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, N_DISTINCT);
}

static void
test_cancel_before_start (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GleanerSyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  serve_three_pages (f, "");
  g_cancellable_cancel (cancellable);

  make_sync (f, NULL);
  result = run_sync (f->sync, cancellable, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (gleaner_test_server_get_n_requests (f->server), ==, 0);
  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, 0);
}

static void
test_one_run_at_a_time (Fixture       *f,
                        gconstpointer  data)
{
  RunState first = { 0 };
  RunState second = { 0 };

  serve_three_pages (f, "");
  make_sync (f, NULL);

  gleaner_sync_run_async (f->sync, NULL, run_done_cb, &first);
  g_assert_true (gleaner_sync_get_running (f->sync));
  gleaner_sync_run_async (f->sync, NULL, run_done_cb, &second);

  gleaner_test_wait_for_flag (&second.done, WAIT_S);
  g_assert_error (second.error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_assert_true (gleaner_sync_get_running (f->sync));

  gleaner_test_wait_for_flag (&first.done, WAIT_S);
  g_assert_no_error (first.error);
  g_assert_cmpuint (first.result->added, ==, N_DISTINCT);
  g_assert_false (gleaner_sync_get_running (f->sync));

  g_clear_error (&second.error);
  gleaner_sync_result_free (first.result);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  gleaner_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/sync/last-day-unreadable", test_last_day_unreadable);
  ADD ("/sync/error/http-500", test_http_error);
  ADD ("/sync/error/http-404", test_not_found);
  ADD ("/sync/error/429-retry-after", test_rate_limited_retry_after);
  ADD ("/sync/error/429-http-date", test_rate_limited_http_date);
  ADD ("/sync/error/503-ratelimit", test_rate_limited_ratelimit_header);
  ADD ("/sync/error/429-no-hint", test_rate_limited_no_hint);
  ADD ("/sync/error/truncated-body", test_truncated_body);
  ADD ("/sync/error/truncated-body-close", test_truncated_body_close);
  ADD ("/sync/error/invalid-json", test_invalid_json);
  ADD ("/sync/error/not-array", test_not_array);
  ADD ("/sync/error/html-200", test_html_page);
  ADD ("/sync/error/first-page-unparsable", test_first_page_unparsable);
  ADD ("/sync/error/too-large-content-length", test_too_large_by_length);
  ADD ("/sync/error/too-large-endless", test_too_large_endless);
  ADD ("/sync/error/deadline", test_deadline);
  ADD ("/sync/error/idle-timeout", test_idle_timeout);
  ADD ("/sync/error/unreachable", test_unreachable);
  ADD ("/sync/error/bad-base-url", test_bad_base_url);
  ADD ("/sync/error/store-fails", test_store_fails);
  ADD ("/sync/cancel/mid-run", test_cancel);
  ADD ("/sync/cancel/before-start", test_cancel_before_start);
  ADD ("/sync/one-run-at-a-time", test_one_run_at_a_time);

#undef ADD

  gleaner_test_add_queued ();

  return g_test_run ();
}
