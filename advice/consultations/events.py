"""What happened to a consultation: new "decided without the council" verdicts, reminders sent.

Two models of the consultation record that are written by
``advice.consultations.services`` only: ``ConsultationVerdictEvent`` (the
public feed of bypassed decisions) and ``ConsultationReminder`` (what
``send_reminders`` sent, never twice). Re-exported from ``advice.models``.
"""

import dataclasses
import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council.public_site import public_site

from .models import Consultation
from .verdicts import BYPASSED, ConsultationVerdict


class VerdictEventQuerySet(models.QuerySet):
    def public(self):
        return self.filter(public_site().public_q("consultation__council"))

    def bypassed(self):
        return self.filter(verdict__in=[verdict.value for verdict in BYPASSED])

    def for_council(self, council):
        return self.filter(consultation__council=council)

    def newest_first(self):
        return self.order_by("-recorded_at", "-pk")

    def for_feed(self, *, bypassed_only=True):
        """The public "decided without the council" events, newest first: the feed's items.

        ``bypassed_only=False``: every recorded event (the council's consultation feeds).

        The consultation comes with everything its entry shows, the sent date
        of its letter included, in one extra query for the whole feed.
        """
        events = self.public()
        if bypassed_only:
            events = events.bypassed()
        return events.newest_first().prefetch_related(
            models.Prefetch(
                "consultation",
                queryset=Consultation.objects.for_listing().select_related(
                    public_site().council_page_path("council"), "letter"
                ),
            )
        )


class ConsultationVerdictEvent(models.Model):
    """A consultation got a new "not consulted" or "decided before the advice" verdict.

    Recorded by ``advice.services`` when a change (in the admin, by an import,
    or by sending the linked letter) gives a consultation one of the verdicts
    in ``verdicts.BYPASSED`` that it did not have. Those two verdicts depend
    on the recorded dates only, never on today's date, so a change is the only
    moment they can appear.
    """

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("raadpleging"),
        on_delete=models.CASCADE,
        related_name="verdict_events",
    )
    verdict = models.CharField(_("oordeel"), max_length=32, choices=ConsultationVerdict.choices)
    previous_verdict = models.CharField(
        _("vorig oordeel"), max_length=32, choices=ConsultationVerdict.choices, blank=True
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now, db_index=True)

    objects = VerdictEventQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("nieuw oordeel over een raadpleging")
        verbose_name_plural = _("nieuwe oordelen over raadplegingen")

    def __str__(self):
        return f"{self.consultation}: {self.get_verdict_display()} ({self.recorded_at:%d-%m-%Y})"


class ConsultationReminder(models.Model):
    """A reminder that ``send_reminders`` sent: never the same one twice.

    The key is the consultation, the kind and the deadline: when a term is
    extended, the new deadline gets a reminder of its own.
    """

    class Kind(models.TextChoices):
        ADVICE_DUE = "advice_due", _("advies binnenkort verwacht")
        RESPONSE_OVERDUE = "response_overdue", _("antwoord van het college te laat")

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("raadpleging"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    kind = models.CharField(_("soort"), max_length=32, choices=Kind.choices)
    deadline = models.DateField(_("termijn"))
    sent_at = models.DateTimeField(_("verzonden op"), default=timezone.now)
    recipients = models.TextField(_("ontvangers"), blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "kind", "deadline"], name="unique_consultation_reminder"
            )
        ]

    def __str__(self):
        return f"{self.consultation}: {self.get_kind_display()} ({self.deadline:%d-%m-%Y})"


# --- Verdicts that follow from the dates ------------------------------------------------


def _moment(day):
    """A date as the start of that day, local time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


@dataclasses.dataclass(frozen=True)
class DerivedVerdictEvent:
    """A verdict that follows from the dates, not a recorded ``ConsultationVerdictEvent``.

    "Te laat gevraagd" (on the decision date) and "antwoord te laat" (the day
    after the response was due) depend on the council's rules and, for an
    unanswered advice, on today's date; the consultation service records
    neither, so the feeds derive them (see docs/public-site.md).
    """

    consultation: object
    verdict: str
    recorded_at: datetime.datetime
    key: str

    @property
    def consultation_id(self):
        return self.consultation.pk

    def get_verdict_display(self):
        return ConsultationVerdict(self.verdict).label


def derived_consultation_events(consultations, today):
    """The late and response-overdue events of ``consultations`` (one query, judged in Python)."""
    events = []
    for consultation in consultations:
        judgement = consultation.judgement(today, explain=False)
        if judgement.notice is not None and judgement.notice < judgement.required_notice:
            events.append(
                DerivedVerdictEvent(
                    consultation,
                    ConsultationVerdict.CONSULTED_LATE,
                    _moment(consultation.decided_on),
                    f"raadpleging/{consultation.pk}/te-laat-gevraagd",
                )
            )
        due = judgement.response_due
        received = consultation.response_received_on
        if due is not None and (received > due if received else today > due):
            events.append(
                DerivedVerdictEvent(
                    consultation,
                    ConsultationVerdict.RESPONSE_OVERDUE,
                    _moment(due + datetime.timedelta(days=1)),
                    f"raadpleging/{consultation.pk}/antwoord-te-laat",
                )
            )
    return events
