/* gleaner-store-private.h — store internals shared with the list model and the tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "gleaner-id-column.h"
#include "gleaner-store.h"

G_BEGIN_DECLS

/* The latest schema version this build writes. */
#define GLEANER_STORE_SCHEMA_VERSION 11

/* Hands what the triggers queued since the last flush (schema 8: see the migration) to the
 * full-text index in one statement, in row id order, and empties the queue. Every write that
 * changes papers runs it before its transaction ends, so the index never lags a commit. */
#define GLEANER_STORE_FTS_FLUSH_SQL \
  "INSERT INTO papers_fts (papers_fts, rowid, title, abstract, authors, keywords)" \
  " SELECT op, fts_key, title, abstract," \
  "  (SELECT group_concat (value, char (10)) FROM json_each (authors))," \
  "  (SELECT group_concat (value, char (10)) FROM json_each (keywords))" \
  " FROM fts_queue ORDER BY fts_key, seq;" \
  "DELETE FROM fts_queue;"

/* How long the store waits without a write before it joins the index's segments. */
#define GLEANER_STORE_TIDY_QUIET_MS 2000

/* Sets that wait (G_MAXUINT: the index is only tidied when asked, by the tests that count
 * its segments). */
void      _gleaner_store_set_tidy_quiet_ms (GleanerStore *self,
                                            guint         quiet_ms);

/* Joins the index's segments now, on the writer thread, and waits until it is done. Returns
 * the number of merge steps that did some work (0: it was tidy). */
guint     _gleaner_store_tidy_index        (GleanerStore *self);

/* Rows a query hands over before the rest, so the first screenful shows early. */
#define GLEANER_STORE_FIRST_PAGE 64

typedef void (*GleanerStoreIdsFunc) (const gint64 *ids,
                                     guint         n_ids,
                                     gpointer      user_data);

/* Opens another connection to the store's database for reading on one thread at a time. */
sqlite3  *_gleaner_store_open_reader   (GleanerStore    *self,
                                        GError         **error);

/* Runs the list query on @db (any thread). Appends matching row ids in list order to @ids, an
 * array of gint64 or of guint32 (a paper list's, at half the memory: row ids fit 32 bits, as
 * the trend key and the index's key assume).
 * Once the first GLEANER_STORE_FIRST_PAGE ids are known, @first_page is called (on this
 * thread) so they can be shown before the rest is read. GLEANER_SORT_TRENDING lists the
 * ranked papers first, in rank order, then the rest by upvotes: two statements, read in one
 * transaction when @db is not in one already. Returns FALSE with G_IO_ERROR_CANCELLED if
 * *@cancel_flag became non-zero, or another error. */
gboolean  _gleaner_store_query_ids     (sqlite3             *db,
                                        GleanerFilter        filter,
                                        GleanerSort          sort,
                                        const char          *search,
                                        GArray              *ids,
                                        GleanerStoreIdsFunc  first_page,
                                        gpointer             user_data,
                                        const int           *cancel_flag,
                                        GError             **error);

/* How many papers _gleaner_store_query_scoped_ids() would list, counted as the same plans
 * hand them over, without keeping their ids (4 MB at 1,000,000 papers). */
gboolean  _gleaner_store_count_scoped_ids (sqlite3          *db,
                                        GleanerFilter        filter,
                                        GleanerSort          sort,
                                        const char          *search,
                                        const char          *scope,
                                        guint64             *count,
                                        GError             **error);

/* _gleaner_store_query_ids() narrowed to @scope (NULL for every paper; see
 * gleaner_paper_list_set_scope()). */
gboolean  _gleaner_store_query_scoped_ids (sqlite3          *db,
                                        GleanerFilter        filter,
                                        GleanerSort          sort,
                                        const char          *search,
                                        const char          *scope,
                                        GArray              *ids,
                                        GleanerStoreIdsFunc  first_page,
                                        gpointer             user_data,
                                        const int           *cancel_flag,
                                        GError             **error);
/* _gleaner_store_query_scoped_ids() into a packed column (gleaner-id-column.h), which
 * takes the ids as they come: a million never exist unpacked. */
gboolean  _gleaner_store_query_scoped_column (sqlite3       *db,
                                        GleanerFilter        filter,
                                        GleanerSort          sort,
                                        const char          *search,
                                        const char          *scope,
                                        GleanerIdColumn    **column,
                                        GleanerStoreIdsFunc  first_page,
                                        gpointer             user_data,
                                        const int           *cancel_flag,
                                        GError             **error);
/* Loads one paper with its user state by row id, with the main-thread reader: main thread only. */
GleanerPaper *_gleaner_store_load_rowid (GleanerStore   *self,
                                         gint64          rowid,
                                         GError        **error);

/* Turns any user text into a safe FTS5 query (every word a quoted prefix, all required);
 * NULL when the text has no words. */
char     *_gleaner_store_build_match   (const char      *text);

/* Like _gleaner_store_build_match(), but for the list: a word of four or more characters is
 * expanded to the indexed words it starts (up to a limit), because FTS5 reads every matching
 * document of a long prefix before it returns the first, while an OR of words it reads in
 * order, stopping after the first page. Shorter prefixes use the prefix index, which is read
 * in order too. Runs on @db's thread. NULL without an error when the text has no words. */
char     *_gleaner_store_build_list_match (sqlite3     *db,
                                           const char  *text,
                                           GError     **error);

/* A write run on the writer thread inside one transaction (BEGIN IMMEDIATE … COMMIT; rolled
 * back when it returns FALSE). Sets *@changed when listeners should hear the change kind the
 * write was queued with, and may hand back a result (with its free function) for the task. */
typedef gboolean (*GleanerStoreWriteFunc) (sqlite3         *db,
                                           gpointer         data,
                                           gboolean        *changed,
                                           gpointer        *result,
                                           GDestroyNotify  *result_free,
                                           GError         **error);

/* Queues @func on the writer thread. The task (source object @self, @source_tag) returns
 * the func's result as a pointer, or TRUE as a boolean when the result is NULL: finish with
 * g_task_propagate_pointer() or g_task_propagate_boolean() accordingly. The "changed" signal
 * (with @change) is emitted on the caller's context before @callback runs. @data is freed
 * with @data_free after the write. */
void      _gleaner_store_write_async   (GleanerStore          *self,
                                        GleanerStoreWriteFunc  func,
                                        gpointer               data,
                                        GDestroyNotify         data_free,
                                        GleanerStoreChange     change,
                                        gpointer               source_tag,
                                        GCancellable          *cancellable,
                                        GAsyncReadyCallback    callback,
                                        gpointer               user_data);

/* A read run on a store thread, in one read transaction so it sees one snapshot. Returns
 * its result (freed with the result_free given to _gleaner_store_read_async() if nobody
 * takes it), or NULL with @error set; a read with nothing to hand back returns a dummy
 * non-NULL value such as GINT_TO_POINTER (1). */
typedef gpointer (*GleanerStoreReadFunc) (sqlite3   *db,
                                          gpointer   data,
                                          GError   **error);

/* Queues @func on the writer thread, after every write queued so far, so it reads what the
 * caller wrote (a notifier must not announce a paper whose announcement is still queued).
 * The result is delivered on the caller's thread-default context: finish with
 * g_task_propagate_pointer(). Nothing runs SQLite on the caller's thread. */
void      _gleaner_store_read_async    (GleanerStore          *self,
                                        GleanerStoreReadFunc   func,
                                        gpointer               data,
                                        GDestroyNotify         data_free,
                                        GDestroyNotify         result_free,
                                        gpointer               source_tag,
                                        GCancellable          *cancellable,
                                        GAsyncReadyCallback    callback,
                                        gpointer               user_data);

/* A statement reading a paper by row id on @db, for _gleaner_store_load_rowid_with(): reading
 * many papers, prepare it once (a first page of 64 papers spent half its 3.7 ms preparing
 * the same statement for each). @persistent: kept for the connection's life. */
sqlite3_stmt *_gleaner_store_prepare_load_rowid (sqlite3        *db,
                                                 gboolean        persistent,
                                                 GError        **error);
/* Loads the paper @rowid with @stmt (from _gleaner_store_prepare_load_rowid()), and resets it. */
GleanerPaper *_gleaner_store_load_rowid_with    (sqlite3_stmt   *stmt,
                                                 gint64          rowid,
                                                 GError        **error);
/* Loads one paper by arXiv id or (when @id is NULL) by row id on @db, any thread. */
GleanerPaper *_gleaner_store_load_paper_on (sqlite3        *db,
                                            const char     *id,
                                            gint64          rowid,
                                            GError        **error);

/* The same reads as the public ones of those names, on @db, any thread. */
char      *_gleaner_store_dup_meta_on           (sqlite3     *db,
                                                 const char  *key,
                                                 GError     **error);
GPtrArray *_gleaner_store_list_starred_on       (sqlite3     *db,
                                                 GError     **error);
GPtrArray *_gleaner_store_list_saved_searches_on (sqlite3    *db,
                                                 GError     **error);

/* The arXiv ids whose star or read mark is queued and not committed yet: a read on another
 * connection may not see them. (element-type utf8) */
GPtrArray  *_gleaner_store_dup_pending_ids (GleanerStore *self);
/* Whether a star or read mark is queued but not committed yet. */
gboolean    _gleaner_store_has_pending_marks (GleanerStore *self);

/* The main-thread reading connection (small indexed reads only). */
sqlite3  *_gleaner_store_get_reader    (GleanerStore    *self);

/* Sets @error from SQLite's @rc on @db, prefixed by @what; returns FALSE. Maps BUSY, FULL,
 * CORRUPT to the store's error codes. */
gboolean  _gleaner_store_set_error     (GError         **error,
                                        sqlite3         *db,
                                        int              rc,
                                        const char      *what);

/* Migrates the database at @path to @version (for the migration tests). */
gboolean  _gleaner_store_migrate_file  (const char      *path,
                                        int              version,
                                        GError         **error);

G_END_DECLS
