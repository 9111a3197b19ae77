"""Compare-and-set: the import writes a row only onto the values its reading (and the admin's
check) saw; otherwise it refuses the whole file, names the rows, and writes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from advice.consultations import audit, services
from advice.consultations.services import consultation_import, consultation_save
from advice.consultations.tasks import ConsultationImport
from advice.models import Consultation
from tests.advice.test_import_consultations import (  # noqa: F401
    GOOD,
    HEADER,
    IMPORT_URL,
    council,
    csv_bytes,
    frozen_today,
    role_councils,
)

pytestmark = pytest.mark.django_db

CHANGE_A = csv_bytes(
    HEADER,
    "2026-01;leiden;Minimabeleid (A);college;05-01-2026;10-03-2026;;",
    "2026-02;leiden;Selectiemodel (A);;;onbekend;;",
    "2026-04;leiden;Nieuw van A;;;;;",
)
CHANGE_B = csv_bytes(
    HEADER,
    "2026-01;leiden;Minimabeleid (B);college;05-01-2026;10-03-2026;;",
    "2026-02;leiden;Selectiemodel (B);;;onbekend;;",
    "2026-04;leiden;Nieuw van B;;;;;",
)


def subjects():
    return dict(Consultation.objects.values_list("reference", "subject"))


def edit_subject(reference, subject):
    """What a clerk's save in the admin does."""
    consultation = Consultation.objects.get(reference=reference)
    consultation.subject = subject
    consultation_save(consultation=consultation, via=audit.VIA_ADMIN)


def upload(client, data, name="lijst.csv"):
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, data, "text/csv")})
    assert response.status_code == 302
    return ConsultationImport.objects.latest("pk")


def confirm(client, job):
    client.post(reverse("advice_consultation_import_apply", args=[job.pk]))
    job.refresh_from_db()
    return job


def test_a_record_changed_between_reading_and_writing_refuses_the_file(council):  # noqa: F811
    consultation_import(data=GOOD, apply=True)

    def someone_saves_meanwhile(phase, done, total):
        if phase == services.WRITE and done == 0:  # read, not yet locked
            edit_subject("2026-02", "Gewijzigd door een collega")

    report = consultation_import(data=CHANGE_A, apply=True, progress=someone_saves_meanwhile)

    assert not report.applied and not report.ok
    assert "regel 3" in report.file_errors[-1] and "niets ingelezen" in report.file_errors[-1]
    [row] = [row for row in report.rows if row.errors]
    assert row.line == 3 and "door iemand anders gewijzigd" in row.error_lines()[0]
    assert subjects() == {
        "2026-01": "Nieuw minimabeleid",
        "2026-02": "Gewijzigd door een collega",
        "2026-03": "Schuldhulp",
    }


def test_a_new_record_that_someone_else_created_meanwhile_refuses_the_file(council):  # noqa: F811
    def someone_creates_meanwhile(phase, done, total):
        if phase == services.WRITE and done == 0:
            consultation_import(
                data=csv_bytes(HEADER, "2026-04;leiden;Al vastgelegd;;;;;"), apply=True
            )

    report = consultation_import(data=CHANGE_A, apply=True, progress=someone_creates_meanwhile)

    assert not report.applied
    assert [row.line for row in report.rows if row.errors] == [4]
    assert "bestaat inmiddels" in report.rows[2].error_lines()[0]
    assert subjects() == {"2026-04": "Al vastgelegd"}


def test_a_kenmerk_taken_while_writing_refuses_the_file(council):  # noqa: F811
    """Made after the lock step, inside the write: the model's own uniqueness check refuses the
    row (from another transaction, the unique constraint does: ``IntegrityError``, same ending)."""

    def taken_during_the_write(phase, done, total):
        if phase == services.WRITE and done == 1:
            Consultation.objects.create(council=council, reference="2026-03", subject="Tussendoor")

    report = consultation_import(data=GOOD, apply=True, progress=taken_during_the_write)

    assert not report.applied and not report.ok
    assert [row.line for row in report.rows if row.errors] == [4]
    assert "kenmerk" in report.rows[2].error_lines()[0]
    assert not Consultation.objects.exists()  # the record made inside the rolled-back write too


def test_a_change_after_the_check_refuses_the_confirmed_import(client_for, clerk_user, council):  # noqa: F811
    client = client_for(clerk_user)
    consultation_import(data=GOOD, apply=True)
    job = upload(client, CHANGE_A)
    edit_subject("2026-01", "Gewijzigd na de controle")

    job = confirm(client, job)

    assert (job.status, job.applied) == ("failed", False)
    assert "klopt niet meer met de gegevens" in job.report["message"]
    assert "regel 2" in job.report["message"]
    [row] = [row for row in job.report["rows"] if row["errors"]]
    assert row["line"] == 2 and "sinds de controle" in row["errors"][0]
    assert subjects()["2026-01"] == "Gewijzigd na de controle"
    assert "2026-04" not in subjects()
    page = client.get(
        reverse("advice_consultation_import_progress", args=[job.pk])
    ).content.decode()
    assert "De import is niet uitgevoerd" in page and "sinds de controle" in page


def test_a_record_the_file_leaves_alone_but_someone_changed_refuses_too(
    client_for,
    clerk_user,
    council,  # noqa: F811
):
    """The file would write back the value the check saw: a lost update, so refused."""
    client = client_for(clerk_user)
    consultation_import(data=GOOD, apply=True)
    job = upload(client, GOOD[: GOOD.index(b"\n2026-03")] + b"\n2026-09;leiden;Nieuw;;;;;\n")
    edit_subject("2026-02", "Ander onderwerp")

    job = confirm(client, job)

    assert job.status == "failed"
    assert [row["line"] for row in job.report["rows"] if row["errors"]] == [3]
    assert subjects()["2026-02"] == "Ander onderwerp" and "2026-09" not in subjects()


def test_two_imports_checked_together_one_wins_the_other_is_refused(
    client_for,
    clerk_user,
    council,  # noqa: F811
):
    """The deterministic interleaving of two imports: both checked on the same records, then
    confirmed one after the other (tests/advice/test_consultation_import_threads.py runs them
    at the same moment on PostgreSQL)."""
    client = client_for(clerk_user)
    consultation_import(data=GOOD, apply=True)
    first, second = upload(client, CHANGE_A, "a.csv"), upload(client, CHANGE_B, "b.csv")

    first, second = confirm(client, first), confirm(client, second)

    assert (first.status, first.applied) == ("done", True)
    assert (second.status, second.applied) == ("failed", False)
    assert (
        "klopt niet meer met de gegevens op 3 regel(s) (regel 2, 3, 4)" in second.report["message"]
    )
    assert subjects() == {
        "2026-01": "Minimabeleid (A)",
        "2026-02": "Selectiemodel (A)",
        "2026-03": "Schuldhulp",
        "2026-04": "Nieuw van A",
    }


def test_the_report_links_to_what_was_written(client_for, clerk_user, council):  # noqa: F811
    client = client_for(clerk_user)
    job = confirm(client, upload(client, GOOD))
    assert job.applied
    page = client.get(
        reverse("advice_consultation_import_progress", args=[job.pk])
    ).content.decode()
    for consultation in Consultation.objects.all():
        edit_url = reverse("wagtailsnippets_advice_consultation:edit", args=[consultation.pk])
        assert f'<a href="{edit_url}">{consultation.reference}</a>' in page
    assert '<label for="import-bar">Voortgang van de import, in procenten</label>' in page
    assert '<progress id="import-bar" max="100" value="100"' in page


def test_a_long_report_shows_the_rows_with_errors(client_for, clerk_user, council):  # noqa: F811
    lines = [f"2027-{number:04d};leiden;Onderwerp {number};;;;;" for number in range(1, 301)]
    lines[249] = "2027-0250;leiden;Onderwerp;;31-02-2026;;;"
    job = upload(client_for(clerk_user), csv_bytes(HEADER, *lines))
    page = client_for(clerk_user).get(reverse("advice_consultation_import_progress", args=[job.pk]))
    text = page.content.decode()
    assert "Hieronder de regels met een fout (1 getoond, van 300 regels)." in text
    assert "regel 251, kolom &#x27;gevraagd op&#x27;" in text
    assert "<td>251</td>" in text and "<td>2</td>" not in text  # only the row with the error


def test_the_progress_page_is_polled_without_the_file_or_the_report(
    client_for,
    clerk_user,
    council,  # noqa: F811
    django_assert_max_num_queries,
):
    client = client_for(clerk_user)
    job = upload(client, GOOD)
    ConsultationImport.objects.filter(pk=job.pk).update(status="running", phase="write", done=1)
    with django_assert_max_num_queries(8) as context:
        state = client.get(reverse("advice_consultation_import_status", args=[job.pk])).json()
    assert (state["status_label"], state["phase_label"], state["percent"]) == (
        "bezig",
        "geschreven",
        33,
    )
    loaded = " ".join(query["sql"] for query in context.captured_queries)
    table = connection.ops.quote_name(ConsultationImport._meta.db_table)
    assert f"{table}.{connection.ops.quote_name('data')}" not in loaded
    assert f"{table}.{connection.ops.quote_name('report')}" not in loaded


def test_the_reference_index_follows_the_file_in_one_task(council, monkeypatch):  # noqa: F811
    """Not Wagtail's task per save (two per row): one task indexes the written rows."""
    from wagtail import signal_handlers
    from wagtail.models import ReferenceIndex

    per_save = []

    class Spy:
        def enqueue(self, *args):
            per_save.append(args)

    monkeypatch.setattr(signal_handlers, "update_reference_index_task", Spy())

    assert consultation_import(data=GOOD, apply=True).applied

    assert per_save == []
    first = Consultation.objects.get(reference="2026-01")
    assert ReferenceIndex.get_references_for_object(first).filter(model_path="body").exists()
