/* gleaner-test-window-util.h — the fixture and helpers shared by the window tests (test-window,
 * test-window-actions): the application run for real under Xvfb, against a local server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test case stands alone, in any order: GTest gives it its own $XDG_DATA_HOME (so its own
 * database), setup() resets every setting and starts its own small SoupServer on the loopback
 * serving the recorded pages from tests/fixtures, and a test that needs papers or earlier user
 * actions makes them itself. Notifications are off: none of these tests is about them, and a
 * machine need not have a notification server (test-app and test-notify bring a fake one).
 */

#pragma once

#include "gleaner-application.h"
#include "gleaner-hf-source.h"
#include "gleaner-test-server.h"
#include "gleaner-test-util.h"
#include "gleaner-window.h"

G_BEGIN_DECLS

typedef enum
{
  SERVE_PAPERS,   /* daily-papers-p0/p1/p2.json, linked with rel="next" */
  SERVE_MARKUP,   /* markup.json */
  SERVE_FAIL,     /* HTTP 500 */
} ServeMode;

/* One test case's own state. */
typedef struct
{
  GleanerTestServer *server;
  GPtrArray         *read_ids;     /* papers the test opened (so read) */
  char              *starred_id;   /* the paper it starred */
} Fixture;

/* The running test's fixture, for the helpers; set by setup, cleared by teardown. */
extern Fixture            *fixture;
/* The application instance with_app() runs, and its window; NULL between instances. */
extern GleanerApplication *app;
extern GleanerWindow      *window;

/* See gleaner-test-util.h: the main loop runs until @cond holds, with a guard. */
#define WAIT_UNTIL(cond) GLEANER_TEST_WAIT_UNTIL (cond)

void             fixture_setup    (Fixture       *f,
                                   gconstpointer  data);
void             fixture_teardown (Fixture       *f,
                                   gconstpointer  data);

/* The callback of main()'s 50 ms timeout, which keeps the main loop waking up so that
 * WAIT_UNTIL checks its guard. */
gboolean         tick_cb          (gpointer       user_data);
/* Dispatches what is ready, without blocking. */
void             drain            (void);
/* Replaces what the server answers. */
void             serve            (ServeMode      mode);
/* The window's list. */
GListModel      *model            (void);
gboolean         list_idle        (void);
GleanerSync     *sync_            (void);
/* The application's Hugging Face source, which its settings apply to. */
GleanerHfSource *hf_source_       (void);
/* Runs @body in a fresh instance of the application, inside g_application_run() as in real
 * life (so it registers, starts up, shuts down and unregisters properly), with its window up. */
void             with_app         (void (*body) (void));
/* win.refresh, waited for until the window and its list have followed. */
void             refresh          (void);
/* The paper at @position, once the list has read it (the list keeps it). */
GleanerPaper    *item             (guint          position);
void             select_position  (guint          position);
GleanerPaper    *selected         (void);
/* Sets @text in the search entry, and waits for the list to follow. */
void             set_search       (const char    *text);
/* Fills this test's database as a first sync would (the 292 papers of the recorded pages,
 * and Hugging Face's trending order), before the application starts; with @saved_search,
 * also the saved search "Params" for "parameter space". */
void             populate         (gboolean       saved_search);

/* main() of a window test: sets up GTK and GTest (each case with its own directories, so its
 * own database), queues @cases in a shuffled order, and runs them. */
int              window_test_run  (int                    *argc,
                                   char                 ***argv,
                                   const GleanerTestCase  *cases,
                                   guint                   n_cases);

G_END_DECLS
