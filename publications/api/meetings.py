"""``/api/v2/meetings/``: the meetings of councils with a public page."""

from django.utils import timezone
from wagtail.api import APIField
from wagtail.api.v2.views import BaseAPIViewSet

from agenda.models import Meeting
from agenda.numbering import in_number_order
from agenda.rules import public_status
from council.models import Council

from .. import caching, queries
from .base import (
    Computed,
    PublicAPIMixin,
    QueryFilter,
    _body,
    _council,
    _council_routes,
    _documents,
    _topics,
    absolute,
    by_body,
    by_slug,
    by_year,
    public_documents_prefetch,
)

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
            "documents": _documents(item, request),
        }
        for item in in_number_order(meeting.items.all())
    ]


def _meeting_status(meeting, request):
    """The status as the meeting page states it today: "gepland", "gehouden", "vervallen" or null."""
    status = public_status(status=meeting.status, date=meeting.date, today=timezone.localdate())
    return str(status[0]) if status else None


class MeetingsAPIViewSet(PublicAPIMixin, BaseAPIViewSet):
    name = "meetings"
    model = Meeting
    open_data_description = (
        "Vergaderingen van de gemeente die een cliëntenraad volgt, met hun agendapunten."
    )
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
            .prefetch_related(
                "items__tagged_items__tag", public_documents_prefetch("items__documents")
            )
            .order_by("-date", "-start_time", "-pk")
        )
