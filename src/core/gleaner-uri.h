/* gleaner-uri.h — which addresses Gleaner opens or fetches.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE if @text is an absolute http or https URI (scheme in any case) with a host, as GUri
 * parses it with G_URI_FLAGS_ENCODED, and has no whitespace or control characters anywhere.
 * Userinfo is allowed: a mirror may need it. FALSE for NULL, "", relative references and
 * every other scheme (javascript:, file:, data:…). */
gboolean gleaner_uri_is_web (const char *text);

/* The https://doi.org/ address of @doi ("10.1000/xyz", also written "doi:10.…" or as a
 * doi.org URL; the first of several separated by spaces), its suffix escaped for a URI path;
 * NULL if @doi is not a DOI. Free with g_free(). */
char    *gleaner_uri_dup_doi_url (const char *doi);

G_END_DECLS
