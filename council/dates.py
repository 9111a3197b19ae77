"""Dates that are only partly known.

The seeds often give a year or a month but no day, or no date at all. A
record stores the first day of what is known plus its precision, and shows
exactly what is known: "7 april 2009", "april 2009", "2009" or
"datum onbekend". Nothing is made up.
"""

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("dag")
    MONTH = "month", _("maand")
    YEAR = "year", _("jaar")


UNKNOWN_DATE = _("datum onbekend")


def format_partial_date(value, precision=DatePrecision.DAY):
    if value is None:
        return str(UNKNOWN_DATE)
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return date_format(value, "F Y")
    return date_format(value, "j F Y")


def truncate_to_precision(value, precision):
    """The canonical stored value: the first day of the known period."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value
