"""``/api/v2/pages/``: published letters."""

from wagtail.api import APIField
from wagtail.api.v2.filters import OrderingFilter
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.models import Page

from advice.letters.rendering import letter_html
from advice.letters.rules import LetterKind
from advice.models import LetterPage, LetterVersion
from council.models import Council, Topic

from .. import caching, queries
from ..feeds import sanitise
from ..filters import KIND_PARAMS
from ..search import search_letters
from .base import (
    CleanSearchFilter,
    Computed,
    DeclaredFilters,
    PublicAPIMixin,
    QueryFilter,
    _body,
    _council,
    _detail_url,
    _page_url,
    _ref,
    _topics,
    absolute,
    by_body,
    by_choice,
    by_slug,
    by_year,
)

# --- Letters (Wagtail pages) -----------------------------------------------------------------------


def _letter_versions(letter, request):
    url = letter.get_url(request)
    return [
        {
            "number": version.number,
            "kind": version.kind,
            "note": version.note if version.kind == LetterVersion.Kind.CORRECTION else "",
            "recorded_at": version.recorded_at.isoformat(),
            "sent_on": _ref(version.sent_on),
            "sent_to": version.sent_to,
            "fingerprint": version.fingerprint,
            "html_url": absolute(request, f"{url}versies/{version.number}/"),
            "pdf_url": absolute(request, f"{url}versies/{version.number}/pdf/"),
            "text_url": absolute(request, f"{url}versies/{version.number}/tekst/"),
        }
        for version in letter.versions.all()
        if version.kind != LetterVersion.Kind.MINOR
    ]


def _letter_html(letter, request):
    return sanitise(letter_html(letter), base_url=request.build_absolute_uri("/"))


#: ``?kind=`` takes the site's Dutch values (``gevraagd-advies``) and the stored ones
#: (``requested_advice``, what the ``kind`` field shows).
KIND_CHOICES = {**{value: value for value in LetterKind.values}, **KIND_PARAMS}


class LetterPagesAPIViewSet(PublicAPIMixin, PagesAPIViewSet):
    """Published letters, as Wagtail pages. Drafts, owners, comments and revisions never show."""

    name = "pages"
    model = LetterPage
    open_data_description = "Gepubliceerde brieven en adviezen, de nieuwste eerst."
    cache_scopes = (caching.LETTERS,)
    filter_backends = [DeclaredFilters, OrderingFilter, CleanSearchFilter]
    query_filters = {
        "council": QueryFilter(
            by_slug(Council, "council", "council"), "korte naam van de cliëntenraad"
        ),
        "topic": QueryFilter(
            by_slug(Topic, "tagged_items__tag", "topic"), "korte naam van het onderwerp"
        ),
        "body": QueryFilter(by_body("addressee"), "geadresseerde: '<gemeente>/<orgaan>'"),
        "kind": QueryFilter(
            by_choice("kind", KIND_CHOICES, "kind"),
            "soort: "
            + ", ".join(KIND_PARAMS)
            + " (zoals op de site), of zoals het veld kind ze toont: "
            + ", ".join(LetterKind.values),
        ),
        "year": QueryFilter(by_year("date"), "jaar van de datum van de brief"),
    }
    body_fields = [
        "id",
        "title",
        "kind",
        "date",
        "date_precision",
        APIField("date_display", serializer=Computed(lambda letter, r: str(letter.date_display))),
        APIField("reference", serializer=Computed(lambda letter, r: letter.reference)),
        APIField("council", serializer=Computed(lambda letter, r: _council(letter.council))),
        APIField("addressee", serializer=Computed(lambda letter, r: _body(letter.addressee))),
        "salutation",
        APIField("summary", serializer=Computed(lambda letter, r: letter.summary_state[0])),
        APIField(
            "no_summary_reason", serializer=Computed(lambda letter, r: letter.summary_state[1])
        ),
        APIField("topics", serializer=Computed(lambda letter, r: _topics(letter))),
        APIField("versions", serializer=Computed(_letter_versions)),
        APIField(
            "pdf_url",
            serializer=Computed(
                lambda letter, r: (
                    absolute(r, letter.get_url(r) + "pdf/") if letter.versions.all() else None
                )
            ),
        ),
        APIField("html", serializer=Computed(_letter_html)),
    ]
    meta_fields = [
        "type",
        APIField("detail_url", serializer=Computed(_detail_url)),
        APIField("html_url", serializer=Computed(_page_url)),
        "slug",
        "first_published_at",
        "last_published_at",
    ]
    listing_default_fields = [
        "id",
        "type",
        "detail_url",
        "html_url",
        "title",
        "kind",
        "date",
        "date_display",
        "reference",
        "council",
        "addressee",
        "summary",
        "topics",
        "first_published_at",
        "last_published_at",
        "pdf_url",
    ]
    nested_default_fields = ["id", "type", "detail_url", "title"]
    detail_only_fields = ["html"]

    def extra_parameters(self):
        return {"search", "search_operator"}

    def get_base_queryset(self):
        """Live, public pages only: also for a logged-in user or one who passed a password."""
        return Page.objects.live().public()

    def public_queryset(self):
        return (
            queries.public_letters()
            .for_listing()
            .select_related("addressee__municipality")
            .prefetch_related("versions", *queries.LISTING_PREFETCH)
            .newest_first()
        )

    def searchable_queryset(self):
        return (
            LetterPage.objects.live()
            .for_listing()
            .select_related("addressee__municipality")
            .prefetch_related("versions", *queries.LISTING_PREFETCH)
        )

    def run_search(self, candidates, query, *, raw, operator):
        return search_letters(candidates, query, raw=raw, operator=operator)

    def get_serializer_context(self):
        # No "parent" or "alias_of" field, so no base queryset (and its query).
        return BaseAPIViewSet.get_serializer_context(self)

    @classmethod
    def get_detail_default_fields(cls, model):
        return cls.get_available_fields(model)
