/* gleaner-highlight.h — the search's words marked in a title or abstract.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <pango/pango.h>

G_BEGIN_DECLS

/* The words of @query (the list's search) to mark, ASCII lower case: words shorter than two
 * characters and search syntax (quotes, OR) left out. NULL when there are none. */
char         **gleaner_highlight_split_words (const char          *query);
/* Attributes marking every occurrence of @words in @text (bold, underlined), or NULL when
 * @words is NULL. Attributes, never markup: the text is the network's. */
PangoAttrList *gleaner_highlight_attrs       (const char          *text,
                                              const char * const  *words);

G_END_DECLS
