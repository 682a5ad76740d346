/* gleaner-paper-detail.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-paper-detail"

#include "config.h"

#include <glib/gi18n.h>

#include "gleaner-arxiv-categories.h"
#include "gleaner-a11y.h"
#include "gleaner-highlight.h"
#include "gleaner-paper-detail.h"
#include "gleaner-paper-row.h"
#include "gleaner-text.h"
#include "gleaner-tooltip.h"
#include "gleaner-uri.h"
#include "gleaner-wrap-box.h"

#define LINK_KIND_KEY "gleaner-link-kind"
#define LINK_URI_KEY  "gleaner-link-uri"

/* Fields joined by a separator no text field holds. */
static char *
dup_signature (const char *first,
               ...)
{
  GString *string = g_string_new (NULL);
  va_list args;

  va_start (args, first);
  for (const char *field = first; field != NULL; field = va_arg (args, const char *))
    {
      g_string_append (string, field);
      g_string_append_c (string, '\x1f');
    }
  va_end (args);
  return g_string_free (string, FALSE);
}

static char *
dup_strv_signature (const char         *first,
                    const char * const *strv)
{
  g_autofree char *joined = strv != NULL ? g_strjoinv ("\x1f", (char **)strv) : NULL;

  return dup_signature (first ? first : "", joined ? joined : "", NULL);
}

struct _GleanerPaperDetail
{
  AdwBin             parent_instance;

  /* Template widgets */
  GtkStack          *stack;
  AdwStatusPage     *empty_page;

  /* The paper's page, NULL until a paper is first shown (ensure_page()) */
  GtkScrolledWindow *scrolled_window;
  GtkLabel          *title_label;
  GtkLabel          *authors_label;
  GtkLabel          *meta_label;
  GtkWidget         *links_box;
  GtkWidget         *summary_box;
  GtkLabel          *summary_heading;
  GtkLabel          *summary_label;
  GtkWidget         *keywords_box;
  GtkWidget         *abstract_box;
  GtkLabel          *abstract_label;
  GtkWidget         *categories_box;
  GtkWidget         *withdrawn_box;
  GtkWidget         *arxiv_box;
  GtkWidget         *comments_box;
  GtkLabel          *comments_label;
  GtkWidget         *journal_box;
  GtkLabel          *journal_label;
  GtkWidget         *doi_box;
  GtkLabel          *doi_label;
  GtkWidget         *license_box;
  GtkLabel          *license_label;
  char             **highlight_words;  /* the search's words, ASCII lower case, or NULL */
  guint              has_list : 1;
  guint              has_list_set : 1;

  /* Owned references */
  GleanerPaper      *paper;
};

G_DEFINE_FINAL_TYPE (GleanerPaperDetail, gleaner_paper_detail, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PAPER,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
link_clicked_cb (GtkButton *button,
                 gpointer   user_data)
{
  const char *uri = g_object_get_data (G_OBJECT (button), LINK_URI_KEY);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));

  g_assert (GTK_IS_BUTTON (button));

  /* Only web addresses become buttons, and a button opens nothing else. */
  if (!gleaner_uri_is_web (uri))
    return;

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

static void
add_link (GleanerPaperDetail *self,
          const char         *kind,
          const char         *uri,
          const char         *icon_name,
          const char         *label,
          gint64              stars)
{
  GtkWidget *button;
  GtkWidget *box;
  g_autofree char *tooltip = NULL;

  g_assert (GLEANER_IS_PAPER_DETAIL (self));

  if (!gleaner_uri_is_web (uri))
    return;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (icon_name));
  gtk_box_append (GTK_BOX (box), gtk_label_new (label));

  if (stars >= 0)
    {
      g_autofree char *count = _gleaner_format_count (stars);
      GtkWidget *star_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
      GtkWidget *image = gtk_image_new_from_icon_name ("starred-symbolic");

      gtk_image_set_pixel_size (GTK_IMAGE (image), 12);
      gtk_box_append (GTK_BOX (star_box), image);
      gtk_box_append (GTK_BOX (star_box), gtk_label_new (count));
      gtk_widget_add_css_class (star_box, "dim-label");
      gtk_widget_add_css_class (star_box, "numeric");
      gtk_box_append (GTK_BOX (box), star_box);

      /* Translators: a link's tooltip: the first %s is the repository address, the second
       * its number of GitHub stars, as in "https://github.com/a/b — 1,234 stars". */
      tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s — %s star", "%s — %s stars",
                                              stars),
                                 uri, count);
    }

  /* These open web pages: Orca should say "link", not "button". */
  button = g_object_new (GTK_TYPE_BUTTON, "accessible-role", GTK_ACCESSIBLE_ROLE_LINK, NULL);
  gtk_button_set_child (GTK_BUTTON (button), box);
  /* Given when asked for: set ahead, each link and category asked the X server where the
   * pointer was as a paper was shown (gleaner-tooltip.c). Also the accessible description,
   * so a screen reader hears the star count, otherwise only in the tooltip. */
  gleaner_widget_set_tooltip (button, tooltip ? tooltip : uri);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_add_css_class (button, "paper-link");
  g_object_set_data (G_OBJECT (button), LINK_KIND_KEY, (gpointer)kind);
  g_object_set_data_full (G_OBJECT (button), LINK_URI_KEY, g_strdup (uri), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (link_clicked_cb), NULL);

  gleaner_wrap_box_append (self->links_box, button);
}

static void
update_links (GleanerPaperDetail *self)
{
  GleanerPaper *paper = self->paper;
  g_autofree char *arxiv = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *hf = NULL;
  g_autofree char *doi = NULL;
  g_autofree char *stars = NULL;
  g_autofree char *signature = NULL;

  if (paper != NULL)
    {
      arxiv = gleaner_paper_dup_arxiv_url (paper);
      pdf = gleaner_paper_dup_pdf_url (paper);
      hf = gleaner_paper_dup_hf_url (paper);
      doi = gleaner_uri_dup_doi_url (gleaner_paper_get_doi (paper));
      stars = g_strdup_printf ("%" G_GINT64_FORMAT, gleaner_paper_get_github_stars (paper));
      signature = dup_signature (arxiv ? arxiv : "", pdf ? pdf : "",
                                 _gleaner_paper_from_hf (paper) && hf ? hf : "",
                                 gleaner_paper_get_github_repo (paper) ?: "", stars,
                                 gleaner_paper_get_project_page (paper) ?: "", doi ? doi : "",
                                 gleaner_paper_get_license (paper) ?: "", NULL);
    }
  if (!gleaner_wrap_box_content_changed (self->links_box, signature))
    return;

  gleaner_wrap_box_remove_all (self->links_box);

  if (paper == NULL)
    {
      gtk_widget_set_visible (self->links_box, FALSE);
      return;
    }

  add_link (self, "arxiv", arxiv, "web-browser-symbolic", _("arXiv"), -1);
  add_link (self, "pdf", pdf, "x-office-document-symbolic", _("PDF"), -1);
  /* A paper only arXiv has told us about may have no Hugging Face page; unknown sources
   * (0, papers stored before sources were recorded) came from Hugging Face. */
  if (_gleaner_paper_from_hf (paper))
    add_link (self, "huggingface", hf, "system-users-symbolic", _("Hugging Face"), -1);
  add_link (self, "code", gleaner_paper_get_github_repo (paper), "utilities-terminal-symbolic",
            _("Code"), gleaner_paper_get_github_stars (paper));
  add_link (self, "project", gleaner_paper_get_project_page (paper), "insert-link-symbolic",
            _("Project Page"), -1);
  add_link (self, "doi", doi, "emblem-documents-symbolic", _("DOI"), -1);
  /* add_link() drops anything but http(s), so a licence given as text gets no button. */
  add_link (self, "license", gleaner_paper_get_license (paper), "emblem-shared-symbolic",
            _("Licence"), -1);

  gtk_widget_set_visible (self->links_box,
                          gtk_widget_get_first_child (self->links_box) != NULL);
}

static void
update_keywords (GleanerPaperDetail *self)
{
  const char * const *keywords = NULL;
  g_autofree char *signature = NULL;

  if (self->paper != NULL)
    keywords = gleaner_paper_get_ai_keywords (self->paper);

  signature = dup_strv_signature (NULL, keywords);
  if (!gleaner_wrap_box_content_changed (self->keywords_box, signature))
    return;

  gleaner_wrap_box_remove_all (self->keywords_box);

  for (guint i = 0; keywords != NULL && keywords[i] != NULL; i++)
    {
      g_autofree char *text = gleaner_text_from_latex (keywords[i]);
      GtkWidget *label;

      if (text == NULL || *text == '\0')
        continue;

      label = gtk_label_new (text);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
      gtk_widget_add_css_class (label, "keyword");
      gtk_widget_add_css_class (label, "caption");
      gleaner_wrap_box_append (self->keywords_box, label);
    }

  gtk_widget_set_visible (self->keywords_box,
                          gtk_widget_get_first_child (self->keywords_box) != NULL);
}

static void
update_meta (GleanerPaperDetail *self)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;
  g_autofree char *date = NULL;
  g_autofree char *updated = NULL;
  GleanerPaper *paper = self->paper;
  gint64 upvotes;
  gint64 comments;
  gint64 version;

  if (paper == NULL)
    {
      gtk_label_set_text (self->meta_label, "");
      return;
    }

  if ((date = _gleaner_format_date (gleaner_paper_get_published (paper), TRUE)))
    /* Translators: %s is a date. */
    g_ptr_array_add (parts, g_strdup_printf (_("Published %s"), date));

  if ((updated = _gleaner_format_date (gleaner_paper_get_updated (paper), TRUE)) &&
      g_strcmp0 (updated, date) != 0)
    /* Translators: %s is the date of a paper's latest version. */
    g_ptr_array_add (parts, g_strdup_printf (_("Updated %s"), updated));

  /* arXiv's own way to name a version: "arXiv:2401.00001v3". */
  if ((version = gleaner_paper_get_version (paper)) > 0)
    g_ptr_array_add (parts, g_strdup_printf ("arXiv:%sv%" G_GINT64_FORMAT,
                                             gleaner_paper_get_id (paper), version));
  else
    g_ptr_array_add (parts, g_strdup_printf ("arXiv:%s", gleaner_paper_get_id (paper)));

  if ((upvotes = gleaner_paper_get_upvotes (paper)) >= 0 && _gleaner_paper_from_hf (paper))
    {
      g_autofree char *count = _gleaner_format_count (upvotes);
      g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%s upvote", "%s upvotes", upvotes),
                                               count));
    }

  if ((comments = gleaner_paper_get_num_comments (paper)) >= 0 && _gleaner_paper_from_hf (paper))
    {
      g_autofree char *count = _gleaner_format_count (comments);
      g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%s comment", "%s comments", comments),
                                               count));
    }

  g_ptr_array_add (parts, NULL);
  text = g_strjoinv (" · ", (char **)parts->pdata);
  if (g_strcmp0 (gtk_label_get_text (self->meta_label), text) != 0)
    gtk_label_set_text (self->meta_label, text);
}

static void
set_label_text (GtkLabel   *label,
                const char *text)
{
  /* Network text is set as plain text; GtkLabel never parses it as markup. Unchanged text
   * is left alone, so a new object for the same paper redraws nothing. */
  if (g_strcmp0 (gtk_label_get_text (label), text ? text : "") != 0)
    gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

/* Marks every occurrence of the search's words in @label (see gleaner-highlight.c). */
static void
highlight_words (GleanerPaperDetail *self,
                 GtkLabel           *label)
{
  g_autoptr(PangoAttrList) attrs =
    gleaner_highlight_attrs (gtk_label_get_text (label), (const char * const *)self->highlight_words);
  PangoAttrList *old = gtk_label_get_attributes (label);

  /* New attributes relayout the label, however equal. */
  if (old == attrs || (old != NULL && attrs != NULL && pango_attr_list_equal (old, attrs)))
    return;
  gtk_label_set_attributes (label, attrs);
}

static void
add_category (GleanerPaperDetail *self,
              const char         *code,
              gboolean            primary)
{
  const GleanerArxivCategory *category = gleaner_arxiv_category_lookup (code);
  g_autofree char *label = NULL;
  g_autofree char *description = NULL;
  GtkWidget *pill;

  /* The code is short and what researchers know; the name is one hover (or the screen
   * reader's description) away. An unknown code is shown as it came. */
  label = category ? gleaner_arxiv_category_dup_label (category) : g_strdup (code);
  if (primary)
    /* Translators: the tooltip of a paper's main arXiv category, as in
     * "Primary category: cs.LG — Machine Learning". */
    description = g_strdup_printf (_("Primary category: %s"), label);

  pill = gtk_label_new (code);
  gtk_label_set_ellipsize (GTK_LABEL (pill), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (pill), 30);
  gleaner_widget_set_tooltip (pill, description ? description : label);
  gtk_widget_add_css_class (pill, "keyword");
  gtk_widget_add_css_class (pill, "category");
  gtk_widget_add_css_class (pill, "caption");
  if (primary)
    gtk_widget_add_css_class (pill, "primary");
  gleaner_wrap_box_append (self->categories_box, pill);
}

static void
update_categories (GleanerPaperDetail *self)
{
  const char * const *categories = NULL;
  const char *primary = NULL;
  g_autofree char *signature = NULL;

  if (self->paper != NULL)
    {
      categories = gleaner_paper_get_categories (self->paper);
      primary = gleaner_paper_get_primary_category (self->paper);
    }

  signature = dup_strv_signature (primary, categories);
  if (!gleaner_wrap_box_content_changed (self->categories_box, signature))
    return;

  gleaner_wrap_box_remove_all (self->categories_box);

  /* Primary first, then the cross-lists in arXiv's order, each once. */
  if (primary != NULL && *primary != '\0')
    add_category (self, primary, TRUE);

  for (guint i = 0; categories != NULL && categories[i] != NULL; i++)
    if (*categories[i] != '\0' && g_strcmp0 (categories[i], primary) != 0)
      add_category (self, categories[i], FALSE);

  gtk_widget_set_visible (self->categories_box,
                          gtk_widget_get_first_child (self->categories_box) != NULL);
}

/* A readable name for the licence URLs arXiv uses ("CC BY 4.0"); NULL to show the text. */
static char *
dup_license_name (const char *license)
{
  g_autoptr(GUri) uri = NULL;
  g_auto(GStrv) path = NULL;
  const char *host;

  if (license == NULL || !(uri = g_uri_parse (license, G_URI_FLAGS_NONE, NULL)))
    return NULL;

  host = g_uri_get_host (uri);
  path = g_strsplit (g_uri_get_path (uri), "/", -1);
  /* "", "licenses", "by-nc-sa", "4.0", "" */
  if (g_strv_length (path) < 4)
    return NULL;

  if (g_strcmp0 (host, "creativecommons.org") == 0 && g_strcmp0 (path[1], "licenses") == 0)
    {
      g_autofree char *kind = g_ascii_strup (path[2], -1);

      return g_strdup_printf ("CC %s %s", kind, path[3]);
    }

  if (g_strcmp0 (host, "creativecommons.org") == 0 && g_strcmp0 (path[1], "publicdomain") == 0 &&
      g_strcmp0 (path[2], "zero") == 0)
    return g_strdup_printf ("CC0 %s", path[3]);

  if (g_strcmp0 (host, "arxiv.org") == 0 && g_strcmp0 (path[2], "nonexclusive-distrib") == 0)
    return g_strdup (_("arXiv’s non-exclusive licence to distribute"));

  if (g_strcmp0 (host, "arxiv.org") == 0 && g_strcmp0 (path[2], "assumed-1991-2003") == 0)
    return g_strdup (_("arXiv’s licence for papers from 1991 to 2003"));

  return NULL;
}

static void
update_arxiv_fields (GleanerPaperDetail *self)
{
  GleanerPaper *paper = self->paper;
  g_autofree char *comments = NULL;
  g_autofree char *journal = NULL;
  g_autofree char *license = NULL;
  const char *doi = NULL;

  if (paper != NULL)
    {
      /* Comments and journal references are written in LaTeX as often as titles are. */
      comments = gleaner_text_from_latex (gleaner_paper_get_comments (paper));
      journal = gleaner_text_from_latex (gleaner_paper_get_journal_ref (paper));
      doi = gleaner_paper_get_doi (paper);
      if (!(license = dup_license_name (gleaner_paper_get_license (paper))))
        license = g_strdup (gleaner_paper_get_license (paper));
    }

  set_label_text (self->comments_label, comments);
  set_label_text (self->journal_label, journal);
  set_label_text (self->doi_label, doi);
  set_label_text (self->license_label, license);
  gtk_widget_set_visible (self->comments_box, gtk_widget_get_visible (GTK_WIDGET (self->comments_label)));
  gtk_widget_set_visible (self->journal_box, gtk_widget_get_visible (GTK_WIDGET (self->journal_label)));
  gtk_widget_set_visible (self->doi_box, gtk_widget_get_visible (GTK_WIDGET (self->doi_label)));
  gtk_widget_set_visible (self->license_box, gtk_widget_get_visible (GTK_WIDGET (self->license_label)));
  gtk_widget_set_visible (self->arxiv_box,
                          gtk_widget_get_visible (self->comments_box) ||
                          gtk_widget_get_visible (self->journal_box) ||
                          gtk_widget_get_visible (self->doi_box) ||
                          gtk_widget_get_visible (self->license_box));

  gtk_widget_set_visible (self->withdrawn_box, paper != NULL && gleaner_paper_get_withdrawn (paper));
}

#define PAGE_RESOURCE "/io/github/gleaner/Gleaner/gleaner-paper-detail-page.ui"

/* The widgets of the paper's page that the code fills in, by their ids in PAGE_RESOURCE. */
static const struct
{
  const char *id;
  gsize       offset;
} page_widgets[] = {
#define PAGE_WIDGET(name) { #name, G_STRUCT_OFFSET (GleanerPaperDetail, name) }
  PAGE_WIDGET (scrolled_window),
  PAGE_WIDGET (title_label),
  PAGE_WIDGET (authors_label),
  PAGE_WIDGET (meta_label),
  PAGE_WIDGET (links_box),
  PAGE_WIDGET (summary_box),
  PAGE_WIDGET (summary_heading),
  PAGE_WIDGET (summary_label),
  PAGE_WIDGET (keywords_box),
  PAGE_WIDGET (abstract_box),
  PAGE_WIDGET (abstract_label),
  PAGE_WIDGET (categories_box),
  PAGE_WIDGET (withdrawn_box),
  PAGE_WIDGET (arxiv_box),
  PAGE_WIDGET (comments_box),
  PAGE_WIDGET (comments_label),
  PAGE_WIDGET (journal_box),
  PAGE_WIDGET (journal_label),
  PAGE_WIDGET (doi_box),
  PAGE_WIDGET (doi_label),
  PAGE_WIDGET (license_box),
  PAGE_WIDGET (license_label),
#undef PAGE_WIDGET
};

/* The paper's page, built the first time a paper is shown: its 35 widgets were built with
 * the window at every start, for a page shown only once the user picks a paper. The stack
 * owns them; the fields point at them until the pane is disposed. */
static void
ensure_page (GleanerPaperDetail *self)
{
  g_autoptr(GtkBuilder) builder = NULL;

  if (self->scrolled_window != NULL)
    return;

  /* Built in: it cannot fail to load (GTK aborts if it does). */
  builder = gtk_builder_new_from_resource (PAGE_RESOURCE);

  for (guint i = 0; i < G_N_ELEMENTS (page_widgets); i++)
    {
      GObject *widget = gtk_builder_get_object (builder, page_widgets[i].id);

      g_assert (GTK_IS_WIDGET (widget));
      G_STRUCT_MEMBER (gpointer, self, page_widgets[i].offset) = widget;
    }
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->scrolled_window), "paper");
}

static void
update (GleanerPaperDetail *self)
{
  g_autofree char *title = NULL;
  g_autofree char *authors = NULL;
  g_autofree char *abstract = NULL;
  g_autofree char *summary = NULL;
  GleanerPaper *paper = self->paper;

  g_assert (GLEANER_IS_PAPER_DETAIL (self));

  /* No paper yet: nothing on the paper's page to clear. */
  if (paper == NULL && self->scrolled_window == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  ensure_page (self);

  if (paper != NULL)
    {
      const char * const *names = gleaner_paper_get_authors (paper);

      title = gleaner_text_from_latex (gleaner_paper_get_title (paper));
      abstract = gleaner_text_from_latex (gleaner_paper_get_abstract (paper));
      summary = gleaner_text_from_latex (gleaner_paper_get_ai_summary (paper));
      if (names != NULL && names[0] != NULL)
        authors = g_strjoinv (", ", (char **)names);
    }

  set_label_text (self->title_label, title);
  set_label_text (self->authors_label, authors);
  set_label_text (self->abstract_label, abstract);
  highlight_words (self, self->title_label);
  highlight_words (self, self->abstract_label);
  gtk_widget_set_visible (self->abstract_box, abstract != NULL && *abstract != '\0');
  set_label_text (self->summary_label, summary);
  update_meta (self);
  update_links (self);
  update_keywords (self);
  update_categories (self);
  update_arxiv_fields (self);
  gtk_widget_set_visible (self->summary_box,
                          gtk_widget_get_visible (GTK_WIDGET (self->summary_label)) ||
                          gtk_widget_get_visible (self->keywords_box));
  gtk_label_set_text (self->summary_heading,
                      gtk_widget_get_visible (GTK_WIDGET (self->summary_label))
                        ? _("AI Summary") : _("AI Keywords"));

  gtk_stack_set_visible_child_name (self->stack, paper != NULL ? "paper" : "empty");
}

static void
paper_notify_cb (GleanerPaperDetail *self,
                 GParamSpec         *pspec,
                 GleanerPaper       *paper)
{
  g_assert (GLEANER_IS_PAPER_DETAIL (self));

  /* Star and read marks are shown by the window's header bar; only synced data matters. */
  if (g_strcmp0 (pspec->name, "upvotes") == 0 || g_strcmp0 (pspec->name, "title") == 0)
    update (self);
}

static void
gleaner_paper_detail_dispose (GObject *object)
{
  GleanerPaperDetail *self = (GleanerPaperDetail *)object;

  g_clear_object (&self->paper);

  G_OBJECT_CLASS (gleaner_paper_detail_parent_class)->dispose (object);

  /* The template's dispose took the stack, and the page with it. */
  for (guint i = 0; i < G_N_ELEMENTS (page_widgets); i++)
    G_STRUCT_MEMBER (gpointer, self, page_widgets[i].offset) = NULL;
}

static void
gleaner_paper_detail_finalize (GObject *object)
{
  GleanerPaperDetail *self = (GleanerPaperDetail *)object;

  g_clear_pointer (&self->highlight_words, g_strfreev);

  G_OBJECT_CLASS (gleaner_paper_detail_parent_class)->finalize (object);
}

static void
gleaner_paper_detail_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  GleanerPaperDetail *self = GLEANER_PAPER_DETAIL (object);

  switch (prop_id)
    {
    case PROP_PAPER:
      g_value_set_object (value, self->paper);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gleaner_paper_detail_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  GleanerPaperDetail *self = GLEANER_PAPER_DETAIL (object);

  switch (prop_id)
    {
    case PROP_PAPER:
      gleaner_paper_detail_set_paper (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gleaner_paper_detail_class_init (GleanerPaperDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gleaner_paper_detail_dispose;
  object_class->finalize = gleaner_paper_detail_finalize;
  object_class->get_property = gleaner_paper_detail_get_property;
  object_class->set_property = gleaner_paper_detail_set_property;

  properties [PROP_PAPER] =
    g_param_spec_object ("paper", NULL, NULL,
                         GLEANER_TYPE_PAPER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GLEANER_TYPE_WRAP_BOX);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gleaner/Gleaner/gleaner-paper-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, GleanerPaperDetail, empty_page);
  gtk_widget_class_bind_template_child (widget_class, GleanerPaperDetail, stack);
}

static void
gleaner_paper_detail_init (GleanerPaperDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gleaner_a11y_track_stack (self->stack);
}

GtkWidget *
gleaner_paper_detail_new (void)
{
  return g_object_new (GLEANER_TYPE_PAPER_DETAIL, NULL);
}

/* Words of @query (the list's search) are marked in the title and abstract; NULL or "" for
 * none. Words shorter than two characters and search syntax (quotes, OR) are left out. */
void
gleaner_paper_detail_set_highlight (GleanerPaperDetail *self,
                                    const char         *query)
{
  g_return_if_fail (GLEANER_IS_PAPER_DETAIL (self));

  g_clear_pointer (&self->highlight_words, g_strfreev);
  self->highlight_words = gleaner_highlight_split_words (query);

  /* Without the page, no paper was shown yet: showing one marks its words. */
  if (self->scrolled_window == NULL)
    return;
  highlight_words (self, self->title_label);
  highlight_words (self, self->abstract_label);
}

/* With no list to choose from (no papers yet, no connection), "Choose a paper from the list"
 * would point at nothing: the pane then stays quiet and leaves the talking to the list pane. */
void
gleaner_paper_detail_set_has_list (GleanerPaperDetail *self,
                                   gboolean            has_list)
{
  g_return_if_fail (GLEANER_IS_PAPER_DETAIL (self));

  /* Called at every change of the list's state (each refresh): setting the same icon again
   * reloads it and redraws the page. */
  has_list = !!has_list;
  if (self->has_list_set && self->has_list == has_list)
    return;
  self->has_list_set = TRUE;
  self->has_list = has_list;

  adw_status_page_set_icon_name (self->empty_page, has_list ? "x-office-document-symbolic" : NULL);
  adw_status_page_set_title (self->empty_page, has_list ? _("No Paper Selected") : NULL);
  adw_status_page_set_description (self->empty_page,
                                   has_list ? _("Choose a paper from the list to read its abstract") : NULL);
}

GleanerPaper *
gleaner_paper_detail_get_paper (GleanerPaperDetail *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER_DETAIL (self), NULL);
  return self->paper;
}

void
gleaner_paper_detail_set_paper (GleanerPaperDetail *self,
                                GleanerPaper       *paper)
{
  GtkAdjustment *vadj;
  gboolean same_paper;

  g_return_if_fail (GLEANER_IS_PAPER_DETAIL (self));
  g_return_if_fail (!paper || GLEANER_IS_PAPER (paper));

  if (self->paper == paper)
    return;

  /* The list may hand out a new object for the same paper (its cache is small); keep the
   * reading position then. */
  same_paper = self->paper != NULL && paper != NULL &&
               g_strcmp0 (gleaner_paper_get_id (self->paper), gleaner_paper_get_id (paper)) == 0;

  if (self->paper != NULL)
    g_signal_handlers_disconnect_by_func (self->paper, paper_notify_cb, self);

  g_set_object (&self->paper, paper);

  if (paper != NULL)
    g_signal_connect_object (paper, "notify", G_CALLBACK (paper_notify_cb), self,
                             G_CONNECT_SWAPPED);

  update (self);

  if (!same_paper && self->scrolled_window != NULL)
    {
      vadj = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
      gtk_adjustment_set_value (vadj, gtk_adjustment_get_lower (vadj));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PAPER]);
}

GtkLabel *
gleaner_paper_detail_get_title_label (GleanerPaperDetail *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER_DETAIL (self), NULL);
  ensure_page (self);
  return self->title_label;
}

GtkLabel *
gleaner_paper_detail_get_authors_label (GleanerPaperDetail *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER_DETAIL (self), NULL);
  ensure_page (self);
  return self->authors_label;
}

GtkLabel *
gleaner_paper_detail_get_abstract_label (GleanerPaperDetail *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER_DETAIL (self), NULL);
  ensure_page (self);
  return self->abstract_label;
}

GtkLabel *
gleaner_paper_detail_get_summary_label (GleanerPaperDetail *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER_DETAIL (self), NULL);
  ensure_page (self);
  return self->summary_label;
}

GtkWidget *
gleaner_paper_detail_get_link_button (GleanerPaperDetail *self,
                                      const char         *kind)
{
  g_return_val_if_fail (GLEANER_IS_PAPER_DETAIL (self), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  ensure_page (self);
  for (GtkWidget *button = gtk_widget_get_first_child (self->links_box);
       button != NULL;
       button = gtk_widget_get_next_sibling (button))
    {
      if (g_strcmp0 (g_object_get_data (G_OBJECT (button), LINK_KIND_KEY), kind) == 0)
        return button;
    }

  return NULL;
}

const char *
gleaner_paper_detail_get_link_uri (GtkWidget *link_button)
{
  g_return_val_if_fail (GTK_IS_BUTTON (link_button), NULL);
  return g_object_get_data (G_OBJECT (link_button), LINK_URI_KEY);
}

GtkWidget *
gleaner_paper_detail_get_arxiv_widget (GleanerPaperDetail *self,
                                       const char         *field)
{
  g_return_val_if_fail (GLEANER_IS_PAPER_DETAIL (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  ensure_page (self);
  if (g_str_equal (field, "categories"))
    return self->categories_box;
  if (g_str_equal (field, "withdrawn"))
    return self->withdrawn_box;
  if (g_str_equal (field, "comments"))
    return GTK_WIDGET (self->comments_label);
  if (g_str_equal (field, "journal-ref"))
    return GTK_WIDGET (self->journal_label);
  if (g_str_equal (field, "doi"))
    return GTK_WIDGET (self->doi_label);
  if (g_str_equal (field, "license"))
    return GTK_WIDGET (self->license_label);
  if (g_str_equal (field, "meta"))
    return GTK_WIDGET (self->meta_label);
  if (g_str_equal (field, "keywords"))
    return self->keywords_box;

  g_return_val_if_reached (NULL);
}
