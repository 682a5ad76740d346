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

/* One queued case: exactly one of fixture_func, func, data_func is set. */
typedef struct
{
  char             *path;
  gsize             fixture_size;
  gconstpointer     data;
  GTestFixtureFunc  setup;
  GTestFixtureFunc  fixture_func;
  GTestFixtureFunc  teardown;
  GTestFunc         func;
  GTestDataFunc     data_func;
} QueuedCase;

static GArray *queued;

static void
queue (const QueuedCase *qc)
{
  if (queued == NULL)
    queued = g_array_new (FALSE, TRUE, sizeof (QueuedCase));

  g_array_append_vals (queued, qc, 1);
  g_array_index (queued, QueuedCase, queued->len - 1).path = g_strdup (qc->path);
}

void
gleaner_test_add_vtable (const char       *path,
                         gsize             fixture_size,
                         gconstpointer     data,
                         GTestFixtureFunc  setup,
                         GTestFixtureFunc  func,
                         GTestFixtureFunc  teardown)
{
  g_return_if_fail (func != NULL);

  queue (&(QueuedCase) { (char *) path, fixture_size, data, setup, func, teardown, NULL, NULL });
}

void
gleaner_test_add_func (const char *path,
                       GTestFunc   func)
{
  g_return_if_fail (func != NULL);

  queue (&(QueuedCase) { (char *) path, 0, NULL, NULL, NULL, NULL, func, NULL });
}

void
gleaner_test_add_data_func (const char    *path,
                            gconstpointer  data,
                            GTestDataFunc  func)
{
  g_return_if_fail (func != NULL);

  queue (&(QueuedCase) { (char *) path, 0, data, NULL, NULL, NULL, NULL, func });
}

void
gleaner_test_add_queued (void)
{
  g_autofree guint *order = NULL;
  gboolean shuffle = g_strcmp0 (g_getenv ("GLEANER_TEST_ORDER"), "declared") != 0;
  guint n_cases;

  if (queued == NULL)
    return;

  n_cases = queued->len;
  order = g_new (guint, n_cases);

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
    {
      QueuedCase *qc = &g_array_index (queued, QueuedCase, order[i]);

      if (qc->fixture_func != NULL)
        g_test_add_vtable (qc->path, qc->fixture_size, qc->data,
                           qc->setup, qc->fixture_func, qc->teardown);
      else if (qc->func != NULL)
        g_test_add_func (qc->path, qc->func);
      else
        g_test_add_data_func (qc->path, qc->data, qc->data_func);
    }

  for (guint i = 0; i < n_cases; i++)
    g_free (g_array_index (queued, QueuedCase, i).path);
  g_clear_pointer (&queued, g_array_unref);
}

void
gleaner_test_add_shuffled (const GleanerTestCase *cases,
                           guint                  n_cases,
                           gsize                  fixture_size,
                           GTestFixtureFunc       setup,
                           GTestFixtureFunc       teardown)
{
  for (guint i = 0; i < n_cases; i++)
    gleaner_test_add_vtable (cases[i].path, fixture_size, NULL, setup, cases[i].func, teardown);

  gleaner_test_add_queued ();
}

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

void
gleaner_test_start_ticking (void)
{
  g_timeout_add (50, tick_cb, NULL);
}

void
gleaner_test_drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}
