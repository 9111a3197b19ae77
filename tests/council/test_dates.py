import datetime

import pytest

from council.dates import (
    DatePrecision,
    add_working_days,
    format_partial_date,
    is_working_day,
    working_days_between,
)


def d(text):
    return datetime.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("value", "precision", "shown"),
    [
        (d("2009-04-07"), DatePrecision.DAY, "7 april 2009"),
        (d("2007-01-01"), DatePrecision.MONTH, "januari 2007"),
        (d("2018-01-01"), DatePrecision.YEAR, "2018"),
        (None, DatePrecision.DAY, "datum onbekend"),
    ],
)
def test_partial_dates_show_what_is_known(value, precision, shown):
    assert format_partial_date(value, precision) == shown


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        ("2026-03-03", "2026-03-03", 0),  # same day
        ("2026-03-03", "2026-03-10", 5),  # Tuesday to Tuesday
        ("2026-03-06", "2026-03-09", 1),  # Friday to Monday skips the weekend
        ("2026-04-02", "2026-04-07", 1),  # only Tuesday: Good Friday, weekend, Easter Monday
        ("2026-12-24", "2026-12-28", 1),  # only Monday: Christmas Day (Friday), weekend
        ("2026-03-10", "2026-03-03", -5),
    ],
)
def test_working_days_between(start, end, count):
    assert working_days_between(d(start), d(end)) == count


def test_add_working_days_is_the_inverse_of_counting():
    start = d("2026-03-20")
    for count in range(0, 80):
        end = add_working_days(start, count)
        assert working_days_between(start, end) == count
        assert count == 0 or is_working_day(end)


def test_kings_day_is_not_a_working_day():
    assert not is_working_day(d("2026-04-27"))
    assert is_working_day(d("2026-04-28"))


@pytest.mark.django_db
@pytest.mark.parametrize("year", [1899, 2200, 9999])
def test_a_date_in_an_implausible_year_is_refused_before_it_can_break_a_deadline(year):
    # A meeting on 9999-12-31 made the iCal feed compute the time zone for
    # year 10000 (a server error); a consultation's deadline would overflow.
    from django.core.exceptions import ValidationError

    from tests.factories.advice import ConsultationFactory
    from tests.factories.agenda import MeetingFactory

    meeting = MeetingFactory.build(date=datetime.date(year, 12, 31))
    consultation = ConsultationFactory.build(asked_on=datetime.date(year, 12, 31))
    for record, field in ((meeting, "date"), (consultation, "asked_on")):
        with pytest.raises(ValidationError) as refused:
            record.full_clean()
        assert refused.value.message_dict[field] == [
            "Controleer het jaartal: een datum ligt tussen 1900 en 2199."
        ]


@pytest.mark.django_db
def test_a_date_in_a_plausible_year_passes_the_check():
    from council.dates import validate_plausible_year

    for year in (1900, 2009, 2199):
        validate_plausible_year(datetime.date(year, 1, 1))
