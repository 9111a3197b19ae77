"""The consultation import benchmark drives a live server like a clerk and reports its figures."""

import io

import pytest
from django.core.management import call_command

from advice.consultations.tasks import ConsultationImport
from advice.models import Consultation
from tests.committed import _django_db_helper  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def test_benchmark_imports_through_the_admin_and_reports(live_server):
    out = io.StringIO()

    call_command(
        "benchmark_consultation_import", "--url", live_server.url, "--rows", "30", stdout=out
    )

    report = out.getvalue()
    assert "Import van 30 regels via het beheer:" in report
    assert "GET status (poll): " in report and "POST importeren: 1x" in report
    assert "Geschreven: 30 van 30 raadplegingen" in report
    assert Consultation.objects.filter(council__slug="benchmark-import").count() == 30
    job = ConsultationImport.objects.get()
    assert (job.stage, job.status, job.applied) == ("apply", "done", True)
