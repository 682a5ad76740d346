/* gleaner-arxiv-completer.h — completes the papers a user opens or stars from arXiv's API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gleaner-arxiv-source.h"
#include "gleaner-fetcher.h"
#include "gleaner-paper.h"
#include "gleaner-store.h"

G_BEGIN_DECLS

#define GLEANER_TYPE_ARXIV_COMPLETER (gleaner_arxiv_completer_get_type ())

G_DECLARE_FINAL_TYPE (GleanerArxivCompleter, gleaner_arxiv_completer, GLEANER, ARXIV_COMPLETER, GObject)

/* What a listing (or Hugging Face) leaves out of a paper — primary category, first-version
 * date, comments, journal reference, DOI — asked from arXiv's API with id_list lookups
 * (gleaner_arxiv_source_complete_async()), through @fetcher (shared with the sync, so arXiv's
 * spacing and host lock hold) and stored in @store, whose "changed" signal then refreshes the
 * views.
 *
 * Only while arXiv is enabled (@source follows at least one category): a user who never
 * chose arXiv sends it nothing. Then any paper with an arXiv id that lacks the fields is
 * asked for, whichever source it came from: no categories (Hugging Face), or none of
 * comments, journal reference and DOI (a listing never has them).
 *
 * Each paper is asked for at most once per completer (a failure is remembered too, so
 * reopening a paper does not ask again; only a cancelled lookup is forgotten). Papers asked
 * for before the main loop next goes idle share one request (up to 50 ids); those asked for
 * while a request runs share the next one. Failures are logged (g_debug), never shown: the
 * detail pane keeps what it has. */
GleanerArxivCompleter *gleaner_arxiv_completer_new     (GleanerArxivSource    *source,
                                                        GleanerFetcher        *fetcher,
                                                        GleanerStore          *store);
/* Whether @paper would be asked for: arXiv enabled, an arXiv id, lacking the fields, not
 * asked for before. */
gboolean               gleaner_arxiv_completer_wants   (GleanerArxivCompleter *self,
                                                        GleanerPaper          *paper);
/* Queues @paper if gleaner_arxiv_completer_wants() it; returns whether it did. */
gboolean               gleaner_arxiv_completer_request (GleanerArxivCompleter *self,
                                                        GleanerPaper          *paper);
/* Drops the queue and cancels the running request (window closed, quitting); papers not
 * completed may be asked for again later. */
void                   gleaner_arxiv_completer_cancel  (GleanerArxivCompleter *self);
/* Also the "busy" property: a request is queued or running. */
gboolean               gleaner_arxiv_completer_get_busy (GleanerArxivCompleter *self);

G_END_DECLS
