/* gleaner-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-application"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "gleaner-application.h"
#include "gleaner-bibtex.h"
#include "gleaner-preferences-window.h"
#include "gleaner-window.h"

struct _GleanerApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  GleanerStore   *store;
  GleanerSync    *sync;
  GError         *store_error;
  GtkWidget      *preferences;       /* (nullable) weak: the open preferences window */
  guint           periodic_sync_id;  /* the sync-interval timer while the app runs */
  guint           periodic_syncing : 1;
};

G_DEFINE_FINAL_TYPE (GleanerApplication, gleaner_application, ADW_TYPE_APPLICATION)

typedef struct
{
  GMainLoop          *loop;
  GleanerSyncResult  *result;
  GError             *error;
} CliSync;

static void
cli_sync_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CliSync *state = user_data;

  state->result = gleaner_sync_run_finish (GLEANER_SYNC (object), result, &state->error);
  g_main_loop_quit (state->loop);
}

static int
run_cli_sync (GleanerApplication *self)
{
  GleanerSync *sync;
  CliSync state = { 0 };

  if (gleaner_application_get_store (self) == NULL)
    {
      g_printerr (_("Cannot open the database: %s\n"), self->store_error->message);
      return 1;
    }

  sync = gleaner_application_get_sync (self);
  state.loop = g_main_loop_new (NULL, FALSE);
  gleaner_sync_run_async (sync, NULL, cli_sync_done_cb, &state);
  g_main_loop_run (state.loop);
  g_main_loop_unref (state.loop);

  /* Let queued writes land before the process exits. */
  gleaner_store_flush (self->store);

  if (state.error != NULL)
    {
      g_printerr (_("Sync failed: %s\n"), state.error->message);
      g_error_free (state.error);
      return 1;
    }

  g_print (_("added %u, updated %u, skipped %u\n"),
           state.result->added, state.result->updated, state.result->skipped);
  gleaner_sync_result_free (state.result);

  return 0;
}

static int
run_cli_search (GleanerApplication *self,
                const char         *query)
{
  g_autoptr(GPtrArray) papers = NULL;
  g_autoptr(GError) error = NULL;

  if (gleaner_application_get_store (self) == NULL)
    {
      g_printerr (_("Cannot open the database: %s\n"), self->store_error->message);
      return 1;
    }

  if (!(papers = gleaner_store_search (self->store, query, 1000, &error)))
    {
      g_printerr (_("Search failed: %s\n"), error->message);
      return 1;
    }

  for (guint i = 0; i < papers->len; i++)
    {
      GleanerPaper *paper = g_ptr_array_index (papers, i);
      g_autofree char *title = g_strdup (gleaner_paper_get_title (paper));

      /* One paper per line: tabs and newlines in a title would break the format. */
      g_strdelimit (title, "\t\r\n", ' ');
      g_print ("%s\t%s\n", gleaner_paper_get_id (paper), title);
    }

  return 0;
}

static int
run_cli_export_bibtex (GleanerApplication *self,
                       const char         *path)
{
  g_autoptr(GPtrArray) papers = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;

  if (gleaner_application_get_store (self) == NULL)
    {
      g_printerr (_("Cannot open the database: %s\n"), self->store_error->message);
      return 1;
    }

  file = g_file_new_for_commandline_arg (path);

  if (!(papers = gleaner_store_list_starred (self->store, &error)) ||
      !gleaner_bibtex_write_file (papers, file, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  g_print (g_dngettext (GETTEXT_PACKAGE, "Exported %u starred paper\n",
                        "Exported %u starred papers\n", papers->len),
           papers->len);

  return 0;
}

static int
gleaner_application_handle_local_options (GApplication *app,
                                          GVariantDict *options)
{
  GleanerApplication *self = GLEANER_APPLICATION (app);
  const char *query = NULL;

  /* The command-line modes run here, before registration and before GTK is initialised, so
   * they work without a display (from cron, over ssh). */
  if (g_variant_dict_contains (options, "sync"))
    return run_cli_sync (self);

  if (g_variant_dict_lookup (options, "search", "&s", &query))
    return run_cli_search (self, query);

  if (g_variant_dict_lookup (options, "export-bibtex", "^&ay", &query))
    return run_cli_export_bibtex (self, query);

  return G_APPLICATION_CLASS (gleaner_application_parent_class)->handle_local_options (app, options);
}

static void
quit_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GleanerApplication *self = user_data;
  GList *windows;

  /* Closing the windows first lets them save their state (size, selection). */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);

  g_application_quit (G_APPLICATION (self));
}

static void
about_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GleanerApplication *self = user_data;
  static const char *developers[] = { "The Gleaner developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-name", _("Gleaner"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Gleaner developers"),
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/gleaner/gleaner",
                        "issue-url", "https://github.com/gleaner/gleaner/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The Gleaner developers",
                        "developers", developers,
                        "comments", _("Follow trending research papers: a calm, private "
                                      "and fast companion to Hugging Face Daily Papers."),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  GleanerApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (self->preferences == NULL)
    {
      self->preferences = gleaner_preferences_window_new (parent,
                                                          gleaner_application_get_settings (self));
      g_object_add_weak_pointer (G_OBJECT (self->preferences), (gpointer *)&self->preferences);
    }

  gtk_window_present (GTK_WINDOW (self->preferences));
}

static void
periodic_sync_done_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GleanerApplication) self = user_data;
  g_autoptr(GleanerSyncResult) sync_result = NULL;
  g_autoptr(GError) error = NULL;

  self->periodic_syncing = FALSE;

  /* The window follows the store and the sync's "running"; a failed background run is only
   * worth a debug message, the next one or a manual refresh will say more. */
  if (!(sync_result = gleaner_sync_run_finish (GLEANER_SYNC (object), result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Periodic sync failed: %s", error->message);
      return;
    }

  g_debug ("Periodic sync: added %u, updated %u", sync_result->added, sync_result->updated);
}

static gboolean
periodic_sync_cb (gpointer user_data)
{
  GleanerApplication *self = user_data;
  GleanerSync *sync;

  if (self->periodic_syncing ||
      self->store == NULL ||
      !(sync = gleaner_application_get_sync (self)) ||
      gleaner_sync_get_running (sync))
    {
      g_debug ("Periodic sync skipped: a sync is running or there is no store");
      return G_SOURCE_CONTINUE;
    }

  self->periodic_syncing = TRUE;
  gleaner_sync_run_async (sync, NULL, periodic_sync_done_cb, g_object_ref (self));

  return G_SOURCE_CONTINUE;
}

static void
arm_periodic_sync (GleanerApplication *self)
{
  guint minutes;

  g_assert (GLEANER_IS_APPLICATION (self));

  minutes = g_settings_get_uint (gleaner_application_get_settings (self), "sync-interval");
  minutes = CLAMP (minutes, 15, 1440);

  g_clear_handle_id (&self->periodic_sync_id, g_source_remove);
  self->periodic_sync_id = g_timeout_add_seconds (minutes * 60, periodic_sync_cb, self);
  g_source_set_name_by_id (self->periodic_sync_id, "[gleaner] periodic sync");
}

static void
settings_changed_cb (GleanerApplication *self,
                     const char         *key,
                     GSettings          *settings)
{
  g_assert (GLEANER_IS_APPLICATION (self));

  if (g_strcmp0 (key, "sync-interval") == 0)
    {
      if (self->periodic_sync_id != 0)
        arm_periodic_sync (self);
    }
  else if (g_strcmp0 (key, "backfill-days") == 0)
    {
      if (self->sync != NULL)
        gleaner_sync_set_backfill_days (self->sync, g_settings_get_uint (settings, key));
    }
  else if (g_strcmp0 (key, "hf-base-url") == 0)
    {
      /* The next sync uses the new address, unless the environment overrides it. */
      if (self->sync != NULL)
        {
          g_autofree char *base_url = gleaner_application_dup_hf_base_url (self);

          gleaner_sync_set_hf_base_url (self->sync, base_url);
        }
    }
}

static void
gleaner_application_startup (GApplication *app)
{
  GleanerApplication *self = GLEANER_APPLICATION (app);
  static const GActionEntry actions[] = {
    { "quit", quit_action_cb },
    { "about", about_action_cb },
    { "preferences", preferences_action_cb },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (gleaner_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), actions, G_N_ELEMENTS (actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         preferences_accels);

  /* Only the graphical instance syncs periodically; the command-line modes never get here. */
  arm_periodic_sync (self);
}

static void
gleaner_application_shutdown (GApplication *app)
{
  GleanerApplication *self = GLEANER_APPLICATION (app);

  g_clear_handle_id (&self->periodic_sync_id, g_source_remove);

  G_APPLICATION_CLASS (gleaner_application_parent_class)->shutdown (app);
}

static void
gleaner_application_activate (GApplication *app)
{
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (gleaner_window_new (GLEANER_APPLICATION (app)));

  gtk_window_present (window);
}

static void
gleaner_application_dispose (GObject *object)
{
  GleanerApplication *self = (GleanerApplication *)object;

  g_clear_handle_id (&self->periodic_sync_id, g_source_remove);
  if (self->preferences != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->preferences), (gpointer *)&self->preferences);
  self->preferences = NULL;
  g_clear_object (&self->sync);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_error (&self->store_error);

  G_OBJECT_CLASS (gleaner_application_parent_class)->dispose (object);
}

static void
gleaner_application_class_init (GleanerApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = gleaner_application_dispose;

  app_class->startup = gleaner_application_startup;
  app_class->shutdown = gleaner_application_shutdown;
  app_class->activate = gleaner_application_activate;
  app_class->handle_local_options = gleaner_application_handle_local_options;
}

static void
gleaner_application_init (GleanerApplication *self)
{
  static const GOptionEntry entries[] = {
    { "sync", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Fetch new papers once, without a window, and exit"), NULL },
    { "search", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Print the stored papers matching QUERY, best match first"), N_("QUERY") },
    { "export-bibtex", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Write the starred papers to FILE as BibTeX"), N_("FILE") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Follow trending research papers."));
}

GleanerApplication *
gleaner_application_new (void)
{
  return g_object_new (GLEANER_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

GSettings *
gleaner_application_get_settings (GleanerApplication *self)
{
  g_return_val_if_fail (GLEANER_IS_APPLICATION (self), NULL);

  if (self->settings == NULL)
    {
      GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
      g_autoptr(GSettingsSchemaSource) build_source = NULL;
      g_autoptr(GSettingsSchema) schema = NULL;

      if (source != NULL)
        schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);

      /* Run from the build tree without being installed: use the schema compiled there. */
      if (schema == NULL &&
          (build_source = g_settings_schema_source_new_from_directory (BUILD_SCHEMA_DIR, source,
                                                                       FALSE, NULL)))
        schema = g_settings_schema_source_lookup (build_source, SCHEMA_ID, TRUE);

      if (schema == NULL)
        g_error ("GSettings schema %s is not installed", SCHEMA_ID);

      self->settings = g_settings_new_full (schema, NULL, NULL);
      g_signal_connect_object (self->settings, "changed",
                               G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
    }

  return self->settings;
}

GleanerStore *
gleaner_application_get_store (GleanerApplication *self)
{
  g_return_val_if_fail (GLEANER_IS_APPLICATION (self), NULL);

  if (self->store == NULL && self->store_error == NULL)
    {
      g_autofree char *path = gleaner_store_dup_default_path ();

      self->store = gleaner_store_new (path, &self->store_error);
    }

  return self->store;
}

const GError *
gleaner_application_get_store_error (GleanerApplication *self)
{
  g_return_val_if_fail (GLEANER_IS_APPLICATION (self), NULL);
  return self->store_error;
}

char *
gleaner_application_dup_hf_base_url (GleanerApplication *self)
{
  const char *env;

  g_return_val_if_fail (GLEANER_IS_APPLICATION (self), NULL);

  env = g_getenv ("GLEANER_HF_BASE_URL");
  if (env != NULL && *env != '\0')
    return g_strdup (env);

  return g_settings_get_string (gleaner_application_get_settings (self), "hf-base-url");
}

GleanerSync *
gleaner_application_get_sync (GleanerApplication *self)
{
  g_return_val_if_fail (GLEANER_IS_APPLICATION (self), NULL);

  if (self->sync == NULL && gleaner_application_get_store (self) != NULL)
    {
      g_autofree char *base_url = gleaner_application_dup_hf_base_url (self);

      self->sync = gleaner_sync_new (self->store, base_url);
      gleaner_sync_set_backfill_days (self->sync,
                                      g_settings_get_uint (gleaner_application_get_settings (self),
                                                           "backfill-days"));
    }

  return self->sync;
}

/* The open preferences window, or NULL; for tests. */
GtkWidget *
gleaner_application_get_preferences_window (GleanerApplication *self)
{
  g_return_val_if_fail (GLEANER_IS_APPLICATION (self), NULL);
  return self->preferences;
}
