/* gleaner-test-notifications.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server shares the process's session connection with the application under test (both
 * use the g_bus_get() singleton), so a call the app sends and a call the test sends after it
 * reach the server in that order: that is what makes gleaner_test_notifications_sync() a
 * barrier without any sleeping.
 */

#include "config.h"

#include "gleaner-test-notifications.h"

#define BUS_NAME    "org.freedesktop.Notifications"
#define OBJECT_PATH "/org/freedesktop/Notifications"
#define INTERFACE   "org.freedesktop.Notifications"

/* Long enough for a loaded CI machine; only a broken test ever waits this long. */
#define WAIT_TIMEOUT_S 20

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' name='app_name' direction='in'/>"
  "      <arg type='u' name='replaces_id' direction='in'/>"
  "      <arg type='s' name='app_icon' direction='in'/>"
  "      <arg type='s' name='summary' direction='in'/>"
  "      <arg type='s' name='body' direction='in'/>"
  "      <arg type='as' name='actions' direction='in'/>"
  "      <arg type='a{sv}' name='hints' direction='in'/>"
  "      <arg type='i' name='expire_timeout' direction='in'/>"
  "      <arg type='u' name='id' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'>"
  "      <arg type='u' name='id' direction='in'/>"
  "    </method>"
  "    <method name='GetCapabilities'>"
  "      <arg type='as' name='capabilities' direction='out'/>"
  "    </method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' name='name' direction='out'/>"
  "      <arg type='s' name='vendor' direction='out'/>"
  "      <arg type='s' name='version' direction='out'/>"
  "      <arg type='s' name='spec_version' direction='out'/>"
  "    </method>"
  "    <signal name='NotificationClosed'>"
  "      <arg type='u' name='id'/>"
  "      <arg type='u' name='reason'/>"
  "    </signal>"
  "    <signal name='ActionInvoked'>"
  "      <arg type='u' name='id'/>"
  "      <arg type='s' name='action_key'/>"
  "    </signal>"
  "  </interface>"
  "</node>";

struct _GleanerTestNotifications
{
  GTestDBus       *bus;
  GDBusConnection *connection;
  GDBusNodeInfo   *node_info;
  guint            registration_id;
  guint            owner_id;
  gboolean         name_acquired;

  GPtrArray       *notify_calls;   /* (element-type GleanerTestNotify) */
  GArray          *close_calls;    /* guint32 */
  GHashTable      *open;           /* ids shown and not closed */
  guint32          last_id;
};

static void
notify_call_free (GleanerTestNotify *call)
{
  g_free (call->app_name);
  g_free (call->app_icon);
  g_free (call->summary);
  g_free (call->body);
  g_strfreev (call->actions);
  g_clear_pointer (&call->hints, g_variant_unref);
  g_free (call);
}

static void
emit_closed (GleanerTestNotifications *self,
             guint32                   id,
             guint32                   reason)
{
  g_autoptr(GError) error = NULL;

  g_hash_table_remove (self->open, GUINT_TO_POINTER (id));

  if (!g_dbus_connection_emit_signal (self->connection, NULL, OBJECT_PATH, INTERFACE,
                                      "NotificationClosed",
                                      g_variant_new ("(uu)", id, reason), &error))
    g_warning ("Could not emit NotificationClosed: %s", error->message);
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
  GleanerTestNotifications *self = user_data;

  if (g_strcmp0 (method_name, "Notify") == 0)
    {
      GleanerTestNotify *call = g_new0 (GleanerTestNotify, 1);

      g_variant_get (parameters, "(susss^as@a{sv}i)",
                     &call->app_name, &call->replaces_id, &call->app_icon, &call->summary,
                     &call->body, &call->actions, &call->hints, &call->expire_timeout);

      /* As the specification asks: replacing an open notification keeps its id. */
      if (call->replaces_id != 0 &&
          g_hash_table_contains (self->open, GUINT_TO_POINTER (call->replaces_id)))
        call->id = call->replaces_id;
      else
        call->id = ++self->last_id;

      g_hash_table_add (self->open, GUINT_TO_POINTER (call->id));
      g_ptr_array_add (self->notify_calls, call);

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", call->id));
    }
  else if (g_strcmp0 (method_name, "CloseNotification") == 0)
    {
      guint32 id;

      g_variant_get (parameters, "(u)", &id);
      g_array_append_val (self->close_calls, id);

      /* Reason 3: closed by a call to CloseNotification. */
      if (g_hash_table_contains (self->open, GUINT_TO_POINTER (id)))
        emit_closed (self, id, 3);

      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_strcmp0 (method_name, "GetCapabilities") == 0)
    {
      /* No "body-markup": like a server that shows the body as plain text. */
      const char *caps[] = { "actions", "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_strcmp0 (method_name, "GetServerInformation") == 0)
    {
      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(ssss)", "gleaner-test",
                                                            "Gleaner", "1.0", "1.2"));
    }
  else
    {
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR,
                                             G_DBUS_ERROR_UNKNOWN_METHOD,
                                             "Unknown method %s", method_name);
    }
}

static const GDBusInterfaceVTable vtable = { method_call_cb, NULL, NULL, { 0 } };

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;

  return G_SOURCE_REMOVE;
}

/* Iterates the thread-default context until *@flag (if given) is set or @done says so. */
static gboolean
pump_until (gboolean (*done) (GleanerTestNotifications *self, guint n),
            GleanerTestNotifications *self,
            guint                     n)
{
  gboolean timed_out = FALSE;
  guint timeout_id;

  timeout_id = g_timeout_add_seconds (WAIT_TIMEOUT_S, timeout_cb, &timed_out);
  while (!done (self, n) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (timeout_id);

  return done (self, n);
}

static gboolean
has_name (GleanerTestNotifications *self,
          guint                     n)
{
  return self->name_acquired;
}

static gboolean
has_notify (GleanerTestNotifications *self,
            guint                     n)
{
  return self->notify_calls->len >= n;
}

static gboolean
has_close (GleanerTestNotifications *self,
           guint                     n)
{
  return self->close_calls->len >= n;
}

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  GleanerTestNotifications *self = user_data;

  self->name_acquired = TRUE;
}

static void
name_lost_cb (GDBusConnection *connection,
              const char      *name,
              gpointer         user_data)
{
  GleanerTestNotifications *self = user_data;

  if (self->owner_id != 0)
    g_warning ("Lost the bus name %s", name);
  self->name_acquired = FALSE;
}

GleanerTestNotifications *
gleaner_test_notifications_new (void)
{
  GleanerTestNotifications *self = g_new0 (GleanerTestNotifications, 1);
  g_autoptr(GError) error = NULL;

  /* Without this, a desktop session or a portal would pick another backend. It only
   * matters before the first notification; main() of the test sets it earlier too. */
  g_setenv ("GNOTIFICATION_BACKEND", "freedesktop", TRUE);

  self->notify_calls = g_ptr_array_new_with_free_func ((GDestroyNotify)notify_call_free);
  self->close_calls = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->open = g_hash_table_new (NULL, NULL);

  self->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (self->bus);

  self->connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  self->node_info = g_dbus_node_info_new_for_xml (introspection_xml, &error);
  g_assert_no_error (error);

  self->registration_id =
    g_dbus_connection_register_object (self->connection, OBJECT_PATH,
                                       self->node_info->interfaces[0], &vtable,
                                       self, NULL, &error);
  g_assert_no_error (error);

  self->owner_id = g_bus_own_name_on_connection (self->connection, BUS_NAME,
                                                 G_BUS_NAME_OWNER_FLAGS_NONE,
                                                 name_acquired_cb, name_lost_cb,
                                                 self, NULL);
  g_assert_true (pump_until (has_name, self, 0));

  return self;
}

void
gleaner_test_notifications_free (GleanerTestNotifications *self)
{
  if (self == NULL)
    return;

  g_clear_handle_id (&self->owner_id, g_bus_unown_name);
  if (self->registration_id != 0)
    {
      g_dbus_connection_unregister_object (self->connection, self->registration_id);
      self->registration_id = 0;
    }

  /* Let the unregistration's and any late replies' idle callbacks drop their references to
   * the connection: g_test_dbus_down() waits for it to be finalized. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_clear_object (&self->connection);
  g_test_dbus_down (self->bus);
  g_clear_object (&self->bus);

  g_clear_pointer (&self->node_info, g_dbus_node_info_unref);
  g_clear_pointer (&self->notify_calls, g_ptr_array_unref);
  g_clear_pointer (&self->close_calls, g_array_unref);
  g_clear_pointer (&self->open, g_hash_table_unref);
  g_free (self);
}

GDBusConnection *
gleaner_test_notifications_get_connection (GleanerTestNotifications *self)
{
  return self->connection;
}

guint
gleaner_test_notifications_get_n_notify (GleanerTestNotifications *self)
{
  return self->notify_calls->len;
}

const GleanerTestNotify *
gleaner_test_notifications_get_notify (GleanerTestNotifications *self,
                                       guint                     index)
{
  g_assert_cmpuint (index, <, self->notify_calls->len);

  return g_ptr_array_index (self->notify_calls, index);
}

const GleanerTestNotify *
gleaner_test_notifications_get_last_notify (GleanerTestNotifications *self)
{
  if (self->notify_calls->len == 0)
    return NULL;

  return g_ptr_array_index (self->notify_calls, self->notify_calls->len - 1);
}

guint
gleaner_test_notifications_get_n_close (GleanerTestNotifications *self)
{
  return self->close_calls->len;
}

guint32
gleaner_test_notifications_get_close (GleanerTestNotifications *self,
                                      guint                     index)
{
  g_assert_cmpuint (index, <, self->close_calls->len);

  return g_array_index (self->close_calls, guint32, index);
}

guint
gleaner_test_notifications_get_n_open (GleanerTestNotifications *self)
{
  return g_hash_table_size (self->open);
}

gboolean
gleaner_test_notifications_is_open (GleanerTestNotifications *self,
                                    guint32                   id)
{
  return g_hash_table_contains (self->open, GUINT_TO_POINTER (id));
}

gboolean
gleaner_test_notifications_wait_notify (GleanerTestNotifications *self,
                                        guint                     n)
{
  return pump_until (has_notify, self, n);
}

gboolean
gleaner_test_notifications_wait_close (GleanerTestNotifications *self,
                                       guint                     n)
{
  return pump_until (has_close, self, n);
}

static void
sync_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

void
gleaner_test_notifications_sync (GleanerTestNotifications *self)
{
  gboolean done = FALSE;
  gboolean timed_out = FALSE;
  guint timeout_id;

  /* Asynchronous: the server answers from this very context, so a blocking call would wait
   * for itself. Calls sent earlier on the connection are handled, and their replies
   * dispatched, before this one's. */
  g_dbus_connection_call (self->connection, BUS_NAME, OBJECT_PATH, INTERFACE,
                          "GetServerInformation", NULL, G_VARIANT_TYPE ("(ssss)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, sync_cb, &done);

  timeout_id = g_timeout_add_seconds (WAIT_TIMEOUT_S, timeout_cb, &timed_out);
  while (!done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout_id);

  /* Whatever the replies scheduled (a completion, a store write's callback) runs too. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
gleaner_test_notifications_reset (GleanerTestNotifications *self)
{
  g_ptr_array_set_size (self->notify_calls, 0);
  g_array_set_size (self->close_calls, 0);
}

void
gleaner_test_notifications_invoke_action (GleanerTestNotifications *self,
                                          guint32                   id,
                                          const char               *action_key)
{
  g_autoptr(GError) error = NULL;

  g_dbus_connection_emit_signal (self->connection, NULL, OBJECT_PATH, INTERFACE,
                                 "ActionInvoked", g_variant_new ("(us)", id, action_key),
                                 &error);
  g_assert_no_error (error);

  /* A server closes a notification once an action was invoked on it. */
  emit_closed (self, id, 2);
  gleaner_test_notifications_sync (self);
}

void
gleaner_test_notifications_close_all (GleanerTestNotifications *self)
{
  g_autofree gpointer *ids = NULL;
  guint n_ids = 0;

  /* First let every Notify sent so far arrive and be answered, so GLib knows all ids. */
  gleaner_test_notifications_sync (self);

  ids = g_hash_table_get_keys_as_array (self->open, &n_ids);
  for (guint i = 0; i < n_ids; i++)
    emit_closed (self, GPOINTER_TO_UINT (ids[i]), 2);

  /* The signals reach GLib's backend before the round trip's reply. */
  gleaner_test_notifications_sync (self);
}

const char *
gleaner_test_notify_lookup_action (const GleanerTestNotify *call,
                                   const char              *action_key)
{
  for (guint i = 0; call->actions[i] && call->actions[i + 1]; i += 2)
    if (g_strcmp0 (call->actions[i], action_key) == 0)
      return call->actions[i + 1];

  return NULL;
}

const char *
gleaner_test_notify_lookup_hint_string (const GleanerTestNotify *call,
                                        const char              *key)
{
  const char *value = NULL;

  if (!g_variant_lookup (call->hints, key, "&s", &value))
    return NULL;

  return value;
}

int
gleaner_test_notify_get_urgency (const GleanerTestNotify *call)
{
  guchar urgency;

  if (!g_variant_lookup (call->hints, "urgency", "y", &urgency))
    return -1;

  return urgency;
}
