"""Dates that are only partly known.

The seeds often give a year or a month but no day, or no date at all. A
record stores the first day of what is known plus its precision, and shows
exactly what is known: "7 april 2009", "april 2009", "2009" or
"datum onbekend". Nothing is made up.
"""

import bisect
import datetime
import functools

import holidays
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("dag")
    MONTH = "month", _("maand")
    YEAR = "year", _("jaar")


UNKNOWN_DATE = _("datum onbekend")


#: The years a date of this domain can fall in. Deadlines computed from a date
#: (weeks, working days, a calendar's time zone) must not run past year 9999,
#: and a year like 20224 is a typing error, not a plan.
PLAUSIBLE_YEARS = range(1900, 2200)


def validate_plausible_year(value):
    """Refuse a date outside ``PLAUSIBLE_YEARS`` with a Dutch message (a field validator)."""
    if value is not None and value.year not in PLAUSIBLE_YEARS:
        raise ValidationError(
            _("Controleer het jaartal: een datum ligt tussen %(first)s en %(last)s."),
            code="implausible_year",
            params={"first": PLAUSIBLE_YEARS[0], "last": PLAUSIBLE_YEARS[-1]},
        )


def format_day(value):
    """A known day as Dutch readers write it: "7 april 2009"."""
    return date_format(value, "j F Y")


def format_partial_date(value, precision=DatePrecision.DAY):
    if value is None:
        return str(UNKNOWN_DATE)
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return date_format(value, "F Y")
    return format_day(value)


def truncate_to_precision(value, precision):
    """The canonical stored value: the first day of the known period."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value


# --- Working days ------------------------------------------------------------------
#
# A regulation that counts in working days skips weekends and Dutch public
# holidays. The holidays come from the `holidays` package, never from a list
# of our own.


@functools.lru_cache(maxsize=256)
def _weekday_holidays(year):
    """The Dutch public holidays of ``year`` that fall on a weekday, sorted."""
    days = holidays.country_holidays("NL", years=year, language="nl")
    return tuple(sorted(day for day in days if day.weekday() < 5))


@functools.lru_cache(maxsize=256)
def holiday_name(day):
    return holidays.country_holidays("NL", years=day.year, language="nl").get(day)


def is_working_day(day):
    return day.weekday() < 5 and day not in _weekday_holidays(day.year)


def _weekdays_after(start, end):
    """Mondays to Fridays in the interval (start, end], for start <= end."""
    full_weeks, rest = divmod((end - start).days, 7)
    count = full_weeks * 5
    for offset in range(1, rest + 1):
        if (start + datetime.timedelta(days=offset)).weekday() < 5:
            count += 1
    return count


def holidays_between(start, end):
    """Weekday public holidays in (start, end], oldest first."""
    found = []
    for year in range(start.year, end.year + 1):
        days = _weekday_holidays(year)
        low = bisect.bisect_right(days, start)
        high = bisect.bisect_right(days, end)
        found.extend(days[low:high])
    return found


def working_days_between(start, end):
    """Working days in (start, end]: after ``start``, up to and including ``end``.

    Negative when ``end`` lies before ``start``. Asked on a Tuesday and
    decided the next Tuesday is 5 working days, as a clerk would count.
    """
    if end < start:
        return -working_days_between(end, start)
    return _weekdays_after(start, end) - len(holidays_between(start, end))


def add_working_days(start, count):
    """The day on which ``count`` working days after ``start`` have passed."""
    day = start
    remaining = count
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day
