/* gleaner-paper-row.h — one paper in the list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gleaner-paper.h"

G_BEGIN_DECLS

#define GLEANER_TYPE_PAPER_ROW (gleaner_paper_row_get_type ())

G_DECLARE_FINAL_TYPE (GleanerPaperRow, gleaner_paper_row, GLEANER, PAPER_ROW, AdwBin)

GtkWidget    *gleaner_paper_row_new       (void);
GleanerPaper *gleaner_paper_row_get_paper (GleanerPaperRow *self);
/* Binds the row to @paper (or unbinds it with NULL). Rows are recycled by the list view, so
 * this is cheap and drops every signal connection to the previous paper. */
void          gleaner_paper_row_set_paper (GleanerPaperRow *self,
                                           GleanerPaper    *paper);

/* Marks @words (see gleaner_highlight_split_words (); NULL for none) in the title; copied. */
void          gleaner_paper_row_set_highlight (GleanerPaperRow    *self,
                                               const char * const *words);
/* The title and authors line (plain-text inscriptions), for tests. */
GtkInscription *gleaner_paper_row_get_title_label   (GleanerPaperRow *self);
GtkInscription *gleaner_paper_row_get_authors_label (GleanerPaperRow *self);

/* Shared formatting helpers (also used by the detail pane). */
char         *_gleaner_format_date        (gint64           unix_time,
                                           gboolean         long_format);
char         *_gleaner_format_count       (gint64           count);
/* Whether Hugging Face listed @paper (or its sources are unknown), so its upvotes, comment
 * count and page are Hugging Face's to show. */
gboolean      _gleaner_paper_from_hf      (GleanerPaper    *paper);

/* The primary arXiv category's code; hidden when the paper has none. For tests. */
GtkInscription *gleaner_paper_row_get_category_label (GleanerPaperRow *self);

G_END_DECLS
