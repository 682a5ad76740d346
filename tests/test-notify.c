/* test-notify.c — notifications for saved-search matches and the daily digest, end to end:
 * a real store on disk, a registered GApplication on a private bus, GLib's freedesktop
 * backend and a fake notification server (gleaner-test-notifications.c). The clock is
 * injected; nothing sleeps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <pango/pango.h>

#include "gleaner-notifier.h"
#include "gleaner-store-announce.h"
#include "gleaner-store-private.h"
#include "gleaner-test-notifications.h"
#include "gleaner-test-util.h"

#define TEST_APP_ID "io.github.gleaner.Gleaner.NotifyTest"

/* One bus and server for the whole run (see gleaner-test-notifications.h for why); each test
 * gets a fresh application, store and notifier on it. */
static GleanerTestNotifications *test_server;

typedef struct
{
  char                     *dir;
  char                     *path;
  GleanerTestNotifications *server;
  GApplication             *app;
  GleanerStore             *store;
  GleanerNotifier          *notifier;

  /* The app actions notifications activated, as "name" or "name(target)". */
  GPtrArray                *activated;
} Fixture;

static void
action_cb (GSimpleAction *action,
           GVariant      *parameter,
           gpointer       user_data)
{
  Fixture *f = user_data;
  const char *name = g_action_get_name (G_ACTION (action));

  if (parameter == NULL)
    g_ptr_array_add (f->activated, g_strdup (name));
  else
    {
      g_autofree char *printed = g_variant_print (parameter, FALSE);

      g_ptr_array_add (f->activated, g_strdup_printf ("%s(%s)", name, printed));
    }

  /* What the application's handler does. */
  if (g_str_equal (name, "mark-notification-read"))
    gleaner_notifier_mark_read (f->notifier, g_variant_get_string (parameter, NULL));
}

static void
set_now (Fixture *f,
         int      day,
         int      hour,
         int      minute)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, day, hour, minute, 0);

  gleaner_notifier_set_now (f->notifier, now);
}

static GleanerNotifier *
new_notifier (Fixture *f)
{
  GleanerNotifier *notifier = gleaner_notifier_new (f->app, f->store);
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 20, 7, 0, 0);

  /* Before the digest time, so the tests of matches see no digest. */
  gleaner_notifier_set_now (notifier, now);

  return notifier;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  static const GActionEntry actions[] = {
    { "show-paper", action_cb, "s" },
    { "show-search", action_cb, "x" },
    { "show-trending", action_cb },
    { "mark-notification-read", action_cb, "s" },
  };
  g_autoptr(GError) error = NULL;

  f->activated = g_ptr_array_new_with_free_func (g_free);
  f->server = test_server;
  gleaner_test_notifications_reset (f->server);

  f->app = g_application_new (TEST_APP_ID, G_APPLICATION_DEFAULT_FLAGS);
  g_action_map_add_action_entries (G_ACTION_MAP (f->app), actions, G_N_ELEMENTS (actions), f);
  g_application_register (f->app, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_application_get_is_remote (f->app));

  f->dir = g_dir_make_tmp ("gleaner-notify-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "gleaner.db", NULL);
  f->store = gleaner_store_new (f->path, &error);
  g_assert_no_error (error);

  f->notifier = new_notifier (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  /* Pending writes complete (their callbacks may withdraw), then GLib's backend must hold
   * no live notification before the app goes (see gleaner-test-notifications.h). */
  gleaner_store_flush (f->store);
  gleaner_test_notifications_close_all (f->server);

  /* Nothing the notifier queued may keep it, the store or the app alive. */
  g_assert_finalize_object (g_steal_pointer (&f->notifier));
  g_assert_finalize_object (g_steal_pointer (&f->store));
  g_assert_finalize_object (g_steal_pointer (&f->app));
  gleaner_test_notifications_reset (f->server);
  f->server = NULL;

  gleaner_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_ptr_array_unref (f->activated);
}

/* ---------------------------------------------------------------------------------------- */
/* Store helpers */

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (Fixture       *f,
             GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

static GleanerPaper *
make_paper (const char *id,
            const char *title,
            gint64      upvotes)
{
  GleanerPaper *paper = gleaner_paper_new (id);
  char **authors = g_new0 (char *, 2);

  authors[0] = g_strdup ("Ada Lovelace");
  gleaner_paper_set_title (paper, title);
  gleaner_paper_set_abstract (paper, "We study things.");
  gleaner_paper_take_authors (paper, authors);
  gleaner_paper_set_upvotes (paper, upvotes);
  gleaner_paper_set_published (paper, 1790000000);
  gleaner_paper_set_daily_date (paper, "2026-11-20");

  return paper;
}

/* Stores papers given as id, title, id, title, …, NULL; returns what a sync run would. */
G_GNUC_NULL_TERMINATED static GleanerSyncResult *
add_papers (Fixture    *f,
            const char *first_id,
            ...)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GleanerUpsertResult) upsert = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GleanerSyncResult *sync_result;
  const char *id = first_id;
  va_list args;
  int upvotes = 100;

  va_start (args, first_id);
  while (id != NULL)
    {
      const char *title = va_arg (args, const char *);

      g_ptr_array_add (papers, make_paper (id, title, upvotes--));
      id = va_arg (args, const char *);
    }
  va_end (args);

  gleaner_store_upsert_async (f->store, papers, NULL, store_result_cb, &result);
  upsert = gleaner_store_upsert_finish (f->store, wait_result (f, &result), &error);
  g_assert_no_error (error);

  sync_result = gleaner_sync_result_new ();
  gleaner_sync_result_add_upsert (sync_result, upsert);

  return sync_result;
}

static gint64
add_search (Fixture       *f,
            const char    *name,
            const char    *query,
            GleanerFilter  filter,
            gboolean       notify)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  gleaner_store_add_saved_search_async (f->store, name, query, filter, NULL,
                                        store_result_cb, &result);
  id = gleaner_store_add_saved_search_finish (f->store, wait_result (f, &result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_clear_object (&result);

  if (!notify)
    {
      gleaner_store_set_saved_search_notify_async (f->store, id, FALSE, NULL,
                                                   store_result_cb, &result);
      gleaner_store_write_finish (f->store, wait_result (f, &result), &error);
      g_assert_no_error (error);
    }

  return id;
}

static void
set_state (Fixture    *f,
           const char *id,
           gboolean    starred,
           gboolean    value)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (starred)
    gleaner_store_set_starred_async (f->store, id, value, NULL, store_result_cb, &result);
  else
    gleaner_store_set_read_async (f->store, id, value, NULL, store_result_cb, &result);
  gleaner_store_set_state_finish (f->store, wait_result (f, &result), &error);
  g_assert_no_error (error);
}

G_GNUC_NULL_TERMINATED static void
set_trending (Fixture    *f,
              const char *first_id,
              ...)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, first_id);
  for (const char *id = first_id; id != NULL; id = va_arg (args, const char *))
    g_ptr_array_add (ids, g_strdup (id));
  va_end (args);

  gleaner_store_set_trending_async (f->store, ids, NULL, store_result_cb, &result);
  gleaner_store_write_finish (f->store, wait_result (f, &result), &error);
  g_assert_no_error (error);
}

static gboolean
is_read (Fixture    *f,
         const char *id)
{
  g_autoptr(GleanerPaper) paper = NULL;
  g_autoptr(GError) error = NULL;

  paper = gleaner_store_load_paper (f->store, id, &error);
  g_assert_no_error (error);

  return gleaner_paper_get_read (paper);
}

/* Lets the notifier's writes land and the server see everything sent so far. */
static void
settle (Fixture *f)
{
  gleaner_store_flush (f->store);
  gleaner_test_notifications_sync (f->server);
  gleaner_store_flush (f->store);
}

static const GleanerTestNotify *
wait_for_notification (Fixture *f,
                       guint    n)
{
  g_assert_true (gleaner_test_notifications_wait_notify (f->server, n));
  settle (f);
  g_assert_cmpuint (gleaner_test_notifications_get_n_notify (f->server), ==, n);

  return gleaner_test_notifications_get_notify (f->server, n - 1);
}

static void
assert_nothing_sent (Fixture *f)
{
  settle (f);
  g_assert_cmpuint (gleaner_test_notifications_get_n_notify (f->server), ==, 0);
}

static char *
dup_button_key (const char *notification_id)
{
  g_autoptr(GVariant) target = g_variant_ref_sink (g_variant_new_string (notification_id));

  return g_action_print_detailed_name ("app.mark-notification-read", target);
}

/* The fdo actions: a default action, then exactly the "Mark as Read" button for @id. */
static void
assert_actions (const GleanerTestNotify *call,
                const char              *notification_id)
{
  g_autofree char *key = dup_button_key (notification_id);

  g_assert_cmpuint (g_strv_length (call->actions), ==, 4);
  g_assert_cmpstr (call->actions[0], ==, "default");
  g_assert_cmpstr (call->actions[2], ==, key);
  g_assert_cmpstr (gleaner_test_notify_lookup_action (call, key), ==, "Mark as Read");
  g_assert_cmpint (gleaner_test_notify_get_urgency (call), ==, 1);   /* normal */
  g_assert_cmpstr (gleaner_test_notify_lookup_hint_string (call, "desktop-entry"), ==,
                   TEST_APP_ID);
}

static void
assert_default_action (Fixture                 *f,
                       const GleanerTestNotify *call,
                       const char              *expected)
{
  g_ptr_array_set_size (f->activated, 0);
  gleaner_test_notifications_invoke_action (f->server, call->id, "default");
  g_assert_cmpuint (f->activated->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->activated, 0), ==, expected);
}

/* ---------------------------------------------------------------------------------------- */
/* New matches */

static void
test_matches_several (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GleanerSyncResult) result = NULL;
  g_autofree char *expected_action = NULL;
  const GleanerTestNotify *call;
  gint64 search;

  search = add_search (f, "Diffusion", "diffusion", GLEANER_FILTER_ALL, TRUE);
  result = add_papers (f,
                       "2611.00001", "Diffusion models beat GANs",
                       "2611.00002", "A survey of sparse attention",
                       "2611.00003", "Latent diffusion at scale",
                       "2611.00004", "Diffusion\nfor   robots",
                       "2611.00005", "Score-based diffusion",
                       NULL);
  g_assert_cmpuint (result->new_ids->len, ==, 5);

  gleaner_notifier_sync_finished (f->notifier, result);
  call = wait_for_notification (f, 1);

  g_assert_cmpstr (call->summary, ==, "4 new papers match “Diffusion”");
  /* The first three titles, each on one line, in the order of the run. */
  g_assert_cmpstr (call->body, ==,
                   "Diffusion models beat GANs\n"
                   "Latent diffusion at scale\n"
                   "Diffusion for robots\n"
                   "and 1 more");
  g_assert_cmpuint (call->replaces_id, ==, 0);
  assert_actions (call, GLEANER_NOTIFIER_MATCHES_ID);

  expected_action = g_strdup_printf ("show-search(%" G_GINT64_FORMAT ")", search);
  assert_default_action (f, call, expected_action);
}

static void
test_matches_one (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GleanerSyncResult) result = NULL;
  const GleanerTestNotify *call;

  add_search (f, "Robots", "robot", GLEANER_FILTER_ALL, TRUE);
  result = add_papers (f,
                       "2611.00001", "Diffusion models beat GANs",
                       "2611.00002", "Robots that read papers",
                       NULL);

  gleaner_notifier_sync_finished (f->notifier, result);
  call = wait_for_notification (f, 1);

  g_assert_cmpstr (call->summary, ==, "New paper matches “Robots”");
  g_assert_cmpstr (call->body, ==, "Robots that read papers");
  assert_actions (call, GLEANER_NOTIFIER_MATCHES_ID);
  assert_default_action (f, call, "show-paper('2611.00002')");
}

static void
test_matches_several_searches (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GleanerSyncResult) result = NULL;
  g_autofree char *expected_action = NULL;
  const GleanerTestNotify *call;
  gint64 robots;

  add_search (f, "Diffusion", "diffusion", GLEANER_FILTER_ALL, TRUE);
  robots = add_search (f, "Robots", "robot", GLEANER_FILTER_ALL, TRUE);
  add_search (f, "Quantum", "quantum", GLEANER_FILTER_ALL, TRUE);   /* matches nothing */
  result = add_papers (f,
                       "2611.00001", "Robot hands",
                       "2611.00002", "Diffusion for robots",      /* both: counted once */
                       "2611.00003", "Robots that read papers",
                       "2611.00004", "A survey of sparse attention",
                       NULL);

  gleaner_notifier_sync_finished (f->notifier, result);
  call = wait_for_notification (f, 1);

  g_assert_cmpstr (call->summary, ==, "3 new papers match your saved searches");
  g_assert_cmpstr (call->body, ==,
                   "Robot hands\nDiffusion for robots\nRobots that read papers");
  assert_actions (call, GLEANER_NOTIFIER_MATCHES_ID);

  /* The search with the most matches. */
  expected_action = g_strdup_printf ("show-search(%" G_GINT64_FORMAT ")", robots);
  assert_default_action (f, call, expected_action);
}

static void
test_matches_starred_filter (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GleanerSyncResult) result = NULL;
  const GleanerTestNotify *call;

  add_search (f, "Starred robots", "robot", GLEANER_FILTER_STARRED, TRUE);
  result = add_papers (f,
                       "2611.00001", "Robot hands",
                       "2611.00002", "Robots that read papers",
                       NULL);
  set_state (f, "2611.00002", TRUE, TRUE);

  gleaner_notifier_sync_finished (f->notifier, result);
  call = wait_for_notification (f, 1);
  g_assert_cmpstr (call->summary, ==, "New paper matches “Starred robots”");
  g_assert_cmpstr (call->body, ==, "Robots that read papers");
}

static void
test_nothing_new (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GleanerSyncResult) empty = gleaner_sync_result_new ();
  g_autoptr(GleanerSyncResult) result = NULL;
  g_autoptr(GleanerSyncResult) again = NULL;

  add_search (f, "Robots", "robot", GLEANER_FILTER_ALL, TRUE);
  result = add_papers (f, "2611.00001", "Robot hands", NULL);

  /* A run that stored nothing new, even with matching papers in the store. */
  gleaner_notifier_sync_finished (f->notifier, empty);
  /* Storing the same papers again adds nothing. */
  again = add_papers (f, "2611.00001", "Robot hands", NULL);
  g_assert_cmpuint (again->new_ids->len, ==, 0);
  gleaner_notifier_sync_finished (f->notifier, again);

  assert_nothing_sent (f);
}

static void
test_nothing_matches (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GleanerSyncResult) result = NULL;

  add_search (f, "Quantum", "quantum", GLEANER_FILTER_ALL, TRUE);
  add_search (f, "Starred robots", "robot", GLEANER_FILTER_STARRED, TRUE);
  result = add_papers (f,
                       "2611.00001", "Robot hands",
                       "2611.00002", "A survey of sparse attention",
                       NULL);

  gleaner_notifier_sync_finished (f->notifier, result);
  assert_nothing_sent (f);
}

static void
test_search_notify_off (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GleanerSyncResult) result = NULL;

  add_search (f, "Robots", "robot", GLEANER_FILTER_ALL, FALSE);
  result = add_papers (f, "2611.00001", "Robot hands", NULL);

  gleaner_notifier_sync_finished (f->notifier, result);
  assert_nothing_sent (f);
}

static void
test_feature_off (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GleanerSyncResult) result = NULL;

  g_assert_true (gleaner_notifier_get_saved_searches_enabled (f->notifier));
  g_object_set (f->notifier, "saved-searches-enabled", FALSE, NULL);

  add_search (f, "Robots", "robot", GLEANER_FILTER_ALL, TRUE);
  result = add_papers (f, "2611.00001", "Robot hands", NULL);

  gleaner_notifier_sync_finished (f->notifier, result);
  assert_nothing_sent (f);
}

static void
test_read_not_announced (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GleanerSyncResult) result = NULL;
  const GleanerTestNotify *call;

  add_search (f, "Robots", "robot", GLEANER_FILTER_ALL, TRUE);
  result = add_papers (f,
                       "2611.00001", "Robot hands",
                       "2611.00002", "Robots that read papers",
                       NULL);
  set_state (f, "2611.00001", FALSE, TRUE);

  gleaner_notifier_sync_finished (f->notifier, result);
  call = wait_for_notification (f, 1);
  g_assert_cmpstr (call->summary, ==, "New paper matches “Robots”");
  g_assert_cmpstr (call->body, ==, "Robots that read papers");
}

static void
test_not_twice (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GleanerSyncResult) first = NULL;
  g_autoptr(GleanerSyncResult) second = NULL;
  g_autoptr(GleanerSyncResult) repeat = NULL;
  const GleanerTestNotify *call;
  guint32 first_id;

  add_search (f, "Robots", "robot", GLEANER_FILTER_ALL, TRUE);
  first = add_papers (f,
                      "2611.00001", "Robot hands",
                      "2611.00002", "Robots that read papers",
                      NULL);

  gleaner_notifier_sync_finished (f->notifier, first);
  /* At once, before the announcement is even written: still nothing twice. */
  gleaner_notifier_sync_finished (f->notifier, first);
  call = wait_for_notification (f, 1);
  g_assert_cmpstr (call->summary, ==, "2 new papers match “Robots”");
  first_id = call->id;

  /* Again, after it was written. */
  gleaner_notifier_sync_finished (f->notifier, first);
  settle (f);
  g_assert_cmpuint (gleaner_test_notifications_get_n_notify (f->server), ==, 1);

  /* A later run reporting an announced paper among new ones (as after a re-fetch) names
   * only the new one, replacing the first notification. */
  second = add_papers (f, "2611.00003", "Robot feet", NULL);
  g_ptr_array_insert (second->new_ids, 0, g_strdup ("2611.00001"));
  gleaner_notifier_sync_finished (f->notifier, second);
  call = wait_for_notification (f, 2);
  g_assert_cmpstr (call->summary, ==, "New paper matches “Robots”");
  g_assert_cmpstr (call->body, ==, "Robot feet");
  g_assert_cmpuint (call->replaces_id, ==, first_id);
  g_assert_cmpuint (call->id, ==, first_id);

  /* Even for a new notifier (the app restarted). */
  g_clear_object (&f->notifier);
  f->notifier = new_notifier (f);
  repeat = gleaner_sync_result_new ();
  g_ptr_array_add (repeat->new_ids, g_strdup ("2611.00002"));
  g_ptr_array_add (repeat->new_ids, g_strdup ("2611.00003"));
  gleaner_notifier_sync_finished (f->notifier, repeat);
  settle (f);
  g_assert_cmpuint (gleaner_test_notifications_get_n_notify (f->server), ==, 2);
}

static void
test_markup_literal (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GleanerSyncResult) result = NULL;
  const GleanerTestNotify *call;

  add_search (f, "<b>Bold</b> & co", "bold", GLEANER_FILTER_ALL, TRUE);
  result = add_papers (f, "2611.00001", "<b>x</b> & <i> bold", NULL);

  gleaner_notifier_sync_finished (f->notifier, result);
  call = wait_for_notification (f, 1);

  /* The summary is plain text by the specification; it gets the same guard anyway. */
  g_assert_cmpstr (call->summary, ==, "New paper matches “<\u2060b>Bold<\u2060/b> &\u2060 co”");

  /* The body may be read as markup by servers with "body-markup": a word joiner (U+2060)
   * after each '<' and '&' keeps any tag or entity from forming, and reads the same. */
  g_assert_cmpstr (call->body, ==, "<\u2060b>x<\u2060/b> &\u2060 <\u2060i> bold");
  {
    g_autoptr(GError) error = NULL;
    char *text = NULL;

    /* As markup it is not even well formed, so a server falls back to showing it as text. */
    g_assert_false (pango_parse_markup (call->body, -1, 0, NULL, &text, NULL, &error));
    g_assert_null (text);
  }
}

static void
test_latex_title (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GleanerSyncResult) result = NULL;
  const GleanerTestNotify *call;

  /* Titles read as in the list: LaTeX turned into text. */
  add_search (f, "Chi", "tests", GLEANER_FILTER_ALL, TRUE);
  result = add_papers (f, "2611.00002", "$\\chi^2$ tests for $\\alpha$-mixing", NULL);

  gleaner_notifier_sync_finished (f->notifier, result);
  call = wait_for_notification (f, 1);
  g_assert_cmpstr (call->body, ==, "χ² tests for α-mixing");
}

/* ---------------------------------------------------------------------------------------- */
/* Withdrawing */

static guint32
announce_two (Fixture *f)
{
  g_autoptr(GleanerSyncResult) result = NULL;
  const GleanerTestNotify *call;

  add_search (f, "Robots", "robot", GLEANER_FILTER_ALL, TRUE);
  result = add_papers (f,
                       "2611.00001", "Robot hands",
                       "2611.00002", "Robots that read papers",
                       "2611.00003", "A survey of sparse attention",
                       NULL);

  gleaner_notifier_sync_finished (f->notifier, result);
  call = wait_for_notification (f, 1);
  g_assert_true (gleaner_test_notifications_is_open (f->server, call->id));

  return call->id;
}

static void
test_withdraw_when_read (Fixture       *f,
                         gconstpointer  data)
{
  g_auto(GStrv) shown = NULL;
  guint32 id = announce_two (f);

  /* A paper the notification does not name changes nothing. */
  set_state (f, "2611.00003", FALSE, TRUE);
  settle (f);
  g_assert_cmpuint (gleaner_test_notifications_get_n_close (f->server), ==, 0);

  set_state (f, "2611.00001", FALSE, TRUE);
  settle (f);
  g_assert_cmpuint (gleaner_test_notifications_get_n_close (f->server), ==, 0);

  set_state (f, "2611.00002", FALSE, TRUE);
  g_assert_true (gleaner_test_notifications_wait_close (f->server, 1));
  g_assert_cmpuint (gleaner_test_notifications_get_close (f->server, 0), ==, id);
  g_assert_false (gleaner_test_notifications_is_open (f->server, id));

  /* Forgotten: reading more does not withdraw it again. */
  settle (f);
  shown = gleaner_store_announce_dup_read_notifications (f->store, NULL);
  g_assert_cmpuint (g_strv_length (shown), ==, 0);
  set_state (f, "2611.00001", FALSE, FALSE);
  set_state (f, "2611.00001", FALSE, TRUE);
  settle (f);
  g_assert_cmpuint (gleaner_test_notifications_get_n_close (f->server), ==, 1);
}

static void
test_mark_read (Fixture       *f,
                gconstpointer  data)
{
  guint32 id = announce_two (f);

  gleaner_notifier_mark_read (f->notifier, GLEANER_NOTIFIER_MATCHES_ID);
  g_assert_true (gleaner_test_notifications_wait_close (f->server, 1));
  g_assert_cmpuint (gleaner_test_notifications_get_close (f->server, 0), ==, id);

  settle (f);
  g_assert_true (is_read (f, "2611.00001"));
  g_assert_true (is_read (f, "2611.00002"));
  g_assert_false (is_read (f, "2611.00003"));
}

static void
test_mark_read_button (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *key = dup_button_key (GLEANER_NOTIFIER_MATCHES_ID);
  g_autofree char *expected = NULL;
  guint32 id = announce_two (f);

  /* The user clicks the button: GLib activates the app action, whose handler calls
   * gleaner_notifier_mark_read(). */
  gleaner_test_notifications_invoke_action (f->server, id, key);
  expected = g_strdup_printf ("mark-notification-read('%s')", GLEANER_NOTIFIER_MATCHES_ID);
  g_assert_cmpuint (f->activated->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->activated, 0), ==, expected);

  settle (f);
  g_assert_true (is_read (f, "2611.00001"));
  g_assert_true (is_read (f, "2611.00002"));
}

/* ---------------------------------------------------------------------------------------- */
/* The digest */

static void
test_digest (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GleanerSyncResult) result = NULL;
  g_autoptr(GleanerSyncResult) later = NULL;
  g_autoptr(GDateTime) next = NULL;
  const GleanerTestNotify *call;
  g_autofree char *next_text = NULL;

  add_search (f, "Robots", "robot", GLEANER_FILTER_ALL, TRUE);
  result = add_papers (f,
                       "2611.00001", "Trending one",
                       "2611.00002", "Robot trending two",   /* announced as a match */
                       "2611.00003", "Trending three",
                       "2611.00004", "Trending four",
                       "2611.00005", "Trending five",
                       "2611.00006", "Trending six",
                       "2611.00007", "Trending seven",
                       "2611.00008", "Trending eight",
                       NULL);
  set_state (f, "2611.00003", FALSE, TRUE);                 /* read: never in a digest */
  set_trending (f, "2611.00001", "2611.00002", "2611.00003", "2611.00004", "2611.00005",
                "2611.00006", "2611.00007", "2611.00008", NULL);

  /* 07:59: the match notification only. */
  set_now (f, 20, 7, 59);
  next = gleaner_notifier_get_next_digest_time (f->notifier);
  next_text = g_date_time_format (next, "%F %R");
  g_assert_cmpstr (next_text, ==, "2026-11-20 08:00");
  gleaner_notifier_sync_finished (f->notifier, result);
  call = wait_for_notification (f, 1);
  g_assert_cmpstr (call->summary, ==, "New paper matches “Robots”");
  gleaner_notifier_check_digest (f->notifier);
  settle (f);
  g_assert_cmpuint (gleaner_test_notifications_get_n_notify (f->server), ==, 1);

  /* 08:00: the five best unread, unannounced trending papers. */
  set_now (f, 20, 8, 0);
  gleaner_notifier_check_digest (f->notifier);
  call = wait_for_notification (f, 2);
  g_assert_cmpstr (call->summary, ==, "Trending today: 5 new papers");
  g_assert_cmpstr (call->body, ==, "Trending one\nTrending four\nTrending five\nand 2 more");
  assert_actions (call, GLEANER_NOTIFIER_DIGEST_ID);
  assert_default_action (f, call, "show-trending");

  g_clear_pointer (&next, g_date_time_unref);
  g_clear_pointer (&next_text, g_free);
  next = gleaner_notifier_get_next_digest_time (f->notifier);
  next_text = g_date_time_format (next, "%F %R");
  g_assert_cmpstr (next_text, ==, "2026-11-21 08:00");

  /* Not twice the same day, by this notifier or after a restart. */
  set_now (f, 20, 12, 0);
  gleaner_notifier_check_digest (f->notifier);
  later = gleaner_sync_result_new ();
  gleaner_notifier_sync_finished (f->notifier, later);
  settle (f);
  g_clear_object (&f->notifier);
  f->notifier = new_notifier (f);
  set_now (f, 20, 23, 59);
  gleaner_notifier_check_digest (f->notifier);
  settle (f);
  g_assert_cmpuint (gleaner_test_notifications_get_n_notify (f->server), ==, 2);

  /* The next day: only what was not announced yet (eight is still left, and a new one). */
  g_clear_pointer (&result, gleaner_sync_result_free);
  result = add_papers (f, "2611.00009", "Trending nine", NULL);
  set_trending (f, "2611.00009", "2611.00001", "2611.00002", "2611.00003", "2611.00004",
                "2611.00005", "2611.00006", "2611.00007", "2611.00008", NULL);
  set_now (f, 21, 8, 30);
  gleaner_notifier_sync_finished (f->notifier, result);
  call = wait_for_notification (f, 3);
  g_assert_cmpstr (call->summary, ==, "Trending today: 2 new papers");
  g_assert_cmpstr (call->body, ==, "Trending nine\nTrending eight");
  assert_default_action (f, call, "show-trending");
}

static void
test_digest_one_paper (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GleanerSyncResult) result = NULL;
  const GleanerTestNotify *call;

  result = add_papers (f, "2611.00001", "Trending one", NULL);
  set_trending (f, "2611.00001", NULL);

  /* Not before the digest time. */
  g_object_set (f->notifier, "digest-time", "09:30", NULL);
  set_now (f, 20, 9, 29);
  gleaner_notifier_check_digest (f->notifier);
  settle (f);
  g_assert_cmpuint (gleaner_test_notifications_get_n_notify (f->server), ==, 0);

  set_now (f, 20, 9, 30);
  gleaner_notifier_check_digest (f->notifier);
  call = wait_for_notification (f, 1);
  g_assert_cmpstr (call->summary, ==, "Trending today: 1 new paper");
  g_assert_cmpstr (call->body, ==, "Trending one");
  assert_actions (call, GLEANER_NOTIFIER_DIGEST_ID);
  assert_default_action (f, call, "show-paper('2611.00001')");
}

static void
test_digest_later_in_the_day (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GleanerSyncResult) result = NULL;
  g_autoptr(GleanerSyncResult) empty = gleaner_sync_result_new ();
  const GleanerTestNotify *call;

  /* Nothing trends at 08:00: no digest, and the day is not used up. */
  set_now (f, 20, 8, 0);
  gleaner_notifier_check_digest (f->notifier);
  settle (f);
  g_assert_cmpuint (gleaner_test_notifications_get_n_notify (f->server), ==, 0);

  result = add_papers (f, "2611.00001", "Trending one", "2611.00002", "Trending two", NULL);
  set_trending (f, "2611.00002", "2611.00001", NULL);
  set_now (f, 20, 10, 0);
  gleaner_notifier_sync_finished (f->notifier, empty);
  call = wait_for_notification (f, 1);
  g_assert_cmpstr (call->summary, ==, "Trending today: 2 new papers");
  g_assert_cmpstr (call->body, ==, "Trending two\nTrending one");
}

static void
test_digest_off (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GleanerSyncResult) result = NULL;

  result = add_papers (f, "2611.00001", "Trending one", NULL);
  set_trending (f, "2611.00001", NULL);

  g_object_set (f->notifier, "digest-enabled", FALSE, NULL);
  g_assert_null (gleaner_notifier_get_next_digest_time (f->notifier));
  set_now (f, 20, 9, 0);
  gleaner_notifier_check_digest (f->notifier);
  gleaner_notifier_sync_finished (f->notifier, result);
  assert_nothing_sent (f);
}

static void
test_digest_withdraw (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GleanerSyncResult) result = NULL;
  const GleanerTestNotify *call;
  guint32 id;

  result = add_papers (f, "2611.00001", "Trending one", "2611.00002", "Trending two", NULL);
  set_trending (f, "2611.00001", "2611.00002", NULL);
  set_now (f, 20, 8, 0);
  gleaner_notifier_check_digest (f->notifier);
  call = wait_for_notification (f, 1);
  id = call->id;

  gleaner_notifier_mark_read (f->notifier, GLEANER_NOTIFIER_DIGEST_ID);
  g_assert_true (gleaner_test_notifications_wait_close (f->server, 1));
  g_assert_cmpuint (gleaner_test_notifications_get_close (f->server, 0), ==, id);
  settle (f);
  g_assert_true (is_read (f, "2611.00001"));
  g_assert_true (is_read (f, "2611.00002"));
}

/* ---------------------------------------------------------------------------------------- */
/* Properties */

static void
test_properties (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *digest_time = NULL;
  g_autoptr(GDateTime) next = NULL;
  g_autofree char *next_text = NULL;
  gboolean searches, digest;

  g_object_get (f->notifier,
                "saved-searches-enabled", &searches,
                "digest-enabled", &digest,
                "digest-time", &digest_time,
                NULL);
  g_assert_true (searches);
  g_assert_true (digest);
  g_assert_cmpstr (digest_time, ==, "08:00");

  gleaner_notifier_set_digest_time (f->notifier, "21:05");
  g_assert_cmpstr (gleaner_notifier_get_digest_time (f->notifier), ==, "21:05");

  g_test_expect_message ("gleaner-notifier", G_LOG_LEVEL_WARNING, "*24:00*");
  gleaner_notifier_set_digest_time (f->notifier, "24:00");
  g_test_assert_expected_messages ();
  g_test_expect_message ("gleaner-notifier", G_LOG_LEVEL_WARNING, "*8:00*");
  gleaner_notifier_set_digest_time (f->notifier, "8:00");
  g_test_assert_expected_messages ();
  g_assert_cmpstr (gleaner_notifier_get_digest_time (f->notifier), ==, "21:05");

  set_now (f, 20, 22, 0);
  next = gleaner_notifier_get_next_digest_time (f->notifier);
  next_text = g_date_time_format (next, "%F %R");
  g_assert_cmpstr (next_text, ==, "2026-11-21 21:05");
}

/* No notification server on the bus at all (a bare window manager, a headless machine): the
 * notifier sends nothing and nothing warns; GLib used to warn on every notification. Runs in a
 * subprocess on a bus of its own without the fake server; warnings are fatal in tests. */
static void
test_no_server (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);
      g_autoptr(GleanerSyncResult) result = NULL;
      g_autoptr(GVariant) reply = NULL;
      g_autoptr(GError) error = NULL;
      Fixture fixture = { 0 };
      Fixture *f = &fixture;

      g_test_dbus_up (bus);

      f->app = g_application_new (TEST_APP_ID, G_APPLICATION_DEFAULT_FLAGS);
      g_application_register (f->app, NULL, &error);
      g_assert_no_error (error);
      f->dir = g_dir_make_tmp ("gleaner-notify-XXXXXX", &error);
      g_assert_no_error (error);
      f->path = g_build_filename (f->dir, "gleaner.db", NULL);
      f->store = gleaner_store_new (f->path, &error);
      g_assert_no_error (error);
      f->notifier = new_notifier (f);

      /* A match and, past its time, the digest: two notifications. */
      add_search (f, "Robots", "robot", GLEANER_FILTER_ALL, TRUE);
      result = add_papers (f, "2611.00001", "Trending one", "2611.00002", "Robots that read papers",
                           NULL);
      set_trending (f, "2611.00001", NULL);
      set_now (f, 20, 9, 0);
      g_test_expect_message ("gleaner-notifier", G_LOG_LEVEL_DEBUG, "No notification server*");
      gleaner_notifier_sync_finished (f->notifier, result);

      /* The bus answers in order: when this round trip is back, so are the answers to
       * everything sent before it (the notifier's questions, and any Notify), and draining
       * the main context runs their callbacks. */
      reply = g_dbus_connection_call_sync (g_application_get_dbus_connection (f->app),
                                           "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "GetId", NULL, NULL,
                                           G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
      g_assert_no_error (error);
      gleaner_store_flush (f->store);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_test_assert_expected_messages ();

      g_assert_finalize_object (g_steal_pointer (&f->notifier));
      g_assert_finalize_object (g_steal_pointer (&f->store));
      g_assert_finalize_object (g_steal_pointer (&f->app));
      gleaner_test_remove_tree (f->dir);
      g_free (f->dir);
      g_free (f->path);
      g_test_dbus_down (bus);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr_unmatched ("*WARNING*");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GArray) cases = g_array_new (FALSE, FALSE, sizeof (GleanerTestCase));
  int ret;

  /* Before GIO picks a notification backend: the fake server speaks freedesktop. */
  g_setenv ("GNOTIFICATION_BACKEND", "freedesktop", TRUE);
  g_unsetenv ("GTK_USE_PORTAL");

  g_test_init (&argc, &argv, NULL);

  /* Registered in an order drawn from the seed: each test stands alone (see
   * gleaner-test-util.h). */
#define ADD(path, func) \
  g_array_append_vals (cases, &(GleanerTestCase) { path, (GTestFixtureFunc) func }, 1)

  ADD ("/notify/matches/several", test_matches_several);
  ADD ("/notify/matches/one", test_matches_one);
  ADD ("/notify/matches/several-searches", test_matches_several_searches);
  ADD ("/notify/matches/starred-filter", test_matches_starred_filter);
  ADD ("/notify/matches/markup-literal", test_markup_literal);
  ADD ("/notify/matches/latex-title", test_latex_title);
  ADD ("/notify/none/nothing-new", test_nothing_new);
  ADD ("/notify/none/nothing-matches", test_nothing_matches);
  ADD ("/notify/none/search-notify-off", test_search_notify_off);
  ADD ("/notify/none/feature-off", test_feature_off);
  ADD ("/notify/none/read", test_read_not_announced);
  ADD ("/notify/none/not-twice", test_not_twice);
  ADD ("/notify/withdraw/all-read", test_withdraw_when_read);
  ADD ("/notify/withdraw/mark-read", test_mark_read);
  ADD ("/notify/withdraw/mark-read-button", test_mark_read_button);
  ADD ("/notify/digest/daily", test_digest);
  ADD ("/notify/digest/one-paper", test_digest_one_paper);
  ADD ("/notify/digest/later-in-the-day", test_digest_later_in_the_day);
  ADD ("/notify/digest/off", test_digest_off);
  ADD ("/notify/digest/withdraw", test_digest_withdraw);
  ADD ("/notify/properties", test_properties);

#undef ADD

  gleaner_test_add_shuffled (&g_array_index (cases, GleanerTestCase, 0), cases->len,
                             sizeof (Fixture), (GTestFixtureFunc)fixture_setup,
                             (GTestFixtureFunc)fixture_teardown);

  g_test_add_func ("/notify/no-server", test_no_server);

  /* The no-server subprocess brings up a bus of its own, without the fake. */
  if (g_test_subprocess ())
    return g_test_run ();

  test_server = gleaner_test_notifications_new ();
  ret = g_test_run ();
  gleaner_test_notifications_free (test_server);

  return ret;
}
