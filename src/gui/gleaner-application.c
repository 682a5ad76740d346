/* gleaner-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-application"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "gleaner-a11y.h"
#include "gleaner-application.h"
#include "gleaner-application-cli.h"
#include "gleaner-application-private.h"
#include "gleaner-arxiv-source.h"
#include "gleaner-background.h"
#include "gleaner-host-lock.h"
#include "gleaner-bibtex.h"
#include "gleaner-hf-source.h"
#include "gleaner-net.h"
#include "gleaner-notifier.h"
#include "gleaner-preferences-window.h"
#include "gleaner-scheduler.h"
#include "gleaner-session.h"
#include "gleaner-text.h"
#include "gleaner-window.h"

typedef void (*PendingFunc) (GleanerApplication *self,
                             GVariant           *parameter);

typedef struct
{
  PendingFunc  func;
  GVariant    *parameter;   /* (nullable) */
} PendingAction;

G_DEFINE_FINAL_TYPE (GleanerApplication, gleaner_application, ADW_TYPE_APPLICATION)


static int
gleaner_application_handle_local_options (GApplication *app,
                                          GVariantDict *options)
{
  GleanerApplication *self = GLEANER_APPLICATION (app);
  const char *query = NULL;

  /* The command-line modes run here, before registration and before GTK is initialised, so
   * they work without a display (from cron, over ssh). */
  if (g_variant_dict_contains (options, "sync"))
    return _gleaner_application_run_cli_sync (self);

  if (g_variant_dict_lookup (options, "search", "&s", &query))
    return _gleaner_application_run_cli_search (self, query);

  if (g_variant_dict_lookup (options, "export-bibtex", "^&ay", &query))
    return _gleaner_application_run_cli_export_bibtex (self, query);

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
  gleaner_a11y_add_close_shortcut (GTK_WINDOW (about));
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

static void arm_digest_timer (GleanerApplication *self);

/* The digest while a window has the focus: a toast in it, not a desktop notification on
 * top of the very app that would show the same papers. */
static gboolean
notifier_show_in_app_cb (GleanerApplication *self,
                         const char         *notification_id,
                         const char         *title)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  g_assert (GLEANER_IS_APPLICATION (self));

  if (!GLEANER_IS_WINDOW (window) || !gtk_window_is_active (window))
    return FALSE;

  gleaner_window_show_toast (GLEANER_WINDOW (window), title, _("Show"), "app.show-trending");
  return TRUE;
}

static gboolean
digest_timer_cb (gpointer user_data)
{
  GleanerApplication *self = user_data;

  self->digest_timer_id = 0;
  if (self->notifier != NULL)
    gleaner_notifier_check_digest (self->notifier);
  arm_digest_timer (self);

  return G_SOURCE_REMOVE;
}

/* The digest goes out after the first sync past its time; when no sync runs around then
 * (a long interval), this timer sends it from what is stored. */
static void
arm_digest_timer (GleanerApplication *self)
{
  g_autoptr(GDateTime) next = NULL;
  g_autoptr(GDateTime) now = NULL;
  GTimeSpan delta;

  g_clear_handle_id (&self->digest_timer_id, g_source_remove);

  if (self->notifier == NULL || !(next = gleaner_notifier_get_next_digest_time (self->notifier)))
    return;

  now = g_date_time_new_now_local ();
  delta = g_date_time_difference (next, now);
  /* A second late rather than early: at the exact time the digest is due. */
  self->digest_timer_id = g_timeout_add_seconds ((guint)CLAMP (delta / G_TIME_SPAN_SECOND + 1, 1, 86400 * 2),
                                                 digest_timer_cb, self);
  g_source_set_name_by_id (self->digest_timer_id, "[gleaner] daily digest");
}

static void
scheduler_finished_cb (GleanerApplication *self,
                       GleanerSyncResult  *result,
                       const GError       *error,
                       GleanerScheduler   *scheduler)
{
  g_assert (GLEANER_IS_APPLICATION (self));

  if (error != NULL)
    g_debug ("Sync failed: %s", error->message);

  if (result != NULL && self->notifier != NULL)
    gleaner_notifier_sync_finished (self->notifier, result);
}

static void
update_hold (GleanerApplication *self)
{
  gboolean background = g_settings_get_boolean (gleaner_application_get_settings (self),
                                                "run-in-background");

  /* Holding keeps the process (and its periodic sync) alive with every window closed. */
  if (background && !self->held)
    {
      g_application_hold (G_APPLICATION (self));
      self->held = TRUE;
    }
  else if (!background && self->held)
    {
      self->held = FALSE;
      g_application_release (G_APPLICATION (self));
    }
}

static void
background_request_done_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GleanerApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (gleaner_background_request_finish (result, &error))
    return;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_warning ("Could not set up running in the background: %s", error->message);

  /* Refused: say so where the user flipped the switch, and put the switch back. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    g_settings_set_boolean (gleaner_application_get_settings (self), "run-in-background", FALSE);

  if (self->preferences != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self->preferences),
                                        adw_toast_new (escaped));
    }
}

static void
request_background (GleanerApplication *self)
{
  gboolean background = g_settings_get_boolean (gleaner_application_get_settings (self),
                                                "run-in-background");
  GtkWindow *parent = self->preferences != NULL
                    ? GTK_WINDOW (self->preferences)
                    : gtk_application_get_active_window (GTK_APPLICATION (self));

  /* Turning it on asks to start at login too; turning it off withdraws that. */
  gleaner_background_request_async (parent, background, self->cancellable,
                                    background_request_done_cb, g_object_ref (self));
}

static void
settings_changed_cb (GleanerApplication *self,
                     const char         *key,
                     GSettings          *settings)
{
  g_assert (GLEANER_IS_APPLICATION (self));

  if (g_strcmp0 (key, "run-in-background") == 0)
    {
      /* Only the graphical instance holds itself; --sync and friends never start up. */
      if (self->scheduler != NULL)
        {
          update_hold (self);
          request_background (self);
        }
    }
  else if (g_strcmp0 (key, "daily-digest-time") == 0 || g_strcmp0 (key, "daily-digest") == 0)
    {
      if (self->notifier != NULL)
        arm_digest_timer (self);
    }
  else
    {
      _gleaner_application_source_setting_changed (self, key);
    }
}

static GleanerWindow *present_window (GleanerApplication *self);

/* Runs @func now, or once the session is there when the store is still opening: a window
 * shows what is stored from its first frame, never an empty list that fills a moment later. */
static void
when_ready (GleanerApplication *self,
            PendingFunc         func,
            GVariant           *parameter)
{
  PendingAction pending = { func, NULL };

  if (!self->starting)
    {
      func (self, parameter);
      return;
    }

  if (parameter != NULL)
    pending.parameter = g_variant_ref_sink (parameter);
  g_array_append_val (self->pending, pending);
}

static void
pending_action_clear (PendingAction *pending)
{
  g_clear_pointer (&pending->parameter, g_variant_unref);
}

static void
show_paper (GleanerApplication *self,
            GVariant           *parameter)
{
  gleaner_window_show_paper (present_window (self), g_variant_get_string (parameter, NULL));
}

static void
show_paper_action_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  when_ready (user_data, show_paper, parameter);
}

static void
show_search (GleanerApplication *self,
             GVariant           *parameter)
{
  /* A search removed since the notification went out: the window alone will do. */
  gleaner_window_show_saved_search (present_window (self), g_variant_get_int64 (parameter));
}

static void
show_search_action_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  when_ready (user_data, show_search, parameter);
}

static void
show_trending (GleanerApplication *self,
               GVariant           *parameter)
{
  gleaner_window_show_trending (present_window (self));
}

static void
show_trending_action_cb (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  when_ready (user_data, show_trending, NULL);
}

static void
mark_notification_read (GleanerApplication *self,
                        GVariant           *parameter)
{
  /* No window: the button is handled where the user is, in the notification. */
  if (self->notifier != NULL)
    gleaner_notifier_mark_read (self->notifier, g_variant_get_string (parameter, NULL));
}

static void
mark_notification_read_action_cb (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  when_ready (user_data, mark_notification_read, parameter);
}

/* The last step of start-up: what was asked meanwhile (the first window) runs. */
static gboolean
run_pending_cb (gpointer user_data)
{
  GleanerApplication *self = user_data;
  g_autoptr(GArray) pending = g_steal_pointer (&self->pending);

  self->starting = FALSE;
  /* Quit before it came: no window for an application that has shut down. */
  for (guint i = 0; i < pending->len && !g_cancellable_is_cancelled (self->cancellable); i++)
    {
      PendingAction *action = &g_array_index (pending, PendingAction, i);

      action->func (self, action->parameter);
    }

  g_application_release (G_APPLICATION (self));

  return G_SOURCE_REMOVE;
}

/* The session exists, the windows may come. */
static void
session_ready (GleanerApplication *self)
{
  /* Windows see only this, so they never reach back into the application. The completer
   * comes with the sources (ensure_sources()), now or once the network half is loaded. */
  self->session = gleaner_session_new (gleaner_application_get_settings (self),
                                       self->store, self->store_error,
                                       self->sync, self->scheduler, self->arxiv_completer);
  if (self->arxiv_source != NULL)
    _gleaner_application_ensure_completer (self);
  else
    _gleaner_application_apply_arxiv_settings (self);

  /* Not at once: from an idle, after GTK's own start-up idles. Adding our icons drops the
   * icon theme GTK loaded (see init_display()), and every widget is restyled from an idle
   * (GtkIconTheme::changed, at GTK_PRIORITY_RESIZE - 2). A window built before that idle
   * ran was restyled, measured and painted again just after it showed: an extra frame and
   * 2 MB kept, at every other start. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, run_pending_cb, g_object_ref (self), g_object_unref);
}

static void
scheduler_ready_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GleanerApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  GSettings *settings = gleaner_application_get_settings (self);

  if (!(self->scheduler = gleaner_scheduler_new_finish (result, &error)))
    {
      /* Cancelled: shutting down before the window came. */
      g_debug ("No scheduler: %s", error->message);
      return;
    }

  g_settings_bind (settings, "sync-interval", self->scheduler, "interval", G_SETTINGS_BIND_GET);
  g_signal_connect_object (self->scheduler, "finished",
                           G_CALLBACK (scheduler_finished_cb), self, G_CONNECT_SWAPPED);

  self->notifier = gleaner_notifier_new (G_APPLICATION (self), self->store);
  g_settings_bind (settings, "notify-saved-searches", self->notifier, "saved-searches-enabled",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "daily-digest", self->notifier, "digest-enabled",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "daily-digest-time", self->notifier, "digest-time",
                   G_SETTINGS_BIND_GET);
  g_signal_connect_object (self->notifier, "show-in-app",
                           G_CALLBACK (notifier_show_in_app_cb), self, G_CONNECT_SWAPPED);
  arm_digest_timer (self);

  update_hold (self);
  g_settings_bind (settings, "auto-sync", self->scheduler, "active", G_SETTINGS_BIND_GET);

  session_ready (self);
}

/* The store is open (or could not be): the sync and, after its reads, the scheduler. */
static void
store_ready (GleanerApplication *self)
{
  if (self->store == NULL)
    {
      /* The window says why. */
      g_debug ("Cannot open the database: %s", self->store_error->message);
      session_ready (self);
      return;
    }

  gleaner_scheduler_new_async (_gleaner_application_ensure_sync (self), NULL, self->cancellable,
                               scheduler_ready_cb, g_object_ref (self));
}

static void
store_opened_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GleanerApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  GleanerStore *store = gleaner_store_new_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->store = store;
  self->store_error = g_steal_pointer (&error);
  store_ready (self);
}

/* libadwaita, our icons and our style sheet, set up here rather than by GtkApplication's and
 * AdwApplication's start-up (the application has no resource base path). GTK 4.8 throws its
 * icon theme away whenever a folder is added to it once loaded, and loads it on a worker as
 * soon as it is created: GtkApplication created it, then libadwaita's start-up added its
 * folder, waiting for that load to finish only to drop it, 10 ms of every start on this
 * thread. adw_init() adds its folder as it creates the theme, before the worker starts; ours
 * comes once libadwaita's style sheets are parsed, when the load is over and is dropped
 * without a wait (load_icon_theme_in_thread() loads it again, while the window is built). */
static void
init_display (void)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  GdkDisplay *display;

  adw_init ();
  display = gdk_display_get_default ();
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (display),
                                    RESOURCE_BASE "/icons/");
  gtk_css_provider_load_from_resource (css, RESOURCE_BASE "/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
gleaner_application_startup (GApplication *app)
{
  GleanerApplication *self = GLEANER_APPLICATION (app);
  static const GActionEntry actions[] = {
    { "quit", quit_action_cb },
    { "about", about_action_cb },
    { "preferences", preferences_action_cb },
    { "show-paper", show_paper_action_cb, "s" },
    { "show-search", show_search_action_cb, "x" },
    { "show-trending", show_trending_action_cb },
    { "mark-notification-read", mark_notification_read_action_cb, "s" },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  /* GtkApplication sets this one only for a gtk/help-overlay.ui (see gleaner-window.c). */
  static const char *shortcuts_accels[] = { "<Control>question", NULL };

  self->cancellable = g_cancellable_new ();

  /* Only the graphical instance (or the background service) syncs periodically and
   * notifies; the command-line modes never get here. The store opens (and migrates) on its
   * own thread, from here on, while GTK starts up below on this one; the instance holds
   * itself meanwhile, and what it is asked to do waits in self->pending. A store opened
   * already (by gleaner_application_get_store()) is used. */
  self->starting = TRUE;
  g_application_hold (app);
  if (self->store == NULL && self->store_error == NULL)
    {
      g_autofree char *path = gleaner_store_dup_default_path ();

      gleaner_store_new_async (path, self->cancellable, store_opened_cb, g_object_ref (self));
    }

  init_display ();

  G_APPLICATION_CLASS (gleaner_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), actions, G_N_ELEMENTS (actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay",
                                         shortcuts_accels);

  if (self->store != NULL || self->store_error != NULL)
    store_ready (self);
}

static void
gleaner_application_shutdown (GApplication *app)
{
  GleanerApplication *self = GLEANER_APPLICATION (app);

  /* Quitting stops a running sync; what it stored so far stays (each batch is one
   * transaction), and the queued writes land before the process ends. Closing the last
   * window already waited for them in the main loop (see window_removed), so this wait is
   * short; app.quit and the CLI paths come straight here. */
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->digest_timer_id, g_source_remove);
  if (self->scheduler != NULL)
    gleaner_scheduler_cancel (self->scheduler);
  if (self->arxiv_completer != NULL)
    gleaner_arxiv_completer_cancel (self->arxiv_completer);
  if (self->store != NULL)
    gleaner_store_flush (self->store);
  gleaner_host_lock_wait_released ();

  /* The notifier holds the application: drop it here, where the cycle can be broken. */
  g_clear_object (&self->notifier);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->session);

  G_APPLICATION_CLASS (gleaner_application_parent_class)->shutdown (app);
}

static void
load_icon_theme_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  g_autoptr(GtkIconPaintable) icon = NULL;

  /* Any symbolic icon of the theme: the first lookup loads the whole theme. */
  icon = gtk_icon_theme_lookup_icon (task_data, "starred-symbolic", NULL, 16, 1,
                                     GTK_TEXT_DIR_NONE, 0);
  g_task_return_boolean (task, TRUE);
}

/* The first frame's measure looked up the window's first icon, and loading the icon theme
 * (its index files, its caches) with it was over half of presenting the window. A theme set
 * up on the main thread may be looked up on another (gtkicontheme.c, "Threading"), so it
 * loads on a worker while this thread builds the window; a lookup meanwhile waits for it. */
static void
load_icon_theme_in_thread (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GTask) task = NULL;

  if (display == NULL)
    return;

  /* No callback: the task completes in this thread's context, where it drops the theme. */
  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_source_tag (task, load_icon_theme_in_thread);
  g_task_set_task_data (task, g_object_ref (gtk_icon_theme_get_for_display (display)),
                        g_object_unref);
  g_task_run_in_thread (task, load_icon_theme_thread);
}

static GleanerWindow *
present_window (GleanerApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (!GLEANER_IS_WINDOW (window))
    {
      window = NULL;
      for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
        if (GLEANER_IS_WINDOW (l->data))
          {
            window = l->data;
            break;
          }
    }

  if (window == NULL)
    {
      /* The first window's icons: the theme loads on a worker while the window is built. */
      if (!self->icon_theme_loading)
        {
          self->icon_theme_loading = TRUE;
          load_icon_theme_in_thread ();
        }
      window = GTK_WINDOW (gleaner_window_new (GTK_APPLICATION (self), self->session));
    }

  gtk_window_present (window);

  return GLEANER_WINDOW (window);
}

static void
activate (GleanerApplication *self,
          GVariant           *parameter)
{
  present_window (self);
}

static void
gleaner_application_activate (GApplication *app)
{
  GleanerApplication *self = GLEANER_APPLICATION (app);

  /* While the store opens on its thread, the window's class (and those of its panes and
   * rows) reads its templates here, so the window is built sooner once the store is open. */
  if (self->starting)
    g_type_class_unref (g_type_class_ref (GLEANER_TYPE_WINDOW));

  when_ready (self, activate, NULL);
}

static void
final_flush_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GleanerApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gleaner_store_flush_finish (GLEANER_STORE (object), result, &error))
    g_warning ("Could not finish the last writes: %s", error->message);

  g_application_release (G_APPLICATION (self));
}

static void
gleaner_application_window_removed (GtkApplication *app,
                                    GtkWindow      *window)
{
  GleanerApplication *self = GLEANER_APPLICATION (app);

  /* With the last window gone the process may end: it stays until the queued writes (the
   * last star, the last read mark) have landed, waiting in the main loop, not in shutdown. */
  if (self->store != NULL && gtk_application_get_windows (app) != NULL &&
      gtk_application_get_windows (app)->next == NULL)
    {
      g_application_hold (G_APPLICATION (self));
      gleaner_store_flush_async (self->store, NULL, final_flush_cb, g_object_ref (self));
    }

  GTK_APPLICATION_CLASS (gleaner_application_parent_class)->window_removed (app, window);
}

static void
gleaner_application_dispose (GObject *object)
{
  GleanerApplication *self = (GleanerApplication *)object;

  g_clear_handle_id (&self->digest_timer_id, g_source_remove);
  if (self->preferences != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->preferences), (gpointer *)&self->preferences);
  self->preferences = NULL;
  g_clear_object (&self->notifier);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->session);
  g_clear_object (&self->arxiv_completer);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->sync);
  g_clear_object (&self->hf_source);
  g_clear_object (&self->arxiv_source);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_error (&self->store_error);
  g_clear_pointer (&self->pending, g_array_unref);

  G_OBJECT_CLASS (gleaner_application_parent_class)->dispose (object);
}

static void
gleaner_application_class_init (GleanerApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = gleaner_application_dispose;

  app_class->startup = gleaner_application_startup;
  GTK_APPLICATION_CLASS (klass)->window_removed = gleaner_application_window_removed;
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

  self->pending = g_array_new (FALSE, FALSE, sizeof (PendingAction));
  g_array_set_clear_func (self->pending, (GDestroyNotify)pending_action_clear);

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
                       /* See init_display(). */
                       "resource-base-path", NULL,
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

/* For the accessors below, which tests and the command line use: the graphical instance
 * never calls them while it starts. */
static void
wait_until_started (GleanerApplication *self)
{
  while (self->starting)
    g_main_context_iteration (NULL, TRUE);
}

GleanerStore *
gleaner_application_get_store (GleanerApplication *self)
{
  g_return_val_if_fail (GLEANER_IS_APPLICATION (self), NULL);

  wait_until_started (self);

  /* The command-line modes open it here, on this thread: no main loop to keep going. */
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

char *
gleaner_application_dup_arxiv_url (GleanerApplication *self,
                                   const char         *key)
{
  const char *env = NULL;

  g_return_val_if_fail (GLEANER_IS_APPLICATION (self), NULL);

  if (g_strcmp0 (key, "arxiv-rss-url") == 0)
    env = g_getenv ("GLEANER_ARXIV_RSS_URL");
  else if (g_strcmp0 (key, "arxiv-api-url") == 0)
    env = g_getenv ("GLEANER_ARXIV_API_URL");
  else
    g_return_val_if_reached (NULL);

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  return g_settings_get_string (gleaner_application_get_settings (self), key);
}

GleanerSync *
gleaner_application_get_sync (GleanerApplication *self)
{
  g_return_val_if_fail (GLEANER_IS_APPLICATION (self), NULL);

  gleaner_application_get_store (self);
  return _gleaner_application_ensure_sync (self);
}

GleanerScheduler *
gleaner_application_get_scheduler (GleanerApplication *self)
{
  g_return_val_if_fail (GLEANER_IS_APPLICATION (self), NULL);

  wait_until_started (self);
  return self->scheduler;
}

GleanerNotifier *
gleaner_application_get_notifier (GleanerApplication *self)
{
  g_return_val_if_fail (GLEANER_IS_APPLICATION (self), NULL);

  wait_until_started (self);
  return self->notifier;
}

/* The open preferences window, or NULL; for tests. */
GtkWidget *
gleaner_application_get_preferences_window (GleanerApplication *self)
{
  g_return_val_if_fail (GLEANER_IS_APPLICATION (self), NULL);
  return self->preferences;
}
