"""Public meeting pages and calendar feeds, served as routes of a council page.

``page`` is the council page the route belongs to (``publications.CouncilPage``,
which this layer may not import); its ``council`` decides what is shown.
Bad input in the query string (``?page=abc``, ``?year=x``) gets a normal
page with a note, an unknown meeting or body a 404; never a server error.
"""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Site

from council.models import Council, MunicipalBody

from .ical import meetings_calendar
from .models import Meeting
from .routes import MeetingRoutes
from .rules import public_status

MEETINGS_PER_PAGE = 20


def parse_year(value, known_years):
    """``(year, note)`` from ``?year=``: a year we show, and a note for the reader."""
    if value is None or not value.strip():
        return None, ""
    try:
        year = int(value.strip())
    except ValueError:
        return None, _("“%(value)s” is geen jaartal. Hieronder staan alle vergaderingen.") % {
            "value": value[:20]
        }
    if year not in known_years:
        return year, _("Er zijn geen vergaderingen in %(year)s.") % {"year": year}
    return year, ""


def council_of(page):
    """The page's council with its municipality, in one query."""
    return Council.objects.select_related("municipality").get(pk=page.council_id)


def _decorate(meetings, routes, today):
    for meeting in meetings:
        meeting.public_url = routes.meeting(meeting.pk)
        meeting.public_status = public_status(status=meeting.status, date=meeting.date, today=today)
    return meetings


def meeting_list(request, *, page):
    council = council_of(page)
    routes = MeetingRoutes(page, request)
    today = timezone.localdate()
    meetings = Meeting.objects.for_council(council)
    years = meetings.years()
    year, note = parse_year(request.GET.get("year"), years)

    listed = meetings.for_listing()
    if year is not None:
        listed = listed.filter(date__year=year) if year in years else listed.none()
    upcoming = _decorate(list(listed.upcoming(today)), routes, today)
    past_page = Paginator(listed.past(today), MEETINGS_PER_PAGE).get_page(request.GET.get("page"))
    _decorate(past_page.object_list, routes, today)

    return TemplateResponse(
        request,
        "agenda/meeting_list.html",
        {
            "page": page,
            "council": council,
            "routes": routes,
            "today": today,
            "years": years,
            "year": year if year in years else None,
            "note": note,
            "upcoming": upcoming,
            "past_page": past_page,
        },
    )


def meeting_detail(request, *, page, pk, items=None, template="agenda/meeting_detail.html"):
    """One meeting with its items in agenda order.

    A higher layer passes ``items`` (an AgendaItem queryset with its own
    prefetches) and its own ``template`` to show what links to the items.
    """
    council = council_of(page)
    routes = MeetingRoutes(page, request)
    today = timezone.localdate()
    meeting = get_object_or_404(
        Meeting.objects.for_council(council).with_items(items),
        pk=pk,
    )
    _decorate([meeting], routes, today)
    return TemplateResponse(
        request,
        template,
        {
            "page": page,
            "council": council,
            "routes": routes,
            "today": today,
            "meeting": meeting,
            "items": meeting.items_in_order(),
            "body_calendar_url": routes.body_calendar(meeting.body.slug),
        },
    )


def _uid_domain(request):
    site = Site.find_for_request(request)
    if site is not None:
        return site.hostname
    return request.get_host().split(":")[0]


def _calendar_response(request, meetings, *, routes, name, filename):
    body = meetings_calendar(
        meetings.for_calendar(),
        name=name,
        meeting_url=lambda meeting: routes.absolute(routes.meeting(meeting.pk)),
        domain=_uid_domain(request),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    return response


def council_calendar(request, *, page):
    council = council_of(page)
    routes = MeetingRoutes(page, request)
    return _calendar_response(
        request,
        Meeting.objects.for_council(council),
        routes=routes,
        name=_("Vergaderingen gevolgd door %(council)s") % {"council": council.name},
        filename=f"vergaderingen-{council.slug}",
    )


def body_calendar(request, *, page, body_slug):
    council = council_of(page)
    body = MunicipalBody.objects.filter(municipality=council.municipality, slug=body_slug).first()
    if body is None:
        raise Http404(_("Dit orgaan kennen we niet."))
    routes = MeetingRoutes(page, request)
    return _calendar_response(
        request,
        Meeting.objects.for_council(council).filter(body=body),
        routes=routes,
        name=_("%(body)s, gevolgd door %(council)s") % {"body": body.name, "council": council.name},
        filename=slugify(f"{council.slug}-{body.slug}"),
    )
