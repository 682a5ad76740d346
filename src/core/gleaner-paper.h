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
