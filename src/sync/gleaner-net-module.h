/* gleaner-net-module.h — what the network module hands the application: the entry points of
 * gleaner-net.h's network half that the rest of the program calls, as a table checked
 * against this build (see gleaner-net-loader.c). Private to the sync layer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gleaner-arxiv-completer.h"
#include "gleaner-arxiv-source.h"
#include "gleaner-fetcher.h"
#include "gleaner-hf-source.h"

G_BEGIN_DECLS

/* The loader refuses a module whose table is of another build: an installed module next to
 * an executable of the build tree, or the other way round. */
#define GLEANER_NET_MODULE_ABI GLEANER_NET_BUILD_ID
#define GLEANER_NET_MODULE_ENTRY "gleaner_net_module_get"

typedef struct
{
  const char *abi;
  gsize       size;

  GType                  (*fetcher_get_type)           (void);
  GleanerFetcher        *(*fetcher_new)                (void);

  GleanerHfSource       *(*hf_source_new)              (const char            *base_url);
  void                   (*hf_source_set_base_url)     (GleanerHfSource       *self,
                                                        const char            *base_url);
  void                   (*hf_source_set_daily)        (GleanerHfSource       *self,
                                                        gboolean               daily);
  void                   (*hf_source_set_trending)     (GleanerHfSource       *self,
                                                        gboolean               trending);
  void                   (*hf_source_set_backfill_days) (GleanerHfSource      *self,
                                                        guint                  days);

  GleanerArxivSource    *(*arxiv_source_new)           (const char            *rss_url,
                                                        const char            *api_url);
  void                   (*arxiv_source_set_rss_url)   (GleanerArxivSource    *self,
                                                        const char            *rss_url);
  void                   (*arxiv_source_set_api_url)   (GleanerArxivSource    *self,
                                                        const char            *api_url);
  void                   (*arxiv_source_set_categories) (GleanerArxivSource   *self,
                                                        const char * const    *categories);
  void                   (*arxiv_source_set_backfill_days) (GleanerArxivSource *self,
                                                        guint                  days);

  GType                  (*arxiv_completer_get_type)   (void);
  GleanerArxivCompleter *(*arxiv_completer_new)        (GleanerArxivSource    *source,
                                                        GleanerFetcher        *fetcher,
                                                        GleanerStore          *store);
  gboolean               (*arxiv_completer_request)    (GleanerArxivCompleter *self,
                                                        GleanerPaper          *paper);
  void                   (*arxiv_completer_cancel)     (GleanerArxivCompleter *self);
} GleanerNetModule;

typedef const GleanerNetModule *(*GleanerNetModuleEntry) (void);

G_END_DECLS
