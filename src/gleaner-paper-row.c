/* gleaner-paper-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-paper-row"

#include "config.h"

#include <glib/gi18n.h>

#include "gleaner-paper-row.h"
#include "gleaner-text.h"

/* How many author names a row shows before "et al.". */
#define MAX_ROW_AUTHORS 3

struct _GleanerPaperRow
{
  AdwBin        parent_instance;

  /* Template widgets */
  GtkWidget    *unread_dot;
  GtkLabel     *title_label;
  GtkLabel     *authors_label;
  GtkWidget    *upvotes_box;
  GtkLabel     *upvotes_label;
  GtkLabel     *date_label;
  GtkWidget    *star_image;

  /* Owned references */
  GleanerPaper *paper;
  gulong        notify_handler;
};

G_DEFINE_FINAL_TYPE (GleanerPaperRow, gleaner_paper_row, ADW_TYPE_BIN)

char *
_gleaner_format_date (gint64   unix_time,
                      gboolean long_format)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_time <= 0)
    return NULL;

  /* Publication dates are calendar days in UTC; converting to local time could move them
   * to the day before. */
  if (!(dt = g_date_time_new_from_unix_utc (unix_time)))
    return NULL;

  /* Translators: a date as in "14 March 2024" or "14 Mar 2024"; see g_date_time_format()
   * ("%-e" is the day without padding). */
  return g_date_time_format (dt, long_format ? _("%-e %B %Y") : _("%-e %b %Y"));
}

char *
_gleaner_format_count (gint64 count)
{
  /* Digit grouping follows the locale ("1,234", "1 234"). */
  return g_strdup_printf ("%'" G_GINT64_FORMAT, count);
}

static char *
format_authors (const char * const *authors)
{
  g_autoptr(GString) str = NULL;
  guint n;

  if (authors == NULL || authors[0] == NULL)
    return NULL;

  n = g_strv_length ((char **)authors);
  str = g_string_new (NULL);

  for (guint i = 0; i < n && i < MAX_ROW_AUTHORS; i++)
    {
      if (i > 0)
        g_string_append (str, ", ");
      g_string_append (str, authors[i]);
    }

  if (n > MAX_ROW_AUTHORS)
    {
      g_autofree char *first = g_string_free (g_steal_pointer (&str), FALSE);

      /* Translators: %s is a list of the first authors of a paper. */
      return g_strdup_printf (_("%s et al."), first);
    }

  return g_string_free (g_steal_pointer (&str), FALSE);
}

static void
update_state (GleanerPaperRow *self)
{
  gboolean read = FALSE;
  gboolean starred = FALSE;

  g_assert (GLEANER_IS_PAPER_ROW (self));

  if (self->paper != NULL)
    {
      read = gleaner_paper_get_read (self->paper);
      starred = gleaner_paper_get_starred (self->paper);
    }

  /* The dot keeps its space when hidden so titles do not jump when a paper is read. */
  gtk_widget_set_opacity (self->unread_dot, read ? 0.0 : 1.0);
  gtk_widget_set_visible (self->star_image, starred);

  if (read)
    gtk_widget_remove_css_class (GTK_WIDGET (self), "unread");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self), "unread");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  starred ? (read ? _("Starred") : _("Unread, starred"))
                                          : (read ? "" : _("Unread")),
                                  -1);
}

static void
paper_notify_cb (GleanerPaperRow *self,
                 GParamSpec      *pspec,
                 GleanerPaper    *paper)
{
  g_assert (GLEANER_IS_PAPER_ROW (self));
  g_assert (GLEANER_IS_PAPER (paper));

  if (g_strcmp0 (pspec->name, "read") == 0 || g_strcmp0 (pspec->name, "starred") == 0)
    update_state (self);
  else if (g_strcmp0 (pspec->name, "upvotes") == 0 || g_strcmp0 (pspec->name, "title") == 0)
    gleaner_paper_row_set_paper (self, paper);
}

static void
update_content (GleanerPaperRow *self)
{
  g_autofree char *title = NULL;
  g_autofree char *authors = NULL;
  g_autofree char *date = NULL;
  gint64 upvotes = -1;

  g_assert (GLEANER_IS_PAPER_ROW (self));

  if (self->paper != NULL)
    {
      gint64 when = gleaner_paper_get_published (self->paper);

      /* Network text: always plain text, never markup. */
      title = gleaner_text_from_latex (gleaner_paper_get_title (self->paper));
      authors = format_authors (gleaner_paper_get_authors (self->paper));
      if (when <= 0)
        when = gleaner_paper_get_submitted (self->paper);
      date = _gleaner_format_date (when, FALSE);
      upvotes = gleaner_paper_get_upvotes (self->paper);
    }

  gtk_label_set_text (self->title_label, title ? title : "");
  gtk_label_set_text (self->authors_label, authors ? authors : "");
  gtk_widget_set_visible (GTK_WIDGET (self->authors_label), authors != NULL);
  gtk_label_set_text (self->date_label, date ? date : "");
  gtk_widget_set_visible (GTK_WIDGET (self->date_label), date != NULL);

  if (upvotes >= 0)
    {
      g_autofree char *count = _gleaner_format_count (upvotes);
      g_autofree char *tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "%s upvote", "%s upvotes",
                                                               upvotes),
                                                  count);

      gtk_label_set_text (self->upvotes_label, count);
      gtk_widget_set_tooltip_text (self->upvotes_box, tooltip);
      gtk_widget_set_visible (self->upvotes_box, TRUE);
    }
  else
    {
      gtk_widget_set_visible (self->upvotes_box, FALSE);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title ? title : "",
                                  -1);

  update_state (self);
}

static void
gleaner_paper_row_dispose (GObject *object)
{
  GleanerPaperRow *self = (GleanerPaperRow *)object;

  if (self->paper != NULL)
    {
      g_clear_signal_handler (&self->notify_handler, self->paper);
      g_clear_object (&self->paper);
    }

  G_OBJECT_CLASS (gleaner_paper_row_parent_class)->dispose (object);
}

static void
gleaner_paper_row_class_init (GleanerPaperRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gleaner_paper_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gleaner/Gleaner/gleaner-paper-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GleanerPaperRow, unread_dot);
  gtk_widget_class_bind_template_child (widget_class, GleanerPaperRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, GleanerPaperRow, authors_label);
  gtk_widget_class_bind_template_child (widget_class, GleanerPaperRow, upvotes_box);
  gtk_widget_class_bind_template_child (widget_class, GleanerPaperRow, upvotes_label);
  gtk_widget_class_bind_template_child (widget_class, GleanerPaperRow, date_label);
  gtk_widget_class_bind_template_child (widget_class, GleanerPaperRow, star_image);
}

static void
gleaner_paper_row_init (GleanerPaperRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
gleaner_paper_row_new (void)
{
  return g_object_new (GLEANER_TYPE_PAPER_ROW, NULL);
}

GleanerPaper *
gleaner_paper_row_get_paper (GleanerPaperRow *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER_ROW (self), NULL);
  return self->paper;
}

void
gleaner_paper_row_set_paper (GleanerPaperRow *self,
                             GleanerPaper    *paper)
{
  g_return_if_fail (GLEANER_IS_PAPER_ROW (self));
  g_return_if_fail (!paper || GLEANER_IS_PAPER (paper));

  if (self->paper != paper)
    {
      if (self->paper != NULL)
        g_clear_signal_handler (&self->notify_handler, self->paper);

      g_set_object (&self->paper, paper);

      if (paper != NULL)
        self->notify_handler = g_signal_connect_object (paper, "notify",
                                                        G_CALLBACK (paper_notify_cb),
                                                        self, G_CONNECT_SWAPPED);
    }

  /* An unbound row is not shown; it is filled again on the next bind. */
  if (paper != NULL)
    update_content (self);
}

GtkLabel *
gleaner_paper_row_get_title_label (GleanerPaperRow *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER_ROW (self), NULL);
  return self->title_label;
}

GtkLabel *
gleaner_paper_row_get_authors_label (GleanerPaperRow *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER_ROW (self), NULL);
  return self->authors_label;
}
