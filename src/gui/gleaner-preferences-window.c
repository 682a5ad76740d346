/* gleaner-preferences-window.c — the settings a user may change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-preferences-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gleaner-a11y.h"
#include "gleaner-preferences-window.h"
#include "gleaner-uri.h"

struct _GleanerPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  GtkSpinButton        *sync_interval_spin;
  GtkSwitch            *background_switch;
  GtkSwitch            *auto_sync_switch;
  GtkSpinButton        *backfill_spin;
  GtkSwitch            *saved_searches_switch;
  GtkSwitch            *digest_switch;
  AdwEntryRow          *digest_time_row;
  AdwEntryRow          *hf_url_row;

  /* Owned references */
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (GleanerPreferencesWindow, gleaner_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

char *
gleaner_preferences_normalize_time (const char *text)
{
  g_autofree char *copy = NULL;
  guint64 hours, minutes;
  char *colon;
  char *end;

  if (text == NULL)
    return NULL;

  copy = g_strstrip (g_strdup (text));
  if (!(colon = strchr (copy, ':')))
    return NULL;
  *colon = '\0';

  /* One or two digits of hours, exactly two of minutes. */
  if (strlen (copy) < 1 || strlen (copy) > 2 || strlen (colon + 1) != 2 ||
      !g_ascii_isdigit (copy[0]) || !g_ascii_isdigit (colon[1]) || !g_ascii_isdigit (colon[2]))
    return NULL;

  hours = g_ascii_strtoull (copy, &end, 10);
  if (*end != '\0' || hours > 23)
    return NULL;
  minutes = g_ascii_strtoull (colon + 1, &end, 10);
  if (*end != '\0' || minutes > 59)
    return NULL;

  return g_strdup_printf ("%02u:%02u", (guint)hours, (guint)minutes);
}

static void
entry_changed_cb (GtkEditable *editable,
                  gpointer     user_data)
{
  /* The error style is about the text that was applied; typing clears it. */
  gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
}

static void
digest_time_apply_cb (GleanerPreferencesWindow *self)
{
  g_autofree char *time = NULL;

  g_assert (GLEANER_IS_PREFERENCES_WINDOW (self));

  if (!(time = gleaner_preferences_normalize_time (gtk_editable_get_text (GTK_EDITABLE (self->digest_time_row)))))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->digest_time_row), "error");
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->digest_time_row), "error");
  g_settings_set_string (self->settings, "daily-digest-time", time);
  /* Show the normalised form ("8:05" → "08:05") even when the setting did not change. */
  gtk_editable_set_text (GTK_EDITABLE (self->digest_time_row), time);
}

static void
hf_url_apply_cb (GleanerPreferencesWindow *self)
{
  g_autofree char *url = NULL;

  g_assert (GLEANER_IS_PREFERENCES_WINDOW (self));

  url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->hf_url_row))));

  if (!gleaner_uri_is_web (url))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->hf_url_row), "error");
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->hf_url_row), "error");
  g_settings_set_string (self->settings, "hf-base-url", url);
}

/* Entry rows only follow the settings: their text is written back by the apply handlers
 * above, after validation, not on every key press. */
static void
bind_settings (GleanerPreferencesWindow *self)
{
  g_assert (GLEANER_IS_PREFERENCES_WINDOW (self));
  g_assert (G_IS_SETTINGS (self->settings));

  g_settings_bind (self->settings, "auto-sync",
                   self->auto_sync_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sync-interval",
                   self->sync_interval_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "run-in-background",
                   self->background_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "backfill-days",
                   self->backfill_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notify-saved-searches",
                   self->saved_searches_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "daily-digest",
                   self->digest_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "daily-digest-time",
                   self->digest_time_row, "text", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "hf-base-url",
                   self->hf_url_row, "text", G_SETTINGS_BIND_GET);
}

/* AdwPreferencesWindow 1.2 builds a search entry and a result list (even with search off)
 * that GTK 4.8 names by their types, "GtkSearchEntry" and "GtkListBox". */
static void
name_search_widgets (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_STACK (child))
        gleaner_a11y_track_stack (GTK_STACK (child));

      if (GTK_IS_SEARCH_ENTRY (child))
        gleaner_a11y_set_label (child, _("Search Preferences"));
      else if (GTK_IS_LIST_BOX (child))
        {
          GtkWidget *group = gtk_widget_get_ancestor (child, ADW_TYPE_PREFERENCES_GROUP);

          gleaner_a11y_set_label (child, group ? adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group))
                                               : _("Search Results"));
        }
      name_search_widgets (child);
    }
}

/* Each switch and spin button carries its row's title itself: GTK 4.8 reads the template's
 * labelled-by link to the row as "GtkSwitch" (see gleaner_a11y_label_from_row ()). */
static void
label_controls (GleanerPreferencesWindow *self)
{
  GtkWidget *controls[] = {
    GTK_WIDGET (self->auto_sync_switch), GTK_WIDGET (self->sync_interval_spin),
    GTK_WIDGET (self->background_switch), GTK_WIDGET (self->backfill_spin),
    GTK_WIDGET (self->saved_searches_switch), GTK_WIDGET (self->digest_switch),
  };

  g_assert (GLEANER_IS_PREFERENCES_WINDOW (self));

  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    {
      GtkWidget *row = gtk_widget_get_ancestor (controls[i], ADW_TYPE_ACTION_ROW);

      if (row != NULL)
        gleaner_a11y_label_from_row (controls[i], ADW_PREFERENCES_ROW (row));
    }
}

static void
gleaner_preferences_window_constructed (GObject *object)
{
  GleanerPreferencesWindow *self = (GleanerPreferencesWindow *)object;

  G_OBJECT_CLASS (gleaner_preferences_window_parent_class)->constructed (object);

  if (self->settings != NULL)
    bind_settings (self);
}

static void
gleaner_preferences_window_dispose (GObject *object)
{
  GleanerPreferencesWindow *self = (GleanerPreferencesWindow *)object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (gleaner_preferences_window_parent_class)->dispose (object);
}

static void
gleaner_preferences_window_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  GleanerPreferencesWindow *self = GLEANER_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gleaner_preferences_window_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  GleanerPreferencesWindow *self = GLEANER_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gleaner_preferences_window_class_init (GleanerPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = gleaner_preferences_window_constructed;
  object_class->dispose = gleaner_preferences_window_dispose;
  object_class->get_property = gleaner_preferences_window_get_property;
  object_class->set_property = gleaner_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gleaner/Gleaner/gleaner-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GleanerPreferencesWindow, sync_interval_spin);
  gtk_widget_class_bind_template_child (widget_class, GleanerPreferencesWindow, background_switch);
  gtk_widget_class_bind_template_child (widget_class, GleanerPreferencesWindow, auto_sync_switch);
  gtk_widget_class_bind_template_child (widget_class, GleanerPreferencesWindow, backfill_spin);
  gtk_widget_class_bind_template_child (widget_class, GleanerPreferencesWindow, saved_searches_switch);
  gtk_widget_class_bind_template_child (widget_class, GleanerPreferencesWindow, digest_switch);
  gtk_widget_class_bind_template_child (widget_class, GleanerPreferencesWindow, digest_time_row);
  gtk_widget_class_bind_template_child (widget_class, GleanerPreferencesWindow, hf_url_row);

  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, digest_time_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, hf_url_apply_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
gleaner_preferences_window_init (GleanerPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  label_controls (self);
  name_search_widgets (GTK_WIDGET (self));
}

GtkWidget *
gleaner_preferences_window_new (GtkWindow *parent,
                                GSettings *settings)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (GLEANER_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "settings", settings,
                       NULL);
}
