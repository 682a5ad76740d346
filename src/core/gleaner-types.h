/* gleaner-types.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

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

GType gleaner_filter_get_type (void) G_GNUC_CONST;
GType gleaner_sort_get_type   (void) G_GNUC_CONST;
#define GLEANER_TYPE_FILTER (gleaner_filter_get_type ())
#define GLEANER_TYPE_SORT   (gleaner_sort_get_type ())

G_END_DECLS
