"""The scorecard benchmark runs, reports its figures and leaves the database as it was."""

import io

import pytest
from django.core.management import CommandError, call_command

from advice.models import Consultation
from council.models import MunicipalBody

pytestmark = pytest.mark.django_db


def test_the_benchmark_times_the_pages_and_rolls_back(demo):
    before = (Consultation.objects.count(), MunicipalBody.objects.count())
    out = io.StringIO()

    call_command("benchmark_scorecard", "--counts", "30", "60", "--repeat", "1", stdout=out)

    report = out.getvalue()
    assert "30 raadplegingen aangemaakt" in report and "60 raadplegingen aangemaakt" in report
    assert report.count("scorecard van de cliëntenraad: mediaan") == 2
    assert "9 queries" in report
    assert (Consultation.objects.count(), MunicipalBody.objects.count()) == before


def test_the_benchmark_needs_a_council_page():
    with pytest.raises(CommandError, match="load_demo"):
        call_command("benchmark_scorecard", "--counts", "5", stdout=io.StringIO())
