/* gleaner-net-loader.c — gleaner-net.h for the application: finds libgleaner-net.so, checks it
 * is this build's, and forwards the network half's entry points to it (the only functions of
 * the half the rest of the program calls; gleaner-net-module.h lists them).
 *
 * An executable of the build tree loads the build tree's module, an installed one the
 * installed module. Once loaded the module stays: its types are registered for good.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gmodule.h>
#include <stdlib.h>

#include "gleaner-net.h"
#include "gleaner-net-module.h"

static GMutex load_lock;
static const GleanerNetModule *loaded;   /* set once, under load_lock; read atomically */

gboolean
gleaner_net_is_loaded (void)
{
  return g_atomic_pointer_get (&loaded) != NULL;
}

/* The build tree's module for an executable of the build tree, else the installed one. */
static char *
dup_module_dir (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  /* The link is resolved; the build root as configured may not be. */
  g_autofree char *root = realpath (GLEANER_BUILD_ROOT, NULL);
  g_autofree char *prefix = root != NULL ? g_strconcat (root, G_DIR_SEPARATOR_S, NULL) : NULL;

  if (exe != NULL && prefix != NULL && g_str_has_prefix (exe, prefix))
    return g_strdup (GLEANER_NET_BUILD_DIR);
  return g_strdup (GLEANER_NET_MODULE_DIR);
}

static gboolean
load_locked (GError **error)
{
  g_autofree char *dir = dup_module_dir ();
  g_autofree char *path = g_module_build_path (dir, "gleaner-net");
  GleanerNetModuleEntry entry = NULL;
  const GleanerNetModule *table;
  GModule *module;

  /* Local: its symbols (the same names as the forwarders below) must not resolve other
   * modules' references; it binds its own internally. */
  if ((module = g_module_open (path, G_MODULE_BIND_LOCAL)) == NULL)
    {
      g_set_error (error, GLEANER_NET_ERROR, GLEANER_NET_ERROR_MODULE,
                   _("Gleaner’s network support could not be loaded (%s); reinstalling Gleaner may help"),
                   g_module_error ());
      return FALSE;
    }

  if (!g_module_symbol (module, GLEANER_NET_MODULE_ENTRY, (gpointer *) &entry) || entry == NULL ||
      (table = entry ()) == NULL || table->size != sizeof (GleanerNetModule) ||
      g_strcmp0 (table->abi, GLEANER_NET_MODULE_ABI) != 0)
    {
      g_set_error (error, GLEANER_NET_ERROR, GLEANER_NET_ERROR_MODULE,
                   _("Gleaner’s network support at %s belongs to another build of Gleaner; reinstalling Gleaner may help"),
                   path);
      g_module_close (module);
      return FALSE;
    }

  g_module_make_resident (module);
  g_atomic_pointer_set (&loaded, table);
  g_debug ("Loaded %s", path);

  return TRUE;
}

gboolean
gleaner_net_load (GError **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&load_lock);

  if (gleaner_net_is_loaded ())
    return TRUE;
  return load_locked (error);
}

/* The forwarders. Callers load the module first; one that did not (a bug) loads it here. */
static const GleanerNetModule *
net (void)
{
  g_autoptr(GError) error = NULL;

  if (G_LIKELY (gleaner_net_is_loaded ()))
    return g_atomic_pointer_get (&loaded);

  g_warning ("The network half was called before it was loaded");
  if (!gleaner_net_load (&error))
    g_error ("%s", error->message);
  return g_atomic_pointer_get (&loaded);
}

GType
gleaner_fetcher_get_type (void)
{
  return net ()->fetcher_get_type ();
}

GleanerFetcher *
gleaner_fetcher_new (void)
{
  return net ()->fetcher_new ();
}

GleanerHfSource *
gleaner_hf_source_new (const char *base_url)
{
  return net ()->hf_source_new (base_url);
}

void
gleaner_hf_source_set_base_url (GleanerHfSource *self,
                                const char      *base_url)
{
  net ()->hf_source_set_base_url (self, base_url);
}

void
gleaner_hf_source_set_daily (GleanerHfSource *self,
                             gboolean         daily)
{
  net ()->hf_source_set_daily (self, daily);
}

void
gleaner_hf_source_set_trending (GleanerHfSource *self,
                                gboolean         trending)
{
  net ()->hf_source_set_trending (self, trending);
}

void
gleaner_hf_source_set_backfill_days (GleanerHfSource *self,
                                     guint            days)
{
  net ()->hf_source_set_backfill_days (self, days);
}

GleanerArxivSource *
gleaner_arxiv_source_new (const char *rss_url,
                          const char *api_url)
{
  return net ()->arxiv_source_new (rss_url, api_url);
}

void
gleaner_arxiv_source_set_rss_url (GleanerArxivSource *self,
                                  const char         *rss_url)
{
  net ()->arxiv_source_set_rss_url (self, rss_url);
}

void
gleaner_arxiv_source_set_api_url (GleanerArxivSource *self,
                                  const char         *api_url)
{
  net ()->arxiv_source_set_api_url (self, api_url);
}

void
gleaner_arxiv_source_set_categories (GleanerArxivSource *self,
                                     const char * const *categories)
{
  net ()->arxiv_source_set_categories (self, categories);
}

void
gleaner_arxiv_source_set_backfill_days (GleanerArxivSource *self,
                                        guint               days)
{
  net ()->arxiv_source_set_backfill_days (self, days);
}

GType
gleaner_arxiv_completer_get_type (void)
{
  return net ()->arxiv_completer_get_type ();
}

GleanerArxivCompleter *
gleaner_arxiv_completer_new (GleanerArxivSource *source,
                             GleanerFetcher     *fetcher,
                             GleanerStore       *store)
{
  return net ()->arxiv_completer_new (source, fetcher, store);
}

gboolean
gleaner_arxiv_completer_request (GleanerArxivCompleter *self,
                                 GleanerPaper          *paper)
{
  return net ()->arxiv_completer_request (self, paper);
}

void
gleaner_arxiv_completer_cancel (GleanerArxivCompleter *self)
{
  net ()->arxiv_completer_cancel (self);
}
