/* gleaner-test-saved-searches-util.h — the fixture and helpers shared by test-saved-searches
 * and test-trending: a store on a fresh database file that counts its "changed" signals, its
 * async calls waited for, and five papers to search and rank.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gleaner-store.h"
#include "gleaner-test-store-wait.h"

G_BEGIN_DECLS

/* A watchdog, not a pause: a wait that never ends fails instead of hanging the suite. */
#define WAIT_LIMIT_S 20

typedef struct
{
  char         *dir;
  char         *path;
  GleanerStore *store;
  /* How often each GleanerStoreChange was emitted. */
  guint         changes[4];
} Fixture;

typedef struct
{
  gboolean  done;
  GError   *error;
  gint64    id;
  GArray   *counts;
} Wait;

/* Five papers; "diffusion" is in A, B and E, "graph…" in C and E.
 * By upvotes: B 50, D 30, E 20, A 10, C 5. */
#define A "2501.00001"
#define B "2501.00002"
#define C "2501.00003"
#define D "2501.00004"
#define E "2501.00005"

typedef struct
{
  guint position, removed, added, count;
} Changes;

void          open_store       (Fixture        *f);
/* Iterates the main context until *@flag is TRUE. */
void          wait_for         (const gboolean *flag,
                                const char     *what);
/* Drops the store and waits until it is finalized, so no thread outlives the test's files. */
void          close_store      (Fixture        *f);
void          fixture_setup    (Fixture        *f,
                                gconstpointer   data);
void          fixture_teardown (Fixture        *f,
                                gconstpointer   data);

/* Callbacks filling a Wait. */
void          write_done_cb    (GObject        *object,
                                GAsyncResult   *result,
                                gpointer        user_data);
void          add_done_cb      (GObject        *object,
                                GAsyncResult   *result,
                                gpointer        user_data);

gint64        add_search       (Fixture        *f,
                                const char     *name,
                                const char     *query,
                                GleanerFilter   filter,
                                GError        **error);
/* add_search() that must succeed; returns the new id. */
gint64        add_ok           (Fixture        *f,
                                const char     *name,
                                const char     *query,
                                GleanerFilter   filter);
/* Waits for a write started with write_done_cb and @w. */
gboolean      finish_write     (Wait           *w,
                                GError        **error);
/* Replaces the trending list with the NULL-terminated arXiv ids; stars (@starred) or marks
 * read a paper: each waited for (see gleaner-test-store-wait.h). */
#define set_trending(f, ...)                 gleaner_test_store_set_trending ((f)->store, __VA_ARGS__)
#define set_state(f, id, starred, value)     gleaner_test_store_set_state ((f)->store, id, starred, value)
GleanerPaper *make_paper       (const char     *id,
                                const char     *title,
                                const char     *abstract,
                                gint64          upvotes,
                                gint64          published);
void          upsert           (Fixture        *f,
                                GPtrArray      *papers);
/* Stores A, B, C, D and E. */
void          add_five         (Fixture        *f);
/* Records the last "items-changed" in @c, and counts them. */
void          items_changed_cb (GListModel     *model,
                                guint           position,
                                guint           removed,
                                guint           added,
                                Changes        *c);

G_END_DECLS
