/* gleaner-scope-menu.h — the "Source" section of the list's menu: all papers, one source, or
 * one followed arXiv category, each with its unread count.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gleaner-store.h"

G_BEGIN_DECLS

#define GLEANER_TYPE_SCOPE_MENU (gleaner_scope_menu_get_type ())

G_DECLARE_FINAL_TYPE (GleanerScopeMenu, gleaner_scope_menu, GLEANER, SCOPE_MENU, GObject)

/* Items activate "settings.scope" (the GSettings key "scope") with their scope as target:
 * "" (all sources), "hf", "arxiv", or "arxiv:<category>" for each category in
 * "arxiv-categories" (and the chosen one, if it is no longer followed). The items are
 * labelled without counts until gleaner_scope_menu_start_counting(). */
GleanerScopeMenu *gleaner_scope_menu_new          (GleanerStore     *store,
                                                   GSettings        *settings);
/* From now on the unread counts are asked of the store (on its thread): once now, then after
 * each change of it while the menu is shown, or as it is next shown. Each count walks every
 * paper, so a list starts counting once it has shown its papers, not while the window starts
 * up. Calls after the first do nothing. */
void              gleaner_scope_menu_start_counting (GleanerScopeMenu *self);
/* Whether the menu is on screen (its popover mapped); FALSE at first. */
void              gleaner_scope_menu_set_shown    (GleanerScopeMenu *self,
                                                   gboolean          shown);
GMenuModel       *gleaner_scope_menu_get_model    (GleanerScopeMenu *self);
/* The unread count last read for @scope ("" for none), or -1 if not known (yet). */
gint64            gleaner_scope_menu_get_unread   (GleanerScopeMenu *self,
                                                   const char       *scope);

/* How a list narrowed to @scope is titled: "Hugging Face", "arXiv", "cs.LG"; NULL for ""
 * or NULL (every paper). Free with g_free(). */
char             *gleaner_scope_dup_title         (const char       *scope);

G_END_DECLS
