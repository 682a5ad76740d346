/* gleaner-test-util.h — small helpers shared by the tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Removes @path and everything below it (a test's temporary directory). */
void gleaner_test_remove_tree (const char *path);

/* Iterates the default main context until @cond holds; fails the test after a generous guard
 * (30 s), not a sleep. gleaner_test_start_ticking() keeps the loop waking up so the guard is
 * checked even when nothing else happens. */
#define GLEANER_TEST_WAIT_UNTIL(cond)                                             \
  G_STMT_START {                                                                  \
    gint64 _deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;             \
    while (!(cond))                                                               \
      {                                                                           \
        if (g_get_monotonic_time () > _deadline)                                  \
          g_error ("%s:%d: timed out waiting for %s", __FILE__, __LINE__, #cond); \
        g_main_context_iteration (NULL, TRUE);                                    \
      }                                                                           \
  } G_STMT_END

/* A 50 ms ticking source on the default main context, for GLEANER_TEST_WAIT_UNTIL(). */
void gleaner_test_start_ticking (void);
/* Dispatches what is ready on the default main context, without blocking. */
void gleaner_test_drain         (void);

/* Test cases registered in an order drawn from GTest's random seed. GLib runs test cases in
 * the order they were added and (before 2.80-ish) has no option to shuffle them, so this is how
 * a hidden dependence between cases shows up. The seed is printed ("# random seed: R02S…");
 * `--seed=R02S…` replays an order, and GLEANER_TEST_ORDER=declared keeps the order in which
 * the cases were queued. GLib still runs a group's own cases before its subgroups.
 *
 * Queue the cases with the gleaner_test_add*() calls below (mirrors of g_test_add(),
 * g_test_add_func() and g_test_add_data_func()), any kind mixed, then call
 * gleaner_test_add_queued() once, after g_test_init() and before g_test_run(). Paths are copied.
 * A subprocess (g_test_trap_subprocess(), `-p PATH`) runs the one case it names, whatever the
 * order. */
void gleaner_test_add_vtable    (const char       *path,
                                 gsize             fixture_size,
                                 gconstpointer     data,
                                 GTestFixtureFunc  setup,
                                 GTestFixtureFunc  func,
                                 GTestFixtureFunc  teardown);
void gleaner_test_add_func      (const char       *path,
                                 GTestFunc         func);
void gleaner_test_add_data_func (const char       *path,
                                 gconstpointer     data,
                                 GTestDataFunc     func);
void gleaner_test_add_queued    (void);

/* Like g_test_add(), with the same type checks, queued for gleaner_test_add_queued(). */
#define gleaner_test_add(path, Fixture, tdata, fsetup, ftest, fteardown) \
  G_STMT_START { \
    void (*add_setup) (Fixture *, gconstpointer) = fsetup; \
    void (*add_test) (Fixture *, gconstpointer) = ftest; \
    void (*add_teardown) (Fixture *, gconstpointer) = fteardown; \
    gleaner_test_add_vtable (path, sizeof (Fixture), tdata, \
                             (GTestFixtureFunc) add_setup, (GTestFixtureFunc) add_test, \
                             (GTestFixtureFunc) add_teardown); \
  } G_STMT_END

typedef struct
{
  const char       *path;
  GTestFixtureFunc  func;
} GleanerTestCase;

/* Queues @cases, each with its own fixture of @fixture_size bytes, @setup and @teardown and no
 * data, then registers everything queued (gleaner_test_add_queued()). */
void gleaner_test_add_shuffled (const GleanerTestCase *cases,
                                guint                  n_cases,
                                gsize                  fixture_size,
                                GTestFixtureFunc       setup,
                                GTestFixtureFunc       teardown);

G_END_DECLS
