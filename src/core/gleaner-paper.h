/* gleaner-paper.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "gleaner-types.h"

G_BEGIN_DECLS

#define GLEANER_TYPE_PAPER (gleaner_paper_get_type ())

G_DECLARE_FINAL_TYPE (GleanerPaper, gleaner_paper, GLEANER, PAPER, GObject)

/* A paper as parsed from a source or read from the store. Text is stored as received (never
 * markup); views decide how to show it. Unknown numbers are -1, unknown times 0, unknown
 * strings NULL. */
GleanerPaper       *gleaner_paper_new                (const char         *id);

const char         *gleaner_paper_get_id             (GleanerPaper       *self);
gint64              gleaner_paper_get_rowid          (GleanerPaper       *self);
void                gleaner_paper_set_rowid          (GleanerPaper       *self,
                                                      gint64              rowid);
const char         *gleaner_paper_get_title          (GleanerPaper       *self);
void                gleaner_paper_set_title          (GleanerPaper       *self,
                                                      const char         *title);
const char         *gleaner_paper_get_abstract       (GleanerPaper       *self);
void                gleaner_paper_set_abstract       (GleanerPaper       *self,
                                                      const char         *abstract);
const char * const *gleaner_paper_get_authors        (GleanerPaper       *self);
void                gleaner_paper_take_authors       (GleanerPaper       *self,
                                                      char              **authors);
/* Unix time (UTC) of the arXiv publication; 0 if unknown. */
gint64              gleaner_paper_get_published      (GleanerPaper       *self);
void                gleaner_paper_set_published      (GleanerPaper       *self,
                                                      gint64              published);
/* Unix time the paper entered Hugging Face Daily Papers; 0 if unknown. */
gint64              gleaner_paper_get_submitted      (GleanerPaper       *self);
void                gleaner_paper_set_submitted      (GleanerPaper       *self,
                                                      gint64              submitted);
/* The daily-list bucket ("YYYY-MM-DD") the paper was seen on; NULL if none. */
const char         *gleaner_paper_get_daily_date     (GleanerPaper       *self);
void                gleaner_paper_set_daily_date     (GleanerPaper       *self,
                                                      const char         *daily_date);
gint64              gleaner_paper_get_upvotes        (GleanerPaper       *self);
void                gleaner_paper_set_upvotes        (GleanerPaper       *self,
                                                      gint64              upvotes);
gint64              gleaner_paper_get_num_comments   (GleanerPaper       *self);
void                gleaner_paper_set_num_comments   (GleanerPaper       *self,
                                                      gint64              num_comments);
const char         *gleaner_paper_get_ai_summary     (GleanerPaper       *self);
void                gleaner_paper_set_ai_summary     (GleanerPaper       *self,
                                                      const char         *ai_summary);
const char * const *gleaner_paper_get_ai_keywords    (GleanerPaper       *self);
void                gleaner_paper_take_ai_keywords   (GleanerPaper       *self,
                                                      char              **keywords);
const char         *gleaner_paper_get_github_repo    (GleanerPaper       *self);
void                gleaner_paper_set_github_repo    (GleanerPaper       *self,
                                                      const char         *github_repo);
gint64              gleaner_paper_get_github_stars   (GleanerPaper       *self);
void                gleaner_paper_set_github_stars   (GleanerPaper       *self,
                                                      gint64              github_stars);
const char         *gleaner_paper_get_project_page   (GleanerPaper       *self);
void                gleaner_paper_set_project_page   (GleanerPaper       *self,
                                                      const char         *project_page);
const char         *gleaner_paper_get_thumbnail      (GleanerPaper       *self);
void                gleaner_paper_set_thumbnail      (GleanerPaper       *self,
                                                      const char         *thumbnail);

/* What arXiv adds. Categories are arXiv's codes ("cs.LG"), the primary one first when known. */
const char * const *gleaner_paper_get_categories     (GleanerPaper       *self);
void                gleaner_paper_take_categories    (GleanerPaper       *self,
                                                      char              **categories);
const char         *gleaner_paper_get_primary_category (GleanerPaper     *self);
void                gleaner_paper_set_primary_category (GleanerPaper     *self,
                                                        const char       *primary_category);
const char         *gleaner_paper_get_comments       (GleanerPaper       *self);
void                gleaner_paper_set_comments       (GleanerPaper       *self,
                                                      const char         *comments);
const char         *gleaner_paper_get_journal_ref    (GleanerPaper       *self);
void                gleaner_paper_set_journal_ref    (GleanerPaper       *self,
                                                      const char         *journal_ref);
/* A bare DOI ("10.1000/xyz"), not a URL. */
const char         *gleaner_paper_get_doi            (GleanerPaper       *self);
void                gleaner_paper_set_doi            (GleanerPaper       *self,
                                                      const char         *doi);
/* The licence's URL as arXiv gives it. */
const char         *gleaner_paper_get_license        (GleanerPaper       *self);
void                gleaner_paper_set_license        (GleanerPaper       *self,
                                                      const char         *license);
/* arXiv version number (1, 2, …); -1 if unknown. */
gint64              gleaner_paper_get_version        (GleanerPaper       *self);
void                gleaner_paper_set_version        (GleanerPaper       *self,
                                                      gint64              version);
/* Unix time (UTC) of the latest arXiv version; 0 if unknown. */
gint64              gleaner_paper_get_updated        (GleanerPaper       *self);
void                gleaner_paper_set_updated        (GleanerPaper       *self,
                                                      gint64              updated);
gboolean            gleaner_paper_get_withdrawn      (GleanerPaper       *self);
void                gleaner_paper_set_withdrawn      (GleanerPaper       *self,
                                                      gboolean            withdrawn);
/* Set by a source that announced the paper as a new version of an earlier one (arXiv's
 * "replace"): the store updates it, or stores it if unknown, but never counts it as new, so
 * it is not announced. Not stored; FALSE for papers read from the store. */
gboolean            gleaner_paper_get_replaced       (GleanerPaper       *self);
void                gleaner_paper_set_replaced       (GleanerPaper       *self,
                                                      gboolean            replaced);
/* Which sources this paper was seen in (a parser sets its own; the store returns all). */
GleanerSourceKind   gleaner_paper_get_sources        (GleanerPaper       *self);
void                gleaner_paper_set_sources        (GleanerPaper       *self,
                                                      GleanerSourceKind   sources);

/* User state; the store owns the truth, these mirror it for views. */
gboolean            gleaner_paper_get_starred        (GleanerPaper       *self);
void                gleaner_paper_set_starred        (GleanerPaper       *self,
                                                      gboolean            starred);
gboolean            gleaner_paper_get_read           (GleanerPaper       *self);
void                gleaner_paper_set_read           (GleanerPaper       *self,
                                                      gboolean            read);

/* Links derived from the id; always http(s). Free with g_free(). */
char               *gleaner_paper_dup_arxiv_url      (GleanerPaper       *self);
char               *gleaner_paper_dup_pdf_url        (GleanerPaper       *self);
char               *gleaner_paper_dup_hf_url         (GleanerPaper       *self);

G_END_DECLS
