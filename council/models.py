"""The client councils, their members, the municipal bodies they advise, topics.

Every other record in Kanttekening belongs to a Council. The municipal bodies
(gemeenteraad, commissie, college, wethouder) are never called "council" in
code: that word is reserved for the client council.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from .dates import validate_plausible_year


class Municipality(models.Model):
    name = models.CharField(
        _("naam"),
        max_length=120,
        unique=True,
        error_messages={"unique": _("Deze gemeente bestaat al.")},
    )
    slug = models.SlugField(
        _("korte naam"),
        max_length=120,
        unique=True,
        help_text=_("Gebruikt in webadressen, bijvoorbeeld 'leiden'."),
        error_messages={"unique": _("Een andere gemeente gebruikt deze korte naam al.")},
    )
    website = models.URLField(_("website"), blank=True)
    cbs_code = models.CharField(
        _("CBS-code"),
        max_length=6,
        blank=True,
        validators=[
            RegexValidator(
                r"^gm[0-9]{4}$",
                message=_(
                    "Vul de CBS-code in als 'gm' met vier cijfers, bijvoorbeeld gm0546 voor Leiden."
                ),
            )
        ],
        help_text=_(
            "De gemeentecode van het CBS, bijvoorbeeld gm0546 voor Leiden. Nodig voor de "
            "Woo-sitemap (landelijke Woo-index): zonder code staan de adviezen van deze gemeente "
            "daar niet in."
        ),
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("website"), FieldPanel("cbs_code")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self):
        return self.name

    #: The TOOI identifiers of municipalities (https://identifier.overheid.nl/tooi/).
    TOOI_BASE = "https://identifier.overheid.nl/tooi/id/gemeente/"

    @property
    def tooi_uri(self):
        """The TOOI resource URI of the municipality, or "" without a CBS code."""
        return f"{self.TOOI_BASE}{self.cbs_code}" if self.cbs_code else ""


class MunicipalBodyQuerySet(models.QuerySet):
    def addressable(self):
        return self.select_related("municipality")


class MunicipalBody(models.Model):
    """A body of the municipality: what a letter is addressed to, who decides."""

    class Kind(models.TextChoices):
        MUNICIPAL_COUNCIL = "municipal_council", _("gemeenteraad")
        COMMITTEE = "committee", _("raadscommissie")
        EXECUTIVE = "executive", _("college van B&W")
        ALDERMAN = "alderman", _("wethouder")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="bodies",
    )
    kind = models.CharField(_("soort"), max_length=32, choices=Kind.choices)
    name = models.CharField(
        _("naam"),
        max_length=200,
        help_text=_("Zoals de gemeente het schrijft, bijvoorbeeld 'Commissie Werk & Financiën'."),
    )
    slug = models.SlugField(
        _("korte naam"),
        max_length=120,
        help_text=_("Gebruikt in webadressen en feeds; uniek binnen de gemeente."),
    )
    portfolio = models.CharField(
        _("portefeuille"),
        max_length=200,
        blank=True,
        help_text=_("Alleen voor een wethouder, bijvoorbeeld 'Werk en Inkomen'."),
    )
    website = models.URLField(_("website"), blank=True)

    objects = MunicipalBodyQuerySet.as_manager()

    panels = [
        FieldPanel("municipality"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("portfolio")]),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("website"),
    ]

    class Meta:
        ordering = ["municipality__name", "kind", "name"]
        verbose_name = _("gemeentelijk orgaan")
        verbose_name_plural = _("gemeentelijke organen")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "slug"],
                name="unique_body_slug_per_municipality",
                violation_error_message=_("Deze gemeente heeft al een orgaan met deze korte naam."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.municipality})"

    def clean(self):
        super().clean()
        if self.kind == self.Kind.ALDERMAN and not self.portfolio:
            raise ValidationError({"portfolio": _("Vul de portefeuille van de wethouder in.")})
        if self.kind != self.Kind.ALDERMAN and self.portfolio:
            raise ValidationError({"portfolio": _("Alleen een wethouder heeft een portefeuille.")})


class Council(models.Model):
    """A client council (cliëntenraad) and the rules of its local regulation."""

    class DayCount(models.TextChoices):
        CALENDAR = "calendar", _("kalenderdagen")
        WORKING = "working", _("werkdagen")

    name = models.CharField(
        _("naam"),
        max_length=200,
        unique=True,
        error_messages={"unique": _("Er bestaat al een cliëntenraad met deze naam.")},
    )
    slug = models.SlugField(
        _("korte naam"),
        max_length=80,
        unique=True,
        help_text=_("Gebruikt in webadressen en feeds, bijvoorbeeld 'leiden'."),
        error_messages={"unique": _("Een andere cliëntenraad gebruikt deze korte naam al.")},
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="councils",
        help_text=_("De gemeente waar de cliëntenraad bij hoort; die staat op de website."),
    )
    municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("adviseert gemeenten"),
        blank=True,
        related_name="advising_councils",
        help_text=_(
            "Alle gemeenten die de cliëntenraad adviseert, bijvoorbeeld bij een regionale "
            "sociale dienst. De gemeente hierboven telt altijd mee."
        ),
    )
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.TextField(_("postadres"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    notice_weeks = models.PositiveSmallIntegerField(
        _("weken voor een besluit"),
        default=6,
        validators=[MaxValueValidator(52)],
        help_text=_(
            "Zoveel weken voor een besluit moet de gemeente de cliëntenraad om advies vragen."
        ),
    )
    response_weeks = models.PositiveSmallIntegerField(
        _("weken voor een antwoord"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text=_("Binnen zoveel weken moet het college schriftelijk op een advies reageren."),
    )
    day_count = models.CharField(
        _("termijnen tellen in"),
        max_length=16,
        choices=DayCount.choices,
        default=DayCount.CALENDAR,
    )
    regulation_title = models.CharField(
        _("verordening"),
        max_length=255,
        blank=True,
        help_text=_("De verordening cliëntenparticipatie waar deze termijnen uit komen."),
    )
    regulation_url = models.URLField(_("link naar de verordening"), blank=True)
    discussion_approvals = models.PositiveSmallIntegerField(
        _("goedkeuringen in de bespreking"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(25)],
        help_text=_(
            "Zoveel verschillende leden (ook voorzitter en secretaris) moeten een brief "
            "goedkeuren in de stap 'Bespreking door de leden' voordat de voorzitter hem kan "
            "vaststellen. Wie de brief heeft ingediend of als laatste bewerkt, telt niet mee. "
            "Kies niet meer dan het aantal leden dat daarna nog overblijft."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("slug"),
                FieldPanel("municipality"),
                FieldPanel("municipalities"),
                FieldPanel("logo"),
            ],
            heading=_("Cliëntenraad"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("email"),
                FieldPanel("phone"),
                FieldPanel("website"),
                FieldPanel("address"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [
                HelpPanel(
                    content=_(
                        "Uit de verordening cliëntenparticipatie. Kanttekening rekent "
                        "hiermee uit of de cliëntenraad op tijd is gevraagd."
                    )
                ),
                FieldRowPanel([FieldPanel("notice_weeks"), FieldPanel("response_weeks")]),
                FieldPanel("day_count"),
                FieldPanel("regulation_title"),
                FieldPanel("regulation_url"),
            ],
            heading=_("Termijnen"),
        ),
        MultiFieldPanel([FieldPanel("discussion_approvals")], heading=_("Brieven")),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("cliëntenraad")
        verbose_name_plural = _("cliëntenraden")

    def __str__(self):
        return self.name

    @property
    def counts_working_days(self):
        return self.day_count == self.DayCount.WORKING

    def municipality_ids(self):
        """The ids of every municipality the council advises, the primary one included."""
        ids = {self.municipality_id}
        if self.pk:
            ids.update(self.municipalities.values_list("pk", flat=True))
        return ids

    def advises(self, municipality_id):
        return municipality_id in self.municipality_ids()

    def municipality_names(self):
        """The name to show: "Leiden", or "Leiden of Oegstgeest" for several municipalities."""
        ids = self.municipality_ids()
        if len(ids) == 1:
            return str(self.municipality)
        names = Municipality.objects.filter(pk__in=ids).values_list("name", flat=True)
        return " of ".join(sorted(names))


class MemberQuerySet(models.QuerySet):
    def with_public_name(self):
        """Members who consented to their name being published."""
        return self.filter(publish_name=True)

    def active_on(self, day):
        return self.filter(
            models.Q(active_from__isnull=True) | models.Q(active_from__lte=day),
            models.Q(active_to__isnull=True) | models.Q(active_to__gte=day),
        )

    def active(self):
        return self.active_on(timezone.localdate())


class Member(models.Model):
    """A member of a client council.

    Many members receive benefits themselves, so a name is published only
    with consent; without it the public sees the role alone.
    """

    class Role(models.TextChoices):
        CHAIR = "chair", _("voorzitter")
        SECRETARY = "secretary", _("secretaris")
        MEMBER = "member", _("lid")
        OFFICIAL_SUPPORT = "official_support", _("ambtelijk secretaris")

    council = models.ForeignKey(
        Council,
        verbose_name=_("cliëntenraad"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    name = models.CharField(_("naam"), max_length=200)
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices, default=Role.MEMBER)
    active_from = models.DateField(
        _("actief vanaf"), null=True, blank=True, validators=[validate_plausible_year]
    )
    active_to = models.DateField(
        _("actief tot en met"), null=True, blank=True, validators=[validate_plausible_year]
    )
    publish_name = models.BooleanField(
        _("naam mag openbaar"),
        default=False,
        help_text=_(
            "Alleen aanvinken als het lid toestemming heeft gegeven. Zonder toestemming "
            "toont de website alleen de rol."
        ),
    )
    email = models.EmailField(
        _("e-mailadres"),
        blank=True,
        help_text=_("Niet openbaar. Voor herinneringen aan de secretaris."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruikersaccount"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="council_memberships",
    )

    objects = MemberQuerySet.as_manager()

    panels = [
        FieldPanel("council"),
        FieldPanel("name"),
        FieldPanel("role"),
        FieldRowPanel([FieldPanel("active_from"), FieldPanel("active_to")]),
        FieldPanel("publish_name"),
        FieldPanel("email"),
        FieldPanel("user"),
    ]

    class Meta:
        ordering = ["council__name", "role", "name"]
        verbose_name = _("lid")
        verbose_name_plural = _("leden")

    def __str__(self):
        return f"{self.name} ({self.get_role_display()}, {self.council})"

    def clean(self):
        super().clean()
        if self.active_from and self.active_to and self.active_to < self.active_from:
            raise ValidationError(
                {"active_to": _("De einddatum ligt voor de begindatum. Controleer beide data.")}
            )


class Topic(TagBase):
    """A subject (onderwerp) that letters, agenda items and motions are tagged with."""

    description = models.TextField(_("omschrijving"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("onderwerp")
        verbose_name_plural = _("onderwerpen")


class TaggedWithTopics:
    """For models tagged through a ``TopicTaggedItemBase`` with ``related_name="tagged_items"``."""

    @property
    def topic_list(self):
        """The topics, from the prefetched through rows when there are any."""
        return [tagged.tag for tagged in self.tagged_items.all()]

    def topic_names(self):
        return ", ".join(topic.name for topic in self.topic_list)

    topic_names.short_description = _("onderwerpen")


class TopicTaggedItemBase(ItemBase):
    """Base for the through models that tag a record with topics.

    Each app declares its own concrete subclass with a ``content_object``
    (a ParentalKey for pages and clusterable snippets).
    """

    tag = models.ForeignKey(
        Topic,
        on_delete=models.CASCADE,
        related_name="%(app_label)s_%(class)s_items",
    )

    class Meta:
        abstract = True


@register_setting(icon="cog")
class SiteSettings(BaseGenericSetting):
    platform_name = models.CharField(
        _("naam van het platform"), max_length=100, default="Kanttekening"
    )
    tagline = models.CharField(
        _("ondertitel"),
        max_length=255,
        blank=True,
        default="Adviezen van cliëntenraden, en of de gemeente ze op tijd heeft gevraagd.",
    )
    contact_email = models.EmailField(_("e-mailadres voor vragen"), blank=True)

    panels = [FieldPanel("platform_name"), FieldPanel("tagline"), FieldPanel("contact_email")]

    class Meta:
        verbose_name = _("website-instellingen")


# Imported here, where Django looks for models: the glossary (council/glossary.py)
# and queued e-mail (council/mail.py).
from .glossary import GlossaryTerm  # noqa: E402,F401
from .mail import OutgoingMail  # noqa: E402,F401
