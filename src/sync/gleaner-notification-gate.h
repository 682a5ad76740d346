/* gleaner-notification-gate.h — sends a notification only when something can show it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GLEANER_TYPE_NOTIFICATION_GATE (gleaner_notification_gate_get_type ())

G_DECLARE_FINAL_TYPE (GleanerNotificationGate, gleaner_notification_gate, GLEANER, NOTIFICATION_GATE, GObject)

GleanerNotificationGate *gleaner_notification_gate_new      (GApplication            *app);
/* Starts asking the session bus (once) whether a notification server runs or can be started;
 * asking early means the answer is in when something is sent. */
void                     gleaner_notification_gate_check    (GleanerNotificationGate *self);
/* Shows @notification as @notification_id through the application, holds it until the bus
 * has answered, or drops it when nothing can show it. */
void                     gleaner_notification_gate_send     (GleanerNotificationGate *self,
                                                             const char              *notification_id,
                                                             GNotification           *notification);
void                     gleaner_notification_gate_withdraw (GleanerNotificationGate *self,
                                                             const char              *notification_id);

G_END_DECLS
