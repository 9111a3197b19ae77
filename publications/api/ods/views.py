"""The ODS endpoints: ``vergaderingen``, ``agendapunten``, ``informatieobjecten``, list and detail.

Read only (GET and HEAD; anything else is a 405), public, no authentication.
A list is a page of 20 in the spec's ``Paginated...List`` shape: ``count``,
``next``, ``previous`` (absolute URLs, ``?page=``, null at either end) and
``results``. A query parameter is checked before it reaches the database; a
bad one is a 400 in the shape of the VNG API guidelines (``application/problem+json``,
``invalidParams``), in Dutch; an unknown id or page is a 404 in the same shape.
"""

import datetime
import re

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from agenda.rules import MeetingStatus

from ... import caching
from . import mapping, records

PAGE_SIZE = 20
MAX_PAGE = 10**6
MAX_ID = 2**63 - 1
PROBLEM = "application/problem+json"
PROVINCES = frozenset(
    [
        "drenthe",
        "groningen",
        "overijsel",
        "flevoland",
        "friesland",
        "gelderland",
        "utrecht",
        "noord_holland",
        "zuid_holland",
        "zeeland",
        "noord_brabant",
        "limburg",
    ]
)
#: Parameters of the spec that we cannot answer honestly: we keep no change times, no
#: author per document beyond what the types say, no language or version per record.
UNSUPPORTED = frozenset(
    ["gewijzigdSinds", "auteur", "bronOrganisatie", "omschrijving", "taal", "versie"]
)
INFORMATION_OBJECT_TYPES = [
    "vraag",
    "antwoord",
    "motie",
    "besluitvormingsstuk",
    "ingekomen_stuk",
    "toezegging",
    "mededeling",
    "amendement",
    "voorstel",
]


class BadParameter(Exception):
    def __init__(self, name, reason, code="invalid"):
        super().__init__(reason)
        self.name, self.reason, self.code = name, reason, code


def problem(request, status_code, title, detail, *, code, invalid=()):
    """An error as the VNG API guidelines give it (RFC 7807 with ``code`` and ``invalidParams``)."""
    body = {
        "type": f"https://www.rfc-editor.org/rfc/rfc9110#status.{status_code}",
        "code": code,
        "title": title,
        "status": status_code,
        "detail": detail,
        "instance": request.build_absolute_uri(),
    }
    if invalid:
        body["invalidParams"] = [
            {"name": error.name, "code": error.code, "reason": error.reason} for error in invalid
        ]
    return Response(body, status=status_code, content_type=PROBLEM)


# --- Checking parameters ----------------------------------------------------------------------


def _digits(value):
    return value.isascii() and value.isdigit()


def as_id(name, value):
    if not (_digits(value) and 0 < int(value) <= MAX_ID):
        raise BadParameter(name, f"{name}: geef een nummer (alleen cijfers), zoals 12.")
    return int(value)


def as_date(name, value):
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise BadParameter(
            name, f"{name}: geef een datum als jjjj-mm-dd, zoals 2026-11-20."
        ) from None


def as_choice(name, value, choices):
    if value not in choices:
        raise BadParameter(name, f"{name}: kies uit {', '.join(choices)}.", code="enum")
    return value


def as_text(name, value):
    if len(value) > 200:
        raise BadParameter(name, f"{name}: hoogstens 200 tekens.", code="max_length")
    return value


def as_slug(name, value):
    if not re.fullmatch(r"[-\w]{1,120}", value):
        raise BadParameter(name, f"{name}: geef de korte naam van een cliëntenraad, zoals leiden.")
    return value


def as_code(name, value):
    if not re.fullmatch(r"(?i)(gm)?\d{4}", value):
        raise BadParameter(name, f"{name}: geef de gemeentecode van vier cijfers, zoals 0546.")
    return value


def as_province(name, value):
    return as_choice(name, value, sorted(PROVINCES))


def as_water_board(name, value):
    if not re.fullmatch(r"\w{1,4}", value):
        raise BadParameter(name, f"{name}: geef de waterschapcode van vier tekens.")
    return value


# --- Views ---------------------------------------------------------------------------------


class ODSView(APIView):
    renderer_classes = [JSONRenderer]
    authentication_classes = ()
    permission_classes = (AllowAny,)
    http_method_names = ["get", "head"]
    #: parameter -> checker(name, value) -> cleaned value
    parameters = {}
    #: Consultations: the documents of a consultation change under that scope.
    cache_scopes = (caching.MEETINGS, caching.MOTIONS, caching.LETTERS, caching.CONSULTATIONS)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        caching.depends_on(request, *self.cache_scopes, daily=True)
        self.public = records.Public()

    def handle_exception(self, exc):
        request = self.request
        if isinstance(exc, BadParameter):
            return problem(
                request,
                400,
                "Deze vraag kunnen we niet beantwoorden.",
                exc.reason,
                code="invalid",
                invalid=[exc],
            )
        if isinstance(exc, Http404 | exceptions.NotFound):
            return problem(
                request, 404, "Niet gevonden.", "Dit bestaat niet, of is niet openbaar.",
                code="not_found",
            )  # fmt: skip
        if isinstance(exc, exceptions.MethodNotAllowed):
            response = problem(
                request,
                405,
                "Alleen lezen.",
                "Deze API kan alleen gelezen worden (GET).",
                code="method_not_allowed",
            )
            response["Allow"] = "GET, HEAD"
            return response
        return super().handle_exception(exc)

    def cleaned(self, request):
        """The query parameters, checked; a bad or unknown one raises BadParameter."""
        values = {}
        for name, value in request.query_params.items():
            if name == "page":
                continue
            if name in UNSUPPORTED:
                raise BadParameter(
                    name, f"{name}: dit filter ondersteunen we (nog) niet.", code="unsupported"
                )
            if name not in self.parameters:
                raise BadParameter(
                    name[:40],
                    f"Deze parameter kennen we niet: {name[:40]}. Bekend zijn: "
                    + ", ".join(["page", *self.parameters])
                    + ".",
                    code="unknown_parameter",
                )
            if "\x00" in value:
                raise BadParameter(name, f"{name}: geen geldige waarde.")
            values[name] = self.parameters[name](name, value.strip())
        return values

    def page_number(self, request):
        value = request.query_params.get("page", "1")
        if not (_digits(value) and 1 <= int(value) <= MAX_PAGE):
            raise BadParameter("page", f"page: geef een paginanummer van 1 tot en met {MAX_PAGE}.")
        return int(value)

    def page_link(self, request, number):
        url = request.build_absolute_uri()
        if number == 1:
            return remove_query_param(url, "page")
        return replace_query_param(url, "page", number)

    def paginated(self, request, count, results, number):
        last = max((count + PAGE_SIZE - 1) // PAGE_SIZE, 1)
        return Response(
            {
                "count": count,
                "next": self.page_link(request, number + 1) if number < last else None,
                "previous": self.page_link(request, number - 1) if number > 1 else None,
                "results": results,
            }
        )

    def check_page(self, count, number):
        if number > 1 and (number - 1) * PAGE_SIZE >= count:
            raise Http404


class ModelListView(ODSView):
    """A list over one queryset."""

    def queryset(self):
        raise NotImplementedError

    def narrow(self, queryset, values):
        return queryset

    def serialise(self, records, links):
        raise NotImplementedError

    def get(self, request):
        values = self.cleaned(request)
        number = self.page_number(request)
        queryset = self.narrow(self.queryset(), values)
        count = queryset.count()
        self.check_page(count, number)
        start = (number - 1) * PAGE_SIZE
        page = list(queryset[start : start + PAGE_SIZE])
        return self.paginated(
            request, count, self.serialise(page, mapping.Links.of_request(request)), number
        )


class ModelDetailView(ODSView):
    def queryset(self):
        raise NotImplementedError

    def get(self, request, pk):
        self.cleaned(request)
        if not (_digits(pk) and 0 < int(pk) <= MAX_ID):
            raise Http404
        record = self.queryset().filter(pk=int(pk)).first()
        if record is None:
            raise Http404
        return Response(self.serialise([record], mapping.Links.of_request(request))[0])


#: Filters both the list of meetings and that of agenda items take (``path``: to the meeting).
def _common_filters(queryset, values, path):
    if "raad" in values:
        queryset = queryset.filter(**{f"{path}council__slug": values["raad"]})
    if "gemeentecode" in values:
        queryset = records.by_cbs_code(
            queryset, f"{path}body__municipality", values["gemeentecode"]
        )
    if "provincie" in values or "waterschapcode" in values:
        queryset = queryset.none()  # we hold municipal meetings only
    return queryset


COMMON_PARAMETERS = {
    "raad": as_slug,
    "gemeentecode": as_code,
    "provincie": as_province,
    "waterschapcode": as_water_board,
}


class MeetingSerialising:
    parameters = {
        **COMMON_PARAMETERS,
        "naam": as_text,
        "status": lambda n, v: as_choice(n, v, list(mapping.MEETING_STATUSES.values())),
        "vergaderdatum": as_date,
        "vergaderingstype": lambda n, v: as_choice(
            n,
            v,
            [
                "raadsvergadering",
                "commissievergadering",
                "presidium",
                "statenvergadering",
                "algemene_bestuursvergadering",
            ],
        ),
    }

    def queryset(self):
        return records.meetings(self.public)

    def serialise(self, page, links):
        return records.serialise_meetings(page, links)


class MeetingList(MeetingSerialising, ModelListView):
    def narrow(self, queryset, values):
        queryset = _common_filters(queryset, values, "")
        if "naam" in values:
            queryset = queryset.filter(title__icontains=values["naam"])
        if "vergaderdatum" in values:
            queryset = queryset.filter(date=values["vergaderdatum"])
        if "vergaderingstype" in values:
            kinds = [k for k, t in mapping.MEETING_TYPES.items() if t == values["vergaderingstype"]]
            queryset = queryset.filter(body__kind__in=kinds)
        if "status" in values:
            queryset = by_status(queryset, values["status"])
        return queryset


def by_status(queryset, value):
    today = timezone.localdate()
    if value == "gepland":
        return queryset.filter(status=MeetingStatus.PLANNED, date__gte=today)
    stored = {v: k for k, v in mapping.MEETING_STATUSES.items()}[value]
    return queryset.filter(status=stored)


class MeetingDetail(MeetingSerialising, ModelDetailView):
    parameters = {}


class ItemSerialising:
    parameters = {
        **COMMON_PARAMETERS,
        "vergaderingsIdentificatie": as_id,
        "agendapuntOmschrijving": as_text,
        "bovenliggendAgendapuntIdentificatie": as_id,
    }

    def queryset(self):
        return records.agenda_items(self.public)

    def serialise(self, page, links):
        return records.serialise_items(page, links)


class ItemList(ItemSerialising, ModelListView):
    def narrow(self, queryset, values):
        queryset = _common_filters(queryset, values, "meeting__")
        if "vergaderingsIdentificatie" in values:
            queryset = queryset.filter(meeting_id=values["vergaderingsIdentificatie"])
        if "agendapuntOmschrijving" in values:
            queryset = queryset.filter(summary__icontains=values["agendapuntOmschrijving"])
        if "bovenliggendAgendapuntIdentificatie" in values:
            queryset = queryset.none()  # we keep no sub-items
        return queryset


class ItemDetail(ItemSerialising, ModelDetailView):
    parameters = {}


class InformationObjectList(ODSView):
    """Letters, then motions and commitments, then documents (``records.SOURCES``), each newest
    first."""

    parameters = {
        **COMMON_PARAMETERS,
        "informatieobjecttype": lambda n, v: as_choice(n, v, INFORMATION_OBJECT_TYPES),
        "vergaderingsIdentificatie": as_id,
        "agendapuntIdentificatie": as_id,
        "titel": as_text,
        "creatiedatum": as_date,
        "datumIngediend": as_date,
    }

    def narrowed(self, source, values):
        queryset = source.queryset(self.public)
        kind = values.get("informatieobjecttype")
        if kind is not None:
            queryset = source.of_type(queryset, kind)
            if queryset is None:
                return None
        if "provincie" in values or "waterschapcode" in values:
            return None
        for name, value in values.items():
            if name in source.filters:
                queryset = source.filters[name](queryset, value)
        return queryset

    def get(self, request):
        values = self.cleaned(request)
        number = self.page_number(request)
        querysets = [(source, self.narrowed(source, values)) for source in records.SOURCES]
        counted = [(source, qs, qs.count()) for source, qs in querysets if qs is not None]
        total = sum(count for _source, _qs, count in counted)
        self.check_page(total, number)
        start, end = (number - 1) * PAGE_SIZE, number * PAGE_SIZE
        links = mapping.Links.of_request(request)
        results = []
        offset = 0  # where this source starts in the whole list
        for source, queryset, count in counted:
            lo, hi = max(start - offset, 0), min(end - offset, count)
            if lo < hi:
                results += source.serialise(queryset[lo:hi], links, request)
            offset += count
        return self.paginated(request, total, results, number)


class InformationObjectDetail(ODSView):
    def get(self, request, pk):
        self.cleaned(request)
        prefix, _, number = pk.partition("-")
        source = records.source_of(prefix)
        if source is None or not (_digits(number) and 0 < int(number) <= MAX_ID):
            raise Http404
        queryset = source.of_prefix(source.queryset(self.public), prefix).filter(pk=int(number))
        found = source.serialise(queryset, mapping.Links.of_request(request), request)
        if not found:
            raise Http404
        return Response(found[0])


class Root(ODSView):
    def get(self, request):
        self.cleaned(request)
        links = mapping.Links.of_request(request)
        return Response(
            {
                "description": (
                    "Open data van Kanttekening volgens de standaard ODS Open Raadsinformatie "
                    "2.0.0-beta.4 (VNG): openbare vergaderingen, agendapunten, en als "
                    "informatieobjecten de gepubliceerde brieven (ingekomen stukken), moties, "
                    "toezeggingen en de openbare documenten bij agendapunten en raadplegingen. "
                    "Alleen lezen, JSON."
                ),
                **{
                    name: links.absolute(reverse(f"ods:{name}-list"))
                    for name in ("vergaderingen", "agendapunten", "informatieobjecten")
                },
            }
        )
