#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks po/POTFILES.in against the sources.

Fails when
  * a file under src/ marks strings for translation (_(), N_(), C_(), NC_(), Q_(), the
    g_d*gettext family, or translatable="yes" in a .ui file) but is not listed, or
  * a translatable data file (desktop entry, metainfo, GSettings schema in data/) is not listed, or
  * POTFILES.in lists a file that does not exist.
Warns (without failing) when POTFILES.in is not sorted.

Usage: check-potfiles.py [SOURCE_ROOT]
"""

import os
import re
import sys

C_EXTENSIONS = ('.c', '.h')
UI_EXTENSIONS = ('.ui',)
DATA_SUFFIXES = ('.desktop.in', '.desktop.in.in', '.metainfo.xml.in', '.metainfo.xml.in.in',
                 '.appdata.xml.in', '.appdata.xml.in.in', '.gschema.xml', '.gschema.xml.in')

GETTEXT_CALL = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_|g_dgettext|g_dngettext|g_dpgettext2?|'
                          r'ngettext|dngettext|gettext)\s*\(')
UI_TRANSLATABLE = re.compile(r'translatable\s*=\s*["\'](?:yes|true|1)["\']', re.IGNORECASE)


def strip_c_comments(text):
    """Drops /* */ and // comments and empties string and character literals, so that
    neither a comment nor a literal such as "_(" counts as a gettext call."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '/' and i + 1 < n and text[i + 1] == '*':
            end = text.find('*/', i + 2)
            i = n if end < 0 else end + 2
            out.append(' ')
        elif c == '/' and i + 1 < n and text[i + 1] == '/':
            end = text.find('\n', i + 2)
            i = n if end < 0 else end
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c and text[j] != '\n':
                j += 2 if text[j] == '\\' else 1
            out.append(c + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def has_translatable_strings(path):
    try:
        with open(path, encoding='utf-8', errors='replace') as f:
            text = f.read()
    except OSError:
        return False
    if path.endswith(C_EXTENSIONS):
        return GETTEXT_CALL.search(strip_c_comments(text)) is not None
    if path.endswith(UI_EXTENSIONS):
        text = re.sub(r'<!--.*?-->', '', text, flags=re.DOTALL)
        return UI_TRANSLATABLE.search(text) is not None
    return False


def read_potfiles(path):
    entries = []
    with open(path, encoding='utf-8') as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            # "[type: gettext/glade]file" style prefixes are allowed by intltool-era files.
            line = re.sub(r'^\[[^\]]*\]\s*', '', line)
            entries.append((lineno, line))
    return entries


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                           os.path.join(os.path.dirname(__file__), '..'))
    potfiles_in = os.path.join(root, 'po', 'POTFILES.in')
    if not os.path.exists(potfiles_in):
        print(f'error: {potfiles_in} does not exist')
        return 1

    entries = read_potfiles(potfiles_in)
    listed = {name for _, name in entries}
    errors = []

    for lineno, name in entries:
        if not os.path.isfile(os.path.join(root, name)):
            errors.append(f'po/POTFILES.in:{lineno}: lists {name}, which does not exist')

    wanted = []
    src = os.path.join(root, 'src')
    for dirpath, dirnames, filenames in os.walk(src):
        dirnames.sort()
        for filename in sorted(filenames):
            path = os.path.join(dirpath, filename)
            if has_translatable_strings(path):
                wanted.append(os.path.relpath(path, root).replace(os.sep, '/'))
    data = os.path.join(root, 'data')
    if os.path.isdir(data):
        for filename in sorted(os.listdir(data)):
            if filename.endswith(DATA_SUFFIXES):
                wanted.append('data/' + filename)

    missing = [name for name in wanted if name not in listed]
    for name in missing:
        errors.append(f'po/POTFILES.in: missing {name} (it has translatable strings)')

    names = [name for _, name in entries]
    if names != sorted(names):
        print('warning: po/POTFILES.in is not sorted alphabetically')

    for e in errors:
        print(e)
    if missing:
        print('\nAdd these lines to po/POTFILES.in (keep it sorted):')
        for name in missing:
            print('  ' + name)
    if errors:
        return 1
    print(f'ok: {len(entries)} files listed, {len(wanted)} files with translatable strings, all listed')
    return 0


if __name__ == '__main__':
    sys.exit(main())
