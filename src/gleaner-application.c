/* gleaner-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-application"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "gleaner-application.h"
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

  return G_APPLICATION_CLASS (gleaner_application_parent_class)->handle_local_options (app, options);
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
    self->settings = g_settings_new (SCHEMA_ID);

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
