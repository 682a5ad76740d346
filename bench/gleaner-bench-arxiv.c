/* gleaner-bench-arxiv.c — a first arXiv sync of five busy categories against a local server
 * that holds clients to arXiv's 3-second spacing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   build/bench/gleaner-bench-arxiv [--interval-ms 3000] [--dir DIR]
 *
 * The server (its own thread) serves generated announcement feeds — cs.LG 800, cs.CV 600,
 * cs.AI 450, cs.CL 400 and stat.ML 250 entries, 2,500 in all, so the first batch of four hits
 * the 2,000-item cap and is fetched again one category at a time, as on a busy day — and one
 * API page of 200 for the backfill. It answers a request that comes sooner than the interval
 * after the previous answer ended with 429 and counts it. The client is Gleaner's GleanerSync
 * with an arXiv source on a fresh database; a 1 ms timer on the main loop measures the longest
 * stall while it runs. Prints the wall time, requests, spacing violations, papers stored and
 * the longest stall.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "gleaner-arxiv-source.h"
#include "gleaner-bench-feeds.h"
#include "gleaner-store.h"
#include "gleaner-sync.h"

typedef struct
{
  GMutex      mutex;
  GMainContext *context;
  SoupServer *server;
  guint       port;
  guint       interval_ms;
  gint64      last_end_us;     /* monotonic, when the previous answer was written */
  guint       n_requests;
  guint       n_violations;
  gint64      min_gap_us;
  gboolean    ready;
  GCond       cond;
  GMainLoop  *loop;
} Server;

static void
finished_cb (SoupServerMessage *msg,
             Server            *self)
{
  g_mutex_lock (&self->mutex);
  self->last_end_us = g_get_monotonic_time ();
  g_mutex_unlock (&self->mutex);
}

static void
handler_cb (SoupServer        *soup_server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Server *self = user_data;
  g_autoptr(GBytes) body = NULL;
  gint64 now = g_get_monotonic_time ();
  gboolean too_soon = FALSE;

  g_mutex_lock (&self->mutex);
  self->n_requests++;
  if (self->last_end_us > 0)
    {
      gint64 gap = now - self->last_end_us;

      self->min_gap_us = self->min_gap_us == 0 ? gap : MIN (self->min_gap_us, gap);
      /* 50 ms of slack: under load the server thread may note the end of an answer late. */
      too_soon = gap < (gint64)self->interval_ms * 1000 - 50000;
      if (too_soon)
        self->n_violations++;
    }
  g_mutex_unlock (&self->mutex);

  g_signal_connect (msg, "finished", G_CALLBACK (finished_cb), self);

  if (too_soon)
    {
      soup_server_message_set_status (msg, 429, "Too Many Requests");
      soup_message_headers_append (soup_server_message_get_response_headers (msg),
                                   "Retry-After", "3");
      return;
    }

  body = g_str_has_prefix (path, "/atom/") ? gleaner_bench_arxiv_listing (path) : gleaner_bench_arxiv_api_page ();
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/atom+xml", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static gpointer
server_thread (gpointer data)
{
  Server *self = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  self->context = g_main_context_new ();
  g_main_context_push_thread_default (self->context);
  self->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->server, NULL, handler_cb, self, NULL);
  if (!soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("%s", error->message);
  uris = soup_server_get_uris (self->server);
  self->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  self->loop = g_main_loop_new (self->context, FALSE);
  g_mutex_lock (&self->mutex);
  self->ready = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);

  g_main_loop_run (self->loop);
  return NULL;
}

typedef struct
{
  gint64 last_us;
  gint64 max_gap_us;
} Stall;

static gboolean
tick_cb (gpointer data)
{
  Stall *stall = data;
  gint64 now = g_get_monotonic_time ();

  if (stall->last_us > 0)
    stall->max_gap_us = MAX (stall->max_gap_us, now - stall->last_us);
  stall->last_us = now;

  return G_SOURCE_CONTINUE;
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GleanerSyncResult **out = user_data;
  g_autoptr(GError) error = NULL;

  if (!(*out = gleaner_sync_run_finish (GLEANER_SYNC (object), result, &error)))
    g_error ("Sync failed: %s", error->message);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *url = NULL;
  g_autofree char *api = NULL;
  g_autofree char *interval = NULL;
  g_autoptr(GleanerStore) store = NULL;
  g_autoptr(GleanerSync) sync = NULL;
  g_autoptr(GleanerArxivSource) source = NULL;
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  GleanerSyncResult *result = NULL;
  Server server = { 0 };
  Stall stall = { 0 };
  int interval_ms = 3000;
  gint64 start, elapsed;
  GOptionEntry entries[] = {
    { "interval-ms", 0, 0, G_OPTION_ARG_INT, &interval_ms, "Spacing the server enforces (3000)", "MS" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Where to create the database", "DIR" },
    { NULL }
  };

  options = g_option_context_new (NULL);
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    g_error ("%s", error->message);

  if (dir == NULL)
    dir = g_dir_make_tmp ("gleaner-bench-arxiv-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (dir, "gleaner.db", NULL);

  /* The client keeps the same spacing the server enforces. */
  interval = g_strdup_printf ("%d", interval_ms);
  g_setenv ("GLEANER_ARXIV_INTERVAL_MS", interval, TRUE);

  server.interval_ms = (guint)interval_ms;
  g_mutex_init (&server.mutex);
  g_cond_init (&server.cond);
  g_thread_unref (g_thread_new ("server", server_thread, &server));
  g_mutex_lock (&server.mutex);
  while (!server.ready)
    g_cond_wait (&server.cond, &server.mutex);
  g_mutex_unlock (&server.mutex);

  url = g_strdup_printf ("http://127.0.0.1:%u", server.port);
  api = g_strdup_printf ("http://127.0.0.1:%u/api/query", server.port);
  names = gleaner_bench_arxiv_categories ();

  store = gleaner_store_new (db, &error);
  g_assert_no_error (error);
  source = gleaner_arxiv_source_new (url, api);
  gleaner_arxiv_source_set_categories (source, (const char * const *)names);
  gleaner_arxiv_source_set_backfill_days (source, 7);
  sync = gleaner_sync_new (store);
  gleaner_sync_add_source (sync, GLEANER_SOURCE (source));

  g_timeout_add (1, tick_cb, &stall);
  start = g_get_monotonic_time ();
  gleaner_sync_run_async (sync, NULL, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  gleaner_store_flush (store);
  elapsed = g_get_monotonic_time () - start;

  g_print ("first sync of %u categories (%s entries listed, 2,000-item cap split): %.1f s\n",
           g_strv_length (names), "2,500", elapsed / 1e6);
  g_print ("requests %u, spacing violations %u, shortest gap %.0f ms (enforced: %d ms, 50 ms slack)\n",
           server.n_requests, server.n_violations, server.min_gap_us / 1e3, interval_ms);
  g_print ("papers stored %" G_GINT64_FORMAT " (added %u, updated %u, skipped %u)\n",
           gleaner_store_count_papers (store, NULL), result->added, result->updated,
           result->skipped);
  g_print ("time not spent waiting for the spacing: %.2f s\n",
           (elapsed - (gint64)(server.n_requests - 1) * interval_ms * 1000) / 1e6);
  g_print ("longest main-loop stall: %.1f ms\n", stall.max_gap_us / 1e3);

  gleaner_sync_result_free (result);
  return server.n_violations == 0 ? 0 : 1;
}
