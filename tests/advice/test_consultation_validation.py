"""The pure checks of ``advice.consultations.validation``: plain values in, Dutch messages out."""

import datetime

import pytest

from advice.consultations import validation
from advice.consultations.validation import Facts

D = datetime.date
TODAY = D(2026, 3, 20)


def texts(refusals):
    return [(refusal.field, refusal.text()) for refusal in refusals]


@pytest.mark.parametrize(
    ("asked_on", "asked_unknown", "decided_on", "decided_unknown", "fields"),
    [
        (None, False, None, False, []),
        (D(2026, 1, 5), False, D(2026, 2, 1), False, []),
        (None, True, None, True, []),
        (D(2026, 1, 5), True, None, False, ["asked_date_unknown"]),
        (None, False, D(2026, 2, 1), True, ["decided_date_unknown"]),
        (D(2026, 1, 5), True, D(2026, 2, 1), True, ["asked_date_unknown", "decided_date_unknown"]),
    ],
)
def test_a_date_and_date_unknown_for_the_same_event(
    asked_on, asked_unknown, decided_on, decided_unknown, fields
):
    refusals = validation.known_and_unknown(
        asked_on=asked_on,
        asked_date_unknown=asked_unknown,
        decided_on=decided_on,
        decided_date_unknown=decided_unknown,
    )
    assert [refusal.field for refusal in refusals] == fields
    if "asked_date_unknown" in fields:
        assert texts(refusals)[0][1] == (
            "Er staat al een datum bij 'cliëntenraad gevraagd op'. Vink 'datum onbekend' "
            "alleen aan als die datum leeg is."
        )


LABELS = {
    "asked_on": "cliëntenraad gevraagd op",
    "advice_sent_on": "advies verzonden op",
    "decided_on": "besluit genomen op",
    "response_received_on": "antwoord van het college ontvangen op",
}


@pytest.mark.parametrize(
    ("dates", "refused", "expected"),
    [
        ({"asked_on": TODAY}, frozenset(), []),  # today has happened
        ({"asked_on": None, "decided_on": D(2026, 3, 1)}, frozenset(), []),
        (
            {"decided_on": D(2026, 3, 21)},
            frozenset(),
            [
                (
                    "decided_on",
                    "Besluit genomen op ligt in de toekomst (21 maart 2026). Vul alleen in wat "
                    "al is gebeurd.",
                )
            ],
        ),
        ({"decided_on": D(2026, 3, 21)}, frozenset({"decided_on"}), []),
        (
            {"asked_on": D(2027, 1, 1), "response_received_on": D(2026, 4, 1)},
            frozenset(),
            [
                (
                    "asked_on",
                    "Cliëntenraad gevraagd op ligt in de toekomst (1 januari 2027). Vul alleen "
                    "in wat al is gebeurd.",
                ),
                (
                    "response_received_on",
                    "Antwoord van het college ontvangen op ligt in de toekomst (1 april 2026). "
                    "Vul alleen in wat al is gebeurd.",
                ),
            ],
        ),
    ],
)
def test_no_event_in_the_future(dates, refused, expected):
    refusals = validation.not_in_future(dates, labels=LABELS, today=TODAY, refused=refused)
    assert texts(refusals) == expected


def in_order(refused=frozenset(), **overrides):
    values = {
        "asked_on": D(2026, 1, 5),
        "advice_due": None,
        "advice_sent_on": None,
        "letter_sent_on": None,
        "response_received_on": None,
    }
    values.update(overrides)
    return [refusal.field for refusal in validation.dates_in_order(refused=refused, **values)]


@pytest.mark.parametrize(
    ("overrides", "refused", "fields"),
    [
        ({}, frozenset(), []),
        ({"advice_due": D(2026, 1, 5)}, frozenset(), []),  # the same day
        ({"advice_due": D(2026, 1, 4)}, frozenset(), ["advice_due"]),
        ({"advice_due": D(2026, 1, 4)}, frozenset({"asked_on"}), []),
        ({"advice_due": D(2026, 1, 4)}, frozenset({"advice_due"}), []),
        ({"advice_due": D(2026, 1, 4), "asked_on": None}, frozenset(), []),
        ({"advice_sent_on": D(2026, 1, 4)}, frozenset(), ["advice_sent_on"]),
        ({"advice_sent_on": D(2026, 1, 4)}, frozenset({"advice_sent_on"}), []),
        ({"letter_sent_on": D(2026, 1, 4)}, frozenset(), ["letter"]),
        ({"letter_sent_on": D(2026, 1, 4)}, frozenset({"asked_on"}), []),
        (
            {"advice_sent_on": D(2026, 2, 1), "response_received_on": D(2026, 1, 31)},
            frozenset(),
            ["response_received_on"],
        ),
        # The letter's date wins over the clerk's.
        (
            {
                "advice_sent_on": D(2026, 1, 20),
                "letter_sent_on": D(2026, 2, 1),
                "response_received_on": D(2026, 1, 31),
            },
            frozenset(),
            ["response_received_on"],
        ),
        (
            {"advice_sent_on": D(2026, 2, 1), "response_received_on": D(2026, 1, 31)},
            frozenset({"response_received_on"}),
            [],
        ),
        # A decision before the request is the complaint, not an error: not even checked here.
        ({"asked_on": None, "response_received_on": D(2026, 1, 1)}, frozenset(), []),
    ],
)
def test_dates_in_order(overrides, refused, fields):
    assert in_order(refused, **overrides) == fields


def test_dates_in_order_says_which_dates():
    refusals = validation.dates_in_order(
        asked_on=D(2026, 3, 3),
        advice_due=D(2026, 3, 1),
        advice_sent_on=None,
        letter_sent_on=D(2026, 3, 2),
        response_received_on=None,
    )
    assert texts(refusals) == [
        (
            "advice_due",
            "Advies uiterlijk (1 maart 2026) ligt vóór de dag waarop de cliëntenraad werd "
            "gevraagd (3 maart 2026). Controleer beide data.",
        ),
        (
            "letter",
            "Deze adviesbrief is verzonden op 2 maart 2026, vóór de dag waarop de cliëntenraad "
            "werd gevraagd (3 maart 2026). Kies de juiste brief of controleer de datum van de "
            "vraag.",
        ),
    ]


@pytest.mark.parametrize(
    ("days", "reason", "refused", "fields"),
    [
        (0, "", frozenset(), []),
        (10, "drukte", frozenset(), []),
        (10, "", frozenset(), ["response_extension_reason"]),
        (0, "drukte", frozenset(), ["response_extension_days"]),
        (None, "drukte", frozenset({"response_extension_days"}), []),
        (-3, "", frozenset(), []),  # the field's own validator refuses a negative number
    ],
)
def test_an_extension_and_its_reason(days, reason, refused, fields):
    refusals = validation.extension(days=days, reason=reason, refused=refused)
    assert [refusal.field for refusal in refusals] == fields


OWN = {"council_id": 1, "municipality_ids": frozenset({10}), "municipality_name": "Leiden"}


@pytest.mark.parametrize(
    ("facts", "ids", "expected"),
    [
        (Facts(**OWN), {}, []),
        (
            Facts(**OWN, body_municipality_id=10, agenda_item_council_id=1, letter_council_id=1),
            {"body_id": 5, "agenda_item_id": 6, "letter_id": 7},
            [],
        ),
        (  # a regional council: a body of any municipality it advises belongs
            Facts(council_id=1, municipality_ids=frozenset({10, 11}), body_municipality_id=11),
            {"body_id": 5},
            [],
        ),
        (
            Facts(**OWN, body_municipality_id=11),
            {"body_id": 5},
            [
                (
                    "body",
                    "Dit orgaan hoort bij een andere gemeente. Kies een orgaan van Leiden.",
                )
            ],
        ),
        (
            Facts(**OWN, agenda_item_council_id=2),
            {"agenda_item_id": 6},
            [
                (
                    "agenda_item",
                    "Dit agendapunt hoort bij een vergadering die een andere cliëntenraad volgt.",
                )
            ],
        ),
        (
            Facts(**OWN, letter_council_id=2, letter_sent_or_published=False),
            {"letter_id": 7},
            [
                ("letter", "Deze brief is van een andere cliëntenraad."),
                (
                    "letter",
                    "Deze brief is nog niet verzonden of gepubliceerd. Koppel een brief zodra "
                    "hij verzonden is.",
                ),
            ],
        ),
        # Without a council only the letter's own state can be judged.
        (
            Facts(body_municipality_id=11, letter_council_id=2, letter_sent_or_published=False),
            {"body_id": 5, "letter_id": 7},
            [
                (
                    "letter",
                    "Deze brief is nog niet verzonden of gepubliceerd. Koppel een brief zodra "
                    "hij verzonden is.",
                ),
            ],
        ),
    ],
)
def test_body_item_and_letter_belong_to_the_council(facts, ids, expected):
    refusals = validation.of_this_council(
        facts=facts,
        body_id=ids.get("body_id"),
        agenda_item_id=ids.get("agenda_item_id"),
        letter_id=ids.get("letter_id"),
    )
    assert texts(refusals) == expected


def test_check_runs_every_rule_in_order_and_as_validation_error_groups_them():
    values = {
        "asked_on": D(2026, 3, 3),
        "asked_date_unknown": True,
        "advice_due": D(2026, 3, 1),
        "advice_sent_on": None,
        "decided_on": D(2026, 4, 1),
        "decided_date_unknown": False,
        "response_received_on": None,
        "response_extension_days": 0,
        "response_extension_reason": "drukte",
        "body_id": None,
        "agenda_item_id": None,
        "letter_id": None,
    }
    refusals = validation.check(values, facts=Facts(**OWN), labels=LABELS, today=TODAY)
    assert [refusal.field for refusal in refusals] == [
        "asked_date_unknown",
        "decided_on",
        "advice_due",
        "response_extension_days",
    ]
    error = validation.as_validation_error(refusals)
    assert sorted(error.message_dict) == sorted(refusal.field for refusal in refusals)
    assert error.error_dict["advice_due"][0].code == "consultation_advice_due"
    assert validation.as_validation_error([]) is None
