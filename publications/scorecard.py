"""The public scorecard: how often was the council asked in time?

The figures are computed here from plain rows (one per consultation, its
verdict already judged by ``advice.verdicts.judge``), so the arithmetic is
testable without a database and the page needs one query whatever the number
of consultations. Days are calendar days everywhere on the scorecard, so that
councils that count in working days and councils that count in calendar days
can be compared.
"""

import dataclasses
import datetime
import statistics
from collections import Counter, defaultdict

from django.utils.translation import gettext_lazy as _

from advice.consultations.verdicts import BYPASSED, ConsultationVerdict, judge
from advice.models import Consultation, consultation_year, dates_from_values, rules_from_values

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


def _median(values):
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else None


def compute(rows):
    rows = list(rows)
    per_year = defaultdict(Counter)
    per_body = defaultdict(list)
    for row in rows:
        per_year[row.year][row.verdict] += 1
        per_body[row.body].append(row)
    years = sorted(per_year.items(), key=lambda item: (item[0] is None, -(item[0] or 0)))
    totals = Counter(row.verdict for row in rows)
    return Scorecard(
        total=len(rows),
        verdict_counts=dict(totals),
        years=[(year, dict(counts)) for year, counts in years],
        median_notice_days=_median(row.notice_days for row in rows),
        median_response_days=_median(row.response_days for row in rows),
        bodies=[
            BodyFigures(
                body=name,
                consultations=len(body_rows),
                median_notice_days=_median(row.notice_days for row in body_rows),
                median_response_days=_median(row.response_days for row in body_rows),
            )
            for name, body_rows in sorted(per_body.items())
        ],
        bypassed=sum(count for verdict, count in totals.items() if verdict in BYPASSED),
    )


# --- From the database ---------------------------------------------------------------------


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


@dataclasses.dataclass(frozen=True)
class CouncilFigures:
    council_id: int
    total: int
    bypassed: int
    in_time: int


@dataclasses.dataclass(frozen=True)
class ScorecardData:
    """The scorecard's figures and the entries its lists are made of, from one query."""

    scorecard: Scorecard
    entries: list  # [Entry], newest decision first, unknown dates last

    @property
    def bypassed_entries(self):
        return [entry for entry in self.entries if entry.bypassed]

    def per_council(self):
        figures = {}
        for entry in self.entries:
            total, bypassed, in_time = figures.get(entry.council_id, (0, 0, 0))
            figures[entry.council_id] = (
                total + 1,
                bypassed + entry.bypassed,
                in_time + (entry.verdict == ConsultationVerdict.CONSULTED_IN_TIME),
            )
        return {
            council_id: CouncilFigures(council_id, *counts)
            for council_id, counts in figures.items()
        }

    @property
    def years(self):
        """The known years, newest first (for a filter)."""
        return sorted(
            {entry.year for entry in self.entries if entry.year is not None}, reverse=True
        )


def _body_label(row, *, with_municipality):
    name = row["body__name"]
    if not name:
        return str(UNKNOWN_BODY)
    if with_municipality:
        return f"{name} ({row['body__municipality__name']})"
    return name


def _item_label(row):
    if not row["agenda_item_id"]:
        return ""
    number = row["agenda_item__number"]
    title = row["agenda_item__title"]
    return f"{number}. {title}" if number else title


def _newest_first(entry):
    day = entry.decided_on or entry.asked_on
    return (day is None, -(day.toordinal() if day else 0), -entry.pk)


def scorecard_for(*, council=None, councils=None, today):
    """Figures and entries of one council, of some, or of every public council page.

    One query fetches every consultation's columns (``scorecard_values``:
    the linked letter's sent date is a subquery in it); the verdicts are
    judged here in Python by ``advice.verdicts.judge``, the one rule, without
    building its sentences. A council's page serves its own scorecard only
    while it is live; ``councils`` (ids) is what the platform page already
    knows to be public; with neither, the public pages are looked up.
    """
    if council is not None:
        consultations = Consultation.objects.for_council(council)
    elif councils is not None:
        consultations = Consultation.objects.filter(council_id__in=list(councils))
    else:
        consultations = Consultation.objects.public()
    rules_by_council = {}
    rows = []
    entries = []
    for values in consultations.scorecard_values().order_by():
        rules = rules_by_council.get(values["council_id"])
        if rules is None:
            rules = rules_by_council[values["council_id"]] = rules_from_values(values)
        dates = dates_from_values(values)
        verdict = judge(dates, rules, today=today, explain=False).verdict
        year = consultation_year(decided_on=dates.decided_on, asked_on=dates.asked_on)
        body = _body_label(values, with_municipality=council is None)
        rows.append(
            Row(
                year=year,
                verdict=verdict,
                body=body,
                asked_on=dates.asked_on,
                decided_on=dates.decided_on,
                advice_sent=dates.advice_sent,
                response_received=dates.response_received,
            )
        )
        entries.append(
            Entry(
                pk=values["pk"],
                council_id=values["council_id"],
                subject=values["subject"],
                body=body,
                verdict=verdict,
                year=year,
                asked_on=dates.asked_on,
                asked_date_unknown=values["asked_date_unknown"],
                decided_on=dates.decided_on,
                decided_date_unknown=values["decided_date_unknown"],
                letter_id=values["letter_id"],
                agenda_item_id=values["agenda_item_id"],
                agenda_item_label=_item_label(values),
                meeting_id=values["agenda_item__meeting_id"],
                meeting_date=values["agenda_item__meeting__date"],
            )
        )
    entries.sort(key=_newest_first)
    return ScorecardData(scorecard=compute(rows), entries=entries)
