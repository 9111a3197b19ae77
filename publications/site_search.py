"""One search over the public letters, agenda items, motions and consultations (``/zoeken/``).

- **What is public** is what the public pages show: letters from
  ``queries.public_letters()`` (live, no view restriction); agenda items,
  motions and consultations of a council whose page is live and public
  (``public_site().public_q``; they have no draft state of their own). A
  consultation's internal note is never searched or shown.
- **Matching.** Letters go through Wagtail's search index as on the letter
  index (``search_index.word_query``: every word a prefix, all words required).
  The other records are matched in the database itself, every word as the
  start of a word in one of their public text fields or topic names
  (``(^|\\W)word`` as a case-insensitive regular expression: PostgreSQL's
  ``~*``, SQLite's ``REGEXP``, which Django provides with Python's ``re``),
  so "klachten" finds "klachtenregeling" and "re-integratie" finds
  "re-integratievisie" in all four. A reference typed whole (a letter's
  ``CR-2026-001``, a consultation's own reference, a motion's number, a
  proposal number) is an exact match and comes first.
- **Order**: exact matches first, then newest first (the letter's date, the
  meeting's, the motion's submission, the consultation's decision), one
  ``UNION`` query per page; counts per type are four ``COUNT`` queries, and
  the total is their sum.
- **Excerpts**: on PostgreSQL ``ts_headline`` (``simple`` configuration,
  each word a prefix) over the record's public text; on SQLite the same
  piece cut in Python (``search.mark_excerpt``). Letters always use the
  Python excerpt of their published text (a StreamField). Either way every
  character is escaped and only ``<mark>`` is markup.
"""

import dataclasses
import datetime
import re

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    DateField,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from advice.models import Consultation, LetterPage
from agenda.models import AgendaItem
from council.public_site import public_site
from motions.models import Motion

from . import queries, search_index
from .search import excerpt, mark_excerpt, parse_reference

#: ``?soort=`` values, in the order the filters show them.
LETTERS, ITEMS, MOTIONS, CONSULTATIONS = "brieven", "agendapunten", "moties", "raadplegingen"
KINDS = {
    LETTERS: _("Brieven"),
    ITEMS: _("Agendapunten"),
    MOTIONS: _("Moties en toezeggingen"),
    CONSULTATIONS: _("Raadplegingen"),
}
KIND_SINGULAR = {
    LETTERS: _("Brief"),
    ITEMS: _("Agendapunt"),
    MOTIONS: _("Motie"),
    CONSULTATIONS: _("Raadpleging"),
}
ALL = "alles"
#: The date a record without one sorts under (last, newest first).
UNDATED = datetime.date(1, 1, 1)

#: The public text of each record type: matched, and the excerpt is cut from the text ones.
TITLE_FIELDS = {
    ITEMS: ("title", "number", "proposal_number"),
    MOTIONS: ("title", "identifier", "policy_context"),
    CONSULTATIONS: ("subject", "reference", "proposal_reference"),
}
TEXT_FIELDS = {
    ITEMS: ("summary",),
    MOTIONS: ("operative_text", "disposal_text", "assessment", "deadline_text"),
    CONSULTATIONS: ("summary", "response_text", "response_extension_reason", "source"),
}
#: Fields that hold a reference typed whole (an exact match).
REFERENCE_FIELDS = {
    ITEMS: ("proposal_number",),
    MOTIONS: ("identifier",),
    CONSULTATIONS: ("reference", "proposal_reference"),
}


def public_records():
    """``{kind: queryset}`` of every public record of each kind (nothing evaluated)."""
    # The live, public council pages once (``public_site().public_q`` reads the view
    # restrictions each time it is asked).
    pages = queries.public_council_pages()
    return {
        LETTERS: queries.public_letters(),
        ITEMS: AgendaItem.objects.filter(meeting__council__page__in=pages),
        MOTIONS: Motion.objects.filter(council__page__in=pages),
        CONSULTATIONS: Consultation.objects.filter(council__page__in=pages),
    }


def _word_regex(word):
    # Words are \w+ (filters.clean_query): no character of them is special in a pattern.
    return r"(^|\W)" + word


def _topic_match(model, regex):
    through = model._meta.get_field("tagged_items").related_model
    return Exists(through.objects.filter(content_object=OuterRef("pk"), tag__name__iregex=regex))


def _text_match(kind, model, query):
    """Every word of ``query`` starts a word of a public field or a topic name."""
    match = Q()
    for word in query.split():
        regex = _word_regex(word)
        any_field = Q()
        for field in (*TITLE_FIELDS[kind], *TEXT_FIELDS[kind]):
            any_field |= Q(**{f"{field}__iregex": regex})
        if kind in (ITEMS, MOTIONS):
            any_field |= _topic_match(model, regex)
        match &= any_field
    return match


def _exact(kind, raw):
    """A ``Q`` for the records whose reference is ``raw`` typed whole, or None."""
    raw = (raw or "").strip()
    if not raw or len(raw) > 100:
        return None
    if kind == LETTERS:
        reference = parse_reference(raw)
        if reference is None:
            return None
        return Q(reference_year=reference[0], reference_number=reference[1])
    exact = Q()
    for field in REFERENCE_FIELDS[kind]:
        exact |= Q(**{f"{field}__iexact": raw})
    return exact


def _sort_day(kind):
    if kind == LETTERS:
        # Undated letters last, as on the letter index (their first
        # publication orders them among themselves: ``moment`` of ``rows``).
        day = F("date")
    elif kind == ITEMS:
        day = F("meeting__date")
    elif kind == MOTIONS:
        day = Coalesce("submitted_on", "disposed_on", "deadline")
    else:
        day = Coalesce("decided_on", "asked_on", "advice_due")
    return Coalesce(day, Value(UNDATED), output_field=DateField())


@dataclasses.dataclass
class Search:
    """The matching records of each kind for one query, as querysets.

    Letters are matched after the counts: on PostgreSQL the counting query
    also probes how common the words are, and that picks the shape of the
    letters' match (``search_index``: an ordered walk or the GIN index).
    """

    query: str
    raw: str = ""
    matched: dict = dataclasses.field(default_factory=dict)
    exact: dict = dataclasses.field(default_factory=dict)
    letters: object = None
    #: Kinds whose count stopped at ``COUNT_CAP`` (there are more).
    capped: set = dataclasses.field(default_factory=set)
    letter_match: object = None

    @classmethod
    def run(cls, query, raw=""):
        search = cls(query=query, raw=raw)
        for kind, records in public_records().items():
            exact = _exact(kind, raw)
            search.exact[kind] = exact
            if kind == LETTERS:
                search.letters = records
                continue
            match = _text_match(kind, records.model, query)
            if exact is not None:
                match |= exact
            search.matched[kind] = records.filter(match)
        return search

    def _letters_without_exact(self):
        exact = self.exact[LETTERS]
        return self.letters if exact is None else self.letters.exclude(exact)

    def found_letters(self):
        """The letters the words match, without the exact ones (unordered)."""
        records = self._letters_without_exact()
        if self.letter_match is not None:
            return records.filter(self.letter_match.filter())
        # Another database or backend: the backend's own queryset of the matches.
        return records.filter(search_index.backend_match(records.model, self.query))

    def _found_letter_parts(self, per_part):
        """``(letters, walk)`` for the page: one part, or two gated by the probe.

        Without the counts (the feed), the probe is asked in the page's own
        query: a walking part and a GIN part, each behind a condition on the
        probe that PostgreSQL checks once, so that only one of them is read.
        """
        if self.letter_match is not None or not (per_part and search_index.indexed_on_postgres()):
            walk = self.letter_match is not None and self.letter_match.ordered_walk
            return [(self.found_letters(), walk)]
        records = self._letters_without_exact()
        return [
            (records.filter(search_index.gated_match(records, self.query, walk=walk)), walk)
            for walk in (True, False)
        ]

    def exact_letters(self):
        exact = self.exact[LETTERS]
        return None if exact is None else self.letters.filter(exact)

    def counts(self):
        """``{kind: number}``, each at most ``COUNT_CAP`` (``capped`` names those with more).

        One query for every kind; the letters that are an exact match are
        counted whole, the others up to the cap.
        """
        others = [kind for kind in KINDS if kind != LETTERS]
        exact_letters = self.exact_letters()
        parts = [self.matched[kind] for kind in others]
        if exact_letters is not None:
            parts.append(exact_letters)
        if search_index.indexed_on_postgres():
            self.letter_match = search_index.LetterMatch(self._letters_without_exact(), self.query)
            numbers = search_index.capped_counts(parts, letters=self.letter_match)
            letters = self.letter_match.count + (1 if self.letter_match.capped else 0)
        else:
            letters, *numbers = search_index.capped_counts([self.found_letters(), *parts])
        exact_count = numbers.pop() if exact_letters is not None else 0
        counts = dict(zip(others, numbers, strict=True))
        counts[LETTERS] = letters
        for kind, number in counts.items():
            if number > search_index.COUNT_CAP:
                self.capped.add(kind)
                counts[kind] = search_index.COUNT_CAP
        counts[LETTERS] += exact_count
        return {kind: counts[kind] for kind in KINDS}

    def rows(self, kinds, stop=None):
        """``(kind, pk, exact, day, moment)`` of the matches of ``kinds``, in result order.

        One ``UNION ALL``. On PostgreSQL each part is ordered and cut at
        ``stop`` itself, so that a common word reads a page's worth of
        letters (through their newest-first index) instead of every match;
        SQLite cannot order the parts of a compound query, so there the
        union is sorted whole.
        """
        per_part = stop is not None and connection.features.supports_slicing_ordering_in_compound
        no_moment = Cast(Value(None), DateTimeField())
        parts = []
        for kind in kinds:
            if kind == LETTERS:
                exact_letters = self.exact_letters()
                pieces = [
                    (found, Value(0, output_field=IntegerField()), walk)
                    for found, walk in self._found_letter_parts(per_part)
                ]
                if exact_letters is not None:
                    pieces.insert(0, (exact_letters, Value(1, output_field=IntegerField()), False))
                for records, exact, walk in pieces:
                    part = records.annotate(
                        k=Value(kind, output_field=CharField()),
                        i=F("pk"),
                        e=exact,
                        d=_sort_day(kind),
                        t=F("first_published_at"),
                    )
                    if per_part:
                        part = part.order_by(*search_index.letter_order(walk=walk))
                    else:
                        part = part.order_by()
                    parts.append(part.values_list("k", "i", "e", "d", "t"))
                continue
            exact = self.exact[kind]
            part = (
                self.matched[kind]
                .order_by()
                .annotate(
                    k=Value(kind, output_field=CharField()),
                    i=F("pk"),
                    e=Case(When(exact, then=Value(1)), default=Value(0))
                    if exact is not None
                    else Value(0, output_field=IntegerField()),
                    d=_sort_day(kind),
                    t=no_moment,
                )
            )
            if per_part:
                part = part.order_by("-e", "-d", "-i")
            parts.append(part.values_list("k", "i", "e", "d", "t"))
        if per_part and len(parts) == 1:
            return parts[0]  # already in its order, which is the result order
        if per_part:
            parts = [part[:stop] for part in parts]
        first, *rest = parts
        combined = first.union(*rest, all=True) if rest else first
        return combined.order_by("-e", "-d", "k", "-t", "-i")


class Results:
    """A page-able sequence of one search's results for Django's ``Paginator``.

    ``count()`` is known from the counts; a slice is one UNION query for the
    rows and one query per kind on the page for the records themselves.
    """

    def __init__(self, search, kinds, count, *, request=None):
        self.search = search
        self.kinds = kinds
        self.total = count
        self.request = request

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        if not self.kinds or self.total == 0:
            return []
        rows = list(self.search.rows(self.kinds, stop=key.stop)[key])
        return hydrate(rows, self.search.query)


# --- The records of a page of results ---------------------------------------------------------


@dataclasses.dataclass
class Hit:
    """One result as the page and the feed show it."""

    kind: str
    record: object
    title: str
    url: str
    council: object
    day: datetime.date | None
    details: str
    excerpt: str

    @property
    def kind_label(self):
        return KIND_SINGULAR[self.kind]


def _joined_text(record, fields):
    return re.sub(r"\s+", " ", " ".join(getattr(record, name) or "" for name in fields)).strip()


SELECTION_START, SELECTION_STOP = "\ue000", "\ue001"
_SELECTED = re.compile(f"{SELECTION_START}(.*?){SELECTION_STOP}", re.S)


def marked_headline(headline):
    """Safe HTML from a ``ts_headline`` result whose matches sit between the two sentinels.

    Everything is escaped; only a well-formed pair of sentinels becomes
    ``<mark>``, any stray sentinel is dropped. "" when nothing was marked.
    """
    if not headline or SELECTION_START not in headline:
        return ""
    parts, last = [], 0
    for match in _SELECTED.finditer(headline):
        parts.append(escape(_strip_sentinels(headline[last : match.start()])))
        parts.append(format_html("<mark>{}</mark>", _strip_sentinels(match[1])))
        last = match.end()
    parts.append(escape(_strip_sentinels(headline[last:])))
    return mark_safe("".join(parts))  # noqa: S308 -- every part is escaped above


def _strip_sentinels(text):
    return text.replace(SELECTION_START, "").replace(SELECTION_STOP, "")


def _headline(kind, query):
    """A ``ts_headline`` annotation of the record's public text (PostgreSQL only)."""
    from django.contrib.postgres.search import SearchHeadline, SearchQuery

    fields = TEXT_FIELDS[kind]
    pieces = []
    for name in fields:
        pieces += [Cast(name, TextField()), Value(" ", output_field=TextField())]
    text = Concat(*pieces, output_field=TextField())
    terms = " | ".join(f"'{word}':*" for word in query.split())
    return SearchHeadline(
        text,
        SearchQuery(terms, search_type="raw", config="simple"),
        config="simple",
        start_sel=SELECTION_START,
        stop_sel=SELECTION_STOP,
        max_words=35,
        min_words=15,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def _records(kind, ids, query):
    site = public_site()
    if kind == LETTERS:
        return LetterPage.objects.filter(pk__in=ids).for_listing()
    if kind == ITEMS:
        records = AgendaItem.objects.filter(pk__in=ids).select_related(
            "meeting__body", site.council_page_path("meeting__council")
        )
    elif kind == MOTIONS:
        records = Motion.objects.filter(pk__in=ids).select_related(
            site.council_page_path("council")
        )
    else:
        records = Consultation.objects.filter(pk__in=ids).select_related(
            "body", site.council_page_path("council")
        )
    if connection.vendor == "postgresql" and query:
        records = records.annotate(search_headline=_headline(kind, query))
    return records


def _excerpt(kind, record, query):
    if kind == LETTERS:
        return excerpt(record, query)
    if hasattr(record, "search_headline"):
        return marked_headline(record.search_headline)
    return mark_excerpt(_joined_text(record, TEXT_FIELDS[kind]), query)


def _hit(kind, record, day, query):
    if kind == LETTERS:
        details = [record.get_kind_display(), record.reference or ""]
        if record.addressee_id:
            details.append(_("aan %(to)s") % {"to": record.addressee.name})
        return Hit(
            kind, record, record.title, record.url, record.council, record.date,
            " · ".join(str(part) for part in details if part), _excerpt(kind, record, query),
        )  # fmt: skip
    if kind == ITEMS:
        meeting = record.meeting
        details = _("%(meeting)s van %(body)s") % {
            "meeting": meeting.title,
            "body": meeting.body.name,
        }
        if record.proposal_number:
            details += f" · {record.proposal_number}"
        return Hit(
            kind, record, str(record), record.get_absolute_url(), meeting.council, meeting.date,
            details, _excerpt(kind, record, query),
        )  # fmt: skip
    if kind == MOTIONS:
        details = " · ".join(
            str(part) for part in (record.get_kind_display(), record.identifier) if part
        )
        return Hit(
            kind, record, record.title, record.get_absolute_url(), record.council,
            record.submitted_on, details, _excerpt(kind, record, query),
        )  # fmt: skip
    details = " · ".join(
        str(part) for part in (record.reference, record.body and record.body.name) if part
    )
    return Hit(
        kind, record, record.subject, record.get_absolute_url(), record.council,
        record.decided_on or record.asked_on, details, _excerpt(kind, record, query),
    )  # fmt: skip


def hydrate(rows, query):
    """The ``Hit`` of each ``(kind, pk, exact, day)`` row, in the rows' order: a query per kind."""
    wanted = {}
    for kind, pk, *_rest in rows:
        wanted.setdefault(kind, []).append(pk)
    found = {}
    for kind, ids in wanted.items():
        for record in _records(kind, ids, query):
            found[(kind, record.pk)] = record
    hits = []
    for kind, pk, _exact_match, day, _moment in rows:
        record = found.get((kind, pk))
        if record is not None:
            hits.append(_hit(kind, record, day, query))
    return hits
