"""Advice letters: the Letter page (its adoptions and versions are in ``.versions``).

What a letter says lives in the page and its Wagtail revisions (every save
is one). What happened to it lives in plain tables beside the page, never in
revision content, so that publishing an old revision can never undo it:

- ``LetterAdoption``: the chair adopted this revision (the workflow's end);
- ``LetterVersion``: a frozen public text: the sent version, or the first
  publication of a letter that is not sent, and every change published after
  it, each with its fingerprint, its stored PDF and, for a change, its note.

The consultations a letter answers point here with a foreign key from
``Consultation`` (``related_name="consultations"``); the letter template
shows their verdicts through ``advice/includes/letter_consultation.html``.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import connections, models
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, TitleFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import (
    Page,
    PageManager,
    PagePermissionTester,
    PageViewRestriction,
    Revision,
)
from wagtail.query import PageQuerySet
from wagtail.search import index

from council.dates import DatePrecision, format_partial_date, validate_plausible_year
from council.models import Council, MunicipalBody, TaggedWithTopics, TopicTaggedItemBase
from council.public_site import public_site
from council.slugs import RouteSlugPageMixin

from .blocks import LetterBodyBlock
from .built import BuiltRevisions, PublishBuiltRevision
from .forms import LetterPageForm
from .panels import LetterStatusPanel, ReadabilityPanel
from .rules import LetterKind, LetterNotPublishable, publication_verdict
from .versions import LetterVersion

#: The plain-language summary: a few sentences (about 80 words), never a second letter.
SUMMARY_MAX_LENGTH = 600


#: Newest first by date, undated last: the first key of every listing's order.
_NEWEST = models.F("date").desc(nulls_last=True)


class LetterPageQuerySet(PageQuerySet):
    def of_council(self, council):
        return self.filter(council=council)

    def newest_first(self):
        return self.order_by(_NEWEST, "-first_published_at", "-pk")

    def for_listing(self):
        return self.select_related("council", "addressee")

    def newest_change_first(self):
        """By the latest change readers are told of: first publication or latest correction.

        A correction brings an old letter back to the top (of a feed), so that
        readers who follow it see it; a minor change does not.
        """
        latest_correction = (
            LetterVersion.objects.filter(
                letter=models.OuterRef("pk"), kind=LetterVersion.Kind.CORRECTION
            )
            .order_by("-recorded_at")
            .values("recorded_at")[:1]
        )
        return self.annotate(
            public_change_at=Greatest(
                Coalesce(models.Subquery(latest_correction), models.F("first_published_at")),
                models.F("first_published_at"),
            )
        ).order_by("-public_change_at", "-pk")

    def newest_changes(self, limit):
        """The first ``limit`` of ``newest_change_first``, without sorting every letter.

        A letter's latest change is its first publication or its latest
        correction. So the first ``limit`` by latest change are among the first
        ``limit`` by first publication (an index of ``wagtailcore_page``) and
        the ``limit`` letters corrected last (the corrections alone): only
        those candidates are sorted, in one query (docs/performance.md).
        """
        letters = self.order_by()
        by_publication = letters.order_by("-first_published_at", "-pk").values("pk")[:limit]
        by_correction = (
            LetterVersion.objects.filter(
                kind=LetterVersion.Kind.CORRECTION, letter__in=letters.values("pk")
            )
            .values("letter_id")
            .annotate(latest=models.Max("recorded_at"))
            .order_by("-latest", "-letter_id")
            .values("letter_id")[:limit]
        )
        if connections[self.db].features.supports_slicing_ordering_in_compound:
            # One IN over a UNION: PostgreSQL reads the candidates first and looks
            # the letters up by key (an OR of two INs tests every letter).
            candidates = self.filter(pk__in=by_publication.union(by_correction))
        else:
            # SQLite allows no LIMIT inside a UNION (and serves only small sites).
            candidates = self.filter(
                models.Q(pk__in=by_publication) | models.Q(pk__in=by_correction)
            )
        return candidates.newest_change_first()[:limit]


LetterPageManager = PageManager.from_queryset(LetterPageQuerySet)


class TaggedLetter(TopicTaggedItemBase):
    content_object = ParentalKey(
        "advice.LetterPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class LetterPermissionTester(PagePermissionTester):
    """A letter stays under its council, and a sent or published letter is never deleted."""

    def can_delete(self, ignore_bulk=False):
        if self.page.specific_deferred.versions.exists():
            return False
        return super().can_delete(ignore_bulk=ignore_bulk)

    def can_move(self):
        return False

    def can_move_to(self, destination):
        # Wagtail lets a superuser move anything; a letter stays under its council.
        return False

    def can_copy(self):
        return False

    def can_copy_to(self, destination, recursive=False):
        return False


class LetterPage(TaggedWithTopics, RouteSlugPageMixin, RoutablePageMixin, Page):
    council = models.ForeignKey(
        Council,
        verbose_name=_("cliëntenraad"),
        on_delete=models.PROTECT,
        related_name="letters",
        editable=False,
    )
    kind = models.CharField(
        _("soort"), max_length=32, choices=LetterKind.choices, default=LetterKind.REQUESTED_ADVICE
    )
    addressee = models.ForeignKey(
        MunicipalBody,
        verbose_name=_("geadresseerde"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
        help_text=_("Het orgaan van de gemeente aan wie de brief gericht is."),
    )
    salutation = models.CharField(
        _("aanhef"),
        max_length=255,
        blank=True,
        help_text=_(
            "Zoals in de brief, bijvoorbeeld 'Geachte leden van de commissie Werk & Financiën,'."
        ),
    )
    date = models.DateField(
        _("datum"),
        null=True,
        blank=True,
        help_text=_("Leeg laten als de datum onbekend is."),
        validators=[validate_plausible_year],
    )
    date_precision = models.CharField(
        _("datum bekend tot op"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    topics = ClusterTaggableManager(verbose_name=_("onderwerpen"), through=TaggedLetter, blank=True)
    agenda_items = ParentalManyToManyField(
        "agenda.AgendaItem", verbose_name=_("agendapunten"), blank=True, related_name="letters"
    )
    motions = ParentalManyToManyField(
        "motions.Motion", verbose_name=_("moties"), blank=True, related_name="letters"
    )
    body = StreamField(LetterBodyBlock(), verbose_name=_("tekst van de brief"))
    summary = models.TextField(
        _("samenvatting in gewone taal"),
        blank=True,
        max_length=SUMMARY_MAX_LENGTH,
        validators=[MaxLengthValidator(SUMMARY_MAX_LENGTH)],
        help_text=_(
            "In een paar korte zinnen, op taalniveau B1: wat adviseert de cliëntenraad, aan "
            "wie, en waarom. Gewone tekst, zonder opmaak; hoogstens %(max)d tekens. Nodig om "
            "de brief te publiceren."
        )
        % {"max": SUMMARY_MAX_LENGTH},
    )
    no_summary = models.BooleanField(
        _("geen samenvatting"),
        default=False,
        help_text=_(
            "Alleen als een samenvatting bij deze brief niet past. Geef dan de reden: die "
            "staat op de pagina van de brief."
        ),
    )
    no_summary_reason = models.CharField(
        _("reden voor geen samenvatting"), max_length=300, blank=True
    )

    # Set by the system, never by the form; kept when a revision is restored.
    reference_year = models.PositiveSmallIntegerField(_("kenmerk: jaar"), null=True, editable=False)
    reference_number = models.PositiveSmallIntegerField(
        _("kenmerk: volgnummer"), null=True, editable=False
    )
    source_id = models.CharField(
        _("bron-id"),
        max_length=120,
        blank=True,
        editable=False,
        help_text=_("Stabiele sleutel van een geïmporteerde brief."),
    )

    objects = LetterPageManager()

    content_panels = [
        LetterStatusPanel(heading=_("Status")),
        TitleFieldPanel("title", heading=_("Onderwerp")),
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("addressee"),
                FieldPanel("salutation"),
                FieldRowPanel([FieldPanel("date"), FieldPanel("date_precision")]),
            ],
            heading=_("Brief"),
        ),
        MultiFieldPanel(
            [FieldPanel("summary"), FieldPanel("no_summary"), FieldPanel("no_summary_reason")],
            heading=_("Samenvatting in gewone taal"),
        ),
        FieldPanel("body"),
        ReadabilityPanel(heading=_("Leesbaarheid (hulpmiddel)")),
        MultiFieldPanel(
            [FieldPanel("topics"), FieldPanel("agenda_items"), FieldPanel("motions")],
            heading=_("Onderwerpen en koppelingen"),
        ),
        MultiFieldPanel(
            [FieldPanel("change_kind"), FieldPanel("change_note")],
            heading=_("Wijziging na verzending"),
        ),
    ]
    promote_panels = Page.promote_panels
    # Every text field is indexed twice: whole words (stemmed on PostgreSQL) and
    # for prefix matching, which the public search uses (publications.search).
    search_fields = Page.search_fields + [
        index.SearchField("body"),
        index.SearchField("salutation"),
        index.SearchField("summary"),
        index.AutocompleteField("body"),
        index.AutocompleteField("salutation"),
        index.AutocompleteField("summary"),
        index.RelatedFields("topics", [index.SearchField("name"), index.AutocompleteField("name")]),
        index.FilterField("council"),
        index.FilterField("kind"),
    ]

    parent_page_types = ["publications.CouncilPage"]
    subpage_types = []
    base_form_class = LetterPageForm
    exclude_fields_in_copy = ["source_id", "reference_year", "reference_number"]
    preview_modes = [("", _("Webpagina")), ("pdf", _("PDF"))]

    # Kept from the page itself when a revision is restored (see with_content_json).
    SYSTEM_FIELDS = ("council_id", "reference_year", "reference_number", "source_id")

    class Meta:
        verbose_name = _("brief")
        verbose_name_plural = _("brieven")
        permissions = [("send_letter", _("Mag de verzending van brieven vastleggen"))]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "reference_year", "reference_number"],
                name="unique_letter_reference_per_council_and_year",
                violation_error_message=_("Deze cliëntenraad gebruikt dit kenmerk al."),
            ),
            models.UniqueConstraint(
                fields=["source_id"],
                condition=~models.Q(source_id=""),
                name="unique_letter_source_id",
                violation_error_message=_("Er is al een brief met deze bron-id."),
            ),
        ]
        # The order of ``newest_first`` (date, newest first, undated last), alone and
        # within a council or an addressee: a listing reads its first rows through
        # one of these and stops, instead of sorting every letter (docs/performance.md).
        indexes = [
            models.Index(_NEWEST, name="letter_newest_first_idx"),
            models.Index(models.F("council"), _NEWEST, name="letter_council_newest_idx"),
            models.Index(models.F("addressee"), _NEWEST, name="letter_addressee_newest_idx"),
        ]

    # --- Derived values ---------------------------------------------------------

    @property
    def reference(self):
        """The council's reference (kenmerk), e.g. ``CR-2009-004``, or "" before adoption."""
        if self.reference_year is None or self.reference_number is None:
            return ""
        return f"CR-{self.reference_year}-{self.reference_number:03d}"

    @property
    def date_display(self):
        return format_partial_date(self.date, self.date_precision)

    @property
    def summary_state(self):
        """What readers are given as the summary: ``(summary, reason for none)``.

        Frozen with each version (``LetterVersion.summary``) and compared with
        it when publishing: a changed summary is a changed text.
        """
        summary = self.summary.strip()
        if summary:
            return (summary, "")
        if self.no_summary:
            return ("", self.no_summary_reason.strip())
        return ("", "")

    @property
    def must_be_sent_before_publishing(self):
        return LetterKind.must_be_sent(self.kind)

    def clean(self):
        super().clean()
        if (
            self.addressee_id
            and self.council_id
            and self.addressee.municipality_id != self.council.municipality_id
        ):
            raise ValidationError(
                {
                    "addressee": _(
                        "Dit orgaan hoort bij een andere gemeente. Kies een orgaan van %(municipality)s."
                    )
                    % {"municipality": self.council.municipality}
                }
            )

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        for name in self.SYSTEM_FIELDS:
            setattr(obj, name, getattr(self, name))
        return obj

    def permissions_for_user(self, user):
        return LetterPermissionTester(user, self)

    def get_view_restrictions(self):
        """Wagtail's answer in one query: the restrictions on this page and its ancestors.

        As ``Page.get_view_restrictions``, an alias among them counts by its
        source page; Wagtail first reads the ancestors, then their restrictions.
        """
        steplen = self.steplen
        paths = [self.path[:end] for end in range(steplen, len(self.path), steplen)]
        ancestors = Page.objects.filter(path__in=paths)
        return PageViewRestriction.objects.filter(
            models.Q(page_id=self.alias_of_id or self.pk)
            | models.Q(page__in=ancestors.filter(alias_of__isnull=True).values("pk"))
            | models.Q(page__in=ancestors.filter(alias_of__isnull=False).values("alias_of"))
        )

    def get_workflow(self):
        """ "Vaststellen" (assigned at the root) until the letter is sent or published; then "Correctie".

        A change of a sent or published text is reviewed by a second person of
        the council before it may be published (``rules.publication_verdict``).
        """
        workflow = super().get_workflow()
        if workflow is None or self.pk is None or not self.versions.exists():
            return workflow
        from .approval import correction_workflow

        return correction_workflow()

    @property
    def has_workflow(self):
        # Wagtail's own answer looks at the assigned workflow ("Vaststellen") only.
        return self.get_workflow() is not None

    # --- Publishing ----------------------------------------------------------------

    def publish(
        self,
        revision,
        user=None,
        changed=True,
        log_action=True,
        previous_revision=None,
        skip_permission_checks=False,
        *,
        facts=None,
        built=None,
    ):
        """Every way of publishing a revision (bulk action, schedule, API) passes here.

        The admin's Publish button goes through ``advice.services.letter_publish``
        (via the ``before_publish_page`` hook), which records the version first;
        this guard refuses whatever has not been adopted, sent or noted.

        ``letter_publish`` passes the ``facts`` it gathered for this revision in
        this transaction, and the revisions it built (``built``), so that one
        publish gathers them once; they are judged here again, by the same rule.
        Every other caller passes neither, and the facts are gathered here.
        """
        if facts is None:
            built = BuiltRevisions()
            facts = self.publication_facts(revision, built=built)
        verdict = publication_verdict(**facts)
        if verdict.refusal:
            raise LetterNotPublishable(verdict.refusal)
        if built is None or revision not in built:
            return super().publish(
                revision,
                user=user,
                changed=changed,
                log_action=log_action,
                previous_revision=previous_revision,
                skip_permission_checks=skip_permission_checks,
            )
        # Wagtail's own publish action, given the revision as already built for the facts.
        return PublishBuiltRevision(
            revision,
            page=built.page(revision),
            user=user,
            changed=changed,
            log_action=log_action,
            previous_revision=previous_revision,
        ).execute(skip_permission_checks=skip_permission_checks)

    def publication_facts(self, revision, *, change_kind="", change_note="", built=None):
        """What ``rules.publication_verdict`` needs to judge publishing ``revision``.

        ``built`` (``BuiltRevisions``) keeps each revision built and its text
        rendered once, here and in what the publish does next.
        """
        from .approval import reviewed_revision_ids

        built = built if built is not None else BuiltRevisions()
        adoption = self.adoptions.select_related("revision").first()
        latest = self.versions.select_related("revision").order_by("-number").first()
        text = built.text(revision)
        summary = built.summary_state(revision)
        # A version recorded without a summary takes the first one published with its text
        # (``letter_publish``); after that, a changed summary is a changed text.
        matches_latest = (
            latest is not None
            and text == built.text(latest.revision)
            and (summary == latest.summary_state or not any(latest.summary_state))
        )
        # Was this text approved in "Correctie beoordelen"? Asked only of a changed text.
        reviewed = (
            latest is not None
            and not matches_latest
            and any(
                text == built.text(approved) and summary == built.summary_state(approved)
                for approved in Revision.objects.filter(pk__in=reviewed_revision_ids(self))
            )
        )
        return {
            "kind": self.kind,
            "adopted": adoption is not None,
            "has_versions": latest is not None,
            "matches_latest_version": matches_latest,
            "matches_adoption": (adoption is not None and text == built.text(adoption.revision)),
            "reviewed": reviewed,
            "has_summary": any(summary),
            "change_kind": change_kind,
            "change_note": change_note,
        }

    # --- Public routes ---------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        versions = list(self.versions.all())
        # The summary shown; a version's page shows the one frozen with it (``version``).
        plain_summary, no_summary_reason = self.summary_state
        context.update(
            plain_summary=plain_summary,
            no_summary_reason=no_summary_reason,
            shown=kwargs.get("shown", self),
            versions=versions,
            sent_version=next((v for v in versions if v.kind == LetterVersion.Kind.SENT), None),
            current_version=versions[-1] if versions else None,
            corrections=[v for v in versions if v.kind == LetterVersion.Kind.CORRECTION],
            linked_items=list(
                self.agenda_items.select_related(
                    "meeting__body", public_site().council_page_path("meeting__council")
                )
            ),
            linked_motions=list(
                self.motions.select_related(public_site().council_page_path("council"))
            ),
            topic_list=list(self.topics.all()),
            consultations=self.answered_consultations(),
        )
        return context

    def answered_consultations(self):
        """The consultations this letter answers, each with its verdict, for the public page."""
        if self.pk is None:  # previewing a letter that is not saved yet
            return []
        today = timezone.localdate()
        consultations = (
            self.consultations.with_advice_sent()
            .select_related(public_site().council_page_path("council"), "body")
            .order_by("pk")
        )
        return [
            {
                "consultation": consultation,
                "judgement": consultation.judgement(today),
                "url": consultation.get_absolute_url(),
            }
            for consultation in consultations
        ]

    @path("")
    def current(self, request):
        return self.render(request)

    @path("versies/<int:number>/")
    def version(self, request, number):
        version = get_object_or_404(self.versions.select_related("revision"), number=number)
        return self.render(
            request,
            template="advice/letter_version.html",
            context_overrides={
                "shown": version.revision.as_object(),
                "version": version,
                "plain_summary": version.summary,
                "no_summary_reason": version.no_summary_reason,
            },
        )

    @path("pdf/")
    def current_pdf(self, request):
        version = self.versions.order_by("-number").first()
        if version is None:
            raise Http404
        return version.pdf_response()

    @path("versies/<int:number>/pdf/")
    def version_pdf(self, request, number):
        return get_object_or_404(self.versions, number=number).pdf_response()

    @path("versies/<int:number>/tekst/")
    def version_text(self, request, number):
        return get_object_or_404(self.versions, number=number).text_response()

    def serve_preview(self, request, mode_name):
        if mode_name == "pdf":
            from .rendering import pdf_response, render_letter_pdf

            return pdf_response(render_letter_pdf(self), filename=f"{self.slug}-voorbeeld.pdf")
        return super().serve_preview(request, mode_name)
