/* gleaner-background.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-background"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libportal/portal.h>
#include <libportal-gtk4/portal-gtk4.h>

#include "gleaner-background.h"

gboolean
gleaner_background_use_portal (void)
{
  return xdp_portal_running_under_flatpak () ||
         g_strcmp0 (g_getenv ("GTK_USE_PORTAL"), "1") == 0;
}

GStrv
gleaner_background_dup_commandline (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  /* Inside Flatpak the portal resolves the command within the app; outside, the entry must
   * name the installed binary. --gapplication-service starts us without a window. */
  if (xdp_portal_running_under_flatpak ())
    g_strv_builder_add (builder, "gleaner");
  else
    {
      g_autofree char *path = g_build_filename (BINDIR, "gleaner", NULL);

      g_strv_builder_add (builder, path);
    }
  g_strv_builder_add (builder, "--gapplication-service");

  return g_strv_builder_end (builder);
}

char *
gleaner_background_dup_autostart_path (void)
{
  g_autofree char *name = g_strconcat (APP_ID, ".desktop", NULL);

  return g_build_filename (g_get_user_config_dir (), "autostart", name, NULL);
}

static gboolean
write_autostart (gboolean   autostart,
                 GError   **error)
{
  g_autofree char *path = gleaner_background_dup_autostart_path ();
  g_autoptr(GKeyFile) key_file = NULL;
  g_auto(GStrv) commandline = NULL;
  g_autofree char *exec = NULL;
  g_autofree char *dir = NULL;

  if (!autostart)
    {
      if (g_unlink (path) != 0 && errno != ENOENT)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Could not remove “%s”: %s"), path, g_strerror (saved_errno));
          return FALSE;
        }
      return TRUE;
    }

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  commandline = gleaner_background_dup_commandline ();
  for (guint i = 0; commandline[i]; i++)
    {
      g_autofree char *quoted = g_shell_quote (commandline[i]);
      g_autofree char *old = g_steal_pointer (&exec);

      exec = old ? g_strconcat (old, " ", quoted, NULL) : g_steal_pointer (&quoted);
    }

  key_file = g_key_file_new ();
  g_key_file_set_string (key_file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_TYPE,
                         G_KEY_FILE_DESKTOP_TYPE_APPLICATION);
  g_key_file_set_string (key_file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NAME,
                         _("Gleaner"));
  g_key_file_set_string (key_file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_COMMENT,
                         _("Fetch new papers in the background"));
  g_key_file_set_string (key_file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC, exec);
  g_key_file_set_string (key_file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_ICON, APP_ID);
  g_key_file_set_boolean (key_file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NO_DISPLAY,
                          TRUE);
  g_key_file_set_boolean (key_file, G_KEY_FILE_DESKTOP_GROUP, "X-GNOME-Autostart-enabled", TRUE);

  return g_key_file_save_to_file (key_file, path, error);
}

static void
portal_request_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (xdp_portal_request_background_finish (XDP_PORTAL (object), result, &error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* A "no" comes back as FALSE without an error, a dismissed dialog as cancelled. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    g_task_return_error_if_cancelled (task);
  else if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                             _("Gleaner is not allowed to run in the background. "
                               "You can change this in Settings › Apps."));
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
gleaner_background_request_async (GtkWindow           *parent,
                                  gboolean             autostart,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(XdpPortal) portal = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *commandline = NULL;
  g_auto(GStrv) argv = NULL;
  XdpParent *xdp_parent = NULL;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gleaner_background_request_async);

  if (!gleaner_background_use_portal ())
    {
      if (write_autostart (autostart, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  portal = xdp_portal_new ();

  argv = gleaner_background_dup_commandline ();
  commandline = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; argv[i]; i++)
    g_ptr_array_add (commandline, g_strdup (argv[i]));

  if (parent != NULL)
    xdp_parent = xdp_parent_new_gtk (parent);

  xdp_portal_request_background (portal, xdp_parent,
                                 _("Fetch new papers and tell you about them while no window is open"),
                                 /* (transfer container) */
                                 g_steal_pointer (&commandline),
                                 autostart ? XDP_BACKGROUND_FLAG_AUTOSTART : XDP_BACKGROUND_FLAG_NONE,
                                 cancellable, portal_request_cb, g_steal_pointer (&task));

  g_clear_pointer (&xdp_parent, xdp_parent_free);
}

gboolean
gleaner_background_request_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
