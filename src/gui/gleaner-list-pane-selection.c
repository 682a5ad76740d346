/* gleaner-list-pane-selection.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list's selection: the selected paper followed across searches, filters and rows not
 * read yet, opening a paper (activation, a click in the narrow layout), and selecting or
 * moving the selection on the window's behalf with the keyboard focus kept on it.
 */

#define G_LOG_DOMAIN "gleaner-list-pane"

#include "config.h"

#include "gleaner-list-pane-private.h"
#include "gleaner-paper-list.h"
#include "gleaner-paper-row.h"

void
_gleaner_list_pane_selection_changed_cb (GleanerListPane    *self,
                                         GParamSpec         *pspec,
                                         GtkSingleSelection *selection)
{
  GleanerPaper *paper;

  g_assert (GLEANER_IS_LIST_PANE (self));

  /* Nothing selected means the paper left the list (search, filter): remember it, to select
   * it again when it comes back (see papers_changed_cb() in gleaner-list-pane.c). */
  if ((paper = gtk_single_selection_get_selected_item (selection)))
    {
      /* A row not read yet: select its paper once it arrives (papers_changed_cb() too). Its
       * replacement unselects it first, so only a real selection forgets it. */
      if (gleaner_paper_list_is_placeholder (paper))
        {
          self->placeholder_position = gtk_single_selection_get_selected (selection);
          return;
        }

      self->placeholder_position = GTK_INVALID_LIST_POSITION;

      g_free (self->selected_id);
      self->selected_id = g_strdup (gleaner_paper_get_id (paper));
    }
}

static void
focus_row_for_paper (GleanerListPane *self,
                     GleanerPaper    *paper)
{
  /* The list view's children are its row containers; each holds one GleanerPaperRow. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (GLEANER_IS_PAPER_ROW (row) &&
          gleaner_paper_row_get_paper (GLEANER_PAPER_ROW (row)) == paper &&
          gtk_widget_get_child_visible (child))
        {
          gtk_widget_grab_focus (child);
          return;
        }
    }
}

void
_gleaner_list_pane_list_activate_cb (GleanerListPane *self,
                                    guint            position)
{
  g_assert (GLEANER_IS_LIST_PANE (self));

  if (gtk_single_selection_get_selected (self->selection) != position)
    gtk_single_selection_set_selected (self->selection, position);

  _gleaner_list_pane_emit_paper_activated (self);
}

static gboolean
activate_selected_idle_cb (gpointer user_data)
{
  GleanerListPane *self = user_data;

  if (self->selection != NULL &&
      gtk_single_selection_get_selected_item (self->selection) != NULL)
    _gleaner_list_pane_emit_paper_activated (self);

  return G_SOURCE_REMOVE;
}

void
_gleaner_list_pane_click_released_cb (GleanerListPane *self,
                                      int              n_press,
                                      double           x,
                                      double           y,
                                      GtkGestureClick *gesture)
{
  g_assert (GLEANER_IS_LIST_PANE (self));

  /* In the narrow layout a click opens the paper: run after the row selected it. */
  if (self->folded)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, activate_selected_idle_cb,
                     g_object_ref (self), g_object_unref);
}

void
gleaner_list_pane_follow_selection (GleanerListPane *self)
{
  g_return_if_fail (GLEANER_IS_LIST_PANE (self));
  self->scroll_on_restore = TRUE;
}

void
gleaner_list_pane_select_id (GleanerListPane *self,
                             const char      *id)
{
  guint pos;

  g_return_if_fail (GLEANER_IS_LIST_PANE (self));
  g_return_if_fail (id != NULL);

  g_free (self->selected_id);
  self->selected_id = g_strdup (id);

  if (self->papers != NULL &&
      (pos = gleaner_paper_list_find (self->papers, id)) != G_MAXUINT &&
      pos < g_list_model_get_n_items (G_LIST_MODEL (self->selection)))
    {
      gtk_single_selection_set_selected (self->selection, pos);
      gleaner_list_pane_scroll_to (self, pos);
    }
}

void
gleaner_list_pane_move_selection (GleanerListPane *self,
                                  int              delta)
{
  GtkWidget *focus;
  gboolean list_had_focus;
  guint n_items;
  guint selected;
  guint pos;

  g_return_if_fail (GLEANER_IS_LIST_PANE (self));

  if (self->selection == NULL ||
      (n_items = g_list_model_get_n_items (G_LIST_MODEL (self->selection))) == 0)
    return;

  selected = gtk_single_selection_get_selected (self->selection);

  if (selected == GTK_INVALID_LIST_POSITION)
    pos = 0;
  else if (delta < 0)
    pos = selected > 0 ? selected - 1 : 0;
  else
    pos = MIN (selected + 1, n_items - 1);

  focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));
  list_had_focus = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list_view));

  gtk_single_selection_set_selected (self->selection, pos);
  gleaner_list_pane_scroll_to (self, pos);

  /* Keep the keyboard focus with the selection, so arrow keys continue from there. */
  if (list_had_focus || focus == NULL)
    focus_row_for_paper (self, gtk_single_selection_get_selected_item (self->selection));
}

void
gleaner_list_pane_scroll_to (GleanerListPane *self,
                             guint            position)
{
  g_return_if_fail (GLEANER_IS_LIST_PANE (self));

  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}
