#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the split of the sync layer into two halves (src/sync/gleaner-net.h) in the built
files, so a mistake fails here rather than at a user's first sync:

- the gleaner executable links neither libsoup, json-glib nor libxml2 (their 2.5 MB and 7.5 ms
  come with the module, on first use);
- the module exports only its entry point (the rest is hidden, so its functions never bind to
  the executable's forwarders of the same names);
- every symbol of Gleaner's own that the module leaves undefined is exported by the executable
  (otherwise loading it fails with "undefined symbol");
- the module itself links the three libraries.

Usage: test-net-module.py GLEANER_EXECUTABLE LIBGLEANER_NET_SO. Prints TAP; exit 77 (skip)
without binutils' readelf and nm.
"""

import shutil
import subprocess
import sys

NETWORK_LIBRARIES = ('libsoup-3.0.so', 'libjson-glib-1.0.so', 'libxml2.so')
ENTRY = 'gleaner_net_module_get'
results = []


def tap(ok, name, detail=''):
    results.append(ok)
    print(('ok' if ok else 'not ok') + f' {len(results)} - {name}', flush=True)
    if not ok and detail:
        for line in str(detail).rstrip().splitlines():
            print('#   ' + line, flush=True)


def needed(path):
    out = subprocess.run(['readelf', '-d', path], capture_output=True, text=True, check=True).stdout
    return [line.split('[', 1)[1].rstrip(']') for line in out.splitlines() if '(NEEDED)' in line]


def dynamic_symbols(path):
    """(defined, undefined) names of the dynamic symbol table, versions stripped."""
    out = subprocess.run(['nm', '-D', path], capture_output=True, text=True, check=True).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        fields = line.split()
        name = fields[-1].split('@', 1)[0]
        if fields[-2] in ('U', 'w', 'v'):
            undefined.add(name)
        else:
            defined.add(name)
    return defined, undefined


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    if not shutil.which('readelf') or not shutil.which('nm'):
        print('1..0 # SKIP binutils (readelf, nm) is missing', flush=True)
        sys.exit(77)
    exe, module = sys.argv[1:]

    linked = [lib for lib in needed(exe) if lib.startswith(NETWORK_LIBRARIES)]
    tap(not linked, 'the executable links no network library', f'NEEDED: {linked}')

    exe_defined, _ = dynamic_symbols(exe)
    mod_defined, mod_undefined = dynamic_symbols(module)
    ours = sorted(n for n in mod_defined if n.startswith(('gleaner', '_gleaner')))
    tap(ours == [ENTRY], 'the module exports only its entry point', f'exported: {ours[:20]}')

    missing = sorted(n for n in mod_undefined
                     if n.startswith(('gleaner', '_gleaner')) and n not in exe_defined)
    tap(not missing and any(n.startswith('gleaner_store_') for n in mod_undefined),
        "the module's own undefined symbols are all the executable's", f'missing: {missing}')

    mod_needed = needed(module)
    absent = [lib for lib in NETWORK_LIBRARIES if not any(n.startswith(lib) for n in mod_needed)]
    tap(not absent, 'the module links the network libraries', f'absent: {absent}')

    print(f'1..{len(results)}', flush=True)
    sys.exit(0 if all(results) else 1)


if __name__ == '__main__':
    main()
