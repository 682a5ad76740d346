/* gleaner-labels.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One place for these words, so the list's subtitle and the saved-search dialog name a
 * filter alike (and a translation changes both).
 */

#include "config.h"

#include <glib/gi18n.h>

#include "gleaner-labels.h"

const char *
gleaner_filter_get_label (GleanerFilter filter)
{
  switch (filter)
    {
    case GLEANER_FILTER_UNREAD:
      return _("Unread");

    case GLEANER_FILTER_STARRED:
      return _("Starred");

    case GLEANER_FILTER_ALL:
    default:
      return _("All Papers");
    }
}

const char *
gleaner_sort_get_label (GleanerSort sort)
{
  switch (sort)
    {
    case GLEANER_SORT_NEWEST:
      return _("Newest");

    case GLEANER_SORT_TRENDING:
      return _("Trending");

    case GLEANER_SORT_UPVOTES:
    default:
      return _("Most Upvoted");
    }
}
