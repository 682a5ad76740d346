/* gleaner-highlight.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The search's words marked in the detail pane's title and abstract and in the rows' titles,
 * alike.
 */

#include "config.h"

#include <string.h>

#include "gleaner-highlight.h"

char **
gleaner_highlight_split_words (const char *query)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = g_strsplit_set (query ? query : "", " \t\n\"()*", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (g_utf8_strlen (parts[i], -1) < 2 || g_str_equal (parts[i], "OR") ||
          g_str_equal (parts[i], "AND") || g_str_equal (parts[i], "NOT"))
        continue;
      g_ptr_array_add (words, g_ascii_strdown (parts[i], -1));
    }

  if (words->len == 0)
    return NULL;

  g_ptr_array_add (words, NULL);
  return (char **)g_ptr_array_steal (words, NULL);
}

/* ASCII letters match in either case; other characters exactly, so byte offsets in the
 * lowered copy are those of the text. */
PangoAttrList *
gleaner_highlight_attrs (const char         *text,
                         const char * const *words)
{
  g_autofree char *lower = NULL;
  PangoAttrList *attrs;

  if (words == NULL || text == NULL)
    return NULL;

  lower = g_ascii_strdown (text, -1);
  attrs = pango_attr_list_new ();

  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *word = words[i];
      gsize len = strlen (word);

      for (const char *hit = strstr (lower, word); hit != NULL; hit = strstr (hit + len, word))
        {
          PangoAttribute *weight = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
          /* Low: GTK 4.8 leaves a single underline out of a one-line label, and bold alone is
           * lost in an unread row's bold title. */
          PangoAttribute *underline = pango_attr_underline_new (PANGO_UNDERLINE_LOW);

          weight->start_index = underline->start_index = hit - lower;
          weight->end_index = underline->end_index = hit - lower + len;
          pango_attr_list_insert (attrs, weight);
          pango_attr_list_insert (attrs, underline);
        }
    }

  return attrs;
}
