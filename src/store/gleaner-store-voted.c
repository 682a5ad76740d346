/* gleaner-store-voted.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A search in vote order (the upvotes sort, and the trending sort after its ranked head) over
 * every paper or the unread ones. FTS5 hands a term's matches over in index key order, and a
 * paper's key is its trend key, (upvotes << 32) | id, so the best-voted matches come first and
 * the walk can stop after a page. But a paper is indexed at the trend key it had then: when
 * only its votes change, its entry stays where it is (schema 11: moving it re-tokenized its
 * whole text) and fts_moved says where. The walk meets such a "moved" paper out of place.
 *
 * fts_moved lists the moved papers by their real key. The walk skips their entries, noting
 * that they matched, and they are merged in at their real key; whether one matches is known
 * once the walk has passed its entry. For the first page both are read a step at a time: the
 * walk asks fts_moved about each entry it meets (one seek), and a moved paper that belongs
 * before the walk's next entry while its own entry lies further on is decided by reading the
 * walk on a little, or else by testing its text in C (as for the trending head). Both are
 * bounded by budgets that grow with the store, as the cost of reading every match does. The
 * rest (or everything, once a budget runs out, or for words only FTS5 can read) reads every
 * moved paper, then the walk to its end, and merges the two. Either way the list is in the
 * exact order of "ORDER BY upvotes DESC, id DESC", as without a search. With no moved paper
 * (a store whose votes never changed) the walk alone is the list, as before schema 11.
 */

#define G_LOG_DOMAIN "gleaner-store"

#include "config.h"

#include "gleaner-store-query-private.h"

/* Before the first page is out, at most one moved paper is tested on its own per this many
 * papers stored (and at least VOTED_MIN_TESTS): a test reads a row and tokenizes its text,
 * 10-20 us, where reading every match costs about 0.1-0.2 us a paper stored. (An FTS5 probe
 * would seek the list of every word a search word expands to, for each paper.) */
#define VOTED_PAPERS_PER_TEST 1000
#define VOTED_MIN_TESTS 256

#define ID_OF_KEY(key) ((key) & G_GINT64_CONSTANT (0xffffffff))

typedef struct
{
  gint64   key;      /* trend key: where the paper belongs */
  gint64   fts_key;  /* where the index has it */
  gboolean listed;   /* decided before the merge (listed or left out) */
} Moved;

typedef struct
{
  sqlite3       *db;
  sqlite3_stmt  *walk;      /* the index, key order */
  sqlite3_stmt  *moved;     /* fts_moved, key order */
  sqlite3_stmt  *is_moved;  /* one seek in fts_moved */
  sqlite3_stmt  *text;      /* one paper's indexed text */
  Tokenizer     *tok;
  HeadWords     *hw;
  GArray        *read;      /* Moved, as read from @moved */
  gboolean       moved_done;
  const IdSet   *moved_ids; /* the merge: every moved paper's id */
  GArray        *hit_ids;   /* gint64: those whose entry the walk met since */
  GHashTable    *met;       /* ids of the moved papers whose entry the walk met before
                             * @moved_ids was built */
  GArray        *queue;     /* gint64: entries at their place the walk read, from @head on
                             * not listed yet */
  guint          head;
  gint64         frontier;  /* the walk has read every entry from here up */
  gboolean       walk_done;
  int            rc;        /* SQLite's code of the walk (or of what failed) */
} Voted;

static const char *
walk_sql (GleanerFilter filter,
          gboolean      trending)
{
  if (filter == GLEANER_FILTER_UNREAD)
    return trending ? "SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?1"
                      " AND " FTS_ID " NOT IN (" READ_IDS ")"
                      " AND " FTS_ID " NOT IN (" RANKED_IDS ") ORDER BY rowid DESC"
                    : "SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?1"
                      " AND " FTS_ID " NOT IN (" READ_IDS ") ORDER BY rowid DESC";

  g_assert (filter == GLEANER_FILTER_ALL);
  return trending ? "SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?1"
                    " AND " FTS_ID " NOT IN (" RANKED_IDS ") ORDER BY rowid DESC"
                  : "SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?1 ORDER BY rowid DESC";
}

/* The moved papers the walk's filter lets through, by real key, best first. */
static const char *
moved_sql (GleanerFilter filter,
           gboolean      trending)
{
  if (filter == GLEANER_FILTER_UNREAD)
    return trending ? "SELECT key, fts_key FROM fts_moved INDEXED BY fts_moved_by_key"
                      " WHERE id NOT IN (" READ_IDS ") AND id NOT IN (" RANKED_IDS ")"
                      " ORDER BY key DESC"
                    : "SELECT key, fts_key FROM fts_moved INDEXED BY fts_moved_by_key"
                      " WHERE id NOT IN (" READ_IDS ") ORDER BY key DESC";

  return trending ? "SELECT key, fts_key FROM fts_moved INDEXED BY fts_moved_by_key"
                    " WHERE id NOT IN (" RANKED_IDS ") ORDER BY key DESC"
                  : "SELECT key, fts_key FROM fts_moved INDEXED BY fts_moved_by_key"
                    " ORDER BY key DESC";
}

/* The @i-th moved paper, reading on as needed; NULL past the last (or on an error). The
 * pointer is good until the next call. */
static Moved *
moved_at (Voted *v,
          guint  i)
{
  while (i >= v->read->len && !v->moved_done)
    {
      int rc = sqlite3_step (v->moved);

      if (rc == SQLITE_ROW)
        {
          Moved m = { sqlite3_column_int64 (v->moved, 0), sqlite3_column_int64 (v->moved, 1),
                      FALSE };

          g_array_append_val (v->read, m);
        }
      else
        {
          v->moved_done = TRUE;
          if (rc != SQLITE_DONE)
            v->rc = rc;
        }
    }

  return i < v->read->len ? &g_array_index (v->read, Moved, i) : NULL;
}

/* Whether the walk's entry @key is a moved paper's: in @moved_ids once it is built, else
 * one seek in fts_moved (the walk lists a paper only if its filter lets it through, as
 * fts_moved's query does). Sets v->rc on an error. */
static gboolean
entry_is_moved (Voted  *v,
                gint64  key)
{
  int rc;

  if (v->moved_ids != NULL)
    {
      gint64 id = ID_OF_KEY (key);

      if (!_gleaner_id_set_contains (v->moved_ids, id))
        return FALSE;
      g_array_append_val (v->hit_ids, id);
      return TRUE;
    }

  sqlite3_reset (v->is_moved);
  sqlite3_bind_int64 (v->is_moved, 1, ID_OF_KEY (key));
  rc = sqlite3_step (v->is_moved);
  if (rc == SQLITE_ROW)
    {
      g_hash_table_add (v->met, GSIZE_TO_POINTER (ID_OF_KEY (key)));
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    v->rc = rc;

  return FALSE;
}

/* Reads the walk on to its next entry at its place and queues it. FALSE at the end, or on an
 * error (v->rc). */
static gboolean
walk_read (Voted *v)
{
  while (!v->walk_done && (v->rc = sqlite3_step (v->walk)) == SQLITE_ROW)
    {
      gint64 key = sqlite3_column_int64 (v->walk, 0);

      v->frontier = key;
      if (entry_is_moved (v, key))
        continue;
      if (v->rc != SQLITE_ROW)
        return FALSE;

      g_array_append_val (v->queue, key);
      return TRUE;
    }

  if (v->rc == SQLITE_DONE)
    v->walk_done = TRUE;

  return FALSE;
}

static gboolean
walk_failed (const Voted *v)
{
  return v->rc != SQLITE_ROW && v->rc != SQLITE_DONE;
}

/* Whether the moved paper @m matches, its text read and tested in C; SQLite's code
 * otherwise. */
static int
test_moved (Voted       *v,
            const Moved *m,
            gboolean    *matches)
{
  int rc;

  if (v->text == NULL &&
      (rc = sqlite3_prepare_v2 (v->db, "SELECT p.id, " HEAD_TEXT_COLUMNS ("p")
                                       " FROM papers p WHERE p.id = ?1",
                                -1, &v->text, NULL)) != SQLITE_OK)
    return rc;

  sqlite3_reset (v->text);
  sqlite3_bind_int64 (v->text, 1, ID_OF_KEY (m->key));
  rc = sqlite3_step (v->text);
  if (rc == SQLITE_ROW)
    *matches = _gleaner_head_matches (v->tok, v->hw, v->text);
  else if (rc == SQLITE_DONE)
    *matches = FALSE;
  else
    return rc;

  return SQLITE_OK;
}

/* Entries the first page may read ahead of the one it lists next, to learn whether a moved
 * paper matches without a test, one per this many papers stored (at least
 * VOTED_MIN_LOOKAHEAD): reading one costs a step of the walk and a seek, 1-2 us. */
#define VOTED_PAPERS_PER_LOOKAHEAD 250
#define VOTED_MIN_LOOKAHEAD 1024

/* The first page, walk and moved papers merged a step at a time. Returns the index of the
 * first moved paper not decided yet; stops early (the rest still to merge) when the budget
 * of tests runs out. */
static guint
first_page (Voted   *v,
            Collect *collect,
            gint64   n_papers)
{
  guint budget = MAX (VOTED_MIN_TESTS, n_papers / VOTED_PAPERS_PER_TEST);
  guint lookahead = MAX (VOTED_MIN_LOOKAHEAD, n_papers / VOTED_PAPERS_PER_LOOKAHEAD);
  guint j = 0;

  while (!collect->page_sent)
    {
      Moved *m;
      gboolean have;
      gint64 next = 0;

      if (v->head == v->queue->len)
        walk_read (v);
      if (walk_failed (v))
        break;
      if ((have = v->head < v->queue->len))
        next = g_array_index (v->queue, gint64, v->head);

      m = moved_at (v, j);
      if (walk_failed (v))
        break;

      if (m != NULL && (!have || m->key > next))
        {
          gboolean matches = FALSE;

          /* The walk has read every entry from its frontier up: the moved paper matches if
           * its entry is there and was met. Reading on a little may get there; else only a
           * test can say before the end. */
          while (!v->walk_done && m->fts_key < v->frontier &&
                 v->queue->len - v->head < lookahead && walk_read (v))
            ;
          if (walk_failed (v))
            break;

          if (v->walk_done || m->fts_key >= v->frontier)
            matches = g_hash_table_contains (v->met, GSIZE_TO_POINTER (ID_OF_KEY (m->key)));
          else if (budget == 0)
            break;
          else
            {
              int rc;

              budget--;
              if ((rc = test_moved (v, m, &matches)) != SQLITE_OK)
                {
                  v->rc = rc;
                  break;
                }
            }

          m->listed = TRUE;
          if (matches)
            _gleaner_collect_append (collect, ID_OF_KEY (m->key));
          j++;
        }
      else if (have)
        _gleaner_collect_append (collect, ID_OF_KEY (g_array_index (v->queue, gint64,
                                                                    v->head++)));
      else
        break;
    }

  return j;
}

int
_gleaner_store_collect_voted (sqlite3       *db,
                              GleanerFilter  filter,
                              gboolean       trending,
                              const char    *match,
                              Tokenizer     *tok,
                              HeadWords     *hw,
                              Collect       *collect)
{
  g_autoptr(GArray) read = g_array_new (FALSE, FALSE, sizeof (Moved));
  g_autoptr(GArray) queue = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) hit_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) met = g_hash_table_new (NULL, NULL);
  IdSet moved_ids = { 0 }, hits = { 0 };
  Voted v = { db, NULL, NULL, NULL, NULL, tok, hw, read, FALSE, NULL, hit_ids, met, queue, 0,
              G_MAXINT64, FALSE, SQLITE_DONE };
  guint j = 0, i;
  int rc;

  if ((rc = sqlite3_prepare_v2 (db, walk_sql (filter, trending), -1, &v.walk, NULL)) != SQLITE_OK ||
      (rc = sqlite3_prepare_v2 (db, moved_sql (filter, trending), -1, &v.moved, NULL)) != SQLITE_OK ||
      (rc = sqlite3_prepare_v2 (db, "SELECT 1 FROM fts_moved WHERE id = ?1", -1, &v.is_moved,
                                NULL)) != SQLITE_OK)
    {
      v.rc = rc;
      goto out;
    }
  sqlite3_bind_text (v.walk, 1, match, -1, SQLITE_TRANSIENT);

  /* Nothing moved: the walk is the list (the common case, and the cheapest). */
  if (moved_at (&v, 0) == NULL)
    {
      if (v.rc != SQLITE_DONE)
        goto out;
      while ((v.rc = sqlite3_step (v.walk)) == SQLITE_ROW)
        _gleaner_collect_append (collect, ID_OF_KEY (sqlite3_column_int64 (v.walk, 0)));
      goto out;
    }

  /* Without a first page to hand over early, or words to test in C, nothing is worth
   * reading a step at a time. */
  if (collect->first_page != NULL && hw != NULL)
    {
      /* The largest row id stands for the number of papers (one seek, where counting walks
       * an index). */
      gint64 n_papers = 0;

      if (!_gleaner_store_read_int64 (db, "SELECT max (id) FROM papers", NULL, &n_papers, "", NULL))
        {
          v.rc = sqlite3_errcode (db);
          goto out;
        }

      j = first_page (&v, collect, MIN (n_papers, G_MAXUINT));
      if (walk_failed (&v))
        goto out;
    }

  /* Every moved paper, then the walk to its end, which says which of them match. */
  while (moved_at (&v, v.read->len) != NULL)
    ;
  if (walk_failed (&v))
    goto out;

  {
    g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), v.read->len);
    GHashTableIter iter;
    gpointer id;

    for (i = 0; i < v.read->len; i++)
      {
        gint64 moved_id = ID_OF_KEY (g_array_index (v.read, Moved, i).key);

        g_array_append_val (ids, moved_id);
      }
    _gleaner_id_set_init (&moved_ids, ids);
    v.moved_ids = &moved_ids;

    g_hash_table_iter_init (&iter, met);
    while (g_hash_table_iter_next (&iter, &id, NULL))
      {
        gint64 met_id = GPOINTER_TO_SIZE (id);

        g_array_append_val (hit_ids, met_id);
      }
  }

  /* The rest of the walk, in a tight loop: most entries are at their place. */
  if (!v.walk_done)
    {
      while ((v.rc = sqlite3_step (v.walk)) == SQLITE_ROW)
        {
          gint64 key = sqlite3_column_int64 (v.walk, 0);
          gint64 id = ID_OF_KEY (key);

          if (_gleaner_id_set_contains (&moved_ids, id))
            g_array_append_val (hit_ids, id);
          else
            g_array_append_val (queue, key);
        }
      if (v.rc != SQLITE_DONE)
        goto out;
    }

  _gleaner_id_set_init (&hits, hit_ids);
  for (i = v.head; i < queue->len || j < v.read->len;)
    {
      const Moved *m = j < v.read->len ? &g_array_index (v.read, Moved, j) : NULL;

      if (m != NULL && (m->listed || !_gleaner_id_set_contains (&hits, ID_OF_KEY (m->key))))
        j++;
      else if (m != NULL && (i == queue->len || m->key > g_array_index (queue, gint64, i)))
        {
          _gleaner_collect_append (collect, ID_OF_KEY (m->key));
          j++;
        }
      else
        _gleaner_collect_append (collect, ID_OF_KEY (g_array_index (queue, gint64, i++)));
    }

out:
  _gleaner_id_set_clear (&moved_ids);
  _gleaner_id_set_clear (&hits);
  sqlite3_finalize (v.text);
  sqlite3_finalize (v.is_moved);
  sqlite3_finalize (v.moved);
  sqlite3_finalize (v.walk);

  return v.rc;
}
