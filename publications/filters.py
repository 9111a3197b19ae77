"""The filters and the search of the letter index, read from the query string.

Every value is checked against what exists before it reaches a query: an
unknown council, topic, body or kind, or a year that is not a year of a
letter, never errors. An unknown choice is left out with a note; a year
without letters shows no letters and says so. The search text is reduced to
its words (at most ``MAX_WORDS``), so quotes, operators, control characters
or 10,000 characters of anything reach the search backend as plain words.
"""

import dataclasses
import re
import unicodedata

from django.utils.text import slugify
from django.utils.translation import gettext as _

from advice.letters.rules import LetterKind

#: ``?kind=`` values: readable Dutch, stable (the label as a slug).
KIND_PARAMS = {slugify(str(label)): value for value, label in LetterKind.choices}
KIND_LABELS = dict(LetterKind.choices)
UNKNOWN_YEAR = "onbekend"
MAX_WORDS = 12
MAX_QUERY_LENGTH = 200
WORD = re.compile(r"\w+")


def clean_query(raw):
    """``(words joined by spaces, note)``: what the search backend is given."""
    raw = unicodedata.normalize("NFC", raw or "")
    words = WORD.findall(raw)
    note = ""
    if raw.strip() and not words:
        note = _("Zoek op woorden; leestekens en symbolen tellen niet mee.")
    if len(words) > MAX_WORDS:
        words = words[:MAX_WORDS]
        note = _("We hebben alleen op de eerste %(count)s woorden gezocht.") % {"count": MAX_WORDS}
    query = " ".join(words)
    if len(query) > MAX_QUERY_LENGTH:
        query = query[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or query[:MAX_QUERY_LENGTH]
        note = _("We hebben alleen op het begin van uw zoekvraag gezocht.")
    return query, note


def body_param(body):
    return f"{body.municipality.slug}/{body.slug}"


def _short(value):
    return value[:40] + ("…" if len(value) > 40 else "")


@dataclasses.dataclass
class LetterFilter:
    """The chosen filters, resolved to records, and notes for the reader."""

    council: object = None
    topic: object = None
    body: object = None
    kind: str = ""
    year: int | None = None
    unknown_year: bool = False
    year_has_letters: bool = True
    query: str = ""
    #: What was typed, for an exact reference (publications.search).
    raw_query: str = ""
    notes: list = dataclasses.field(default_factory=list)

    @classmethod
    def from_params(cls, params, *, councils, topics, bodies, years):
        """Read ``params`` (a QueryDict) against the choices that exist."""
        chosen = cls()
        value = (params.get("council") or "").strip()
        if value:
            chosen.council = next((c for c in councils if c.slug == value), None)
            if chosen.council is None:
                chosen.notes.append(
                    _("We kennen geen cliëntenraad “%(value)s”; die keuze is weggelaten.")
                    % {"value": _short(value)}
                )
        value = (params.get("topic") or "").strip()
        if value:
            chosen.topic = next((t for t in topics if t.slug == value), None)
            if chosen.topic is None:
                chosen.notes.append(
                    _(
                        "Er zijn geen brieven over het onderwerp “%(value)s”; die keuze is weggelaten."
                    )
                    % {"value": _short(value)}
                )
        value = (params.get("body") or "").strip()
        if value:
            chosen.body = next((b for b in bodies if body_param(b) == value), None)
            if chosen.body is None:
                chosen.notes.append(
                    _("Er zijn geen brieven aan “%(value)s”; die keuze is weggelaten.")
                    % {"value": _short(value)}
                )
        value = (params.get("kind") or "").strip()
        if value:
            chosen.kind = KIND_PARAMS.get(value, "")
            if not chosen.kind:
                chosen.notes.append(
                    _("“%(value)s” is geen soort brief die we kennen; die keuze is weggelaten.")
                    % {"value": _short(value)}
                )
        value = (params.get("year") or "").strip()
        if value == UNKNOWN_YEAR:
            chosen.unknown_year = True
        elif value:
            try:
                chosen.year = int(value) if len(value) <= 6 else None
            except ValueError:
                chosen.year = None
            if chosen.year is None:
                chosen.notes.append(
                    _("“%(value)s” is geen jaartal; die keuze is weggelaten.")
                    % {"value": _short(value)}
                )
            elif chosen.year not in years:
                chosen.year_has_letters = False
                chosen.notes.append(_("Er zijn geen brieven uit %(year)s.") % {"year": chosen.year})
        chosen.raw_query = (params.get("q") or "")[:MAX_QUERY_LENGTH]
        chosen.query, note = clean_query(params.get("q", ""))
        if note:
            chosen.notes.append(note)
        return chosen

    def apply(self, letters):
        """``letters`` narrowed by every filter but the search text."""
        if self.council is not None:
            letters = letters.filter(council=self.council)
        if self.topic is not None:
            letters = letters.filter(tagged_items__tag=self.topic)
        if self.body is not None:
            letters = letters.filter(addressee=self.body)
        if self.kind:
            letters = letters.filter(kind=self.kind)
        if self.unknown_year:
            letters = letters.filter(date__isnull=True)
        elif self.year is not None:
            # Only years that letters have reach the database as a date filter.
            letters = (
                letters.filter(date__year=self.year) if self.year_has_letters else letters.none()
            )
        return letters

    @property
    def is_narrowed(self):
        return bool(
            self.council
            or self.topic
            or self.body
            or self.kind
            or self.year is not None
            or self.unknown_year
            or self.query
        )

    @property
    def kind_param(self):
        return next((param for param, value in KIND_PARAMS.items() if value == self.kind), "")

    @property
    def year_param(self):
        if self.unknown_year:
            return UNKNOWN_YEAR
        return str(self.year) if self.year is not None else ""
