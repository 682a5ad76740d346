/* gleaner-thread.c — how Gleaner's worker threads share the machine with the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-thread"

#include "config.h"

#ifdef __linux__
#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "gleaner-thread.h"

/* On a two-core machine a refresh keeps the writer and a reader busy at once; at equal
 * priority the main thread then waits for a core in the middle of a frame (a 30–70 ms
 * stall with 100,000 papers). At nice 10 a worker weighs a tenth of the main thread, so
 * the scheduler keeps a core for the window while workers still get every idle cycle.
 * A thread's nice value can only go up without privileges, so it is set once and the
 * shared GLib pool threads that ran our work stay lowered; they run only our work. */
#define BACKGROUND_NICE 10

static GPrivate lowered;

void
gleaner_thread_make_background (void)
{
  /* The thread that runs the default main context is the window's: never lowered. */
  if (g_private_get (&lowered) != NULL ||
      g_main_context_is_owner (g_main_context_default ()))
    return;
  g_private_set (&lowered, GINT_TO_POINTER (1));

#ifdef __linux__
  {
    /* On Linux, PRIO_PROCESS with a thread id sets that one thread's nice value. */
    id_t tid = (id_t) syscall (SYS_gettid);
    int nice_now;

    errno = 0;
    nice_now = getpriority (PRIO_PROCESS, tid);
    if (errno == 0 && nice_now < BACKGROUND_NICE &&
        setpriority (PRIO_PROCESS, tid, BACKGROUND_NICE) != 0)
      g_debug ("Could not lower a worker thread's priority: %s", g_strerror (errno));
  }
#endif
}

gboolean
gleaner_thread_is_background (void)
{
  return g_private_get (&lowered) != NULL;
}
