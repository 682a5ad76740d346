/* gleaner-text.c — readable Unicode plain text from the LaTeX in arXiv titles and abstracts.
 *
 * The converter's pass: text, groups, commands and accents, and whitespace folding. Math lives
 * in gleaner-text-math.c, the command table and Unicode maps in gleaner-text-tables.c; what they
 * share is in gleaner-text-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-text"

#include "config.h"

#include <string.h>

#include "gleaner-text.h"
#include "gleaner-text-private.h"

/* How the converter stays linear and safe on any input:
 *
 * - it is one left-to-right pass; plain runs are copied in one go;
 * - brace pairs are matched once up front (match_braces()), so an unbalanced "{" costs nothing;
 * - a failed search for a closing math delimiter is remembered (Miss), so a lone "$" in a long
 *   text is not searched for again and again;
 * - nothing is converted twice: an argument that turns out unusable is copied as typed;
 * - recursion is capped at MAX_DEPTH; deeper constructs are copied as typed.
 *
 * These hold in gleaner-text-math.c too.
 */
#define MAX_NAME_LEN 24
#define MAX_BRACE_MATCH_LEN (64 * 1024 * 1024)

#define NBSP "\xc2\xa0"

/* Bytes that may start something other than plain text. */
static const guint8 specials[256] = {
  ['\\'] = 1, ['{'] = 1, ['$'] = 1, ['^'] = 1, ['_'] = 1, ['~'] = 1, ['-'] = 1, ['`'] = 1,
  ['\''] = 1,
};

static gsize convert_group (Converter *conv,
                            GString   *out,
                            gsize      pos,
                            gsize      end,
                            Mode       mode,
                            guint      depth,
                            gboolean   bare);

void
_gleaner_text_strip_spaces (GString *str)
{
  gsize start = 0;

  while (str->len > 0 && is_space (str->str[str->len - 1]))
    g_string_truncate (str, str->len - 1);

  while (start < str->len && is_space (str->str[start]))
    start++;

  g_string_erase (str, 0, start);
}

/* One character, possibly followed by combining marks. */
gboolean
_gleaner_text_is_single_grapheme (const char *str)
{
  gunichar first;

  if (*str == '\0')
    return FALSE;

  first = g_utf8_get_char (str);
  if (g_unichar_ismark (first) || g_unichar_isspace (first))
    return FALSE;

  for (const char *p = g_utf8_next_char (str); *p; p = g_utf8_next_char (p))
    {
      if (!g_unichar_ismark (g_utf8_get_char (p)))
        return FALSE;
    }

  return TRUE;
}

static void
append_normalized (GString    *out,
                   const char *str,
                   gssize      len)
{
  g_autofree char *normalized = g_utf8_normalize (str, len, G_NORMALIZE_NFC);

  if (normalized != NULL)
    g_string_append (out, normalized);
  else
    g_string_append_len (out, str, len);
}

static void
append_accented (GString       *out,
                 GString       *arg,
                 const Command *cmd,
                 const char    *typed,
                 gsize          typed_len)
{
  /* \"{\i} is an ï, not a dotless i with two dots. */
  if (strcmp (arg->str, "ı") == 0)
    g_string_assign (arg, "i");
  else if (strcmp (arg->str, "ȷ") == 0)
    g_string_assign (arg, "j");

  if (_gleaner_text_is_single_grapheme (arg->str))
    {
      g_string_append_unichar (arg, cmd->mark);
      append_normalized (out, arg->str, arg->len);
    }
  else if ((cmd->flags & FLAG_EACH) != 0 && arg->len > 0)
    {
      g_autoptr(GString) marked = g_string_sized_new (arg->len * 2);

      for (const char *p = arg->str; *p; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          g_string_append_unichar (marked, c);
          if (!g_unichar_ismark (c) && !g_unichar_isspace (c))
            g_string_append_unichar (marked, cmd->mark);
        }

      append_normalized (out, marked->str, marked->len);
    }
  else if ((cmd->flags & FLAG_LITERAL) != 0)
    {
      g_string_append_len (out, typed, typed_len);
    }
  else
    {
      g_string_append_len (out, arg->str, arg->len);
    }
}

/* Matches every unescaped brace once, with a stack threaded through the array itself. */
static gint32 *
match_braces (const char *s,
              gsize       len)
{
  gint32 *match;
  gint32 top = -1;

  if (len >= MAX_BRACE_MATCH_LEN || memchr (s, '{', len) == NULL)
    return NULL;

  /* Only the slots of "{" are ever written or read. */
  match = g_new (gint32, len);

  for (gsize i = 0; i < len; i++)
    {
      if (s[i] == '\\')
        {
          i++;
        }
      else if (s[i] == '{')
        {
          match[i] = top;
          top = (gint32) i;
        }
      else if (s[i] == '}' && top >= 0)
        {
          gint32 below = match[top];

          match[top] = (gint32) i;
          top = below;
        }
    }

  while (top >= 0)
    {
      gint32 below = match[top];

      match[top] = -1;
      top = below;
    }

  return match;
}

/* The "}" closing the "{" at @pos, or 0 if there is none before @end. */
gsize
_gleaner_text_group_end (Converter *conv,
                         gsize      pos,
                         gsize      end)
{
  gint32 close;

  if (conv->match == NULL)
    return 0;

  close = conv->match[pos];
  if (close < 0 || (gsize) close <= pos || (gsize) close >= end)
    return 0;

  return (gsize) close;
}


void
_gleaner_text_convert_range (Converter *conv,
                             GString   *out,
                             gsize      pos,
                             gsize      end,
                             Mode       mode,
                             guint      depth)
{
  const char *s = conv->s;

  while (pos < end)
    {
      gsize run = pos;

      while (run < end && !specials[(guchar) s[run]])
        run++;

      g_string_append_len (out, s + pos, run - pos);
      pos = run;

      if (pos < end)
        pos = _gleaner_text_convert_one (conv, out, pos, end, mode, depth);
    }
}

/* An argument group loses its braces even right after a word (\textbf{x}). */
gsize
_gleaner_text_convert_argument_at (Converter *conv,
                                   GString   *out,
                                   gsize      pos,
                                   gsize      end,
                                   Mode       mode,
                                   guint      depth)
{
  if (conv->s[pos] == '{')
    return convert_group (conv, out, pos, end, mode, depth + 1, FALSE);

  return _gleaner_text_convert_one (conv, out, pos, end, mode, depth + 1);
}

/* Converts one argument (a group, a command with its arguments or one character) into @out.
 * Returns FALSE, consuming nothing, if there is none. */
gboolean
_gleaner_text_convert_argument (Converter *conv,
                                GString   *out,
                                gsize     *pos,
                                gsize      end,
                                Mode       mode,
                                guint      depth,
                                gboolean   skip_space)
{
  gsize p = *pos;

  if (skip_space)
    p = skip_spaces (conv->s, p, end);

  if (p >= end || conv->s[p] == '}')
    return FALSE;

  *pos = _gleaner_text_convert_argument_at (conv, out, p, end, mode, depth);

  return TRUE;
}

/* The end of a \frac argument: a group or a plain character; 0 if there is none. */
gsize
_gleaner_text_simple_argument_end (Converter *conv,
                                   gsize      pos,
                                   gsize      end)
{
  const char *s = conv->s;
  gsize close;

  if (pos >= end)
    return 0;

  if (s[pos] == '{')
    return (close = _gleaner_text_group_end (conv, pos, end)) != 0 ? close + 1 : 0;

  if (specials[(guchar) s[pos]] || s[pos] == '}' || is_space (s[pos]))
    return 0;

  return g_utf8_next_char (s + pos) - s;
}

/* Whether letters right before @pos form a plain word rather than a command name (\LaTeX{}).
 * Only the one letter run before a "{" is looked at, so this stays linear. */
static gboolean
follows_word (const char *s,
              gsize       pos)
{
  gsize i = pos;

  while (i > 0 && g_ascii_isalpha (s[i - 1]))
    i--;

  return i < pos && (i == 0 || s[i - 1] != '\\');
}

static gsize
convert_group (Converter *conv,
               GString   *out,
               gsize      pos,
               gsize      end,
               Mode       mode,
               guint      depth,
               gboolean   bare)
{
  const char *s = conv->s;
  gsize close = _gleaner_text_group_end (conv, pos, end);
  gboolean keep_braces;

  if (close == 0)
    {
      g_string_append_c (out, '{');
      return pos + 1;
    }

  if (depth >= MAX_DEPTH)
    {
      g_string_append_len (out, s + pos, close + 1 - pos);
      return close + 1;
    }

  /* Braces are grouping, and vanish as in print, except right after a plain word in text: that
   * is a command whose backslash was lost on the way ("mathcal{O}", "text{depth}"), so it stays
   * as typed rather than run together. */
  keep_braces = bare && mode == MODE_TEXT && s[pos + 1] != '\\' && follows_word (s, pos);

  if (keep_braces)
    g_string_append_c (out, '{');
  _gleaner_text_convert_range (conv, out, pos + 1, close, mode, depth + 1);
  if (keep_braces)
    g_string_append_c (out, '}');

  return close + 1;
}


/* An unknown command stays exactly as typed, and so do the groups right after it. */
static gsize
keep_unknown (Converter *conv,
              GString   *out,
              gsize      pos,
              gsize      p,
              gsize      end,
              gboolean   word)
{
  const char *s = conv->s;

  g_string_append_len (out, s + pos, p - pos);

  while (word)
    {
      gsize q = skip_spaces (s, p, end);
      gsize close;

      if (q >= end || s[q] != '{' || (close = _gleaner_text_group_end (conv, q, end)) == 0)
        break;

      g_string_append_len (out, s + p, close + 1 - p);
      p = close + 1;
    }

  return p;
}


/* \mathbb{R}: the argument in double-struck letters if all of them have one. */
static gsize
convert_double_struck (Converter *conv,
                       GString   *out,
                       gsize      pos,
                       gsize      p,
                       gsize      end,
                       guint      depth)
{
  const char *s = conv->s;
  g_autoptr(GString) arg = g_string_new (NULL);
  g_autoptr(GString) mapped = NULL;

  if (!_gleaner_text_convert_argument (conv, arg, &p, end, MODE_MATH, depth, TRUE))
    {
      g_string_append_len (out, s + pos, p - pos);
      return p;
    }

  mapped = g_string_sized_new (arg->len * 4);
  for (const char *c = arg->str; *c; c = g_utf8_next_char (c))
    {
      gunichar ds = _gleaner_text_double_struck_of (g_utf8_get_char (c));

      if (ds == 0)
        break;
      g_string_append_unichar (mapped, ds);
    }

  if (arg->len > 0 && g_utf8_strlen (arg->str, -1) == g_utf8_strlen (mapped->str, -1))
    g_string_append_len (out, mapped->str, mapped->len);
  else
    g_string_append_len (out, arg->str, arg->len);
  return p;
}

static gsize
convert_url (Converter *conv,
             GString   *out,
             gsize      pos,
             gsize      p,
             gsize      end)
{
  const char *s = conv->s;
  gsize q = skip_spaces (s, p, end);
  gsize close;

  if (q >= end || s[q] != '{' || (close = _gleaner_text_group_end (conv, q, end)) == 0)
    return keep_unknown (conv, out, pos, p, end, TRUE);

  /* Addresses are copied byte for byte: "~" and "_" in them mean themselves. */
  g_string_append_len (out, s + q + 1, close - q - 1);
  return close + 1;
}

static gsize
convert_href (Converter *conv,
              GString   *out,
              gsize      pos,
              gsize      p,
              gsize      end,
              guint      depth)
{
  const char *s = conv->s;
  g_autoptr(GString) label = g_string_new (NULL);
  gsize q = skip_spaces (s, p, end);
  gsize close;

  if (q >= end || s[q] != '{' || (close = _gleaner_text_group_end (conv, q, end)) == 0)
    return keep_unknown (conv, out, pos, p, end, TRUE);

  p = close + 1;
  if (_gleaner_text_convert_argument (conv, label, &p, end, MODE_TEXT, depth, TRUE))
    _gleaner_text_strip_spaces (label);

  if (label->len > 0)
    {
      g_string_append_len (out, label->str, label->len);
      g_string_append (out, " (");
    }
  g_string_append_len (out, s + q + 1, close - q - 1);
  if (label->len > 0)
    g_string_append_c (out, ')');

  return p;
}

static gsize
convert_command (Converter *conv,
                 GString   *out,
                 gsize      pos,
                 gsize      end,
                 Mode       mode,
                 guint      depth)
{
  const char *s = conv->s;
  const Command *cmd = NULL;
  char name[MAX_NAME_LEN + 1];
  gsize p = pos + 1;
  gsize name_len;
  gboolean word;

  if (p >= end)
    {
      g_string_append_c (out, '\\');
      return p;
    }

  if (g_ascii_isalpha (s[p]))
    {
      while (p < end && g_ascii_isalpha (s[p]))
        p++;
      word = TRUE;
    }
  else if ((guchar) s[p] < 0x80)
    {
      if (mode == MODE_TEXT && (s[p] == '(' || s[p] == '['))
        return _gleaner_text_convert_math_parens (conv, out, pos, end, depth);
      p++;
      word = FALSE;
    }
  else
    {
      /* A backslash before a non-ASCII character is no command; both stay. */
      g_string_append_c (out, '\\');
      return pos + 1;
    }

  name_len = p - pos - 1;
  if (name_len <= MAX_NAME_LEN)
    {
      memcpy (name, s + pos + 1, name_len);
      name[name_len] = '\0';
      cmd = _gleaner_text_lookup_command (name);
    }

  if (cmd == NULL)
    return keep_unknown (conv, out, pos, p, end, word);

  if ((cmd->flags & FLAG_STAR) != 0 && p < end && s[p] == '*')
    p++;

  /* Everything but a plain symbol recurses; past the limit the command stays as typed. */
  if (depth >= MAX_DEPTH && cmd->kind != KIND_SYMBOL)
    {
      g_string_append_len (out, s + pos, p - pos);
      return p;
    }

  switch (cmd->kind)
    {
    case KIND_SYMBOL:
      g_string_append (out, cmd->text);
      return p;

    case KIND_DELIMITER_SIZE:
      {
        gsize q = skip_spaces (s, p, end);

        /* "\right." closes nothing visible. */
        return q < end && s[q] == '.' ? q + 1 : p;
      }

    case KIND_FONT:
      {
        Mode arg_mode = (cmd->flags & FLAG_TEXT_ARG) != 0 ? MODE_TEXT : MODE_MATH;

        if (!_gleaner_text_convert_argument (conv, out, &p, end, arg_mode, depth, TRUE))
          g_string_append_len (out, s + pos, p - pos);
        return p;
      }

    case KIND_DOUBLE_STRUCK:
      return convert_double_struck (conv, out, pos, p, end, depth);

    case KIND_ACCENT:
      {
        g_autoptr(GString) arg = g_string_new (NULL);

        /* "\c c" and "\hat x" take a space before the argument; "\' e" is rare and odd. */
        if (!_gleaner_text_convert_argument (conv, arg, &p, end, mode, depth, word))
          {
            g_string_append_len (out, s + pos, p - pos);
            return p;
          }

        append_accented (out, arg, cmd, s + pos, p - pos);
        return p;
      }

    case KIND_SQRT:
      return _gleaner_text_convert_sqrt (conv, out, p, end, depth);

    case KIND_FRAC:
      return _gleaner_text_convert_frac (conv, out, pos, p, end, depth);

    case KIND_URL:
      return convert_url (conv, out, pos, p, end);

    case KIND_HREF:
      return convert_href (conv, out, pos, p, end, depth);

    default:
      g_assert_not_reached ();
    }

  return p;
}

/* Converts one token at @pos: a command with its arguments, a group, math, a script, a ligature
 * or a single character. Always consumes at least one byte. */
gsize
_gleaner_text_convert_one (Converter *conv,
                           GString   *out,
                           gsize      pos,
                           gsize      end,
                           Mode       mode,
                           guint      depth)
{
  const char *s = conv->s;
  gsize next;

  switch (s[pos])
    {
    case '\\':
      return convert_command (conv, out, pos, end, mode, depth);

    case '{':
      return convert_group (conv, out, pos, end, mode, depth, TRUE);

    case '$':
      if (mode == MODE_TEXT)
        return _gleaner_text_convert_dollar (conv, out, pos, end, depth);
      break;

    case '^':
    case '_':
      return _gleaner_text_convert_script (conv, out, pos, end, mode, depth);

    case '~':
      if (mode == MODE_MATH)
        {
          g_string_append_c (out, ' ');
          return pos + 1;
        }
      /* "/~user" in a web address is no tie. */
      if (pos > 0 && s[pos - 1] == '/')
        break;
      g_string_append (out, NBSP);
      return pos + 1;

    case '-':
      if (mode == MODE_TEXT && pos + 1 < end && s[pos + 1] == '-')
        {
          if (pos + 2 < end && s[pos + 2] == '-')
            {
              g_string_append (out, "—");
              return pos + 3;
            }
          g_string_append (out, "–");
          return pos + 2;
        }
      break;

    case '`':
      if (mode == MODE_TEXT && pos + 1 < end && s[pos + 1] == '`')
        {
          g_string_append (out, "“");
          return pos + 2;
        }
      break;

    case '\'':
      if (mode == MODE_MATH)
        {
          g_string_append (out, "′");
          return pos + 1;
        }
      if (pos + 1 < end && s[pos + 1] == '\'')
        {
          g_string_append (out, "”");
          return pos + 2;
        }
      break;

    default:
      break;
    }

  next = g_utf8_next_char (s + pos) - s;
  g_string_append_len (out, s + pos, next - pos);

  return next;
}

/* Whitespace, line and paragraph separators, and control characters (\v, U+0085 NEL and the
 * like, which GLib does not count as space) all end a word. No-break spaces are ties in LaTeX,
 * so the converter asks to keep them. */
static inline gboolean
is_blank (gunichar c,
          gboolean keep_ties)
{
  if (keep_ties && (c == 0x00A0 || c == 0x2007 || c == 0x202F))
    return FALSE;

  return g_unichar_isspace (c) || g_unichar_iscntrl (c);
}

/* Folds every run of blanks in the valid UTF-8 @str into one space and trims both ends, in
 * place: what is written never overtakes what is read. */
static void
collapse_whitespace (GString  *str,
                     gboolean  keep_ties)
{
  gsize w = 0;
  gboolean pending = FALSE;

  for (gsize r = 0; r < str->len;)
    {
      gsize n = g_utf8_next_char (str->str + r) - (str->str + r);

      if (is_blank (g_utf8_get_char (str->str + r), keep_ties))
        {
          pending = w > 0;
          r += n;
          continue;
        }

      if (pending)
        {
          str->str[w++] = ' ';
          pending = FALSE;
        }

      memmove (str->str + w, str->str + r, n);
      w += n;
      r += n;
    }

  g_string_truncate (str, w);
}

/**
 * gleaner_text_collapse_whitespace:
 * @text: (nullable): any text, e.g. a name or title from the network
 *
 * Returns: (transfer full) (nullable): @text as valid UTF-8 on one line, or %NULL if @text is
 *   %NULL
 */
char *
gleaner_text_collapse_whitespace (const char *text)
{
  g_autofree char *valid = NULL;
  GString *str;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  str = g_string_new (valid);
  collapse_whitespace (str, FALSE);

  return g_string_free (str, FALSE);
}

/**
 * gleaner_text_from_latex:
 * @text: (nullable): a title or abstract as found on arXiv or Hugging Face
 *
 * Returns: (transfer full) (nullable): readable UTF-8 plain text, or %NULL if @text is %NULL
 */
char *
gleaner_text_from_latex (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree gint32 *match = NULL;
  Converter conv;
  GString *out;
  gsize len;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  len = strlen (valid);
  match = match_braces (valid, len);

  conv.s = valid;
  conv.match = match;
  for (guint i = 0; i < N_CLOSERS; i++)
    {
      conv.misses[i].from = G_MAXSIZE;
      conv.misses[i].end = 0;
    }

  out = g_string_sized_new (len + 16);
  _gleaner_text_convert_range (&conv, out, 0, len, MODE_TEXT, 0);
  collapse_whitespace (out, TRUE);

  return g_string_free (out, FALSE);
}

