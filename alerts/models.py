"""Who follows what, by e-mail, without an account (docs/alerts.md).

Nothing but the address, what it follows and the dates is stored. A
:class:`Subscription` follows exactly one target, named by ``kind``: a council,
a topic, a municipal body, one consultation, one motion, or a search of the
letter index (its query string). Explicit nullable foreign keys with a check
constraint keep the targets joinable for the alerts that will follow
(events of a council, a topic ... reach their followers in one query).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Subscriber(models.Model):
    email = models.EmailField(_("e-mailadres"), unique=True)
    created_at = models.DateTimeField(_("aangemeld op"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    #: When the last confirmation e-mail was sent: at most one an hour.
    confirmation_sent_at = models.DateTimeField(
        _("bevestigingsmail verstuurd op"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("abonnee")
        verbose_name_plural = _("abonnees")
        ordering = ["email"]

    def __str__(self):
        return self.email


class Kind(models.TextChoices):
    COUNCIL = "raad", _("cliëntenraad")
    TOPIC = "onderwerp", _("onderwerp")
    BODY = "orgaan", _("orgaan")
    CONSULTATION = "raadpleging", _("raadpleging")
    MOTION = "motie", _("motie")
    SEARCH = "zoekopdracht", _("zoekopdracht")


class Frequency(models.TextChoices):
    DIRECT = "direct", _("direct")
    DAILY = "dagelijks", _("dagelijks")
    WEEKLY = "wekelijks", _("wekelijks")


#: The field that holds each kind's target.
TARGET_FIELDS = {
    Kind.COUNCIL: "council",
    Kind.TOPIC: "topic",
    Kind.BODY: "body",
    Kind.CONSULTATION: "consultation",
    Kind.MOTION: "motion",
    Kind.SEARCH: "search",
}
FK_FIELDS = ("council", "topic", "body", "consultation", "motion")


def _only_target(kind):
    """``kind`` is set with its own target and no other."""
    field = TARGET_FIELDS[kind]
    q = Q(kind=kind)
    for other in FK_FIELDS:
        q &= Q(**{f"{other}__isnull": other != field})
    q &= ~Q(search="") if kind == Kind.SEARCH else Q(search="")
    return q


def _one_target_q():
    q = Q(pk__in=[])
    for kind in Kind:
        q |= _only_target(kind)
    return q


class Subscription(models.Model):
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices)
    # A subscription is worth nothing without what it follows: it goes with it.
    council = models.ForeignKey(
        "council.Council", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    topic = models.ForeignKey(
        "council.Topic", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    body = models.ForeignKey(
        "council.MunicipalBody", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    consultation = models.ForeignKey(
        "advice.Consultation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    motion = models.ForeignKey(
        "motions.Motion", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    #: A search of the letter index: its query string with the filters (``q=…&council=…``).
    search = models.CharField(_("zoekopdracht"), max_length=500, blank=True)
    frequency = models.CharField(
        _("frequentie"), max_length=10, choices=Frequency.choices, default=Frequency.DIRECT
    )
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnementen")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=_one_target_q(), name="alerts_one_target"),
            *(
                models.UniqueConstraint(
                    "subscriber",
                    TARGET_FIELDS[kind],
                    condition=Q(kind=kind),
                    name=f"alerts_once_per_{TARGET_FIELDS[kind]}",
                )
                for kind in Kind
            ),
        ]

    def __str__(self):
        return f"{self.subscriber} → {self.describe()}"

    @property
    def target(self):
        return getattr(self, TARGET_FIELDS[self.kind])

    def describe(self):
        """What is followed, in words: "het onderwerp re-integratie"."""
        target = self.target
        if self.kind == Kind.COUNCIL:
            return _("de cliëntenraad %(name)s") % {"name": target.name}
        if self.kind == Kind.TOPIC:
            return _("het onderwerp %(name)s") % {"name": target.name}
        if self.kind == Kind.BODY:
            return _("brieven aan %(name)s") % {"name": target.name}
        if self.kind == Kind.CONSULTATION:
            return _("de raadpleging %(subject)s") % {"subject": target.subject}
        if self.kind == Kind.MOTION:
            return _("de %(kind)s %(motion)s") % {
                "kind": target.get_kind_display(),
                "motion": target,
            }
        return _("de zoekopdracht ‘%(search)s’") % {"search": target}


class EventKind(models.TextChoices):
    LETTER = "brief", _("brief gepubliceerd")
    CORRECTION = "correctie", _("correctie gepubliceerd")
    VERDICT = "oordeel", _("nieuw oordeel over een raadpleging")
    MOTION_OVERDUE = "motie-te-laat", _("termijn van een motie verlopen")
    MOTION_DISPOSED = "motie-afgedaan", _("motie afgedaan")
    MEETING = "vergadering", _("vergadering gepland")
    AGENDA = "agenda", _("agenda gepubliceerd")


class Event(models.Model):
    """Something that happened on the public site, recorded once (``alerts.events.collect``).

    ``key`` is the specific part of the item's feed entry id
    (``brief/12/correctie/3``, ``motie/5/afgedaan``): recording the same event
    twice is impossible. The title and line are written when the event is
    recorded, from public data only; whether the item is still public is asked
    again when a mail is made (``alerts.dispatch``). The keys say who follows
    it: the council, the topics, the addressed body, the consultation or motion.
    """

    key = models.CharField(_("sleutel"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=16, choices=EventKind.choices)
    title = models.CharField(_("titel"), max_length=500)
    line = models.TextField(_("toelichting"), blank=True)
    happened_at = models.DateTimeField(_("gebeurd op"), db_index=True)
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    council = models.ForeignKey(
        "council.Council", on_delete=models.CASCADE, related_name="+", verbose_name=_("raad")
    )
    body = models.ForeignKey(
        "council.MunicipalBody", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    topics = models.ManyToManyField("council.Topic", blank=True, related_name="+")
    letter = models.ForeignKey(
        "advice.LetterPage", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    consultation = models.ForeignKey(
        "advice.Consultation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    motion = models.ForeignKey(
        "motions.Motion", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    meeting = models.ForeignKey(
        "agenda.Meeting", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")
        ordering = ["happened_at", "pk"]

    def __str__(self):
        return self.title


class Delivery(models.Model):
    """An event went to an address (alone or in a digest): never again to that address."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(_("verzonden op"), auto_now_add=True)

    class Meta:
        verbose_name = _("verzonden melding")
        verbose_name_plural = _("verzonden meldingen")
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "event"], name="alerts_once_per_event")
        ]

    def __str__(self):
        return f"{self.event} → {self.subscriber}"
