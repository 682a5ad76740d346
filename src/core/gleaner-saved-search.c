/* gleaner-saved-search.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A plain value object: the store hands out snapshots, and GleanerSavedSearchList keeps one
 * object per id alive and updates it in place, so widgets bound to its properties follow.
 */

#define G_LOG_DOMAIN "gleaner-saved-search"

#include "config.h"

#include "gleaner-enums.h"
#include "gleaner-saved-search.h"

struct _GleanerSavedSearch
{
  GObject        parent_instance;

  gint64         id;
  char          *name;
  char          *query;
  GleanerFilter  filter;
  gint64         hf_synced_at;
  gint64         unread_count;

  guint          notify : 1;
  guint          ask_hf : 1;
};

G_DEFINE_FINAL_TYPE (GleanerSavedSearch, gleaner_saved_search, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_QUERY,
  PROP_FILTER,
  PROP_NOTIFY,
  PROP_ASK_HF,
  PROP_HF_SYNCED_AT,
  PROP_UNREAD_COUNT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
gleaner_saved_search_finalize (GObject *object)
{
  GleanerSavedSearch *self = (GleanerSavedSearch *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->query, g_free);

  G_OBJECT_CLASS (gleaner_saved_search_parent_class)->finalize (object);
}

static void
gleaner_saved_search_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  GleanerSavedSearch *self = GLEANER_SAVED_SEARCH (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_QUERY:
      g_value_set_string (value, self->query);
      break;

    case PROP_FILTER:
      g_value_set_enum (value, self->filter);
      break;

    case PROP_NOTIFY:
      g_value_set_boolean (value, self->notify);
      break;

    case PROP_ASK_HF:
      g_value_set_boolean (value, self->ask_hf);
      break;

    case PROP_HF_SYNCED_AT:
      g_value_set_int64 (value, self->hf_synced_at);
      break;

    case PROP_UNREAD_COUNT:
      g_value_set_int64 (value, self->unread_count);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gleaner_saved_search_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  GleanerSavedSearch *self = GLEANER_SAVED_SEARCH (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_get_int64 (value);
      break;

    case PROP_NAME:
      gleaner_saved_search_set_name (self, g_value_get_string (value));
      break;

    case PROP_QUERY:
      gleaner_saved_search_set_query (self, g_value_get_string (value));
      break;

    case PROP_FILTER:
      gleaner_saved_search_set_filter (self, g_value_get_enum (value));
      break;

    case PROP_NOTIFY:
      gleaner_saved_search_set_notify (self, g_value_get_boolean (value));
      break;

    case PROP_ASK_HF:
      gleaner_saved_search_set_ask_hf (self, g_value_get_boolean (value));
      break;

    case PROP_HF_SYNCED_AT:
      gleaner_saved_search_set_hf_synced_at (self, g_value_get_int64 (value));
      break;

    case PROP_UNREAD_COUNT:
      gleaner_saved_search_set_unread_count (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gleaner_saved_search_class_init (GleanerSavedSearchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gleaner_saved_search_finalize;
  object_class->get_property = gleaner_saved_search_get_property;
  object_class->set_property = gleaner_saved_search_set_property;

  properties [PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_QUERY] =
    g_param_spec_string ("query", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_FILTER] =
    g_param_spec_enum ("filter", NULL, NULL, GLEANER_TYPE_FILTER, GLEANER_FILTER_ALL,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_NOTIFY] =
    g_param_spec_boolean ("notify", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_ASK_HF] =
    g_param_spec_boolean ("ask-hf", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_HF_SYNCED_AT] =
    g_param_spec_int64 ("hf-synced-at", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_UNREAD_COUNT] =
    g_param_spec_int64 ("unread-count", NULL, NULL, -1, G_MAXINT64, -1,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gleaner_saved_search_init (GleanerSavedSearch *self)
{
  self->name = g_strdup ("");
  self->query = g_strdup ("");
  self->notify = TRUE;
  self->ask_hf = TRUE;
  self->unread_count = -1;
}

GleanerSavedSearch *
gleaner_saved_search_new (gint64         id,
                          const char    *name,
                          const char    *query,
                          GleanerFilter  filter)
{
  return g_object_new (GLEANER_TYPE_SAVED_SEARCH,
                       "id", id,
                       "name", name,
                       "query", query,
                       "filter", filter,
                       NULL);
}

gint64
gleaner_saved_search_get_id (GleanerSavedSearch *self)
{
  g_return_val_if_fail (GLEANER_IS_SAVED_SEARCH (self), 0);
  return self->id;
}

const char *
gleaner_saved_search_get_name (GleanerSavedSearch *self)
{
  g_return_val_if_fail (GLEANER_IS_SAVED_SEARCH (self), NULL);
  return self->name;
}

void
gleaner_saved_search_set_name (GleanerSavedSearch *self,
                               const char         *name)
{
  g_return_if_fail (GLEANER_IS_SAVED_SEARCH (self));

  /* Never NULL, so labels bound to it never show "(null)". */
  if (name == NULL)
    name = "";

  if (g_strcmp0 (self->name, name) == 0)
    return;

  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_NAME]);
}

const char *
gleaner_saved_search_get_query (GleanerSavedSearch *self)
{
  g_return_val_if_fail (GLEANER_IS_SAVED_SEARCH (self), NULL);
  return self->query;
}

void
gleaner_saved_search_set_query (GleanerSavedSearch *self,
                                const char         *query)
{
  g_return_if_fail (GLEANER_IS_SAVED_SEARCH (self));

  if (query == NULL)
    query = "";

  if (g_strcmp0 (self->query, query) == 0)
    return;

  g_free (self->query);
  self->query = g_strdup (query);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_QUERY]);
}

GleanerFilter
gleaner_saved_search_get_filter (GleanerSavedSearch *self)
{
  g_return_val_if_fail (GLEANER_IS_SAVED_SEARCH (self), GLEANER_FILTER_ALL);
  return self->filter;
}

void
gleaner_saved_search_set_filter (GleanerSavedSearch *self,
                                 GleanerFilter       filter)
{
  g_return_if_fail (GLEANER_IS_SAVED_SEARCH (self));

  if (self->filter == filter)
    return;

  self->filter = filter;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FILTER]);
}

gboolean
gleaner_saved_search_get_notify (GleanerSavedSearch *self)
{
  g_return_val_if_fail (GLEANER_IS_SAVED_SEARCH (self), FALSE);
  return self->notify;
}

void
gleaner_saved_search_set_notify (GleanerSavedSearch *self,
                                 gboolean            notify)
{
  g_return_if_fail (GLEANER_IS_SAVED_SEARCH (self));

  notify = !!notify;
  if (self->notify == notify)
    return;

  self->notify = notify;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_NOTIFY]);
}

gboolean
gleaner_saved_search_get_ask_hf (GleanerSavedSearch *self)
{
  g_return_val_if_fail (GLEANER_IS_SAVED_SEARCH (self), FALSE);
  return self->ask_hf;
}

void
gleaner_saved_search_set_ask_hf (GleanerSavedSearch *self,
                                 gboolean            ask_hf)
{
  g_return_if_fail (GLEANER_IS_SAVED_SEARCH (self));

  ask_hf = !!ask_hf;
  if (self->ask_hf == ask_hf)
    return;

  self->ask_hf = ask_hf;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ASK_HF]);
}

gint64
gleaner_saved_search_get_hf_synced_at (GleanerSavedSearch *self)
{
  g_return_val_if_fail (GLEANER_IS_SAVED_SEARCH (self), 0);
  return self->hf_synced_at;
}

void
gleaner_saved_search_set_hf_synced_at (GleanerSavedSearch *self,
                                       gint64              when)
{
  g_return_if_fail (GLEANER_IS_SAVED_SEARCH (self));

  when = MAX (when, 0);
  if (self->hf_synced_at == when)
    return;

  self->hf_synced_at = when;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_HF_SYNCED_AT]);
}

gint64
gleaner_saved_search_get_unread_count (GleanerSavedSearch *self)
{
  g_return_val_if_fail (GLEANER_IS_SAVED_SEARCH (self), -1);
  return self->unread_count;
}

void
gleaner_saved_search_set_unread_count (GleanerSavedSearch *self,
                                       gint64              count)
{
  g_return_if_fail (GLEANER_IS_SAVED_SEARCH (self));

  count = MAX (count, -1);
  if (self->unread_count == count)
    return;

  self->unread_count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_UNREAD_COUNT]);
}
