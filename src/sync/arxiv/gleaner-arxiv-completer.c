/* gleaner-arxiv-completer.c — completes the papers a user opens or stars from arXiv's API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window asks for every paper it shows or stars; most asks end in wants() (not arXiv,
 * complete already, asked before). The rest wait in a queue that an idle callback hands to
 * gleaner_arxiv_source_complete_async(): an idle, not a timer, so opening one paper asks at
 * once, while papers asked for in one go (a burst of stars) still share the request.
 */

#define G_LOG_DOMAIN "gleaner-arxiv-completer"

#include "config.h"

#include "gleaner-arxiv-completer.h"
#include "gleaner-arxiv-id.h"

struct _GleanerArxivCompleter
{
  GObject             parent_instance;

  GleanerArxivSource *source;
  GleanerFetcher     *fetcher;
  GleanerStore       *store;

  GHashTable         *asked;        /* ids queued, running or done (failures too) */
  GPtrArray          *queue;        /* (element-type utf8) ids waiting for the next request */
  GPtrArray          *running;      /* (element-type utf8) ids of the request in flight */
  GCancellable       *cancellable;  /* of the request in flight */
  guint               idle_id;
};

G_DEFINE_FINAL_TYPE (GleanerArxivCompleter, gleaner_arxiv_completer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static gboolean
is_enabled (GleanerArxivCompleter *self)
{
  const char * const *categories = gleaner_arxiv_source_get_categories (self->source);

  return categories != NULL && categories[0] != NULL;
}

static void
set_busy_maybe_changed (GleanerArxivCompleter *self,
                        gboolean               was_busy)
{
  if (was_busy != gleaner_arxiv_completer_get_busy (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BUSY]);
}

/* Forgets that @ids were asked for: they were never answered, so a later opening may ask. */
static void
forget (GleanerArxivCompleter *self,
        GPtrArray             *ids)
{
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    g_hash_table_remove (self->asked, g_ptr_array_index (ids, i));
}

static gboolean flush_cb (gpointer user_data);

static void
schedule_flush (GleanerArxivCompleter *self)
{
  if (self->idle_id == 0 && self->running == NULL && self->queue->len > 0)
    self->idle_id = g_idle_add (flush_cb, self);
}

/* One request's own state, so that the answer of a cancelled one is recognised. */
typedef struct
{
  GleanerArxivCompleter *self;
  GCancellable          *cancellable;
} Run;

static void
complete_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GleanerArxivCompleter) self = run->self;
  g_autoptr(GCancellable) cancellable = run->cancellable;
  g_autoptr(GError) error = NULL;
  gboolean was_busy;
  gint64 updated;

  g_free (run);

  updated = gleaner_arxiv_source_complete_finish (GLEANER_ARXIV_SOURCE (object), result, &error);

  /* Cancelled: gleaner_arxiv_completer_cancel() has tidied up already. */
  if (cancellable != self->cancellable || g_cancellable_is_cancelled (cancellable))
    return;

  /* The papers keep what they have; asking again in this session would not help. */
  if (updated < 0)
    g_debug ("Could not complete %u papers from arXiv: %s", self->running->len, error->message);
  else
    g_debug ("Completed %" G_GINT64_FORMAT " of %u papers from arXiv", updated,
             self->running->len);

  was_busy = gleaner_arxiv_completer_get_busy (self);
  g_clear_pointer (&self->running, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  schedule_flush (self);
  set_busy_maybe_changed (self, was_busy);
}

static gboolean
flush_cb (gpointer user_data)
{
  GleanerArxivCompleter *self = user_data;
  gboolean was_busy = gleaner_arxiv_completer_get_busy (self);
  Run *run;

  self->idle_id = 0;

  /* Categories unfollowed since: nothing goes to arXiv. */
  if (!is_enabled (self))
    {
      forget (self, self->queue);
      g_ptr_array_set_size (self->queue, 0);
      set_busy_maybe_changed (self, was_busy);
      return G_SOURCE_REMOVE;
    }

  g_ptr_array_add (self->queue, NULL);
  self->running = g_steal_pointer (&self->queue);
  self->queue = g_ptr_array_new_with_free_func (g_free);
  self->cancellable = g_cancellable_new ();

  run = g_new0 (Run, 1);
  run->self = g_object_ref (self);
  run->cancellable = g_object_ref (self->cancellable);
  gleaner_arxiv_source_complete_async (self->source, self->fetcher, self->store,
                                       (const char * const *)self->running->pdata,
                                       self->cancellable, complete_done_cb, run);
  /* The NULL was for the call only; len counts the ids. */
  g_ptr_array_set_size (self->running, self->running->len - 1);

  return G_SOURCE_REMOVE;
}

/* Hugging Face gives no categories; a listing gives them but never comments, journal
 * reference or DOI. The store reads a listing's first category as the primary one, so that
 * says nothing; a paper that truly has none of the three is asked for once a session. */
static gboolean
lacks_fields (GleanerPaper *paper)
{
  const char * const *categories = gleaner_paper_get_categories (paper);

  if (categories == NULL || categories[0] == NULL)
    return TRUE;

  return gleaner_paper_get_comments (paper) == NULL &&
         gleaner_paper_get_journal_ref (paper) == NULL &&
         gleaner_paper_get_doi (paper) == NULL;
}

gboolean
gleaner_arxiv_completer_wants (GleanerArxivCompleter *self,
                               GleanerPaper          *paper)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (GLEANER_IS_ARXIV_COMPLETER (self), FALSE);
  g_return_val_if_fail (GLEANER_IS_PAPER (paper), FALSE);

  if (!is_enabled (self) || !lacks_fields (paper))
    return FALSE;

  if (!(id = gleaner_arxiv_id_normalize (gleaner_paper_get_id (paper))))
    return FALSE;

  return !g_hash_table_contains (self->asked, id);
}

gboolean
gleaner_arxiv_completer_request (GleanerArxivCompleter *self,
                                 GleanerPaper          *paper)
{
  gboolean was_busy;
  char *id;

  g_return_val_if_fail (GLEANER_IS_ARXIV_COMPLETER (self), FALSE);
  g_return_val_if_fail (GLEANER_IS_PAPER (paper), FALSE);

  if (!gleaner_arxiv_completer_wants (self, paper))
    return FALSE;

  was_busy = gleaner_arxiv_completer_get_busy (self);
  id = gleaner_arxiv_id_normalize (gleaner_paper_get_id (paper));
  g_hash_table_add (self->asked, id);
  g_ptr_array_add (self->queue, g_strdup (id));
  schedule_flush (self);
  set_busy_maybe_changed (self, was_busy);

  return TRUE;
}

void
gleaner_arxiv_completer_cancel (GleanerArxivCompleter *self)
{
  gboolean was_busy;

  g_return_if_fail (GLEANER_IS_ARXIV_COMPLETER (self));

  was_busy = gleaner_arxiv_completer_get_busy (self);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  forget (self, self->queue);
  g_ptr_array_set_size (self->queue, 0);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  forget (self, self->running);
  g_clear_pointer (&self->running, g_ptr_array_unref);

  set_busy_maybe_changed (self, was_busy);
}

gboolean
gleaner_arxiv_completer_get_busy (GleanerArxivCompleter *self)
{
  g_return_val_if_fail (GLEANER_IS_ARXIV_COMPLETER (self), FALSE);
  return self->idle_id != 0 || self->running != NULL;
}

/* GObject */

static void
gleaner_arxiv_completer_dispose (GObject *object)
{
  GleanerArxivCompleter *self = (GleanerArxivCompleter *)object;

  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->source);
  g_clear_object (&self->fetcher);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (gleaner_arxiv_completer_parent_class)->dispose (object);
}

static void
gleaner_arxiv_completer_finalize (GObject *object)
{
  GleanerArxivCompleter *self = (GleanerArxivCompleter *)object;

  g_clear_pointer (&self->asked, g_hash_table_unref);
  g_clear_pointer (&self->queue, g_ptr_array_unref);
  g_clear_pointer (&self->running, g_ptr_array_unref);

  G_OBJECT_CLASS (gleaner_arxiv_completer_parent_class)->finalize (object);
}

static void
gleaner_arxiv_completer_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  GleanerArxivCompleter *self = GLEANER_ARXIV_COMPLETER (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, gleaner_arxiv_completer_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gleaner_arxiv_completer_class_init (GleanerArxivCompleterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gleaner_arxiv_completer_dispose;
  object_class->finalize = gleaner_arxiv_completer_finalize;
  object_class->get_property = gleaner_arxiv_completer_get_property;

  properties [PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gleaner_arxiv_completer_init (GleanerArxivCompleter *self)
{
  self->asked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->queue = g_ptr_array_new_with_free_func (g_free);
}

GleanerArxivCompleter *
gleaner_arxiv_completer_new (GleanerArxivSource *source,
                             GleanerFetcher     *fetcher,
                             GleanerStore       *store)
{
  GleanerArxivCompleter *self;

  g_return_val_if_fail (GLEANER_IS_ARXIV_SOURCE (source), NULL);
  g_return_val_if_fail (GLEANER_IS_FETCHER (fetcher), NULL);
  g_return_val_if_fail (GLEANER_IS_STORE (store), NULL);

  self = g_object_new (GLEANER_TYPE_ARXIV_COMPLETER, NULL);
  self->source = g_object_ref (source);
  self->fetcher = g_object_ref (fetcher);
  self->store = g_object_ref (store);

  return self;
}
