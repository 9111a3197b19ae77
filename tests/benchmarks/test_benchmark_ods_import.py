"""The ODS import benchmark reports its three imports and leaves the database as it was."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agenda.models import AgendaItem, Meeting
from council.models import Council

pytestmark = pytest.mark.django_db


def test_the_benchmark_imports_three_times_and_rolls_back():
    out = io.StringIO()

    with CaptureQueriesContext(connection) as queries:
        call_command("benchmark_ods_import", "--meetings", "3", "--items", "2", stdout=out)

    report = out.getvalue()
    assert "eerste import: " in report and "derde import (één agendapunt gewijzigd): " in report
    assert (Council.objects.count(), Meeting.objects.count(), AgendaItem.objects.count()) == (
        0,
        0,
        0,
    )
    if connection.vendor == "postgresql":
        statements = [query["sql"] for query in queries.captured_queries]
        last_rollback = max(i for i, sql in enumerate(statements) if "ROLLBACK" in sql)
        assert any(
            sql.startswith("ANALYZE") and "agenda_agendaitem" in sql
            for sql in statements[last_rollback:]
        )
