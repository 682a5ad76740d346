/* gleaner-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "gleaner-test-util.h"

void
gleaner_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR))
          gleaner_test_remove_tree (child);
        else
          g_unlink (child);
      }

  g_rmdir (path);
}

void
gleaner_test_add_shuffled (const GleanerTestCase *cases,
                           guint                  n_cases,
                           gsize                  fixture_size,
                           GTestFixtureFunc       setup,
                           GTestFixtureFunc       teardown)
{
  g_autofree guint *order = g_new (guint, n_cases);
  gboolean shuffle = g_strcmp0 (g_getenv ("GLEANER_TEST_ORDER"), "declared") != 0;

  for (guint i = 0; i < n_cases; i++)
    order[i] = i;

  /* Fisher–Yates, from the seeded GTest generator. */
  for (guint i = n_cases; shuffle && i > 1; i--)
    {
      guint j = g_test_rand_int_range (0, i);
      guint tmp = order[i - 1];

      order[i - 1] = order[j];
      order[j] = tmp;
    }

  for (guint i = 0; i < n_cases; i++)
    g_test_add_vtable (cases[order[i]].path, fixture_size, NULL,
                       setup, cases[order[i]].func, teardown);
}
