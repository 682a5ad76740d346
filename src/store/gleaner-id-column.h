/* gleaner-id-column.h — a list's row ids, packed: what a result of a million papers keeps
 * in memory while it is shown.
 *
 * The ids go in blocks of GLEANER_ID_COLUMN_BLOCK, each stored either on a line (its start,
 * a slope of −1, 0 or +1 per position, and every id's distance above it) or as steps (its
 * first id, then each step to the next), in as few bits as the block's largest distance or
 * step needs. A list's order follows the order papers were stored in more often than not
 * (newest first, a day's listing together, a vote count's papers newest first), so
 * neighbours are close: a run of consecutive ids takes no bits at all (a million newest
 * first: 0.1 byte each instead of 4), ids within 256 of each other a byte, and a shuffled
 * million about 2.6 bytes. Reading one on a line is a shift and a mask, as steps a sum of
 * up to 127; finding one skips every line whose range cannot hold it.
 *
 * Immutable once made, reference counted, safe to share between threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GLEANER_ID_COLUMN_BLOCK 128

typedef struct _GleanerIdColumn GleanerIdColumn;
typedef struct _GleanerIdColumnBuilder GleanerIdColumnBuilder;

GleanerIdColumn *gleaner_id_column_new       (const guint32   *ids,
                                              guint            n_ids);
GleanerIdColumn *gleaner_id_column_ref       (GleanerIdColumn *self);
void             gleaner_id_column_unref     (GleanerIdColumn *self);
guint            gleaner_id_column_get_len   (GleanerIdColumn *self);
guint32          gleaner_id_column_get       (GleanerIdColumn *self,
                                              guint            position);
/* Ids @from to @from + @n − 1 into @out: what reads many in a row uses (a block's steps
 * are summed once, not for each id). */
void             gleaner_id_column_read      (GleanerIdColumn *self,
                                              guint            from,
                                              guint            n,
                                              guint32         *out);
/* The first position in [@from, @to) holding @id, or G_MAXUINT. */
guint            gleaner_id_column_find      (GleanerIdColumn *self,
                                              guint32          id,
                                              guint            from,
                                              guint            to);
/* The ids unpacked, for the work that wants them all (comparing two results). */
GArray          *gleaner_id_column_to_array  (GleanerIdColumn *self);
/* What it holds in memory, in bytes. */
gsize            gleaner_id_column_get_size  (GleanerIdColumn *self);

/* Packs ids as they come, a block at a time: a million ids collected never exist unpacked. */
GleanerIdColumnBuilder *gleaner_id_column_builder_new     (void);
void             gleaner_id_column_builder_append  (GleanerIdColumnBuilder *self,
                                                    guint32                 id);
guint            gleaner_id_column_builder_get_len (GleanerIdColumnBuilder *self);
/* Frees @self. */
GleanerIdColumn *gleaner_id_column_builder_end     (GleanerIdColumnBuilder *self);
void             gleaner_id_column_builder_free    (GleanerIdColumnBuilder *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GleanerIdColumn, gleaner_id_column_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GleanerIdColumnBuilder, gleaner_id_column_builder_free)

G_END_DECLS
