"""The consultation spreadsheet as the admin exports it (CSV, XLSX): the import's columns.

Every column comes from ``fields.SPEC`` and is written by its kind, the way
the import reads it back (``csv_file``), plus the derived verdict and its
explanation, which the import skips.
"""

from . import fields
from .fields import (
    BODY,
    COUNCIL,
    DATE,
    DATE_OR_UNKNOWN,
    EXPLANATION,
    ITEM,
    LETTER,
    MEETING_DATE,
    NUMBER,
    OUTCOME,
    TEXT,
    VERDICT,
)

UNKNOWN = "onbekend"
_ALL_COLUMNS = fields.csv_columns()


def _date_or_unknown(value, unknown):
    if value:
        return value
    return UNKNOWN if unknown else None


def _export_value(consultation, column, judgement):
    """A cell as the import reads it back (the verdict and its explanation: as people read them)."""
    kind = column.kind
    item = consultation.agenda_item
    if kind in (TEXT, DATE, NUMBER):
        return getattr(consultation, column.field)
    if kind == DATE_OR_UNKNOWN:
        return _date_or_unknown(
            getattr(consultation, column.field), getattr(consultation, column.flag)
        )
    if kind == COUNCIL:
        return consultation.council.slug
    if kind == BODY:
        return consultation.body.name if consultation.body else ""
    if kind == MEETING_DATE:
        return item.meeting.date if item else None
    if kind == ITEM:
        return (item.number or item.title) if item else ""
    if kind == LETTER:
        letter = consultation.letter
        return (letter.reference or letter.slug) if letter else ""
    if kind == OUTCOME:
        return consultation.get_outcome_display()
    if kind == VERDICT:
        return str(judgement.verdict.label)
    if kind == EXPLANATION:
        return judgement.explanation
    raise ValueError(f"no export for a column of kind {kind!r}")


def export_row(consultation):
    """The consultation as the import reads it, keyed by header, plus the derived verdict."""
    judgement = consultation.judgement()
    return {
        column.header: _export_value(consultation, column, judgement) for column in _ALL_COLUMNS
    }


EXPORT_HEADERS = [column.header for column in _ALL_COLUMNS]
