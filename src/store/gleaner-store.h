/* gleaner-store.h — the one SQLite database of papers and user state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gleaner-types.h"
#include "gleaner-paper.h"
#include "gleaner-saved-search.h"

G_BEGIN_DECLS

#define GLEANER_STORE_ERROR (gleaner_store_error_quark ())

typedef enum
{
  GLEANER_STORE_ERROR_OPEN,       /* cannot create or open the database file */
  GLEANER_STORE_ERROR_CORRUPT,    /* not a database, or fails its checks */
  GLEANER_STORE_ERROR_BUSY,       /* locked by another process for too long */
  GLEANER_STORE_ERROR_FULL,       /* disk full or quota exceeded */
  GLEANER_STORE_ERROR_TOO_NEW,    /* written by a newer Gleaner */
  GLEANER_STORE_ERROR_FAILED,     /* any other SQLite failure */
} GleanerStoreError;

/* What one upsert batch did. */
typedef struct
{
  guint       added;      /* papers that were not stored before */
  guint       updated;    /* stored papers whose synced data changed */
  GPtrArray  *new_ids;    /* (element-type utf8) arXiv ids of the added papers */
} GleanerUpsertResult;

GType                gleaner_upsert_result_get_type (void) G_GNUC_CONST;
void                 gleaner_upsert_result_free     (GleanerUpsertResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GleanerUpsertResult, gleaner_upsert_result_free)

/* Kinds of change the "changed" signal reports. */
typedef enum
{
  GLEANER_STORE_CHANGE_PAPERS,      /* papers added or their synced data updated */
  GLEANER_STORE_CHANGE_USER_STATE,  /* a star or read mark changed */
  GLEANER_STORE_CHANGE_SAVED_SEARCHES, /* a saved search was added, changed or removed */
  GLEANER_STORE_CHANGE_TRENDING,    /* Hugging Face's trending list was replaced */
} GleanerStoreChange;

/* Which of a paper's marks "paper-state-changed" reports. */
typedef enum
{
  GLEANER_PAPER_STATE_STARRED,
  GLEANER_PAPER_STATE_READ,
} GleanerPaperState;

#define GLEANER_TYPE_STORE (gleaner_store_get_type ())

G_DECLARE_FINAL_TYPE (GleanerStore, gleaner_store, GLEANER, STORE, GObject)

GQuark               gleaner_store_error_quark         (void);

/* The default location: $XDG_DATA_HOME/gleaner/gleaner.db. */
char                *gleaner_store_dup_default_path    (void);

/* Opens (creating and migrating as needed) the database at @path on the calling thread and
 * starts the writer thread: for tests and the command line. GLEANER_STORE_ERROR_CORRUPT,
 * _BUSY, _TOO_NEW, _OPEN… with a message for the user when it cannot. */
GleanerStore        *gleaner_store_new                 (const char           *path,
                                                        GError              **error);
/* The same, for the main loop: the writer thread opens and migrates the database, then
 * @callback runs on the caller's thread-default main context. */
void                 gleaner_store_new_async           (const char           *path,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GleanerStore        *gleaner_store_new_finish          (GAsyncResult         *result,
                                                        GError              **error);
const char          *gleaner_store_get_path            (GleanerStore         *self);
int                  gleaner_store_get_schema_version  (GleanerStore         *self);

/* Writes. Each runs on the writer thread in one transaction; the callback runs on the
 * thread-default main context of the caller. "changed" is emitted before the callback. */
void                 gleaner_store_upsert_async        (GleanerStore         *self,
                                                        GPtrArray            *papers,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
/* Like gleaner_store_upsert_async(), and remembers that each paper was seen in @listing:
 * "hf:daily", "hf:trending", "hf:search", "arxiv:cs.LG". A listing of several arXiv categories
 * ("arxiv:cs.LG+cs.CL") is recorded as those of them each paper is in. Finish with
 * gleaner_store_upsert_finish(). */
void                 gleaner_store_upsert_listing_async (GleanerStore        *self,
                                                        GPtrArray            *papers,
                                                        const char           *listing,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GleanerUpsertResult *gleaner_store_upsert_finish       (GleanerStore         *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void                 gleaner_store_set_starred_async   (GleanerStore         *self,
                                                        const char           *id,
                                                        gboolean              starred,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
void                 gleaner_store_set_read_async      (GleanerStore         *self,
                                                        const char           *id,
                                                        gboolean              read,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
/* Both emit "paper-state-changed" (id, GleanerPaperState, value) at once, in the calling
 * thread, so every object showing the paper follows the key press before the write lands;
 * "changed" with GLEANER_STORE_CHANGE_USER_STATE follows the commit. */
/* Finishes either of the two above. */
gboolean             gleaner_store_set_state_finish    (GleanerStore         *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void                 gleaner_store_set_meta_async      (GleanerStore         *self,
                                                        const char           *key,
                                                        const char           *value,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean             gleaner_store_set_meta_finish     (GleanerStore         *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* Synchronous reads: for tests, the command line and benchmarks, not for the main loop,
 * which uses the asynchronous ones below. A failed read is an error, never "absent". */
/* NULL without an error when @key is not set. */
char                *gleaner_store_dup_meta            (GleanerStore         *self,
                                                        const char           *key,
                                                        GError              **error);
GleanerPaper        *gleaner_store_load_paper          (GleanerStore         *self,
                                                        const char           *id,
                                                        GError              **error);
/* Walks an index: for tests, the CLI and benchmarks, not for the main loop. -1 on error. */
gint64               gleaner_store_count_papers        (GleanerStore         *self,
                                                        GError              **error);
/* Whether any paper is stored; one index probe. FALSE with @error set when it cannot be
 * read. The main loop uses gleaner_store_get_has_papers(). */
gboolean             gleaner_store_has_papers          (GleanerStore         *self,
                                                        GError              **error);

/* Full-text search ranked by relevance (bm25), for the command line. Any text is accepted.
 * Returns (transfer full) (element-type GleanerPaper). */
GPtrArray           *gleaner_store_search              (GleanerStore         *self,
                                                        const char           *text,
                                                        guint                 limit,
                                                        GError              **error);

/* Every starred paper, most recently starred first.
 * Returns (transfer full) (element-type GleanerPaper). */
GPtrArray           *gleaner_store_list_starred        (GleanerStore         *self,
                                                        GError              **error);

/* Finishes the simple writes below that have no result of their own. */
gboolean             gleaner_store_write_finish        (GleanerStore         *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* Saved searches. Writes emit "changed" with GLEANER_STORE_CHANGE_SAVED_SEARCHES. A name is
 * trimmed and must not be empty (G_IO_ERROR_INVALID_ARGUMENT, with a message for the user). */
GPtrArray           *gleaner_store_list_saved_searches (GleanerStore         *self,
                                                        GError              **error);  /* (element-type GleanerSavedSearch), oldest first; a read on the calling thread: tests, CLI */
/* The saved searches as last committed, oldest first, as new objects (transfer full)
 * (element-type GleanerSavedSearch): no SQLite, for the main loop. The store reads them on
 * its thread when it opens and after each saved-search write, before "changed" says so. */
GPtrArray           *gleaner_store_dup_saved_searches  (GleanerStore         *self);
GleanerSavedSearch  *gleaner_store_load_saved_search   (GleanerStore         *self,
                                                        gint64                id,
                                                        GError              **error);  /* NULL + G_IO_ERROR_NOT_FOUND if gone */
void                 gleaner_store_add_saved_search_async (GleanerStore      *self,
                                                        const char           *name,
                                                        const char           *query,
                                                        GleanerFilter         filter,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gint64               gleaner_store_add_saved_search_finish (GleanerStore     *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);  /* the new id, 0 on error */
void                 gleaner_store_rename_saved_search_async (GleanerStore   *self,
                                                        gint64                id,
                                                        const char           *name,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);  /* gleaner_store_write_finish() */
void                 gleaner_store_set_saved_search_notify_async (GleanerStore *self,
                                                        gint64                id,
                                                        gboolean              notify,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);  /* gleaner_store_write_finish() */
void                 gleaner_store_set_saved_search_ask_hf_async (GleanerStore *self,
                                                        gint64                id,
                                                        gboolean              ask_hf,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);  /* gleaner_store_write_finish() */
void                 gleaner_store_set_saved_search_hf_synced_async (GleanerStore *self,
                                                        gint64                id,
                                                        gint64                when,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);  /* gleaner_store_write_finish() */
void                 gleaner_store_remove_saved_search_async (GleanerStore   *self,
                                                        gint64                id,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);  /* gleaner_store_write_finish() */

/* Counts, for each saved search in @searches (element-type GleanerSavedSearch), the stored
 * papers that match its query and filter and are not read. Runs on a worker thread with its
 * own connection (a broad search at a million papers takes a while); the result is a GArray
 * of gint64 in the same order. */
void                 gleaner_store_count_unread_async  (GleanerStore         *self,
                                                        GPtrArray            *searches,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GArray              *gleaner_store_count_unread_finish (GleanerStore         *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* The list's view (@scope as in gleaner_paper_list_set_scope(), NULL for every paper; the
 * filter; the search words, any text): how many of its papers are unread. Runs on the
 * store's thread after the writes queued so far. -1 with @error set when it cannot. */
void                 gleaner_store_count_view_unread_async (GleanerStore     *self,
                                                        const char           *scope,
                                                        GleanerFilter         filter,
                                                        const char           *search,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gint64               gleaner_store_count_view_unread_finish (GleanerStore    *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
/* "Mark All as Read": marks read every unread paper of the view, in one transaction on the
 * writer thread. Finish with gleaner_store_mark_finish(), which hands back (transfer full)
 * (element-type utf8) the arXiv ids it changed: what Undo gives to
 * gleaner_store_mark_unread_async(), which marks unread those of them still read (it keeps a
 * reference to the array, which must not change afterwards). Once the
 * write is committed, "changed" (GLEANER_STORE_CHANGE_USER_STATE) and then
 * "paper-state-changed" for each paper changed are emitted, before the callback. Stars are
 * never touched. */
void                 gleaner_store_mark_view_read_async (GleanerStore        *self,
                                                        const char           *scope,
                                                        GleanerFilter         filter,
                                                        const char           *search,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
void                 gleaner_store_mark_unread_async   (GleanerStore         *self,
                                                        GPtrArray            *ids,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GPtrArray           *gleaner_store_mark_finish         (GleanerStore         *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* Replaces Hugging Face's trending list with @arxiv_ids (element-type utf8) in rank order;
 * ids not stored are skipped. Emits "changed" with GLEANER_STORE_CHANGE_TRENDING when the
 * ranking differs. Finish with gleaner_store_write_finish(). */
void                 gleaner_store_set_trending_async  (GleanerStore         *self,
                                                        GPtrArray            *arxiv_ids,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
/* The paper's trending rank (0 = first), or -1 when it has none or (with @error set) when
 * it cannot be read; one index probe on the calling thread (tests, benchmarks). */
int                  gleaner_store_get_trending_rank   (GleanerStore         *self,
                                                        const char           *arxiv_id,
                                                        GError              **error);

/* Blocks until every write queued so far has been committed and every completion queued by
 * then (and by those completions) has run; for tests and the CLI, not for the main loop. */
void                 gleaner_store_flush               (GleanerStore         *self);

/* Reads for the main loop. Each runs on the store's thread after every write queued so far
 * (so it sees them) and calls back on the caller's thread-default main context; no SQLite
 * runs on the calling thread. */
void                 gleaner_store_dup_meta_async      (GleanerStore         *self,
                                                        const char           *key,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
/* *@out_value is NULL when @key is not set. */
gboolean             gleaner_store_dup_meta_finish     (GleanerStore         *self,
                                                        GAsyncResult         *result,
                                                        char                **out_value,
                                                        GError              **error);
void                 gleaner_store_load_paper_async    (GleanerStore         *self,
                                                        const char           *id,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
/* G_IO_ERROR_NOT_FOUND when no such paper is stored. */
GleanerPaper        *gleaner_store_load_paper_finish   (GleanerStore         *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void                 gleaner_store_list_starred_async  (GleanerStore         *self,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GPtrArray           *gleaner_store_list_starred_finish (GleanerStore         *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void                 gleaner_store_list_saved_searches_async (GleanerStore   *self,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GPtrArray           *gleaner_store_list_saved_searches_finish (GleanerStore  *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
/* Completes once every write queued before it has been committed. */
void                 gleaner_store_flush_async         (GleanerStore         *self,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean             gleaner_store_flush_finish        (GleanerStore         *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* How many papers a list scope (see gleaner_paper_list_set_scope()) holds. */
typedef struct
{
  char   *scope;    /* "hf", "arxiv" or "arxiv:<category>" */
  gint64  total;
  gint64  unread;
} GleanerScopeCount;

GType               gleaner_scope_count_get_type   (void) G_GNUC_CONST;
GleanerScopeCount  *gleaner_scope_count_copy       (const GleanerScopeCount *count);
void                gleaner_scope_count_free       (GleanerScopeCount       *count);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GleanerScopeCount, gleaner_scope_count_free)

/* Counts the papers of "hf", "arxiv" (always listed, even when empty) and of every arXiv
 * category that has papers ("arxiv:cs.LG"), with how many of each are unread; categories in
 * code order. Runs on the store's thread. Returns (element-type GleanerScopeCount). */
void                 gleaner_store_list_scopes_async   (GleanerStore         *self,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GPtrArray           *gleaner_store_list_scopes_finish  (GleanerStore         *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* Whether any paper is stored, as known from opening the store and from the writes since:
 * no query, for the main loop. */
gboolean             gleaner_store_get_has_papers      (GleanerStore         *self);

G_END_DECLS
