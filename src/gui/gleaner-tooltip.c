/* gleaner-tooltip.c — tooltips given when the pointer rests, not set ahead.
 *
 * GTK 4.8's gtk_widget_set_tooltip_text() starts a tooltip query on any visible widget,
 * mapped or not, and the query asks the X server where the pointer is: a round trip for each
 * tooltip set while a window is being built, ten at start-up. A tooltip given from
 * GtkWidget::query-tooltip costs nothing until the pointer rests on the widget.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gleaner-tooltip.h"

#define TOOLTIP_KEY "gleaner-tooltip"

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  const char *text = g_object_get_data (G_OBJECT (widget), TOOLTIP_KEY);

  if (text == NULL)
    return FALSE;

  /* Plain text, never markup: a saved search's name is the user's. */
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/**
 * gleaner_widget_set_tooltip:
 * @widget: a widget
 * @text: (nullable): its tooltip, plain text; %NULL or "" for none
 *
 * Gives @widget the tooltip @text, as gtk_widget_set_tooltip_text() would (the text is also
 * its accessible description), without asking the X server anything until it is shown.
 */
void
gleaner_widget_set_tooltip (GtkWidget  *widget,
                            const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (text != NULL && *text == '\0')
    text = NULL;

  if (g_strcmp0 (text, gleaner_widget_get_tooltip (widget)) == 0)
    return;

  if (g_signal_handler_find (widget, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, query_tooltip_cb, NULL) == 0)
    g_signal_connect (widget, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);

  g_object_set_data_full (G_OBJECT (widget), TOOLTIP_KEY, g_strdup (text), g_free);
  gtk_widget_set_has_tooltip (widget, text != NULL);

  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

  /* A tooltip showing now follows the change (the star's "Star" → "Unstar"): worth the round
   * trip once the widget is on screen. */
  if (gtk_widget_get_mapped (widget))
    gtk_widget_trigger_tooltip_query (widget);
}

/* The text given to gleaner_widget_set_tooltip(), or NULL. */
const char *
gleaner_widget_get_tooltip (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  return g_object_get_data (G_OBJECT (widget), TOOLTIP_KEY);
}
