"""Public motion pages, served as routes of a council page.

The status shown next to a motion comes from ``motions.rules.follow_up``; the
status filter uses the equivalent database expression, so a motion listed
under "termijn verlopen" also says so on its own page.
"""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda import views as agenda_views
from agenda.models import AgendaItem

from .models import Motion
from .routes import MotionRoutes
from .rules import STATUS_PARAMS, STATUS_TONES

MOTIONS_PER_PAGE = 25


def _decorate(motions, routes, today):
    for motion in motions:
        motion.public_url = routes.motion(motion.pk)
        motion.follow_up_now = motion.follow_up(today)
        motion.status_tone = STATUS_TONES[motion.follow_up_now.status]
    return motions


def motion_list(request, *, page):
    council = agenda_views.council_of(page)
    routes = MotionRoutes(page, request)
    today = timezone.localdate()
    motions = Motion.objects.for_council(council)

    param = (request.GET.get("status") or "").strip()
    status = STATUS_PARAMS.get(param)
    note = ""
    if param and status is None:
        note = _("“%(value)s” is geen status die we kennen. Hieronder staan alle moties.") % {
            "value": param[:40]
        }

    counts = motions.status_counts(today)
    listed = motions.with_follow_up(today).for_listing().in_listing_order()
    if status is not None:
        listed = listed.filter(follow_up_status=status)
    motion_page = Paginator(listed, MOTIONS_PER_PAGE).get_page(request.GET.get("page"))
    _decorate(motion_page.object_list, routes, today)

    return TemplateResponse(
        request,
        "motions/motion_list.html",
        {
            "page": page,
            "council": council,
            "routes": routes,
            "today": today,
            "note": note,
            "status_param": param if status is not None else "",
            "status_label": status.label if status is not None else "",
            "status_options": [
                {"param": key, "label": value.label, "count": counts[value]}
                for key, value in STATUS_PARAMS.items()
            ],
            "total": sum(counts.values()),
            "motion_page": motion_page,
        },
    )


def motion_detail(request, *, page, pk):
    council = agenda_views.council_of(page)
    routes = MotionRoutes(page, request)
    today = timezone.localdate()
    motion = get_object_or_404(
        Motion.objects.for_council(council)
        .select_related("agenda_item__meeting__body")
        .prefetch_related("submitters", "tagged_items__tag"),
        pk=pk,
    )
    _decorate([motion], routes, today)
    meeting_url = routes.meeting(motion.agenda_item.meeting_id) if motion.agenda_item_id else None
    return TemplateResponse(
        request,
        "motions/motion_detail.html",
        {
            "page": page,
            "council": council,
            "routes": routes,
            "today": today,
            "motion": motion,
            "follow_up": motion.follow_up_now,
            "topics": motion.topic_list,
            "meeting_url": meeting_url,
        },
    )


def meeting_detail(request, *, page, pk, items=None, template="motions/meeting_detail.html"):
    """The agenda layer's meeting page, with each item's motions and their status.

    A higher layer passes ``items`` (with prefetches of its own) and a
    ``template`` extending ``motions/meeting_detail.html``, as this one does
    with the agenda layer's.
    """
    items = (items if items is not None else AgendaItem.objects.all()).prefetch_related(
        Prefetch("motions", queryset=Motion.objects.in_listing_order())
    )
    response = agenda_views.meeting_detail(
        request, page=page, pk=pk, items=items, template=template
    )
    routes = MotionRoutes(page, request)
    today = response.context_data["today"]
    for item in response.context_data["items"]:
        item.motion_list = _decorate(list(item.motions.all()), routes, today)
    return response
