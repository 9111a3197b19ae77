"""The consultation import as tasks: progress state, all or nothing, a changed record
refuses the apply, imports are private to their uploader, and a real worker runs both."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from advice.consultations.tasks import ConsultationImport
from advice.models import Consultation
from council import groups
from council.models import Member
from tests.advice.test_import_consultations import (  # noqa: F401
    GOOD,
    IMPORT_URL,
    council,
    frozen_today,
    role_councils,
)
from tests.committed import committed_database, ensured_test_database  # noqa: F401
from tests.council.test_worker import database_backend, run_worker  # noqa: F401
from tests.factories.council import (
    CouncilFactory,
    MemberFactory,
    MunicipalBodyFactory,
    MunicipalityFactory,
    UserFactory,
)


def upload(client, data=GOOD):
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("lijst.csv", data, "text/csv")})
    assert response.status_code == 302
    return ConsultationImport.objects.latest("pk")


def apply(client, job):
    return client.post(reverse("advice_consultation_import_apply", args=[job.pk]))


@pytest.mark.django_db
def test_the_status_reports_progress_and_the_report(client_for, clerk_user, council):  # noqa: F811
    client = client_for(clerk_user)
    job = upload(client)
    state = client.get(reverse("advice_consultation_import_status", args=[job.pk])).json()
    assert state["stage"] == "check" and state["status"] == "done"
    assert (state["done"], state["total"], state["percent"]) == (3, 3, 100)
    assert "3 nieuw" in state["report_html"]
    apply(client, job)
    state = client.get(reverse("advice_consultation_import_status", args=[job.pk])).json()
    assert state["stage"] == "apply" and state["status"] == "done" and state["finished"]
    assert "Resultaat van de import" in state["report_html"]


@pytest.mark.django_db
def test_records_changed_since_the_check_refuse_the_apply(client_for, clerk_user, council):  # noqa: F811
    client = client_for(clerk_user)
    job = upload(client)
    other = upload(client)
    apply(client, other)  # someone imported the same file meanwhile
    assert Consultation.objects.count() == 3
    Consultation.objects.update(subject="Anders")
    apply(client, job)
    job.refresh_from_db()
    assert job.status == "failed" and not job.applied
    assert "klopt niet meer met de gegevens" in job.report["message"]
    assert set(Consultation.objects.values_list("subject", flat=True)) == {"Anders"}


@pytest.mark.django_db
def test_an_import_is_visible_to_its_uploader_only(client_for, clerk_user, council):  # noqa: F811
    job = upload(client_for(clerk_user))
    other = UserFactory(username="andere-secretaris", groups=[groups.CLERKS])
    # A clerk of the same council, who may import: still not someone else's import.
    MemberFactory(council=council, user=other, role=Member.Role.OFFICIAL_SUPPORT)
    client = client_for(other)
    assert (
        client.get(reverse("advice_consultation_import_progress", args=[job.pk])).status_code == 404
    )
    assert (
        client.get(reverse("advice_consultation_import_status", args=[job.pk])).status_code == 404
    )
    assert apply(client, job).status_code == 404
    assert not Consultation.objects.exists()


def test_a_real_worker_checks_then_applies(client, database_backend):  # noqa: F811
    municipality = MunicipalityFactory(name="Leiden", slug="leiden")
    leiden = CouncilFactory(name="Cliëntenraad Leiden", slug="leiden", municipality=municipality)
    MunicipalBodyFactory(municipality=municipality, name="College van B&W", slug="college")
    clerk = UserFactory(username="secretaris", groups=[groups.CLERKS])
    MemberFactory(council=leiden, user=clerk, role=Member.Role.OFFICIAL_SUPPORT)
    client.force_login(clerk)
    job = upload(client)
    assert (job.status, job.total, job.done) == ("queued", 3, 0)
    page = client.get(reverse("advice_consultation_import_progress", args=[job.pk]))
    assert "in de wachtrij" in page.content.decode()
    assert "data-import-polling" in page.content.decode()

    run_worker()
    job.refresh_from_db()
    assert (job.stage, job.status, job.done) == ("check", "done", 3)
    assert not Consultation.objects.exists()

    apply(client, job)
    job.refresh_from_db()
    assert (job.stage, job.status) == ("apply", "queued")
    assert not Consultation.objects.exists()  # the request only enqueued
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.applied) == ("done", True)
    assert Consultation.objects.count() == 3
