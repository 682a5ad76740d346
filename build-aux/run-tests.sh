#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs every test in ./build inside a private X server (Xvfb) and a private D-Bus session, as
# the window and notification tests need; then, for a whole run (no arguments), runs the tests
# that depend on the time of day again under libfaketime, at the edges of the day and of the
# daily digest (08:00), in time zones at both ends of the clock and across daylight saving
# changes. Prints one line "N passed, N failed" counting the individual test cases of all runs.
#
# Arguments go to the first `meson test` (e.g. a test name); with any, the clock runs are
# skipped.
set -u

cd "$(dirname "$0")/.."

export GTK_A11Y=none NO_AT_BRIDGE=1 LANG=C.UTF-8

# The tests that read the clock or format times.
CLOCK_TESTS="test-window test-window-actions test-notify test-scheduler test-app"
CLOCK_TESTS="$CLOCK_TESTS test-sync test-sync-errors test-sync-trending"
# zone@day: UTC+14, UTC−11, and New York on the days its clocks go forward and back.
CLOCK_ZONES="Pacific/Kiritimati@2026-12-05 Pacific/Pago_Pago@2026-12-05
             America/New_York@2026-03-08 America/New_York@2026-11-01"
CLOCK_TIMES="00:00:30 07:59:50 08:00:10 23:59:50"

LOGDIR=build/meson-logs
status=0

rm -f "$LOGDIR"/testlog*.json "$LOGDIR"/clock-lane-*.txt
xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- \
  meson test -C build --print-errorlogs --no-rebuild "$@" || status=1
logs="$LOGDIR/testlog.json"

# One zone's times, one after the other, each under faketime (only the wall clock is faked:
# GLib's timeouts and meson's time limits keep the real monotonic clock; -m: the tests have
# threads). Its own X server and D-Bus session, so that lanes running side by side share no
# clipboard or bus; -n makes each lane look for a free display from its own number up.
clock_lane () {
  lane=$1 zone=$2 day=$3 failed=0
  for time in $CLOCK_TIMES; do
    echo "== $CLOCK_TESTS at $day $time in $zone"
    xvfb-run -a -n $((200 + 20 * lane)) -s "-screen 0 1280x1024x24" dbus-run-session -- \
      env TZ="$zone" FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -m "$day $time" \
        meson test -C build --print-errorlogs --no-rebuild --quiet \
          --logbase "testlog-clock-$(echo "$zone" | tr / -)-$day-$(echo "$time" | tr -d :)" \
          $CLOCK_TESTS || failed=1
  done
  return $failed
}

if [ $# -eq 0 ]; then
  if ! command -v faketime >/dev/null; then
    echo "faketime is missing (Debian package faketime): the clock runs cannot run" >&2
    status=1
  else
    # The zones run side by side: the tests mostly wait (typing delays, frames, the server).
    lane=0 pids=""
    for zone_day in $CLOCK_ZONES; do
      clock_lane $lane "${zone_day%@*}" "${zone_day#*@}" > "$LOGDIR/clock-lane-$lane.txt" 2>&1 &
      pids="$pids $!"
      lane=$((lane + 1))
    done
    for pid in $pids; do
      wait "$pid" || status=1
    done
    cat "$LOGDIR"/clock-lane-*.txt
    logs="$logs $(ls "$LOGDIR"/testlog-clock-*.json)"
  fi
fi

# shellcheck disable=SC2086
python3 build-aux/count-tests.py $logs || status=1
exit $status
