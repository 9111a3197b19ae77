"""The limits of a consultation CSV import: the same for the admin upload and the command line.

A council records tens of consultations a year; a platform's clerk may load
the history of many councils at once (10,000 rows, about 1 MB, runs through
the queue in about a minute on an idle machine). Past that a file is a
mistake (or an attack), not a record. Past a limit the file
is refused with a Dutch message **before any parsing**: the size from the
upload's or the file's size (the command line does not read a file that is
too large), the rows by counting line breaks in the bytes.
"""

import csv

from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from council.plain_text import first_control_character

#: The largest file an import reads, in bytes (admin upload and command line).
MAX_BYTES = 2 * 1024 * 1024
#: The most rows an import reads, counted as lines after the header line.
MAX_ROWS = 10_000
#: The longest cell, in characters (a response of the executive fits many times over).
MAX_CELL_CHARS = 100_000

# No field can be longer than the file, so Python's own limit (131,072
# characters, with an English message and no column) never applies; our
# MAX_CELL_CHARS, with row and column, does.
if csv.field_size_limit() < MAX_BYTES:
    csv.field_size_limit(MAX_BYTES)


def _number(value):
    return number_format(value, force_grouping=True)


def size_refusal(size):
    """The Dutch refusal of a file of ``size`` bytes, or "" when it fits."""
    if size <= MAX_BYTES:
        return ""
    return _(
        "Het bestand is %(size)s, groter dan %(limit)d MB, de grens van een import. Splits "
        "het in kleinere bestanden; er is niets ingelezen."
    ) % {"size": filesizeformat(size), "limit": MAX_BYTES // (1024 * 1024)}


def rows_refusal(data):
    """The Dutch refusal of a file with more than ``MAX_ROWS`` lines after the header, or ""."""
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    if lines - 1 <= MAX_ROWS:
        return ""
    return _(
        "Het bestand heeft %(rows)s regels na de kopregel; een import leest hoogstens "
        "%(limit)s. Splits het in kleinere bestanden; er is niets ingelezen."
    ) % {"rows": _number(lines - 1), "limit": _number(MAX_ROWS)}


def refusal(data):
    """Why ``data`` is refused before parsing (size, then rows), or ""."""
    return size_refusal(len(data)) or rows_refusal(data)


def cell_refusal(value):
    """Why one cell is refused (too long, a control character), or ""; the caller names row and column."""
    if len(value) > MAX_CELL_CHARS:
        return _(
            "de cel is %(length)s tekens lang; een cel mag hoogstens %(limit)s tekens zijn."
        ) % {
            "length": _number(len(value)),
            "limit": _number(MAX_CELL_CHARS),
        }
    found = first_control_character(value)
    if found:
        position, code = found
        return _(
            "de cel bevat een onzichtbaar stuurteken (%(code)s) op positie %(position)d. "
            "Verwijder het en probeer het opnieuw."
        ) % {"code": code, "position": position}
    return ""
