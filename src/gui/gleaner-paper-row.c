/* gleaner-paper-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-paper-row"

#include "config.h"

#include <glib/gi18n.h>

#include "gleaner-highlight.h"
#include "gleaner-paper-row.h"
#include "gleaner-text.h"

/* How many author names a row shows before "et al.". */
#define MAX_ROW_AUTHORS 3

struct _GleanerPaperRow
{
  AdwBin          parent_instance;

  /* Template widgets */
  GtkWidget      *unread_dot;
  GtkInscription *title_label;
  GtkInscription *authors_label;
  GtkWidget      *upvotes_box;
  GtkLabel       *upvotes_label;
  GtkInscription *date_label;
  GtkInscription *category_label;
  GtkWidget      *star_image;

  /* Owned references */
  GleanerPaper   *paper;
  gulong          notify_handler;

  /* What the widgets show, so a bind only touches what changed (rows are recycled for every
   * search, and most of a bind's cost is in setting text and invalidating widgets). */
  GString        *scratch;          /* reused to build the authors line */
  GString        *name;             /* reused to build the accessible name */
  gint64          shown_when;       /* the date's timestamp; 0 = none, G_MININT64 = not set */
  gint64          shown_upvotes;    /* -1 = hidden, G_MININT64 = not set */
  gint8           shown_read;       /* -1 = not set yet */
  gint8           shown_starred;    /* -1 = not set yet */
  char          **highlight;        /* the search's words marked in the title, or NULL */
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

  if (long_format)
    /* Translators: a long date as in "14 March 2024" (German "14. März 2024"); reorder
     * freely. See g_date_time_format(): "%-e" is the day without padding, "%B" the month. */
    return g_date_time_format (dt, C_("long date", "%-e %B %Y"));

  /* Translators: a short date as in "14 Mar 2024"; "%b" is the abbreviated month. */
  return g_date_time_format (dt, C_("short date", "%-e %b %Y"));
}

gboolean
_gleaner_paper_from_hf (GleanerPaper *paper)
{
  GleanerSourceKind sources = gleaner_paper_get_sources (paper);

  /* 0: stored before sources were recorded, when Hugging Face was the only one. */
  return sources == 0 || (sources & GLEANER_SOURCE_KIND_HF) != 0;
}

char *
_gleaner_format_count (gint64 count)
{
  /* Digit grouping follows the locale ("1,234", "1 234"). */
  return g_strdup_printf ("%'" G_GINT64_FORMAT, count);
}

/* Writes the authors line into @str; FALSE when there are no authors. */
static gboolean
format_authors (GString            *str,
                const char * const *authors)
{
  guint i;

  g_string_truncate (str, 0);

  if (authors == NULL || authors[0] == NULL)
    return FALSE;

  for (i = 0; authors[i] != NULL && i < MAX_ROW_AUTHORS; i++)
    {
      if (i > 0)
        g_string_append (str, ", ");
      g_string_append (str, authors[i]);
    }

  if (authors[i] != NULL)
    {
      g_autofree char *first = g_strdup (str->str);

      g_string_truncate (str, 0);
      /* Translators: %s is a list of the first authors of a paper. */
      g_string_append_printf (str, _("%s et al."), first);
    }

  return TRUE;
}

static gboolean
upvotes_query_tooltip_cb (GtkWidget  *widget,
                          int         x,
                          int         y,
                          gboolean    keyboard_mode,
                          GtkTooltip *tooltip,
                          gpointer    user_data)
{
  GleanerPaperRow *self = GLEANER_PAPER_ROW (user_data);
  g_autofree char *count = NULL;
  g_autofree char *text = NULL;

  if (self->shown_upvotes < 0)
    return FALSE;

  /* Built on demand: setting a tooltip on every bind cost more than the rest of the bind. */
  count = _gleaner_format_count (self->shown_upvotes);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s upvote", "%s upvotes",
                                       self->shown_upvotes),
                          count);
  gtk_tooltip_set_text (tooltip, text);

  return TRUE;
}

static gboolean
star_query_tooltip_cb (GtkWidget  *widget,
                       int         x,
                       int         y,
                       gboolean    keyboard_mode,
                       GtkTooltip *tooltip,
                       gpointer    user_data)
{
  gtk_tooltip_set_text (tooltip, _("Starred"));
  return TRUE;
}

/* Names the list item (the row's parent, the widget that takes the keyboard focus and that a
 * screen reader lands on) after everything the row shows: "title, authors, date, 250 upvotes,
 * unread, starred". GTK 4.8 names a list item after nothing on its own. */
static void
update_accessible (GleanerPaperRow *self)
{
  GtkWidget *item = gtk_widget_get_parent (GTK_WIDGET (self));
  const char *text;

  if (item == NULL || self->paper == NULL)
    return;

  g_string_truncate (self->name, 0);
  if (gtk_inscription_get_text (self->title_label) != NULL)
    g_string_append (self->name, gtk_inscription_get_text (self->title_label));

  if (gtk_widget_get_visible (GTK_WIDGET (self->authors_label)) &&
      (text = gtk_inscription_get_text (self->authors_label)) != NULL)
    g_string_append_printf (self->name, ", %s", text);

  if (gtk_widget_get_visible (GTK_WIDGET (self->date_label)) &&
      (text = gtk_inscription_get_text (self->date_label)) != NULL)
    g_string_append_printf (self->name, ", %s", text);

  if (self->shown_upvotes >= 0)
    {
      g_autofree char *count = _gleaner_format_count (self->shown_upvotes);

      g_string_append (self->name, ", ");
      g_string_append_printf (self->name,
                              g_dngettext (GETTEXT_PACKAGE, "%s upvote", "%s upvotes",
                                           self->shown_upvotes),
                              count);
    }

  if (self->shown_read == 0)
    g_string_append_printf (self->name, ", %s", _("unread"));
  if (self->shown_starred == 1)
    g_string_append_printf (self->name, ", %s", _("starred"));

  gtk_accessible_update_property (GTK_ACCESSIBLE (item),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->name->str,
                                  -1);
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

  if (self->shown_read == read && self->shown_starred == starred)
    return;

  if (self->shown_read != read)
    {
      /* The dot keeps its space when hidden so titles do not jump when a paper is read. */
      gtk_widget_set_opacity (self->unread_dot, read ? 0.0 : 1.0);

      /* On the title alone, the one widget whose look it changes: on the row, Mark All as
       * Read restyled every widget of every row the list keeps. */
      if (read)
        gtk_widget_remove_css_class (GTK_WIDGET (self->title_label), "unread");
      else
        gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "unread");
    }

  if (self->shown_starred != starred)
    gtk_widget_set_visible (self->star_image, starred);

  self->shown_read = read;
  self->shown_starred = starred;

  update_accessible (self);
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

/* Sets @text (NULL hides the widget) only if it differs from what is shown. */
static void
set_inscription (GtkInscription *inscription,
                 const char     *text)
{
  const char *shown = gtk_inscription_get_text (inscription);

  if (g_strcmp0 (shown ? shown : "", text ? text : "") != 0)
    gtk_inscription_set_text (inscription, text);   /* plain text, never markup */

  if (gtk_widget_get_visible (GTK_WIDGET (inscription)) != (text != NULL))
    gtk_widget_set_visible (GTK_WIDGET (inscription), text != NULL);
}

/* The search's words in the title, as attributes; nothing to do outside a search unless the
 * title still carries an earlier search's marks. */
static void
apply_highlight (GleanerPaperRow *self)
{
  g_autoptr(PangoAttrList) attrs = NULL;

  if (self->highlight == NULL && gtk_inscription_get_attributes (self->title_label) == NULL)
    return;

  attrs = gleaner_highlight_attrs (gtk_inscription_get_text (self->title_label),
                                   (const char * const *)self->highlight);
  gtk_inscription_set_attributes (self->title_label, attrs);
}

static void
update_content (GleanerPaperRow *self)
{
  g_autofree char *title = NULL;
  const char *shown_title;
  const char *category;
  gint64 when;
  gint64 upvotes;

  g_assert (GLEANER_IS_PAPER_ROW (self));
  g_assert (self->paper != NULL);

  /* Network text: always plain text, never markup. */
  title = gleaner_text_from_latex (gleaner_paper_get_title (self->paper));
  if (title == NULL)
    title = g_strdup ("");
  shown_title = gtk_inscription_get_text (self->title_label);
  if (g_strcmp0 (shown_title != NULL ? shown_title : "", title) != 0)
    {
      gtk_inscription_set_text (self->title_label, title);   /* plain text, never markup */
      apply_highlight (self);
    }

  set_inscription (self->authors_label,
                   format_authors (self->scratch, gleaner_paper_get_authors (self->paper))
                   ? self->scratch->str : NULL);

  /* The primary category, or the first listed when arXiv's API has not told which it is. */
  category = gleaner_paper_get_primary_category (self->paper);
  if (category == NULL && gleaner_paper_get_categories (self->paper) != NULL)
    category = gleaner_paper_get_categories (self->paper)[0];
  set_inscription (self->category_label, category);

  when = gleaner_paper_get_published (self->paper);
  if (when <= 0)
    when = gleaner_paper_get_submitted (self->paper);
  if (when <= 0)
    when = 0;
  if (when != self->shown_when)
    {
      g_autofree char *date = _gleaner_format_date (when, FALSE);

      set_inscription (self->date_label, date);
      self->shown_when = when;
    }

  upvotes = gleaner_paper_get_upvotes (self->paper);
  /* Upvotes are Hugging Face's: a paper only arXiv listed has none, not zero. */
  if (upvotes < 0 || !_gleaner_paper_from_hf (self->paper))
    upvotes = -1;
  if (upvotes != self->shown_upvotes)
    {
      if (upvotes >= 0)
        {
          g_autofree char *count = _gleaner_format_count (upvotes);

          gtk_label_set_text (self->upvotes_label, count);
        }
      if (gtk_widget_get_visible (self->upvotes_box) != (upvotes >= 0))
        gtk_widget_set_visible (self->upvotes_box, upvotes >= 0);
      self->shown_upvotes = upvotes;
    }

  /* Always: the row may have moved to another list item since it last showed this. */
  if (self->shown_read == gleaner_paper_get_read (self->paper) &&
      self->shown_starred == gleaner_paper_get_starred (self->paper))
    update_accessible (self);
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

  /* GtkInscription never frees its attributes (GTK 4.8, and later ones too): the title's
   * highlight would outlive the row. */
  if (self->title_label != NULL)
    gtk_inscription_set_attributes (self->title_label, NULL);

  G_OBJECT_CLASS (gleaner_paper_row_parent_class)->dispose (object);
}

static void
gleaner_paper_row_finalize (GObject *object)
{
  GleanerPaperRow *self = (GleanerPaperRow *)object;

  g_string_free (self->scratch, TRUE);
  g_string_free (self->name, TRUE);
  g_strfreev (self->highlight);

  G_OBJECT_CLASS (gleaner_paper_row_parent_class)->finalize (object);
}

static void
gleaner_paper_row_class_init (GleanerPaperRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gleaner_paper_row_dispose;
  object_class->finalize = gleaner_paper_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gleaner/Gleaner/gleaner-paper-row.ui");
  /* The list item around the row carries its name (see update_accessible()); the row itself is
   * only layout, not a "GleanerPaperRow" filler in the accessibility tree. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
  gtk_widget_class_bind_template_child (widget_class, GleanerPaperRow, unread_dot);
  gtk_widget_class_bind_template_child (widget_class, GleanerPaperRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, GleanerPaperRow, authors_label);
  gtk_widget_class_bind_template_child (widget_class, GleanerPaperRow, upvotes_box);
  gtk_widget_class_bind_template_child (widget_class, GleanerPaperRow, upvotes_label);
  gtk_widget_class_bind_template_child (widget_class, GleanerPaperRow, date_label);
  gtk_widget_class_bind_template_child (widget_class, GleanerPaperRow, category_label);
  gtk_widget_class_bind_template_child (widget_class, GleanerPaperRow, star_image);
  gtk_widget_class_bind_template_callback (widget_class, upvotes_query_tooltip_cb);
  gtk_widget_class_bind_template_callback (widget_class, star_query_tooltip_cb);
}

static void
gleaner_paper_row_init (GleanerPaperRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->scratch = g_string_sized_new (128);
  self->name = g_string_sized_new (256);
  self->shown_when = G_MININT64;       /* nothing shown yet */
  self->shown_upvotes = G_MININT64;
  self->shown_read = -1;
  self->shown_starred = -1;
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

void
gleaner_paper_row_set_highlight (GleanerPaperRow    *self,
                                 const char * const *words)
{
  g_return_if_fail (GLEANER_IS_PAPER_ROW (self));

  /* Every bind passes the words; most binds keep them. */
  if ((const char * const *)self->highlight == words ||
      (self->highlight != NULL && words != NULL &&
       g_strv_equal ((const char * const *)self->highlight, words)))
    return;

  g_strfreev (self->highlight);
  self->highlight = g_strdupv ((char **)words);
  apply_highlight (self);
}

GtkInscription *
gleaner_paper_row_get_title_label (GleanerPaperRow *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER_ROW (self), NULL);
  return self->title_label;
}

GtkInscription *
gleaner_paper_row_get_authors_label (GleanerPaperRow *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER_ROW (self), NULL);
  return self->authors_label;
}

GtkInscription *
gleaner_paper_row_get_category_label (GleanerPaperRow *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER_ROW (self), NULL);
  return self->category_label;
}
