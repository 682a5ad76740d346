/* gleaner-application-cli.c — the command-line modes: --sync, --search, --export-bibtex.
 *
 * They run before registration and before GTK is initialised, so they work without a display
 * (from cron, over ssh); they reach the store and the sync through the application's
 * accessors, which open the store on the spot, and construct no widget.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-application"

#include "config.h"

#include <glib/gi18n.h>

#include "gleaner-application-cli.h"
#include "gleaner-arxiv-source.h"
#include "gleaner-bibtex.h"
#include "gleaner-hf-source.h"
#include "gleaner-host-lock.h"
#include "gleaner-scheduler.h"
#include "gleaner-text.h"

typedef struct
{
  GMainLoop          *loop;
  GleanerSyncResult  *result;
  GError             *error;
  GPtrArray          *lines;   /* (element-type utf8) one per source */
} CliSync;

/* How a source is named to people. */
static const char *
source_label (GleanerSource *source)
{
  const char *name = gleaner_source_get_name (source);

  if (g_strcmp0 (name, "hf") == 0)
    return _("Hugging Face");
  if (g_strcmp0 (name, "arxiv") == 0)
    return _("arXiv");

  return name;
}

static void
cli_source_finished_cb (GleanerSync       *sync,
                        GleanerSource     *source,
                        GleanerSyncResult *fetched,
                        const GError      *error,
                        CliSync           *state)
{
  if (error != NULL)
    g_ptr_array_add (state->lines,
                     /* Translators: "arXiv: failed (added 0, updated 0, skipped 0)" */
                     g_strdup_printf (_("%s: failed (added %u, updated %u, skipped %u)"),
                                      source_label (source),
                                      fetched->added, fetched->updated, fetched->skipped));
  else
    g_ptr_array_add (state->lines,
                     /* Translators: "arXiv: added 12, updated 3, skipped 0" */
                     g_strdup_printf (_("%s: added %u, updated %u, skipped %u"),
                                      source_label (source),
                                      fetched->added, fetched->updated, fetched->skipped));
}

static void
cli_sync_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CliSync *state = user_data;

  state->result = gleaner_sync_run_finish_full (GLEANER_SYNC (object), result, NULL,
                                                &state->error);
  g_main_loop_quit (state->loop);
}

int
_gleaner_application_run_cli_sync (GleanerApplication *self)
{
  GleanerStore *store;
  GleanerSync *sync;
  CliSync state = { 0 };
  gulong finished_id;
  guint added = 0, updated = 0, skipped = 0;

  if ((store = gleaner_application_get_store (self)) == NULL)
    {
      g_printerr (_("Cannot open the database: %s\n"),
                  gleaner_application_get_store_error (self)->message);
      return 1;
    }

  sync = gleaner_application_get_sync (self);
  state.loop = g_main_loop_new (NULL, FALSE);
  state.lines = g_ptr_array_new_with_free_func (g_free);
  finished_id = g_signal_connect (sync, "source-finished",
                                  G_CALLBACK (cli_source_finished_cb), &state);
  gleaner_sync_run_async (sync, NULL, cli_sync_done_cb, &state);
  g_main_loop_run (state.loop);
  g_main_loop_unref (state.loop);
  g_signal_handler_disconnect (sync, finished_id);

  /* The window's next start shows this run as its last, and syncs an interval after it. */
  gleaner_scheduler_record_run (store, g_get_real_time () / G_USEC_PER_SEC, state.error);

  /* Let queued writes land before the process exits, and let other processes know when
   * they may ask arXiv next. */
  gleaner_store_flush (store);
  gleaner_host_lock_wait_released ();

  /* With several sources, a line for each, then the totals; with one, just the totals (or
   * just the failure), as always. */
  if (state.lines->len > 1)
    for (guint i = 0; i < state.lines->len; i++)
      g_print ("%s\n", (char *)g_ptr_array_index (state.lines, i));
  g_ptr_array_unref (state.lines);

  if (state.error != NULL)
    {
      g_printerr (_("Sync failed: %s\n"), state.error->message);
      g_error_free (state.error);
      return 1;
    }

  added = state.result->added;
  updated = state.result->updated;
  skipped = state.result->skipped;
  g_print (_("added %u, updated %u, skipped %u\n"), added, updated, skipped);
  gleaner_sync_result_free (state.result);

  return 0;
}

int
_gleaner_application_run_cli_search (GleanerApplication *self,
                                     const char         *query)
{
  GleanerStore *store;
  g_autoptr(GPtrArray) papers = NULL;
  g_autoptr(GError) error = NULL;

  if ((store = gleaner_application_get_store (self)) == NULL)
    {
      g_printerr (_("Cannot open the database: %s\n"),
                  gleaner_application_get_store_error (self)->message);
      return 1;
    }

  if (!(papers = gleaner_store_search (store, query, 1000, &error)))
    {
      g_printerr (_("Search failed: %s\n"), error->message);
      return 1;
    }

  for (guint i = 0; i < papers->len; i++)
    {
      GleanerPaper *paper = g_ptr_array_index (papers, i);
      /* One paper per line: tabs and line breaks in a title would break the format. */
      g_autofree char *title = gleaner_text_collapse_whitespace (gleaner_paper_get_title (paper));
      g_print ("%s\t%s\n", gleaner_paper_get_id (paper), title);
    }

  return 0;
}

int
_gleaner_application_run_cli_export_bibtex (GleanerApplication *self,
                                            const char         *path)
{
  GleanerStore *store;
  g_autoptr(GPtrArray) papers = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;

  if ((store = gleaner_application_get_store (self)) == NULL)
    {
      g_printerr (_("Cannot open the database: %s\n"),
                  gleaner_application_get_store_error (self)->message);
      return 1;
    }

  file = g_file_new_for_commandline_arg (path);

  if (!(papers = gleaner_store_list_starred (store, &error)) ||
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
