/* gleaner-bench-atom.c — arXiv Atom parse + store rate, next to the Hugging Face JSON figure.
 *
 *   gleaner-bench-atom [--papers 100000] [--entries 20000] [--dir DIR]
 *
 * First stores --papers papers from generated Hugging Face daily pages (100 per page) into an
 * empty database: the HF ingest figure. Then parses and stores --entries entries from
 * generated arXiv listing feeds (2,000 per feed, as rss.arxiv.org caps them) into that same
 * database, so the Atom figure is the rate at that many stored papers. A quarter of the
 * entries are papers Hugging Face already had (merged into their rows), a tenth are
 * replacements, the rest new. Both run through Gleaner's own parsers and its one write path,
 * with a feed parsed while the writer thread stores the previous one. Titles and abstracts
 * are the real ones of the committed fixtures (tests/fixtures/daily-papers-p*.json).
 * Target (issue 13): at least 3,000 Atom entries/s at 100,000 papers, release build.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <time.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gleaner-arxiv-parser.h"
#include "gleaner-hf-parser.h"
#include "gleaner-paper.h"
#include "gleaner-store-private.h"

#define HF_PAGE 100
#define ATOM_FEED 2000
#define MAX_IN_FLIGHT 2

static const char * const categories[] = {
  "cs.LG", "cs.CL", "cs.CV", "stat.ML", "cs.AI", "math.OC", "hep-th", "q-bio.NC",
};

typedef struct
{
  GPtrArray *titles;
  GPtrArray *abstracts;
} Pool;

typedef struct
{
  guint   in_flight;
  guint64 added;
  guint64 updated;
  GError *error;
} Ctx;

static void
load_pool (Pool *pool)
{
  pool->titles = g_ptr_array_new_with_free_func (g_free);
  pool->abstracts = g_ptr_array_new_with_free_func (g_free);

  for (guint p = 0; p < 3; p++)
    {
      g_autofree char *name = g_strdup_printf ("daily-papers-p%u.json", p);
      g_autofree char *path = g_build_filename (BENCH_FIXTURES_DIR, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) papers = NULL;
      g_autoptr(GBytes) bytes = NULL;
      char *data = NULL;
      gsize len = 0;

      if (!g_file_get_contents (path, &data, &len, &error))
        g_error ("%s", error->message);
      bytes = g_bytes_new_take (data, len);
      papers = gleaner_hf_parse_papers (bytes, NULL, NULL, &error);
      if (papers == NULL)
        g_error ("%s: %s", path, error->message);

      for (guint i = 0; i < papers->len; i++)
        {
          GleanerPaper *paper = g_ptr_array_index (papers, i);

          g_ptr_array_add (pool->titles, g_strdup (gleaner_paper_get_title (paper)));
          g_ptr_array_add (pool->abstracts, g_strdup (gleaner_paper_get_abstract (paper)));
        }
    }
}

/* The id of paper @n: 100,000 a month from January 2015. */
static char *
paper_id (guint64 n)
{
  guint month = (guint) (n / 99999);

  return g_strdup_printf ("%02u%02u.%05u", 15 + month / 12, 1 + month % 12,
                          (guint) (n % 99999) + 1);
}

static GBytes *
hf_page (const Pool *pool,
         guint64     first,
         guint       count)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;
  gsize len;

  json_builder_begin_array (builder);
  for (guint64 n = first; n < first + count; n++)
    {
      g_autofree char *id = paper_id (n);
      guint k = n % pool->titles->len;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "paper");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, id);
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, g_ptr_array_index (pool->titles, k));
      json_builder_set_member_name (builder, "summary");
      json_builder_add_string_value (builder, g_ptr_array_index (pool->abstracts, k));
      json_builder_set_member_name (builder, "publishedAt");
      json_builder_add_string_value (builder, "2025-01-06T00:00:00.000Z");
      json_builder_set_member_name (builder, "upvotes");
      json_builder_add_int_value (builder, (gint64) (n * 37 % 250));
      json_builder_set_member_name (builder, "authors");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, "Ada Lovelace");
      json_builder_end_object (builder);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "numComments");
      json_builder_add_int_value (builder, (gint64) (n % 5));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);

  return g_bytes_new_take (text, len);
}

/* A listing feed: entry n is paper @ids[n]; every tenth a replacement, every fifth a cross. */
static GBytes *
atom_feed (const Pool *pool,
           guint64    *ids,
           guint       count)
{
  GString *xml = g_string_new ("<?xml version='1.0' encoding='UTF-8'?>\n"
                               "<feed xmlns=\"http://www.w3.org/2005/Atom\" "
                               "xmlns:arxiv=\"http://arxiv.org/schemas/atom\" "
                               "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                               "<id>http://rss.arxiv.org/atom/cs.LG</id>"
                               "<title>cs.LG updates on arXiv.org</title>\n");
  gsize len;

  for (guint i = 0; i < count; i++)
    {
      guint64 n = ids[i];
      g_autofree char *id = paper_id (n);
      g_autofree char *title = g_markup_escape_text (g_ptr_array_index (pool->titles, n % pool->titles->len), -1);
      g_autofree char *abstract = g_markup_escape_text (g_ptr_array_index (pool->abstracts, n % pool->abstracts->len), -1);
      const char *type = i % 10 == 9 ? "replace" : i % 5 == 4 ? "cross" : "new";
      guint version = i % 10 == 9 ? 2 : 1;

      g_string_append_printf (xml,
                              "<entry><id>oai:arXiv.org:%sv%u</id><title>%s</title>"
                              "<updated>2025-02-07T00:00:00-05:00</updated>"
                              "<link href=\"https://arxiv.org/abs/%s\" rel=\"alternate\" type=\"text/html\"/>"
                              "<summary>arXiv:%sv%u Announce Type: %s \nAbstract: %s</summary>"
                              "<category term=\"%s\" scheme=\"http://arxiv.org/schemas/atom\"/>"
                              "<category term=\"%s\" scheme=\"http://arxiv.org/schemas/atom\"/>"
                              "<published>2025-02-07T00:00:00-05:00</published>"
                              "<arxiv:announce_type>%s</arxiv:announce_type>"
                              "<dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>"
                              "<dc:creator>Ada Lovelace, \\'Emile Borel, Grace Hopper</dc:creator></entry>\n",
                              id, version, title, id, id, version, type, abstract,
                              categories[n % G_N_ELEMENTS (categories)],
                              categories[(n * 3 + 1) % G_N_ELEMENTS (categories)], type);
    }
  g_string_append (xml, "</feed>\n");

  len = xml->len;
  return g_bytes_new_take (g_string_free (xml, FALSE), len);
}

static void
upsert_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Ctx *ctx = user_data;
  g_autoptr(GleanerUpsertResult) res = NULL;
  GError *error = NULL;

  res = gleaner_store_upsert_finish (GLEANER_STORE (object), result, &error);
  if (res == NULL && ctx->error == NULL)
    ctx->error = error;
  else if (res == NULL)
    g_error_free (error);
  else
    {
      ctx->added += res->added;
      ctx->updated += res->updated;
    }
  ctx->in_flight--;
}

static void
wait_in_flight (Ctx   *ctx,
                guint  max)
{
  while (ctx->in_flight > max)
    g_main_context_iteration (NULL, TRUE);
}

/* This process's CPU time (parser and writer thread together), in microseconds: on a loaded
 * machine it says more than the wall clock. */
static gint64
cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* Parses and stores @docs (HF pages or Atom feeds); returns the microseconds it took. */
static gint64
ingest (GleanerStore *store,
        GPtrArray    *docs,
        gboolean      atom,
        Ctx          *ctx,
        gint64       *parse_us,
        gint64       *cpu)
{
  gint64 t0 = g_get_monotonic_time ();
  gint64 c0 = cpu_us ();

  *parse_us = 0;
  for (guint d = 0; d < docs->len; d++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) papers = NULL;
      gint64 p0;

      wait_in_flight (ctx, MAX_IN_FLIGHT - 1);
      p0 = g_get_monotonic_time ();
      if (atom)
        papers = gleaner_arxiv_parse_feed (g_ptr_array_index (docs, d), NULL, &error);
      else
        papers = gleaner_hf_parse_papers (g_ptr_array_index (docs, d), "2025-01-06", NULL, &error);
      *parse_us += g_get_monotonic_time () - p0;
      if (papers == NULL)
        g_error ("parse: %s", error->message);

      ctx->in_flight++;
      gleaner_store_upsert_listing_async (store, papers, atom ? "arxiv:cs.LG" : "hf:daily", NULL,
                                          upsert_cb, ctx);
    }
  wait_in_flight (ctx, 0);
  gleaner_store_flush (store);

  if (ctx->error != NULL)
    g_error ("store: %s", ctx->error->message);

  *cpu = cpu_us () - c0;
  return g_get_monotonic_time () - t0;
}

static void
scopes_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GPtrArray **out = user_data;
  g_autoptr(GError) error = NULL;

  if (!(*out = gleaner_store_list_scopes_finish (GLEANER_STORE (object), result, &error)))
    g_error ("scopes: %s", error->message);
}

/* The list query per scope (what the window runs on its worker thread) and the scope
 * counts (on the store's thread), at the papers stored. */
static void
time_scopes (GleanerStore *store)
{
  static const char * const scopes[] = { NULL, "hf", "arxiv", "arxiv:cs.LG", "arxiv:q-bio.NC" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) counts = NULL;
  sqlite3 *db = _gleaner_store_open_reader (store, &error);
  gint64 t0;

  if (db == NULL)
    g_error ("%s", error->message);

  g_print ("List query per scope (all papers, by upvotes; then unread, newest first, "
           "search \"model\")\n");
  for (guint i = 0; i < G_N_ELEMENTS (scopes); i++)
    {
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (gint64));
      gint64 us_all, us_search;

      t0 = g_get_monotonic_time ();
      if (!_gleaner_store_query_scoped_ids (db, GLEANER_FILTER_ALL, GLEANER_SORT_UPVOTES, NULL,
                                            scopes[i], ids, NULL, NULL, NULL, &error))
        g_error ("%s", error->message);
      us_all = g_get_monotonic_time () - t0;

      t0 = g_get_monotonic_time ();
      if (!_gleaner_store_query_scoped_ids (db, GLEANER_FILTER_UNREAD, GLEANER_SORT_NEWEST, "model",
                                            scopes[i], found, NULL, NULL, NULL, &error))
        g_error ("%s", error->message);
      us_search = g_get_monotonic_time () - t0;

      g_print ("  %-16s %7u papers %7.1f ms   %7u found %7.1f ms\n",
               scopes[i] != NULL ? scopes[i] : "(everything)", ids->len, us_all / 1e3,
               found->len, us_search / 1e3);
    }
  sqlite3_close (db);

  t0 = g_get_monotonic_time ();
  gleaner_store_list_scopes_async (store, NULL, scopes_cb, &counts);
  while (counts == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_print ("Scope counts: %u scopes in %.1f ms (store thread)\n", counts->len,
           (g_get_monotonic_time () - t0) / 1e3);
}

int
main (int   argc,
      char *argv[])
{
  gint64 n_papers = 100000;
  gint64 n_entries = 20000;
  g_autofree char *dir = NULL;
  GOptionEntry entries[] = {
    { "papers", 0, 0, G_OPTION_ARG_INT64, &n_papers, "Hugging Face papers stored first", "N" },
    { "entries", 0, 0, G_OPTION_ARG_INT64, &n_entries, "Atom entries stored then", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Where the database goes (a temporary dir)", "DIR" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— Atom vs HF ingest");
  g_autoptr(GError) error = NULL;
  g_autoptr(GleanerStore) store = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autofree char *path = NULL;
  g_autofree guint64 *ids = NULL;
  Pool pool;
  gboolean own_dir = FALSE;
  Ctx hf = { 0 }, atom = { 0 };
  gint64 hf_us, atom_us, hf_parse_us, atom_parse_us, hf_cpu, atom_cpu;
  gint64 merged = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_papers < 1 || n_entries < 1)
    {
      g_printerr ("%s\n", error ? error->message : "--papers and --entries must be positive");
      return 2;
    }

  if (dir == NULL)
    {
      if (!(dir = g_dir_make_tmp ("gleaner-bench-atom-XXXXXX", &error)))
        g_error ("%s", error->message);
      own_dir = TRUE;
    }
  path = g_build_filename (dir, "gleaner.db", NULL);
  if (!(store = gleaner_store_new (path, &error)))
    g_error ("%s", error->message);

  load_pool (&pool);

  /* Hugging Face: --papers new papers into the empty store. */
  docs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (gint64 n = 0; n < n_papers; n += HF_PAGE)
    g_ptr_array_add (docs, hf_page (&pool, n, (guint) MIN (HF_PAGE, n_papers - n)));
  hf_us = ingest (store, docs, FALSE, &hf, &hf_parse_us, &hf_cpu);
  g_clear_pointer (&docs, g_ptr_array_unref);

  /* arXiv: a quarter already stored by Hugging Face, the rest new. */
  ids = g_new (guint64, n_entries);
  for (gint64 i = 0; i < n_entries; i++)
    {
      gboolean known = i % 4 == 0;

      ids[i] = known ? (guint64) ((i * 7919) % n_papers) : (guint64) (n_papers + i);
      merged += known;
    }
  docs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (gint64 n = 0; n < n_entries; n += ATOM_FEED)
    g_ptr_array_add (docs, atom_feed (&pool, ids + n, (guint) MIN (ATOM_FEED, n_entries - n)));
  atom_us = ingest (store, docs, TRUE, &atom, &atom_parse_us, &atom_cpu);

  g_print ("Ingest (parse + store, release build for the real figures)\n");
  g_print ("  HF JSON    %8.0f papers/s   (per CPU second %.0f; parse alone %.0f/s)  %"
           G_GINT64_FORMAT " papers into an empty store; added %" G_GUINT64_FORMAT "\n",
           n_papers / (hf_us / 1e6), n_papers / (hf_cpu / 1e6), n_papers / (hf_parse_us / 1e6),
           n_papers, hf.added);
  g_print ("  arXiv Atom %8.0f entries/s  (per CPU second %.0f; parse alone %.0f/s)  %"
           G_GINT64_FORMAT " entries into a store of %" G_GINT64_FORMAT " papers; added %"
           G_GUINT64_FORMAT ", updated %" G_GUINT64_FORMAT " (%" G_GINT64_FORMAT
           " merged with HF rows)\n",
           n_entries / (atom_us / 1e6), n_entries / (atom_cpu / 1e6),
           n_entries / (atom_parse_us / 1e6), n_entries, n_papers, atom.added, atom.updated,
           merged);
  g_print ("  target: Atom >= 3000 entries/s at 100000 papers: %s\n",
           n_entries / (atom_us / 1e6) >= 3000 ? "met" : "NOT met");

  time_scopes (store);

  g_clear_object (&store);
  if (own_dir)
    {
      static const char * const suffixes[] = { "", "-wal", "-shm" };

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

          g_remove (file);
        }
      g_rmdir (dir);
    }
  g_ptr_array_unref (pool.titles);
  g_ptr_array_unref (pool.abstracts);

  return 0;
}
