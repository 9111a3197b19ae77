"""What needs a reminder: advice due soon, and responses of the executive that are overdue.

Read by the admin's dashboard panel and by ``manage.py send_reminders``
(``advice.services.reminders_send``), so both list the same consultations.
The response deadline comes from ``advice.verdicts.judge`` (working days,
holidays and extensions included), never from arithmetic of its own.
"""

import dataclasses
import datetime

from django.db.models import Q
from django.utils.translation import gettext as _

from council.dates import format_day
from council.models import Member

from ..letters.versions import LetterVersion
from .events import ConsultationReminder
from .models import Consultation


@dataclasses.dataclass(frozen=True)
class Reminder:
    consultation: Consultation
    kind: str
    deadline: datetime.date
    sentence: str

    @property
    def label(self):
        return ConsultationReminder.Kind(self.kind).label

    @property
    def key(self):
        return (self.consultation.pk, self.kind, self.deadline)


def advice_due_soon(today, *, days=14, councils=None):
    """Advice not yet sent whose due date is today or within ``days`` days, soonest first."""
    consultations = Consultation.objects.for_listing().filter(
        advice_due__gte=today, advice_due__lte=today + datetime.timedelta(days=days)
    )
    if councils is not None:
        consultations = consultations.filter(council__in=councils)
    reminders = []
    for consultation in consultations.order_by("advice_due", "pk"):
        if consultation.advice_sent is not None:
            continue
        left = (consultation.advice_due - today).days
        if left == 0:
            sentence = _("Het advies moet vandaag (%(day)s) bij de gemeente zijn.")
        else:
            sentence = _(
                "Het advies moet uiterlijk %(day)s bij de gemeente zijn, over %(left)d dagen."
            )
        reminders.append(
            Reminder(
                consultation,
                ConsultationReminder.Kind.ADVICE_DUE,
                consultation.advice_due,
                sentence % {"day": format_day(consultation.advice_due), "left": left},
            )
        )
    return reminders


def responses_overdue(today, *, councils=None):
    """Advice sent, no written response, and the (extended) term has passed; oldest first."""
    sent_letter = Q(
        letter__versions__kind=LetterVersion.Kind.SENT, letter__versions__sent_on__isnull=False
    )
    consultations = (
        Consultation.objects.for_listing()
        .filter(response_received_on__isnull=True)
        .filter(Q(advice_sent_on__isnull=False) | sent_letter)
        .distinct()
    )
    if councils is not None:
        consultations = consultations.filter(council__in=councils)
    reminders = []
    for consultation in consultations:
        judgement = consultation.judgement(today, explain=False)
        if judgement.response_due is None or judgement.response_due >= today:
            continue
        reminders.append(
            Reminder(
                consultation,
                ConsultationReminder.Kind.RESPONSE_OVERDUE,
                judgement.response_due,
                _(
                    "Advies verzonden op %(sent)s; het college had uiterlijk %(due)s moeten "
                    "antwoorden."
                )
                % {
                    "sent": format_day(consultation.advice_sent),
                    "due": format_day(judgement.response_due),
                },
            )
        )
    return sorted(reminders, key=lambda reminder: (reminder.deadline, reminder.consultation.pk))


def secretary_addresses(council, today):
    """The e-mail addresses of the council's active secretaries (their own, or their account's)."""
    addresses = []
    secretaries = (
        Member.objects.filter(council=council, role=Member.Role.SECRETARY)
        .active_on(today)
        .select_related("user")
        .order_by("name", "pk")
    )
    for member in secretaries:
        address = member.email
        if not address and member.user is not None and member.user.is_active:
            address = member.user.email
        if address and address.lower() not in {known.lower() for known in addresses}:
            addresses.append(address)
    return addresses
