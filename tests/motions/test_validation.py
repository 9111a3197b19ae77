"""The pure checks of ``motions.validation``: plain values in, Dutch messages out."""

import datetime

import pytest

from council.dates import DatePrecision
from motions import validation

D = datetime.date
TODAY = D(2026, 3, 20)
DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR


@pytest.mark.parametrize(
    ("submitted", "disposed", "expected"),
    [
        ((None, DAY), (None, DAY), {}),
        ((D(2025, 5, 1), DAY), (D(2025, 5, 1), DAY), {}),  # the same day
        ((D(2025, 5, 1), MONTH), (D(2025, 5, 1), DAY), {}),  # within the month
        (
            (D(2025, 5, 1), DAY),
            (D(2025, 4, 30), DAY),
            {
                "disposed_on": "De afdoening ligt voor de datum van de motie zelf (1 mei 2025). "
                "Controleer beide data."
            },
        ),
        # A disposal in "April 2025" may still lie after 1 April.
        ((D(2025, 4, 1), DAY), (D(2025, 4, 1), MONTH), {}),
        (
            (D(2025, 5, 1), DAY),
            (D(2026, 3, 21), DAY),
            {
                "disposed_on": "De afdoening ligt in de toekomst. Vul de datum in als het "
                "college de motie heeft afgedaan."
            },
        ),
        ((D(2025, 5, 1), DAY), (D(2026, 3, 1), MONTH), {}),  # this month has begun
        ((None, DAY), (D(2026, 3, 20), DAY), {}),  # today
    ],
)
def test_the_disposal_after_the_motion_and_not_in_the_future(submitted, disposed, expected):
    errors = validation.disposal_in_order(
        submitted_on=submitted[0],
        submitted_precision=submitted[1],
        disposed_on=disposed[0],
        disposed_precision=disposed[1],
        today=TODAY,
    )
    assert {field: str(message) for field, message in errors.items()} == expected


@pytest.mark.parametrize(
    ("submitted", "deadline", "fields"),
    [
        ((D(2025, 5, 1), DAY), None, []),
        ((D(2025, 5, 1), DAY), D(2025, 5, 1), []),
        ((D(2025, 5, 1), DAY), D(2025, 4, 30), ["deadline"]),
        ((D(2025, 1, 1), YEAR), D(2025, 1, 1), []),
        ((None, DAY), D(2020, 1, 1), []),
    ],
)
def test_the_deadline_after_the_motion(submitted, deadline, fields):
    errors = validation.deadline_in_order(
        submitted_on=submitted[0], submitted_precision=submitted[1], deadline=deadline
    )
    assert list(errors) == fields


@pytest.mark.parametrize(
    ("values", "refused", "fields"),
    [
        ({}, frozenset(), []),
        ({"deadline_text": "voor de zomer"}, frozenset(), ["deadline"]),
        ({"deadline_text": "voor de zomer", "deadline": D(2025, 7, 1)}, frozenset(), []),
        ({"deadline_text": "voor de zomer"}, frozenset({"deadline"}), []),
        ({"disposal_text": "afgedaan bij brief"}, frozenset(), ["disposed_on"]),
        ({"disposal_text": "afgedaan", "disposed_on": D(2025, 7, 1)}, frozenset(), []),
        ({"disposal_text": "afgedaan bij brief"}, frozenset({"disposed_on"}), []),
        (
            {"deadline_text": "voor de zomer", "disposal_text": "afgedaan"},
            frozenset(),
            ["deadline", "disposed_on"],
        ),
    ],
)
def test_a_term_or_disposal_in_words_needs_its_date(values, refused, fields):
    arguments = {"deadline": None, "deadline_text": "", "disposed_on": None, "disposal_text": ""}
    arguments.update(values)
    assert list(validation.texts_have_dates(**arguments, refused=refused)) == fields


@pytest.mark.parametrize(
    ("council_id", "item_council_id", "fields"),
    [
        (1, None, []),
        (1, 1, []),
        (1, 2, ["agenda_item"]),
        (None, 2, []),
    ],
)
def test_the_agenda_item_belongs_to_a_meeting_of_the_council(council_id, item_council_id, fields):
    errors = validation.agenda_item_of_council(
        council_id=council_id, agenda_item_council_id=item_council_id
    )
    assert list(errors) == fields
