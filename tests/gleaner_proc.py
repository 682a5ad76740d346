# gleaner_proc.py — running and waiting for child processes in the Python tests, without
# time.sleep().
#
# A run at another hour preloads libfaketime with FAKETIME_DONT_FAKE_MONOTONIC=1; Python's
# time.sleep() then fails with EINVAL, and subprocess's timed waits (wait(timeout),
# run(timeout=…)) sleep between polls. These wait on the child's pidfd with select(), which
# the preload leaves working: they wake when the child exits, never on a timer, and so run
# at any hour as the C tests do.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import select
import subprocess
import tempfile
import time


def wait(proc, timeout):
    """Waits for proc to exit; raises subprocess.TimeoutExpired after timeout seconds."""
    deadline = time.monotonic() + timeout
    if proc.poll() is not None:
        return proc.returncode
    # Readable once the process has exited (Linux 5.3); reaped by poll() below.
    pidfd = os.pidfd_open(proc.pid)
    try:
        while proc.poll() is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise subprocess.TimeoutExpired(proc.args, timeout)
            select.select([pidfd], [], [], remaining)
    finally:
        os.close(pidfd)
    return proc.returncode


def run(argv, timeout, **kwargs):
    """Runs argv to its end (killed after timeout seconds, which raises TimeoutExpired);
    returns (returncode, stdout bytes, stderr bytes). Output goes through files, so a chatty
    child never blocks on a full pipe."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(argv, stdout=out, stderr=err, **kwargs)
        try:
            wait(proc, timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise
        out.seek(0)
        err.seek(0)
        return proc.returncode, out.read(), err.read()
