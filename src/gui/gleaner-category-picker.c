/* gleaner-category-picker.c — a searchable list of every arXiv category to follow.
 *
 * One boxed list per group of arXiv's taxonomy (about 155 rows in all: few enough for
 * GtkListBox, which gives check rows, headings and keyboard focus for free). Ticking only
 * changes the window; "Follow" writes the setting once, so the sync that follows a change of
 * categories runs once and not once per tick.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-category-picker"

#include "config.h"

#include <glib/gi18n.h>

#include "gleaner-arxiv-categories.h"
#include "gleaner-category-picker.h"

#define CODE_KEY "gleaner-category-code"

struct _GleanerCategoryPicker
{
  AdwWindow        parent_instance;

  /* Template widgets */
  AdwWindowTitle  *window_title;
  GtkSearchEntry  *search_entry;
  GtkStack        *stack;
  GtkWidget       *groups_box;

  /* Owned references */
  GSettings       *settings;
  GHashTable      *checks;      /* code (static) → GtkCheckButton (owned by the tree) */
  GHashTable      *ticked;      /* code (static) set */
  GtkWidget       *groups[GLEANER_ARXIV_N_GROUPS];
};

G_DEFINE_FINAL_TYPE (GleanerCategoryPicker, gleaner_category_picker, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
update_title (GleanerCategoryPicker *self)
{
  guint n = g_hash_table_size (self->ticked);
  g_autofree char *subtitle = NULL;

  g_assert (GLEANER_IS_CATEGORY_PICKER (self));

  if (n > 0)
    /* Translators: how many categories are ticked in the category picker. */
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u selected", "%u selected", n), n);

  adw_window_title_set_subtitle (self->window_title, subtitle ? subtitle : "");
}

static void
check_toggled_cb (GleanerCategoryPicker *self,
                  GtkCheckButton        *check)
{
  const char *code = g_object_get_data (G_OBJECT (check), CODE_KEY);

  g_assert (GLEANER_IS_CATEGORY_PICKER (self));
  g_assert (code != NULL);

  if (gtk_check_button_get_active (check))
    g_hash_table_add (self->ticked, (gpointer)code);
  else
    g_hash_table_remove (self->ticked, code);

  update_title (self);
}

static GtkWidget *
create_row (GleanerCategoryPicker      *self,
            const GleanerArxivCategory *category)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  const char *name = gleaner_arxiv_category_get_name (category);
  g_autofree char *accessible = NULL;

  /* Translators: how a screen reader names a category's row: its code, then its name, as in
   * "cs.LG, Machine Learning". */
  accessible = g_strdup_printf (_("%s, %s"), category->code, name);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), category->code);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                               g_hash_table_contains (self->ticked, category->code));
  g_object_set_data (G_OBJECT (check), CODE_KEY, (gpointer)category->code);
  g_object_set_data (G_OBJECT (row), CODE_KEY, (gpointer)category->code);
  g_signal_connect_object (check, "toggled", G_CALLBACK (check_toggled_cb), self,
                           G_CONNECT_SWAPPED);
  g_hash_table_insert (self->checks, (gpointer)category->code, check);

  return row;
}

static void
build_groups (GleanerCategoryPicker *self)
{
  g_assert (GLEANER_IS_CATEGORY_PICKER (self));

  for (guint g = 0; g < GLEANER_ARXIV_N_GROUPS; g++)
    {
      const GleanerArxivCategory *categories;
      GtkWidget *box, *heading, *list;
      guint n = 0;

      categories = gleaner_arxiv_categories_get_group (g, &n);

      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
      /* A heading to screen readers too, so they can jump from group to group. */
      heading = g_object_new (GTK_TYPE_LABEL,
                              "label", gleaner_arxiv_group_get_name (g),
                              "accessible-role", GTK_ACCESSIBLE_ROLE_HEADING,
                              "xalign", 0.0f,
                              "wrap", TRUE,
                              NULL);
      gtk_widget_add_css_class (heading, "heading");
      gtk_accessible_update_property (GTK_ACCESSIBLE (heading),
                                      GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
      list = gtk_list_box_new ();
      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      gtk_accessible_update_relation (GTK_ACCESSIBLE (list),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, heading, NULL,
                                      -1);

      for (guint i = 0; i < n; i++)
        gtk_list_box_append (GTK_LIST_BOX (list), create_row (self, &categories[i]));

      gtk_box_append (GTK_BOX (box), heading);
      gtk_box_append (GTK_BOX (box), list);
      gtk_box_append (GTK_BOX (self->groups_box), box);
      self->groups[g] = box;
    }
}

static void
search_changed_cb (GleanerCategoryPicker *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gboolean any = FALSE;

  g_assert (GLEANER_IS_CATEGORY_PICKER (self));

  /* Hiding rows (not a filter model): 155 rows are matched in well under a frame. */
  for (guint g = 0; g < GLEANER_ARXIV_N_GROUPS; g++)
    {
      const GleanerArxivCategory *categories;
      gboolean group_any = FALSE;
      guint n = 0;

      categories = gleaner_arxiv_categories_get_group (g, &n);
      for (guint i = 0; i < n; i++)
        {
          GtkWidget *row = gleaner_category_picker_get_row (self, categories[i].code);
          gboolean match = gleaner_arxiv_category_matches (&categories[i], query);

          gtk_widget_set_visible (row, match);
          group_any |= match;
        }

      gtk_widget_set_visible (self->groups[g], group_any);
      any |= group_any;
    }

  gtk_stack_set_visible_child_name (self->stack, any ? "list" : "empty");
}

static void
stop_search_cb (GleanerCategoryPicker *self)
{
  g_assert (GLEANER_IS_CATEGORY_PICKER (self));

  /* Escape first clears the search, then closes the window. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
follow_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  GleanerCategoryPicker *self = GLEANER_CATEGORY_PICKER (widget);
  g_auto(GStrv) before = g_settings_get_strv (self->settings, "arxiv-categories");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) kept = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) after = NULL;
  const GleanerArxivCategory *all;
  guint n = 0;

  /* Keep the order the user followed categories in; codes this table does not know (a
   * newer taxonomy, a hand-edited setting) are kept as they are. Newly ticked ones follow
   * in the taxonomy's order. */
  for (guint i = 0; before[i] != NULL; i++)
    {
      gboolean known = gleaner_arxiv_category_lookup (before[i]) != NULL;

      if ((!known || g_hash_table_contains (self->ticked, before[i])) &&
          g_hash_table_add (kept, before[i]))
        g_strv_builder_add (builder, before[i]);
    }

  all = gleaner_arxiv_categories_get_all (&n);
  for (guint i = 0; i < n; i++)
    if (g_hash_table_contains (self->ticked, all[i].code) &&
        !g_hash_table_contains (kept, all[i].code))
      g_strv_builder_add (builder, all[i].code);

  after = g_strv_builder_end (builder);
  if (!g_strv_equal ((const char * const *)before, (const char * const *)after))
    g_settings_set_strv (self->settings, "arxiv-categories", (const char * const *)after);

  gtk_window_close (GTK_WINDOW (self));
}

static void
gleaner_category_picker_constructed (GObject *object)
{
  GleanerCategoryPicker *self = (GleanerCategoryPicker *)object;
  g_auto(GStrv) followed = NULL;

  G_OBJECT_CLASS (gleaner_category_picker_parent_class)->constructed (object);

  g_assert (G_IS_SETTINGS (self->settings));

  followed = g_settings_get_strv (self->settings, "arxiv-categories");
  for (guint i = 0; followed[i] != NULL; i++)
    {
      const GleanerArxivCategory *category = gleaner_arxiv_category_lookup (followed[i]);

      /* The set holds the table's static strings, so it needs no copies. */
      if (category != NULL)
        g_hash_table_add (self->ticked, (gpointer)category->code);
    }

  build_groups (self);
  update_title (self);
}

static void
gleaner_category_picker_dispose (GObject *object)
{
  GleanerCategoryPicker *self = (GleanerCategoryPicker *)object;

  g_clear_object (&self->settings);
  g_clear_pointer (&self->checks, g_hash_table_unref);

  G_OBJECT_CLASS (gleaner_category_picker_parent_class)->dispose (object);
}

static void
gleaner_category_picker_finalize (GObject *object)
{
  GleanerCategoryPicker *self = (GleanerCategoryPicker *)object;

  g_clear_pointer (&self->ticked, g_hash_table_unref);

  G_OBJECT_CLASS (gleaner_category_picker_parent_class)->finalize (object);
}

static void
gleaner_category_picker_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  GleanerCategoryPicker *self = GLEANER_CATEGORY_PICKER (object);

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
gleaner_category_picker_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  GleanerCategoryPicker *self = GLEANER_CATEGORY_PICKER (object);

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
gleaner_category_picker_class_init (GleanerCategoryPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = gleaner_category_picker_constructed;
  object_class->dispose = gleaner_category_picker_dispose;
  object_class->finalize = gleaner_category_picker_finalize;
  object_class->get_property = gleaner_category_picker_get_property;
  object_class->set_property = gleaner_category_picker_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gleaner/Gleaner/gleaner-category-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, GleanerCategoryPicker, window_title);
  gtk_widget_class_bind_template_child (widget_class, GleanerCategoryPicker, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GleanerCategoryPicker, stack);
  gtk_widget_class_bind_template_child (widget_class, GleanerCategoryPicker, groups_box);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);

  gtk_widget_class_install_action (widget_class, "picker.follow", NULL, follow_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
gleaner_category_picker_init (GleanerCategoryPicker *self)
{
  self->checks = g_hash_table_new (g_str_hash, g_str_equal);
  self->ticked = g_hash_table_new (g_str_hash, g_str_equal);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Typing anywhere in the window searches; no search delay, matching is instant. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  gtk_search_entry_set_search_delay (self->search_entry, 0);
}

GtkWidget *
gleaner_category_picker_new (GtkWindow *parent,
                             GSettings *settings)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (GLEANER_TYPE_CATEGORY_PICKER,
                       "transient-for", parent,
                       "settings", settings,
                       NULL);
}

GtkEditable *
gleaner_category_picker_get_search_entry (GleanerCategoryPicker *self)
{
  g_return_val_if_fail (GLEANER_IS_CATEGORY_PICKER (self), NULL);
  return GTK_EDITABLE (self->search_entry);
}

GtkWidget *
gleaner_category_picker_get_check (GleanerCategoryPicker *self,
                                   const char            *code)
{
  g_return_val_if_fail (GLEANER_IS_CATEGORY_PICKER (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  return self->checks != NULL ? g_hash_table_lookup (self->checks, code) : NULL;
}

GtkWidget *
gleaner_category_picker_get_row (GleanerCategoryPicker *self,
                                 const char            *code)
{
  GtkWidget *check = gleaner_category_picker_get_check (self, code);

  return check != NULL ? gtk_widget_get_ancestor (check, ADW_TYPE_ACTION_ROW) : NULL;
}

gboolean
gleaner_category_picker_is_shown (GleanerCategoryPicker *self,
                                  const char            *code)
{
  GtkWidget *row = gleaner_category_picker_get_row (self, code);

  g_return_val_if_fail (GLEANER_IS_CATEGORY_PICKER (self), FALSE);

  if (row == NULL || g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "list") != 0)
    return FALSE;

  /* Shown if it and every ancestor up to the list of groups are visible. */
  for (GtkWidget *w = row; w != NULL && w != self->groups_box; w = gtk_widget_get_parent (w))
    if (!gtk_widget_get_visible (w))
      return FALSE;

  return TRUE;
}
