/* gleaner-arxiv-id.h — pure helpers for arXiv identifiers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Returns the version-less arXiv id ("2401.00001", "hep-th/9901001") for any of the forms the
 * sources use: a bare id with or without "vN", an arxiv.org abs/pdf URL (http or https, with or
 * without ".pdf"), "arXiv:ID" or "oai:arXiv.org:ID". Returns NULL when @text is not an arXiv id. */
char *gleaner_arxiv_id_normalize (const char *text);

/* Like gleaner_arxiv_id_normalize(), and also sets *@version (if not NULL) to the "vN" the
 * text carried, or to -1 when it carried none or is not an id. */
char *gleaner_arxiv_id_parse     (const char *text,
                                  gint64     *version);

G_END_DECLS
