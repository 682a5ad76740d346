/* gleaner-application-cli.h — the command-line modes of GleanerApplication.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gleaner-application.h"

G_BEGIN_DECLS

/* Each returns the process's exit status and prints what it did (errors to stderr). */
int _gleaner_application_run_cli_sync          (GleanerApplication *self);
int _gleaner_application_run_cli_search        (GleanerApplication *self,
                                                const char         *query);
int _gleaner_application_run_cli_export_bibtex (GleanerApplication *self,
                                                const char         *path);

G_END_DECLS
