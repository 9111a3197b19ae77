"""The public scorecard: how often was the council asked in time?

The figures are counted in SQL from each consultation's stored verdict
(``Consultation.stored_verdict``: ``advice.verdicts.judge``'s verdict, kept
current on every write and by the daily ``verdicts_refresh``): one query
groups the consultations by year, body and verdict, and by the day counts the
medians need (a histogram, never the rows). ``figures`` turns those counts
into the scorecard, so the arithmetic is testable without a database
(``compute`` feeds it hand-made rows). Lists of consultations are read a page
at a time. Days are calendar days everywhere on the scorecard, so that
councils that count in working days and councils that count in calendar days
can be compared.
"""

import dataclasses
import datetime
from collections import Counter, defaultdict

from django.db.models import CharField, Count, F, Func, IntegerField, Q, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from advice.consultations.verdicts import BYPASSED, ConsultationVerdict
from advice.models import Consultation, consultation_year
from council.models import MunicipalBody

UNKNOWN_BODY = _("orgaan onbekend")


@dataclasses.dataclass(frozen=True)
class Row:
    """One consultation as the scorecard sees it."""

    year: int | None
    verdict: ConsultationVerdict
    body: str
    asked_on: datetime.date | None = None
    decided_on: datetime.date | None = None
    advice_sent: datetime.date | None = None
    response_received: datetime.date | None = None

    @property
    def notice_days(self):
        if self.asked_on and self.decided_on and self.decided_on >= self.asked_on:
            return (self.decided_on - self.asked_on).days
        return None

    @property
    def response_days(self):
        if self.advice_sent and self.response_received:
            return (self.response_received - self.advice_sent).days
        return None


@dataclasses.dataclass(frozen=True)
class BodyFigures:
    body: str
    consultations: int
    median_notice_days: float | None
    median_response_days: float | None


@dataclasses.dataclass(frozen=True)
class Scorecard:
    total: int
    verdict_counts: dict  # ConsultationVerdict -> int
    years: list  # [(year or None, {ConsultationVerdict: int})], newest first, unknown year last
    median_notice_days: float | None
    median_response_days: float | None
    bodies: list  # [BodyFigures], by name
    bypassed: int

    @property
    def verdicts(self):
        """Every verdict in display order, with its count (zeros included)."""
        return [(verdict, self.verdict_counts.get(verdict, 0)) for verdict in ConsultationVerdict]

    @property
    def bypassed_share(self):
        return self.bypassed / self.total if self.total else None


def _median(histogram):
    """The median of the values a ``{value: count}`` histogram counts, or None when empty.

    The same figure as ``statistics.median`` of the values themselves: the
    middle value, or the mean of the two middle ones.
    """
    total = sum(histogram.values())
    if not total:
        return None
    wanted = (total - 1) // 2, total // 2  # the middle index, or the two middle ones
    found = []
    seen = 0
    for value in sorted(histogram):
        following = seen + histogram[value]
        found.extend(value for index in wanted if seen <= index < following)
        seen = following
    low, high = found
    return low if total % 2 else (low + high) / 2


@dataclasses.dataclass
class Counts:
    """What the scorecard is made of: counts, never rows.

    ``verdicts[(year, body, verdict)]``, ``notice[body][days]``,
    ``response[body][days]``: numbers of consultations.
    """

    verdicts: Counter = dataclasses.field(default_factory=Counter)
    notice: defaultdict = dataclasses.field(default_factory=lambda: defaultdict(Counter))
    response: defaultdict = dataclasses.field(default_factory=lambda: defaultdict(Counter))
    councils: Counter = dataclasses.field(default_factory=Counter)  # (council id, verdict)


def figures(counts):
    """The scorecard from its ``Counts``."""
    per_year = defaultdict(Counter)
    per_body = Counter()
    totals = Counter()
    for (year, body, verdict), count in counts.verdicts.items():
        per_year[year][verdict] += count
        per_body[body] += count
        totals[verdict] += count
    years = sorted(per_year.items(), key=lambda item: (item[0] is None, -(item[0] or 0)))
    notice_all, response_all = Counter(), Counter()
    for histogram in counts.notice.values():
        notice_all.update(histogram)
    for histogram in counts.response.values():
        response_all.update(histogram)
    return Scorecard(
        total=sum(totals.values()),
        verdict_counts=dict(totals),
        years=[(year, dict(year_counts)) for year, year_counts in years],
        median_notice_days=_median(notice_all),
        median_response_days=_median(response_all),
        bodies=[
            BodyFigures(
                body=name,
                consultations=count,
                median_notice_days=_median(counts.notice.get(name, {})),
                median_response_days=_median(counts.response.get(name, {})),
            )
            for name, count in sorted(per_body.items())
        ],
        bypassed=sum(count for verdict, count in totals.items() if verdict in BYPASSED),
    )


def compute(rows):
    """The scorecard of plain ``Row``\\ s (the arithmetic, without a database)."""
    counts = Counts()
    for row in rows:
        counts.verdicts[(row.year, row.body, row.verdict)] += 1
        if row.notice_days is not None:
            counts.notice[row.body][row.notice_days] += 1
        if row.response_days is not None:
            counts.response[row.body][row.response_days] += 1
    return figures(counts)


# --- From the database ---------------------------------------------------------------------


class DaysBetween(Func):
    """``end - start`` in whole calendar days, on SQLite and PostgreSQL (both dates)."""

    output_field = IntegerField()
    arity = 2

    def as_sql(self, compiler, connection, **extra_context):
        (end, end_params), (start, start_params) = (
            compiler.compile(expression) for expression in self.source_expressions
        )
        if connection.vendor == "postgresql":
            return f"({end} - {start})", (*end_params, *start_params)
        return (
            f"CAST(julianday({end}) - julianday({start}) AS INTEGER)",
            (*end_params, *start_params),
        )


def _year():
    """The year a consultation counts in (``consultation_year``), in SQL."""
    return Coalesce(ExtractYear("decided_on"), ExtractYear("asked_on"))


def _in_year(year):
    """A ``Q`` for the consultations of ``year`` (None: of no known year), served by the dates."""
    if year is None:
        return Q(decided_on__isnull=True, asked_on__isnull=True)
    return Q(decided_on__year=year) | Q(decided_on__isnull=True, asked_on__year=year)


@dataclasses.dataclass(slots=True)
class Entry:
    """One consultation as the public lists show it (no private field ever reaches here)."""

    pk: int
    council_id: int
    subject: str
    body: str
    verdict: ConsultationVerdict
    year: int | None
    asked_on: datetime.date | None
    asked_date_unknown: bool
    decided_on: datetime.date | None
    decided_date_unknown: bool
    letter_id: int | None
    agenda_item_id: int | None
    agenda_item_label: str
    meeting_id: int | None
    meeting_date: datetime.date | None

    @property
    def bypassed(self):
        return self.verdict in BYPASSED

    @property
    def verdict_label(self):
        return self.verdict.label


ENTRY_COLUMNS = (
    "pk",
    "council_id",
    "subject",
    "body__name",
    "body__municipality__name",
    "stored_verdict",
    "asked_on",
    "asked_date_unknown",
    "decided_on",
    "decided_date_unknown",
    "letter_id",
    "agenda_item_id",
    "agenda_item__number",
    "agenda_item__title",
    "agenda_item__meeting_id",
    "agenda_item__meeting__date",
)


@dataclasses.dataclass(frozen=True)
class CouncilFigures:
    council_id: int
    total: int
    bypassed: int
    in_time: int


#: The lists' order, served by the index ``consultation_council_newest``.
NEWEST_FIRST = Consultation.NEWEST_FIRST


class Entries:
    """The entries of a queryset, newest decision first, read a slice at a time.

    A ``Paginator`` takes it as it takes a list: ``count()`` (known from the
    scorecard's counts, so it costs no query) and slices (one query each).
    """

    def __init__(self, consultations, *, count, with_municipality):
        self._consultations = consultations
        self._count = count
        self._with_municipality = with_municipality

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        rows = self._consultations.values(*ENTRY_COLUMNS)[index]
        return [_entry(row, with_municipality=self._with_municipality) for row in rows]

    def __iter__(self):
        return iter(self[0 : self._count])


def _entry(values, *, with_municipality):
    return Entry(
        pk=values["pk"],
        council_id=values["council_id"],
        subject=values["subject"],
        body=_body_label(values, with_municipality=with_municipality),
        verdict=ConsultationVerdict(values["stored_verdict"]),
        year=consultation_year(decided_on=values["decided_on"], asked_on=values["asked_on"]),
        asked_on=values["asked_on"],
        asked_date_unknown=values["asked_date_unknown"],
        decided_on=values["decided_on"],
        decided_date_unknown=values["decided_date_unknown"],
        letter_id=values["letter_id"],
        agenda_item_id=values["agenda_item_id"],
        agenda_item_label=_item_label(values),
        meeting_id=values["agenda_item__meeting_id"],
        meeting_date=values["agenda_item__meeting__date"],
    )


# The three parts of the one counting query (a UNION ALL of the same columns).
_VERDICTS, _NOTICE, _RESPONSE = 0, 1, 2


class ScorecardData:
    """The scorecard's figures and lists of a set of consultations, each read when first asked.

    ``scorecard`` and ``per_council()`` cost two queries together (counts and
    day histograms in one UNION, then the names of the bodies found), each page of ``bypassed_entries`` /
    ``entries_where(...)`` one; the summary's ``verdict_counts`` one.
    """

    def __init__(self, consultations, *, with_municipality):
        self._consultations = consultations.order_by()
        self._with_municipality = with_municipality

    def _part(self, kind, number, verdict, consultations=None):
        return (
            (self._consultations if consultations is None else consultations)
            .annotate(part=Value(kind), number=number, verdict=verdict)
            .values("part", "council_id", "body_id", "number", "verdict")
            .annotate(n=Count("pk"))
            .order_by()
        )

    @cached_property
    def _counts(self):
        """``Counts`` from one query."""
        no_verdict = Value("", output_field=CharField())
        verdicts = self._part(_VERDICTS, _year(), F("stored_verdict"))
        notice = self._part(
            _NOTICE,
            DaysBetween("decided_on", "asked_on"),
            no_verdict,
            self._consultations.filter(
                asked_on__isnull=False, decided_on__isnull=False, decided_on__gte=F("asked_on")
            ),
        )
        response = self._part(
            _RESPONSE,
            DaysBetween("response_received_on", "verdict_advice_sent"),
            no_verdict,
            self._consultations.filter(
                verdict_advice_sent__isnull=False, response_received_on__isnull=False
            ),
        )
        rows = list(verdicts.union(notice, response, all=True))
        # Grouped by the body's id (an integer: the database hashes it, where names would
        # be joined to every row and sorted); the few names are looked up afterwards.
        labels = self._body_labels({row["body_id"] for row in rows})
        counts = Counts()
        for row in rows:
            body = labels.get(row["body_id"]) or str(UNKNOWN_BODY)
            if row["part"] == _VERDICTS:
                verdict = ConsultationVerdict(row["verdict"])
                counts.verdicts[(row["number"], body, verdict)] += row["n"]
                counts.councils[(row["council_id"], verdict)] += row["n"]
            elif row["part"] == _NOTICE:
                counts.notice[body][row["number"]] += row["n"]
            else:
                counts.response[body][row["number"]] += row["n"]
        return counts

    def _body_labels(self, body_ids):
        body_ids = {pk for pk in body_ids if pk is not None}
        if not body_ids:
            return {}
        return {
            row["pk"]: _body_label(row, with_municipality=self._with_municipality)
            for row in MunicipalBody.objects.filter(pk__in=body_ids).values(
                "pk", "name", "municipality__name"
            )
        }

    @cached_property
    def scorecard(self):
        return figures(self._counts)

    @cached_property
    def verdict_counts(self):
        """``{ConsultationVerdict: count}``: the summary's figures, from one small query."""
        if "scorecard" in self.__dict__:
            return self.scorecard.verdict_counts
        rows = self._consultations.values("stored_verdict").annotate(n=Count("pk")).order_by()
        return {ConsultationVerdict(row["stored_verdict"]): row["n"] for row in rows}

    @property
    def years(self):
        """The known years, newest first (for a filter)."""
        return [year for year, _counts in self.scorecard.years if year is not None]

    @property
    def has_unknown_year(self):
        return any(year is None for year, _counts in self.scorecard.years)

    def per_council(self):
        figures_by_council = defaultdict(lambda: [0, 0, 0])
        for (council_id, verdict), n in self._counts.councils.items():
            counts = figures_by_council[council_id]
            counts[0] += n
            counts[1] += n if verdict in BYPASSED else 0
            counts[2] += n if verdict == ConsultationVerdict.CONSULTED_IN_TIME else 0
        return {
            council_id: CouncilFigures(council_id, *counts)
            for council_id, counts in figures_by_council.items()
        }

    def entries_where(self, *, year=False, verdicts=None):
        """The entries of ``year`` (None: of no known year; False: any) with one of ``verdicts``
        (None: any), newest decision first, unknown dates last: a lazy ``Entries``."""
        consultations = self._consultations
        count = 0
        for (row_year, _body, verdict), n in self._counts.verdicts.items():
            if (year is False or row_year == year) and (verdicts is None or verdict in verdicts):
                count += n
        if count == 0:
            # Nothing to read (a year without consultations, however large: ?year=10**30).
            consultations = consultations.none()
        elif year is not False:
            consultations = consultations.filter(_in_year(year))
        if verdicts is not None:
            consultations = consultations.filter(
                stored_verdict__in=[verdict.value for verdict in verdicts]
            )
        consultations = consultations.order_by(*NEWEST_FIRST)
        return Entries(consultations, count=count, with_municipality=self._with_municipality)

    @property
    def bypassed_entries(self):
        return self.entries_where(verdicts=BYPASSED)

    @property
    def entries(self):
        """Every entry (tests, small sets; the pages read a page at a time)."""
        return list(self.entries_where())


def _body_label(row, *, with_municipality):
    name = row.get("body__name", row.get("name"))
    if not name:
        return str(UNKNOWN_BODY)
    municipality = row.get("body__municipality__name", row.get("municipality__name"))
    if with_municipality:
        return f"{name} ({municipality})"
    return name


def _item_label(row):
    if not row["agenda_item_id"]:
        return ""
    number = row["agenda_item__number"]
    title = row["agenda_item__title"]
    return f"{number}. {title}" if number else title


def scorecard_for(*, council=None, councils=None, today=None):
    """Figures and entries of one council, of some, or of every public council page.

    A council's page serves its own scorecard only while it is live;
    ``councils`` (ids) is what the platform page already knows to be public;
    with neither, the public pages are looked up (in the same query). The
    verdicts are the stored ones (``Consultation.stored_verdict``), judged by
    ``advice.verdicts.judge`` on every write and again by the daily refresh;
    ``today`` is no longer needed and kept for the callers' sake.
    """
    if council is not None:
        consultations = Consultation.objects.for_council(council)
    elif councils is not None:
        consultations = Consultation.objects.filter(council_id__in=list(councils))
    else:
        consultations = Consultation.objects.public()
    return ScorecardData(consultations, with_municipality=council is None)
