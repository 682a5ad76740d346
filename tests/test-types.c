/* test-types.c — the generated enum GTypes against the GSettings schema.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-types"

#include "config.h"

#include <gio/gio.h>

#include "gleaner-enums.h"
#include "gleaner-types.h"
#include "gleaner-test-util.h"

/* Every nick of the schema's enum names the same value in the GType, and nothing more: the
 * "filter" and "sort" keys and a GParamSpec of the enum then mean the same. */
static void
check_key (GType       type,
           const char *type_name,
           const char *key_name)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) key = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GVariant) range = NULL;
  g_autoptr(GVariant) nicks = NULL;
  g_autoptr(GEnumClass) klass = NULL;
  const char *range_type;

  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (),
                                            SCHEMA_ID, TRUE);
  g_assert_nonnull (schema);
  key = g_settings_schema_get_key (schema, key_name);
  settings = g_settings_new (SCHEMA_ID);
  klass = g_type_class_ref (type);

  g_assert_cmpstr (g_type_name (type), ==, type_name);

  range = g_settings_schema_key_get_range (key);
  g_variant_get (range, "(&sv)", &range_type, &nicks);
  g_assert_cmpstr (range_type, ==, "enum");
  g_assert_cmpuint (g_variant_n_children (nicks), ==, klass->n_values);

  for (gsize i = 0; i < g_variant_n_children (nicks); i++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (nicks, i);
      const char *nick = g_variant_get_string (child, NULL);
      GEnumValue *value = g_enum_get_value_by_nick (klass, nick);

      g_assert_nonnull (value);
      g_assert_true (g_settings_set_string (settings, key_name, nick));
      g_assert_cmpint (g_settings_get_enum (settings, key_name), ==, value->value);
    }

  g_settings_reset (settings, key_name);
}

static void
test_filter (void)
{
  check_key (GLEANER_TYPE_FILTER, "GleanerFilter", "filter");
}

static void
test_sort (void)
{
  check_key (GLEANER_TYPE_SORT, "GleanerSort", "sort");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  gleaner_test_add_func ("/types/filter", test_filter);
  gleaner_test_add_func ("/types/sort", test_sort);

  gleaner_test_add_queued ();

  return g_test_run ();
}
