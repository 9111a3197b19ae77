"""One declaration of a consultation's fields, which every list of them is read from.

``SPEC`` names, in the order of the admin form, every concrete field of
``Consultation`` (``tests/advice/test_consultation_fields.py`` fails when
one is missing) and the derived values shown beside them (the advice's sent
date, the verdict, the public URL). Per entry it says where the field takes
part:

- ``panel``: its place on the admin form (section, shared row, a plain select);
- ``audited``: whether the audit trail compares it (``audit.FIELDS``);
- ``csv``: its column(s) in the import and the export (header, kind of cell,
  help); a column with ``imported=False`` is exported and skipped on import;
- ``api``: its place in the open-data API (``publications.api``), plain or
  computed by the API;
- ``listing`` / ``inspect``: the attribute the admin listing / inspect view shows;
- ``scorecard``: the columns the scorecard fetches for it in its one query;
- ``public``: False for what never leaves the admin (the internal note).

Each output lists its entries in the order of ``SPEC``. Where an output has
always had another order (the CSV starts with ``kenmerk``, the API ends with
the letter), the facet says ``after="<entry>"`` and the entry moves right
behind that one in that output only. The labels of model fields are the
model's ``verbose_name``; only the derived entries carry their own.
"""

import dataclasses

from django.utils.translation import gettext_lazy as _

# Sections of the admin form.
WHAT = _("Wat werd besloten")
DATES = _("Data")
EXTENSION = _("Verlenging van de antwoordtermijn")
RESPONSE = _("Antwoord van het college")

# Kinds of CSV cell: how a cell is read and how the export writes it.
TEXT = "text"
DATE = "date"
DATE_OR_UNKNOWN = "date_or_unknown"
NUMBER = "number"
COUNCIL = "council"
BODY = "body"
MEETING_DATE = "meeting_date"
ITEM = "item"
LETTER = "letter"
OUTCOME = "outcome"
VERDICT = "verdict"  # export only
EXPLANATION = "explanation"  # export only


@dataclasses.dataclass(frozen=True)
class Panel:
    section: object = None  # a heading above; None: a panel of its own
    row: str = ""  # neighbours with the same row share a FieldRowPanel
    select: bool = False  # a plain <select> instead of a chooser


@dataclasses.dataclass(frozen=True)
class Column:
    """A column of the consultation spreadsheet (import and export)."""

    header: str
    kind: str
    help: str = ""
    required: bool = False
    imported: bool = True  # False: derived, exported only; the import skips it
    flag: str = ""  # DATE_OR_UNKNOWN: the boolean field that "onbekend" sets
    field: str | None = None  # the model field it fills; None: the entry's name
    after: str = ""


@dataclasses.dataclass(frozen=True)
class Api:
    computed: bool = False  # the API supplies a serializer of the same name
    after: str = ""


@dataclasses.dataclass(frozen=True)
class Shown:
    """An attribute an admin view shows for the entry (a field or a ``*_display`` method)."""

    attribute: str
    after: str = ""


@dataclasses.dataclass(frozen=True)
class Values:
    """The columns the entry gives ``ConsultationQuerySet.SCORECARD_FIELDS``."""

    columns: tuple
    after: str = ""


@dataclasses.dataclass(frozen=True)
class Field:
    name: str
    model: bool = True  # a concrete model field; False: a derived value
    label: object = None  # derived entries only; a model field's label is its verbose_name
    public: bool = True
    audited: bool = False
    panel: Panel | None = None
    csv: tuple = ()
    api: Api | None = None
    listing: Shown | None = None
    inspect: Shown | None = None
    scorecard: Values | None = None
    note: str = ""  # why an entry takes part in little or nothing


def _stored(name, **facets):
    """A field a person fills in: on the form and in the audit trail."""
    return Field(name, audited=True, **facets)


SPEC = (
    Field("id", api=Api(), scorecard=Values(("pk",)), note="the primary key"),
    _stored(
        "council",
        panel=Panel(WHAT, select=True),
        csv=(Column("cliëntenraad", COUNCIL, _("korte naam of naam"), after="reference"),),
        api=Api(computed=True, after="summary"),
        listing=Shown("council", after="subject"),
        inspect=Shown("council"),
        scorecard=Values(
            (
                "council_id",
                "council__notice_weeks",
                "council__response_weeks",
                "council__day_count",
            )
        ),
    ),
    _stored(
        "reference",
        panel=Panel(WHAT),
        csv=(Column("kenmerk", TEXT, _("uniek per cliëntenraad"), required=True),),
        api=Api(),
        inspect=Shown("reference"),
    ),
    _stored(
        "subject",
        panel=Panel(WHAT),
        csv=(Column("onderwerp", TEXT, _("wat er besloten werd"), required=True),),
        api=Api(),
        listing=Shown("subject"),
        inspect=Shown("subject"),
        scorecard=Values(("subject",)),
    ),
    _stored(
        "summary",
        panel=Panel(WHAT),
        csv=(Column("toelichting", TEXT),),
        api=Api(),
        inspect=Shown("summary"),
    ),
    _stored(
        "body",
        panel=Panel(WHAT, select=True),
        csv=(Column("orgaan", BODY, _("korte naam of naam; leeg = onbekend")),),
        api=Api(computed=True),
        listing=Shown("body_display"),
        inspect=Shown("body"),
        scorecard=Values(("body__name", "body__municipality__name")),
    ),
    _stored(
        "agenda_item",
        panel=Panel(WHAT),
        csv=(
            Column("vergaderdatum", MEETING_DATE, _("datum van de vergadering"), field=""),
            Column("agendapunt", ITEM, _("nummer (of titel) op die vergadering")),
        ),
        api=Api(computed=True),
        inspect=Shown("agenda_item"),
        scorecard=Values(
            (
                "agenda_item_id",
                "agenda_item__number",
                "agenda_item__title",
                "agenda_item__meeting_id",
                "agenda_item__meeting__date",
            ),
            after="response_extension_days",
        ),
    ),
    _stored(
        "proposal_reference",
        panel=Panel(WHAT, row="proposal"),
        csv=(Column("kenmerk voorstel", TEXT),),
        api=Api(),
        inspect=Shown("proposal_reference"),
    ),
    _stored(
        "proposal_url",
        panel=Panel(WHAT, row="proposal"),
        csv=(Column("link voorstel", TEXT),),
        api=Api(),
        inspect=Shown("proposal_url"),
    ),
    _stored(
        "asked_on",
        panel=Panel(DATES, row="asked"),
        csv=(
            Column(
                "gevraagd op",
                DATE_OR_UNKNOWN,
                _("leeg = niet gevraagd"),
                flag="asked_date_unknown",
            ),
        ),
        api=Api(),
        listing=Shown("asked_display"),
        inspect=Shown("asked_display"),
        scorecard=Values(("asked_on",)),
    ),
    _stored(
        "asked_date_unknown",
        panel=Panel(DATES, row="asked"),
        api=Api(),
        scorecard=Values(("asked_date_unknown",)),
        note="in the CSV: 'onbekend' in the column 'gevraagd op'",
    ),
    _stored(
        "advice_due",
        panel=Panel(DATES),
        csv=(Column("advies uiterlijk", DATE),),
        api=Api(),
        inspect=Shown("advice_due"),
        scorecard=Values(("advice_due",)),
    ),
    _stored(
        "letter",
        panel=Panel(DATES, row="sent", select=True),
        csv=(
            Column(
                "adviesbrief", LETTER, _("kenmerk (CR-…) of korte naam"), after="advice_sent_on"
            ),
        ),
        api=Api(computed=True, after="verdict"),
        inspect=Shown("letter"),
        scorecard=Values(("annotated_letter_sent_on", "letter_id"), after="advice_sent_on"),
    ),
    _stored(
        "advice_sent_on",
        panel=Panel(DATES, row="sent"),
        csv=(Column("advies verzonden op", DATE),),
        inspect=Shown("advice_sent_on"),
        scorecard=Values(("advice_sent_on",)),
        note="in the API as advice_sent, the letter's date first",
    ),
    Field(
        "advice_sent",
        model=False,
        label=_("advies verzonden"),
        api=Api(computed=True),
        note="the sent letter's date, else advice_sent_on",
    ),
    Field(
        "advice_sent_from_letter",
        model=False,
        label=_("verzenddatum uit de adviesbrief"),
        api=Api(computed=True),
    ),
    _stored(
        "decided_on",
        panel=Panel(DATES, row="decided"),
        csv=(
            Column(
                "besluit op",
                DATE_OR_UNKNOWN,
                _("leeg = nog geen besluit"),
                flag="decided_date_unknown",
            ),
        ),
        api=Api(),
        listing=Shown("decided_display"),
        inspect=Shown("decided_display"),
        scorecard=Values(("decided_on",)),
    ),
    _stored(
        "decided_date_unknown",
        panel=Panel(DATES, row="decided"),
        api=Api(),
        scorecard=Values(("decided_date_unknown",)),
        note="in the CSV: 'onbekend' in the column 'besluit op'",
    ),
    _stored(
        "response_received_on",
        panel=Panel(DATES),
        csv=(Column("antwoord ontvangen op", DATE),),
        api=Api(),
        inspect=Shown("response_received_on"),
        scorecard=Values(("response_received_on",)),
    ),
    _stored(
        "response_extension_days",
        panel=Panel(EXTENSION, row="extension"),
        csv=(Column("verlenging (dagen)", NUMBER),),
        api=Api(),
        inspect=Shown("response_extension_days"),
        scorecard=Values(("response_extension_days",)),
    ),
    _stored(
        "response_extension_reason",
        panel=Panel(EXTENSION, row="extension"),
        csv=(Column("reden verlenging", TEXT),),
        api=Api(),
        inspect=Shown("response_extension_reason"),
    ),
    _stored(
        "outcome",
        panel=Panel(RESPONSE),
        csv=(Column("uitkomst", OUTCOME),),
        api=Api(),
        inspect=Shown("outcome"),
    ),
    _stored(
        "response_text",
        panel=Panel(RESPONSE),
        csv=(Column("antwoord college", TEXT),),
        api=Api(),
        inspect=Shown("response_text"),
    ),
    _stored(
        "response_url",
        panel=Panel(RESPONSE),
        csv=(Column("link antwoord", TEXT),),
        api=Api(),
        inspect=Shown("response_url"),
    ),
    _stored(
        "source",
        panel=Panel(),
        csv=(Column("bron", TEXT),),
        api=Api(),
        inspect=Shown("source"),
    ),
    _stored(
        "internal_notes",
        public=False,
        panel=Panel(),
        csv=(Column("interne notitie", TEXT),),
        inspect=Shown("internal_notes"),
        note="never public: the admin, its export and the import only",
    ),
    Field(
        "verdict",
        model=False,
        label=_("oordeel"),
        csv=(Column("oordeel", VERDICT, imported=False),),
        api=Api(computed=True),
        listing=Shown("verdict_label"),
        inspect=Shown("verdict_label", after="response_extension_reason"),
        note="derived by verdicts.judge, never stored",
    ),
    Field(
        "stored_verdict",
        note="verdicts.judge's verdict kept for the scorecard's SQL counts (store_verdict)",
    ),
    Field(
        "verdict_recheck_on",
        note="the day the stored verdict may change by time alone (verdicts.recheck_on)",
    ),
    Field(
        "verdict_advice_sent",
        note="the advice date the stored verdict was judged with (the sent letter's first)",
    ),
    Field(
        "verdict_explanation",
        model=False,
        label=_("toelichting oordeel"),
        csv=(Column("toelichting oordeel", EXPLANATION, imported=False),),
        inspect=Shown("verdict_explanation", after="verdict"),
    ),
    Field(
        "documents",
        model=False,
        label=_("documenten"),
        api=Api(computed=True, after="letter"),
        note="the public documents on the record (advice.documents), never the internal ones",
    ),
    Field("html_url", model=False, label=_("openbare pagina"), api=Api(computed=True)),
    Field(
        "latest_revision",
        public=False,
        note="Wagtail's pointer to the newest revision: internal, not shown or exported",
    ),
    Field(
        "version",
        public=False,
        note="council.versioning: raised by every save, read by the admin's stale-edit check",
    ),
)
BY_NAME = {entry.name: entry for entry in SPEC}


def _placed(items):
    """``(entry name, facet)`` pairs in spec order, each ``after=`` moved behind its entry."""
    placed = [item for item in items if not item[1].after]
    for name, facet in items:
        if facet.after:
            last = max(i for i, (other, _facet) in enumerate(placed) if other == facet.after)
            placed.insert(last + 1, (name, facet))
    return placed


def _facets(attribute):
    return _placed(
        [(entry.name, getattr(entry, attribute)) for entry in SPEC if getattr(entry, attribute)]
    )


def model_field_names():
    return [entry.name for entry in SPEC if entry.model]


def audited_names():
    """The stored fields the audit trail compares, in the order of the form."""
    return tuple(entry.name for entry in SPEC if entry.audited)


def csv_columns():
    """Every column of the spreadsheet in file order, each with the field it fills."""
    items = [(entry.name, column) for entry in SPEC for column in entry.csv]
    return tuple(
        column if column.field is not None else dataclasses.replace(column, field=name)
        for name, column in _placed(items)
    )


def listing_attributes():
    return [shown.attribute for _name, shown in _facets("listing")]


def inspect_attributes():
    return [shown.attribute for _name, shown in _facets("inspect")]


def scorecard_columns():
    return tuple(column for _name, values in _facets("scorecard") for column in values.columns)


def api_names():
    """The API's field names in the order of its answer, and whether each is computed."""
    return [(name, api.computed) for name, api in _facets("api")]


def api_fields(**computed):
    """``body_fields`` of the consultations endpoint: plain names, and ``APIField``\\ s built
    from the serializers the API passes by name (one for each computed entry, no more)."""
    from wagtail.api import APIField

    wanted = {name for name, is_computed in api_names() if is_computed}
    if set(computed) != wanted:
        raise TypeError(
            f"api_fields() needs serializers for exactly {sorted(wanted)}, got {sorted(computed)}"
        )
    return [
        APIField(name, serializer=computed[name]) if is_computed else name
        for name, is_computed in api_names()
    ]


def form_panels():
    """The field panels of the admin form: sections, rows and widgets as declared."""
    from django import forms
    from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

    def field_panel(entry):
        if entry.panel.select:
            return FieldPanel(entry.name, widget=forms.Select)
        return FieldPanel(entry.name)

    def grouped(entries, key):
        groups = []
        for entry in entries:
            if groups and key(entry) is not None and key(groups[-1][0]) == key(entry):
                groups[-1].append(entry)
            else:
                groups.append([entry])
        return groups

    panels = []
    entries = [entry for entry in SPEC if entry.panel]
    for section in grouped(entries, lambda entry: entry.panel.section):
        children = []
        for row in grouped(section, lambda entry: entry.panel.row or None):
            if row[0].panel.row:
                children.append(FieldRowPanel([field_panel(entry) for entry in row]))
            else:
                children.append(field_panel(row[0]))
        heading = section[0].panel.section
        if heading is None:
            panels.extend(children)
        else:
            panels.append(MultiFieldPanel(children, heading=heading))
    return panels
