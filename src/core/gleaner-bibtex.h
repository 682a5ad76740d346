/* gleaner-bibtex.h — BibTeX export of papers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gleaner-types.h"

G_BEGIN_DECLS

/* Pure text: no GTK, no store. Every result parses as BibTeX (braces balanced the way BibTeX
 * counts them, that is ignoring backslashes) whatever the network sent; the rules are described
 * at the top of gleaner-bibtex.c. */

/* One "@misc{…}" entry for @paper, ending in a newline, or NULL if @paper is not a paper.
 * Same as gleaner_bibtex_entry_full() with no primary class. Free with g_free(). */
char     *gleaner_bibtex_entry       (GleanerPaper  *paper);

/* Like gleaner_bibtex_entry(), with a "primaryClass" field when @primary_class (an arXiv
 * category such as "cs.LG") is neither NULL nor empty. */
char     *gleaner_bibtex_entry_full  (GleanerPaper  *paper,
                                      const char    *primary_class);

/* The entries of all papers in @papers (element-type GleanerPaper), separated by blank lines
 * and ending in a newline; "" for an empty array. Free with g_free(). */
char     *gleaner_bibtex_entries     (GPtrArray     *papers);

/* Writes gleaner_bibtex_entries() to @file, replacing it atomically, without a backup. On
 * failure @error carries a translated message naming the file (or G_IO_ERROR_CANCELLED). */
gboolean  gleaner_bibtex_write_file  (GPtrArray     *papers,
                                      GFile         *file,
                                      GCancellable  *cancellable,
                                      GError       **error);

G_END_DECLS
