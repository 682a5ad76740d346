/* test-scheduler.c — GleanerScheduler's policy against a real local server, with an injected
 * clock and network monitor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No sleeps and no timing assertions: time is the injected clock, runs are started with
 * gleaner_scheduler_poll() (what the real timer calls), and the tests wait on the "finished"
 * signal with a generous guard.
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "gleaner-hf-source.h"
#include "gleaner-scheduler.h"
#include "gleaner-store.h"
#include "gleaner-sync.h"
#include "gleaner-test-server.h"
#include "gleaner-test-util.h"

#define DAY       "2025-01-07"
#define NOW       "2025-01-07T17:00:00Z"
#define API       "/api/daily_papers"
#define N_PAGE0   99
#define WAIT_S    60
#define INTERVAL  15    /* minutes; the backoff caps at 15 min */
#define SEED      20250107

/* A network monitor the test switches on and off: GNetworkMonitorBase with no networks says
 * "unavailable"; adding 0.0.0.0/0 makes it available and emits network-changed.
 *
 * GIO exports GNetworkMonitorBase (it is what the netlink and portal monitors derive from) but
 * does not install its header, gio/gnetworkmonitorbase.h; these are its declarations (stable
 * since 2.32). GType checks at registration that our instance is not smaller than its own. */
typedef struct
{
  GObject  parent_instance;
  gpointer priv;
} NetworkMonitorBase;

typedef struct
{
  GObjectClass parent_class;
  gpointer     padding[8];
} NetworkMonitorBaseClass;

GType g_network_monitor_base_get_type    (void);
void  g_network_monitor_base_add_network (gpointer          monitor,
                                          GInetAddressMask *network);

#define G_TYPE_NETWORK_MONITOR_BASE (g_network_monitor_base_get_type ())

typedef struct
{
  NetworkMonitorBase parent_instance;
} TestMonitor;

typedef struct
{
  NetworkMonitorBaseClass parent_class;
} TestMonitorClass;

static GType test_monitor_get_type (void);
G_DEFINE_TYPE (TestMonitor, test_monitor, G_TYPE_NETWORK_MONITOR_BASE)

static void
test_monitor_class_init (TestMonitorClass *klass)
{
}

static void
test_monitor_init (TestMonitor *self)
{
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    gboolean        *flag)
{
  if (available)
    *flag = TRUE;
}

/* Adds a default route; the monitor reports it from an idle callback. */
static void
test_monitor_go_online (GNetworkMonitor *monitor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddressMask) any = g_inet_address_mask_new_from_string ("0.0.0.0/0", &error);

  g_assert_no_error (error);
  g_network_monitor_base_add_network (monitor, any);
}

static GNetworkMonitor *
test_monitor_new (gboolean online)
{
  g_autoptr(GError) error = NULL;
  GNetworkMonitor *monitor = g_initable_new (test_monitor_get_type (), NULL, &error, NULL);

  g_assert_no_error (error);
  g_assert_false (g_network_monitor_get_network_available (monitor));

  if (online)
    {
      gboolean available = FALSE;
      gulong id = g_signal_connect (monitor, "network-changed",
                                    G_CALLBACK (network_changed_cb), &available);

      test_monitor_go_online (monitor);
      gleaner_test_wait_for_flag (&available, WAIT_S);
      g_signal_handler_disconnect (monitor, id);
      g_assert_true (g_network_monitor_get_network_available (monitor));
    }

  return monitor;
}

typedef struct
{
  char              *tmpdir;
  char              *db_path;
  GleanerStore      *store;
  GleanerTestServer *server;
  GleanerSync       *sync;
  GNetworkMonitor   *monitor;
  GleanerScheduler  *scheduler;
  gint64             clock;       /* the injected Unix time */

  /* The last "finished" */
  guint              n_finished;
  gboolean           finished;
  GleanerSyncResult *result;
  GError            *error;
} Fixture;

static gint64
fake_clock (gpointer user_data)
{
  Fixture *f = user_data;

  return f->clock;
}

static void
finished_cb (GleanerScheduler  *scheduler,
             GleanerSyncResult *result,
             const GError      *error,
             Fixture           *f)
{
  /* A result always on success; with an error, only what a failed run stored. */
  g_assert_true (result != NULL || error != NULL);
  g_assert_false (gleaner_scheduler_get_running (scheduler));

  g_clear_pointer (&f->result, gleaner_sync_result_free);
  g_clear_error (&f->error);
  if (result != NULL)
    f->result = g_boxed_copy (GLEANER_TYPE_SYNC_RESULT, result);
  if (error != NULL)
    f->error = g_error_copy (error);

  f->n_finished++;
  f->finished = TRUE;
}

static GleanerScheduler *
make_scheduler (Fixture *f)
{
  if (f->scheduler != NULL)
    g_signal_handlers_disconnect_by_data (f->scheduler, f);
  g_clear_object (&f->scheduler);

  f->scheduler = gleaner_scheduler_new (f->sync, f->monitor);
  gleaner_scheduler_set_clock (f->scheduler, fake_clock, f);
  gleaner_scheduler_set_seed (f->scheduler, SEED);
  g_object_set (f->scheduler, "interval", INTERVAL, NULL);
  g_signal_connect (f->scheduler, "finished", G_CALLBACK (finished_cb), f);

  return f->scheduler;
}

static void
make_sync (Fixture *f)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (NOW, NULL);
  g_autoptr(GleanerHfSource) source = gleaner_hf_source_new (gleaner_test_server_get_url (f->server));

  g_clear_object (&f->sync);
  f->sync = gleaner_sync_new (f->store);
  gleaner_sync_add_source (f->sync, GLEANER_SOURCE (source));
  gleaner_sync_set_now (f->sync, now);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->tmpdir = g_dir_make_tmp ("gleaner-test-scheduler-XXXXXX", &error);
  g_assert_no_error (error);

  f->db_path = g_build_filename (f->tmpdir, "gleaner.db", NULL);
  f->store = gleaner_store_new (f->db_path, &error);
  g_assert_no_error (error);

  f->server = gleaner_test_server_new ();
  f->monitor = test_monitor_new (TRUE);
  /* Real Unix time: the sync's retry-at is computed from the real clock. */
  f->clock = g_get_real_time () / G_USEC_PER_SEC;

  make_sync (f);
  make_scheduler (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->scheduler != NULL)
    g_signal_handlers_disconnect_by_data (f->scheduler, f);
  g_clear_object (&f->scheduler);
  g_clear_object (&f->sync);
  g_clear_object (&f->monitor);
  if (f->store != NULL)
    gleaner_store_flush (f->store);
  g_clear_object (&f->store);
  g_clear_pointer (&f->server, gleaner_test_server_free);
  g_clear_pointer (&f->result, gleaner_sync_result_free);
  g_clear_error (&f->error);
  gleaner_test_remove_tree (f->tmpdir);
  g_clear_pointer (&f->tmpdir, g_free);
  g_clear_pointer (&f->db_path, g_free);
}

/* Every daily list and the trending list answer @status (an empty list for 200). */
static GleanerTestResponse *
serve_all (Fixture *f,
           guint    status)
{
  GleanerTestResponse *response;

  gleaner_test_server_clear_responses (f->server);
  response = gleaner_test_server_add (f->server, API, NULL, status);
  if (status == 200)
    gleaner_test_response_set_fixture (response, "empty.json");
  else
    gleaner_test_response_set_body (response, "text/plain", "no", -1);

  return response;
}

/* Polls at the current clock and waits for the run it must start. */
static void
poll_and_wait (Fixture *f)
{
  f->finished = FALSE;
  gleaner_scheduler_poll (f->scheduler);
  g_assert_true (gleaner_scheduler_get_running (f->scheduler));
  gleaner_test_wait_for_flag (&f->finished, WAIT_S);
}

/* Polls at the current clock and checks that nothing starts. */
static void
poll_nothing (Fixture *f)
{
  guint n_requests = gleaner_test_server_get_n_requests (f->server);
  guint n_finished = f->n_finished;

  gleaner_scheduler_poll (f->scheduler);
  g_assert_false (gleaner_scheduler_get_running (f->scheduler));
  g_assert_cmpuint (f->n_finished, ==, n_finished);
  g_assert_cmpuint (gleaner_test_server_get_n_requests (f->server), ==, n_requests);
}

/* The wait after the @n-th failure in a row: 1, 2, 4 … minutes capped at INTERVAL. */
static gint64
backoff_cap (guint n)
{
  return MIN ((gint64)60 << (n - 1), INTERVAL * 60);
}

static void
assert_backoff (Fixture *f,
                guint    n)
{
  gint64 delay = gleaner_scheduler_get_next_run (f->scheduler) - f->clock;
  gint64 cap = backoff_cap (n);

  g_test_message ("failure %u: next run in %" G_GINT64_FORMAT " s (cap %" G_GINT64_FORMAT ")",
                  n, delay, cap);
  g_assert_cmpint (delay, <=, cap);
  g_assert_cmpint (delay, >=, cap - cap / 4);
}

/* Tests */

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_success (Fixture       *f,
              gconstpointer  data)
{
  guint running_notifies = 0;

  serve_all (f, 200);

  g_assert_cmpint (gleaner_scheduler_get_next_run (f->scheduler), ==, 0);
  g_assert_cmpuint (gleaner_scheduler_get_interval (f->scheduler), ==, INTERVAL);

  /* Never synced: due as soon as it is active. */
  gleaner_scheduler_set_active (f->scheduler, TRUE);
  g_assert_cmpint (gleaner_scheduler_get_next_run (f->scheduler), ==, f->clock);
  g_signal_connect (f->scheduler, "notify::running", G_CALLBACK (count_notify_cb),
                    &running_notifies);
  poll_and_wait (f);
  g_assert_cmpuint (running_notifies, ==, 2);

  g_assert_no_error (f->error);
  g_assert_nonnull (f->result);
  g_assert_cmpint (gleaner_scheduler_get_last_success (f->scheduler), ==, f->clock);
  g_assert_null (gleaner_scheduler_get_last_error (f->scheduler));
  g_assert_cmpint (gleaner_scheduler_get_last_error_time (f->scheduler), ==, 0);
  g_assert_cmpint (gleaner_scheduler_get_next_run (f->scheduler), ==, f->clock + INTERVAL * 60);

  /* Not due a second early. */
  f->clock += INTERVAL * 60 - 1;
  poll_nothing (f);
  f->clock += 1;
  poll_and_wait (f);
  g_assert_no_error (f->error);
  g_assert_cmpint (gleaner_scheduler_get_next_run (f->scheduler), ==, f->clock + INTERVAL * 60);

  /* The interval is clamped and moves the next run with it. */
  gleaner_scheduler_set_interval (f->scheduler, 5);
  g_assert_cmpuint (gleaner_scheduler_get_interval (f->scheduler), ==, 15);
  g_object_set (f->scheduler, "interval", 30, NULL);
  g_assert_cmpint (gleaner_scheduler_get_next_run (f->scheduler), ==, f->clock + 30 * 60);
  gleaner_scheduler_set_interval (f->scheduler, 100000);
  g_assert_cmpuint (gleaner_scheduler_get_interval (f->scheduler), ==, 1440);

  /* Inactive: nothing scheduled, polling does nothing. */
  gleaner_scheduler_set_active (f->scheduler, FALSE);
  g_assert_cmpint (gleaner_scheduler_get_next_run (f->scheduler), ==, 0);
  f->clock += 2 * 86400;
  poll_nothing (f);
}

static void
test_backoff_429 (Fixture       *f,
                  gconstpointer  data)
{
  GleanerTestResponse *response;
  gint64 retry_at;

  response = serve_all (f, 429);
  gleaner_test_response_set_header (response, "Retry-After", "120");

  gleaner_scheduler_set_active (f->scheduler, TRUE);
  poll_and_wait (f);
  g_assert_error (f->error, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_RATE_LIMITED);
  g_assert_cmpuint (gleaner_test_server_get_n_requests (f->server), ==, 1);

  /* The server's two minutes beat the first backoff's one. */
  retry_at = gleaner_sync_get_retry_at (f->sync);
  g_assert_cmpint (retry_at, >=, f->clock + 120);
  g_assert_cmpint (gleaner_scheduler_get_next_run (f->scheduler), ==, retry_at);
  g_assert_cmpstr (gleaner_scheduler_get_last_error (f->scheduler), ==, f->error->message);
  g_assert_cmpint (gleaner_scheduler_get_last_error_time (f->scheduler), ==, f->clock);

  /* Nothing before retry-at, not even at the backoff's time. */
  f->clock += 60;
  poll_nothing (f);
  f->clock = retry_at - 1;
  poll_nothing (f);

  /* At retry-at it asks again; refused again, the second backoff (2 min) applies from now. */
  f->clock = retry_at;
  poll_and_wait (f);
  g_assert_error (f->error, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_RATE_LIMITED);
  g_assert_cmpuint (gleaner_test_server_get_n_requests (f->server), ==, 2);
  g_assert_cmpint (gleaner_scheduler_get_next_run (f->scheduler), >=,
                   gleaner_sync_get_retry_at (f->sync));
  g_assert_cmpint (gleaner_scheduler_get_next_run (f->scheduler), >=,
                   f->clock + backoff_cap (2) * 3 / 4);
}

static void
test_backoff_503_ratelimit (Fixture       *f,
                            gconstpointer  data)
{
  GleanerTestResponse *response;
  gint64 retry_at;

  response = serve_all (f, 503);
  gleaner_test_response_set_header (response, "RateLimit", "\"default\";r=0;t=120");

  gleaner_scheduler_set_active (f->scheduler, TRUE);
  poll_and_wait (f);
  g_assert_error (f->error, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_RATE_LIMITED);
  g_assert_nonnull (strstr (f->error->message, "HTTP 503"));

  retry_at = gleaner_sync_get_retry_at (f->sync);
  g_assert_cmpint (retry_at, >=, f->clock + 120);
  g_assert_cmpint (retry_at, <=, f->clock + 120 + 30);
  g_assert_cmpint (gleaner_scheduler_get_next_run (f->scheduler), ==, retry_at);

  f->clock = retry_at - 1;
  poll_nothing (f);

  /* The server recovers: success clears retry-at and the backoff. */
  serve_all (f, 200);
  f->clock = retry_at;
  poll_and_wait (f);
  g_assert_no_error (f->error);
  g_assert_cmpint (gleaner_sync_get_retry_at (f->sync), ==, 0);
  g_assert_cmpint (gleaner_scheduler_get_next_run (f->scheduler), ==, f->clock + INTERVAL * 60);
}

static void
test_backoff_500 (Fixture       *f,
                  gconstpointer  data)
{
  gboolean jittered = FALSE;

  serve_all (f, 500);
  gleaner_scheduler_set_active (f->scheduler, TRUE);

  /* 1, 2, 4, 8 minutes, then the 15-minute interval, each less up to a quarter. */
  for (guint n = 1; n <= 7; n++)
    {
      gint64 next_run;

      poll_and_wait (f);
      g_assert_error (f->error, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_HTTP);
      g_assert_cmpint (gleaner_sync_get_retry_at (f->sync), ==, 0);
      assert_backoff (f, n);

      next_run = gleaner_scheduler_get_next_run (f->scheduler);
      if (next_run - f->clock != backoff_cap (n))
        jittered = TRUE;

      /* No tight loop: a poll before the time does nothing. */
      f->clock = next_run - 1;
      poll_nothing (f);
      f->clock = next_run;
    }
  g_assert_true (jittered);
  g_assert_cmpuint (gleaner_test_server_get_n_requests (f->server), ==, 7);

  /* Success resets: the interval, then a new failure starts over at one minute. */
  serve_all (f, 200);
  poll_and_wait (f);
  g_assert_no_error (f->error);
  g_assert_null (gleaner_scheduler_get_last_error (f->scheduler));
  g_assert_cmpint (gleaner_scheduler_get_next_run (f->scheduler), ==, f->clock + INTERVAL * 60);

  serve_all (f, 500);
  f->clock = gleaner_scheduler_get_next_run (f->scheduler);
  poll_and_wait (f);
  g_assert_error (f->error, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_HTTP);
  assert_backoff (f, 1);
}

static void
test_jitter_seeded (Fixture       *f,
                    gconstpointer  data)
{
  gint64 delays[2][4];

  /* The same seed gives the same waits; the jitter comes from the seeded generator only. */
  serve_all (f, 500);

  for (guint round = 0; round < 2; round++)
    {
      make_sync (f);
      make_scheduler (f);
      gleaner_scheduler_set_active (f->scheduler, TRUE);

      for (guint n = 0; n < G_N_ELEMENTS (delays[round]); n++)
        {
          poll_and_wait (f);
          delays[round][n] = gleaner_scheduler_get_next_run (f->scheduler) - f->clock;
          f->clock = gleaner_scheduler_get_next_run (f->scheduler);
        }
    }

  for (guint n = 0; n < G_N_ELEMENTS (delays[0]); n++)
    g_assert_cmpint (delays[0][n], ==, delays[1][n]);
}

static void
test_run_now_before_retry_at (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *first_message = NULL;
  GleanerTestResponse *response;
  gint64 next_run;

  response = serve_all (f, 429);
  gleaner_test_response_set_header (response, "Retry-After", "600");

  /* A manual refresh runs even while inactive… */
  f->finished = FALSE;
  gleaner_scheduler_run_now (f->scheduler);
  g_assert_true (gleaner_scheduler_get_running (f->scheduler));
  gleaner_test_wait_for_flag (&f->finished, WAIT_S);
  g_assert_error (f->error, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_RATE_LIMITED);
  first_message = g_strdup (f->error->message);
  g_assert_cmpuint (gleaner_test_server_get_n_requests (f->server), ==, 1);

  /* …but before retry-at it does not reach the server, and says the same thing at once. */
  gleaner_scheduler_set_active (f->scheduler, TRUE);
  next_run = gleaner_scheduler_get_next_run (f->scheduler);
  g_assert_cmpint (next_run, >=, gleaner_sync_get_retry_at (f->sync));

  f->clock += 300;
  f->finished = FALSE;
  gleaner_scheduler_run_now (f->scheduler);
  g_assert_true (f->finished);
  g_assert_false (gleaner_scheduler_get_running (f->scheduler));
  g_assert_error (f->error, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_RATE_LIMITED);
  g_assert_cmpstr (f->error->message, ==, first_message);
  g_assert_cmpuint (gleaner_test_server_get_n_requests (f->server), ==, 1);
  g_assert_cmpint (gleaner_scheduler_get_next_run (f->scheduler), ==, next_run);

  /* Once retry-at has passed, a manual refresh asks again. */
  serve_all (f, 200);
  f->clock = gleaner_sync_get_retry_at (f->sync);
  f->finished = FALSE;
  gleaner_scheduler_run_now (f->scheduler);
  gleaner_test_wait_for_flag (&f->finished, WAIT_S);
  g_assert_no_error (f->error);
  g_assert_cmpuint (gleaner_test_server_get_n_requests (f->server), >, 1);
}

static void
test_offline (Fixture       *f,
              gconstpointer  data)
{
  serve_all (f, 200);

  g_clear_object (&f->monitor);
  f->monitor = test_monitor_new (FALSE);
  make_scheduler (f);
  g_assert_false (gleaner_scheduler_get_waiting_for_network (f->scheduler));

  /* Due, but offline: nothing starts, and the scheduler says what it waits for. */
  gleaner_scheduler_set_active (f->scheduler, TRUE);
  poll_nothing (f);
  g_assert_true (gleaner_scheduler_get_waiting_for_network (f->scheduler));
  g_assert_cmpuint (gleaner_test_server_get_n_requests (f->server), ==, 0);

  /* Still offline hours later: still nothing. */
  f->clock += 3 * 3600;
  poll_nothing (f);
  g_assert_true (gleaner_scheduler_get_waiting_for_network (f->scheduler));

  /* The network comes back: the overdue run starts right away. */
  f->finished = FALSE;
  test_monitor_go_online (f->monitor);
  gleaner_test_wait_for_flag (&f->finished, WAIT_S);
  g_assert_no_error (f->error);
  g_assert_false (gleaner_scheduler_get_waiting_for_network (f->scheduler));
  g_assert_cmpuint (gleaner_test_server_get_n_requests (f->server), >, 0);
  g_assert_cmpint (gleaner_scheduler_get_last_success (f->scheduler), ==, f->clock);
  g_assert_cmpint (gleaner_scheduler_get_next_run (f->scheduler), ==, f->clock + INTERVAL * 60);
}

static void
test_offline_not_due (Fixture       *f,
                      gconstpointer  data)
{
  serve_all (f, 200);
  gleaner_scheduler_set_active (f->scheduler, TRUE);
  poll_and_wait (f);
  g_assert_no_error (f->error);

  /* Going offline and back between runs starts nothing. */
  gleaner_store_flush (f->store);
  g_clear_object (&f->monitor);
  f->monitor = test_monitor_new (FALSE);
  make_scheduler (f);
  gleaner_scheduler_set_active (f->scheduler, TRUE);
  g_assert_cmpint (gleaner_scheduler_get_next_run (f->scheduler), ==, f->clock + INTERVAL * 60);
  poll_nothing (f);
  g_assert_false (gleaner_scheduler_get_waiting_for_network (f->scheduler));

  {
    gboolean available = FALSE;

    g_signal_connect (f->monitor, "network-changed", G_CALLBACK (network_changed_cb), &available);
    test_monitor_go_online (f->monitor);
    gleaner_test_wait_for_flag (&available, WAIT_S);
  }
  g_assert_false (gleaner_scheduler_get_running (f->scheduler));
  g_assert_cmpuint (f->n_finished, ==, 1);
}

static void
reopen_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  if (f->scheduler != NULL)
    g_signal_handlers_disconnect_by_data (f->scheduler, f);
  g_clear_object (&f->scheduler);
  g_clear_object (&f->sync);
  gleaner_store_flush (f->store);
  g_clear_object (&f->store);

  f->store = gleaner_store_new (f->db_path, &error);
  g_assert_no_error (error);
  make_sync (f);
  make_scheduler (f);
}

static void
test_persisted (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *message = NULL;
  gint64 failed_at;
  gint64 succeeded_at;

  /* A failure, then a restart: the new scheduler shows it. */
  serve_all (f, 500);
  gleaner_scheduler_run_now (f->scheduler);
  gleaner_test_wait_for_flag (&f->finished, WAIT_S);
  g_assert_error (f->error, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_HTTP);
  message = g_strdup (f->error->message);
  failed_at = f->clock;

  reopen_store (f);
  g_assert_cmpstr (gleaner_scheduler_get_last_error (f->scheduler), ==, message);
  g_assert_cmpint (gleaner_scheduler_get_last_error_time (f->scheduler), ==, failed_at);
  g_assert_cmpint (gleaner_scheduler_get_last_success (f->scheduler), ==, 0);

  /* The last attempt failed in an earlier session: becoming active retries now. */
  gleaner_scheduler_set_active (f->scheduler, TRUE);
  g_assert_cmpint (gleaner_scheduler_get_next_run (f->scheduler), ==, f->clock);
  gleaner_scheduler_set_active (f->scheduler, FALSE);

  /* A success later clears the error, also after a restart. */
  serve_all (f, 200);
  f->clock += 100;
  f->finished = FALSE;
  gleaner_scheduler_run_now (f->scheduler);
  gleaner_test_wait_for_flag (&f->finished, WAIT_S);
  g_assert_no_error (f->error);
  succeeded_at = f->clock;

  f->clock += 60;
  reopen_store (f);
  g_assert_null (gleaner_scheduler_get_last_error (f->scheduler));
  g_assert_cmpint (gleaner_scheduler_get_last_error_time (f->scheduler), ==, 0);
  g_assert_cmpint (gleaner_scheduler_get_last_success (f->scheduler), ==, succeeded_at);

  /* And the next run is an interval after that success, not at start-up. */
  gleaner_scheduler_set_active (f->scheduler, TRUE);
  g_assert_cmpint (gleaner_scheduler_get_next_run (f->scheduler), ==,
                   succeeded_at + INTERVAL * 60);
}

typedef struct
{
  GleanerScheduler *scheduler;
  gboolean          done;
} Made;

static void
scheduler_made_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Made *made = user_data;
  g_autoptr(GError) error = NULL;

  made->scheduler = gleaner_scheduler_new_finish (result, &error);
  g_assert_no_error (error);
  g_assert_true (GLEANER_IS_SCHEDULER (made->scheduler));
  made->done = TRUE;
}

/* The main loop's scheduler reads the same outcome on the store's thread. */
static void
test_persisted_async (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *message = NULL;
  Made made = { NULL, FALSE };

  serve_all (f, 500);
  gleaner_scheduler_run_now (f->scheduler);
  gleaner_test_wait_for_flag (&f->finished, WAIT_S);
  g_assert_error (f->error, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_HTTP);
  message = g_strdup (f->error->message);
  gleaner_store_flush (f->store);

  gleaner_scheduler_new_async (f->sync, f->monitor, NULL, scheduler_made_cb, &made);
  g_assert_false (made.done);
  gleaner_test_wait_for_flag (&made.done, WAIT_S);

  g_assert_cmpstr (gleaner_scheduler_get_last_error (made.scheduler), ==, message);
  g_assert_cmpint (gleaner_scheduler_get_last_error_time (made.scheduler), ==, f->clock);
  g_assert_cmpint (gleaner_scheduler_get_last_success (made.scheduler), ==, 0);
  g_assert_false (gleaner_scheduler_get_active (made.scheduler));
  g_assert_false (gleaner_scheduler_get_running (made.scheduler));
  g_object_unref (made.scheduler);
}

static void
cancel_on_page1_cb (GleanerTestServer        *server,
                    const GleanerTestRequest *request,
                    gpointer                  user_data)
{
  Fixture *f = user_data;

  if (request->query != NULL && strstr (request->query, "date=" DAY) != NULL &&
      strstr (request->query, "p=1") != NULL)
    gleaner_scheduler_cancel (f->scheduler);
}

static char *
dup_sql_text (sqlite3    *db,
              const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return text;
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *integrity = NULL;
  g_autofree char *count = NULL;
  GleanerTestResponse *response;
  sqlite3 *db = NULL;
  char *errmsg = NULL;

  /* Page 0 comes whole; page 1 trickles and the scheduler is cancelled when it is asked. */
  serve_all (f, 200);
  response = gleaner_test_server_add (f->server, API, "date=" DAY "&p=0", 200);
  gleaner_test_response_set_fixture (response, "daily-papers-p0.json");
  gleaner_test_response_set_header (response, "Link",
                                    "<" API "?date=" DAY "&limit=100&p=1>; rel=\"next\"");
  response = gleaner_test_server_add (f->server, API, "date=" DAY "&p=1", 200);
  gleaner_test_response_set_fixture (response, "daily-papers-p1.json");
  gleaner_test_response_set_fault (response, GLEANER_TEST_FAULT_TRICKLE, 10);
  gleaner_test_server_set_request_func (f->server, cancel_on_page1_cb, f);

  gleaner_scheduler_set_active (f->scheduler, TRUE);
  poll_and_wait (f);
  gleaner_test_server_set_request_func (f->server, NULL, NULL);

  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (gleaner_scheduler_get_running (f->scheduler));
  /* Not a failure: no error recorded, no backoff. */
  g_assert_null (gleaner_scheduler_get_last_error (f->scheduler));
  g_assert_cmpint (gleaner_scheduler_get_next_run (f->scheduler), ==, f->clock + INTERVAL * 60);

  /* Page 0 complete, nothing of page 1, and the file is sound. */
  gleaner_store_flush (f->store);
  g_assert_cmpint (gleaner_store_count_papers (f->store, NULL), ==, N_PAGE0);

  g_assert_cmpint (sqlite3_open_v2 (f->db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  integrity = dup_sql_text (db, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO papers_fts (papers_fts) VALUES ('integrity-check')",
                                 NULL, NULL, &errmsg), ==, SQLITE_OK);
  g_assert_null (errmsg);
  count = dup_sql_text (db, "SELECT count(*) FROM papers WHERE arxiv_id >= '2501.00101'");
  g_assert_cmpstr (count, ==, "0");
  sqlite3_close (db);
}

/* The daily pages store papers, then the trending list is rate limited: the run failed, but
 * what it stored is reported with the error, so the notifier still hears of the new papers. */
static void
test_partial_result (Fixture       *f,
                     gconstpointer  data)
{
  GleanerTestResponse *response;

  gleaner_test_server_clear_responses (f->server);
  response = gleaner_test_server_add (f->server, API, NULL, 200);
  gleaner_test_response_set_fixture (response, "daily-papers-p2.json");
  response = gleaner_test_server_add (f->server, API, "sort=trending", 429);
  gleaner_test_response_set_header (response, "Retry-After", "120");
  gleaner_test_response_set_body (response, "text/plain", "slow down", -1);

  gleaner_scheduler_set_active (f->scheduler, TRUE);
  poll_and_wait (f);

  g_assert_error (f->error, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_RATE_LIMITED);
  g_assert_nonnull (f->result);
  g_assert_cmpuint (f->result->added, >, 0);
  g_assert_cmpuint (f->result->new_ids->len, ==, f->result->added);
  g_assert_nonnull (gleaner_scheduler_get_last_error (f->scheduler));
  g_assert_cmpint (gleaner_scheduler_get_next_run (f->scheduler), >=, f->clock + 120);

  /* Nothing stored before the failure: no result at all. */
  serve_all (f, 500);
  f->clock = gleaner_scheduler_get_next_run (f->scheduler);
  poll_and_wait (f);
  g_assert_nonnull (f->error);
  g_assert_null (f->result);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GArray) cases = g_array_new (FALSE, FALSE, sizeof (GleanerTestCase));

  g_test_init (&argc, &argv, NULL);

  /* Registered in an order drawn from the seed: each test stands alone (see
   * gleaner-test-util.h). */
#define ADD(path, func) \
  g_array_append_vals (cases, &(GleanerTestCase) { path, (GTestFixtureFunc) func }, 1)

  ADD ("/scheduler/success", test_success);
  ADD ("/scheduler/backoff/429-retry-after", test_backoff_429);
  ADD ("/scheduler/backoff/503-ratelimit", test_backoff_503_ratelimit);
  ADD ("/scheduler/backoff/500-exponential", test_backoff_500);
  ADD ("/scheduler/backoff/seeded-jitter", test_jitter_seeded);
  ADD ("/scheduler/run-now/before-retry-at", test_run_now_before_retry_at);
  ADD ("/scheduler/offline/waits-for-network", test_offline);
  ADD ("/scheduler/offline/not-due", test_offline_not_due);
  ADD ("/scheduler/persisted", test_persisted);
  ADD ("/scheduler/persisted-async", test_persisted_async);
  ADD ("/scheduler/cancel", test_cancel);
  ADD ("/scheduler/partial-result", test_partial_result);

#undef ADD

  gleaner_test_add_shuffled (&g_array_index (cases, GleanerTestCase, 0), cases->len,
                             sizeof (Fixture), (GTestFixtureFunc)fixture_setup,
                             (GTestFixtureFunc)fixture_teardown);

  return g_test_run ();
}
