/* gleaner-sync.h — runs the sources and stores what they fetch.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "gleaner-types.h"
#include "gleaner-store.h"

G_BEGIN_DECLS

#define GLEANER_SYNC_ERROR (gleaner_sync_error_quark ())

typedef enum
{
  GLEANER_SYNC_ERROR_NETWORK,      /* host unreachable, connection refused or reset */
  GLEANER_SYNC_ERROR_TIMEOUT,      /* idle timeout or whole-response deadline */
  GLEANER_SYNC_ERROR_HTTP,         /* a non-2xx status other than 429/503 */
  GLEANER_SYNC_ERROR_RATE_LIMITED, /* 429 or 503; see gleaner_sync_get_retry_at() */
  GLEANER_SYNC_ERROR_TOO_LARGE,    /* body over the size cap */
  GLEANER_SYNC_ERROR_PARSE,        /* body is not the JSON we expect */
  GLEANER_SYNC_ERROR_STORE,        /* the database refused the write */
} GleanerSyncError;

typedef struct
{
  guint       added;
  guint       updated;
  guint       skipped;    /* entries the parser could not use */
  /* (element-type utf8) arXiv ids first stored by this run; papers first stored by a saved
   * search's very first Hugging Face search are old papers, not news, and are only counted
   * in @added. */
  GPtrArray  *new_ids;
} GleanerSyncResult;

#define GLEANER_TYPE_SYNC_RESULT (gleaner_sync_result_get_type ())

GType              gleaner_sync_result_get_type (void) G_GNUC_CONST;
void               gleaner_sync_result_free     (GleanerSyncResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GleanerSyncResult, gleaner_sync_result_free)

#define GLEANER_TYPE_SYNC (gleaner_sync_get_type ())

G_DECLARE_FINAL_TYPE (GleanerSync, gleaner_sync, GLEANER, SYNC, GObject)

GQuark             gleaner_sync_error_quark (void);

/* @hf_base_url: e.g. "https://huggingface.co" or "http://127.0.0.1:8080/mirror" (a path prefix
 * is kept). */
GleanerSync       *gleaner_sync_new            (GleanerStore         *store,
                                                const char           *hf_base_url);
GleanerStore      *gleaner_sync_get_store      (GleanerSync          *self);
/* Also the "running" property, notified when a run starts and just before it completes. */
gboolean           gleaner_sync_get_running    (GleanerSync          *self);
/* Unix time before which the server asked us not to come back (Retry-After / RateLimit t=,
 * at most a day ahead); 0 if none. Set by a 429/503 answer, cleared by a successful run;
 * also the "retry-at" property (notifies). */
gint64             gleaner_sync_get_retry_at   (GleanerSync          *self);
/* The GLEANER_SYNC_ERROR_RATE_LIMITED error whose answer set retry-at (its message says how
 * long to wait and until when), or NULL when retry-at is 0. Returns (transfer full). */
GError            *gleaner_sync_dup_retry_error (GleanerSync         *self);
/* Tests shorten these; defaults: idle 30 s, whole response 120 s, body 10 MiB. */
void               gleaner_sync_set_limits     (GleanerSync          *self,
                                                guint                 idle_timeout_s,
                                                guint                 deadline_s,
                                                gsize                 max_body_bytes);
/* "Today" for choosing the days to fetch (tests inject it); NULL = now. */
void               gleaner_sync_set_now        (GleanerSync          *self,
                                                GDateTime            *now);

/* Days the first run fetches (1–30, clamped; default 7). Takes effect for the next run. */
void               gleaner_sync_set_backfill_days (GleanerSync       *self,
                                                   guint              days);
guint              gleaner_sync_get_backfill_days (GleanerSync       *self);
/* Changes the Hugging Face base address (see gleaner_sync_new()); a run in progress finishes
 * with the old one, the next run uses the new one (or fails if it is not http/https). */
void               gleaner_sync_set_hf_base_url   (GleanerSync       *self,
                                                   const char        *hf_base_url);
const char        *gleaner_sync_get_hf_base_url   (GleanerSync       *self);

/* One run of every source; for Hugging Face (see gleaner-hf-source.h): the daily lists (on
 * the first run the last backfill-days days, 7 by default; later the last 2 days and every day
 * since the last successful run), then the trending list, then a search for each saved search
 * that asks Hugging Face. Fails on the first request that fails; what was stored before stays
 * stored. Never waits or retries by itself (GleanerScheduler decides when to run). A run while
 * another is running fails at once with G_IO_ERROR_PENDING (it does not join: the caller of
 * the running one gets its result); cancelling gives G_IO_ERROR_CANCELLED. */
void               gleaner_sync_run_async      (GleanerSync          *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
GleanerSyncResult *gleaner_sync_run_finish     (GleanerSync          *self,
                                                GAsyncResult         *result,
                                                GError              **error);

/* Like gleaner_sync_run_finish(); when the run failed, @partial (optional) receives what it
 * had stored before failing, or NULL. */
GleanerSyncResult *gleaner_sync_run_finish_full (GleanerSync        *self,
                                                 GAsyncResult       *result,
                                                 GleanerSyncResult **partial,
                                                 GError            **error);

/* A result with zero counts and an empty @new_ids. */
GleanerSyncResult *gleaner_sync_result_new     (void);

/* For GleanerSource implementations (see gleaner-source.h). */

/* "Today" as set with gleaner_sync_set_now(), or the current time (UTC). */
GDateTime         *gleaner_sync_dup_now        (GleanerSync          *self);
/* GETs @uri with this sync's session (User-Agent, idle timeout) and limits (whole-response
 * deadline, body size cap). At most one request per host name (any port) is in flight: a
 * fetch while another to the same host runs waits in a queue, first come first served,
 * whichever run or source asked (cancelling a waiting fetch ends it at once; its deadline
 * counts from when it is sent). Fails with a GLEANER_SYNC_ERROR whose
 * message names the host (NETWORK, TIMEOUT, HTTP, RATE_LIMITED — which also sets retry-at —
 * or TOO_LARGE), or with G_IO_ERROR_CANCELLED when @cancellable is cancelled. */
void               gleaner_sync_fetch_async    (GleanerSync          *self,
                                                GUri                 *uri,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
/* Returns (transfer full): the body of a 2xx response; @response_headers (out) (optional)
 * (transfer full) gets its headers. */
GBytes            *gleaner_sync_fetch_finish   (GleanerSync          *self,
                                                GAsyncResult         *result,
                                                SoupMessageHeaders  **response_headers,
                                                GError              **error);
/* "HOST" or "HOST:PORT" (the port only when the address names one), as used in messages. */
char              *gleaner_sync_dup_host_label (GUri                 *uri);
/* Sets @error to GLEANER_SYNC_ERROR_PARSE "HOST sent an unexpected response: …" from the
 * parser's @cause. */
void               gleaner_sync_set_parse_error (GError             **error,
                                                 GUri                *uri,
                                                 const GError        *cause);
/* Sets @error to GLEANER_SYNC_ERROR_STORE from the store's @cause. */
void               gleaner_sync_set_store_error (GError             **error,
                                                 const GError        *cause);
/* Adds an upsert batch's counts and new ids to @self. */
void               gleaner_sync_result_add_upsert (GleanerSyncResult         *self,
                                                   const GleanerUpsertResult *upsert);
/* Adds @other's counts and new ids to @self. */
void               gleaner_sync_result_merge   (GleanerSyncResult    *self,
                                                const GleanerSyncResult *other);

G_END_DECLS
