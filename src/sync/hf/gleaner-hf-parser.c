/* gleaner-hf-parser.c — pure parser for Hugging Face paper JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-hf-parser"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "gleaner-thread.h"
#include "gleaner-arxiv-id.h"
#include "gleaner-hf-parser.h"
#include "gleaner-paper.h"
#include "gleaner-uri.h"

/* Longest single string kept from the network, in bytes. */
#define MAX_STRING_LEN (64 * 1024)

/* Counts are capped here: the store ranks papers by upvotes in 31 bits of a 64-bit key. */
#define MAX_COUNT G_MAXINT32

/* Longest server error message quoted to the user, in bytes. */
#define MAX_ERROR_LEN 200

/* json-glib 1.6 parses recursively and overflows the stack on a few hundred thousand nested
 * brackets; real responses nest six levels deep. */
#define MAX_DEPTH 64

G_DEFINE_QUARK (gleaner-hf-parser-error-quark, gleaner_hf_parser_error)

/* The value of four hex digits at @p, or -1. */
static int
hex4 (const char *p)
{
  int value = 0;

  for (guint k = 0; k < 4; k++)
    {
      int digit = g_ascii_xdigit_value (p[k]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }

  return value;
}

/* Makes the document safe to hand to json-glib 1.6:
 *  - invalid UTF-8 is replaced (json-glib would reject the whole page for one bad byte);
 *  - "\u0000" becomes "\u0020" (json-glib would silently cut the string at the NUL);
 *  - a "\uXXXX" surrogate that is not half of a pair becomes "\ufffd" (json-glib eats the
 *    next character, and fails on the whole page if that is the closing quote);
 *  - nesting is bounded (json-glib recurses and would overflow the stack).
 * The rewrites keep every offset, so they are done in place on a copy made when first needed.
 * Returns FALSE if the document nests too deeply. *@copy is set to the rewritten copy, if
 * any, and *@size to the length of the document to parse. */
static gboolean
prepare_document (const char  *data,
                  gsize       *size,
                  char       **copy)
{
  g_autofree char *buf = NULL;
  const char *p = data;
  gsize len = *size;
  gboolean in_string = FALSE;
  guint depth = 0;

  g_assert (data != NULL);
  g_assert (copy != NULL);

  if (!g_utf8_validate_len (data, len, NULL))
    {
      /* This also replaces raw NUL bytes, so strlen() is the length. */
      buf = g_utf8_make_valid (data, len);
      len = strlen (buf);
      p = buf;
    }

  for (gsize i = 0; i < len; i++)
    {
      char c = p[i];

      if (in_string)
        {
          if (c == '"')
            {
              in_string = FALSE;
            }
          else if (c == '\\' && i + 5 < len && p[i + 1] == 'u' && hex4 (p + i + 2) >= 0)
            {
              int value = hex4 (p + i + 2);
              const char *replacement = NULL;

              if (value == 0)
                {
                  replacement = "0020";
                }
              else if (value >= 0xd800 && value <= 0xdbff)
                {
                  int low = -1;

                  if (i + 11 < len && p[i + 6] == '\\' && p[i + 7] == 'u')
                    low = hex4 (p + i + 8);

                  if (low >= 0xdc00 && low <= 0xdfff)
                    i += 6;   /* A proper pair: step over the high half too. */
                  else
                    replacement = "fffd";
                }
              else if (value >= 0xdc00 && value <= 0xdfff)
                {
                  replacement = "fffd";
                }

              if (replacement != NULL)
                {
                  if (buf == NULL)
                    {
                      buf = g_malloc (len + 1);
                      memcpy (buf, data, len);
                      buf[len] = '\0';
                      p = buf;
                    }
                  memcpy (buf + i + 2, replacement, 4);
                }

              i += 5;
            }
          else if (c == '\\')
            {
              /* Skip the escaped character so "\\" and "\"" don't confuse the scan. */
              i++;
            }
        }
      else if (c == '"')
        {
          in_string = TRUE;
        }
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_DEPTH)
            return FALSE;
        }
      else if (c == ']' || c == '}')
        {
          if (depth > 0)
            depth--;
        }
    }

  *size = len;
  *copy = g_steal_pointer (&buf);

  return TRUE;
}

/* Returns a cleaned copy of @text, or NULL if nothing but whitespace is left: invalid UTF-8
 * is replaced, ASCII control characters become spaces (except newlines and tabs unless
 * @single_line), surrounding whitespace is trimmed and the result is cut to at most @max_len
 * bytes on a character boundary. Everything else, markup characters included, stays as is. */
static char *
clean_text (const char *text,
            gsize       max_len,
            gboolean    single_line)
{
  g_autofree char *valid = NULL;
  gsize len;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);

  for (char *c = valid; *c != '\0'; c++)
    {
      guchar uc = (guchar) *c;

      if (uc == 0x7f || (uc < 0x20 && (single_line || (uc != '\n' && uc != '\t'))))
        *c = ' ';
    }

  g_strstrip (valid);
  len = strlen (valid);

  if (len > max_len)
    {
      gsize cut = max_len;

      /* @valid is valid UTF-8, so backing up over continuation bytes finds a character start. */
      while (cut > 0 && ((guchar) valid[cut] & 0xc0) == 0x80)
        cut--;

      valid[cut] = '\0';
      g_strchomp (valid);

      /* Don't keep a megabyte allocated for 64 KiB of text. */
      return valid[0] != '\0' ? g_strdup (valid) : NULL;
    }

  if (len == 0)
    return NULL;

  return g_steal_pointer (&valid);
}

static char *
clean_string (const char *text)
{
  return clean_text (text, MAX_STRING_LEN, FALSE);
}

/* An author or keyword is one line: a run of white space or control characters in it that
 * holds anything but plain spaces (newlines, tabs, Unicode line and paragraph separators,
 * NEL, no-break spaces) becomes one space, so no list that shows or stores names can take
 * one name for two. Plain spaces stay as written. */
static char *
clean_name (const char *text)
{
  g_autofree char *cleaned = clean_string (text);
  g_autoptr(GString) name = NULL;
  const char *run = NULL;
  gboolean plain = TRUE;

  if (cleaned == NULL)
    return NULL;

  name = g_string_sized_new (strlen (cleaned));
  for (const char *p = cleaned; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && (g_unichar_isspace (c) || g_unichar_iscntrl (c)))
        {
          if (run == NULL)
            run = p;
          plain = plain && c == ' ';
          continue;
        }

      if (run != NULL)
        {
          if (plain)
            g_string_append_len (name, run, p - run);
          else
            g_string_append_c (name, ' ');
          run = NULL;
          plain = TRUE;
        }

      if (c == 0)
        break;
      g_string_append_unichar (name, c);
    }

  g_strstrip (name->str);
  if (name->str[0] == '\0')
    return NULL;

  return g_strdup (name->str);
}

static JsonNode *
get_member (JsonObject *object,
            const char *name)
{
  if (object == NULL)
    return NULL;

  return json_object_get_member (object, name);
}

/* The string value of @name, or NULL if it is missing, null or not a string. */
static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = get_member (object, name);

  if (node == NULL ||
      !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static JsonObject *
get_object_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

static JsonArray *
get_array_member (JsonObject *object,
                  const char *name)
{
  JsonNode *node = get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  return json_node_get_array (node);
}

/* TRUE only for a JSON true; a missing member or any other type counts as FALSE. */
static gboolean
get_true_member (JsonObject *object,
                 const char *name)
{
  JsonNode *node = get_member (object, name);

  if (node == NULL ||
      !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;

  return json_node_get_boolean (node);
}

/* A non-negative whole number capped at MAX_COUNT, or -1 if @name is missing or anything
 * else. Whole numbers written as floats ("3.0") are accepted. */
static gint64
get_count_member (JsonObject *object,
                  const char *name)
{
  JsonNode *node = get_member (object, name);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;

  type = json_node_get_value_type (node);

  if (type == G_TYPE_INT64)
    {
      gint64 value = json_node_get_int (node);

      return value >= 0 ? MIN (value, MAX_COUNT) : -1;
    }

  if (type == G_TYPE_DOUBLE)
    {
      double value = json_node_get_double (node);

      /* The range check also rejects NaN and infinities. */
      if (value >= 0 && value <= 9007199254740992.0 && (double) (gint64) value == value)
        return MIN ((gint64) value, MAX_COUNT);
    }

  return -1;
}

/* The string items of an array member, cleaned as names, or NULL if there are none. */
static char **
get_string_items (JsonObject *object,
                  const char *name)
{
  JsonArray *array = get_array_member (object, name);
  g_autoptr(GPtrArray) items = NULL;
  guint length;

  if (array == NULL)
    return NULL;

  length = json_array_get_length (array);
  items = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < length; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      char *text;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        continue;

      if ((text = clean_name (json_node_get_string (node))) != NULL)
        g_ptr_array_add (items, text);
    }

  if (items->len == 0)
    return NULL;

  g_ptr_array_add (items, NULL);

  return (char **) g_ptr_array_free (g_steal_pointer (&items), FALSE);
}

/* Names of the authors that are not hidden; items that are not objects or have no name are
 * left out. Only a JSON true hides an author, as that is all the API ever sends. */
static char **
get_authors (JsonObject *paper)
{
  JsonArray *array = get_array_member (paper, "authors");
  g_autoptr(GPtrArray) names = NULL;
  guint length;

  if (array == NULL)
    return NULL;

  length = json_array_get_length (array);
  names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < length; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *author;
      char *name;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      author = json_node_get_object (node);

      if (get_true_member (author, "hidden"))
        continue;

      if ((name = clean_name (get_string_member (author, "name"))) != NULL)
        g_ptr_array_add (names, name);
    }

  if (names->len == 0)
    return NULL;

  g_ptr_array_add (names, NULL);

  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

/* @text if it is an absolute http(s) URL with a host, cleaned; NULL otherwise. */
static char *
get_web_url (const char *text)
{
  g_autofree char *url = clean_text (text, MAX_STRING_LEN, TRUE);

  if (!gleaner_uri_is_web (url))
    return NULL;

  return g_steal_pointer (&url);
}

/* Unix time of an ISO-8601 timestamp; a bare "YYYY-MM-DD" is taken as midnight UTC, and a
 * time without an offset as UTC. 0 if missing or invalid. */
static gint64
get_time_member (JsonObject *object,
                 const char *name,
                 GTimeZone  *utc)
{
  const char *text = get_string_member (object, name);
  g_autoptr(GDateTime) dt = NULL;
  gsize len;
  gint64 unix_time;

  if (text == NULL)
    return 0;

  len = strnlen (text, 65);
  if (len == 0 || len > 64)
    return 0;

  dt = g_date_time_new_from_iso8601 (text, utc);

  if (dt == NULL && len == 10)
    {
      g_autofree char *full = g_strconcat (text, "T00:00:00Z", NULL);

      dt = g_date_time_new_from_iso8601 (full, utc);
    }

  if (dt == NULL)
    return 0;

  unix_time = g_date_time_to_unix (dt);

  return unix_time > 0 ? unix_time : 0;
}

/* Builds a paper from a daily entry ({"paper": {...}, "numComments": …}) or a flat paper
 * object. Returns NULL if @node has no usable arXiv id or title. */
static GleanerPaper *
parse_entry (JsonNode   *node,
             const char *daily_date,
             GTimeZone  *utc)
{
  g_autoptr(GleanerPaper) paper = NULL;
  g_autofree char *id = NULL;
  g_autofree char *title = NULL;
  g_autofree char *abstract = NULL;
  g_autofree char *ai_summary = NULL;
  g_autofree char *github_repo = NULL;
  g_autofree char *project_page = NULL;
  g_autofree char *thumbnail = NULL;
  JsonObject *entry;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  entry = json_node_get_object (node);

  /* Flat shapes (/api/papers/{id}, old search results) carry the paper members themselves. */
  if (!(object = get_object_member (entry, "paper")))
    object = entry;

  /* The id is a key, so it is validated as sent rather than cleaned up. */
  if (!(id = gleaner_arxiv_id_normalize (get_string_member (object, "id"))))
    return NULL;

  if (!(title = clean_string (get_string_member (object, "title"))))
    title = clean_string (get_string_member (entry, "title"));
  if (title == NULL)
    return NULL;

  if (!(abstract = clean_string (get_string_member (object, "summary"))))
    abstract = clean_string (get_string_member (entry, "summary"));

  ai_summary = clean_string (get_string_member (object, "ai_summary"));
  github_repo = get_web_url (get_string_member (object, "githubRepo"));
  project_page = get_web_url (get_string_member (object, "projectPage"));

  if (!(thumbnail = get_web_url (get_string_member (entry, "thumbnail"))))
    thumbnail = get_web_url (get_string_member (entry, "thumbnailUrl"));

  paper = gleaner_paper_new (id);
  gleaner_paper_set_title (paper, title);
  gleaner_paper_set_abstract (paper, abstract);
  gleaner_paper_take_authors (paper, get_authors (object));
  gleaner_paper_set_published (paper, get_time_member (object, "publishedAt", utc));
  gleaner_paper_set_submitted (paper, get_time_member (object, "submittedOnDailyAt", utc));
  gleaner_paper_set_daily_date (paper, daily_date);
  gleaner_paper_set_upvotes (paper, get_count_member (object, "upvotes"));
  gleaner_paper_set_num_comments (paper, get_count_member (entry, "numComments"));
  gleaner_paper_set_ai_summary (paper, ai_summary);
  gleaner_paper_take_ai_keywords (paper, get_string_items (object, "ai_keywords"));
  gleaner_paper_set_github_repo (paper, github_repo);
  gleaner_paper_set_github_stars (paper, get_count_member (object, "githubStars"));
  gleaner_paper_set_project_page (paper, project_page);
  gleaner_paper_set_thumbnail (paper, thumbnail);
  gleaner_paper_set_sources (paper, GLEANER_SOURCE_KIND_HF);

  return g_steal_pointer (&paper);
}

/* Sets @error for a JSON document whose root is not an array of entries, quoting the
 * server's own "error" string when there is one. */
static void
set_unexpected_error (JsonNode  *root,
                      GError   **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  g_autofree char *message = clean_text (get_string_member (object, "error"), MAX_ERROR_LEN, TRUE);

  if (message != NULL)
    g_set_error (error, GLEANER_HF_PARSER_ERROR, GLEANER_HF_PARSER_ERROR_UNEXPECTED,
                 /* Translators: %s is an error message sent by the Hugging Face server. */
                 _("Hugging Face returned an error: “%s”"), message);
  else
    g_set_error_literal (error, GLEANER_HF_PARSER_ERROR, GLEANER_HF_PARSER_ERROR_UNEXPECTED,
                         _("Hugging Face sent an unexpected response instead of a list of papers"));
}

GPtrArray *
gleaner_hf_parse_papers (GBytes      *bytes,
                         const char  *daily_date,
                         guint       *n_skipped,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) papers = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GTimeZone) utc = NULL;
  g_autofree char *copy = NULL;
  JsonNode *root;
  JsonArray *array = NULL;
  const char *data;
  gsize size = 0;
  guint length;
  guint skipped = 0;

  if (n_skipped != NULL)
    *n_skipped = 0;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &size);

  if (data == NULL || size == 0)
    {
      g_set_error_literal (error, GLEANER_HF_PARSER_ERROR, GLEANER_HF_PARSER_ERROR_INVALID_JSON,
                           _("Hugging Face sent an empty response"));
      return NULL;
    }

  if (!prepare_document (data, &size, &copy))
    {
      g_set_error_literal (error, GLEANER_HF_PARSER_ERROR, GLEANER_HF_PARSER_ERROR_INVALID_JSON,
                           _("Hugging Face sent a response that is nested too deeply to read"));
      return NULL;
    }

  if (copy != NULL)
    data = copy;

  parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, data, (gssize) size, &local_error))
    {
      g_autofree char *detail = clean_text (local_error->message, MAX_ERROR_LEN, TRUE);

      g_set_error (error, GLEANER_HF_PARSER_ERROR, GLEANER_HF_PARSER_ERROR_INVALID_JSON,
                   /* Translators: %s is a technical detail from the JSON parser. */
                   _("Hugging Face sent a response that is not valid JSON (%s)"),
                   detail != NULL ? detail : "?");
      return NULL;
    }

  /* json-glib accepts a body of only whitespace and gives no root. */
  if (!(root = json_parser_get_root (parser)))
    {
      g_set_error_literal (error, GLEANER_HF_PARSER_ERROR, GLEANER_HF_PARSER_ERROR_INVALID_JSON,
                           _("Hugging Face sent an empty response"));
      return NULL;
    }

  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      array = json_node_get_array (root);
      length = json_array_get_length (array);
    }
  else if (JSON_NODE_HOLDS_OBJECT (root) &&
           get_member (json_node_get_object (root), "error") == NULL &&
           get_string_member (json_node_get_object (root), "id") != NULL)
    {
      /* /api/papers/{id} answers with a single flat paper object. */
      length = 1;
    }
  else
    {
      set_unexpected_error (root, error);
      return NULL;
    }

  papers = g_ptr_array_new_with_free_func (g_object_unref);
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  utc = g_time_zone_new_utc ();

  for (guint i = 0; i < length; i++)
    {
      JsonNode *node = array != NULL ? json_array_get_element (array, i) : root;
      g_autoptr(GleanerPaper) paper = parse_entry (node, daily_date, utc);
      const char *id;

      if (paper == NULL)
        {
          g_debug ("Skipping entry %u: no usable arXiv id or title", i);
          skipped++;
          continue;
        }

      id = gleaner_paper_get_id (paper);

      /* Pages can shift while being read; the first occurrence wins. */
      if (g_hash_table_contains (seen, id))
        {
          g_debug ("Skipping entry %u: duplicate of %s", i, id);
          skipped++;
          continue;
        }

      /* The key is owned by the paper, which the array keeps alive as long as @seen. */
      g_hash_table_add (seen, (gpointer) id);
      g_ptr_array_add (papers, g_steal_pointer (&paper));
    }

  if (n_skipped != NULL)
    *n_skipped = skipped;

  return g_steal_pointer (&papers);
}

/* In a worker thread */

typedef struct
{
  GBytes *bytes;
  char   *daily_date;
} ParseInput;

typedef struct
{
  GPtrArray *papers;
  guint      n_skipped;
} ParseOutput;

static void
parse_input_free (ParseInput *input)
{
  g_clear_pointer (&input->bytes, g_bytes_unref);
  g_clear_pointer (&input->daily_date, g_free);
  g_free (input);
}

static void
parse_output_free (ParseOutput *output)
{
  g_clear_pointer (&output->papers, g_ptr_array_unref);
  g_free (output);
}

static void
parse_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ParseInput *input = task_data;
  ParseOutput *output;
  g_autoptr(GPtrArray) papers = NULL;
  GError *error = NULL;
  guint n_skipped = 0;

  gleaner_thread_make_background ();
  if (!(papers = gleaner_hf_parse_papers (input->bytes, input->daily_date, &n_skipped, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  output = g_new0 (ParseOutput, 1);
  output->papers = g_steal_pointer (&papers);
  output->n_skipped = n_skipped;
  g_task_return_pointer (task, output, (GDestroyNotify) parse_output_free);
}

void
gleaner_hf_parse_papers_async (GBytes              *bytes,
                               const char          *daily_date,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ParseInput *input;

  g_return_if_fail (bytes != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  input = g_new0 (ParseInput, 1);
  input->bytes = g_bytes_ref (bytes);
  input->daily_date = g_strdup (daily_date);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gleaner_hf_parse_papers_async);
  g_task_set_task_data (task, input, (GDestroyNotify) parse_input_free);
  g_task_run_in_thread (task, parse_worker);
}

GPtrArray *
gleaner_hf_parse_papers_finish (GAsyncResult  *result,
                                guint         *n_skipped,
                                GError       **error)
{
  ParseOutput *output;
  GPtrArray *papers;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gleaner_hf_parse_papers_async,
                        NULL);

  if (n_skipped != NULL)
    *n_skipped = 0;

  if (!(output = g_task_propagate_pointer (G_TASK (result), error)))
    return NULL;

  if (n_skipped != NULL)
    *n_skipped = output->n_skipped;
  papers = g_steal_pointer (&output->papers);
  parse_output_free (output);

  return papers;
}
