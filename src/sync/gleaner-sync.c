/* gleaner-sync.c — runs the sources and stores what they fetch.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "gleaner-net.h"
#include "gleaner-sync.h"

struct _GleanerSync
{
  GObject         parent_instance;

  /* Owned References */
  GleanerStore   *store;
  GleanerFetcher *fetcher;
  GPtrArray      *sources;          /* (element-type GleanerSource) */
  GDateTime      *now;              /* NULL: the real clock */
  GError         *retry_error;      /* the rate-limit answer that set retry_at */

  gulong          rate_limited_id;
  gint64          retry_at;

  guint           running : 1;
  guint           prepared : 1;     /* "prepare" was emitted */
};

G_DEFINE_FINAL_TYPE (GleanerSync, gleaner_sync, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_FETCHER,
  PROP_RUNNING,
  PROP_RETRY_AT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum {
  PREPARE,
  SOURCE_FINISHED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* One run over the sources there were when it started. */
typedef struct
{
  GleanerSyncResult *result;
  GPtrArray         *sources;       /* (element-type GleanerSource) */
  GDateTime         *now;
  GError            *error;         /* the first source's failure, reported at the end */
  guint              next_source;
} Run;

static void
set_running (GleanerSync *self,
             gboolean     running)
{
  g_assert (GLEANER_IS_SYNC (self));

  running = !!running;
  if (self->running == running)
    return;

  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
set_retry_at (GleanerSync *self,
              gint64       retry_at)
{
  g_assert (GLEANER_IS_SYNC (self));

  if (retry_at == 0)
    g_clear_error (&self->retry_error);

  if (self->retry_at == retry_at)
    return;

  self->retry_at = retry_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_AT]);
}

/* Whichever source (or anyone else) fetched: a server that names a time to come back is
 * left alone until then, and a manual refresh meanwhile can say why without asking. */
static void
fetcher_rate_limited_cb (GleanerSync    *self,
                         const char     *host,
                         gint64          retry_at,
                         const GError   *error,
                         GleanerFetcher *fetcher)
{
  g_assert (GLEANER_IS_SYNC (self));

  /* The error first, so that whoever watches "retry-at" can ask for it. */
  g_clear_error (&self->retry_error);
  self->retry_error = g_error_copy (error);
  set_retry_at (self, retry_at);
}

/* Running the sources */

static void
run_free (Run *run)
{
  g_clear_pointer (&run->result, gleaner_sync_result_free);
  g_clear_pointer (&run->sources, g_ptr_array_unref);
  g_clear_pointer (&run->now, g_date_time_unref);
  g_clear_error (&run->error);
  g_free (run);
}

static void
run_return (GTask  *task,
            GError *error)
{
  GleanerSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  g_assert (GLEANER_IS_SYNC (self));

  /* Whoever watches "running" sees it drop before the callback runs. */
  set_running (self, FALSE);

  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Sync failed: %s", error->message);
      g_task_return_error (task, error);
      return;
    }

  set_retry_at (self, 0);
  g_debug ("Sync done: added %u, updated %u, skipped %u",
           run->result->added, run->result->updated, run->result->skipped);
  g_task_return_pointer (task, g_steal_pointer (&run->result),
                         (GDestroyNotify) gleaner_sync_result_free);
}

static void run_next_source (GTask *task);

static void
source_fetched_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GleanerSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GleanerSyncResult) fetched = gleaner_sync_result_new ();
  g_autoptr(GError) error = NULL;

  gleaner_source_fetch_finish (GLEANER_SOURCE (object), result, fetched, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gleaner_sync_result_take (run->result, g_steal_pointer (&fetched));
      run_return (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  g_signal_emit (self, signals[SOURCE_FINISHED], 0, object, fetched, error);
  gleaner_sync_result_take (run->result, g_steal_pointer (&fetched));

  /* One source failing does not keep the others from fetching; the run fails with the
   * first failure once they are done. */
  if (error != NULL && run->error == NULL)
    run->error = g_steal_pointer (&error);

  run_next_source (g_steal_pointer (&task));
}

static void
run_next_source (GTask *task)
{
  GleanerSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  GleanerSource *source;
  GError *error = NULL;

  g_assert (GLEANER_IS_SYNC (self));

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      run_return (task, error);
      g_object_unref (task);
      return;
    }

  if (run->next_source >= run->sources->len)
    {
      run_return (task, g_steal_pointer (&run->error));
      g_object_unref (task);
      return;
    }

  source = g_ptr_array_index (run->sources, run->next_source++);
  g_debug ("Fetching from %s", gleaner_source_get_name (source));
  gleaner_source_fetch_async (source, self->fetcher, self->store, run->now,
                              g_task_get_cancellable (task), source_fetched_cb, task);
}

/* The fetcher is made on first use: it is the network half's (gleaner-net.h). */
static GleanerFetcher *
ensure_fetcher (GleanerSync *self)
{
  if (self->fetcher == NULL)
    {
      self->fetcher = gleaner_fetcher_new ();
      self->rate_limited_id =
        g_signal_connect_object (self->fetcher, "rate-limited",
                                 G_CALLBACK (fetcher_rate_limited_cb), self, G_CONNECT_SWAPPED);
    }

  return self->fetcher;
}

/* The network half is there: the sources of the first run are added, then it starts. */
static void
start_run (GTask *task)
{
  GleanerSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  if (!self->prepared)
    {
      self->prepared = TRUE;
      g_signal_emit (self, signals[PREPARE], 0);
    }

  ensure_fetcher (self);
  run->sources = g_ptr_array_copy (self->sources, (GCopyFunc) g_object_ref, NULL);
  g_ptr_array_set_free_func (run->sources, g_object_unref);
  run_next_source (task);
}

static void
net_loaded_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!gleaner_net_load_finish (result, &error))
    {
      run_return (task, error);
      g_object_unref (task);
      return;
    }

  start_run (task);
}

void
gleaner_sync_run_async (GleanerSync         *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Run *run;

  g_return_if_fail (GLEANER_IS_SYNC (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gleaner_sync_run_async);

  if (self->running)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("A sync is already running"));
      return;
    }

  run = g_new0 (Run, 1);
  run->result = gleaner_sync_result_new ();
  run->now = gleaner_sync_dup_now (self);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);

  set_running (self, TRUE);
  if (gleaner_net_is_loaded ())
    start_run (g_steal_pointer (&task));
  else
    gleaner_net_load_async (cancellable, net_loaded_cb, g_steal_pointer (&task));
}

/**
 * gleaner_sync_run_finish:
 *
 * Returns: (transfer full): what the run did, or %NULL with @error set
 */
GleanerSyncResult *
gleaner_sync_run_finish (GleanerSync   *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (GLEANER_IS_SYNC (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gleaner_sync_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * gleaner_sync_run_finish_full:
 * @partial: (out) (optional) (transfer full): when the run failed, what it stored before it
 *   failed (NULL when nothing), so those papers are not lost to notifications
 *
 * Returns: (transfer full): what the run did, or %NULL with @error set
 */
GleanerSyncResult *
gleaner_sync_run_finish_full (GleanerSync        *self,
                              GAsyncResult       *result,
                              GleanerSyncResult **partial,
                              GError            **error)
{
  GleanerSyncResult *ret;

  g_return_val_if_fail (GLEANER_IS_SYNC (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gleaner_sync_run_async, NULL);

  if (partial != NULL)
    *partial = NULL;

  ret = g_task_propagate_pointer (G_TASK (result), error);

  if (ret == NULL && partial != NULL)
    {
      Run *run = g_task_get_task_data (G_TASK (result));

      /* Each batch was committed on its own: what landed before the failure is stored. */
      if (run != NULL && run->result != NULL && (run->result->added > 0 || run->result->updated > 0))
        *partial = g_steal_pointer (&run->result);
    }

  return ret;
}

/* GObject */

static void
gleaner_sync_constructed (GObject *object)
{
  GleanerSync *self = (GleanerSync *)object;

  G_OBJECT_CLASS (gleaner_sync_parent_class)->constructed (object);

  g_assert (GLEANER_IS_STORE (self->store));

  /* A fetcher given at construction; otherwise one is made on first use. */
  if (self->fetcher != NULL)
    {
      GleanerFetcher *fetcher = g_steal_pointer (&self->fetcher);

      g_return_if_fail (GLEANER_IS_FETCHER (fetcher));
      self->fetcher = fetcher;
      self->rate_limited_id =
        g_signal_connect_object (self->fetcher, "rate-limited",
                                 G_CALLBACK (fetcher_rate_limited_cb), self, G_CONNECT_SWAPPED);
    }
}

static void
gleaner_sync_dispose (GObject *object)
{
  GleanerSync *self = (GleanerSync *)object;

  g_clear_signal_handler (&self->rate_limited_id, self->fetcher);
  g_clear_object (&self->fetcher);
  g_clear_object (&self->store);
  g_ptr_array_set_size (self->sources, 0);

  G_OBJECT_CLASS (gleaner_sync_parent_class)->dispose (object);
}

static void
gleaner_sync_finalize (GObject *object)
{
  GleanerSync *self = (GleanerSync *)object;

  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_pointer (&self->now, g_date_time_unref);
  g_clear_error (&self->retry_error);

  G_OBJECT_CLASS (gleaner_sync_parent_class)->finalize (object);
}

static void
gleaner_sync_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GleanerSync *self = GLEANER_SYNC (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_FETCHER:
      g_value_set_object (value, self->fetcher);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    case PROP_RETRY_AT:
      g_value_set_int64 (value, self->retry_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gleaner_sync_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  GleanerSync *self = GLEANER_SYNC (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_FETCHER:
      self->fetcher = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gleaner_sync_class_init (GleanerSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = gleaner_sync_constructed;
  object_class->dispose = gleaner_sync_dispose;
  object_class->finalize = gleaner_sync_finalize;
  object_class->get_property = gleaner_sync_get_property;
  object_class->set_property = gleaner_sync_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         GLEANER_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /* A GleanerFetcher; NULL at construction: a fetcher of its own, made on first use. Typed
   * G_TYPE_OBJECT: GleanerFetcher is registered by the network half, which this class must
   * not load (gleaner-net.h). */
  properties[PROP_FETCHER] =
    g_param_spec_object ("fetcher", NULL, NULL,
                         G_TYPE_OBJECT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /* TRUE while a run is in progress; the window binds a spinner to it. */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_RETRY_AT] =
    g_param_spec_int64 ("retry-at", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Once, before the first run starts, with the network half loaded (gleaner-net.h): the
   * place to add the sources, which live in it. */
  signals[PREPARE] =
    g_signal_new ("prepare",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /* (source, GleanerSyncResult *fetched, GError *error or NULL): one source of a run is
   * done (not emitted for a cancelled one); @fetched is what it stored, also on failure. */
  signals[SOURCE_FINISHED] =
    g_signal_new ("source-finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3,
                  GLEANER_TYPE_SOURCE,
                  GLEANER_TYPE_SYNC_RESULT | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_ERROR);
}

static void
gleaner_sync_init (GleanerSync *self)
{
  self->sources = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Public API */

GleanerSync *
gleaner_sync_new (GleanerStore *store)
{
  g_return_val_if_fail (GLEANER_IS_STORE (store), NULL);

  return g_object_new (GLEANER_TYPE_SYNC,
                       "store", store,
                       NULL);
}

GleanerStore *
gleaner_sync_get_store (GleanerSync *self)
{
  g_return_val_if_fail (GLEANER_IS_SYNC (self), NULL);
  return self->store;
}

GleanerFetcher *
gleaner_sync_get_fetcher (GleanerSync *self)
{
  g_return_val_if_fail (GLEANER_IS_SYNC (self), NULL);
  return ensure_fetcher (self);
}

void
gleaner_sync_add_source (GleanerSync   *self,
                         GleanerSource *source)
{
  g_return_if_fail (GLEANER_IS_SYNC (self));
  g_return_if_fail (GLEANER_IS_SOURCE (source));

  g_ptr_array_add (self->sources, g_object_ref (source));
}

void
gleaner_sync_remove_source (GleanerSync   *self,
                            GleanerSource *source)
{
  g_return_if_fail (GLEANER_IS_SYNC (self));
  g_return_if_fail (GLEANER_IS_SOURCE (source));

  g_ptr_array_remove (self->sources, source);
}

GleanerSource *
gleaner_sync_lookup_source (GleanerSync *self,
                            const char  *name)
{
  g_return_val_if_fail (GLEANER_IS_SYNC (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->sources->len; i++)
    {
      GleanerSource *source = g_ptr_array_index (self->sources, i);

      if (g_strcmp0 (gleaner_source_get_name (source), name) == 0)
        return source;
    }

  return NULL;
}

gboolean
gleaner_sync_get_running (GleanerSync *self)
{
  g_return_val_if_fail (GLEANER_IS_SYNC (self), FALSE);
  return self->running;
}

gint64
gleaner_sync_get_retry_at (GleanerSync *self)
{
  g_return_val_if_fail (GLEANER_IS_SYNC (self), 0);
  return self->retry_at;
}

GError *
gleaner_sync_dup_retry_error (GleanerSync *self)
{
  g_return_val_if_fail (GLEANER_IS_SYNC (self), NULL);

  if (self->retry_at == 0 || self->retry_error == NULL)
    return NULL;

  return g_error_copy (self->retry_error);
}

void
gleaner_sync_set_now (GleanerSync *self,
                      GDateTime   *now)
{
  g_return_if_fail (GLEANER_IS_SYNC (self));

  if (now != NULL)
    g_date_time_ref (now);
  g_clear_pointer (&self->now, g_date_time_unref);
  self->now = now;
}

GDateTime *
gleaner_sync_dup_now (GleanerSync *self)
{
  g_return_val_if_fail (GLEANER_IS_SYNC (self), NULL);

  if (self->now != NULL)
    return g_date_time_ref (self->now);

  return g_date_time_new_now_utc ();
}
