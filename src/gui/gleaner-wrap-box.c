/* gleaner-wrap-box.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gleaner-wrap-box.h"

struct _GleanerWrapBox
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (GleanerWrapBox, gleaner_wrap_box, GTK_TYPE_WIDGET)

#define WRAP_SPACING 6

/* Lays the children out in @width (or on one line if @width < 0); returns the height used and,
 * when @allocate, allocates them. */
static int
wrap_box_layout (GtkWidget *widget,
                 int        width,
                 gboolean   allocate)
{
  int x = 0;
  int y = 0;
  int line_height = 0;
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat, child_w, child_h;

      if (!gtk_widget_should_layout (child))
        continue;

      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat, NULL, NULL);
      child_w = width >= 0 ? MAX (child_min, MIN (child_nat, width)) : child_nat;

      if (width >= 0 && x > 0 && x + child_w > width)
        {
          x = 0;
          y += line_height + WRAP_SPACING;
          line_height = 0;
        }

      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, child_w, NULL, &child_h, NULL, NULL);

      if (allocate)
        {
          GtkAllocation alloc = {
            .x = rtl ? width - x - child_w : x,
            .y = y,
            .width = child_w,
            .height = child_h,
          };

          gtk_widget_size_allocate (child, &alloc, -1);
        }

      x += child_w + WRAP_SPACING;
      line_height = MAX (line_height, child_h);
    }

  return y + line_height;
}

static GtkSizeRequestMode
wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
wrap_box_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int min = 0;
      int nat = 0;
      gboolean first = TRUE;

      /* At least the widest child; at best everything on one line. */
      for (GtkWidget *child = gtk_widget_get_first_child (widget);
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int child_min, child_nat;

          if (!gtk_widget_should_layout (child))
            continue;

          gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);
          min = MAX (min, child_min);
          nat += child_nat + (first ? 0 : WRAP_SPACING);
          first = FALSE;
        }

      *minimum = min;
      *natural = nat;
    }
  else
    {
      *minimum = *natural = wrap_box_layout (widget, for_size, FALSE);
    }
}

static void
wrap_box_size_allocate (GtkWidget *widget,
                        int        width,
                        int        height,
                        int        baseline)
{
  wrap_box_layout (widget, width, TRUE);
}

static void
gleaner_wrap_box_dispose (GObject *object)
{
  gleaner_wrap_box_remove_all (GTK_WIDGET (object));

  G_OBJECT_CLASS (gleaner_wrap_box_parent_class)->dispose (object);
}

static void
gleaner_wrap_box_class_init (GleanerWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gleaner_wrap_box_dispose;
  widget_class->get_request_mode = wrap_box_get_request_mode;
  widget_class->measure = wrap_box_measure;
  widget_class->size_allocate = wrap_box_size_allocate;

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
gleaner_wrap_box_init (GleanerWrapBox *self)
{
}

void
gleaner_wrap_box_append (GtkWidget *box,
                         GtkWidget *child)
{
  g_return_if_fail (GLEANER_IS_WRAP_BOX (box));

  gtk_widget_insert_before (child, box, NULL);
}

/* Rebuilding a box's children relays out and redraws the whole pane. The list hands out a
 * new object for the same paper after every store change (a refresh, a vote), so a box is
 * rebuilt only when what it shows, summed up in @signature, differs. */
gboolean
gleaner_wrap_box_content_changed (GtkWidget  *box,
                                  const char *signature)
{
  g_return_val_if_fail (GLEANER_IS_WRAP_BOX (box), TRUE);

  if (g_strcmp0 (g_object_get_data (G_OBJECT (box), "gleaner-signature"), signature) == 0)
    return FALSE;
  g_object_set_data_full (G_OBJECT (box), "gleaner-signature", g_strdup (signature), g_free);
  return TRUE;
}

void
gleaner_wrap_box_remove_all (GtkWidget *box)
{
  GtkWidget *child;

  g_return_if_fail (GLEANER_IS_WRAP_BOX (box));

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_widget_unparent (child);
}
