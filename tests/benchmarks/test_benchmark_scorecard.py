"""The scorecard benchmark runs, reports its figures and leaves the database as it was."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from advice.models import Consultation
from council.models import MunicipalBody

pytestmark = pytest.mark.django_db


def test_the_benchmark_times_the_pages_and_rolls_back(demo):
    before = (Consultation.objects.count(), MunicipalBody.objects.count())
    out = io.StringIO()

    with CaptureQueriesContext(connection) as queries:
        call_command("benchmark_scorecard", "--counts", "30", "60", "--repeat", "1", stdout=out)

    report = out.getvalue()
    assert "30 raadplegingen aangemaakt" in report and "60 raadplegingen aangemaakt" in report
    assert report.count("scorecard van de cliëntenraad: p50") == 2
    assert "p95" in report
    assert "10 queries" in report
    assert (Consultation.objects.count(), MunicipalBody.objects.count()) == before
    if connection.vendor == "postgresql":
        # The planner's statistics are taken again after the rollback, not left at 60 rows.
        statements = [query["sql"] for query in queries.captured_queries]
        last_rollback = max(i for i, sql in enumerate(statements) if "ROLLBACK" in sql)
        assert any(
            sql.startswith("ANALYZE") and "advice_consultation" in sql
            for sql in statements[last_rollback:]
        )


def test_the_benchmark_needs_a_council_page():
    with pytest.raises(CommandError, match="load_demo"):
        call_command("benchmark_scorecard", "--counts", "5", stdout=io.StringIO())
