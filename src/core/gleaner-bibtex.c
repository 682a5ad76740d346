/* gleaner-bibtex.c — BibTeX export of papers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Titles and author names arrive as typed by authors on arXiv: mostly LaTeX source, sometimes
 * plain Unicode text, and now and then broken (unbalanced braces or dollars, stray control
 * characters). LaTeX is what BibTeX wants, so it is kept, but made safe:
 *
 * - The text is made valid UTF-8, ASCII and C1 control characters are dropped, and runs of
 *   white space (the API hard-wraps titles), no-break spaces included, become one space;
 *   leading and trailing space goes (gleaner_text_collapse_whitespace()).
 * - Non-ASCII text stays UTF-8 (Émile, Gödel, Søren, χ): biber, bibtex8 and plain bibtex with a
 *   UTF-8 LaTeX (the default since 2018) all handle it, and turning it into \'E-style commands
 *   would be lossy for scripts LaTeX has no commands for.
 * - $…$ delimits math. Dollars are paired left to right; an odd last one becomes \$.
 * - Braces are kept when they match. BibTeX counts every { and } to find the end of a field,
 *   backslash or not, so an unmatched brace cannot be escaped as \{ or \}: it would still end
 *   (or never end) the field. Unmatched braces, plain or \-escaped, are replaced by
 *   \textbraceleft{} / \textbraceright{} in text and \lbrace / \rbrace in math. A brace only
 *   matches one of the same kind (plain or escaped) opened in the same math span or in text,
 *   so the output is balanced for LaTeX as well as for BibTeX.
 * - Control sequences (\'e, \"o, \mathbb, \%, \&, \$, \\, \ ) are kept. A backslash followed by
 *   nothing or by a non-ASCII character becomes \textbackslash{} (\backslash in math).
 * - % & # become \% \& \# everywhere (% would comment out the rest of the line, & and # are
 *   errors even in math). Outside math _ becomes \_ and ^ becomes \textasciicircum{}; inside
 *   math they are sub- and superscripts and stay. ~ stays a tie, as in the LaTeX it came from;
 *   " is harmless inside a braced field and stays.
 * - The title gets an extra brace pair, title = {{…}}, so styles that change case (most of
 *   them, for @misc titles) keep "BERT", "GPT-4" and "Bose–Einstein" as the authors wrote them.
 *   When the title starts with a backslash, "{}" is put first: to BibTeX a brace at the top
 *   level followed by a backslash is a "special character", whose letters it *does* recase.
 * - Author names are joined with " and ". Empty names are dropped. A name containing a comma
 *   (BibTeX would read "Last, First") or the word "and" in any case (BibTeX would split it)
 *   is wrapped in braces, so "{Barnes and Noble}" stays one name.
 *
 * The citation key is the arXiv id as it is ("2401.00001", "hep-th/9901001"): BibTeX takes any
 * characters up to the comma as a key, biber accepts "/" and "." too, and the old-style ids
 * have been used as keys in the physics literature for decades. Should an id contain anything
 * but ASCII letters, digits, ".", "-" and "/", those characters become "-" in the key, eprint
 * and url, so a bad id cannot break the file.
 *
 * The year is the UTC year of the publication time. When that is unknown it is read from the
 * id, which encodes the month of the first version: "YYMM.NNNNN" (from April 2007) is 20YY, an
 * old-style "archive/YYMMNNN" (1991 to March 2007) is 19YY or 20YY. Otherwise the year line is
 * left out. */

#define G_LOG_DOMAIN "gleaner-bibtex"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "gleaner-bibtex.h"
#include "gleaner-paper.h"
#include "gleaner-text.h"

/* Marks set on the bytes of a normalised string by analyse(). */
enum
{
  MARK_KEEP = 1 << 0,  /* a '$' that has a partner, or a brace ({, }, \{ or \}) that matches */
};

typedef struct
{
  gsize    pos;
  gboolean escaped;
  int      span;
} OpenBrace;

/* Drops the control characters that are not white space, then puts the text on one line. */
static char *
normalize_text (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autoptr(GString) kept = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if ((c < 0x20 && !g_ascii_isspace (c)) || c == 0x7f)
        continue;

      /* C1 controls, U+0080 to U+009F; valid UTF-8 guarantees p[1] exists. */
      if (c == 0xc2 && (guchar) p[1] <= 0x9f)
        {
          p++;
          continue;
        }

      g_string_append_c (kept, (char) c);
    }

  return gleaner_text_collapse_whitespace (kept->str);
}

/* Finds which dollars pair up and which braces match, see the top of the file. */
static guint8 *
analyse (const char *s,
         gsize       len)
{
  g_autofree guint8 *marks = g_new0 (guint8, len + 1);
  g_autoptr(GArray) dollars = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (OpenBrace));
  guint n_paired;
  int span = -1;
  int n_spans = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (s[i] == '\\')
        {
          /* Skips the escaped byte; a skipped UTF-8 lead byte leaves only continuation bytes,
           * which are never special. */
          if (s[i + 1] != '\0')
            i++;
        }
      else if (s[i] == '$')
        {
          g_array_append_val (dollars, i);
        }
    }

  n_paired = dollars->len & ~1u;
  for (guint i = 0; i < n_paired; i++)
    marks[g_array_index (dollars, gsize, i)] |= MARK_KEEP;

  for (gsize i = 0; i < len; i++)
    {
      char c = s[i];
      gsize pos = i;
      gboolean escaped = FALSE;

      if (c == '\\')
        {
          if (s[i + 1] != '{' && s[i + 1] != '}')
            {
              if (s[i + 1] != '\0')
                i++;
              continue;
            }

          escaped = TRUE;
          c = s[++i];
        }

      if (c == '$')
        {
          if (marks[i] & MARK_KEEP)
            span = span < 0 ? n_spans++ : -1;
        }
      else if (c == '{')
        {
          OpenBrace open = { pos, escaped, span };

          g_array_append_val (stack, open);
        }
      else if (c == '}' && stack->len > 0)
        {
          OpenBrace *top = &g_array_index (stack, OpenBrace, stack->len - 1);

          if (top->escaped == escaped && top->span == span)
            {
              marks[top->pos] |= MARK_KEEP;
              marks[pos] |= MARK_KEEP;
              g_array_set_size (stack, stack->len - 1);
            }
        }
    }

  return g_steal_pointer (&marks);
}

/* Appends a math-mode control word, with a space when @next would otherwise continue it: an
 * ASCII letter, or any non-ASCII character (letters to XeTeX and LuaTeX). */
static void
append_math_word (GString    *out,
                  const char *word,
                  char        next)
{
  g_string_append (out, word);
  if (g_ascii_isalpha (next) || (guchar) next >= 0x80)
    g_string_append_c (out, ' ');
}

static void
append_lone_brace (GString  *out,
                   char      brace,
                   gboolean  math,
                   char      next)
{
  if (math)
    append_math_word (out, brace == '{' ? "\\lbrace" : "\\rbrace", next);
  else
    g_string_append (out, brace == '{' ? "\\textbraceleft{}" : "\\textbraceright{}");
}

/* Returns @text as a BibTeX field value (without the delimiting braces); "" for NULL. */
static char *
escape_text (const char *text)
{
  g_autofree char *s = NULL;
  g_autofree guint8 *marks = NULL;
  GString *out;
  gboolean math = FALSE;
  gsize len;

  if (text == NULL)
    return g_strdup ("");

  s = normalize_text (text);
  len = strlen (s);
  marks = analyse (s, len);
  out = g_string_sized_new (len + len / 8);

  for (gsize i = 0; i < len; i++)
    {
      char c = s[i];

      switch (c)
        {
        case '\\':
          {
            guchar next = (guchar) s[i + 1];

            if (next == '{' || next == '}')
              {
                if (marks[i] & MARK_KEEP)
                  {
                    g_string_append_c (out, '\\');
                    g_string_append_c (out, (char) next);
                  }
                else
                  {
                    append_lone_brace (out, (char) next, math, s[i + 2]);
                  }
                i++;
              }
            else if (g_ascii_isalpha (next))
              {
                g_string_append_c (out, '\\');
                while (g_ascii_isalpha (s[i + 1]))
                  g_string_append_c (out, s[++i]);
              }
            else if (next >= 0x20 && next < 0x7f)
              {
                /* \' \" \^ \~ \% \& \# \_ \$ \\ "\ " and friends. */
                g_string_append_c (out, '\\');
                g_string_append_c (out, (char) next);
                i++;
              }
            else if (math)
              {
                append_math_word (out, "\\backslash", (char) next);
              }
            else
              {
                g_string_append (out, "\\textbackslash{}");
              }
          }
          break;

        case '{':
        case '}':
          if (marks[i] & MARK_KEEP)
            g_string_append_c (out, c);
          else
            append_lone_brace (out, c, math, s[i + 1]);
          break;

        case '$':
          if (marks[i] & MARK_KEEP)
            {
              g_string_append_c (out, '$');
              math = !math;
            }
          else
            {
              g_string_append (out, "\\$");
            }
          break;

        case '%':
        case '&':
        case '#':
          g_string_append_c (out, '\\');
          g_string_append_c (out, c);
          break;

        case '_':
          g_string_append (out, math ? "_" : "\\_");
          break;

        case '^':
          g_string_append (out, math ? "^" : "\\textasciicircum{}");
          break;

        default:
          g_string_append_c (out, c);
          break;
        }
    }

  return g_string_free (out, FALSE);
}

/* Whether BibTeX would not read @name (escaped) as one name: it contains a comma, which
 * separates "Last, First", or the word "and", which separates names. Braces in @name are
 * ignored, so an already braced name may get a second, harmless pair. */
static gboolean
name_needs_braces (const char *name)
{
  g_auto(GStrv) words = NULL;

  if (strchr (name, ',') != NULL)
    return TRUE;

  words = g_strsplit (name, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (words[i], "and") == 0)
        return TRUE;
    }

  return FALSE;
}

static char *
escape_authors (const char * const *authors)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; authors != NULL && authors[i] != NULL; i++)
    {
      g_autofree char *name = escape_text (authors[i]);

      if (name[0] == '\0')
        continue;

      if (out->len > 0)
        g_string_append (out, " and ");

      if (name_needs_braces (name))
        g_string_append_printf (out, "{%s}", name);
      else
        g_string_append (out, name);
    }

  return g_string_free (out, FALSE);
}

/* @text with every byte but ASCII letters, digits, '.', '-' and '/' replaced by '-'; NULL if
 * @text is NULL or empty. */
static char *
safe_token (const char *text)
{
  char *token;

  if (text == NULL || text[0] == '\0')
    return NULL;

  token = g_strdup (text);
  for (char *p = token; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-' && *p != '/')
        *p = '-';
    }

  return token;
}

static gboolean
all_digits (const char *s,
            gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
    }

  return TRUE;
}

/* The year of the first version, from "YYMM.NNNN(N)" or "archive(.XX)/YYMMNNN"; 0 if @id is
 * neither. */
static int
year_from_id (const char *id)
{
  const char *slash;
  const char *yymm;
  int yy, mm;

  if (id == NULL)
    return 0;

  slash = strrchr (id, '/');
  if (slash != NULL)
    {
      if (slash == id || strlen (slash + 1) != 7 || !all_digits (slash + 1, 7))
        return 0;
      yymm = slash + 1;
    }
  else
    {
      gsize len = strlen (id);

      if ((len != 9 && len != 10) || id[4] != '.' || !all_digits (id, 4)
          || !all_digits (id + 5, len - 5))
        return 0;
      yymm = id;
    }

  yy = (yymm[0] - '0') * 10 + (yymm[1] - '0');
  mm = (yymm[2] - '0') * 10 + (yymm[3] - '0');
  if (mm < 1 || mm > 12)
    return 0;

  if (slash == NULL)
    return yy * 100 + mm >= 704 ? 2000 + yy : 0;

  if (yy >= 91)
    return 1900 + yy;
  if (yy * 100 + mm <= 703)
    return 2000 + yy;

  return 0;
}

static int
paper_year (GleanerPaper *paper)
{
  gint64 published = gleaner_paper_get_published (paper);

  if (published > 0)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (published);

      if (dt != NULL)
        return g_date_time_get_year (dt);
    }

  return year_from_id (gleaner_paper_get_id (paper));
}

char *
gleaner_bibtex_entry_full (GleanerPaper *paper,
                           const char   *primary_class)
{
  g_autofree char *id = NULL;
  g_autofree char *title = NULL;
  g_autofree char *authors = NULL;
  g_autofree char *category = NULL;
  GString *out;
  int year;

  g_return_val_if_fail (GLEANER_IS_PAPER (paper), NULL);

  id = safe_token (gleaner_paper_get_id (paper));
  if (id == NULL)
    id = g_strdup ("unknown");
  title = escape_text (gleaner_paper_get_title (paper));
  authors = escape_authors (gleaner_paper_get_authors (paper));
  category = safe_token (primary_class);
  year = paper_year (paper);

  out = g_string_new (NULL);
  g_string_append_printf (out, "@misc{%s,\n", id);
  if (title[0] != '\0')
    g_string_append_printf (out, "  title = {{%s%s}},\n", title[0] == '\\' ? "{}" : "", title);
  if (authors[0] != '\0')
    g_string_append_printf (out, "  author = {%s},\n", authors);
  if (year > 0)
    g_string_append_printf (out, "  year = {%d},\n", year);
  g_string_append_printf (out, "  eprint = {%s},\n", id);
  g_string_append (out, "  archivePrefix = {arXiv},\n");
  if (category != NULL)
    g_string_append_printf (out, "  primaryClass = {%s},\n", category);
  g_string_append_printf (out, "  url = {https://arxiv.org/abs/%s}\n", id);
  g_string_append (out, "}\n");

  return g_string_free (out, FALSE);
}

char *
gleaner_bibtex_entry (GleanerPaper *paper)
{
  return gleaner_bibtex_entry_full (paper, NULL);
}

char *
gleaner_bibtex_entries (GPtrArray *papers)
{
  GString *out;

  g_return_val_if_fail (papers != NULL, NULL);

  out = g_string_new (NULL);
  for (guint i = 0; i < papers->len; i++)
    {
      g_autofree char *entry = gleaner_bibtex_entry (g_ptr_array_index (papers, i));

      if (entry == NULL)
        continue;

      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, entry);
    }

  return g_string_free (out, FALSE);
}

gboolean
gleaner_bibtex_write_file (GPtrArray     *papers,
                           GFile         *file,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (papers != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  contents = gleaner_bibtex_entries (papers);

  if (!g_file_replace_contents (file, contents, strlen (contents), NULL, FALSE,
                                G_FILE_CREATE_NONE, NULL, cancellable, &local_error))
    {
      g_autofree char *name = NULL;

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      name = g_file_get_parse_name (file);
      /* Translators: %s is a file name; the system's reason follows. */
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Could not export BibTeX to “%s”: "), name);
      return FALSE;
    }

  return TRUE;
}
