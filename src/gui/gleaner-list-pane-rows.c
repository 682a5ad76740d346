/* gleaner-list-pane-rows.c — the list pane's rows: the row widgets reused across list items,
 * the keyboard (Tab out of the list), the row menu, and pacing a new result (its first page
 * painted before the rest is handed over).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-list-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "gleaner-list-pane-private.h"
#include "gleaner-paper-list.h"
#include "gleaner-paper-row.h"

/* The list's grid view keeps 30 list items around what it shows (and a few more for focus and
 * selection), and makes the new rows of a change before it lets go of the old ones: twice
 * that, so a search needs no new row once the first one filling the list made them. */
#define ROW_POOL_SIZE 80

#define ROW_KEY "gleaner-paper-row"

/* The list is a grid view of one column (gleaner-list-pane.ui), whose items GTK makes grid
 * cells: to a screen reader they are a list's items. A row enters a new item as GTK 4.8 puts
 * it in the view, before the item's accessible is made (on demand), so the role can change. */
static void
row_parent_cb (GtkWidget  *row,
               GParamSpec *pspec,
               gpointer    user_data)
{
  GtkWidget *item = gtk_widget_get_parent (row);

#if GTK_CHECK_VERSION (4, 10, 0)
  /* Later GTKs may make the item's accessible as it enters the window, after which its role
   * cannot change: only an item not yet in the window is safe there. */
  if (item != NULL && gtk_widget_get_root (item) != NULL)
    return;
#endif

  if (item != NULL &&
      gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (item)) == GTK_ACCESSIBLE_ROLE_GRID_CELL)
    g_object_set (item, "accessible-role", GTK_ACCESSIBLE_ROLE_LIST_ITEM, NULL);
}

/* GTK 4.8's list view makes a new list item for every new item of the model, which is every
 * row of every new search (4.12 recycles them itself). Its row widget, the costly part (a
 * template of a dozen widgets), is reused instead: a list item going away gives its row back
 * to the pool, and the next list item takes it. */
static void
factory_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  GleanerListPane          *self)
{
  GtkWidget *row;

  if (self->row_pool != NULL && self->row_pool->len > 0)
    row = g_ptr_array_steal_index_fast (self->row_pool, self->row_pool->len - 1);
  else
    {
      row = g_object_ref_sink (gleaner_paper_row_new ());
      g_signal_connect (row, "notify::parent", G_CALLBACK (row_parent_cb), NULL);
    }

  /* The list item's reference, so the row is still there to give back at teardown whatever
   * the list item did with its child by then. */
  g_object_set_data_full (G_OBJECT (list_item), ROW_KEY, row, g_object_unref);
  gtk_list_item_set_child (list_item, row);
}

static void
factory_teardown_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     GleanerListPane          *self)
{
  GtkWidget *row = g_object_steal_data (G_OBJECT (list_item), ROW_KEY);

  if (row == NULL)
    return;

  if (gtk_list_item_get_child (list_item) == row)
    gtk_list_item_set_child (list_item, NULL);
  else if (gtk_widget_get_parent (row) != NULL)
    gtk_widget_unparent (row);

  if (self->row_pool != NULL && self->row_pool->len < ROW_POOL_SIZE)
    g_ptr_array_add (self->row_pool, row);
  else
    g_object_unref (row);
}

static void
factory_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 GleanerListPane          *self)
{
  GleanerPaperRow *row = GLEANER_PAPER_ROW (gtk_list_item_get_child (list_item));

  gleaner_paper_row_set_highlight (row, (const char * const *)self->highlight_words);
  gleaner_paper_row_set_paper (row, gtk_list_item_get_item (list_item));
}

static void
factory_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   GleanerListPane          *self)
{
  gleaner_paper_row_set_paper (GLEANER_PAPER_ROW (gtk_list_item_get_child (list_item)), NULL);
}

GtkListItemFactory *
_gleaner_list_pane_new_factory (GleanerListPane *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (factory_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (factory_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (factory_unbind_cb), self);
  g_signal_connect (factory, "teardown", G_CALLBACK (factory_teardown_cb), self);

  return factory;
}

/* ---------------------------------------------------------------------------------------- */
/* Keyboard and context menu */

/* The paper row at or around @widget, a descendant of the list view, or NULL. */
static GleanerPaperRow *
row_for_widget (GleanerListPane *self,
                GtkWidget       *widget)
{
  GtkWidget *list_view = GTK_WIDGET (self->list_view);

  for (; widget != NULL && widget != list_view; widget = gtk_widget_get_parent (widget))
    {
      if (GLEANER_IS_PAPER_ROW (widget))
        return GLEANER_PAPER_ROW (widget);

      /* A list item, picked in its padding: its child is the row. */
      if (gtk_widget_get_parent (widget) == list_view &&
          GLEANER_IS_PAPER_ROW (gtk_widget_get_first_child (widget)))
        return GLEANER_PAPER_ROW (gtk_widget_get_first_child (widget));
    }

  return NULL;
}

static GMenuModel *
build_context_menu (GleanerPaper *paper)
{
  GMenu *menu = g_menu_new ();
  GMenu *section = g_menu_new ();
  const char *id = gleaner_paper_get_id (paper);
  g_autoptr(GMenuItem) item = NULL;

  item = g_menu_item_new (gleaner_paper_get_starred (paper) ? _("Un_star") : _("_Star"), NULL);
  g_menu_item_set_action_and_target (item, "win.paper-star", "s", id);
  g_menu_append_item (section, item);
  g_clear_object (&item);

  item = g_menu_item_new (gleaner_paper_get_read (paper) ? _("Mark as _Unread") : _("Mark as _Read"),
                          NULL);
  g_menu_item_set_action_and_target (item, "win.paper-read", "s", id);
  g_menu_append_item (section, item);
  g_clear_object (&item);

  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  g_object_unref (section);
  section = g_menu_new ();

  item = g_menu_item_new (_("Copy _Link"), NULL);
  g_menu_item_set_action_and_target (item, "win.paper-copy-link", "s", id);
  g_menu_append_item (section, item);
  g_clear_object (&item);

  item = g_menu_item_new (_("Copy _BibTeX"), NULL);
  g_menu_item_set_action_and_target (item, "win.paper-copy-bibtex", "s", id);
  g_menu_append_item (section, item);
  g_clear_object (&item);

  item = g_menu_item_new (_("_Open in Browser"), NULL);
  g_menu_item_set_action_and_target (item, "win.paper-open", "s", id);
  g_menu_append_item (section, item);

  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  g_object_unref (section);

  return G_MENU_MODEL (menu);
}

/* Opens the row menu of @row's paper, pointing at @x, @y of @widget (or at the whole row). */
static gboolean
popup_context_menu (GleanerListPane *self,
                    GleanerPaperRow *row,
                    GtkWidget       *widget,
                    double           x,
                    double           y)
{
  g_autoptr(GMenuModel) model = NULL;
  GleanerPaper *paper;
  GdkRectangle rect = { 0, 0, 1, 1 };
  graphene_rect_t bounds;

  if (row == NULL || (paper = gleaner_paper_row_get_paper (row)) == NULL ||
      *gleaner_paper_get_id (paper) == '\0')
    return FALSE;

  model = build_context_menu (paper);
  if (self->context_menu == NULL)
    {
      self->context_menu = gtk_popover_menu_new_from_model (model);
      gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));
      gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
      gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
    }
  else
    gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->context_menu), model);

  if (widget != NULL)
    {
      double px, py;

      gtk_widget_translate_coordinates (widget, GTK_WIDGET (self), x, y, &px, &py);
      rect.x = (int) px;
      rect.y = (int) py;
    }
  else if (gtk_widget_compute_bounds (GTK_WIDGET (row), GTK_WIDGET (self), &bounds))
    {
      rect.x = (int) bounds.origin.x;
      rect.y = (int) bounds.origin.y;
      rect.width = (int) bounds.size.width;
      rect.height = (int) bounds.size.height;
    }

  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), &rect);
  gtk_popover_popup (GTK_POPOVER (self->context_menu));

  return TRUE;
}

static void
list_secondary_pressed_cb (GleanerListPane *self,
                           int              n_press,
                           double           x,
                           double           y,
                           GtkGestureClick *gesture)
{
  GtkWidget *view = GTK_WIDGET (self->list_view);

  if (popup_context_menu (self, row_for_widget (self, gtk_widget_pick (view, x, y, GTK_PICK_DEFAULT)),
                          view, x, y))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
list_long_pressed_cb (GleanerListPane     *self,
                      double               x,
                      double               y,
                      GtkGestureLongPress *gesture)
{
  GtkWidget *view = GTK_WIDGET (self->list_view);

  if (popup_context_menu (self, row_for_widget (self, gtk_widget_pick (view, x, y, GTK_PICK_DEFAULT)),
                          view, x, y))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

/* Moves the keyboard focus to the next (or previous) focusable widget outside the list view:
 * tries the list view's later (earlier) siblings, then its parent's, up to the window. */
static gboolean
focus_out_of_list (GleanerListPane  *self,
                   GtkDirectionType  direction)
{
  GtkWidget *widget = GTK_WIDGET (self->list_view);
  GtkWidget *parent;
  GtkRoot *root = gtk_widget_get_root (widget);

  for (; (parent = gtk_widget_get_parent (widget)) != NULL; widget = parent)
    for (GtkWidget *sibling = direction == GTK_DIR_TAB_FORWARD
                                ? gtk_widget_get_next_sibling (widget)
                                : gtk_widget_get_prev_sibling (widget);
         sibling != NULL;
         sibling = direction == GTK_DIR_TAB_FORWARD
                     ? gtk_widget_get_next_sibling (sibling)
                     : gtk_widget_get_prev_sibling (sibling))
      if (gtk_widget_get_child_visible (sibling) && gtk_widget_child_focus (sibling, direction))
        return TRUE;

  /* Nothing after the list: wrap around, as Tab does everywhere. */
  if (root != NULL)
    {
      gtk_root_set_focus (root, NULL);
      return gtk_widget_child_focus (GTK_WIDGET (root), direction);
    }

  return FALSE;
}

static gboolean
list_key_pressed_cb (GleanerListPane       *self,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     GtkEventControllerKey *controller)
{
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();
  GtkRoot *root;

  g_assert (GLEANER_IS_LIST_PANE (self));

  /* GTK 4.8's list view makes every row a Tab stop; Tab leaves the list at once instead, and
   * the arrow keys move within it. */
  if ((keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab || keyval == GDK_KEY_ISO_Left_Tab) &&
      (mods & ~GDK_SHIFT_MASK) == 0)
    return focus_out_of_list (self, (mods & GDK_SHIFT_MASK) || keyval == GDK_KEY_ISO_Left_Tab
                                      ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD);

  /* A grid view's Left and Right move to the previous and next item, which in a grid of one
   * column are the rows above and below; in a list they do nothing. */
  if (keyval == GDK_KEY_Left || keyval == GDK_KEY_Right ||
      keyval == GDK_KEY_KP_Left || keyval == GDK_KEY_KP_Right)
    return TRUE;

  if ((keyval == GDK_KEY_Menu && mods == 0) ||
      (keyval == GDK_KEY_F10 && mods == GDK_SHIFT_MASK))
    {
      root = gtk_widget_get_root (GTK_WIDGET (self));
      return popup_context_menu (self,
                                 row_for_widget (self, root ? gtk_root_get_focus (root) : NULL),
                                 NULL, 0, 0);
    }

  return FALSE;
}

void
_gleaner_list_pane_setup_keyboard (GleanerListPane *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed",
                           G_CALLBACK (list_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), controller);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (gesture, "pressed",
                           G_CALLBACK (list_secondary_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (gesture), TRUE);
  g_signal_connect_object (gesture, "pressed",
                           G_CALLBACK (list_long_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), GTK_EVENT_CONTROLLER (gesture));
}

static void
forget_paced_clock (GleanerListPane *self)
{
  /* GDK disposes a destroyed surface's frame clock, which drops its handlers: ours may be
   * gone already (a window closed while a result was being paced). */
  if (self->paced_clock != NULL && self->paced_handler != 0 &&
      g_signal_handler_is_connected (self->paced_clock, self->paced_handler))
    g_signal_handler_disconnect (self->paced_clock, self->paced_handler);
  self->paced_handler = 0;
  g_clear_object (&self->paced_clock);
}

/* The frame showing a new result's first page is painted: now the rest of the result (the
 * view would otherwise build all its rows, 30 and more, in that first frame). */
static void
release_rest (GleanerListPane *self)
{
  forget_paced_clock (self);
  g_clear_handle_id (&self->paced_timeout, g_source_remove);

  if (self->papers != NULL)
    gleaner_paper_list_release (self->papers);
}

static void
first_page_painted_cb (GleanerListPane *self)
{
  release_rest (self);
}

static gboolean
first_page_timeout_cb (gpointer user_data)
{
  GleanerListPane *self = user_data;

  /* No frame came (an obscured window): do not wait for one. */
  self->paced_timeout = 0;
  release_rest (self);

  return G_SOURCE_REMOVE;
}

void
_gleaner_list_pane_pace_rest (GleanerListPane *self)
{
  GdkFrameClock *clock;

  if (!gleaner_paper_list_get_holding (self->papers) || self->paced_timeout != 0)
    return;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self->list_view)) ||
      (clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->list_view))) == NULL)
    {
      gleaner_paper_list_release (self->papers);
      return;
    }

  self->paced_clock = g_object_ref (clock);
  self->paced_handler = g_signal_connect_object (clock, "after-paint",
                                                 G_CALLBACK (first_page_painted_cb), self,
                                                 G_CONNECT_SWAPPED);
  self->paced_timeout = g_timeout_add (100, first_page_timeout_cb, self);
}

void
_gleaner_list_pane_stop_pacing (GleanerListPane *self)
{
  forget_paced_clock (self);
  g_clear_handle_id (&self->paced_timeout, g_source_remove);
}
