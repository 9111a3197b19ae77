"""Playwright's sync API in a thread of its own, usable from the test thread.

Why not in the test thread: Playwright's sync API runs an asyncio event loop
in the thread that starts it and keeps that loop marked as running from
``start()`` to ``stop()``, also between calls. Django then treats the thread as
async code, in two ways:

- its async-unsafe guard refuses every ORM call (SynchronousOnlyOperation).
  ``DJANGO_ALLOW_ASYNC_UNSAFE`` would silence that, but not the second:
- database connections live in asgiref's thread-critical ``Local``, which
  switches to a per-context store while a loop runs. The test thread then gets
  a new connection object instead of the one pytest-django set the test
  database up on: serialized rollback finds no serialized data (the home page
  of the data migration is gone after the first flush), the in-memory SQLite
  connection shared with the live server is bypassed, and PostgreSQL keeps a
  stray connection open while the test database is dropped.

So the browser lives in one worker thread. Tests use it through ``Remote``
proxies that run every call there, and read like plain Playwright
(``page.goto(url)``, ``page.keyboard.press("Tab")``); the test thread never
has an event loop, and the ORM, pytest-django and the live server behave as in
any other test.
"""

from concurrent.futures import ThreadPoolExecutor


class BrowserThread:
    def __init__(self):
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="playwright")

    def run(self, function, *args, **kwargs):
        """Run ``function`` in the browser thread and return (or raise) its outcome."""
        return self._executor.submit(function, *args, **kwargs).result()

    def shutdown(self):
        self._executor.shutdown(wait=True)

    def wrap(self, value):
        if isinstance(value, list | tuple):
            return type(value)(self.wrap(item) for item in value)
        if type(value).__module__.startswith("playwright."):
            return Remote(self, value)
        return value


def _unwrap(value):
    if isinstance(value, Remote):
        return object.__getattribute__(value, "_target")
    if isinstance(value, list | tuple):
        return type(value)(_unwrap(item) for item in value)
    if isinstance(value, dict):
        return {key: _unwrap(item) for key, item in value.items()}
    return value


class Remote:
    """A Playwright object of the browser thread; every attribute and call runs there."""

    __slots__ = ("_thread", "_target")

    def __init__(self, thread, target):
        object.__setattr__(self, "_thread", thread)
        object.__setattr__(self, "_target", target)

    def __getattr__(self, name):
        thread = object.__getattribute__(self, "_thread")
        target = object.__getattribute__(self, "_target")
        value = thread.run(getattr, target, name)
        if not callable(value):
            return thread.wrap(value)

        def call(*args, **kwargs):
            return thread.wrap(thread.run(value, *_unwrap(args), **_unwrap(kwargs)))

        return call

    def __repr__(self):
        return f"Remote({object.__getattribute__(self, '_target')!r})"
