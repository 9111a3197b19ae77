"""Motions (moties) and commitments (toezeggingen) whose follow-up a council watches.

A commitment follows the same pattern as a motion, with the executive's
promise in place of the operative text, so both are one model with a kind.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, RevisionMixin

from agenda.models import AgendaItem
from council.dates import DatePrecision
from council.models import Council, TopicTaggedItemBase


class TaggedMotion(TopicTaggedItemBase):
    content_object = ParentalKey(
        "motions.Motion", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Motion(RevisionMixin, ClusterableModel):
    class Kind(models.TextChoices):
        MOTION = "motion", _("motie")
        COMMITMENT = "commitment", _("toezegging")

    class Vote(models.TextChoices):
        SUBMITTED = "submitted", _("ingediend")
        ADOPTED = "adopted", _("aangenomen")
        REJECTED = "rejected", _("verworpen")
        WITHDRAWN = "withdrawn", _("ingetrokken")
        HELD_OVER = "held_over", _("aangehouden")

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
        help_text=_("Zoals de gemeente het schrijft, bijvoorbeeld 'Motie 2' of 'M2018-14'."),
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
    )
    submitted_on = models.DateField(_("datum van indienen"), null=True, blank=True)
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
        _("uitslag"), max_length=16, choices=Vote.choices, default=Vote.SUBMITTED
    )
    deadline = models.DateField(
        _("uiterste datum afdoening"),
        null=True,
        blank=True,
        help_text=_("De laatste dag van de termijn, bijvoorbeeld 31-03-2019."),
    )
    deadline_text = models.CharField(
        _("termijn zoals geschreven"),
        max_length=255,
        blank=True,
        help_text=_("Bijvoorbeeld 'in het eerste kwartaal van 2019'."),
    )
    disposed_on = models.DateField(_("datum afdoening"), null=True, blank=True)
    disposal_text = models.TextField(_("afdoening door het college"), blank=True)
    assessment = models.TextField(_("oordeel van de cliëntenraad"), blank=True)
    topics = ClusterTaggableManager(verbose_name=_("onderwerpen"), through=TaggedMotion, blank=True)

    panels = [
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
                FieldPanel("disposed_on"),
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

    def __str__(self):
        return f"{self.identifier}: {self.title}"


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
