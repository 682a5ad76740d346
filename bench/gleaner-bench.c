/* gleaner-bench.c — ingest and search benchmark, each measured against a bare-SQLite floor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   gleaner-bench --papers 100000 [--dir DIR] [--keep]
 *
 * 1. Generates N papers in the /api/daily_papers shape from the real titles and abstracts of
 *    the committed fixtures, varied deterministically (fixed GRand seed), 100 to a page.
 * 2. Ingests them page by page through gleaner_hf_parse_papers() and
 *    gleaner_store_upsert_async() (at most eight pages in flight, as the sync), then inserts
 *    the same rows into a second database with the same schema through one prepared INSERT
 *    (the floor). Generating the text is never timed: pages are made in chunks between timed
 *    stretches.
 * 3. Reopens the database in a fresh process, as the app would at start-up, and times every
 *    keystroke of a few real queries through GleanerPaperList, against the bare FTS5 query;
 *    then times a small sync with the list open and with none.
 * 4. Reports memory and disk use, then one "BENCH key=value" line per figure.
 *
 * Every figure is wall clock: on a shared machine, compare runs made under the same load
 * (the load average is printed).
 */

#define G_LOG_DOMAIN "gleaner-bench"

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "gleaner-hf-parser.h"
#include "gleaner-paper-list.h"
#include "gleaner-paper.h"
#include "gleaner-store-private.h"

#define BENCH_SEED          20250101u
#define BENCH_PAGE_PAPERS   100
/* As the application's sync (MAX_STORES_IN_FLIGHT, gleaner-hf-source.c). */
#define BENCH_MAX_IN_FLIGHT 8
/* Pages generated between two timed stretches: about 20 MB of JSON. */
#define BENCH_CHUNK_PAGES   50
/* Rows a list view binds right after the first items-changed. */
#define BENCH_VISIBLE_ROWS  20
#define BENCH_FIRST_YEAR    2022
#define BENCH_MIN_MONTHS    36
#define BENCH_MAX_SEQ       99999
#define BENCH_MAX_READ      5000
#define BENCH_N_SLOWEST     5
#define BENCH_FLOOR_RUNS    3
/* Pages of new papers stored with the list open, then as many with no list. */
#define BENCH_SYNC_PAGES    20
/* Hugging Face's trending list: one page of ?sort=trending, ranked among the newest papers. */
#define BENCH_TRENDING_PAPERS     100
#define BENCH_TRENDING_CANDIDATES 3000
/* Unread counts of the saved searches, each after one read mark. */
#define BENCH_COUNT_RUNS    20

#define DB_NAME    "gleaner.db"
#define FLOOR_NAME "floor.db"

/* Targets at one million papers. */
#define TARGET_KEYSTROKE_P95_MS 16.0
#define TARGET_INGEST_RATE      3000.0
#define TARGET_INGEST_RATIO     0.8
#define TARGET_RSS_MB           100.0

static const char * const queries[] = {
  "parameter space",
  "diffusion models",
  "low-rank adaptation",
  "reinforcement learning from human feedback",
  "quantum",
  "graph neural network",
};

/* ---------------------------------------------------------------------------------------- */
/* Small helpers */

static double
us_to_ms (gint64 us)
{
  return us / 1000.0;
}

static double
file_mb (const char *path)
{
  GStatBuf buf;

  if (g_stat (path, &buf) != 0)
    return 0.0;

  return buf.st_size / (1024.0 * 1024.0);
}

/* A "VmRSS:"-style field of /proc/self/status, in MB; -1 if unknown. */
static double
status_mb (const char *field)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/self/status", &contents, NULL, NULL))
    return -1.0;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], field))
        return g_ascii_strtoull (lines[i] + strlen (field), NULL, 10) / 1024.0;
    }

  return -1.0;
}

/* CPU time of the whole process (every thread), in µs: on a loaded machine wall clock
 * mostly measures the other processes, CPU time what our code costs. */
static gint64
cpu_us (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return 0;

  return (gint64) (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC +
         usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

/* The 1-minute load average: the box may be shared, and every figure here is wall clock. */
static double
load_average (void)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &contents, NULL, NULL))
    return -1.0;

  return g_ascii_strtod (contents, NULL);
}

/* Collapses runs of whitespace and control characters to one space and trims, so the text
 * survives the parser's clean-up byte for byte and the floor gets exactly what we get. */
static char *
normalize_space (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c <= 0x20 || c == 0x7f)
        {
          space = TRUE;
          continue;
        }

      if (space && out->len > 0)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

typedef struct
{
  double p50;
  double p95;
  double max;
} Summary;

/* ---------------------------------------------------------------------------------------- */
/* Text pool from the fixtures */

typedef struct
{
  GPtrArray *titles;        /* (element-type utf8) */
  GPtrArray *abstracts;     /* (element-type GPtrArray<utf8>) sentences of each abstract */
  GPtrArray *sentences;     /* (element-type utf8) every sentence, borrowed from abstracts */
  GPtrArray *summaries;     /* (element-type utf8) */
  GPtrArray *keywords;      /* (element-type utf8) */
  GPtrArray *first_names;   /* (element-type utf8) */
  GPtrArray *last_names;    /* (element-type utf8) */
  guint      n_fixtures;
} Pool;

static void
pool_free (Pool *pool)
{
  g_clear_pointer (&pool->titles, g_ptr_array_unref);
  g_clear_pointer (&pool->sentences, g_ptr_array_unref);
  g_clear_pointer (&pool->abstracts, g_ptr_array_unref);
  g_clear_pointer (&pool->summaries, g_ptr_array_unref);
  g_clear_pointer (&pool->keywords, g_ptr_array_unref);
  g_clear_pointer (&pool->first_names, g_ptr_array_unref);
  g_clear_pointer (&pool->last_names, g_ptr_array_unref);
  g_free (pool);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pool, pool_free)

/* Splits after ". ", "? " or "! " followed by a capital, so "e.g. the" stays whole. */
static GPtrArray *
split_sentences (const char *text)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  const char *start = text;

  for (const char *p = text; *p != '\0'; p++)
    {
      if ((*p == '.' || *p == '?' || *p == '!') && p[1] == ' ' && g_ascii_isupper (p[2]))
        {
          g_ptr_array_add (out, g_strndup (start, p + 1 - start));
          start = p + 2;
        }
    }

  if (*start != '\0')
    g_ptr_array_add (out, g_strdup (start));

  return out;
}

static const char *
object_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static JsonArray *
object_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static void
add_unique (GPtrArray  *array,
            GHashTable *seen,
            const char *text)
{
  char *copy;

  if (text == NULL || *text == '\0' || g_hash_table_contains (seen, text))
    return;

  copy = g_strdup (text);
  g_ptr_array_add (array, copy);
  g_hash_table_add (seen, copy);
}

static void
pool_add_entry (Pool       *pool,
                GHashTable *seen,
                JsonObject *entry)
{
  JsonNode *node = json_object_get_member (entry, "paper");
  JsonObject *paper = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : entry;
  const char *title = object_string (paper, "title");
  const char *abstract = object_string (paper, "summary");
  JsonArray *array;

  if (title == NULL || abstract == NULL)
    return;

  g_ptr_array_add (pool->titles, normalize_space (title));

  {
    g_autofree char *clean = normalize_space (abstract);
    GPtrArray *sentences = split_sentences (clean);

    g_ptr_array_add (pool->abstracts, sentences);
    for (guint i = 0; i < sentences->len; i++)
      g_ptr_array_add (pool->sentences, g_ptr_array_index (sentences, i));
  }

  if (object_string (paper, "ai_summary") != NULL)
    g_ptr_array_add (pool->summaries, normalize_space (object_string (paper, "ai_summary")));

  if ((array = object_array (paper, "ai_keywords")) != NULL)
    {
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
            {
              g_autofree char *word = normalize_space (json_node_get_string (item));

              add_unique (pool->keywords, seen, word);
            }
        }
    }

  if ((array = object_array (paper, "authors")) != NULL)
    {
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          g_autofree char *name = NULL;
          char *space;

          if (!JSON_NODE_HOLDS_OBJECT (item) ||
              object_string (json_node_get_object (item), "name") == NULL)
            continue;

          name = normalize_space (object_string (json_node_get_object (item), "name"));
          if ((space = strchr (name, ' ')) == NULL)
            continue;

          *space = '\0';
          add_unique (pool->first_names, seen, name);
          add_unique (pool->last_names, seen, space + 1);
        }
    }
}

static Pool *
pool_load (GError **error)
{
  g_autoptr(Pool) pool = g_new0 (Pool, 1);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  pool->titles = g_ptr_array_new_with_free_func (g_free);
  pool->abstracts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  pool->sentences = g_ptr_array_new ();
  pool->summaries = g_ptr_array_new_with_free_func (g_free);
  pool->keywords = g_ptr_array_new_with_free_func (g_free);
  pool->first_names = g_ptr_array_new_with_free_func (g_free);
  pool->last_names = g_ptr_array_new_with_free_func (g_free);

  for (guint page = 0; ; page++)
    {
      g_autofree char *name = g_strdup_printf ("daily-papers-p%u.json", page);
      g_autofree char *path = g_build_filename (BENCH_FIXTURES_DIR, name, NULL);
      g_autoptr(JsonParser) parser = NULL;
      JsonNode *root;
      JsonArray *array;

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        break;

      parser = json_parser_new ();
      if (!json_parser_load_from_mapped_file (parser, path, error))
        return NULL;

      root = json_parser_get_root (parser);
      if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s is not an array", path);
          return NULL;
        }

      array = json_node_get_array (root);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_OBJECT (node))
            {
              pool_add_entry (pool, seen, json_node_get_object (node));
              pool->n_fixtures++;
            }
        }
    }

  if (pool->titles->len == 0 || pool->sentences->len == 0 ||
      pool->first_names->len == 0 || pool->last_names->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "No usable fixtures (daily-papers-p*.json) in %s", BENCH_FIXTURES_DIR);
      return NULL;
    }

  /* Keywords double as title words; fall back to the titles' words if none were given. */
  if (pool->keywords->len == 0)
    {
      for (guint i = 0; i < pool->titles->len; i++)
        {
          g_auto(GStrv) words = g_strsplit (g_ptr_array_index (pool->titles, i), " ", -1);

          for (guint j = 0; words[j] != NULL; j++)
            add_unique (pool->keywords, seen, words[j]);
        }
    }

  if (pool->summaries->len == 0)
    {
      for (guint i = 0; i < pool->sentences->len; i++)
        g_ptr_array_add (pool->summaries, g_strdup (g_ptr_array_index (pool->sentences, i)));
    }

  return g_steal_pointer (&pool);
}

/* ---------------------------------------------------------------------------------------- */
/* Paper generator */

/* The values of one synthetic paper, as the parser should hand them to the store. */
typedef struct
{
  char    id[16];
  char   *name;           /* the paper's unique synthetic token */
  char   *title;
  char   *abstract;
  char   *ai_summary;     /* NULL if none */
  GStrv   authors;
  GStrv   keywords;       /* NULL if none */
  gint64  published;
  gint64  submitted;
  gint64  upvotes;
  gint64  num_comments;
  char   *github_repo;    /* NULL if none */
  gint64  github_stars;   /* -1 without a repo */
  char   *project_page;   /* NULL if none */
  char   *thumbnail;
} BenchPaper;

static void
bench_paper_clear (BenchPaper *paper)
{
  g_clear_pointer (&paper->name, g_free);
  g_clear_pointer (&paper->title, g_free);
  g_clear_pointer (&paper->abstract, g_free);
  g_clear_pointer (&paper->ai_summary, g_free);
  g_clear_pointer (&paper->authors, g_strfreev);
  g_clear_pointer (&paper->keywords, g_strfreev);
  g_clear_pointer (&paper->github_repo, g_free);
  g_clear_pointer (&paper->project_page, g_free);
  g_clear_pointer (&paper->thumbnail, g_free);
}

/* One daily page: the papers and the date the list is filed under. */
typedef struct
{
  BenchPaper papers[BENCH_PAGE_PAPERS];
  guint      n_papers;
  char       daily_date[16];
} BenchPage;

static void
bench_page_free (BenchPage *page)
{
  for (guint i = 0; i < page->n_papers; i++)
    bench_paper_clear (&page->papers[i]);
  g_free (page);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchPage, bench_page_free)

typedef struct
{
  const Pool *pool;
  GRand      *rng;
  guint64     n_papers;
  guint64     next;
  guint       first_month;   /* months after January 2022 of the first id */
  guint       n_months;
  guint       per_month;
  gint64     *month_start;   /* n_months + 1 entries, Unix time */
} Generator;

/* Months of ids for @n_papers papers: at least three years, at most 99999 papers a month. */
static guint
months_for (guint64 n_papers)
{
  return MAX (BENCH_MIN_MONTHS, (n_papers + BENCH_MAX_SEQ - 1) / BENCH_MAX_SEQ);
}

static void
generator_init (Generator  *gen,
                const Pool *pool,
                guint64     n_papers,
                guint       first_month)
{
  gen->pool = pool;
  gen->first_month = first_month;
  gen->rng = g_rand_new_with_seed (BENCH_SEED);
  gen->n_papers = n_papers;
  gen->next = 0;

  /* Spread the papers over at least three years of monthly arXiv id ranges, with no month
   * holding more than five-digit sequence numbers allow. */
  gen->n_months = months_for (n_papers);
  gen->per_month = MAX (1, (n_papers + gen->n_months - 1) / gen->n_months);
  gen->month_start = g_new (gint64, gen->n_months + 1);

  for (guint k = 0; k <= gen->n_months; k++)
    {
      guint month = first_month + k;
      g_autoptr(GDateTime) dt = g_date_time_new_utc (BENCH_FIRST_YEAR + month / 12, month % 12 + 1,
                                                     1, 0, 0, 0);

      gen->month_start[k] = g_date_time_to_unix (dt);
    }
}

static void
generator_clear (Generator *gen)
{
  g_clear_pointer (&gen->rng, g_rand_free);
  g_clear_pointer (&gen->month_start, g_free);
}

/* The arXiv id of paper @i: YYMM.NNNNN, months counted from January 2022. */
static void
format_id (const Generator *gen,
           guint64          i,
           char             id[16])
{
  guint k = gen->first_month + i / gen->per_month;
  guint seq = i % gen->per_month + 1;

  g_snprintf (id, 16, "%02u%02u.%05u",
              (BENCH_FIRST_YEAR - 2000 + k / 12) % 100, k % 12 + 1, seq);
}

/* A pronounceable token unique to @i ("Kaloru…"): base-16 syllables of i + 16³. */
static char *
make_name (guint64 i)
{
  static const char * const syllables[16] = {
    "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo",
    "xe", "zu", "ba", "de", "fi", "go", "hu", "ja",
  };
  const char *digits[20];
  guint n = 0;
  GString *out = g_string_new (NULL);

  for (guint64 v = i + 4096; v > 0 && n < G_N_ELEMENTS (digits); v /= 16)
    digits[n++] = syllables[v % 16];

  while (n > 0)
    g_string_append (out, digits[--n]);

  out->str[0] = g_ascii_toupper (out->str[0]);

  return g_string_free (out, FALSE);
}

static const char *
pick (GRand           *rng,
      const GPtrArray *array)
{
  return g_ptr_array_index (array, g_rand_int_range (rng, 0, array->len));
}

/* Upvotes: Pareto-like, a quarter at 0, most under 10, a few in the hundreds. */
static gint64
skewed_count (GRand  *rng,
              double  scale,
              gint64  cap)
{
  double u = g_rand_double (rng);
  double v = scale * (pow (1.0 - u, -1.0 / 1.1) - 1.0);

  return MIN ((gint64) floor (v), cap);
}

/* Half of one title and half of another. */
static char *
mix_titles (const char *a,
            const char *b)
{
  g_auto(GStrv) wa = g_strsplit (a, " ", -1);
  g_auto(GStrv) wb = g_strsplit (b, " ", -1);
  guint na = g_strv_length (wa);
  guint nb = g_strv_length (wb);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < MAX (1, na / 2); i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, wa[i]);
    }

  for (guint i = nb / 2; i < nb; i++)
    {
      g_string_append_c (out, ' ');
      g_string_append (out, wb[i]);
    }

  return g_string_free (out, FALSE);
}

static void
generate_paper (Generator  *gen,
                BenchPaper *paper)
{
  static const char * const name_before[] = {
    "We call the resulting method ", "We release ", "Our system, ", "Experiments with ",
  };
  static const char * const name_after[] = {
    ".", " together with code and data.", ", is trained on public data only.",
    " show consistent gains over strong baselines.",
  };
  const Pool *pool = gen->pool;
  GRand *rng = gen->rng;
  guint64 i = gen->next++;
  guint k = i / gen->per_month;
  guint seq = i % gen->per_month;
  gint64 month_len = gen->month_start[k + 1] - gen->month_start[k];
  guint base = g_rand_int_range (rng, 0, pool->titles->len);
  g_autofree char *title = NULL;
  const GPtrArray *base_sentences;
  g_autoptr(GString) abstract = g_string_new (NULL);
  guint n_authors;
  guint template;

  memset (paper, 0, sizeof *paper);
  format_id (gen, i, paper->id);
  paper->name = make_name (i);

  /* Title: a real one, sometimes crossed with another, often with the paper's own name. */
  if (g_rand_double (rng) < 0.35)
    title = mix_titles (g_ptr_array_index (pool->titles, base), pick (rng, pool->titles));
  else
    title = g_strdup (g_ptr_array_index (pool->titles, base));

  if (g_rand_double (rng) < 0.4)
    paper->title = g_strconcat (paper->name, ": ", title, NULL);
  else
    paper->title = g_steal_pointer (&title);

  /* Abstract: as many sentences as a real one (mostly its own abstract's), shuffled with
   * sentences from others, and one naming the paper's token. */
  if (g_rand_double (rng) >= 0.7)
    base = g_rand_int_range (rng, 0, pool->abstracts->len);
  base_sentences = g_ptr_array_index (pool->abstracts, base);
  template = g_rand_int_range (rng, 0, G_N_ELEMENTS (name_before));

  for (guint j = 0; j < base_sentences->len; j++)
    {
      const char *sentence = g_rand_double (rng) < 0.6
        ? g_ptr_array_index (base_sentences, j)
        : pick (rng, pool->sentences);

      if (j > 0)
        g_string_append_c (abstract, ' ');
      g_string_append (abstract, sentence);

      if (j == 0 || (j + 1 == base_sentences->len && base_sentences->len == 1))
        g_string_append_printf (abstract, " %s%s%s",
                                name_before[template], paper->name, name_after[template]);
    }
  paper->abstract = g_string_free (g_steal_pointer (&abstract), FALSE);

  if (g_rand_double (rng) < 0.65)
    paper->ai_summary = g_strdup (pick (rng, pool->summaries));

  if (g_rand_double (rng) < 0.75)
    {
      guint n = g_rand_int_range (rng, 2, 6);

      paper->keywords = g_new0 (char *, n + 1);
      for (guint j = 0; j < n; j++)
        paper->keywords[j] = g_strdup (pick (rng, pool->keywords));
    }

  n_authors = g_rand_int_range (rng, 2, 9);
  paper->authors = g_new0 (char *, n_authors + 1);
  for (guint j = 0; j < n_authors; j++)
    {
      const char *first = pick (rng, pool->first_names);
      const char *last = pick (rng, pool->last_names);

      if (g_rand_double (rng) < 0.2)
        paper->authors[j] = g_strdup_printf ("%s %c. %s", first,
                                             'A' + g_rand_int_range (rng, 0, 26), last);
      else
        paper->authors[j] = g_strconcat (first, " ", last, NULL);
    }

  /* Publication times follow the ids through the month; lists come a day or two later. */
  paper->published = gen->month_start[k] + (gint64) ((double) seq * month_len / gen->per_month)
                     + g_rand_int_range (rng, 0, 6 * 3600);
  paper->submitted = (paper->published / 86400 + 1 + g_rand_int_range (rng, 0, 2)) * 86400;

  paper->upvotes = skewed_count (rng, 3.0, 2000);
  paper->num_comments = g_rand_int_range (rng, 0, paper->upvotes / 8 + 2);

  if (g_rand_double (rng) < 0.2)
    {
      g_autofree char *lower = g_ascii_strdown (paper->name, -1);

      paper->github_repo = g_strconcat ("https://github.com/synthetic-org/", lower, NULL);
      paper->github_stars = skewed_count (rng, 20.0, 50000);
    }
  else
    {
      paper->github_stars = -1;
    }

  if (g_rand_double (rng) < 0.15)
    paper->project_page = g_strdup_printf ("https://synthetic-project.example.org/%s/", paper->id);

  paper->thumbnail =
    g_strdup_printf ("https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/%s.png",
                     paper->id);
}

static BenchPage *
generate_page (Generator *gen)
{
  BenchPage *page = g_new0 (BenchPage, 1);
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *date = NULL;

  while (page->n_papers < BENCH_PAGE_PAPERS && gen->next < gen->n_papers)
    generate_paper (gen, &page->papers[page->n_papers++]);

  dt = g_date_time_new_from_unix_utc (page->papers[0].submitted);
  date = g_date_time_format (dt, "%Y-%m-%d");
  g_strlcpy (page->daily_date, date, sizeof page->daily_date);

  return page;
}

/* ---------------------------------------------------------------------------------------- */
/* JSON in the /api/daily_papers shape (no randomness here: the floor never builds it) */

static void
add_time (JsonBuilder *builder,
          const char  *member,
          gint64       unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);
  g_autofree char *text = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S.000Z");

  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, text);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

static void
add_bool (JsonBuilder *builder,
          const char  *member,
          gboolean     value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_boolean_value (builder, value);
}

static void
add_entry (JsonBuilder      *builder,
           const BenchPaper *paper,
           guint64           serial)
{
  char hex[32];

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "paper");
  json_builder_begin_object (builder);
  add_string (builder, "id", paper->id);

  json_builder_set_member_name (builder, "authors");
  json_builder_begin_array (builder);
  for (guint j = 0; paper->authors[j] != NULL; j++)
    {
      g_snprintf (hex, sizeof hex, "65%06x%02x00000000000000", (guint) (serial & 0xffffff), j);
      json_builder_begin_object (builder);
      add_string (builder, "_id", hex);
      add_string (builder, "name", paper->authors[j]);
      add_bool (builder, "hidden", FALSE);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  add_time (builder, "publishedAt", paper->published);
  add_time (builder, "submittedOnDailyAt", paper->submitted);
  add_string (builder, "title", paper->title);
  add_string (builder, "summary", paper->abstract);
  add_int (builder, "upvotes", paper->upvotes);
  g_snprintf (hex, sizeof hex, "66%010" G_GINT64_MODIFIER "x000000000000", (gint64) serial);
  add_string (builder, "discussionId", hex);

  if (paper->ai_summary != NULL)
    add_string (builder, "ai_summary", paper->ai_summary);

  if (paper->keywords != NULL)
    {
      json_builder_set_member_name (builder, "ai_keywords");
      json_builder_begin_array (builder);
      for (guint j = 0; paper->keywords[j] != NULL; j++)
        json_builder_add_string_value (builder, paper->keywords[j]);
      json_builder_end_array (builder);
    }

  if (paper->github_repo != NULL)
    {
      add_string (builder, "githubRepo", paper->github_repo);
      add_int (builder, "githubStars", paper->github_stars);
    }

  if (paper->project_page != NULL)
    add_string (builder, "projectPage", paper->project_page);

  json_builder_end_object (builder);

  /* The entry repeats title and abstract, as the API does. */
  add_time (builder, "publishedAt", paper->published - 5 * 3600);
  add_string (builder, "title", paper->title);
  add_string (builder, "summary", paper->abstract);
  add_string (builder, "thumbnail", paper->thumbnail);
  add_int (builder, "numComments", paper->num_comments);

  json_builder_set_member_name (builder, "submittedBy");
  json_builder_begin_object (builder);
  g_snprintf (hex, sizeof hex, "67%010" G_GINT64_MODIFIER "x000000000000", (gint64) serial);
  add_string (builder, "_id", hex);
  add_string (builder, "avatarUrl", "/avatars/synthetic.svg");
  add_string (builder, "fullname", paper->authors[0]);
  g_snprintf (hex, sizeof hex, "synthetic-user-%02u", (guint) (serial % 100));
  add_string (builder, "name", hex);
  add_string (builder, "type", "user");
  add_bool (builder, "isPro", serial % 3 == 0);
  add_bool (builder, "isHf", FALSE);
  add_bool (builder, "isHfAdmin", FALSE);
  add_bool (builder, "isMod", FALSE);
  add_int (builder, "followerCount", serial % 17);
  add_bool (builder, "isUserFollowing", FALSE);
  json_builder_end_object (builder);

  add_bool (builder, "isAuthorParticipating", serial % 2 == 0);

  json_builder_end_object (builder);
}

static GBytes *
page_to_json (const BenchPage *page,
              guint64          first_serial)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gsize length = 0;
  char *text;

  json_builder_begin_array (builder);
  for (guint i = 0; i < page->n_papers; i++)
    add_entry (builder, &page->papers[i], first_serial + i);
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);

  return g_bytes_new_take (text, length);
}

/* ---------------------------------------------------------------------------------------- */
/* Ingest through Gleaner */

typedef struct
{
  guint    in_flight;
  guint64  added;
  guint64  parsed;
  guint64  skipped;
  GError  *error;
} IngestCtx;

static void
upsert_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  IngestCtx *ctx = user_data;
  g_autoptr(GleanerUpsertResult) res = NULL;
  GError *error = NULL;

  if ((res = gleaner_store_upsert_finish (GLEANER_STORE (object), result, &error)) != NULL)
    ctx->added += res->added;
  else if (ctx->error == NULL)
    ctx->error = error;
  else
    g_error_free (error);

  ctx->in_flight--;
}

static void
set_state_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  IngestCtx *ctx = user_data;
  GError *error = NULL;

  if (!gleaner_store_set_state_finish (GLEANER_STORE (object), result, &error))
    {
      if (ctx->error == NULL)
        ctx->error = error;
      else
        g_error_free (error);
    }

  ctx->in_flight--;
}

static void
wait_in_flight (IngestCtx *ctx,
                guint      max)
{
  while (ctx->in_flight > max)
    g_main_context_iteration (NULL, TRUE);
}

typedef struct
{
  gint64  us;
  gint64  cpu_us;   /* CPU time of the timed stretches, all threads */
  guint64 rows;
} IngestResult;

/* Generates up to @max_pages pages (not timed), then parses and stores them with at most
 * BENCH_MAX_IN_FLIGHT pages in flight, until every page is committed. Returns the time that
 * took, or -1 with @error set. */
static gint64
ingest_chunk (GleanerStore  *store,
              Generator     *gen,
              guint          max_pages,
              IngestCtx     *ctx,
              gint64        *out_cpu_us,
              GError       **error)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) dates = g_ptr_array_new_with_free_func (g_free);
  gint64 t0;
  gint64 cpu0;
  gint64 us;

  /* Untimed: the pages, as the server would send them. */
  for (guint p = 0; p < max_pages && gen->next < gen->n_papers; p++)
    {
      guint64 serial = gen->next + (guint64) gen->first_month * BENCH_MAX_SEQ;
      g_autoptr(BenchPage) page = generate_page (gen);

      g_ptr_array_add (pages, page_to_json (page, serial));
      g_ptr_array_add (dates, g_strdup (page->daily_date));
    }

  /* Timed: parse on this thread while the writer thread stores earlier pages. */
  t0 = g_get_monotonic_time ();
  cpu0 = cpu_us ();
  for (guint p = 0; p < pages->len && ctx->error == NULL; p++)
    {
      g_autoptr(GPtrArray) papers = NULL;
      guint skipped = 0;

      wait_in_flight (ctx, BENCH_MAX_IN_FLIGHT - 1);

      papers = gleaner_hf_parse_papers (g_ptr_array_index (pages, p),
                                        g_ptr_array_index (dates, p), &skipped, error);
      if (papers == NULL)
        {
          wait_in_flight (ctx, 0);
          return -1;
        }

      ctx->parsed += papers->len;
      ctx->skipped += skipped;
      ctx->in_flight++;
      gleaner_store_upsert_async (store, papers, NULL, upsert_cb, ctx);
    }
  wait_in_flight (ctx, 0);
  us = g_get_monotonic_time () - t0;
  if (out_cpu_us != NULL)
    *out_cpu_us += cpu_us () - cpu0;

  if (ctx->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&ctx->error));
      return -1;
    }

  return us;
}

static gboolean sqlite_fail (GError **error, sqlite3 *db, const char *what);

typedef struct
{
  char   id[16];
  double score;
} Candidate;

static int
compare_candidate (gconstpointer a,
                   gconstpointer b)
{
  const Candidate *x = a;
  const Candidate *y = b;

  return (x->score < y->score) - (x->score > y->score);
}

static void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GError **error = user_data;

  if (!gleaner_store_write_finish (GLEANER_STORE (object), result, error) && *error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "write failed");
  error[1] = GINT_TO_POINTER (1);
}

/* Runs the main loop until write_done_cb() has run with @slots; returns FALSE with @error
 * set if the write failed. */
static gboolean
wait_write (gpointer  *slots,
            GError   **error)
{
  while (slots[1] == NULL)
    g_main_context_iteration (NULL, TRUE);

  if (slots[0] != NULL)
    {
      g_propagate_error (error, slots[0]);
      return FALSE;
    }

  return TRUE;
}

/* Ranks BENCH_TRENDING_PAPERS of the BENCH_TRENDING_CANDIDATES newest papers the way a
 * trending list does (upvotes, decaying with age, with a little noise from a fixed seed) and
 * stores them through gleaner_store_set_trending_async(), as a sync would. */
static gboolean
set_trending (GleanerStore  *store,
              const char    *path,
              GError       **error)
{
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rng = g_rand_new_with_seed (BENCH_SEED + 1);
  gpointer slots[2] = { NULL, NULL };
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 newest = 0;
  int rc;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "SELECT arxiv_id, upvotes, published FROM papers"
                              " ORDER BY published DESC LIMIT ?1", -1, &stmt, NULL) != SQLITE_OK)
    {
      sqlite_fail (error, db, "Cannot read the newest papers");
      sqlite3_close (db);
      return FALSE;
    }

  sqlite3_bind_int (stmt, 1, BENCH_TRENDING_CANDIDATES);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Candidate c;
      gint64 published = sqlite3_column_int64 (stmt, 2);
      double age_days;

      if (newest == 0)
        newest = published;
      age_days = (newest - published) / 86400.0;
      g_strlcpy (c.id, (const char *) sqlite3_column_text (stmt, 0), sizeof c.id);
      c.score = (sqlite3_column_int64 (stmt, 1) + 1) * g_rand_double_range (rng, 0.5, 1.5)
                / pow (age_days + 2.0, 1.5);
      g_array_append_val (candidates, c);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      sqlite_fail (error, db, "Cannot read the newest papers");
      sqlite3_close (db);
      return FALSE;
    }
  sqlite3_close (db);

  g_array_sort (candidates, compare_candidate);
  for (guint i = 0; i < MIN (candidates->len, BENCH_TRENDING_PAPERS); i++)
    g_ptr_array_add (ids, g_strdup (g_array_index (candidates, Candidate, i).id));

  gleaner_store_set_trending_async (store, ids, NULL, write_done_cb, slots);
  if (!wait_write (slots, error))
    return FALSE;
  gleaner_store_flush (store);

  return TRUE;
}

static gboolean
ingest_gleaner (const Pool    *pool,
                guint64        n_papers,
                const char    *path,
                IngestResult  *out,
                GError       **error)
{
  g_autoptr(GleanerStore) store = NULL;
  IngestCtx ctx = { 0 };
  Generator gen;
  gint64 t0;
  gint64 cpu0;
  guint64 n_read;

  if (!(store = gleaner_store_new (path, error)))
    return FALSE;

  generator_init (&gen, pool, n_papers, 0);
  out->us = 0;
  out->cpu_us = 0;

  while (gen.next < n_papers)
    {
      gint64 us = ingest_chunk (store, &gen, BENCH_CHUNK_PAGES, &ctx, &out->cpu_us, error);

      if (us < 0)
        {
          generator_clear (&gen);
          return FALSE;
        }

      out->us += us;
      g_printerr ("\r  ingest: %" G_GUINT64_FORMAT " / %" G_GUINT64_FORMAT " papers",
                  gen.next, n_papers);
    }

  t0 = g_get_monotonic_time ();
  cpu0 = cpu_us ();
  gleaner_store_flush (store);
  out->us += g_get_monotonic_time () - t0;
  out->cpu_us += cpu_us () - cpu0;
  g_printerr ("\n");

  generator_clear (&gen);

  if (ctx.skipped > 0 || ctx.added != n_papers)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Expected %" G_GUINT64_FORMAT " new papers, got %" G_GUINT64_FORMAT
                   " (%" G_GUINT64_FORMAT " skipped by the parser)",
                   n_papers, ctx.added, ctx.skipped);
      return FALSE;
    }

  out->rows = ctx.added;

  /* Untimed: some papers read, so the Unread filter has something to leave out. */
  generator_init (&gen, pool, n_papers, 0);
  n_read = MIN (n_papers / 20, BENCH_MAX_READ);
  for (guint64 j = 0; j < n_read && ctx.error == NULL; j++)
    {
      char id[16];

      format_id (&gen, (j * 7919 + 13) % n_papers, id);
      wait_in_flight (&ctx, 63);
      ctx.in_flight++;
      gleaner_store_set_read_async (store, id, TRUE, NULL, set_state_cb, &ctx);
    }
  wait_in_flight (&ctx, 0);
  gleaner_store_flush (store);
  generator_clear (&gen);

  if (ctx.error != NULL)
    {
      g_propagate_error (error, ctx.error);
      return FALSE;
    }

  /* Untimed: Hugging Face's trending list, as a sync leaves it. */
  return set_trending (store, path, error);
}

/* ---------------------------------------------------------------------------------------- */
/* Ingest floor: the same rows through one prepared INSERT */

static const char floor_insert_sql[] =
  "INSERT INTO papers (arxiv_id, title, abstract, authors, ai_summary, ai_keywords,"
  "  published, submitted, daily_date, upvotes, num_comments, github_repo, github_stars,"
  "  project_page, thumbnail, first_seen, updated_at)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)";

static gboolean
sqlite_fail (GError     **error,
             sqlite3     *db,
             const char  *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", what, sqlite3_errmsg (db));
  return FALSE;
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           col,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, col, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, col);
}

/* A list as the store keeps it (a JSON array of strings, see read_list()); NULL if empty. */
static char *
json_list (const char * const *strv)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (strv == NULL || strv[0] == NULL)
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

static gboolean
ingest_floor (const Pool    *pool,
              guint64        n_papers,
              const char    *path,
              IngestResult  *out,
              GError       **error)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *insert = NULL;
  Generator gen;
  gboolean ok = FALSE;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (!_gleaner_store_migrate_file (path, GLEANER_STORE_SCHEMA_VERSION, error))
    return FALSE;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      sqlite_fail (error, db, "Cannot open the floor database");
      sqlite3_close (db);
      return FALSE;
    }

  if (sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                        " PRAGMA foreign_keys = ON;", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, floor_insert_sql, -1, &insert, NULL) != SQLITE_OK)
    {
      sqlite_fail (error, db, "Cannot prepare the floor database");
      sqlite3_finalize (insert);
      sqlite3_close (db);
      return FALSE;
    }

  generator_init (&gen, pool, n_papers, 0);
  out->us = 0;
  out->cpu_us = 0;
  out->rows = 0;

  while (gen.next < n_papers)
    {
      g_autoptr(BenchPage) page = generate_page (&gen);
      char *authors[BENCH_PAGE_PAPERS];
      char *keywords[BENCH_PAGE_PAPERS];
      gint64 t0;
      gint64 cpu0;
      gboolean batch_ok = TRUE;

      /* Untimed: the values pre-extracted, as the parser would hand them over, the lists as the
       * JSON arrays the store keeps (its triggers index them through json_each()). */
      for (guint i = 0; i < page->n_papers; i++)
        {
          authors[i] = json_list ((const char * const *) page->papers[i].authors);
          keywords[i] = json_list ((const char * const *) page->papers[i].keywords);
        }

      t0 = g_get_monotonic_time ();
      cpu0 = cpu_us ();
      if (sqlite3_exec (db, "BEGIN IMMEDIATE;", NULL, NULL, NULL) != SQLITE_OK)
        batch_ok = FALSE;

      for (guint i = 0; i < page->n_papers && batch_ok; i++)
        {
          const BenchPaper *p = &page->papers[i];

          sqlite3_bind_text (insert, 1, p->id, -1, SQLITE_STATIC);
          sqlite3_bind_text (insert, 2, p->title, -1, SQLITE_STATIC);
          bind_text_or_null (insert, 3, p->abstract);
          bind_text_or_null (insert, 4, authors[i]);
          bind_text_or_null (insert, 5, p->ai_summary);
          bind_text_or_null (insert, 6, keywords[i]);
          sqlite3_bind_int64 (insert, 7, p->published);
          sqlite3_bind_int64 (insert, 8, p->submitted);
          sqlite3_bind_text (insert, 9, page->daily_date, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (insert, 10, p->upvotes);
          sqlite3_bind_int64 (insert, 11, p->num_comments);
          bind_text_or_null (insert, 12, p->github_repo);
          sqlite3_bind_int64 (insert, 13, p->github_stars);
          bind_text_or_null (insert, 14, p->project_page);
          bind_text_or_null (insert, 15, p->thumbnail);
          sqlite3_bind_int64 (insert, 16, now);
          sqlite3_bind_int64 (insert, 17, now);

          batch_ok = sqlite3_step (insert) == SQLITE_DONE;
          sqlite3_reset (insert);
        }

      /* The same schema, so the same queue to hand to the index before committing. */
      if (batch_ok && sqlite3_exec (db, GLEANER_STORE_FTS_FLUSH_SQL "COMMIT;", NULL, NULL, NULL) != SQLITE_OK)
        batch_ok = FALSE;
      out->us += g_get_monotonic_time () - t0;
      out->cpu_us += cpu_us () - cpu0;

      for (guint i = 0; i < page->n_papers; i++)
        {
          g_free (authors[i]);
          g_free (keywords[i]);
        }

      if (!batch_ok)
        {
          sqlite_fail (error, db, "Cannot insert into the floor database");
          goto out;
        }

      out->rows += page->n_papers;

      if (gen.next % (BENCH_CHUNK_PAGES * BENCH_PAGE_PAPERS) == 0 || gen.next == n_papers)
        g_printerr ("\r  floor:  %" G_GUINT64_FORMAT " / %" G_GUINT64_FORMAT " papers",
                    gen.next, n_papers);
    }
  g_printerr ("\n");

  ok = TRUE;

out:
  generator_clear (&gen);
  sqlite3_finalize (insert);
  sqlite3_close (db);

  return ok;
}

/* A digest of every stored column but the timestamps of the write, to check that both
 * databases hold the same papers. */
static char *
digest_papers (const char *path)
{
  static const char sql[] =
    "SELECT count(*), total (length (arxiv_id)), total (length (title)),"
    " total (length (abstract)), total (length (authors)), total (length (ai_summary)),"
    " total (length (ai_keywords)), total (published), total (submitted),"
    " total (length (daily_date)), total (upvotes), total (num_comments),"
    " total (length (github_repo)), total (github_stars), total (length (project_page)),"
    " total (length (thumbnail)), (SELECT count(*) FROM papers_fts WHERE papers_fts MATCH 'gan')"
    " FROM papers";
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GString *out = g_string_new (NULL);

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        g_string_append_printf (out, "%s,", (const char *) sqlite3_column_text (stmt, i));
    }
  else
    {
      g_string_append_printf (out, "error: %s", sqlite3_errmsg (db));
    }

  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return g_string_free (out, FALSE);
}

/* ---------------------------------------------------------------------------------------- */
/* Search phase (a fresh process, like the app at start-up) */

typedef struct
{
  guint  query;
  char  *prefix;
  char  *match;
} Keystroke;

static void
keystroke_free (Keystroke *k)
{
  g_free (k->prefix);
  g_free (k->match);
  g_free (k);
}

/* Every prefix of every query that changes the FTS query; the others (a space, a hyphen)
 * start no query in the list model and cost nothing. */
static GPtrArray *
build_keystrokes (void)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) keystroke_free);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autofree char *previous = NULL;

      for (const char *p = queries[q]; *p != '\0'; p = g_utf8_next_char (p))
        {
          const char *end = g_utf8_next_char (p);
          g_autofree char *prefix = g_strndup (queries[q], end - queries[q]);
          char *match = _gleaner_store_build_match (prefix);
          Keystroke *k;

          if (g_strcmp0 (match, previous) == 0)
            {
              g_free (match);
              continue;
            }

          k = g_new0 (Keystroke, 1);
          k->query = q;
          k->prefix = g_steal_pointer (&prefix);
          k->match = match;
          g_ptr_array_add (out, k);

          g_free (previous);
          previous = g_strdup (match);
        }
    }

  return out;
}

typedef struct
{
  GleanerPaperList *list;
  gboolean          armed;
  gint64            start;
  gint64            first;
  gint64            done;
} Probe;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Probe      *probe)
{
  guint n;

  if (!probe->armed || probe->first != 0)
    return;

  /* What a list view does next: bind the rows on screen. */
  n = MIN (g_list_model_get_n_items (model), BENCH_VISIBLE_ROWS);
  for (guint i = 0; i < n; i++)
    g_object_unref (g_list_model_get_item (model, i));

  probe->first = g_get_monotonic_time ();
}

static void
loading_cb (GleanerPaperList *list,
            GParamSpec       *pspec,
            Probe            *probe)
{
  if (probe->armed && probe->done == 0 && !gleaner_paper_list_get_loading (list))
    probe->done = g_get_monotonic_time ();
}

static void
probe_arm (Probe *probe)
{
  probe->first = 0;
  probe->done = 0;
  probe->armed = TRUE;
  probe->start = g_get_monotonic_time ();
}

/* Runs the main loop until the query started since probe_arm() is complete. Returns FALSE if
 * none was started. */
static gboolean
probe_wait (Probe  *probe,
            gint64 *first_us,
            gint64 *complete_us)
{
  if (!gleaner_paper_list_get_loading (probe->list) && probe->done == 0)
    {
      probe->armed = FALSE;
      return FALSE;
    }

  while (probe->done == 0)
    g_main_context_iteration (NULL, TRUE);

  probe->armed = FALSE;

  /* No items-changed at all: an empty result replaced an empty list. */
  if (probe->first == 0)
    probe->first = probe->done;

  *first_us = probe->first - probe->start;
  *complete_us = probe->done - probe->start;

  return TRUE;
}

static void
wait_idle (GleanerPaperList *list)
{
  while (gleaner_paper_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
}

typedef struct
{
  const char    *name;
  const char    *label;
  GleanerSort    sort;
  GleanerFilter  filter;
} Mode;

/* Named after the sorts' GSettings nicks. Before the TRENDING sort existed, "trending" named
 * the upvotes order: its figures are now search_upvotes_*, and search_trending_* is the Hugging
 * Face rank (BENCH_TRENDING_PAPERS ranked papers first, then the rest by upvotes). */
static const Mode modes[] = {
  { "upvotes", "upvotes (all)", GLEANER_SORT_UPVOTES, GLEANER_FILTER_ALL },
  { "newest", "newest (all)", GLEANER_SORT_NEWEST, GLEANER_FILTER_ALL },
  { "unread", "upvotes, unread", GLEANER_SORT_UPVOTES, GLEANER_FILTER_UNREAD },
  { "trending", "HF trending (all)", GLEANER_SORT_TRENDING, GLEANER_FILTER_ALL },
};

/* One keystroke's timings in one mode. */
typedef struct
{
  const Keystroke *keystroke;
  gint64           first_us;
  gint64           complete_us;
  guint            n_items;
} Sample;

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static int
compare_sample_complete (gconstpointer a,
                         gconstpointer b)
{
  const Sample *x = a;
  const Sample *y = b;

  return compare_gint64 (&y->complete_us, &x->complete_us);
}

/* Nearest-rank percentiles of @us (microseconds), in milliseconds. */
static Summary
summary_of (GArray *us)
{
  g_autoptr(GArray) sorted = g_array_copy (us);
  Summary s = { 0, 0, 0 };
  guint n = sorted->len;

  if (n == 0)
    return s;

  g_array_sort (sorted, compare_gint64);
  s.p50 = us_to_ms (g_array_index (sorted, gint64, (guint) ceil (0.50 * n) - 1));
  s.p95 = us_to_ms (g_array_index (sorted, gint64, (guint) ceil (0.95 * n) - 1));
  s.max = us_to_ms (g_array_index (sorted, gint64, n - 1));

  return s;
}

static void
print_bench (const char *key,
             double      value)
{
  g_print ("BENCH %s=%.3f\n", key, value);
}

static void
print_summary_row (const char *label,
                   Summary     first,
                   Summary     complete)
{
  g_print ("  %-26s %8.2f %8.2f %8.2f   %8.2f %8.2f %8.2f\n", label,
           first.p50, first.p95, first.max, complete.p50, complete.p95, complete.max);
}

static void
print_summary_bench (const char *prefix,
                     Summary     first,
                     Summary     complete)
{
  g_autofree char *k1 = g_strdup_printf ("%s_first_p50_ms", prefix);
  g_autofree char *k2 = g_strdup_printf ("%s_first_p95_ms", prefix);
  g_autofree char *k3 = g_strdup_printf ("%s_first_max_ms", prefix);
  g_autofree char *k4 = g_strdup_printf ("%s_complete_p50_ms", prefix);
  g_autofree char *k5 = g_strdup_printf ("%s_complete_p95_ms", prefix);
  g_autofree char *k6 = g_strdup_printf ("%s_complete_max_ms", prefix);

  print_bench (k1, first.p50);
  print_bench (k2, first.p95);
  print_bench (k3, first.max);
  print_bench (k4, complete.p50);
  print_bench (k5, complete.p95);
  print_bench (k6, complete.max);
}

static double
ratio (double a,
       double b)
{
  return b > 0 ? a / b : 0.0;
}

/* Times the bare FTS5 query for one match: first page (LIMIT 64) or the whole result. */
static gint64
floor_query (sqlite3    *db,
             const char *match,
             gboolean    first_page,
             guint      *n_rows)
{
  sqlite3_stmt *stmt = NULL;
  gint64 t0 = g_get_monotonic_time ();
  gint64 dt;
  guint n = 0;
  int rc;

  rc = sqlite3_prepare_v2 (db, first_page
                             ? "SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?1"
                               " ORDER BY rowid DESC LIMIT 64"
                             : "SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?1"
                               " ORDER BY rowid DESC",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        n++;
    }

  if (rc != SQLITE_DONE)
    g_error ("Floor query %s failed: %s", match, sqlite3_errmsg (db));

  sqlite3_finalize (stmt);
  dt = g_get_monotonic_time () - t0;

  if (n_rows != NULL)
    *n_rows = n;

  return dt;
}

static void
count_reload (guint *reloads)
{
  (*reloads)++;
}

/* Stores BENCH_SYNC_PAGES pages of papers newer than any stored, as one sync would, and
 * returns the rate in papers/s; -1 on error. With a list open, every committed page makes it
 * re-run its query. */
static double
sync_rate (GleanerStore *store,
           const Pool   *pool,
           guint64       n_stored,
           guint         round)
{
  g_autoptr(GError) error = NULL;
  IngestCtx ctx = { 0 };
  Generator gen;
  gint64 us;

  /* Ids in the months after the stored ones, the two rounds in separate month ranges. */
  generator_init (&gen, pool, 2 * BENCH_SYNC_PAGES * BENCH_PAGE_PAPERS,
                  months_for (n_stored) + 1);
  gen.next = round * BENCH_SYNC_PAGES * BENCH_PAGE_PAPERS;
  us = ingest_chunk (store, &gen, BENCH_SYNC_PAGES, &ctx, NULL, &error);
  generator_clear (&gen);

  if (us < 0)
    {
      g_printerr ("gleaner-bench: sync failed: %s\n", error->message);
      return -1.0;
    }

  return ctx.added / (us / 1e6);
}

static void
add_saved_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GError **error = user_data;

  if (gleaner_store_add_saved_search_finish (GLEANER_STORE (object), result, error) == 0 &&
      *error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no id");
  error[1] = GINT_TO_POINTER (1);
}

typedef struct
{
  guint   n_searches;
  double  first_ms;     /* the first count: opens the count connection */
  Summary summary;      /* the BENCH_COUNT_RUNS counts after it */
  gint64  total_first;  /* sum of the counts, first and last run */
  gint64  total_last;
} CountResult;

static void
count_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GArray **counts = user_data;
  g_autoptr(GError) error = NULL;

  if (!(*counts = gleaner_store_count_unread_finish (GLEANER_STORE (object), result, &error)))
    g_error ("Counting unread papers failed: %s", error->message);
}

static gint64
count_total (GArray *counts)
{
  gint64 total = 0;

  for (guint i = 0; i < counts->len; i++)
    total += g_array_index (counts, gint64, i);

  return total;
}

/* Saves searches made of the benchmark's queries, then times gleaner_store_count_unread_async
 * for all of them, each time right after a read mark (the saved-search list recounts on every
 * user-state change). */
static gboolean
bench_unread_counts (GleanerStore *store,
                     guint64       n_stored,
                     CountResult  *out)
{
  static const struct
  {
    const char    *query;
    GleanerFilter  filter;
  } saved[] = {
    { "parameter space", GLEANER_FILTER_ALL },
    { "diffusion models", GLEANER_FILTER_ALL },
    { "low-rank adaptation", GLEANER_FILTER_ALL },
    { "reinforcement learning from human feedback", GLEANER_FILTER_ALL },
    { "quantum", GLEANER_FILTER_ALL },
    { "graph neural network", GLEANER_FILTER_ALL },
    { "diffusion", GLEANER_FILTER_UNREAD },
    { "reinforcement learning", GLEANER_FILTER_UNREAD },
    { "low-rank", GLEANER_FILTER_UNREAD },
    { "graph neural", GLEANER_FILTER_STARRED },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) searches = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  Generator gen;

  for (guint i = 0; i < G_N_ELEMENTS (saved); i++)
    {
      g_autofree char *name = g_strdup_printf ("Bench %u: %s", i + 1, saved[i].query);
      gpointer slots[2] = { NULL, NULL };

      gleaner_store_add_saved_search_async (store, name, saved[i].query, saved[i].filter, NULL,
                                            add_saved_done_cb, slots);
      if (!wait_write (slots, &error))
        {
          g_printerr ("gleaner-bench: cannot save a search: %s\n", error->message);
          return FALSE;
        }
    }

  if (!(searches = gleaner_store_list_saved_searches (store, &error)))
    {
      g_printerr ("gleaner-bench: %s\n", error->message);
      return FALSE;
    }

  /* A paper's id as the generator made it; its first month is the ingest's. */
  generator_init (&gen, NULL, n_stored, 0);

  for (guint run = 0; run <= BENCH_COUNT_RUNS; run++)
    {
      g_autoptr(GArray) counts = NULL;
      IngestCtx ctx = { 0 };
      char id[16];
      gint64 t0;

      /* A paper not read yet (the ingest marked every 7919th from 13). */
      format_id (&gen, (run * 104729 + 5) % n_stored, id);
      ctx.in_flight = 1;
      gleaner_store_set_read_async (store, id, TRUE, NULL, set_state_cb, &ctx);
      wait_in_flight (&ctx, 0);
      if (ctx.error != NULL)
        {
          g_printerr ("gleaner-bench: cannot mark a paper read: %s\n", ctx.error->message);
          g_error_free (ctx.error);
          generator_clear (&gen);
          return FALSE;
        }

      t0 = g_get_monotonic_time ();
      gleaner_store_count_unread_async (store, searches, NULL, count_done_cb, &counts);
      while (counts == NULL)
        g_main_context_iteration (NULL, TRUE);

      if (run == 0)
        {
          out->first_ms = us_to_ms (g_get_monotonic_time () - t0);
          out->total_first = count_total (counts);
        }
      else
        {
          gint64 us = g_get_monotonic_time () - t0;

          g_array_append_val (times, us);
          out->total_last = count_total (counts);
        }
    }
  generator_clear (&gen);

  out->n_searches = searches->len;
  out->summary = summary_of (times);
  g_printerr ("  unread counts: done\n");

  return TRUE;
}

static int
run_search_phase (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, DB_NAME, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GleanerStore) store = NULL;
  g_autoptr(GleanerPaperList) list = NULL;
  g_autoptr(GPtrArray) keystrokes = build_keystrokes ();
  g_autoptr(GArray) floor_first = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) floor_complete = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) list_floor_first = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) list_floor_complete = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) floor_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  GArray *samples[G_N_ELEMENTS (modes)];
  Summary first_summary[G_N_ELEMENTS (modes)];
  Summary complete_summary[G_N_ELEMENTS (modes)];
  Summary floor_first_summary, floor_complete_summary;
  Summary list_floor_first_summary, list_floor_complete_summary;
  Probe probe = { 0 };
  CountResult count_result = { 0 };
  gint64 open_first = 0, open_complete = 0;
  double rss_open, rss_end, hwm;
  double sync_open, sync_closed;
  guint reloads = 0;
  sqlite3 *db = NULL;
  g_autoptr(Pool) pool = NULL;
  guint64 n_stored;

  if (!(store = gleaner_store_new (path, &error)) || !(pool = pool_load (&error)))
    {
      g_printerr ("gleaner-bench: %s\n", error->message);
      return 1;
    }
  n_stored = gleaner_store_count_papers (store, NULL);

  /* The app tidies the index once its store is quiet (schema 10): searches are timed on the
   * index a user searches, not the one the ingest above just left. */
  {
    gint64 t0 = g_get_monotonic_time ();
    guint n_steps = _gleaner_store_tidy_index (store);
    double ms = (g_get_monotonic_time () - t0) / 1000.0;

    printf ("Search index tidied: %u merge steps in %.1f s\nBENCH index_tidy_ms=%.0f\n",
            n_steps, ms / 1000, ms);
  }

  /* Open the list as the window does and wait for the whole list. */
  probe_arm (&probe);
  list = gleaner_paper_list_new (store);
  probe.list = list;
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &probe);
  g_signal_connect (list, "notify::loading", G_CALLBACK (loading_cb), &probe);
  if (!probe_wait (&probe, &open_first, &open_complete))
    open_first = open_complete = 0;

  rss_open = status_mb ("VmRSS:");

  g_print ("Opening the list (%u papers, no search)   first page %8.2f ms   complete %8.2f ms\n\n",
           g_list_model_get_n_items (G_LIST_MODEL (list)),
           us_to_ms (open_first), us_to_ms (open_complete));
  print_bench ("open_first_ms", us_to_ms (open_first));
  print_bench ("open_complete_ms", us_to_ms (open_complete));

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      samples[m] = g_array_new (FALSE, FALSE, sizeof (Sample));

      gleaner_paper_list_set_search (list, NULL);
      wait_idle (list);
      gleaner_paper_list_set_sort (list, modes[m].sort);
      wait_idle (list);
      gleaner_paper_list_set_filter (list, modes[m].filter);
      wait_idle (list);

      for (guint i = 0; i < keystrokes->len; i++)
        {
          const Keystroke *k = g_ptr_array_index (keystrokes, i);
          Sample sample = { k, 0, 0, 0 };

          /* Each query starts from an empty search field. */
          if (i == 0 || ((const Keystroke *) g_ptr_array_index (keystrokes, i - 1))->query != k->query)
            {
              gleaner_paper_list_set_search (list, NULL);
              wait_idle (list);
            }

          probe_arm (&probe);
          gleaner_paper_list_set_search (list, k->prefix);
          if (!probe_wait (&probe, &sample.first_us, &sample.complete_us))
            g_error ("No query for \"%s\"", k->prefix);

          sample.n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
          g_array_append_val (samples[m], sample);
        }

      g_printerr ("  search: %s done\n", modes[m].name);
    }

  rss_end = status_mb ("VmRSS:");
  hwm = status_mb ("VmHWM:");

  /* Floor: the bare FTS5 queries on a connection of their own. */
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    g_error ("Cannot open %s: %s", path, sqlite3_errmsg (db));

  for (guint i = 0; i < keystrokes->len; i++)
    {
      const Keystroke *k = g_ptr_array_index (keystrokes, i);
      g_autofree char *list_match = _gleaner_store_build_list_match (db, k->prefix, NULL);
      guint rows = 0;
      guint list_rows = 0;
      gint64 best_first = G_MAXINT64;
      gint64 best_complete = G_MAXINT64;
      gint64 best_list_first = G_MAXINT64;
      gint64 best_list_complete = G_MAXINT64;

      /* A floor is a lower bound: the best of a few runs. */
      for (guint run = 0; run < BENCH_FLOOR_RUNS; run++)
        {
          best_first = MIN (best_first, floor_query (db, k->match, TRUE, NULL));
          best_complete = MIN (best_complete, floor_query (db, k->match, FALSE, &rows));
          best_list_first = MIN (best_list_first, floor_query (db, list_match, TRUE, NULL));
          best_list_complete = MIN (best_list_complete,
                                    floor_query (db, list_match, FALSE, &list_rows));
        }

      if (rows != list_rows)
        g_printerr ("gleaner-bench: \"%s\": %s matches %u papers, %s %u\n",
                    k->prefix, k->match, rows, list_match, list_rows);

      g_array_append_val (floor_first, best_first);
      g_array_append_val (floor_complete, best_complete);
      g_array_append_val (list_floor_first, best_list_first);
      g_array_append_val (list_floor_complete, best_list_complete);
      g_array_append_val (floor_rows, rows);
    }
  sqlite3_close (db);

  /* The model must show exactly what the index matches, in every sort. */
  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      if (modes[m].filter != GLEANER_FILTER_ALL)
        continue;

      for (guint i = 0; i < keystrokes->len; i++)
        {
          const Sample *s = &g_array_index (samples[m], Sample, i);

          if (s->n_items != g_array_index (floor_rows, guint, i))
            g_printerr ("gleaner-bench: %s \"%s\": the list shows %u papers, the index matches %u\n",
                        modes[m].name, s->keystroke->prefix, s->n_items,
                        g_array_index (floor_rows, guint, i));
        }
    }

  /* Unread counts of saved searches, as the sidebar refreshes them after a read mark. */
  if (!bench_unread_counts (store, n_stored, &count_result))
    return 1;

  /* A sync while the window shows the whole list, then the same with no list. */
  gleaner_paper_list_set_search (list, NULL);
  gleaner_paper_list_set_filter (list, GLEANER_FILTER_ALL);
  gleaner_paper_list_set_sort (list, GLEANER_SORT_UPVOTES);
  wait_idle (list);
  g_signal_connect_swapped (list, "notify::loading", G_CALLBACK (count_reload), &reloads);
  sync_open = sync_rate (store, pool, n_stored, 0);
  wait_idle (list);
  g_clear_object (&list);
  sync_closed = sync_rate (store, pool, n_stored, 1);
  if (sync_open < 0 || sync_closed < 0)
    return 1;

  /* Tables. */
  g_print ("Search, per keystroke (%u keystrokes that change the query, over %u queries;\n"
           "each waited for in full before the next; first page = first items-changed\n"
           "with the top %u rows fetched as a view would; complete = \"loading\" FALSE)\n",
           keystrokes->len, (guint) G_N_ELEMENTS (queries), BENCH_VISIBLE_ROWS);
  g_print ("  %-26s %8s %8s %8s   %8s %8s %8s\n", "ms", "first", "", "", "complete", "", "");
  g_print ("  %-26s %8s %8s %8s   %8s %8s %8s\n", "", "p50", "p95", "max", "p50", "p95", "max");

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autoptr(GArray) first = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) complete = g_array_new (FALSE, FALSE, sizeof (gint64));

      for (guint i = 0; i < samples[m]->len; i++)
        {
          const Sample *s = &g_array_index (samples[m], Sample, i);

          g_array_append_val (first, s->first_us);
          g_array_append_val (complete, s->complete_us);
        }

      first_summary[m] = summary_of (first);
      complete_summary[m] = summary_of (complete);
      print_summary_row (modes[m].label, first_summary[m], complete_summary[m]);
    }

  floor_first_summary = summary_of (floor_first);
  floor_complete_summary = summary_of (floor_complete);
  print_summary_row ("floor (bare FTS5)", floor_first_summary, floor_complete_summary);
  list_floor_first_summary = summary_of (list_floor_first);
  list_floor_complete_summary = summary_of (list_floor_complete);
  print_summary_row ("floor, list's match", list_floor_first_summary,
                     list_floor_complete_summary);

  g_print ("  ratio to floor\n");
  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      Summary r1 = {
        ratio (first_summary[m].p50, floor_first_summary.p50),
        ratio (first_summary[m].p95, floor_first_summary.p95),
        ratio (first_summary[m].max, floor_first_summary.max),
      };
      Summary r2 = {
        ratio (complete_summary[m].p50, floor_complete_summary.p50),
        ratio (complete_summary[m].p95, floor_complete_summary.p95),
        ratio (complete_summary[m].max, floor_complete_summary.max),
      };
      g_autofree char *label = g_strdup_printf ("  %s", modes[m].name);

      print_summary_row (label, r1, r2);
    }
  g_print ("  (floor = SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?1 ORDER BY rowid DESC\n"
           "   [LIMIT 64], stepped to the end, on a new connection, best of %u runs, with\n"
           "   ?1 = _gleaner_store_build_match (prefix); the same floor for every mode, and\n"
           "   the ratios are to it. \"floor, list's match\" binds\n"
           "   _gleaner_store_build_list_match (db, prefix) instead, built untimed.)\n\n",
           BENCH_FLOOR_RUNS);

  /* Where the time goes: the worst query per mode, and the slowest keystrokes. */
  g_print ("Worst keystroke per query, ms (first page / complete)\n");
  g_print ("  %-44s", "query");
  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    g_print (" %19s", modes[m].name);
  g_print (" %19s\n", "floor");

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_print ("  %-44s", queries[q]);
      for (guint m = 0; m <= G_N_ELEMENTS (modes); m++)
        {
          gint64 worst_first = 0, worst_complete = 0;

          for (guint i = 0; i < keystrokes->len; i++)
            {
              const Keystroke *k = g_ptr_array_index (keystrokes, i);
              gint64 f, c;

              if (k->query != q)
                continue;

              if (m < G_N_ELEMENTS (modes))
                {
                  f = g_array_index (samples[m], Sample, i).first_us;
                  c = g_array_index (samples[m], Sample, i).complete_us;
                }
              else
                {
                  f = g_array_index (floor_first, gint64, i);
                  c = g_array_index (floor_complete, gint64, i);
                }
              worst_first = MAX (worst_first, f);
              worst_complete = MAX (worst_complete, c);
            }

          g_print ("  %8.2f /%8.2f", us_to_ms (worst_first), us_to_ms (worst_complete));
        }
      g_print ("\n");
    }
  g_print ("\n");

  g_print ("Slowest keystrokes (by complete), ms\n");
  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autoptr(GArray) sorted = g_array_copy (samples[m]);

      g_array_sort (sorted, compare_sample_complete);
      for (guint i = 0; i < MIN (sorted->len, BENCH_N_SLOWEST); i++)
        {
          const Sample *s = &g_array_index (sorted, Sample, i);
          guint index = 0;
          g_autofree char *quoted = g_strdup_printf ("\"%s\"", s->keystroke->prefix);

          g_ptr_array_find (keystrokes, s->keystroke, &index);
          g_print ("  %-9s %-34s first %8.2f  complete %8.2f  rows %7u"
                   "   floor %7.2f / %8.2f\n",
                   modes[m].name, quoted, us_to_ms (s->first_us), us_to_ms (s->complete_us),
                   s->n_items,
                   us_to_ms (g_array_index (floor_first, gint64, index)),
                   us_to_ms (g_array_index (floor_complete, gint64, index)));
        }
    }
  g_print ("\n");

  g_print ("Sync of %u new papers into the full store (%u pages, <= %u in flight)\n",
           BENCH_SYNC_PAGES * BENCH_PAGE_PAPERS, BENCH_SYNC_PAGES, BENCH_MAX_IN_FLIGHT);
  g_print ("  %-44s %10.0f papers/s (list loading %u times)\n",
           "with the list open (upvotes, no search)", sync_open, (reloads + 1) / 2);
  g_print ("  %-44s %10.0f papers/s\n", "with no list", sync_closed);
  g_print ("  %-44s %10.2f x\n\n", "ratio", ratio (sync_open, sync_closed));

  g_print ("Unread counts of %u saved searches (the benchmark's queries and prefixes; 6 All,\n"
           "3 Unread, 1 Starred), gleaner_store_count_unread_async right after a read mark\n",
           count_result.n_searches);
  g_print ("  %-44s %10.2f ms\n", "first count (opens its connection)", count_result.first_ms);
  g_print ("  %-44s %10.2f / %.2f / %.2f ms\n", "next counts p50 / p95 / max",
           count_result.summary.p50, count_result.summary.p95, count_result.summary.max);
  g_print ("  %-44s %10" G_GINT64_FORMAT " -> %" G_GINT64_FORMAT " (%u read marks)\n\n",
           "sum of the counts, first -> last", count_result.total_first, count_result.total_last,
           BENCH_COUNT_RUNS);

  g_print ("Memory (this process: store + list model, as the app at start-up)\n");
  g_print ("  VmRSS with the full list loaded  %8.1f MB\n", rss_open);
  g_print ("  VmRSS after all searches         %8.1f MB\n", rss_end);
  g_print ("  VmHWM (peak)                     %8.1f MB\n\n", hwm);

  print_bench ("search_keystrokes", keystrokes->len);
  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autofree char *prefix = g_strdup_printf ("search_%s", modes[m].name);
      g_autofree char *k1 = g_strdup_printf ("search_%s_first_p95_ratio", modes[m].name);
      g_autofree char *k2 = g_strdup_printf ("search_%s_complete_p95_ratio", modes[m].name);

      print_summary_bench (prefix, first_summary[m], complete_summary[m]);
      print_bench (k1, ratio (first_summary[m].p95, floor_first_summary.p95));
      print_bench (k2, ratio (complete_summary[m].p95, floor_complete_summary.p95));
    }
  print_summary_bench ("search_floor", floor_first_summary, floor_complete_summary);
  print_summary_bench ("search_floor_list_match", list_floor_first_summary,
                       list_floor_complete_summary);
  print_bench ("unread_count_searches", count_result.n_searches);
  print_bench ("unread_count_first_ms", count_result.first_ms);
  print_bench ("unread_count_p50_ms", count_result.summary.p50);
  print_bench ("unread_count_p95_ms", count_result.summary.p95);
  print_bench ("unread_count_max_ms", count_result.summary.max);
  print_bench ("sync_list_open_papers_per_s", sync_open);
  print_bench ("sync_no_list_papers_per_s", sync_closed);
  print_bench ("rss_mb", rss_open);
  print_bench ("rss_after_search_mb", rss_end);
  print_bench ("hwm_mb", hwm);

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    g_array_unref (samples[m]);

  return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Driver */

static void
remove_db (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_remove (file);
    }
}

static gboolean
db_exists (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS) || g_file_test (wal, G_FILE_TEST_EXISTS);
}

typedef struct
{
  GPtrArray  *lines;    /* BENCH lines, in order */
  GHashTable *values;   /* key (owned) → value (borrowed from lines) */
} BenchLines;

static void
bench_add (BenchLines *bench,
           const char *key,
           double      value)
{
  char *line = g_strdup_printf ("BENCH %s=%.3f", key, value);

  g_ptr_array_add (bench->lines, line);
}

static double
bench_get (BenchLines *bench,
           const char *key)
{
  const char *value = g_hash_table_lookup (bench->values, key);

  return value ? g_ascii_strtod (value, NULL) : -1.0;
}

static const char *
verdict (gboolean ok)
{
  return ok ? "ok" : "MISSED";
}

static int
run_benchmark (guint64     n_papers,
               const char *dir_option,
               gboolean    keep)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Pool) pool = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *floor_path = NULL;
  g_autofree char *exe = NULL;
  g_autofree char *child_out = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *floor_digest = NULL;
  g_auto(GStrv) child_lines = NULL;
  BenchLines bench = { NULL, NULL };
  IngestResult ours = { 0 }, floor_result = { 0 };
  double ours_rate, floor_rate, db_mb, wal_mb, floor_mb, floor_wal_mb, ingest_hwm;
  double rss, p95;
  double load_start, load_end;
  gboolean created_dir = FALSE;
  gboolean rows_match;
  int status = 0;
  int ret = 1;

  if (!(pool = pool_load (&error)))
    {
      g_printerr ("gleaner-bench: %s\n", error->message);
      return 1;
    }

  if (dir_option != NULL)
    {
      dir = g_strdup (dir_option);
      created_dir = !g_file_test (dir, G_FILE_TEST_IS_DIR);
      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          g_printerr ("gleaner-bench: cannot create %s\n", dir);
          return 1;
        }
    }
  else
    {
      if (!(dir = g_dir_make_tmp ("gleaner-bench-XXXXXX", &error)))
        {
          g_printerr ("gleaner-bench: %s\n", error->message);
          return 1;
        }
      created_dir = TRUE;
    }

  path = g_build_filename (dir, DB_NAME, NULL);
  floor_path = g_build_filename (dir, FLOOR_NAME, NULL);

  if (db_exists (path) || db_exists (floor_path))
    {
      g_printerr ("gleaner-bench: %s already holds a benchmark database; "
                  "use an empty directory\n", dir);
      return 1;
    }

  bench.lines = g_ptr_array_new_with_free_func (g_free);
  bench.values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_printerr ("gleaner-bench: %" G_GUINT64_FORMAT " papers in %s\n", n_papers, dir);
  load_start = load_average ();

  /* Let earlier writes reach the disk so they don't slow the timed stretches. */
  sync ();
  if (!ingest_gleaner (pool, n_papers, path, &ours, &error))
    {
      g_printerr ("\ngleaner-bench: ingest failed: %s\n", error->message);
      goto out;
    }

  g_printerr ("  ingest: %.0f papers/s\n", ours.rows / (ours.us / 1e6));
  db_mb = file_mb (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);

    wal_mb = file_mb (wal);
  }
  ingest_hwm = status_mb ("VmHWM:");

  sync ();
  if (!ingest_floor (pool, n_papers, floor_path, &floor_result, &error))
    {
      g_printerr ("\ngleaner-bench: floor ingest failed: %s\n", error->message);
      goto out;
    }

  g_printerr ("  floor:  %.0f papers/s\n", floor_result.rows / (floor_result.us / 1e6));
  floor_mb = file_mb (floor_path);
  {
    g_autofree char *wal = g_strconcat (floor_path, "-wal", NULL);

    floor_wal_mb = file_mb (wal);
  }

  digest = digest_papers (path);
  floor_digest = digest_papers (floor_path);
  rows_match = g_strcmp0 (digest, floor_digest) == 0;
  if (!rows_match)
    g_printerr ("gleaner-bench: the databases differ:\n  gleaner %s\n  floor   %s\n",
                digest, floor_digest);

  /* The search phase runs in a process of its own, so its memory is the app's, not ours. */
  if (!(exe = g_file_read_link ("/proc/self/exe", &error)))
    {
      g_printerr ("gleaner-bench: %s\n", error->message);
      goto out;
    }

  {
    const char *argv[] = { exe, "--search-phase", "--dir", dir, NULL };

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                       &child_out, NULL, &status, &error) ||
        !g_spawn_check_wait_status (status, &error))
      {
        g_printerr ("gleaner-bench: search phase failed: %s\n", error->message);
        goto out;
      }
  }

  load_end = load_average ();
  ours_rate = ours.rows / (ours.us / 1e6);
  floor_rate = floor_result.rows / (floor_result.us / 1e6);

  bench_add (&bench, "papers", n_papers);
  bench_add (&bench, "ingest_papers_per_s", ours_rate);
  bench_add (&bench, "ingest_seconds", ours.us / 1e6);
  bench_add (&bench, "ingest_floor_papers_per_s", floor_rate);
  bench_add (&bench, "ingest_floor_seconds", floor_result.us / 1e6);
  bench_add (&bench, "ingest_ratio", ratio (ours_rate, floor_rate));
  bench_add (&bench, "ingest_cpu_seconds", ours.cpu_us / 1e6);
  bench_add (&bench, "ingest_papers_per_cpu_s", ours.rows / (ours.cpu_us / 1e6));
  bench_add (&bench, "ingest_floor_cpu_seconds", floor_result.cpu_us / 1e6);
  bench_add (&bench, "ingest_floor_papers_per_cpu_s", floor_result.rows / (floor_result.cpu_us / 1e6));
  bench_add (&bench, "ingest_cpu_ratio", ratio (floor_result.cpu_us, ours.cpu_us));
  bench_add (&bench, "rows_match_floor", rows_match);
  bench_add (&bench, "ingest_hwm_mb", ingest_hwm);
  bench_add (&bench, "db_mb", db_mb);
  bench_add (&bench, "wal_mb", wal_mb);
  bench_add (&bench, "floor_db_mb", floor_mb + floor_wal_mb);
  bench_add (&bench, "load_start", load_start);
  bench_add (&bench, "load_end", load_end);

  /* Report. */
  g_print ("\nGleaner benchmark: %" G_GUINT64_FORMAT " papers (seed %u; text from %u fixture "
           "papers: %u titles, %u sentences), in %s\n\n",
           n_papers, BENCH_SEED, pool->n_fixtures, pool->titles->len, pool->sentences->len, dir);
  g_print ("Wall-clock figures; 1-minute load average %.2f at the start, %.2f at the end, on %u CPUs\n\n",
           load_start, load_end, g_get_num_processors ());

  g_print ("Ingest (parse + store; %u papers a page, <= %u pages in flight; generation not timed)\n",
           BENCH_PAGE_PAPERS, BENCH_MAX_IN_FLIGHT);
  g_print ("  %-58s %10.0f papers/s %8.2f s\n",
           "Gleaner: gleaner_hf_parse_papers + gleaner_store_upsert_async", ours_rate, ours.us / 1e6);
  g_print ("  %-58s %10.0f papers/s %8.2f s\n",
           "floor: bare SQLite, prepared INSERT, 100 rows a transaction", floor_rate, floor_result.us / 1e6);
  g_print ("  %-58s %10.2f x\n", "ratio Gleaner / floor", ratio (ours_rate, floor_rate));
  g_print ("  %-58s %10.0f papers/s %8.2f s\n", "Gleaner, per CPU second (all threads)",
           ours.rows / (ours.cpu_us / 1e6), ours.cpu_us / 1e6);
  g_print ("  %-58s %10.0f papers/s %8.2f s\n", "floor, per CPU second",
           floor_result.rows / (floor_result.cpu_us / 1e6), floor_result.cpu_us / 1e6);
  g_print ("  %-58s %10.2f x\n", "CPU ratio floor / Gleaner", ratio (floor_result.cpu_us, ours.cpu_us));
  g_print ("  %-58s %10s\n", "same rows in both databases", rows_match ? "yes" : "NO");
  g_print ("  %-58s %10.1f MB\n\n", "VmHWM of the ingesting process", ingest_hwm);

  g_print ("Disk\n");
  g_print ("  %-58s %10.1f MB (+ %.1f MB -wal)\n", DB_NAME, db_mb, wal_mb);
  g_print ("  %-58s %10.1f MB (+ %.1f MB -wal)\n\n", FLOOR_NAME " (same schema)", floor_mb,
           floor_wal_mb);

  child_lines = g_strsplit (child_out, "\n", -1);
  for (guint i = 0; child_lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (child_lines[i], "BENCH "))
        g_ptr_array_add (bench.lines, g_strdup (child_lines[i]));
      else if (child_lines[i + 1] != NULL || child_lines[i][0] != '\0')
        g_print ("%s\n", child_lines[i]);
    }

  for (guint i = 0; i < bench.lines->len; i++)
    {
      char *line = g_ptr_array_index (bench.lines, i);
      char *eq = strchr (line, '=');

      if (eq != NULL)
        {
          g_autofree char *key = g_strndup (line + 6, eq - (line + 6));

          g_hash_table_insert (bench.values, g_steal_pointer (&key), eq + 1);
        }
    }

  rss = bench_get (&bench, "rss_mb");
  p95 = -1.0;
  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autofree char *key = g_strdup_printf ("search_%s_first_p95_ms", modes[m].name);

      p95 = MAX (p95, bench_get (&bench, key));
    }

  g_print ("Targets at N = 1,000,000%s\n",
           n_papers == 1000000 ? "" : " (indicative only at this N)");
  g_print ("  %-44s %10.2f ms   %s\n", "search keystroke p95 <= 16 ms (first page, worst mode)",
           p95, verdict (p95 <= TARGET_KEYSTROKE_P95_MS));
  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autofree char *key = g_strdup_printf ("search_%s_complete_p95_ms", modes[m].name);
      g_autofree char *label = g_strdup_printf ("  same, complete, %s", modes[m].name);
      double value = bench_get (&bench, key);

      g_print ("  %-44s %10.2f ms   %s\n", label, value, verdict (value <= TARGET_KEYSTROKE_P95_MS));
    }
  g_print ("  %-44s %10.0f /s    %s\n", "ingest >= 3,000 papers/s", ours_rate,
           verdict (ours_rate >= TARGET_INGEST_RATE));
  g_print ("  %-44s %10.2f x     %s\n", "ingest >= 0.8 x floor", ratio (ours_rate, floor_rate),
           verdict (ratio (ours_rate, floor_rate) >= TARGET_INGEST_RATIO));
  g_print ("  %-44s %10.1f MB    %s\n\n", "RSS <= 100 MB (list loaded)", rss,
           verdict (rss >= 0 && rss <= TARGET_RSS_MB));

  for (guint i = 0; i < bench.lines->len; i++)
    g_print ("%s\n", (const char *) g_ptr_array_index (bench.lines, i));

  ret = 0;

out:
  if (!keep)
    {
      remove_db (path);
      remove_db (floor_path);
      if (created_dir)
        g_rmdir (dir);
    }
  else
    {
      g_printerr ("gleaner-bench: kept %s\n", dir);
    }

  g_clear_pointer (&bench.values, g_hash_table_unref);
  g_clear_pointer (&bench.lines, g_ptr_array_unref);

  return ret;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  gint64 n_papers = 10000;
  gboolean keep = FALSE;
  gboolean search_phase = FALSE;
  GOptionEntry entries[] = {
    { "papers", 'n', 0, G_OPTION_ARG_INT64, &n_papers, "Number of papers (default 10000)", "N" },
    { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &dir,
      "Directory for the databases (default: a new temporary one)", "DIR" },
    { "keep", 'k', 0, G_OPTION_ARG_NONE, &keep, "Keep the databases", NULL },
    { "search-phase", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &search_phase, NULL, NULL },
    { NULL }
  };


  context = g_option_context_new ("— ingest and search benchmark for Gleaner");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("gleaner-bench: %s\n", error->message);
      return 2;
    }

  if (search_phase)
    {
      if (dir == NULL)
        {
          g_printerr ("gleaner-bench: --search-phase needs --dir\n");
          return 2;
        }
      return run_search_phase (dir);
    }

  if (n_papers < 1 || n_papers > 50000000)
    {
      g_printerr ("gleaner-bench: --papers must be between 1 and 50000000\n");
      return 2;
    }

  return run_benchmark ((guint64) n_papers, dir, keep);
}
