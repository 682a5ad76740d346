/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "gleaner-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GleanerApplication) app = NULL;
  const char *localedir = g_getenv ("GLEANER_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = gleaner_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
