/* gleaner-test-notifications.h — an in-process fake notification server on a private bus.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gleaner_test_notifications_new() starts a private session bus (GTestDBus) and serves
 * org.freedesktop.Notifications on it from the test's main context: Notify,
 * CloseNotification, GetCapabilities and GetServerInformation. Every call is recorded. Notify
 * returns increasing ids (the same id when it replaces an open notification, as real servers
 * do); CloseNotification of an open one emits NotificationClosed (reason 3).
 *
 * GLib picks its notification backend once per process: set GNOTIFICATION_BACKEND=freedesktop
 * before the first notification is sent (the constructor does it too, for tests that create it
 * first), so GApplication talks to this server whatever the desktop.
 *
 * Waiting pumps the thread-default main context until the awaited calls have arrived (with a
 * generous timeout, for a broken test); nothing sleeps.
 *
 * Create one per test program, not one per test: GTestDBus (GLib 2.74) forks its clean-up
 * watcher when the first bus comes up, and every later dbus-daemon inherits the watcher's
 * pipe, so if a test then fails, the watcher never learns its parent died, the daemon outlives
 * the test holding its stdout, and meson waits until the test's timeout. The first daemon
 * predates the pipe and is cleaned up at once. Between tests, reset() and close_all().
 *
 * Shutting down (the GLib 2.74 g_test_dbus_down() crash): the freedesktop backend must hold no
 * live notification when its GApplication goes away, or its dispose recurses until the stack
 * overflows. So, in this order:
 *
 *   gleaner_test_notifications_close_all (server);   // drop GLib's live notifications
 *   g_clear_object (&app);                           // and everything else on the bus
 *   gleaner_test_notifications_free (server);        // now g_test_dbus_down() is safe
 *
 * (close_all() is the notes' withdraw-and-wait workaround without needing the notification
 * ids: the server closes everything itself, and GLib drops what it was told is closed.)
 *
 * Typical use:
 *
 *   server = gleaner_test_notifications_new ();
 *   app = g_application_new ("org.example.Test", G_APPLICATION_DEFAULT_FLAGS);
 *   g_application_register (app, NULL, &error);
 *   g_application_send_notification (app, "id", notification);
 *   g_assert_true (gleaner_test_notifications_wait_notify (server, 1));
 *   call = gleaner_test_notifications_get_notify (server, 0);
 *   g_assert_cmpstr (call->summary, ==, "…");
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One Notify call, as received. */
typedef struct
{
  char      *app_name;
  guint32    replaces_id;
  char      *app_icon;
  char      *summary;
  char      *body;
  GStrv      actions;        /* flat, as sent: key, label, key, label, … */
  GVariant  *hints;          /* a{sv} */
  gint32     expire_timeout;
  guint32    id;             /* what the server answered */
} GleanerTestNotify;

typedef struct _GleanerTestNotifications GleanerTestNotifications;

/* Starts the bus, exports the server and waits until it owns its name. */
GleanerTestNotifications *gleaner_test_notifications_new            (void);
/* Stops serving and takes the bus down; see the shutdown order above. */
void                      gleaner_test_notifications_free           (GleanerTestNotifications *self);

GDBusConnection          *gleaner_test_notifications_get_connection (GleanerTestNotifications *self);

guint                     gleaner_test_notifications_get_n_notify   (GleanerTestNotifications *self);
/* (transfer none): the @index-th Notify call since the last reset. */
const GleanerTestNotify  *gleaner_test_notifications_get_notify     (GleanerTestNotifications *self,
                                                                     guint                     index);
/* (transfer none) (nullable): the latest Notify call. */
const GleanerTestNotify  *gleaner_test_notifications_get_last_notify (GleanerTestNotifications *self);

guint                     gleaner_test_notifications_get_n_close    (GleanerTestNotifications *self);
/* The id of the @index-th CloseNotification call since the last reset. */
guint32                   gleaner_test_notifications_get_close      (GleanerTestNotifications *self,
                                                                     guint                     index);
/* Notifications shown and neither closed nor replaced. */
guint                     gleaner_test_notifications_get_n_open     (GleanerTestNotifications *self);
gboolean                  gleaner_test_notifications_is_open        (GleanerTestNotifications *self,
                                                                     guint32                   id);

/* Pump the main context until at least @n Notify (CloseNotification) calls were recorded
 * since the last reset; FALSE on timeout. */
gboolean                  gleaner_test_notifications_wait_notify    (GleanerTestNotifications *self,
                                                                     guint                     n);
gboolean                  gleaner_test_notifications_wait_close     (GleanerTestNotifications *self,
                                                                     guint                     n);
/* A round trip through the bus to the server: every call sent on this process's session
 * connection before it has been handled, and answered, when it returns. Use it before
 * asserting that nothing was sent. */
void                      gleaner_test_notifications_sync           (GleanerTestNotifications *self);
/* Forgets the recorded calls (open notifications stay open). */
void                      gleaner_test_notifications_reset          (GleanerTestNotifications *self);

/* Emits ActionInvoked(@id, @action_key) as a server does when the user clicks, then syncs. */
void                      gleaner_test_notifications_invoke_action  (GleanerTestNotifications *self,
                                                                     guint32                   id,
                                                                     const char               *action_key);
/* Closes every open notification as if the user dismissed it (NotificationClosed, reason 2),
 * so GLib's backend holds none, then syncs. */
void                      gleaner_test_notifications_close_all      (GleanerTestNotifications *self);

/* The label of @action_key in @call's actions, or NULL. */
const char               *gleaner_test_notify_lookup_action         (const GleanerTestNotify  *call,
                                                                     const char               *action_key);
/* The string value of hint @key, or NULL; or the byte value of "urgency" via the next one. */
const char               *gleaner_test_notify_lookup_hint_string    (const GleanerTestNotify  *call,
                                                                     const char               *key);
int                       gleaner_test_notify_get_urgency           (const GleanerTestNotify  *call);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GleanerTestNotifications, gleaner_test_notifications_free)

G_END_DECLS
