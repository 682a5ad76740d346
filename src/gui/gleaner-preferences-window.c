/* gleaner-preferences-window.c — the settings a user may change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-preferences-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gleaner-arxiv-categories.h"
#include "gleaner-category-picker.h"
#include "gleaner-a11y.h"
#include "gleaner-preferences-window.h"
#include "gleaner-tooltip.h"
#include "gleaner-uri.h"

#define CODE_KEY "gleaner-category-code"

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
  GtkSpinButton        *digest_hour_spin;
  GtkSpinButton        *digest_minute_spin;
  GtkEntry             *hf_url_entry;
  GtkEntry             *arxiv_rss_entry;
  GtkEntry             *arxiv_api_entry;
  GtkSwitch            *hf_daily_switch;
  GtkSwitch            *hf_trending_switch;
  GtkListBox           *categories_list;
  GtkWidget            *add_categories_row;

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

/* "07", not "7": the two spin buttons read as a time of day. */
static gboolean
two_digits_output_cb (GtkSpinButton *spin,
                      gpointer       user_data)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));

  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

/* The setting stays the schema's "HH:MM" string; each spin button shows one half of it. */
static gboolean
time_part_get (GValue   *value,
               GVariant *variant,
               gboolean  minutes)
{
  g_autofree char *time = gleaner_preferences_normalize_time (g_variant_get_string (variant, NULL));

  /* A hand-edited value that is no time leaves the spin buttons as they are. */
  if (time == NULL)
    return FALSE;
  time[2] = '\0';
  g_value_set_double (value, g_ascii_strtod (minutes ? time + 3 : time, NULL));
  return TRUE;
}

static gboolean
hour_get_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  return time_part_get (value, variant, FALSE);
}

static gboolean
minute_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  return time_part_get (value, variant, TRUE);
}

/* Either spin button writes the whole time: by the time "value" notifies, both hold theirs. */
static GVariant *
time_part_set_mapping (const GValue       *value,
                       const GVariantType *expected_type,
                       gpointer            user_data)
{
  GleanerPreferencesWindow *self = user_data;
  int hour = gtk_spin_button_get_value_as_int (self->digest_hour_spin);
  int minute = gtk_spin_button_get_value_as_int (self->digest_minute_spin);

  return g_variant_new_take_string (g_strdup_printf ("%02d:%02d", hour, minute));
}

/* Writes @row's text to @key if it is a web address; marks the entry otherwise. */
static void
apply_url (GleanerPreferencesWindow *self,
           GtkEntry                 *row,
           const char               *key)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  /* Focus leaves an entry while the window is torn down too. */
  if (self->settings == NULL)
    return;

  if (!gleaner_uri_is_web (url))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  g_settings_set_string (self->settings, key, url);
}

static void
arxiv_rss_apply_cb (GleanerPreferencesWindow *self)
{
  g_assert (GLEANER_IS_PREFERENCES_WINDOW (self));
  apply_url (self, self->arxiv_rss_entry, "arxiv-rss-url");
}

static void
arxiv_api_apply_cb (GleanerPreferencesWindow *self)
{
  g_assert (GLEANER_IS_PREFERENCES_WINDOW (self));
  apply_url (self, self->arxiv_api_entry, "arxiv-api-url");
}

static void
hf_url_apply_cb (GleanerPreferencesWindow *self)
{
  g_assert (GLEANER_IS_PREFERENCES_WINDOW (self));
  apply_url (self, self->hf_url_entry, "hf-base-url");
}

static void
remove_category_clicked_cb (GtkButton                *button,
                            GleanerPreferencesWindow *self)
{
  const char *code = g_object_get_data (G_OBJECT (button), CODE_KEY);
  g_auto(GStrv) followed = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) after = NULL;

  g_assert (GLEANER_IS_PREFERENCES_WINDOW (self));

  followed = g_settings_get_strv (self->settings, "arxiv-categories");
  for (guint i = 0; followed[i] != NULL; i++)
    if (g_strcmp0 (followed[i], code) != 0)
      g_strv_builder_add (builder, followed[i]);

  after = g_strv_builder_end (builder);
  /* The list is rebuilt by the settings' changed signal, which frees this button. */
  g_settings_set_strv (self->settings, "arxiv-categories", (const char * const *)after);
}

static GtkWidget *
create_category_row (GleanerPreferencesWindow *self,
                     const char               *code)
{
  const GleanerArxivCategory *category = gleaner_arxiv_category_lookup (code);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *label = NULL;

  /* The code is what arXiv's feeds use; the name is for people. A code this version does
   * not know is shown as it is, still removable. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 category ? gleaner_arxiv_category_get_name (category) : code);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), code);
  g_object_set_data_full (G_OBJECT (row), CODE_KEY, g_strdup (code), g_free);
  /* GTK 4.8 names a list row only by its own label, not by the title inside it. */
  if (category != NULL)
    {
      g_autofree char *accessible = NULL;

      /* Translators: how a screen reader names a category's row: its code, then its name,
       * as in "cs.LG, Machine Learning". */
      accessible = g_strdup_printf (_("%s, %s"), code, gleaner_arxiv_category_get_name (category));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
    }
  else
    gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, code, -1);

  /* Translators: a button's name for screen readers; %s is an arXiv category code. */
  label = g_strdup_printf (_("Stop Following %s"), code);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gleaner_widget_set_tooltip (button, _("Stop Following"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), CODE_KEY, g_strdup (code), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (remove_category_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

/* Rebuilds the list of followed categories; it is short, so this is simpler than diffing. */
static void
update_categories (GleanerPreferencesWindow *self)
{
  g_auto(GStrv) followed = g_settings_get_strv (self->settings, "arxiv-categories");
  GtkWidget *child;
  GtkWidget *image;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->categories_list))) != NULL)
    gtk_list_box_remove (self->categories_list, child);

  for (guint i = 0; followed[i] != NULL; i++)
    gtk_list_box_append (self->categories_list, create_category_row (self, followed[i]));

  self->add_categories_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->add_categories_row),
                                 _("_Add Categories…"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->add_categories_row), TRUE);
  /* Its own name only: libadwaita 1.2 also links the title label, which doubles it. */
  gleaner_a11y_set_label (self->add_categories_row, _("_Add Categories…"));
  if (followed[0] == NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->add_categories_row),
                                 _("No categories followed yet"));
  image = gtk_image_new_from_icon_name ("list-add-symbolic");
  adw_action_row_add_prefix (ADW_ACTION_ROW (self->add_categories_row), image);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->add_categories_row), TRUE);
  gtk_list_box_append (self->categories_list, self->add_categories_row);
}

static void
categories_row_activated_cb (GleanerPreferencesWindow *self,
                             GtkListBoxRow            *row)
{
  g_assert (GLEANER_IS_PREFERENCES_WINDOW (self));

  if (GTK_WIDGET (row) == self->add_categories_row)
    gleaner_preferences_window_open_category_picker (self);
}

static void
settings_changed_cb (GleanerPreferencesWindow *self,
                     const char               *key,
                     GSettings                *settings)
{
  g_assert (GLEANER_IS_PREFERENCES_WINDOW (self));

  if (g_strcmp0 (key, "arxiv-categories") == 0)
    update_categories (self);
}

/* Address entries only follow the settings: their text is written back by the apply
 * handlers above (Enter, or leaving the entry), after validation, not on every key press. */
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
  g_settings_bind_with_mapping (self->settings, "daily-digest-time",
                                self->digest_hour_spin, "value", G_SETTINGS_BIND_DEFAULT,
                                hour_get_mapping, time_part_set_mapping,
                                self, NULL);
  g_settings_bind_with_mapping (self->settings, "daily-digest-time",
                                self->digest_minute_spin, "value", G_SETTINGS_BIND_DEFAULT,
                                minute_get_mapping, time_part_set_mapping,
                                self, NULL);
  g_settings_bind (self->settings, "hf-base-url",
                   self->hf_url_entry, "text", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "arxiv-rss-url",
                   self->arxiv_rss_entry, "text", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "arxiv-api-url",
                   self->arxiv_api_entry, "text", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "hf-daily",
                   self->hf_daily_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "hf-trending",
                   self->hf_trending_switch, "active", G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (self->settings, "changed::arxiv-categories",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  update_categories (self);
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
    GTK_WIDGET (self->hf_daily_switch), GTK_WIDGET (self->hf_trending_switch),
  };

  g_assert (GLEANER_IS_PREFERENCES_WINDOW (self));

  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    {
      GtkWidget *row = gtk_widget_get_ancestor (controls[i], ADW_TYPE_ACTION_ROW);

      if (row != NULL)
        gleaner_a11y_label_from_row (controls[i], ADW_PREFERENCES_ROW (row));
    }

  /* The address rows are a label over a GtkEntry, not AdwEntryRow: in GTK 4.8 an entry row's
   * focus lands on an internal AdwGizmo, and a screen reader hears nothing. */
  gleaner_a11y_set_label (GTK_WIDGET (self->hf_url_entry), _("Hugging Face Address"));
  gleaner_a11y_set_label (GTK_WIDGET (self->arxiv_rss_entry), _("arXiv Listings Address"));
  gleaner_a11y_set_label (GTK_WIDGET (self->arxiv_api_entry), _("arXiv API Address"));
  gleaner_a11y_set_label (GTK_WIDGET (self->digest_hour_spin), _("Digest Hour"));
  gleaner_a11y_set_label (GTK_WIDGET (self->digest_minute_spin), _("Digest Minute"));
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
  gtk_widget_class_bind_template_child (widget_class, GleanerPreferencesWindow, digest_hour_spin);
  gtk_widget_class_bind_template_child (widget_class, GleanerPreferencesWindow, digest_minute_spin);
  gtk_widget_class_bind_template_child (widget_class, GleanerPreferencesWindow, hf_url_entry);
  gtk_widget_class_bind_template_child (widget_class, GleanerPreferencesWindow, arxiv_rss_entry);
  gtk_widget_class_bind_template_child (widget_class, GleanerPreferencesWindow, arxiv_api_entry);
  gtk_widget_class_bind_template_child (widget_class, GleanerPreferencesWindow, hf_daily_switch);
  gtk_widget_class_bind_template_child (widget_class, GleanerPreferencesWindow, hf_trending_switch);
  gtk_widget_class_bind_template_child (widget_class, GleanerPreferencesWindow, categories_list);

  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, two_digits_output_cb);
  gtk_widget_class_bind_template_callback (widget_class, hf_url_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, arxiv_rss_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, arxiv_api_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, categories_row_activated_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

/* Leaving an address entry applies it like Enter does, so Tab does not lose what was typed. */
static void
apply_on_leave (GtkEntry                 *entry,
                GCallback                 apply,
                GleanerPreferencesWindow *self)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect_object (focus, "leave", apply, self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (entry), focus);
}

static void
gleaner_preferences_window_init (GleanerPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  apply_on_leave (self->hf_url_entry, G_CALLBACK (hf_url_apply_cb), self);
  apply_on_leave (self->arxiv_rss_entry, G_CALLBACK (arxiv_rss_apply_cb), self);
  apply_on_leave (self->arxiv_api_entry, G_CALLBACK (arxiv_api_apply_cb), self);

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

GtkWidget *
gleaner_preferences_window_open_category_picker (GleanerPreferencesWindow *self)
{
  GtkWidget *picker;

  g_return_val_if_fail (GLEANER_IS_PREFERENCES_WINDOW (self), NULL);

  picker = gleaner_category_picker_new (GTK_WINDOW (self), self->settings);
  gtk_window_present (GTK_WINDOW (picker));

  return picker;
}

GtkWidget *
gleaner_preferences_window_get_category_row (GleanerPreferencesWindow *self,
                                             const char               *code)
{
  g_return_val_if_fail (GLEANER_IS_PREFERENCES_WINDOW (self), NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->categories_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (code == NULL ? row == self->add_categories_row
                     : g_strcmp0 (g_object_get_data (G_OBJECT (row), CODE_KEY), code) == 0)
      return row;

  return NULL;
}
