/* gleaner-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-window"

#include "config.h"

#include "gleaner-window.h"

struct _GleanerWindow
{
  AdwApplicationWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (GleanerWindow, gleaner_window, ADW_TYPE_APPLICATION_WINDOW)

static void
gleaner_window_class_init (GleanerWindowClass *klass)
{
}

static void
gleaner_window_init (GleanerWindow *self)
{
}

GleanerWindow *
gleaner_window_new (GleanerApplication *application)
{
  return g_object_new (GLEANER_TYPE_WINDOW, "application", application, NULL);
}
