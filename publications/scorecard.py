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

from advice.verdicts import BYPASSED, Verdict


@dataclasses.dataclass(frozen=True)
class Row:
    """One consultation as the scorecard sees it."""

    year: int | None
    verdict: Verdict
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
    verdict_counts: dict  # Verdict -> int
    years: list  # [(year or None, {Verdict: int})], newest first, unknown year last
    median_notice_days: float | None
    median_response_days: float | None
    bodies: list  # [BodyFigures], by name
    bypassed: int

    @property
    def verdicts(self):
        """Every verdict in display order, with its count (zeros included)."""
        return [(verdict, self.verdict_counts.get(verdict, 0)) for verdict in Verdict]

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
