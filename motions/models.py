"""Motions (moties) and commitments (toezeggingen) whose follow-up a council watches.

A commitment follows the same pattern as a motion, with the executive's
promise in place of the operative text, so both are one model with a kind.
The follow-up status is never stored: ``motions.rules`` derives it.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.models import Orderable, RevisionMixin

from agenda.models import AgendaItem
from agenda.validation import SkipsRefusedFields
from council.dates import (
    DatePrecision,
    format_partial_date,
    truncate_to_precision,
    validate_plausible_year,
)
from council.models import Council, TaggedWithTopics, TopicTaggedItemBase
from council.sources import ImportedRecord, source_unique
from council.stale_edits import VersionedAdminForm
from council.versioning import Versioned

from . import validation
from .routes import MotionRoutes
from .rules import (
    FollowUpStatus,
    MotionKind,
    MotionVote,
    follow_up,
    follow_up_expression,
)


class TaggedMotion(TopicTaggedItemBase):
    content_object = ParentalKey(
        "motions.Motion", on_delete=models.CASCADE, related_name="tagged_items"
    )


class MotionQuerySet(models.QuerySet):
    def for_council(self, council):
        return self.filter(council=council)

    def with_follow_up(self, today):
        """Annotate ``follow_up_status`` exactly as ``motions.rules.follow_up`` decides."""
        return self.annotate(follow_up_status=follow_up_expression(today))

    def with_status(self, status, today):
        return self.with_follow_up(today).filter(follow_up_status=status)

    def overdue(self, today):
        return self.with_status(FollowUpStatus.OVERDUE, today)

    def needing_attention(self, today, days=30):
        """Overdue, or open with a deadline within ``days`` days: the dashboard's list."""
        return (
            self.with_follow_up(today)
            .filter(
                models.Q(follow_up_status=FollowUpStatus.OVERDUE)
                | models.Q(
                    follow_up_status=FollowUpStatus.OPEN,
                    deadline__lte=today + datetime.timedelta(days=days),
                )
            )
            .order_by("deadline", "pk")
        )

    def status_counts(self, today):
        """``{status: count}`` for every status, zero included, in one query."""
        counts = dict.fromkeys(FollowUpStatus.values, 0)
        rows = (
            self.with_follow_up(today).values("follow_up_status").annotate(count=models.Count("pk"))
        )
        for row in rows.order_by():
            counts[row["follow_up_status"]] = row["count"]
        return counts

    def for_listing(self):
        return self.select_related("agenda_item__meeting__body").prefetch_related("submitters")

    def in_listing_order(self):
        return self.order_by(F("submitted_on").desc(nulls_last=True), "identifier", "-pk")


class Motion(
    Versioned, ImportedRecord, TaggedWithTopics, SkipsRefusedFields, RevisionMixin, ClusterableModel
):
    this_label = _("deze motie of toezegging")
    Kind = MotionKind
    Vote = MotionVote

    council = models.ForeignKey(
        Council,
        verbose_name=_("cliëntenraad"),
        on_delete=models.PROTECT,
        related_name="motions",
        help_text=_("De cliëntenraad die de afdoening volgt."),
    )
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices, default=Kind.MOTION)
    identifier = models.CharField(
        _("nummer"),
        max_length=50,
        blank=True,
        help_text=_(
            "Zoals de gemeente het schrijft, bijvoorbeeld 'Motie 2' of 'M2018-14'. "
            "Leeg laten als het nummer onbekend is."
        ),
    )
    title = models.CharField(_("titel"), max_length=255)
    policy_context = models.CharField(
        _("beleidskader"),
        max_length=255,
        blank=True,
        help_text=_("Bijvoorbeeld 're-integratievisie'."),
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agendapunt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="motions",
        help_text=_(
            "Het agendapunt waarbij de motie is ingediend, of waarbij de afdoening is besproken."
        ),
    )
    submitted_on = models.DateField(
        _("datum van indienen"),
        null=True,
        blank=True,
        help_text=_("Leeg laten als de datum onbekend is. Bij een toezegging: de datum ervan."),
        validators=[validate_plausible_year],
    )
    submitted_on_precision = models.CharField(
        _("datum bekend tot op"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    operative_text = models.TextField(
        _("dictum of toezegging"),
        blank=True,
        help_text=_(
            "Bij een motie het dictum ('verzoekt het college …'), bij een toezegging de belofte."
        ),
    )
    vote = models.CharField(
        _("uitslag"),
        max_length=16,
        choices=Vote.choices,
        default=Vote.SUBMITTED,
        help_text=_("Over een toezegging wordt niet gestemd; dan telt de uitslag niet mee."),
    )
    deadline = models.DateField(
        _("uiterste datum afdoening"),
        null=True,
        blank=True,
        help_text=_(
            "De laatste dag van de termijn, bijvoorbeeld 31-03-2019 voor 'in het eerste "
            "kwartaal van 2019'. Leeg laten als er geen termijn is."
        ),
        validators=[validate_plausible_year],
    )
    deadline_text = models.CharField(
        _("termijn zoals geschreven"),
        max_length=255,
        blank=True,
        help_text=_("Bijvoorbeeld 'in het eerste kwartaal van 2019'."),
    )
    disposed_on = models.DateField(
        _("datum afdoening"),
        null=True,
        blank=True,
        help_text=_(
            "De datum waarop het college de motie afdeed. Leeg zolang dat niet is gebeurd."
        ),
        validators=[validate_plausible_year],
    )
    disposed_on_precision = models.CharField(
        _("datum afdoening bekend tot op"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    disposal_text = models.TextField(_("afdoening door het college"), blank=True)
    assessment = models.TextField(_("oordeel van de cliëntenraad"), blank=True)
    topics = ClusterTaggableManager(
        verbose_name=_("onderwerpen"),
        through=TaggedMotion,
        blank=True,
        help_text=_("Onderwerpen, gescheiden door komma's."),
    )

    objects = MotionQuerySet.as_manager()

    base_form_class = VersionedAdminForm
    panels = [
        HelpPanel(
            content=_(
                "Alles wat u hier invult is openbaar: het staat op de website van de "
                "cliëntenraad, ook het oordeel van de cliëntenraad."
            )
        ),
        FieldPanel("council"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("identifier")]),
        FieldPanel("title"),
        FieldPanel("policy_context"),
        FieldPanel("agenda_item"),
        FieldRowPanel([FieldPanel("submitted_on"), FieldPanel("submitted_on_precision")]),
        InlinePanel("submitters", heading=_("Indieners"), label=_("indiener")),
        FieldPanel("operative_text"),
        FieldPanel("vote"),
        FieldPanel("topics"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("deadline"), FieldPanel("deadline_text")]),
                FieldRowPanel([FieldPanel("disposed_on"), FieldPanel("disposed_on_precision")]),
                FieldPanel("disposal_text"),
                FieldPanel("assessment"),
            ],
            heading=_("Afdoening"),
        ),
    ]

    class Meta:
        ordering = ["-submitted_on", "identifier"]
        verbose_name = _("motie of toezegging")
        verbose_name_plural = _("moties en toezeggingen")
        constraints = [source_unique("council", name="unique_motion_source_id_per_council")]

    def __str__(self):
        if self.identifier:
            return f"{self.identifier}: {self.title}"
        return self.title

    def get_absolute_url(self):
        """The motion's public page, or "" while the council has no live page.

        Select ``public_site().council_page_path("council")`` to keep it query-free.
        """
        routes = MotionRoutes.of_live_council(self.council)
        return routes.motion(self.pk) if routes else ""

    @property
    def is_commitment(self):
        return self.kind == self.Kind.COMMITMENT

    def follow_up(self, today=None):
        return follow_up(
            kind=self.kind,
            vote=self.vote,
            deadline=self.deadline,
            disposed_on=self.disposed_on,
            disposed_on_precision=self.disposed_on_precision,
            today=today or timezone.localdate(),
        )

    # For the admin listing and the spreadsheet export.
    def follow_up_label(self):
        return self.follow_up().label

    follow_up_label.short_description = _("afdoening")

    def follow_up_sentence(self):
        return self.follow_up().sentence

    follow_up_sentence.short_description = _("toelichting afdoening")

    def submitted_on_display(self):
        return format_partial_date(self.submitted_on, self.submitted_on_precision)

    submitted_on_display.short_description = _("ingediend")

    def disposed_on_display(self):
        if self.disposed_on is None:
            return ""
        return format_partial_date(self.disposed_on, self.disposed_on_precision)

    disposed_on_display.short_description = _("afgedaan")

    def submitter_names(self):
        return "; ".join(str(submitter) for submitter in self.submitters.all())

    submitter_names.short_description = _("indieners")

    def clean(self):
        super().clean()
        errors = {}
        today = timezone.localdate()
        if self.submitted_on:
            self.submitted_on = truncate_to_precision(
                self.submitted_on, self.submitted_on_precision
            )
        if self.disposed_on:
            self.disposed_on = truncate_to_precision(self.disposed_on, self.disposed_on_precision)

        dates = {
            "submitted_on": self.submitted_on,
            "submitted_precision": self.submitted_on_precision,
        }
        errors.update(
            validation.disposal_in_order(
                **dates,
                disposed_on=self.disposed_on,
                disposed_precision=self.disposed_on_precision,
                today=today,
            )
        )
        errors.update(validation.deadline_in_order(**dates, deadline=self.deadline))
        errors.update(
            validation.texts_have_dates(
                deadline=self.deadline,
                deadline_text=self.deadline_text,
                disposed_on=self.disposed_on,
                disposal_text=self.disposal_text,
                refused=getattr(self, "_refused_fields", frozenset()),
            )
        )
        errors.update(
            validation.agenda_item_of_council(
                council_id=self.council_id,
                agenda_item_council_id=(
                    self.agenda_item.meeting.council_id
                    if self.agenda_item_id and self.council_id
                    else None
                ),
            )
        )
        if errors:
            raise ValidationError(errors)


class MotionSubmitter(Orderable):
    motion = ParentalKey(Motion, on_delete=models.CASCADE, related_name="submitters")
    name = models.CharField(_("naam"), max_length=200)
    party = models.CharField(_("partij"), max_length=200, blank=True)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("party")])]

    class Meta(Orderable.Meta):
        verbose_name = _("indiener")
        verbose_name_plural = _("indieners")

    def __str__(self):
        return f"{self.name} ({self.party})" if self.party else self.name


from .ods.jobs import OdsImport  # noqa: E402  (Django finds the import record here)

__all__ = ["Motion", "MotionQuerySet", "MotionSubmitter", "OdsImport", "TaggedMotion"]
