/* gleaner-arxiv-source.c — arXiv's daily listings (and its API) as a GleanerSource.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-arxiv-source"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gleaner-arxiv-api.h"
#include "gleaner-arxiv-private.h"
#include "gleaner-arxiv-source.h"

#define DEFAULT_BACKFILL_DAYS  7
#define MAX_BACKFILL_DAYS      30

struct _GleanerArxivSource
{
  GObject  parent_instance;

  char    *rss_url;
  char    *api_url;
  char   **categories;
  guint    backfill_days;
};

static void source_iface_init (GleanerSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GleanerArxivSource, gleaner_arxiv_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GLEANER_TYPE_SOURCE, source_iface_init))

enum {
  PROP_0,
  PROP_RSS_URL,
  PROP_API_URL,
  PROP_CATEGORIES,
  PROP_BACKFILL_DAYS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* One fetch. */
typedef struct
{
  GleanerFetcher    *fetcher;
  GleanerStore      *store;
  GUri              *rss_uri;
  GUri              *api_uri;
  GleanerSyncResult *result;
  gint64             now_unix;
  char              *today;          /* "YYYYMMDD", UTC */
  char              *first_day;      /* backfill from, "YYYYMMDD" */
  guint              backfill_days;
  char             **categories;
  /* Listings */
  GPtrArray         *batches;        /* (element-type GStrv); a refused batch is split */
  guint              batch;
  GUri              *page_uri;       /* the request in flight */
  char              *feed_key;
  char              *etag;           /* of the feed in flight, as stored */
  gint64             max_age;        /* of the answer in flight; -1: none */
  GError            *first_error;    /* an unknown category: reported once the rest is in */
  /* Backfill */
  GHashTable        *backfilled;     /* categories already backfilled */
  char             **to_backfill;
  guint              start;
  gboolean           retried_empty;
} ArxivFetch;

static void
arxiv_fetch_free (ArxivFetch *fetch)
{
  g_clear_object (&fetch->fetcher);
  g_clear_object (&fetch->store);
  g_clear_pointer (&fetch->rss_uri, g_uri_unref);
  g_clear_pointer (&fetch->api_uri, g_uri_unref);
  g_clear_pointer (&fetch->result, gleaner_sync_result_free);
  g_clear_pointer (&fetch->today, g_free);
  g_clear_pointer (&fetch->first_day, g_free);
  g_clear_pointer (&fetch->categories, g_strfreev);
  g_clear_pointer (&fetch->batches, g_ptr_array_unref);
  g_clear_pointer (&fetch->page_uri, g_uri_unref);
  g_clear_pointer (&fetch->feed_key, g_free);
  g_clear_pointer (&fetch->etag, g_free);
  g_clear_error (&fetch->first_error);
  g_clear_pointer (&fetch->backfilled, g_hash_table_unref);
  g_clear_pointer (&fetch->to_backfill, g_strfreev);
  g_free (fetch);
}

static void next_batch (GTask *task);
static void start_backfill (GTask *task);
static void fetch_backfill_page (GTask *task);

/* Ends the fetch successfully, or with an unknown category's error. Takes @task. */
static void
return_done (GTask *task)
{
  ArxivFetch *fetch = g_task_get_task_data (task);

  if (fetch->first_error != NULL)
    g_task_return_error (task, g_steal_pointer (&fetch->first_error));
  else
    g_task_return_pointer (task, g_steal_pointer (&fetch->result),
                           (GDestroyNotify) gleaner_sync_result_free);
  g_object_unref (task);
}

/* Fails @task with @error (owned) from the store. Takes @task. */
static void
return_store_error (GTask  *task,
                    GError *error)
{
  gleaner_source_task_return_store_error (task, error);
  g_object_unref (task);
}

/* Listings */

static void
batch_done (GTask *task)
{
  ArxivFetch *fetch = g_task_get_task_data (task);

  fetch->batch++;
  next_batch (task);
}

/* Remembers the feed's ETag and how long it stays fresh, once its papers are stored.
 * Takes @task. */
static void
save_feed_meta (GTask *task)
{
  ArxivFetch *fetch = g_task_get_task_data (task);
  g_autofree char *value = NULL;
  gint64 expires = fetch->max_age > 0 ? fetch->now_unix + fetch->max_age : 0;

  if (expires == 0 && fetch->etag == NULL)
    {
      batch_done (task);
      return;
    }

  value = gleaner_arxiv_api_format_feed_meta (expires, fetch->etag);
  gleaner_store_set_meta_async (fetch->store, fetch->feed_key, value,
                                g_task_get_cancellable (task), gleaner_source_task_written_cb,
                                gleaner_source_task_step (task, batch_done));
}

static void
listing_stored_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  ArxivFetch *fetch = g_task_get_task_data (task);
  g_autoptr(GleanerUpsertResult) upsert = NULL;
  GError *error = NULL;

  if (!(upsert = gleaner_arxiv_store_finish (GLEANER_STORE (object), result, &error)))
    {
      return_store_error (task, error);
      return;
    }

  gleaner_sync_result_add_upsert (fetch->result, upsert);
  save_feed_meta (task);
}

/* Fetches the current batch again as two halves (one category at a time in the end), so
 * that the cap or a refused category costs few extra requests. Takes @task. */
static void
split_batch (GTask *task)
{
  ArxivFetch *fetch = g_task_get_task_data (task);
  g_auto(GStrv) batch = g_ptr_array_steal_index (fetch->batches, fetch->batch);
  guint n = g_strv_length (batch);
  guint half = (n + 1) / 2;
  char **first = g_new0 (char *, half + 1);
  char **second = g_new0 (char *, n - half + 1);

  g_assert (n > 1);

  for (guint i = 0; i < n; i++)
    {
      if (i < half)
        first[i] = g_strdup (batch[i]);
      else
        second[i - half] = g_strdup (batch[i]);
    }

  g_ptr_array_insert (fetch->batches, fetch->batch, second);
  g_ptr_array_insert (fetch->batches, fetch->batch, first);

  next_batch (task);
}

static void
listing_parsed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  ArxivFetch *fetch = g_task_get_task_data (task);
  char **batch = g_ptr_array_index (fetch->batches, fetch->batch);
  g_autoptr(GPtrArray) papers = NULL;
  GleanerArxivFeedInfo info;
  GError *error = NULL;

  if (!(papers = gleaner_arxiv_parse_finish (result, &info, &error)))
    {
      gleaner_arxiv_return_parse_error (task, fetch->page_uri, error);
      return;
    }

  /* Cut off at the cap: some entries are missing; ask for fewer categories at a time. */
  if (papers->len + info.n_skipped >= GLEANER_ARXIV_FEED_CAP && g_strv_length (batch) > 1)
    {
      g_debug ("%s: %u entries, at the cap; splitting the batch",
               g_uri_get_path (fetch->page_uri), papers->len + info.n_skipped);
      split_batch (task);
      return;
    }

  fetch->result->skipped += info.n_skipped;

  if (papers->len == 0)
    {
      save_feed_meta (task);
      return;
    }

  gleaner_arxiv_store_async (fetch->store, papers, (const char * const *)batch,
                             g_task_get_cancellable (task), listing_stored_cb, task);
}

static void
listing_fetched_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  ArxivFetch *fetch = g_task_get_task_data (task);
  char **batch = g_ptr_array_index (fetch->batches, fetch->batch);
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;
  guint status = 0;

  if (!(bytes = gleaner_fetcher_fetch_full_finish (GLEANER_FETCHER (object), result, &status,
                                                   &headers, &error)))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  fetch->max_age = gleaner_arxiv_api_get_max_age (headers);

  if (status == SOUP_STATUS_NOT_MODIFIED)
    {
      g_debug ("%s: not modified", g_uri_get_path (fetch->page_uri));
      save_feed_meta (task);
      return;
    }

  if (status >= 400)
    {
      g_autofree char *host = gleaner_sync_dup_host_label (fetch->page_uri);

      /* One unknown category would hide the others: narrow it down. */
      if (g_strv_length (batch) > 1)
        {
          split_batch (task);
          return;
        }

      if (fetch->first_error == NULL)
        fetch->first_error =
          g_error_new (GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_HTTP,
                       /* Translators: "rss.arxiv.org does not list the category “cs.XX” (HTTP 400 Bad Request)" */
                       _("%s does not list the category “%s” (HTTP %u %s)"),
                       host, batch[0], status, soup_status_get_phrase (status));
      batch_done (task);
      return;
    }

  g_clear_pointer (&fetch->etag, g_free);
  fetch->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  gleaner_arxiv_parse_async (bytes, g_task_get_cancellable (task), listing_parsed_cb, task);
}

static void
feed_meta_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  ArxivFetch *fetch = g_task_get_task_data (task);
  g_autofree char *value = NULL;
  gint64 expires = 0;
  GError *error = NULL;

  if (!gleaner_store_dup_meta_finish (GLEANER_STORE (object), result, &value, &error))
    {
      return_store_error (task, error);
      return;
    }

  g_clear_pointer (&fetch->etag, g_free);
  gleaner_arxiv_api_parse_feed_meta (value, &expires, &fetch->etag);

  /* Fetched today already: the feed changes once a day (its max-age says until when). */
  if (fetch->now_unix < expires)
    {
      g_debug ("%s: fresh for %" G_GINT64_FORMAT " s more", g_uri_get_path (fetch->page_uri),
               expires - fetch->now_unix);
      batch_done (task);
      return;
    }

  gleaner_fetcher_fetch_full_async (fetch->fetcher, fetch->page_uri, GLEANER_ARXIV_ATOM_ACCEPT,
                                    fetch->etag,
                                    GLEANER_FETCH_CLIENT_ERROR_BODY,
                                    g_task_get_cancellable (task), listing_fetched_cb, task);
}

/* Takes @task. */
static void
next_batch (GTask *task)
{
  ArxivFetch *fetch = g_task_get_task_data (task);
  char **batch;

  if (gleaner_source_task_return_if_cancelled (task))
    return;

  if (fetch->batch >= fetch->batches->len)
    {
      start_backfill (task);
      return;
    }

  batch = g_ptr_array_index (fetch->batches, fetch->batch);
  g_clear_pointer (&fetch->page_uri, g_uri_unref);
  fetch->page_uri = gleaner_arxiv_api_build_listing_uri (fetch->rss_uri,
                                                         (const char * const *)batch,
                                                         g_strv_length (batch));
  g_free (fetch->feed_key);
  fetch->feed_key = gleaner_arxiv_api_dup_feed_key (fetch->page_uri);
  fetch->max_age = -1;

  gleaner_store_dup_meta_async (fetch->store, fetch->feed_key, g_task_get_cancellable (task),
                                feed_meta_cb, task);
}

/* Backfill */

/* Records the categories just backfilled (with those before, the followed ones first).
 * Takes @task. */
static void
finish_backfill (GTask *task)
{
  ArxivFetch *fetch = g_task_get_task_data (task);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) all = NULL;
  g_autofree char *value = NULL;
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; fetch->to_backfill[i] != NULL; i++)
    g_hash_table_add (fetch->backfilled, g_strdup (fetch->to_backfill[i]));

  g_hash_table_iter_init (&iter, fetch->backfilled);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_strv_builder_add (builder, key);
  all = g_strv_builder_end (builder);
  value = g_strjoinv (",", all);

  gleaner_store_set_meta_async (fetch->store, GLEANER_ARXIV_BACKFILLED_KEY, value,
                                g_task_get_cancellable (task), gleaner_source_task_written_cb,
                                gleaner_source_task_step (task, return_done));
}

static void
backfill_stored_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  ArxivFetch *fetch = g_task_get_task_data (task);
  g_autoptr(GleanerUpsertResult) upsert = NULL;
  GError *error = NULL;

  if (!(upsert = gleaner_arxiv_store_finish (GLEANER_STORE (object), result, &error)))
    {
      return_store_error (task, error);
      return;
    }

  /* Papers of the past days are new to the store but not news: counted, not announced. */
  fetch->result->added += upsert->added;
  fetch->result->updated += upsert->updated;
  fetch_backfill_page (task);
}

static void
backfill_fetched_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  ArxivFetch *fetch = g_task_get_task_data (task);
  g_autoptr(GPtrArray) papers = NULL;
  GleanerArxivFeedInfo info;
  GError *error = NULL;
  guint start = fetch->start;

  if (!(papers = gleaner_arxiv_fetch_feed_finish (result, &info, &error)))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (papers->len == 0 && info.n_skipped == 0)
    {
      /* arXiv sometimes answers a page in the middle with nothing: ask once more (as
       * arxiv.py does), then take it for the end. */
      if (start > 0 && !fetch->retried_empty)
        {
          g_debug ("Backfill: empty page at %u, asking again", start);
          fetch->retried_empty = TRUE;
          fetch_backfill_page (task);
          return;
        }

      finish_backfill (task);
      return;
    }

  fetch->retried_empty = FALSE;
  fetch->result->skipped += info.n_skipped;
  fetch->start += GLEANER_ARXIV_API_PAGE_SIZE;

  /* The last page: nothing more to ask for. */
  if ((info.total_results >= 0 && fetch->start >= info.total_results) ||
      fetch->start >= GLEANER_ARXIV_API_MAX_RESULTS)
    fetch->start = G_MAXUINT;

  if (papers->len == 0)
    {
      fetch_backfill_page (task);
      return;
    }

  gleaner_arxiv_store_async (fetch->store, papers, (const char * const *)fetch->to_backfill,
                             g_task_get_cancellable (task), backfill_stored_cb, task);
}

/* Takes @task. */
static void
fetch_backfill_page (GTask *task)
{
  ArxivFetch *fetch = g_task_get_task_data (task);

  if (gleaner_source_task_return_if_cancelled (task))
    return;

  if (fetch->start == G_MAXUINT)
    {
      finish_backfill (task);
      return;
    }

  g_clear_pointer (&fetch->page_uri, g_uri_unref);
  fetch->page_uri = gleaner_arxiv_api_build_search_uri (fetch->api_uri,
                                                        (const char * const *)fetch->to_backfill,
                                                        fetch->first_day, fetch->today,
                                                        fetch->start,
                                                        GLEANER_ARXIV_API_PAGE_SIZE);
  gleaner_arxiv_fetch_feed_async (fetch->fetcher, fetch->page_uri,
                                  g_task_get_cancellable (task), backfill_fetched_cb, task);
}

/* Takes @task. */
static void
start_backfill (GTask *task)
{
  ArxivFetch *fetch = g_task_get_task_data (task);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < fetch->batches->len; i++)
    {
      char **batch = g_ptr_array_index (fetch->batches, i);

      for (guint j = 0; batch[j] != NULL; j++)
        if (!g_hash_table_contains (fetch->backfilled, batch[j]))
          g_strv_builder_add (builder, batch[j]);
    }

  fetch->to_backfill = g_strv_builder_end (builder);

  if (fetch->to_backfill[0] == NULL)
    {
      return_done (task);
      return;
    }

  /* No backfill wanted: the categories count as done, so a later change does not fetch
   * weeks of papers for a category followed long ago. */
  if (fetch->backfill_days == 0)
    {
      finish_backfill (task);
      return;
    }

  g_debug ("Backfilling %u categories from %s", g_strv_length (fetch->to_backfill),
           fetch->first_day);
  fetch->start = 0;
  fetch->retried_empty = FALSE;
  fetch_backfill_page (task);
}

/* The fetch */

static void
backfilled_read_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  ArxivFetch *fetch = g_task_get_task_data (task);
  g_autofree char *value = NULL;
  GError *error = NULL;

  /* Not knowing what was backfilled is not "nothing": that would fetch weeks again. */
  if (!gleaner_store_dup_meta_finish (GLEANER_STORE (object), result, &value, &error))
    {
      return_store_error (task, error);
      return;
    }

  if (value != NULL)
    {
      g_auto(GStrv) done = g_strsplit (value, ",", -1);

      for (guint i = 0; done[i] != NULL; i++)
        if (*done[i] != '\0')
          g_hash_table_add (fetch->backfilled, g_strdup (done[i]));
    }

  next_batch (task);
}

static char *
format_utc_day (GDateTime *time,
                int        days_back)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);
  g_autoptr(GDateTime) day = g_date_time_add_days (utc, -days_back);

  return g_date_time_format (day, "%Y%m%d");
}

static void
gleaner_arxiv_source_fetch_async (GleanerSource       *source,
                                  GleanerFetcher      *fetcher,
                                  GleanerStore        *store,
                                  GDateTime           *now,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GleanerArxivSource *self = (GleanerArxivSource *)source;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) rss_uri = NULL;
  g_autoptr(GUri) api_uri = NULL;
  GError *error = NULL;
  ArxivFetch *fetch;

  g_assert (GLEANER_IS_ARXIV_SOURCE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gleaner_arxiv_source_fetch_async);

  if (!(rss_uri = gleaner_arxiv_api_parse_url (self->rss_url, &error)) ||
      !(api_uri = gleaner_arxiv_api_parse_url (self->api_url, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  gleaner_arxiv_source_prepare_fetcher (self, fetcher, store);

  fetch = g_new0 (ArxivFetch, 1);
  fetch->fetcher = g_object_ref (fetcher);
  fetch->store = g_object_ref (store);
  fetch->rss_uri = g_steal_pointer (&rss_uri);
  fetch->api_uri = g_steal_pointer (&api_uri);
  fetch->result = gleaner_sync_result_new ();
  fetch->now_unix = g_date_time_to_unix (now);
  fetch->today = format_utc_day (now, 0);
  fetch->backfill_days = self->backfill_days;
  fetch->first_day = format_utc_day (now, (int)MAX (self->backfill_days, 1) - 1);
  fetch->categories = g_strdupv (self->categories);
  fetch->batches = gleaner_arxiv_api_batch_categories ((const char * const *)self->categories,
                                                       GLEANER_ARXIV_BATCH_SIZE);
  fetch->backfilled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_task_set_task_data (task, fetch, (GDestroyNotify) arxiv_fetch_free);

  if (fetch->batches->len == 0)
    {
      return_done (g_steal_pointer (&task));
      return;
    }

  gleaner_store_dup_meta_async (store, GLEANER_ARXIV_BACKFILLED_KEY, cancellable,
                                backfilled_read_cb, g_steal_pointer (&task));
}

static gboolean
gleaner_arxiv_source_fetch_finish (GleanerSource      *source,
                                   GAsyncResult       *result,
                                   GleanerSyncResult  *accumulate,
                                   GError            **error)
{
  ArxivFetch *fetch;

  g_return_val_if_fail (g_task_is_valid (result, source), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gleaner_arxiv_source_fetch_async,
                        FALSE);

  /* What was stored before a failure stays stored and is counted. */
  fetch = g_task_get_task_data (G_TASK (result));
  return gleaner_source_task_propagate (result, fetch != NULL ? fetch->result : NULL,
                                        accumulate, error);
}

static const char *
gleaner_arxiv_source_get_name (GleanerSource *source)
{
  return "arxiv";
}

static void
source_iface_init (GleanerSourceInterface *iface)
{
  iface->get_name = gleaner_arxiv_source_get_name;
  iface->fetch_async = gleaner_arxiv_source_fetch_async;
  iface->fetch_finish = gleaner_arxiv_source_fetch_finish;
}

/* GObject */

static void
gleaner_arxiv_source_finalize (GObject *object)
{
  GleanerArxivSource *self = (GleanerArxivSource *)object;

  g_clear_pointer (&self->rss_url, g_free);
  g_clear_pointer (&self->api_url, g_free);
  g_clear_pointer (&self->categories, g_strfreev);

  G_OBJECT_CLASS (gleaner_arxiv_source_parent_class)->finalize (object);
}

static void
gleaner_arxiv_source_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  GleanerArxivSource *self = GLEANER_ARXIV_SOURCE (object);

  switch (prop_id)
    {
    case PROP_RSS_URL:
      g_value_set_string (value, self->rss_url);
      break;

    case PROP_API_URL:
      g_value_set_string (value, self->api_url);
      break;

    case PROP_CATEGORIES:
      g_value_set_boxed (value, self->categories);
      break;

    case PROP_BACKFILL_DAYS:
      g_value_set_uint (value, self->backfill_days);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gleaner_arxiv_source_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  GleanerArxivSource *self = GLEANER_ARXIV_SOURCE (object);

  switch (prop_id)
    {
    case PROP_RSS_URL:
      gleaner_arxiv_source_set_rss_url (self, g_value_get_string (value));
      break;

    case PROP_API_URL:
      gleaner_arxiv_source_set_api_url (self, g_value_get_string (value));
      break;

    case PROP_CATEGORIES:
      gleaner_arxiv_source_set_categories (self, g_value_get_boxed (value));
      break;

    case PROP_BACKFILL_DAYS:
      gleaner_arxiv_source_set_backfill_days (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gleaner_arxiv_source_class_init (GleanerArxivSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gleaner_arxiv_source_finalize;
  object_class->get_property = gleaner_arxiv_source_get_property;
  object_class->set_property = gleaner_arxiv_source_set_property;

  /* Checked when a fetch starts: a bad address fails that fetch, not the setter. */
  properties[PROP_RSS_URL] =
    g_param_spec_string ("rss-url", NULL, NULL,
                         GLEANER_ARXIV_DEFAULT_RSS_URL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_API_URL] =
    g_param_spec_string ("api-url", NULL, NULL,
                         GLEANER_ARXIV_DEFAULT_API_URL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CATEGORIES] =
    g_param_spec_boxed ("categories", NULL, NULL,
                        G_TYPE_STRV,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BACKFILL_DAYS] =
    g_param_spec_uint ("backfill-days", NULL, NULL,
                       0, MAX_BACKFILL_DAYS, DEFAULT_BACKFILL_DAYS,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gleaner_arxiv_source_init (GleanerArxivSource *self)
{
  self->rss_url = g_strdup (GLEANER_ARXIV_DEFAULT_RSS_URL);
  self->api_url = g_strdup (GLEANER_ARXIV_DEFAULT_API_URL);
  self->categories = g_new0 (char *, 1);
  self->backfill_days = DEFAULT_BACKFILL_DAYS;
}

GleanerArxivSource *
gleaner_arxiv_source_new (const char *rss_url,
                          const char *api_url)
{
  return g_object_new (GLEANER_TYPE_ARXIV_SOURCE,
                       "rss-url", rss_url,
                       "api-url", api_url,
                       NULL);
}

static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);

  return TRUE;
}

void
gleaner_arxiv_source_set_rss_url (GleanerArxivSource *self,
                                  const char         *rss_url)
{
  g_return_if_fail (GLEANER_IS_ARXIV_SOURCE (self));

  if (replace_string (&self->rss_url, rss_url ? rss_url : GLEANER_ARXIV_DEFAULT_RSS_URL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RSS_URL]);
}

const char *
gleaner_arxiv_source_get_rss_url (GleanerArxivSource *self)
{
  g_return_val_if_fail (GLEANER_IS_ARXIV_SOURCE (self), NULL);
  return self->rss_url;
}

void
gleaner_arxiv_source_set_api_url (GleanerArxivSource *self,
                                  const char         *api_url)
{
  g_return_if_fail (GLEANER_IS_ARXIV_SOURCE (self));

  if (replace_string (&self->api_url, api_url ? api_url : GLEANER_ARXIV_DEFAULT_API_URL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_API_URL]);
}

const char *
gleaner_arxiv_source_get_api_url (GleanerArxivSource *self)
{
  g_return_val_if_fail (GLEANER_IS_ARXIV_SOURCE (self), NULL);
  return self->api_url;
}

void
gleaner_arxiv_source_set_categories (GleanerArxivSource *self,
                                     const char * const *categories)
{
  const char * const empty[] = { NULL };

  g_return_if_fail (GLEANER_IS_ARXIV_SOURCE (self));

  if (categories == NULL)
    categories = empty;

  if (g_strv_equal ((const char * const *)self->categories, categories))
    return;

  g_strfreev (self->categories);
  self->categories = g_strdupv ((char **)categories);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATEGORIES]);
}

const char * const *
gleaner_arxiv_source_get_categories (GleanerArxivSource *self)
{
  g_return_val_if_fail (GLEANER_IS_ARXIV_SOURCE (self), NULL);
  return (const char * const *)self->categories;
}

void
gleaner_arxiv_source_set_backfill_days (GleanerArxivSource *self,
                                        guint               days)
{
  g_return_if_fail (GLEANER_IS_ARXIV_SOURCE (self));

  days = MIN (days, MAX_BACKFILL_DAYS);
  if (self->backfill_days == days)
    return;

  self->backfill_days = days;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BACKFILL_DAYS]);
}

guint
gleaner_arxiv_source_get_backfill_days (GleanerArxivSource *self)
{
  g_return_val_if_fail (GLEANER_IS_ARXIV_SOURCE (self), DEFAULT_BACKFILL_DAYS);
  return self->backfill_days;
}
