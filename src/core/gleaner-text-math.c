/* gleaner-text-math.c — the math part of the LaTeX converter: $…$, $$…$$, \(…\) and \[…\],
 * super/subscripts (also the bare "x^2" Hugging Face leaves outside math), \sqrt and \frac.
 *
 * A separate file only to keep gleaner-text.c readable; it is the same single pass and keeps
 * the same rules (see the top of gleaner-text.c): the search for a closing delimiter remembers
 * its misses, nothing is converted twice, and every recursion checks MAX_DEPTH.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-text"

#include "config.h"

#include <string.h>

#include "gleaner-text-private.h"

#define MAX_SQRT_INDEX 16

static gsize
skip_to_space (const char *s,
               gsize       pos,
               gsize       end)
{
  while (pos < end && !is_space (s[pos]))
    pos++;

  return pos;
}

/* Whether @str reads unambiguously after "√" or around "/" without parentheses. */
static gboolean
is_simple_operand (const char *str)
{
  gboolean digits = TRUE;
  gboolean letters = TRUE;

  if (_gleaner_text_is_single_grapheme (str))
    return TRUE;

  if (*str == '\0')
    return FALSE;

  for (const char *p = str; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isdigit (c) && c != '.')
        digits = FALSE;
      if (!g_unichar_isalpha (c) && !g_unichar_ismark (c))
        letters = FALSE;
    }

  return digits || letters;
}

static void
append_operand (GString    *out,
                const char *str)
{
  if (is_simple_operand (str))
    {
      g_string_append (out, str);
    }
  else
    {
      g_string_append_c (out, '(');
      g_string_append (out, str);
      g_string_append_c (out, ')');
    }
}

/* Appends @str in super- or subscript letters if every character has one. */
static gboolean
append_mapped_script (GString    *out,
                      const char *str,
                      gboolean    sup)
{
  gsize start = out->len;
  gboolean any = FALSE;

  for (const char *p = str; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gunichar mapped;

      if (c < 0x80 && is_space ((char) c))
        continue;

      mapped = sup ? _gleaner_text_superscript_of (c) : _gleaner_text_subscript_of (c);
      if (mapped == 0)
        {
          g_string_truncate (out, start);
          return FALSE;
        }

      g_string_append_unichar (out, mapped);
      any = TRUE;
    }

  return any;
}

/* A math script: raised/lowered letters when Unicode has them all, "^x" or "^(…)" otherwise. */
static void
append_script (GString  *out,
               GString  *arg,
               gboolean  sup)
{
  _gleaner_text_strip_spaces (arg);

  if (arg->len == 0 || append_mapped_script (out, arg->str, sup))
    return;

  g_string_append_c (out, sup ? '^' : '_');

  if (_gleaner_text_is_single_grapheme (arg->str))
    {
      g_string_append_len (out, arg->str, arg->len);
    }
  else
    {
      g_string_append_c (out, '(');
      g_string_append_len (out, arg->str, arg->len);
      g_string_append_c (out, ')');
    }
}

/* Where the math opened at @opener closes (searching [start, end)), or 0. A failed search is
 * remembered: a closer is valid or not by its own position only, so no later opener inside the
 * same stretch can find one either. */
static gsize
find_closer (Converter *conv,
             Closer     kind,
             gsize      opener,
             gsize      start,
             gsize      end)
{
  const char *s = conv->s;
  Miss *miss = &conv->misses[kind];

  if (opener >= miss->from && end <= miss->end)
    return 0;

  for (gsize i = start; i < end; i++)
    {
      if (s[i] == '\\')
        {
          if (i + 1 < end &&
              ((kind == CLOSER_PAREN && s[i + 1] == ')') ||
               (kind == CLOSER_BRACKET && s[i + 1] == ']')))
            return i;
          i++;
          continue;
        }

      if (s[i] != '$' || i == start)
        continue;

      switch (kind)
        {
        case CLOSER_DOLLAR_TIGHT:
          /* As in Pandoc: "$5 and $10" holds no math. */
          if (!is_space (s[i - 1]) && !g_ascii_isdigit (s[i + 1]))
            return i;
          break;

        case CLOSER_DOLLAR_LOOSE:
          if (is_space (s[i - 1]) && !g_ascii_isdigit (s[i + 1]))
            return i;
          break;

        case CLOSER_DOUBLE_DOLLAR:
          if (i + 1 < end && s[i + 1] == '$')
            return i;
          break;

        case CLOSER_PAREN:
        case CLOSER_BRACKET:
          break;

        case N_CLOSERS:
        default:
          g_assert_not_reached ();
        }
    }

  miss->from = opener;
  miss->end = end;

  return 0;
}

gsize
_gleaner_text_convert_dollar (Converter *conv,
                              GString   *out,
                              gsize      pos,
                              gsize      end,
                              guint      depth)
{
  const char *s = conv->s;
  gsize close;

  if (pos + 1 < end && s[pos + 1] == '$')
    {
      close = depth < MAX_DEPTH ? find_closer (conv, CLOSER_DOUBLE_DOLLAR, pos, pos + 2, end) : 0;
      if (close == 0)
        {
          g_string_append (out, "$$");
          return pos + 2;
        }

      _gleaner_text_convert_range (conv, out, pos + 2, close, MODE_MATH, depth + 1);
      return close + 2;
    }

  if (pos + 1 < end && depth < MAX_DEPTH)
    {
      Closer kind = is_space (s[pos + 1]) ? CLOSER_DOLLAR_LOOSE : CLOSER_DOLLAR_TIGHT;

      close = find_closer (conv, kind, pos, pos + 1, end);
      if (close != 0)
        {
          _gleaner_text_convert_range (conv, out, pos + 1, close, MODE_MATH, depth + 1);
          return close + 1;
        }
    }

  g_string_append_c (out, '$');
  return pos + 1;
}

/* \( … \) and \[ … \]. */
gsize
_gleaner_text_convert_math_parens (Converter *conv,
                                   GString   *out,
                                   gsize      pos,
                                   gsize      end,
                                   guint      depth)
{
  Closer kind = conv->s[pos + 1] == '(' ? CLOSER_PAREN : CLOSER_BRACKET;
  gsize close = depth < MAX_DEPTH ? find_closer (conv, kind, pos, pos + 2, end) : 0;

  if (close == 0)
    {
      g_string_append_len (out, conv->s + pos, 2);
      return pos + 2;
    }

  _gleaner_text_convert_range (conv, out, pos + 2, close, MODE_MATH, depth + 1);
  return close + 2;
}

/* Outside math "^"/"_" are usually literal (snake_case, "^_^"), but Hugging Face strips the
 * dollars from abstracts, leaving "O(d^2)", "10^{-6}", "W_{ij}", "L^2([0,1]^d)". Those are
 * converted when they are attached to something and map completely; the rest stays as typed. */
static gsize
convert_text_script (Converter *conv,
                     GString   *out,
                     gsize      pos,
                     gsize      end,
                     guint      depth)
{
  const char *s = conv->s;
  gboolean sup = s[pos] == '^';
  gsize p = pos + 1;
  gsize close;

  if (out->len > 0 && !is_space (out->str[out->len - 1]) && depth < MAX_DEPTH && p < end)
    {
      if (s[p] == '{' && (close = _gleaner_text_group_end (conv, p, end)) != 0)
        {
          g_autoptr(GString) arg = g_string_new (NULL);

          /* A space inside marks a lost command ("R^{mtimes n}", "T_{rm eff}"): keep it. */
          if (skip_to_space (s, p + 1, close) == close)
            _gleaner_text_convert_range (conv, arg, p + 1, close, MODE_MATH, depth + 1);

          if (arg->len == 0 || !append_mapped_script (out, arg->str, sup))
            g_string_append_len (out, s + pos, close + 1 - pos);

          return close + 1;
        }

      if (sup)
        {
          gsize q = p;
          gsize r;

          if (s[q] == '-' || s[q] == '+')
            q++;

          for (r = q; r < end && g_ascii_isdigit (s[r]); r++)
            ;

          if (r > q)
            {
              for (gsize i = p; i < r; i++)
                g_string_append_unichar (out, _gleaner_text_superscript_of ((guchar) s[i]));
              return r;
            }

          if (g_ascii_isalpha (s[p]) && _gleaner_text_superscript_of ((guchar) s[p]) != 0 &&
              (p + 1 >= end || !g_ascii_isalnum (s[p + 1])))
            {
              g_string_append_unichar (out, _gleaner_text_superscript_of ((guchar) s[p]));
              return p + 1;
            }
        }
    }

  g_string_append_c (out, s[pos]);
  return pos + 1;
}

gsize
_gleaner_text_convert_script (Converter *conv,
                              GString   *out,
                              gsize      pos,
                              gsize      end,
                              Mode       mode,
                              guint      depth)
{
  const char *s = conv->s;
  g_autoptr(GString) arg = NULL;
  gsize p;

  if (mode == MODE_TEXT)
    return convert_text_script (conv, out, pos, end, depth);

  p = skip_spaces (s, pos + 1, end);
  if (depth >= MAX_DEPTH || p >= end || s[p] == '}' || s[p] == '^' || s[p] == '_')
    {
      g_string_append_c (out, s[pos]);
      return pos + 1;
    }

  arg = g_string_new (NULL);
  p = _gleaner_text_convert_one (conv, arg, p, end, MODE_MATH, depth + 1);
  append_script (out, arg, s[pos] == '^');

  return p;
}

gsize
_gleaner_text_convert_sqrt (Converter *conv,
                            GString   *out,
                            gsize      p,
                            gsize      end,
                            guint      depth)
{
  const char *s = conv->s;
  g_autoptr(GString) arg = g_string_new (NULL);
  gsize q = skip_spaces (s, p, end);

  if (q < end && s[q] == '[')
    {
      gsize r;

      for (r = q + 1; r < end && r <= q + MAX_SQRT_INDEX && s[r] != ']'; r++)
        ;

      if (r < end && s[r] == ']')
        {
          g_autoptr(GString) index = g_string_new (NULL);

          _gleaner_text_convert_range (conv, index, q + 1, r, MODE_MATH, depth + 1);
          _gleaner_text_strip_spaces (index);
          p = r + 1;

          if (strcmp (index->str, "3") == 0)
            g_string_append (out, "∛");
          else if (strcmp (index->str, "4") == 0)
            g_string_append (out, "∜");
          else
            {
              append_script (out, index, TRUE);
              g_string_append (out, "√");
            }
        }
      else
        g_string_append (out, "√");
    }
  else
    g_string_append (out, "√");

  if (_gleaner_text_convert_argument (conv, arg, &p, end, MODE_MATH, depth, TRUE))
    append_operand (out, arg->str);

  return p;
}

gsize
_gleaner_text_convert_frac (Converter *conv,
                            GString   *out,
                            gsize      pos,
                            gsize      p,
                            gsize      end,
                            guint      depth)
{
  const char *s = conv->s;
  g_autoptr(GString) num = NULL;
  g_autoptr(GString) den = NULL;
  gsize num_start = skip_spaces (s, p, end);
  gsize num_end = _gleaner_text_simple_argument_end (conv, num_start, end);
  gsize den_start = num_end != 0 ? skip_spaces (s, num_end, end) : 0;
  gsize den_end = num_end != 0 ? _gleaner_text_simple_argument_end (conv, den_start, end) : 0;

  /* Both arguments must be there before anything is converted, so nothing is done twice. */
  if (den_end == 0)
    {
      g_string_append_len (out, s + pos, p - pos);
      return p;
    }

  num = g_string_new (NULL);
  den = g_string_new (NULL);
  _gleaner_text_convert_argument_at (conv, num, num_start, num_end, MODE_MATH, depth);
  _gleaner_text_convert_argument_at (conv, den, den_start, den_end, MODE_MATH, depth);
  _gleaner_text_strip_spaces (num);
  _gleaner_text_strip_spaces (den);

  append_operand (out, num->str);
  g_string_append_c (out, '/');
  append_operand (out, den->str);

  return den_end;
}
