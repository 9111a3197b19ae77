"""Tasks enqueued on commit, run in tests as they would be in production.

pytest-django wraps each test in a transaction that is rolled back, so
``transaction.on_commit`` callbacks never run. For the callbacks of
``council.background.enqueue_on_commit`` that would hide every task from the
tests; this patch runs them when the code's own outermost ``atomic`` block
exits successfully (what a commit is, seen from the code), or at once when
they are registered outside any block of the code's own. A block that is
rolled back drops them, as Django does. Other on_commit callbacks are left
alone.
"""

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from council.background import OnCommitEnqueue


def _only_test_blocks(connection):
    return connection.in_atomic_block and all(
        block._from_testcase for block in connection.atomic_blocks
    )


def test_atomic(using=None):
    """An ``atomic`` block that belongs to the test, not to the code (data shared by a module)."""
    block = transaction.atomic(using=using)
    block._from_testcase = True
    return block


def install(monkeypatch):
    original_on_commit = BaseDatabaseWrapper.on_commit
    original_exit = transaction.Atomic.__exit__

    def on_commit(self, func, robust=False):
        if isinstance(func, OnCommitEnqueue) and _only_test_blocks(self):
            return func()
        return original_on_commit(self, func, robust)

    def exit_(self, exc_type, exc_value, traceback):
        result = original_exit(self, exc_type, exc_value, traceback)
        connection = transaction.get_connection(self.using)
        if exc_type is None and _only_test_blocks(connection):
            ours = [
                entry for entry in connection.run_on_commit if isinstance(entry[1], OnCommitEnqueue)
            ]
            connection.run_on_commit = [
                entry for entry in connection.run_on_commit if entry not in ours
            ]
            for _, func, _ in ours:
                func()
        return result

    monkeypatch.setattr(BaseDatabaseWrapper, "on_commit", on_commit)
    monkeypatch.setattr(transaction.Atomic, "__exit__", exit_)
