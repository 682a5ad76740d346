/* gleaner-bench-sqlite-clock.c — counts the time the main thread spends inside SQLite.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The benchmark is linked with `-Wl,--wrap=sqlite3_step` (and the other calls below), so every
 * call that Gleaner's static libraries make goes through these wrappers first. Only calls made
 * on the thread that started the clock are timed: the store's own threads may take as long as
 * they like, the main thread may not (a frame is 16 ms). The same figure as an LD_PRELOAD shim,
 * without a second library to build.
 */

#include "config.h"

#include <sqlite3.h>
#include <time.h>

#include "gleaner-bench-sqlite-clock.h"

int __real_sqlite3_open_v2 (const char *, sqlite3 **, int, const char *);
int __real_sqlite3_prepare_v2 (sqlite3 *, const char *, int, sqlite3_stmt **, const char **);
int __real_sqlite3_prepare_v3 (sqlite3 *, const char *, int, unsigned int, sqlite3_stmt **,
                               const char **);
int __real_sqlite3_step (sqlite3_stmt *);
int __real_sqlite3_exec (sqlite3 *, const char *, int (*) (void *, int, char **, char **),
                         void *, char **);
int __real_sqlite3_reset (sqlite3_stmt *);
int __real_sqlite3_finalize (sqlite3_stmt *);
int __real_sqlite3_close (sqlite3 *);
int __real_sqlite3_close_v2 (sqlite3 *);

int __wrap_sqlite3_open_v2 (const char *, sqlite3 **, int, const char *);
int __wrap_sqlite3_prepare_v2 (sqlite3 *, const char *, int, sqlite3_stmt **, const char **);
int __wrap_sqlite3_prepare_v3 (sqlite3 *, const char *, int, unsigned int, sqlite3_stmt **,
                               const char **);
int __wrap_sqlite3_step (sqlite3_stmt *);
int __wrap_sqlite3_exec (sqlite3 *, const char *, int (*) (void *, int, char **, char **),
                         void *, char **);
int __wrap_sqlite3_reset (sqlite3_stmt *);
int __wrap_sqlite3_finalize (sqlite3_stmt *);
int __wrap_sqlite3_close (sqlite3 *);
int __wrap_sqlite3_close_v2 (sqlite3 *);

static GThread *watched;  /* NULL: not counting */
static GMutex   lock;
static gint64   total_ns;
static gint64   longest_ns;
static guint    calls;

static inline gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64)ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static inline gboolean
watching (void)
{
  return g_atomic_pointer_get (&watched) == (gpointer)g_thread_self ();
}

static inline void
account (gint64 start)
{
  gint64 spent = now_ns () - start;

  g_mutex_lock (&lock);
  total_ns += spent;
  longest_ns = MAX (longest_ns, spent);
  calls++;
  g_mutex_unlock (&lock);
}

/* Times @call when the watched thread makes it. */
#define TIMED(call)                         \
  G_STMT_START {                            \
    gint64 _start;                          \
    int _ret;                               \
    if (!watching ())                       \
      return call;                          \
    _start = now_ns ();                     \
    _ret = call;                            \
    account (_start);                       \
    return _ret;                            \
  } G_STMT_END

void
gleaner_bench_sqlite_clock_start (void)
{
  g_mutex_lock (&lock);
  total_ns = longest_ns = 0;
  calls = 0;
  g_mutex_unlock (&lock);
  g_atomic_pointer_set (&watched, g_thread_self ());
}

void
gleaner_bench_sqlite_clock_stop (void)
{
  g_atomic_pointer_set (&watched, NULL);
}

void
gleaner_bench_sqlite_clock_read (double *total_ms,
                                 double *longest_ms,
                                 guint  *n_calls)
{
  g_mutex_lock (&lock);
  *total_ms = total_ns / 1e6;
  *longest_ms = longest_ns / 1e6;
  *n_calls = calls;
  g_mutex_unlock (&lock);
}

int
__wrap_sqlite3_open_v2 (const char *filename, sqlite3 **db, int flags, const char *vfs)
{
  TIMED (__real_sqlite3_open_v2 (filename, db, flags, vfs));
}

int
__wrap_sqlite3_prepare_v2 (sqlite3 *db, const char *sql, int n, sqlite3_stmt **stmt,
                           const char **tail)
{
  TIMED (__real_sqlite3_prepare_v2 (db, sql, n, stmt, tail));
}

int
__wrap_sqlite3_prepare_v3 (sqlite3 *db, const char *sql, int n, unsigned int flags,
                           sqlite3_stmt **stmt, const char **tail)
{
  TIMED (__real_sqlite3_prepare_v3 (db, sql, n, flags, stmt, tail));
}

int
__wrap_sqlite3_step (sqlite3_stmt *stmt)
{
  TIMED (__real_sqlite3_step (stmt));
}

int
__wrap_sqlite3_exec (sqlite3 *db, const char *sql, int (*cb) (void *, int, char **, char **),
                     void *data, char **errmsg)
{
  TIMED (__real_sqlite3_exec (db, sql, cb, data, errmsg));
}

int
__wrap_sqlite3_reset (sqlite3_stmt *stmt)
{
  TIMED (__real_sqlite3_reset (stmt));
}

int
__wrap_sqlite3_finalize (sqlite3_stmt *stmt)
{
  TIMED (__real_sqlite3_finalize (stmt));
}

int
__wrap_sqlite3_close (sqlite3 *db)
{
  TIMED (__real_sqlite3_close (db));
}

int
__wrap_sqlite3_close_v2 (sqlite3 *db)
{
  TIMED (__real_sqlite3_close_v2 (db));
}
