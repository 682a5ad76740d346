/* gleaner-store-upsert.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Storing papers from any source: one row per arXiv id, each source's fields merged into it
 * (a source never clears what another one stored), and the listings each paper was seen in.
 * Runs on the writer thread through _gleaner_store_write_async(), the one write path.
 */

#define G_LOG_DOMAIN "gleaner-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "gleaner-store-internal.h"

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           col,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, col, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, col);
}

/* The list as a JSON array of strings (see read_list()), each string quoted by SQLite
 * (@quote is "SELECT json_quote (?1)"); NULL for an empty list. */
static gboolean
dup_list (sqlite3_stmt        *quote,
          const char * const  *strv,
          char               **out_list,
          GError             **error)
{
  g_autoptr(GString) list = NULL;
  int rc;

  *out_list = NULL;
  if (strv == NULL || strv[0] == NULL)
    return TRUE;

  list = g_string_new ("[");
  for (guint i = 0; strv[i]; i++)
    {
      sqlite3_bind_text (quote, 1, strv[i], -1, SQLITE_STATIC);
      if ((rc = sqlite3_step (quote)) != SQLITE_ROW)
        {
          sqlite3_reset (quote);
          return _gleaner_store_set_error (error, sqlite3_db_handle (quote), rc, _("Cannot save papers"));
        }

      if (i > 0)
        g_string_append_c (list, ',');
      g_string_append (list, (const char *)sqlite3_column_text (quote, 0));
      sqlite3_reset (quote);
    }
  g_string_append_c (list, ']');

  *out_list = g_string_free (g_steal_pointer (&list), FALSE);
  return TRUE;
}


static void
bind_paper (sqlite3_stmt *stmt,
            GleanerPaper *paper,
            const char   *authors,
            const char   *keywords,
            const char   *categories,
            gint64        now)
{
  sqlite3_bind_text (stmt, 1, gleaner_paper_get_id (paper), -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 2, gleaner_paper_get_title (paper));
  bind_text_or_null (stmt, 3, gleaner_paper_get_abstract (paper));
  bind_text_or_null (stmt, 4, authors);
  bind_text_or_null (stmt, 5, gleaner_paper_get_ai_summary (paper));
  bind_text_or_null (stmt, 6, keywords);
  sqlite3_bind_int64 (stmt, 7, gleaner_paper_get_published (paper));
  sqlite3_bind_int64 (stmt, 8, gleaner_paper_get_submitted (paper));
  bind_text_or_null (stmt, 9, gleaner_paper_get_daily_date (paper));
  sqlite3_bind_int64 (stmt, 10, gleaner_paper_get_upvotes (paper));
  sqlite3_bind_int64 (stmt, 11, gleaner_paper_get_num_comments (paper));
  bind_text_or_null (stmt, 12, gleaner_paper_get_github_repo (paper));
  sqlite3_bind_int64 (stmt, 13, gleaner_paper_get_github_stars (paper));
  bind_text_or_null (stmt, 14, gleaner_paper_get_project_page (paper));
  bind_text_or_null (stmt, 15, gleaner_paper_get_thumbnail (paper));
  sqlite3_bind_int64 (stmt, 16, now);
  bind_text_or_null (stmt, 17, categories);
  bind_text_or_null (stmt, 18, gleaner_paper_get_primary_category (paper));
  bind_text_or_null (stmt, 19, gleaner_paper_get_comments (paper));
  bind_text_or_null (stmt, 20, gleaner_paper_get_journal_ref (paper));
  bind_text_or_null (stmt, 21, gleaner_paper_get_doi (paper));
  bind_text_or_null (stmt, 22, gleaner_paper_get_license (paper));
  sqlite3_bind_int64 (stmt, 23, gleaner_paper_get_version (paper));
  sqlite3_bind_int64 (stmt, 24, gleaner_paper_get_updated (paper));
  sqlite3_bind_int (stmt, 25, gleaner_paper_get_withdrawn (paper));
  sqlite3_bind_int (stmt, 26, gleaner_paper_get_sources (paper) &
                              (GLEANER_SOURCE_KIND_HF | GLEANER_SOURCE_KIND_ARXIV));
}

/* New papers: inserted as they are. Upvotes are capped at 2^31 - 1 here and below, so the
 * trend key never wraps. */
static const char insert_sql[] =
  "INSERT INTO papers (arxiv_id, title, abstract, authors, ai_summary, ai_keywords,"
  "  published, submitted, daily_date, upvotes, num_comments, github_repo, github_stars,"
  "  project_page, thumbnail, first_seen, updated_at, categories, primary_category, comments,"
  "  journal_ref, doi, license, version, updated, withdrawn, sources)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, min (max (?10, 0), 2147483647), ?11, ?12, ?13, ?14, ?15, ?16, ?16,"
  "  ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)"
  " ON CONFLICT (arxiv_id) DO NOTHING";

/* Known papers: a source may know less than an earlier one (a search hit has no daily date,
 * no comment count), so missing values never erase stored ones, and the row is only written
 * when something really changed. The daily date kept is the earliest list it was on. */
#define MERGED_ABSTRACT  "coalesce (?3, abstract)"
#define MERGED_AUTHORS   "coalesce (?4, authors)"
#define MERGED_SUMMARY   "coalesce (?5, ai_summary)"
#define MERGED_KEYWORDS  "coalesce (?6, ai_keywords)"
#define MERGED_PUBLISHED "(CASE WHEN ?7 > 0 THEN ?7 ELSE published END)"
#define MERGED_SUBMITTED "(CASE WHEN ?8 > 0 THEN ?8 ELSE submitted END)"
#define MERGED_DAILY     "(CASE WHEN daily_date IS NULL OR ?9 < daily_date THEN coalesce (?9, daily_date) ELSE daily_date END)"
#define MERGED_UPVOTES   "(CASE WHEN ?10 >= 0 THEN min (?10, 2147483647) ELSE upvotes END)"
#define MERGED_COMMENTS  "(CASE WHEN ?11 >= 0 THEN ?11 ELSE num_comments END)"
#define MERGED_REPO      "coalesce (?12, github_repo)"
#define MERGED_STARS     "(CASE WHEN ?13 >= 0 THEN ?13 ELSE github_stars END)"
#define MERGED_PROJECT   "coalesce (?14, project_page)"
#define MERGED_THUMB     "coalesce (?15, thumbnail)"
/* arXiv's fields the same way; the version and its date only move forward (an API lookup may
 * answer with an older snapshot than the listing), a withdrawal is final, and the sources
 * only ever gain a bit. */
#define MERGED_CATS      "coalesce (?17, categories)"
#define MERGED_PRIMARY   "coalesce (?18, primary_category)"
#define MERGED_ACOMMENTS "coalesce (?19, comments)"
#define MERGED_JREF      "coalesce (?20, journal_ref)"
#define MERGED_DOI       "coalesce (?21, doi)"
#define MERGED_LICENSE   "coalesce (?22, license)"
#define MERGED_VERSION   "max (?23, version)"
#define MERGED_UPDATED   "max (?24, updated)"
#define MERGED_WITHDRAWN "max (?25, withdrawn)"
#define MERGED_SOURCES   "(sources | ?26)"

static const char update_sql[] =
  "UPDATE papers SET"
  "  title = ?2, abstract = " MERGED_ABSTRACT ", authors = " MERGED_AUTHORS ","
  "  ai_summary = " MERGED_SUMMARY ", ai_keywords = " MERGED_KEYWORDS ","
  "  published = " MERGED_PUBLISHED ", submitted = " MERGED_SUBMITTED ","
  "  daily_date = " MERGED_DAILY ", upvotes = " MERGED_UPVOTES ","
  "  num_comments = " MERGED_COMMENTS ", github_repo = " MERGED_REPO ","
  "  github_stars = " MERGED_STARS ", project_page = " MERGED_PROJECT ","
  "  thumbnail = " MERGED_THUMB ", updated_at = ?16,"
  "  categories = " MERGED_CATS ", primary_category = " MERGED_PRIMARY ","
  "  comments = " MERGED_ACOMMENTS ", journal_ref = " MERGED_JREF ", doi = " MERGED_DOI ","
  "  license = " MERGED_LICENSE ", version = " MERGED_VERSION ", updated = " MERGED_UPDATED ","
  "  withdrawn = " MERGED_WITHDRAWN ", sources = " MERGED_SOURCES
  " WHERE arxiv_id = ?1 AND ("
  "  title IS NOT ?2 OR abstract IS NOT " MERGED_ABSTRACT
  "  OR authors IS NOT " MERGED_AUTHORS " OR ai_summary IS NOT " MERGED_SUMMARY
  "  OR ai_keywords IS NOT " MERGED_KEYWORDS " OR published IS NOT " MERGED_PUBLISHED
  "  OR submitted IS NOT " MERGED_SUBMITTED " OR daily_date IS NOT " MERGED_DAILY
  "  OR upvotes IS NOT " MERGED_UPVOTES " OR num_comments IS NOT " MERGED_COMMENTS
  "  OR github_repo IS NOT " MERGED_REPO " OR github_stars IS NOT " MERGED_STARS
  "  OR project_page IS NOT " MERGED_PROJECT " OR thumbnail IS NOT " MERGED_THUMB
  "  OR categories IS NOT " MERGED_CATS " OR primary_category IS NOT " MERGED_PRIMARY
  "  OR comments IS NOT " MERGED_ACOMMENTS " OR journal_ref IS NOT " MERGED_JREF
  "  OR doi IS NOT " MERGED_DOI " OR license IS NOT " MERGED_LICENSE
  "  OR version IS NOT " MERGED_VERSION " OR updated IS NOT " MERGED_UPDATED
  "  OR withdrawn IS NOT " MERGED_WITHDRAWN " OR sources IS NOT " MERGED_SOURCES ")";

static void
collect_words (Tokenizer    *tok,
               GleanerPaper *paper,
               GHashTable   *words)
{
  const char * const *authors = gleaner_paper_get_authors (paper);
  const char * const *keywords = gleaner_paper_get_ai_keywords (paper);

  if (tok == NULL)
    return;

  _gleaner_tokenize_into (tok, gleaner_paper_get_title (paper), FTS5_TOKENIZE_DOCUMENT, words);
  _gleaner_tokenize_into (tok, gleaner_paper_get_abstract (paper), FTS5_TOKENIZE_DOCUMENT, words);
  for (guint i = 0; authors[i]; i++)
    _gleaner_tokenize_into (tok, authors[i], FTS5_TOKENIZE_DOCUMENT, words);
  for (guint i = 0; keywords[i]; i++)
    _gleaner_tokenize_into (tok, keywords[i], FTS5_TOKENIZE_DOCUMENT, words);
}

/* Whether @paper lists @category. */
static gboolean
has_category (GleanerPaper *paper,
              const char   *category)
{
  const char * const *categories = gleaner_paper_get_categories (paper);

  return categories != NULL && g_strv_contains (categories, category);
}

/* Remembers that @paper was seen in @listing ("hf:daily", "arxiv:cs.LG"…); the first sighting
 * is kept. A feed of several arXiv categories ("arxiv:cs.LG+cs.CL") counts as each of those
 * the paper is in (all of them if it lists none). */
static int
record_listing (sqlite3_stmt *add_listing,
                GleanerPaper *paper,
                const char   *listing,
                gint64        now)
{
  g_auto(GStrv) parts = NULL;
  gboolean any = FALSE;
  int rc = SQLITE_DONE;

  if (!g_str_has_prefix (listing, "arxiv:") || strchr (listing, '+') == NULL)
    {
      parts = g_new0 (char *, 2);
      parts[0] = g_strdup (listing);
    }
  else
    {
      parts = g_strsplit (listing + strlen ("arxiv:"), "+", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        any = any || has_category (paper, parts[i]);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          char *full = g_strconcat ("arxiv:", parts[i], NULL);

          g_free (parts[i]);
          parts[i] = full;
        }
    }

  for (guint i = 0; parts[i] != NULL && rc == SQLITE_DONE; i++)
    {
      if (any && !has_category (paper, parts[i] + strlen ("arxiv:")))
        continue;

      sqlite3_bind_text (add_listing, 1, gleaner_paper_get_id (paper), -1, SQLITE_STATIC);
      sqlite3_bind_text (add_listing, 2, parts[i], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (add_listing, 3, now);
      rc = sqlite3_step (add_listing);
      sqlite3_reset (add_listing);
    }

  return rc;
}

/* Words remembered as stored: a few MB at most. */
#define MAX_KNOWN_TERMS 100000

void
_gleaner_store_known_terms_clear (GleanerStore *self)
{
  if (self->known_terms != NULL)
    g_hash_table_remove_all (self->known_terms);
}

/* Stores @papers on @db, the writer's connection, inside the caller's transaction: a failed
 * batch is rolled back whole. A paper announced as a replacement (a new arXiv version) is
 * counted as updated even when it was not stored before: it is not new to the world, so it
 * is never in new_ids and never announced. *@n_inserted counts the rows created. */
static gboolean
do_upsert (GleanerStore         *self,
           sqlite3              *db,
           GPtrArray            *papers,
           const char           *listing,
           GleanerUpsertResult  *result,
           guint                *n_inserted,
           GError              **error)
{
  sqlite3_stmt *insert = NULL;
  sqlite3_stmt *update = NULL;
  sqlite3_stmt *add_term = NULL;
  sqlite3_stmt *add_listing = NULL;
  sqlite3_stmt *quote = NULL;
  g_autoptr(GHashTable) words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  Tokenizer *tok;
  int rc;

  if (self->writer_tokenizer == NULL)
    self->writer_tokenizer = _gleaner_tokenizer_new (db);
  tok = self->writer_tokenizer;

  if ((rc = sqlite3_prepare_v2 (db, "INSERT OR IGNORE INTO terms (term) VALUES (?1)",
                                -1, &add_term, NULL)) != SQLITE_OK ||
      (rc = sqlite3_prepare_v2 (db, "SELECT json_quote (?1)", -1, &quote, NULL)) != SQLITE_OK ||
      (rc = sqlite3_prepare_v2 (db, insert_sql, -1, &insert, NULL)) != SQLITE_OK ||
      (rc = sqlite3_prepare_v2 (db, update_sql, -1, &update, NULL)) != SQLITE_OK ||
      (rc = sqlite3_prepare_v2 (db, "INSERT OR IGNORE INTO paper_listings (arxiv_id, listing, first_seen)"
                                    " VALUES (?1, ?2, ?3)", -1, &add_listing, NULL)) != SQLITE_OK)
    {
      _gleaner_store_set_error (error, db, rc, _("Cannot save papers"));
      goto failure;
    }

  for (guint i = 0; i < papers->len; i++)
    {
      GleanerPaper *paper = g_ptr_array_index (papers, i);
      g_autofree char *authors = NULL;
      g_autofree char *keywords = NULL;
      g_autofree char *categories = NULL;

      if (gleaner_paper_get_id (paper) == NULL || gleaner_paper_get_title (paper) == NULL)
        continue;

      if (!dup_list (quote, gleaner_paper_get_authors (paper), &authors, error) ||
          !dup_list (quote, gleaner_paper_get_ai_keywords (paper), &keywords, error) ||
          !dup_list (quote, gleaner_paper_get_categories (paper), &categories, error))
        goto failure;

      if (listing != NULL && (rc = record_listing (add_listing, paper, listing, now)) != SQLITE_DONE)
        {
          _gleaner_store_set_error (error, db, rc, _("Cannot save papers"));
          goto failure;
        }

      bind_paper (insert, paper, authors, keywords, categories, now);
      rc = sqlite3_step (insert);
      sqlite3_reset (insert);
      sqlite3_clear_bindings (insert);

      if (rc != SQLITE_DONE)
        {
          _gleaner_store_set_error (error, db, rc, _("Cannot save papers"));
          goto failure;
        }

      if (sqlite3_changes (db) > 0)
        {
          (*n_inserted)++;
          if (gleaner_paper_get_replaced (paper))
            {
              result->updated++;
            }
          else
            {
              result->added++;
              g_ptr_array_add (result->new_ids, g_strdup (gleaner_paper_get_id (paper)));
            }
          collect_words (tok, paper, words);
          continue;
        }

      bind_paper (update, paper, authors, keywords, categories, now);
      rc = sqlite3_step (update);
      sqlite3_reset (update);
      sqlite3_clear_bindings (update);

      if (rc != SQLITE_DONE)
        {
          _gleaner_store_set_error (error, db, rc, _("Cannot save papers"));
          goto failure;
        }

      if (sqlite3_changes (db) > 0)
        {
          result->updated++;
          collect_words (tok, paper, words);
        }
    }

  /* The index reads the queue once for the whole group of writes (see
   * _gleaner_store_flush_index()): one segment for several pages instead of one each. */
  if (*n_inserted > 0 || result->updated > 0)
    self->index_queued = TRUE;

  /* Keep the word list in step with the index, in the same transaction. Words stored before
   * (most of a page's: common words) are not asked for again. */
  {
    GHashTableIter iter;
    char *word;

    if (self->known_terms == NULL)
      self->known_terms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    g_hash_table_iter_init (&iter, words);
    while (g_hash_table_iter_next (&iter, (gpointer *)&word, NULL))
      {
        if (g_hash_table_contains (self->known_terms, word))
          continue;

        sqlite3_bind_text (add_term, 1, word, -1, SQLITE_STATIC);
        rc = sqlite3_step (add_term);
        sqlite3_reset (add_term);

        if (rc != SQLITE_DONE)
          {
            _gleaner_store_set_error (error, db, rc, _("Cannot save papers"));
            goto failure;
          }

        if (g_hash_table_size (self->known_terms) >= MAX_KNOWN_TERMS)
          g_hash_table_remove_all (self->known_terms);
        g_hash_table_iter_steal (&iter);
        g_hash_table_add (self->known_terms, word);
      }
  }

  sqlite3_finalize (add_term);
  sqlite3_finalize (add_listing);
  sqlite3_finalize (quote);
  sqlite3_finalize (insert);
  sqlite3_finalize (update);

  return TRUE;

failure:
  sqlite3_finalize (add_term);
  sqlite3_finalize (add_listing);
  sqlite3_finalize (quote);
  sqlite3_finalize (insert);
  sqlite3_finalize (update);

  return FALSE;
}

typedef struct
{
  GleanerStore *self;          /* the task's source object keeps it alive */
  GPtrArray    *papers;
  char         *listing;
  GCancellable *cancellable;
} UpsertWrite;

static void
upsert_write_free (UpsertWrite *w)
{
  g_clear_pointer (&w->papers, g_ptr_array_unref);
  g_free (w->listing);
  g_clear_object (&w->cancellable);
  g_free (w);
}

static gboolean
upsert_func (sqlite3         *db,
             gpointer         data,
             gboolean        *changed,
             gpointer        *out_result,
             GDestroyNotify  *result_free,
             GError         **error)
{
  UpsertWrite *w = data;
  g_autoptr(GleanerUpsertResult) result = g_new0 (GleanerUpsertResult, 1);
  guint n_inserted = 0;

  result->new_ids = g_ptr_array_new_with_free_func (g_free);

  /* A sync that was cancelled stores nothing more. */
  if (g_cancellable_set_error_if_cancelled (w->cancellable, error) ||
      !do_upsert (w->self, db, w->papers, w->listing, result, &n_inserted, error))
    return FALSE;

  *changed = result->added > 0 || result->updated > 0;
  if (n_inserted > 0)
    g_atomic_int_set (&w->self->has_papers, TRUE);
  *out_result = g_steal_pointer (&result);
  *result_free = (GDestroyNotify)gleaner_upsert_result_free;

  return TRUE;
}

gboolean
_gleaner_store_is_upsert (GleanerStoreWriteFunc func)
{
  return func == upsert_func;
}

void
gleaner_store_upsert_async (GleanerStore        *self,
                            GPtrArray           *papers,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  gleaner_store_upsert_listing_async (self, papers, NULL, cancellable, callback, user_data);
}

void
gleaner_store_upsert_listing_async (GleanerStore        *self,
                                    GPtrArray           *papers,
                                    const char          *listing,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  UpsertWrite *w;

  g_return_if_fail (GLEANER_IS_STORE (self));
  g_return_if_fail (papers != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  w = g_new0 (UpsertWrite, 1);
  w->self = self;
  w->papers = g_ptr_array_ref (papers);
  w->listing = g_strdup (listing);
  g_set_object (&w->cancellable, cancellable);

  _gleaner_store_write_async (self, upsert_func, w, (GDestroyNotify)upsert_write_free,
                              GLEANER_STORE_CHANGE_PAPERS, gleaner_store_upsert_async,
                              cancellable, callback, user_data);
}

GleanerUpsertResult *
gleaner_store_upsert_finish (GleanerStore  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (GLEANER_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

