/* gleaner-arxiv-categories-private.h — the table behind gleaner-arxiv-categories.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gleaner-arxiv-categories.h"

G_BEGIN_DECLS

extern const GleanerArxivCategory gleaner_arxiv_category_table[];
extern const guint                gleaner_arxiv_category_table_len;
extern const char * const         gleaner_arxiv_group_names[GLEANER_ARXIV_N_GROUPS];

G_END_DECLS
