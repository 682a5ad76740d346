/* test-sync.c — GleanerSync and the Hugging Face source against a real local server.
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
#include "gleaner-test-util.h"

#define DAY            "2025-01-07"         /* the fixtures' Daily Papers day */
#define NOW            "2025-01-07T17:00:00Z" /* 12:00 in New York */
#define API            "/api/daily_papers"
#define USER_AGENT     "Gleaner/" PACKAGE_VERSION
#define N_DISTINCT     292                  /* 293 entries, 2501.00048 twice */
#define N_PAGE0        99                   /* distinct papers on page 0 */
#define WAIT_S         60

typedef struct
{
  char              *tmpdir;
  GleanerStore      *store;
  GleanerTestServer *server;
  GleanerSync       *sync;
} Fixture;

typedef struct
{
  gboolean           done;
  GleanerSyncResult *result;
  GError            *error;
} RunState;

/* Helpers */

static GDateTime *
parse_time (const char *iso8601)
{
  GDateTime *time = g_date_time_new_from_iso8601 (iso8601, NULL);

  g_assert_nonnull (time);

  return time;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->tmpdir = g_dir_make_tmp ("gleaner-test-sync-XXXXXX", &error);
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
  if (f->store != NULL)
    gleaner_store_flush (f->store);
  g_clear_object (&f->store);
  g_clear_pointer (&f->server, gleaner_test_server_free);
  gleaner_test_remove_tree (f->tmpdir);
  g_clear_pointer (&f->tmpdir, g_free);
}

/* A sync against @base_url (the server's URL when NULL) whose "now" is NOW. */
static GleanerSync *
make_sync (Fixture    *f,
           const char *base_url)
{
  g_autoptr(GDateTime) now = parse_time (NOW);
  g_autoptr(GleanerHfSource) source = NULL;

  g_clear_object (&f->sync);
  source = gleaner_hf_source_new (base_url ? base_url : gleaner_test_server_get_url (f->server));
  f->sync = gleaner_sync_new (f->store);
  gleaner_sync_add_source (f->sync, GLEANER_SOURCE (source));
  gleaner_sync_set_now (f->sync, now);

  return f->sync;
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
run_sync (GleanerSync   *sync,
          GCancellable  *cancellable,
          GError       **error)
{
  RunState state = { 0 };

  gleaner_sync_run_async (sync, cancellable, run_done_cb, &state);
  gleaner_test_wait_for_flag (&state.done, WAIT_S);

  g_assert_false (gleaner_sync_get_running (sync));
  g_assert_true ((state.result == NULL) != (state.error == NULL));

  if (state.error != NULL)
    g_propagate_error (error, state.error);

  return state.result;
}

/* Every day answers an empty page unless something more specific is added later. */
static void
serve_empty_days (Fixture    *f,
                  const char *prefix)
{
  g_autofree char *path = g_strconcat (prefix, API, NULL);
  GleanerTestResponse *response;

  response = gleaner_test_server_add (f->server, path, NULL, 200);
  gleaner_test_response_set_fixture (response, "empty.json");
}

/* Page @p of DAY from @fixture, linking to page @p + 1 when @last is FALSE. */
static GleanerTestResponse *
serve_page (Fixture    *f,
            const char *prefix,
            guint       p,
            const char *fixture,
            gboolean    last)
{
  g_autofree char *path = g_strconcat (prefix, API, NULL);
  g_autofree char *query = g_strdup_printf ("date=" DAY "&p=%u", p);
  GleanerTestResponse *response;

  response = gleaner_test_server_add (f->server, path, query, 200);
  if (fixture != NULL)
    gleaner_test_response_set_fixture (response, fixture);

  if (!last)
    {
      /* Like huggingface.co: an absolute path on the server's own host, no mirror prefix. */
      g_autofree char *link = g_strdup_printf ("<" API "?date=" DAY "&limit=100&p=%u>; rel=\"next\"",
                                               p + 1);

      gleaner_test_response_set_header (response, "Link", link);
    }

  return response;
}

static void
serve_three_pages (Fixture    *f,
                   const char *prefix)
{
  serve_empty_days (f, prefix);
  serve_page (f, prefix, 0, "daily-papers-p0.json", FALSE);
  serve_page (f, prefix, 1, "daily-papers-p1.json", FALSE);
  serve_page (f, prefix, 2, "daily-papers-p2.json", TRUE);
}

static char *
dup_query_param (const GleanerTestRequest *request,
                 const char               *name)
{
  g_autoptr(GHashTable) params = NULL;

  if (request->query == NULL)
    return NULL;

  params = g_uri_parse_params (request->query, -1, "&", G_URI_PARAMS_NONE, NULL);
  g_assert_nonnull (params);

  return g_strdup (g_hash_table_lookup (params, name));
}

/* "date:p" of every daily-list request (not trending or search), comma-separated, for
 * compact assertions. */
static char *
dup_request_summary (GleanerTestServer *server)
{
  g_autoptr(GPtrArray) requests = gleaner_test_server_dup_requests (server);
  g_autoptr(GString) summary = g_string_new (NULL);

  for (guint i = 0; i < requests->len; i++)
    {
      const GleanerTestRequest *request = g_ptr_array_index (requests, i);
      g_autofree char *date = dup_query_param (request, "date");
      g_autofree char *p = dup_query_param (request, "p");

      if (date == NULL)
        continue;

      if (summary->len > 0)
        g_string_append_c (summary, ',');
      g_string_append_printf (summary, "%s:%s", date, p);
    }

  return g_string_free (g_steal_pointer (&summary), FALSE);
}

static guint
count_requests_for_day (GleanerTestServer *server,
                        const char        *day)
{
  g_autoptr(GPtrArray) requests = gleaner_test_server_dup_requests (server);
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      g_autofree char *date = dup_query_param (g_ptr_array_index (requests, i), "date");

      if (g_strcmp0 (date, day) == 0)
        n++;
    }

  return n;
}

static void
assert_nothing_recorded (Fixture *f)
{
  g_autofree char *last_day = gleaner_store_dup_meta (f->store, GLEANER_HF_LAST_DAY_KEY, NULL);

  g_assert_null (last_day);
}

static void
assert_stored (Fixture    *f,
               const char *id,
               const char *daily_date)
{
  g_autoptr(GleanerPaper) paper = NULL;
  g_autoptr(GError) error = NULL;

  paper = gleaner_store_load_paper (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (paper);
  g_assert_cmpstr (gleaner_paper_get_id (paper), ==, id);
  g_assert_nonnull (gleaner_paper_get_title (paper));
  g_assert_cmpstr (gleaner_paper_get_daily_date (paper), ==, daily_date);
}

static void
assert_not_stored (Fixture    *f,
                   const char *id)
{
  g_autoptr(GleanerPaper) paper = NULL;
  g_autoptr(GError) error = NULL;

  paper = gleaner_store_load_paper (f->store, id, &error);
  g_assert_null (paper);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

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

/* Trending */

#define TRENDING_QUERY "sort=trending&limit=100"

/* The ranking in tests/fixtures/trending.json. */
static const char * const trending_ids[] = {
  "2501.00250", "2501.00010", "2501.00293", "2501.00120", "2501.00001", "2501.00175",
  "2501.00048", "2501.00201", "2501.00099", "2501.00150", "2501.00033", "2501.00260",
};

static GleanerTestResponse *
serve_trending (Fixture    *f,
                const char *fixture,
                guint       status)
{
  GleanerTestResponse *response;

  response = gleaner_test_server_add (f->server, API, TRENDING_QUERY, status);
  if (fixture != NULL)
    gleaner_test_response_set_fixture (response, fixture);

  return response;
}

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  gleaner_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  gleaner_test_add_func ("/sync/result-boxed", test_result_boxed);
  gleaner_test_add_func ("/sync/list-days", test_list_days);
  ADD ("/sync/paging", test_paging);
  ADD ("/sync/pages-fetched-while-storing", test_pages_fetched_while_storing);
  ADD ("/sync/last-day-unreadable", test_last_day_unreadable);
  ADD ("/sync/mirror-prefix", test_mirror_prefix);
  ADD ("/sync/second-run", test_second_run);
  ADD ("/sync/days-across-runs", test_days_across_runs);
  ADD ("/sync/paging-limits", test_paging_limits);
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
  ADD ("/sync/trending/stored-and-ranked", test_trending);
  ADD ("/sync/trending/after-days", test_trending_after_days);
  ADD ("/sync/trending/failure-keeps-days", test_trending_failure);
  ADD ("/sync/trending/unparsable", test_trending_unparsable);
  ADD ("/sync/search/both-shapes", test_search_shapes);
  ADD ("/sync/search/priming", test_search_priming);
  ADD ("/sync/search/escaping", test_search_escaping);
  ADD ("/sync/search/failure", test_search_failure);
  ADD ("/sync/polite/one-request-per-host", test_one_request_per_host);
  ADD ("/sync/polite/run-and-fetch", test_run_and_fetch_share_host);
  ADD ("/sync/polite/host-interval", test_host_interval);

#undef ADD

  gleaner_test_add_queued ();

  return g_test_run ();
}
