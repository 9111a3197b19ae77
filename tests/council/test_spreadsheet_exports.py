"""Every admin export (CSV, XLSX) survives every control character and escapes every formula.

The records are written straight into the database (``bulk_create``, or
``consultation_save``, which does not run the admin form's check), as records
written before the check, by a script or by an import of old would be.
"""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from advice.models import Consultation
from agenda.models import AgendaItem, Meeting
from council.models import Council, Member, MunicipalBody
from council.plain_text import CONTROL_CHARACTERS, FORMULA_PREFIXES
from motions.models import Motion
from tests.factories.advice import ConsultationFactory
from tests.factories.council import CouncilFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db

# PostgreSQL cannot store U+0000 in text at all (the import refuses it, see
# test_import_limits); SQLite can, so there the export must survive it too.
FIRST = 0 if connection.vendor != "postgresql" else 1
CONTROLS = [chr(code) for code in range(FIRST, 0x20)]
FORMULA = 'HYPERLINK("http://example.invalid/?leak","klik")'
PAYLOADS = (
    [f"{prefix}{FORMULA}" for prefix in FORMULA_PREFIXES]
    + [f"waarde{character}einde" for character in CONTROLS]
    + ["".join(CONTROLS) + "=1+2"]
)

EXPORTS = [
    ("wagtailsnippets_council_council:list", Council),
    ("wagtailsnippets_council_member:list", Member),
    ("wagtailsnippets_council_municipalbody:list", MunicipalBody),
    ("wagtailsnippets_agenda_meeting:list", Meeting),
    ("wagtailsnippets_agenda_agendaitem:list", AgendaItem),
    ("wagtailsnippets_motions_motion:list", Motion),
    ("wagtailsnippets_advice_consultation:list", Consultation),
    ("wagtailadmin_reports:site_history", None),
]


@pytest.fixture
def records():
    municipality = MunicipalityFactory()
    council = CouncilFactory(municipality=municipality)
    count = len(PAYLOADS)
    bodies = MunicipalBody.objects.bulk_create(
        MunicipalBody(municipality=municipality, kind="committee", name=text, slug=f"orgaan-{n}")
        for n, text in enumerate(PAYLOADS)
    )
    Council.objects.bulk_create(
        Council(municipality=municipality, name=text, slug=f"raad-x{n}")
        for n, text in enumerate(PAYLOADS)
    )
    Member.objects.bulk_create(
        Member(council=council, name=text, role="member") for text in PAYLOADS
    )
    meetings = Meeting.objects.bulk_create(
        Meeting(
            council=council,
            body=bodies[0],
            title=text,
            location=text,
            date=datetime.date(2026, 3, 1) + datetime.timedelta(days=n),
        )
        for n, text in enumerate(PAYLOADS)
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meetings[n % len(meetings)], number=str(n), title=text, summary=text)
        for n, text in enumerate(PAYLOADS)
    )
    Motion.objects.bulk_create(
        Motion(council=council, identifier=f"M{n}", title=text, operative_text=text)
        for n, text in enumerate(PAYLOADS)
    )
    Consultation.objects.bulk_create(
        Consultation(council=council, reference=f"R{n}", subject=text, summary=text)
        for n, text in enumerate(PAYLOADS)
    )
    # Through the service: a log entry whose message holds the text (the site history).
    ConsultationFactory(council=council, reference="=logged", subject=PAYLOADS[0] + "\x07")
    return count


def _get(client, view, export):
    response = client.get(reverse(view) + f"?export={export}")
    assert response.status_code == 200, (view, export)
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _no_control_characters(text):
    return not CONTROL_CHARACTERS.search(text)


@pytest.mark.parametrize(("view", "model"), EXPORTS)
def test_the_csv_export_escapes_formulas_and_drops_control_characters(
    client_for, admin_user, records, view, model
):
    raw = _get(client_for(admin_user), view, "csv").decode("utf-8")
    cells = [cell for row in csv.reader(io.StringIO(raw, newline="")) for cell in row]

    assert _no_control_characters(raw)
    for cell in cells:
        assert not cell.startswith(FORMULA_PREFIXES), cell
    assert any(cell.startswith("'=") for cell in cells)
    # The escaped cell is quoted, its quotes doubled (OWASP).
    assert '"\'=HYPERLINK(""http://' in raw
    if model is not None:
        texts = [cell for cell in cells if "waarde" in cell]
        assert "waardeeinde" in texts  # each control character removed, nothing else
        assert "'+" + FORMULA in cells and "'-" + FORMULA in cells and "'@" + FORMULA in cells
        assert "'\t" + FORMULA in cells and "'\r" + FORMULA in cells
        assert "'\t\n\r=1+2" in cells  # what XML can hold (tab, LF, CR) stays, escaped


@pytest.mark.parametrize(("view", "model"), EXPORTS)
def test_the_xlsx_export_answers_with_the_text_without_control_characters(
    client_for, admin_user, records, view, model
):
    workbook = load_workbook(io.BytesIO(_get(client_for(admin_user), view, "xlsx")))
    cells = [cell for row in workbook.active.iter_rows() for cell in row]
    values = [cell.value for cell in cells if isinstance(cell.value, str)]

    assert all(_no_control_characters(value) for value in values)
    # A formula stays text in the workbook: the XLSX cell is typed as a string.
    formulas = [cell for cell in cells if isinstance(cell.value, str) and "HYPERLINK" in cell.value]
    assert formulas and all(cell.data_type == "s" for cell in formulas)
    if model is not None:
        assert "=" + FORMULA in values and "waardeeinde" in values
