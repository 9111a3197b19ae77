"""The building blocks every endpoint of the open-data API is made of."""

import dataclasses
import datetime
from collections.abc import Callable
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from rest_framework.fields import Field
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from wagtail.api import APIField
from wagtail.api.v2.filters import OrderingFilter
from wagtail.api.v2.utils import BadRequestError

from advice.consultations.routes import ConsultationRoutes
from council.models import MunicipalBody

from .. import caching
from ..filters import clean_query
from .answers import SafePagination, _digits, error_response

MAX_ID = 2**63 - 1


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


class DeclaredFilters:
    """Applies the endpoint's ``query_filters``."""

    def filter_queryset(self, request, queryset, view):
        for name, query_filter in view.query_filters.items():
            value = request.GET.get(name)
            if value is None:
                continue
            if "\x00" in value or len(value) > 200:
                raise BadRequestError(f"{name}: geen geldige waarde.")
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
                "order gaat niet samen met search: zoekresultaten komen op relevantie."
            )
        operator = request.GET.get("search_operator") or "and"
        if operator not in ("and", "or"):
            raise BadRequestError("search_operator: 'and' of 'or'.")
        query, _note = clean_query(request.GET["search"])
        if not query:
            return queryset.none()
        candidates = view.searchable_queryset().filter(pk__in=queryset.values("pk"))
        if hasattr(view, "run_search"):
            return view.run_search(
                candidates, query, raw=request.GET["search"][:200], operator=operator
            )
        return candidates.search(query, operator=operator)


def by_slug(model, field, label):
    def apply(queryset, value):
        record = model.objects.filter(slug=value).first()
        if record is None:
            raise BadRequestError(f"{label}: geen bekende korte naam: “{value[:40]}”.")
        return queryset.filter(**{field: record})

    return apply


def by_body(field):
    def apply(queryset, value):
        municipality, _, slug = value.partition("/")
        body = MunicipalBody.objects.filter(municipality__slug=municipality, slug=slug).first()
        if body is None:
            raise BadRequestError("body: verwacht '<gemeente>/<orgaan>' van een bekend orgaan.")
        return queryset.filter(**{field: body})

    return apply


def by_year(field):
    def apply(queryset, value):
        if not (_digits(value) and len(value) == 4):
            raise BadRequestError("year: verwacht een jaartal van vier cijfers.")
        return queryset.filter(
            **{f"{field}__gte": datetime.date(int(value), 1, 1)},
            **{f"{field}__lt": datetime.date(int(value) + 1, 1, 1)},
        )

    return apply


def by_choice(field, choices, label):
    def apply(queryset, value):
        if value not in choices:
            raise BadRequestError(f"{label}: kies uit {', '.join(sorted(choices))}.")
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
    #: Dutch, for the open-data page. Not ``description``: Django REST framework's
    #: ``as_view()`` sets that to None on the class, and the page showed "None".
    open_data_description = ""
    base_parameters = frozenset(["limit", "offset", "fields", "order", "format", "_"])

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        caching.depends_on(request, *self.cache_scopes, daily=self.cache_daily)

    def check_query_parameters(self, queryset):
        allowed = self.base_parameters | set(self.query_filters) | self.extra_parameters()
        unknown = set(self.request.GET.keys()) - allowed
        if unknown:
            raise BadRequestError(
                "Deze parameter kennen we niet: "
                + ", ".join(sorted(name[:40] for name in unknown))
                + "."
            )

    def extra_parameters(self):
        return set()

    def handle_exception(self, exc):
        return error_response(exc) or super().handle_exception(exc)

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
            raise BadRequestError("Ongeldige waarde: " + str(error)[:200]) from error

    @classmethod
    def field_names(cls):
        return [field if isinstance(field, str) else field.name for field in cls.body_fields]


# --- Fields more than one endpoint shows -------------------------------------------------------


def _page_url(page, request):
    return absolute(request, page.get_url(request))


def _council_routes(record, request):
    return ConsultationRoutes(record.council.page, request)


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


def public_documents_prefetch(path="documents"):
    """The public documents on the record at ``path``, as ``public_documents``: one query."""
    from django.db.models import Prefetch

    from advice.models import RecordDocument

    return Prefetch(
        path,
        queryset=RecordDocument.objects.public().select_related("document").in_order(),
        to_attr="public_documents",
    )


def _documents(record, request):
    """The record's public documents (prefetched with ``public_documents_prefetch``)."""
    return [
        {
            "title": attachment.document.title,
            "kind": attachment.kind,
            "kind_label": attachment.get_kind_display(),
            "url": absolute(request, attachment.document.url),
            "format": attachment.document.file_extension.lower(),
            "size": attachment.document.file_size,
            "added_at": attachment.added_at.isoformat(),
        }
        for attachment in record.public_documents
    ]
