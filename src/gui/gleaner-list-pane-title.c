/* gleaner-list-pane-title.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list header's subtitle (filter, order, results and unread papers) and the one-line
 * title of the folded window; the unread count of the list's view, read on the store's
 * thread whenever marks, papers or the view change.
 */

#define G_LOG_DOMAIN "gleaner-list-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "gleaner-labels.h"
#include "gleaner-list-pane-private.h"

/* The header's title and subtitle on one line, for the folded window; plain text (a saved
 * search's name is the user's). */
void
_gleaner_list_pane_update_folded_title (GleanerListPane *self)
{
  const char *title = adw_window_title_get_title (self->list_title);
  const char *subtitle = adw_window_title_get_subtitle (self->list_title);
  g_autofree char *text = NULL;

  /* The app's own name says nothing about the list. */
  if (title == NULL || g_strcmp0 (title, _("Gleaner")) == 0)
    text = g_strdup (subtitle ? subtitle : "");
  else
    /* Translators: a saved search's name, then the list's filter and order, as in
     * "diffusion — Unread · Newest". */
    text = g_strdup_printf (_("%s — %s"), title, subtitle ? subtitle : "");

  gtk_label_set_text (self->folded_title, text);
}

void
_gleaner_list_pane_update_subtitle (GleanerListPane *self)
{
  g_autofree char *subtitle = NULL;
  const char *search = gleaner_paper_list_get_search (self->papers);

  /* Translators: the list's filter and order, e.g. "Unread · Newest". */
  subtitle = g_strdup_printf (_("%s · %s"),
                              gleaner_filter_get_label (gleaner_paper_list_get_filter (self->papers)),
                              gleaner_sort_get_label (gleaner_paper_list_get_sort (self->papers)));

  /* While searching, how many papers match (once the query has answered). */
  if (search != NULL && *search != '\0' && !gleaner_paper_list_get_loading (self->papers))
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->papers));
      g_autofree char *with_count = NULL;

      /* Translators: the list's filter and order ("Unread · Newest"), then the number of
       * papers that match the search. */
      with_count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u result", "%s · %u results", n),
                                    subtitle, n);
      g_free (subtitle);
      subtitle = g_steal_pointer (&with_count);
    }

  /* How many of them are unread, once counted; nothing when none is (the Unread filter
   * then shows "All Caught Up"). */
  if (self->unread_count > 0)
    {
      g_autofree char *with_unread = NULL;

      /* Translators: the list's subtitle so far ("All Papers · Newest"), then how many of its
       * papers are unread. */
      with_unread = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u unread", "%s · %u unread",
                                                  (gulong)MIN (self->unread_count, G_MAXUINT)),
                                     subtitle, (guint)MIN (self->unread_count, G_MAXUINT));
      g_free (subtitle);
      subtitle = g_steal_pointer (&with_unread);
    }

  if (g_strcmp0 (subtitle, adw_window_title_get_subtitle (self->list_title)) == 0)
    return;

  adw_window_title_set_subtitle (self->list_title, subtitle);
  _gleaner_list_pane_update_folded_title (self);
}

static void
count_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GleanerListPane) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 count;

  count = gleaner_store_count_view_unread_finish (GLEANER_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* A count that failed is not shown; the list itself says what went wrong, if anything. */
  if (error != NULL)
    g_debug ("Cannot count unread papers: %s", error->message);

  _gleaner_list_pane_set_unread_count (self, count);
}

static gboolean
count_idle_cb (gpointer user_data)
{
  GleanerListPane *self = user_data;
  g_autofree char *scope = NULL;

  self->unread_idle = 0;

  if (self->store == NULL || self->papers == NULL)
    return G_SOURCE_REMOVE;

  /* Only the latest view's count matters. */
  g_cancellable_cancel (self->unread_cancellable);
  g_clear_object (&self->unread_cancellable);
  self->unread_cancellable = g_cancellable_new ();

  gleaner_store_count_view_unread_async (self->store,
                                         gleaner_paper_list_get_scope (self->papers),
                                         gleaner_paper_list_get_filter (self->papers),
                                         gleaner_paper_list_get_search (self->papers),
                                         self->unread_cancellable, count_done_cb,
                                         g_object_ref (self));
  return G_SOURCE_REMOVE;
}

/* Counts again once the main loop is idle: "Mark All as Read" announces a mark per paper,
 * and one count follows them all. */
void
_gleaner_list_pane_queue_unread_count (GleanerListPane *self)
{
  if (self->unread_idle == 0)
    self->unread_idle = g_idle_add_full (G_PRIORITY_LOW, count_idle_cb, self, NULL);
}

void
_gleaner_list_pane_stop_unread_count (GleanerListPane *self)
{
  g_clear_handle_id (&self->unread_idle, g_source_remove);
  g_cancellable_cancel (self->unread_cancellable);
  g_clear_object (&self->unread_cancellable);
}
