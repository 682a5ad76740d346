/* gleaner-hf-parser.h — pure parser for Hugging Face paper JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gleaner-types.h"

G_BEGIN_DECLS

#define GLEANER_HF_PARSER_ERROR (gleaner_hf_parser_error_quark ())

typedef enum
{
  GLEANER_HF_PARSER_ERROR_INVALID_JSON,   /* not JSON at all (HTML page, truncated body…) */
  GLEANER_HF_PARSER_ERROR_UNEXPECTED,     /* JSON, but not an array of entries */
} GleanerHfParserError;

GQuark     gleaner_hf_parser_error_quark (void);

/* Parses a /api/daily_papers or /api/papers/search response: an array of daily entries
 * ({"paper": {...}, "numComments": …}), or of flat paper objects. Every member is optional;
 * an entry without a usable arXiv id or title is skipped and counted in @n_skipped.
 * @daily_date, if not NULL, is stored as each paper's daily-list bucket.
 * Returns (transfer full) (element-type GleanerPaper) the papers in document order,
 * or NULL with @error set if the document as a whole is unusable. Thread-safe.
 *
 * A root object that is a single flat paper (has a string "id" and no "error", as
 * /api/papers/{id} answers) is read as a one-element array; any other non-array root is
 * GLEANER_HF_PARSER_ERROR_UNEXPECTED, quoting the server's "error" string if it has one.
 * Duplicate ids keep the first entry and count the rest in @n_skipped. Strings are kept as
 * text (markup stays literal): invalid UTF-8 is repaired, ASCII control characters other
 * than newline and tab become spaces, surrounding whitespace is trimmed and each string is
 * capped at 64 KiB; an author or keyword is one line, any run of white space in it one
 * space; links (GitHub, project page, thumbnail) are kept only if http(s). */
GPtrArray *gleaner_hf_parse_papers (GBytes      *bytes,
                                    const char  *daily_date,
                                    guint       *n_skipped,
                                    GError     **error);

/* gleaner_hf_parse_papers() in a worker thread, for big pages. */
void       gleaner_hf_parse_papers_async  (GBytes               *bytes,
                                           const char           *daily_date,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
/* Returns (transfer full) (element-type GleanerPaper) as gleaner_hf_parse_papers() does; or
 * NULL with @error set (also G_IO_ERROR_CANCELLED). */
GPtrArray *gleaner_hf_parse_papers_finish (GAsyncResult         *result,
                                           guint                *n_skipped,
                                           GError              **error);

G_END_DECLS
