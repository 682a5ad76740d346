/* gleaner-test-server.h — a real HTTP server on 127.0.0.1 serving canned responses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For tests of anything that talks HTTP (sync, CLI, scheduler, window, app); the server itself
 * needs no display, so it serves the display-free sync tests too. The server runs in
 * its own thread with its own GMainContext (the gnome-calendar tests/gcal-simple-server.c
 * pattern), so the test's main context stays free for the client.
 *
 * Two listeners share one table of canned responses and one request log:
 *
 *  - gleaner_test_server_get_url(): a SoupServer. Serves every response, including the
 *    TRICKLE and ENDLESS faults.
 *  - gleaner_test_server_get_raw_url(): a raw GThreadedSocketService speaking just enough
 *    HTTP/1.1 (one request per connection, "Connection: close"). Serves every response as
 *    plain, plus the TRUNCATE faults, which libsoup's server cannot produce.
 *
 * Responses are matched by path and query: the path must be equal (include any prefix such
 * as "/mirror" in it: the client is then pointed at URL + "/mirror"); every parameter given
 * in the registered query must be present with the same value in the request (others are
 * ignored), and a NULL query matches any. When several match, the one added last wins, so a
 * test can register a catch-all first and more specific responses after it. Unmatched
 * requests get 404.
 *
 * Typical use:
 *
 *   g_autoptr(GleanerTestServer) server = gleaner_test_server_new ();
 *   GleanerTestResponse *r;
 *
 *   r = gleaner_test_server_add (server, "/api/daily_papers", "p=0", 200);
 *   gleaner_test_response_set_fixture (r, "daily-papers-p0.json");
 *   gleaner_test_response_set_header (r, "Link", "</api/daily_papers?p=1>; rel=\"next\"");
 *   … point the client at gleaner_test_server_get_url (server) …
 *   requests = gleaner_test_server_dup_requests (server);
 *
 * Configure responses before the requests that use them are sent; everything is guarded by a
 * mutex, so changing them between requests is fine too. All functions must be called from the
 * thread that created the server.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _GleanerTestServer   GleanerTestServer;
typedef struct _GleanerTestResponse GleanerTestResponse;

typedef enum
{
  GLEANER_TEST_FAULT_NONE,
  /* Raw listener only (the SoupServer answers 501 to them): announce Content-Length for the
   * whole body, send the first half and close the connection. TRUNCATE looks like a
   * keep-alive connection dying; TRUNCATE_CLOSE also sends "Connection: close", which
   * libsoup 3.2 does not report as an error by itself. */
  GLEANER_TEST_FAULT_TRUNCATE,
  GLEANER_TEST_FAULT_TRUNCATE_CLOSE,
  /* Announces Content-Length, then sends the body one byte every interval_ms. */
  GLEANER_TEST_FAULT_TRICKLE,
  /* Chunked body that never ends: the body (or 16 KiB of filler if none) again and again,
   * one copy every interval_ms (0: as fast as the client reads). */
  GLEANER_TEST_FAULT_ENDLESS,
} GleanerTestFault;

/* One request as received. */
typedef struct
{
  char     *method;
  char     *path;         /* as sent (percent-encoded) */
  char     *query;        /* as sent, or NULL */
  char     *user_agent;   /* or NULL */
  char     *if_none_match; /* or NULL */
  gboolean  raw;          /* came in on the raw listener */
  gint64    received_us;  /* g_get_monotonic_time() when it arrived */
  gint64    done_us;      /* … when its answer was written (or the client left); 0: not yet */
} GleanerTestRequest;

/* Called in the creating thread's main context after each request arrives (before it is
 * answered, or around the same time). */
typedef void (*GleanerTestRequestFunc) (GleanerTestServer        *server,
                                        const GleanerTestRequest *request,
                                        gpointer                  user_data);

/* Server-side moments of request number @index (0-based, as in the log). */
typedef enum
{
  GLEANER_TEST_EVENT_REQUEST,        /* received, about to be answered */
  GLEANER_TEST_EVENT_RESPONSE_DONE,  /* the whole answer was written (or the client left) */
} GleanerTestEvent;

/* Called in a server thread (not the test's), with no lock held, as the event happens; for
 * acting at an exact point of a client's progress (e.g. kill(2) a client process). */
typedef void (*GleanerTestEventFunc) (GleanerTestServer *server,
                                      GleanerTestEvent   event,
                                      guint              index,
                                      gpointer           user_data);

/* Starts both listeners on 127.0.0.1 with random ports; returns once they accept. */
GleanerTestServer   *gleaner_test_server_new            (void);
/* Stops the server; must be called from the creating thread. */
void                 gleaner_test_server_free           (GleanerTestServer      *self);

/* "http://127.0.0.1:PORT" (no trailing slash). */
const char          *gleaner_test_server_get_url        (GleanerTestServer      *self);
const char          *gleaner_test_server_get_raw_url    (GleanerTestServer      *self);
/* "127.0.0.1:PORT", as a client's error messages name the server. */
const char          *gleaner_test_server_get_host       (GleanerTestServer      *self);
const char          *gleaner_test_server_get_raw_host   (GleanerTestServer      *self);

/* Registers a response (status @status, empty body) and returns it for further setup; the
 * server owns it. @query: "a=1&b=2" (matched as a subset, see above) or NULL for any. */
GleanerTestResponse *gleaner_test_server_add            (GleanerTestServer      *self,
                                                         const char             *path,
                                                         const char             *query,
                                                         guint                   status);
/* Forgets every response (the log is kept). */
void                 gleaner_test_server_clear_responses (GleanerTestServer     *self);

/* Adds a response header (may be repeated, e.g. Link). */
void                 gleaner_test_response_set_header   (GleanerTestResponse    *self,
                                                         const char             *name,
                                                         const char             *value);
/* @data of @length bytes (-1: NUL-terminated), copied. */
void                 gleaner_test_response_set_body     (GleanerTestResponse    *self,
                                                         const char             *content_type,
                                                         const char             *data,
                                                         gssize                  length);
void                 gleaner_test_response_set_body_bytes (GleanerTestResponse  *self,
                                                         const char             *content_type,
                                                         GBytes                 *bytes);
/* Body from tests/fixtures/@name; Content-Type from the extension (.json: application/json,
 * .html: text/html, else text/plain). */
void                 gleaner_test_response_set_fixture  (GleanerTestResponse    *self,
                                                         const char             *name);
void                 gleaner_test_response_set_fault    (GleanerTestResponse    *self,
                                                         GleanerTestFault        fault,
                                                         guint                  interval_ms);

/* The requests so far, oldest first. Returns (transfer full) (element-type GleanerTestRequest). */
GPtrArray           *gleaner_test_server_dup_requests   (GleanerTestServer      *self);
guint                gleaner_test_server_get_n_requests (GleanerTestServer      *self);
void                 gleaner_test_server_clear_requests (GleanerTestServer      *self);
void                 gleaner_test_server_set_request_func (GleanerTestServer    *self,
                                                         GleanerTestRequestFunc  func,
                                                         gpointer                user_data);

/* The most requests that were being answered at the same time, over both listeners (a
 * request counts from its arrival until its answer is written); reset to the current count. */
guint                gleaner_test_server_get_max_concurrent (GleanerTestServer  *self);
void                 gleaner_test_server_reset_max_concurrent (GleanerTestServer *self);
/* Any thread may call it; @func runs in the server threads. */
void                 gleaner_test_server_set_event_func (GleanerTestServer      *self,
                                                         GleanerTestEventFunc    func,
                                                         gpointer                user_data);

void                 gleaner_test_request_free          (GleanerTestRequest     *request);

/* Contents of tests/fixtures/@name (found with g_test_build_filename (G_TEST_DIST, …));
 * aborts the test if it cannot be read. */
GBytes              *gleaner_test_load_fixture          (const char             *name);

/* Iterates the thread-default main context until *@flag is TRUE, failing the test after
 * @timeout_s seconds (a guard, not a sleep). */
void                 gleaner_test_wait_for_flag         (gboolean               *flag,
                                                         guint                   timeout_s);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GleanerTestServer, gleaner_test_server_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GleanerTestRequest, gleaner_test_request_free)

G_END_DECLS
