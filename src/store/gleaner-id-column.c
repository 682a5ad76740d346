/* gleaner-id-column.c — see gleaner-id-column.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "gleaner-id-column.h"

/* A block is packed one of two ways, whichever takes fewer bits:
 *
 * - on a line: id i is lows[b] + slope × i + the i-th value of widths[b] bits at starts[b];
 *   the slope (−1, 0 or +1) makes a run of consecutive ids take no bits at all;
 * - as steps: id 0 is lows[b], and value i − 1 is the step from id i − 1 to id i (down, up,
 *   or either way zigzag-coded): ids sorted within a block (a vote count's papers, newest
 *   first) step by less than they spread.
 *
 * Reading an id on a line is a shift and a mask; as steps, a sum of up to 127 steps.
 *
 * The bits are kept in segments of SEGMENT_SIZE bytes, never moved once written: one buffer
 * grown by doubling as a million ids came left each of its old copies behind, a megabyte of
 * holes in the worker's heap at every start. */
#define SEGMENT_BITS 16
#define SEGMENT_SIZE (1u << SEGMENT_BITS)

enum
{
  STEPS_DOWN = 2,
  STEPS_UP,
  STEPS_ZIGZAG,
};
struct _GleanerIdColumn
{
  gint     ref_count;
  guint    len;
  guint    n_blocks;
  gint64  *lows;      /* per block: the smallest of id − slope × i */
  guint32 *starts;    /* per block: its segment << SEGMENT_BITS | where its bits start there */
  guint8  *widths;    /* per block: bits per id (0: every id is on the slope) */
  gint8   *slopes;    /* −1, 0, +1: on a line; STEPS_*: as steps */
  guint8 **segments;  /* each with 8 bytes after its last block: reads take 8 at a time */
  guint    n_segments;
  gsize    data_size;
};

static guint
bits_for (guint64 value)
{
  return value == 0 ? 0 : 64 - __builtin_clzll (value);
}

/* A column being made: its frames and bits so far, and the block not packed yet. */
struct _GleanerIdColumnBuilder
{
  GArray     *lows;
  GArray     *starts;
  GArray     *widths;
  GArray     *slopes;
  GPtrArray  *segments;
  guint       used;      /* bytes of the last segment */
  gsize       data_size;
  guint       len;
  guint       n_pending;
  guint32     pending[GLEANER_ID_COLUMN_BLOCK];
};

GleanerIdColumnBuilder *
gleaner_id_column_builder_new (void)
{
  GleanerIdColumnBuilder *self = g_new0 (GleanerIdColumnBuilder, 1);

  self->lows = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->starts = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->widths = g_array_new (FALSE, FALSE, sizeof (guint8));
  self->slopes = g_array_new (FALSE, FALSE, sizeof (gint8));
  self->segments = g_ptr_array_new_with_free_func (g_free);

  return self;
}

void
gleaner_id_column_builder_free (GleanerIdColumnBuilder *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->lows);
  g_array_unref (self->starts);
  g_array_unref (self->widths);
  g_array_unref (self->slopes);
  g_ptr_array_unref (self->segments);
  g_free (self);
}

/* Packs @n ids (at most a block) as the next block. */
static void
pack_block (GleanerIdColumnBuilder *self,
            const guint32          *block,
            guint                   n)
{
  guint8 width = G_MAXUINT8;
  gint8 slope = 0;
  gint64 low = 0;
  guint32 start = 0;
  guint n_values;
  gsize n_bytes;
  guint8 *out;

  for (int s = -1; s <= 1; s++)
    {
      gint64 lo = block[0], hi = block[0];
      guint w;

      for (guint i = 1; i < n; i++)
        {
          gint64 v = (gint64)block[i] - s * (gint64)i;

          lo = MIN (lo, v);
          hi = MAX (hi, v);
        }
      /* A tie goes to the flat frame (slope 0). */
      w = bits_for ((guint64)(hi - lo));
      if (w < width || (w == width && s == 0))
        {
          width = w;
          slope = s;
          low = lo;
        }
    }

  /* As steps, when that is narrower (one value fewer; a line wins a tie). */
  if (width > 0 && n > 1)
    {
      guint64 down = 0, up = 0, zigzag = 0;
      gboolean all_down = TRUE, all_up = TRUE;
      guint w;
      gint8 kind;

      for (guint i = 1; i < n; i++)
        {
          gint64 d = (gint64)block[i] - (gint64)block[i - 1];

          all_down &= d <= 0;
          all_up &= d >= 0;
          down = MAX (down, (guint64)-d);
          up = MAX (up, (guint64)d);
          zigzag = MAX (zigzag, d >= 0 ? (guint64)d << 1 : ((guint64)-d << 1) - 1);
        }
      if (all_down)
        w = bits_for (down), kind = STEPS_DOWN;
      else if (all_up)
        w = bits_for (up), kind = STEPS_UP;
      else
        w = bits_for (zigzag), kind = STEPS_ZIGZAG;
      if ((gsize)w * (n - 1) < (gsize)width * n)
        {
          width = w;
          slope = kind;
          low = block[0];
        }
    }

  n_values = slope <= 1 ? n : n - 1;
  n_bytes = ((gsize)n_values * width + 7) / 8;
  if (width > 0)
    {
      /* A block's bits and the 8 bytes after them stay in one segment. */
      if (self->segments->len == 0 || self->used + n_bytes + 8 > SEGMENT_SIZE)
        {
          g_assert (self->segments->len < (1u << (32 - SEGMENT_BITS)));
          g_ptr_array_add (self->segments, g_malloc (SEGMENT_SIZE));
          self->used = 0;
        }
      start = (self->segments->len - 1) << SEGMENT_BITS | self->used;
    }
  g_array_append_val (self->lows, low);
  g_array_append_val (self->starts, start);
  g_array_append_val (self->widths, width);
  g_array_append_val (self->slopes, slope);
  if (width == 0)
    return;

  /* Zeroed, with the 8 bytes after it: each id is or-ed in through a 64-bit word. */
  out = (guint8 *)g_ptr_array_index (self->segments, self->segments->len - 1) + self->used;
  memset (out, 0, n_bytes + 8);
  self->used += n_bytes;
  self->data_size += n_bytes;
  for (guint i = 0; i < n; i++)
    {
      gsize bit = (gsize)i * width;
      guint64 value, word;

      if (slope <= 1)
        value = (guint64)((gint64)block[i] - slope * (gint64)i - low);
      else if (i == n - 1)
        break;
      else
        {
          /* Step i + 1, as value i. */
          gint64 d = (gint64)block[i + 1] - (gint64)block[i];

          value = slope == STEPS_DOWN ? (guint64)-d :
                  slope == STEPS_UP ? (guint64)d :
                  d >= 0 ? (guint64)d << 1 : ((guint64)-d << 1) - 1;
        }

      memcpy (&word, out + bit / 8, sizeof word);
      word = GUINT64_FROM_LE (word);
      word |= value << (bit % 8);
      word = GUINT64_TO_LE (word);
      memcpy (out + bit / 8, &word, sizeof word);
    }
}

void
gleaner_id_column_builder_append (GleanerIdColumnBuilder *self,
                                  guint32                 id)
{
  self->pending[self->n_pending++] = id;
  self->len++;
  if (self->n_pending == GLEANER_ID_COLUMN_BLOCK)
    {
      pack_block (self, self->pending, self->n_pending);
      self->n_pending = 0;
    }
}

guint
gleaner_id_column_builder_get_len (GleanerIdColumnBuilder *self)
{
  return self->len;
}

GleanerIdColumn *
gleaner_id_column_builder_end (GleanerIdColumnBuilder *self)
{
  GleanerIdColumn *column = g_new0 (GleanerIdColumn, 1);

  if (self->n_pending > 0)
    pack_block (self, self->pending, self->n_pending);

  column->ref_count = 1;
  column->len = self->len;
  column->n_blocks = self->lows->len;
  column->data_size = self->data_size;
  /* The last segment keeps its blocks and the 8 bytes reads take past them. */
  if (self->segments->len > 0)
    {
      guint last = self->segments->len - 1;

      self->segments->pdata[last] = g_realloc (self->segments->pdata[last], self->used + 8);
    }
  column->n_segments = self->segments->len;
  column->lows = (gint64 *)(gpointer)g_array_free (g_steal_pointer (&self->lows), FALSE);
  column->starts = (guint32 *)(gpointer)g_array_free (g_steal_pointer (&self->starts), FALSE);
  column->widths = (guint8 *)(gpointer)g_array_free (g_steal_pointer (&self->widths), FALSE);
  column->slopes = (gint8 *)(gpointer)g_array_free (g_steal_pointer (&self->slopes), FALSE);
  g_ptr_array_set_free_func (self->segments, NULL);
  column->segments = (guint8 **)g_ptr_array_free (g_steal_pointer (&self->segments), FALSE);
  g_free (self);

  return column;
}

GleanerIdColumn *
gleaner_id_column_new (const guint32 *ids,
                       guint          n_ids)
{
  GleanerIdColumnBuilder *builder;

  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  builder = gleaner_id_column_builder_new ();
  for (guint i = 0; i + GLEANER_ID_COLUMN_BLOCK <= n_ids; i += GLEANER_ID_COLUMN_BLOCK)
    {
      pack_block (builder, ids + i, GLEANER_ID_COLUMN_BLOCK);
      builder->len += GLEANER_ID_COLUMN_BLOCK;
    }
  for (guint i = n_ids - n_ids % GLEANER_ID_COLUMN_BLOCK; i < n_ids; i++)
    gleaner_id_column_builder_append (builder, ids[i]);

  return gleaner_id_column_builder_end (builder);
}

GleanerIdColumn *
gleaner_id_column_ref (GleanerIdColumn *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
gleaner_id_column_unref (GleanerIdColumn *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;

  g_free (self->lows);
  g_free (self->slopes);
  g_free (self->starts);
  g_free (self->widths);
  for (guint i = 0; i < self->n_segments; i++)
    g_free (self->segments[i]);
  g_free (self->segments);
  g_free (self);
}

guint
gleaner_id_column_get_len (GleanerIdColumn *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->len;
}

static inline guint64
value_at (GleanerIdColumn *self,
          guint            b,
          guint            i)
{
  guint w = self->widths[b];
  gsize bit = (gsize)i * w;
  guint64 word;

  guint32 start = self->starts[b];
  const guint8 *bits = self->segments[start >> SEGMENT_BITS] + (start & (SEGMENT_SIZE - 1));

  memcpy (&word, bits + bit / 8, sizeof word);
  word = GUINT64_FROM_LE (word) >> (bit % 8);
  return word & ((G_GUINT64_CONSTANT (1) << w) - 1);
}

static inline gint64
step_at (GleanerIdColumn *self,
         guint            b,
         guint            i)
{
  guint64 v = value_at (self, b, i);

  switch (self->slopes[b])
    {
    case STEPS_DOWN:
      return -(gint64)v;
    case STEPS_UP:
      return (gint64)v;
    default:
      return v & 1 ? -(gint64)((v + 1) >> 1) : (gint64)(v >> 1);
    }
}

static inline guint32
get_in_block (GleanerIdColumn *self,
              guint            b,
              guint            i)
{
  gint64 id;

  if (self->slopes[b] <= 1)
    {
      id = self->lows[b] + self->slopes[b] * (gint64)i;
      return (guint32)(self->widths[b] == 0 ? id : id + (gint64)value_at (self, b, i));
    }

  id = self->lows[b];
  for (guint k = 0; k < i; k++)
    id += step_at (self, b, k);
  return (guint32)id;
}

/* Ids @from to @to − 1 of block @b into @out. */
static void
read_block (GleanerIdColumn *self,
            guint            b,
            guint            from,
            guint            to,
            guint32         *out)
{
  if (self->slopes[b] <= 1)
    {
      for (guint i = from; i < to; i++)
        *out++ = get_in_block (self, b, i);
      return;
    }

  {
    gint64 id = self->lows[b];

    for (guint i = 0; i < to; i++)
      {
        if (i >= from)
          *out++ = (guint32)id;
        if (i + 1 < to)
          id += step_at (self, b, i);
      }
  }
}

void
gleaner_id_column_read (GleanerIdColumn *self,
                        guint            from,
                        guint            n,
                        guint32         *out)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (from <= self->len && n <= self->len - from);

  while (n > 0)
    {
      guint b = from / GLEANER_ID_COLUMN_BLOCK;
      guint i = from % GLEANER_ID_COLUMN_BLOCK;
      guint k = MIN (n, GLEANER_ID_COLUMN_BLOCK - i);

      read_block (self, b, i, i + k, out);
      out += k;
      from += k;
      n -= k;
    }
}

guint32
gleaner_id_column_get (GleanerIdColumn *self,
                       guint            position)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (position < self->len, 0);

  return get_in_block (self, position / GLEANER_ID_COLUMN_BLOCK,
                       position % GLEANER_ID_COLUMN_BLOCK);
}

guint
gleaner_id_column_find (GleanerIdColumn *self,
                        guint32          id,
                        guint            from,
                        guint            to)
{
  guint32 block[GLEANER_ID_COLUMN_BLOCK];

  g_return_val_if_fail (self != NULL, G_MAXUINT);

  to = MIN (to, self->len);
  for (guint pos = from; pos < to;)
    {
      guint b = pos / GLEANER_ID_COLUMN_BLOCK;
      guint base = b * GLEANER_ID_COLUMN_BLOCK;
      guint end = MIN (to, base + GLEANER_ID_COLUMN_BLOCK);

      if (self->slopes[b] <= 1)
        {
          /* On a line, the ids lie within [lows + min (slope × i), lows + max (slope × i)
           * + 2^w): outside, none of them is @id. */
          guint w = self->widths[b];
          gint64 first = self->lows[b] + MIN (0, self->slopes[b] * (GLEANER_ID_COLUMN_BLOCK - 1));
          gint64 last = self->lows[b] + MAX (0, self->slopes[b] * (GLEANER_ID_COLUMN_BLOCK - 1)) +
                        (G_GINT64_CONSTANT (1) << w);

          if ((gint64)id >= first && (gint64)id < last)
            for (; pos < end; pos++)
              if (get_in_block (self, b, pos - base) == id)
                return pos;
        }
      else
        {
          read_block (self, b, pos - base, end - base, block);
          for (guint i = 0; pos < end; pos++, i++)
            if (block[i] == id)
              return pos;
        }
      pos = end;
    }

  return G_MAXUINT;
}

GArray *
gleaner_id_column_to_array (GleanerIdColumn *self)
{
  GArray *array;

  g_return_val_if_fail (self != NULL, NULL);

  array = g_array_sized_new (FALSE, FALSE, sizeof (guint32), self->len);
  g_array_set_size (array, self->len);
  gleaner_id_column_read (self, 0, self->len, (guint32 *)(gpointer)array->data);

  return array;
}

gsize
gleaner_id_column_get_size (GleanerIdColumn *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return sizeof *self +
         self->n_blocks * (sizeof (gint64) + sizeof (guint32) + sizeof (guint8) + sizeof (gint8)) +
         self->n_segments * (sizeof (guint8 *) + 8) + self->data_size;
}
