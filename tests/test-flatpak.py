#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifests in build-aux/flatpak/ against the rest of the project.

For each manifest (stable and Devel):
  * it is valid JSON;
  * its app id matches the desktop entry and metainfo ids — the built files when the manifest
    is for the profile this build dir was configured with, else the source templates with
    @app_id@ substituted;
  * `command` is the executable meson installs (meson-info/intro-installed.json, falling back
    to the executable() declared in src/meson.build);
  * finish-args are exactly the five the app needs, and never --filesystem;
  * the runtime is org.gnome.Platform with the matching org.gnome.Sdk and the same version in
    both manifests; the app module builds with meson from the source tree;
  * if flatpak-builder is installed, `flatpak-builder --show-manifest` prints no WARNING.

Prints TAP-ish "ok"/"not ok" lines and exits non-zero on any failure.
"""

import argparse
import configparser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import gleaner_proc

APP_ID_BASE = 'io.github.gleaner.Gleaner'
EXPECTED_FINISH_ARGS = [
    '--share=network',
    '--share=ipc',
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',
]
EXPECTED_CLEANUP = {'/include', '/lib/pkgconfig', '*.la', '*.a'}

failures = []


def check(cond, what):
    print(('ok - ' if cond else 'not ok - ') + what)
    if not cond:
        failures.append(what)
    return cond


def desktop_ids(text, filename):
    """The ids a desktop entry implies: its file name and its Icon= key."""
    parser = configparser.RawConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read_string(text)
    entry = parser['Desktop Entry']
    return {
        'file name': re.sub(r'\.desktop(\.in)*$', '', os.path.basename(filename)),
        'Icon': entry.get('Icon'),
        'Exec': entry.get('Exec', '').split()[0] if entry.get('Exec') else None,
    }


def metainfo_ids(text):
    root = ET.fromstring(text)
    launchable = root.find("launchable[@type='desktop-id']")
    binary = root.find('provides/binary')
    return {
        'id': root.findtext('id'),
        'launchable': re.sub(r'\.desktop$', '', launchable.text) if launchable is not None else None,
        'binary': binary.text if binary is not None else None,
    }


def installed_binaries(source_root, build_root):
    """Names of the executables meson installs into bindir."""
    names = set()
    intro = os.path.join(build_root, 'meson-info', 'intro-installed.json') if build_root else None
    if intro and os.path.exists(intro):
        with open(intro, encoding='utf-8') as f:
            installed = json.load(f)
        for dest in installed.values():
            parent = os.path.basename(os.path.dirname(dest))
            if parent == 'bin':
                names.add(os.path.basename(dest))
    if not names:
        with open(os.path.join(source_root, 'src', 'meson.build'), encoding='utf-8') as f:
            text = f.read()
        for m in re.finditer(r"executable\(\s*'([^']+)'(.*?)\n\)", text, re.DOTALL):
            if re.search(r'install\s*:\s*true', m.group(2)):
                names.add(m.group(1))
    return names


def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


def check_manifest(path, profile_app_id, args, binaries):
    name = os.path.relpath(path, args.source_root)
    try:
        with open(path, encoding='utf-8') as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        check(False, f'{name}: valid JSON ({e})')
        return None
    check(True, f'{name}: valid JSON')

    app_id = manifest.get('id', manifest.get('app-id'))
    devel = app_id == APP_ID_BASE + '.Devel'
    check(app_id in (APP_ID_BASE, APP_ID_BASE + '.Devel'),
          f'{name}: app id {app_id!r} is {APP_ID_BASE} or its .Devel variant')
    check(os.path.basename(path) == f'{app_id}.json', f'{name}: file is named after its app id')

    # Compare with the built data files when this build dir has the manifest's profile,
    # otherwise with the templates as configure_file() would fill them in.
    if app_id == profile_app_id:
        origin = 'built'
        desktop_path, desktop_text = args.desktop, read(args.desktop)
        metainfo_text = read(args.metainfo)
    else:
        origin = 'template'
        desktop_path = os.path.join(args.source_root, 'data', f'{APP_ID_BASE}.desktop.in.in')
        desktop_text = read(desktop_path).replace('@app_id@', app_id)
        desktop_path = desktop_path.replace(APP_ID_BASE, app_id)
        metainfo_text = read(os.path.join(args.source_root, 'data',
                                          f'{APP_ID_BASE}.metainfo.xml.in.in')).replace('@app_id@', app_id)
    for key, value in desktop_ids(desktop_text, desktop_path).items():
        if key == 'Exec':
            continue
        check(value == app_id, f'{name}: {origin} desktop entry {key} {value!r} == {app_id!r}')
    mi = metainfo_ids(metainfo_text)
    for key in ('id', 'launchable'):
        check(mi[key] == app_id, f'{name}: {origin} metainfo {key} {mi[key]!r} == {app_id!r}')

    command = manifest.get('command')
    check(command in binaries, f'{name}: command {command!r} is an installed binary {sorted(binaries)}')
    exec_ = desktop_ids(desktop_text, desktop_path)['Exec']
    check(exec_ == command, f'{name}: desktop Exec {exec_!r} == command')
    if mi['binary'] is not None:
        check(mi['binary'] == command, f'{name}: metainfo provides binary {mi["binary"]!r} == command')

    finish_args = manifest.get('finish-args', [])
    check(not any(a.startswith(('--filesystem', '--persist')) for a in finish_args),
          f'{name}: no --filesystem/--persist access')
    check(sorted(finish_args) == sorted(EXPECTED_FINISH_ARGS) and len(finish_args) == len(set(finish_args)),
          f'{name}: finish-args are exactly {EXPECTED_FINISH_ARGS} (got {finish_args})')

    runtime, sdk = manifest.get('runtime'), manifest.get('sdk')
    check(runtime == 'org.gnome.Platform', f'{name}: runtime {runtime!r} is org.gnome.Platform')
    check(sdk == 'org.gnome.Sdk', f'{name}: sdk {sdk!r} is org.gnome.Sdk, matching the runtime')
    check(isinstance(manifest.get('runtime-version'), str) and manifest.get('runtime-version') != '',
          f'{name}: runtime-version is set')
    check(EXPECTED_CLEANUP <= set(manifest.get('cleanup', [])),
          f'{name}: cleanup drops {sorted(EXPECTED_CLEANUP)}')

    modules = manifest.get('modules', [])
    app_module = modules[-1] if modules and isinstance(modules[-1], dict) else {}
    check(app_module.get('buildsystem') == 'meson', f'{name}: last module builds with meson')
    dirs = [s for s in app_module.get('sources', []) if s.get('type') == 'dir']
    ok = bool(dirs) and os.path.exists(
        os.path.join(os.path.dirname(path), dirs[0].get('path', ''), 'meson.build'))
    check(ok, f'{name}: last module is the source tree (a dir source holding meson.build)')
    config_opts = app_module.get('config-opts', [])
    if devel:
        check('-Ddevelopment=true' in config_opts, f'{name}: Devel build passes -Ddevelopment=true')
        check('devel' in manifest.get('tags', []), f'{name}: Devel manifest is tagged "devel"')
    else:
        check(not any(o.startswith('-Ddevelopment') and o != '-Ddevelopment=false' for o in config_opts),
              f'{name}: stable build does not enable development')

    flatpak_builder = shutil.which('flatpak-builder')
    if flatpak_builder:
        with tempfile.TemporaryDirectory() as tmp:
            rc, out, err = gleaner_proc.run([flatpak_builder, '--show-manifest', os.path.abspath(path)],
                                            120, cwd=tmp)
        out, err = out.decode('utf-8', 'replace'), err.decode('utf-8', 'replace')
        output = out + err
        check(rc == 0 and 'WARNING' not in output,
              f'{name}: flatpak-builder --show-manifest is clean'
              + ('' if rc == 0 and 'WARNING' not in output else f':\n{err.strip()}'))
    else:
        print(f'# note: flatpak-builder is not installed; skipped --show-manifest for {name}')

    return manifest


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--source-root', required=True)
    parser.add_argument('--build-root')
    parser.add_argument('--app-id', required=True, help='app id this build dir was configured with')
    parser.add_argument('--desktop', required=True, help='the built desktop entry')
    parser.add_argument('--metainfo', required=True, help='the built metainfo file')
    args = parser.parse_args()

    check(os.path.basename(args.desktop) == f'{args.app_id}.desktop',
          f'built desktop entry is named {args.app_id}.desktop')
    check(os.path.basename(args.metainfo) == f'{args.app_id}.metainfo.xml',
          f'built metainfo is named {args.app_id}.metainfo.xml')

    binaries = installed_binaries(args.source_root, args.build_root)
    check(bool(binaries), f'found the installed executables: {sorted(binaries)}')

    flatpak_dir = os.path.join(args.source_root, 'build-aux', 'flatpak')
    manifests = {}
    for app_id in (APP_ID_BASE, APP_ID_BASE + '.Devel'):
        path = os.path.join(flatpak_dir, f'{app_id}.json')
        if check(os.path.exists(path), f'{os.path.relpath(path, args.source_root)} exists'):
            manifests[app_id] = check_manifest(path, args.app_id, args, binaries)

    if all(manifests.get(k) for k in (APP_ID_BASE, APP_ID_BASE + '.Devel')):
        stable, devel = manifests[APP_ID_BASE], manifests[APP_ID_BASE + '.Devel']
        for key in ('runtime', 'runtime-version', 'sdk', 'command', 'finish-args'):
            check(stable.get(key) == devel.get(key), f'stable and Devel manifests agree on {key}')

    if failures:
        print(f'\n{len(failures)} check(s) failed')
        return 1
    print('\nall Flatpak manifest checks passed')
    return 0


if __name__ == '__main__':
    sys.exit(main())
