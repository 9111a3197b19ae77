"""Municipal meetings and their agenda items, as a client council follows them.

Clerks log the meetings the council follows so that it can advise in time.
A meeting belongs to the council that follows it and is held by one
municipal body of that council's municipality.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import RevisionMixin

from council.models import Council, MunicipalBody, TopicTaggedItemBase


class Meeting(RevisionMixin, ClusterableModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("gepland")
        HELD = "held", _("gehouden")
        CANCELLED = "cancelled", _("vervallen")

    council = models.ForeignKey(
        Council,
        verbose_name=_("cliëntenraad"),
        on_delete=models.PROTECT,
        related_name="meetings",
        help_text=_("De cliëntenraad die deze vergadering volgt."),
    )
    body = models.ForeignKey(
        MunicipalBody,
        verbose_name=_("gemeentelijk orgaan"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    title = models.CharField(_("titel"), max_length=255)
    date = models.DateField(_("datum"))
    start_time = models.TimeField(
        _("aanvang"), null=True, blank=True, help_text=_("Leeg laten als de tijd onbekend is.")
    )
    location = models.CharField(_("locatie"), max_length=255, blank=True)
    url = models.URLField(_("pagina bij de gemeente"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )

    panels = [
        FieldPanel("council"),
        FieldPanel("body"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("start_time")]),
        FieldPanel("location"),
        FieldPanel("url"),
        FieldPanel("status"),
        InlinePanel("items", heading=_("Agendapunten"), label=_("agendapunt")),
    ]

    class Meta:
        ordering = ["-date", "-start_time"]
        verbose_name = _("vergadering")
        verbose_name_plural = _("vergaderingen")

    def __str__(self):
        return f"{self.title} ({self.date:%d-%m-%Y})"

    def clean(self):
        super().clean()
        if (
            self.council_id
            and self.body_id
            and self.body.municipality_id != self.council.municipality_id
        ):
            raise ValidationError(
                {
                    "body": _(
                        "Dit orgaan hoort bij een andere gemeente dan de cliëntenraad. "
                        "Kies een orgaan van %(municipality)s."
                    )
                    % {"municipality": self.council.municipality}
                }
            )


class TaggedAgendaItem(TopicTaggedItemBase):
    content_object = ParentalKey(
        "agenda.AgendaItem", on_delete=models.CASCADE, related_name="tagged_items"
    )


class AgendaItem(ClusterableModel):
    class Concern(models.TextChoices):
        ADVICE_REQUESTED = "advice_requested", _("advies gevraagd")
        UNSOLICITED_ADVICE = "unsolicited_advice", _("ongevraagd advies overwogen")
        INFORMATION = "information", _("ter informatie")

    meeting = ParentalKey(
        Meeting,
        verbose_name=_("vergadering"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    number = models.CharField(
        _("nummer"), max_length=20, help_text=_("Zoals op de agenda, bijvoorbeeld '5' of '6a'.")
    )
    title = models.CharField(_("titel"), max_length=255)
    summary = models.TextField(_("samenvatting"), blank=True)
    topics = ClusterTaggableManager(
        verbose_name=_("onderwerpen"), through=TaggedAgendaItem, blank=True
    )
    proposal_number = models.CharField(_("nummer raadsvoorstel"), max_length=100, blank=True)
    proposal_url = models.URLField(_("link naar de stukken"), max_length=500, blank=True)
    concern = models.CharField(
        _("belang voor de cliëntenraad"),
        max_length=32,
        choices=Concern.choices,
        default=Concern.INFORMATION,
    )

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("concern")]),
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("topics"),
        MultiFieldPanel(
            [FieldPanel("proposal_number"), FieldPanel("proposal_url")],
            heading=_("Stukken van de gemeente"),
        ),
    ]

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="unique_item_number_per_meeting",
                violation_error_message=_(
                    "Deze vergadering heeft al een agendapunt met dit nummer."
                ),
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"
