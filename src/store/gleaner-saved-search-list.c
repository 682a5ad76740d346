/* gleaner-saved-search-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The saved searches are few, so the list takes them all from the store's snapshot (read on
 * the store's writer thread after each saved-search write and handed over before "changed";
 * no SQLite here) whenever the store reports a change to them, and matches the result to the
 * objects it already has by id. Unread counts are what costs: they run in GTask's thread pool
 * (gleaner_store_count_unread_async(), with its own connection, not the store's writer
 * thread), one at a time and at most every COUNT_INTERVAL_MS, so a sync storing a page every
 * few tens of milliseconds does not queue a count per page.
 */

#define G_LOG_DOMAIN "gleaner-saved-search-list"

#include "config.h"

#include "gleaner-saved-search-list.h"

#define COUNT_INTERVAL_MS 300

struct _GleanerSavedSearchList
{
  GObject        parent_instance;

  GleanerStore  *store;
  gulong         changed_handler;

  /* (element-type GleanerSavedSearch), ascending ids: oldest first. */
  GPtrArray     *items;

  /* Cancelled on dispose. */
  GCancellable  *cancellable;
  /* A count is running in the thread pool. */
  gboolean       counting;
  /* Something changed since the running (or last) count started. */
  gboolean       count_pending;
  guint          count_source;
  /* Monotonic time the last count started; 0: never. */
  gint64         last_count;
};

typedef struct
{
  GWeakRef   self;
  GPtrArray *searches;   /* the objects counted, in the order of the result */
} Count;

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GleanerSavedSearchList, gleaner_saved_search_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void schedule_count (GleanerSavedSearchList *self);

static void
count_free (Count *count)
{
  g_weak_ref_clear (&count->self);
  g_clear_pointer (&count->searches, g_ptr_array_unref);
  g_free (count);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Count, count_free)

static void
count_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Count) count = user_data;
  g_autoptr(GleanerSavedSearchList) self = g_weak_ref_get (&count->self);
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GError) error = NULL;

  counts = gleaner_store_count_unread_finish (GLEANER_STORE (object), result, &error);

  /* Cancelled: the list is being disposed. */
  if (self == NULL || g_cancellable_is_cancelled (self->cancellable) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->counting = FALSE;

  if (counts == NULL)
    g_warning ("Cannot count unread papers of saved searches: %s", error->message);
  else
    {
      g_assert (counts->len == count->searches->len);

      /* An object removed meanwhile just gets a count nobody sees. */
      for (guint i = 0; i < counts->len; i++)
        gleaner_saved_search_set_unread_count (g_ptr_array_index (count->searches, i),
                                               g_array_index (counts, gint64, i));
    }

  if (self->count_pending)
    schedule_count (self);
}

static void
start_count (GleanerSavedSearchList *self)
{
  Count *count;

  g_assert (GLEANER_IS_SAVED_SEARCH_LIST (self));
  g_assert (!self->counting);

  self->count_pending = FALSE;

  if (self->items->len == 0)
    return;

  count = g_new0 (Count, 1);
  g_weak_ref_init (&count->self, self);
  count->searches = g_ptr_array_new_full (self->items->len, g_object_unref);
  for (guint i = 0; i < self->items->len; i++)
    g_ptr_array_add (count->searches, g_object_ref (g_ptr_array_index (self->items, i)));

  self->counting = TRUE;
  self->last_count = g_get_monotonic_time ();

  gleaner_store_count_unread_async (self->store, count->searches, self->cancellable,
                                    count_done_cb, count);
}

static gboolean
count_timeout_cb (gpointer user_data)
{
  GleanerSavedSearchList *self = user_data;

  self->count_source = 0;
  if (!self->counting)
    start_count (self);

  return G_SOURCE_REMOVE;
}

/* Asks for a count: now if none ran in the last COUNT_INTERVAL_MS, else once the interval is
 * over; while one runs, once it is done. Changes meanwhile fold into that one count. */
static void
schedule_count (GleanerSavedSearchList *self)
{
  gint64 wait_ms;

  g_assert (GLEANER_IS_SAVED_SEARCH_LIST (self));

  self->count_pending = TRUE;

  if (self->counting || self->count_source != 0)
    return;

  wait_ms = self->last_count == 0 ? 0
    : (self->last_count + COUNT_INTERVAL_MS * G_TIME_SPAN_MILLISECOND - g_get_monotonic_time ())
      / G_TIME_SPAN_MILLISECOND;

  if (wait_ms <= 0)
    start_count (self);
  else
    self->count_source = g_timeout_add (wait_ms, count_timeout_cb, self);
}

static GleanerSavedSearch *
find_in (GPtrArray *items,
         gint64     id)
{
  for (guint i = 0; i < items->len; i++)
    {
      GleanerSavedSearch *search = g_ptr_array_index (items, i);

      if (gleaner_saved_search_get_id (search) == id)
        return search;
    }

  return NULL;
}

static void
update_in_place (GleanerSavedSearch *search,
                 GleanerSavedSearch *fresh)
{
  /* The setters notify only what differs. */
  gleaner_saved_search_set_name (search, gleaner_saved_search_get_name (fresh));
  gleaner_saved_search_set_query (search, gleaner_saved_search_get_query (fresh));
  gleaner_saved_search_set_filter (search, gleaner_saved_search_get_filter (fresh));
  gleaner_saved_search_set_notify (search, gleaner_saved_search_get_notify (fresh));
  gleaner_saved_search_set_ask_hf (search, gleaner_saved_search_get_ask_hf (fresh));
  gleaner_saved_search_set_hf_synced_at (search, gleaner_saved_search_get_hf_synced_at (fresh));
}

/* Rereads the saved searches, keeping the object of every id still there, and reports the
 * smallest single range that changed. */
static void
reload (GleanerSavedSearchList *self)
{
  g_autoptr(GPtrArray) fresh = NULL;
  g_autoptr(GPtrArray) old = NULL;
  GPtrArray *items;
  guint prefix = 0;
  guint suffix = 0;
  guint n_old, n_new;

  g_assert (GLEANER_IS_SAVED_SEARCH_LIST (self));

  fresh = gleaner_store_dup_saved_searches (self->store);

  items = g_ptr_array_new_full (fresh->len, g_object_unref);
  for (guint i = 0; i < fresh->len; i++)
    {
      GleanerSavedSearch *search = g_ptr_array_index (fresh, i);
      GleanerSavedSearch *known = find_in (self->items, gleaner_saved_search_get_id (search));

      if (known != NULL)
        {
          update_in_place (known, search);
          search = known;
        }

      g_ptr_array_add (items, g_object_ref (search));
    }

  n_old = self->items->len;
  n_new = items->len;
  while (prefix < n_old && prefix < n_new &&
         g_ptr_array_index (self->items, prefix) == g_ptr_array_index (items, prefix))
    prefix++;
  while (suffix < n_old - prefix && suffix < n_new - prefix &&
         g_ptr_array_index (self->items, n_old - 1 - suffix) ==
         g_ptr_array_index (items, n_new - 1 - suffix))
    suffix++;

  /* Keep the old objects alive until views have heard of their removal. */
  old = g_steal_pointer (&self->items);
  self->items = items;

  if (n_old - prefix - suffix > 0 || n_new - prefix - suffix > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                n_old - prefix - suffix, n_new - prefix - suffix);
}

static void
store_changed_cb (GleanerSavedSearchList *self,
                  GleanerStoreChange      change,
                  GleanerStore           *store)
{
  g_assert (GLEANER_IS_SAVED_SEARCH_LIST (self));

  switch (change)
    {
    case GLEANER_STORE_CHANGE_SAVED_SEARCHES:
      reload (self);
      schedule_count (self);
      break;

    case GLEANER_STORE_CHANGE_PAPERS:
    case GLEANER_STORE_CHANGE_USER_STATE:
      schedule_count (self);
      break;

    case GLEANER_STORE_CHANGE_TRENDING:
    default:
      break;
    }
}

/* ---------------------------------------------------------------------------------------- */
/* GListModel */

static GType
gleaner_saved_search_list_get_item_type (GListModel *model)
{
  return GLEANER_TYPE_SAVED_SEARCH;
}

static guint
gleaner_saved_search_list_get_n_items (GListModel *model)
{
  return GLEANER_SAVED_SEARCH_LIST (model)->items->len;
}

static gpointer
gleaner_saved_search_list_get_item (GListModel *model,
                                    guint       position)
{
  GleanerSavedSearchList *self = GLEANER_SAVED_SEARCH_LIST (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = gleaner_saved_search_list_get_item_type;
  iface->get_n_items = gleaner_saved_search_list_get_n_items;
  iface->get_item = gleaner_saved_search_list_get_item;
}

/* ---------------------------------------------------------------------------------------- */
/* GObject */

static void
gleaner_saved_search_list_constructed (GObject *object)
{
  GleanerSavedSearchList *self = (GleanerSavedSearchList *)object;

  G_OBJECT_CLASS (gleaner_saved_search_list_parent_class)->constructed (object);

  g_assert (GLEANER_IS_STORE (self->store));

  self->changed_handler =
    g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self,
                             G_CONNECT_SWAPPED);

  /* Nobody listens yet: no items-changed for the initial contents. */
  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->items = gleaner_store_dup_saved_searches (self->store);

  schedule_count (self);
}

static void
gleaner_saved_search_list_dispose (GObject *object)
{
  GleanerSavedSearchList *self = (GleanerSavedSearchList *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_handler, self->store);
  g_clear_handle_id (&self->count_source, g_source_remove);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (gleaner_saved_search_list_parent_class)->dispose (object);
}

static void
gleaner_saved_search_list_finalize (GObject *object)
{
  GleanerSavedSearchList *self = (GleanerSavedSearchList *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (gleaner_saved_search_list_parent_class)->finalize (object);
}

static void
gleaner_saved_search_list_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  GleanerSavedSearchList *self = GLEANER_SAVED_SEARCH_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gleaner_saved_search_list_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  GleanerSavedSearchList *self = GLEANER_SAVED_SEARCH_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gleaner_saved_search_list_class_init (GleanerSavedSearchListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = gleaner_saved_search_list_constructed;
  object_class->dispose = gleaner_saved_search_list_dispose;
  object_class->finalize = gleaner_saved_search_list_finalize;
  object_class->get_property = gleaner_saved_search_list_get_property;
  object_class->set_property = gleaner_saved_search_list_set_property;

  properties [PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, GLEANER_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gleaner_saved_search_list_init (GleanerSavedSearchList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
}

GleanerSavedSearchList *
gleaner_saved_search_list_new (GleanerStore *store)
{
  g_return_val_if_fail (GLEANER_IS_STORE (store), NULL);

  return g_object_new (GLEANER_TYPE_SAVED_SEARCH_LIST, "store", store, NULL);
}

GleanerStore *
gleaner_saved_search_list_get_store (GleanerSavedSearchList *self)
{
  g_return_val_if_fail (GLEANER_IS_SAVED_SEARCH_LIST (self), NULL);
  return self->store;
}

GleanerSavedSearch *
gleaner_saved_search_list_find (GleanerSavedSearchList *self,
                                gint64                  id)
{
  g_return_val_if_fail (GLEANER_IS_SAVED_SEARCH_LIST (self), NULL);

  return find_in (self->items, id);
}
