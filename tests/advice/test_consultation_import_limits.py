"""The limits of the consultation import: size, rows, cells, control characters, formulas.

The same limits (``csv_limits``) for the admin upload and the command line,
refused in Dutch before any parsing; a bad cell named by row and column.
"""

import datetime
import io
import pathlib
import time

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from wagtail.models import ModelLogEntry

from advice.consultations import audit, csv_limits
from advice.consultations.services import consultation_import
from advice.models import Consultation
from tests.factories.council import CouncilFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db

HEADER = "kenmerk;cliëntenraad;onderwerp;toelichting"
IMPORT_URL = "/beheer/raadplegingen/importeren/"


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0), tick=False):
        yield


@pytest.fixture
def council():
    municipality = MunicipalityFactory(name="Leiden", slug="leiden")
    return CouncilFactory(name="Cliëntenraad Leiden", slug="leiden", municipality=municipality)


@pytest.fixture
def role_councils(council):
    return [council]


def csv_bytes(*lines):
    return ("\n".join(lines) + "\n").encode()


def rows(count, start=1):
    return [f"2026-{n:05d};leiden;Besluit {n};" for n in range(start, start + count)]


def check(data):
    return consultation_import(data=data, filename="lijst.csv")


def upload(client, data):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile("lijst.csv", data, "text/csv")})


# --- Size and rows: refused before parsing, the same everywhere ------------------------------


def test_a_file_over_the_size_limit_is_refused_before_parsing(council, monkeypatch):
    data = csv_bytes(HEADER, "2026-1;leiden;" + "x" * csv_limits.MAX_BYTES + ";")

    def no_parsing(*args, **kwargs):
        raise AssertionError("the file was parsed")

    monkeypatch.setattr("advice.consultations.csv_file.decode", no_parsing)
    report = check(data)

    assert not report.ok
    assert "groter dan 2 MB, de grens van een import" in report.file_errors[0]


def test_a_file_over_the_row_limit_is_refused_before_parsing(council, monkeypatch):
    data = csv_bytes(HEADER, *rows(csv_limits.MAX_ROWS + 1))
    assert len(data) < csv_limits.MAX_BYTES

    monkeypatch.setattr(
        "advice.consultations.csv_file.decode",
        lambda data: pytest.fail("the file was parsed"),
    )
    report = check(data)

    assert report.file_errors == [
        "Het bestand heeft 10.001 regels na de kopregel; een import leest hoogstens 10.000. "
        "Splits het in kleinere bestanden; er is niets ingelezen."
    ]


def test_a_file_at_the_row_limit_is_read(council):
    report = check(csv_bytes(HEADER, *rows(csv_limits.MAX_ROWS)))

    assert report.ok and len(report.rows) == csv_limits.MAX_ROWS


def test_the_admin_upload_refuses_past_the_same_limits(client_for, clerk_user, council):
    client = client_for(clerk_user)

    response = upload(client, csv_bytes(HEADER, *rows(csv_limits.MAX_ROWS + 1)))
    assert response.status_code == 200
    assert "10.001 regels na de kopregel" in response.content.decode()

    response = upload(client, b"x" * (csv_limits.MAX_BYTES + 1))
    assert response.status_code == 200
    assert "groter dan 2 MB" in response.content.decode()
    assert not Consultation.objects.exists()


def test_the_command_refuses_a_huge_file_without_reading_it(council, tmp_path, monkeypatch):
    path = tmp_path / "enorm.csv"
    with path.open("wb") as handle:
        handle.truncate(5 * 1024**3)  # 5 GB, sparse: nothing is written to disk

    def read_bytes(self):
        raise AssertionError("the command read the file")

    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
    started = time.monotonic()
    with pytest.raises(CommandError, match="enorm.csv: Het bestand is 5,0.GB, groter dan 2 MB"):
        call_command("import_consultations", str(path), stdout=io.StringIO())
    assert time.monotonic() - started < 2


def test_the_command_refuses_past_the_row_limit(council, tmp_path):
    path = tmp_path / "lang.csv"
    path.write_bytes(csv_bytes(HEADER, *rows(csv_limits.MAX_ROWS + 1)))
    err = io.StringIO()

    with pytest.raises(CommandError, match="Niets ingelezen"):
        call_command("import_consultations", str(path), "--apply", stdout=io.StringIO(), stderr=err)

    assert "10.001 regels na de kopregel" in err.getvalue()
    assert not Consultation.objects.exists()


# --- Cells: size, control characters, NUL past the first 8 KB --------------------------------


@pytest.mark.parametrize(
    ("length", "shown"),
    [(csv_limits.MAX_CELL_CHARS + 1, "100.001"), (1_500_000, "1.500.000")],
    ids=["just over", "past Python's own csv limit"],
)
def test_a_cell_past_the_cell_limit_is_named_by_row_and_column(council, length, shown):
    long = "x" * length
    report = check(csv_bytes(HEADER, "2026-1;leiden;Goed;", f"2026-2;leiden;Lang;{long}"))

    assert not report.ok and not report.file_errors
    assert report.error_lines() == [
        f"regel 3, kolom 'toelichting': de cel is {shown} tekens lang; een cel mag hoogstens "
        "100.000 tekens zijn."
    ]


def test_a_control_character_in_an_unknown_header_is_reported_without_it(
    client_for, clerk_user, council
):
    client = client_for(clerk_user)
    response = upload(client, csv_bytes(HEADER + ";ge\x00heim\x07", "2026-1;leiden;Goed;;"))
    response = client.get(response["Location"])

    assert response.status_code == 200
    assert "onbekende kolom &#x27;geheim&#x27;" in response.content.decode()
    assert not Consultation.objects.exists()


def test_a_nul_byte_past_the_first_8_kb_is_refused_in_the_dry_run_with_its_row(council, tmp_path):
    lines = [HEADER, *rows(300), "2026-99999;leiden;Met een \x00 erin;"]
    data = csv_bytes(*lines)
    assert data.index(b"\x00") > 8192
    path = tmp_path / "nul.csv"
    path.write_bytes(data)
    err = io.StringIO()

    with pytest.raises(CommandError, match="Niets ingelezen"):
        call_command("import_consultations", str(path), stdout=io.StringIO(), stderr=err)

    assert (
        "nul.csv, regel 302, kolom 'onderwerp': de cel bevat een onzichtbaar stuurteken "
        "(U+0000) op positie 9." in err.getvalue()
    )
    with pytest.raises(CommandError, match="Niets ingelezen"):
        call_command("import_consultations", str(path), "--apply", stderr=io.StringIO())
    assert not Consultation.objects.exists()


def test_the_admin_upload_of_a_nul_byte_shows_the_row_and_cannot_be_applied(
    client_for, clerk_user, council
):
    client = client_for(clerk_user)
    response = upload(client, csv_bytes(HEADER, *rows(300), "2026-99999;leiden;Met \x00;"))
    response = client.get(response["Location"])

    assert response.status_code == 200
    assert "regel 302, kolom &#x27;onderwerp&#x27;" in response.content.decode()
    assert not response.context["job"].may_apply


@pytest.mark.parametrize("code", [c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)])
def test_every_control_character_xml_cannot_hold_is_refused_with_row_and_column(council, code):
    report = check(csv_bytes(HEADER, f"2026-1;leiden;Goed;voor{chr(code)}na"))

    assert report.error_lines() == [
        f"regel 2, kolom 'toelichting': de cel bevat een onzichtbaar stuurteken (U+{code:04X}) "
        "op positie 5. Verwijder het en probeer het opnieuw."
    ]


def test_a_tab_in_a_cell_is_text(council):
    report = check(csv_bytes(HEADER, "2026-1;leiden;Goed;voor\tna"))

    assert report.ok


# --- Formulas: the export's escape is read back --------------------------------------------


def test_an_escaped_formula_cell_is_read_back_without_the_quote(council):
    consultation_import(
        data=csv_bytes(HEADER, "2026-1;leiden;'=SOM(1,2);'-min"),
        filename="lijst.csv",
        apply=True,
    )

    consultation = Consultation.objects.get()
    assert (consultation.subject, consultation.summary) == ("=SOM(1,2)", "-min")


# --- The user of a command-line import --------------------------------------------------------


def test_a_command_line_import_without_a_user_records_the_system_account(council, tmp_path):
    path = tmp_path / "lijst.csv"
    path.write_bytes(csv_bytes(HEADER, "2026-1;leiden;Nieuw;"))

    call_command("import_consultations", str(path), stdout=io.StringIO())
    assert not get_user_model().objects.filter(username=audit.IMPORT_ACCOUNT).exists()

    call_command("import_consultations", str(path), "--apply", stdout=io.StringIO())

    entry = ModelLogEntry.objects.get(action=audit.CREATE)
    assert entry.user.username == audit.IMPORT_ACCOUNT
    assert not entry.user.is_active and not entry.user.has_usable_password()
    assert entry.data["via"] == audit.VIA_COMMAND_LINE_IMPORT
