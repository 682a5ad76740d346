# gleaner_proc.py — running and waiting for child processes in the Python tests, without
# time.sleep().
#
# A run at another hour preloads libfaketime with FAKETIME_DONT_FAKE_MONOTONIC=1; Python's
# time.sleep() then fails with EINVAL, and subprocess's timed waits (wait(timeout),
# run(timeout=…)) sleep between polls. These poll with select(), which the preload leaves
# working, so the tests run at any hour as the C tests do.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import select
import subprocess
import tempfile
import time

POLL_S = 0.01


def wait(proc, timeout):
    """Waits for proc to exit; raises subprocess.TimeoutExpired after timeout seconds."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None:
        if time.monotonic() > deadline:
            raise subprocess.TimeoutExpired(proc.args, timeout)
        select.select([], [], [], POLL_S)
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
