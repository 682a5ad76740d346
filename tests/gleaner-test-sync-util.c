/* gleaner-test-sync-util.c — the fixture and helpers shared by the sync tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gleaner-hf-source.h"
#include "gleaner-test-sync-util.h"
#include "gleaner-test-util.h"

GDateTime *
parse_time (const char *iso8601)
{
  GDateTime *time = g_date_time_new_from_iso8601 (iso8601, NULL);

  g_assert_nonnull (time);

  return time;
}

void
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

void
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
GleanerSync *
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

void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  RunState *state = user_data;

  state->result = gleaner_sync_run_finish (GLEANER_SYNC (object), result, &state->error);
  state->done = TRUE;
}

GleanerSyncResult *
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
void
serve_empty_days (Fixture    *f,
                  const char *prefix)
{
  g_autofree char *path = g_strconcat (prefix, API, NULL);
  GleanerTestResponse *response;

  response = gleaner_test_server_add (f->server, path, NULL, 200);
  gleaner_test_response_set_fixture (response, "empty.json");
}

/* Page @p of DAY from @fixture, linking to page @p + 1 when @last is FALSE. */
GleanerTestResponse *
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

void
serve_three_pages (Fixture    *f,
                   const char *prefix)
{
  serve_empty_days (f, prefix);
  serve_page (f, prefix, 0, "daily-papers-p0.json", FALSE);
  serve_page (f, prefix, 1, "daily-papers-p1.json", FALSE);
  serve_page (f, prefix, 2, "daily-papers-p2.json", TRUE);
}

char *
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
char *
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

guint
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

void
assert_nothing_recorded (Fixture *f)
{
  g_autofree char *last_day = gleaner_store_dup_meta (f->store, GLEANER_HF_LAST_DAY_KEY, NULL);

  g_assert_null (last_day);
}

void
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

void
assert_not_stored (Fixture    *f,
                   const char *id)
{
  g_autoptr(GleanerPaper) paper = NULL;
  g_autoptr(GError) error = NULL;

  paper = gleaner_store_load_paper (f->store, id, &error);
  g_assert_null (paper);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

GleanerTestResponse *
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
