/* gleaner-hf-source.c — Hugging Face Daily Papers as a GleanerSource.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-hf-source"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "gleaner-hf-source.h"
#include "gleaner-hf-parser.h"
#include "gleaner-store.h"

#define PAGE_LIMIT          100   /* entries per page we ask for (HF clients use 100) */
#define TRENDING_LIMIT      100   /* one page of the global trending ranking */
#define SEARCH_LIMIT        50    /* hits per saved search; the API may ignore it (api-formats §2.1) */
#define MAX_PAGES_PER_DAY   50
#define FIRST_RUN_DAYS      7
#define REFRESH_DAYS        2
#define MAX_DAYS            30
/* HF's day buckets follow US-Eastern time (api-formats §1.4). */
#define DAILY_TIME_ZONE     "America/New_York"

struct _GleanerHfSource
{
  GObject  parent_instance;

  GUri    *base_uri;
};

static void source_iface_init (GleanerSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GleanerHfSource, gleaner_hf_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GLEANER_TYPE_SOURCE, source_iface_init))

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
  GleanerSync       *sync;
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
} HfFetch;

/* Worker-thread input and output of one page. */
typedef struct
{
  GBytes *bytes;
  char   *daily_date;
} ParseInput;

typedef struct
{
  GPtrArray *papers;
  guint      n_skipped;
} ParseOutput;

static void
hf_fetch_free (HfFetch *fetch)
{
  g_clear_object (&fetch->sync);
  g_clear_pointer (&fetch->result, gleaner_sync_result_free);
  g_clear_pointer (&fetch->seen_ids, g_hash_table_unref);
  g_clear_pointer (&fetch->days, g_ptr_array_unref);
  g_clear_pointer (&fetch->today, g_free);
  g_clear_pointer (&fetch->page_uri, g_uri_unref);
  g_clear_pointer (&fetch->trending_ids, g_ptr_array_unref);
  g_clear_pointer (&fetch->searches, g_ptr_array_unref);
  g_free (fetch);
}

static void
parse_input_free (ParseInput *input)
{
  g_clear_pointer (&input->bytes, g_bytes_unref);
  g_clear_pointer (&input->daily_date, g_free);
  g_free (input);
}

static void
parse_output_free (ParseOutput *output)
{
  g_clear_pointer (&output->papers, g_ptr_array_unref);
  g_free (output);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ParseOutput, parse_output_free)

/* Days */

static GTimeZone *
dup_daily_time_zone (void)
{
  GTimeZone *tz = g_time_zone_new_identifier (DAILY_TIME_ZONE);

  if (tz == NULL)
    {
      g_debug ("No time zone data for %s; using UTC days", DAILY_TIME_ZONE);
      tz = g_time_zone_new_utc ();
    }

  return tz;
}

static void
get_daily_date (GDateTime *now,
                GDate     *date)
{
  g_autoptr(GTimeZone) tz = dup_daily_time_zone ();
  g_autoptr(GDateTime) local = g_date_time_to_timezone (now, tz);

  g_date_clear (date, 1);
  g_date_set_dmy (date,
                  g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local),
                  g_date_time_get_year (local));
}

static char *
format_day (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u",
                          (guint)g_date_get_year (date),
                          (guint)g_date_get_month (date),
                          (guint)g_date_get_day (date));
}

/* Reads "YYYY-MM-DD" as written by format_day(). */
static gboolean
parse_day (const char *text,
           GDate      *date)
{
  g_auto(GStrv) parts = NULL;
  guint64 year, month, day;

  if (text == NULL)
    return FALSE;

  parts = g_strsplit (text, "-", 0);
  if (g_strv_length (parts) != 3 ||
      strlen (parts[0]) != 4 || strlen (parts[1]) != 2 || strlen (parts[2]) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1, 9999, &year, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, 12, &month, NULL) ||
      !g_ascii_string_to_unsigned (parts[2], 10, 1, 31, &day, NULL) ||
      !g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);

  return TRUE;
}

char *
gleaner_hf_source_dup_day (GDateTime *now)
{
  GDate today;

  g_return_val_if_fail (now != NULL, NULL);

  get_daily_date (now, &today);

  return format_day (&today);
}

GPtrArray *
gleaner_hf_source_list_days (GDateTime  *now,
                             const char *last_day)
{
  return gleaner_hf_source_list_days_full (now, last_day, FIRST_RUN_DAYS);
}

GPtrArray *
gleaner_hf_source_list_days_full (GDateTime  *now,
                                  const char *last_day,
                                  guint       first_run_days)
{
  GPtrArray *days = g_ptr_array_new_with_free_func (g_free);
  GDate today;
  GDate last;
  guint n_days;

  g_return_val_if_fail (now != NULL, NULL);

  get_daily_date (now, &today);

  if (!parse_day (last_day, &last))
    {
      n_days = CLAMP (first_run_days, 1, MAX_DAYS);
    }
  else
    {
      /* Every day after the last successful run, but always the last two: buckets keep
       * growing after their day and upvotes keep changing. */
      int since_last = g_date_days_between (&last, &today);

      n_days = CLAMP (since_last, REFRESH_DAYS, MAX_DAYS);
    }

  for (guint i = n_days; i > 0; i--)
    {
      GDate day = today;

      g_date_subtract_days (&day, i - 1);
      g_ptr_array_add (days, format_day (&day));
    }

  return days;
}

/* Addresses */

/* {base path}@api_path?@query on the base's scheme, host and port; @query is already
 * percent-encoded. */
static GUri *
build_api_uri (GUri       *base_uri,
               const char *api_path,
               const char *query)
{
  const char *base_path = g_uri_get_path (base_uri);
  g_autofree char *prefix = g_strdup (base_path != NULL ? base_path : "");
  g_autofree char *path = NULL;
  gsize len = strlen (prefix);

  /* "http://host/mirror/" and "http://host/mirror" are the same prefix. */
  while (len > 0 && prefix[len - 1] == '/')
    prefix[--len] = '\0';

  path = g_strconcat (prefix, api_path, NULL);

  return g_uri_build (G_URI_FLAGS_ENCODED,
                      g_uri_get_scheme (base_uri),
                      g_uri_get_userinfo (base_uri),
                      g_uri_get_host (base_uri),
                      g_uri_get_port (base_uri),
                      path, query, NULL);
}

/* {base path}/api/daily_papers?date=…&limit=…&p=… */
static GUri *
build_page_uri (GUri       *base_uri,
                const char *date,
                guint       limit,
                guint       p)
{
  g_autofree char *date_param = g_uri_escape_string (date, NULL, FALSE);
  g_autofree char *query = g_strdup_printf ("date=%s&limit=%u&p=%u", date_param, limit, p);

  return build_api_uri (base_uri, "/api/daily_papers", query);
}

/* {base path}/api/daily_papers?sort=trending&limit=100 */
static GUri *
build_trending_uri (GUri *base_uri)
{
  g_autofree char *query = g_strdup_printf ("sort=trending&limit=%u", TRENDING_LIMIT);

  return build_api_uri (base_uri, "/api/daily_papers", query);
}

/* {base path}/api/papers/search?q=…&limit=50. Every character of @text outside the
 * unreserved set is percent-encoded, so "&", "=", "#", "?" and spaces stay inside q. */
static GUri *
build_search_uri (GUri       *base_uri,
                  const char *text)
{
  g_autofree char *q = g_uri_escape_string (text, NULL, FALSE);
  g_autofree char *query = g_strdup_printf ("q=%s&limit=%u", q, SEARCH_LIMIT);

  return build_api_uri (base_uri, "/api/papers/search", query);
}

/* Looks for `Link: <…>; rel="next"` and takes only p= and limit= from its query: the rest
 * of the link (host, path) is ignored so a mirror prefix survives and a server cannot send
 * us elsewhere. A next link without p= means the following page. Returns FALSE when there is
 * no next page to fetch. */
static gboolean
find_next_page (SoupMessageHeaders *headers,
                guint               current_p,
                guint               current_limit,
                guint              *next_p,
                guint              *next_limit)
{
  const char *value;
  GSList *links;
  gboolean found = FALSE;

  *next_p = current_p + 1;
  *next_limit = current_limit;

  if (headers == NULL || (value = soup_message_headers_get_list (headers, "Link")) == NULL)
    return FALSE;

  links = soup_header_parse_list (value);

  for (GSList *l = links; l != NULL && !found; l = l->next)
    {
      const char *link = l->data;
      const char *end;
      g_autofree char *target = NULL;
      g_autofree char *query = NULL;
      g_auto(GStrv) rels = NULL;
      GHashTable *link_params;
      GHashTable *query_params;
      const char *rel;
      const char *value_p;
      const char *value_limit;
      gboolean is_next = FALSE;
      guint64 number;

      while (g_ascii_isspace (*link))
        link++;
      if (*link != '<' || (end = strchr (link, '>')) == NULL)
        continue;

      target = g_strndup (link + 1, end - link - 1);

      /* What follows the target: ; rel="next"; title="…" */
      end++;
      while (g_ascii_isspace (*end) || *end == ';')
        end++;
      link_params = soup_header_parse_semi_param_list (end);
      rel = g_hash_table_lookup (link_params, "rel");
      if (rel != NULL)
        {
          rels = g_strsplit_set (rel, " \t", 0);
          for (guint i = 0; rels[i] != NULL; i++)
            if (g_ascii_strcasecmp (rels[i], "next") == 0)
              is_next = TRUE;
        }
      soup_header_free_param_list (link_params);

      if (!is_next)
        continue;

      found = TRUE;

      if (!g_uri_split (target, G_URI_FLAGS_ENCODED, NULL, NULL, NULL, NULL, NULL,
                        &query, NULL, NULL) ||
          query == NULL)
        break;

      if (!(query_params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL)))
        break;

      if ((value_p = g_hash_table_lookup (query_params, "p")) != NULL)
        {
          /* Only forward: a link back to this or an earlier page would loop. */
          if (g_ascii_string_to_unsigned (value_p, 10, current_p + 1, G_MAXINT, &number, NULL))
            *next_p = number;
          else
            found = FALSE;
        }

      if ((value_limit = g_hash_table_lookup (query_params, "limit")) != NULL &&
          g_ascii_string_to_unsigned (value_limit, 10, 1, PAGE_LIMIT, &number, NULL))
        *next_limit = number;

      g_hash_table_unref (query_params);
    }

  soup_header_free_list (links);

  if (!found)
    g_debug ("No usable rel=\"next\" link in “%s”", value);

  return found;
}

/* Fetching */

static void fetch_page (GTask *task);
static void start_trending (GTask *task);
static void start_searches (GTask *task);
static void next_search (GTask *task);

/* Fails @task with @error (owned) from the store, as a GLEANER_SYNC_ERROR_STORE. */
static void
return_store_error (GTask  *task,
                    GError *error)
{
  GError *store_error = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      return;
    }

  gleaner_sync_set_store_error (&store_error, error);
  g_error_free (error);
  g_task_return_error (task, store_error);
}

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

static void
meta_set_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!gleaner_store_set_meta_finish (GLEANER_STORE (object), result, &error))
    {
      return_store_error (task, error);
      return;
    }

  start_trending (g_steal_pointer (&task));
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
  fetch->limit = PAGE_LIMIT;

  if (fetch->day < fetch->days->len)
    {
      fetch_page (task);
      return;
    }

  /* Every day went through: remember it now, so the next run starts from here even if the
   * trending list or a search fails below. */
  gleaner_store_set_meta_async (gleaner_sync_get_store (fetch->sync),
                                GLEANER_HF_LAST_DAY_KEY, fetch->today,
                                g_task_get_cancellable (task),
                                meta_set_cb, task);
}

static void
page_stored_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HfFetch *fetch = g_task_get_task_data (task);
  g_autoptr(GleanerUpsertResult) upsert = NULL;
  GError *error = NULL;

  if (!(upsert = gleaner_store_upsert_finish (GLEANER_STORE (object), result, &error)))
    {
      return_store_error (task, error);
      return;
    }

  gleaner_sync_result_add_upsert (fetch->result, upsert);
  advance (g_steal_pointer (&task), FALSE);
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
      advance (task, empty);
      return;
    }

  gleaner_store_upsert_async (gleaner_sync_get_store (fetch->sync), fresh,
                              g_task_get_cancellable (task), page_stored_cb, task);
}

/* Trending */

static void
trending_set_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!gleaner_store_write_finish (GLEANER_STORE (object), result, &error))
    {
      return_store_error (task, error);
      return;
    }

  start_searches (g_steal_pointer (&task));
}

/* Takes @task. */
static void
set_trending (GTask *task)
{
  HfFetch *fetch = g_task_get_task_data (task);

  gleaner_store_set_trending_async (gleaner_sync_get_store (fetch->sync), fetch->trending_ids,
                                    g_task_get_cancellable (task), trending_set_cb, task);
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
      return_store_error (task, error);
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

  gleaner_store_upsert_async (gleaner_sync_get_store (fetch->sync), fresh,
                              g_task_get_cancellable (task), trending_stored_cb, task);
}

/* Takes @task. */
static void
start_trending (GTask *task)
{
  HfFetch *fetch = g_task_get_task_data (task);

  fetch->stage = STAGE_TRENDING;
  fetch_page (task);
}

/* Saved searches */

static void
search_synced_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HfFetch *fetch = g_task_get_task_data (task);
  GError *error = NULL;

  if (!gleaner_store_write_finish (GLEANER_STORE (object), result, &error))
    {
      return_store_error (task, error);
      return;
    }

  fetch->search++;
  next_search (g_steal_pointer (&task));
}

/* Takes @task. */
static void
mark_search_synced (GTask *task)
{
  HfFetch *fetch = g_task_get_task_data (task);
  GleanerSavedSearch *search = g_ptr_array_index (fetch->searches, fetch->search);

  gleaner_store_set_saved_search_hf_synced_async (gleaner_sync_get_store (fetch->sync),
                                                  gleaner_saved_search_get_id (search),
                                                  fetch->now_unix,
                                                  g_task_get_cancellable (task),
                                                  search_synced_cb, task);
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
      return_store_error (task, error);
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

  gleaner_store_upsert_async (gleaner_sync_get_store (fetch->sync), fresh,
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

/* Takes @task. */
static void
start_searches (GTask *task)
{
  HfFetch *fetch = g_task_get_task_data (task);
  g_autoptr(GPtrArray) all = NULL;
  GError *error = NULL;

  if (!(all = gleaner_store_list_saved_searches (gleaner_sync_get_store (fetch->sync), &error)))
    {
      return_store_error (task, error);
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

/* Pages, whatever the stage */

static void
page_parsed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HfFetch *fetch = g_task_get_task_data (task);
  g_autoptr(ParseOutput) output = NULL;
  g_autoptr(GError) error = NULL;

  if (!(output = g_task_propagate_pointer (G_TASK (result), &error)))
    {
      GError *parse_error = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        {
          gleaner_sync_set_parse_error (&parse_error, fetch->page_uri, error);
          g_task_return_error (task, parse_error);
        }
      return;
    }

  fetch->result->skipped += output->n_skipped;

  switch (fetch->stage)
    {
    case STAGE_DAYS:
      day_page_parsed (g_steal_pointer (&task), output->papers, output->n_skipped);
      break;

    case STAGE_TRENDING:
      trending_parsed (g_steal_pointer (&task), output->papers);
      break;

    case STAGE_SEARCH:
      search_parsed (g_steal_pointer (&task), output->papers);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
parse_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ParseInput *input = task_data;
  ParseOutput *output;
  g_autoptr(GPtrArray) papers = NULL;
  GError *error = NULL;
  guint n_skipped = 0;

  if (!(papers = gleaner_hf_parse_papers (input->bytes, input->daily_date, &n_skipped, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  output = g_new0 (ParseOutput, 1);
  output->papers = g_steal_pointer (&papers);
  output->n_skipped = n_skipped;
  g_task_return_pointer (task, output, (GDestroyNotify) parse_output_free);
}

static void
page_fetched_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GleanerHfSource *self = g_task_get_source_object (task);
  HfFetch *fetch = g_task_get_task_data (task);
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GTask) parse_task = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GCancellable *cancellable;
  GError *error = NULL;
  ParseInput *input;

  if (!(bytes = gleaner_sync_fetch_finish (GLEANER_SYNC (object), result, &headers, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  input = g_new0 (ParseInput, 1);
  input->bytes = g_steal_pointer (&bytes);

  /* Only daily lists page, and only their papers belong to a day; trending and search
   * hits keep the day they were (or will be) listed on. */
  if (fetch->stage == STAGE_DAYS)
    {
      fetch->has_next = find_next_page (headers, fetch->p, fetch->limit,
                                        &fetch->next_p, &fetch->next_limit);
      input->daily_date = g_strdup (g_ptr_array_index (fetch->days, fetch->day));
    }

  cancellable = g_task_get_cancellable (task);
  parse_task = g_task_new (self, cancellable, page_parsed_cb, g_steal_pointer (&task));
  g_task_set_source_tag (parse_task, parse_worker);
  g_task_set_task_data (parse_task, input, (GDestroyNotify) parse_input_free);
  g_task_run_in_thread (parse_task, parse_worker);
}

/* Fetches the page the stage is at. Takes @task. */
static void
fetch_page (GTask *task)
{
  GleanerHfSource *self = g_task_get_source_object (task);
  HfFetch *fetch = g_task_get_task_data (task);
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  g_clear_pointer (&fetch->page_uri, g_uri_unref);
  fetch->has_next = FALSE;

  switch (fetch->stage)
    {
    case STAGE_DAYS:
      fetch->page_uri = build_page_uri (self->base_uri,
                                        g_ptr_array_index (fetch->days, fetch->day),
                                        fetch->limit, fetch->p);
      break;

    case STAGE_TRENDING:
      fetch->page_uri = build_trending_uri (self->base_uri);
      break;

    case STAGE_SEARCH:
      {
        GleanerSavedSearch *search = g_ptr_array_index (fetch->searches, fetch->search);
        g_autofree char *text = g_strstrip (g_strdup (gleaner_saved_search_get_query (search)));

        fetch->page_uri = build_search_uri (self->base_uri, text);
      }
      break;

    default:
      g_assert_not_reached ();
    }

  gleaner_sync_fetch_async (fetch->sync, fetch->page_uri, g_task_get_cancellable (task),
                            page_fetched_cb, task);
}

static const char *
gleaner_hf_source_get_name (GleanerSource *source)
{
  return "hf";
}

static void
gleaner_hf_source_fetch_async (GleanerSource       *source,
                               GleanerSync         *sync,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GleanerHfSource *self = (GleanerHfSource *)source;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *last_day = NULL;
  g_autoptr(GError) error = NULL;
  HfFetch *fetch;

  g_assert (GLEANER_IS_HF_SOURCE (self));
  g_assert (GLEANER_IS_SYNC (sync));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gleaner_hf_source_fetch_async);

  now = gleaner_sync_dup_now (sync);
  /* Not knowing the last day is not having one: that would fetch a whole week again. */
  last_day = gleaner_store_dup_meta (gleaner_sync_get_store (sync), GLEANER_HF_LAST_DAY_KEY,
                                     &error);
  if (error != NULL)
    {
      g_prefix_error (&error, _("Cannot tell which days were already fetched: "));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  fetch = g_new0 (HfFetch, 1);
  fetch->sync = g_object_ref (sync);
  fetch->result = gleaner_sync_result_new ();
  fetch->seen_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fetch->days = gleaner_hf_source_list_days_full (now, last_day,
                                                  gleaner_sync_get_backfill_days (sync));
  fetch->today = gleaner_hf_source_dup_day (now);
  fetch->now_unix = g_date_time_to_unix (now);
  fetch->limit = PAGE_LIMIT;
  fetch->stage = STAGE_DAYS;
  g_task_set_task_data (task, fetch, (GDestroyNotify) hf_fetch_free);

  g_debug ("Last day %s; fetching %u days up to %s",
           last_day ? last_day : "(none)", fetch->days->len, fetch->today);

  fetch_page (g_steal_pointer (&task));
}

static gboolean
gleaner_hf_source_fetch_finish (GleanerSource      *source,
                                GAsyncResult       *result,
                                GleanerSyncResult  *accumulate,
                                GError            **error)
{
  g_autoptr(GleanerSyncResult) fetched = NULL;

  g_return_val_if_fail (g_task_is_valid (result, source), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gleaner_hf_source_fetch_async,
                        FALSE);

  if (!(fetched = g_task_propagate_pointer (G_TASK (result), error)))
    {
      HfFetch *fetch = g_task_get_task_data (G_TASK (result));

      /* Pages stored before the failure stay stored: count them, so their papers are still
       * news to whoever reads the run's outcome. */
      if (fetch != NULL && fetch->result != NULL)
        gleaner_sync_result_merge (accumulate, fetch->result);
      return FALSE;
    }

  gleaner_sync_result_merge (accumulate, fetched);

  return TRUE;
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

  g_clear_pointer (&self->base_uri, g_uri_unref);

  G_OBJECT_CLASS (gleaner_hf_source_parent_class)->finalize (object);
}

static void
gleaner_hf_source_class_init (GleanerHfSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gleaner_hf_source_finalize;
}

static void
gleaner_hf_source_init (GleanerHfSource *self)
{
}

GleanerHfSource *
gleaner_hf_source_new (GUri *base_uri)
{
  GleanerHfSource *self;

  g_return_val_if_fail (base_uri != NULL, NULL);

  self = g_object_new (GLEANER_TYPE_HF_SOURCE, NULL);
  self->base_uri = g_uri_ref (base_uri);

  return self;
}
