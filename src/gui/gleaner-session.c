/* gleaner-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application creates these objects (and decides the command-line modes need no
 * session); windows get them from here, so no window ever reaches back into the
 * application. GLib only: nothing here needs a display. The notifier is left out on
 * purpose: it holds the application, and the application drops it at shutdown.
 */

#define G_LOG_DOMAIN "gleaner-session"

#include "config.h"

#include "gleaner-session.h"

/* Papers opened before the completer came that it is asked for once it does. */
#define MAX_WAITING 16

struct _GleanerSession
{
  GObject           parent_instance;

  GSettings        *settings;
  GleanerStore     *store;
  GError           *store_error;
  GleanerSync      *sync;
  GleanerScheduler *scheduler;
  GleanerArxivCompleter *completer;
  GPtrArray        *waiting;          /* (element-type GleanerPaper) asked before the completer */
};

G_DEFINE_FINAL_TYPE (GleanerSession, gleaner_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_STORE,
  PROP_STORE_ERROR,
  PROP_SYNC,
  PROP_SCHEDULER,
  PROP_COMPLETER,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
gleaner_session_dispose (GObject *object)
{
  GleanerSession *self = (GleanerSession *)object;

  g_clear_object (&self->completer);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->sync);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (gleaner_session_parent_class)->dispose (object);
}

static void
gleaner_session_finalize (GObject *object)
{
  GleanerSession *self = (GleanerSession *)object;

  g_clear_error (&self->store_error);

  G_OBJECT_CLASS (gleaner_session_parent_class)->finalize (object);
}

static void
gleaner_session_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GleanerSession *self = GLEANER_SESSION (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_STORE_ERROR:
      g_value_set_boxed (value, self->store_error);
      break;

    case PROP_SYNC:
      g_value_set_object (value, self->sync);
      break;

    case PROP_SCHEDULER:
      g_value_set_object (value, self->scheduler);
      break;

    case PROP_COMPLETER:
      g_value_set_object (value, self->completer);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gleaner_session_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  GleanerSession *self = GLEANER_SESSION (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_STORE_ERROR:
      self->store_error = g_value_dup_boxed (value);
      break;

    case PROP_SYNC:
      self->sync = g_value_dup_object (value);
      break;

    case PROP_SCHEDULER:
      self->scheduler = g_value_dup_object (value);
      break;

    case PROP_COMPLETER:
      gleaner_session_set_completer (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gleaner_session_class_init (GleanerSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gleaner_session_dispose;
  object_class->finalize = gleaner_session_finalize;
  object_class->get_property = gleaner_session_get_property;
  object_class->set_property = gleaner_session_set_property;

  properties [PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties [PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         GLEANER_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties [PROP_STORE_ERROR] =
    g_param_spec_boxed ("store-error", NULL, NULL,
                        G_TYPE_ERROR,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties [PROP_SYNC] =
    g_param_spec_object ("sync", NULL, NULL,
                         GLEANER_TYPE_SYNC,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties [PROP_SCHEDULER] =
    g_param_spec_object ("scheduler", NULL, NULL,
                         GLEANER_TYPE_SCHEDULER,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /* A GleanerArxivCompleter, typed G_TYPE_OBJECT: its type is registered by the network half,
   * which this class must not load (gleaner-net.h). Set once, maybe after construction. */
  properties [PROP_COMPLETER] =
    g_param_spec_object ("completer", NULL, NULL,
                         G_TYPE_OBJECT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gleaner_session_init (GleanerSession *self)
{
}

GleanerSession *
gleaner_session_new (GSettings        *settings,
                     GleanerStore     *store,
                     const GError     *store_error,
                     GleanerSync      *sync,
                     GleanerScheduler *scheduler,
                     GleanerArxivCompleter *completer)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (!store || GLEANER_IS_STORE (store), NULL);
  g_return_val_if_fail (!sync || GLEANER_IS_SYNC (sync), NULL);
  g_return_val_if_fail (!scheduler || GLEANER_IS_SCHEDULER (scheduler), NULL);
  g_return_val_if_fail (!completer || GLEANER_IS_ARXIV_COMPLETER (completer), NULL);

  return g_object_new (GLEANER_TYPE_SESSION,
                       "settings", settings,
                       "store", store,
                       "store-error", store_error,
                       "sync", sync,
                       "scheduler", scheduler,
                       "completer", completer,
                       NULL);
}

GSettings *
gleaner_session_get_settings (GleanerSession *self)
{
  g_return_val_if_fail (GLEANER_IS_SESSION (self), NULL);
  return self->settings;
}

GleanerStore *
gleaner_session_get_store (GleanerSession *self)
{
  g_return_val_if_fail (GLEANER_IS_SESSION (self), NULL);
  return self->store;
}

const GError *
gleaner_session_get_store_error (GleanerSession *self)
{
  g_return_val_if_fail (GLEANER_IS_SESSION (self), NULL);
  return self->store_error;
}

GleanerSync *
gleaner_session_get_sync (GleanerSession *self)
{
  g_return_val_if_fail (GLEANER_IS_SESSION (self), NULL);
  return self->sync;
}

GleanerScheduler *
gleaner_session_get_scheduler (GleanerSession *self)
{
  g_return_val_if_fail (GLEANER_IS_SESSION (self), NULL);
  return self->scheduler;
}

GleanerArxivCompleter *
gleaner_session_get_completer (GleanerSession *self)
{
  g_return_val_if_fail (GLEANER_IS_SESSION (self), NULL);
  return self->completer;
}

void
gleaner_session_set_completer (GleanerSession        *self,
                               GleanerArxivCompleter *completer)
{
  g_autoptr(GPtrArray) waiting = NULL;

  g_return_if_fail (GLEANER_IS_SESSION (self));
  g_return_if_fail (self->completer == NULL);

  if (completer == NULL)
    return;

  g_return_if_fail (GLEANER_IS_ARXIV_COMPLETER (completer));
  self->completer = g_object_ref (completer);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_COMPLETER]);

  waiting = g_steal_pointer (&self->waiting);
  for (guint i = 0; waiting != NULL && i < waiting->len; i++)
    gleaner_arxiv_completer_request (completer, g_ptr_array_index (waiting, i));
}

void
gleaner_session_request_completion (GleanerSession *self,
                                    GleanerPaper   *paper)
{
  g_return_if_fail (GLEANER_IS_SESSION (self));
  g_return_if_fail (GLEANER_IS_PAPER (paper));

  if (self->completer != NULL)
    {
      gleaner_arxiv_completer_request (self->completer, paper);
      return;
    }

  /* Opened before the completer came (the network half still loading): asked for when it
   * does. A few at most; the oldest go first. */
  if (self->store == NULL)
    return;
  if (self->waiting == NULL)
    self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  if (self->waiting->len >= MAX_WAITING)
    g_ptr_array_remove_index (self->waiting, 0);
  g_ptr_array_add (self->waiting, g_object_ref (paper));
}
