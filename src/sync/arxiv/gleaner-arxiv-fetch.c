/* gleaner-arxiv-fetch.c — what the arXiv source's files share: politeness towards arXiv's
 * hosts, parsing off the main thread, storing a feed's papers, and wording failures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-arxiv-source"

#include "config.h"

#include <glib/gi18n.h>

#include "gleaner-thread.h"
#include "gleaner-arxiv-api.h"
#include "gleaner-arxiv-private.h"
#include "gleaner-arxiv-source.h"

/* Politeness */

void
gleaner_arxiv_source_prepare_fetcher (GleanerArxivSource *self,
                                      GleanerFetcher     *fetcher,
                                      GleanerStore       *store)
{
  const char *urls[] = {
    gleaner_arxiv_source_get_rss_url (self),
    gleaner_arxiv_source_get_api_url (self),
  };
  g_autofree char *dir = NULL;
  g_autofree char *lock_path = NULL;
  const char *env;
  guint64 interval_ms = GLEANER_ARXIV_INTERVAL_MS;

  g_return_if_fail (GLEANER_IS_ARXIV_SOURCE (self));
  g_return_if_fail (GLEANER_IS_FETCHER (fetcher));
  g_return_if_fail (GLEANER_IS_STORE (store));

  /* Tests shorten the spacing; nobody else should. */
  if ((env = g_getenv ("GLEANER_ARXIV_INTERVAL_MS")) != NULL &&
      !g_ascii_string_to_unsigned (env, 10, 0, 60000, &interval_ms, NULL))
    interval_ms = GLEANER_ARXIV_INTERVAL_MS;

  /* Every process using this database (window, background service, --sync) shares it. */
  dir = g_path_get_dirname (gleaner_store_get_path (store));
  lock_path = g_build_filename (dir, "arxiv.lock", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GUri) uri = gleaner_arxiv_api_parse_url (urls[i], NULL);

      if (uri == NULL || g_uri_get_host (uri) == NULL)
        continue;

      gleaner_fetcher_set_host_interval (fetcher, g_uri_get_host (uri), (guint)interval_ms);
      gleaner_fetcher_set_host_lock (fetcher, g_uri_get_host (uri), lock_path);
      gleaner_fetcher_set_host_user_agent (fetcher, g_uri_get_host (uri),
                                           GLEANER_ARXIV_USER_AGENT);
    }
}

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

  gleaner_thread_make_background ();
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

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GleanerUpsertResult *upsert;
  GError *error = NULL;

  if (!(upsert = gleaner_store_upsert_finish (GLEANER_STORE (object), result, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, upsert, (GDestroyNotify) gleaner_upsert_result_free);
}

void
gleaner_arxiv_store_async (GleanerStore        *store,
                           GPtrArray           *papers,
                           const char * const  *categories,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (store, cancellable, callback, user_data);
  g_autofree char *joined = NULL;
  g_autofree char *listing = NULL;

  g_task_set_source_tag (task, gleaner_arxiv_store_async);

  if (categories == NULL || categories[0] == NULL)
    {
      gleaner_store_upsert_async (store, papers, cancellable, stored_cb, g_steal_pointer (&task));
      return;
    }

  /* The store records, of these categories, those each paper is in. Replacements (the parser
   * marks them) update a paper without making it news. */
  joined = g_strjoinv ("+", (char **)categories);
  listing = g_strconcat ("arxiv:", joined, NULL);
  gleaner_store_upsert_listing_async (store, papers, listing, cancellable, stored_cb,
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

/* Fetching one of the API's pages */

typedef struct
{
  GUri                 *uri;
  GleanerArxivFeedInfo  info;
} FeedFetch;

static void
feed_fetch_free (FeedFetch *feed)
{
  g_clear_pointer (&feed->uri, g_uri_unref);
  g_free (feed);
}

static void
feed_parsed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  FeedFetch *feed = g_task_get_task_data (task);
  GPtrArray *papers;
  GError *error = NULL;

  if (!(papers = gleaner_arxiv_parse_finish (result, &feed->info, &error)))
    {
      gleaner_arxiv_return_parse_error (task, feed->uri, error);
      return;
    }

  g_task_return_pointer (task, papers, (GDestroyNotify) g_ptr_array_unref);
  g_object_unref (task);
}

static void
feed_fetched_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  FeedFetch *feed = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;
  guint status = 0;

  if (!(bytes = gleaner_fetcher_fetch_full_finish (GLEANER_FETCHER (object), result, &status,
                                                   NULL, &error)))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  /* "incorrect id format for …" comes as an Atom error feed with HTTP 400. */
  if (status >= 400)
    {
      gleaner_arxiv_return_refusal (task, feed->uri, bytes, status);
      return;
    }

  gleaner_arxiv_parse_async (bytes, g_task_get_cancellable (task), feed_parsed_cb, task);
}

void
gleaner_arxiv_fetch_feed_async (GleanerFetcher      *fetcher,
                                GUri                *uri,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  FeedFetch *feed;

  g_return_if_fail (GLEANER_IS_FETCHER (fetcher));
  g_return_if_fail (uri != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gleaner_arxiv_fetch_feed_async);
  feed = g_new0 (FeedFetch, 1);
  feed->uri = g_uri_ref (uri);
  g_task_set_task_data (task, feed, (GDestroyNotify) feed_fetch_free);

  gleaner_fetcher_fetch_full_async (fetcher, uri, GLEANER_ARXIV_ATOM_ACCEPT, NULL,
                                    GLEANER_FETCH_CLIENT_ERROR_BODY, cancellable,
                                    feed_fetched_cb, task);
}

GPtrArray *
gleaner_arxiv_fetch_feed_finish (GAsyncResult          *result,
                                 GleanerArxivFeedInfo  *info,
                                 GError               **error)
{
  GPtrArray *papers;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  papers = g_task_propagate_pointer (G_TASK (result), error);
  if (papers != NULL && info != NULL)
    *info = ((FeedFetch *)g_task_get_task_data (G_TASK (result)))->info;

  return papers;
}
