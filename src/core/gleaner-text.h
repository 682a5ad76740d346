/* gleaner-text.h — pure text helpers for showing network text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Turns the LaTeX found in arXiv titles and abstracts into readable Unicode: $…$ math with
 * ^{…}/_{…} as super/subscripts where Unicode has them, Greek letters and common symbols
 * (\alpha, \lambda, \infty, \leq…), accents (\'e, \"o, \c{c}…), "--"/"---" dashes and "~".
 * Anything it does not know stays as typed. Also folds runs of whitespace (hard wraps) into
 * single spaces as gleaner_text_collapse_whitespace() does, except that no-break spaces stay:
 * "~" is a tie. The result is plain text, never markup. Outside $…$ only "^2", "^{…}" and
 * "_{…}" attached to a word become scripts (Hugging Face drops the dollars); "snake_case" stays.
 * Linear in the input and safe on any input; thread-safe. Returns NULL only for NULL. */
char *gleaner_text_from_latex (const char *text);

/* Puts @text on one line: invalid UTF-8 is replaced, every run of whitespace, line or
 * paragraph separators (\n, \r, \t, U+2028, U+2029), no-break spaces and control characters
 * becomes one space, and both ends are trimmed. The one place text from the network is made
 * single-line. Linear and thread-safe. Returns NULL only for NULL. */
char *gleaner_text_collapse_whitespace (const char *text);

G_END_DECLS
