/* gleaner-test-sync-util.h — the fixture and helpers shared by the sync tests (test-sync,
 * test-sync-errors, test-sync-trending): a store, the local server and a sync of the Hugging
 * Face source whose "now" is NOW, the Daily Papers fixtures served page by page, and checks of
 * what was asked for and what was stored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gleaner-store.h"
#include "gleaner-sync.h"
#include "gleaner-test-server.h"

G_BEGIN_DECLS

#define DAY            "2025-01-07"         /* the fixtures' Daily Papers day */
#define NOW            "2025-01-07T17:00:00Z" /* 12:00 in New York */
#define API            "/api/daily_papers"
#define USER_AGENT     "Gleaner/" PACKAGE_VERSION
#define N_DISTINCT     292                  /* 293 entries, 2501.00048 twice */
#define N_PAGE0        99                   /* distinct papers on page 0 */
#define WAIT_S         60
#define TRENDING_QUERY "sort=trending&limit=100"

typedef struct
{
  char              *tmpdir;
  GleanerStore      *store;
  GleanerTestServer *server;
  GleanerSync       *sync;
} Fixture;

typedef struct
{
  gboolean           done;
  GleanerSyncResult *result;
  GError            *error;
} RunState;

GDateTime           *parse_time              (const char               *iso8601);
void                 fixture_setup           (Fixture                  *f,
                                              gconstpointer             data);
void                 fixture_teardown        (Fixture                  *f,
                                              gconstpointer             data);
/* A sync against @base_url (the server's URL when NULL) whose "now" is NOW. */
GleanerSync         *make_sync               (Fixture                  *f,
                                              const char               *base_url);
/* Fills the RunState @user_data. */
void                 run_done_cb             (GObject                  *object,
                                              GAsyncResult             *result,
                                              gpointer                  user_data);
/* Runs @sync and waits for it; returns its result or sets @error. */
GleanerSyncResult   *run_sync                (GleanerSync              *sync,
                                              GCancellable             *cancellable,
                                              GError                  **error);
/* Every day answers an empty page unless something more specific is added later. */
void                 serve_empty_days        (Fixture                  *f,
                                              const char               *prefix);
/* Page @p of DAY from @fixture, linking to page @p + 1 when @last is FALSE. */
GleanerTestResponse *serve_page              (Fixture                  *f,
                                              const char               *prefix,
                                              guint                     p,
                                              const char               *fixture,
                                              gboolean                  last);
/* DAY's three pages from daily-papers-p{0,1,2}.json, every other day empty. */
void                 serve_three_pages       (Fixture                  *f,
                                              const char               *prefix);
/* The trending list (TRENDING_QUERY), answered with @status and, unless NULL, @fixture. */
GleanerTestResponse *serve_trending          (Fixture                  *f,
                                              const char               *fixture,
                                              guint                     status);
char                *dup_query_param         (const GleanerTestRequest *request,
                                              const char               *name);
/* "date:p" of every daily-list request (not trending or search), comma-separated, for
 * compact assertions. */
char                *dup_request_summary     (GleanerTestServer        *server);
guint                count_requests_for_day  (GleanerTestServer        *server,
                                              const char               *day);
/* No day recorded as fetched. */
void                 assert_nothing_recorded (Fixture                  *f);
void                 assert_stored           (Fixture                  *f,
                                              const char               *id,
                                              const char               *daily_date);
void                 assert_not_stored       (Fixture                  *f,
                                              const char               *id);

G_END_DECLS
