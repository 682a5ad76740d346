/* gleaner-scheduler.c — decides when a sync runs: periodically, after failures, offline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-scheduler"

#include "config.h"

#include "gleaner-scheduler.h"

#define MIN_INTERVAL_MIN      15
#define MAX_INTERVAL_MIN      1440
#define DEFAULT_INTERVAL_MIN  60
#define FIRST_BACKOFF_S       60
/* The timer never sleeps longer than this: a monotonic timeout does not run during suspend,
 * and the wall clock can jump, so next-run is checked again at least this often. */
#define MAX_TIMER_S           (5 * 60)
/* A run refused because another one (not ours) was running is tried again after this. */
#define BUSY_RETRY_S          60

struct _GleanerScheduler
{
  GObject           parent_instance;

  /* Owned References */
  GleanerSync      *sync;
  GNetworkMonitor  *monitor;
  GCancellable     *cancellable;   /* of the running run */
  GRand            *rand;
  GSource          *timer;
  char             *last_error;

  GleanerClockFunc  now_func;
  gpointer          now_data;
  gulong            network_changed_id;

  guint             interval;      /* minutes */
  guint             failures;      /* failed runs in a row, for the backoff */
  gint64            next_run;
  gint64            last_success;
  gint64            last_error_time;

  guint             active : 1;
  guint             running : 1;
  guint             waiting_for_network : 1;
};

G_DEFINE_FINAL_TYPE (GleanerScheduler, gleaner_scheduler, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SYNC,
  PROP_MONITOR,
  PROP_INTERVAL,
  PROP_ACTIVE,
  PROP_NEXT_RUN,
  PROP_WAITING_FOR_NETWORK,
  PROP_RUNNING,
  PROP_LAST_SUCCESS,
  PROP_LAST_ERROR,
  PROP_LAST_ERROR_TIME,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void rearm_timer (GleanerScheduler *self);

static gint64
get_now (GleanerScheduler *self)
{
  if (self->now_func != NULL)
    return self->now_func (self->now_data);

  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
set_next_run (GleanerScheduler *self,
              gint64            next_run)
{
  if (self->next_run != next_run)
    {
      self->next_run = next_run;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_RUN]);
    }

  rearm_timer (self);
}

static void
set_waiting_for_network (GleanerScheduler *self,
                         gboolean          waiting)
{
  waiting = !!waiting;
  if (self->waiting_for_network == waiting)
    return;

  self->waiting_for_network = waiting;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING_FOR_NETWORK]);
}

static void
set_running (GleanerScheduler *self,
             gboolean          running)
{
  running = !!running;
  if (self->running == running)
    return;

  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* Persistence */

static gint64
parse_time (const char *value)
{
  gint64 number;

  if (value == NULL || !g_ascii_string_to_signed (value, 10, 0, G_MAXINT64, &number, NULL))
    return 0;

  return number;
}

/* Takes what an earlier run stored (GLEANER_SCHEDULER_*_KEY, NULL when unset); an error
 * time counts only with an error. */
static void
take_outcome (GleanerScheduler *self,
              const char       *success,
              char             *error,
              const char       *error_time)
{
  self->last_success = parse_time (success);
  g_clear_pointer (&self->last_error, g_free);
  self->last_error = error;
  if (self->last_error != NULL && self->last_error[0] == '\0')
    g_clear_pointer (&self->last_error, g_free);
  self->last_error_time = self->last_error != NULL ? parse_time (error_time) : 0;
}

/* What an earlier run stored under @key, read on this thread; NULL when unset or unreadable
 * (only what the window shows about earlier runs is lost: logged). */
static char *
dup_meta (GleanerStore *store,
          const char   *key)
{
  g_autoptr(GError) error = NULL;
  char *value = gleaner_store_dup_meta (store, key, &error);

  if (error != NULL)
    g_warning ("Could not read the last sync's outcome: %s", error->message);

  return value;
}

static void
meta_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Only what the window shows after a restart is lost; the run itself went through. */
  if (!gleaner_store_set_meta_finish (GLEANER_STORE (object), result, &error))
    g_warning ("Could not save the sync status: %s", error->message);
}

/* Writes a run's outcome under GLEANER_SCHEDULER_*_KEY; @success NULL leaves the last success
 * as it was (a failed run). No cancellable: these must land even while quitting. */
static void
write_outcome (GleanerStore *store,
               const char   *success,
               const char   *error,
               gint64        error_time)
{
  g_autofree char *error_time_text = g_strdup_printf ("%" G_GINT64_FORMAT, error_time);

  if (success != NULL)
    gleaner_store_set_meta_async (store, GLEANER_SCHEDULER_LAST_SUCCESS_KEY, success,
                                  NULL, meta_written_cb, NULL);
  gleaner_store_set_meta_async (store, GLEANER_SCHEDULER_LAST_ERROR_KEY, error,
                                NULL, meta_written_cb, NULL);
  gleaner_store_set_meta_async (store, GLEANER_SCHEDULER_LAST_ERROR_TIME_KEY, error_time_text,
                                NULL, meta_written_cb, NULL);
}

static void
save_outcome (GleanerScheduler *self)
{
  g_autofree char *success = g_strdup_printf ("%" G_GINT64_FORMAT, self->last_success);

  write_outcome (gleaner_sync_get_store (self->sync), success, self->last_error,
                 self->last_error_time);
}

void
gleaner_scheduler_record_run (GleanerStore *store,
                              gint64        now,
                              const GError *error)
{
  g_return_if_fail (GLEANER_IS_STORE (store));

  if (error == NULL)
    {
      g_autofree char *success = g_strdup_printf ("%" G_GINT64_FORMAT, now);

      write_outcome (store, success, NULL, 0);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
           !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING))
    write_outcome (store, NULL, error->message, now);
}

/* Policy */

/* Seconds to wait after the @failures-th failure in a row: 1, 2, 4 … minutes capped at the
 * interval, less a random 0–25 %. */
static gint64
backoff_seconds (GleanerScheduler *self,
                 guint             failures)
{
  gint64 cap = (gint64)self->interval * 60;
  gint64 base = (gint64)FIRST_BACKOFF_S << MIN (MAX (failures, 1) - 1, 20);

  base = MIN (base, cap);

  return base - g_rand_int_range (self->rand, 0, (gint32)(base / 4) + 1);
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GleanerScheduler) self = user_data;
  g_autoptr(GleanerSyncResult) sync_result = NULL;
  g_autoptr(GleanerSyncResult) partial = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now;

  sync_result = gleaner_sync_run_finish_full (GLEANER_SYNC (object), result, &partial, &error);
  g_clear_object (&self->cancellable);

  /* Disposed while running (dispose cancelled the run): nobody is listening any more. */
  if (self->sync == NULL)
    return;

  now = get_now (self);

  g_object_freeze_notify (G_OBJECT (self));

  if (sync_result != NULL)
    {
      self->failures = 0;
      self->last_success = now;
      self->last_error_time = 0;
      g_clear_pointer (&self->last_error, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SUCCESS]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR_TIME]);
      save_outcome (self);

      if (self->active)
        set_next_run (self, now + (gint64)self->interval * 60);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("Sync cancelled");
      if (self->active)
        set_next_run (self, now + (gint64)self->interval * 60);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING))
    {
      /* Someone ran the sync without us; theirs reports its own outcome. */
      g_debug ("Sync busy; trying again in %d s", BUSY_RETRY_S);
      if (self->active)
        set_next_run (self, now + BUSY_RETRY_S);
    }
  else
    {
      gint64 retry_at = gleaner_sync_get_retry_at (self->sync);
      gint64 wait;

      self->failures++;
      wait = backoff_seconds (self, self->failures);

      g_free (self->last_error);
      self->last_error = g_strdup (error->message);
      self->last_error_time = now;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR_TIME]);
      save_outcome (self);

      g_debug ("Sync failed (%u in a row), next try in %" G_GINT64_FORMAT " s: %s",
               self->failures, MAX (now + wait, retry_at) - now, error->message);

      if (self->active)
        set_next_run (self, MAX (now + wait, retry_at));
    }

  set_running (self, FALSE);

  g_object_thaw_notify (G_OBJECT (self));

  /* A failed run still reports what it stored, so new papers are not lost to the notifier. */
  g_signal_emit (self, signals[FINISHED], 0, sync_result ? sync_result : partial, error);
}

static void
start_run (GleanerScheduler *self)
{
  g_assert (!self->running);

  /* No timer while running: the outcome decides the next run. */
  if (self->timer != NULL)
    g_source_destroy (self->timer);
  g_clear_pointer (&self->timer, g_source_unref);

  self->cancellable = g_cancellable_new ();
  set_running (self, TRUE);
  gleaner_sync_run_async (self->sync, self->cancellable, run_done_cb, g_object_ref (self));
}

static gboolean
network_available (GleanerScheduler *self)
{
  return g_network_monitor_get_network_available (self->monitor);
}

void
gleaner_scheduler_poll (GleanerScheduler *self)
{
  gint64 now;
  gint64 retry_at;

  g_return_if_fail (GLEANER_IS_SCHEDULER (self));

  if (self->running || !self->active || self->next_run == 0)
    return;

  now = get_now (self);

  if (now < self->next_run)
    {
      rearm_timer (self);
      return;
    }

  /* Whoever set it (a run of ours, or one started elsewhere), the server's word stands. */
  retry_at = gleaner_sync_get_retry_at (self->sync);
  if (retry_at > now)
    {
      set_next_run (self, retry_at);
      return;
    }

  if (!network_available (self))
    {
      g_debug ("A sync is due, waiting for the network");
      set_waiting_for_network (self, TRUE);
      return;
    }

  set_waiting_for_network (self, FALSE);
  start_run (self);
}

static gboolean
timer_cb (gpointer user_data)
{
  GleanerScheduler *self = user_data;

  g_clear_pointer (&self->timer, g_source_unref);
  gleaner_scheduler_poll (self);

  return G_SOURCE_REMOVE;
}

static void
rearm_timer (GleanerScheduler *self)
{
  gint64 delay;

  if (self->timer != NULL)
    g_source_destroy (self->timer);
  g_clear_pointer (&self->timer, g_source_unref);

  /* Offline, the monitor's signal wakes us rather than the timer. */
  if (!self->active || self->running || self->next_run == 0 || self->waiting_for_network)
    return;

  delay = CLAMP (self->next_run - get_now (self), 0, MAX_TIMER_S);

  self->timer = delay > 0 ? g_timeout_source_new_seconds ((guint)delay) : g_timeout_source_new (0);
  g_source_set_callback (self->timer, timer_cb, self, NULL);
  g_source_set_static_name (self->timer, "[gleaner] scheduler timer");
  g_source_attach (self->timer, g_main_context_get_thread_default ());
}

static void
network_changed_cb (GleanerScheduler *self,
                    gboolean          available,
                    GNetworkMonitor  *monitor)
{
  g_assert (GLEANER_IS_SCHEDULER (self));

  if (!self->waiting_for_network || !network_available (self))
    return;

  g_debug ("The network is back");
  set_waiting_for_network (self, FALSE);
  gleaner_scheduler_poll (self);

  /* Not due after all (the clock moved back): wait for the timer again. */
  if (!self->running)
    rearm_timer (self);
}

/* GObject */

static void
gleaner_scheduler_constructed (GObject *object)
{
  GleanerScheduler *self = (GleanerScheduler *)object;

  G_OBJECT_CLASS (gleaner_scheduler_parent_class)->constructed (object);

  g_assert (GLEANER_IS_SYNC (self->sync));

  if (self->monitor == NULL)
    self->monitor = g_object_ref (g_network_monitor_get_default ());

  self->network_changed_id =
    g_signal_connect_object (self->monitor, "network-changed",
                             G_CALLBACK (network_changed_cb), self, G_CONNECT_SWAPPED);

}

static void
gleaner_scheduler_dispose (GObject *object)
{
  GleanerScheduler *self = (GleanerScheduler *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  if (self->timer != NULL)
    g_source_destroy (self->timer);
  g_clear_pointer (&self->timer, g_source_unref);

  g_clear_signal_handler (&self->network_changed_id, self->monitor);
  g_clear_object (&self->monitor);
  g_clear_object (&self->sync);

  G_OBJECT_CLASS (gleaner_scheduler_parent_class)->dispose (object);
}

static void
gleaner_scheduler_finalize (GObject *object)
{
  GleanerScheduler *self = (GleanerScheduler *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->last_error, g_free);

  G_OBJECT_CLASS (gleaner_scheduler_parent_class)->finalize (object);
}

static void
gleaner_scheduler_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GleanerScheduler *self = GLEANER_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_SYNC:
      g_value_set_object (value, self->sync);
      break;

    case PROP_MONITOR:
      g_value_set_object (value, self->monitor);
      break;

    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval);
      break;

    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;

    case PROP_NEXT_RUN:
      g_value_set_int64 (value, self->next_run);
      break;

    case PROP_WAITING_FOR_NETWORK:
      g_value_set_boolean (value, self->waiting_for_network);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    case PROP_LAST_SUCCESS:
      g_value_set_int64 (value, self->last_success);
      break;

    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;

    case PROP_LAST_ERROR_TIME:
      g_value_set_int64 (value, self->last_error_time);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gleaner_scheduler_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GleanerScheduler *self = GLEANER_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_SYNC:
      self->sync = g_value_dup_object (value);
      break;

    case PROP_MONITOR:
      self->monitor = g_value_dup_object (value);
      break;

    case PROP_INTERVAL:
      gleaner_scheduler_set_interval (self, g_value_get_uint (value));
      break;

    case PROP_ACTIVE:
      gleaner_scheduler_set_active (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gleaner_scheduler_class_init (GleanerSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = gleaner_scheduler_constructed;
  object_class->dispose = gleaner_scheduler_dispose;
  object_class->finalize = gleaner_scheduler_finalize;
  object_class->get_property = gleaner_scheduler_get_property;
  object_class->set_property = gleaner_scheduler_set_property;

  properties[PROP_SYNC] =
    g_param_spec_object ("sync", NULL, NULL,
                         GLEANER_TYPE_SYNC,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MONITOR] =
    g_param_spec_object ("monitor", NULL, NULL,
                         G_TYPE_NETWORK_MONITOR,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL,
                       MIN_INTERVAL_MIN, MAX_INTERVAL_MIN, DEFAULT_INTERVAL_MIN,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NEXT_RUN] =
    g_param_spec_int64 ("next-run", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_WAITING_FOR_NETWORK] =
    g_param_spec_boolean ("waiting-for-network", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LAST_SUCCESS] =
    g_param_spec_int64 ("last-success", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LAST_ERROR_TIME] =
    g_param_spec_int64 ("last-error-time", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2,
                  GLEANER_TYPE_SYNC_RESULT | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
gleaner_scheduler_init (GleanerScheduler *self)
{
  self->interval = DEFAULT_INTERVAL_MIN;
  self->rand = g_rand_new ();
}

/* Public API */

GleanerScheduler *
gleaner_scheduler_new (GleanerSync     *sync,
                       GNetworkMonitor *monitor)
{
  GleanerScheduler *self;
  GleanerStore *store;
  g_autofree char *success = NULL;
  g_autofree char *error_time = NULL;

  g_return_val_if_fail (GLEANER_IS_SYNC (sync), NULL);
  g_return_val_if_fail (!monitor || G_IS_NETWORK_MONITOR (monitor), NULL);

  self = g_object_new (GLEANER_TYPE_SCHEDULER, "sync", sync, "monitor", monitor, NULL);

  store = gleaner_sync_get_store (sync);
  success = dup_meta (store, GLEANER_SCHEDULER_LAST_SUCCESS_KEY);
  error_time = dup_meta (store, GLEANER_SCHEDULER_LAST_ERROR_TIME_KEY);
  take_outcome (self, success, dup_meta (store, GLEANER_SCHEDULER_LAST_ERROR_KEY), error_time);

  return self;
}

/* The three reads of gleaner_scheduler_new_async(), in the order of their keys. */
static const char * const outcome_keys[] = {
  GLEANER_SCHEDULER_LAST_SUCCESS_KEY,
  GLEANER_SCHEDULER_LAST_ERROR_KEY,
  GLEANER_SCHEDULER_LAST_ERROR_TIME_KEY,
};

typedef struct
{
  char  *values[G_N_ELEMENTS (outcome_keys)];
  guint  n_pending;
} OutcomeRead;

static void
outcome_read_free (OutcomeRead *read)
{
  for (guint i = 0; i < G_N_ELEMENTS (read->values); i++)
    g_free (read->values[i]);
  g_free (read);
}

/* One of the reads: which value it brings. */
typedef struct
{
  GTask *task;
  guint  index;
} OutcomeValue;

static void
outcome_value_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  OutcomeValue *value = user_data;
  g_autoptr(GTask) task = value->task;
  GleanerScheduler *self = g_task_get_source_object (task);
  OutcomeRead *read = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* Unreadable: only what the window shows about earlier runs is lost (logged). */
  if (!gleaner_store_dup_meta_finish (GLEANER_STORE (object), result,
                                      &read->values[value->index], &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not read the last sync's outcome: %s", error->message);
  g_free (value);

  if (--read->n_pending > 0 || g_task_return_error_if_cancelled (task))
    return;

  take_outcome (self, read->values[0], g_steal_pointer (&read->values[1]), read->values[2]);
  g_task_return_pointer (task, g_object_ref (self), g_object_unref);
}

/* Like gleaner_scheduler_new(), for the main loop: the last runs' outcome is read on the
 * store's thread, and @callback gets the scheduler once it knows it. */
void
gleaner_scheduler_new_async (GleanerSync         *sync,
                             GNetworkMonitor     *monitor,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GleanerScheduler) self = NULL;
  g_autoptr(GTask) task = NULL;
  OutcomeRead *read;

  g_return_if_fail (GLEANER_IS_SYNC (sync));
  g_return_if_fail (!monitor || G_IS_NETWORK_MONITOR (monitor));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  self = g_object_new (GLEANER_TYPE_SCHEDULER, "sync", sync, "monitor", monitor, NULL);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gleaner_scheduler_new_async);
  read = g_new0 (OutcomeRead, 1);
  read->n_pending = G_N_ELEMENTS (outcome_keys);
  g_task_set_task_data (task, read, (GDestroyNotify)outcome_read_free);

  for (guint i = 0; i < G_N_ELEMENTS (outcome_keys); i++)
    {
      OutcomeValue *value = g_new0 (OutcomeValue, 1);

      value->task = g_object_ref (task);
      value->index = i;
      gleaner_store_dup_meta_async (gleaner_sync_get_store (sync), outcome_keys[i], cancellable,
                                    outcome_value_cb, value);
    }
}

GleanerScheduler *
gleaner_scheduler_new_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gleaner_scheduler_new_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GleanerSync *
gleaner_scheduler_get_sync (GleanerScheduler *self)
{
  g_return_val_if_fail (GLEANER_IS_SCHEDULER (self), NULL);
  return self->sync;
}

guint
gleaner_scheduler_get_interval (GleanerScheduler *self)
{
  g_return_val_if_fail (GLEANER_IS_SCHEDULER (self), DEFAULT_INTERVAL_MIN);
  return self->interval;
}

void
gleaner_scheduler_set_interval (GleanerScheduler *self,
                                guint             minutes)
{
  g_return_if_fail (GLEANER_IS_SCHEDULER (self));

  minutes = CLAMP (minutes, MIN_INTERVAL_MIN, MAX_INTERVAL_MIN);
  if (self->interval == minutes)
    return;

  self->interval = minutes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);

  /* The wait after the last success follows the new interval (a backoff stays as it is: it
   * ends sooner than any interval anyway). */
  if (self->active && !self->running && self->failures == 0 && self->last_success > 0)
    set_next_run (self, MAX (get_now (self), self->last_success + (gint64)minutes * 60));
}

gboolean
gleaner_scheduler_get_active (GleanerScheduler *self)
{
  g_return_val_if_fail (GLEANER_IS_SCHEDULER (self), FALSE);
  return self->active;
}

void
gleaner_scheduler_set_active (GleanerScheduler *self,
                              gboolean          active)
{
  g_return_if_fail (GLEANER_IS_SCHEDULER (self));

  active = !!active;
  if (self->active == active)
    return;

  self->active = active;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);

  if (!active)
    {
      set_waiting_for_network (self, FALSE);
      set_next_run (self, 0);
      return;
    }

  /* A run is due an interval after the last success, or now: at start-up after a long
   * break, or when the last attempt failed in an earlier session. */
  if (!self->running)
    {
      gint64 now = get_now (self);
      gint64 due = now;

      if (self->last_success > 0 && self->last_error == NULL)
        due = MAX (now, self->last_success + (gint64)self->interval * 60);

      set_next_run (self, MAX (due, gleaner_sync_get_retry_at (self->sync)));
    }
}

gint64
gleaner_scheduler_get_next_run (GleanerScheduler *self)
{
  g_return_val_if_fail (GLEANER_IS_SCHEDULER (self), 0);
  return self->next_run;
}

gboolean
gleaner_scheduler_get_waiting_for_network (GleanerScheduler *self)
{
  g_return_val_if_fail (GLEANER_IS_SCHEDULER (self), FALSE);
  return self->waiting_for_network;
}

gboolean
gleaner_scheduler_get_running (GleanerScheduler *self)
{
  g_return_val_if_fail (GLEANER_IS_SCHEDULER (self), FALSE);
  return self->running;
}

gint64
gleaner_scheduler_get_last_success (GleanerScheduler *self)
{
  g_return_val_if_fail (GLEANER_IS_SCHEDULER (self), 0);
  return self->last_success;
}

const char *
gleaner_scheduler_get_last_error (GleanerScheduler *self)
{
  g_return_val_if_fail (GLEANER_IS_SCHEDULER (self), NULL);
  return self->last_error;
}

gint64
gleaner_scheduler_get_last_error_time (GleanerScheduler *self)
{
  g_return_val_if_fail (GLEANER_IS_SCHEDULER (self), 0);
  return self->last_error_time;
}

void
gleaner_scheduler_run_now (GleanerScheduler *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GLEANER_IS_SCHEDULER (self));

  if (self->running)
    return;

  /* The server asked us to stay away until then: say so again instead of asking. */
  if (gleaner_sync_get_retry_at (self->sync) > get_now (self) &&
      (error = gleaner_sync_dup_retry_error (self->sync)) != NULL)
    {
      g_debug ("Manual sync refused before retry-at: %s", error->message);
      g_signal_emit (self, signals[FINISHED], 0, NULL, error);
      return;
    }

  set_waiting_for_network (self, FALSE);
  start_run (self);
}

void
gleaner_scheduler_cancel (GleanerScheduler *self)
{
  g_return_if_fail (GLEANER_IS_SCHEDULER (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

void
gleaner_scheduler_set_clock (GleanerScheduler *self,
                             GleanerClockFunc  now_func,
                             gpointer          user_data)
{
  g_return_if_fail (GLEANER_IS_SCHEDULER (self));

  self->now_func = now_func;
  self->now_data = user_data;
  rearm_timer (self);
}

void
gleaner_scheduler_set_seed (GleanerScheduler *self,
                            guint32           seed)
{
  g_return_if_fail (GLEANER_IS_SCHEDULER (self));

  g_rand_set_seed (self->rand, seed);
}
