/* gleaner-store-internal.h — what the store's own files share, and nothing else sees.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gleaner-store-private.h"

G_BEGIN_DECLS

/* How long a connection waits for a lock another holds (another Gleaner process syncing). */
#define GLEANER_STORE_BUSY_TIMEOUT_MS 5000

/* The writer's page cache, for the index pages a sync's writes revisit. */
#define GLEANER_STORE_WRITER_CACHE_KIB 32768

/* The page cache of a read (the readers', and the writer's while it runs one). A read scans
 * (a list's ids, an unread count) or follows an index to a few pages, and the system's page
 * cache holds the database's pages anyway: at SQLite's default of 2,000 KiB, the list's and
 * the writer's reads kept 4 MB of scanned pages at start-up with 100,000 papers; typing a
 * search is as fast with 256 KiB (window benchmark). */
#define GLEANER_STORE_READ_CACHE_KIB 256

struct _GleanerStore
{
  GObject        parent_instance;

  char          *path;
  int            schema_version;

  /* Set when opening and by the writer thread once a paper is added (papers are never
   * removed); read on the main thread without a query. */
  gint           has_papers;

  /* Main-thread connection for the synchronous reads (tests, CLI, list rows). Opened with
   * the writer, on the thread that opens the store. */
  sqlite3       *reader;

  /* The saved searches as last committed (element-type GleanerSavedSearch), read on the
   * writer thread when the store opens and after each saved-search write, and handed to the
   * main thread before "changed" says so: the main loop reads them without SQLite. */
  GPtrArray     *saved_searches;

  /* gleaner_store_new_async(): the open the writer thread does first, then completes. */
  GTask         *open_task;

  /* Owned by the writer thread once it runs. */
  sqlite3       *writer;
  gpointer       writer_tokenizer;   /* Tokenizer, created on first use */
  /* Words known to be in the terms table (char * set), so a sync does not ask SQLite again
   * for every common word of every page; bounded, and cleared whenever a write that may have
   * added some is rolled back. */
  GHashTable    *known_terms;
  /* fts_queue holds what the writes of the open group added or changed, not yet handed to
   * the full-text index: see _gleaner_store_flush_index(). */
  gboolean       index_queued;
  /* The index may have segments to join while the store is quiet: set when the store opens
   * and by every write that added to the index; see tidy_step(). Writer thread only. */
  gboolean       index_untidy;
  gboolean       tidying;
  guint          tidy_quiet_ms;      /* atomic; G_MAXUINT: never on its own */
  GThread       *thread;
  GAsyncQueue   *queue;
  GMainContext  *main_context;

  /* Unread counts: kept for the next count, used by one worker thread at a time. */
  GMutex         count_mutex;
  sqlite3       *count_db;

  /* Star and read marks queued but not committed yet (arXiv id → PendingState), so a paper
   * read from the database meanwhile still shows what "paper-state-changed" announced. */
  GMutex         pending_mutex;
  GHashTable    *pending;
  guint          pending_generation; /* bumped as each mark leaves the overlay (committed) */
};


/* The text the full-text index reads for a list (a JSON array): its items, one per line, so
 * that an escape in the JSON text never makes a word. Used by migration 5 and by the C test
 * of the trending head, which must read what the index read. Never edit. */
#define INDEXED_LIST(col) "(SELECT group_concat (value, char (10)) FROM json_each (" col "))"

/* SQL shared by the list queries and the unread counts. */

/* Row ids of the papers marked read; few, compared with the papers. */
#define READ_IDS \
  "SELECT p.id FROM user_state u CROSS JOIN papers p ON p.arxiv_id = u.arxiv_id WHERE u.read"

/* Row ids of the papers on Hugging Face's trending list; a few dozen. */
#define RANKED_IDS "SELECT paper_id FROM trending"

/* The full-text index's rowid for the paper aliased @p: its trend key when it was indexed,
 * which fts_moved keeps while its votes have moved it since (schema 11; see gleaner-store.c). */
#define INDEX_KEY(p) \
  "coalesce ((SELECT m.fts_key FROM fts_moved m WHERE m.id = " p ".id), " p ".trend_key)"

/* The paper's row id from the full-text index's rowid (either key holds it). */
#define FTS_ID "(rowid & 4294967295)"

/* Whether the paper aliased p matches ?1. A probe seeks the FTS index at the paper's index
 * key: cheapest for a few papers (the trending list). Membership reads the matches' keys once
 * into a set: cheapest for more papers (the starred ones), whatever their number. Membership
 * must test the index key, an expression: on p.id, SQLite would walk the whole set for each
 * starred paper (seconds at a million papers). */
#define MATCH_PROBE \
  "EXISTS (SELECT 1 FROM papers_fts WHERE papers_fts MATCH ?1 AND rowid = " INDEX_KEY ("p") ")"
#define MATCH_MEMBER \
  INDEX_KEY ("p") " IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?1)"

/* gleaner-store.c */
void          _gleaner_store_emit_changed        (GleanerStore        *self,
                                                  GleanerStoreChange   change);
/* The pending-marks overlay: add when a mark is queued, remove once its write has been
 * committed (or has failed), apply to every paper read on any connection. */
void          _gleaner_store_pending_add         (GleanerStore        *self,
                                                  const char          *id,
                                                  gboolean             starred,
                                                  gboolean             value);
void          _gleaner_store_pending_remove      (GleanerStore        *self,
                                                  const char          *id,
                                                  gboolean             starred);
void          _gleaner_store_pending_apply       (GleanerStore        *self,
                                                  GleanerPaper        *paper);
void          _gleaner_store_emit_paper_state_changed (GleanerStore      *self,
                                                       const char        *id,
                                                       GleanerPaperState  state,
                                                       gboolean           value);
char         *_gleaner_store_dup_column_text     (sqlite3_stmt        *stmt,
                                                  int                  col);
/* Runs @sql (one optional text argument) that yields at most one integer, into *@out
 * (untouched when there is no row). */
gboolean      _gleaner_store_read_int64          (sqlite3             *db,
                                                  const char          *sql,
                                                  const char          *text_arg,
                                                  gint64              *out,
                                                  const char          *what,
                                                  GError             **error);

/* gleaner-store-schema.c */
gboolean      _gleaner_store_exec                (sqlite3             *db,
                                                  const char          *sql,
                                                  GError             **error);
sqlite3      *_gleaner_store_open_connection     (const char          *path,
                                                  GError             **error);
/* Page cache misses of @db so far, then: hands back @db's page cache (and the memory freed by
 * it) when a scan since @misses_before read more pages than the cache holds. */
int           _gleaner_store_cache_misses        (sqlite3             *db);
void          _gleaner_store_drop_scanned_pages  (sqlite3             *db,
                                                  int                  misses_before);
/* Hands freed memory back to the system once the store has been quiet for a second (see
 * gleaner-store-schema.c); every read or write notes activity, which postpones it. */
void          _gleaner_store_trim_when_quiet     (void);
void          _gleaner_store_note_activity       (void);
gboolean      _gleaner_store_get_trim_pending    (void);
/* Migrates @db to @target; hands back the version reached and the journal mode SQLite chose
 * (WAL, unless the file system cannot share memory). */
gboolean      _gleaner_store_migrate             (sqlite3             *db,
                                                  int                  target,
                                                  int                 *out_version,
                                                  char               **out_journal_mode,
                                                  GError             **error);

/* gleaner-store-match.c: the index's own tokenizer, so words are folded as FTS5 folds them. */
typedef struct
{
  fts5_tokenizer  methods;
  Fts5Tokenizer  *tokenizer;
} Tokenizer;

Tokenizer    *_gleaner_tokenizer_new             (sqlite3             *db);
void          _gleaner_tokenizer_free            (Tokenizer           *tok);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Tokenizer, _gleaner_tokenizer_free)
/* Adds the tokens of @text to the set @set (char * keys). */
void          _gleaner_tokenize_into             (Tokenizer           *tok,
                                                  const char          *text,
                                                  int                  flags,
                                                  GHashTable          *set);
/* An xTokenize() callback appending each token to a GPtrArray of char *. */
int           _gleaner_append_token_cb           (void                *user_data,
                                                  int                  flags,
                                                  const char          *token,
                                                  int                  n_token,
                                                  int                  start,
                                                  int                  end);
/* _gleaner_store_build_list_match(), also handing back the search words as FTS5 reads them
 * and the tokenizer, when the match was built from them. */
char         *_gleaner_store_build_list_match_full (sqlite3           *db,
                                                  const char          *text,
                                                  GPtrArray          **out_tokens,
                                                  Tokenizer          **out_tok,
                                                  GError             **error);

/* Opens and migrates the database, the main-thread reader and the snapshots, on the
 * calling thread (the writer thread for gleaner_store_new_async()). */
gboolean      _gleaner_store_open                (GleanerStore        *self,
                                                  GError             **error);

/* gleaner-store-upsert.c */
/* Forgets the words cached as stored (after a rollback); writer thread only. */
void          _gleaner_store_known_terms_clear   (GleanerStore        *self);
/* Whether @func is the papers' upsert, the one write that only queues what to index. */
gboolean      _gleaner_store_is_upsert           (GleanerStoreWriteFunc func);

/* gleaner-store-writer.c */
/* Runs the open of gleaner_store_new_async() first when there is one, then the writes. */
gpointer      _gleaner_store_writer_thread_func  (gpointer             data);
/* Asks the writer thread to finish the writes queued so far and stop; waits for it. */
void          _gleaner_store_writer_stop         (GleanerStore        *self);

G_END_DECLS
