/* gleaner-net-module.c — the entry point of libgleaner-net.so, the network half as a module
 * (see gleaner-net.h). Everything else in the module is hidden; what it needs of the rest of
 * the program (the store, GleanerSource, the sync errors) it finds in the executable, which
 * exports its symbols for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gmodule.h>

#include "gleaner-net-module.h"

G_MODULE_EXPORT const GleanerNetModule *gleaner_net_module_get (void);

static const GleanerNetModule module = {
  .abi = GLEANER_NET_MODULE_ABI,
  .size = sizeof (GleanerNetModule),

  .fetcher_get_type = gleaner_fetcher_get_type,
  .fetcher_new = gleaner_fetcher_new,

  .hf_source_new = gleaner_hf_source_new,
  .hf_source_set_base_url = gleaner_hf_source_set_base_url,
  .hf_source_set_daily = gleaner_hf_source_set_daily,
  .hf_source_set_trending = gleaner_hf_source_set_trending,
  .hf_source_set_backfill_days = gleaner_hf_source_set_backfill_days,

  .arxiv_source_new = gleaner_arxiv_source_new,
  .arxiv_source_set_rss_url = gleaner_arxiv_source_set_rss_url,
  .arxiv_source_set_api_url = gleaner_arxiv_source_set_api_url,
  .arxiv_source_set_categories = gleaner_arxiv_source_set_categories,
  .arxiv_source_set_backfill_days = gleaner_arxiv_source_set_backfill_days,

  .arxiv_completer_get_type = gleaner_arxiv_completer_get_type,
  .arxiv_completer_new = gleaner_arxiv_completer_new,
  .arxiv_completer_request = gleaner_arxiv_completer_request,
  .arxiv_completer_cancel = gleaner_arxiv_completer_cancel,
};

const GleanerNetModule *
gleaner_net_module_get (void)
{
  return &module;
}
