"""The consultation spreadsheet: reading a CSV file into a checked plan, and the columns.

Clerks keep their list of consultations in a spreadsheet. One row is one
consultation, known by its ``kenmerk`` (unique per council), so importing the
same file twice changes nothing. The admin listing exports the same columns
(plus the derived verdict, which the import ignores), so a clerk can export,
edit and import again.

``read()`` never writes: it decodes the file, finds the columns, resolves
every cell and validates every row with the model's own rules, and returns an
``ImportReport`` saying per row what would be created or changed (field by
field, old → new) and what is wrong (file line and column). Writing is
``advice.services.consultation_import``, all or nothing.

Accepted: UTF-8 with or without BOM; ``;`` (Dutch Excel), ``,`` or tab as the
delimiter; dates as ``dd-mm-jjjj``, ``d-m-jjjj``, ``dd/mm/jjjj`` or ``jjjj-mm-dd``;
headers in any case, with or without accents, spaces, ``_`` or ``-``.
A column that is absent leaves that field alone; a column that is present
sets it, and an empty cell empties it.
"""

import copy
import csv
import dataclasses
import datetime
import io
import re
import unicodedata

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agenda.models import AgendaItem
from council.models import Council, MunicipalBody

from ..letters.models import LetterPage
from . import audit
from .models import Consultation

UNKNOWN = "onbekend"

# Kinds of cell.
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

# Flags that a DATE_OR_UNKNOWN column sets when its cell says "onbekend".
UNKNOWN_FLAGS = {"asked_on": "asked_date_unknown", "decided_on": "decided_date_unknown"}


@dataclasses.dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: str
    help: str = ""
    required: bool = False


COLUMNS = (
    Column("kenmerk", "reference", TEXT, gettext_lazy("uniek per cliëntenraad"), required=True),
    Column("cliëntenraad", "council", COUNCIL, gettext_lazy("korte naam of naam")),
    Column("onderwerp", "subject", TEXT, gettext_lazy("wat er besloten werd"), required=True),
    Column("toelichting", "summary", TEXT),
    Column("orgaan", "body", BODY, gettext_lazy("korte naam of naam; leeg = onbekend")),
    Column("vergaderdatum", "", MEETING_DATE, gettext_lazy("datum van de vergadering")),
    Column("agendapunt", "agenda_item", ITEM, gettext_lazy("nummer (of titel) op die vergadering")),
    Column("kenmerk voorstel", "proposal_reference", TEXT),
    Column("link voorstel", "proposal_url", TEXT),
    Column("gevraagd op", "asked_on", DATE_OR_UNKNOWN, gettext_lazy("leeg = niet gevraagd")),
    Column("advies uiterlijk", "advice_due", DATE),
    Column("advies verzonden op", "advice_sent_on", DATE),
    Column("adviesbrief", "letter", LETTER, gettext_lazy("kenmerk (CR-…) of korte naam")),
    Column("besluit op", "decided_on", DATE_OR_UNKNOWN, gettext_lazy("leeg = nog geen besluit")),
    Column("antwoord ontvangen op", "response_received_on", DATE),
    Column("verlenging (dagen)", "response_extension_days", NUMBER),
    Column("reden verlenging", "response_extension_reason", TEXT),
    Column("uitkomst", "outcome", OUTCOME),
    Column("antwoord college", "response_text", TEXT),
    Column("link antwoord", "response_url", TEXT),
    Column("bron", "source", TEXT),
    Column("interne notitie", "internal_notes", TEXT),
)
# Columns the export adds and the import skips: derived, never typed in.
EXPORT_ONLY = ("oordeel", "toelichting oordeel")


def normalise_header(text):
    """ "Gevraagd_op", "gevraagd-op" and " GEVRAAGD OP " are the same column; so are ë and e."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", " ", text.lower())
    return text.strip()


COLUMNS_BY_KEY = {normalise_header(column.header): column for column in COLUMNS}
EXPORT_ONLY_KEYS = {normalise_header(header) for header in EXPORT_ONLY}
FIELD_COLUMNS = {column.field: column for column in COLUMNS if column.field}
FIELD_COLUMNS.update({flag: FIELD_COLUMNS[field] for field, flag in UNKNOWN_FLAGS.items()})

OUTCOME_WORDS = {
    "": Consultation.Outcome.UNKNOWN,
    "onbekend": Consultation.Outcome.UNKNOWN,
    "opgevolgd": Consultation.Outcome.FOLLOWED,
    "advies opgevolgd": Consultation.Outcome.FOLLOWED,
    "deels opgevolgd": Consultation.Outcome.PARTLY_FOLLOWED,
    "advies deels opgevolgd": Consultation.Outcome.PARTLY_FOLLOWED,
    "gedeeltelijk opgevolgd": Consultation.Outcome.PARTLY_FOLLOWED,
    "niet opgevolgd": Consultation.Outcome.NOT_FOLLOWED,
    "advies niet opgevolgd": Consultation.Outcome.NOT_FOLLOWED,
}
OUTCOME_WORDS.update({normalise_header(value): value for value in Consultation.Outcome.values})

DATE_PATTERNS = (
    re.compile(r"^(?P<day>\d{1,2})[-/.](?P<month>\d{1,2})[-/.](?P<year>\d{4})$"),
    re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})$"),
)


class FileRefused(Exception):
    """The file as a whole cannot be read; the message says why, in Dutch."""


class CellError(Exception):
    pass


# --- Report -------------------------------------------------------------------------

CREATE = "create"
CHANGE = "change"
UNCHANGED = "unchanged"
SKIPPED = "skipped"
ERROR = "error"

STATUS_LABELS = {
    CREATE: gettext_lazy("nieuw"),
    CHANGE: gettext_lazy("gewijzigd"),
    UNCHANGED: gettext_lazy("ongewijzigd"),
    SKIPPED: gettext_lazy("overgeslagen (bestaat al)"),
    ERROR: gettext_lazy("fout"),
}


@dataclasses.dataclass
class RowReport:
    line: int
    reference: str = ""
    subject: str = ""
    status: str = ""
    changes: list = dataclasses.field(default_factory=list)
    errors: list = dataclasses.field(default_factory=list)  # [(column header or "", message)]
    instance: object = None

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    def add_error(self, column, message):
        self.errors.append((column, str(message)))
        self.status = ERROR

    def add_validation_error(self, error):
        """The model's own messages, each on the column of its field."""
        if hasattr(error, "error_dict"):
            messages = error.message_dict
        else:
            messages = {NON_FIELD_ERRORS: error.messages}
        for field, texts in messages.items():
            column = FIELD_COLUMNS.get(field)
            for text in texts:
                self.add_error(column.header if column else "", text)

    def error_lines(self):
        """Each error as "regel 4, kolom 'besluit op': …"."""
        lines = []
        for column, message in self.errors:
            if column:
                lines.append(
                    _("regel %(line)d, kolom '%(column)s': %(message)s")
                    % {"line": self.line, "column": column, "message": message}
                )
            else:
                lines.append(
                    _("regel %(line)d: %(message)s") % {"line": self.line, "message": message}
                )
        return lines

    def change_lines(self):
        return [audit.change_sentence(change) for change in self.changes]


@dataclasses.dataclass
class ImportReport:
    filename: str
    file_errors: list = dataclasses.field(default_factory=list)
    rows: list = dataclasses.field(default_factory=list)
    ignored_columns: list = dataclasses.field(default_factory=list)
    applied: bool = False

    @property
    def ok(self):
        return not self.file_errors and not any(row.status == ERROR for row in self.rows)

    def count(self, status):
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self):
        return {status: self.count(status) for status in STATUS_LABELS}

    @property
    def to_write(self):
        return [row for row in self.rows if row.status in (CREATE, CHANGE)]

    def error_lines(self):
        lines = [str(error) for error in self.file_errors]
        for row in self.rows:
            lines.extend(row.error_lines())
        return lines

    def summary(self):
        counts = self.counts
        return _(
            "%(create)d nieuw, %(change)d gewijzigd, %(unchanged)d ongewijzigd, "
            "%(skipped)d overgeslagen, %(error)d met fouten."
        ) % {
            "create": counts[CREATE],
            "change": counts[CHANGE],
            "unchanged": counts[UNCHANGED],
            "skipped": counts[SKIPPED],
            "error": counts[ERROR] + len(self.file_errors),
        }


# --- Decoding -------------------------------------------------------------------------


def decode(data):
    """The file's text; raises FileRefused for what is not a UTF-8 text file."""
    if not data or not data.strip():
        raise FileRefused(_("Het bestand is leeg."))
    if data.startswith(b"PK\x03\x04"):
        raise FileRefused(
            _(
                "Dit is een Excel-bestand (xlsx), geen CSV. Kies in Excel 'Opslaan als' en dan "
                "'CSV UTF-8 (door komma's gescheiden)'."
            )
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:8192]:
        raise FileRefused(
            _(
                "Dit is geen tekstbestand in UTF-8 (misschien UTF-16 of een binair bestand). "
                "Kies in Excel 'Opslaan als' en dan 'CSV UTF-8 (door komma's gescheiden)'."
            )
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileRefused(
            _(
                "Het bestand is niet in UTF-8 opgeslagen: regel %(line)d bevat een teken dat "
                "niet te lezen is (byte %(byte)s). Kies in Excel 'Opslaan als' en dan 'CSV "
                "UTF-8 (door komma's gescheiden)'; er is niets ingelezen."
            )
            % {"line": line, "byte": f"0x{data[error.start]:02x}"}
        ) from error


def sniff_delimiter(header_line):
    counts = {delimiter: header_line.count(delimiter) for delimiter in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ";"


# --- Cells ------------------------------------------------------------------------------


def parse_date(text):
    text = text.strip()
    for pattern in DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))
            except ValueError:
                break
    raise CellError(
        _("'%(value)s' is geen geldige datum. Schrijf dd-mm-jjjj (3-3-2026) of jjjj-mm-dd.")
        % {"value": text[:40]}
    )


class Resolver:
    """Finds councils, bodies, agenda items and letters by what a clerk writes, with caches."""

    def __init__(self):
        self.councils = list(Council.objects.select_related("municipality"))
        self._bodies = {}
        self._items = {}
        self._letters = {}

    def council(self, text):
        key = text.strip().casefold()
        for council in self.councils:
            if key in (council.slug.casefold(), council.name.casefold()):
                return council
        raise CellError(
            _(
                "Er is geen cliëntenraad '%(value)s'. Gebruik de korte naam, bijvoorbeeld '%(example)s'."
            )
            % {"value": text[:80], "example": self.councils[0].slug if self.councils else "leiden"}
        )

    def body(self, council, text):
        if council.pk not in self._bodies:
            self._bodies[council.pk] = list(
                MunicipalBody.objects.filter(
                    municipality_id__in=council.municipality_ids()
                ).select_related("municipality")
            )
        key = text.strip().casefold()
        for body in self._bodies[council.pk]:
            if key in (body.slug.casefold(), body.name.casefold(), str(body).casefold()):
                return body
        raise CellError(
            _("De gemeente %(municipality)s heeft geen orgaan '%(value)s'.")
            % {"municipality": council.municipality_names(), "value": text[:80]}
        )

    def item(self, council, meeting_date, text):
        key = (council.pk, meeting_date)
        if key not in self._items:
            self._items[key] = list(
                AgendaItem.objects.filter(
                    meeting__council=council, meeting__date=meeting_date
                ).select_related("meeting")
            )
        wanted = text.strip().casefold()
        found = [item for item in self._items[key] if item.number.strip().casefold() == wanted]
        if not found:
            found = [
                item
                for item in self._items[key]
                if not item.number and item.title.strip().casefold() == wanted
            ]
        if len(found) == 1:
            return found[0]
        day = meeting_date.strftime("%d-%m-%Y")
        if not found:
            raise CellError(
                _("Er is geen agendapunt '%(value)s' op een vergadering van %(day)s.")
                % {"value": text[:80], "day": day}
            )
        raise CellError(
            _(
                "Op %(day)s zijn meerdere vergaderingen met agendapunt '%(value)s'; koppel dit "
                "agendapunt in het beheer."
            )
            % {"value": text[:80], "day": day}
        )

    def letter(self, council, text):
        key = (council.pk, text.strip())
        if key not in self._letters:
            value = text.strip()
            self._letters[key] = list(
                LetterPage.objects.filter(council=council).filter(
                    Q(source_id=value)
                    | Q(slug=value)
                    | Q(pk__in=self._by_reference(council, value))
                )
            )
        found = self._letters[key]
        if len(found) == 1:
            return found[0]
        raise CellError(
            _("%(council)s heeft geen brief met kenmerk of korte naam '%(value)s'.")
            % {"council": council.name, "value": text[:80]}
        )

    @staticmethod
    def _by_reference(council, value):
        match = re.fullmatch(r"CR-(\d{4})-(\d{1,4})", value, flags=re.IGNORECASE)
        if not match:
            return []
        return LetterPage.objects.filter(
            council=council, reference_year=int(match[1]), reference_number=int(match[2])
        ).values("pk")


# --- Reading ---------------------------------------------------------------------------


def _header(cells, report):
    columns = []
    seen = set()
    for position, cell in enumerate(cells, start=1):
        key = normalise_header(cell)
        if key in EXPORT_ONLY_KEYS:
            columns.append(None)
            report.ignored_columns.append(cell.strip())
            continue
        column = COLUMNS_BY_KEY.get(key)
        if column is None:
            if not key:
                report.file_errors.append(
                    _("Regel 1, kolom %(position)d: de kolomnaam is leeg.") % {"position": position}
                )
            else:
                report.file_errors.append(
                    _("Regel 1: onbekende kolom '%(column)s'. Bekende kolommen: %(known)s.")
                    % {
                        "column": cell.strip()[:60],
                        "known": ", ".join(column.header for column in COLUMNS),
                    }
                )
            columns.append(None)
            continue
        if column in seen:
            report.file_errors.append(
                _("Regel 1: de kolom '%(column)s' staat er twee keer in.")
                % {"column": column.header}
            )
        seen.add(column)
        columns.append(column)
    missing = [column.header for column in COLUMNS if column.required and column not in seen]
    if missing:
        report.file_errors.append(
            _(
                "Regel 1 moet de kolomnamen bevatten; de kolom(men) %(missing)s ontbreken. "
                "Zie de uitleg bij de import voor alle kolommen."
            )
            % {"missing": ", ".join(f"'{name}'" for name in missing)}
        )
    return columns


def _rows(text):
    """(first physical line, cells) per CSV record, the header included."""
    lines = text.splitlines(keepends=True)
    delimiter = sniff_delimiter(lines[0] if lines else "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    for cells in reader:
        yield start, cells
        start = reader.line_num + 1


def read(data, *, filename="", council=None, only_new=False, councils=None):
    """Check a CSV file against the database; write nothing. Returns an ImportReport.

    ``council``: the council for rows without a ``cliëntenraad`` column (the
    admin's choice, ``--raad`` of the command). ``only_new``: rows whose
    kenmerk already exists are skipped, never changed (the demo loader).
    ``councils``: the ids of the councils whose rows may be imported (the
    importing user's, ``council.tenancy``); None for every council.
    """
    report = ImportReport(filename=filename)
    try:
        text = decode(data)
    except FileRefused as refusal:
        report.file_errors.append(str(refusal))
        return report

    records = _rows(text)
    try:
        _first_line, header_cells = next(records)
    except StopIteration:
        report.file_errors.append(_("Het bestand is leeg."))
        return report
    except csv.Error as error:
        report.file_errors.append(_("Regel 1 is geen geldige CSV: %(error)s") % {"error": error})
        return report
    columns = _header(header_cells, report)
    if report.file_errors:
        return report
    if not any(column and column.kind == COUNCIL for column in columns) and council is None:
        report.file_errors.append(
            _(
                "Er is geen kolom 'cliëntenraad' en er is geen cliëntenraad gekozen. Voeg de "
                "kolom toe of kies de cliëntenraad bij de import."
            )
        )
        return report

    resolver = Resolver()
    resolver.allowed = councils
    existing = {}
    seen = {}
    try:
        for line, cells in records:
            if not any(cell.strip() for cell in cells):
                continue
            row = RowReport(line=line)
            report.rows.append(row)
            if len(cells) != len(columns):
                row.add_error(
                    "",
                    _(
                        "deze regel heeft %(cells)d cellen, de kopregel %(columns)d. Controleer "
                        "de scheidingstekens en aanhalingstekens."
                    )
                    % {"cells": len(cells), "columns": len(columns)},
                )
                continue
            _read_row(row, columns, cells, council, resolver, existing, seen, only_new)
    except csv.Error as error:
        report.file_errors.append(
            _("Het bestand is geen geldige CSV: %(error)s") % {"error": error}
        )
    if not report.rows and not report.file_errors:
        report.file_errors.append(_("Het bestand bevat alleen een kopregel, geen raadplegingen."))
    return report


def _read_row(row, columns, cells, default_council, resolver, existing, seen, only_new):
    values = {column: cell.strip() for column, cell in zip(columns, cells, strict=True) if column}
    row.reference = values.get(COLUMNS_BY_KEY["kenmerk"], "")
    row.subject = values.get(COLUMNS_BY_KEY["onderwerp"], "")

    council = default_council
    council_column = COLUMNS_BY_KEY[normalise_header("cliëntenraad")]
    if values.get(council_column):
        try:
            council = resolver.council(values[council_column])
        except CellError as error:
            row.add_error(council_column.header, error)
            return
        if default_council is not None and council != default_council:
            row.add_error(
                council_column.header,
                _("deze regel is van %(row)s, maar de import is voor %(chosen)s.")
                % {"row": council.name, "chosen": default_council.name},
            )
            return
    if council is None:
        row.add_error(council_column.header, _("vul de cliëntenraad in."))
        return
    if resolver.allowed is not None and council.pk not in resolver.allowed:
        row.add_error(
            council_column.header,
            _(
                "deze regel is van %(council)s; u mag geen raadplegingen van die cliëntenraad "
                "vastleggen."
            )
            % {"council": council.name},
        )
        return
    if not row.reference:
        row.add_error("kenmerk", _("vul een kenmerk in: daaraan herkent de import de raadpleging."))
        return

    key = (council.pk, row.reference)
    if key in seen:
        row.add_error(
            "kenmerk",
            _("kenmerk '%(reference)s' staat al op regel %(line)d; elke raadpleging één regel.")
            % {"reference": row.reference[:60], "line": seen[key]},
        )
        return
    seen[key] = row.line

    if council.pk not in existing:
        existing[council.pk] = {
            consultation.reference: consultation
            # With what the audit snapshot shows (body, agenda item and meeting,
            # letter), so that comparing a row costs no query of its own.
            for consultation in Consultation.objects.filter(council=council)
            .for_listing()
            .select_related("letter")
        }
    stored = existing[council.pk].get(row.reference)
    if stored is not None and only_new:
        row.status = SKIPPED
        return

    if stored is None:
        instance = Consultation(council=council, reference=row.reference)
        before = {}
    else:
        before = audit.snapshot(stored, verdict=stored.judgement(explain=False).verdict)
        instance = copy.copy(stored)  # the snapshot holds plain values; the row changes a copy

    meeting_column = COLUMNS_BY_KEY["vergaderdatum"]
    item_column = COLUMNS_BY_KEY["agendapunt"]
    meeting_date = None
    for column, value in values.items():
        try:
            if column.kind == MEETING_DATE:
                meeting_date = parse_date(value) if value else None
            else:
                _assign(instance, column, value, council, resolver)
        except CellError as error:
            row.add_error(column.header, error)
    if item_column in values and not row.errors:
        item_text = values[item_column]
        if item_text and meeting_date is None:
            row.add_error(
                meeting_column.header,
                _("vul ook de datum van de vergadering in, of laat het agendapunt leeg."),
            )
        elif item_text:
            try:
                instance.agenda_item = resolver.item(council, meeting_date, item_text)
            except CellError as error:
                row.add_error(item_column.header, error)
        elif meeting_date is not None:
            row.add_error(
                item_column.header,
                _("vul het agendapunt in (nummer of titel), of laat de vergaderdatum leeg."),
            )
        else:
            instance.agenda_item = None
    elif meeting_column in values and item_column not in values:
        row.add_error(meeting_column.header, _("de kolom 'agendapunt' ontbreekt."))
    if row.errors:
        return

    try:
        instance.full_clean()
    except ValidationError as error:
        row.add_validation_error(error)
        return

    instance.__dict__.pop("_letter_sent", None)
    after = audit.snapshot(instance, verdict=instance.judgement(explain=False).verdict)
    row.instance = instance
    if stored is None:
        row.status = CREATE
        filled = {
            name: value for name, value in after.items() if value["raw"] not in (None, "", False, 0)
        }
        row.changes = audit.changes_between({}, filled)
        return
    row.changes = audit.changes_between(before, after)
    row.status = CHANGE if row.changes else UNCHANGED


def _assign(instance, column, value, council, resolver):
    kind = column.kind
    if kind == COUNCIL:
        return  # resolved before, per row
    if kind == TEXT:
        setattr(instance, column.field, value)
    elif kind == DATE:
        setattr(instance, column.field, parse_date(value) if value else None)
    elif kind == DATE_OR_UNKNOWN:
        flag = UNKNOWN_FLAGS[column.field]
        if value.casefold() == UNKNOWN:
            setattr(instance, column.field, None)
            setattr(instance, flag, True)
        else:
            setattr(instance, column.field, parse_date(value) if value else None)
            setattr(instance, flag, False)
    elif kind == NUMBER:
        if not value:
            instance.response_extension_days = 0
        elif re.fullmatch(r"[-+]?\d{1,4}", value):
            instance.response_extension_days = int(value)
        else:
            raise CellError(_("'%(value)s' is geen aantal dagen.") % {"value": value[:40]})
    elif kind == BODY:
        instance.body = resolver.body(council, value) if value else None
    elif kind == LETTER:
        instance.letter = resolver.letter(council, value) if value else None
    elif kind == OUTCOME:
        outcome = OUTCOME_WORDS.get(normalise_header(value))
        if outcome is None:
            raise CellError(
                _(
                    "'%(value)s' is geen uitkomst. Kies: opgevolgd, deels opgevolgd, niet opgevolgd of onbekend."
                )
                % {"value": value[:40]}
            )
        instance.outcome = outcome
    # ITEM is resolved together with the meeting date, after the other cells.


# --- Export -------------------------------------------------------------------------------


def _date_or_unknown(value, unknown):
    if value:
        return value
    return UNKNOWN if unknown else None


def export_row(consultation):
    """The consultation as the import reads it, keyed by header, plus the derived verdict."""
    item = consultation.agenda_item
    letter = consultation.letter
    judgement = consultation.judgement()
    return {
        "kenmerk": consultation.reference,
        "cliëntenraad": consultation.council.slug,
        "onderwerp": consultation.subject,
        "toelichting": consultation.summary,
        "orgaan": consultation.body.name if consultation.body else "",
        "vergaderdatum": item.meeting.date if item else None,
        "agendapunt": (item.number or item.title) if item else "",
        "kenmerk voorstel": consultation.proposal_reference,
        "link voorstel": consultation.proposal_url,
        "gevraagd op": _date_or_unknown(consultation.asked_on, consultation.asked_date_unknown),
        "advies uiterlijk": consultation.advice_due,
        "advies verzonden op": consultation.advice_sent_on,
        "adviesbrief": (letter.reference or letter.slug) if letter else "",
        "besluit op": _date_or_unknown(consultation.decided_on, consultation.decided_date_unknown),
        "antwoord ontvangen op": consultation.response_received_on,
        "verlenging (dagen)": consultation.response_extension_days,
        "reden verlenging": consultation.response_extension_reason,
        "uitkomst": consultation.get_outcome_display(),
        "antwoord college": consultation.response_text,
        "link antwoord": consultation.response_url,
        "bron": consultation.source,
        "interne notitie": consultation.internal_notes,
        "oordeel": str(judgement.verdict.label),
        "toelichting oordeel": judgement.explanation,
    }


EXPORT_HEADERS = [column.header for column in COLUMNS] + list(EXPORT_ONLY)
