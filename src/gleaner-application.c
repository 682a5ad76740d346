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
#include "gleaner-window.h"

struct _GleanerApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  GleanerStore   *store;
  GleanerSync    *sync;
  GError         *store_error;
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
gleaner_application_startup (GApplication *app)
{
  static const GActionEntry actions[] = {
    { "quit", quit_action_cb },
    { "about", about_action_cb },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (gleaner_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), actions, G_N_ELEMENTS (actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
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
    }

  return self->sync;
}
