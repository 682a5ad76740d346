/* gleaner-list-pane-search.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list pane's search: the entry's text becomes the list's search, Enter opens a result,
 * leaving search clears it, and the rows mark the search's words.
 */

#define G_LOG_DOMAIN "gleaner-list-pane"

#include "config.h"

#include "gleaner-highlight.h"
#include "gleaner-list-pane-private.h"
#include "gleaner-paper-row.h"

/* The rows mark the words of the search whose results they show. */
void
_gleaner_list_pane_update_highlight (GleanerListPane *self)
{
  g_auto(GStrv) words = gleaner_highlight_split_words (gleaner_paper_list_get_search (self->papers));

  if (words == self->highlight_words ||
      (words != NULL && self->highlight_words != NULL &&
       g_strv_equal ((const char * const *)words, (const char * const *)self->highlight_words)))
    return;

  g_strfreev (self->highlight_words);
  self->highlight_words = g_steal_pointer (&words);

  /* The list view's children are its row containers; each holds one GleanerPaperRow. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GLEANER_IS_PAPER_ROW (gtk_widget_get_first_child (child)))
      gleaner_paper_row_set_highlight (GLEANER_PAPER_ROW (gtk_widget_get_first_child (child)),
                                       (const char * const *)self->highlight_words);
}

/* Every change of the text starts the list's query at once, on its worker, rather than on
 * the entry's search-changed: that comes from a timeout (150 ms by default) which, even at
 * 0 ms, runs only after GTK has measured the window for the entry's new text, so the query
 * waited for the layout instead of running beside it. A query the next keystroke replaces
 * is cancelled, and a result never outlives the text it was asked for. The window hears of
 * the new query at once too, so what it shows of it (the saved search it is, Ctrl+D, the
 * detail's marks) never lags the list. */
void
_gleaner_list_pane_search_text_changed_cb (GleanerListPane *self)
{
  g_assert (GLEANER_IS_LIST_PANE (self));

  if (self->papers == NULL)
    return;

  self->scroll_on_restore = TRUE;
  gleaner_paper_list_set_search (self->papers,
                                 gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  _gleaner_list_pane_emit_query_changed (self);
}

void
_gleaner_list_pane_stop_search_cb (GleanerListPane *self)
{
  gleaner_list_pane_leave_search (self);
}

void
_gleaner_list_pane_search_activate_cb (GleanerListPane *self)
{
  g_assert (GLEANER_IS_LIST_PANE (self));

  if (self->papers == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0)
    return;

  /* Enter in the search entry opens the selected result, or the first one. */
  if (gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (self->selection, 0);

  gleaner_list_pane_scroll_to (self, gtk_single_selection_get_selected (self->selection));
  _gleaner_list_pane_emit_paper_activated (self);
}

void
_gleaner_list_pane_search_mode_changed_cb (GleanerListPane *self)
{
  g_assert (GLEANER_IS_LIST_PANE (self));

  /* Hidden until the first search, then kept: closing still slides it away. */
  if (gtk_search_bar_get_search_mode (self->search_bar))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->search_bar), TRUE);
      return;
    }

  /* Leaving search clears it and hands the keyboard back to the list. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  if (self->papers != NULL)
    {
      self->scroll_on_restore = TRUE;
      gleaner_paper_list_set_search (self->papers, NULL);
    }
  _gleaner_list_pane_emit_query_changed (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

const char *
gleaner_list_pane_get_query (GleanerListPane *self)
{
  g_return_val_if_fail (GLEANER_IS_LIST_PANE (self), NULL);

  if (!gtk_search_bar_get_search_mode (self->search_bar))
    return "";

  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
}

void
gleaner_list_pane_begin_search (GleanerListPane *self)
{
  g_return_if_fail (GLEANER_IS_LIST_PANE (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
gleaner_list_pane_set_query (GleanerListPane *self,
                             const char      *query)
{
  g_return_if_fail (GLEANER_IS_LIST_PANE (self));

  if (query == NULL || *query == '\0')
    {
      gleaner_list_pane_leave_search (self);
      return;
    }

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), query);
  /* The same text sets nothing, and the list may have left it since (a cleared search). */
  if (self->papers != NULL)
    gleaner_paper_list_set_search (self->papers, query);
}

gboolean
gleaner_list_pane_leave_search (GleanerListPane *self)
{
  g_return_val_if_fail (GLEANER_IS_LIST_PANE (self), FALSE);

  if (!gtk_search_bar_get_search_mode (self->search_bar))
    return FALSE;

  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  return TRUE;
}
