/* gleaner-fetcher.c — the one way the sources talk HTTP.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-fetcher"

#include "config.h"

#include <glib/gi18n.h>

#include "gleaner-fetcher.h"
#include "gleaner-host-lock.h"

#define DEFAULT_USER_AGENT      "Gleaner/" PACKAGE_VERSION
#define DEFAULT_IDLE_TIMEOUT_S  30
#define DEFAULT_DEADLINE_S      120
#define DEFAULT_MAX_BODY_BYTES  (10 * 1024 * 1024)
#define READ_CHUNK_BYTES        (64 * 1024)
#define HTTP_TOO_MANY_REQUESTS  429   /* not in libsoup 3.2's SoupStatus */
/* A server asking us to stay away for longer than this is probably confused; cap what we
 * tell the user (and what retry-at says) at one day. */
#define MAX_RETRY_WAIT_S        (24 * 60 * 60)

struct _GleanerFetcher
{
  GObject       parent_instance;

  /* Owned References */
  SoupSession  *session;
  /* Politeness: one request in flight per host. A host (lower-case name, any port) is a key
   * while a request to it is in flight (or its interval runs); its value queues the fetches
   * waiting for it (GQueue of GTask, each holding a reference). */
  GHashTable   *busy_hosts;
  /* Lower-case host name → minimum pause in ms (GUINT_TO_POINTER) between its requests. */
  GHashTable   *host_intervals;
  /* Lower-case host name → lock file shared with other processes (see gleaner-host-lock.h). */
  GHashTable   *host_locks;
  /* Lower-case host name → User-Agent for its requests, in place of the default one. */
  GHashTable   *host_user_agents;

  guint         idle_timeout_s;
  guint         deadline_s;
  gsize         max_body_bytes;
};

G_DEFINE_FINAL_TYPE (GleanerFetcher, gleaner_fetcher, G_TYPE_OBJECT)

enum {
  RATE_LIMITED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* One HTTP request. */
typedef struct
{
  GUri         *uri;
  char         *host;
  char         *host_key;         /* key in busy_hosts */
  SoupMessage  *msg;
  GInputStream *stream;
  GByteArray   *body;
  goffset       expected_length;  /* Content-Length of an unencoded body, or -1 */
  /* Cancelled by the caller's cancellable and by the deadline; given to libsoup. */
  GCancellable *cancellable;
  GCancellable *caller_cancellable;
  gulong        caller_cancelled_id;
  GSource      *deadline_source;
  gboolean      deadline_hit;
  gboolean      started;          /* holds its host, not just queued behind another request */
  gboolean      sent;             /* handed to libsoup */
  gulong        queued_cancelled_id;
  GleanerFetchFlags flags;
  guint         status;           /* the HTTP status, once known */
  /* Across processes (hosts with a lock file): the lock while we hold it, the wait before
   * sending, and what to record for the next request (0: the host's interval from now). */
  GleanerHostLock *host_lock;
  char         *lock_path;
  guint         interval_ms;
  GSource      *spacing_source;
  gint64        next_not_before;
  /* The outcome, handed back from an idle callback. */
  GBytes       *result;
  GError       *error;
} Fetch;

static GError *
new_rate_limited_error (GleanerFetcher *self,
                        Fetch          *fetch,
                        guint           status)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (fetch->msg);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GError *error;
  gint64 wait = -1;

  g_assert (GLEANER_IS_FETCHER (self));

  wait = gleaner_sync_parse_retry_wait (headers, now);

  if (wait >= 0)
    {
      g_autoptr(GDateTime) local_now = g_date_time_new_from_unix_local (now);
      g_autoptr(GDateTime) when = NULL;
      g_autofree char *clock = NULL;

      wait = MIN (wait, MAX_RETRY_WAIT_S);
      /* The other processes keep away until then too. */
      fetch->next_not_before = (now + wait) * G_USEC_PER_SEC;

      /* Round up to the minute so "after 14:05" is never too early. */
      when = g_date_time_new_from_unix_local ((now + wait + 59) / 60 * 60);
      if (g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (local_now))
        clock = g_date_time_format (when, "%H:%M");
      else
        clock = g_date_time_format (when, "%Y-%m-%d %H:%M");

      if (status == HTTP_TOO_MANY_REQUESTS)
        error = g_error_new (GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_RATE_LIMITED,
                             /* Translators: "huggingface.co asks to wait 120 s (rate limited,
                              * HTTP 429); try again after 14:05" */
                             _("%s asks to wait %u s (rate limited, HTTP 429); try again after %s"),
                             fetch->host, (guint)wait, clock);
      else
        error = g_error_new (GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_RATE_LIMITED,
                             _("%s asks to wait %u s (service unavailable, HTTP 503); try again after %s"),
                             fetch->host, (guint)wait, clock);

      /* Whoever runs the fetches (GleanerSync) keeps the time and the error, so that a manual
       * refresh before then can say the same without asking. */
      g_signal_emit (self, signals[RATE_LIMITED], 0, fetch->host, now + wait, error);

      return error;
    }

  if (status == HTTP_TOO_MANY_REQUESTS)
    return g_error_new (GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_RATE_LIMITED,
                        _("%s is limiting requests (rate limited, HTTP 429); try again later"),
                        fetch->host);
  else
    return g_error_new (GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_RATE_LIMITED,
                        _("%s is unavailable (HTTP 503 Service Unavailable); try again later"),
                        fetch->host);
}

/* Fetching one URL */

static void
fetch_free (Fetch *fetch)
{
  /* Normally done by fetch_stop() and fetch_return_cb(). */
  if (fetch->deadline_source != NULL)
    g_source_destroy (fetch->deadline_source);
  g_clear_pointer (&fetch->deadline_source, g_source_unref);
  if (fetch->caller_cancelled_id != 0)
    g_cancellable_disconnect (fetch->caller_cancellable, fetch->caller_cancelled_id);
  if (fetch->queued_cancelled_id != 0)
    g_cancellable_disconnect (fetch->cancellable, fetch->queued_cancelled_id);
  if (fetch->spacing_source != NULL)
    g_source_destroy (fetch->spacing_source);
  g_clear_pointer (&fetch->spacing_source, g_source_unref);
  if (fetch->host_lock != NULL)
    gleaner_host_lock_release (g_steal_pointer (&fetch->host_lock), 0);

  g_clear_pointer (&fetch->lock_path, g_free);
  g_clear_pointer (&fetch->uri, g_uri_unref);
  g_clear_pointer (&fetch->host, g_free);
  g_clear_pointer (&fetch->host_key, g_free);
  g_clear_object (&fetch->msg);
  g_clear_object (&fetch->stream);
  g_clear_pointer (&fetch->body, g_byte_array_unref);
  g_clear_object (&fetch->cancellable);
  g_clear_object (&fetch->caller_cancellable);
  g_clear_pointer (&fetch->result, g_bytes_unref);
  g_clear_error (&fetch->error);
  g_free (fetch);
}

static void
caller_cancelled_cb (GCancellable *caller_cancellable,
                     GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Fetch *fetch = user_data;

  g_debug ("%s: deadline reached, cancelling the request", fetch->host);

  fetch->deadline_hit = TRUE;
  g_cancellable_cancel (fetch->cancellable);

  return G_SOURCE_REMOVE;
}

/* Stops the timer and lets go of the connection. Unless the body was read to the end, the
 * request's cancellable is cancelled first so that closing the stream drops the connection
 * instead of reading (maybe endlessly) what is left of the body. */
static void
fetch_stop (Fetch    *fetch,
            gboolean  complete)
{
  if (fetch->deadline_source != NULL)
    g_source_destroy (fetch->deadline_source);
  g_clear_pointer (&fetch->deadline_source, g_source_unref);

  if (!complete)
    g_cancellable_cancel (fetch->cancellable);

  if (fetch->stream != NULL)
    {
      g_input_stream_close_async (fetch->stream, G_PRIORITY_DEFAULT,
                                  complete ? NULL : fetch->cancellable, NULL, NULL);
      g_clear_object (&fetch->stream);
    }
}

static void host_done (GleanerFetcher *self,
                       const char     *host_key,
                       gboolean        sent);

static gboolean
fetch_return_cb (gpointer user_data)
{
  GTask *task = user_data;
  GleanerFetcher *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);

  g_assert (GLEANER_IS_FETCHER (self));

  /* Safe here, outside any "cancelled" emission. */
  g_cancellable_disconnect (fetch->caller_cancellable, fetch->caller_cancelled_id);
  fetch->caller_cancelled_id = 0;

  /* Other processes may go once the spacing (or a Retry-After) has passed. */
  if (fetch->host_lock != NULL)
    {
      gint64 not_before = fetch->next_not_before;

      if (not_before == 0 && fetch->sent)
        not_before = g_get_real_time () + (gint64)fetch->interval_ms * 1000;
      gleaner_host_lock_release (g_steal_pointer (&fetch->host_lock), not_before);
    }

  /* The next request to this host may go now, or after its interval (a fetch cancelled while
   * queued never held it). */
  if (fetch->started)
    host_done (self, fetch->host_key, fetch->sent);

  if (fetch->error != NULL)
    g_task_return_error (task, g_steal_pointer (&fetch->error));
  else
    g_task_return_pointer (task, g_steal_pointer (&fetch->result),
                           (GDestroyNotify) g_bytes_unref);

  return G_SOURCE_REMOVE;
}

/* Completes the fetch from an idle callback: the failure may have been reported from inside
 * the caller's "cancelled" emission, where disconnecting from it would deadlock. */
static void
fetch_return (GTask  *task,
              GBytes *bytes,
              GError *error)
{
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GSource) source = NULL;

  g_assert ((bytes == NULL) != (error == NULL));

  fetch_stop (fetch, error == NULL);
  fetch->result = bytes;
  fetch->error = error;

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, fetch_return_cb, g_object_ref (task), g_object_unref);
  g_source_set_static_name (source, "[gleaner] fetch_return_cb");
  g_source_attach (source, g_task_get_context (task));
}

static void fetch_read_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data);

static void
fetch_read_next (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (fetch->stream, READ_CHUNK_BYTES, G_PRIORITY_DEFAULT,
                                   fetch->cancellable, fetch_read_cb, task);
}

static void
fetch_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GleanerFetcher *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;

  g_assert (GLEANER_IS_FETCHER (self));

  if (!(bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error)))
    {
      fetch_return (task, NULL, gleaner_sync_error_from_transport (error, fetch->host, TRUE,
                                                             fetch->deadline_hit &&
                                                             !g_cancellable_is_cancelled (fetch->caller_cancellable),
                                                             self->deadline_s, self->idle_timeout_s));
      return;
    }

  if ((size = g_bytes_get_size (bytes)) == 0 &&
      fetch->expected_length >= 0 && fetch->body->len != fetch->expected_length)
    {
      /* libsoup 3.2 takes an early close for the end of a "Connection: close" response even
       * when Content-Length promised more. */
      g_autofree char *received = g_strdup_printf ("%u", fetch->body->len);
      g_autofree char *expected = g_strdup_printf ("%" G_GOFFSET_FORMAT, fetch->expected_length);
      g_autofree char *detail = g_strdup_printf (_("only %s of %s bytes arrived"), received, expected);

      fetch_return (task, NULL,
                    g_error_new (GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_NETWORK,
                                 _("The connection to %s broke off: %s"), fetch->host, detail));
      return;
    }

  if (size == 0)
    {
      g_debug ("%s: %u bytes from %s", fetch->host, fetch->body->len,
               g_uri_get_path (fetch->uri));
      fetch_return (task, g_byte_array_free_to_bytes (g_steal_pointer (&fetch->body)), NULL);
      return;
    }

  if (size > self->max_body_bytes - MIN (fetch->body->len, self->max_body_bytes))
    {
      fetch_return (task, NULL, gleaner_sync_error_new_too_large (fetch->host, self->max_body_bytes));
      return;
    }

  g_byte_array_append (fetch->body, g_bytes_get_data (bytes, NULL), size);
  fetch_read_next (g_steal_pointer (&task));
}

static void
fetch_sent_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GleanerFetcher *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  guint status;

  g_assert (GLEANER_IS_FETCHER (self));

  if (!(fetch->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error)))
    {
      fetch_return (task, NULL, gleaner_sync_error_from_transport (error, fetch->host, FALSE,
                                                             fetch->deadline_hit &&
                                                             !g_cancellable_is_cancelled (fetch->caller_cancellable),
                                                             self->deadline_s, self->idle_timeout_s));
      return;
    }

  /* Decide on the status and the announced size before reading any of the body. */
  status = fetch->status = soup_message_get_status (fetch->msg);
  headers = soup_message_get_response_headers (fetch->msg);

  if (status == HTTP_TOO_MANY_REQUESTS || status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    {
      fetch_return (task, NULL, new_rate_limited_error (self, fetch, status));
      return;
    }

  /* Asked with If-None-Match: nothing changed, and there is no body to read. */
  if (status == SOUP_STATUS_NOT_MODIFIED && (fetch->flags & GLEANER_FETCH_NOT_MODIFIED))
    {
      fetch_return (task, g_bytes_new (NULL, 0), NULL);
      return;
    }

  /* Some APIs explain a refusal in the body (arXiv's Atom error feed comes with 400). */
  if (!SOUP_STATUS_IS_SUCCESSFUL (status) &&
      !((fetch->flags & GLEANER_FETCH_CLIENT_ERROR_BODY) && status >= 400 && status < 500))
    {
      fetch_return (task, NULL,
                    g_error_new (GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_HTTP,
                                 _("%s answered HTTP %u %s"),
                                 fetch->host, status, soup_status_get_phrase (status)));
      return;
    }

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset)self->max_body_bytes)
    {
      fetch_return (task, NULL, gleaner_sync_error_new_too_large (fetch->host, self->max_body_bytes));
      return;
    }

  /* With a Content-Encoding the decoded size differs from Content-Length. */
  fetch->expected_length = -1;
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    {
      const char *coding = soup_message_headers_get_one (headers, "Content-Encoding");

      if (coding == NULL || g_ascii_strcasecmp (coding, "identity") == 0)
        fetch->expected_length = soup_message_headers_get_content_length (headers);
    }

  fetch->body = g_byte_array_new ();
  fetch_read_next (g_steal_pointer (&task));
}

/* Sends the request, the host (and its lock, if any) being ours; takes @task. */
static void
fetch_send (GleanerFetcher *self,
            GTask          *task)
{
  Fetch *fetch = g_task_get_task_data (task);
  GError *error = NULL;
  const char *user_agent;

  g_assert (GLEANER_IS_FETCHER (self));

  if (g_cancellable_set_error_if_cancelled (fetch->cancellable, &error))
    {
      fetch_return (task, NULL, error);
      g_object_unref (task);
      return;
    }

  /* The deadline counts from sending, not from queueing. */
  if (self->deadline_s > 0)
    {
      fetch->deadline_source = g_timeout_source_new (self->deadline_s * 1000);
      g_source_set_callback (fetch->deadline_source, deadline_cb, fetch, NULL);
      g_source_set_static_name (fetch->deadline_source, "[gleaner] deadline_cb");
      g_source_attach (fetch->deadline_source, g_task_get_context (task));
    }

  {
    g_autofree char *uri_string = g_uri_to_string_partial (fetch->uri, G_URI_HIDE_PASSWORD);
    g_debug ("GET %s", uri_string);
  }

  user_agent = g_hash_table_lookup (self->host_user_agents, fetch->host_key);
  soup_message_headers_replace (soup_message_get_request_headers (fetch->msg), "User-Agent",
                                user_agent != NULL ? user_agent : DEFAULT_USER_AGENT);

  fetch->sent = TRUE;
  soup_session_send_async (self->session, fetch->msg, G_PRIORITY_DEFAULT, fetch->cancellable,
                           fetch_sent_cb, task);
}

static gboolean
spacing_done_cb (gpointer user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);

  /* Fired by the timeout or by the cancellable (a child source): either way, go on. */
  g_source_destroy (fetch->spacing_source);
  g_clear_pointer (&fetch->spacing_source, g_source_unref);
  fetch_send (g_task_get_source_object (task), task);

  return G_SOURCE_REMOVE;
}

static void
host_lock_acquired_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GTask *task = user_data;
  GleanerFetcher *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gint64 not_before = 0;
  gint64 wait_us;

  if (!(fetch->host_lock = gleaner_host_lock_acquire_finish (result, &not_before, &error)))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fetch_return (task, NULL, g_steal_pointer (&error));
      else
        fetch_return (task, NULL,
                      g_error_new (GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_NETWORK,
                                   _("Cannot coordinate requests to %s with other Gleaner processes: %s"),
                                   fetch->host, error->message));
      g_object_unref (task);
      return;
    }

  wait_us = not_before - g_get_real_time ();

  /* Further off than the spacing: a Retry-After another process was given. Saying so now
   * beats holding the lock (and everyone behind it) for minutes. */
  if (wait_us > MAX ((gint64)fetch->interval_ms * 1000, 0) + G_USEC_PER_SEC)
    {
      gint64 now = g_get_real_time () / G_USEC_PER_SEC;
      gint64 retry_at = (not_before + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local ((retry_at + 59) / 60 * 60);
      g_autofree char *clock = g_date_time_format (when, "%H:%M");
      GError *limited;

      limited = g_error_new (GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_RATE_LIMITED,
                             /* Translators: "export.arxiv.org asked Gleaner to wait (rate limited); try again after 14:05" */
                             _("%s asked Gleaner to wait (rate limited); try again after %s"),
                             fetch->host, clock);
      g_signal_emit (self, signals[RATE_LIMITED], 0, fetch->host, MAX (retry_at, now), limited);
      fetch_return (task, NULL, limited);
      g_object_unref (task);
      return;
    }

  if (wait_us <= 0)
    {
      fetch_send (self, task);
      return;
    }

  g_debug ("%s: another process asked a %" G_GINT64_FORMAT " ms pause", fetch->host,
           wait_us / 1000);
  fetch->spacing_source = g_timeout_source_new ((guint)((wait_us + 999) / 1000));
  {
    g_autoptr(GSource) cancelled = g_cancellable_source_new (fetch->cancellable);

    g_source_set_dummy_callback (cancelled);
    g_source_add_child_source (fetch->spacing_source, cancelled);
  }
  g_source_set_callback (fetch->spacing_source, spacing_done_cb, task, NULL);
  g_source_set_static_name (fetch->spacing_source, "[gleaner] spacing_done_cb");
  g_source_attach (fetch->spacing_source, g_task_get_context (task));
}

/* The host is ours in this process: take its lock across processes if it has one, then
 * send. Takes @task. */
static void
fetch_start (GleanerFetcher *self,
             GTask          *task)
{
  Fetch *fetch = g_task_get_task_data (task);
  const char *lock_path;
  GError *error = NULL;

  g_assert (GLEANER_IS_FETCHER (self));
  g_assert (!fetch->started);

  fetch->started = TRUE;

  /* Cancelled while waiting for its turn: the host is ours until fetch_return_cb(). */
  if (g_cancellable_set_error_if_cancelled (fetch->cancellable, &error))
    {
      fetch_return (task, NULL, error);
      g_object_unref (task);
      return;
    }

  fetch->interval_ms = GPOINTER_TO_UINT (g_hash_table_lookup (self->host_intervals,
                                                              fetch->host_key));
  if ((lock_path = g_hash_table_lookup (self->host_locks, fetch->host_key)) != NULL)
    {
      fetch->lock_path = g_strdup (lock_path);
      gleaner_host_lock_acquire_async (fetch->lock_path, fetch->cancellable,
                                       host_lock_acquired_cb, task);
      return;
    }

  fetch_send (self, task);
}

/* The request to @host_key in flight is done: start the next one waiting for it, if any. */
static void
host_release (GleanerFetcher *self,
              const char     *host_key)
{
  GQueue *queue = g_hash_table_lookup (self->busy_hosts, host_key);
  GTask *next;
  Fetch *fetch;

  g_assert (queue != NULL);

  if (!(next = g_queue_pop_head (queue)))
    {
      g_hash_table_remove (self->busy_hosts, host_key);
      return;
    }

  fetch = g_task_get_task_data (next);
  g_cancellable_disconnect (fetch->cancellable, fetch->queued_cancelled_id);
  fetch->queued_cancelled_id = 0;

  /* The queue's reference goes to the request. */
  fetch_start (self, next);
}

typedef struct
{
  GleanerFetcher *self;
  char           *host_key;
} HostWait;

static void
host_wait_free (HostWait *wait)
{
  g_clear_object (&wait->self);
  g_clear_pointer (&wait->host_key, g_free);
  g_free (wait);
}

static gboolean
host_interval_cb (gpointer user_data)
{
  HostWait *wait = user_data;

  host_release (wait->self, wait->host_key);

  return G_SOURCE_REMOVE;
}

/* The request to @host_key in flight is done. A host with an interval stays busy until it
 * has passed, so that whatever comes meanwhile queues behind it; a request that was never
 * sent (cancelled in the queue's head) needs no pause. */
static void
host_done (GleanerFetcher *self,
           const char     *host_key,
           gboolean        sent)
{
  guint interval_ms = GPOINTER_TO_UINT (g_hash_table_lookup (self->host_intervals, host_key));
  g_autoptr(GSource) source = NULL;
  HostWait *wait;

  if (!sent || interval_ms == 0)
    {
      host_release (self, host_key);
      return;
    }

  g_debug ("%s: waiting %u ms before the next request", host_key, interval_ms);

  /* Holds a reference: the host must not be left busy forever by our going away. */
  wait = g_new0 (HostWait, 1);
  wait->self = g_object_ref (self);
  wait->host_key = g_strdup (host_key);

  source = g_timeout_source_new (interval_ms);
  g_source_set_callback (source, host_interval_cb, wait, (GDestroyNotify) host_wait_free);
  g_source_set_static_name (source, "[gleaner] host_interval_cb");
  g_source_attach (source, g_main_context_get_thread_default ());
}

static gboolean
queued_cancelled_idle_cb (gpointer user_data)
{
  GTask *task = user_data;
  GleanerFetcher *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);
  GQueue *queue = g_hash_table_lookup (self->busy_hosts, fetch->host_key);

  /* Still waiting (not started meanwhile): leave the queue and fail right away. */
  if (!fetch->started && queue != NULL && g_queue_remove (queue, task))
    {
      GError *error = NULL;

      g_cancellable_disconnect (fetch->cancellable, fetch->queued_cancelled_id);
      fetch->queued_cancelled_id = 0;
      g_cancellable_set_error_if_cancelled (fetch->cancellable, &error);
      fetch_return (task, NULL, error);
      g_object_unref (task);   /* the queue's */
    }

  return G_SOURCE_REMOVE;
}

/* Runs inside the "cancelled" emission, maybe in another thread: only schedule. */
static void
queued_cancelled_cb (GCancellable *cancellable,
                     GTask        *task)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_callback (source, queued_cancelled_idle_cb, g_object_ref (task), g_object_unref);
  g_source_set_static_name (source, "[gleaner] queued_cancelled_idle_cb");
  g_source_attach (source, g_task_get_context (task));
}

void
gleaner_fetcher_fetch_async (GleanerFetcher      *self,
                             GUri                *uri,
                             const char          *accept,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  gleaner_fetcher_fetch_full_async (self, uri, accept, NULL, GLEANER_FETCH_FLAGS_NONE,
                                    cancellable, callback, user_data);
}

void
gleaner_fetcher_fetch_full_async (GleanerFetcher      *self,
                                  GUri                *uri,
                                  const char          *accept,
                                  const char          *if_none_match,
                                  GleanerFetchFlags    flags,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SoupMessageHeaders *request_headers;
  GQueue *queue;
  Fetch *fetch;

  g_return_if_fail (GLEANER_IS_FETCHER (self));
  g_return_if_fail (uri != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gleaner_fetcher_fetch_async);

  fetch = g_new0 (Fetch, 1);
  fetch->uri = g_uri_ref (uri);
  fetch->host = gleaner_sync_dup_host_label (uri);
  fetch->host_key = g_ascii_strdown (g_uri_get_host (uri) ? g_uri_get_host (uri) : "", -1);
  fetch->msg = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  fetch->cancellable = g_cancellable_new ();
  fetch->flags = flags;
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);

  request_headers = soup_message_get_request_headers (fetch->msg);
  if (accept != NULL)
    soup_message_headers_replace (request_headers, "Accept", accept);
  if (if_none_match != NULL)
    {
      soup_message_headers_replace (request_headers, "If-None-Match", if_none_match);
      fetch->flags |= GLEANER_FETCH_NOT_MODIFIED;
    }

  if (cancellable != NULL)
    {
      fetch->caller_cancellable = g_object_ref (cancellable);
      fetch->caller_cancelled_id =
        g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                               g_object_ref (fetch->cancellable), g_object_unref);
    }

  /* Politeness: a request to a host that is still answering another one waits its turn,
   * whichever run or source sent it (ports don't count: it is the same machine). */
  if ((queue = g_hash_table_lookup (self->busy_hosts, fetch->host_key)) != NULL)
    {
      g_debug ("%s: waiting for the request in flight (%u queued)", fetch->host, queue->length);
      fetch->queued_cancelled_id =
        g_cancellable_connect (fetch->cancellable, G_CALLBACK (queued_cancelled_cb), task, NULL);
      g_queue_push_tail (queue, g_steal_pointer (&task));
      return;
    }

  g_hash_table_insert (self->busy_hosts, g_strdup (fetch->host_key), g_queue_new ());
  fetch_start (self, g_steal_pointer (&task));
}

/**
 * gleaner_fetcher_fetch_finish:
 * @response_headers: (out) (optional) (transfer full): the response headers
 *
 * Returns: (transfer full): the body, or %NULL with @error set
 */
GBytes *
gleaner_fetcher_fetch_finish (GleanerFetcher      *self,
                              GAsyncResult        *result,
                              SoupMessageHeaders **response_headers,
                              GError             **error)
{
  return gleaner_fetcher_fetch_full_finish (self, result, NULL, response_headers, error);
}

/**
 * gleaner_fetcher_fetch_full_finish:
 * @status: (out) (optional): the HTTP status of the response
 * @response_headers: (out) (optional) (transfer full): the response headers
 *
 * Returns: (transfer full): the body, or %NULL with @error set
 */
GBytes *
gleaner_fetcher_fetch_full_finish (GleanerFetcher      *self,
                                   GAsyncResult        *result,
                                   guint               *status,
                                   SoupMessageHeaders **response_headers,
                                   GError             **error)
{
  Fetch *fetch;
  GBytes *bytes;

  g_return_val_if_fail (GLEANER_IS_FETCHER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gleaner_fetcher_fetch_async, NULL);

  bytes = g_task_propagate_pointer (G_TASK (result), error);
  fetch = g_task_get_task_data (G_TASK (result));

  if (status != NULL)
    *status = bytes != NULL && fetch != NULL ? fetch->status : 0;

  if (response_headers != NULL)
    {
      *response_headers = NULL;
      if (bytes != NULL && fetch != NULL && fetch->msg != NULL)
        *response_headers = soup_message_headers_ref (soup_message_get_response_headers (fetch->msg));
    }

  return bytes;
}

/* GObject */

static void
gleaner_fetcher_dispose (GObject *object)
{
  GleanerFetcher *self = (GleanerFetcher *)object;

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (gleaner_fetcher_parent_class)->dispose (object);
}

static void
gleaner_fetcher_finalize (GObject *object)
{
  GleanerFetcher *self = (GleanerFetcher *)object;

  g_clear_pointer (&self->busy_hosts, g_hash_table_unref);
  g_clear_pointer (&self->host_intervals, g_hash_table_unref);
  g_clear_pointer (&self->host_locks, g_hash_table_unref);
  g_clear_pointer (&self->host_user_agents, g_hash_table_unref);

  G_OBJECT_CLASS (gleaner_fetcher_parent_class)->finalize (object);
}

static void
gleaner_fetcher_class_init (GleanerFetcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gleaner_fetcher_dispose;
  object_class->finalize = gleaner_fetcher_finalize;

  signals[RATE_LIMITED] =
    g_signal_new ("rate-limited",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_INT64, G_TYPE_ERROR);
}

static void
gleaner_fetcher_init (GleanerFetcher *self)
{
  self->idle_timeout_s = DEFAULT_IDLE_TIMEOUT_S;
  self->deadline_s = DEFAULT_DEADLINE_S;
  self->max_body_bytes = DEFAULT_MAX_BODY_BYTES;
  /* Queued fetches hold a reference on us, so the queues are empty when we go. */
  self->busy_hosts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_queue_free);
  self->host_intervals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->host_locks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->host_user_agents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* One connection: the requests of a run go one after the other anyway, and it is polite. */
  /* The User-Agent is set on each request (see gleaner_fetcher_set_host_user_agent()). */
  self->session = soup_session_new_with_options ("timeout", self->idle_timeout_s,
                                                 "max-conns-per-host", 1,
                                                 NULL);
}

GleanerFetcher *
gleaner_fetcher_new (void)
{
  return g_object_new (GLEANER_TYPE_FETCHER, NULL);
}

void
gleaner_fetcher_set_limits (GleanerFetcher *self,
                            guint           idle_timeout_s,
                            guint           deadline_s,
                            gsize           max_body_bytes)
{
  g_return_if_fail (GLEANER_IS_FETCHER (self));
  g_return_if_fail (max_body_bytes > 0);

  self->idle_timeout_s = idle_timeout_s;
  self->deadline_s = deadline_s;
  self->max_body_bytes = max_body_bytes;
  soup_session_set_timeout (self->session, idle_timeout_s);
}

void
gleaner_fetcher_set_host_interval (GleanerFetcher *self,
                                   const char     *host,
                                   guint           interval_ms)
{
  g_autofree char *host_key = NULL;

  g_return_if_fail (GLEANER_IS_FETCHER (self));
  g_return_if_fail (host != NULL);

  host_key = g_ascii_strdown (host, -1);

  if (interval_ms == 0)
    g_hash_table_remove (self->host_intervals, host_key);
  else
    g_hash_table_replace (self->host_intervals, g_steal_pointer (&host_key),
                          GUINT_TO_POINTER (interval_ms));
}

guint
gleaner_fetcher_get_host_interval (GleanerFetcher *self,
                                   const char     *host)
{
  g_autofree char *host_key = NULL;

  g_return_val_if_fail (GLEANER_IS_FETCHER (self), 0);
  g_return_val_if_fail (host != NULL, 0);

  host_key = g_ascii_strdown (host, -1);

  return GPOINTER_TO_UINT (g_hash_table_lookup (self->host_intervals, host_key));
}

void
gleaner_fetcher_set_host_lock (GleanerFetcher *self,
                               const char     *host,
                               const char     *lock_path)
{
  g_return_if_fail (GLEANER_IS_FETCHER (self));
  g_return_if_fail (host != NULL);

  if (lock_path == NULL)
    {
      g_autofree char *host_key = g_ascii_strdown (host, -1);

      g_hash_table_remove (self->host_locks, host_key);
    }
  else
    g_hash_table_replace (self->host_locks, g_ascii_strdown (host, -1), g_strdup (lock_path));
}

void
gleaner_fetcher_set_host_user_agent (GleanerFetcher *self,
                                     const char     *host,
                                     const char     *user_agent)
{
  g_autofree char *host_key = NULL;

  g_return_if_fail (GLEANER_IS_FETCHER (self));
  g_return_if_fail (host != NULL);

  host_key = g_ascii_strdown (host, -1);

  if (user_agent == NULL)
    g_hash_table_remove (self->host_user_agents, host_key);
  else
    g_hash_table_replace (self->host_user_agents, g_steal_pointer (&host_key),
                          g_strdup (user_agent));
}
