"""The consultation verdict rule, boundary by boundary."""

import datetime

import pytest

from advice.consultations.verdicts import ConsultationVerdict, Dates, Rules, judge

CALENDAR = Rules(notice_weeks=6, response_weeks=6, working_days=False)  # 42 days
WORKING = Rules(notice_weeks=6, response_weeks=6, working_days=True)  # 30 working days
TODAY = datetime.date(2026, 11, 22)


def d(text):
    return datetime.date.fromisoformat(text)


CASES = [
    # (case, rules, dates, today, verdict)
    (
        "same day",
        CALENDAR,
        Dates(asked_on=d("2026-01-01"), decided_on=d("2026-01-01")),
        TODAY,
        ConsultationVerdict.CONSULTED_LATE,
    ),
    (
        "exactly the notice",
        CALENDAR,
        Dates(asked_on=d("2026-01-01"), decided_on=d("2026-02-12")),
        TODAY,
        ConsultationVerdict.CONSULTED_IN_TIME,
    ),
    (
        "one day short",
        CALENDAR,
        Dates(asked_on=d("2026-01-01"), decided_on=d("2026-02-11")),
        TODAY,
        ConsultationVerdict.CONSULTED_LATE,
    ),
    (
        "working days, the issue's example",
        WORKING,
        Dates(asked_on=d("2026-03-03"), decided_on=d("2026-03-10")),
        TODAY,
        ConsultationVerdict.CONSULTED_LATE,
    ),
    (
        "working days, exactly 30 with Good Friday, Easter Monday, King's Day inside",
        WORKING,
        Dates(asked_on=d("2026-03-20"), decided_on=d("2026-05-06")),
        TODAY,
        ConsultationVerdict.CONSULTED_IN_TIME,
    ),
    (
        "working days, one short because of the holidays",
        WORKING,
        Dates(asked_on=d("2026-03-20"), decided_on=d("2026-05-05")),
        TODAY,
        ConsultationVerdict.CONSULTED_LATE,
    ),
    (
        "missing decision date, asked",
        CALENDAR,
        Dates(asked_on=d("2026-01-01")),
        TODAY,
        ConsultationVerdict.PENDING,
    ),
    ("nothing recorded yet", CALENDAR, Dates(), TODAY, ConsultationVerdict.PENDING),
    (
        "decided, date unknown, asked",
        CALENDAR,
        Dates(asked_on=d("2026-01-01"), decided=True),
        TODAY,
        ConsultationVerdict.PENDING,
    ),
    (
        "not consulted needs no dates",
        CALENDAR,
        Dates(decided=True),
        TODAY,
        ConsultationVerdict.NOT_CONSULTED,
    ),
    (
        "not consulted, dated",
        CALENDAR,
        Dates(decided_on=d("2026-03-10")),
        TODAY,
        ConsultationVerdict.NOT_CONSULTED,
    ),
    (
        "not consulted although the council advised unasked",
        CALENDAR,
        Dates(advice_sent=d("2026-03-01"), decided_on=d("2026-03-10")),
        TODAY,
        ConsultationVerdict.NOT_CONSULTED,
    ),
    (
        "decided before the council was asked",
        CALENDAR,
        Dates(asked_on=d("2026-02-01"), decided_on=d("2026-01-15")),
        TODAY,
        ConsultationVerdict.DECIDED_BEFORE_ADVICE,
    ),
    (
        "decided before the advice was due, with enough notice",
        CALENDAR,
        Dates(asked_on=d("2026-01-01"), advice_due=d("2026-02-15"), decided_on=d("2026-02-13")),
        TODAY,
        ConsultationVerdict.DECIDED_BEFORE_ADVICE,
    ),
    (
        "decided the day the advice was sent is not before it",
        CALENDAR,
        Dates(
            asked_on=d("2026-01-01"),
            advice_sent=d("2026-02-13"),
            decided_on=d("2026-02-13"),
            response_received=d("2026-03-01"),
        ),
        TODAY,
        ConsultationVerdict.CONSULTED_IN_TIME,
    ),
    (
        "decided one day before the advice was sent",
        CALENDAR,
        Dates(
            asked_on=d("2026-01-01"),
            advice_sent=d("2026-02-14"),
            decided_on=d("2026-02-13"),
            response_received=d("2026-03-01"),
        ),
        TODAY,
        ConsultationVerdict.DECIDED_BEFORE_ADVICE,
    ),
    (
        "late advice after the due date does not count against the municipality",
        CALENDAR,
        Dates(
            asked_on=d("2026-01-01"),
            advice_due=d("2026-02-01"),
            advice_sent=d("2026-02-20"),
            decided_on=d("2026-02-13"),
        ),
        d("2026-03-01"),
        ConsultationVerdict.CONSULTED_IN_TIME,
    ),
    (
        "response on the last day of the term",
        CALENDAR,
        Dates(advice_sent=d("2026-01-01"), response_received=d("2026-02-12")),
        TODAY,
        ConsultationVerdict.PENDING,
    ),
    (
        "response one day after the term",
        CALENDAR,
        Dates(advice_sent=d("2026-01-01"), response_received=d("2026-02-13")),
        TODAY,
        ConsultationVerdict.RESPONSE_OVERDUE,
    ),
    (
        "no response, today is the last day",
        CALENDAR,
        Dates(advice_sent=d("2026-01-01")),
        d("2026-02-12"),
        ConsultationVerdict.PENDING,
    ),
    (
        "no response, the term ended yesterday",
        CALENDAR,
        Dates(advice_sent=d("2026-01-01")),
        d("2026-02-13"),
        ConsultationVerdict.RESPONSE_OVERDUE,
    ),
    (
        "extension moves the response term",
        CALENDAR,
        Dates(
            advice_sent=d("2026-01-01"),
            response_extension=14,
            response_extension_reason="college vroeg uitstel",
        ),
        d("2026-02-20"),
        ConsultationVerdict.PENDING,
    ),
    (
        "working days, response on the last day of a term with three holidays inside",
        WORKING,
        Dates(advice_sent=d("2026-03-20"), response_received=d("2026-05-06")),
        TODAY,
        ConsultationVerdict.PENDING,
    ),
    (
        "working days, response one working day after that term",
        WORKING,
        Dates(advice_sent=d("2026-03-20"), response_received=d("2026-05-07")),
        TODAY,
        ConsultationVerdict.RESPONSE_OVERDUE,
    ),
    (
        "working days, asked on Friday, decided on Monday: one working day",
        Rules(notice_weeks=0, response_weeks=6, working_days=True),
        Dates(asked_on=d("2026-03-06"), decided_on=d("2026-03-09")),
        TODAY,
        ConsultationVerdict.CONSULTED_IN_TIME,
    ),
    (
        "response on the last day of the extended term",
        CALENDAR,
        Dates(
            advice_sent=d("2026-01-01"),
            response_received=d("2026-02-26"),
            response_extension=14,
            response_extension_reason="college vroeg uitstel",
        ),
        TODAY,
        ConsultationVerdict.PENDING,
    ),
    (
        "response one day after the extended term",
        CALENDAR,
        Dates(
            advice_sent=d("2026-01-01"),
            response_received=d("2026-02-27"),
            response_extension=14,
            response_extension_reason="college vroeg uitstel",
        ),
        TODAY,
        ConsultationVerdict.RESPONSE_OVERDUE,
    ),
    (
        "asked on an unknown date, decided on a known one: cannot say",
        CALENDAR,
        Dates(asked=True, decided_on=d("2026-03-10")),
        TODAY,
        ConsultationVerdict.PENDING,
    ),
    (
        "asked on an unknown date, decided before the advice was due",
        CALENDAR,
        Dates(asked=True, advice_due=d("2026-03-15"), decided_on=d("2026-03-10")),
        TODAY,
        ConsultationVerdict.DECIDED_BEFORE_ADVICE,
    ),
    (
        "asked and decided, both dates unknown",
        CALENDAR,
        Dates(asked=True, decided=True),
        TODAY,
        ConsultationVerdict.PENDING,
    ),
    (
        "asked on an unknown date, no decision yet",
        CALENDAR,
        Dates(asked=True),
        TODAY,
        ConsultationVerdict.PENDING,
    ),
    (
        "late and response overdue: the worse decision verdict leads",
        CALENDAR,
        Dates(asked_on=d("2026-01-01"), advice_sent=d("2026-01-10"), decided_on=d("2026-01-20")),
        d("2026-06-01"),
        ConsultationVerdict.CONSULTED_LATE,
    ),
    (
        "in time but response overdue",
        CALENDAR,
        Dates(asked_on=d("2026-01-01"), advice_sent=d("2026-01-20"), decided_on=d("2026-03-01")),
        d("2026-06-01"),
        ConsultationVerdict.RESPONSE_OVERDUE,
    ),
]


@pytest.mark.parametrize(
    ("rules", "dates", "today", "verdict"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_verdict(rules, dates, today, verdict):
    assert judge(dates, rules, today=today).verdict == verdict


def test_sentence_shows_how_the_notice_was_counted():
    judgement = judge(
        Dates(asked_on=d("2026-03-03"), decided_on=d("2026-03-10")), WORKING, today=TODAY
    )

    assert judgement.explanation == (
        "Advies gevraagd op 3 maart 2026, besluit op 10 maart 2026: 5 werkdagen, "
        "de verordening vraagt 30."
    )
    assert (judgement.notice, judgement.required_notice) == (5, 30)


def test_sentence_names_the_holidays_it_skipped():
    judgement = judge(
        Dates(asked_on=d("2026-03-20"), decided_on=d("2026-05-05")), WORKING, today=TODAY
    )

    assert "29 werkdagen, de verordening vraagt 30." in judgement.explanation
    assert "Goede vrijdag (3 april 2026)" in judgement.explanation
    assert "Tweede paasdag (6 april 2026)" in judgement.explanation
    assert "Koningsdag (27 april 2026)" in judgement.explanation


def test_extension_is_shown_with_its_reason():
    judgement = judge(
        Dates(
            advice_sent=d("2026-01-01"),
            response_extension=14,
            response_extension_reason="college vroeg uitstel",
        ),
        CALENDAR,
        today=d("2026-03-01"),
    )

    assert judgement.verdict == ConsultationVerdict.RESPONSE_OVERDUE
    assert judgement.response_due == d("2026-02-26")
    assert "verlengd met 14 dagen (college vroeg uitstel), liep tot 26 februari 2026" in (
        judgement.explanation
    )
    assert "dat is 3 dagen geleden" in judgement.explanation


def test_not_consulted_without_dates_says_so():
    judgement = judge(Dates(decided=True), CALENDAR, today=TODAY)

    assert judgement.explanation == (
        "Besluit genomen op een onbekende datum; de cliëntenraad is niet om advies gevraagd."
    )
    assert judgement.bypassed


def test_every_finding_is_kept_when_one_verdict_leads():
    judgement = judge(
        Dates(asked_on=d("2026-01-01"), advice_sent=d("2026-01-10"), decided_on=d("2026-01-20")),
        CALENDAR,
        today=d("2026-06-01"),
    )

    assert len(judgement.findings) == 2
    assert "19 dagen, de verordening vraagt 42." in judgement.findings[0]
    assert "nog geen antwoord" in judgement.findings[1]
    assert judgement.response_due == d("2026-02-21")


@pytest.mark.parametrize(
    ("rules", "dates", "today"),
    [(case[1], case[2], case[3]) for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_without_sentences_the_verdict_and_figures_are_the_same(rules, dates, today):
    full = judge(dates, rules, today=today)
    quick = judge(dates, rules, today=today, explain=False)

    assert (quick.verdict, quick.notice, quick.response_due, quick.response_time) == (
        full.verdict,
        full.notice,
        full.response_due,
        full.response_time,
    )
    assert full.findings and not quick.findings and quick.explanation == ""


def test_asked_on_an_unknown_date_says_so():
    judgement = judge(Dates(asked=True, decided_on=d("2026-03-10")), CALENDAR, today=TODAY)

    assert judgement.explanation == (
        "Advies gevraagd op een onbekende datum, besluit op 10 maart 2026; niet te zeggen "
        "of de cliëntenraad op tijd is gevraagd."
    )
    assert judgement.notice is None


def test_a_holiday_inside_the_response_term_is_named():
    judgement = judge(
        Dates(advice_sent=d("2026-03-20"), response_received=d("2026-05-07")),
        WORKING,
        today=TODAY,
    )

    assert "de termijn van 30 werkdagen liep tot 6 mei 2026" in judgement.explanation
    assert "Koningsdag (27 april 2026)" in judgement.explanation
    assert judgement.response_time == 31
