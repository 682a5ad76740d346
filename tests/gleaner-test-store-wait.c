/* gleaner-test-store-wait.c — the store's writes, waited for on the main loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gleaner-test-store-wait.h"
#include "gleaner-test-util.h"

void
gleaner_test_state_done_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  GleanerTestWrite *write = user_data;

  gleaner_store_set_state_finish (GLEANER_STORE (object), result, &write->error);
  write->done = TRUE;
}

void
gleaner_test_write_done_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  GleanerTestWrite *write = user_data;

  gleaner_store_write_finish (GLEANER_STORE (object), result, &write->error);
  write->done = TRUE;
}

void
gleaner_test_write_wait (GleanerTestWrite *write)
{
  /* The store completes its writes in this thread's main context (its completion wakes it,
   * so the guard is checked without a ticking source). */
  GLEANER_TEST_WAIT_UNTIL (write->done);
  g_assert_no_error (write->error);
}

typedef struct
{
  GleanerUpsertResult *result;
  GError              *error;
  gboolean             done;
} Upsert;

static void
upsert_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Upsert *upsert = user_data;

  upsert->result = gleaner_store_upsert_finish (GLEANER_STORE (object), result, &upsert->error);
  upsert->done = TRUE;
}

GleanerUpsertResult *
gleaner_test_store_upsert (GleanerStore  *store,
                           GPtrArray     *papers,
                           GError       **error)
{
  Upsert upsert = { 0 };

  gleaner_store_upsert_async (store, papers, NULL, upsert_done_cb, &upsert);
  GLEANER_TEST_WAIT_UNTIL (upsert.done);
  if (upsert.error != NULL)
    g_propagate_error (error, upsert.error);

  return upsert.result;
}

void
gleaner_test_store_set_state (GleanerStore *store,
                              const char   *id,
                              gboolean      starred,
                              gboolean      value)
{
  GleanerTestWrite write = { 0 };

  if (starred)
    gleaner_store_set_starred_async (store, id, value, NULL, gleaner_test_state_done_cb, &write);
  else
    gleaner_store_set_read_async (store, id, value, NULL, gleaner_test_state_done_cb, &write);
  gleaner_test_write_wait (&write);
}

void
gleaner_test_store_set_trending (GleanerStore *store,
                                 ...)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  GleanerTestWrite write = { 0 };
  const char *id;
  va_list args;

  va_start (args, store);
  while ((id = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (ids, (gpointer) id);
  va_end (args);

  gleaner_store_set_trending_async (store, ids, NULL, gleaner_test_write_done_cb, &write);
  gleaner_test_write_wait (&write);
}
