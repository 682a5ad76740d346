/* gleaner-background.h — permission to keep running with no window, and to start at login.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Whether we run inside a Flatpak sandbox, or GTK_USE_PORTAL=1 asks for portals anyway (as
 * GTK itself honours it). */
gboolean gleaner_background_use_portal      (void);

/* Asks to run in the background, and to be started at login (as a D-Bus service, with no
 * window) when @autostart. In a sandbox this goes through the background portal, which may
 * ask the user; outside one there is nobody to ask, so the XDG autostart entry is written or
 * removed directly. Finishes with FALSE and G_IO_ERROR_PERMISSION_DENIED when the user said no. */
void     gleaner_background_request_async   (GtkWindow           *parent,
                                             gboolean             autostart,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean gleaner_background_request_finish  (GAsyncResult        *result,
                                             GError             **error);

/* The command a login session runs: the installed binary as a D-Bus service. */
GStrv    gleaner_background_dup_commandline (void);

/* $XDG_CONFIG_HOME/autostart/APP_ID.desktop, used outside a sandbox. */
char    *gleaner_background_dup_autostart_path (void);

G_END_DECLS
