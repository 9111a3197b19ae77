"""The follow-up rule at its edges, and the database expression that mirrors it."""

import datetime
import itertools

import pytest

from council.dates import DatePrecision
from motions.models import Motion
from motions.rules import FollowUpStatus, follow_up
from tests.factories.council import CouncilFactory

D = datetime.date
DEADLINE = D(2019, 3, 31)
OPEN, OVERDUE, DISPOSED, NONE = (
    FollowUpStatus.OPEN,
    FollowUpStatus.OVERDUE,
    FollowUpStatus.DISPOSED,
    FollowUpStatus.NOT_REQUIRED,
)

# (case, overrides of the inputs, status, sentence, days)
CASES = [
    (
        "due today",
        {"today": DEADLINE},
        OPEN,
        "termijn verloopt vandaag (31 maart 2019)",
        0,
    ),
    (
        "due tomorrow",
        {"today": D(2019, 3, 30)},
        OPEN,
        "termijn loopt tot en met 31 maart 2019, nog 1 dag",
        1,
    ),
    (
        "due in twelve days",
        {"today": D(2019, 3, 19)},
        OPEN,
        "termijn loopt tot en met 31 maart 2019, nog 12 dagen",
        12,
    ),
    (
        "due yesterday",
        {"today": D(2019, 4, 1)},
        OVERDUE,
        "termijn verlopen op 31 maart 2019, 1 dag geleden",
        1,
    ),
    (
        "due twelve days ago",
        {"today": D(2019, 4, 12)},
        OVERDUE,
        "termijn verlopen op 31 maart 2019, 12 dagen geleden",
        12,
    ),
    (
        "no deadline",
        {"deadline": None, "today": D(2030, 1, 1)},
        OPEN,
        "geen termijn bekend",
        None,
    ),
    (
        "disposed on time",
        {"disposed_on": D(2019, 3, 15), "today": D(2019, 6, 1)},
        DISPOSED,
        "afgedaan op 15 maart 2019, binnen de termijn (31 maart 2019)",
        None,
    ),
    (
        "disposed on the last day",
        {"disposed_on": DEADLINE, "today": D(2019, 6, 1)},
        DISPOSED,
        "afgedaan op 31 maart 2019, binnen de termijn (31 maart 2019)",
        None,
    ),
    (
        "disposed a day late",
        {"disposed_on": D(2019, 4, 1), "today": D(2019, 6, 1)},
        DISPOSED,
        "afgedaan op 1 april 2019, 1 dag na de termijn (31 maart 2019)",
        1,
    ),
    (
        "disposed late",
        {"disposed_on": D(2019, 5, 20), "today": D(2019, 6, 1)},
        DISPOSED,
        "afgedaan op 20 mei 2019, 50 dagen na de termijn (31 maart 2019)",
        50,
    ),
    (
        "disposed without a deadline",
        {"deadline": None, "disposed_on": D(2019, 5, 20), "today": D(2019, 6, 1)},
        DISPOSED,
        "afgedaan op 20 mei 2019",
        None,
    ),
    (
        "disposed in a month after the deadline",
        {
            "disposed_on": D(2019, 5, 1),
            "disposed_on_precision": DatePrecision.MONTH,
            "today": D(2019, 6, 1),
        },
        DISPOSED,
        "afgedaan in mei 2019, na de termijn (31 maart 2019)",
        None,
    ),
    (
        "disposed in the deadline's month, day unknown",
        {
            "deadline": D(2019, 3, 15),
            "disposed_on": D(2019, 3, 1),
            "disposed_on_precision": DatePrecision.MONTH,
            "today": D(2019, 6, 1),
        },
        DISPOSED,
        "afgedaan in maart 2019; of dat binnen de termijn (15 maart 2019) was, is niet bekend",
        None,
    ),
    (
        "disposed in a year before the deadline",
        {
            "disposed_on": D(2018, 1, 1),
            "disposed_on_precision": DatePrecision.YEAR,
            "today": D(2019, 6, 1),
        },
        DISPOSED,
        "afgedaan in 2018, binnen de termijn (31 maart 2019)",
        None,
    ),
    (
        "rejected, deadline passed",
        {"vote": "rejected", "today": D(2019, 6, 1)},
        NONE,
        "verworpen, dus het college hoeft de motie niet uit te voeren",
        None,
    ),
    (
        "withdrawn",
        {"vote": "withdrawn", "today": D(2019, 6, 1)},
        NONE,
        "ingetrokken, dus het college hoeft de motie niet uit te voeren",
        None,
    ),
    (
        "held over",
        {"vote": "held_over", "today": D(2019, 3, 1)},
        NONE,
        "aangehouden: er is (nog) niet over gestemd",
        None,
    ),
    (
        "rejected, yet disposed",
        {"vote": "rejected", "disposed_on": D(2019, 3, 1), "today": D(2019, 6, 1)},
        DISPOSED,
        "afgedaan op 1 maart 2019, binnen de termijn (31 maart 2019)",
        None,
    ),
    (
        "vote unknown, deadline passed",
        {"vote": "unknown", "today": D(2019, 4, 12)},
        OVERDUE,
        "termijn verlopen op 31 maart 2019, 12 dagen geleden (uitslag van de stemming onbekend)",
        12,
    ),
    (
        "not voted yet",
        {"vote": "submitted", "today": D(2019, 3, 30)},
        OPEN,
        "termijn loopt tot en met 31 maart 2019, nog 1 dag (nog niet over gestemd)",
        1,
    ),
    (
        "commitment: no vote, deadline passed",
        {"kind": "commitment", "vote": "rejected", "today": D(2019, 4, 12)},
        OVERDUE,
        "termijn verlopen op 31 maart 2019, 12 dagen geleden",
        12,
    ),
    (
        "the seed-002 motion on 2026-11-22",
        {"vote": "unknown", "today": D(2026, 11, 22)},
        OVERDUE,
        "termijn verlopen op 31 maart 2019, 2793 dagen geleden (uitslag van de stemming onbekend)",
        2793,
    ),
]


@pytest.mark.parametrize(
    ("overrides", "status", "sentence", "days"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_follow_up(overrides, status, sentence, days):
    inputs = {
        "kind": "motion",
        "vote": "adopted",
        "deadline": DEADLINE,
        "disposed_on": None,
        **overrides,
    }

    result = follow_up(**inputs)

    assert (result.status, result.sentence, result.days) == (status, sentence, days)


def test_status_labels_are_dutch():
    assert [status.label for status in FollowUpStatus] == [
        "open",
        "termijn verlopen",
        "afgedaan",
        "geen afdoening",
    ]


@pytest.mark.django_db
def test_database_expression_agrees_with_the_rule():
    """Every combination the rule distinguishes, decided twice, must agree."""
    today = D(2019, 4, 12)
    council = CouncilFactory()
    deadlines = [None, today - datetime.timedelta(days=1), today, today + datetime.timedelta(1)]
    disposals = [None, D(2019, 1, 1), D(2019, 4, 1)]
    motions = Motion.objects.bulk_create(
        Motion(
            council=council,
            title=f"combinatie {index}",
            kind=kind,
            vote=vote,
            deadline=deadline,
            disposed_on=disposed_on,
        )
        for index, (kind, vote, deadline, disposed_on) in enumerate(
            itertools.product(Motion.Kind.values, Motion.Vote.values, deadlines, disposals)
        )
    )
    assert len(motions) == 2 * 6 * 4 * 3

    annotated = {
        motion.pk: motion.follow_up_status
        for motion in Motion.objects.with_follow_up(today).only("pk")
    }

    disagreements = [
        (motion.kind, motion.vote, motion.deadline, motion.disposed_on)
        for motion in Motion.objects.all()
        if motion.follow_up(today).status != annotated[motion.pk]
    ]
    assert disagreements == []
    assert set(annotated.values()) == set(FollowUpStatus.values)


@pytest.mark.django_db
def test_status_filters_and_counts_use_the_same_rule():
    today = D(2019, 4, 12)
    council = CouncilFactory()
    overdue = Motion.objects.create(
        council=council, title="a", vote="adopted", deadline=D(2019, 4, 11)
    )
    due_today = Motion.objects.create(council=council, title="b", vote="adopted", deadline=today)
    soon = Motion.objects.create(
        council=council, title="c", vote="unknown", deadline=D(2019, 5, 12)
    )
    later = Motion.objects.create(
        council=council, title="d", vote="adopted", deadline=D(2019, 5, 13)
    )
    Motion.objects.create(council=council, title="e", vote="rejected", deadline=D(2019, 1, 1))
    Motion.objects.create(council=council, title="f", disposed_on=D(2019, 1, 1))

    assert list(Motion.objects.overdue(today)) == [overdue]
    assert list(Motion.objects.needing_attention(today, days=30)) == [overdue, due_today, soon]
    assert later not in Motion.objects.needing_attention(today, days=30)
    assert Motion.objects.status_counts(today) == {
        "open": 3,
        "overdue": 1,
        "disposed": 1,
        "not_required": 1,
    }
