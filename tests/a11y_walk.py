# SPDX-License-Identifier: GPL-3.0-or-later
"""The AT-SPI walk and keyboard flow of test-a11y.py (imported once its private session is up,
because pyatspi connects to the accessibility bus of the environment it is imported in)."""

import re
import time

import pyatspi
from gi.repository import GLib

# A GType name where a human name belongs ("GtkSwitch", "AdwEntryRow", "GleanerPaperRow").
GTYPE_NAME = re.compile(r'^(Gtk|Adw|Gleaner|Gdk)[A-Z][A-Za-z]+$')
# A mnemonic underscore left in: "_Save", "Show _All Papers" (but not "snake_case" in a title).
RAW_MNEMONIC = re.compile(r'(^|\s)_\w')
# Roles whose Action interface GTK 4.8 fills for every instance (labels, text) without making
# them controls: they are checked when they take focus, not because they list actions.
PASSIVE_ROLES = {'label', 'text', 'paragraph', 'heading', 'static', 'image', 'filler', 'panel'}
APP_NAMES = ('gleaner', 'Gleaner')

focused = [None]
_timeout = [30]


def pump(ms=50):
    """Dispatches AT-SPI events for at most ms milliseconds."""
    ctx = GLib.MainContext.default()
    fired = []
    source = GLib.timeout_add(ms, lambda: fired.append(True) or False)
    while not fired:
        ctx.iteration(True)
    GLib.source_remove(source) if not fired else None


def wait_for(predicate, what, timeout=None):
    """Waits until predicate() is true (AT-SPI events are dispatched meanwhile), or fails."""
    timeout = timeout or _timeout[0]
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f'timed out after {timeout} s waiting for {what} '
                                 f'(focus: {describe(focused[0]) if focused[0] else None})')
        pump()


def focus_changed(event):
    if event.detail1:
        focused[0] = event.source


def safe(fn, default=None):
    try:
        return fn()
    except Exception:  # noqa: BLE001 — the object went away while we looked at it
        return default


def find_app():
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(safe(lambda: desktop.childCount, 0)):
        app = safe(lambda: desktop.getChildAtIndex(i))
        if app is not None and safe(lambda: app.name) in APP_NAMES and safe(lambda: app.childCount, 0):
            return app
    return None


def descendants(node):
    """Every showing object under node (hidden stack pages and unmapped children excluded by
    GTK itself: the walk sees what Orca can reach)."""
    stack = [node]
    while stack:
        obj = stack.pop()
        yield obj
        n = safe(lambda: obj.childCount, 0)
        for i in range(n - 1, -1, -1):
            child = safe(lambda: obj.getChildAtIndex(i))
            if child is not None:
                stack.append(child)


def role(obj):
    return safe(lambda: obj.getRoleName(), '')


def states(obj):
    return safe(lambda: obj.getState(), None)


def n_actions(obj):
    try:
        return obj.queryAction().nActions
    except Exception:  # noqa: BLE001 — NotImplementedError when there is no Action interface
        return 0


def describe(obj):
    path = []
    o = obj
    while o is not None and len(path) < 6:
        path.append(f'{role(o)}:{safe(lambda: o.name, "")!r}')
        o = safe(lambda: o.parent)
    return ' < '.join(path)


def name_problem(name):
    """Why name is not a real name, or None."""
    stripped = name.strip()
    if not stripped:
        return 'no name'
    if GTYPE_NAME.match(stripped):
        return f'GType name {stripped!r}'
    if RAW_MNEMONIC.search(stripped):
        return f'raw mnemonic in {stripped!r}'
    words = stripped.replace('_', '').split()
    half = len(words) // 2
    if len(words) % 2 == 0 and half and words[:half] == words[half:]:
        return f'doubled label {stripped!r}'
    return None


def audit(root, where, is_row):
    """Problems of every focusable or actionable element under root: (is a paper row, text)."""
    problems = []
    for obj in descendants(root):
        st = states(obj)
        if st is None or not st.contains(pyatspi.STATE_VISIBLE):
            continue
        r = role(obj)
        focusable = st.contains(pyatspi.STATE_FOCUSABLE)
        actionable = r not in PASSIVE_ROLES and n_actions(obj) > 0
        if not (focusable or actionable):
            continue
        if r == 'scroll pane':
            continue   # GTK 4.8 makes every GtkScrolledWindow focusable; Orca skips them
        problem = name_problem(safe(lambda: obj.name, ''))
        if problem:
            problems.append((is_row(obj), f'{where}: {r} with {problem}: {describe(obj)}'))
    return problems


def report(tap, name, problems):
    general = [p for row, p in problems if not row]
    rows = [p for row, p in problems if row]
    if len(rows) > 3:
        rows = rows[:3] + [f'… and {len(rows) - 3} more rows']
    tap(not general, name, '\n'.join(general))
    if rows:
        tap(False, f'{name}: paper rows have names', '\n'.join(rows))


# X keysyms of the keys the flow presses (letters and digits are their own code points).
KEYSYMS = {'Down': 0xff54, 'Up': 0xff52, 'Left': 0xff51, 'Right': 0xff53, 'Return': 0xff0d, 'Tab': 0xff09, 'Escape': 0xff1b, 'comma': 0x2c, 'question': 0x3f,
           'space': 0x20, 'F5': 0xffc2, 'F10': 0xffc7}
CONTROL_MASK = 1 << 2
SHIFT_MASK = 1 << 0


def key(name, control=False, shift=False):
    """Presses and releases a key (with Control and/or Shift held) through AT-SPI, which uses
    XTest."""
    mask = (CONTROL_MASK if control else 0) | (SHIFT_MASK if shift else 0)
    if mask:
        pyatspi.Registry.generateKeyboardEvent(mask, None, pyatspi.KEY_LOCKMODIFIERS)
    pyatspi.Registry.generateKeyboardEvent(KEYSYMS.get(name) or ord(name), None, pyatspi.KEY_SYM)
    if mask:
        pyatspi.Registry.generateKeyboardEvent(mask, None, pyatspi.KEY_UNLOCKMODIFIERS)


def type_text(text):
    for ch in text:
        key('space' if ch == ' ' else ch)


def find(root, pred):
    for obj in descendants(root):
        if safe(lambda: pred(obj), False):
            return obj
    return None


def window_named(app, name):
    for i in range(safe(lambda: app.childCount, 0)):
        w = safe(lambda: app.getChildAtIndex(i))
        if w is not None and safe(lambda: w.name) == name:
            return w
    return None


def has_focus(obj):
    st = states(obj)
    return st is not None and st.contains(pyatspi.STATE_FOCUSED)


def focused_in(root):
    # GTK 4.8 does not always send focused=1 (a search entry gets none), so the object's own
    # state counts too.
    if has_focus(root):
        return True
    o = focused[0]
    if o is not None and not has_focus(o):
        return False
    while o is not None:
        if o == root:
            return True
        o = safe(lambda: o.parent)
    return False


def entry_text(obj):
    # GTK 4.8 answers getText (0, -1) with '' (the end offset -1 is not understood).
    text = obj.queryText()
    return text.getText(0, text.characterCount)


def showing(obj):
    st = states(obj)
    return st is not None and st.contains(pyatspi.STATE_SHOWING)


def tab_through(root, wanted, presses=40):
    """Presses Tab until every name in wanted had the focus (or presses ran out); returns
    {name: role} of the named objects that were focused on the way."""
    seen = {}
    for _ in range(presses):
        before = focused[0]
        key('Tab')
        try:
            wait_for(lambda: focused[0] is not None and focused[0] != before and has_focus(focused[0]),
                     'focus to move after Tab', timeout=5)
        except AssertionError:
            continue
        name = safe(lambda: focused[0].name, '')
        if name:
            seen[name] = role(focused[0])
        if all(n in seen for n in wanted):
            break
    return seen


# What the network half (src/sync/gleaner-net.h) brings; the window loads it for its first sync.
NETWORK_LIBRARIES = ('libgleaner-net.so', 'libsoup-3.0.so', 'libjson-glib-1.0.so')


def mapped_network_libraries(pid):
    with open(f'/proc/{pid}/maps') as f:
        maps = f.read()
    return [lib for lib in NETWORK_LIBRARIES if lib in maps]


def run(tap, timeout, pid=None):
    _timeout[0] = timeout
    pyatspi.Registry.registerEventListener(focus_changed, 'object:state-changed:focused')

    # The first start under a loaded CI machine is the slowest step of all.
    app = wait_for(find_app, 'Gleaner on the accessibility bus', timeout=3 * timeout)
    main = wait_for(lambda: window_named(app, 'Gleaner'), 'the main window')
    papers = wait_for(lambda: find(main, lambda o: role(o) == 'list' and o.name == 'Papers'
                                   and o.childCount > 0), 'the paper list with rows')

    def is_row(obj):
        return role(obj) == 'list item' and safe(lambda: obj.parent) == papers

    # Item 9: the stack pages not on screen are not in the tree.
    # (GTK 4.8 never sets the showing state, so a page off screen is only told apart by being
    # absent.)
    hidden = [n for n in ('No Papers Yet', 'Could Not Fetch Papers', 'No Results')
              if find(main, lambda o: o.name == n) is not None]
    tap(not hidden, 'hidden stack pages are not in the tree', f'still in the tree: {hidden}')

    report(tap, 'main window: every control has a real name', audit(main, 'main', is_row))

    # Keyboard only from here. Ctrl+F, type, Down, Return: the first match opens.
    key('f', control=True)
    search = wait_for(lambda: find(main, lambda o: role(o) == 'entry' and o.name == 'Search papers'
                                   and has_focus(o)), 'focus in the search entry after Ctrl+F')
    type_text('parameter')
    wait_for(lambda: 'parameter' in safe(lambda: entry_text(search), ''),
             'the typed words in the search entry')
    key('Down')
    wait_for(lambda: focused[0] is not None and is_row(focused[0]), 'focus on the first row after Down')
    # The list is a grid view of one column inside: Right (and Left) must not move in it,
    # so Right then Down lands on the next row, not the one after.
    first = safe(lambda: focused[0].getIndexInParent(), -1)
    key('Right')
    key('Down')
    wait_for(lambda: focused[0] is not None and is_row(focused[0])
             and safe(lambda: focused[0].getIndexInParent(), -1) != first, 'focus on another row after Right, Down')
    moved = safe(lambda: focused[0].getIndexInParent(), -1) - first
    tap(moved == 1, 'Right does not move in the paper list', f'Right, Down moved {moved} rows')
    key('Up')
    wait_for(lambda: focused[0] is not None and safe(lambda: focused[0].getIndexInParent(), -1) == first,
             'focus back on the first row after Up')
    key('Return')
    wait_for(lambda: find(main, lambda o: o.name == 'arXiv' and role(o) in ('link', 'push button')),
             'the links of the opened paper')
    star = find(main, lambda o: role(o) in ('push button', 'toggle button') and o.name in ('Star', 'Unstar'))
    tap(True, 'Ctrl+F, typing, Down and Return open a paper')
    before = safe(lambda: star.name)
    key('s')
    wait_for(lambda: safe(lambda: star.name) != before, 'the star button to change after s')
    tap(True, 's stars the open paper')

    # The rows were checked above; here only what the opened paper added counts.
    detail_problems = [p for row, p in audit(main, 'detail', is_row) if not row]
    tap(not detail_problems, 'detail view: every control has a real name', '\n'.join(detail_problems))
    links = [o for o in descendants(main) if safe(lambda: o.name, '') in
             ('arXiv', 'PDF', 'Hugging Face', 'Code', 'Project Page') and role(o) != 'label']
    not_links = [describe(o) for o in links if role(o) != 'link']
    tap(links and not not_links, 'links to web pages have the link role', '\n'.join(not_links) or 'no links found')
    selectable = [describe(o) for o in descendants(main)
                  if role(o) == 'label' and states(o).contains(pyatspi.STATE_FOCUSABLE)]
    tap(not selectable, 'no label is a Tab stop', '\n'.join(selectable))

    # Tab from the list leaves it in one press (item 10, the rows branch).
    row = find(papers, lambda o: role(o) == 'list item')
    safe(lambda: row.queryComponent().grabFocus())
    tab_ok = True
    try:
        wait_for(lambda: focused[0] is not None and is_row(focused[0]), 'focus on a row')
        key('Tab')
        wait_for(lambda: focused[0] is not None and not is_row(focused[0]), 'focus out of the list after one Tab',
                 timeout=10)
    except AssertionError as e:
        tab_ok = False
        tab_detail = str(e)
    tap(tab_ok, 'one Tab leaves the paper list', '' if tab_ok else tab_detail)

    # Ctrl+comma: preferences.
    key('comma', control=True)
    prefs = wait_for(lambda: window_named(app, 'Preferences'), 'the Preferences window after Ctrl+comma')
    wait_for(lambda: focused_in(prefs), 'focus in Preferences')
    report(tap, 'preferences: every control has a real name', audit(prefs, 'preferences', lambda o: False))
    # Items 4 and 20: Tab alone reaches the digest time's spin buttons and the address entries,
    # and each reports a focused element with its name and role (GTK 4.8's AdwEntryRow focused
    # an unnamed internal AdwGizmo instead).
    wanted = {'Digest Hour': ('spin button',), 'Digest Minute': ('spin button',),
              'Hugging Face Address': ('text', 'entry'), 'arXiv Listings Address': ('text', 'entry')}
    seen = tab_through(prefs, wanted)
    for name, roles in wanted.items():
        tap(name in seen and seen[name] in roles, f'preferences: Tab reaches {name}, a focused {roles[0]} named so',
            f'focused on the way: {seen}')
    key('Escape')
    wait_for(lambda: window_named(app, 'Preferences') is None, 'Preferences to close after Escape')
    tap(True, 'Escape closes Preferences')

    # Ctrl+D: save the current search; Enter saves it.
    wait_for(lambda: focused_in(main), 'focus back in the main window')
    key('d', control=True)
    dialog = wait_for(lambda: find(app, lambda o: role(o) == 'dialog'), 'a dialog after Ctrl+D')
    tap(True, 'the Save Search dialog has the dialog role')
    wait_for(lambda: find(dialog, lambda o: role(o) in ('entry', 'text') and has_focus(o)), 'focus in the dialog')
    report(tap, 'save search dialog: every control has a real name', audit(dialog, 'dialog', lambda o: False))
    key('Return')
    wait_for(lambda: find(app, lambda o: role(o) == 'dialog') is None,
             'the dialog to close after Enter')
    tap(True, 'Ctrl+D and Enter save the search')

    # The saved-search popover, with one saved search in it.
    button = find(main, lambda o: role(o) in ('push button', 'toggle button') and o.name == 'Saved Searches'
                  and n_actions(o) > 0)
    button.queryAction().doAction(0)
    popover = wait_for(lambda: find(app, lambda o: role(o) == 'list' and o.name == 'Saved Searches'),
                       'the saved-search popover')
    report(tap, 'saved-search popover: every control has a real name',
           audit(popover, 'popover', lambda o: False))
    rows = [o for o in descendants(popover) if role(o) in ('list item', 'push button')
            and 'parameter' in safe(lambda: o.name, '')]
    tap(bool(rows), 'the saved search is named in the popover', describe(popover))

    # Ctrl+W closes the Shortcuts window too (item 13), not only Escape.
    key('Escape')
    # The popover lives in the main window's tree, so focus is "in the main window" while it is
    # still closing; a key pressed then went to the closing popover (seen once in CI).
    wait_for(lambda: not showing(popover), 'the saved-search popover to close')
    wait_for(lambda: focused_in(main), 'focus back in the main window after the popover')
    # Even then, GTK 4.8 on X11 may still hand a key to the popover's surface as it goes (seen
    # twice in CI: no Shortcuts window in 60 s, focus on the Saved Searches button). The key is
    # pressed again if nothing opened; a second press presents the same window.
    for attempt in range(3):
        key('question', control=True)
        try:
            shortcuts = wait_for(lambda: next((w for w in app if w != main
                                               and role(w) in ('frame', 'window', 'dialog')
                                               and safe(lambda: w.name, '') != 'Preferences'), None),
                                 'the Shortcuts window after Ctrl+?', timeout=10 if attempt < 2 else None)
            break
        except AssertionError:
            if attempt == 2:
                raise
    name = safe(lambda: shortcuts.name, '')
    tap(name == 'Keyboard Shortcuts', 'the Shortcuts window has a title', f'named {name!r}')
    # Ctrl+W pressed before the window has the keyboard would go nowhere.
    wait_for(lambda: focused_in(shortcuts), 'focus in the Shortcuts window')
    key('w', control=True)
    wait_for(lambda: all(safe(lambda: w.name, '') != name or w == main for w in app),
             'the Shortcuts window to close after Ctrl+W')
    tap(True, 'Ctrl+W closes the Shortcuts window')

    # Item 15: Mark All as Read is in the main menu, named, and Shift+Ctrl+A reaches it from the
    # keyboard; its toast offers a named Undo that brings the unread count back.
    def unread_label():
        return find(main, lambda o: role(o) == 'label' and ' unread' in safe(lambda: o.name, '')
                    and '·' in safe(lambda: o.name, ''))
    wait_for(lambda: focused_in(main), 'focus back in the main window after the Shortcuts window')
    before = wait_for(unread_label, 'the list subtitle with its unread count')
    before_text = safe(lambda: before.name, '')
    # F10 opens the primary menu from the keyboard alone; the menu is built as it first opens
    # (gleaner-lazy-menu.c), so this is its first opening.
    key('F10')
    wait_for(lambda: focused[0] is not None and role(focused[0]) == 'menu item'
             and safe(lambda: focused[0].name) == 'Mark All as Read',
             'the main menu to open on F10, focus on its first item')
    tap(True, 'F10 opens the main menu')
    key('Escape')
    wait_for(lambda: focused_in(main), 'focus back in the main window after the menu')
    menu_button = find(main, lambda o: role(o) in ('push button', 'toggle button') and o.name == 'Main Menu'
                       and n_actions(o) > 0)
    menu_button.queryAction().doAction(0)
    item = wait_for(lambda: find(app, lambda o: role(o) == 'menu item' and safe(lambda: o.name) == 'Mark All as Read'),
                    'the Mark All as Read menu item')
    problem = name_problem(safe(lambda: item.name, ''))
    tap(problem is None, 'the main menu has a named Mark All as Read item', problem or '')
    key('Escape')
    wait_for(lambda: focused_in(main), 'focus back in the main window after the menu')
    row = find(papers, lambda o: role(o) == 'list item')
    safe(lambda: row.queryComponent().grabFocus())
    key('a', control=True, shift=True)
    wait_for(lambda: unread_label() is None, 'the unread count to leave the subtitle after Shift+Ctrl+A')
    undo = wait_for(lambda: find(main, lambda o: role(o) == 'push button' and 'Undo' in safe(lambda: o.name, '')),
                    'the Undo button of the Mark All as Read toast')
    try:
        # A toast shown behind another is named once it is on screen.
        wait_for(lambda: name_problem(safe(lambda: undo.name, '')) is None, 'a real name on Undo', timeout=10)
        problem = None
    except AssertionError:
        problem = name_problem(safe(lambda: undo.name, ''))
    tap(problem is None, 'Shift+Ctrl+A marks the view read, with a named Undo', problem or '')
    undo.queryAction().doAction(0)
    wait_for(lambda: safe(lambda: unread_label().name) == before_text, 'the unread count back after Undo')
    tap(True, 'Undo brings the unread count back')

    # A sync that fails while the list shows builds the error page behind the list (the list
    # pane's status pages are built when first needed): it stays out of the tree too.
    safe(lambda: row.queryComponent().grabFocus())
    if pid is not None:
        mapped = mapped_network_libraries(pid)
        tap(not mapped, 'the window has loaded no network library before its first sync', f'mapped: {mapped}')
    key('F5')
    wait_for(lambda: find(main, lambda o: role(o) == 'label' and 'Fetching failed' in safe(lambda: o.name, ''))
             is not None, 'the failed sync in the status line')
    if pid is not None:
        mapped = mapped_network_libraries(pid)
        tap(len(mapped) == len(NETWORK_LIBRARIES), 'the first sync loaded the network half',
            f'mapped: {mapped}')
    hidden = [n for n in ('No Connection', 'Could Not Fetch Papers')
              if find(main, lambda o: o.name == n) is not None]
    tap(not hidden, 'a status page built behind the list is not in the tree', f'in the tree: {hidden}')
