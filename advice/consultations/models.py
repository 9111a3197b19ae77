"""The consultation record: was the council asked before the decision?

A ``Consultation`` is what a clerk records about one decision the council
should have been asked to advise on: what was decided and by whom, and the
dates. The verdict (consulted in time, late, not at all, …) is never stored:
``advice.verdicts.judge`` derives it from the dates and the council's rules
whenever it is shown, so it can never disagree with the dates beside it.

Every write goes through ``advice.services.consultation_save`` /
``consultation_delete``, which keep the audit trail (a Wagtail revision and a
log entry naming each changed field, old value → new value), record a new
"not consulted" or "decided before the advice" verdict as a
``ConsultationVerdictEvent`` (the public feed reads those) and send
``advice.signals.consultation_changed``.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.models import Page, RevisionMixin

from agenda.models import AgendaItem
from agenda.validation import SkipsRefusedFields
from council.dates import format_day, validate_plausible_year
from council.models import Council, MunicipalBody

from ..letters.models import LetterPage
from ..letters.versions import LetterVersion
from .forms import ConsultationForm
from .panels import ConsultationVerdictPanel
from .routes import ConsultationRoutes
from .verdicts import BYPASSED, ConsultationVerdict, Dates, Rules, judge


class ConsultationQuerySet(models.QuerySet):
    def for_council(self, council):
        return self.filter(council=council)

    def with_advice_sent(self):
        """Annotate the sent date of the linked letter, in the same query.

        A letter has at most one sent version (``letter_send`` refuses a
        second), so the subquery yields at most one date.
        """
        sent = LetterVersion.objects.filter(
            letter_id=OuterRef("letter_id"), kind=LetterVersion.Kind.SENT
        ).values("sent_on")[:1]
        return self.annotate(
            annotated_letter_sent_on=Subquery(sent), annotated_letter_id=F("letter_id")
        )

    def for_listing(self):
        return self.select_related(
            "council__municipality", "body", "agenda_item__meeting"
        ).with_advice_sent()

    def public(self):
        """Consultations of councils whose page is live and not behind a login.

        A consultation has no draft state: once recorded it is part of the
        public record of its council, shown on that council's pages.
        """
        return self.filter(council__page__in=Page.objects.live().public().values("pk"))

    def newest_first(self):
        return self.order_by(
            F("decided_on").desc(nulls_last=True),
            F("asked_on").desc(nulls_last=True),
            "-pk",
        )

    # Columns for the scorecard: everything its pages show of a consultation,
    # fetched with one query (``publications.scorecard.scorecard_for``).
    SCORECARD_FIELDS = (
        "pk",
        "council_id",
        "council__notice_weeks",
        "council__response_weeks",
        "council__day_count",
        "subject",
        "body__name",
        "body__municipality__name",
        "asked_on",
        "asked_date_unknown",
        "advice_due",
        "advice_sent_on",
        "annotated_letter_sent_on",
        "letter_id",
        "decided_on",
        "decided_date_unknown",
        "response_received_on",
        "response_extension_days",
        "agenda_item_id",
        "agenda_item__number",
        "agenda_item__title",
        "agenda_item__meeting_id",
        "agenda_item__meeting__date",
    )

    def scorecard_values(self):
        return self.with_advice_sent().values(*self.SCORECARD_FIELDS)


def dates_from_values(row):
    """``verdicts.Dates`` from a row of ``ConsultationQuerySet.scorecard_values()``."""
    return Dates(
        asked_on=row["asked_on"],
        asked=row["asked_date_unknown"],
        advice_due=row["advice_due"],
        advice_sent=row["annotated_letter_sent_on"] or row["advice_sent_on"],
        decided_on=row["decided_on"],
        decided=row["decided_date_unknown"],
        response_received=row["response_received_on"],
        response_extension=row["response_extension_days"],
        # The reason only colours the sentence, which the scorecard does not show.
        response_extension_reason="",
    )


def rules_from_values(row):
    return Rules(
        notice_weeks=row["council__notice_weeks"],
        response_weeks=row["council__response_weeks"],
        working_days=row["council__day_count"] == Council.DayCount.WORKING,
    )


def consultation_year(*, decided_on, asked_on):
    """The year a consultation counts in on the scorecard: of the decision, else of the request."""
    day = decided_on or asked_on
    return day.year if day else None


PUBLIC_NOTICE = _(
    "Alles wat u hier invult is openbaar en staat op de website van de cliëntenraad, behalve "
    "de interne notitie. Elke wijziging wordt bewaard: wie, wanneer, de oude en de nieuwe "
    "waarde (zie 'Geschiedenis')."
)


class Consultation(SkipsRefusedFields, RevisionMixin, models.Model):
    """One decision the council should have been asked to advise on, and its dates."""

    class Outcome(models.TextChoices):
        UNKNOWN = "unknown", _("onbekend")
        FOLLOWED = "followed", _("advies opgevolgd")
        PARTLY_FOLLOWED = "partly_followed", _("advies deels opgevolgd")
        NOT_FOLLOWED = "not_followed", _("advies niet opgevolgd")

    council = models.ForeignKey(
        Council,
        verbose_name=_("cliëntenraad"),
        on_delete=models.PROTECT,
        related_name="consultations",
        help_text=_("De cliëntenraad die om advies gevraagd had moeten worden."),
    )
    reference = models.CharField(
        _("kenmerk"),
        max_length=60,
        help_text=_(
            "Uw eigen kenmerk voor deze raadpleging, uniek binnen de cliëntenraad, bijvoorbeeld "
            "'2026-03'. De import herkent een raadpleging hieraan."
        ),
    )
    subject = models.CharField(
        _("onderwerp"),
        max_length=255,
        help_text=_(
            "Wat werd of wordt er besloten? Bijvoorbeeld 'Invoering dynamisch selectiemodel'."
        ),
    )
    summary = models.TextField(_("toelichting"), blank=True)
    body = models.ForeignKey(
        MunicipalBody,
        verbose_name=_("besluitvormend orgaan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
        help_text=_("Het orgaan van de gemeente dat besluit. Leeg laten als dat niet bekend is."),
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agendapunt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
    )
    proposal_reference = models.CharField(
        _("kenmerk voorstel gemeente"),
        max_length=100,
        blank=True,
        help_text=_("Het nummer van het raadsvoorstel of collegebesluit."),
    )
    proposal_url = models.URLField(_("link naar het voorstel"), max_length=500, blank=True)

    asked_on = models.DateField(
        _("cliëntenraad gevraagd op"),
        null=True,
        blank=True,
        help_text=_(
            "De dag waarop de gemeente de cliëntenraad informeerde of om advies vroeg. Leeg "
            "laten als de cliëntenraad niet is gevraagd."
        ),
        validators=[validate_plausible_year],
    )
    asked_date_unknown = models.BooleanField(
        _("gevraagd, maar de datum is onbekend"),
        default=False,
        help_text=_(
            "Alleen aanvinken als vaststaat dat de cliëntenraad is gevraagd, maar niemand weet "
            "wanneer. Een leeg datumveld zonder dit vinkje betekent: niet gevraagd."
        ),
    )
    advice_due = models.DateField(
        _("advies uiterlijk"),
        null=True,
        blank=True,
        help_text=_("De dag waarop de gemeente het advies uiterlijk wilde hebben."),
        validators=[validate_plausible_year],
    )
    advice_sent_on = models.DateField(
        _("advies verzonden op"),
        null=True,
        blank=True,
        help_text=_(
            "Alleen invullen als er geen verzonden adviesbrief is gekoppeld: de datum van een "
            "verzonden brief gaat altijd voor."
        ),
        validators=[validate_plausible_year],
    )
    letter = models.ForeignKey(
        LetterPage,
        verbose_name=_("adviesbrief"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
        help_text=_(
            "De brief waarmee de cliëntenraad advies gaf (alleen verzonden of gepubliceerde brieven)."
        ),
    )
    decided_on = models.DateField(
        _("besluit genomen op"),
        null=True,
        blank=True,
        help_text=_("Leeg laten zolang er geen besluit is."),
        validators=[validate_plausible_year],
    )
    decided_date_unknown = models.BooleanField(
        _("besluit genomen, maar de datum is onbekend"),
        default=False,
        help_text=_("Aanvinken als vaststaat dat er besloten is, maar niet wanneer."),
    )
    response_received_on = models.DateField(
        _("antwoord van het college ontvangen op"),
        null=True,
        blank=True,
        help_text=_("De dag waarop het schriftelijke antwoord op het advies binnenkwam."),
        validators=[validate_plausible_year],
    )
    response_extension_days = models.SmallIntegerField(
        _("verlenging van de antwoordtermijn"),
        default=0,
        validators=[
            MinValueValidator(
                0,
                message=_(
                    "De verlenging van de antwoordtermijn kan niet negatief zijn. Vul 0 in als "
                    "er geen verlenging is."
                ),
            )
        ],
        help_text=_(
            "Aantal dagen, in de eenheid van de verordening (kalenderdagen of werkdagen). "
            "De verlenging staat openbaar bij de raadpleging, met de reden."
        ),
    )
    response_extension_reason = models.CharField(
        _("reden van de verlenging"), max_length=255, blank=True
    )
    outcome = models.CharField(
        _("uitkomst"), max_length=20, choices=Outcome.choices, default=Outcome.UNKNOWN
    )
    response_text = models.TextField(_("antwoord van het college"), blank=True)
    response_url = models.URLField(_("link naar het antwoord"), max_length=500, blank=True)
    source = models.TextField(
        _("bron"),
        blank=True,
        help_text=_(
            "Waar deze gegevens vandaan komen, bijvoorbeeld een citaat uit een brief of het "
            "kenmerk van een brief van de gemeente. Openbaar."
        ),
    )
    internal_notes = models.TextField(
        _("interne notitie"),
        blank=True,
        help_text=_("Niet openbaar: alleen zichtbaar in het beheer."),
    )

    objects = ConsultationQuerySet.as_manager()

    base_form_class = ConsultationForm
    panels = [
        ConsultationVerdictPanel(heading=_("Oordeel")),
        HelpPanel(content=PUBLIC_NOTICE),
        MultiFieldPanel(
            [
                FieldPanel("council", widget=forms.Select),
                FieldPanel("reference"),
                FieldPanel("subject"),
                FieldPanel("summary"),
                FieldPanel("body", widget=forms.Select),
                FieldPanel("agenda_item"),
                FieldRowPanel([FieldPanel("proposal_reference"), FieldPanel("proposal_url")]),
            ],
            heading=_("Wat werd besloten"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("asked_on"), FieldPanel("asked_date_unknown")]),
                FieldPanel("advice_due"),
                FieldRowPanel(
                    [FieldPanel("letter", widget=forms.Select), FieldPanel("advice_sent_on")]
                ),
                FieldRowPanel([FieldPanel("decided_on"), FieldPanel("decided_date_unknown")]),
                FieldPanel("response_received_on"),
            ],
            heading=_("Data"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("response_extension_days"), FieldPanel("response_extension_reason")]
                )
            ],
            heading=_("Verlenging van de antwoordtermijn"),
        ),
        MultiFieldPanel(
            [FieldPanel("outcome"), FieldPanel("response_text"), FieldPanel("response_url")],
            heading=_("Antwoord van het college"),
        ),
        FieldPanel("source"),
        FieldPanel("internal_notes"),
    ]

    class Meta:
        ordering = ["-decided_on", "-asked_on", "-pk"]
        verbose_name = _("raadpleging")
        verbose_name_plural = _("raadplegingen")
        constraints = [
            models.UniqueConstraint(
                fields=["council", "reference"],
                name="unique_consultation_reference_per_council",
                violation_error_message=_("Deze cliëntenraad gebruikt dit kenmerk al."),
            ),
            models.CheckConstraint(
                condition=models.Q(response_extension_days__gte=0),
                name="consultation_extension_not_negative",
            ),
        ]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        """The consultation's public page, or "" while its council has no live page."""
        routes = ConsultationRoutes.of_live_council(self.council)
        return routes.consultation(self.pk) if routes else ""

    # --- Derived values -----------------------------------------------------------

    def letter_sent_on(self):
        """The sent date of the linked letter, or None (no letter, not sent, date unknown)."""
        if not self.letter_id:
            return None
        cached = self.__dict__.get("_letter_sent")
        if cached is not None and cached[0] == self.letter_id:
            return cached[1]
        if self.__dict__.get("annotated_letter_id", object()) == self.letter_id:
            value = self.__dict__["annotated_letter_sent_on"]
        else:
            value = (
                LetterVersion.objects.filter(letter_id=self.letter_id, kind=LetterVersion.Kind.SENT)
                .values_list("sent_on", flat=True)
                .first()
            )
        self.__dict__["_letter_sent"] = (self.letter_id, value)
        return value

    @property
    def advice_sent(self):
        """When the advice was sent: the sent letter's date first, else the clerk's."""
        return self.letter_sent_on() or self.advice_sent_on

    @property
    def advice_sent_from_letter(self):
        return self.letter_sent_on() is not None

    @property
    def year(self):
        return consultation_year(decided_on=self.decided_on, asked_on=self.asked_on)

    def dates(self):
        return Dates(
            asked_on=self.asked_on,
            asked=self.asked_date_unknown,
            advice_due=self.advice_due,
            advice_sent=self.advice_sent,
            decided_on=self.decided_on,
            decided=self.decided_date_unknown,
            response_received=self.response_received_on,
            response_extension=self.response_extension_days or 0,
            response_extension_reason=self.response_extension_reason,
        )

    def judgement(self, today=None, *, explain=True):
        return judge(
            self.dates(),
            Rules.of(self.council),
            today=today or timezone.localdate(),
            explain=explain,
        )

    # For the admin listing, the inspect view and the spreadsheet export.
    def verdict_label(self):
        return self.judgement(explain=False).verdict.label

    verdict_label.short_description = _("oordeel")

    def verdict_explanation(self):
        return self.judgement().explanation

    verdict_explanation.short_description = _("toelichting oordeel")

    # How each date reads, for people (admin, public pages, the audit trail).
    def asked_display(self):
        if self.asked_on:
            return format_day(self.asked_on)
        if self.asked_date_unknown:
            return str(_("gevraagd, datum onbekend"))
        return str(_("niet gevraagd"))

    asked_display.short_description = _("gevraagd")

    def decided_display(self):
        if self.decided_on:
            return format_day(self.decided_on)
        if self.decided_date_unknown:
            return str(_("besloten, datum onbekend"))
        return str(_("nog geen besluit"))

    decided_display.short_description = _("besluit")

    def body_display(self):
        return self.body.name if self.body_id else str(_("onbekend"))

    body_display.short_description = _("besluitvormend orgaan")

    # --- Validation -------------------------------------------------------------------

    def clean(self):
        super().clean()
        errors = {}
        today = timezone.localdate()

        def refuse(name, message, **params):
            errors.setdefault(name, []).append(
                ValidationError(message, params=params or None, code=f"consultation_{name}")
            )

        if self.asked_on and self.asked_date_unknown:
            refuse(
                "asked_date_unknown",
                _(
                    "Er staat al een datum bij 'cliëntenraad gevraagd op'. Vink 'datum "
                    "onbekend' alleen aan als die datum leeg is."
                ),
            )
        if self.decided_on and self.decided_date_unknown:
            refuse(
                "decided_date_unknown",
                _(
                    "Er staat al een datum bij 'besluit genomen op'. Vink 'datum onbekend' "
                    "alleen aan als die datum leeg is."
                ),
            )

        for field in ("asked_on", "advice_sent_on", "decided_on", "response_received_on"):
            value = getattr(self, field)
            if value and value > today and self.can_judge(field):
                refuse(
                    field,
                    _("%(label)s ligt in de toekomst (%(day)s). Vul alleen in wat al is gebeurd."),
                    label=str(self._meta.get_field(field).verbose_name).capitalize(),
                    day=format_day(value),
                )

        can_judge_asked = self.can_judge("asked_on")
        if (
            self.advice_due
            and self.asked_on
            and self.advice_due < self.asked_on
            and can_judge_asked
            and self.can_judge("advice_due")
        ):
            refuse(
                "advice_due",
                _(
                    "Advies uiterlijk (%(due)s) ligt vóór de dag waarop de cliëntenraad werd "
                    "gevraagd (%(asked)s). Controleer beide data."
                ),
                due=format_day(self.advice_due),
                asked=format_day(self.asked_on),
            )

        letter_date = self._letter_date_for_validation()
        if (
            self.advice_sent_on
            and self.asked_on
            and self.advice_sent_on < self.asked_on
            and can_judge_asked
            and self.can_judge("advice_sent_on")
        ):
            refuse(
                "advice_sent_on",
                _(
                    "Advies verzonden op (%(sent)s) ligt vóór de dag waarop de cliëntenraad werd "
                    "gevraagd (%(asked)s). Controleer beide data."
                ),
                sent=format_day(self.advice_sent_on),
                asked=format_day(self.asked_on),
            )
        if letter_date and self.asked_on and letter_date < self.asked_on and can_judge_asked:
            refuse(
                "letter",
                _(
                    "Deze adviesbrief is verzonden op %(sent)s, vóór de dag waarop de "
                    "cliëntenraad werd gevraagd (%(asked)s). Kies de juiste brief of controleer "
                    "de datum van de vraag."
                ),
                sent=format_day(letter_date),
                asked=format_day(self.asked_on),
            )

        sent = letter_date or self.advice_sent_on
        if (
            self.response_received_on
            and sent
            and self.response_received_on < sent
            and self.can_judge("response_received_on", "advice_sent_on")
        ):
            refuse(
                "response_received_on",
                _(
                    "Het antwoord van het college (%(received)s) ligt vóór de verzending van het "
                    "advies (%(sent)s). Controleer beide data."
                ),
                received=format_day(self.response_received_on),
                sent=format_day(sent),
            )

        extension = self.response_extension_days
        reason = (self.response_extension_reason or "").strip()
        self.response_extension_reason = reason
        if extension and extension > 0 and not reason:
            refuse(
                "response_extension_reason",
                _("Geef de reden van de verlenging van de antwoordtermijn: die staat openbaar."),
            )
        if reason and not extension and self.can_judge("response_extension_days"):
            refuse(
                "response_extension_days",
                _(
                    "Er staat een reden voor een verlenging, maar geen aantal dagen. Vul het "
                    "aantal dagen in of laat de reden leeg."
                ),
            )

        council = self._council_or_none()
        if council is not None:
            if self.body_id and not council.advises(self.body.municipality_id):
                refuse(
                    "body",
                    _(
                        "Dit orgaan hoort bij een andere gemeente. Kies een orgaan van "
                        "%(municipality)s."
                    ),
                    municipality=council.municipality_names(),
                )
            if self.agenda_item_id and self.agenda_item.meeting.council_id != council.pk:
                refuse(
                    "agenda_item",
                    _(
                        "Dit agendapunt hoort bij een vergadering die een andere cliëntenraad volgt."
                    ),
                )
            if self.letter_id and self.letter.council_id != council.pk:
                refuse("letter", _("Deze brief is van een andere cliëntenraad."))
        if self.letter_id and not self.letter.versions.exists():
            refuse(
                "letter",
                _(
                    "Deze brief is nog niet verzonden of gepubliceerd. Koppel een brief zodra hij "
                    "verzonden is."
                ),
            )

        if errors:
            raise ValidationError(errors)

    def _council_or_none(self):
        if not self.council_id:
            return None
        try:
            return self.council
        except Council.DoesNotExist:
            return None

    def _letter_date_for_validation(self):
        if not self.letter_id:
            return None
        self.__dict__.pop("_letter_sent", None)
        return self.letter_sent_on()


class VerdictEventQuerySet(models.QuerySet):
    def public(self):
        return self.filter(
            consultation__council__page__in=Page.objects.live().public().values("pk")
        )

    def bypassed(self):
        return self.filter(verdict__in=[verdict.value for verdict in BYPASSED])

    def for_council(self, council):
        return self.filter(consultation__council=council)

    def newest_first(self):
        return self.order_by("-recorded_at", "-pk")

    def for_feed(self):
        """The public "decided without the council" events, newest first: the feed's items.

        The consultation comes with everything its entry shows, the sent date
        of its letter included, in one extra query for the whole feed.
        """
        return (
            self.public()
            .bypassed()
            .newest_first()
            .prefetch_related(
                models.Prefetch(
                    "consultation",
                    queryset=Consultation.objects.for_listing().select_related(
                        "council__page", "letter"
                    ),
                )
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
