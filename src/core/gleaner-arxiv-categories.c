/* gleaner-arxiv-categories.c — lookups and search over arXiv's category taxonomy.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-arxiv-categories"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gleaner-arxiv-categories-private.h"

const char *
gleaner_arxiv_group_get_name (GleanerArxivGroup group)
{
  g_return_val_if_fail (group < GLEANER_ARXIV_N_GROUPS, NULL);

  return _(gleaner_arxiv_group_names[group]);
}

const GleanerArxivCategory *
gleaner_arxiv_categories_get_all (guint *n_categories)
{
  if (n_categories != NULL)
    *n_categories = gleaner_arxiv_category_table_len;

  return gleaner_arxiv_category_table;
}

const GleanerArxivCategory *
gleaner_arxiv_categories_get_group (GleanerArxivGroup  group,
                                    guint             *n_categories)
{
  guint first = 0, n = 0;

  g_return_val_if_fail (group < GLEANER_ARXIV_N_GROUPS, NULL);

  /* The table is sorted by group, so a group is one slice of it. */
  while (first < gleaner_arxiv_category_table_len &&
         gleaner_arxiv_category_table[first].group != group)
    first++;
  while (first + n < gleaner_arxiv_category_table_len &&
         gleaner_arxiv_category_table[first + n].group == group)
    n++;

  if (n_categories != NULL)
    *n_categories = n;

  return n > 0 ? &gleaner_arxiv_category_table[first] : NULL;
}

const GleanerArxivCategory *
gleaner_arxiv_category_lookup (const char *code)
{
  if (code == NULL)
    return NULL;

  /* 155 short comparisons: cheaper than keeping a hash table alive. */
  for (guint i = 0; i < gleaner_arxiv_category_table_len; i++)
    if (strcmp (gleaner_arxiv_category_table[i].code, code) == 0)
      return &gleaner_arxiv_category_table[i];

  return NULL;
}

const char *
gleaner_arxiv_category_get_name (const GleanerArxivCategory *category)
{
  g_return_val_if_fail (category != NULL, NULL);

  return _(category->name);
}

char *
gleaner_arxiv_category_dup_label (const GleanerArxivCategory *category)
{
  g_return_val_if_fail (category != NULL, NULL);

  /* Translators: an arXiv category: its code, then its name ("cs.LG — Machine Learning"). */
  return g_strdup_printf (_("%s — %s"), category->code, gleaner_arxiv_category_get_name (category));
}

static gboolean
contains_casefolded (const char *haystack,
                     const char *folded_needle)
{
  g_autofree char *folded = g_utf8_casefold (haystack, -1);

  return strstr (folded, folded_needle) != NULL;
}

gboolean
gleaner_arxiv_category_matches (const GleanerArxivCategory *category,
                                const char                 *query)
{
  g_auto(GStrv) words = NULL;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (category != NULL, FALSE);

  if (query == NULL)
    return TRUE;

  folded = g_utf8_casefold (query, -1);
  words = g_strsplit_set (g_strstrip (folded), " \t\n", -1);

  /* Every word must be found somewhere, so "machine learn" narrows and "learning stat"
   * finds stat.ML; the English name keeps English searches working in a translated UI. */
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (!contains_casefolded (category->code, words[i]) &&
          !contains_casefolded (category->name, words[i]) &&
          !contains_casefolded (gleaner_arxiv_category_get_name (category), words[i]))
        return FALSE;
    }

  return TRUE;
}
