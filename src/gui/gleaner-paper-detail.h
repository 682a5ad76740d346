/* gleaner-paper-detail.h — everything known about one paper.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gleaner-paper.h"

G_BEGIN_DECLS

#define GLEANER_TYPE_PAPER_DETAIL (gleaner_paper_detail_get_type ())

G_DECLARE_FINAL_TYPE (GleanerPaperDetail, gleaner_paper_detail, GLEANER, PAPER_DETAIL, AdwBin)

GtkWidget    *gleaner_paper_detail_new       (void);
GleanerPaper *gleaner_paper_detail_get_paper (GleanerPaperDetail *self);
/* Shows @paper, or the "No paper selected" page for NULL. */
void          gleaner_paper_detail_set_paper (GleanerPaperDetail *self,
                                              GleanerPaper       *paper);

/* For tests. */
GtkLabel     *gleaner_paper_detail_get_title_label    (GleanerPaperDetail *self);
GtkLabel     *gleaner_paper_detail_get_authors_label  (GleanerPaperDetail *self);
GtkLabel     *gleaner_paper_detail_get_abstract_label (GleanerPaperDetail *self);
GtkLabel     *gleaner_paper_detail_get_summary_label  (GleanerPaperDetail *self);
/* The link button of @kind ("arxiv", "pdf", "huggingface", "code", "project"), or NULL when
 * the paper has no such link or its address is not http(s). */
GtkWidget    *gleaner_paper_detail_get_link_button    (GleanerPaperDetail *self,
                                                       const char         *kind);
/* The address a link button opens. */
const char   *gleaner_paper_detail_get_link_uri       (GtkWidget          *link_button);
/* For tests: the widget showing one of arXiv's fields: "categories" (a box of one label per
 * category, primary first), "withdrawn" (the notice), "comments", "journal-ref", "doi",
 * "license" (labels), "meta" (the line with dates and the arXiv id) or "keywords" (the box of
 * AI keywords). */
GtkWidget    *gleaner_paper_detail_get_arxiv_widget   (GleanerPaperDetail *self,
                                                       const char         *field);

void          gleaner_paper_detail_set_highlight (GleanerPaperDetail *self,
                                                  const char         *query);
void          gleaner_paper_detail_set_has_list (GleanerPaperDetail *self,
                                                 gboolean            has_list);

G_END_DECLS
