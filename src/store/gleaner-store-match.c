/* gleaner-store-match.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Search text as FTS5 queries: every word a quoted prefix, long prefixes expanded to the
 * indexed words they start, read with the index's own tokenizer.
 */

#define G_LOG_DOMAIN "gleaner-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "gleaner-store-internal.h"

/* ---------------------------------------------------------------------------------------- */
/* Search text → FTS5 query */

static gboolean
is_token_char (gunichar c)
{
  /* Mirrors what FTS5's unicode61 tokenizer keeps: letters, numbers, marks, private use. */
  return g_unichar_isalnum (c) || g_unichar_ismark (c) ||
         g_unichar_type (c) == G_UNICODE_PRIVATE_USE;
}

char *
_gleaner_store_build_match (const char *text)
{
  g_autoptr(GString) match = NULL;
  g_autofree char *valid = NULL;
  const char *p;
  const char *start = NULL;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  match = g_string_new (NULL);

  /* Every word becomes a quoted prefix term: quotes, operators (AND, NEAR, -, :, parentheses)
   * and lone punctuation in the user's text are never FTS5 syntax, so no text can make the
   * query fail, and each keystroke narrows the previous result. */
  for (p = valid; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean token = c != 0 && is_token_char (c);

      if (token && start == NULL)
        start = p;
      else if (!token && start != NULL)
        {
          if (match->len > 0)
            g_string_append (match, " AND ");
          g_string_append_c (match, '"');
          g_string_append_len (match, start, p - start);
          g_string_append (match, "\"*");
          start = NULL;
        }

      if (c == 0)
        break;
    }

  if (match->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&match), FALSE);
}

/* The tokenizer the index uses, so words are folded exactly as FTS5 folds them. */
#define TOKENIZER_NAME "unicode61"
static const char *tokenizer_args[] = { "remove_diacritics", "2" };

/* A long prefix expands to at most this many words; beyond, FTS5's own prefix query. */
#define MAX_EXPANSION 200

void
_gleaner_tokenizer_free (Tokenizer *tok)
{
  if (tok == NULL)
    return;

  if (tok->tokenizer != NULL)
    tok->methods.xDelete (tok->tokenizer);
  g_free (tok);
}

Tokenizer *
_gleaner_tokenizer_new (sqlite3 *db)
{
  g_autoptr(Tokenizer) tok = g_new0 (Tokenizer, 1);
  sqlite3_stmt *stmt = NULL;
  fts5_api *api = NULL;
  void *context = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5 (?1)", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_pointer (stmt, 1, (void *)&api, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  if (api == NULL ||
      api->xFindTokenizer (api, TOKENIZER_NAME, &context, &tok->methods) != SQLITE_OK ||
      tok->methods.xCreate (context, tokenizer_args, G_N_ELEMENTS (tokenizer_args),
                            &tok->tokenizer) != SQLITE_OK)
    return NULL;

  return g_steal_pointer (&tok);
}

static int
collect_token_cb (void       *user_data,
                  int         flags,
                  const char *token,
                  int         n_token,
                  int         start,
                  int         end)
{
  GHashTable *set = user_data;
  char buf[64];

  if ((flags & FTS5_TOKEN_COLOCATED) != 0 || n_token <= 0)
    return SQLITE_OK;

  /* Most words of a text are in the set already: look before copying. */
  if ((gsize) n_token < sizeof buf)
    {
      memcpy (buf, token, n_token);
      buf[n_token] = '\0';
      if (g_hash_table_contains (set, buf))
        return SQLITE_OK;
    }

  g_hash_table_add (set, g_strndup (token, n_token));

  return SQLITE_OK;
}

void
_gleaner_tokenize_into (Tokenizer  *tok,
               const char *text,
               int         flags,
               GHashTable *set)
{
  if (text != NULL && *text != '\0')
    tok->methods.xTokenize (tok->tokenizer, set, flags, text, strlen (text), collect_token_cb);
}

int
_gleaner_append_token_cb (void       *user_data,
                 int         flags,
                 const char *token,
                 int         n_token,
                 int         start,
                 int         end)
{
  GPtrArray *tokens = user_data;

  if ((flags & FTS5_TOKEN_COLOCATED) == 0 && n_token > 0)
    g_ptr_array_add (tokens, g_strndup (token, n_token));

  return SQLITE_OK;
}

static void
append_quoted (GString    *str,
               const char *word)
{
  g_string_append_c (str, '"');
  for (const char *p = word; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (str, '"');
      g_string_append_c (str, *p);
    }
  g_string_append_c (str, '"');
}

/* Appends the words in the index that start with @prefix as ("a" OR "b" …), or the prefix
 * query itself when there are too many or none; returns SQLite's code. */
static int
append_expanded (GString      *match,
                 sqlite3_stmt *lookup,
                 const char   *prefix)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *upper = g_strconcat (prefix, "\xf4\x8f\xbf\xbf", NULL);
  int rc;

  sqlite3_bind_text (lookup, 1, prefix, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (lookup, 2, upper, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (lookup, 3, MAX_EXPANSION + 1);
  while ((rc = sqlite3_step (lookup)) == SQLITE_ROW)
    g_ptr_array_add (words, g_strdup ((const char *)sqlite3_column_text (lookup, 0)));
  sqlite3_reset (lookup);
  sqlite3_clear_bindings (lookup);

  if (rc != SQLITE_DONE)
    return rc;

  if (words->len == 0 || words->len > MAX_EXPANSION)
    {
      append_quoted (match, prefix);
      g_string_append_c (match, '*');
      return SQLITE_DONE;
    }

  g_string_append_c (match, '(');
  for (guint i = 0; i < words->len; i++)
    {
      if (i > 0)
        g_string_append (match, " OR ");
      append_quoted (match, g_ptr_array_index (words, i));
    }
  g_string_append_c (match, ')');

  return SQLITE_DONE;
}

/* Builds the list match; when it was built from the index tokenizer's tokens, also hands
 * back those tokens (the search words, as FTS5 reads them) and the tokenizer. NULL without
 * an error when @text has no words. */
char *
_gleaner_store_build_list_match_full (sqlite3     *db,
                  const char  *text,
                  GPtrArray  **out_tokens,
                  Tokenizer  **out_tok,
                  GError     **error)
{
  g_autofree char *plain = _gleaner_store_build_match (text);
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(Tokenizer) tok = NULL;
  g_autoptr(GString) match = NULL;
  g_autofree char *valid = NULL;
  sqlite3_stmt *lookup = NULL;
  int rc;

  if (plain == NULL)
    return NULL;

  /* Without the tokenizer, the plain prefix query is still right. The word list is part of
   * the schema: failing to read it is an error, not "no words". */
  if (!(tok = _gleaner_tokenizer_new (db)))
    return g_steal_pointer (&plain);

  if ((rc = sqlite3_prepare_v2 (db, "SELECT term FROM terms WHERE term >= ?1 AND term < ?2 LIMIT ?3",
                                -1, &lookup, NULL)) != SQLITE_OK)
    {
      _gleaner_store_set_error (error, db, rc, _("Cannot read the search words"));
      return NULL;
    }

  /* The index's own tokenizer splits and folds the text (case, diacritics) as it did the
   * papers, so the words looked up are the words stored. */
  valid = g_utf8_make_valid (text, -1);
  tokens = g_ptr_array_new_with_free_func (g_free);
  tok->methods.xTokenize (tok->tokenizer, tokens, FTS5_TOKENIZE_QUERY | FTS5_TOKENIZE_PREFIX,
                          valid, strlen (valid), _gleaner_append_token_cb);

  match = g_string_new (NULL);
  for (guint i = 0; i < tokens->len; i++)
    {
      const char *token = g_ptr_array_index (tokens, i);

      if (match->len > 0)
        g_string_append (match, " AND ");

      if (g_utf8_strlen (token, -1) <= 3)
        {
          append_quoted (match, token);
          g_string_append_c (match, '*');
        }
      else if ((rc = append_expanded (match, lookup, token)) != SQLITE_DONE)
        {
          _gleaner_store_set_error (error, db, rc, _("Cannot read the search words"));
          sqlite3_finalize (lookup);
          return NULL;
        }
    }

  sqlite3_finalize (lookup);

  if (match->len == 0)
    return NULL;

  if (out_tokens != NULL)
    *out_tokens = g_steal_pointer (&tokens);
  if (out_tok != NULL)
    *out_tok = g_steal_pointer (&tok);

  return g_string_free (g_steal_pointer (&match), FALSE);
}

char *
_gleaner_store_build_list_match (sqlite3     *db,
                                 const char  *text,
                                 GError     **error)
{
  return _gleaner_store_build_list_match_full (db, text, NULL, NULL, error);
}

