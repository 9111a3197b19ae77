"""Scorecard arithmetic against a fixture computed by hand."""

import datetime

from advice.consultations.verdicts import ConsultationVerdict
from publications.scorecard import Row, compute


def d(text):
    return datetime.date.fromisoformat(text)


# Hand-computed:
#   2026: 2x in time, 1x late, 1x not consulted        (4)
#   2025: 1x decided before the advice, 1x pending      (2)
#   year unknown: 1x not consulted                      (1)
# Notice (calendar days, asked -> decided, only when decided after asking):
#   commissie: 42, 50, 10  -> median 42
#   college:   none (not consulted / pending / decided before asking)
#   all: 10, 42, 50        -> median 42
# Response (advice sent -> response received):
#   commissie: 30, 41      -> median 35.5
#   college:   20          -> median 20
#   all: 20, 30, 41        -> median 30
ROWS = [
    Row(2026, ConsultationVerdict.CONSULTED_IN_TIME, "Commissie", d("2026-01-01"), d("2026-02-12"),
        d("2026-01-20"), d("2026-02-19")),
    Row(2026, ConsultationVerdict.CONSULTED_IN_TIME, "Commissie", d("2026-03-01"), d("2026-04-20"),
        d("2026-03-10"), d("2026-04-20")),
    Row(2026, ConsultationVerdict.CONSULTED_LATE, "Commissie", d("2026-05-01"), d("2026-05-11")),
    Row(2026, ConsultationVerdict.NOT_CONSULTED, "College", None, d("2026-06-01")),
    Row(2025, ConsultationVerdict.DECIDED_BEFORE_ADVICE, "College", d("2025-03-01"), d("2025-02-01"),
        d("2025-03-05"), d("2025-03-25")),
    Row(2025, ConsultationVerdict.PENDING, "College", d("2025-09-01")),
    Row(None, ConsultationVerdict.NOT_CONSULTED, "College"),
]  # fmt: skip


def test_counts_per_verdict_and_year():
    card = compute(ROWS)

    assert card.total == 7
    assert card.verdict_counts == {
        ConsultationVerdict.CONSULTED_IN_TIME: 2,
        ConsultationVerdict.CONSULTED_LATE: 1,
        ConsultationVerdict.NOT_CONSULTED: 2,
        ConsultationVerdict.DECIDED_BEFORE_ADVICE: 1,
        ConsultationVerdict.PENDING: 1,
    }
    assert card.years == [
        (
            2026,
            {
                ConsultationVerdict.CONSULTED_IN_TIME: 2,
                ConsultationVerdict.CONSULTED_LATE: 1,
                ConsultationVerdict.NOT_CONSULTED: 1,
            },
        ),
        (2025, {ConsultationVerdict.DECIDED_BEFORE_ADVICE: 1, ConsultationVerdict.PENDING: 1}),
        (None, {ConsultationVerdict.NOT_CONSULTED: 1}),
    ]
    assert card.bypassed == 3
    assert dict(card.verdicts)[ConsultationVerdict.RESPONSE_OVERDUE] == 0


def test_medians_overall_and_per_body():
    card = compute(ROWS)

    assert card.median_notice_days == 42
    assert card.median_response_days == 30
    assert [(b.body, b.consultations, b.median_notice_days, b.median_response_days)
            for b in card.bodies] == [
        ("College", 4, None, 20),
        ("Commissie", 3, 42, 35.5),
    ]  # fmt: skip


def test_empty_scorecard():
    card = compute([])

    assert (card.total, card.median_notice_days, card.bypassed_share) == (0, None, None)
