/* gleaner-test-server.c — a real HTTP server on 127.0.0.1 serving canned responses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-test-server"

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "gleaner-test-server.h"

#define ENDLESS_FILLER_BYTES (16 * 1024)

struct _GleanerTestResponse
{
  GleanerTestServer *server;        /* its mutex guards the fields below */
  char             *path;
  char             *query;
  GHashTable       *query_params;   /* NULL: any query */
  guint             status;
  GPtrArray        *headers;        /* name, value, name, value… */
  char             *content_type;
  GBytes           *body;
  GleanerTestFault  fault;
  guint             interval_ms;
};

struct _GleanerTestServer
{
  GMutex                  mutex;
  GCond                   cond;

  GThread                *thread;
  GMainContext           *context;        /* the server thread's */
  GMainLoop              *loop;
  GMainContext           *owner_context;  /* the creating thread's */

  /* Server thread only */
  SoupServer             *soup_server;
  GSocketService         *raw_service;

  /* Set once before new() returns */
  char                   *url;
  char                   *raw_url;
  char                   *host;
  char                   *raw_host;
  GError                 *start_error;
  gboolean                started;

  /* Guarded by mutex */
  GPtrArray              *responses;      /* (element-type GleanerTestResponse) */
  GPtrArray              *requests;       /* (element-type GleanerTestRequest) */
  guint                   pending_notifies;
  guint                   in_flight;       /* requests received and not yet answered */
  guint                   max_in_flight;

  GleanerTestRequestFunc  request_func;
  gpointer                request_data;
  GleanerTestEventFunc    event_func;      /* called in the server threads */
  gpointer                event_data;
};

/* A snapshot of a response, taken under the lock for one request. */
typedef struct
{
  guint             status;
  GPtrArray        *headers;
  char             *content_type;
  GBytes           *body;
  GleanerTestFault  fault;
  guint             interval_ms;
} Answer;

/* A body sent bit by bit (TRICKLE, ENDLESS) on the SoupServer. */
typedef struct
{
  SoupServerMessage *msg;
  GBytes            *body;
  gsize              offset;
  GleanerTestFault   fault;
  GSource           *source;
  gboolean           chunk_pending;   /* appended but not yet written */
} Stream;

typedef struct
{
  GleanerTestServer  *server;
  GleanerTestRequest *request;
} Notify;

/* A SoupServer request being answered, until its "finished". */
typedef struct
{
  GleanerTestServer *server;
  guint              index;
} InFlight;

/* Responses and requests */

static void
response_free (GleanerTestResponse *self)
{
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->query_params, g_hash_table_unref);
  g_clear_pointer (&self->headers, g_ptr_array_unref);
  g_clear_pointer (&self->content_type, g_free);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self);
}

static void
answer_free (Answer *answer)
{
  g_clear_pointer (&answer->headers, g_ptr_array_unref);
  g_clear_pointer (&answer->content_type, g_free);
  g_clear_pointer (&answer->body, g_bytes_unref);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

void
gleaner_test_request_free (GleanerTestRequest *request)
{
  if (request == NULL)
    return;

  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  g_free (request->user_agent);
  g_free (request->if_none_match);
  g_free (request);
}

static GleanerTestRequest *
request_copy (const GleanerTestRequest *request)
{
  GleanerTestRequest *copy = g_new0 (GleanerTestRequest, 1);

  copy->method = g_strdup (request->method);
  copy->path = g_strdup (request->path);
  copy->query = g_strdup (request->query);
  copy->user_agent = g_strdup (request->user_agent);
  copy->if_none_match = g_strdup (request->if_none_match);
  copy->raw = request->raw;
  copy->received_us = request->received_us;
  copy->done_us = request->done_us;

  return copy;
}

static gboolean
query_matches (GHashTable *wanted,
               const char *query)
{
  g_autoptr(GHashTable) params = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (wanted == NULL)
    return TRUE;

  if (query == NULL)
    return g_hash_table_size (wanted) == 0;

  if (!(params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL)))
    return FALSE;

  g_hash_table_iter_init (&iter, wanted);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *got = g_hash_table_lookup (params, key);

      if (got == NULL || g_strcmp0 (got, value) != 0)
        return FALSE;
    }

  return TRUE;
}

static gboolean
notify_cb (gpointer user_data)
{
  Notify *notify = user_data;
  GleanerTestServer *self = notify->server;

  if (self->request_func != NULL)
    self->request_func (self, notify->request, self->request_data);

  g_mutex_lock (&self->mutex);
  self->pending_notifies--;
  g_mutex_unlock (&self->mutex);

  gleaner_test_request_free (notify->request);
  g_free (notify);

  return G_SOURCE_REMOVE;
}

/* Logs @request and finds its answer; any thread. Returns NULL for no match. */
static Answer *
handle_request (GleanerTestServer        *self,
                const GleanerTestRequest *request,
                guint                    *index)
{
  Answer *answer = NULL;
  g_autoptr(GSource) source = NULL;
  GleanerTestEventFunc event_func;
  gpointer event_data;
  Notify *notify;

  g_mutex_lock (&self->mutex);

  *index = self->requests->len;
  g_ptr_array_add (self->requests, request_copy (request));
  ((GleanerTestRequest *)g_ptr_array_index (self->requests, *index))->received_us =
    g_get_monotonic_time ();
  self->in_flight++;
  self->max_in_flight = MAX (self->max_in_flight, self->in_flight);
  event_func = self->event_func;
  event_data = self->event_data;

  for (guint i = self->responses->len; i > 0; i--)
    {
      GleanerTestResponse *response = g_ptr_array_index (self->responses, i - 1);

      if (g_strcmp0 (response->path, request->path) != 0 ||
          !query_matches (response->query_params, request->query))
        continue;

      answer = g_new0 (Answer, 1);
      answer->status = response->status;
      answer->headers = g_ptr_array_copy (response->headers, (GCopyFunc) g_strdup, NULL);
      g_ptr_array_set_free_func (answer->headers, g_free);
      answer->content_type = g_strdup (response->content_type);
      answer->body = response->body ? g_bytes_ref (response->body) : g_bytes_new (NULL, 0);
      answer->fault = response->fault;
      answer->interval_ms = response->interval_ms;
      break;
    }

  self->pending_notifies++;

  g_mutex_unlock (&self->mutex);

  if (event_func != NULL)
    event_func (self, GLEANER_TEST_EVENT_REQUEST, *index, event_data);

  /* Wake the test's main context (and tell it, if it asked). */
  notify = g_new0 (Notify, 1);
  notify->server = self;
  notify->request = request_copy (request);
  source = g_idle_source_new ();
  g_source_set_callback (source, notify_cb, notify, NULL);
  g_source_attach (source, self->owner_context);

  return answer;
}

/* The request @index has been answered (or given up); any thread. */
static void
request_done (GleanerTestServer *self,
              guint              index)
{
  GleanerTestEventFunc event_func;
  gpointer event_data;

  g_mutex_lock (&self->mutex);
  g_assert (self->in_flight > 0);
  self->in_flight--;
  if (index < self->requests->len)
    ((GleanerTestRequest *)g_ptr_array_index (self->requests, index))->done_us =
      g_get_monotonic_time ();
  event_func = self->event_func;
  event_data = self->event_data;
  g_mutex_unlock (&self->mutex);

  if (event_func != NULL)
    event_func (self, GLEANER_TEST_EVENT_RESPONSE_DONE, index, event_data);
}

/* SoupServer side */

/* "finished" comes in the server thread right after the last byte is written (or the client
 * went away), before the thread reads another request. */
static void
in_flight_finished_cb (SoupServerMessage *msg,
                       InFlight          *in_flight)
{
  request_done (in_flight->server, in_flight->index);
}

static void
stream_free (Stream *stream)
{
  if (stream->source != NULL)
    g_source_destroy (stream->source);
  g_clear_pointer (&stream->source, g_source_unref);
  g_signal_handlers_disconnect_by_data (stream->msg, stream);
  g_clear_object (&stream->msg);
  g_clear_pointer (&stream->body, g_bytes_unref);
  g_free (stream);
}

static void
stream_wrote_cb (SoupServerMessage *msg,
                 Stream            *stream)
{
  stream->chunk_pending = FALSE;
}

static void
stream_finished_cb (SoupServerMessage *msg,
                    Stream            *stream)
{
  stream_free (stream);
}

/* The client went away (it gave up on a slow answer): libsoup drops the message's I/O then,
 * possibly before "finished", and unpausing it after that is a critical. Stop ticking. */
static void
stream_disconnected_cb (SoupServerMessage *msg,
                        Stream            *stream)
{
  if (stream->source != NULL)
    g_source_destroy (stream->source);
  g_clear_pointer (&stream->source, g_source_unref);
}

static gboolean
stream_tick_cb (gpointer user_data)
{
  Stream *stream = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (stream->msg);
  gsize size = g_bytes_get_size (stream->body);

  /* Never queue more than one piece: the client decides the pace. */
  if (stream->chunk_pending)
    return G_SOURCE_CONTINUE;

  if (stream->fault == GLEANER_TEST_FAULT_TRICKLE)
    {
      const char *data = g_bytes_get_data (stream->body, NULL);

      if (stream->offset < size)
        {
          soup_message_body_append (body, SOUP_MEMORY_COPY, data + stream->offset, 1);
          stream->offset++;
          stream->chunk_pending = TRUE;
        }

      if (stream->offset >= size)
        {
          soup_message_body_complete (body);
          soup_server_message_unpause (stream->msg);
          g_clear_pointer (&stream->source, g_source_unref);
          return G_SOURCE_REMOVE;
        }
    }
  else
    {
      soup_message_body_append_bytes (body, stream->body);
      stream->chunk_pending = TRUE;
    }

  soup_server_message_unpause (stream->msg);

  return G_SOURCE_CONTINUE;
}

static void
start_stream (SoupServerMessage *msg,
              Answer            *answer)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  Stream *stream;

  stream = g_new0 (Stream, 1);
  stream->msg = g_object_ref (msg);
  stream->fault = answer->fault;

  if (answer->fault == GLEANER_TEST_FAULT_TRICKLE)
    {
      stream->body = g_bytes_ref (answer->body);
      soup_message_headers_set_content_length (headers, g_bytes_get_size (answer->body));
    }
  else
    {
      if (g_bytes_get_size (answer->body) > 0)
        stream->body = g_bytes_ref (answer->body);
      else
        {
          char *filler = g_malloc (ENDLESS_FILLER_BYTES);

          memset (filler, ' ', ENDLESS_FILLER_BYTES);
          stream->body = g_bytes_new_take (filler, ENDLESS_FILLER_BYTES);
        }
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
    }

  soup_message_body_set_accumulate (body, FALSE);

  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (stream_wrote_cb), stream);
  g_signal_connect (msg, "finished", G_CALLBACK (stream_finished_cb), stream);
  g_signal_connect (msg, "disconnected", G_CALLBACK (stream_disconnected_cb), stream);

  stream->source = g_timeout_source_new (answer->interval_ms);
  g_source_set_callback (stream->source, stream_tick_cb, stream, NULL);
  g_source_attach (stream->source, g_main_context_get_thread_default ());

  soup_server_message_pause (msg);
}

static void
soup_handler_cb (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  GleanerTestServer *self = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  g_autoptr(Answer) answer = NULL;
  GleanerTestRequest request = {
    .method = (char *)soup_server_message_get_method (msg),
    .path = (char *)g_uri_get_path (uri),
    .query = (char *)g_uri_get_query (uri),
    .user_agent = (char *)soup_message_headers_get_one (request_headers, "User-Agent"),
    .if_none_match = (char *)soup_message_headers_get_one (request_headers, "If-None-Match"),
    .raw = FALSE,
  };
  InFlight *in_flight;
  guint index;

  answer = handle_request (self, &request, &index);

  in_flight = g_new0 (InFlight, 1);
  in_flight->server = self;
  in_flight->index = index;
  g_signal_connect_data (msg, "finished", G_CALLBACK (in_flight_finished_cb), in_flight,
                         (GClosureNotify) g_free, G_CONNECT_DEFAULT);

  if (answer == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_COPY,
                                        "no canned response\n", strlen ("no canned response\n"));
      return;
    }

  if (answer->fault == GLEANER_TEST_FAULT_TRUNCATE ||
      answer->fault == GLEANER_TEST_FAULT_TRUNCATE_CLOSE)
    {
      static const char text[] = "The truncate faults are served on the raw URL only\n";

      soup_server_message_set_status (msg, SOUP_STATUS_NOT_IMPLEMENTED, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC,
                                        text, strlen (text));
      return;
    }

  soup_server_message_set_status (msg, answer->status, NULL);

  for (guint i = 0; i + 1 < answer->headers->len; i += 2)
    soup_message_headers_append (response_headers,
                                 g_ptr_array_index (answer->headers, i),
                                 g_ptr_array_index (answer->headers, i + 1));

  if (answer->content_type != NULL)
    soup_message_headers_replace (response_headers, "Content-Type", answer->content_type);

  switch (answer->fault)
    {
    case GLEANER_TEST_FAULT_TRICKLE:
    case GLEANER_TEST_FAULT_ENDLESS:
      start_stream (msg, answer);
      break;

    case GLEANER_TEST_FAULT_NONE:
    case GLEANER_TEST_FAULT_TRUNCATE:
    case GLEANER_TEST_FAULT_TRUNCATE_CLOSE:
    default:
      if (g_bytes_get_size (answer->body) > 0)
        soup_message_body_append_bytes (soup_server_message_get_response_body (msg),
                                        answer->body);
      break;
    }
}

/* Raw side: one request per connection, answered by hand so it can lie. */

static gboolean
raw_run_cb (GThreadedSocketService *service,
            GSocketConnection      *connection,
            GObject                *source_object,
            gpointer                user_data)
{
  GleanerTestServer *self = user_data;
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GDataInputStream) data = g_data_input_stream_new (input);
  g_autoptr(GString) head = g_string_new (NULL);
  g_autoptr(Answer) answer = NULL;
  g_autofree char *line = NULL;
  g_autofree char *user_agent = NULL;
  g_autofree char *path = NULL;
  g_autofree char *query = NULL;
  g_auto(GStrv) parts = NULL;
  GleanerTestRequest request = { 0 };
  const char *body = NULL;
  gsize body_size = 0;
  gsize send_size = 0;
  gboolean truncate;
  guint index;

  g_data_input_stream_set_newline_type (data, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (data), FALSE);

  if (!(line = g_data_input_stream_read_line (data, NULL, NULL, NULL)))
    return TRUE;

  parts = g_strsplit (line, " ", 3);
  if (g_strv_length (parts) != 3 ||
      !g_uri_split (parts[1], G_URI_FLAGS_ENCODED, NULL, NULL, NULL, NULL, &path, &query,
                    NULL, NULL))
    return TRUE;

  for (;;)
    {
      g_autofree char *header = g_data_input_stream_read_line (data, NULL, NULL, NULL);

      if (header == NULL || *header == '\0')
        break;

      if (g_ascii_strncasecmp (header, "User-Agent:", strlen ("User-Agent:")) == 0)
        {
          g_free (user_agent);
          user_agent = g_strstrip (g_strdup (header + strlen ("User-Agent:")));
        }
    }

  request.method = parts[0];
  request.path = path;
  request.query = query;
  request.user_agent = user_agent;
  request.raw = TRUE;

  if ((answer = handle_request (self, &request, &index)) == NULL)
    {
      answer = g_new0 (Answer, 1);
      answer->status = SOUP_STATUS_NOT_FOUND;
      answer->headers = g_ptr_array_new_with_free_func (g_free);
      answer->content_type = g_strdup ("text/plain");
      answer->body = g_bytes_new_static ("no canned response\n", strlen ("no canned response\n"));
    }

  body = g_bytes_get_data (answer->body, &body_size);
  truncate = answer->fault == GLEANER_TEST_FAULT_TRUNCATE ||
             answer->fault == GLEANER_TEST_FAULT_TRUNCATE_CLOSE;
  send_size = truncate ? body_size / 2 : body_size;

  g_string_append_printf (head, "HTTP/1.1 %u %s\r\n",
                          answer->status, soup_status_get_phrase (answer->status));
  for (guint i = 0; i + 1 < answer->headers->len; i += 2)
    g_string_append_printf (head, "%s: %s\r\n",
                            (char *)g_ptr_array_index (answer->headers, i),
                            (char *)g_ptr_array_index (answer->headers, i + 1));
  if (answer->content_type != NULL)
    g_string_append_printf (head, "Content-Type: %s\r\n", answer->content_type);
  g_string_append_printf (head, "Content-Length: %" G_GSIZE_FORMAT "\r\n", body_size);
  /* Every connection is closed after one answer, but only some answers say so. */
  if (answer->fault != GLEANER_TEST_FAULT_TRUNCATE)
    g_string_append (head, "Connection: close\r\n");
  g_string_append (head, "\r\n");
  g_string_append_len (head, body, send_size);

  /* Done before the answer goes out: this thread is not the one that takes the client's next
   * request, so afterwards would be too late to count this one as over. */
  request_done (self, index);

  g_output_stream_write_all (output, head->str, head->len, NULL, NULL, NULL);
  g_output_stream_flush (output, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  return TRUE;
}

/* The server thread */

static gboolean
start_listening (GleanerTestServer  *self,
                 GError            **error)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) effective = NULL;
  GSList *uris;
  int port;

  self->soup_server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->soup_server, NULL, soup_handler_cb, self, NULL);

  if (!soup_server_listen_local (self->soup_server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    return FALSE;

  uris = soup_server_get_uris (self->soup_server);
  g_assert (uris != NULL);
  port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  self->host = g_strdup_printf ("127.0.0.1:%d", port);
  self->url = g_strdup_printf ("http://%s", self->host);

  self->raw_service = g_threaded_socket_service_new (4);
  address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->raw_service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                      &effective, error))
    return FALSE;

  self->raw_host = g_strdup_printf ("127.0.0.1:%u",
                                    g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
  self->raw_url = g_strdup_printf ("http://%s", self->raw_host);

  g_signal_connect (self->raw_service, "run", G_CALLBACK (raw_run_cb), self);
  g_socket_service_start (self->raw_service);

  return TRUE;
}

static gpointer
server_thread (gpointer user_data)
{
  GleanerTestServer *self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_main_context_push_thread_default (self->context);

  ok = start_listening (self, &error);

  g_mutex_lock (&self->mutex);
  if (!ok)
    self->start_error = g_steal_pointer (&error);
  self->started = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);

  if (ok)
    g_main_loop_run (self->loop);

  if (self->raw_service != NULL)
    {
      g_socket_service_stop (self->raw_service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->raw_service));
    }
  g_clear_object (&self->raw_service);

  if (self->soup_server != NULL)
    soup_server_disconnect (self->soup_server);
  g_clear_object (&self->soup_server);

  while (g_main_context_iteration (self->context, FALSE))
    ;

  g_main_context_pop_thread_default (self->context);

  return NULL;
}

static gboolean
quit_cb (gpointer user_data)
{
  GleanerTestServer *self = user_data;

  g_main_loop_quit (self->loop);

  return G_SOURCE_REMOVE;
}

/* Public API */

GleanerTestServer *
gleaner_test_server_new (void)
{
  GleanerTestServer *self = g_new0 (GleanerTestServer, 1);

  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->owner_context = g_main_context_ref_thread_default ();
  self->responses = g_ptr_array_new_with_free_func ((GDestroyNotify) response_free);
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) gleaner_test_request_free);

  self->thread = g_thread_new ("gleaner-test-server", server_thread, self);

  g_mutex_lock (&self->mutex);
  while (!self->started)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);

  g_assert_no_error (self->start_error);

  return self;
}

void
gleaner_test_server_free (GleanerTestServer *self)
{
  g_autoptr(GSource) source = NULL;

  if (self == NULL)
    return;

  source = g_idle_source_new ();
  g_source_set_callback (source, quit_cb, self, NULL);
  g_source_attach (source, self->context);
  g_thread_join (self->thread);

  /* Deliver the notifications still queued for us: they point at self. */
  self->request_func = NULL;
  for (;;)
    {
      guint pending;

      g_mutex_lock (&self->mutex);
      pending = self->pending_notifies;
      g_mutex_unlock (&self->mutex);

      if (pending == 0)
        break;

      g_main_context_iteration (self->owner_context, TRUE);
    }

  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->owner_context, g_main_context_unref);
  g_clear_pointer (&self->responses, g_ptr_array_unref);
  g_clear_pointer (&self->requests, g_ptr_array_unref);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->raw_url, g_free);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->raw_host, g_free);
  g_clear_error (&self->start_error);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self);
}

const char *
gleaner_test_server_get_url (GleanerTestServer *self)
{
  return self->url;
}

const char *
gleaner_test_server_get_raw_url (GleanerTestServer *self)
{
  return self->raw_url;
}

const char *
gleaner_test_server_get_host (GleanerTestServer *self)
{
  return self->host;
}

const char *
gleaner_test_server_get_raw_host (GleanerTestServer *self)
{
  return self->raw_host;
}

GleanerTestResponse *
gleaner_test_server_add (GleanerTestServer *self,
                         const char        *path,
                         const char        *query,
                         guint              status)
{
  GleanerTestResponse *response = g_new0 (GleanerTestResponse, 1);

  g_assert (path != NULL && path[0] == '/');

  response->server = self;
  response->path = g_strdup (path);
  response->query = g_strdup (query);
  if (query != NULL)
    {
      g_autoptr(GError) error = NULL;

      response->query_params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, &error);
      g_assert_no_error (error);
    }
  response->status = status;
  response->headers = g_ptr_array_new_with_free_func (g_free);

  g_mutex_lock (&self->mutex);
  g_ptr_array_add (self->responses, response);
  g_mutex_unlock (&self->mutex);

  return response;
}

void
gleaner_test_server_clear_responses (GleanerTestServer *self)
{
  g_mutex_lock (&self->mutex);
  g_ptr_array_set_size (self->responses, 0);
  g_mutex_unlock (&self->mutex);
}

void
gleaner_test_response_set_header (GleanerTestResponse *self,
                                  const char          *name,
                                  const char          *value)
{
  g_mutex_lock (&self->server->mutex);
  g_ptr_array_add (self->headers, g_strdup (name));
  g_ptr_array_add (self->headers, g_strdup (value));
  g_mutex_unlock (&self->server->mutex);
}

void
gleaner_test_response_set_body_bytes (GleanerTestResponse *self,
                                      const char          *content_type,
                                      GBytes              *bytes)
{
  g_mutex_lock (&self->server->mutex);
  g_free (self->content_type);
  self->content_type = g_strdup (content_type);
  g_clear_pointer (&self->body, g_bytes_unref);
  self->body = bytes ? g_bytes_ref (bytes) : NULL;
  g_mutex_unlock (&self->server->mutex);
}

void
gleaner_test_response_set_body (GleanerTestResponse *self,
                                const char          *content_type,
                                const char          *data,
                                gssize               length)
{
  g_autoptr(GBytes) bytes = NULL;

  if (length < 0)
    length = strlen (data);

  bytes = g_bytes_new (data, length);
  gleaner_test_response_set_body_bytes (self, content_type, bytes);
}

void
gleaner_test_response_set_fixture (GleanerTestResponse *self,
                                   const char          *name)
{
  g_autoptr(GBytes) bytes = gleaner_test_load_fixture (name);
  const char *content_type = "text/plain";

  if (g_str_has_suffix (name, ".json"))
    content_type = "application/json";
  else if (g_str_has_suffix (name, ".html"))
    content_type = "text/html; charset=utf-8";

  gleaner_test_response_set_body_bytes (self, content_type, bytes);
}

void
gleaner_test_response_set_fault (GleanerTestResponse *self,
                                 GleanerTestFault     fault,
                                 guint                interval_ms)
{
  g_mutex_lock (&self->server->mutex);
  self->fault = fault;
  self->interval_ms = interval_ms;
  g_mutex_unlock (&self->server->mutex);
}

GPtrArray *
gleaner_test_server_dup_requests (GleanerTestServer *self)
{
  GPtrArray *copy;

  g_mutex_lock (&self->mutex);
  copy = g_ptr_array_copy (self->requests, (GCopyFunc) request_copy, NULL);
  g_mutex_unlock (&self->mutex);

  g_ptr_array_set_free_func (copy, (GDestroyNotify) gleaner_test_request_free);

  return copy;
}

guint
gleaner_test_server_get_n_requests (GleanerTestServer *self)
{
  guint n;

  g_mutex_lock (&self->mutex);
  n = self->requests->len;
  g_mutex_unlock (&self->mutex);

  return n;
}

void
gleaner_test_server_clear_requests (GleanerTestServer *self)
{
  g_mutex_lock (&self->mutex);
  g_ptr_array_set_size (self->requests, 0);
  g_mutex_unlock (&self->mutex);
}

guint
gleaner_test_server_get_max_concurrent (GleanerTestServer *self)
{
  guint n;

  g_mutex_lock (&self->mutex);
  n = self->max_in_flight;
  g_mutex_unlock (&self->mutex);

  return n;
}

void
gleaner_test_server_reset_max_concurrent (GleanerTestServer *self)
{
  g_mutex_lock (&self->mutex);
  self->max_in_flight = self->in_flight;
  g_mutex_unlock (&self->mutex);
}

void
gleaner_test_server_set_event_func (GleanerTestServer    *self,
                                    GleanerTestEventFunc  func,
                                    gpointer              user_data)
{
  g_mutex_lock (&self->mutex);
  self->event_func = func;
  self->event_data = user_data;
  g_mutex_unlock (&self->mutex);
}

void
gleaner_test_server_set_request_func (GleanerTestServer      *self,
                                      GleanerTestRequestFunc  func,
                                      gpointer                user_data)
{
  self->request_func = func;
  self->request_data = user_data;
}

GBytes *
gleaner_test_load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error))
    g_error ("Cannot read fixture %s: %s", path, error->message);

  return g_bytes_new_take (contents, length);
}

static gboolean
guard_expired_cb (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;

  return G_SOURCE_REMOVE;
}

void
gleaner_test_wait_for_flag (gboolean *flag,
                            guint     timeout_s)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  g_autoptr(GSource) guard = g_timeout_source_new_seconds (timeout_s);
  gboolean expired = FALSE;

  g_source_set_callback (guard, guard_expired_cb, &expired, NULL);
  g_source_attach (guard, context);

  while (!*flag && !expired)
    g_main_context_iteration (context, TRUE);

  g_source_destroy (guard);

  if (!*flag)
    g_error ("Timed out after %u s", timeout_s);
}
