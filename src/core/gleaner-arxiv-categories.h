/* gleaner-arxiv-categories.h — arXiv's category taxonomy, named in words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The top-level groups of arxiv.org/category_taxonomy, in the order arXiv lists them. */
typedef enum
{
  GLEANER_ARXIV_GROUP_CS,
  GLEANER_ARXIV_GROUP_ECON,
  GLEANER_ARXIV_GROUP_EESS,
  GLEANER_ARXIV_GROUP_MATH,
  GLEANER_ARXIV_GROUP_PHYSICS,
  GLEANER_ARXIV_GROUP_Q_BIO,
  GLEANER_ARXIV_GROUP_Q_FIN,
  GLEANER_ARXIV_GROUP_STAT,
  GLEANER_ARXIV_N_GROUPS
} GleanerArxivGroup;

/* One category. The table is static data: never free a pointer the functions below return. */
typedef struct
{
  const char        *code;     /* "cs.LG", "hep-th", "cond-mat.str-el" */
  const char        *name;     /* English, marked with N_(); use gleaner_arxiv_category_get_name() */
  const char        *archive;  /* "cs", "hep-th", "cond-mat": what precedes the dot */
  GleanerArxivGroup  group;
} GleanerArxivCategory;

/* The group's name in the user's language ("Computer Science"). */
const char                 *gleaner_arxiv_group_get_name          (GleanerArxivGroup           group);

/* Every category, grouped by group in GleanerArxivGroup order, by code within a group. */
const GleanerArxivCategory *gleaner_arxiv_categories_get_all      (guint                      *n_categories);
/* The contiguous slice of the table that belongs to @group. */
const GleanerArxivCategory *gleaner_arxiv_categories_get_group    (GleanerArxivGroup           group,
                                                                   guint                      *n_categories);
/* The category with exactly this code (arXiv's codes are case-sensitive); NULL if unknown. */
const GleanerArxivCategory *gleaner_arxiv_category_lookup         (const char                 *code);

/* The name in the user's language ("Machine Learning"). */
const char                 *gleaner_arxiv_category_get_name       (const GleanerArxivCategory *category);
/* "cs.LG — Machine Learning" in the user's language; free with g_free(). */
char                       *gleaner_arxiv_category_dup_label      (const GleanerArxivCategory *category);
/* TRUE if every word of @query occurs, ignoring case, in the code, the English name or the
 * translated name. An empty or NULL query matches everything. */
gboolean                    gleaner_arxiv_category_matches        (const GleanerArxivCategory *category,
                                                                   const char                 *query);

G_END_DECLS
