/* gleaner-store-query-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the list queries (gleaner-store-query.c) share with the searches in vote order
 * (gleaner-store-voted.c): the collection the plans hand their ids to, in list order, and the
 * test of one paper's text against the search words.
 */

#pragma once

#include "gleaner-store-internal.h"
#include "gleaner-store-private.h"

G_BEGIN_DECLS

/* A set of paper ids: a bitmap for the ids the store hands out (up to ID_SET_BITMAP_MAX_ID,
 * at most 16 MiB), a sorted array for any larger. */
#define ID_SET_BITMAP_MAX_ID ((gint64)1 << 27)

typedef struct
{
  guint8 *bits;     /* ids 0 .. n_bits - 1, or NULL */
  gint64  n_bits;
  GArray *sorted;   /* gint64, when bits is NULL */
  guint   n;        /* distinct ids */
} IdSet;

void      _gleaner_id_set_init     (IdSet        *set,
                                    GArray       *ids);
gboolean  _gleaner_id_set_contains (const IdSet  *set,
                                    gint64        id);
void      _gleaner_id_set_clear    (IdSet        *set);

typedef struct
{
  GArray              *ids;
  GleanerStoreIdsFunc  first_page;
  gpointer             user_data;
  gboolean             page_sent;
  const IdSet         *scope;    /* NULL: every paper */
  gboolean             narrow;   /* @ids holds guint32, not gint64 (a paper list's) */
  guint64              count;    /* papers handed over when @ids is NULL (counting only) */
  GleanerIdColumnBuilder *builder;  /* instead of @ids: packed as they come */
  /* The first ids, handed to @first_page once there are GLEANER_STORE_FIRST_PAGE. */
  guint                n_page;
  gint64               page[GLEANER_STORE_FIRST_PAGE];
} Collect;

/* Appends @id (if in scope) and hands over the first page once it is full. */
void      _gleaner_collect_append  (Collect      *collect,
                                    gint64        id);

/* The search words of a list match, as FTS5 reads them. */
typedef struct HeadWords HeadWords;

/* The columns the full-text index reads, of the paper aliased @p, as _gleaner_head_matches()
 * reads them from column 1 on. */
#define HEAD_TEXT_COLUMNS(p) \
  p ".title, " p ".abstract, " INDEXED_LIST (p ".authors") ", " INDEXED_LIST (p ".ai_keywords")

/* Whether the paper in @stmt's row (HEAD_TEXT_COLUMNS() from column 1 on) matches @hw, as the
 * index would say. */
gboolean  _gleaner_head_matches    (Tokenizer    *tok,
                                    HeadWords    *hw,
                                    sqlite3_stmt *stmt);

/* gleaner-store-voted.c: the matches of ?1 (@match) in vote order, for @filter ALL or UNREAD,
 * leaving out the ranked papers when @trending; @hw (may be NULL) tests a paper in C.
 * Returns SQLite's last code (SQLITE_DONE when all went well). */
int       _gleaner_store_collect_voted (sqlite3       *db,
                                        GleanerFilter  filter,
                                        gboolean       trending,
                                        const char    *match,
                                        Tokenizer     *tok,
                                        HeadWords     *hw,
                                        Collect       *collect);

G_END_DECLS
