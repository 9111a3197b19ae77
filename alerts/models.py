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
            return _("%(motion)s") % {"motion": target}
        return _("de zoekopdracht ‘%(search)s’") % {"search": target}
