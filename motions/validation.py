"""The rules a motion's dates must meet, as small pure checks.

Each check takes plain values and returns ``{field: Dutch message}``;
``Motion.clean`` truncates the dates to their precision, looks up the agenda
item's council once and passes today's date. ``refused``: the fields the form
already refused, whose rules stay quiet (see ``agenda.validation``).
"""

from django.utils.translation import gettext_lazy as _

from council.dates import format_partial_date

from .rules import period_bounds


def _bounds(day, precision):
    return period_bounds(day, precision) if day else None


def disposal_in_order(*, submitted_on, submitted_precision, disposed_on, disposed_precision, today):
    """The disposal lies after the motion itself, and not in the future."""
    submitted = _bounds(submitted_on, submitted_precision)
    disposed = _bounds(disposed_on, disposed_precision)
    if disposed and submitted and disposed[1] < submitted[0]:
        return {
            "disposed_on": _(
                "De afdoening ligt voor de datum van de motie zelf (%(date)s). "
                "Controleer beide data."
            )
            % {"date": format_partial_date(submitted_on, submitted_precision)}
        }
    if disposed and disposed[0] > today:
        return {
            "disposed_on": _(
                "De afdoening ligt in de toekomst. Vul de datum in als het college de "
                "motie heeft afgedaan."
            )
        }
    return {}


def deadline_in_order(*, submitted_on, submitted_precision, deadline):
    submitted = _bounds(submitted_on, submitted_precision)
    if deadline and submitted and deadline < submitted[0]:
        return {
            "deadline": _(
                "De termijn loopt af voor de datum van de motie zelf (%(date)s). "
                "Controleer beide data."
            )
            % {"date": format_partial_date(submitted_on, submitted_precision)}
        }
    return {}


def texts_have_dates(*, deadline, deadline_text, disposed_on, disposal_text, refused=frozenset()):
    """A term or a disposal written in words needs its date too."""
    errors = {}
    if deadline_text and not deadline and "deadline" not in refused:
        errors["deadline"] = _(
            "Vul ook de laatste dag van deze termijn in, bijvoorbeeld 31-03-2019 voor "
            "'in het eerste kwartaal van 2019'."
        )
    if disposal_text and not disposed_on and "disposed_on" not in refused:
        errors["disposed_on"] = _(
            "Vul ook de datum van de afdoening in; weet u alleen de maand of het jaar, "
            "kies dat bij 'datum afdoening bekend tot op'."
        )
    return errors


def agenda_item_of_council(*, council_id, agenda_item_council_id):
    """``agenda_item_council_id``: the council following the item's meeting (None: no item)."""
    if agenda_item_council_id is not None and council_id and agenda_item_council_id != council_id:
        return {
            "agenda_item": _(
                "Dit agendapunt hoort bij een vergadering die een andere cliëntenraad volgt."
            )
        }
    return {}
