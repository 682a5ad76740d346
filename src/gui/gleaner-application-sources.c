/* gleaner-application-sources.c — the application's sync and its sources: made when the
 * network half is loaded (the first sync, or arXiv completion wanted; see gleaner-net.h),
 * and kept in step with the settings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-application"

#include "config.h"

#include "gleaner-application-private.h"
#include "gleaner-net.h"

/* The windows' arXiv completer, through the sync's fetcher so completions keep arXiv's
 * spacing with the syncs; once the session is there and the sources are. */
void
_gleaner_application_ensure_completer (GleanerApplication *self)
{
  if (self->arxiv_completer != NULL || self->session == NULL || self->arxiv_source == NULL)
    return;

  self->arxiv_completer = gleaner_arxiv_completer_new (self->arxiv_source,
                                                       gleaner_sync_get_fetcher (self->sync),
                                                       self->store);
  gleaner_session_set_completer (self->session, self->arxiv_completer);
}

/* The sources, as the settings say; needs the network half loaded. */
static void
ensure_sources (GleanerApplication *self)
{
  GSettings *settings;
  g_autofree char *base_url = NULL;

  if (self->hf_source != NULL || self->sync == NULL)
    return;

  g_assert (gleaner_net_is_loaded ());
  settings = gleaner_application_get_settings (self);
  base_url = gleaner_application_dup_hf_base_url (self);

  /* The application decides which sources there are. */
  self->hf_source = gleaner_hf_source_new (base_url);
  gleaner_hf_source_set_backfill_days (self->hf_source,
                                       g_settings_get_uint (settings, "backfill-days"));
  gleaner_hf_source_set_daily (self->hf_source, g_settings_get_boolean (settings, "hf-daily"));
  gleaner_hf_source_set_trending (self->hf_source,
                                  g_settings_get_boolean (settings, "hf-trending"));
  gleaner_sync_add_source (self->sync, GLEANER_SOURCE (self->hf_source));

  self->arxiv_source = gleaner_arxiv_source_new (NULL, NULL);
  _gleaner_application_apply_arxiv_settings (self);
  _gleaner_application_ensure_completer (self);
}

static void
net_loaded_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GleanerApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  self->net_loading = FALSE;
  /* Loaded anyway (a load is not interrupted); shutting down wants no sources. */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (!gleaner_net_load_finish (result, &error))
    {
      /* The next sync reports it where the user sees it. */
      g_debug ("No arXiv completion: %s", error->message);
      return;
    }

  ensure_sources (self);
}

/* Loads the network half on a worker, then makes the sources (and the completer). */
static void
want_network (GleanerApplication *self)
{
  if (self->net_loading || self->hf_source != NULL)
    return;

  self->net_loading = TRUE;
  gleaner_net_load_async (self->cancellable, net_loaded_cb, g_object_ref (self));
}

/* The arXiv source follows the settings; it syncs only while categories are followed. */
void
_gleaner_application_apply_arxiv_settings (GleanerApplication *self)
{
  GSettings *settings = gleaner_application_get_settings (self);
  g_auto(GStrv) categories = NULL;
  g_autofree char *rss_url = NULL;
  g_autofree char *api_url = NULL;
  gboolean wanted;

  if (self->sync == NULL)
    return;

  categories = g_settings_get_strv (settings, "arxiv-categories");
  if (self->arxiv_source == NULL)
    {
      /* Followed categories want the completer as soon as a paper is opened. */
      if (categories[0] != NULL)
        want_network (self);
      return;
    }

  rss_url = gleaner_application_dup_arxiv_url (self, "arxiv-rss-url");
  api_url = gleaner_application_dup_arxiv_url (self, "arxiv-api-url");

  gleaner_arxiv_source_set_categories (self->arxiv_source, (const char * const *)categories);
  gleaner_arxiv_source_set_rss_url (self->arxiv_source, rss_url);
  gleaner_arxiv_source_set_api_url (self->arxiv_source, api_url);
  gleaner_arxiv_source_set_backfill_days (self->arxiv_source,
                                          g_settings_get_uint (settings, "backfill-days"));

  wanted = categories[0] != NULL;
  if (wanted && gleaner_sync_lookup_source (self->sync, "arxiv") == NULL)
    gleaner_sync_add_source (self->sync, GLEANER_SOURCE (self->arxiv_source));
  else if (!wanted)
    gleaner_sync_remove_source (self->sync, GLEANER_SOURCE (self->arxiv_source));
}

/* A setting the sources follow changed; the others are not theirs. */
void
_gleaner_application_source_setting_changed (GleanerApplication *self,
                                             const char         *key)
{
  GSettings *settings = gleaner_application_get_settings (self);

  if (g_strcmp0 (key, "backfill-days") == 0)
    {
      if (self->hf_source != NULL)
        gleaner_hf_source_set_backfill_days (self->hf_source, g_settings_get_uint (settings, key));
      if (self->arxiv_source != NULL)
        gleaner_arxiv_source_set_backfill_days (self->arxiv_source,
                                                g_settings_get_uint (settings, key));
    }
  else if (g_strcmp0 (key, "hf-base-url") == 0)
    {
      /* The next sync uses the new address, unless the environment overrides it. */
      if (self->hf_source != NULL)
        {
          g_autofree char *base_url = gleaner_application_dup_hf_base_url (self);

          gleaner_hf_source_set_base_url (self->hf_source, base_url);
        }
    }
  else if (g_strcmp0 (key, "hf-daily") == 0)
    {
      if (self->hf_source != NULL)
        gleaner_hf_source_set_daily (self->hf_source, g_settings_get_boolean (settings, key));
    }
  else if (g_strcmp0 (key, "hf-trending") == 0)
    {
      if (self->hf_source != NULL)
        gleaner_hf_source_set_trending (self->hf_source, g_settings_get_boolean (settings, key));
    }
  else if (g_str_has_prefix (key, "arxiv-"))
    {
      _gleaner_application_apply_arxiv_settings (self);
    }
}

/* The sync over the opened store, made on first use; NULL without a store. Its sources live
 * in the network half (gleaner-net.h): they are made as its first run starts ("prepare"),
 * or when arXiv completion needs them, so a window that does not sync never loads it. */
GleanerSync *
_gleaner_application_ensure_sync (GleanerApplication *self)
{
  if (self->sync == NULL && self->store != NULL)
    {
      self->sync = gleaner_sync_new (self->store);
      g_signal_connect_object (self->sync, "prepare", G_CALLBACK (ensure_sources), self,
                               G_CONNECT_SWAPPED);
    }

  return self->sync;
}
