/* gleaner-paper-list.h — a lazy GListModel over a store query.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gleaner-types.h"
#include "gleaner-store.h"

G_BEGIN_DECLS

#define GLEANER_TYPE_PAPER_LIST (gleaner_paper_list_get_type ())

G_DECLARE_FINAL_TYPE (GleanerPaperList, gleaner_paper_list, GLEANER, PAPER_LIST, GObject)

/* Holds only the row ids of the query result; GleanerPaper objects are built on demand in
 * get_item() and kept in a small cache, so the same position returns the same object while it
 * is cached. Queries run on a worker thread: after set_search()/set_filter()/set_sort() the
 * model keeps its old contents until the first page of the new result is ready, swaps it in,
 * then appends the rest. "loading" is TRUE while a query is in flight or pending. After the
 * store reports new or updated papers, the query re-runs (at most every 300 ms) and only the
 * changed range is reported, so a view keeps its selection and scroll position. */
GleanerPaperList *gleaner_paper_list_new        (GleanerStore     *store);
const char       *gleaner_paper_list_get_search (GleanerPaperList *self);
void              gleaner_paper_list_set_search (GleanerPaperList *self,
                                                 const char       *search);
GleanerFilter     gleaner_paper_list_get_filter (GleanerPaperList *self);
void              gleaner_paper_list_set_filter (GleanerPaperList *self,
                                                 GleanerFilter     filter);
GleanerSort       gleaner_paper_list_get_sort   (GleanerPaperList *self);
void              gleaner_paper_list_set_sort   (GleanerPaperList *self,
                                                 GleanerSort       sort);
/* Narrows the list to a source or an arXiv category: NULL (everything), "hf", "arxiv" or
 * "arxiv:<category>" ("arxiv:cs.LG": papers in that category, primary or cross-listed). Any
 * other scope lists nothing. Composes with the search, filter and sort. */
const char       *gleaner_paper_list_get_scope  (GleanerPaperList *self);
void              gleaner_paper_list_set_scope  (GleanerPaperList *self,
                                                 const char       *scope);
gboolean          gleaner_paper_list_get_loading (GleanerPaperList *self);
/* Re-runs the query (e.g. to drop papers read under the Unread filter). */
void              gleaner_paper_list_reload     (GleanerPaperList *self);
/* Rows not built yet come as placeholders and are read on the worker (for views). */
void              gleaner_paper_list_set_lazy_rows (GleanerPaperList *self,
                                                    gboolean          lazy_rows);
/* Whether @paper is such a placeholder (no id yet). */
gboolean          gleaner_paper_list_is_placeholder (GleanerPaper    *paper);
/* A new query's first page alone, the rest after release() (see the .c). */
void              gleaner_paper_list_set_paced  (GleanerPaperList *self,
                                                 gboolean          paced);
gboolean          gleaner_paper_list_get_holding (GleanerPaperList *self);
void              gleaner_paper_list_release    (GleanerPaperList *self);
/* Position of the paper with arXiv id @id, or G_MAXUINT. */
guint             gleaner_paper_list_find       (GleanerPaperList *self,
                                                 const char       *id);

G_END_DECLS
