"""The rules a consultation must meet, as small pure checks.

Each check takes plain values (dates, ids, names) and returns the
``Refusal``\\ s it finds: the field, the Dutch message and its parameters.
None of them reads the database or the clock: ``Consultation.clean`` looks
up what they need once (``Facts``: the linked letter's sent date and
council, the body's municipality, …), passes today's date, and turns the
refusals into one ``ValidationError``. The admin form, the CSV import
(``full_clean`` per row) and the services all go through that ``clean``.

``refused`` is the set of fields the form already refused (a malformed
date reaches ``clean`` as ``None``): a rule that reads one of them stays
quiet rather than add a second, misleading message.
"""

import dataclasses
import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from council.dates import format_day

# The events that cannot lie in the future, in the order their messages appear.
PAST_EVENTS = ("asked_on", "advice_sent_on", "decided_on", "response_received_on")


@dataclasses.dataclass(frozen=True)
class Refusal:
    field: str
    message: str
    params: dict | None = None

    def text(self):
        return str(self.message) % self.params if self.params else str(self.message)

    def error(self):
        return ValidationError(self.message, params=self.params, code=f"consultation_{self.field}")


@dataclasses.dataclass(frozen=True)
class Facts:
    """What the checks need from the database, looked up once by ``Consultation.clean``."""

    letter_sent_on: datetime.date | None = None  # the linked letter's sent version
    letter_council_id: int | None = None
    letter_sent_or_published: bool = True  # the linked letter has a version
    council_id: int | None = None  # None: no council (yet): its checks wait
    municipality_ids: frozenset = frozenset()  # every municipality the council advises
    municipality_name: str = ""
    body_municipality_id: int | None = None
    agenda_item_council_id: int | None = None  # the council whose meeting holds the item


def known_and_unknown(*, asked_on, asked_date_unknown, decided_on, decided_date_unknown):
    """A date *and* "date unknown" for the same event."""
    refusals = []
    if asked_on and asked_date_unknown:
        refusals.append(
            Refusal(
                "asked_date_unknown",
                _(
                    "Er staat al een datum bij 'cliëntenraad gevraagd op'. Vink 'datum "
                    "onbekend' alleen aan als die datum leeg is."
                ),
            )
        )
    if decided_on and decided_date_unknown:
        refusals.append(
            Refusal(
                "decided_date_unknown",
                _(
                    "Er staat al een datum bij 'besluit genomen op'. Vink 'datum onbekend' "
                    "alleen aan als die datum leeg is."
                ),
            )
        )
    return refusals


def not_in_future(dates, *, labels, today, refused=frozenset()):
    """``dates``: {field: date} of events that already happened; ``labels``: {field: label}."""
    return [
        Refusal(
            field,
            _("%(label)s ligt in de toekomst (%(day)s). Vul alleen in wat al is gebeurd."),
            {"label": str(labels[field]).capitalize(), "day": format_day(day)},
        )
        for field, day in dates.items()
        if day and day > today and field not in refused
    ]


def dates_in_order(
    *,
    asked_on,
    advice_due,
    advice_sent_on,
    letter_sent_on,
    response_received_on,
    refused=frozenset(),
):
    """Due, sent and the letter after the request; the response after the advice.

    A decision before the request is not refused: that is the complaint itself.
    """
    refusals = []
    asked = asked_on if "asked_on" not in refused else None
    if advice_due and asked and advice_due < asked and "advice_due" not in refused:
        refusals.append(
            Refusal(
                "advice_due",
                _(
                    "Advies uiterlijk (%(due)s) ligt vóór de dag waarop de cliëntenraad werd "
                    "gevraagd (%(asked)s). Controleer beide data."
                ),
                {"due": format_day(advice_due), "asked": format_day(asked)},
            )
        )
    if advice_sent_on and asked and advice_sent_on < asked and "advice_sent_on" not in refused:
        refusals.append(
            Refusal(
                "advice_sent_on",
                _(
                    "Advies verzonden op (%(sent)s) ligt vóór de dag waarop de cliëntenraad werd "
                    "gevraagd (%(asked)s). Controleer beide data."
                ),
                {"sent": format_day(advice_sent_on), "asked": format_day(asked)},
            )
        )
    if letter_sent_on and asked and letter_sent_on < asked:
        refusals.append(
            Refusal(
                "letter",
                _(
                    "Deze adviesbrief is verzonden op %(sent)s, vóór de dag waarop de "
                    "cliëntenraad werd gevraagd (%(asked)s). Kies de juiste brief of controleer "
                    "de datum van de vraag."
                ),
                {"sent": format_day(letter_sent_on), "asked": format_day(asked)},
            )
        )
    sent = letter_sent_on or advice_sent_on
    if (
        response_received_on
        and sent
        and response_received_on < sent
        and not {"response_received_on", "advice_sent_on"} & set(refused)
    ):
        refusals.append(
            Refusal(
                "response_received_on",
                _(
                    "Het antwoord van het college (%(received)s) ligt vóór de verzending van het "
                    "advies (%(sent)s). Controleer beide data."
                ),
                {"received": format_day(response_received_on), "sent": format_day(sent)},
            )
        )
    return refusals


def extension(*, days, reason, refused=frozenset()):
    """An extension needs its (public) reason, and a reason needs an extension."""
    refusals = []
    if days and days > 0 and not reason:
        refusals.append(
            Refusal(
                "response_extension_reason",
                _("Geef de reden van de verlenging van de antwoordtermijn: die staat openbaar."),
            )
        )
    if reason and not days and "response_extension_days" not in refused:
        refusals.append(
            Refusal(
                "response_extension_days",
                _(
                    "Er staat een reden voor een verlenging, maar geen aantal dagen. Vul het "
                    "aantal dagen in of laat de reden leeg."
                ),
            )
        )
    return refusals


def of_this_council(*, facts, body_id, agenda_item_id, letter_id):
    """Body, agenda item and letter belong to the council (and its municipality)."""
    refusals = []
    if facts.council_id is not None:
        if body_id and facts.body_municipality_id not in facts.municipality_ids:
            refusals.append(
                Refusal(
                    "body",
                    _(
                        "Dit orgaan hoort bij een andere gemeente. Kies een orgaan van "
                        "%(municipality)s."
                    ),
                    {"municipality": facts.municipality_name},
                )
            )
        if agenda_item_id and facts.agenda_item_council_id != facts.council_id:
            refusals.append(
                Refusal(
                    "agenda_item",
                    _(
                        "Dit agendapunt hoort bij een vergadering die een andere cliëntenraad volgt."
                    ),
                )
            )
        if letter_id and facts.letter_council_id != facts.council_id:
            refusals.append(Refusal("letter", _("Deze brief is van een andere cliëntenraad.")))
    if letter_id and not facts.letter_sent_or_published:
        refusals.append(
            Refusal(
                "letter",
                _(
                    "Deze brief is nog niet verzonden of gepubliceerd. Koppel een brief zodra hij "
                    "verzonden is."
                ),
            )
        )
    return refusals


def check(values, *, facts, labels, today, refused=frozenset()):
    """Every rule, in the order its messages have always appeared.

    ``values``: {field: value} of the consultation's own fields (the
    extension's reason already stripped).
    """
    return [
        *known_and_unknown(
            asked_on=values["asked_on"],
            asked_date_unknown=values["asked_date_unknown"],
            decided_on=values["decided_on"],
            decided_date_unknown=values["decided_date_unknown"],
        ),
        *not_in_future(
            {field: values[field] for field in PAST_EVENTS},
            labels=labels,
            today=today,
            refused=refused,
        ),
        *dates_in_order(
            asked_on=values["asked_on"],
            advice_due=values["advice_due"],
            advice_sent_on=values["advice_sent_on"],
            letter_sent_on=facts.letter_sent_on,
            response_received_on=values["response_received_on"],
            refused=refused,
        ),
        *extension(
            days=values["response_extension_days"],
            reason=values["response_extension_reason"],
            refused=refused,
        ),
        *of_this_council(
            facts=facts,
            body_id=values["body_id"],
            agenda_item_id=values["agenda_item_id"],
            letter_id=values["letter_id"],
        ),
    ]


def as_validation_error(refusals):
    """One ``ValidationError`` with each refusal on its field, or None."""
    errors = {}
    for refusal in refusals:
        errors.setdefault(refusal.field, []).append(refusal.error())
    return ValidationError(errors) if errors else None
