/* gleaner-types.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gleaner-types.h"

GType
gleaner_filter_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { GLEANER_FILTER_ALL, "GLEANER_FILTER_ALL", "all" },
        { GLEANER_FILTER_UNREAD, "GLEANER_FILTER_UNREAD", "unread" },
        { GLEANER_FILTER_STARRED, "GLEANER_FILTER_STARRED", "starred" },
        { 0, NULL, NULL }
      };
      g_once_init_leave (&type_id, g_enum_register_static ("GleanerFilter", values));
    }

  return type_id;
}

GType
gleaner_sort_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { GLEANER_SORT_UPVOTES, "GLEANER_SORT_UPVOTES", "upvotes" },
        { GLEANER_SORT_NEWEST, "GLEANER_SORT_NEWEST", "newest" },
        { GLEANER_SORT_TRENDING, "GLEANER_SORT_TRENDING", "trending" },
        { 0, NULL, NULL }
      };
      g_once_init_leave (&type_id, g_enum_register_static ("GleanerSort", values));
    }

  return type_id;
}
