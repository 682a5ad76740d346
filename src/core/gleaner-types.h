/* gleaner-types.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The enums' GTypes (GLEANER_TYPE_FILTER, GLEANER_TYPE_SORT) are generated from this header
 * into gleaner-enums.h by glib-mkenums; their nicks ("all", "upvotes"…) are the values of the
 * GSettings keys, so renaming a value renames a setting. */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _GleanerPaper      GleanerPaper;
typedef struct _GleanerPaperList  GleanerPaperList;
typedef struct _GleanerStore      GleanerStore;
typedef struct _GleanerSync       GleanerSync;

/**
 * GleanerFilter:
 * Which papers a list shows.
 */
typedef enum
{
  GLEANER_FILTER_ALL,
  GLEANER_FILTER_UNREAD,
  GLEANER_FILTER_STARRED,
} GleanerFilter;

/**
 * GleanerSort:
 * @GLEANER_SORT_UPVOTES: most upvotes first
 * @GLEANER_SORT_NEWEST: most recently published first
 * @GLEANER_SORT_TRENDING: Hugging Face's trending rank first, then most upvotes
 */
typedef enum
{
  GLEANER_SORT_UPVOTES,
  GLEANER_SORT_NEWEST,
  GLEANER_SORT_TRENDING,
} GleanerSort;

/**
 * GleanerSourceKind:
 * @GLEANER_SOURCE_KIND_HF: Hugging Face papers (daily, trending, search)
 * @GLEANER_SOURCE_KIND_ARXIV: arXiv listings and API
 *
 * Where a paper was seen; a paper seen in both is one paper with both bits.
 */
typedef enum /*< flags >*/
{
  GLEANER_SOURCE_KIND_HF    = 1 << 0,
  GLEANER_SOURCE_KIND_ARXIV = 1 << 1,
} GleanerSourceKind;

G_END_DECLS
