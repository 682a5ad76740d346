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
 * single spaces. The result is plain text, never markup. Outside $…$ only "^2", "^{…}" and
 * "_{…}" attached to a word become scripts (Hugging Face drops the dollars); "snake_case" stays.
 * Linear in the input and safe on any input; thread-safe. Returns NULL only for NULL. */
char *gleaner_text_from_latex (const char *text);

G_END_DECLS
