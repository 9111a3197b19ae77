"""Text that a spreadsheet or an XML file can hold safely.

Two dangers, one module:

- **Control characters** that XML cannot hold (U+0000–U+0008, U+000B,
  U+000C, U+000E–U+001F; tab, line feed and carriage return are fine). An
  XLSX file is XML, so one such character in one record made the export
  answer 500 for everyone. They are refused at input (every text field of an
  admin form, through ``PlainTextField``; the CSV import, naming row and
  column) and stripped at output (every spreadsheet export), for records
  written before the check or straight into the database.
- **Spreadsheet formulas.** A cell that starts with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return is run by Excel or LibreOffice when a CSV
  file is opened. Every CSV export prefixes such a cell with a single quote
  and quotes every cell, as OWASP's "CSV Injection" page describes. The
  consultation import reads such a cell back without the quote.

Wagtail writes every admin export (our snippet listings, its own reports
such as the site history) in ``SpreadsheetExportMixin``; ``install()``
(``CouncilConfig.ready``) makes that one class write safe cells, so no
listing or report can be forgotten.
"""

import re
from functools import wraps

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"

CONTROL_CHARACTER_MESSAGE = _(
    "%(field)s bevat een onzichtbaar stuurteken (%(code)s) op positie %(position)d. "
    "Verwijder het en probeer het opnieuw."
)


def character_code(character):
    return f"U+{ord(character):04X}"


def first_control_character(text):
    """``(position, "U+0007")`` of the first character XML cannot hold (1-based), or None."""
    match = CONTROL_CHARACTERS.search(text)
    if match is None:
        return None
    return match.start() + 1, character_code(match.group())


def strip_control_characters(text):
    return CONTROL_CHARACTERS.sub("", text)


def formula_escaped(text):
    """OWASP: a cell a spreadsheet would run gets a leading single quote."""
    if text.startswith(FORMULA_PREFIXES):
        return QUOTE + text
    return text


def formula_unescaped(text):
    """The import's inverse of ``formula_escaped``: export → edit → import changes nothing."""
    if text.startswith(QUOTE) and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def spreadsheet_cell(value, *, csv_format):
    """A cell as an export writes it: no control characters; in CSV no formula."""
    if not isinstance(value, str):
        return value
    value = strip_control_characters(value)
    return formula_escaped(value) if csv_format else value


def _csv_field(value):
    """A cell ``spreadsheet_cell`` made safe, quoted where needed."""
    text = "" if value is None else str(value)
    if text.startswith(QUOTE) or any(character in text for character in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_line(values):
    """One CSV line (``,``, CRLF), as Python's ``csv`` module writes it, and a cell that
    ``formula_escaped`` changed is quoted too (OWASP: quote the escaped cell)."""
    return ",".join(_csv_field(value) for value in values) + "\r\n"


def refuse_control_characters(text, *, label):
    """Raise the Dutch ``ValidationError`` naming ``label`` if ``text`` holds a control character."""
    found = first_control_character(text or "")
    if found:
        position, code = found
        raise ValidationError(
            CONTROL_CHARACTER_MESSAGE,
            code="control_character",
            params={"field": label, "code": code, "position": position},
        )


class PlainTextField(forms.CharField):
    """Django's ``CharField`` that also refuses characters XML cannot hold, naming its label."""

    def validate(self, value):
        super().validate(value)
        refuse_control_characters(value, label=f"'{self.label}'" if self.label else _("Dit veld"))


# --- Installation (CouncilConfig.ready) -----------------------------------------------------


def _register_form_fields():
    """Every text field of every admin form (snippets, pages, settings) is a ``PlainTextField``."""
    from wagtail.admin import widgets
    from wagtail.admin.forms.models import register_form_field_override

    register_form_field_override(
        models.CharField, override={"form_class": PlainTextField}, exact_class=True
    )
    register_form_field_override(
        models.TextField,
        override={"form_class": PlainTextField, "widget": widgets.AdminAutoHeightTextInput},
        exact_class=True,
    )


def _patch_spreadsheet_exports():
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "_kanttekening_safe_cells", False):
        return
    preprocess = SpreadsheetExportMixin.preprocess_field_value

    @wraps(preprocess)
    def safe_preprocess(self, field, value, export_format):
        value = preprocess(self, field, value, export_format)
        return spreadsheet_cell(value, csv_format=export_format == self.FORMAT_CSV)

    def stream_csv(self, queryset):
        # Wagtail's own, with every escaped cell quoted (``csv_line``).
        fields = self.list_export
        headings = (self.get_heading(queryset, field) for field in fields)
        yield csv_line(spreadsheet_cell(heading, csv_format=True) for heading in headings).encode()
        for item in queryset:
            row = self.to_row_dict(item)
            yield csv_line(
                self.preprocess_field_value(field, row[field], self.FORMAT_CSV) for field in fields
            ).encode()

    SpreadsheetExportMixin.preprocess_field_value = safe_preprocess
    SpreadsheetExportMixin.stream_csv = stream_csv
    SpreadsheetExportMixin._kanttekening_safe_cells = True


def install():
    _register_form_fields()
    _patch_spreadsheet_exports()
