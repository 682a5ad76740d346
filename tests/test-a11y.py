#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Walks Gleaner's windows through AT-SPI, as Orca meets them, and drives it by keyboard alone.

The test owns everything it depends on: a private X server (Xvfb -displayfd), a private D-Bus
session (dbus-daemon --print-address), the accessibility bus (at-spi-bus-launcher), a window
manager when metacity is installed (without one, X focus is lost when a dialog closes), an
isolated XDG home, and a local HTTP server on 127.0.0.1 serving the Hugging Face fixtures of
tests/fixtures, which `gleaner --sync` stores before the window starts. Nothing else on the
machine (the suite's own Xvfb, parallel tests' windows) can take its keyboard focus.

It fails on any focusable or actionable element without a real name, on a GType name used as a
name ("GtkSwitch"), on a raw mnemonic underscore or a doubled label in a name, and runs the
keyboard-only flow: Ctrl+F, type, Down, Return, s, Tab out of the list in one press, Ctrl+comma,
Escape, Ctrl+D, Enter. Every wait is on a condition with a time limit, never a fixed sleep.

Prints TAP. Exit 77 (skip) without python3-pyatspi, Xvfb or at-spi2-core.
"""

import http.server
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

import gleaner_proc

# Generous: the suite runs many GUI tests side by side on small CI machines.
TIMEOUT = 60
SRCDIR = os.environ.get('G_TEST_SRCDIR', os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(SRCDIR, 'fixtures')
BINARY = os.environ.get('GLEANER_BINARY', 'build/src/gleaner')
BUS_LAUNCHER = '/usr/libexec/at-spi-bus-launcher'

results = []


def tap(ok, name, detail=''):
    results.append(ok)
    print(('ok' if ok else 'not ok') + f' {len(results)} - {name}', flush=True)
    if not ok and detail:
        for l in str(detail).rstrip().splitlines():
            print('#   ' + l, flush=True)
    return ok


def skip_all(reason):
    print(f'1..0 # SKIP {reason}', flush=True)
    sys.exit(77)


class Fixtures(http.server.BaseHTTPRequestHandler):
    """Answers the Hugging Face API paths the sync asks for with recorded responses."""

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        query = urllib.parse.parse_qs(url.query)
        if url.path == '/api/daily_papers':
            if query.get('sort') == ['trending']:
                name = 'trending.json'
            elif query.get('p', ['0']) == ['0']:
                name = 'daily-papers-p0.json'
            else:
                name = 'empty.json'
        elif url.path == '/api/papers/search':
            name = 'search-current.json'
        else:
            self.send_error(404)
            return
        with open(os.path.join(FIXTURES, name), 'rb') as f:
            body = f.read()
        self.send_response(200)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Session:
    """The private X server, D-Bus session, accessibility bus and window manager."""

    def __init__(self, tmp):
        self.procs = []
        rfd, wfd = os.pipe()
        self.spawn(['Xvfb', '-displayfd', str(wfd), '-screen', '0', '1280x800x24', '-nolisten', 'tcp'],
                   pass_fds=(wfd,))
        os.close(wfd)
        with os.fdopen(rfd) as r:
            display = r.readline().strip()
        if not display:
            raise RuntimeError('Xvfb did not start')
        os.environ['DISPLAY'] = ':' + display
        dbus = self.spawn(['dbus-daemon', '--session', '--nofork', '--print-address'],
                          stdout=subprocess.PIPE)
        os.environ['DBUS_SESSION_BUS_ADDRESS'] = dbus.stdout.readline().decode().strip()
        # Accessibility on for this process and the app; the other tests keep it off.
        for var in ('GTK_A11Y', 'NO_AT_BRIDGE'):
            os.environ.pop(var, None)
        self.spawn([BUS_LAUNCHER, '--launch-immediately'])
        self.wait_for_name('org.a11y.Bus')
        if shutil.which('metacity'):
            self.spawn(['metacity', '--sm-disable'], stderr=subprocess.DEVNULL)

    @staticmethod
    def wait_for_name(name):
        """Waits (each check a D-Bus round trip) until @name has an owner on the session bus:
        an app started before the accessibility bus is up never shows up on it."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            reply = subprocess.run(['gdbus', 'call', '--session', '--dest', 'org.freedesktop.DBus',
                                    '--object-path', '/org/freedesktop/DBus',
                                    '--method', 'org.freedesktop.DBus.NameHasOwner', name],
                                   capture_output=True, text=True)
            if 'true' in reply.stdout:
                return
        raise RuntimeError(f'{name} did not appear on the session bus')

    def spawn(self, argv, **kw):
        # Their chatter ("SpiRegistry daemon is running…") must stay out of the TAP stream.
        kw.setdefault('stdout', subprocess.DEVNULL)
        kw.setdefault('stderr', subprocess.DEVNULL)
        proc = subprocess.Popen(argv, **kw)
        self.procs.append(proc)
        return proc

    def close(self):
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
                try:
                    gleaner_proc.wait(proc, 5)
                except subprocess.TimeoutExpired:
                    proc.kill()


def main():
    if not shutil.which('Xvfb') or not shutil.which('dbus-daemon') or not os.path.exists(BUS_LAUNCHER):
        skip_all('Xvfb, dbus-daemon or at-spi2-core is missing')
    # Only looked up here: importing pyatspi connects to the accessibility bus of the session
    # in the environment, which must be the private one started below.
    import importlib.util
    if importlib.util.find_spec('pyatspi') is None:
        skip_all('python3-pyatspi is missing')

    tmp = tempfile.mkdtemp(prefix='gleaner-a11y-')
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Fixtures)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = dict(os.environ,
               XDG_DATA_HOME=os.path.join(tmp, 'data'),
               XDG_CONFIG_HOME=os.path.join(tmp, 'config'),
               XDG_CACHE_HOME=os.path.join(tmp, 'cache'),
               XDG_STATE_HOME=os.path.join(tmp, 'state'),
               GLEANER_HF_BASE_URL=f'http://127.0.0.1:{server.server_address[1]}',
               LANGUAGE='C', LANG='C.UTF-8')
    rc, _, sync_err = gleaner_proc.run([BINARY, '--sync'], 120, env=env)
    if not tap(rc == 0, 'gleaner --sync stores the fixtures', sync_err.decode('utf-8', 'replace')):
        print('1..1')
        sys.exit(1)

    session = Session(tmp)
    app = None
    try:
        # The window must not sync again: the walk wants a list that stays still, and its
        # last step checks that only the sync it asks for (F5) loads the network half. So the
        # settings are a key file with "Fetch Automatically" off.
        settings_dir = os.path.join(tmp, 'config', 'glib-2.0', 'settings')
        os.makedirs(settings_dir, exist_ok=True)
        with open(os.path.join(settings_dir, 'keyfile'), 'w') as f:
            f.write('[io/github/gleaner/Gleaner]\nauto-sync=false\n')
        env.update(DISPLAY=os.environ['DISPLAY'],
                   DBUS_SESSION_BUS_ADDRESS=os.environ['DBUS_SESSION_BUS_ADDRESS'],
                   GLEANER_HF_BASE_URL='http://127.0.0.1:9',
                   GSETTINGS_BACKEND='keyfile')
        for var in ('GTK_A11Y', 'NO_AT_BRIDGE'):
            env.pop(var, None)
        app = subprocess.Popen([BINARY], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import a11y_walk
        a11y_walk.run(tap, TIMEOUT, pid=app.pid)
    except Exception as e:  # noqa: BLE001 — report it as a failed case, not a traceback only
        import traceback
        tap(False, 'the walk ran to its end', traceback.format_exc())
    finally:
        if app is not None:
            app.send_signal(signal.SIGTERM)
            try:
                gleaner_proc.wait(app, 10)
            except subprocess.TimeoutExpired:
                app.kill()
        session.close()
        server.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)

    print(f'1..{len(results)}', flush=True)
    sys.exit(0 if all(results) else 1)


if __name__ == '__main__':
    sys.path.insert(0, SRCDIR)
    main()
