/* test-store-index.c — the full-text index is written once per write (schema 8), and stays
 * one entry per paper through inserts, text and vote changes and the migration from 7; a
 * change of votes alone leaves it untouched, and searches in vote order stay exact (11).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "gleaner-store-private.h"
#include "gleaner-test-util.h"

typedef struct
{
  char         *dir;
  char         *path;
  GleanerStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("gleaner-store-index-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "gleaner.db", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  gleaner_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
open_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->store = gleaner_store_new (f->path, &error);
  g_assert_no_error (error);
  /* These tests count the index's segments: the store tidies it only when asked. */
  _gleaner_store_set_tidy_quiet_ms (f->store, G_MAXUINT);
}

static gint64 query_int (const char *path,
                         const char *sql);

static gint64
count_segments (Fixture *f)
{
  return query_int (f->path, "SELECT count (DISTINCT segid) FROM papers_fts_idx");
}

/* Paper @n: its own word ("wordN" spelled in letters, so no prefix of one is another's),
 * shared words, and upvotes in no order, as a daily page lists them. */
static char *
own_word (guint n)
{
  GString *word = g_string_new ("own");

  do
    {
      g_string_append_c (word, 'a' + n % 26);
      n /= 26;
    }
  while (n > 0);
  g_string_append (word, "x");

  return g_string_free (word, FALSE);
}

static GleanerPaper *
make_paper (guint       n,
            const char *theme,
            gint64      upvotes)
{
  g_autofree char *id = g_strdup_printf ("2501.%05u", n);
  g_autofree char *word = own_word (n);
  g_autofree char *title = g_strdup_printf ("%s %s methods", word, theme);
  GleanerPaper *paper = gleaner_paper_new (id);
  char **authors = g_new0 (char *, 3);

  authors[0] = g_strdup ("Ada Lovelace");
  authors[1] = g_strdup ("Émile Borel");
  gleaner_paper_set_title (paper, title);
  gleaner_paper_set_abstract (paper, "We study the parameter space of generative models, "
                                     "and what a search finds in it.");
  gleaner_paper_take_authors (paper, authors);
  gleaner_paper_set_published (paper, 1736000000 + n);
  gleaner_paper_set_upvotes (paper, upvotes);

  return paper;
}

static void
upsert_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GleanerUpsertResult **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = gleaner_store_upsert_finish (GLEANER_STORE (object), result, &error);
  g_assert_no_error (error);
}

static void
upsert (GleanerStore *store,
        GPtrArray    *papers)
{
  g_autoptr(GleanerUpsertResult) result = NULL;

  gleaner_store_upsert_async (store, papers, NULL, upsert_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static gint64
query_int (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

static void
exec_on_file (const char *path,
              const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static guint
count_matches (GleanerStore *store,
               const char   *text)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  sqlite3 *db = _gleaner_store_open_reader (store, &error);

  g_assert_no_error (error);
  g_assert_true (_gleaner_store_query_ids (db, GLEANER_FILTER_ALL, GLEANER_SORT_UPVOTES, text,
                                           ids, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  sqlite3_close (db);

  return ids->len;
}

/* The index is whole and the queue empty: the index holds one row per paper, its structure
 * checks out, and each paper is found by its own word exactly once. */
static void
assert_index_whole (Fixture *f,
                    guint    n_papers)
{
  g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM fts_queue"), ==, 0);
  g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM papers_fts"), ==, n_papers);
  exec_on_file (f->path, "INSERT INTO papers_fts (papers_fts) VALUES ('integrity-check')");

  for (guint n = 0; n < n_papers; n++)
    {
      g_autofree char *word = own_word (n);

      g_assert_cmpuint (count_matches (f->store, word), ==, 1);
    }
}

/* One write of papers listed in no upvote order leaves one segment. With the index written
 * by a trigger, paper by paper, each paper was a segment of its own until merged (4 were
 * left here, after 400 writes of a segment and their merges). */
static void
test_one_segment_per_write (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);

  open_store (f);
  for (guint n = 0; n < 400; n++)
    g_ptr_array_add (papers, make_paper (n, "diffusion", (gint64) (n * 37 % 250)));
  upsert (f->store, papers);

  g_assert_cmpint (query_int (f->path, "SELECT count (DISTINCT segid) FROM papers_fts_idx"), ==, 1);
  assert_index_whole (f, 400);
  g_assert_cmpuint (count_matches (f->store, "diffusion"), ==, 400);
}

/* Changed text and changed upvotes move a paper's entry, never copy it; a write that changes
 * nothing queues nothing. */
static void
test_changes (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) second = g_ptr_array_new_with_free_func (g_object_unref);

  open_store (f);
  for (guint n = 0; n < 200; n++)
    g_ptr_array_add (first, make_paper (n, "diffusion", (gint64) (n % 9)));
  upsert (f->store, first);
  assert_index_whole (f, 200);

  /* Every other paper gains votes, every fourth changes its title's theme. */
  for (guint n = 0; n < 200; n++)
    g_ptr_array_add (second, make_paper (n, n % 4 == 0 ? "transport" : "diffusion",
                                         (gint64) (n % 9) + (n % 2 == 0 ? 100 : 0)));
  upsert (f->store, second);
  assert_index_whole (f, 200);
  g_assert_cmpuint (count_matches (f->store, "transport"), ==, 50);
  g_assert_cmpuint (count_matches (f->store, "diffusion"), ==, 150);

  upsert (f->store, second);
  assert_index_whole (f, 200);
}

/* A database of schema 7 (its triggers wrote the index directly) keeps its index, and the
 * first write after the migration moves entries rather than adding them. */
static void
test_migrate_from_v7 (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  g_assert_true (_gleaner_store_migrate_file (f->path, 7, &error));
  g_assert_no_error (error);
  exec_on_file (f->path,
                "INSERT INTO papers (arxiv_id, title, abstract, authors, upvotes, first_seen, updated_at)"
                " VALUES ('2501.00000', 'ownax diffusion methods', 'An abstract.', '[\"Ada\"]', 5, 1, 1),"
                "        ('2501.00001', 'ownbx diffusion methods', 'An abstract.', '[\"Ada\"]', 3, 1, 1);");

  open_store (f);
  g_assert_cmpint (gleaner_store_get_schema_version (f->store), ==, GLEANER_STORE_SCHEMA_VERSION);
  assert_index_whole (f, 2);

  g_ptr_array_add (papers, make_paper (0, "transport", 50));
  g_ptr_array_add (papers, make_paper (2, "diffusion", 1));
  upsert (f->store, papers);
  assert_index_whole (f, 3);
  g_assert_cmpuint (count_matches (f->store, "transport"), ==, 1);
  g_assert_cmpuint (count_matches (f->store, "diffusion"), ==, 2);
}

static void
mark_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GPtrArray **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = gleaner_store_mark_finish (GLEANER_STORE (object), result, &error);
  g_assert_no_error (error);
}

/* Writes queued while the writer waits go in one transaction, and the index reads the
 * queue once for the pages among them: one segment for two pages. A write of the group
 * that reads the index (marking a search's papers read) sees the pages queued before it,
 * and the page after it is indexed too. */
static void
test_group_of_writes (Fixture       *f,
                      gconstpointer  data)
{
  static const char * const themes[] = { "diffusion", "transport", "bandits" };
  GleanerUpsertResult *results[G_N_ELEMENTS (themes)] = { NULL };
  g_autoptr(GPtrArray) marked = NULL;
  sqlite3 *lock = NULL;

  open_store (f);

  /* Hold the write lock from another connection, so the writer waits at the first write
   * until every write below is queued. */
  g_assert_cmpint (sqlite3_open (f->path, &lock), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (lock, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  for (guint t = 0; t < G_N_ELEMENTS (themes); t++)
    {
      g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint n = t * 100; n < (t + 1) * 100; n++)
        g_ptr_array_add (page, make_paper (n, themes[t], (gint64) (n * 37 % 250)));
      gleaner_store_upsert_async (f->store, page, NULL, upsert_done_cb, &results[t]);

      if (t == 1)
        gleaner_store_mark_view_read_async (f->store, NULL, GLEANER_FILTER_ALL, "transport",
                                            NULL, mark_done_cb, &marked);
    }

  g_assert_cmpint (sqlite3_exec (lock, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (lock);

  while (marked == NULL || results[G_N_ELEMENTS (themes) - 1] == NULL)
    g_main_context_iteration (NULL, TRUE);

  for (guint t = 0; t < G_N_ELEMENTS (themes); t++)
    {
      g_assert_nonnull (results[t]);
      g_assert_cmpuint (results[t]->added, ==, 100);
      g_clear_pointer (&results[t], gleaner_upsert_result_free);
    }

  g_assert_cmpuint (marked->len, ==, 100);
  g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM user_state WHERE read"), ==, 100);
  /* The two pages before the mark, and the one after it (a segment per page was three). */
  g_assert_cmpint (query_int (f->path, "SELECT count (DISTINCT segid) FROM papers_fts_idx"), ==, 2);
  assert_index_whole (f, 300);
  g_assert_cmpuint (count_matches (f->store, "bandits"), ==, 100);
}

/* Six writes of 40 papers each: six segments. */
static void
write_six_pages (Fixture *f)
{
  for (guint t = 0; t < 6; t++)
    {
      g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint n = t * 40; n < (t + 1) * 40; n++)
        g_ptr_array_add (page, make_paper (n, t % 2 ? "transport" : "diffusion",
                                           (gint64) (n * 37 % 250)));
      upsert (f->store, page);
    }
  g_assert_cmpint (count_segments (f), ==, 6);
}

/* Tidying joins the segments into one, keeps every paper findable once, and searches still
 * list the best-voted match first; a tidy index takes no step. */
static void
test_tidy (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  gint64 last_upvotes = G_MAXINT64;
  sqlite3 *db;

  open_store (f);
  write_six_pages (f);

  g_assert_cmpuint (_gleaner_store_tidy_index (f->store), >, 0);
  g_assert_cmpint (count_segments (f), ==, 1);
  assert_index_whole (f, 240);
  g_assert_cmpuint (count_matches (f->store, "diffusion"), ==, 120);
  g_assert_cmpuint (count_matches (f->store, "methods"), ==, 240);

  db = _gleaner_store_open_reader (f->store, &error);
  g_assert_no_error (error);
  g_assert_true (_gleaner_store_query_ids (db, GLEANER_FILTER_ALL, GLEANER_SORT_UPVOTES,
                                           "transport", ids, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 120);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT upvotes FROM papers WHERE id = %" G_GINT64_FORMAT,
                                              g_array_index (ids, gint64, i));
      gint64 upvotes = query_int (f->path, sql);

      g_assert_cmpint (upvotes, <=, last_upvotes);
      last_upvotes = upvotes;
    }
  sqlite3_close (db);

  g_assert_cmpuint (_gleaner_store_tidy_index (f->store), ==, 0);
  g_assert_cmpint (count_segments (f), ==, 1);
}

/* Once the store has been quiet for a while, it tidies the index on its own. Segments are
 * joined two of a size at a time, so two more writes are joined with each other and then
 * with the first six. */
static void
test_tidy_when_quiet (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);

  open_store (f);
  write_six_pages (f);

  gleaner_test_start_ticking ();
  _gleaner_store_set_tidy_quiet_ms (f->store, 20);
  GLEANER_TEST_WAIT_UNTIL (count_segments (f) == 1);
  assert_index_whole (f, 240);

  for (guint n = 240; n < 260; n++)
    g_ptr_array_add (page, make_paper (n, "bandits", 3));
  upsert (f->store, page);
  g_ptr_array_set_size (page, 0);
  for (guint n = 260; n < 280; n++)
    g_ptr_array_add (page, make_paper (n, "bandits", 3));
  upsert (f->store, page);
  GLEANER_TEST_WAIT_UNTIL (count_segments (f) == 1);
  assert_index_whole (f, 280);
  g_assert_cmpuint (count_matches (f->store, "bandits"), ==, 40);
}

/* Another process holding the write lock makes a tidy step fail: nothing is lost, and the
 * index is tidied once the lock is gone. */
static void
test_tidy_locked (Fixture       *f,
                  gconstpointer  data)
{
  sqlite3 *lock = NULL;

  open_store (f);
  write_six_pages (f);

  g_assert_cmpint (sqlite3_open (f->path, &lock), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (lock, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpuint (_gleaner_store_tidy_index (f->store), ==, 0);
  g_assert_cmpint (sqlite3_exec (lock, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (lock);

  g_assert_cmpint (count_segments (f), ==, 6);
  assert_index_whole (f, 240);

  g_assert_cmpuint (_gleaner_store_tidy_index (f->store), >, 0);
  g_assert_cmpint (count_segments (f), ==, 1);
  assert_index_whole (f, 240);
}

/* The index merges segments 16 at a time, all of a size at once only at 64 (schema 9), in
 * a new database and in one made with 8, whose index is kept as it was. */
static void
test_merge_setting (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *new_path = g_build_filename (f->dir, "new.db", NULL);
  g_autoptr(GError) error = NULL;
  const char *automerge = "SELECT v FROM papers_fts_config WHERE k = 'automerge'";
  const char *crisismerge = "SELECT v FROM papers_fts_config WHERE k = 'crisismerge'";
  const char *usermerge = "SELECT v FROM papers_fts_config WHERE k = 'usermerge'";

  g_assert_true (_gleaner_store_migrate_file (f->path, 8, &error));
  g_assert_no_error (error);
  exec_on_file (f->path,
                "INSERT INTO papers (arxiv_id, title, abstract, authors, upvotes, first_seen, updated_at)"
                " VALUES ('2501.00000', 'ownax diffusion methods', 'An abstract.', '[\"Ada\"]', 5, 1, 1),"
                "        ('2501.00001', 'ownbx diffusion methods', 'An abstract.', '[\"Ada\"]', 3, 1, 1);"
                GLEANER_STORE_FTS_FLUSH_SQL);
  g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM papers_fts_config"
                                       " WHERE k = 'automerge'"), ==, 0);

  open_store (f);
  g_assert_cmpint (query_int (f->path, automerge), ==, 16);
  g_assert_cmpint (query_int (f->path, crisismerge), ==, 64);
  g_assert_cmpint (query_int (f->path, usermerge), ==, 2);
  assert_index_whole (f, 2);
  g_assert_cmpuint (count_matches (f->store, "diffusion"), ==, 2);

  g_assert_true (_gleaner_store_migrate_file (new_path, GLEANER_STORE_SCHEMA_VERSION, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (new_path, automerge), ==, 16);
  g_assert_cmpint (query_int (new_path, crisismerge), ==, 64);
  g_assert_cmpint (query_int (new_path, usermerge), ==, 2);
}

/* A change of votes alone leaves the index as it was: no new segment, nothing queued, and
 * the paper is found once, at the entry it had. Votes back where they were forget the move;
 * changed text moves the entry to the paper's trend key; a deleted paper leaves nothing. */
static void
test_votes_stay (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);

  open_store (f);
  for (guint n = 0; n < 200; n++)
    g_ptr_array_add (page, make_paper (n, "diffusion", (gint64) (n % 9)));
  upsert (f->store, page);
  g_assert_cmpint (count_segments (f), ==, 1);

  /* Every other paper gains votes: before schema 11, each was taken out and indexed again,
   * a second segment. */
  g_ptr_array_set_size (page, 0);
  for (guint n = 0; n < 200; n++)
    g_ptr_array_add (page, make_paper (n, "diffusion", (gint64) (n % 9) + (n % 2 ? 0 : 1000)));
  upsert (f->store, page);
  g_assert_cmpint (count_segments (f), ==, 1);
  g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM fts_moved"), ==, 100);
  g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM fts_moved m JOIN papers p USING (id)"
                                       " WHERE m.key != p.trend_key"
                                       " OR m.fts_key != (p.upvotes - 1000) << 32 | p.id"), ==, 0);
  assert_index_whole (f, 200);

  /* More votes keep the entry where it was indexed; votes back to that make it a plain one. */
  g_ptr_array_set_size (page, 0);
  for (guint n = 0; n < 200; n += 2)
    g_ptr_array_add (page, make_paper (n, "diffusion", (gint64) (n % 9) + (n % 4 ? 0 : 2000)));
  upsert (f->store, page);
  g_assert_cmpint (count_segments (f), ==, 1);
  g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM fts_moved"), ==, 50);
  assert_index_whole (f, 200);

  /* New text: out of the old entry, in at the trend key. */
  g_ptr_array_set_size (page, 0);
  for (guint n = 0; n < 200; n += 4)
    g_ptr_array_add (page, make_paper (n, "transport", 5000));
  upsert (f->store, page);
  g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM fts_moved"), ==, 0);
  assert_index_whole (f, 200);
  g_assert_cmpuint (count_matches (f->store, "transport"), ==, 50);
  g_assert_cmpuint (count_matches (f->store, "diffusion"), ==, 150);

  /* A moved paper deleted leaves no entry behind. */
  g_ptr_array_set_size (page, 0);
  for (guint n = 1; n < 200; n += 2)
    g_ptr_array_add (page, make_paper (n, "diffusion", 7000 + n));
  upsert (f->store, page);
  g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM fts_moved"), ==, 100);
  exec_on_file (f->path, "DELETE FROM papers WHERE arxiv_id IN ('2501.00001', '2501.00003');"
                         GLEANER_STORE_FTS_FLUSH_SQL);
  g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM fts_moved"), ==, 98);
  g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM papers_fts"), ==, 198);
  exec_on_file (f->path, "INSERT INTO papers_fts (papers_fts) VALUES ('integrity-check')");
  g_assert_cmpuint (count_matches (f->store, "diffusion"), ==, 148);
}

/* What the vote-order test knows of each paper, to say what each list must be. */
typedef struct
{
  guint         n_papers;
  gint64       *rowid;
  gint64       *votes;
  gboolean     *transport;
  gboolean     *read;
  gboolean     *starred;
  int          *rank;     /* on the trending list, or -1 */
  GPtrArray    *pending;  /* the next write */
} Model;

static void
model_set (Model    *model,
           guint     n,
           gboolean  transport,
           gint64    votes)
{
  model->transport[n] = transport;
  model->votes[n] = votes;
  g_ptr_array_add (model->pending, make_paper (n, transport ? "transport" : "diffusion", votes));
}

static gboolean
model_matches (const Model *model,
               guint        n,
               const char  *word)
{
  g_autofree char *own = own_word (n);

  return g_str_has_prefix (own, word) ||
         g_str_has_prefix (model->transport[n] ? "transport" : "diffusion", word) ||
         g_str_has_prefix ("methods", word);
}

static const Model *sort_model;

static int
cmp_by_votes (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *)a, y = *(const guint *)b;

  if (sort_model->votes[x] != sort_model->votes[y])
    return sort_model->votes[x] > sort_model->votes[y] ? -1 : 1;
  return sort_model->rowid[x] > sort_model->rowid[y] ? -1 : 1;
}

static int
cmp_by_rank (gconstpointer a,
             gconstpointer b)
{
  return sort_model->rank[*(const guint *)a] - sort_model->rank[*(const guint *)b];
}

/* The list as "ORDER BY upvotes DESC, id DESC" gives it, after the ranked head for the
 * trending sort. */
static GArray *
model_list (const Model   *model,
            GleanerFilter  filter,
            GleanerSort    sort,
            const char    *word)
{
  g_autoptr(GArray) head = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) rest = g_array_new (FALSE, FALSE, sizeof (guint));
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint n = 0; n < model->n_papers; n++)
    {
      if (!model_matches (model, n, word) ||
          (filter == GLEANER_FILTER_UNREAD && model->read[n]) ||
          (filter == GLEANER_FILTER_STARRED && !model->starred[n]))
        continue;
      g_array_append_val (sort == GLEANER_SORT_TRENDING && model->rank[n] >= 0 ? head : rest, n);
    }

  sort_model = model;
  g_array_sort (head, cmp_by_rank);
  g_array_sort (rest, cmp_by_votes);
  for (guint i = 0; i < head->len; i++)
    g_array_append_val (ids, model->rowid[g_array_index (head, guint, i)]);
  for (guint i = 0; i < rest->len; i++)
    g_array_append_val (ids, model->rowid[g_array_index (rest, guint, i)]);

  return ids;
}

static void
first_page_cb (const gint64 *ids,
               guint         n_ids,
               gpointer      user_data)
{
  GArray **page = user_data;

  g_assert_null (*page);
  *page = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_vals (*page, ids, n_ids);
}

static void
assert_ids_equal (GArray     *got,
                  GArray     *want,
                  guint       n,
                  const char *what)
{
  for (guint i = 0; i < n; i++)
    if (g_array_index (got, gint64, i) != g_array_index (want, gint64, i))
      g_error ("%s: position %u lists %" G_GINT64_FORMAT ", not %" G_GINT64_FORMAT,
               what, i, g_array_index (got, gint64, i), g_array_index (want, gint64, i));
}

/* Every search in vote order (and the starred ones, which test membership by index key)
 * lists what the model says, in its order, and hands over its first page in that order. */
static void
assert_lists (Fixture     *f,
              const Model *model)
{
  static const GleanerFilter filters[] = { GLEANER_FILTER_ALL, GLEANER_FILTER_UNREAD,
                                           GLEANER_FILTER_STARRED };
  static const GleanerSort sorts[] = { GLEANER_SORT_UPVOTES, GLEANER_SORT_TRENDING };
  g_autofree char *own_a = own_word (36);
  g_autofree char *own_b = own_word (1);
  const char *words[] = { "transport", "diffusion", "tr", "meth", own_a, own_b };
  g_autoptr(GError) error = NULL;
  sqlite3 *db = _gleaner_store_open_reader (f->store, &error);

  g_assert_no_error (error);
  for (guint w = 0; w < G_N_ELEMENTS (words); w++)
    for (guint fi = 0; fi < G_N_ELEMENTS (filters); fi++)
      for (guint si = 0; si < G_N_ELEMENTS (sorts); si++)
        {
          g_autoptr(GArray) want = model_list (model, filters[fi], sorts[si], words[w]);
          g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_autoptr(GArray) page = NULL;
          g_autofree char *what = g_strdup_printf ("\"%s\", filter %d, sort %d", words[w],
                                                   filters[fi], sorts[si]);

          g_assert_true (_gleaner_store_query_ids (db, filters[fi], sorts[si], words[w], got,
                                                   first_page_cb, &page, NULL, &error));
          g_assert_no_error (error);
          g_assert_cmpuint (got->len, ==, want->len);
          assert_ids_equal (got, want, want->len, what);
          if (want->len >= GLEANER_STORE_FIRST_PAGE)
            {
              g_assert_nonnull (page);
              g_assert_cmpuint (page->len, ==, GLEANER_STORE_FIRST_PAGE);
              assert_ids_equal (page, want, GLEANER_STORE_FIRST_PAGE, what);
            }
        }
  sqlite3_close (db);
}

static void
cancel_cb (const gint64 *ids,
           guint         n_ids,
           gpointer      user_data)
{
  g_atomic_int_set ((int *) user_data, 1);
}

/* A search in vote order cancelled once its first page is out (the list's next keystroke)
 * stops reading and says so, moved papers or not. */
static void
assert_cancel_after_first_page (Fixture *f)
{
  static const GleanerSort sorts[] = { GLEANER_SORT_UPVOTES, GLEANER_SORT_TRENDING };
  g_autoptr(GError) error = NULL;
  sqlite3 *db = _gleaner_store_open_reader (f->store, &error);

  g_assert_no_error (error);
  for (guint si = 0; si < G_N_ELEMENTS (sorts); si++)
    {
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      int cancel = 0;

      g_assert_false (_gleaner_store_query_ids (db, GLEANER_FILTER_ALL, sorts[si], "meth", ids,
                                                cancel_cb, &cancel, &cancel, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);
      g_assert_cmpuint (ids->len, <, 4000);
    }
  sqlite3_close (db);
}

static void
model_write (Fixture *f,
             Model   *model)
{
  upsert (f->store, model->pending);
  g_ptr_array_set_size (model->pending, 0);
}

/* Searches in vote order list exactly what "ORDER BY upvotes DESC, id DESC" would, first page
 * included, while votes move papers away from their index entries: up past every paper
 * (more than the first page reads ahead or tests on its own), down, back where they were,
 * with changed text, read, starred and on the trending list. */
static void
test_vote_order (Fixture       *f,
                 gconstpointer  data)
{
  /* More matches than the first page reads ahead (1,024), so some moved papers are tested
   * on their own and the budget of tests runs out. */
  const guint n_papers = 4000;
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GString) marks = g_string_new (NULL);
  Model model = { n_papers, g_new0 (gint64, n_papers), g_new0 (gint64, n_papers),
                  g_new0 (gboolean, n_papers), g_new0 (gboolean, n_papers),
                  g_new0 (gboolean, n_papers), g_new0 (int, n_papers),
                  g_ptr_array_new_with_free_func (g_object_unref) };

  open_store (f);
  for (guint n = 0; n < n_papers; n++)
    model_set (&model, n, n % 3 == 0, (gint64) (n * 37 % 250));
  model_write (f, &model);

  for (guint n = 0; n < n_papers; n++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT id FROM papers WHERE arxiv_id = '2501.%05u'", n);

      model.rowid[n] = query_int (f->path, sql);
      model.read[n] = n % 5 == 0;
      model.starred[n] = n % 7 == 1;
      model.rank[n] = n % 11 == 0 && n < 110 ? (int) (n / 11) : -1;
      if (model.read[n] || model.starred[n])
        g_string_append_printf (marks, "INSERT INTO user_state (arxiv_id, read, starred)"
                                       " VALUES ('2501.%05u', %d, %d);",
                                n, model.read[n], model.starred[n]);
      if (model.rank[n] >= 0)
        g_string_append_printf (marks, "INSERT INTO trending (paper_id, rank)"
                                       " VALUES (%" G_GINT64_FORMAT ", %d);",
                                model.rowid[n], model.rank[n]);
    }
  exec_on_file (f->path, marks->str);
  assert_lists (f, &model);

  /* Half the diffusion papers go past every other: the first page of "transport" must test
   * them all before it can list one of its own. */
  for (guint n = 0; n < n_papers; n++)
    if (n % 3 != 0 && n % 2 == 0)
      model_set (&model, n, FALSE, 100000 + n);
  model_write (f, &model);
  g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM fts_moved"), ==, 1333);
  assert_lists (f, &model);

  /* Then in no order: up, down, back to where they were indexed, new text. */
  for (guint round = 0; round < 3; round++)
    {
      for (guint n = 0; n < n_papers; n++)
        {
          double r = g_rand_double (rand);

          if (r < 0.3)
            model_set (&model, n, model.transport[n], g_rand_int_range (rand, 0, 200000));
          else if (r < 0.4)
            model_set (&model, n, model.transport[n], (gint64) (n * 37 % 250));
          else if (r < 0.45)
            model_set (&model, n, !model.transport[n], g_rand_int_range (rand, 0, 200000));
        }
      model_write (f, &model);
      g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM fts_moved"), >, 0);
      /* As assert_index_whole(), but some own words here start others: the model knows. */
      g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM fts_queue"), ==, 0);
      g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM papers_fts"), ==, n_papers);
      exec_on_file (f->path, "INSERT INTO papers_fts (papers_fts) VALUES ('integrity-check')");
      assert_lists (f, &model);
    }

  assert_cancel_after_first_page (f);

  g_free (model.rowid);
  g_free (model.votes);
  g_free (model.transport);
  g_free (model.read);
  g_free (model.starred);
  g_free (model.rank);
  g_ptr_array_unref (model.pending);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  gleaner_test_add ("/store-index/one-segment-per-write", Fixture, NULL,
                    fixture_setup, test_one_segment_per_write, fixture_teardown);
  gleaner_test_add ("/store-index/changes", Fixture, NULL,
                    fixture_setup, test_changes, fixture_teardown);
  gleaner_test_add ("/store-index/migrate-from-v7", Fixture, NULL,
                    fixture_setup, test_migrate_from_v7, fixture_teardown);
  gleaner_test_add ("/store-index/group-of-writes", Fixture, NULL,
                    fixture_setup, test_group_of_writes, fixture_teardown);
  gleaner_test_add ("/store-index/merge-setting", Fixture, NULL,
                    fixture_setup, test_merge_setting, fixture_teardown);
  gleaner_test_add ("/store-index/tidy", Fixture, NULL,
                    fixture_setup, test_tidy, fixture_teardown);
  gleaner_test_add ("/store-index/tidy-when-quiet", Fixture, NULL,
                    fixture_setup, test_tidy_when_quiet, fixture_teardown);
  gleaner_test_add ("/store-index/tidy-locked", Fixture, NULL,
                    fixture_setup, test_tidy_locked, fixture_teardown);
  gleaner_test_add ("/store-index/votes-stay", Fixture, NULL,
                    fixture_setup, test_votes_stay, fixture_teardown);
  gleaner_test_add ("/store-index/vote-order", Fixture, NULL,
                    fixture_setup, test_vote_order, fixture_teardown);
  gleaner_test_add_queued ();

  return g_test_run ();
}
