"""The consultation record: was the council asked before the decision?

A ``Consultation`` is what a clerk records about one decision the council
should have been asked to advise on: what was decided and by whom, and the
dates. The verdict (consulted in time, late, not at all, …) is derived by
``advice.verdicts.judge`` from the dates and the council's rules. The pages
of one consultation judge it when shown; the scorecard counts a stored copy
(``stored_verdict``, with ``verdict_recheck_on`` and ``verdict_advice_sent``),
which every write path refreshes through ``Consultation.store_verdict`` /
``services.verdicts_store`` and the daily ``verdicts_refresh`` task keeps
current as days pass (docs/consultations.md, "The stored verdict").

Every write goes through ``advice.services.consultation_save`` /
``consultation_delete``, which keep the audit trail (a Wagtail revision and a
log entry naming each changed field, old value → new value), record a new
"not consulted" or "decided before the advice" verdict as a
``ConsultationVerdictEvent`` (the public feed reads those) and send
``advice.signals.consultation_changed``.
"""

import datetime

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import HelpPanel
from wagtail.models import RevisionMixin

from agenda.models import AgendaItem
from agenda.validation import SkipsRefusedFields
from council.dates import format_day, validate_plausible_year
from council.models import Council, MunicipalBody
from council.public_site import public_site
from council.versioning import Versioned

from ..letters.models import LetterPage
from ..letters.versions import LetterVersion
from . import fields, validation
from .forms import ConsultationForm
from .panels import ConsultationVerdictPanel
from .routes import ConsultationRoutes
from .verdicts import ConsultationVerdict, Dates, Rules, judge, recheck_on


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
        return self.filter(public_site().public_q("council"))

    def newest_first(self):
        return self.order_by(
            F("decided_on").desc(nulls_last=True),
            F("asked_on").desc(nulls_last=True),
            "-pk",
        )

    # Columns for the scorecard: everything its pages show of a consultation,
    # fetched with one query (``publications.scorecard.scorecard_for``).
    SCORECARD_FIELDS = fields.scorecard_columns()

    def for_judging(self):
        """Everything ``Consultation.verdict_values`` reads, fetched with this query."""
        return self.select_related("council").with_advice_sent()

    def verdict_due(self, today):
        """Consultations whose stored verdict must be judged again by ``today``."""
        return self.filter(verdict_recheck_on__lte=today)


def consultation_year(*, decided_on, asked_on):
    """The year a consultation counts in on the scorecard: of the decision, else of the request."""
    day = decided_on or asked_on
    return day.year if day else None


#: The scorecard lists' order: newest decision (else request) first, unknown dates last
#: (``publications.scorecard``), served by the index ``consultation_council_newest``.
#: Unknown dates sort as the first day of year 1 rather than with ``NULLS LAST``, which
#: SQLite refuses in an index.
NEWEST_FIRST = (
    Coalesce("decided_on", "asked_on", Value(datetime.date.min)).desc(),
    F("id").desc(),
)


PUBLIC_NOTICE = _(
    "Alles wat u hier invult is openbaar en staat op de website van de cliëntenraad, behalve "
    "de interne notitie. Elke wijziging wordt bewaard: wie, wanneer, de oude en de nieuwe "
    "waarde (zie 'Geschiedenis')."
)


class Consultation(Versioned, SkipsRefusedFields, RevisionMixin, models.Model):
    """One decision the council should have been asked to advise on, and its dates."""

    this_label = _("deze raadpleging")

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

    # The verdict of ``judge`` as stored for the scorecard, which counts it in SQL.
    # Written by ``store_verdict`` on every write path; never typed in.
    stored_verdict = models.CharField(
        _("opgeslagen oordeel"),
        max_length=30,
        choices=ConsultationVerdict.choices,
        default=ConsultationVerdict.PENDING,
        editable=False,
    )
    verdict_recheck_on = models.DateField(
        _("oordeel opnieuw bepalen op"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "De dag waarop het opgeslagen oordeel door het verstrijken van de tijd kan "
            "veranderen (de antwoordtermijn loopt af); leeg als alleen een wijziging dat kan."
        ),
    )
    verdict_advice_sent = models.DateField(
        _("advies verzonden op (oordeel)"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("De verzenddatum van het advies waarmee het oordeel is bepaald."),
    )

    objects = ConsultationQuerySet.as_manager()

    NEWEST_FIRST = NEWEST_FIRST

    base_form_class = ConsultationForm
    panels = [
        ConsultationVerdictPanel(heading=_("Oordeel")),
        HelpPanel(content=PUBLIC_NOTICE),
        *fields.form_panels(),
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
        indexes = [
            # The scorecard: counts per verdict of one council, its bypassed list.
            models.Index(fields=["council", "stored_verdict"], name="consultation_council_verdict"),
            # The scorecard's lists, newest first: a page reads its 25 rows from here
            # instead of sorting every bypassed consultation of the council.
            models.Index(F("council"), *NEWEST_FIRST, name="consultation_council_newest"),
            # The daily ``verdicts_refresh``: the few verdicts that time can change.
            models.Index(
                fields=["verdict_recheck_on"],
                condition=models.Q(verdict_recheck_on__isnull=False),
                name="consultation_verdict_recheck",
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

    def verdict_values(self, today):
        """``{field: value}`` of the stored verdict, as ``judge`` gives it on ``today``."""
        dates = self.dates()
        judgement = judge(dates, Rules.of(self.council), today=today, explain=False)
        return {
            "stored_verdict": judgement.verdict.value,
            "verdict_recheck_on": recheck_on(dates, judgement),
            "verdict_advice_sent": dates.advice_sent,
        }

    def store_verdict(self, today):
        """Set the stored verdict on this instance; the names of the fields that changed."""
        changed = []
        for name, value in self.verdict_values(today).items():
            if getattr(self, name) != value:
                setattr(self, name, value)
                changed.append(name)
        return changed

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
        """The checks of ``validation``, with what they need looked up here, once."""
        super().clean()
        self.response_extension_reason = (self.response_extension_reason or "").strip()
        values = {field.attname: getattr(self, field.attname) for field in self._meta.fields}
        labels = {name: self._meta.get_field(name).verbose_name for name in validation.PAST_EVENTS}
        error = validation.as_validation_error(
            validation.check(
                values,
                facts=self._validation_facts(),
                labels=labels,
                today=timezone.localdate(),
                refused=getattr(self, "_refused_fields", frozenset()),
            )
        )
        if error is not None:
            raise error

    def _validation_facts(self):
        council = self._council_or_none()
        letter = self.letter if self.letter_id else None
        facts = {
            "letter_sent_on": self._letter_date_for_validation(),
            "letter_council_id": letter.council_id if letter else None,
            "letter_sent_or_published": letter.versions.exists() if letter else True,
        }
        if council is not None:
            body_municipality_id = self.body.municipality_id if self.body_id else None
            # The primary municipality answers most checks without a query; a
            # regional council's other municipalities are looked up only when needed.
            advised = {council.municipality_id}
            if self.body_id and body_municipality_id not in advised:
                advised = council.municipality_ids()
            facts.update(
                council_id=council.pk,
                municipality_ids=frozenset(advised),
                body_municipality_id=body_municipality_id,
                agenda_item_council_id=(
                    self.agenda_item.meeting.council_id if self.agenda_item_id else None
                ),
            )
            if self.body_id and body_municipality_id not in advised:
                facts["municipality_name"] = council.municipality_names()  # for the message only
        return validation.Facts(**facts)

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
