/* gleaner-hf-source.c — Hugging Face Daily Papers as a GleanerSource.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-hf-source"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "gleaner-hf-api.h"
#include "gleaner-hf-parser.h"
#include "gleaner-hf-source.h"

#define DEFAULT_BASE_URL    "https://huggingface.co"
#define MAX_PAGES_PER_DAY   50
#define FIRST_RUN_DAYS      7
#define MAX_DAYS            30
/* Daily pages handed to the store and not stored yet. The next page is fetched and parsed
 * while the store writes the last ones, and pages that queue up are written as one group
 * (one commit, one index segment); the cap keeps a slow disk from piling up pages (a page is
 * about 300 KB parsed). Eight, not four: a group completes all at once, and with four the
 * writer, having taken all of them, then waited for the next page to be parsed; ingest went
 * from 2,450–2,890 to 3,090–3,280 papers a second (gleaner-bench, 100,000 papers). */
#define MAX_STORES_IN_FLIGHT 8

struct _GleanerHfSource
{
  GObject  parent_instance;

  char    *base_url;
  guint    backfill_days;
  gboolean daily;
  gboolean trending;
};

static void source_iface_init (GleanerSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GleanerHfSource, gleaner_hf_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GLEANER_TYPE_SOURCE, source_iface_init))

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_BACKFILL_DAYS,
  PROP_DAILY,
  PROP_TRENDING,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* What a fetch is doing, in this order. */
typedef enum
{
  STAGE_DAYS,       /* the daily lists, page by page */
  STAGE_TRENDING,   /* one page of ?sort=trending */
  STAGE_SEARCH,     /* /api/papers/search for each saved search that asks Hugging Face */
} Stage;

/* One fetch: the days to walk and where we are. */
typedef struct
{
  Stage              stage;
  GleanerFetcher    *fetcher;
  GleanerStore      *store;
  GUri              *base_uri;     /* as it was when the fetch started */
  GleanerSyncResult *result;
  GHashTable        *seen_ids;     /* ids stored by this fetch: later repeats are skipped */
  GPtrArray         *days;         /* "YYYY-MM-DD", oldest first */
  char              *today;
  guint              day;          /* index into days */
  guint              pages;        /* pages fetched for the current day */
  guint              p;            /* the next page's p= */
  guint              limit;        /* the next page's limit= */
  GUri              *page_uri;     /* the page in flight */
  gboolean           has_next;     /* the page in flight had a usable rel="next" link */
  guint              next_p;
  guint              next_limit;
  GPtrArray         *trending_ids; /* (element-type utf8) in rank order */
  GPtrArray         *searches;     /* (element-type GleanerSavedSearch) left to ask */
  guint              search;       /* index into searches */
  gint64             now_unix;     /* "now" for hf-synced-at */
  GDateTime         *now;          /* until the days are listed */
  gboolean           daily;        /* fetch the daily lists */
  gboolean           trending;     /* fetch the trending list */
  guint              stores_in_flight;
  GError            *error;        /* the first failure, returned once no page is being stored */
  GTask             *parked;       /* the fetch, waiting for stores to finish */
  void             (*parked_then) (GTask *task);
  guint              parked_max;
} HfFetch;

static void
hf_fetch_free (HfFetch *fetch)
{
  g_clear_object (&fetch->fetcher);
  g_clear_object (&fetch->store);
  g_clear_pointer (&fetch->base_uri, g_uri_unref);
  g_clear_pointer (&fetch->result, gleaner_sync_result_free);
  g_clear_pointer (&fetch->seen_ids, g_hash_table_unref);
  g_clear_pointer (&fetch->days, g_ptr_array_unref);
  g_clear_pointer (&fetch->today, g_free);
  g_clear_pointer (&fetch->page_uri, g_uri_unref);
  g_clear_pointer (&fetch->trending_ids, g_ptr_array_unref);
  g_clear_pointer (&fetch->searches, g_ptr_array_unref);
  g_clear_pointer (&fetch->now, g_date_time_unref);
  g_clear_error (&fetch->error);
  g_assert (fetch->parked == NULL);
  g_free (fetch);
}

/* Fetching */

static void fetch_page (GTask *task);
static void start_trending (GTask *task);
static void start_searches (GTask *task);
static void next_search (GTask *task);

/* Keeps the papers of @papers not seen earlier in this fetch, and marks them seen. Pages
 * shift while we walk them and a paper can sit in several lists: the first sighting wins.
 * Days go oldest first, so that is the earliest bucket, the one the store keeps anyway. A
 * repeat is not a bad entry, so it is not counted as skipped (the parser already counts a
 * repeat within one page). */
static GPtrArray *
filter_fresh (HfFetch   *fetch,
              GPtrArray *papers)
{
  GPtrArray *fresh = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < papers->len; i++)
    {
      GleanerPaper *paper = g_ptr_array_index (papers, i);
      const char *id = gleaner_paper_get_id (paper);

      if (g_hash_table_contains (fetch->seen_ids, id))
        continue;

      g_hash_table_add (fetch->seen_ids, g_strdup (id));
      g_ptr_array_add (fresh, g_object_ref (paper));
    }

  return fresh;
}

/* Days */

static void advance (GTask    *task,
                     gboolean  page_was_empty);
static void days_done (GTask *task);

static void
return_error (GTask *task)
{
  HfFetch *fetch = g_task_get_task_data (task);

  g_task_return_error (task, g_steal_pointer (&fetch->error));
  g_object_unref (task);
}

/* Runs @then with @task once fewer than @max_in_flight daily pages are being stored. After a
 * failure (a page that could not be fetched, parsed or stored), returns it instead, once no
 * page is being stored: the pages handed to the store are still stored and counted, and the
 * caller sees them in the store. Takes @task. */
static void
when_stored (GTask    *task,
             guint     max_in_flight,
             void    (*then) (GTask *task))
{
  HfFetch *fetch = g_task_get_task_data (task);

  if (fetch->error != NULL)
    {
      max_in_flight = 1;
      then = return_error;
    }

  if (fetch->stores_in_flight < max_in_flight)
    {
      then (task);
      return;
    }

  g_assert (fetch->parked == NULL);
  fetch->parked = task;
  fetch->parked_then = then;
  fetch->parked_max = max_in_flight;
}

/* Notes @error as the fetch's failure, unless an earlier one is, and returns it once no page
 * is being stored. Takes @task and @error. */
static void
fail (GTask  *task,
      GError *error)
{
  HfFetch *fetch = g_task_get_task_data (task);

  if (fetch->error == NULL)
    fetch->error = error;
  else
    g_error_free (error);
  when_stored (task, 1, return_error);
}

static void
advance_after_page (GTask *task)
{
  advance (task, FALSE);
}

static void
advance_after_empty_page (GTask *task)
{
  advance (task, TRUE);
}

/* Moves on after a page: its next page, the next day, or the end. Takes @task. */
static void
advance (GTask    *task,
         gboolean  page_was_empty)
{
  HfFetch *fetch = g_task_get_task_data (task);

  fetch->pages++;

  if (!page_was_empty && fetch->has_next && fetch->pages < MAX_PAGES_PER_DAY)
    {
      fetch->p = fetch->next_p;
      fetch->limit = fetch->next_limit;
      fetch_page (task);
      return;
    }

  if (fetch->has_next && fetch->pages >= MAX_PAGES_PER_DAY)
    g_debug ("%s: stopping after %u pages", (char *)g_ptr_array_index (fetch->days, fetch->day),
             fetch->pages);

  fetch->day++;
  fetch->pages = 0;
  fetch->p = 0;
  fetch->limit = GLEANER_HF_PAGE_LIMIT;

  if (fetch->day < fetch->days->len)
    {
      fetch_page (task);
      return;
    }

  when_stored (task, 1, days_done);
}

/* Every day went through and is stored. Takes @task. */
static void
days_done (GTask *task)
{
  HfFetch *fetch = g_task_get_task_data (task);

  /* Remember it now, so the next run starts from here even if the trending list or a search
   * fails below. */
  gleaner_store_set_meta_async (fetch->store,
                                GLEANER_HF_LAST_DAY_KEY, fetch->today,
                                g_task_get_cancellable (task),
                                gleaner_source_task_written_cb,
                                gleaner_source_task_step (task, start_trending));
}

/* A daily page is stored: wakes the fetch if it waits for that. */
static void
page_stored_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HfFetch *fetch = g_task_get_task_data (task);
  g_autoptr(GleanerUpsertResult) upsert = NULL;
  GError *error = NULL;
  GTask *parked;

  g_assert (fetch->stores_in_flight > 0);
  fetch->stores_in_flight--;

  if ((upsert = gleaner_store_upsert_finish (GLEANER_STORE (object), result, &error)))
    gleaner_sync_result_add_upsert (fetch->result, upsert);
  else if (fetch->error == NULL)
    gleaner_sync_set_store_error (&fetch->error, error);
  g_clear_error (&error);

  if ((parked = g_steal_pointer (&fetch->parked)) != NULL)
    {
      /* Ask again: it runs now, or parks once more until the next store. */
      when_stored (parked, fetch->parked_max, fetch->parked_then);
    }
}

static void
day_page_parsed (GTask      *task,
                 GPtrArray  *papers,
                 guint       n_skipped)
{
  HfFetch *fetch = g_task_get_task_data (task);
  g_autoptr(GPtrArray) fresh = NULL;
  gboolean empty;

  empty = papers->len == 0 && n_skipped == 0;
  fresh = filter_fresh (fetch, papers);

  if (fresh->len == 0)
    {
      when_stored (task, MAX_STORES_IN_FLIGHT,
                   empty ? advance_after_empty_page : advance_after_page);
      return;
    }

  /* Not cancellable: a page fetched is stored even if the sync is cancelled while the store
   * writes it (cancelling stops the fetching), as when pages were stored one after another. */
  fetch->stores_in_flight++;
  gleaner_store_upsert_listing_async (fetch->store, fresh, "hf:daily", NULL, page_stored_cb,
                                      g_object_ref (task));
  when_stored (task, MAX_STORES_IN_FLIGHT, advance_after_page);
}

/* Trending */

/* Takes @task. */
static void
set_trending (GTask *task)
{
  HfFetch *fetch = g_task_get_task_data (task);

  gleaner_store_set_trending_async (fetch->store, fetch->trending_ids,
                                    g_task_get_cancellable (task), gleaner_source_task_written_cb,
                                    gleaner_source_task_step (task, start_searches));
}

static void
trending_stored_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HfFetch *fetch = g_task_get_task_data (task);
  g_autoptr(GleanerUpsertResult) upsert = NULL;
  GError *error = NULL;

  if (!(upsert = gleaner_store_upsert_finish (GLEANER_STORE (object), result, &error)))
    {
      gleaner_source_task_return_store_error (task, error);
      return;
    }

  gleaner_sync_result_add_upsert (fetch->result, upsert);
  set_trending (g_steal_pointer (&task));
}

static void
trending_parsed (GTask     *task,
                 GPtrArray *papers)
{
  HfFetch *fetch = g_task_get_task_data (task);
  g_autoptr(GPtrArray) fresh = NULL;

  /* The ranking is the document order (the parser already dropped repeats). */
  g_clear_pointer (&fetch->trending_ids, g_ptr_array_unref);
  fetch->trending_ids = g_ptr_array_new_full (papers->len, g_free);
  for (guint i = 0; i < papers->len; i++)
    g_ptr_array_add (fetch->trending_ids,
                     g_strdup (gleaner_paper_get_id (g_ptr_array_index (papers, i))));

  /* An empty list says nothing about the ranking (a mirror without it, a hiccup): the last
   * one stays. */
  if (fetch->trending_ids->len == 0)
    {
      g_debug ("Empty trending list; keeping the last ranking");
      start_searches (task);
      return;
    }

  /* Papers just stored from a daily list are not stored twice; the store still ranks them. */
  fresh = filter_fresh (fetch, papers);

  if (fresh->len == 0)
    {
      set_trending (task);
      return;
    }

  gleaner_store_upsert_listing_async (fetch->store, fresh, "hf:trending",
                                      g_task_get_cancellable (task), trending_stored_cb, task);
}

/* Takes @task. */
static void
start_trending (GTask *task)
{
  HfFetch *fetch = g_task_get_task_data (task);

  if (!fetch->trending)
    {
      start_searches (task);
      return;
    }

  fetch->stage = STAGE_TRENDING;
  fetch_page (task);
}

/* Saved searches */

/* Takes @task. */
static void
search_synced (GTask *task)
{
  HfFetch *fetch = g_task_get_task_data (task);

  fetch->search++;
  next_search (task);
}

/* Takes @task. */
static void
mark_search_synced (GTask *task)
{
  HfFetch *fetch = g_task_get_task_data (task);
  GleanerSavedSearch *search = g_ptr_array_index (fetch->searches, fetch->search);

  gleaner_store_set_saved_search_hf_synced_async (fetch->store,
                                                  gleaner_saved_search_get_id (search),
                                                  fetch->now_unix,
                                                  g_task_get_cancellable (task),
                                                  gleaner_source_task_written_cb,
                                                  gleaner_source_task_step (task, search_synced));
}

static void
search_stored_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HfFetch *fetch = g_task_get_task_data (task);
  GleanerSavedSearch *search = g_ptr_array_index (fetch->searches, fetch->search);
  g_autoptr(GleanerUpsertResult) upsert = NULL;
  GError *error = NULL;

  if (!(upsert = gleaner_store_upsert_finish (GLEANER_STORE (object), result, &error)))
    {
      gleaner_source_task_return_store_error (task, error);
      return;
    }

  /* The first search of a saved search brings up whatever matched over the years: those
   * papers are new to the store but not news, so they are counted and not announced. */
  if (gleaner_saved_search_get_hf_synced_at (search) == 0)
    {
      g_debug ("Saved search %" G_GINT64_FORMAT ": first search, %u papers not announced",
               gleaner_saved_search_get_id (search), upsert->added);
      fetch->result->added += upsert->added;
      fetch->result->updated += upsert->updated;
    }
  else
    gleaner_sync_result_add_upsert (fetch->result, upsert);

  mark_search_synced (g_steal_pointer (&task));
}

static void
search_parsed (GTask     *task,
               GPtrArray *papers)
{
  HfFetch *fetch = g_task_get_task_data (task);
  g_autoptr(GPtrArray) fresh = filter_fresh (fetch, papers);

  if (fresh->len == 0)
    {
      mark_search_synced (task);
      return;
    }

  gleaner_store_upsert_listing_async (fetch->store, fresh, "hf:search",
                                      g_task_get_cancellable (task), search_stored_cb, task);
}

/* Takes @task. */
static void
next_search (GTask *task)
{
  HfFetch *fetch = g_task_get_task_data (task);

  if (fetch->search < fetch->searches->len)
    {
      fetch->stage = STAGE_SEARCH;
      fetch_page (task);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&fetch->result),
                         (GDestroyNotify) gleaner_sync_result_free);
  g_object_unref (task);
}

static void
saved_searches_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  HfFetch *fetch = g_task_get_task_data (task);
  g_autoptr(GPtrArray) all = NULL;
  GError *error = NULL;

  if (!(all = gleaner_store_list_saved_searches_finish (GLEANER_STORE (object), result,
                                                         &error)))
    {
      gleaner_source_task_return_store_error (task, error);
      g_object_unref (task);
      return;
    }

  g_clear_pointer (&fetch->searches, g_ptr_array_unref);
  fetch->searches = g_ptr_array_new_with_free_func (g_object_unref);
  fetch->search = 0;

  for (guint i = 0; i < all->len; i++)
    {
      GleanerSavedSearch *search = g_ptr_array_index (all, i);
      const char *query = gleaner_saved_search_get_query (search);
      g_autofree char *text = g_strstrip (g_strdup (query != NULL ? query : ""));

      if (gleaner_saved_search_get_ask_hf (search) && text[0] != '\0')
        g_ptr_array_add (fetch->searches, g_object_ref (search));
    }

  next_search (task);
}

/* Takes @task. The saved searches are read on the store's thread. */
static void
start_searches (GTask *task)
{
  HfFetch *fetch = g_task_get_task_data (task);

  gleaner_store_list_saved_searches_async (fetch->store, g_task_get_cancellable (task),
                                           saved_searches_cb, task);
}

/* Pages, whatever the stage */

static void
page_parsed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HfFetch *fetch = g_task_get_task_data (task);
  g_autoptr(GPtrArray) papers = NULL;
  g_autoptr(GError) error = NULL;
  guint n_skipped = 0;

  if (!(papers = gleaner_hf_parse_papers_finish (result, &n_skipped, &error)))
    {
      GError *parse_error = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        parse_error = g_steal_pointer (&error);
      else
        gleaner_sync_set_parse_error (&parse_error, fetch->page_uri, error);
      fail (g_steal_pointer (&task), parse_error);
      return;
    }

  fetch->result->skipped += n_skipped;

  switch (fetch->stage)
    {
    case STAGE_DAYS:
      day_page_parsed (g_steal_pointer (&task), papers, n_skipped);
      break;

    case STAGE_TRENDING:
      trending_parsed (g_steal_pointer (&task), papers);
      break;

    case STAGE_SEARCH:
      search_parsed (g_steal_pointer (&task), papers);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
page_fetched_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HfFetch *fetch = g_task_get_task_data (task);
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *daily_date = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  if (!(bytes = gleaner_fetcher_fetch_finish (GLEANER_FETCHER (object), result, &headers, &error)))
    {
      fail (g_steal_pointer (&task), error);
      return;
    }

  /* Only daily lists page, and only their papers belong to a day; trending and search
   * hits keep the day they were (or will be) listed on. */
  if (fetch->stage == STAGE_DAYS)
    {
      fetch->has_next = gleaner_hf_api_find_next_page (headers, fetch->p, fetch->limit,
                                                       &fetch->next_p, &fetch->next_limit);
      daily_date = g_ptr_array_index (fetch->days, fetch->day);
    }

  cancellable = g_task_get_cancellable (task);
  gleaner_hf_parse_papers_async (bytes, daily_date, cancellable,
                                 page_parsed_cb, g_steal_pointer (&task));
}

/* Fetches the page the stage is at. Takes @task. */
static void
fetch_page (GTask *task)
{
  HfFetch *fetch = g_task_get_task_data (task);
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      fail (task, error);
      return;
    }

  g_clear_pointer (&fetch->page_uri, g_uri_unref);
  fetch->has_next = FALSE;

  switch (fetch->stage)
    {
    case STAGE_DAYS:
      fetch->page_uri = gleaner_hf_api_build_page_uri (fetch->base_uri,
                                                       g_ptr_array_index (fetch->days, fetch->day),
                                                       fetch->limit, fetch->p);
      break;

    case STAGE_TRENDING:
      fetch->page_uri = gleaner_hf_api_build_trending_uri (fetch->base_uri);
      break;

    case STAGE_SEARCH:
      {
        GleanerSavedSearch *search = g_ptr_array_index (fetch->searches, fetch->search);
        g_autofree char *text = g_strstrip (g_strdup (gleaner_saved_search_get_query (search)));

        fetch->page_uri = gleaner_hf_api_build_search_uri (fetch->base_uri, text);
      }
      break;

    default:
      g_assert_not_reached ();
    }

  gleaner_fetcher_fetch_async (fetch->fetcher, fetch->page_uri, "application/json",
                               g_task_get_cancellable (task), page_fetched_cb, task);
}

static const char *
gleaner_hf_source_get_name (GleanerSource *source)
{
  return "hf";
}

static void
last_day_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GleanerHfSource *self = g_task_get_source_object (task);
  HfFetch *fetch = g_task_get_task_data (task);
  g_autofree char *last_day = NULL;
  GError *error = NULL;

  /* Not knowing the last day is not having one: that would fetch a whole week again. */
  if (!gleaner_store_dup_meta_finish (GLEANER_STORE (object), result, &last_day, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&error, _("Cannot tell which days were already fetched: "));
      g_task_return_error (task, error);
      return;
    }

  fetch->days = gleaner_hf_source_list_days_full (fetch->now, last_day, self->backfill_days);
  g_clear_pointer (&fetch->now, g_date_time_unref);

  g_debug ("Last day %s; fetching %u days up to %s",
           last_day ? last_day : "(none)", fetch->days->len, fetch->today);

  /* Daily lists turned off: the days are not walked, and not recorded as fetched. */
  if (!fetch->daily)
    {
      start_trending (g_steal_pointer (&task));
      return;
    }

  fetch_page (g_steal_pointer (&task));
}

static void
gleaner_hf_source_fetch_async (GleanerSource       *source,
                               GleanerFetcher      *fetcher,
                               GleanerStore        *store,
                               GDateTime           *now,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GleanerHfSource *self = (GleanerHfSource *)source;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) base_uri = NULL;
  g_autoptr(GError) error = NULL;
  HfFetch *fetch;

  g_assert (GLEANER_IS_HF_SOURCE (self));
  g_assert (GLEANER_IS_FETCHER (fetcher));
  g_assert (GLEANER_IS_STORE (store));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gleaner_hf_source_fetch_async);

  if (!(base_uri = gleaner_hf_api_parse_base_url (self->base_url, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  fetch = g_new0 (HfFetch, 1);
  fetch->fetcher = g_object_ref (fetcher);
  fetch->store = g_object_ref (store);
  fetch->base_uri = g_steal_pointer (&base_uri);
  fetch->result = gleaner_sync_result_new ();
  fetch->seen_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fetch->now = g_date_time_ref (now);
  fetch->today = gleaner_hf_source_dup_day (now);
  fetch->now_unix = g_date_time_to_unix (now);
  fetch->limit = GLEANER_HF_PAGE_LIMIT;
  fetch->stage = STAGE_DAYS;
  fetch->daily = self->daily;
  fetch->trending = self->trending;
  g_task_set_task_data (task, fetch, (GDestroyNotify) hf_fetch_free);

  /* The last day fetched is read on the store's thread. */
  gleaner_store_dup_meta_async (store, GLEANER_HF_LAST_DAY_KEY, cancellable, last_day_cb,
                                g_steal_pointer (&task));
}

static gboolean
gleaner_hf_source_fetch_finish (GleanerSource      *source,
                                GAsyncResult       *result,
                                GleanerSyncResult  *accumulate,
                                GError            **error)
{
  HfFetch *fetch;

  g_return_val_if_fail (g_task_is_valid (result, source), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gleaner_hf_source_fetch_async,
                        FALSE);

  /* Pages stored before a failure stay stored and are counted. */
  fetch = g_task_get_task_data (G_TASK (result));
  return gleaner_source_task_propagate (result, fetch != NULL ? fetch->result : NULL,
                                        accumulate, error);
}

static void
source_iface_init (GleanerSourceInterface *iface)
{
  iface->get_name = gleaner_hf_source_get_name;
  iface->fetch_async = gleaner_hf_source_fetch_async;
  iface->fetch_finish = gleaner_hf_source_fetch_finish;
}

static void
gleaner_hf_source_finalize (GObject *object)
{
  GleanerHfSource *self = (GleanerHfSource *)object;

  g_clear_pointer (&self->base_url, g_free);

  G_OBJECT_CLASS (gleaner_hf_source_parent_class)->finalize (object);
}

static void
gleaner_hf_source_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GleanerHfSource *self = GLEANER_HF_SOURCE (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_BACKFILL_DAYS:
      g_value_set_uint (value, self->backfill_days);
      break;

    case PROP_DAILY:
      g_value_set_boolean (value, self->daily);
      break;

    case PROP_TRENDING:
      g_value_set_boolean (value, self->trending);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gleaner_hf_source_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GleanerHfSource *self = GLEANER_HF_SOURCE (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      gleaner_hf_source_set_base_url (self, g_value_get_string (value));
      break;

    case PROP_BACKFILL_DAYS:
      gleaner_hf_source_set_backfill_days (self, g_value_get_uint (value));
      break;

    case PROP_DAILY:
      gleaner_hf_source_set_daily (self, g_value_get_boolean (value));
      break;

    case PROP_TRENDING:
      gleaner_hf_source_set_trending (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gleaner_hf_source_class_init (GleanerHfSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gleaner_hf_source_finalize;
  object_class->get_property = gleaner_hf_source_get_property;
  object_class->set_property = gleaner_hf_source_set_property;

  /* Checked when a fetch starts: a bad address fails that fetch, not the setter. */
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL,
                         DEFAULT_BASE_URL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BACKFILL_DAYS] =
    g_param_spec_uint ("backfill-days", NULL, NULL,
                       1, MAX_DAYS, FIRST_RUN_DAYS,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DAILY] =
    g_param_spec_boolean ("daily", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TRENDING] =
    g_param_spec_boolean ("trending", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gleaner_hf_source_init (GleanerHfSource *self)
{
  self->base_url = g_strdup (DEFAULT_BASE_URL);
  self->backfill_days = FIRST_RUN_DAYS;
  self->daily = TRUE;
  self->trending = TRUE;
}

GleanerHfSource *
gleaner_hf_source_new (const char *base_url)
{
  return g_object_new (GLEANER_TYPE_HF_SOURCE,
                       "base-url", base_url,
                       NULL);
}

const char *
gleaner_hf_source_get_base_url (GleanerHfSource *self)
{
  g_return_val_if_fail (GLEANER_IS_HF_SOURCE (self), NULL);
  return self->base_url;
}

void
gleaner_hf_source_set_base_url (GleanerHfSource *self,
                                const char      *base_url)
{
  g_return_if_fail (GLEANER_IS_HF_SOURCE (self));

  if (base_url == NULL)
    base_url = DEFAULT_BASE_URL;

  if (g_strcmp0 (self->base_url, base_url) == 0)
    return;

  g_free (self->base_url);
  self->base_url = g_strdup (base_url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
}

guint
gleaner_hf_source_get_backfill_days (GleanerHfSource *self)
{
  g_return_val_if_fail (GLEANER_IS_HF_SOURCE (self), FIRST_RUN_DAYS);
  return self->backfill_days;
}

void
gleaner_hf_source_set_backfill_days (GleanerHfSource *self,
                                     guint            days)
{
  g_return_if_fail (GLEANER_IS_HF_SOURCE (self));

  days = CLAMP (days, 1, MAX_DAYS);
  if (self->backfill_days == days)
    return;

  self->backfill_days = days;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BACKFILL_DAYS]);
}

gboolean
gleaner_hf_source_get_daily (GleanerHfSource *self)
{
  g_return_val_if_fail (GLEANER_IS_HF_SOURCE (self), TRUE);
  return self->daily;
}

void
gleaner_hf_source_set_daily (GleanerHfSource *self,
                             gboolean         daily)
{
  g_return_if_fail (GLEANER_IS_HF_SOURCE (self));

  daily = !!daily;
  if (self->daily == daily)
    return;

  self->daily = daily;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DAILY]);
}

gboolean
gleaner_hf_source_get_trending (GleanerHfSource *self)
{
  g_return_val_if_fail (GLEANER_IS_HF_SOURCE (self), TRUE);
  return self->trending;
}

void
gleaner_hf_source_set_trending (GleanerHfSource *self,
                                gboolean         trending)
{
  g_return_if_fail (GLEANER_IS_HF_SOURCE (self));

  trending = !!trending;
  if (self->trending == trending)
    return;

  self->trending = trending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRENDING]);
}
