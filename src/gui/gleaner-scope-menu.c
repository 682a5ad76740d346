/* gleaner-scope-menu.c — the "Source" section of the list's menu.
 *
 * A GMenu section, not a widget: it goes into the list's existing "Filter and Sort" menu,
 * so the header bar gains no button (it has none to spare at 360 px), and GtkPopoverMenu
 * draws the items as radio items of the stateful "settings.scope" action.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-scope-menu"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gleaner-arxiv-categories.h"
#include "gleaner-scope-menu.h"

struct _GleanerScopeMenu
{
  GObject       parent_instance;

  GleanerStore *store;        /* (nullable) */
  GSettings    *settings;
  GMenu        *menu;
  GHashTable   *unread;       /* scope → gint64 * */
  GCancellable *cancellable;
  guint         started : 1;  /* gleaner_scope_menu_start_counting() was called */
  guint         counting : 1; /* a count query is running */
  guint         dirty : 1;    /* the store changed while it ran */
  guint         counted : 1;  /* a count was read */
  guint         shown : 1;    /* gleaner_scope_menu_set_shown() */
  guint         stale : 1;    /* the store changed since the last count, while hidden */
};

G_DEFINE_FINAL_TYPE (GleanerScopeMenu, gleaner_scope_menu, G_TYPE_OBJECT)

static void count (GleanerScopeMenu *self);

char *
gleaner_scope_dup_title (const char *scope)
{
  if (scope == NULL || *scope == '\0')
    return NULL;
  if (g_str_equal (scope, "hf"))
    return g_strdup (_("Hugging Face"));
  if (g_str_equal (scope, "arxiv"))
    return g_strdup (_("arXiv"));
  if (g_str_has_prefix (scope, "arxiv:"))
    return g_strdup (scope + strlen ("arxiv:"));

  return g_strdup (scope);
}

static void
append_item (GleanerScopeMenu *self,
             const char       *scope,
             const char       *label)
{
  g_autoptr(GMenuItem) item = NULL;
  g_autofree char *text = NULL;
  gint64 unread = gleaner_scope_menu_get_unread (self, scope);

  if (unread > 0)
    {
      g_autofree char *n = g_strdup_printf ("%'" G_GINT64_FORMAT, unread);

      /* Translators: a source in the list's menu and how many of its papers are unread,
       * as in "cs.LG — Machine Learning (12)". */
      text = g_strdup_printf (C_("scope with unread count", "%s (%s)"), label, n);
    }

  item = g_menu_item_new (text ? text : label, NULL);
  g_menu_item_set_action_and_target_value (item, "settings.scope", g_variant_new_string (scope));
  g_menu_append_item (self->menu, item);
}

static void
append_category (GleanerScopeMenu *self,
                 const char       *code)
{
  const GleanerArxivCategory *category = gleaner_arxiv_category_lookup (code);
  g_autofree char *scope = g_strconcat ("arxiv:", code, NULL);
  g_autofree char *label = category ? gleaner_arxiv_category_dup_label (category) : g_strdup (code);

  append_item (self, scope, label);
}

/* Rebuilt whole: a handful of items, and GMenu has no way to relabel one in place. */
static void
rebuild (GleanerScopeMenu *self)
{
  g_auto(GStrv) followed = g_settings_get_strv (self->settings, "arxiv-categories");
  g_autofree char *chosen = g_settings_get_string (self->settings, "scope");
  gboolean chosen_listed = *chosen == '\0' || g_str_equal (chosen, "hf") || g_str_equal (chosen, "arxiv");

  g_menu_remove_all (self->menu);
  append_item (self, "", _("All Sources"));
  append_item (self, "hf", _("Hugging Face"));
  append_item (self, "arxiv", _("arXiv"));

  for (guint i = 0; followed[i] != NULL; i++)
    {
      append_category (self, followed[i]);
      if (g_str_has_prefix (chosen, "arxiv:") && g_str_equal (chosen + strlen ("arxiv:"), followed[i]))
        chosen_listed = TRUE;
    }

  /* A category no longer followed stays reachable while the list shows it. */
  if (!chosen_listed && g_str_has_prefix (chosen, "arxiv:"))
    append_category (self, chosen + strlen ("arxiv:"));
}

static void
list_scopes_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GleanerScopeMenu) self = user_data;
  g_autoptr(GPtrArray) counts = NULL;
  g_autoptr(GError) error = NULL;

  self->counting = FALSE;

  if (!(counts = gleaner_store_list_scopes_finish (GLEANER_STORE (object), result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot count the papers per source: %s", error->message);
      return;
    }

  g_hash_table_remove_all (self->unread);
  for (guint i = 0; i < counts->len; i++)
    {
      GleanerScopeCount *c = g_ptr_array_index (counts, i);

      g_hash_table_insert (self->unread, g_strdup (c->scope), g_memdup2 (&c->unread, sizeof c->unread));
    }

  self->counted = TRUE;
  rebuild (self);

  if (self->dirty)
    count (self);
}

/* One query at a time; changes during it ask for one more afterwards, so a sync's many
 * batches cost a few queries, not one each. */
static void
count (GleanerScopeMenu *self)
{
  if (self->store == NULL || !self->started)
    return;

  /* Once read, the counts are read again only for a menu on screen: each count walks every
   * paper on the store's writer (3.2 s at 1,000,000 read papers), and a sync changes the
   * store at every page it stores. A hidden menu's counts are read again as it opens. */
  if (self->counted && !self->shown)
    {
      self->stale = TRUE;
      self->dirty = FALSE;
      return;
    }

  if (self->counting)
    {
      self->dirty = TRUE;
      return;
    }

  self->counting = TRUE;
  self->dirty = FALSE;
  self->stale = FALSE;
  gleaner_store_list_scopes_async (self->store, self->cancellable, list_scopes_cb,
                                   g_object_ref (self));
}

static void
store_changed_cb (GleanerScopeMenu *self)
{
  g_assert (GLEANER_IS_SCOPE_MENU (self));

  count (self);
}

static void
settings_changed_cb (GleanerScopeMenu *self,
                     const char       *key,
                     GSettings        *settings)
{
  g_assert (GLEANER_IS_SCOPE_MENU (self));

  if (g_strcmp0 (key, "arxiv-categories") == 0 || g_strcmp0 (key, "scope") == 0)
    rebuild (self);
}

static void
gleaner_scope_menu_dispose (GObject *object)
{
  GleanerScopeMenu *self = (GleanerScopeMenu *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->menu);
  g_clear_pointer (&self->unread, g_hash_table_unref);

  G_OBJECT_CLASS (gleaner_scope_menu_parent_class)->dispose (object);
}

static void
gleaner_scope_menu_class_init (GleanerScopeMenuClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gleaner_scope_menu_dispose;
}

static void
gleaner_scope_menu_init (GleanerScopeMenu *self)
{
  self->menu = g_menu_new ();
  self->unread = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->cancellable = g_cancellable_new ();
}

GleanerScopeMenu *
gleaner_scope_menu_new (GleanerStore *store,
                        GSettings    *settings)
{
  GleanerScopeMenu *self;

  g_return_val_if_fail (!store || GLEANER_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (GLEANER_TYPE_SCOPE_MENU, NULL);
  self->settings = g_object_ref (settings);
  g_signal_connect_object (settings, "changed", G_CALLBACK (settings_changed_cb), self,
                           G_CONNECT_SWAPPED);

  if (store != NULL)
    {
      self->store = g_object_ref (store);
      g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }

  rebuild (self);

  return self;
}

void
gleaner_scope_menu_start_counting (GleanerScopeMenu *self)
{
  g_return_if_fail (GLEANER_IS_SCOPE_MENU (self));

  if (self->started)
    return;

  self->started = TRUE;
  count (self);
}

void
gleaner_scope_menu_set_shown (GleanerScopeMenu *self,
                              gboolean          shown)
{
  g_return_if_fail (GLEANER_IS_SCOPE_MENU (self));

  self->shown = !!shown;
  if (self->shown && self->stale)
    count (self);
}

GMenuModel *
gleaner_scope_menu_get_model (GleanerScopeMenu *self)
{
  g_return_val_if_fail (GLEANER_IS_SCOPE_MENU (self), NULL);
  return G_MENU_MODEL (self->menu);
}

gint64
gleaner_scope_menu_get_unread (GleanerScopeMenu *self,
                               const char       *scope)
{
  gint64 *unread;

  g_return_val_if_fail (GLEANER_IS_SCOPE_MENU (self), -1);

  if (scope == NULL || *scope == '\0')
    return -1;

  unread = g_hash_table_lookup (self->unread, scope);
  return unread != NULL ? *unread : -1;
}
