/* gleaner-host-lock.c — politeness towards one host shared by every Gleaner process.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-host-lock"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "gleaner-host-lock.h"

/* flock(2) cannot be interrupted by a GCancellable: try, and between tries wait this long on
 * the cancellable's fd, so a cancel is seen at once and a freed lock within this time. */
#define RETRY_MS  20

struct _GleanerHostLock
{
  int fd;
};

/* Releases still being written: a process must not exit before they are (the kernel would
 * unlock without the next request's time written). */
static GMutex pending_mutex;
static GCond  pending_cond;
static guint  n_pending;

static void
host_lock_free (GleanerHostLock *lock)
{
  if (lock->fd >= 0)
    close (lock->fd);   /* also unlocks */
  g_free (lock);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GleanerHostLock, host_lock_free)

typedef struct
{
  GleanerHostLock *lock;
  gint64           not_before;
} Acquired;

static void
acquired_free (Acquired *acquired)
{
  g_clear_pointer (&acquired->lock, host_lock_free);
  g_free (acquired);
}

/* "NOT_BEFORE WRITTEN_AT\n", both Unix times in µs. */
static gint64
read_not_before (int fd)
{
  char buf[64] = { 0 };
  g_auto(GStrv) fields = NULL;
  gint64 not_before, written_at;
  ssize_t len;

  if ((len = pread (fd, buf, sizeof buf - 1, 0)) <= 0)
    return 0;

  fields = g_strsplit (g_strstrip (buf), " ", 2);
  if (g_strv_length (fields) != 2 ||
      !g_ascii_string_to_signed (fields[0], 10, 0, G_MAXINT64, &not_before, NULL) ||
      !g_ascii_string_to_signed (fields[1], 10, 0, G_MAXINT64, &written_at, NULL))
    return 0;

  /* Written "in the future": the clock went back since, and the time says nothing. */
  if (written_at > g_get_real_time ())
    return 0;

  return not_before;
}

static void
acquire_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(GleanerHostLock) lock = g_new0 (GleanerHostLock, 1);
  g_autofree char *dir = g_path_get_dirname (path);
  GPollFD pollfd = { -1, G_IO_IN, 0 };
  gboolean have_pollfd;
  Acquired *acquired;
  int saved_errno;

  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      (lock->fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0)
    {
      saved_errno = errno;
      lock->fd = -1;
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Cannot open %s: %s"), path, g_strerror (saved_errno));
      return;
    }

  have_pollfd = g_cancellable_make_pollfd (cancellable, &pollfd);

  while (flock (lock->fd, LOCK_EX | LOCK_NB) != 0)
    {
      GError *error = NULL;

      saved_errno = errno;
      if (saved_errno != EWOULDBLOCK && saved_errno != EINTR)
        {
          if (have_pollfd)
            g_cancellable_release_fd (cancellable);
          g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                                   _("Cannot lock %s: %s"), path, g_strerror (saved_errno));
          return;
        }

      if (g_cancellable_set_error_if_cancelled (cancellable, &error))
        {
          if (have_pollfd)
            g_cancellable_release_fd (cancellable);
          g_task_return_error (task, error);
          return;
        }

      /* Another process is talking to the host: wait, waking at once on a cancel. */
      if (have_pollfd)
        g_poll (&pollfd, 1, RETRY_MS);
      else
        g_usleep (RETRY_MS * 1000);
    }

  if (have_pollfd)
    g_cancellable_release_fd (cancellable);

  acquired = g_new0 (Acquired, 1);
  acquired->not_before = read_not_before (lock->fd);
  acquired->lock = g_steal_pointer (&lock);
  g_task_return_pointer (task, acquired, (GDestroyNotify) acquired_free);
}

void
gleaner_host_lock_acquire_async (const char          *path,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gleaner_host_lock_acquire_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  /* The lock is ours even if the caller cancels after we got it; the result frees it. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, acquire_thread);
}

GleanerHostLock *
gleaner_host_lock_acquire_finish (GAsyncResult  *result,
                                  gint64        *not_before,
                                  GError       **error)
{
  Acquired *acquired;
  GleanerHostLock *lock;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gleaner_host_lock_acquire_async,
                        NULL);

  if (not_before != NULL)
    *not_before = 0;

  /* g_task_propagate_pointer() would drop a lock taken just before a cancel: that is fine,
   * freeing it unlocks. */
  if (!(acquired = g_task_propagate_pointer (G_TASK (result), error)))
    return NULL;

  if (not_before != NULL)
    *not_before = acquired->not_before;
  lock = g_steal_pointer (&acquired->lock);
  acquired_free (acquired);

  return lock;
}

typedef struct
{
  GleanerHostLock *lock;
  gint64           not_before;
} Release;

static void
release_free (Release *release)
{
  g_clear_pointer (&release->lock, host_lock_free);
  g_free (release);
}

static void
release_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Release *release = task_data;

  if (release->not_before > 0)
    {
      g_autofree char *line = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n",
                                               release->not_before, g_get_real_time ());
      gsize len = strlen (line);

      /* A failed write only loses the spacing hint for the other processes. */
      if (ftruncate (release->lock->fd, 0) != 0 ||
          pwrite (release->lock->fd, line, len, 0) != (ssize_t)len)
        g_debug ("Could not record the next request time: %s", g_strerror (errno));
    }

  /* Closing unlocks. */
  g_clear_pointer (&release->lock, host_lock_free);

  g_mutex_lock (&pending_mutex);
  if (--n_pending == 0)
    g_cond_broadcast (&pending_cond);
  g_mutex_unlock (&pending_mutex);

  g_task_return_boolean (task, TRUE);
}

void
gleaner_host_lock_release (GleanerHostLock *lock,
                           gint64           not_before)
{
  g_autoptr(GTask) task = NULL;
  Release *release;

  g_return_if_fail (lock != NULL);

  release = g_new0 (Release, 1);
  release->lock = lock;
  release->not_before = not_before;

  g_mutex_lock (&pending_mutex);
  n_pending++;
  g_mutex_unlock (&pending_mutex);

  /* A small write to a local file, but still not on the main loop. */
  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_source_tag (task, gleaner_host_lock_release);
  g_task_set_task_data (task, release, (GDestroyNotify) release_free);
  g_task_run_in_thread (task, release_thread);
}

void
gleaner_host_lock_wait_released (void)
{
  g_mutex_lock (&pending_mutex);
  while (n_pending > 0)
    g_cond_wait (&pending_cond, &pending_mutex);
  g_mutex_unlock (&pending_mutex);
}
