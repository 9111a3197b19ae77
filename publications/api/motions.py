"""``/api/v2/motions/``: the motions of councils with a public page."""

from django.utils import timezone
from wagtail.api import APIField
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet

from council.models import Council, Topic
from motions.models import Motion
from motions.rules import STATUS_PARAMS

from .. import caching, queries
from .base import (
    Computed,
    PublicAPIMixin,
    QueryFilter,
    _agenda_item,
    _council,
    _council_routes,
    _topics,
    absolute,
    by_slug,
)


def _follow_up(motion, request):
    result = motion.follow_up(timezone.localdate())
    return {"status": result.status, "label": str(result.label), "sentence": result.sentence}


def by_follow_up(queryset, value):
    if value not in STATUS_PARAMS:
        raise BadRequestError("status: kies uit " + ", ".join(STATUS_PARAMS) + ".")
    return queryset.with_status(STATUS_PARAMS[value], timezone.localdate())


class MotionsAPIViewSet(PublicAPIMixin, BaseAPIViewSet):
    name = "motions"
    model = Motion
    open_data_description = (
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
