"""Real-browser tests: Debian's chromium driven by Playwright's sync API.

One browser and one page serve the whole session; each test module gets the
demo site, loaded once and committed, on pytest-django's ``live_server``, and
its tests navigate the shared page there. Playwright's sync API runs in a
thread of its own: see browser_thread.py.

Playwright must never download a browser: it launches ``/usr/bin/chromium``
(installed by ``make test``, see the Makefile's ``chromium`` target). Where that
is missing the tests fail, never skip, and say which command installs it.
"""

import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connections, transaction
from django.test import override_settings

from tests.browser.browser_thread import BrowserThread
from tests.committed import migrated_state_restored

CHROMIUM = Path("/usr/bin/chromium")
INSTALL_COMMAND = (
    "apt-get install -y chromium" if os.geteuid() == 0 else "sudo apt-get install -y chromium"
)
BROWSER_DIR = Path(__file__).parent


def chromium_args():
    # Playwright adds --headless itself and refuses --user-data-dir in args:
    # launch() always starts on a fresh temporary profile of its own.
    args = [
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
    if os.geteuid() == 0:
        args.append("--no-sandbox")  # chromium refuses to run as root with its sandbox
    return args


class MissingChromium:
    """Stands in for the browser where chromium is missing.

    The first use fails the test itself (reported as failed, not as a setup
    error, and never skipped) with the command that installs chromium.
    """

    def __getattr__(self, name):
        pytest.fail(
            f"The browser tests need Debian's chromium at {CHROMIUM}. "
            f"Install it with:\n\n    {INSTALL_COMMAND}\n",
            pytrace=False,
        )


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_DIR in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


def _launch():
    from playwright.sync_api import sync_playwright

    manager = sync_playwright().start()
    try:
        browser = manager.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=chromium_args()
        )
    except BaseException:
        manager.stop()
        raise
    return manager, browser


def _close(manager, browser):
    try:
        browser.close()
    finally:
        manager.stop()


@pytest.fixture(scope="session")
def browser(django_db_setup, live_server):
    """One chromium for the whole session.

    Playwright runs in a thread of its own (see browser_thread.py for why), so
    the test thread has no event loop, and DJANGO_ALLOW_ASYNC_UNSAFE is not
    needed: nothing trips Django's async-unsafe guard.

    It asks for the test database and ``live_server`` so that both are torn
    down after it: chromium keeps its connections to the live server open
    until it closes, and the request threads serving them hold a database
    connection. Closed after the live server stopped, they raise on SQLite
    (the in-memory connection is no longer shared with them); kept open for
    CONN_MAX_AGE (60 s) they stop PostgreSQL from dropping the test database.
    So while the browser runs, the live server also closes its database
    connection after each request (CONN_MAX_AGE 0).
    """
    if not os.access(CHROMIUM, os.X_OK):
        yield MissingChromium()
        return
    with live_server_connections_not_kept():
        yield from _browser()


@contextmanager
def live_server_connections_not_kept():
    database = connections["default"].settings_dict  # shared by every thread's connection
    kept = database["CONN_MAX_AGE"]
    database["CONN_MAX_AGE"] = 0
    try:
        yield
    finally:
        database["CONN_MAX_AGE"] = kept


def _browser():
    thread = BrowserThread()
    try:
        manager, browser = thread.run(_launch)
    except BaseException:
        thread.shutdown()
        raise
    try:
        yield thread.wrap(browser)
    finally:
        try:
            thread.run(_close, manager, browser)
        finally:
            thread.shutdown()


@pytest.fixture(scope="session")
def browser_context(browser):
    """The session's browser context: Dutch locale, a desktop-sized window."""
    if isinstance(browser, MissingChromium):
        yield browser
        return
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 800})
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    """The session's one browser tab, reused by every test (a new one if it closed).

    A test that changes the tab's state beyond navigating (``emulate_media``,
    ``set_viewport_size``) restores it, or opens its own with
    ``browser_context.new_page()``.
    """
    if isinstance(browser_context, MissingChromium):
        return browser_context
    pages = [page for page in browser_context.pages if not page.is_closed()]
    return pages[0] if pages else browser_context.new_page()


@pytest.fixture(autouse=True)
def _live_server_helper(request):
    """Replaces pytest-django's helper of the same name for the browser tests.

    pytest-django makes every test that uses ``live_server`` transactional:
    its database is flushed after each test, so each test had to load the
    demo again (about 2 s, most of it rendering the letters' PDFs). The
    browser tests only read, so ``demo_site`` loads the demo once per module,
    committed, and puts the database back as the migrations left it after the
    module; this helper keeps only the settings the live server needs.
    """
    if "live_server" not in request.fixturenames:
        yield
        return
    live_server = request.getfixturevalue("live_server")
    live_server._live_server_modified_settings.enable()
    yield
    live_server._live_server_modified_settings.disable()


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, live_server, tmp_path_factory, _demo_snapshots):
    """The demo site on the live server, for the whole module; returns ``url(path)``.

    ``live_server`` answers from other threads, so the demo is committed
    (what ``manage.py load_demo`` makes, put back from the session's snapshot
    as for the ``demo`` fixture; its PDFs in a temporary folder). Afterwards
    the database is flushed and refilled with what the migrations created
    (home page, site, editor groups, content types), as a transactional test
    with serialized rollback would.
    """
    from tests.browser.pages import PUBLIC_PAGES

    media = tmp_path_factory.mktemp("browser-media")
    with (
        override_settings(MEDIA_ROOT=media / "public", PRIVATE_MEDIA_ROOT=media / "private"),
        migrated_state_restored(django_db_blocker),
    ):
        with transaction.atomic():
            _demo_snapshots.put()
        # A page type whose path depends on the demo data (a record's id) is
        # listed as a function: resolved here, where the database is open.
        resolved = {path: path() for _, path in PUBLIC_PAGES if callable(path)}

        def url(path):
            return live_server.url + resolved.get(path, path)

        yield url
