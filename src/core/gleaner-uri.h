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

G_END_DECLS
