#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs every test in ./build inside a private X server (Xvfb) and a private D-Bus session, as
# the window and notification tests need, then prints one line "N passed, N failed" counting
# the individual test cases.
set -u

cd "$(dirname "$0")/.."

export GTK_A11Y=none NO_AT_BRIDGE=1 LANG=C.UTF-8

xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- \
  meson test -C build --print-errorlogs --no-rebuild "$@"
status=$?

python3 build-aux/count-tests.py build/meson-logs/testlog.json || status=1
exit $status
