/* gleaner-paper.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-paper"

#include "config.h"

#include "gleaner-paper.h"

struct _GleanerPaper
{
  GObject   parent_instance;

  char     *id;
  gint64    rowid;
  char     *title;
  char     *abstract;
  char    **authors;
  gint64    published;
  gint64    submitted;
  char     *daily_date;
  gint64    upvotes;
  gint64    num_comments;
  char     *ai_summary;
  char    **ai_keywords;
  char     *github_repo;
  gint64    github_stars;
  char     *project_page;
  char     *thumbnail;
  char    **categories;
  char     *primary_category;
  char     *comments;
  char     *journal_ref;
  char     *doi;
  char     *license;
  gint64    version;
  gint64    updated;
  GleanerSourceKind sources;
  guint     withdrawn : 1;
  guint     replaced : 1;

  guint     starred : 1;
  guint     read : 1;
};

G_DEFINE_FINAL_TYPE (GleanerPaper, gleaner_paper, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_UPVOTES,
  PROP_STARRED,
  PROP_READ,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];
static const char * const empty_strv[] = { NULL };

static void
gleaner_paper_finalize (GObject *object)
{
  GleanerPaper *self = (GleanerPaper *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->abstract, g_free);
  g_clear_pointer (&self->authors, g_strfreev);
  g_clear_pointer (&self->daily_date, g_free);
  g_clear_pointer (&self->ai_summary, g_free);
  g_clear_pointer (&self->ai_keywords, g_strfreev);
  g_clear_pointer (&self->github_repo, g_free);
  g_clear_pointer (&self->project_page, g_free);
  g_clear_pointer (&self->thumbnail, g_free);
  g_clear_pointer (&self->categories, g_strfreev);
  g_clear_pointer (&self->primary_category, g_free);
  g_clear_pointer (&self->comments, g_free);
  g_clear_pointer (&self->journal_ref, g_free);
  g_clear_pointer (&self->doi, g_free);
  g_clear_pointer (&self->license, g_free);

  G_OBJECT_CLASS (gleaner_paper_parent_class)->finalize (object);
}

static void
gleaner_paper_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GleanerPaper *self = GLEANER_PAPER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_UPVOTES:
      g_value_set_int64 (value, self->upvotes);
      break;

    case PROP_STARRED:
      g_value_set_boolean (value, self->starred);
      break;

    case PROP_READ:
      g_value_set_boolean (value, self->read);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gleaner_paper_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  GleanerPaper *self = GLEANER_PAPER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_free (self->id);
      self->id = g_value_dup_string (value);
      break;

    case PROP_TITLE:
      gleaner_paper_set_title (self, g_value_get_string (value));
      break;

    case PROP_UPVOTES:
      gleaner_paper_set_upvotes (self, g_value_get_int64 (value));
      break;

    case PROP_STARRED:
      gleaner_paper_set_starred (self, g_value_get_boolean (value));
      break;

    case PROP_READ:
      gleaner_paper_set_read (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gleaner_paper_class_init (GleanerPaperClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gleaner_paper_finalize;
  object_class->get_property = gleaner_paper_get_property;
  object_class->set_property = gleaner_paper_set_property;

  properties [PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_UPVOTES] =
    g_param_spec_int64 ("upvotes", NULL, NULL, -1, G_MAXINT64, -1,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_STARRED] =
    g_param_spec_boolean ("starred", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_READ] =
    g_param_spec_boolean ("read", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gleaner_paper_init (GleanerPaper *self)
{
  self->upvotes = -1;
  self->num_comments = -1;
  self->github_stars = -1;
  self->version = -1;
}

GleanerPaper *
gleaner_paper_new (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (GLEANER_TYPE_PAPER, "id", id, NULL);
}

const char *
gleaner_paper_get_id (GleanerPaper *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER (self), NULL);
  return self->id;
}

gint64
gleaner_paper_get_rowid (GleanerPaper *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER (self), 0);
  return self->rowid;
}

void
gleaner_paper_set_rowid (GleanerPaper *self,
                         gint64        rowid)
{
  g_return_if_fail (GLEANER_IS_PAPER (self));
  self->rowid = rowid;
}

#define STRING_ACCESSORS(field)                                          \
const char *                                                             \
gleaner_paper_get_##field (GleanerPaper *self)                           \
{                                                                        \
  g_return_val_if_fail (GLEANER_IS_PAPER (self), NULL);                  \
  return self->field;                                                    \
}                                                                        \
                                                                         \
void                                                                     \
gleaner_paper_set_##field (GleanerPaper *self,                           \
                           const char   *value)                          \
{                                                                        \
  char *copy;                                                            \
  g_return_if_fail (GLEANER_IS_PAPER (self));                            \
  copy = g_strdup (value);                                               \
  g_free (self->field);                                                  \
  self->field = copy;                                                    \
}

#define INT_ACCESSORS(field)                                             \
gint64                                                                   \
gleaner_paper_get_##field (GleanerPaper *self)                           \
{                                                                        \
  g_return_val_if_fail (GLEANER_IS_PAPER (self), -1);                    \
  return self->field;                                                    \
}                                                                        \
                                                                         \
void                                                                     \
gleaner_paper_set_##field (GleanerPaper *self,                           \
                           gint64        value)                          \
{                                                                        \
  g_return_if_fail (GLEANER_IS_PAPER (self));                            \
  self->field = value;                                                   \
}

STRING_ACCESSORS (abstract)
STRING_ACCESSORS (daily_date)
STRING_ACCESSORS (ai_summary)
STRING_ACCESSORS (github_repo)
STRING_ACCESSORS (project_page)
STRING_ACCESSORS (thumbnail)
STRING_ACCESSORS (primary_category)
STRING_ACCESSORS (comments)
STRING_ACCESSORS (journal_ref)
STRING_ACCESSORS (doi)
STRING_ACCESSORS (license)
INT_ACCESSORS (published)
INT_ACCESSORS (submitted)
INT_ACCESSORS (num_comments)
INT_ACCESSORS (github_stars)
INT_ACCESSORS (version)
INT_ACCESSORS (updated)

const char * const *
gleaner_paper_get_categories (GleanerPaper *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER (self), NULL);
  return self->categories ? (const char * const *)self->categories : empty_strv;
}

void
gleaner_paper_take_categories (GleanerPaper  *self,
                               char         **categories)
{
  g_return_if_fail (GLEANER_IS_PAPER (self));
  g_strfreev (self->categories);
  self->categories = categories;
}

GleanerSourceKind
gleaner_paper_get_sources (GleanerPaper *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER (self), 0);
  return self->sources;
}

void
gleaner_paper_set_sources (GleanerPaper      *self,
                           GleanerSourceKind  sources)
{
  g_return_if_fail (GLEANER_IS_PAPER (self));
  self->sources = sources;
}

gboolean
gleaner_paper_get_withdrawn (GleanerPaper *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER (self), FALSE);
  return self->withdrawn;
}

void
gleaner_paper_set_withdrawn (GleanerPaper *self,
                             gboolean      withdrawn)
{
  g_return_if_fail (GLEANER_IS_PAPER (self));
  self->withdrawn = !!withdrawn;
}

gboolean
gleaner_paper_get_replaced (GleanerPaper *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER (self), FALSE);
  return self->replaced;
}

void
gleaner_paper_set_replaced (GleanerPaper *self,
                            gboolean      replaced)
{
  g_return_if_fail (GLEANER_IS_PAPER (self));
  self->replaced = !!replaced;
}

const char *
gleaner_paper_get_title (GleanerPaper *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER (self), NULL);
  return self->title;
}

void
gleaner_paper_set_title (GleanerPaper *self,
                         const char   *title)
{
  g_return_if_fail (GLEANER_IS_PAPER (self));

  if (g_strcmp0 (self->title, title) != 0)
    {
      g_free (self->title);
      self->title = g_strdup (title);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TITLE]);
    }
}

gint64
gleaner_paper_get_upvotes (GleanerPaper *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER (self), -1);
  return self->upvotes;
}

void
gleaner_paper_set_upvotes (GleanerPaper *self,
                           gint64        upvotes)
{
  g_return_if_fail (GLEANER_IS_PAPER (self));

  if (self->upvotes != upvotes)
    {
      self->upvotes = upvotes;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_UPVOTES]);
    }
}

const char * const *
gleaner_paper_get_authors (GleanerPaper *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER (self), NULL);
  return self->authors ? (const char * const *)self->authors : empty_strv;
}

void
gleaner_paper_take_authors (GleanerPaper  *self,
                            char         **authors)
{
  g_return_if_fail (GLEANER_IS_PAPER (self));
  g_strfreev (self->authors);
  self->authors = authors;
}

const char * const *
gleaner_paper_get_ai_keywords (GleanerPaper *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER (self), NULL);
  return self->ai_keywords ? (const char * const *)self->ai_keywords : empty_strv;
}

void
gleaner_paper_take_ai_keywords (GleanerPaper  *self,
                                char         **keywords)
{
  g_return_if_fail (GLEANER_IS_PAPER (self));
  g_strfreev (self->ai_keywords);
  self->ai_keywords = keywords;
}

gboolean
gleaner_paper_get_starred (GleanerPaper *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER (self), FALSE);
  return self->starred;
}

void
gleaner_paper_set_starred (GleanerPaper *self,
                           gboolean      starred)
{
  g_return_if_fail (GLEANER_IS_PAPER (self));

  starred = !!starred;
  if (self->starred != starred)
    {
      self->starred = starred;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STARRED]);
    }
}

gboolean
gleaner_paper_get_read (GleanerPaper *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER (self), FALSE);
  return self->read;
}

void
gleaner_paper_set_read (GleanerPaper *self,
                        gboolean      read)
{
  g_return_if_fail (GLEANER_IS_PAPER (self));

  read = !!read;
  if (self->read != read)
    {
      self->read = read;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_READ]);
    }
}

/* Ids are normalised before they get here (digits, dots, letters, '-' and one '/'), so they
 * are safe to paste into a URL path as they are. */
char *
gleaner_paper_dup_arxiv_url (GleanerPaper *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER (self), NULL);
  return g_strdup_printf ("https://arxiv.org/abs/%s", self->id);
}

char *
gleaner_paper_dup_pdf_url (GleanerPaper *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER (self), NULL);
  return g_strdup_printf ("https://arxiv.org/pdf/%s", self->id);
}

char *
gleaner_paper_dup_hf_url (GleanerPaper *self)
{
  g_return_val_if_fail (GLEANER_IS_PAPER (self), NULL);
  return g_strdup_printf ("https://huggingface.co/papers/%s", self->id);
}
