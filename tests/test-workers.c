/* test-workers.c — how the store's worker threads share the machine with the window: they
 * run at a lower priority than the main thread, and hand memory back to the system only
 * once the store has been quiet.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-workers"

#include "config.h"

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "gleaner-store-internal.h"
#include "gleaner-thread.h"
#include "gleaner-test-util.h"

static int
own_nice (void)
{
#ifdef __linux__
  return getpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid));
#else
  return 0;
#endif
}

typedef struct
{
  int      nice_before;
  int      nice_after;
  int      nice_again;
  gboolean lowered;
} Seen;

static gpointer
worker_func (gpointer data)
{
  Seen *seen = data;

  seen->nice_before = own_nice ();
  gleaner_thread_make_background ();
  seen->nice_after = own_nice ();
  seen->lowered = gleaner_thread_is_background ();
  /* Once per thread: a second call changes nothing. */
  gleaner_thread_make_background ();
  seen->nice_again = own_nice ();
  return NULL;
}

static void
test_worker_lowered (void)
{
  Seen seen = { 0 };
  GThread *thread = g_thread_new ("test-worker", worker_func, &seen);

  g_thread_join (thread);
  g_assert_true (seen.lowered);
#ifdef __linux__
  /* Nice 10, or higher if the test itself runs niced. */
  g_assert_cmpint (seen.nice_after, >=, 10);
  g_assert_cmpint (seen.nice_after, >=, seen.nice_before);
  g_assert_cmpint (seen.nice_again, ==, seen.nice_after);
#endif
  /* The thread that ran the test is not lowered by its worker. */
  g_assert_false (gleaner_thread_is_background ());
}

/* The thread that runs the default main context paints the window: never lowered. */
static void
test_main_thread_untouched (void)
{
  int before = own_nice ();

  g_assert_true (g_main_context_acquire (NULL));
  gleaner_thread_make_background ();
  g_main_context_release (NULL);

  g_assert_false (gleaner_thread_is_background ());
  g_assert_cmpint (own_nice (), ==, before);
}

static gboolean
busy_cb (gpointer user_data)
{
  _gleaner_store_note_activity ();
  return G_SOURCE_CONTINUE;
}

static gboolean
stop_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* malloc_trim() interrupts every thread of the process; it waits until the store has been
 * quiet for a second, however long the store stays busy, and then runs. */
static void
test_trim_waits_for_quiet (void)
{
  gboolean busy_over = FALSE;
  guint busy_id;

  gleaner_test_start_ticking ();
  _gleaner_store_trim_when_quiet ();
  g_assert_true (_gleaner_store_get_trim_pending ());

  /* Activity every 100 ms for 2.5 s: two and a half quiet periods, none of them quiet. */
  busy_id = g_timeout_add (100, busy_cb, NULL);
  g_timeout_add (2500, stop_cb, &busy_over);
  GLEANER_TEST_WAIT_UNTIL (busy_over);
  g_assert_true (_gleaner_store_get_trim_pending ());

  /* A second request while one is pending adds no second check. */
  _gleaner_store_trim_when_quiet ();
  g_assert_true (_gleaner_store_get_trim_pending ());

  g_source_remove (busy_id);
  GLEANER_TEST_WAIT_UNTIL (!_gleaner_store_get_trim_pending ());
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  gleaner_test_add_func ("/workers/worker-lowered", test_worker_lowered);
  gleaner_test_add_func ("/workers/main-thread-untouched", test_main_thread_untouched);
  gleaner_test_add_func ("/workers/trim-waits-for-quiet", test_trim_waits_for_quiet);
  gleaner_test_add_queued ();

  return g_test_run ();
}
