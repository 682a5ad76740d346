/* gleaner-arxiv-parser.h — pure parser for arXiv's Atom documents (listing feeds and the API).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gleaner-types.h"

G_BEGIN_DECLS

#define GLEANER_ARXIV_PARSER_ERROR (gleaner_arxiv_parser_error_quark ())

typedef enum
{
  GLEANER_ARXIV_PARSER_ERROR_INVALID_XML,  /* not well-formed, truncated, or over the size cap */
  GLEANER_ARXIV_PARSER_ERROR_UNEXPECTED,   /* XML, but not an Atom feed (an HTML page…) */
  GLEANER_ARXIV_PARSER_ERROR_SERVER,       /* the API's own error feed; message quotes arXiv's text */
  GLEANER_ARXIV_PARSER_ERROR_UNSAFE,       /* a DOCTYPE / entity declaration: refused, not read */
} GleanerArxivParserError;

/* How a listing announced an entry (arxiv:announce_type); API entries are UNKNOWN. */
typedef enum
{
  GLEANER_ARXIV_ANNOUNCE_UNKNOWN,
  GLEANER_ARXIV_ANNOUNCE_NEW,
  GLEANER_ARXIV_ANNOUNCE_CROSS,
  GLEANER_ARXIV_ANNOUNCE_REPLACE,        /* also replace-cross */
} GleanerArxivAnnounce;

/* What a document says about itself beyond its entries. */
typedef struct
{
  gint64  total_results;   /* API: opensearch:totalResults; -1 if absent */
  gint64  start_index;     /* API: opensearch:startIndex; -1 if absent */
  gint64  items_per_page;  /* API: opensearch:itemsPerPage; -1 if absent */
  guint   n_skipped;       /* entries without a usable id or title */
  guint   n_replaced;      /* entries announced as replacements (in the array, see _get_announce) */
} GleanerArxivFeedInfo;

GQuark               gleaner_arxiv_parser_error_quark (void);

/* Parses a listing feed ({rss-url}/atom/cs.LG+…) or an API response. Returns (transfer full)
 * (element-type GleanerPaper) the usable entries in document order, each with id (versionless,
 * new or old style), version, title and abstract as readable text (LaTeX and accents turned
 * into Unicode, hard wraps joined; never markup), authors, categories (primary first),
 * published/updated, comments, journal ref, DOI, licence, sources = GLEANER_SOURCE_KIND_ARXIV;
 * or NULL with @error set. An empty feed (weekends, holidays) is an empty array, not an error.
 * Never loads a DTD, never substitutes entities, never touches the network; caps the input
 * size. Thread-safe. @info may be NULL. */
GPtrArray           *gleaner_arxiv_parse_feed         (GBytes                *bytes,
                                                       GleanerArxivFeedInfo  *info,
                                                       GError               **error);

/* The announce type a listing gave @paper (set by the parser as object data). */
GleanerArxivAnnounce gleaner_arxiv_paper_get_announce (GleanerPaper          *paper);

G_END_DECLS
