"""Transactional tests that leave the database as the migrations left it.

A module that imports ``_django_db_helper`` from here replaces pytest-django's
fixture of that name for its tests marked ``django_db(transaction=True)`` (and
for ``live_server``). The mark still makes pytest-django set up the test
database and run these tests after the others; the writes are committed, so
other threads and processes (a worker, a live server) see them. Afterwards the
database is flushed and refilled with what the migrations created (home page,
site, groups), as ``tests/council/test_worker.py``'s ``committed_db`` and
``tests/browser``'s ``demo_site`` do: pytest-django's own helper would leave it
empty for the tests that come after.
"""

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections


@pytest.fixture
def _django_db_helper(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        connection = connections[DEFAULT_DB_ALIAS]
        migrated = connection.creation.serialize_db_to_string()
        try:
            yield
        finally:
            ContentType.objects.get_for_models(*apps.get_models())
            call_command(
                "flush",
                verbosity=0,
                interactive=False,
                reset_sequences=False,
                inhibit_post_migrate=True,
            )
            connection.creation.deserialize_db_from_string(migrated)
            cache.clear()
