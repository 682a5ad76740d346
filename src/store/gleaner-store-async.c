/* gleaner-store-async.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reads the main loop makes, run on the store's thread (see _gleaner_store_read_async())
 * so the main thread never waits on SQLite; their synchronous twins in gleaner-store.c are
 * for tests and the command line.
 */

#define G_LOG_DOMAIN "gleaner-store"

#include "config.h"

#include "gleaner-store-internal.h"

static gpointer
propagate (GleanerStore  *self,
           GAsyncResult  *result,
           gpointer       source_tag,
           GError       **error)
{
  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------------------------------- */

/* A meta value may be unset, but a read's result may not be NULL: it travels in a box. */
typedef struct
{
  char *value;
} MetaBox;

static void
meta_box_free (MetaBox *box)
{
  g_free (box->value);
  g_free (box);
}

static gpointer
dup_meta_func (sqlite3   *db,
               gpointer   data,
               GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  MetaBox *box = g_new0 (MetaBox, 1);

  box->value = _gleaner_store_dup_meta_on (db, data, &local_error);
  if (local_error != NULL)
    {
      meta_box_free (box);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return box;
}

void
gleaner_store_dup_meta_async (GleanerStore        *self,
                              const char          *key,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (GLEANER_IS_STORE (self));
  g_return_if_fail (key != NULL);

  _gleaner_store_read_async (self, dup_meta_func, g_strdup (key), g_free,
                             (GDestroyNotify)meta_box_free, gleaner_store_dup_meta_async,
                             cancellable, callback, user_data);
}

gboolean
gleaner_store_dup_meta_finish (GleanerStore  *self,
                               GAsyncResult  *result,
                               char         **out_value,
                               GError       **error)
{
  MetaBox *box;

  g_return_val_if_fail (out_value != NULL, FALSE);

  *out_value = NULL;
  if (!(box = propagate (self, result, gleaner_store_dup_meta_async, error)))
    return FALSE;

  *out_value = g_steal_pointer (&box->value);
  meta_box_free (box);

  return TRUE;
}

/* ---------------------------------------------------------------------------------------- */

static gpointer
load_paper_func (sqlite3   *db,
                 gpointer   data,
                 GError   **error)
{
  return _gleaner_store_load_paper_on (db, data, 0, error);
}

void
gleaner_store_load_paper_async (GleanerStore        *self,
                                const char          *id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (GLEANER_IS_STORE (self));
  g_return_if_fail (id != NULL);

  _gleaner_store_read_async (self, load_paper_func, g_strdup (id), g_free, g_object_unref,
                             gleaner_store_load_paper_async, cancellable, callback, user_data);
}

GleanerPaper *
gleaner_store_load_paper_finish (GleanerStore  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return propagate (self, result, gleaner_store_load_paper_async, error);
}

/* ---------------------------------------------------------------------------------------- */

static gpointer
list_starred_func (sqlite3   *db,
                   gpointer   data,
                   GError   **error)
{
  return _gleaner_store_list_starred_on (db, error);
}

void
gleaner_store_list_starred_async (GleanerStore        *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (GLEANER_IS_STORE (self));

  _gleaner_store_read_async (self, list_starred_func, NULL, NULL,
                             (GDestroyNotify)g_ptr_array_unref,
                             gleaner_store_list_starred_async, cancellable, callback, user_data);
}

GPtrArray *
gleaner_store_list_starred_finish (GleanerStore  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return propagate (self, result, gleaner_store_list_starred_async, error);
}

/* ---------------------------------------------------------------------------------------- */

static gpointer
list_saved_searches_func (sqlite3   *db,
                          gpointer   data,
                          GError   **error)
{
  return _gleaner_store_list_saved_searches_on (db, error);
}

void
gleaner_store_list_saved_searches_async (GleanerStore        *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (GLEANER_IS_STORE (self));

  _gleaner_store_read_async (self, list_saved_searches_func, NULL, NULL,
                             (GDestroyNotify)g_ptr_array_unref,
                             gleaner_store_list_saved_searches_async,
                             cancellable, callback, user_data);
}

GPtrArray *
gleaner_store_list_saved_searches_finish (GleanerStore  *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return propagate (self, result, gleaner_store_list_saved_searches_async, error);
}

/* ---------------------------------------------------------------------------------------- */

static gpointer
flush_func (sqlite3   *db,
            gpointer   data,
            GError   **error)
{
  return GINT_TO_POINTER (TRUE);
}

void
gleaner_store_flush_async (GleanerStore        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (GLEANER_IS_STORE (self));

  /* The thread runs in order: once this no-op ran, every earlier write is committed. */
  _gleaner_store_read_async (self, flush_func, NULL, NULL, NULL, gleaner_store_flush_async,
                             cancellable, callback, user_data);
}

gboolean
gleaner_store_flush_finish (GleanerStore  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return propagate (self, result, gleaner_store_flush_async, error) != NULL;
}
