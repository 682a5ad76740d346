/* gleaner-test-store-util.h — the fixture and helpers shared by the store tests (test-store,
 * test-store-query, test-store-list): a store on a fresh database file, papers to put in it,
 * and its writes waited for on the main loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gleaner-store.h"
#include "gleaner-test-store-wait.h"

G_BEGIN_DECLS

typedef struct
{
  char         *dir;
  char         *path;
  GleanerStore *store;
} Fixture;

/* A database path in a new temporary directory (its folder not yet made); the store opened on
 * it unless @data is set ("no-open"). */
void                 fixture_setup    (Fixture       *f,
                                       gconstpointer  data);
void                 fixture_teardown (Fixture       *f,
                                       gconstpointer  data);

/* A paper with two authors, an abstract and the daily list of 2026-11-20. */
GleanerPaper        *make_paper       (const char    *id,
                                       const char    *title,
                                       gint64         upvotes,
                                       gint64         published);

typedef struct
{
  GMainLoop           *loop;
  GleanerUpsertResult *result;
  GError              *error;
  gboolean             done;
} Wait;

/* Callbacks filling a Wait. */
void                 upsert_done_cb   (GObject       *object,
                                       GAsyncResult  *result,
                                       gpointer       user_data);
void                 write_done_cb    (GObject       *object,
                                       GAsyncResult  *result,
                                       gpointer       user_data);

/* Upserts @papers, stars or marks read, replaces the trending list: each waited for (see
 * gleaner-test-store-wait.h). */
#define upsert       gleaner_test_store_upsert
#define set_state    gleaner_test_store_set_state
#define set_trending gleaner_test_store_set_trending
GPtrArray           *papers_new       (void);
/* Stores 2501.00001, 2501.00002 and hep-th/9901001. */
void                 add_three        (GleanerStore  *store);

G_END_DECLS
