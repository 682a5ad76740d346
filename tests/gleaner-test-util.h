/* gleaner-test-util.h — small helpers shared by the tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Removes @path and everything below it (a test's temporary directory). */
void gleaner_test_remove_tree (const char *path);

typedef struct
{
  const char       *path;
  GTestFixtureFunc  func;
} GleanerTestCase;

/* Registers @cases, each with its own fixture of @fixture_size bytes, @setup and @teardown,
 * in an order drawn from GTest's random seed: GLib runs test cases in the order they were
 * added and has no option to shuffle them, so this is how a hidden dependence between cases
 * shows up. The seed is printed ("# random seed: R02S…"); `--seed=R02S…` replays an order, and
 * GLEANER_TEST_ORDER=declared keeps the order of @cases. Call after g_test_init(). */
void gleaner_test_add_shuffled (const GleanerTestCase *cases,
                                guint                  n_cases,
                                gsize                  fixture_size,
                                GTestFixtureFunc       setup,
                                GTestFixtureFunc       teardown);

G_END_DECLS
