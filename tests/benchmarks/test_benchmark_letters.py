"""The letters benchmark runs, reports its figures and leaves nothing behind."""

import io

import pytest
from django.core.management import CommandError, call_command

from advice.models import LetterPage
from tests.factories.council import CouncilFactory
from tests.factories.publications import council_page

pytestmark = pytest.mark.django_db


def test_benchmark_reports_and_rolls_back():
    council_page(CouncilFactory())
    out = io.StringIO()

    call_command("benchmark_letters", "--count", "3", "--repeat", "2", "--publish", "2", stdout=out)

    report = out.getvalue()
    assert "Import van 3 brieven (published)" in report
    assert "SQL-statements per brief (3 aangemaakt, 0 mislukt" in report
    assert "letter_publish van 2 verzonden brieven: mediaan" in report
    assert "Briefpagina: mediaan" in report
    assert "PDF van de brief: mediaan" in report
    assert LetterPage.objects.count() == 0


def test_benchmark_needs_a_council_page():
    with pytest.raises(CommandError, match="load_demo"):
        call_command("benchmark_letters", "--count", "1", stdout=io.StringIO())
