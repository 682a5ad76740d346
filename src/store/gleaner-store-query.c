/* gleaner-store-query.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list queries: each filter and sort order as a plan SQLite reads in list order, the
 * trending order's ranked head, and the newest-first search.
 */

#define G_LOG_DOMAIN "gleaner-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "gleaner-store-query-private.h"

/* ---------------------------------------------------------------------------------------- */
/* List queries */

static int
progress_cb (void *user_data)
{
  const int *cancel_flag = user_data;

  return g_atomic_int_get (cancel_flag) != 0;
}

static const char *
list_sql (GleanerFilter filter,
          GleanerSort   sort,
          gboolean      search)
{
  /* Each plan is chosen so that SQLite walks an index (or the FTS index, keyed by trend) in
   * list order and can hand back the first rows before it has read the rest. For the trending
   * sort this is the part after the ranked papers (see ranked_sql()): the rest in upvote
   * order, which is the order of papers_by_upvotes and of the FTS index. */
  if (!search)
    {
      switch (filter)
        {
        case GLEANER_FILTER_ALL:
          switch (sort)
            {
            case GLEANER_SORT_UPVOTES:
              return "SELECT id FROM papers ORDER BY upvotes DESC, id DESC";
            case GLEANER_SORT_NEWEST:
              return "SELECT id FROM papers ORDER BY published DESC, id DESC";
            case GLEANER_SORT_TRENDING:
              return "SELECT id FROM papers WHERE id NOT IN (" RANKED_IDS ")"
                     " ORDER BY upvotes DESC, id DESC";
            default:
              g_assert_not_reached ();
            }

        case GLEANER_FILTER_UNREAD:
          /* The read papers' ids are gathered once; each candidate is then one probe in that
           * set, read from the covering index rather than from its wide row. */
          switch (sort)
            {
            case GLEANER_SORT_UPVOTES:
              return "SELECT id FROM papers WHERE id NOT IN (" READ_IDS ")"
                     " ORDER BY upvotes DESC, id DESC";
            case GLEANER_SORT_NEWEST:
              return "SELECT id FROM papers WHERE id NOT IN (" READ_IDS ")"
                     " ORDER BY published DESC, id DESC";
            case GLEANER_SORT_TRENDING:
              return "SELECT id FROM papers WHERE id NOT IN (" READ_IDS ")"
                     " AND id NOT IN (" RANKED_IDS ") ORDER BY upvotes DESC, id DESC";
            default:
              g_assert_not_reached ();
            }

        case GLEANER_FILTER_STARRED:
          /* Few papers are starred: start from them. */
          switch (sort)
            {
            case GLEANER_SORT_UPVOTES:
              return "SELECT p.id FROM user_state u CROSS JOIN papers p ON p.arxiv_id = u.arxiv_id"
                     " WHERE u.starred ORDER BY p.upvotes DESC, p.id DESC";
            case GLEANER_SORT_NEWEST:
              return "SELECT p.id FROM user_state u CROSS JOIN papers p ON p.arxiv_id = u.arxiv_id"
                     " WHERE u.starred ORDER BY p.published DESC, p.id DESC";
            case GLEANER_SORT_TRENDING:
              return "SELECT p.id FROM user_state u CROSS JOIN papers p ON p.arxiv_id = u.arxiv_id"
                     " WHERE u.starred AND p.id NOT IN (" RANKED_IDS ")"
                     " ORDER BY p.upvotes DESC, p.id DESC";
            default:
              g_assert_not_reached ();
            }

        default:
          g_assert_not_reached ();
        }
    }

  /* A search in vote order over every paper or the unread ones walks the index in key order,
   * which is _gleaner_store_collect_voted()'s. */
  switch (filter)
    {
    case GLEANER_FILTER_ALL:
      g_assert (sort == GLEANER_SORT_NEWEST);
      /* What collect_newest_search() lists, faster: this reads every match's wide row. */
      return "SELECT p.id FROM papers_fts f CROSS JOIN papers p ON p.id = (f.rowid & 4294967295)"
             " WHERE papers_fts MATCH ?1 ORDER BY p.published DESC, p.id DESC";

    case GLEANER_FILTER_UNREAD:
      g_assert (sort == GLEANER_SORT_NEWEST);
      /* As for all papers: see collect_newest_search(). */
      return "SELECT p.id FROM papers_fts f CROSS JOIN papers p ON p.id = (f.rowid & 4294967295)"
             " WHERE papers_fts MATCH ?1 AND p.id NOT IN (" READ_IDS ")"
             " ORDER BY p.published DESC, p.id DESC";

    case GLEANER_FILTER_STARRED:
      switch (sort)
        {
        case GLEANER_SORT_UPVOTES:
          return "SELECT p.id FROM user_state u CROSS JOIN papers p ON p.arxiv_id = u.arxiv_id"
                 " WHERE u.starred AND " MATCH_MEMBER " ORDER BY p.upvotes DESC, p.id DESC";
        case GLEANER_SORT_NEWEST:
          return "SELECT p.id FROM user_state u CROSS JOIN papers p ON p.arxiv_id = u.arxiv_id"
                 " WHERE u.starred AND " MATCH_MEMBER " ORDER BY p.published DESC, p.id DESC";
        case GLEANER_SORT_TRENDING:
          return "SELECT p.id FROM user_state u CROSS JOIN papers p ON p.arxiv_id = u.arxiv_id"
                 " WHERE u.starred AND p.id NOT IN (" RANKED_IDS ") AND " MATCH_MEMBER
                 " ORDER BY p.upvotes DESC, p.id DESC";
        default:
          g_assert_not_reached ();
        }

    default:
      g_assert_not_reached ();
    }
}

/* Whether @match has a prefix query FTS5 cannot seek in: a word of four or more characters
 * left as a prefix (more words start it than _gleaner_store_build_list_match() expands).
 * FTS5 merges every document list of such a prefix before it can test a single row, so a
 * query that tests a few rows one by one would pay that merge for each of them. */
static gboolean
match_has_long_prefix (const char *match)
{
  const char *p = match;

  while (p != NULL && (p = strchr (p, '"')) != NULL)
    {
      const char *start = ++p;
      glong n_chars;

      /* A quoted word ends at a quote that is not doubled. */
      for (;;)
        {
          if (*p == '\0')
            return FALSE;
          if (*p == '"' && p[1] == '"')
            p += 2;
          else if (*p == '"')
            break;
          else
            p++;
        }

      n_chars = g_utf8_strlen (start, p - start);
      p++;
      if (*p == '*' && n_chars > 3)
        return TRUE;
    }

  return FALSE;
}

/* The ranked head of the trending sort: the papers on the trending list that pass @filter
 * (and match ?1 when @match), in rank order. The list is short, so each paper is tested on
 * its own instead of reading every match. With @with_text, the match is left out and each
 * paper comes with the columns the full-text index holds, so that the search words are
 * tested in C (see _gleaner_head_matches()). */
static char *
ranked_sql (GleanerFilter  filter,
            const char    *match,
            gboolean       with_text)
{
  GString *sql = g_string_new (with_text ? "SELECT t.paper_id, " HEAD_TEXT_COLUMNS ("p")
                                           " FROM trending t"
                                           " CROSS JOIN papers p ON p.id = t.paper_id WHERE 1"
                                         : "SELECT t.paper_id FROM trending t"
                                           " CROSS JOIN papers p ON p.id = t.paper_id WHERE 1");

  switch (filter)
    {
    case GLEANER_FILTER_ALL:
      break;

    case GLEANER_FILTER_UNREAD:
      g_string_append (sql, " AND NOT EXISTS (SELECT 1 FROM user_state u"
                            " WHERE u.arxiv_id = p.arxiv_id AND u.read)");
      break;

    case GLEANER_FILTER_STARRED:
      g_string_append (sql, " AND EXISTS (SELECT 1 FROM user_state u"
                            " WHERE u.arxiv_id = p.arxiv_id AND u.starred)");
      break;

    default:
      g_assert_not_reached ();
    }

  if (match != NULL && !with_text)
    g_string_append (sql, match_has_long_prefix (match) ? " AND " MATCH_MEMBER
                                                        : " AND " MATCH_PROBE);

  g_string_append (sql, " ORDER BY t.rank");

  return g_string_free (sql, FALSE);
}

void
_gleaner_collect_append (Collect *collect,
                         gint64   id)
{
  /* The scope is tested last, on each id a plan hands over in list order: every plan above
   * keeps its index walk, and a scope costs one bitmap probe per paper. */
  if (collect->scope != NULL && !_gleaner_id_set_contains (collect->scope, id))
    return;

  if (collect->ids == NULL && collect->builder == NULL)
    {
      collect->count++;
      return;
    }

  if (collect->narrow || collect->builder != NULL)
    {
      guint32 id32 = (guint32) id;

      /* Row ids fit 32 bits: the trend key and the index's key keep them in their low half.
       * Only a database edited by hand has a wider one: left out, never shown as another. */
      if (G_UNLIKELY (id < 0 || id > G_MAXUINT32))
        {
          g_warning_once ("Row id %" G_GINT64_FORMAT " does not fit 32 bits: not listed", id);
          return;
        }
      if (collect->builder != NULL)
        gleaner_id_column_builder_append (collect->builder, id32);
      else
        g_array_append_val (collect->ids, id32);
    }
  else
    g_array_append_val (collect->ids, id);

  /* The first page goes to the caller as soon as it is full, whatever keeps the ids. */
  if (!collect->page_sent && collect->first_page != NULL)
    {
      collect->page[collect->n_page++] = id;
      if (collect->n_page == GLEANER_STORE_FIRST_PAGE)
        {
          collect->page_sent = TRUE;
          collect->first_page (collect->page, GLEANER_STORE_FIRST_PAGE, collect->user_data);
        }
    }
}

/* Appends the ids @sql returns to the collection; returns SQLite's last code. */
static int
collect_ids (sqlite3     *db,
             const char  *sql,
             const char  *match,
             Collect     *collect)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if ((rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL)) != SQLITE_OK)
    return rc;

  if (match != NULL)
    sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    _gleaner_collect_append (collect, sqlite3_column_int64 (stmt, 0));

  sqlite3_finalize (stmt);

  return rc;
}

/* FTS5 keeps at most this many bytes of a token, in the documents and in the queries alike
 * (SQLite's FTS5_MAX_TOKEN_SIZE): longer tokens are cut, even inside a character. */
#define FTS_MAX_TOKEN_BYTES 32768

/* The search words of a list match, as FTS5 reads them, for testing a few papers in C. */
struct HeadWords
{
  GPtrArray *words;     /* char *, cut to FTS_MAX_TOKEN_BYTES */
  GArray    *lengths;   /* int, bytes */
  gboolean  *found;
  guint      n_left;
};

static void
head_words_free (HeadWords *hw)
{
  if (hw == NULL)
    return;

  g_clear_pointer (&hw->words, g_ptr_array_unref);
  g_clear_pointer (&hw->lengths, g_array_unref);
  g_free (hw->found);
  g_free (hw);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeadWords, head_words_free)

/* The words of @tokens (the tokens _gleaner_store_build_list_match() quoted, each a prefix
 * or expanded to the indexed words it starts), or NULL if FTS5 would not read one of them back
 * as that very token: then only FTS5 can say what the match means. */
static HeadWords *
head_words_new (Tokenizer *tok,
                GPtrArray *tokens)
{
  g_autoptr(HeadWords) hw = g_new0 (HeadWords, 1);

  hw->words = g_ptr_array_new_with_free_func (g_free);
  hw->lengths = g_array_new (FALSE, FALSE, sizeof (int));
  hw->found = g_new0 (gboolean, tokens->len);

  for (guint i = 0; i < tokens->len; i++)
    {
      const char *token = g_ptr_array_index (tokens, i);
      g_autoptr(GPtrArray) again = g_ptr_array_new_with_free_func (g_free);
      int len = strlen (token);

      tok->methods.xTokenize (tok->tokenizer, again, FTS5_TOKENIZE_QUERY | FTS5_TOKENIZE_PREFIX,
                              token, len, _gleaner_append_token_cb);
      if (again->len != 1 || strcmp (g_ptr_array_index (again, 0), token) != 0)
        return NULL;

      len = MIN (len, FTS_MAX_TOKEN_BYTES);
      g_ptr_array_add (hw->words, g_strndup (token, len));
      g_array_append_val (hw->lengths, len);
    }

  return g_steal_pointer (&hw);
}

static int
head_token_cb (void       *user_data,
               int         flags,
               const char *token,
               int         n_token,
               int         start,
               int         end)
{
  HeadWords *hw = user_data;

  /* Every token is indexed, colocated ones too. The index cuts long ones; as a word is cut
   * too, only a token's first FTS_MAX_TOKEN_BYTES bytes are ever compared anyway. */
  for (guint i = 0; i < hw->words->len; i++)
    {
      int len = g_array_index (hw->lengths, int, i);

      if (!hw->found[i] && len <= n_token &&
          memcmp (token, g_ptr_array_index (hw->words, i), len) == 0)
        {
          hw->found[i] = TRUE;
          if (--hw->n_left == 0)
            return SQLITE_DONE;   /* stops the tokenizer: the paper matches */
        }
    }

  return SQLITE_OK;
}

/* Whether the paper in @stmt's row (title, abstract, authors, keywords from column 1 on)
 * matches: what the list match means, every word a prefix of one of the paper's tokens in
 * those columns, read with the index's own tokenizer. A word the match expands to the indexed
 * words it starts means the same, as every token of a paper is in the word list. */
gboolean
_gleaner_head_matches (Tokenizer    *tok,
                       HeadWords    *hw,
                       sqlite3_stmt *stmt)
{
  memset (hw->found, 0, hw->words->len * sizeof (gboolean));
  hw->n_left = hw->words->len;

  for (int col = 1; col <= 4 && hw->n_left > 0; col++)
    {
      /* As FTS5 reads a column: its text, bytes counted (a NULL has none). */
      const char *text = (const char *)sqlite3_column_text (stmt, col);
      int n_text = sqlite3_column_bytes (stmt, col);

      if (text != NULL && n_text > 0)
        tok->methods.xTokenize (tok->tokenizer, hw, FTS5_TOKENIZE_DOCUMENT, text, n_text,
                                head_token_cb);
    }

  return hw->n_left == 0;
}

/* Appends the ranked papers @sql (ranked_sql() with text) returns that match @hw. */
static int
collect_ranked (sqlite3    *db,
                const char *sql,
                Tokenizer  *tok,
                HeadWords  *hw,
                Collect    *collect)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if ((rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL)) != SQLITE_OK)
    return rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (_gleaner_head_matches (tok, hw, stmt))
      _gleaner_collect_append (collect, sqlite3_column_int64 (stmt, 0));

  sqlite3_finalize (stmt);

  return rc;
}

/* The newest sort with a search, for the filters that start from every paper (all, unread).
 * Joining each match to its wide papers row for its date, then sorting them all, costs a
 * B-tree seek per match: most of the time of a common word's search. Instead the matches'
 * ids are read from the full-text index alone (its rowid holds the id) into a set; then
 *  - many matches: papers_by_published, which covers (published, id) and is in list order,
 *    is walked and the ids in the set are kept, so the first page comes after a few hundred
 *    rows rather than after every match;
 *  - few matches (under one per NEWEST_LOOKUP_FRACTION papers): each one's date is read by
 *    row id and they are sorted in C, cheaper than walking every paper.
 * Either gives what list_sql() would, in the same order: the papers whose id is a match's. */

/* Below one match per this many papers, the matches' dates are read one by one. A read by
 * row id costs about as much as walking 40-100 index entries (a seek into the wide rows); at
 * 100,000 papers 64 keeps either plan under about 8 ms. */
#define NEWEST_LOOKUP_FRACTION 64

/* Rows between two looks at the cancel flag in the loops below. */
#define NEWEST_CANCEL_EVERY 4096

static int
cmp_gint64 (gconstpointer a,
            gconstpointer b)
{
  gint64 x = *(const gint64 *)a;
  gint64 y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

void
_gleaner_id_set_init (IdSet  *set,
                      GArray *ids)
{
  gint64 max_id = -1;

  for (guint i = 0; i < ids->len; i++)
    max_id = MAX (max_id, g_array_index (ids, gint64, i));

  memset (set, 0, sizeof *set);
  if (max_id < ID_SET_BITMAP_MAX_ID)
    {
      set->n_bits = max_id + 1;
      set->bits = g_malloc0 (set->n_bits / 8 + 1);
      for (guint i = 0; i < ids->len; i++)
        {
          gint64 id = g_array_index (ids, gint64, i);

          if (id >= 0 && (set->bits[id >> 3] & (1 << (id & 7))) == 0)
            {
              set->bits[id >> 3] |= 1 << (id & 7);
              set->n++;
            }
        }
    }
  else
    {
      set->sorted = g_array_copy (ids);
      g_array_sort (set->sorted, cmp_gint64);
      for (guint i = 0; i < set->sorted->len; i++)
        set->n += i == 0 || g_array_index (set->sorted, gint64, i) !=
                            g_array_index (set->sorted, gint64, i - 1);
    }
}

gboolean
_gleaner_id_set_contains (const IdSet *set,
                          gint64       id)
{
  if (set->bits != NULL)
    return id >= 0 && id < set->n_bits && (set->bits[id >> 3] & (1 << (id & 7))) != 0;

  return set->sorted->len > 0 &&
         bsearch (&id, set->sorted->data, set->sorted->len, sizeof (gint64), cmp_gint64) != NULL;
}

void
_gleaner_id_set_clear (IdSet *set)
{
  g_clear_pointer (&set->bits, g_free);
  g_clear_pointer (&set->sorted, g_array_unref);
}

static gboolean
cancelled (const int *cancel_flag)
{
  return cancel_flag != NULL && g_atomic_int_get (cancel_flag) != 0;
}

/* Appends the first column of @sql's rows (bound to @match if not NULL) to @out. */
static int
read_ids (sqlite3     *db,
          const char  *sql,
          const char  *match,
          GArray      *out)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if ((rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL)) != SQLITE_OK)
    return rc;

  if (match != NULL)
    sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (out, id);
    }

  sqlite3_finalize (stmt);

  return rc;
}

typedef struct
{
  gint64 published;
  gint64 id;
} Dated;

static int
cmp_dated_newest (gconstpointer a,
                  gconstpointer b)
{
  const Dated *x = a;
  const Dated *y = b;

  if (x->published != y->published)
    return x->published < y->published ? 1 : -1;

  return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

/* Reads the date of each of @matches (not in @read) and appends them, newest first. Sets
 * *@fallback instead if a date is not an integer, which SQLite orders its own way. */
static int
collect_newest_lookup (sqlite3     *db,
                       GArray      *matches,
                       const IdSet *read,
                       const int   *cancel_flag,
                       gboolean    *fallback,
                       Collect     *collect)
{
  g_autoptr(GArray) dated = g_array_sized_new (FALSE, FALSE, sizeof (Dated), matches->len);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if ((rc = sqlite3_prepare_v2 (db, "SELECT published FROM papers WHERE id = ?1", -1, &stmt,
                                NULL)) != SQLITE_OK)
    return rc;

  rc = SQLITE_DONE;
  for (guint i = 0; i < matches->len; i++)
    {
      Dated d = { 0, g_array_index (matches, gint64, i) };
      int step;

      if (i % NEWEST_CANCEL_EVERY == NEWEST_CANCEL_EVERY - 1 && cancelled (cancel_flag))
        {
          rc = SQLITE_INTERRUPT;
          break;
        }

      if (read != NULL && _gleaner_id_set_contains (read, d.id))
        continue;

      sqlite3_bind_int64 (stmt, 1, d.id);
      step = sqlite3_step (stmt);
      if (step == SQLITE_ROW)
        {
          if (sqlite3_column_type (stmt, 0) != SQLITE_INTEGER)
            {
              *fallback = TRUE;
              break;
            }
          d.published = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (dated, d);
        }
      else if (step != SQLITE_DONE)
        {
          rc = step;
          break;
        }
      sqlite3_reset (stmt);
    }

  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE || *fallback)
    return rc;

  g_array_sort (dated, cmp_dated_newest);
  for (guint i = 0; i < dated->len; i++)
    _gleaner_collect_append (collect, g_array_index (dated, Dated, i).id);

  return SQLITE_DONE;
}

/* Walks every paper newest first and appends those in @set and not in @read. */
static int
collect_newest_walk (sqlite3     *db,
                     const IdSet *set,
                     const IdSet *read,
                     const int   *cancel_flag,
                     Collect     *collect)
{
  sqlite3_stmt *stmt = NULL;
  guint n_seen = 0, n_left = set->n;
  int rc;

  if ((rc = sqlite3_prepare_v2 (db, "SELECT id FROM papers INDEXED BY papers_by_published"
                                    " ORDER BY published DESC, id DESC", -1, &stmt,
                                NULL)) != SQLITE_OK)
    return rc;

  /* The index lists each paper once: once every match was seen, the rest can be skipped. */
  rc = SQLITE_DONE;
  while (n_left > 0 && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (++n_seen % NEWEST_CANCEL_EVERY == 0 && cancelled (cancel_flag))
        {
          rc = SQLITE_INTERRUPT;
          break;
        }

      if (_gleaner_id_set_contains (set, id))
        {
          n_left--;
          if (read == NULL || !_gleaner_id_set_contains (read, id))
            _gleaner_collect_append (collect, id);
        }
    }

  sqlite3_finalize (stmt);

  return rc == SQLITE_ROW ? SQLITE_DONE : rc;
}

static int
collect_newest_search (sqlite3       *db,
                       GleanerFilter  filter,
                       const char    *match,
                       const int     *cancel_flag,
                       Collect       *collect)
{
  g_autoptr(GArray) matches = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) read_rows = NULL;
  IdSet set = { 0 }, read = { 0 };
  gboolean fallback = FALSE;
  gint64 max_id = 0;
  int rc;

  if ((rc = read_ids (db, "SELECT " FTS_ID " FROM papers_fts WHERE papers_fts MATCH ?1",
                      match, matches)) != SQLITE_DONE)
    return rc;
  if (matches->len == 0)
    return SQLITE_DONE;

  if (filter == GLEANER_FILTER_UNREAD)
    {
      read_rows = g_array_new (FALSE, FALSE, sizeof (gint64));
      if ((rc = read_ids (db, READ_IDS, NULL, read_rows)) != SQLITE_DONE)
        return rc;
      _gleaner_id_set_init (&read, read_rows);
    }

  /* The largest row id stands for the number of papers (SQLite hands them out in order), and
   * costs one seek where counting them would walk an index. */
  {
    g_autoptr(GArray) max = g_array_new (FALSE, FALSE, sizeof (gint64));

    if ((rc = read_ids (db, "SELECT max (id) FROM papers", NULL, max)) != SQLITE_DONE)
      goto out;
    max_id = max->len > 0 ? g_array_index (max, gint64, 0) : 0;
  }

  if ((gint64)matches->len * NEWEST_LOOKUP_FRACTION < max_id)
    {
      rc = collect_newest_lookup (db, matches, read_rows != NULL ? &read : NULL, cancel_flag,
                                  &fallback, collect);
      if (rc != SQLITE_DONE || !fallback)
        goto out;
    }

  _gleaner_id_set_init (&set, matches);
  rc = collect_newest_walk (db, &set, read_rows != NULL ? &read : NULL, cancel_flag, collect);

out:
  _gleaner_id_set_clear (&set);
  _gleaner_id_set_clear (&read);

  return rc;
}

/* The ids of the papers in @scope (see gleaner_paper_list_set_scope()): each an index range
 * (the partial indexes on sources, the category table), never a scan of the papers' rows.
 * Unknown scopes have no papers. */
static int
read_scope_ids (sqlite3    *db,
                const char *scope,
                GArray     *out)
{
  if (g_strcmp0 (scope, "hf") == 0)
    return read_ids (db, "SELECT id FROM papers WHERE sources & 1", NULL, out);
  if (g_strcmp0 (scope, "arxiv") == 0)
    return read_ids (db, "SELECT id FROM papers WHERE sources & 2", NULL, out);
  if (g_str_has_prefix (scope, "arxiv:") && scope[strlen ("arxiv:")] != '\0')
    return read_ids (db, "SELECT paper_id FROM paper_categories WHERE category = ?1",
                     scope + strlen ("arxiv:"), out);

  return SQLITE_DONE;
}

gboolean
_gleaner_store_query_ids (sqlite3             *db,
                          GleanerFilter        filter,
                          GleanerSort          sort,
                          const char          *search,
                          GArray              *ids,
                          GleanerStoreIdsFunc  first_page,
                          gpointer             user_data,
                          const int           *cancel_flag,
                          GError             **error)
{
  return _gleaner_store_query_scoped_ids (db, filter, sort, search, NULL, ids, first_page,
                                          user_data, cancel_flag, error);
}

static gboolean
query_scoped (sqlite3        *db,
              GleanerFilter   filter,
              GleanerSort     sort,
              const char     *search,
              const char     *scope,
              Collect        *out,
              const int      *cancel_flag,
              GError        **error)
{
  g_autofree char *match = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(Tokenizer) tok = NULL;
  g_autoptr(GError) local_error = NULL;
  Collect collect = *out;
  g_autoptr(GArray) scope_ids = NULL;
  IdSet scope_set = { 0 };
  g_autoptr(HeadWords) hw = NULL;
  gboolean voted;
  gboolean snapshot = FALSE;
  gboolean ret = TRUE;
  int rc = SQLITE_DONE;

  /* The three entry points' shared checks. */
  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (filter <= GLEANER_FILTER_STARRED, FALSE);
  g_return_val_if_fail (sort <= GLEANER_SORT_TRENDING, FALSE);

  if (!(match = _gleaner_store_build_list_match_full (db, search, &tokens, &tok, &local_error)) &&
      local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  voted = match != NULL && sort != GLEANER_SORT_NEWEST && filter != GLEANER_FILTER_STARRED;

  if (cancel_flag != NULL)
    sqlite3_progress_handler (db, 1000, progress_cb, (gpointer)cancel_flag);

  if (scope != NULL)
    {
      /* The scope's members and the list are read in one snapshot. */
      if (sqlite3_get_autocommit (db))
        snapshot = sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;

      scope_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      rc = read_scope_ids (db, scope, scope_ids);
      _gleaner_id_set_init (&scope_set, scope_ids);
      collect.scope = &scope_set;

      /* Nothing in scope: nothing to list. */
      if (rc == SQLITE_DONE && scope_ids->len == 0)
        goto done;
    }

  if (rc != SQLITE_DONE)
    goto done;

  /* A few papers' text is tested in C (the ranked head, the papers whose votes moved): an FTS5
   * probe per paper seeks every word of each expanded search word, hundreds of document lists
   * per paper. */
  if (match != NULL && tokens != NULL && (sort == GLEANER_SORT_TRENDING || voted))
    hw = head_words_new (tok, tokens);

  if (sort == GLEANER_SORT_TRENDING)
    {
      g_autofree char *ranked = ranked_sql (filter, match, hw != NULL);

      /* The ranked head and the rest are two statements; one read transaction makes them see
       * the same trending list, so no paper is listed twice or left out. */
      if (sqlite3_get_autocommit (db))
        snapshot = sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;

      if (hw != NULL)
        rc = collect_ranked (db, ranked, tok, hw, &collect);
      else
        rc = collect_ids (db, ranked, match, &collect);
    }

  if (sort == GLEANER_SORT_NEWEST && match != NULL && filter != GLEANER_FILTER_STARRED)
    {
      /* Several statements: one read transaction makes them see the same papers. */
      if (sqlite3_get_autocommit (db))
        snapshot = sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;

      rc = collect_newest_search (db, filter, match, cancel_flag, &collect);
    }
  else if (rc == SQLITE_DONE && voted)
    {
      /* Two statements as well: the index's walk and the papers whose votes moved. */
      if (sqlite3_get_autocommit (db))
        snapshot = sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;

      rc = _gleaner_store_collect_voted (db, filter, sort == GLEANER_SORT_TRENDING, match, tok,
                                         hw, &collect);
    }
  else if (rc == SQLITE_DONE)
    rc = collect_ids (db, list_sql (filter, sort, match != NULL), match, &collect);

done:
  _gleaner_id_set_clear (&scope_set);

  if (cancel_flag != NULL)
    sqlite3_progress_handler (db, 0, NULL, NULL);

  if (rc == SQLITE_INTERRUPT || (cancel_flag != NULL && g_atomic_int_get (cancel_flag)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Query cancelled");
      ret = FALSE;
    }
  else if (rc != SQLITE_DONE)
    ret = _gleaner_store_set_error (error, db, rc, _("Cannot query papers"));

  /* After the error was read: ending the transaction resets SQLite's message. */
  if (snapshot && !sqlite3_get_autocommit (db))
    sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);

  out->count = collect.count;
  return ret;
}

gboolean
_gleaner_store_query_scoped_ids (sqlite3             *db,
                                 GleanerFilter        filter,
                                 GleanerSort          sort,
                                 const char          *search,
                                 const char          *scope,
                                 GArray              *ids,
                                 GleanerStoreIdsFunc  first_page,
                                 gpointer             user_data,
                                 const int           *cancel_flag,
                                 GError             **error)
{
  Collect collect = { ids, first_page, user_data, FALSE, NULL, FALSE, 0 };

  g_return_val_if_fail (ids != NULL, FALSE);

  collect.narrow = g_array_get_element_size (ids) == sizeof (guint32);
  return query_scoped (db, filter, sort, search, scope, &collect, cancel_flag, error);
}

gboolean
_gleaner_store_query_scoped_column (sqlite3             *db,
                                    GleanerFilter        filter,
                                    GleanerSort          sort,
                                    const char          *search,
                                    const char          *scope,
                                    GleanerIdColumn    **column,
                                    GleanerStoreIdsFunc  first_page,
                                    gpointer             user_data,
                                    const int           *cancel_flag,
                                    GError             **error)
{
  Collect collect = { NULL, first_page, user_data, FALSE, NULL, TRUE, 0 };
  g_autoptr(GleanerIdColumnBuilder) builder = gleaner_id_column_builder_new ();

  g_return_val_if_fail (column != NULL && *column == NULL, FALSE);

  collect.builder = builder;
  if (!query_scoped (db, filter, sort, search, scope, &collect, cancel_flag, error))
    return FALSE;
  *column = gleaner_id_column_builder_end (g_steal_pointer (&builder));
  return TRUE;
}

gboolean
_gleaner_store_count_scoped_ids (sqlite3        *db,
                                 GleanerFilter   filter,
                                 GleanerSort     sort,
                                 const char     *search,
                                 const char     *scope,
                                 guint64        *count,
                                 GError        **error)
{
  Collect collect = { NULL, NULL, NULL, FALSE, NULL, FALSE, 0 };

  g_return_val_if_fail (count != NULL, FALSE);

  if (!query_scoped (db, filter, sort, search, scope, &collect, NULL, error))
    return FALSE;
  *count = collect.count;
  return TRUE;
}

