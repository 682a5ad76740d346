/* gleaner-notification-gate.c — sends a notification only when something can show it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With nothing on the session bus to show a notification (a bare window manager, a headless
 * machine), GLib's freedesktop backend calls Notify anyway and prints a warning each time the
 * call fails. So before sending, the gate asks the bus, without blocking and without starting
 * anything, whether a server owns or could be started for one of the names GLib's backends
 * talk to, and keeps watching them (a server may come and go). Nothing is sent while none
 * can; that is said once, at debug level, since it is how such a desktop is meant to be.
 * Notifications sent before the first answer wait for it.
 */

/* The notifier's domain: its users filter one domain for what the desktop is told. */
#define G_LOG_DOMAIN "gleaner-notifier"

#include "config.h"

#include "gleaner-notification-gate.h"

struct _GleanerNotificationGate
{
  GObject          parent_instance;

  GApplication    *app;
  GDBusConnection *bus;
  GCancellable    *cancellable;
  guint            watch_ids[3];         /* of the names in server_names() */
  guint            n_answers_awaited;    /* the first callback of each watch, and the list */
  guint            answered_names;       /* bit i: the watch of server_names()[i] answered */
  guint            owned_names;          /* bit i: server_names()[i] has an owner */
  guint            activatable_names;    /* bit i: the bus can start server_names()[i] */
  GPtrArray       *held;                 /* Held: sent before the answer came */

  guint            checking_server : 1;
  guint            told_no_server : 1;
};

G_DEFINE_FINAL_TYPE (GleanerNotificationGate, gleaner_notification_gate, G_TYPE_OBJECT)


typedef struct
{
  char          *id;
  GNotification *notification;
} Held;

static void
held_free (Held *held)
{
  g_free (held->id);
  g_object_unref (held->notification);
  g_free (held);
}

/* The names GLib's backends send to, in this process. The portal counts only where GLib uses
 * it (sandboxed, or asked to): elsewhere an installed portal does not make the freedesktop
 * backend's calls succeed. */
static const char * const *
server_names (guint *n_names)
{
  static const char * const names[] = {
    "org.freedesktop.Notifications",
    "org.gtk.Notifications",
    "org.freedesktop.portal.Desktop",
  };
  const char *backend = g_getenv ("GNOTIFICATION_BACKEND");
  gboolean portal;

  if (backend != NULL && *backend != '\0')
    portal = g_str_equal (backend, "portal");
  else
    portal = g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) ||
             g_strcmp0 (g_getenv ("GTK_USE_PORTAL"), "1") == 0;

  *n_names = portal ? 3 : 2;
  return names;
}

static gboolean
server_known (GleanerNotificationGate *self)
{
  return self->checking_server && self->n_answers_awaited == 0;
}

static gboolean
server_available (GleanerNotificationGate *self)
{
  return (self->owned_names | self->activatable_names) != 0;
}

static void
deliver (GleanerNotificationGate *self,
         const char      *notification_id,
         GNotification   *notification)
{
  if (server_available (self))
    {
      g_application_send_notification (self->app, notification_id, notification);
      return;
    }

  if (!self->told_no_server)
    {
      g_debug ("No notification server on the session bus: notifications are not shown");
      self->told_no_server = TRUE;
    }
}

static void
release_held (GleanerNotificationGate *self)
{
  g_autoptr(GPtrArray) held = g_steal_pointer (&self->held);

  self->held = g_ptr_array_new_with_free_func ((GDestroyNotify)held_free);

  for (guint i = 0; held != NULL && i < held->len; i++)
    {
      Held *h = g_ptr_array_index (held, i);

      deliver (self, h->id, h->notification);
    }
}

static void
answer_arrived (GleanerNotificationGate *self)
{
  g_assert (self->n_answers_awaited > 0);

  if (--self->n_answers_awaited == 0)
    release_held (self);
}

static void
name_owner_changed (GleanerNotificationGate *self,
                    const char      *name,
                    gboolean         owned)
{
  guint n_names;
  const char * const *names = server_names (&n_names);
  gboolean first = FALSE;

  for (guint i = 0; i < n_names; i++)
    if (g_str_equal (names[i], name))
      {
        first = !(self->answered_names & (1u << i));
        self->answered_names |= 1u << i;
        if (owned)
          self->owned_names |= 1u << i;
        else
          self->owned_names &= ~(1u << i);
      }

  if (server_known (self) && owned)
    self->told_no_server = FALSE;

  if (first)
    answer_arrived (self);
}

static void
name_appeared_cb (GDBusConnection *connection,
                  const char      *name,
                  const char      *name_owner,
                  gpointer         user_data)
{
  name_owner_changed (GLEANER_NOTIFICATION_GATE (user_data), name, TRUE);
}

static void
name_vanished_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  name_owner_changed (GLEANER_NOTIFICATION_GATE (user_data), name, FALSE);
}

static void
list_activatable_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GleanerNotificationGate) self = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree const char **activatable = NULL;
  guint n_names;
  const char * const *names;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (reply == NULL)
    g_debug ("Could not list the bus's activatable names: %s", error->message);
  else
    {
      names = server_names (&n_names);
      g_variant_get (reply, "(^a&s)", &activatable);
      for (guint i = 0; i < n_names; i++)
        if (g_strv_contains (activatable, names[i]))
          self->activatable_names |= 1u << i;
    }

  answer_arrived (self);
}

/* Starts asking the bus, once; until the answers come, sent notifications are held. */
void
gleaner_notification_gate_check (GleanerNotificationGate *self)
{
  guint n_names;
  const char * const *names;

  g_return_if_fail (GLEANER_IS_NOTIFICATION_GATE (self));

  if (self->checking_server)
    return;

  names = server_names (&n_names);
  self->checking_server = TRUE;
  self->bus = g_application_get_dbus_connection (self->app);
  if (self->bus == NULL)
    return;   /* no session bus: nothing can show it */

  g_object_ref (self->bus);
  self->n_answers_awaited = n_names + 1;

  for (guint i = 0; i < n_names; i++)
    self->watch_ids[i] = g_bus_watch_name_on_connection (self->bus, names[i],
                                                         G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                         name_appeared_cb, name_vanished_cb,
                                                         self, NULL);

  g_dbus_connection_call (self->bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                          "org.freedesktop.DBus", "ListActivatableNames", NULL,
                          G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, -1,
                          self->cancellable, list_activatable_cb, g_object_ref (self));
}

void
gleaner_notification_gate_send (GleanerNotificationGate *self,
                                const char              *notification_id,
                                GNotification           *notification)
{
  Held *held;

  g_return_if_fail (GLEANER_IS_NOTIFICATION_GATE (self));

  gleaner_notification_gate_check (self);

  if (server_known (self))
    {
      deliver (self, notification_id, notification);
      return;
    }

  /* A later one of the same id replaces it, as on the server. */
  for (guint i = 0; i < self->held->len; i++)
    if (g_str_equal (((Held *)g_ptr_array_index (self->held, i))->id, notification_id))
      g_ptr_array_remove_index (self->held, i--);

  held = g_new0 (Held, 1);
  held->id = g_strdup (notification_id);
  held->notification = g_object_ref (notification);
  g_ptr_array_add (self->held, held);
}

void
gleaner_notification_gate_withdraw (GleanerNotificationGate *self,
                                    const char              *notification_id)
{
  g_return_if_fail (GLEANER_IS_NOTIFICATION_GATE (self));

  for (guint i = 0; i < self->held->len; i++)
    if (g_str_equal (((Held *)g_ptr_array_index (self->held, i))->id, notification_id))
      g_ptr_array_remove_index (self->held, i--);

  g_application_withdraw_notification (self->app, notification_id);
}


static void
gleaner_notification_gate_dispose (GObject *object)
{
  GleanerNotificationGate *self = (GleanerNotificationGate *)object;

  g_cancellable_cancel (self->cancellable);
  for (guint i = 0; i < G_N_ELEMENTS (self->watch_ids); i++)
    g_clear_handle_id (&self->watch_ids[i], g_bus_unwatch_name);
  g_clear_object (&self->bus);
  g_clear_pointer (&self->held, g_ptr_array_unref);
  g_clear_object (&self->app);

  G_OBJECT_CLASS (gleaner_notification_gate_parent_class)->dispose (object);
}

static void
gleaner_notification_gate_finalize (GObject *object)
{
  GleanerNotificationGate *self = (GleanerNotificationGate *)object;

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (gleaner_notification_gate_parent_class)->finalize (object);
}

static void
gleaner_notification_gate_class_init (GleanerNotificationGateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gleaner_notification_gate_dispose;
  object_class->finalize = gleaner_notification_gate_finalize;
}

static void
gleaner_notification_gate_init (GleanerNotificationGate *self)
{
  self->held = g_ptr_array_new_with_free_func ((GDestroyNotify)held_free);
  self->cancellable = g_cancellable_new ();
}

GleanerNotificationGate *
gleaner_notification_gate_new (GApplication *app)
{
  GleanerNotificationGate *self;

  g_return_val_if_fail (G_IS_APPLICATION (app), NULL);

  self = g_object_new (GLEANER_TYPE_NOTIFICATION_GATE, NULL);
  self->app = g_object_ref (app);

  return self;
}
