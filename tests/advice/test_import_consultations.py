"""The consultation CSV import: good files, broken files (nothing written), command and admin upload."""

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.urls import reverse
from wagtail.models import ModelLogEntry

from advice.consultations import audit, services
from advice.consultations.services import consultation_import
from advice.consultations.verdicts import ConsultationVerdict
from advice.models import Consultation
from tests.factories.advice import published_letter
from tests.factories.agenda import AgendaItemFactory, MeetingFactory
from tests.factories.council import CouncilFactory, MunicipalBodyFactory, MunicipalityFactory
from tests.factories.publications import council_page

pytestmark = pytest.mark.django_db

HEADER = "kenmerk;cliëntenraad;onderwerp;orgaan;gevraagd op;besluit op;verlenging (dagen);reden verlenging"


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0), tick=False):
        yield


@pytest.fixture
def council():
    municipality = MunicipalityFactory(name="Leiden", slug="leiden")
    council = CouncilFactory(name="Cliëntenraad Leiden", slug="leiden", municipality=municipality)
    MunicipalBodyFactory(municipality=municipality, name="College van B&W", slug="college")
    return council


@pytest.fixture
def role_councils(council):
    """The role fixtures' users work for this module's council."""
    return [council]


def csv_bytes(*lines, encoding="utf-8"):
    return ("\n".join(lines) + "\n").encode(encoding)


GOOD = csv_bytes(
    HEADER,
    "2026-01;leiden;Nieuw minimabeleid;college;05-01-2026;10-03-2026;;",
    "2026-02;leiden;Dynamisch selectiemodel;;;onbekend;;",
    "2026-03;leiden;Schuldhulp;College van B&W;2026-02-01;;14;college vroeg uitstel",
)


def run(data, **kwargs):
    kwargs.setdefault("filename", "lijst.csv")
    return consultation_import(data=data, **kwargs)


def test_a_good_file_is_checked_then_written(council):
    report = run(GOOD)

    assert report.ok and not report.applied
    assert [row.status for row in report.rows] == ["create"] * 3
    assert not Consultation.objects.exists()

    report = run(GOOD, apply=True)

    assert report.applied
    first, second, third = Consultation.objects.order_by("reference")
    assert (first.asked_on, first.decided_on) == (
        datetime.date(2026, 1, 5),
        datetime.date(2026, 3, 10),
    )
    assert first.body.slug == "college"
    assert first.judgement().verdict == ConsultationVerdict.CONSULTED_IN_TIME
    assert second.decided_date_unknown and second.asked_on is None
    assert second.judgement().verdict == ConsultationVerdict.NOT_CONSULTED
    assert (third.response_extension_days, third.response_extension_reason) == (
        14,
        "college vroeg uitstel",
    )
    entry = ModelLogEntry.objects.for_instance(first).get()
    assert entry.data["via"] == audit.VIA_COMMAND_LINE_IMPORT
    assert entry.data["source"] == "lijst.csv, regel 2"
    assert entry.message.startswith("Import via opdrachtregel (lijst.csv, regel 2): Vastgelegd.")


def test_importing_the_same_file_again_changes_nothing(council):
    run(GOOD, apply=True)
    logs = ModelLogEntry.objects.count()

    report = run(GOOD, apply=True)

    assert [row.status for row in report.rows] == ["unchanged"] * 3
    assert ModelLogEntry.objects.count() == logs


def test_a_changed_row_reports_and_logs_old_and_new(council):
    run(GOOD, apply=True)
    changed = csv_bytes(HEADER, "2026-01;leiden;Nieuw minimabeleid;college;05-01-2026;20-01-2026;;")

    report = run(changed)
    [row] = report.rows
    assert row.status == "change"
    assert row.change_lines() == [
        "Besluit genomen op: 10 maart 2026 → 20 januari 2026.",
        "Oordeel: op tijd gevraagd → te laat gevraagd.",
    ]

    run(changed, apply=True)
    consultation = Consultation.objects.get(reference="2026-01")
    entry = ModelLogEntry.objects.for_instance(consultation).filter(action=audit.CHANGE).get()
    assert entry.user is None
    assert entry.message.startswith("Import via opdrachtregel (lijst.csv, regel 2): Besluit")


def test_commas_iso_dates_a_bom_and_loose_headers_are_read(council):
    data = "\ufeff" + (
        "Kenmerk,Clientenraad,ONDERWERP,Gevraagd_op,besluit-op,Uitkomst\n"
        '2026-09,Cliëntenraad Leiden,"Armoede, schulden",2026-01-05,2026-03-10,deels opgevolgd\n'
    )

    report = run(data.encode("utf-8"), apply=True)

    assert report.applied, report.error_lines()
    consultation = Consultation.objects.get()
    assert consultation.subject == "Armoede, schulden"
    assert consultation.outcome == Consultation.Outcome.PARTLY_FOLLOWED


def test_a_file_without_council_column_takes_the_chosen_council(council):
    data = csv_bytes("kenmerk;onderwerp", "2026-04;Bijzondere bijstand")

    assert not run(data).ok
    assert run(data, council=council, apply=True).applied
    assert Consultation.objects.get().council == council


def test_absent_columns_are_left_alone_and_empty_cells_empty_the_field(council):
    run(GOOD, apply=True)

    run(
        csv_bytes("kenmerk;cliëntenraad;onderwerp", "2026-01;leiden;Nieuw minimabeleid"), apply=True
    )
    assert Consultation.objects.get(reference="2026-01").decided_on == datetime.date(2026, 3, 10)

    run(
        csv_bytes(
            "kenmerk;cliëntenraad;onderwerp;besluit op", "2026-01;leiden;Nieuw minimabeleid;"
        ),
        apply=True,
    )
    assert Consultation.objects.get(reference="2026-01").decided_on is None


def test_agenda_items_and_letters_are_found_by_what_a_clerk_writes(council):
    council_page(council)
    item = AgendaItemFactory(
        meeting=MeetingFactory(council=council, date=datetime.date(2026, 3, 2)), number="6"
    )
    letter = published_letter(council, sent_on=datetime.date(2026, 2, 1))
    data = csv_bytes(
        "kenmerk;cliëntenraad;onderwerp;vergaderdatum;agendapunt;gevraagd op;adviesbrief",
        f"2026-05;leiden;Re-integratie;02-03-2026;6;05-01-2026;{letter.reference}",
    )

    report = run(data, apply=True)

    assert report.applied, report.error_lines()
    consultation = Consultation.objects.get()
    assert (consultation.agenda_item, consultation.letter) == (item, letter)
    assert consultation.advice_sent == datetime.date(2026, 2, 1)


def test_an_export_imports_again_unchanged(client_for, clerk_user, council):
    run(GOOD, apply=True)
    export = client_for(clerk_user).get(
        reverse("wagtailsnippets_advice_consultation:list") + "?export=csv"
    )
    data = b"".join(export.streaming_content)

    report = run(data)

    assert report.ok, report.error_lines()
    assert [row.status for row in report.rows] == ["unchanged"] * 3
    assert report.ignored_columns == ["oordeel", "toelichting oordeel"]


# --- Broken files: each is refused whole, nothing written, the report names row and column ------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            csv_bytes(HEADER, "2026-01;leiden;Goed;;;;;", "2026-02;leiden;Fout;;31-02-2026;;;"),
            "regel 3, kolom 'gevraagd op': '31-02-2026' is geen geldige datum",
        ),
        (
            csv_bytes(HEADER, "2026-01;leiden;Goed;;;;;", "2026-02;leiden;Fout;wethouder x;;;;"),
            "regel 3, kolom 'orgaan': De gemeente Leiden heeft geen orgaan 'wethouder x'.",
        ),
        (
            csv_bytes(HEADER, "2026-01;leiden;Eerste;;;;;", "2026-01;leiden;Dubbel;;;;;"),
            "regel 3, kolom 'kenmerk': kenmerk '2026-01' staat al op regel 2",
        ),
        (
            csv_bytes(HEADER, "2026-01;leiden;Goed;;;;;", "2026-02;leiden;Fout;;;;14;"),
            "regel 3, kolom 'reden verlenging': Geef de reden van de verlenging",
        ),
        (
            csv_bytes(HEADER, "2026-01;leiden;Goed;;;;;", "2026-02;onbekend;Fout;;;;;"),
            "regel 3, kolom 'cliëntenraad': Er is geen cliëntenraad 'onbekend'",
        ),
        (
            csv_bytes(HEADER, "2026-02;leiden;Té weinig cellen;;"),
            "regel 2: deze regel heeft 5 cellen, de kopregel 8",
        ),
        (
            csv_bytes(HEADER, "2026-01;leiden;Crème brûlée;;;;;", encoding="cp1252"),
            "Het bestand is niet in UTF-8 opgeslagen: regel 1 bevat een teken",
        ),
        (b"", "Het bestand is leeg."),
        (b"   \n\n", "Het bestand is leeg."),
        (csv_bytes(HEADER), "Het bestand bevat alleen een kopregel"),
        (
            csv_bytes("2026-01;leiden;Geen kopregel", "2026-02;leiden;Ook niet"),
            "onbekende kolom '2026-01'",
        ),
        (
            csv_bytes("kenmerk;cliëntenraad;titel", "2026-01;leiden;Iets"),
            "de kolom(men) 'onderwerp' ontbreken",
        ),
        (b"PK\x03\x04\x14\x00\x06\x00rest-of-an-xlsx", "Dit is een Excel-bestand (xlsx)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "Dit is geen tekstbestand in UTF-8"),
        (
            csv_bytes(HEADER, "2026-01;leiden;Goed;;05-01-2026;10-03-2026;;"),
            None,  # the control case: this one is fine
        ),
    ],
    ids=[
        "bad date",
        "unknown body",
        "duplicate row",
        "extension without reason",
        "unknown council",
        "wrong number of cells",
        "cp1252 encoding",
        "empty file",
        "blank file",
        "header only",
        "missing header",
        "missing required column",
        "xlsx",
        "binary",
        "good",
    ],
)
def test_a_broken_file_writes_nothing_and_says_where(council, data, expected):
    report = run(data, apply=True)

    if expected is None:
        assert report.applied
        return
    assert not report.ok and not report.applied
    assert any(expected in line for line in report.error_lines()), report.error_lines()
    assert not Consultation.objects.exists()
    assert not ModelLogEntry.objects.filter(action__startswith="advice.consultation").exists()


def test_one_bad_row_leaves_existing_records_untouched(council):
    run(GOOD, apply=True)
    before = list(Consultation.objects.order_by("pk").values())
    data = csv_bytes(
        HEADER,
        "2026-01;leiden;Nieuw minimabeleid;college;05-01-2026;11-03-2026;;",
        "2026-02;leiden;Dynamisch selectiemodel;;;gisteren;;",
    )

    report = run(data, apply=True)

    assert not report.applied
    assert report.rows[0].status == "change"
    assert report.rows[1].status == "error"
    assert list(Consultation.objects.order_by("pk").values()) == before


def test_a_refusal_while_writing_rolls_everything_back(council, monkeypatch):
    real_save = services.consultation_save
    calls = []

    def failing_save(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise ValidationError({"subject": "Iemand anders was u voor."})
        return real_save(**kwargs)

    monkeypatch.setattr(services, "consultation_save", failing_save)

    report = run(GOOD, apply=True)

    assert not report.applied
    assert "regel 3, kolom 'onderwerp': Iemand anders was u voor." in report.error_lines()
    assert not Consultation.objects.exists()


# --- The command ---------------------------------------------------------------------------------


def test_the_command_checks_first_and_writes_with_apply(council, tmp_path):
    path = tmp_path / "raadplegingen.csv"
    path.write_bytes(GOOD)
    out = io.StringIO()

    call_command("import_consultations", str(path), stdout=out)

    assert "Controle: 3 nieuw" in out.getvalue()
    assert "niets veranderd" in out.getvalue()
    assert not Consultation.objects.exists()

    call_command("import_consultations", str(path), "--apply", stdout=io.StringIO())
    assert Consultation.objects.count() == 3


def test_the_command_fails_loudly_on_a_broken_file(council, tmp_path):
    path = tmp_path / "kapot.csv"
    path.write_bytes(csv_bytes(HEADER, "2026-02;leiden;Fout;;31-02-2026;;;"))
    err = io.StringIO()

    with pytest.raises(CommandError, match="Niets ingelezen"):
        call_command("import_consultations", str(path), "--apply", stdout=io.StringIO(), stderr=err)

    assert "kapot.csv, regel 2, kolom 'gevraagd op'" in err.getvalue()
    assert not Consultation.objects.exists()


def test_the_command_names_the_importing_user(council, tmp_path, clerk_user):
    path = tmp_path / "raadplegingen.csv"
    path.write_bytes(GOOD)

    call_command(
        "import_consultations",
        str(path),
        "--apply",
        "--gebruiker",
        clerk_user.username,
        stdout=io.StringIO(),
    )

    entry = ModelLogEntry.objects.filter(action=audit.CREATE).first()
    assert entry.user == clerk_user


def test_the_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Kan"):
        call_command("import_consultations", str(tmp_path / "er-niet.csv"))


# --- The admin upload ------------------------------------------------------------------------------


IMPORT_URL = "/beheer/raadplegingen/importeren/"


def upload(client, data, name="lijst.csv", **extra):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, data, "text/csv"), **extra})


def test_the_admin_upload_reports_then_writes_on_confirmation(client_for, clerk_user, council):
    """Upload → the check task → its progress page → confirm → the apply task (tasks run
    at once in the tests; tests/advice/test_consultation_import_tasks.py has the rest)."""
    client = client_for(clerk_user)
    assert client.get(IMPORT_URL).status_code == 200

    response = upload(client, GOOD)

    assert response.status_code == 302
    progress = response["Location"]
    response = client.get(progress)
    html = response.content.decode()
    assert "er is nog niets ingelezen" in html
    assert "3 nieuw" in html
    assert "Importeren" in html
    assert not Consultation.objects.exists()
    job = response.context["job"]

    response = client.post(reverse("advice_consultation_import_apply", args=[job.pk]))

    assert response["Location"] == progress
    assert Consultation.objects.count() == 3
    entry = ModelLogEntry.objects.filter(action=audit.CREATE).first()
    assert entry.user == clerk_user
    assert entry.data["via"] == audit.VIA_IMPORT
    assert "Resultaat van de import" in client.get(progress).content.decode()

    client.post(reverse("advice_consultation_import_apply", args=[job.pk]))
    assert Consultation.objects.count() == 3


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"\x00\x01\x02binary\xff" * 50, "foto.csv", "Dit is geen tekstbestand in UTF-8"),
        (
            csv_bytes(HEADER, "2026-02;leiden;Fout;;31-02-2026;;;"),
            "lijst.csv",
            "lijst.csv, regel 2, kolom &#x27;gevraagd op&#x27;",
        ),
        (b"", "leeg.csv", "Het verstuurde bestand is leeg."),
    ],
)
def test_the_admin_upload_never_fails_on_a_bad_file(
    client_for, clerk_user, council, data, name, message
):
    response = upload(client_for(clerk_user), data, name)
    if response.status_code == 302:
        response = client_for(clerk_user).get(response["Location"])

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Importeren</button>" not in response.content.decode()
    job = response.context.get("job")
    assert job is None or not job.may_apply
    assert not Consultation.objects.exists()


def test_the_admin_upload_refuses_no_file_and_a_huge_one(client_for, clerk_user, council, settings):
    client = client_for(clerk_user)

    response = client.post(IMPORT_URL, {})
    assert response.status_code == 200
    assert "Kies een CSV-bestand." in response.content.decode()

    huge = HEADER.encode() + b"\n" + b"x;leiden;y;;;;;\n" * 200_000
    response = upload(client, huge)
    assert response.status_code == 200
    assert "groter dan 2 MB" in response.content.decode()
    assert not Consultation.objects.exists()


def test_a_clash_with_a_simultaneous_import_writes_nothing(council, monkeypatch):
    real_save = services.consultation_save
    calls = []

    def clashing_save(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise IntegrityError("duplicate key value violates unique constraint")
        return real_save(**kwargs)

    monkeypatch.setattr(services, "consultation_save", clashing_save)

    report = run(GOOD, apply=True)

    assert not report.applied and not report.ok
    assert any("tegelijk" in line for line in report.error_lines())
    assert not Consultation.objects.exists()
