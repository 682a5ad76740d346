/* gleaner-labels.h — the names the user sees for a filter and a list order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gleaner-types.h"

G_BEGIN_DECLS

/* "All Papers", "Unread", "Starred": the filter menu's words, wherever a filter is named. */
const char *gleaner_filter_get_label (GleanerFilter filter);
/* "Most Upvoted", "Newest", "Trending". */
const char *gleaner_sort_get_label   (GleanerSort   sort);

G_END_DECLS
