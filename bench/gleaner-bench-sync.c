/* gleaner-bench-sync.c — `gleaner --sync` of N papers from a local server, end to end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   gleaner-bench-sync [--papers 10000] [--runs 3] [--gleaner build/src/gleaner]
 *
 * Serves N new papers as Hugging Face daily pages (100 a page, Link: rel="next" between them,
 * at most 50 pages a day, on the days a first sync walks) from a SoupServer on 127.0.0.1, the
 * text of each the real title and abstract of a committed fixture paper (its id and title made
 * unique), then times the real binary's `gleaner --sync` into an empty data directory, from
 * spawn to exit: start-up, HTTP, parsing, storing, the full-text index, the final flush. The
 * figure to compare is Liferea 1.14 storing 10,000 items of a local feed: 3.5 s on this
 * machine (issue 11). Wall clock and the child's CPU time are both printed: on a shared
 * machine, the latter says more about our code.
 */

#define G_LOG_DOMAIN "gleaner-bench"

#include "config.h"

#include <string.h>
#include <sys/resource.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gleaner-hf-source.h"
#include "gleaner-test-server.h"

#define PAGE_PAPERS   100
#define DAY_PAGES     50
#define API           "/api/daily_papers"

static GPtrArray *
load_fixture_entries (void)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  for (guint p = 0; p < 3; p++)
    {
      g_autofree char *name = g_strdup_printf ("daily-papers-p%u.json", p);
      g_autofree char *path = g_build_filename (BENCH_FIXTURES_DIR, name, NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonArray *array;

      if (!json_parser_load_from_mapped_file (parser, path, &error))
        g_error ("%s: %s", path, error->message);

      array = json_node_get_array (json_parser_get_root (parser));
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);
          JsonObject *paper = json_object_get_object_member (json_node_get_object (node), "paper");

          /* Only entries the parser stores (one fixture entry is broken on purpose). */
          if (paper != NULL && json_object_has_member (paper, "id") &&
              json_object_has_member (paper, "title"))
            g_ptr_array_add (entries, json_node_copy (node));
        }
    }

  return entries;
}

/* Page @page_index of the run: fixture entries, each with a unique id and title. */
static GBytes *
make_page (GPtrArray *entries,
           guint      first,
           guint      n)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length;
  char *data;

  for (guint i = first; i < first + n; i++)
    {
      JsonNode *node = json_node_copy (g_ptr_array_index (entries, i % entries->len));
      JsonObject *paper = json_object_get_object_member (json_node_get_object (node), "paper");
      g_autofree char *id = g_strdup_printf ("24%02u.%05u", 1 + i / 99999, 1 + i % 99999);
      g_autofree char *title = g_strdup_printf ("%s (%u)", json_object_get_string_member (paper, "title"), i);

      json_object_set_string_member (paper, "id", id);
      json_object_set_string_member (paper, "title", title);
      json_array_add_element (array, node);
    }

  json_node_set_array (root, array);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);

  return g_bytes_new_take (data, length);
}

/* Serves @n_papers on the newest of the days a first sync walks, 50 pages a day at most. */
static GleanerTestServer *
start_server (guint n_papers)
{
  GleanerTestServer *server = gleaner_test_server_new ();
  g_autoptr(GPtrArray) entries = load_fixture_entries ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GPtrArray) days = gleaner_hf_source_list_days (now, NULL);
  guint n_pages = (n_papers + PAGE_PAPERS - 1) / PAGE_PAPERS;
  guint page = 0;

  if (n_pages > days->len * DAY_PAGES)
    g_error ("at most %u papers fit the days of a first sync", days->len * DAY_PAGES * PAGE_PAPERS);

  /* Catch-alls first: the other days are empty, the trending list and HF search too. */
  gleaner_test_response_set_body (gleaner_test_server_add (server, API, NULL, 200),
                                  "application/json", "[]", -1);
  gleaner_test_response_set_body (gleaner_test_server_add (server, "/api/papers/search", NULL, 200),
                                  "application/json", "[]", -1);

  for (guint d = days->len; d > 0 && page < n_pages; d--)
    {
      const char *day = g_ptr_array_index (days, d - 1);

      for (guint p = 0; p < DAY_PAGES && page < n_pages; p++, page++)
        {
          g_autofree char *query = g_strdup_printf ("date=%s&p=%u", day, p);
          guint first = page * PAGE_PAPERS;
          g_autoptr(GBytes) body = make_page (entries, first, MIN (PAGE_PAPERS, n_papers - first));
          GleanerTestResponse *r = gleaner_test_server_add (server, API, query, 200);

          gleaner_test_response_set_body_bytes (r, "application/json", body);
          if (p + 1 < DAY_PAGES && page + 1 < n_pages)
            {
              g_autofree char *link = g_strdup_printf ("<" API "?date=%s&limit=100&p=%u>; rel=\"next\"",
                                                       day, p + 1);
              gleaner_test_response_set_header (r, "Link", link);
            }
        }
    }

  gleaner_test_response_set_body (gleaner_test_server_add (server, API, "sort=trending", 200),
                                  "application/json", "[]", -1);
  return server;
}

static double
children_cpu_s (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_CHILDREN, &usage) != 0)
    return 0.0;

  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static double
load_average (void)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &contents, NULL, NULL))
    return -1.0;

  return g_ascii_strtod (contents, NULL);
}

/* One `gleaner --sync` into a fresh data directory; returns the wall-clock seconds. */
static double
run_sync (const char *gleaner,
          const char *url,
          double     *out_cpu_s)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_dir_make_tmp ("gleaner-bench-sync-XXXXXX", &error);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) env = g_get_environ ();
  const char *argv[] = { gleaner, "--sync", NULL };
  double cpu0 = children_cpu_s ();
  gint64 t0;
  double s;
  int status;

  if (home == NULL)
    g_error ("%s", error->message);

  env = g_environ_setenv (env, "XDG_DATA_HOME", home, TRUE);
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", home, TRUE);
  env = g_environ_setenv (env, "XDG_CACHE_HOME", home, TRUE);
  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "memory", TRUE);
  env = g_environ_setenv (env, "GLEANER_HF_BASE_URL", url, TRUE);

  t0 = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("gleaner --sync: %s\n%s", error->message, err ? err : "");
  s = (g_get_monotonic_time () - t0) / 1e6;
  *out_cpu_s = children_cpu_s () - cpu0;

  g_print ("  gleaner --sync: %s", out);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", home);

    /* The temporary home holds only what the sync made. */
    if (system (cmd) != 0)
      g_printerr ("cannot remove %s\n", home);
  }

  return s;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— gleaner --sync from a local server");
  g_autoptr(GError) error = NULL;
  g_autofree char *gleaner = g_strdup (BENCH_GLEANER_BINARY);
  int n_papers = 10000;
  int runs = 3;
  GOptionEntry entries[] = {
    { "papers", 0, 0, G_OPTION_ARG_INT, &n_papers, "Papers to serve (default 10000)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Syncs to time, each into an empty directory", "R" },
    { "gleaner", 0, 0, G_OPTION_ARG_FILENAME, &gleaner, "The gleaner binary", "PATH" },
    { NULL }
  };
  g_autoptr(GleanerTestServer) server = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  double best = G_MAXDOUBLE, best_cpu = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_papers <= 0 || runs <= 0)
    {
      g_printerr ("gleaner-bench-sync: %s\n", error ? error->message : "bad arguments");
      return 2;
    }

  server = start_server (n_papers);
  g_print ("gleaner --sync of %d papers from %s (load average %.2f)\n",
           n_papers, gleaner_test_server_get_url (server), load_average ());

  for (int r = 0; r < runs; r++)
    {
      double cpu;
      double s = run_sync (gleaner, gleaner_test_server_get_url (server), &cpu);

      g_print ("  run %d: %.2f s wall, %.2f s CPU (%.0f papers/s)\n", r + 1, s, cpu, n_papers / s);
      if (s < best)
        {
          best = s;
          best_cpu = cpu;
        }
    }

  g_print ("Liferea 1.14, 10,000 items of a local feed: 3.5 s (issue 11)\n"
           "BENCH cli_sync_papers=%d\nBENCH cli_sync_best_s=%.2f\nBENCH cli_sync_best_cpu_s=%.2f\n"
           "BENCH cli_sync_papers_per_s=%.0f\nBENCH load_end=%.2f\n",
           n_papers, best, best_cpu, n_papers / best, load_average ());

  return 0;
}
