/* gleaner-notification-text.c — the words of a notification: titles made safe for servers
 * that read bodies as markup, and the body listing them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-notifier"

#include "config.h"

#include <glib/gi18n.h>

#include "gleaner-notification-text.h"
#include "gleaner-text.h"

/* Characters of a title shown in a body; some servers do not wrap. */
#define MAX_TITLE_CHARS 120

/* A title on one line: a newline would split one title into two lines of the list.
 *
 * GNotification bodies are plain text, but over org.freedesktop.Notifications a server that
 * has "body-markup" reads them as markup (and GNOME Shell keeps <b>, <i>, <u>). A word joiner
 * after every '<' and '&' means no tag or entity can form, while the text looks the same. */
char *
gleaner_notification_text_dup_line (const char *text)
{
  g_autofree char *latex_free = gleaner_text_from_latex (text != NULL ? text : "");
  g_autofree char *one_line = gleaner_text_collapse_whitespace (latex_free);
  g_autoptr(GString) line = g_string_new (NULL);
  guint n_chars = 0;

  for (const char *p = one_line; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (n_chars == MAX_TITLE_CHARS)
        {
          g_string_append (line, "…");
          break;
        }

      g_string_append_unichar (line, c);
      if (c == '<' || c == '&')
        g_string_append (line, "\u2060");
      n_chars++;
    }

  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* @titles (element-type utf8): the first ones, one per line, then "and N more". */
char *
gleaner_notification_text_build_body (GPtrArray *titles,
                                      guint      total)
{
  g_autoptr(GString) body = g_string_new (NULL);

  for (guint i = 0; i < titles->len && i < GLEANER_NOTIFICATION_BODY_TITLES; i++)
    {
      g_autofree char *line = gleaner_notification_text_dup_line (g_ptr_array_index (titles, i));

      if (body->len > 0)
        g_string_append_c (body, '\n');
      g_string_append (body, line);
    }

  if (total > GLEANER_NOTIFICATION_BODY_TITLES)
    {
      guint more = total - GLEANER_NOTIFICATION_BODY_TITLES;

      g_string_append_c (body, '\n');
      g_string_append_printf (body, ngettext ("and %u more", "and %u more", more), more);
    }

  return g_string_free (g_steal_pointer (&body), FALSE);
}
