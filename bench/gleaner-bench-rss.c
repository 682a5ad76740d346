/* gleaner-bench-rss.c — resident memory by kind, from /proc/self/smaps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>
#include <string.h>

#include "gleaner-bench-rss.h"

static const char *keys[GLEANER_BENCH_RSS_N_KINDS] = { "heap", "anon", "code", "fonts", "other" };

static const char *names[GLEANER_BENCH_RSS_N_KINDS] = {
  "main thread's heap",
  "other anonymous (threads' heaps and stacks, large blocks)",
  "code (executable, libraries)",
  "fonts and fontconfig caches",
  "other files, shared memory",
};

const char *
gleaner_bench_rss_kind_name (GleanerBenchRssKind kind)
{
  g_return_val_if_fail (kind < GLEANER_BENCH_RSS_N_KINDS, NULL);
  return names[kind];
}

static GleanerBenchRssKind
kind_of (const char *path)
{
  if (*path == '\0' || (path[0] == '[' && strcmp (path, "[heap]") != 0))
    return GLEANER_BENCH_RSS_ANON;   /* also [stack] and the kernel's [vvar], [vdso] */
  if (strcmp (path, "[heap]") == 0)
    return GLEANER_BENCH_RSS_HEAP;
  if (g_str_has_prefix (path, "/usr/share/fonts/") || strstr (path, "/fontconfig/") != NULL)
    return GLEANER_BENCH_RSS_FONTS;
  if (strstr (path, ".so") != NULL || g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    return GLEANER_BENCH_RSS_CODE;
  return GLEANER_BENCH_RSS_OTHER;
}

gboolean
gleaner_bench_rss_read (GleanerBenchRss *rss)
{
  g_autofree char *smaps = NULL;
  g_auto(GStrv) lines = NULL;
  GleanerBenchRssKind kind = GLEANER_BENCH_RSS_ANON;

  memset (rss, 0, sizeof *rss);
  if (!g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL))
    return FALSE;

  lines = g_strsplit (smaps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      unsigned long start, end;
      int path_at = 0;
      guint64 kb;

      /* A mapping's header: "start-end perms offset dev inode   path". */
      if (sscanf (line, "%lx-%lx %*s %*s %*s %*s %n", &start, &end, &path_at) == 2 && path_at > 0)
        {
          const char *path = line + path_at;

          while (*path == ' ')
            path++;
          kind = kind_of (path);
        }
      else if (g_str_has_prefix (line, "Rss:") &&
               sscanf (line + 4, "%" G_GUINT64_FORMAT, &kb) == 1)
        rss->mb[kind] += kb / 1024.0;
    }

  return TRUE;
}

char *
gleaner_bench_rss_format (const GleanerBenchRss *rss)
{
  GString *s = g_string_new (NULL);

  for (guint k = 0; k < GLEANER_BENCH_RSS_N_KINDS; k++)
    g_string_append_printf (s, "%s%s=%.1f", k ? " " : "", keys[k], rss->mb[k]);
  return g_string_free (s, FALSE);
}

gboolean
gleaner_bench_rss_parse (const char      *text,
                         GleanerBenchRss *rss)
{
  guint found = 0;

  memset (rss, 0, sizeof *rss);
  for (guint k = 0; k < GLEANER_BENCH_RSS_N_KINDS; k++)
    {
      g_autofree char *key = g_strdup_printf ("%s=", keys[k]);
      const char *at = text != NULL ? strstr (text, key) : NULL;

      if (at != NULL)
        {
          rss->mb[k] = g_ascii_strtod (at + strlen (key), NULL);
          found++;
        }
    }

  return found == GLEANER_BENCH_RSS_N_KINDS;
}
