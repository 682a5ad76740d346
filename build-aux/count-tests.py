#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Counts test cases in meson's testlog.json files (one per `meson test` run, all summed):
each TAP subtest, or the whole test when it does not speak TAP. Prints "N passed, N failed"
(and skipped when any)."""
import json
import re
import sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as log:
        for line in log:
            test = json.loads(line)
            tap = [l for l in (test.get("stdout") or "").splitlines()
                   if re.match(r"^(not )?ok \d+", l)]
            if tap:
                for l in tap:
                    if l.startswith("not ok"):
                        if "# TODO" in l:
                            continue
                        failed += 1
                    elif "# SKIP" in l:
                        skipped += 1
                    else:
                        passed += 1
                if test.get("result") not in ("OK", "SKIP", "EXPECTEDFAIL") and \
                   not any(l.startswith("not ok") for l in tap):
                    failed += 1   # crashed or timed out after its last reported case
            elif test.get("result") == "OK":
                passed += 1
            elif test.get("result") == "SKIP":
                skipped += 1
            else:
                failed += 1

line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed else 0)
