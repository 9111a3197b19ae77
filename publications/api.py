"""The open-data API: read-only JSON of published letters, meetings and motions.

Built on Wagtail's API v2 (``WagtailAPIRouter``, ``BaseAPIViewSet``), at
``/api/v2/``. Every endpoint derives from :class:`PublicAPIMixin`: JSON only,
no authentication (the answer is the same for everyone, and a logged-in
editor sees no more than anyone else), explicit fields, explicit query
parameters whose values are checked before they reach the database (a bad
value is a 400 with a message, never a 500), and the public cache's scopes.

Adding an endpoint (see docs/public-site.md)::

    class ConsultationsAPIViewSet(PublicAPIMixin, BaseAPIViewSet):
        name = "consultations"
        model = Consultation
        cache_scopes = (caching.CONSULTATIONS,)
        body_fields = ["id", APIField("verdict", serializer=Computed(lambda c, r: ...))]
        query_filters = {"council": QueryFilter(by_council_slug, "slug van de cliëntenraad")}

        def get_queryset(self):
            return Consultation.objects.filter(...).order_by("-pk")

    api_router.register_endpoint("consultations", ConsultationsAPIViewSet)
"""

import dataclasses
import datetime
from collections.abc import Callable
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.fields import Field
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from wagtail.api import APIField
from wagtail.api.v2.filters import OrderingFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.models import Page

from advice.consultations import fields as consultation_fields
from advice.letters.rules import LetterKind
from advice.models import Consultation, LetterPage, LetterVersion
from agenda.models import Meeting
from agenda.numbering import in_number_order
from agenda.routes import CouncilRoutes
from agenda.rules import public_status
from council.models import Council, MunicipalBody, Topic
from motions.models import Motion
from motions.views import STATUS_PARAMS

from . import caching, queries
from .filters import clean_query

MAX_ID = 2**63 - 1
MAX_OFFSET = 10**6

api_router = WagtailAPIRouter("wagtailapi")


# --- Building blocks ------------------------------------------------------------------------------


class Computed(Field):
    """A read-only field: ``function(instance, request)``, for what is not a plain column."""

    def __init__(self, function, **kwargs):
        self.function = function
        kwargs.setdefault("read_only", True)
        super().__init__(source="*", **kwargs)

    def to_representation(self, instance):
        return self.function(instance, self.context["request"])


@dataclasses.dataclass(frozen=True)
class QueryFilter:
    """A query parameter: ``apply(queryset, value)`` narrows, or raises BadRequestError."""

    apply: Callable
    help: str  # Dutch, shown on the open-data page


def absolute(request, path):
    return request.build_absolute_uri(path) if path else None


def _detail_url(instance, request):
    path = request.wagtailapi_router.get_object_detail_urlpath(type(instance), instance.pk)
    return absolute(request, path)


def _ref(value):
    if value is None:
        return None
    return value.isoformat()


def _council(council):
    return {"slug": council.slug, "name": council.name} if council is not None else None


def _body(body):
    if body is None:
        return None
    return {
        "slug": body.slug,
        "name": body.name,
        "kind": body.kind,
        "municipality": body.municipality.slug,
    }


def _topics(record):
    return [{"slug": t.tag.slug, "name": t.tag.name} for t in record.tagged_items.all()]


def _digits(value):
    """Only 0-9: ``"²".isdigit()`` is true, but ``int("²")`` fails."""
    return value.isascii() and value.isdigit()


class SafePagination(WagtailPagination):
    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        if len(offset) > 7 or (_digits(offset) and int(offset) > MAX_OFFSET):
            raise BadRequestError(f"offset must be a positive integer up to {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class DeclaredFilters:
    """Applies the endpoint's ``query_filters``."""

    def filter_queryset(self, request, queryset, view):
        for name, query_filter in view.query_filters.items():
            value = request.GET.get(name)
            if value is None:
                continue
            if "\x00" in value or len(value) > 200:
                raise BadRequestError(f"{name}: not a valid value")
            queryset = query_filter.apply(queryset, value.strip())
        return queryset


class CleanSearchFilter:
    """Full-text search on ``?search=``, given only its words (see filters.clean_query).

    The other filters narrow the candidates by primary key, so any filter
    combines with the search; the results come by relevance.
    """

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        if "order" in request.GET:
            raise BadRequestError(
                "order cannot be combined with search (results come by relevance)"
            )
        operator = request.GET.get("search_operator") or "and"
        if operator not in ("and", "or"):
            raise BadRequestError("search_operator: 'and' or 'or'")
        query, _note = clean_query(request.GET["search"])
        if not query:
            return queryset.none()
        candidates = view.searchable_queryset().filter(pk__in=queryset.values("pk"))
        return candidates.search(query, operator=operator)


def by_slug(model, field, label):
    def apply(queryset, value):
        record = model.objects.filter(slug=value).first()
        if record is None:
            raise BadRequestError(f"{label}: unknown slug '{value[:40]}'")
        return queryset.filter(**{field: record})

    return apply


def by_body(field):
    def apply(queryset, value):
        municipality, _, slug = value.partition("/")
        body = MunicipalBody.objects.filter(municipality__slug=municipality, slug=slug).first()
        if body is None:
            raise BadRequestError("body: expected '<municipality>/<body>' of a known body")
        return queryset.filter(**{field: body})

    return apply


def by_year(field):
    def apply(queryset, value):
        if not (_digits(value) and len(value) == 4):
            raise BadRequestError("year: expected a year of four digits")
        return queryset.filter(
            **{f"{field}__gte": datetime.date(int(value), 1, 1)},
            **{f"{field}__lt": datetime.date(int(value) + 1, 1, 1)},
        )

    return apply


def by_choice(field, choices, label):
    def apply(queryset, value):
        if value not in choices:
            raise BadRequestError(f"{label}: one of {', '.join(sorted(choices))}")
        return queryset.filter(**{field: choices[value]})

    return apply


class PublicAPIMixin:
    """What every open-data endpoint shares. Put it before the Wagtail viewset class."""

    renderer_classes = [JSONRenderer]
    authentication_classes = ()
    permission_classes = (AllowAny,)
    pagination_class = SafePagination
    filter_backends = [DeclaredFilters, OrderingFilter]
    meta_fields = ["type", APIField("detail_url", serializer=Computed(_detail_url))]
    query_filters = {}
    #: The public cache's scopes of what the endpoint shows (publications.caching).
    cache_scopes = ()
    #: True when an answer depends on today's date (a derived status).
    cache_daily = False
    #: Dutch, for the open-data page.
    description = ""
    base_parameters = frozenset(["limit", "offset", "fields", "order", "format", "_"])

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        caching.depends_on(request, *self.cache_scopes, daily=self.cache_daily)

    def check_query_parameters(self, queryset):
        allowed = self.base_parameters | set(self.query_filters) | self.extra_parameters()
        unknown = set(self.request.GET.keys()) - allowed
        if unknown:
            raise BadRequestError(
                "query parameter is not an operation or a recognised filter: "
                + ", ".join(sorted(name[:40] for name in unknown))
            )

    def extra_parameters(self):
        return set()

    def public_queryset(self):
        """What the endpoint may ever show (subclasses say it)."""
        raise NotImplementedError

    def get_queryset(self):
        # Built once per request: the serializer asks for its model too.
        if not hasattr(self, "_public_queryset"):
            self._public_queryset = self.public_queryset()
        return self._public_queryset

    def find_view(self, request):
        value = request.GET.get("id", "")
        if value and not (_digits(value) and int(value) <= MAX_ID):
            from django.http import Http404

            raise Http404("not found")
        response = super().find_view(request)
        if response.status_code == 302:  # to the detail URL, on the request's own host
            target = urlsplit(response["Location"])
            query = f"?{target.query}" if target.query else ""
            response["Location"] = request.build_absolute_uri(target.path + query)
        return response

    def get_object(self):
        pk = self.kwargs.get("pk")
        if pk is not None and int(pk) > MAX_ID:
            from django.http import Http404

            raise Http404("not found")
        return super().get_object()

    def filter_queryset(self, queryset):
        try:
            return super().filter_queryset(queryset)
        except (ValidationError, ValueError, OverflowError) as error:
            raise BadRequestError(str(error)[:200]) from error

    @classmethod
    def field_names(cls):
        return [field if isinstance(field, str) else field.name for field in cls.body_fields]


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
    from advice.letters.rendering import letter_html

    from .feeds import sanitise

    return sanitise(letter_html(letter), base_url=request.build_absolute_uri("/"))


def _page_url(page, request):
    return absolute(request, page.get_url(request))


KIND_CHOICES = {value: value for value in LetterKind.values}


class LetterPagesAPIViewSet(PublicAPIMixin, PagesAPIViewSet):
    """Published letters, as Wagtail pages. Drafts, owners, comments and revisions never show."""

    name = "pages"
    model = LetterPage
    description = "Gepubliceerde brieven en adviezen, de nieuwste eerst."
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
            by_choice("kind", KIND_CHOICES, "kind"), "soort: " + ", ".join(LetterKind.values)
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

    def get_serializer_context(self):
        # No "parent" or "alias_of" field, so no base queryset (and its query).
        return BaseAPIViewSet.get_serializer_context(self)

    @classmethod
    def get_detail_default_fields(cls, model):
        return cls.get_available_fields(model)


# --- Meetings and motions --------------------------------------------------------------------------


def _meeting_items(meeting, request):
    return [
        {
            "number": item.number,
            "title": item.title,
            "summary": item.summary,
            "topics": _topics(item),
            "proposal_number": item.proposal_number,
            "proposal_url": item.proposal_url,
            "concern": item.concern,
        }
        for item in in_number_order(meeting.items.all())
    ]


def _meeting_status(meeting, request):
    """The status as the meeting page states it today: "gepland", "gehouden", "vervallen" or null."""
    status = public_status(status=meeting.status, date=meeting.date, today=timezone.localdate())
    return str(status[0]) if status else None


def _council_routes(record, request):
    return CouncilRoutes(record.council.page, request)


class MeetingsAPIViewSet(PublicAPIMixin, BaseAPIViewSet):
    name = "meetings"
    model = Meeting
    description = "Vergaderingen van de gemeente die een cliëntenraad volgt, met hun agendapunten."
    cache_scopes = (caching.MEETINGS,)
    cache_daily = True
    query_filters = {
        "council": QueryFilter(
            by_slug(Council, "council", "council"), "korte naam van de cliëntenraad"
        ),
        "body": QueryFilter(by_body("body"), "vergaderend orgaan: '<gemeente>/<orgaan>'"),
        "year": QueryFilter(by_year("date"), "jaar van de vergadering"),
    }
    body_fields = [
        "id",
        "title",
        "date",
        "start_time",
        "end_time",
        "location",
        "url",
        "status",
        APIField("public_status", serializer=Computed(_meeting_status)),
        APIField("council", serializer=Computed(lambda meeting, r: _council(meeting.council))),
        APIField("body", serializer=Computed(lambda meeting, r: _body(meeting.body))),
        APIField("items", serializer=Computed(_meeting_items)),
        APIField(
            "html_url",
            serializer=Computed(lambda m, r: absolute(r, _council_routes(m, r).meeting(m.pk))),
        ),
        APIField(
            "ical_url",
            serializer=Computed(lambda m, r: absolute(r, _council_routes(m, r).calendar())),
        ),
    ]

    @classmethod
    def get_listing_default_fields(cls, model):
        return ["id", "type", "detail_url", *cls.field_names()[1:]]

    def public_queryset(self):
        return (
            Meeting.objects.filter(council__page__in=queries.public_council_pages())
            .select_related("council__page", "body__municipality")
            .prefetch_related("items__tagged_items__tag")
            .order_by("-date", "-start_time", "-pk")
        )


def _follow_up(motion, request):
    result = motion.follow_up(timezone.localdate())
    return {"status": result.status, "label": str(result.label), "sentence": result.sentence}


def _agenda_item(record, request):
    """The agenda item of a motion or consultation, with its meeting."""
    item = record.agenda_item
    if item is None:
        return None
    return {
        "number": item.number,
        "title": item.title,
        "meeting": item.meeting_id,
        "meeting_date": _ref(item.meeting.date),
        "meeting_url": absolute(request, _council_routes(record, request).meeting(item.meeting_id)),
    }


def by_follow_up(queryset, value):
    if value not in STATUS_PARAMS:
        raise BadRequestError("status: one of " + ", ".join(STATUS_PARAMS))
    return queryset.with_status(STATUS_PARAMS[value], timezone.localdate())


class MotionsAPIViewSet(PublicAPIMixin, BaseAPIViewSet):
    name = "motions"
    model = Motion
    description = (
        "Moties en toezeggingen die een cliëntenraad volgt, met indieners en de stand van de "
        "afdoening (berekend op de dag van de vraag)."
    )
    cache_scopes = (caching.MOTIONS, caching.MEETINGS)  # motions show their agenda item
    cache_daily = True
    query_filters = {
        "council": QueryFilter(
            by_slug(Council, "council", "council"), "korte naam van de cliëntenraad"
        ),
        "topic": QueryFilter(
            by_slug(Topic, "tagged_items__tag", "topic"), "korte naam van het onderwerp"
        ),
        "status": QueryFilter(by_follow_up, "afdoening: " + ", ".join(STATUS_PARAMS)),
    }
    body_fields = [
        "id",
        "kind",
        "identifier",
        "title",
        "policy_context",
        "submitted_on",
        "submitted_on_precision",
        APIField(
            "submitters",
            serializer=Computed(
                lambda motion, r: [
                    {"name": submitter.name, "party": submitter.party}
                    for submitter in motion.submitters.all()
                ]
            ),
        ),
        "operative_text",
        "vote",
        "deadline",
        "deadline_text",
        "disposed_on",
        "disposed_on_precision",
        "disposal_text",
        "assessment",
        APIField("follow_up", serializer=Computed(_follow_up)),
        APIField("topics", serializer=Computed(lambda motion, r: _topics(motion))),
        APIField("council", serializer=Computed(lambda motion, r: _council(motion.council))),
        APIField("agenda_item", serializer=Computed(_agenda_item)),
        APIField(
            "html_url",
            serializer=Computed(lambda m, r: absolute(r, _council_routes(m, r).motion(m.pk))),
        ),
    ]

    @classmethod
    def get_listing_default_fields(cls, model):
        return ["id", "type", "detail_url", *cls.field_names()[1:]]

    def public_queryset(self):
        return (
            Motion.objects.filter(council__page__in=queries.public_council_pages())
            .select_related("council__page", "agenda_item__meeting")
            .prefetch_related("submitters", "tagged_items__tag")
            .in_listing_order()
        )


# --- Consultations -------------------------------------------------------------------------------


def _verdict(consultation, request):
    """The verdict as the consultation page states it today, with every sentence behind it."""
    judgement = consultation.judgement()
    return {
        "verdict": judgement.verdict.value,
        "label": str(judgement.label),
        "findings": list(judgement.findings),
        "notice_days": judgement.notice,
        "required_notice": judgement.required_notice,
        "counted_in": "working_days" if consultation.council.counts_working_days else "days",
        "response_due": _ref(judgement.response_due),
    }


def _consultation_letter(consultation, request):
    """The answering letter, only while it is published and public."""
    letter = consultation.letter
    if letter is None or not letter.live or letter.pk not in request._public_letter_ids:
        return None
    return {"id": letter.pk, "title": letter.title, "html_url": _page_url(letter, request)}


class ConsultationsAPIViewSet(PublicAPIMixin, BaseAPIViewSet):
    name = "consultations"
    model = Consultation
    description = (
        "Raadplegingen: besluiten waarover de gemeente de cliëntenraad om advies moest vragen, "
        "met alle data en het oordeel of dat op tijd gebeurde (berekend op de dag van de vraag)."
    )
    cache_scopes = (caching.CONSULTATIONS, caching.LETTERS, caching.MEETINGS)
    cache_daily = True
    query_filters = {
        "council": QueryFilter(
            by_slug(Council, "council", "council"), "korte naam van de cliëntenraad"
        ),
        "body": QueryFilter(by_body("body"), "besluitend orgaan: '<gemeente>/<orgaan>'"),
        "year": QueryFilter(by_year("decided_on"), "jaar van het besluit"),
    }
    body_fields = consultation_fields.api_fields(
        council=Computed(lambda c, r: _council(c.council)),
        body=Computed(lambda c, r: _body(c.body) if c.body else None),
        agenda_item=Computed(_agenda_item),
        advice_sent=Computed(lambda c, r: _ref(c.advice_sent)),
        advice_sent_from_letter=Computed(lambda c, r: c.advice_sent_from_letter),
        verdict=Computed(_verdict),
        letter=Computed(_consultation_letter),
        html_url=Computed(lambda c, r: absolute(r, c.get_absolute_url())),
    )

    @classmethod
    def get_listing_default_fields(cls, model):
        return ["id", "type", "detail_url", *cls.field_names()[1:]]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Which answering letters may be linked: one query for the whole response.
        request._public_letter_ids = set(
            queries.public_letters()
            .filter(consultations__isnull=False)
            .values_list("pk", flat=True)
        )

    def public_queryset(self):
        return (
            Consultation.objects.public()
            .for_listing()
            .select_related("council__page", "body__municipality", "letter")
            .newest_first()
        )


api_router.register_endpoint("pages", LetterPagesAPIViewSet)
api_router.register_endpoint("meetings", MeetingsAPIViewSet)
api_router.register_endpoint("motions", MotionsAPIViewSet)
api_router.register_endpoint("consultations", ConsultationsAPIViewSet)


def endpoint_docs():
    """What the open-data page lists: each endpoint, its fields and its filters."""
    return [
        {
            "name": name,
            "path": f"/api/v2/{name}/",
            "description": viewset.description,
            "fields": [
                field if isinstance(field, str) else field.name
                for field in [*viewset.body_fields, *viewset.meta_fields]
            ],
            "filters": [
                (param, query_filter.help) for param, query_filter in viewset.query_filters.items()
            ],
        }
        for name, viewset in api_router._endpoints.items()
    ]
