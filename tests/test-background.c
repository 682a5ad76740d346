/* test-background.c — asking to run in the background: the XDG autostart entry outside a
 * sandbox, and the background portal (a fake org.freedesktop.portal.Desktop on a private
 * D-Bus) inside one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "gleaner-background.h"
#include "gleaner-test-util.h"

static char *config_dir;

/* ---------------------------------------------------------------------------------------- */
/* A fake background portal */

static const char portal_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.portal.Background'>"
  "    <method name='RequestBackground'>"
  "      <arg type='s' name='parent_window' direction='in'/>"
  "      <arg type='a{sv}' name='options' direction='in'/>"
  "      <arg type='o' name='handle' direction='out'/>"
  "    </method>"
  "    <property name='version' type='u' access='read'/>"
  "  </interface>"
  "</node>";

typedef struct
{
  GDBusConnection *connection;
  guint            registration_id;
  guint            owner_id;
  gboolean         name_acquired;
  /* What the next request is answered with. */
  guint32          response;
  gboolean         grant;
  /* What the last request asked. */
  guint            n_requests;
  GVariant        *options;
} FakePortal;

static FakePortal portal;

typedef struct
{
  char    *sender;
  char    *path;
  guint32  response;
  gboolean grant;
  gboolean autostart;
} PendingResponse;

static gboolean
emit_response_cb (gpointer user_data)
{
  PendingResponse *pending = user_data;
  GVariantBuilder results;

  g_variant_builder_init (&results, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&results, "{sv}", "background", g_variant_new_boolean (pending->grant));
  g_variant_builder_add (&results, "{sv}", "autostart",
                         g_variant_new_boolean (pending->grant && pending->autostart));

  /* Sent to the caller alone, as xdg-desktop-portal does (callers add no match rule). */
  g_dbus_connection_emit_signal (portal.connection, pending->sender, pending->path,
                                 "org.freedesktop.portal.Request", "Response",
                                 g_variant_new ("(ua{sv})", pending->response, &results), NULL);
  g_free (pending->sender);
  g_free (pending->path);
  g_free (pending);

  return G_SOURCE_REMOVE;
}

static void
method_call_cb (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  g_autofree char *sender_part = NULL;
  const char *token = NULL;
  PendingResponse *pending;
  gboolean autostart = FALSE;

  g_assert_cmpstr (method_name, ==, "RequestBackground");

  portal.n_requests++;
  g_clear_pointer (&portal.options, g_variant_unref);
  g_variant_get (parameters, "(&s@a{sv})", NULL, &portal.options);
  g_variant_lookup (portal.options, "handle_token", "&s", &token);
  g_variant_lookup (portal.options, "autostart", "b", &autostart);
  g_assert_nonnull (token);

  /* The request path the spec defines: the caller's unique name without ':' and '.' as '_'. */
  sender_part = g_strdup (sender + 1);
  g_strdelimit (sender_part, ".", '_');

  pending = g_new0 (PendingResponse, 1);
  pending->sender = g_strdup (sender);
  pending->path = g_strdup_printf ("/org/freedesktop/portal/desktop/request/%s/%s",
                                   sender_part, token);
  pending->response = portal.response;
  pending->grant = portal.grant;
  pending->autostart = autostart;

  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", pending->path));
  /* After the reply, as the real portal answers once the user decided. */
  g_idle_add (emit_response_cb, pending);
}

static GVariant *
get_property_cb (GDBusConnection  *connection,
                 const char       *sender,
                 const char       *object_path,
                 const char       *interface_name,
                 const char       *property_name,
                 GError          **error,
                 gpointer          user_data)
{
  return g_variant_new_uint32 (2);
}

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  portal.name_acquired = TRUE;
}

static void
fake_portal_start (void)
{
  static const GDBusInterfaceVTable vtable = { method_call_cb, get_property_cb, NULL };
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  portal.connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  info = g_dbus_node_info_new_for_xml (portal_xml, &error);
  g_assert_no_error (error);
  portal.registration_id =
    g_dbus_connection_register_object (portal.connection, "/org/freedesktop/portal/desktop",
                                       info->interfaces[0], &vtable, NULL, NULL, &error);
  g_assert_no_error (error);

  portal.owner_id = g_bus_own_name_on_connection (portal.connection,
                                                  "org.freedesktop.portal.Desktop",
                                                  G_BUS_NAME_OWNER_FLAGS_NONE,
                                                  name_acquired_cb, NULL, NULL, NULL);
  while (!portal.name_acquired)
    g_main_context_iteration (NULL, TRUE);
}

static void
fake_portal_stop (void)
{
  g_bus_unown_name (portal.owner_id);
  g_dbus_connection_unregister_object (portal.connection, portal.registration_id);
  g_clear_pointer (&portal.options, g_variant_unref);
  g_clear_object (&portal.connection);
}

/* ---------------------------------------------------------------------------------------- */

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Request;

static void
request_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Request *request = user_data;

  request->ok = gleaner_background_request_finish (result, &request->error);
  request->done = TRUE;
}

/* Each test says whether it runs as if sandboxed, so it passes alone and in any order. The
 * variable is read on the main thread only, between requests. */
static void
set_use_portal (gboolean use_portal)
{
  g_setenv ("GTK_USE_PORTAL", use_portal ? "1" : "0", TRUE);
}

static gboolean
request (gboolean   autostart,
         GError   **error)
{
  Request r = { 0 };

  gleaner_background_request_async (NULL, autostart, NULL, request_done_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);

  if (r.error != NULL)
    g_propagate_error (error, r.error);

  return r.ok;
}

static void
test_autostart_file (void)
{
  g_autofree char *path = gleaner_background_dup_autostart_path ();
  g_autofree char *expected = g_build_filename (config_dir, "autostart", APP_ID ".desktop", NULL);
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *exec = NULL;
  g_auto(GStrv) argv = NULL;

  set_use_portal (FALSE);
  g_assert_false (gleaner_background_use_portal ());
  g_assert_cmpstr (path, ==, expected);

  /* On: an autostart entry that starts the installed binary as a service, hidden. */
  g_assert_true (request (TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (g_key_file_load_from_file (key_file, path, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (g_key_file_get_start_group (key_file), ==, G_KEY_FILE_DESKTOP_GROUP);
  exec = g_key_file_get_string (key_file, G_KEY_FILE_DESKTOP_GROUP, "Exec", &error);
  g_assert_no_error (error);
  g_assert_true (g_shell_parse_argv (exec, NULL, &argv, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (argv), ==, 2);
  g_assert_true (g_str_has_suffix (argv[0], "/bin/gleaner"));
  g_assert_true (g_path_is_absolute (argv[0]));
  g_assert_cmpstr (argv[1], ==, "--gapplication-service");
  g_assert_true (g_key_file_get_boolean (key_file, G_KEY_FILE_DESKTOP_GROUP, "NoDisplay", NULL));
  g_assert_true (g_key_file_get_boolean (key_file, G_KEY_FILE_DESKTOP_GROUP,
                                         "X-GNOME-Autostart-enabled", NULL));
  g_assert_cmpstr (g_key_file_get_string (key_file, G_KEY_FILE_DESKTOP_GROUP, "Type", NULL), ==,
                   "Application");

  /* On again: still one valid entry. */
  g_assert_true (request (TRUE, &error));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* Off: the entry goes; off again is not an error. */
  g_assert_true (request (FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (request (FALSE, &error));
  g_assert_no_error (error);
}

static void
test_autostart_unwritable (void)
{
  g_autofree char *autostart_dir = g_build_filename (config_dir, "autostart", NULL);
  g_autoptr(GError) error = NULL;

  set_use_portal (FALSE);
  g_assert_cmpint (g_mkdir_with_parents (config_dir, 0700), ==, 0);

  if (getuid () == 0)
    {
      /* root writes anywhere; make the directory a file instead. */
      gleaner_test_remove_tree (autostart_dir);
      g_assert_true (g_file_set_contents (autostart_dir, "", 0, NULL));
    }
  else
    {
      g_mkdir_with_parents (config_dir, 0700);
      g_chmod (config_dir, 0500);
    }

  g_assert_false (request (TRUE, &error));
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, !=, "");

  g_unlink (autostart_dir);
  g_chmod (config_dir, 0700);
}

static void
test_use_portal (void)
{
  set_use_portal (TRUE);
  g_assert_true (gleaner_background_use_portal ());
}

static void
test_portal_granted (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = gleaner_background_dup_autostart_path ();
  g_autofree const char **commandline = NULL;
  const char *reason = NULL;
  gboolean autostart = FALSE;

  set_use_portal (TRUE);
  g_assert_true (gleaner_background_use_portal ());

  portal.n_requests = 0;
  portal.response = 0;
  portal.grant = TRUE;
  g_assert_true (request (TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (portal.n_requests, ==, 1);

  g_assert_true (g_variant_lookup (portal.options, "autostart", "b", &autostart));
  g_assert_true (autostart);
  g_assert_true (g_variant_lookup (portal.options, "reason", "&s", &reason));
  g_assert_cmpstr (reason, !=, "");
  g_assert_true (g_variant_lookup (portal.options, "commandline", "^a&s", &commandline));
  g_assert_cmpuint (g_strv_length ((char **)commandline), ==, 2);
  g_assert_cmpstr (commandline[1], ==, "--gapplication-service");

  /* The portal writes the autostart entry; we must not write our own as well. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Turning it off asks the portal again, without autostart. */
  g_assert_true (request (FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (portal.n_requests, ==, 2);
  g_assert_true (g_variant_lookup (portal.options, "autostart", "b", &autostart));
  g_assert_false (autostart);
}

static void
test_portal_denied (void)
{
  g_autoptr(GError) error = NULL;

  set_use_portal (TRUE);

  /* The user said no: an answer, but not a grant. */
  portal.response = 0;
  portal.grant = FALSE;
  g_assert_false (request (TRUE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  /* The user dismissed the dialog. */
  portal.response = 1;
  g_assert_false (request (TRUE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  /* The portal failed: its error, not a refusal. */
  portal.response = 2;
  g_assert_false (request (TRUE, &error));
  g_assert_nonnull (error);
  g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GTestDBus) bus = NULL;
  g_autofree char *tmp = NULL;
  int ret;

  /* Before GLib caches the user directories. */
  tmp = g_dir_make_tmp ("gleaner-background-XXXXXX", NULL);
  config_dir = g_build_filename (tmp, "config", NULL);
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);
  /* Outside a sandbox unless a test says otherwise (set_use_portal()). */
  g_setenv ("GTK_USE_PORTAL", "0", TRUE);

  g_test_init (&argc, &argv, NULL);

  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  fake_portal_start ();

  g_test_add_func ("/background/autostart-file", test_autostart_file);
  g_test_add_func ("/background/autostart-unwritable", test_autostart_unwritable);
  g_test_add_func ("/background/use-portal", test_use_portal);
  g_test_add_func ("/background/portal-granted", test_portal_granted);
  g_test_add_func ("/background/portal-denied", test_portal_denied);

  ret = g_test_run ();

  fake_portal_stop ();
  g_test_dbus_down (bus);
  gleaner_test_remove_tree (tmp);
  g_free (config_dir);

  return ret;
}
