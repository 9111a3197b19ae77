"""Committed data, for tests whose other processes or connections must see it.

pytest-django wraps a ``db`` test in a transaction that is never committed:
``pg_dump``, a worker thread or a live server cannot see its rows. A test
that needs them committed asks for :func:`committed_database` instead, and
gets the database back as the migrations left it afterwards (the pattern of
``demo_site`` in tests/browser/conftest.py; tests/council/test_worker.py and
tests/advice/test_backup_restore.py use it).

pytest-django creates the test database only when some collected test asks
for ``db`` (or a ``django_db`` marker). Run alone, a test that only asks for
``django_db_setup`` would get the *configured* database, the developer's or
the server's, and flush it. :func:`ensured_test_database` makes sure the test
database exists and is the one in use, or fails before touching anything.
"""

import sqlite3
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.creation import TEST_DATABASE_PREFIX
from django.test.utils import setup_databases, teardown_databases


def _is_test_database(connection):
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return True
    return name == connection.settings_dict["TEST"].get("NAME") or name.startswith(
        TEST_DATABASE_PREFIX
    )


@pytest.fixture(scope="session")
def ensured_test_database(django_db_setup, django_db_blocker):
    """The test database, also when no other collected test made pytest-django create it."""
    connection = connections[DEFAULT_DB_ALIAS]
    created = None
    if not _is_test_database(connection):
        with django_db_blocker.unblock():
            created = setup_databases(verbosity=0, interactive=False, aliases={DEFAULT_DB_ALIAS})
    if not _is_test_database(connection):
        pytest.fail(f"Not a test database: {connection.settings_dict['NAME']}")
    yield
    if created is not None:
        with django_db_blocker.unblock():
            teardown_databases(created, verbosity=0)


@contextmanager
def migrated_state_restored(django_db_blocker):
    """Committed writes inside; afterwards the database holds what the migrations created."""
    with django_db_blocker.unblock():
        connection = connections[DEFAULT_DB_ALIAS]
        migrated = connection.creation.serialize_db_to_string()
        try:
            yield
        finally:
            # Some models (Wagtail's tasks) look up their content type while
            # being deserialized; with the content types in memory first,
            # that does not insert a row the deserializer inserts again.
            ContentType.objects.get_for_models(*apps.get_models())
            call_command(
                "flush",
                verbosity=0,
                interactive=False,
                reset_sequences=False,
                inhibit_post_migrate=True,
            )
            connection.creation.deserialize_db_from_string(migrated)
            for cache in caches.all():
                cache.clear()


@pytest.fixture
def committed_database(ensured_test_database, django_db_blocker):
    """Writes are committed; afterwards the database holds what the migrations created."""
    with migrated_state_restored(django_db_blocker):
        yield


# A module that imports ``_django_db_helper`` from here replaces pytest-django's
# fixture of that name for its tests marked ``django_db(transaction=True)`` (and
# for ``live_server``): the mark makes pytest-django set up the test database
# and run these tests after the others, the writes are committed, and afterwards
# the database is refilled with what the migrations created (pytest-django's own
# helper would leave it empty for the tests that come after).
@pytest.fixture
def _django_db_helper(django_db_setup, django_db_blocker):
    with migrated_state_restored(django_db_blocker):
        yield


@contextmanager
def reachable_from_other_processes(tmp_path):
    """The ``DATABASE_URL`` by which another process (a worker, an app server) reaches the
    test's committed database.

    On PostgreSQL the test database itself; on SQLite (in memory in the suite) a copy in a
    file that this process's own connection is switched to until the block ends.
    """
    memory = connections[DEFAULT_DB_ALIAS]
    if memory.vendor == "postgresql":
        params = memory.settings_dict
        yield (
            f"postgres://{params['USER']}@{params['HOST']}:{params['PORT'] or 5432}/{params['NAME']}"
        )
        return
    path = tmp_path / "shared.sqlite3"
    memory.ensure_connection()
    copy = sqlite3.connect(path)
    memory.connection.backup(copy)  # the migrated test database, in a file
    copy.close()
    in_file = memory.__class__({**memory.settings_dict, "NAME": str(path)}, DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = in_file
    try:
        yield f"sqlite:///{path}"
    finally:
        in_file.close()
        connections[DEFAULT_DB_ALIAS] = memory
