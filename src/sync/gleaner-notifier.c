/* gleaner-notifier.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What to tell, and when, lives here; how it is shown is GApplication's business (the
 * freedesktop, GTK or portal backend), so this file needs no GTK and tests can run it against
 * a fake notification server.
 *
 * A paper is announced at most once, ever: the store's `announced` table remembers it, and
 * papers whose announcement is still being written are kept in memory meanwhile, so a second
 * sync or the digest right after cannot name them again. Each kind of notification has one
 * fixed id, so the next one replaces the last instead of piling up.
 */

#define G_LOG_DOMAIN "gleaner-notifier"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "gleaner-notification-gate.h"
#include "gleaner-notifier.h"
#include "gleaner-notification-text.h"
#include "gleaner-paper.h"
#include "gleaner-saved-search.h"
#include "gleaner-store-announce.h"
#include "gleaner-text.h"

/* The meta key remembering the day (local "YYYY-MM-DD") the digest was last sent. */
#define DIGEST_DAY_KEY "digest-last-day"



struct _GleanerNotifier
{
  GObject        parent_instance;

  /* Owned References */
  GApplication  *app;
  GleanerStore  *store;
  GDateTime     *now;                    /* test clock; NULL: real time */

  char          *digest_time;            /* "HH:MM" */
  int            digest_hour;
  int            digest_minute;
  char          *digest_day;             /* the day this process sent (or saw) the digest */

  /* Announcements queued but not committed yet, which the store cannot know about. */
  GHashTable    *pending_papers;         /* arXiv id set */
  GHashTable    *pending_notifications;  /* notification id → number of writes */
  GHashTable    *forgetting;             /* notification ids withdrawn, not yet forgotten */

  gulong         changed_handler;

  /* Sends only when something on the session bus can show it. */
  GleanerNotificationGate *gate;

  guint          saved_searches_enabled : 1;
  guint          digest_enabled : 1;
};

G_DEFINE_FINAL_TYPE (GleanerNotifier, gleaner_notifier, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_APPLICATION,
  PROP_STORE,
  PROP_SAVED_SEARCHES_ENABLED,
  PROP_DIGEST_ENABLED,
  PROP_DIGEST_TIME,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum {
  SHOW_IN_APP,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void check_withdraw (GleanerNotifier *self);

/* ---------------------------------------------------------------------------------------- */
/* Announcing */

/* A write about one notification: recording its papers, or forgetting them. */
typedef struct
{
  GleanerNotifier *self;
  GPtrArray       *arxiv_ids;        /* NULL when forgetting */
  char            *notification_id;
} Announce;

static void
announce_free (Announce *op)
{
  g_clear_object (&op->self);
  g_clear_pointer (&op->arxiv_ids, g_ptr_array_unref);
  g_clear_pointer (&op->notification_id, g_free);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Announce, announce_free)

static void
announce_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Announce) op = user_data;
  g_autoptr(GError) error = NULL;
  GleanerNotifier *self = op->self;
  guint count;

  g_assert (GLEANER_IS_NOTIFIER (self));

  if (!gleaner_store_write_finish (GLEANER_STORE (object), result, &error))
    g_warning ("Could not record the papers a notification announced: %s", error->message);

  for (guint i = 0; i < op->arxiv_ids->len; i++)
    g_hash_table_remove (self->pending_papers, g_ptr_array_index (op->arxiv_ids, i));

  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->pending_notifications,
                                                 op->notification_id));
  if (count > 1)
    g_hash_table_insert (self->pending_notifications, g_strdup (op->notification_id),
                         GUINT_TO_POINTER (count - 1));
  else
    g_hash_table_remove (self->pending_notifications, op->notification_id);

  /* The papers may all have been read while the write was queued. */
  check_withdraw (self);
}

/* Shows @notification as @notification_id and records that it names @arxiv_ids. */
static void
send_and_record (GleanerNotifier *self,
                 const char      *notification_id,
                 GNotification   *notification,
                 GPtrArray       *arxiv_ids)
{
  Announce *op;
  guint count;

  if (notification != NULL)
    gleaner_notification_gate_send (self->gate, notification_id, notification);

  op = g_new0 (Announce, 1);
  op->self = g_object_ref (self);
  op->arxiv_ids = g_ptr_array_ref (arxiv_ids);
  op->notification_id = g_strdup (notification_id);

  for (guint i = 0; i < arxiv_ids->len; i++)
    g_hash_table_add (self->pending_papers, g_strdup (g_ptr_array_index (arxiv_ids, i)));

  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->pending_notifications, notification_id));
  g_hash_table_insert (self->pending_notifications, g_strdup (notification_id),
                       GUINT_TO_POINTER (count + 1));

  gleaner_store_announce_async (self->store, arxiv_ids, notification_id, NULL,
                                announce_cb, op);
}

static void
add_mark_read_button (GNotification *notification,
                      const char    *notification_id)
{
  g_notification_add_button_with_target (notification, _("Mark as Read"),
                                         "app.mark-notification-read", "s", notification_id);
}

/* Announces the papers of @found (read for @new_ids) that no notification names yet. */
static void
notify_matches (GleanerNotifier        *self,
                GPtrArray              *new_ids,
                GleanerAnnounceMatches *found)
{
  g_autoptr(GHashTable) matched = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) titles = NULL;
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  GleanerSavedSearch *best = NULL;
  guint best_count = 0;
  guint n_searches = 0;

  matched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < found->searches->len; i++)
    {
      GleanerSavedSearch *search = g_ptr_array_index (found->searches, i);
      GPtrArray *matches = g_ptr_array_index (found->matches, i);
      guint count = 0;

      for (guint j = 0; j < matches->len; j++)
        {
          const char *id = g_ptr_array_index (matches, j);

          /* Named by a notification whose record was not written when the store read. */
          if (g_hash_table_contains (self->pending_papers, id))
            continue;

          g_hash_table_add (matched, g_strdup (id));
          count++;
        }

      if (count > 0)
        n_searches++;

      /* On a tie, the older search (listed first) wins. */
      if (count > best_count)
        {
          best = search;
          best_count = count;
        }
    }

  if (g_hash_table_size (matched) == 0)
    return;

  /* In the order the sync reported them. */
  ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < new_ids->len; i++)
    {
      const char *id = g_ptr_array_index (new_ids, i);

      if (g_hash_table_remove (matched, id))
        g_ptr_array_add (ids, g_strdup (id));
    }

  if (n_searches == 1)
    {
      g_autofree char *name = gleaner_notification_text_dup_line (gleaner_saved_search_get_name (best));

      if (ids->len == 1)
        title = g_strdup_printf (_("New paper matches “%s”"), name);
      else
        title = g_strdup_printf (ngettext ("%u new paper matches “%s”",
                                           "%u new papers match “%s”", ids->len),
                                 ids->len, name);
    }
  else
    title = g_strdup_printf (ngettext ("%u new paper matches your saved searches",
                                       "%u new papers match your saved searches", ids->len),
                             ids->len);

  titles = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < ids->len && i < GLEANER_NOTIFICATION_BODY_TITLES; i++)
    g_ptr_array_add (titles, g_strdup (g_hash_table_lookup (found->titles,
                                                            g_ptr_array_index (ids, i))));
  body = gleaner_notification_text_build_body (titles, ids->len);

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_NORMAL);

  if (ids->len == 1)
    g_notification_set_default_action_and_target (notification, "app.show-paper", "s",
                                                   g_ptr_array_index (ids, 0));
  else
    g_notification_set_default_action_and_target (notification, "app.show-search", "x",
                                                   gleaner_saved_search_get_id (best));

  add_mark_read_button (notification, GLEANER_NOTIFIER_MATCHES_ID);

  g_debug ("Announcing %u new matches", ids->len);
  send_and_record (self, GLEANER_NOTIFIER_MATCHES_ID, notification, ids);
}

/* A read the notifier waits for: it holds the notifier and what the reply is about. */
typedef struct
{
  GleanerNotifier *self;
  GPtrArray       *new_ids;   /* (element-type utf8) (nullable) */
} Pending;

static void
pending_free (Pending *op)
{
  g_clear_object (&op->self);
  g_clear_pointer (&op->new_ids, g_ptr_array_unref);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

static Pending *
pending_new (GleanerNotifier *self,
             GPtrArray       *new_ids)
{
  Pending *op = g_new0 (Pending, 1);

  op->self = g_object_ref (self);
  if (new_ids != NULL)
    op->new_ids = g_ptr_array_ref (new_ids);

  return op;
}

static void
match_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Pending) op = user_data;
  g_autoptr(GleanerAnnounceMatches) found = NULL;
  g_autoptr(GError) error = NULL;

  if (!(found = gleaner_store_announce_match_finish (GLEANER_STORE (object), result, &error)))
    g_warning ("Could not match new papers against the saved searches: %s", error->message);
  else
    notify_matches (op->self, op->new_ids, found);
}

/* ---------------------------------------------------------------------------------------- */
/* The daily digest */

static GDateTime *
dup_now (GleanerNotifier *self)
{
  if (self->now != NULL)
    return g_date_time_ref (self->now);

  return g_date_time_new_now_local ();
}

/* @now's day at digest-time, in @now's time zone. */
static GDateTime *
dup_digest_time_of_day (GleanerNotifier *self,
                        GDateTime       *now)
{
  int year, month, day;

  g_date_time_get_ymd (now, &year, &month, &day);

  return g_date_time_new (g_date_time_get_timezone (now), year, month, day,
                          self->digest_hour, self->digest_minute, 0);
}

/* Whether the digest of @day went out, as far as this process knows; the stored day of an
 * earlier run is read with the trending papers (see digest_cb()) and at start. */
static gboolean
sent_digest_on (GleanerNotifier *self,
                const char      *day)
{
  return g_strcmp0 (self->digest_day, day) == 0;
}

static void
set_meta_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gleaner_store_set_meta_finish (GLEANER_STORE (object), result, &error))
    g_warning ("Could not remember the digest's day: %s", error->message);
}

static gboolean
digest_due (GleanerNotifier  *self,
            char            **out_today)
{
  g_autoptr(GDateTime) now = dup_now (self);
  g_autoptr(GDateTime) due = dup_digest_time_of_day (self, now);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  if (!self->digest_enabled ||
      (due != NULL && g_date_time_compare (now, due) < 0) || sent_digest_on (self, today))
    return FALSE;

  *out_today = g_steal_pointer (&today);
  return TRUE;
}

static void
send_digest (GleanerNotifier *self,
             const char      *today,
             GPtrArray       *papers)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) titles = NULL;
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  GleanerPaper *first = NULL;
  gboolean shown = FALSE;

  ids = g_ptr_array_new_with_free_func (g_free);
  titles = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < papers->len && ids->len < GLEANER_NOTIFIER_DIGEST_SIZE; i++)
    {
      GleanerPaper *paper = g_ptr_array_index (papers, i);

      if (g_hash_table_contains (self->pending_papers, gleaner_paper_get_id (paper)))
        continue;

      if (first == NULL)
        first = paper;
      g_ptr_array_add (ids, g_strdup (gleaner_paper_get_id (paper)));
      g_ptr_array_add (titles, g_strdup (gleaner_paper_get_title (paper)));
    }

  /* Nothing new is trending yet: the day stays open, so a later sync can still bring it. */
  if (ids->len == 0)
    return;

  title = g_strdup_printf (ngettext ("Trending today: %u new paper",
                                     "Trending today: %u new papers", ids->len),
                           ids->len);
  body = gleaner_notification_text_build_body (titles, ids->len);

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_NORMAL);

  if (ids->len == 1)
    g_notification_set_default_action_and_target (notification, "app.show-paper", "s",
                                                   gleaner_paper_get_id (first));
  else
    g_notification_set_default_action (notification, "app.show-trending");

  add_mark_read_button (notification, GLEANER_NOTIFIER_DIGEST_ID);

  g_debug ("Sending the digest of %s with %u papers", today, ids->len);
  g_signal_emit (self, signals [SHOW_IN_APP], 0, GLEANER_NOTIFIER_DIGEST_ID, title, &shown);
  /* Shown in the app or not, the papers count as announced: no desktop copy later. */
  send_and_record (self, GLEANER_NOTIFIER_DIGEST_ID, shown ? NULL : notification, ids);

  g_free (self->digest_day);
  self->digest_day = g_strdup (today);
  gleaner_store_set_meta_async (self->store, DIGEST_DAY_KEY, today, NULL, set_meta_cb, NULL);
}

static void
digest_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Pending) op = user_data;
  g_autoptr(GleanerAnnounceDigest) digest = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *today = NULL;
  GleanerNotifier *self = op->self;

  /* When the stored day cannot be read, the digest waits for the next check rather than
   * risk coming twice. */
  if (!(digest = gleaner_store_announce_read_digest_finish (GLEANER_STORE (object), result,
                                                            &error)))
    {
      g_warning ("Could not read the trending papers: %s", error->message);
      return;
    }

  /* Checked again: another check may have sent it while this one read. */
  if (!digest_due (self, &today))
    return;

  /* An earlier run of the app may have sent it. */
  if (g_strcmp0 (digest->last_day, today) == 0)
    {
      g_free (self->digest_day);
      self->digest_day = g_strdup (today);
      return;
    }

  send_digest (self, today, digest->papers);
}

void
gleaner_notifier_check_digest (GleanerNotifier *self)
{
  g_autofree char *today = NULL;

  g_return_if_fail (GLEANER_IS_NOTIFIER (self));

  if (!digest_due (self, &today))
    return;

  /* As in gleaner_notifier_sync_finished(). */
  gleaner_notification_gate_check (self->gate);

  /* The whole list (a few dozen papers): those announced meanwhile, by a match read queued
   * before this one, are skipped when the reply comes, and a full digest must be left. */
  gleaner_store_announce_read_digest_async (self->store, DIGEST_DAY_KEY, G_MAXINT,
                                            NULL, digest_cb, pending_new (self, NULL));
}

GDateTime *
gleaner_notifier_get_next_digest_time (GleanerNotifier *self)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) due = NULL;
  g_autofree char *today = NULL;

  g_return_val_if_fail (GLEANER_IS_NOTIFIER (self), NULL);

  if (!self->digest_enabled)
    return NULL;

  now = dup_now (self);
  if (!(due = dup_digest_time_of_day (self, now)))
    return NULL;

  today = g_date_time_format (now, "%Y-%m-%d");
  if (g_date_time_compare (now, due) < 0 && !sent_digest_on (self, today))
    return g_steal_pointer (&due);

  /* Past today's time, the syncs of the day check again; the timer waits for tomorrow.
   * Adding a day keeps the wall-clock time across a daylight saving change. */
  return g_date_time_add_days (due, 1);
}

/* ---------------------------------------------------------------------------------------- */
/* Withdrawing */

static void
forget_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Announce) op = user_data;
  g_autoptr(GError) error = NULL;

  if (!gleaner_store_write_finish (GLEANER_STORE (object), result, &error))
    g_warning ("Could not forget a withdrawn notification: %s", error->message);

  g_hash_table_remove (op->self->forgetting, op->notification_id);
}

static void
read_notifications_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(Pending) op = user_data;
  g_auto(GStrv) ids = NULL;
  g_autoptr(GError) error = NULL;
  GleanerNotifier *self = op->self;

  if (!(ids = gleaner_store_announce_dup_read_notifications_finish (GLEANER_STORE (object),
                                                                     result, &error)))
    {
      g_warning ("Could not read the shown notifications: %s", error->message);
      return;
    }

  for (guint i = 0; ids[i]; i++)
    {
      Announce *forget;

      /* The store still lists what it showed before the one being recorded replaced it;
       * announce_cb() checks again once the new papers are in. */
      if (g_hash_table_contains (self->pending_notifications, ids[i]))
        continue;

      /* Withdrawn already; the store hears of it next. */
      if (g_hash_table_contains (self->forgetting, ids[i]))
        continue;

      g_debug ("Withdrawing %s: all its papers are read", ids[i]);
      gleaner_notification_gate_withdraw (self->gate, ids[i]);

      forget = g_new0 (Announce, 1);
      forget->self = g_object_ref (self);
      forget->notification_id = g_strdup (ids[i]);
      g_hash_table_add (self->forgetting, g_strdup (ids[i]));
      gleaner_store_announce_forget_async (self->store, ids[i], NULL, forget_cb, forget);
    }
}

/* Withdraws the notifications all of whose papers are read. */
static void
check_withdraw (GleanerNotifier *self)
{
  g_assert (GLEANER_IS_NOTIFIER (self));

  gleaner_store_announce_dup_read_notifications_async (self->store, NULL,
                                                       read_notifications_cb,
                                                       pending_new (self, NULL));
}

static void
store_changed_cb (GleanerNotifier    *self,
                  GleanerStoreChange  change,
                  GleanerStore       *store)
{
  g_assert (GLEANER_IS_NOTIFIER (self));

  if (change == GLEANER_STORE_CHANGE_USER_STATE)
    check_withdraw (self);
}

static void
mark_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GleanerNotifier) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gleaner_store_write_finish (GLEANER_STORE (object), result, &error))
    g_warning ("Could not mark the papers of a notification read: %s", error->message);

  /* When they were read already nothing changed and no "changed" came; check anyway. */
  check_withdraw (self);
}

void
gleaner_notifier_mark_read (GleanerNotifier *self,
                            const char      *notification_id)
{
  g_return_if_fail (GLEANER_IS_NOTIFIER (self));
  g_return_if_fail (notification_id != NULL);

  gleaner_store_announce_mark_read_async (self->store, notification_id, NULL, mark_read_cb,
                                          g_object_ref (self));
}

/* ---------------------------------------------------------------------------------------- */
/* Public API */

void
gleaner_notifier_sync_finished (GleanerNotifier   *self,
                                GleanerSyncResult *result)
{
  g_return_if_fail (GLEANER_IS_NOTIFIER (self));
  g_return_if_fail (result != NULL);

  /* The bus is asked now, while the store reads, rather than when the reply has something
   * to send: by then its answers are in. */
  gleaner_notification_gate_check (self->gate);

  /* Both read on the store's thread, in this order, so a paper in both is announced as a
   * match. */
  if (self->saved_searches_enabled && result->new_ids != NULL && result->new_ids->len > 0)
    gleaner_store_announce_match_async (self->store, result->new_ids, NULL, match_cb,
                                        pending_new (self, result->new_ids));

  gleaner_notifier_check_digest (self);
}

void
gleaner_notifier_set_now (GleanerNotifier *self,
                          GDateTime       *now)
{
  g_return_if_fail (GLEANER_IS_NOTIFIER (self));

  if (now != NULL)
    g_date_time_ref (now);
  g_clear_pointer (&self->now, g_date_time_unref);
  self->now = now;
}

gboolean
gleaner_notifier_get_saved_searches_enabled (GleanerNotifier *self)
{
  g_return_val_if_fail (GLEANER_IS_NOTIFIER (self), FALSE);

  return self->saved_searches_enabled;
}

void
gleaner_notifier_set_saved_searches_enabled (GleanerNotifier *self,
                                             gboolean         enabled)
{
  g_return_if_fail (GLEANER_IS_NOTIFIER (self));

  enabled = !!enabled;
  if (self->saved_searches_enabled == enabled)
    return;

  self->saved_searches_enabled = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SAVED_SEARCHES_ENABLED]);
}

gboolean
gleaner_notifier_get_digest_enabled (GleanerNotifier *self)
{
  g_return_val_if_fail (GLEANER_IS_NOTIFIER (self), FALSE);

  return self->digest_enabled;
}

void
gleaner_notifier_set_digest_enabled (GleanerNotifier *self,
                                     gboolean         enabled)
{
  g_return_if_fail (GLEANER_IS_NOTIFIER (self));

  enabled = !!enabled;
  if (self->digest_enabled == enabled)
    return;

  self->digest_enabled = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DIGEST_ENABLED]);
}

const char *
gleaner_notifier_get_digest_time (GleanerNotifier *self)
{
  g_return_val_if_fail (GLEANER_IS_NOTIFIER (self), NULL);

  return self->digest_time;
}

static gboolean
parse_time_of_day (const char *text,
                   int        *hour,
                   int        *minute)
{
  int h, m;

  if (text == NULL || strlen (text) != 5 || text[2] != ':' ||
      !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) ||
      !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[4]))
    return FALSE;

  h = g_ascii_digit_value (text[0]) * 10 + g_ascii_digit_value (text[1]);
  m = g_ascii_digit_value (text[3]) * 10 + g_ascii_digit_value (text[4]);
  if (h > 23 || m > 59)
    return FALSE;

  *hour = h;
  *minute = m;

  return TRUE;
}

void
gleaner_notifier_set_digest_time (GleanerNotifier *self,
                                  const char      *digest_time)
{
  int hour, minute;

  g_return_if_fail (GLEANER_IS_NOTIFIER (self));

  if (g_strcmp0 (self->digest_time, digest_time) == 0)
    return;

  if (!parse_time_of_day (digest_time, &hour, &minute))
    {
      g_warning ("Ignoring digest time “%s”: expected HH:MM", digest_time);
      return;
    }

  g_free (self->digest_time);
  self->digest_time = g_strdup (digest_time);
  self->digest_hour = hour;
  self->digest_minute = minute;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DIGEST_TIME]);
}

GleanerNotifier *
gleaner_notifier_new (GApplication *app,
                      GleanerStore *store)
{
  g_return_val_if_fail (G_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (GLEANER_IS_STORE (store), NULL);

  return g_object_new (GLEANER_TYPE_NOTIFIER,
                       "application", app,
                       "store", store,
                       NULL);
}

/* ---------------------------------------------------------------------------------------- */
/* GObject */

static void
digest_day_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Pending) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *day = NULL;

  if (!gleaner_store_dup_meta_finish (GLEANER_STORE (object), result, &day, &error))
    g_warning ("Could not read the digest's day: %s", error->message);
  else if (op->self->digest_day == NULL)
    op->self->digest_day = g_steal_pointer (&day);
}

static void
gleaner_notifier_constructed (GObject *object)
{
  GleanerNotifier *self = (GleanerNotifier *)object;

  G_OBJECT_CLASS (gleaner_notifier_parent_class)->constructed (object);

  g_assert (G_IS_APPLICATION (self->app));
  g_assert (GLEANER_IS_STORE (self->store));

  self->gate = gleaner_notification_gate_new (self->app);

  self->changed_handler =
    g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self,
                             G_CONNECT_SWAPPED);

  /* The day an earlier run sent the digest, for gleaner_notifier_get_next_digest_time();
   * a digest check reads it again with the trending papers. */
  gleaner_store_dup_meta_async (self->store, DIGEST_DAY_KEY, NULL, digest_day_cb,
                                pending_new (self, NULL));
}

static void
gleaner_notifier_dispose (GObject *object)
{
  GleanerNotifier *self = (GleanerNotifier *)object;

  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_handler, self->store);
  g_clear_object (&self->gate);
  g_clear_object (&self->store);
  g_clear_object (&self->app);

  G_OBJECT_CLASS (gleaner_notifier_parent_class)->dispose (object);
}

static void
gleaner_notifier_finalize (GObject *object)
{
  GleanerNotifier *self = (GleanerNotifier *)object;

  g_clear_pointer (&self->now, g_date_time_unref);
  g_clear_pointer (&self->digest_time, g_free);
  g_clear_pointer (&self->digest_day, g_free);
  g_clear_pointer (&self->pending_papers, g_hash_table_unref);
  g_clear_pointer (&self->pending_notifications, g_hash_table_unref);
  g_clear_pointer (&self->forgetting, g_hash_table_unref);

  G_OBJECT_CLASS (gleaner_notifier_parent_class)->finalize (object);
}

static void
gleaner_notifier_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GleanerNotifier *self = GLEANER_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      g_value_set_object (value, self->app);
      break;

    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_SAVED_SEARCHES_ENABLED:
      g_value_set_boolean (value, self->saved_searches_enabled);
      break;

    case PROP_DIGEST_ENABLED:
      g_value_set_boolean (value, self->digest_enabled);
      break;

    case PROP_DIGEST_TIME:
      g_value_set_string (value, self->digest_time);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gleaner_notifier_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  GleanerNotifier *self = GLEANER_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      self->app = g_value_dup_object (value);
      break;

    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_SAVED_SEARCHES_ENABLED:
      gleaner_notifier_set_saved_searches_enabled (self, g_value_get_boolean (value));
      break;

    case PROP_DIGEST_ENABLED:
      gleaner_notifier_set_digest_enabled (self, g_value_get_boolean (value));
      break;

    case PROP_DIGEST_TIME:
      gleaner_notifier_set_digest_time (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gleaner_notifier_class_init (GleanerNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = gleaner_notifier_constructed;
  object_class->dispose = gleaner_notifier_dispose;
  object_class->finalize = gleaner_notifier_finalize;
  object_class->get_property = gleaner_notifier_get_property;
  object_class->set_property = gleaner_notifier_set_property;

  properties [PROP_APPLICATION] =
    g_param_spec_object ("application", NULL, NULL,
                         G_TYPE_APPLICATION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties [PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         GLEANER_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties [PROP_SAVED_SEARCHES_ENABLED] =
    g_param_spec_boolean ("saved-searches-enabled", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_DIGEST_ENABLED] =
    g_param_spec_boolean ("digest-enabled", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_DIGEST_TIME] =
    g_param_spec_string ("digest-time", NULL, NULL,
                         "08:00",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Before the digest goes to the desktop: a handler that shows it itself (a toast in the
   * focused window) returns TRUE, and the desktop gets nothing. Args: the notification id
   * and its title. */
  signals [SHOW_IN_APP] =
    g_signal_new ("show-in-app",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
gleaner_notifier_init (GleanerNotifier *self)
{
  self->saved_searches_enabled = TRUE;
  self->digest_enabled = TRUE;
  self->digest_time = g_strdup ("08:00");
  self->digest_hour = 8;
  self->digest_minute = 0;
  self->pending_papers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pending_notifications = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->forgetting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
