"""The one field specification of a consultation (``advice.consultations.fields``).

Every list of a consultation's fields is read from ``fields.SPEC``. The
literals below are those lists as they were written out by hand before the
spec existed: the outputs (form, audit trail, CSV, admin, scorecard, API)
must not move by a column.
"""

import pytest
from django import forms
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from advice.consultations import fields
from advice.models import Consultation
from publications.scorecard import ENTRY_COLUMNS

AUDIT_FIELDS = (
    "council",
    "reference",
    "subject",
    "summary",
    "body",
    "agenda_item",
    "proposal_reference",
    "proposal_url",
    "asked_on",
    "asked_date_unknown",
    "advice_due",
    "letter",
    "advice_sent_on",
    "decided_on",
    "decided_date_unknown",
    "response_received_on",
    "response_extension_days",
    "response_extension_reason",
    "outcome",
    "response_text",
    "response_url",
    "source",
    "internal_notes",
)

# (header, field, kind, help, required) of the import's columns.
CSV_COLUMNS = (
    ("kenmerk", "reference", "text", "uniek per cliëntenraad", True),
    ("cliëntenraad", "council", "council", "korte naam of naam", False),
    ("onderwerp", "subject", "text", "wat er besloten werd", True),
    ("toelichting", "summary", "text", "", False),
    ("orgaan", "body", "body", "korte naam of naam; leeg = onbekend", False),
    ("vergaderdatum", "", "meeting_date", "datum van de vergadering", False),
    ("agendapunt", "agenda_item", "item", "nummer (of titel) op die vergadering", False),
    ("kenmerk voorstel", "proposal_reference", "text", "", False),
    ("link voorstel", "proposal_url", "text", "", False),
    ("gevraagd op", "asked_on", "date_or_unknown", "leeg = niet gevraagd", False),
    ("advies uiterlijk", "advice_due", "date", "", False),
    ("advies verzonden op", "advice_sent_on", "date", "", False),
    ("adviesbrief", "letter", "letter", "kenmerk (CR-…) of korte naam", False),
    ("besluit op", "decided_on", "date_or_unknown", "leeg = nog geen besluit", False),
    ("antwoord ontvangen op", "response_received_on", "date", "", False),
    ("verlenging (dagen)", "response_extension_days", "number", "", False),
    ("reden verlenging", "response_extension_reason", "text", "", False),
    ("uitkomst", "outcome", "outcome", "", False),
    ("antwoord college", "response_text", "text", "", False),
    ("link antwoord", "response_url", "text", "", False),
    ("bron", "source", "text", "", False),
    ("interne notitie", "internal_notes", "text", "", False),
)
UNKNOWN_FLAGS = {"asked_on": "asked_date_unknown", "decided_on": "decided_date_unknown"}
EXPORT_ONLY = ("oordeel", "toelichting oordeel")

LIST_DISPLAY = [
    "subject",
    "council",
    "body_display",
    "asked_display",
    "decided_display",
    "verdict_label",
]
INSPECT_VIEW_FIELDS = [
    "council",
    "reference",
    "subject",
    "summary",
    "body",
    "agenda_item",
    "proposal_reference",
    "proposal_url",
    "asked_display",
    "advice_due",
    "letter",
    "advice_sent_on",
    "decided_display",
    "response_received_on",
    "response_extension_days",
    "response_extension_reason",
    "verdict_label",
    "verdict_explanation",
    "outcome",
    "response_text",
    "response_url",
    "source",
    "internal_notes",
]

SCORECARD_FIELDS = (
    "pk",
    "council_id",
    "council__notice_weeks",
    "council__response_weeks",
    "council__day_count",
    "subject",
    "body__name",
    "body__municipality__name",
    "asked_on",
    "asked_date_unknown",
    "advice_due",
    "advice_sent_on",
    "annotated_letter_sent_on",
    "letter_id",
    "decided_on",
    "decided_date_unknown",
    "response_received_on",
    "response_extension_days",
    "agenda_item_id",
    "agenda_item__number",
    "agenda_item__title",
    "agenda_item__meeting_id",
    "agenda_item__meeting__date",
)

# The consultations endpoint's body_fields: a name, or (name, "computed").
API_FIELDS = [
    "id",
    "reference",
    "subject",
    "summary",
    ("council", "computed"),
    ("body", "computed"),
    ("agenda_item", "computed"),
    "proposal_reference",
    "proposal_url",
    "asked_on",
    "asked_date_unknown",
    "advice_due",
    ("advice_sent", "computed"),
    ("advice_sent_from_letter", "computed"),
    "decided_on",
    "decided_date_unknown",
    "response_received_on",
    "response_extension_days",
    "response_extension_reason",
    "outcome",
    "response_text",
    "response_url",
    "source",
    ("verdict", "computed"),
    ("letter", "computed"),
    ("documents", "computed"),
    ("html_url", "computed"),
]

# The field panels of the form: (panel, field or heading, widget or children).
PANELS = [
    (
        "multi",
        "Wat werd besloten",
        [
            ("field", "council", "Select"),
            ("field", "reference", None),
            ("field", "subject", None),
            ("field", "summary", None),
            ("field", "body", "Select"),
            ("field", "agenda_item", None),
            ("row", [("field", "proposal_reference", None), ("field", "proposal_url", None)]),
        ],
    ),
    (
        "multi",
        "Data",
        [
            ("row", [("field", "asked_on", None), ("field", "asked_date_unknown", None)]),
            ("field", "advice_due", None),
            ("row", [("field", "letter", "Select"), ("field", "advice_sent_on", None)]),
            ("row", [("field", "decided_on", None), ("field", "decided_date_unknown", None)]),
            ("field", "response_received_on", None),
        ],
    ),
    (
        "multi",
        "Verlenging van de antwoordtermijn",
        [
            (
                "row",
                [
                    ("field", "response_extension_days", None),
                    ("field", "response_extension_reason", None),
                ],
            )
        ],
    ),
    (
        "multi",
        "Antwoord van het college",
        [
            ("field", "outcome", None),
            ("field", "response_text", None),
            ("field", "response_url", None),
        ],
    ),
    ("field", "source", None),
    ("field", "internal_notes", None),
]


def describe(panel):
    if isinstance(panel, MultiFieldPanel):
        return ("multi", str(panel.heading), [describe(child) for child in panel.children])
    if isinstance(panel, FieldRowPanel):
        return ("row", [describe(child) for child in panel.children])
    assert isinstance(panel, FieldPanel)
    widget = panel.widget
    if widget is not None:
        assert widget is forms.Select
        widget = widget.__name__
    return ("field", panel.field_name, widget)


def test_every_concrete_model_field_has_a_place_in_the_spec():
    """Adding a field to Consultation means declaring it in fields.SPEC, if only as internal."""
    concrete = [field.name for field in Consultation._meta.concrete_fields]
    missing = [name for name in concrete if name not in fields.BY_NAME]
    assert not missing, f"declare {missing} in advice/consultations/fields.py SPEC"
    assert sorted(fields.model_field_names()) == sorted(concrete)


def test_entries_are_unique_and_derived_ones_have_a_label():
    names = [entry.name for entry in fields.SPEC]
    assert len(names) == len(set(names))
    for entry in fields.SPEC:
        assert entry.model or entry.label, entry.name
        assert entry.model or not entry.audited, entry.name
        # Derived entries are read-only: nothing to type in or import.
        assert entry.model or not entry.panel, entry.name
        assert entry.model or all(not column.imported for column in entry.csv), entry.name


def test_every_after_names_an_entry_in_the_same_output():
    for attribute in ("csv", "api", "listing", "inspect", "scorecard"):
        taking_part = {entry.name for entry in fields.SPEC if getattr(entry, attribute)}
        for entry in fields.SPEC:
            facets = getattr(entry, attribute)
            for facet in facets if isinstance(facets, tuple) else [facets]:
                if facet and facet.after:
                    assert facet.after in taking_part, (attribute, entry.name)


def test_nothing_internal_is_public():
    internal = {entry.name for entry in fields.SPEC if not entry.public}
    assert internal == {"internal_notes", "latest_revision", "version"}
    assert not internal & {name for name, _computed in fields.api_names()}
    assert not internal & set(fields.scorecard_columns())
    # What the public scorecard pages read of each consultation (publications.scorecard).
    assert not internal & {column.split("__")[0] for column in ENTRY_COLUMNS}


def test_the_audit_trail_compares_the_fields_it_always_compared():
    assert fields.audited_names() == AUDIT_FIELDS


def test_the_csv_columns_are_the_ones_the_import_always_read():
    columns = [column for column in fields.csv_columns() if column.imported]
    assert [
        (column.header, column.field, column.kind, str(column.help), column.required)
        for column in columns
    ] == list(CSV_COLUMNS)
    assert {column.field: column.flag for column in columns if column.flag} == UNKNOWN_FLAGS
    assert (
        tuple(column.header for column in fields.csv_columns() if not column.imported)
        == EXPORT_ONLY
    )


def test_the_admin_listing_and_inspect_view_show_what_they_always_showed():
    assert fields.listing_attributes() == LIST_DISPLAY
    assert fields.inspect_attributes() == INSPECT_VIEW_FIELDS


def test_the_scorecard_fetches_the_columns_it_always_fetched():
    assert fields.scorecard_columns() == SCORECARD_FIELDS


def test_the_api_answers_with_the_fields_it_always_had_in_the_same_order():
    expected = [
        (item[0], True) if isinstance(item, tuple) else (item, False) for item in API_FIELDS
    ]
    assert fields.api_names() == expected


def test_api_fields_wants_a_serializer_for_each_computed_field_and_no_other():
    computed = {name: object() for name, is_computed in fields.api_names() if is_computed}
    built = fields.api_fields(**computed)
    assert [field if isinstance(field, str) else field.name for field in built] == [
        name for name, _computed in fields.api_names()
    ]
    with pytest.raises(TypeError):
        fields.api_fields(**{**computed, "internal_notes": object()})
    del computed["verdict"]
    with pytest.raises(TypeError):
        fields.api_fields(**computed)


def test_the_form_panels_are_the_ones_the_form_always_had():
    assert [describe(panel) for panel in fields.form_panels()] == PANELS


def test_the_code_uses_these_lists():
    from advice.consultations import audit, csv_export, csv_file
    from advice.consultations.admin import ConsultationViewSet
    from publications.api import ConsultationsAPIViewSet

    assert tuple(audit.FIELDS) == AUDIT_FIELDS
    assert [
        (column.header, column.field, column.kind, str(column.help), column.required)
        for column in csv_file.COLUMNS
    ] == list(CSV_COLUMNS)
    assert tuple(csv_file.EXPORT_ONLY) == EXPORT_ONLY
    assert list(csv_export.EXPORT_HEADERS) == [header for header, *_rest in CSV_COLUMNS] + list(
        EXPORT_ONLY
    )
    assert list(ConsultationViewSet.list_display) == LIST_DISPLAY
    assert list(ConsultationViewSet.inspect_view_fields) == INSPECT_VIEW_FIELDS
    assert list(ConsultationViewSet.list_export) == list(csv_export.EXPORT_HEADERS)
    assert tuple(Consultation.objects.none().SCORECARD_FIELDS) == SCORECARD_FIELDS
    assert [
        (field, False) if isinstance(field, str) else (field.name, True)
        for field in ConsultationsAPIViewSet.body_fields
    ] == [(item[0], True) if isinstance(item, tuple) else (item, False) for item in API_FIELDS]
    assert [describe(panel) for panel in Consultation.panels[2:]] == PANELS


@pytest.mark.django_db
def test_an_export_row_holds_every_column_as_it_always_did():
    """A full and an empty consultation, exported the way the spreadsheet always had them."""
    import datetime

    import time_machine

    from advice.consultations import csv_export
    from tests.factories.advice import ConsultationFactory, published_letter
    from tests.factories.agenda import AgendaItemFactory, MeetingFactory
    from tests.factories.council import CouncilFactory, MunicipalBodyFactory

    date = datetime.date
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0), tick=False):
        council = CouncilFactory(slug="raad-x", name="Raad X")
        body = MunicipalBodyFactory(municipality=council.municipality, name="College van B&W")
        meeting = MeetingFactory(council=council, date=date(2024, 2, 6))
        full = ConsultationFactory(
            council=council,
            reference="2024-07",
            subject="Schuldhulp",
            summary="Uitleg",
            body=body,
            agenda_item=AgendaItemFactory(meeting=meeting, number="7"),
            proposal_reference="RV-1",
            proposal_url="https://example.org/v",
            asked_on=date(2024, 1, 5),
            advice_due=date(2024, 2, 5),
            letter=published_letter(council, sent_on=date(2024, 3, 1)),
            advice_sent_on=date(2024, 2, 1),
            decided_date_unknown=True,
            response_received_on=date(2024, 4, 1),
            response_extension_days=3,
            response_extension_reason="drukte",
            outcome="partly_followed",
            response_text="Antwoord",
            response_url="https://example.org/a",
            source="Brief",
            internal_notes="intern",
        )
        empty = ConsultationFactory(council=council, reference="2024-08", subject="Leeg")

        full_row = csv_export.export_row(full)
        empty_row = csv_export.export_row(empty)

    assert list(full_row) == list(csv_export.EXPORT_HEADERS)
    assert full_row == {
        "kenmerk": "2024-07",
        "cliëntenraad": "raad-x",
        "onderwerp": "Schuldhulp",
        "toelichting": "Uitleg",
        "orgaan": "College van B&W",
        "vergaderdatum": date(2024, 2, 6),
        "agendapunt": "7",
        "kenmerk voorstel": "RV-1",
        "link voorstel": "https://example.org/v",
        "gevraagd op": date(2024, 1, 5),
        "advies uiterlijk": date(2024, 2, 5),
        "advies verzonden op": date(2024, 2, 1),
        "adviesbrief": "CR-2024-001",
        "besluit op": "onbekend",
        "antwoord ontvangen op": date(2024, 4, 1),
        "verlenging (dagen)": 3,
        "reden verlenging": "drukte",
        "uitkomst": "advies deels opgevolgd",
        "antwoord college": "Antwoord",
        "link antwoord": "https://example.org/a",
        "bron": "Brief",
        "interne notitie": "intern",
        "oordeel": "(nog) niet te beoordelen",
        "toelichting oordeel": (
            "Besluit genomen op een onbekende datum; niet te zeggen of de cliëntenraad op tijd "
            "is gevraagd. Advies verzonden op 1 maart 2024, antwoord ontvangen op 1 april 2024 "
            "na 31 dagen; de termijn van 42 dagen, verlengd met 3 dagen (drukte), liep tot 15 "
            "april 2024."
        ),
    }
    assert empty_row == {
        "kenmerk": "2024-08",
        "cliëntenraad": "raad-x",
        "onderwerp": "Leeg",
        "toelichting": "",
        "orgaan": "",
        "vergaderdatum": None,
        "agendapunt": "",
        "kenmerk voorstel": "",
        "link voorstel": "",
        "gevraagd op": None,
        "advies uiterlijk": None,
        "advies verzonden op": None,
        "adviesbrief": "",
        "besluit op": None,
        "antwoord ontvangen op": None,
        "verlenging (dagen)": 0,
        "reden verlenging": "",
        "uitkomst": "onbekend",
        "antwoord college": "",
        "link antwoord": "",
        "bron": "",
        "interne notitie": "",
        "oordeel": "(nog) niet te beoordelen",
        "toelichting oordeel": "Er is nog geen besluit en nog geen adviesaanvraag.",
    }
