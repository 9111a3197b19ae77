"""Municipal meetings and their agenda items, as a client council follows them.

Clerks log the meetings the council follows so that it can advise in time.
A meeting belongs to the council that follows it and is held by one
municipal body of that council's municipality.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.models import RevisionMixin

from council.dates import validate_plausible_year
from council.models import Council, MunicipalBody, TaggedWithTopics, TopicTaggedItemBase
from council.sources import ImportedRecord, source_unique
from council.stale_edits import VersionedAdminForm
from council.versioning import Versioned

from .forms import AgendaItemsPanel, MeetingForm
from .numbering import in_number_order
from .routes import MeetingRoutes
from .rules import MeetingStatus
from .validation import SkipsRefusedFields

PUBLIC_NOTICE = _(
    "Alles wat u hier invult is openbaar: het staat op de website van de cliëntenraad "
    "en in de agenda-bestanden (iCal)."
)
DUPLICATE_NUMBER = "duplicate_item_number"
DUPLICATE_NUMBER_MESSAGE = _(
    "Deze vergadering heeft al een agendapunt met nummer %(number)s. Kies een ander nummer."
)


class MeetingQuerySet(models.QuerySet):
    def for_council(self, council):
        return self.filter(council=council)

    def upcoming(self, today):
        """Meetings on or after ``today``, the first one first."""
        return self.filter(date__gte=today).order_by("date", "start_time", "pk")

    def past(self, today):
        """Meetings before ``today``, the latest one first."""
        return self.filter(date__lt=today).order_by("-date", "-start_time", "-pk")

    def between(self, first, last):
        return self.filter(date__gte=first, date__lte=last)

    def years(self):
        """The years in which there are meetings, the latest first."""
        return [day.year for day in self.dates("date", "year", order="DESC")]

    def for_listing(self):
        return self.select_related("body").annotate(item_count=Count("items"))

    def with_items(self, items=None):
        """Prefetch the items and their topics; ``items`` may add prefetches of its own."""
        items = items if items is not None else AgendaItem.objects.all()
        return self.select_related("body", "council").prefetch_related(
            Prefetch("items", queryset=items.prefetch_related("tagged_items__tag"))
        )

    def for_calendar(self):
        return (
            self.select_related("body", "latest_revision")
            .prefetch_related("items")
            .order_by("date", "start_time", "pk")
        )

    def concerning_council(self):
        """Meetings with at least one item on which the council advises."""
        return self.filter(
            Exists(AgendaItem.objects.concerning_council().filter(meeting=OuterRef("pk")))
        )

    def with_items_concerning_council(self):
        return self.select_related("body", "council").prefetch_related(
            Prefetch(
                "items",
                queryset=AgendaItem.objects.concerning_council(),
                to_attr="items_concerning_council",
            )
        )


def item_panels():
    """An agenda item's fields, in the meeting's inline editor and on their own."""
    return [
        FieldRowPanel([FieldPanel("number"), FieldPanel("concern")]),
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("topics"),
        MultiFieldPanel(
            [FieldPanel("proposal_number"), FieldPanel("proposal_url")],
            heading=_("Stukken van de gemeente"),
        ),
    ]


class Meeting(Versioned, ImportedRecord, SkipsRefusedFields, RevisionMixin, ClusterableModel):
    Status = MeetingStatus
    this_label = _("deze vergadering")

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
        help_text=_("Het orgaan van de gemeente dat vergadert, bijvoorbeeld de raadscommissie."),
    )
    title = models.CharField(_("titel"), max_length=255)
    date = models.DateField(_("datum"), validators=[validate_plausible_year])
    start_time = models.TimeField(
        _("aanvang"), null=True, blank=True, help_text=_("Leeg laten als de tijd onbekend is.")
    )
    end_time = models.TimeField(
        _("einde"), null=True, blank=True, help_text=_("Leeg laten als de tijd onbekend is.")
    )
    location = models.CharField(
        _("locatie"), max_length=255, blank=True, help_text=_("Leeg laten als die onbekend is.")
    )
    url = models.URLField(_("pagina bij de gemeente"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )

    objects = MeetingQuerySet.as_manager()

    base_form_class = MeetingForm

    panels = [
        HelpPanel(content=PUBLIC_NOTICE),
        FieldPanel("council"),
        FieldPanel("body"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("location"),
        FieldPanel("url"),
        FieldPanel("status"),
        AgendaItemsPanel(
            "items",
            heading=_("Agendapunten"),
            label=_("agendapunt"),
            panels=item_panels(),
        ),
    ]

    class Meta:
        ordering = ["-date", "-start_time"]
        verbose_name = _("vergadering")
        verbose_name_plural = _("vergaderingen")
        constraints = [source_unique("council", name="unique_meeting_source_id_per_council")]

    def __str__(self):
        return f"{self.title} ({self.date:%d-%m-%Y})"

    def clean(self):
        super().clean()
        errors = {}
        if self.council_id and self.body_id and not self.council.advises(self.body.municipality_id):
            errors["body"] = _(
                "Dit orgaan hoort bij een andere gemeente dan de cliëntenraad. "
                "Kies een orgaan van %(municipality)s."
            ) % {"municipality": self.council.municipality_names()}
        if self.end_time and not self.start_time and self.can_judge("start_time"):
            errors["end_time"] = _("Vul ook de aanvang in, of laat het einde leeg.")
        elif self.end_time and self.start_time and self.end_time <= self.start_time:
            errors["end_time"] = _("Het einde ligt voor of op de aanvang. Controleer beide tijden.")
        if self.status == self.Status.HELD and self.date and self.date > timezone.localdate():
            errors["status"] = _(
                "Deze vergadering ligt in de toekomst en kan dus nog niet gehouden zijn."
            )
        if errors:
            raise ValidationError(errors)

    def items_in_order(self):
        """The items in agenda order ("2" before "10", "6" before "6a")."""
        return in_number_order(self.items.all())


class TaggedAgendaItem(TopicTaggedItemBase):
    content_object = ParentalKey(
        "agenda.AgendaItem", on_delete=models.CASCADE, related_name="tagged_items"
    )


class AgendaItemQuerySet(models.QuerySet):
    def concerning_council(self):
        return self.filter(concern__in=AgendaItem.ADVICE_CONCERNS)


class AgendaItem(Versioned, ImportedRecord, TaggedWithTopics, ClusterableModel):
    this_label = _("dit agendapunt")

    class Concern(models.TextChoices):
        UNKNOWN = "", _("onbekend")
        ADVICE_REQUESTED = "advice_requested", _("advies gevraagd")
        UNSOLICITED_ADVICE = "unsolicited_advice", _("ongevraagd advies overwogen")
        INFORMATION = "information", _("ter informatie")

    # The items the dashboard and the council's own planning care about.
    ADVICE_CONCERNS = (Concern.ADVICE_REQUESTED, Concern.UNSOLICITED_ADVICE)

    meeting = ParentalKey(
        Meeting,
        verbose_name=_("vergadering"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    number = models.CharField(
        _("nummer"),
        max_length=20,
        blank=True,
        help_text=_(
            "Zoals op de agenda, bijvoorbeeld '5' of '6a'. Leeg laten als het nummer onbekend is."
        ),
    )
    title = models.CharField(_("titel"), max_length=255)
    summary = models.TextField(_("samenvatting"), blank=True)
    topics = ClusterTaggableManager(
        verbose_name=_("onderwerpen"),
        through=TaggedAgendaItem,
        blank=True,
        help_text=_("Onderwerpen, gescheiden door komma's."),
    )
    proposal_number = models.CharField(_("nummer raadsvoorstel"), max_length=100, blank=True)
    proposal_url = models.URLField(_("link naar de stukken"), max_length=500, blank=True)
    concern = models.CharField(
        _("belang voor de cliëntenraad"),
        max_length=32,
        choices=Concern.choices,
        default=Concern.INFORMATION,
        blank=True,
    )

    objects = AgendaItemQuerySet.as_manager()

    base_form_class = VersionedAdminForm
    panels = [FieldPanel("meeting"), *item_panels()]

    class Meta:
        ordering = ["number", "pk"]
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                condition=~Q(number=""),
                name="unique_item_number_per_meeting",
                violation_error_code=DUPLICATE_NUMBER,
                violation_error_message=_(
                    "Deze vergadering heeft al een agendapunt met dit nummer."
                ),
            ),
            # Per council in import_ods (an item may move to another meeting); per meeting here.
            source_unique("meeting", name="unique_item_source_id_per_meeting"),
        ]

    def __str__(self):
        if self.number:
            return f"{self.number}. {self.title}"
        return self.title

    def get_absolute_url(self):
        """The item on its meeting's public page, or "" while the council has no live page.

        The public site decides (``council.public_site``); select
        ``public_site().council_page_path("meeting__council")`` to keep it query-free.
        """
        routes = MeetingRoutes.of_live_council(self.meeting.council)
        if routes is None:
            return ""
        return f"{routes.meeting(self.meeting_id)}#agendapunt-{self.pk}"

    def validate_constraints(self, exclude=None):
        # The unique constraint has a condition (blank numbers may repeat), so
        # Django reports a clash as a form-wide error; put it on the number.
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict({})
            remaining = [
                message
                for message in errors.get(NON_FIELD_ERRORS, [])
                if getattr(message, "code", None) != DUPLICATE_NUMBER
            ]
            if len(remaining) != len(errors.get(NON_FIELD_ERRORS, [])):
                errors["number"] = [
                    ValidationError(
                        DUPLICATE_NUMBER_MESSAGE,
                        code=DUPLICATE_NUMBER,
                        params={"number": self.number},
                    )
                ]
                if remaining:
                    errors[NON_FIELD_ERRORS] = remaining
                else:
                    errors.pop(NON_FIELD_ERRORS, None)
            raise ValidationError(errors) from error
