"""Dates, times and moments as people type them in the admin.

A date is stored as the person typed it, or refused; never guessed. So every
date field of the admin (meetings, motions, consultations, letters, and the
pages' scheduled publication) reads exactly the forms in
``settings.DATE_INPUT_FORMATS`` — ``20-11-2026``, ``2-3-2026`` and ISO
``2026-11-20`` — and refuses anything else with a Dutch message that names
the field and repeats what was typed. No two-digit years, no month names,
no rolling 31 February over into March.

Wagtail's date picker (the xdsoft datetimepicker behind ``AdminDateInput``)
"validates" on blur: text it cannot read in its own format becomes today's
date, and a date that does not exist rolls over (2024-02-31 becomes
2024-03-02), before the server ever sees it. Our widgets switch that off
(``validateOnBlur: false``): the picker still helps to pick a day, but what
was typed reaches the server unchanged and is judged there.

``register()`` (called from ``CouncilConfig.ready``) makes these the fields
and widgets of every model date, time and datetime field in Wagtail's admin
forms.
"""

import datetime
import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin import widgets

# What the shape of a typed date is, to tell "not a date" from "no such day".
_DAY_MONTH_YEAR = re.compile(r"^\s*(\d{1,2})-(\d{1,2})-(\d{4})\s*$")
_YEAR_MONTH_DAY = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")

DATE_HINT = _("Schrijf de datum als dd-mm-jjjj (20-11-2026) of jjjj-mm-dd (2026-11-20).")
TIME_HINT = _("Schrijf de tijd als uu:mm (19:30).")
DATETIME_HINT = _("Schrijf datum en tijd als dd-mm-jjjj uu:mm (20-11-2026 19:30).")

NO_SUCH_DAY = _("%(field)s: '%(value)s' bestaat niet in de kalender. %(hint)s")
NOT_A_DATE = _("%(field)s: '%(value)s' is geen datum die wij kunnen lezen. %(hint)s")
NOT_A_TIME = _("%(field)s: '%(value)s' is geen tijd die wij kunnen lezen. %(hint)s")
NOT_A_MOMENT = _("%(field)s: '%(value)s' is geen datum en tijd die wij kunnen lezen. %(hint)s")


def _names_a_missing_day(text):
    """True for text in a date's shape whose day does not exist (31-02-2024, 2024-02-31)."""
    for pattern, order in ((_DAY_MONTH_YEAR, (2, 1, 0)), (_YEAR_MONTH_DAY, (0, 1, 2))):
        match = pattern.match((text.split() or [""])[0])
        if match:
            year, month, day = (int(match.groups()[index]) for index in order)
            try:
                datetime.date(year, month, day)
            except ValueError:
                return True
    return False


class _Refuses:
    """Refuses unreadable input with a message naming the field and the typed text."""

    formats_setting = ""
    unreadable = NOT_A_DATE
    hint = DATE_HINT

    def __init__(self, *, input_formats=None, **kwargs):
        super().__init__(
            input_formats=input_formats or getattr(settings, self.formats_setting), **kwargs
        )

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code != "invalid":
                raise
            text = str(value).strip()
            message = NO_SUCH_DAY if _names_a_missing_day(text) else self.unreadable
            raise ValidationError(
                message,
                code="invalid",
                params={
                    "field": str(self.label or _("Datum")).capitalize(),
                    "value": text[:40],
                    "hint": self.hint,
                },
            ) from error


class DateField(_Refuses, forms.DateField):
    formats_setting = "DATE_INPUT_FORMATS"


class TimeField(_Refuses, forms.TimeField):
    formats_setting = "TIME_INPUT_FORMATS"
    unreadable = NOT_A_TIME
    hint = TIME_HINT


class DateTimeField(_Refuses, forms.DateTimeField):
    formats_setting = "DATETIME_INPUT_FORMATS"
    unreadable = NOT_A_MOMENT
    hint = DATETIME_HINT


class _KeepsTypedText:
    def get_config(self):
        # The picker must not replace what was typed on blur (see the module's docstring).
        return {**super().get_config(), "validateOnBlur": False}


class DateInput(_KeepsTypedText, widgets.AdminDateInput):
    pass


class TimeInput(_KeepsTypedText, widgets.AdminTimeInput):
    pass


class DateTimeInput(_KeepsTypedText, widgets.AdminDateTimeInput):
    pass


def register():
    """Use these fields and widgets for every model date, time and datetime field in the admin."""
    from wagtail.admin.forms.models import register_form_field_override

    for db_field, form_field, widget in (
        (models.DateField, DateField, DateInput),
        (models.TimeField, TimeField, TimeInput),
        (models.DateTimeField, DateTimeField, DateTimeInput),
    ):
        register_form_field_override(
            db_field, override={"form_class": form_field, "widget": widget}
        )
