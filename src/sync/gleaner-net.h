/* gleaner-net.h — the sync layer's network half, loaded when first needed.
 *
 * What speaks HTTP, JSON or XML (the fetcher, the Hugging Face and arXiv sources, their
 * parsers, the arXiv completer) needs libsoup, json-glib and libxml2 with ICU: 2.5 MB of
 * resident code and 7.5 ms of dynamic loading at every start, before the first frame, for a
 * window that may not sync before it closes. The application therefore carries them as a
 * module (libgleaner-net.so, gleaner-net-module.c) that it loads on a worker thread the first
 * time a sync runs or arXiv completion is wanted; the executable itself links none of the
 * three (the build checks its NEEDED entries).
 *
 * Tests and benchmarks link the network half in (gleaner-net-linked.c), where loading
 * always succeeds but happens only when asked, as in the application. The application's
 * gleaner-net-loader.c finds the module, checks it was built with this executable and
 * forwards the few entry points the rest of the program calls (the constructors of the
 * sources, the fetcher and the completer, and their setters).
 *
 * Until gleaner_net_is_loaded() is TRUE nothing may call into the network half; what is
 * called before anyway (a bug) loads it there and then, on the calling thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GLEANER_NET_ERROR (gleaner_net_error_quark ())

typedef enum
{
  GLEANER_NET_ERROR_MODULE,    /* the module is missing, or is not this build's */
} GleanerNetError;

GQuark   gleaner_net_error_quark (void);

/* Whether the network half can be called (always in a linked build). Any thread. */
gboolean gleaner_net_is_loaded   (void);
/* Loads it on the calling thread (the command line, which waits anyway). */
gboolean gleaner_net_load        (GError             **error);
/* Loads it on a worker thread; the callback runs in the caller's thread-default context.
 * Concurrent loads share one. */
void     gleaner_net_load_async  (GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
gboolean gleaner_net_load_finish (GAsyncResult        *result,
                                  GError             **error);

G_END_DECLS
