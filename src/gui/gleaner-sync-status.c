/* gleaner-sync-status.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-sync-status"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gleaner-sync-error.h"
#include "gleaner-sync-status.h"

struct _GleanerSyncStatus
{
  AdwBin            parent_instance;

  /* Template widgets */
  GtkLabel         *label;

  /* Owned references */
  GleanerScheduler *scheduler;

  /* The list pane shows the same news on a status page (see set_suppressed ()). */
  gboolean          suppressed;
  /* The last run failed for want of a connection: said in words, not as a socket error. */
  gboolean          network_error;
};

G_DEFINE_FINAL_TYPE (GleanerSyncStatus, gleaner_sync_status, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SCHEDULER,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_time);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int days;

  if (when == NULL || now == NULL)
    return g_strdup ("");

  days = g_date_time_get_day_of_year (now) - g_date_time_get_day_of_year (when);
  if (g_date_time_get_year (now) != g_date_time_get_year (when))
    days = 2;

  if (days == 0)
    /* Translators: the time of a sync today, as for g_date_time_format(): %H:%M is hours and
     * minutes. It follows "Updated" or "Fetching failed". */
    return g_date_time_format (when, C_("sync time today", "%H:%M"));
  if (days == 1)
    /* Translators: the time of a sync yesterday, as for g_date_time_format(). */
    return g_date_time_format (when, C_("sync time yesterday", "yesterday at %H:%M"));
  /* Translators: the day and time of an older sync, as for g_date_time_format(). */
  return g_date_time_format (when, C_("sync time", "%-d %B at %H:%M"));
}

/* @message without a final full stop, to be set inside a sentence. */
static char *
dup_without_stop (const char *message)
{
  char *copy = g_strdup (message);
  gsize len = strlen (copy);

  if (len > 0 && copy[len - 1] == '.')
    copy[len - 1] = '\0';

  return copy;
}

/* @is_error is set when the text reports a failure. */
static char *
dup_status_text (GleanerScheduler *scheduler,
                 gboolean          network_error,
                 gboolean         *is_error)
{
  g_autofree char *updated = NULL;
  const char *error;
  gint64 success;

  success = gleaner_scheduler_get_last_success (scheduler);
  error = gleaner_scheduler_get_last_error (scheduler);
  *is_error = error != NULL && !gleaner_scheduler_get_running (scheduler);

  if (success > 0)
    {
      g_autofree char *when = format_time (success);

      /* Translators: %s is a time such as "14:05" or "yesterday at 14:05". */
      updated = g_strdup_printf (_("Updated %s"), when);
    }

  if (gleaner_scheduler_get_running (scheduler))
    return g_strdup (_("Fetching papers…"));

  if (gleaner_scheduler_get_waiting_for_network (scheduler))
    return updated
      /* Translators: the first %s is "Updated 14:05". */
      ? g_strdup_printf (_("Offline; papers will be fetched when the network is back. %s."), updated)
      : g_strdup (_("Offline; papers will be fetched when the network is back."));

  if (error != NULL && network_error)
    {
      g_autofree char *when = format_time (gleaner_scheduler_get_last_error_time (scheduler));

      return updated
        /* Translators: a time ("14:05", "yesterday at 14:05"), then "Updated 14:05". */
        ? g_strdup_printf (_("Fetching failed (%s): no connection. %s."), when, updated)
        : g_strdup_printf (_("Fetching failed (%s): no connection."), when);
    }

  if (error != NULL)
    {
      g_autofree char *when = format_time (gleaner_scheduler_get_last_error_time (scheduler));
      g_autofree char *reason = dup_without_stop (error);

      return updated
        /* Translators: a time ("14:05", "yesterday at 14:05"), an error message, then
         * "Updated 14:05". */
        ? g_strdup_printf (_("Fetching failed (%s): %s. %s."), when, reason, updated)
        : g_strdup_printf (_("Fetching failed (%s): %s."), when, reason);
    }

  return g_steal_pointer (&updated);
}

static void
update (GleanerSyncStatus *self)
{
  g_autofree char *text = NULL;
  GtkWidget *label = GTK_WIDGET (self->label);
  gboolean is_error = FALSE;

  g_assert (GLEANER_IS_SYNC_STATUS (self));

  if (self->scheduler != NULL)
    text = dup_status_text (self->scheduler, self->network_error, &is_error);

  /* Plain text: error messages may carry text from the network. */
  gtk_label_set_text (self->label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self), text != NULL && !self->suppressed);
  if (is_error)
    {
      gtk_widget_add_css_class (label, "error");
      gtk_widget_remove_css_class (label, "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (label, "error");
      gtk_widget_add_css_class (label, "dim-label");
    }
}

static void
gleaner_sync_status_dispose (GObject *object)
{
  GleanerSyncStatus *self = (GleanerSyncStatus *)object;

  g_clear_object (&self->scheduler);

  G_OBJECT_CLASS (gleaner_sync_status_parent_class)->dispose (object);
}

static void
gleaner_sync_status_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  GleanerSyncStatus *self = GLEANER_SYNC_STATUS (object);

  switch (prop_id)
    {
    case PROP_SCHEDULER:
      g_value_set_object (value, self->scheduler);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gleaner_sync_status_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  GleanerSyncStatus *self = GLEANER_SYNC_STATUS (object);

  switch (prop_id)
    {
    case PROP_SCHEDULER:
      gleaner_sync_status_set_scheduler (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gleaner_sync_status_class_init (GleanerSyncStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gleaner_sync_status_dispose;
  object_class->get_property = gleaner_sync_status_get_property;
  object_class->set_property = gleaner_sync_status_set_property;

  properties [PROP_SCHEDULER] =
    g_param_spec_object ("scheduler", NULL, NULL,
                         GLEANER_TYPE_SCHEDULER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gleaner/Gleaner/gleaner-sync-status.ui");
  gtk_widget_class_bind_template_child (widget_class, GleanerSyncStatus, label);
}

static void
gleaner_sync_status_init (GleanerSyncStatus *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
finished_cb (GleanerSyncStatus *self,
             GleanerSyncResult *result,
             const GError      *error,
             GleanerScheduler  *scheduler)
{
  g_assert (GLEANER_IS_SYNC_STATUS (self));

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->network_error = g_error_matches (error, GLEANER_SYNC_ERROR, GLEANER_SYNC_ERROR_NETWORK);
  update (self);
}

GleanerScheduler *
gleaner_sync_status_get_scheduler (GleanerSyncStatus *self)
{
  g_return_val_if_fail (GLEANER_IS_SYNC_STATUS (self), NULL);
  return self->scheduler;
}

void
gleaner_sync_status_set_scheduler (GleanerSyncStatus *self,
                                   GleanerScheduler  *scheduler)
{
  static const char *props[] = {
    "notify::running", "notify::last-success", "notify::last-error",
    "notify::last-error-time", "notify::waiting-for-network",
  };

  g_return_if_fail (GLEANER_IS_SYNC_STATUS (self));
  g_return_if_fail (!scheduler || GLEANER_IS_SCHEDULER (scheduler));

  if (self->scheduler == scheduler)
    return;

  if (self->scheduler != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->scheduler, update, self);
      g_signal_handlers_disconnect_by_func (self->scheduler, finished_cb, self);
    }
  self->network_error = FALSE;

  g_set_object (&self->scheduler, scheduler);

  if (scheduler != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (props); i++)
        g_signal_connect_object (scheduler, props[i], G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (scheduler, "finished", G_CALLBACK (finished_cb), self, G_CONNECT_SWAPPED);
    }

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SCHEDULER]);
}

const char *
gleaner_sync_status_get_text (GleanerSyncStatus *self)
{
  g_return_val_if_fail (GLEANER_IS_SYNC_STATUS (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self)) && !self->suppressed)
    return NULL;

  if (gtk_label_get_text (self->label)[0] == '\0')
    return NULL;

  return gtk_label_get_text (self->label);
}

void
gleaner_sync_status_set_suppressed (GleanerSyncStatus *self,
                                    gboolean           suppressed)
{
  g_return_if_fail (GLEANER_IS_SYNC_STATUS (self));

  suppressed = !!suppressed;
  if (self->suppressed == suppressed)
    return;

  self->suppressed = suppressed;
  update (self);
}
