/* gleaner-arxiv-fetch.c — what the arXiv source's files share: parsing off the main thread,
 * storing a feed's papers, and wording failures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-arxiv-source"

#include "config.h"

#include <glib/gi18n.h>

#include "gleaner-arxiv-private.h"

/* Parsing */

typedef struct
{
  GPtrArray            *papers;
  GleanerArxivFeedInfo  info;
} Parsed;

static void
parsed_free (Parsed *parsed)
{
  g_clear_pointer (&parsed->papers, g_ptr_array_unref);
  g_free (parsed);
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  Parsed *parsed = g_new0 (Parsed, 1);

  /* A feed of 2,000 entries takes a while: never on the main loop. */
  if (!(parsed->papers = gleaner_arxiv_parse_feed (task_data, &parsed->info, &error)))
    {
      parsed_free (parsed);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, parsed, (GDestroyNotify) parsed_free);
}

void
gleaner_arxiv_parse_async (GBytes              *bytes,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, gleaner_arxiv_parse_async);
  g_task_set_task_data (task, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, parse_thread);
}

GPtrArray *
gleaner_arxiv_parse_finish (GAsyncResult          *result,
                            GleanerArxivFeedInfo  *info,
                            GError               **error)
{
  Parsed *parsed;
  GPtrArray *papers;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  if (!(parsed = g_task_propagate_pointer (G_TASK (result), error)))
    return NULL;

  if (info != NULL)
    *info = parsed->info;
  papers = g_steal_pointer (&parsed->papers);
  parsed_free (parsed);

  return papers;
}

/* Storing */

typedef struct
{
  GleanerStore        *store;
  GPtrArray           *replaced;   /* replacements, to update where stored */
  guint                next;       /* index into replaced */
  GPtrArray           *stored;     /* replacements of stored papers */
  GleanerUpsertResult *result;
} StoreOp;

static void
store_op_free (StoreOp *op)
{
  g_clear_object (&op->store);
  g_clear_pointer (&op->replaced, g_ptr_array_unref);
  g_clear_pointer (&op->stored, g_ptr_array_unref);
  g_clear_pointer (&op->result, gleaner_upsert_result_free);
  g_free (op);
}

static void
merge_upsert (StoreOp             *op,
              GleanerUpsertResult *upsert)
{
  if (op->result == NULL)
    {
      op->result = upsert;
      return;
    }

  op->result->added += upsert->added;
  op->result->updated += upsert->updated;
  for (guint i = 0; i < upsert->new_ids->len; i++)
    g_ptr_array_add (op->result->new_ids, g_strdup (g_ptr_array_index (upsert->new_ids, i)));
  gleaner_upsert_result_free (upsert);
}

static GleanerUpsertResult *
empty_upsert (void)
{
  GleanerUpsertResult *result = g_new0 (GleanerUpsertResult, 1);

  result->new_ids = g_ptr_array_new_with_free_func (g_free);

  return result;
}

static void
return_result (GTask *task)
{
  StoreOp *op = g_task_get_task_data (task);

  g_task_return_pointer (task, op->result != NULL ? g_steal_pointer (&op->result) : empty_upsert (),
                         (GDestroyNotify) gleaner_upsert_result_free);
  g_object_unref (task);
}

static void
replaced_stored_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  StoreOp *op = g_task_get_task_data (task);
  GleanerUpsertResult *upsert;
  GError *error = NULL;

  if (!(upsert = gleaner_store_upsert_finish (GLEANER_STORE (object), result, &error)))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  /* Only stored papers were in it, so nothing is added, and nothing is news. */
  g_ptr_array_set_size (upsert->new_ids, 0);
  merge_upsert (op, upsert);
  return_result (task);
}

static void probe_next_replaced (GTask *task);

static void
replaced_probed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  StoreOp *op = g_task_get_task_data (task);
  g_autoptr(GleanerPaper) stored = NULL;
  g_autoptr(GError) error = NULL;

  if ((stored = gleaner_store_load_paper_finish (GLEANER_STORE (object), result, &error)) != NULL)
    g_ptr_array_add (op->stored, g_object_ref (g_ptr_array_index (op->replaced, op->next)));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  op->next++;
  probe_next_replaced (task);
}

/* A replacement updates a stored paper (new version, new text) but does not bring in an old
 * paper nobody asked for. Takes @task. */
static void
probe_next_replaced (GTask *task)
{
  StoreOp *op = g_task_get_task_data (task);

  if (op->next < op->replaced->len)
    {
      GleanerPaper *paper = g_ptr_array_index (op->replaced, op->next);

      gleaner_store_load_paper_async (op->store, gleaner_paper_get_id (paper),
                                      g_task_get_cancellable (task), replaced_probed_cb, task);
      return;
    }

  if (op->stored->len == 0)
    {
      return_result (task);
      return;
    }

  gleaner_store_upsert_async (op->store, op->stored, g_task_get_cancellable (task),
                              replaced_stored_cb, task);
}

static void
listed_stored_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  StoreOp *op = g_task_get_task_data (task);
  GleanerUpsertResult *upsert;
  GError *error = NULL;

  if (!(upsert = gleaner_store_upsert_finish (GLEANER_STORE (object), result, &error)))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  merge_upsert (op, upsert);
  probe_next_replaced (task);
}

void
gleaner_arxiv_store_async (GleanerStore          *store,
                           GPtrArray             *papers,
                           GleanerArxivStoreMode  mode,
                           GCancellable          *cancellable,
                           GAsyncReadyCallback    callback,
                           gpointer               user_data)
{
  g_autoptr(GTask) task = g_task_new (store, cancellable, callback, user_data);
  g_autoptr(GPtrArray) listed = g_ptr_array_new_with_free_func (g_object_unref);
  StoreOp *op;

  g_task_set_source_tag (task, gleaner_arxiv_store_async);

  op = g_new0 (StoreOp, 1);
  op->store = g_object_ref (store);
  op->replaced = g_ptr_array_new_with_free_func (g_object_unref);
  op->stored = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, op, (GDestroyNotify) store_op_free);

  for (guint i = 0; i < papers->len; i++)
    {
      GleanerPaper *paper = g_ptr_array_index (papers, i);

      if (mode == GLEANER_ARXIV_STORE_LISTING &&
          gleaner_arxiv_paper_get_announce (paper) == GLEANER_ARXIV_ANNOUNCE_REPLACE)
        g_ptr_array_add (op->replaced, g_object_ref (paper));
      else
        g_ptr_array_add (listed, g_object_ref (paper));
    }

  if (listed->len == 0)
    {
      probe_next_replaced (g_steal_pointer (&task));
      return;
    }

  gleaner_store_upsert_async (store, listed, cancellable, listed_stored_cb,
                              g_steal_pointer (&task));
}

GleanerUpsertResult *
gleaner_arxiv_store_finish (GleanerStore  *store,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Failures */

void
gleaner_arxiv_return_parse_error (GTask  *task,
                                  GUri   *uri,
                                  GError *error)
{
  GError *sync_error = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (g_error_matches (error, GLEANER_ARXIV_PARSER_ERROR, GLEANER_ARXIV_PARSER_ERROR_SERVER))
    {
      g_autofree char *host = gleaner_sync_dup_host_label (uri);

      sync_error = g_error_new (GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_HTTP,
                                /* Translators: "export.arxiv.org refused the request: incorrect id format for abc" */
                                _("%s refused the request: %s"), host, error->message);
    }
  else
    gleaner_sync_set_parse_error (&sync_error, uri, error);

  g_error_free (error);
  g_task_return_error (task, sync_error);
  g_object_unref (task);
}

typedef struct
{
  GTask *task;
  GUri  *uri;
  guint  status;
} Refusal;

static void
refusal_parsed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Refusal *refusal = user_data;
  g_autoptr(GPtrArray) papers = NULL;
  GError *error = NULL;

  papers = gleaner_arxiv_parse_finish (result, NULL, &error);

  if (g_error_matches (error, GLEANER_ARXIV_PARSER_ERROR, GLEANER_ARXIV_PARSER_ERROR_SERVER) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    gleaner_arxiv_return_parse_error (refusal->task, refusal->uri, error);
  else
    {
      g_autofree char *host = gleaner_sync_dup_host_label (refusal->uri);

      g_clear_error (&error);
      g_task_return_new_error (refusal->task, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_HTTP,
                               _("%s answered HTTP %u %s"), host, refusal->status,
                               soup_status_get_phrase (refusal->status));
      g_object_unref (refusal->task);
    }

  g_uri_unref (refusal->uri);
  g_free (refusal);
}

void
gleaner_arxiv_return_refusal (GTask  *task,
                              GUri   *uri,
                              GBytes *bytes,
                              guint   status)
{
  Refusal *refusal = g_new0 (Refusal, 1);

  refusal->task = task;
  refusal->uri = g_uri_ref (uri);
  refusal->status = status;
  gleaner_arxiv_parse_async (bytes, g_task_get_cancellable (task), refusal_parsed_cb, refusal);
}
