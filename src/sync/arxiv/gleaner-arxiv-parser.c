/* gleaner-arxiv-parser.c — pure parser for arXiv's Atom documents (listing feeds and the API).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-arxiv-parser"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libxml/xmlreader.h>

#include "gleaner-arxiv-id.h"
#include "gleaner-arxiv-parser.h"
#include "gleaner-paper.h"
#include "gleaner-text.h"

/* A full listing of 2,000 entries is about 5 MB; the cap only bounds hostile input. */
#define MAX_DOCUMENT_SIZE (64 * 1024 * 1024)

/* Longest single string kept from the network, in bytes (as the HF parser). */
#define MAX_STRING_LEN (64 * 1024)

/* Longest server error message quoted to the user, in bytes. */
#define MAX_ERROR_LEN 200

/* Real papers have at most a few thousand authors and a dozen categories. */
#define MAX_AUTHORS 5000
#define MAX_CATEGORIES 64
#define MAX_CATEGORY_LEN 32

#define NS_ATOM       "http://www.w3.org/2005/Atom"
#define NS_ARXIV      "http://arxiv.org/schemas/atom"
#define NS_OPENSEARCH "http://a9.com/-/spec/opensearch/1.1/"
#define NS_DC         "http://purl.org/dc/elements/1.1/"

#define ANNOUNCE_KEY "gleaner-arxiv-announce"

/* Only what we ask for: no network, no DTD, no entity substitution (XML_PARSE_NOENT,
 * XML_PARSE_DTDLOAD and XML_PARSE_DTDATTR are deliberately absent), no libxml2 output on
 * stderr, and UTF-8 whatever the document claims (arXiv only sends UTF-8; an encoding such
 * as UTF-7 could hide a DOCTYPE from find_declaration()). */
#define PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | \
                       XML_PARSE_NOCDATA | XML_PARSE_IGNORE_ENC)

G_DEFINE_QUARK (gleaner-arxiv-parser-error-quark, gleaner_arxiv_parser_error)

GleanerArxivAnnounce
gleaner_arxiv_paper_get_announce (GleanerPaper *paper)
{
  g_return_val_if_fail (GLEANER_IS_PAPER (paper), GLEANER_ARXIV_ANNOUNCE_UNKNOWN);

  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (paper), ANNOUNCE_KEY));
}

/* The element's text, made valid UTF-8 and cut to MAX_STRING_LEN on a character boundary;
 * NULL if it holds nothing but white space. Entity references cannot occur (documents with a
 * DOCTYPE are refused), so the content is exactly the characters the document holds. */
static char *
node_text (xmlNode *node)
{
  xmlChar *content;
  g_autofree char *valid = NULL;
  gsize len;

  if (node == NULL)
    return NULL;

  content = xmlNodeGetContent (node);
  if (content == NULL)
    return NULL;

  len = strlen ((const char *) content);
  if (len > MAX_STRING_LEN)
    {
      gsize cut = MAX_STRING_LEN;

      while (cut > 0 && ((guchar) content[cut] & 0xc0) == 0x80)
        cut--;
      len = cut;
    }

  valid = g_utf8_make_valid ((const char *) content, len);
  xmlFree (content);

  g_strstrip (valid);
  if (valid[0] == '\0')
    return NULL;

  return g_steal_pointer (&valid);
}

/* @text on one line, NULL if empty. */
static char *
one_line (const char *text)
{
  g_autofree char *line = gleaner_text_collapse_whitespace (text);

  if (line == NULL || line[0] == '\0')
    return NULL;

  return g_steal_pointer (&line);
}

/* @text as readable Unicode (LaTeX, accents and hard wraps handled), NULL if empty. */
static char *
readable (const char *text)
{
  g_autofree char *result = gleaner_text_from_latex (text);

  if (result == NULL)
    return NULL;

  g_strstrip (result);
  if (result[0] == '\0')
    return NULL;

  return g_steal_pointer (&result);
}

static gboolean
is_element (xmlNode    *node,
            const char *ns,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE &&
         node->ns != NULL &&
         strcmp ((const char *) node->name, name) == 0 &&
         strcmp ((const char *) node->ns->href, ns) == 0;
}

static char *
attribute (xmlNode    *node,
           const char *name)
{
  xmlChar *value = xmlGetNoNsProp (node, (const xmlChar *) name);
  char *result;

  if (value == NULL)
    return NULL;

  result = one_line ((const char *) value);
  xmlFree (value);

  return result;
}

/* Unix time of an RFC 3339 timestamp; 0 if absent or not one. */
static gint64
parse_time (const char *text,
            GTimeZone  *utc)
{
  g_autoptr(GDateTime) dt = NULL;
  gint64 unix_time;

  if (text == NULL)
    return 0;

  dt = g_date_time_new_from_iso8601 (text, utc);
  if (dt == NULL)
    return 0;

  unix_time = g_date_time_to_unix (dt);

  return unix_time > 0 ? unix_time : 0;
}

/* arXiv's category codes: "cs.LG", "hep-th", "math-ph", "q-bio.NC", "cond-mat.str-el". */
static gboolean
is_category (const char *term)
{
  gsize len = strlen (term);

  if (len == 0 || len > MAX_CATEGORY_LEN || !g_ascii_isalpha (term[0]))
    return FALSE;

  for (const char *p = term; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-')
        return FALSE;
    }

  return TRUE;
}

static void
add_category (GPtrArray *categories,
              char      *term)   /* (transfer full) */
{
  if (term == NULL || !is_category (term) || categories->len >= MAX_CATEGORIES)
    {
      g_free (term);
      return;
    }

  for (guint i = 0; i < categories->len; i++)
    {
      if (strcmp (g_ptr_array_index (categories, i), term) == 0)
        {
          g_free (term);
          return;
        }
    }

  g_ptr_array_add (categories, term);
}

static void
add_author (GPtrArray  *authors,
            const char *name)
{
  g_autofree char *line = one_line (name);
  g_autofree char *text = NULL;

  if (line == NULL || authors->len >= MAX_AUTHORS)
    return;

  /* Names arrive with TeX accents too ("Kr\"uger"). */
  text = readable (line);
  if (text != NULL)
    g_ptr_array_add (authors, g_steal_pointer (&text));
}

/* The listings' dc:creator holds every author in one string: "A, B, C" (older feeds wrote
 * "A, B and C"). */
static void
add_creators (GPtrArray  *authors,
              const char *creators)
{
  g_auto(GStrv) parts = g_strsplit (creators, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *name = g_strstrip (parts[i]);

      if (g_str_has_prefix (name, "and "))
        name += strlen ("and ");

      /* "A and B" without a comma. */
      if (parts[i + 1] == NULL && strstr (name, " and ") != NULL)
        {
          g_auto(GStrv) pair = g_strsplit (name, " and ", 2);

          add_author (authors, pair[0]);
          add_author (authors, pair[1]);
          continue;
        }

      add_author (authors, name);
    }
}

static GleanerArxivAnnounce
parse_announce (const char *text)
{
  if (text == NULL)
    return GLEANER_ARXIV_ANNOUNCE_UNKNOWN;
  if (g_ascii_strcasecmp (text, "new") == 0)
    return GLEANER_ARXIV_ANNOUNCE_NEW;
  if (g_ascii_strcasecmp (text, "cross") == 0)
    return GLEANER_ARXIV_ANNOUNCE_CROSS;
  /* "absonly" is a changed abstract without a new version: an update all the same. */
  if (g_ascii_strcasecmp (text, "replace") == 0 ||
      g_ascii_strcasecmp (text, "replace-cross") == 0 ||
      g_ascii_strcasecmp (text, "absonly") == 0)
    return GLEANER_ARXIV_ANNOUNCE_REPLACE;

  return GLEANER_ARXIV_ANNOUNCE_UNKNOWN;
}

/* Strips a listing's "arXiv:2401.12345v2 Announce Type: new \nAbstract: " prefix from
 * @summary (in place, by returning a pointer into it) and reports the type it names. Text
 * without the prefix (the API's) is returned as is. */
static const char *
strip_listing_prefix (const char           *summary,
                      GleanerArxivAnnounce *announce)
{
  const char *type;
  const char *abstract;

  *announce = GLEANER_ARXIV_ANNOUNCE_UNKNOWN;

  if (!g_str_has_prefix (summary, "arXiv:"))
    return summary;

  type = strstr (summary, " Announce Type:");
  abstract = strstr (summary, "Abstract:");

  /* The prefix is short; a later "Abstract:" is part of the text. */
  if (abstract == NULL || abstract - summary > 200)
    return summary;

  if (type != NULL && type < abstract)
    {
      g_autofree char *name = NULL;

      type += strlen (" Announce Type:");
      name = g_strndup (type, abstract - type);
      *announce = parse_announce (g_strstrip (name));
    }

  return abstract + strlen ("Abstract:");
}

/* arXiv marks a withdrawal in the comment ("This paper has been withdrawn by the author") and
 * the new version's abstract ("This paper has been withdrawn", "This submission has been
 * withdrawn by arXiv administrators"). */
static gboolean
says_withdrawn (const char *text,
                gboolean    anywhere)
{
  g_autofree char *lower = NULL;

  if (text == NULL)
    return FALSE;

  lower = g_utf8_strdown (text, -1);

  if (g_str_has_prefix (lower, "withdrawn") ||
      g_str_has_prefix (lower, "this paper has been withdrawn") ||
      g_str_has_prefix (lower, "this submission has been withdrawn") ||
      g_str_has_prefix (lower, "this article has been withdrawn"))
    return TRUE;

  return anywhere && (strstr (lower, "has been withdrawn") != NULL ||
                      strstr (lower, "paper withdrawn") != NULL);
}

/* "10.1000/xyz" from a bare DOI or a doi.org URL; NULL if it is not one. */
static char *
clean_doi (const char *text)
{
  g_autofree char *line = one_line (text);
  const char *doi;

  if (line == NULL)
    return NULL;

  doi = line;
  if (g_str_has_prefix (doi, "https://doi.org/"))
    doi += strlen ("https://doi.org/");
  else if (g_str_has_prefix (doi, "http://dx.doi.org/"))
    doi += strlen ("http://dx.doi.org/");
  else if (g_str_has_prefix (doi, "http://doi.org/"))
    doi += strlen ("http://doi.org/");

  /* Several DOIs are sometimes given, space-separated: keep the first. */
  if (!g_str_has_prefix (doi, "10.") || strchr (doi, '/') == NULL)
    return NULL;

  return g_strndup (doi, strcspn (doi, " "));
}

typedef struct
{
  char *id_text;
  char *title;
  char *summary;
  char *primary;
  char *comments;
  char *journal_ref;
  char *doi;
  char *doi_link;
  char *license;
  char *published;
  char *updated;
  char *announce;
  GPtrArray *authors;
  GPtrArray *categories;
} Entry;

static void
entry_clear (Entry *entry)
{
  g_free (entry->id_text);
  g_free (entry->title);
  g_free (entry->summary);
  g_free (entry->primary);
  g_free (entry->comments);
  g_free (entry->journal_ref);
  g_free (entry->doi);
  g_free (entry->doi_link);
  g_free (entry->license);
  g_free (entry->published);
  g_free (entry->updated);
  g_free (entry->announce);
  g_clear_pointer (&entry->authors, g_ptr_array_unref);
  g_clear_pointer (&entry->categories, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Entry, entry_clear)

/* Keeps the first of a repeated element. */
static void
take_first (char **slot,
            char  *value)
{
  if (*slot == NULL)
    *slot = value;
  else
    g_free (value);
}

static void
read_link (Entry   *entry,
           xmlNode *child)
{
  g_autofree char *title = attribute (child, "title");
  g_autofree char *rel = attribute (child, "rel");

  if (g_strcmp0 (title, "doi") == 0)
    take_first (&entry->doi_link, attribute (child, "href"));
  else if (g_strcmp0 (rel, "license") == 0)
    take_first (&entry->license, attribute (child, "href"));
}

/* Collects an <entry>'s fields by element name and namespace, never by position or prefix. */
static void
read_entry (Entry   *entry,
            xmlNode *node)
{
  entry->authors = g_ptr_array_new_with_free_func (g_free);
  entry->categories = g_ptr_array_new_with_free_func (g_free);

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE || child->ns == NULL)
        continue;

      if (is_element (child, NS_ATOM, "id"))
        take_first (&entry->id_text, node_text (child));
      else if (is_element (child, NS_ATOM, "title"))
        take_first (&entry->title, node_text (child));
      else if (is_element (child, NS_ATOM, "summary"))
        take_first (&entry->summary, node_text (child));
      else if (is_element (child, NS_ATOM, "published"))
        take_first (&entry->published, node_text (child));
      else if (is_element (child, NS_ATOM, "updated"))
        take_first (&entry->updated, node_text (child));
      else if (is_element (child, NS_ATOM, "category"))
        add_category (entry->categories, attribute (child, "term"));
      else if (is_element (child, NS_ARXIV, "primary_category"))
        take_first (&entry->primary, attribute (child, "term"));
      else if (is_element (child, NS_ATOM, "link"))
        read_link (entry, child);
      else if (is_element (child, NS_ATOM, "author"))
        {
          for (xmlNode *name = child->children; name != NULL; name = name->next)
            {
              if (is_element (name, NS_ATOM, "name"))
                {
                  g_autofree char *text = node_text (name);

                  add_author (entry->authors, text);
                  break;
                }
            }
        }
      else if (is_element (child, NS_DC, "creator"))
        {
          g_autofree char *text = node_text (child);

          if (text != NULL)
            add_creators (entry->authors, text);
        }
      else if (is_element (child, NS_ARXIV, "comment"))
        take_first (&entry->comments, node_text (child));
      /* The API says journal_ref and doi, the listings journal_reference and DOI. */
      else if (is_element (child, NS_ARXIV, "journal_ref") ||
               is_element (child, NS_ARXIV, "journal_reference"))
        take_first (&entry->journal_ref, node_text (child));
      else if (is_element (child, NS_ARXIV, "doi") || is_element (child, NS_ARXIV, "DOI"))
        take_first (&entry->doi, node_text (child));
      else if (is_element (child, NS_DC, "rights") || is_element (child, NS_ATOM, "rights"))
        take_first (&entry->license, node_text (child));
      else if (is_element (child, NS_ARXIV, "announce_type"))
        take_first (&entry->announce, node_text (child));
    }
}

/* Builds a paper from an <entry>; NULL (and *@skipped set) if it has no usable id or title.
 * Sets @error and returns NULL for the API's error entry. */
static GleanerPaper *
build_paper (xmlNode     *node,
             GTimeZone   *utc,
             gboolean    *skipped,
             GError     **error)
{
  g_auto(Entry) entry = { 0 };
  g_autoptr(GleanerPaper) paper = NULL;
  g_autofree char *id = NULL;
  g_autofree char *title = NULL;
  g_autofree char *abstract = NULL;
  g_autofree char *comments = NULL;
  g_autofree char *journal_ref = NULL;
  g_autofree char *doi = NULL;
  g_autofree char *license = NULL;
  GleanerArxivAnnounce announce = GLEANER_ARXIV_ANNOUNCE_UNKNOWN;
  GleanerArxivAnnounce prefix_announce = GLEANER_ARXIV_ANNOUNCE_UNKNOWN;
  const char *summary = NULL;
  gint64 version = -1;
  gint64 published, updated;

  *skipped = FALSE;
  read_entry (&entry, node);

  if (entry.id_text != NULL && strstr (entry.id_text, "arxiv.org/api/errors") != NULL)
    {
      g_autofree char *message = one_line (entry.summary);

      if (message != NULL && strlen (message) > MAX_ERROR_LEN)
        {
          gsize cut = MAX_ERROR_LEN;

          while (cut > 0 && ((guchar) message[cut] & 0xc0) == 0x80)
            cut--;
          message[cut] = '\0';
        }

      g_set_error (error, GLEANER_ARXIV_PARSER_ERROR, GLEANER_ARXIV_PARSER_ERROR_SERVER,
                   /* Translators: %s is arXiv's own error message, in English. */
                   _("arXiv refused the query: %s"),
                   message != NULL ? message : _("no reason given"));
      return NULL;
    }

  id = gleaner_arxiv_id_parse (entry.id_text, &version);
  title = readable (entry.title);
  if (id == NULL || title == NULL)
    {
      *skipped = TRUE;
      return NULL;
    }

  if (entry.summary != NULL)
    summary = strip_listing_prefix (entry.summary, &prefix_announce);
  abstract = readable (summary);

  announce = parse_announce (entry.announce);
  if (announce == GLEANER_ARXIV_ANNOUNCE_UNKNOWN)
    announce = prefix_announce;

  comments = readable (entry.comments);
  journal_ref = readable (entry.journal_ref);
  if (!(doi = clean_doi (entry.doi)))
    doi = clean_doi (entry.doi_link);
  license = one_line (entry.license);

  /* The primary category leads the list, as the header promises. */
  if (entry.primary != NULL && is_category (entry.primary))
    {
      g_ptr_array_insert (entry.categories, 0, g_strdup (entry.primary));
      for (guint i = 1; i < entry.categories->len; i++)
        {
          if (strcmp (g_ptr_array_index (entry.categories, i), entry.primary) == 0)
            {
              g_ptr_array_remove_index (entry.categories, i);
              break;
            }
        }
    }

  published = parse_time (entry.published, utc);
  updated = parse_time (entry.updated, utc);

  paper = gleaner_paper_new (id);
  gleaner_paper_set_title (paper, title);
  gleaner_paper_set_abstract (paper, abstract);
  g_ptr_array_add (entry.authors, NULL);
  gleaner_paper_take_authors (paper, (char **) g_ptr_array_steal (entry.authors, NULL));
  g_ptr_array_add (entry.categories, NULL);
  gleaner_paper_take_categories (paper, (char **) g_ptr_array_steal (entry.categories, NULL));
  if (entry.primary != NULL && is_category (entry.primary))
    gleaner_paper_set_primary_category (paper, entry.primary);
  gleaner_paper_set_comments (paper, comments);
  gleaner_paper_set_journal_ref (paper, journal_ref);
  gleaner_paper_set_doi (paper, doi);
  gleaner_paper_set_license (paper, license);
  gleaner_paper_set_version (paper, version);
  gleaner_paper_set_withdrawn (paper, says_withdrawn (comments, TRUE) || says_withdrawn (abstract, FALSE));
  gleaner_paper_set_sources (paper, GLEANER_SOURCE_KIND_ARXIV);

  if (announce == GLEANER_ARXIV_ANNOUNCE_UNKNOWN)
    {
      /* The API: published is version 1, updated this version. */
      gleaner_paper_set_published (paper, published);
      gleaner_paper_set_updated (paper, updated != 0 ? updated : published);
    }
  else
    {
      /* A listing's dates are the announcement day. For a new paper that is its publication
       * on arXiv; a replacement only says when the new version came out. */
      if (announce != GLEANER_ARXIV_ANNOUNCE_REPLACE)
        gleaner_paper_set_published (paper, published);
      gleaner_paper_set_updated (paper, published != 0 ? published : updated);
    }

  g_object_set_data (G_OBJECT (paper), ANNOUNCE_KEY, GINT_TO_POINTER (announce));
  gleaner_paper_set_replaced (paper, announce == GLEANER_ARXIV_ANNOUNCE_REPLACE);

  return g_steal_pointer (&paper);
}

/* Looks for "<!DOCTYPE" or "<!ENTITY" anywhere in the raw bytes, before libxml2 sees them:
 * libxml2 reads ahead, so the reader may already have parsed a declaration (and used it) by
 * the time it reports the DOCTYPE node. Matching in comments or CDATA too only refuses more.
 * Returns the declaration's start or NULL; *@name_out is set to the DOCTYPE's root name
 * (NULL for an ENTITY). */
static const char *
find_declaration (const char  *data,
                  gsize        size,
                  char       **name_out)
{
  const char *end = data + size;

  *name_out = NULL;

  for (const char *p = data; (p = memchr (p, '<', end - p)) != NULL; p++)
    {
      gsize left = end - p;

      if (left > 9 && p[1] == '!' && g_ascii_strncasecmp (p + 2, "DOCTYPE", 7) == 0)
        {
          const char *name = p + 9;
          const char *name_end;

          while (name < end && g_ascii_isspace (*name))
            name++;
          name_end = name;
          while (name_end < end && name_end - name < 64 &&
                 (g_ascii_isalnum (*name_end) || strchr (":-_.", *name_end) != NULL) &&
                 *name_end != '\0')
            name_end++;

          *name_out = g_strndup (name, name_end - name);
          return p;
        }

      if (left > 8 && p[1] == '!' && g_ascii_strncasecmp (p + 2, "ENTITY", 6) == 0)
        return p;
    }

  return NULL;
}

/* Sets @error for a document with a declaration: a feed that declares anything is refused as
 * unsafe (external entities such as file:///etc/passwd, expansion bombs); an HTML page with
 * its <!DOCTYPE html> is just not a feed. */
static void
set_declaration_error (const char  *name,
                       GError     **error)
{
  const char *local = name != NULL ? strrchr (name, ':') : NULL;

  local = local != NULL ? local + 1 : name;

  if (local != NULL && local[0] != '\0' && g_ascii_strcasecmp (local, "feed") != 0)
    g_set_error (error, GLEANER_ARXIV_PARSER_ERROR, GLEANER_ARXIV_PARSER_ERROR_UNEXPECTED,
                 _("The response is not an Atom feed (it is a “%s” document)"), local);
  else
    g_set_error (error, GLEANER_ARXIV_PARSER_ERROR, GLEANER_ARXIV_PARSER_ERROR_UNSAFE,
                 _("The feed declares a document type, which is refused for safety"));
}

typedef struct
{
  char *message;   /* libxml2's first error, one line */
  int   line;
} ReaderErrors;

#if LIBXML_VERSION >= 21200
#define GLEANER_XML_ERROR const xmlError
#else
#define GLEANER_XML_ERROR xmlError
#endif

/* Keeps the first error to quote it; libxml2 would otherwise print every one on stderr. */
static void
on_reader_error (void              *user_data,
                 GLEANER_XML_ERROR *xml_error)
{
  ReaderErrors *errors = user_data;

  if (errors->message != NULL || xml_error == NULL || xml_error->level < XML_ERR_ERROR)
    return;

  errors->message = one_line (xml_error->message);
  errors->line = xml_error->line;
}

static void
ensure_libxml_initialized (void)
{
  static gsize initialized = 0;

  /* libxml2 sets up its globals here; doing it once, before any thread parses, is its rule. */
  if (g_once_init_enter (&initialized))
    {
      xmlInitParser ();
      g_once_init_leave (&initialized, 1);
    }
}

static gint64
parse_count (const char *text)
{
  gint64 value;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, 0, G_MAXINT64, &value, NULL))
    return -1;

  return value;
}

/* Reads the feed-level opensearch numbers (API responses only). */
static void
read_feed_child (xmlNode              *node,
                 GleanerArxivFeedInfo *info)
{
  g_autofree char *text = NULL;
  gint64 *slot;

  if (is_element (node, NS_OPENSEARCH, "totalResults"))
    slot = &info->total_results;
  else if (is_element (node, NS_OPENSEARCH, "startIndex"))
    slot = &info->start_index;
  else if (is_element (node, NS_OPENSEARCH, "itemsPerPage"))
    slot = &info->items_per_page;
  else
    return;

  text = node_text (node);
  *slot = parse_count (text);
}

/* Walks the document with libxml2's streaming reader: the <feed> root, then each of its
 * children expanded on its own, so a 2,000-entry listing never sits in memory as one tree.
 * Stops at a DOCTYPE before any declaration in it can be used. */
static gboolean
read_document (xmlTextReaderPtr       reader,
               GPtrArray             *papers,
               GleanerArxivFeedInfo  *info,
               GTimeZone             *utc,
               GError               **error)
{
  gboolean seen_root = FALSE;
  int ret = xmlTextReaderRead (reader);

  while (ret == 1)
    {
      int type = xmlTextReaderNodeType (reader);
      int depth = xmlTextReaderDepth (reader);

      /* find_declaration() refused these already; this is the second line of defence. */
      if (type == XML_READER_TYPE_DOCUMENT_TYPE)
        {
          set_declaration_error ((const char *) xmlTextReaderConstLocalName (reader), error);
          return FALSE;
        }

      if (type == XML_READER_TYPE_ENTITY_REFERENCE || type == XML_READER_TYPE_ENTITY)
        {
          g_set_error (error, GLEANER_ARXIV_PARSER_ERROR, GLEANER_ARXIV_PARSER_ERROR_UNSAFE,
                       _("The feed uses entity references, which are refused for safety"));
          return FALSE;
        }

      if (type == XML_READER_TYPE_ELEMENT && depth == 0)
        {
          const char *name = (const char *) xmlTextReaderConstLocalName (reader);
          const char *ns = (const char *) xmlTextReaderConstNamespaceUri (reader);

          if (g_strcmp0 (name, "feed") != 0 || g_strcmp0 (ns, NS_ATOM) != 0)
            {
              g_set_error (error, GLEANER_ARXIV_PARSER_ERROR, GLEANER_ARXIV_PARSER_ERROR_UNEXPECTED,
                           _("The response is not an Atom feed (it is a “%s” document)"),
                           name != NULL ? name : "?");
              return FALSE;
            }

          seen_root = TRUE;
        }
      else if (type == XML_READER_TYPE_ELEMENT && depth == 1)
        {
          xmlNode *node = xmlTextReaderExpand (reader);

          /* NULL: the subtree is broken (truncated); the error is reported below. */
          if (node == NULL)
            {
              ret = -1;
              break;
            }

          if (is_element (node, NS_ATOM, "entry"))
            {
              gboolean skipped = FALSE;
              GError *local_error = NULL;
              GleanerPaper *paper = build_paper (node, utc, &skipped, &local_error);

              if (local_error != NULL)
                {
                  g_propagate_error (error, local_error);
                  return FALSE;
                }

              if (paper != NULL)
                {
                  if (gleaner_arxiv_paper_get_announce (paper) == GLEANER_ARXIV_ANNOUNCE_REPLACE)
                    info->n_replaced++;
                  g_ptr_array_add (papers, paper);
                }
              else if (skipped)
                {
                  info->n_skipped++;
                }
            }
          else
            {
              read_feed_child (node, info);
            }

          ret = xmlTextReaderNext (reader);
          continue;
        }

      ret = xmlTextReaderRead (reader);
    }

  if (ret < 0)
    return FALSE;   /* the caller quotes libxml2's error */

  if (!seen_root)
    {
      g_set_error (error, GLEANER_ARXIV_PARSER_ERROR, GLEANER_ARXIV_PARSER_ERROR_INVALID_XML,
                   _("The feed is empty or not XML"));
      return FALSE;
    }

  return TRUE;
}

GPtrArray *
gleaner_arxiv_parse_feed (GBytes                *bytes,
                          GleanerArxivFeedInfo  *info,
                          GError               **error)
{
  g_autoptr(GPtrArray) papers = NULL;
  g_autoptr(GTimeZone) utc = NULL;
  GleanerArxivFeedInfo local_info;
  ReaderErrors errors = { NULL, 0 };
  g_autofree char *declared_name = NULL;
  GError *local_error = NULL;
  xmlTextReaderPtr reader;
  const char *data;
  gsize size;
  gboolean ok;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (info == NULL)
    info = &local_info;
  info->total_results = -1;
  info->start_index = -1;
  info->items_per_page = -1;
  info->n_skipped = 0;
  info->n_replaced = 0;

  data = g_bytes_get_data (bytes, &size);

  if (size > MAX_DOCUMENT_SIZE)
    {
      g_set_error (error, GLEANER_ARXIV_PARSER_ERROR, GLEANER_ARXIV_PARSER_ERROR_INVALID_XML,
                   _("The feed is larger than %u MiB"), MAX_DOCUMENT_SIZE / (1024 * 1024));
      return NULL;
    }

  if (size == 0 || data == NULL)
    {
      g_set_error (error, GLEANER_ARXIV_PARSER_ERROR, GLEANER_ARXIV_PARSER_ERROR_INVALID_XML,
                   _("The feed is empty or not XML"));
      return NULL;
    }

  if (find_declaration (data, size, &declared_name) != NULL)
    {
      set_declaration_error (declared_name, error);
      return NULL;
    }

  ensure_libxml_initialized ();

  reader = xmlReaderForMemory (data, (int) size, NULL, "UTF-8", PARSE_OPTIONS);
  if (reader == NULL)
    {
      g_set_error (error, GLEANER_ARXIV_PARSER_ERROR, GLEANER_ARXIV_PARSER_ERROR_INVALID_XML,
                   _("The feed is empty or not XML"));
      return NULL;
    }

  xmlTextReaderSetStructuredErrorHandler (reader, (xmlStructuredErrorFunc) on_reader_error, &errors);

  utc = g_time_zone_new_utc ();
  papers = g_ptr_array_new_with_free_func (g_object_unref);
  ok = read_document (reader, papers, info, utc, &local_error);
  xmlFreeTextReader (reader);

  if (!ok)
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      else
        g_set_error (error, GLEANER_ARXIV_PARSER_ERROR, GLEANER_ARXIV_PARSER_ERROR_INVALID_XML,
                     /* Translators: %d is a line number, %s libxml2's (English) message. */
                     _("The feed is not well-formed XML (line %d: %s)"),
                     errors.line, errors.message != NULL ? errors.message : _("truncated"));
      g_free (errors.message);
      return NULL;
    }

  g_free (errors.message);

  return g_steal_pointer (&papers);
}
