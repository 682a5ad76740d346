/* gleaner-text-private.h — what the pieces of the LaTeX converter share.
 *
 * The converter is split over three files: gleaner-text.c (the pass itself: text, groups,
 * commands, accents, and whitespace folding), gleaner-text-math.c (math: $…$, \(…\), scripts,
 * \sqrt and \frac) and gleaner-text-tables.c (the command table and the Unicode letter maps).
 * Nothing here is public; the cross-file functions carry a _gleaner_text_ prefix.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Recursion cap: deeper constructs are copied as typed (see gleaner-text.c). */
#define MAX_DEPTH 40

typedef enum
{
  MODE_TEXT,
  MODE_MATH,
} Mode;

typedef enum
{
  KIND_SYMBOL,          /* Replaced by its text. */
  KIND_FONT,            /* Vanishes; its argument is kept. */
  KIND_DOUBLE_STRUCK,   /* \mathbb: the argument in 𝔸𝔹ℂ… letters. */
  KIND_ACCENT,          /* A combining mark on its argument. */
  KIND_DELIMITER_SIZE,  /* \left, \big…: vanishes, and so does a following "." */
  KIND_SQRT,
  KIND_FRAC,
  KIND_URL,
  KIND_HREF,
} Kind;

enum
{
  FLAG_TEXT_ARG = 1 << 0,  /* The argument is text even inside math (\text, \emph). */
  FLAG_STAR     = 1 << 1,  /* A "*" may follow the name (\operatorname*). */
  FLAG_EACH     = 1 << 2,  /* The mark goes on every character (\overline{AB}). */
  FLAG_LITERAL  = 1 << 3,  /* If the mark has nowhere to go, keep the command as typed. */
};

typedef struct
{
  const char *name;
  Kind        kind;
  const char *text;
  gunichar    mark;
  guint       flags;
} Command;

typedef enum
{
  CLOSER_DOLLAR_TIGHT,  /* "$x$": no space inside the delimiters. */
  CLOSER_DOLLAR_LOOSE,  /* "$ x $": space inside both. */
  CLOSER_DOUBLE_DOLLAR,
  CLOSER_PAREN,
  CLOSER_BRACKET,
  N_CLOSERS
} Closer;

/* No closing delimiter of some kind exists between from and end. */
typedef struct
{
  gsize from;
  gsize end;
} Miss;

typedef struct
{
  const char *s;
  gint32     *match;  /* For each unescaped "{", its "}" or -1; NULL when there is no "{". */
  Miss        misses[N_CLOSERS];
} Converter;

static inline gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static inline gsize
skip_spaces (const char *s,
             gsize       pos,
             gsize       end)
{
  while (pos < end && is_space (s[pos]))
    pos++;

  return pos;
}

/* gleaner-text-tables.c */

const Command *_gleaner_text_lookup_command   (const char *name);
gunichar       _gleaner_text_superscript_of   (gunichar    c);
gunichar       _gleaner_text_subscript_of     (gunichar    c);
gunichar       _gleaner_text_double_struck_of (gunichar    c);

/* gleaner-text.c */

void     _gleaner_text_strip_spaces        (GString    *str);
gboolean _gleaner_text_is_single_grapheme  (const char *str);
gsize    _gleaner_text_group_end           (Converter  *conv,
                                            gsize       pos,
                                            gsize       end);
void     _gleaner_text_convert_range       (Converter  *conv,
                                            GString    *out,
                                            gsize       pos,
                                            gsize       end,
                                            Mode        mode,
                                            guint       depth);
gsize    _gleaner_text_convert_one         (Converter  *conv,
                                            GString    *out,
                                            gsize       pos,
                                            gsize       end,
                                            Mode        mode,
                                            guint       depth);
gsize    _gleaner_text_convert_argument_at (Converter  *conv,
                                            GString    *out,
                                            gsize       pos,
                                            gsize       end,
                                            Mode        mode,
                                            guint       depth);
gboolean _gleaner_text_convert_argument    (Converter  *conv,
                                            GString    *out,
                                            gsize      *pos,
                                            gsize       end,
                                            Mode        mode,
                                            guint       depth,
                                            gboolean    skip_space);
gsize    _gleaner_text_simple_argument_end (Converter  *conv,
                                            gsize       pos,
                                            gsize       end);

/* gleaner-text-math.c */

gsize _gleaner_text_convert_dollar      (Converter *conv,
                                         GString   *out,
                                         gsize      pos,
                                         gsize      end,
                                         guint      depth);
gsize _gleaner_text_convert_math_parens (Converter *conv,
                                         GString   *out,
                                         gsize      pos,
                                         gsize      end,
                                         guint      depth);
gsize _gleaner_text_convert_script      (Converter *conv,
                                         GString   *out,
                                         gsize      pos,
                                         gsize      end,
                                         Mode       mode,
                                         guint      depth);
gsize _gleaner_text_convert_sqrt        (Converter *conv,
                                         GString   *out,
                                         gsize      p,
                                         gsize      end,
                                         guint      depth);
gsize _gleaner_text_convert_frac        (Converter *conv,
                                         GString   *out,
                                         gsize      pos,
                                         gsize      p,
                                         gsize      end,
                                         guint      depth);

G_END_DECLS
