"""The consultation spreadsheet: reading a CSV file into a checked plan.

Clerks keep their list of consultations in a spreadsheet. One row is one
consultation, known by its ``kenmerk`` (unique per council), so importing the
same file twice changes nothing. The admin listing exports the same columns
(``csv_export``, plus the derived verdict, which the import ignores), so a
clerk can export, edit and import again. The columns come from ``fields.SPEC``;
``csv_resolver`` finds what a cell names, ``csv_report`` holds the report.

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
import datetime
import io
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from council.plain_text import formula_unescaped, strip_control_characters

from . import audit, csv_limits, fields
from .csv_report import (
    CHANGE,
    CREATE,
    SKIPPED,
    UNCHANGED,
    ImportReport,
    RowReport,
)
from .csv_resolver import CellError, Resolver
from .fields import (
    BODY,
    COUNCIL,
    DATE,
    DATE_OR_UNKNOWN,
    LETTER,
    MEETING_DATE,
    NUMBER,
    OUTCOME,
    TEXT,
)
from .models import Consultation

UNKNOWN = "onbekend"

# The columns, in file order, come from the one field specification.
_ALL_COLUMNS = fields.csv_columns()
COLUMNS = tuple(column for column in _ALL_COLUMNS if column.imported)
# Columns the export adds and the import skips: derived, never typed in.
EXPORT_ONLY = tuple(column.header for column in _ALL_COLUMNS if not column.imported)
# Flags that a DATE_OR_UNKNOWN column sets when its cell says "onbekend".
UNKNOWN_FLAGS = {column.field: column.flag for column in COLUMNS if column.flag}


def normalise_header(text):
    """ "Gevraagd_op", "gevraagd-op" and " GEVRAAGD OP " are the same column; so are ë and e."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", " ", text.lower())
    return text.strip()


COLUMNS_BY_KEY = {normalise_header(column.header): column for column in COLUMNS}
EXPORT_ONLY_KEYS = {normalise_header(header) for header in EXPORT_ONLY}

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


# --- Decoding -------------------------------------------------------------------------


def _is_utf8(data):
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


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
    head = data[:8192]
    # A NUL byte in a UTF-8 text is refused later, naming its row and column; many NULs
    # (UTF-16), or NULs in what is no UTF-8 at all, make a file that is no text.
    if (
        data.startswith((b"\xff\xfe", b"\xfe\xff"))
        or head.count(b"\x00") > len(head) // 4
        or (b"\x00" in head and not _is_utf8(data))
    ):
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
                        "column": strip_control_characters(cell.strip())[:60],
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


def read(data, *, filename="", council=None, only_new=False, councils=None, progress=None):
    """Check a CSV file against the database; write nothing. Returns an ImportReport.

    ``council``: the council for rows without a ``cliëntenraad`` column (the
    admin's choice, ``--raad`` of the command). ``only_new``: rows whose
    kenmerk already exists are skipped, never changed (the demo loader).
    ``councils``: the ids of the councils whose rows may be imported (the
    importing user's, ``council.tenancy``); None for every council.
    ``progress``: called with the number of rows read so far, after each row.
    """
    report = ImportReport(filename=filename)
    refused = csv_limits.refusal(data)
    if refused:
        report.file_errors.append(refused)
        return report
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
            if progress is not None:
                progress(len(report.rows))
    except csv.Error as error:
        report.file_errors.append(
            _("Het bestand is geen geldige CSV: %(error)s") % {"error": error}
        )
    if not report.rows and not report.file_errors:
        report.file_errors.append(_("Het bestand bevat alleen een kopregel, geen raadplegingen."))
    return report


def _read_row(row, columns, cells, default_council, resolver, existing, seen, only_new):
    values = {
        column: formula_unescaped(cell.strip())
        for column, cell in zip(columns, cells, strict=True)
        if column
    }
    row.reference = values.get(COLUMNS_BY_KEY["kenmerk"], "")
    row.subject = values.get(COLUMNS_BY_KEY["onderwerp"], "")
    for column, cell in zip(columns, cells, strict=True):
        refused = column and csv_limits.cell_refusal(cell)
        if refused:
            row.add_error(column.header, refused)
    if row.errors:
        # The report shows them: without the refused characters, and not a megabyte long.
        row.reference = strip_control_characters(row.reference)[:100]
        row.subject = strip_control_characters(row.subject)[:200]
        return

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
