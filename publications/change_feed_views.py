"""The feeds of a council's motions, meetings and consultations, and its deadlines calendar.

Routes of a council page (``publications.routes``): Wagtail serves them only
while the page is live and public, so every record shown is public. Each
feed takes a constant number of queries, whatever the number of records.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from advice.consultations.routes import ConsultationRoutes
from advice.models import Consultation
from agenda.models import Meeting
from agenda.views import _uid_domain, council_of
from motions.models import Motion
from motions.rules import NO_FOLLOW_UP_VOTES

from . import caching
from .change_feeds import (
    all_consultation_events,
    consultation_events,
    judged_consultations,
    meeting_entries,
    motion_entries,
)
from .deadlines import deadline_events, deadlines_calendar
from .feeds import FeedSpec, serve_feed, verdict_event_entries
from .routes import feed_routes


def _serve(request, *, author, fmt, title, subtitle, link, self_url, scopes, entries, daily=False):
    spec = FeedSpec(
        title=title,
        subtitle=subtitle,
        link=request.build_absolute_uri(link),
        self_url=request.build_absolute_uri(self_url),
        scopes=scopes,
        author=author,
    )
    return serve_feed(request, spec=spec, fmt=fmt, entries=entries, daily=daily)


def motions_feed(request, *, page, fmt):
    council = council_of(page)
    routes = ConsultationRoutes(page, request)
    return _serve(
        request,
        author=council.name,
        fmt=fmt,
        title=_("Moties gevolgd door %(council)s") % {"council": council.name},
        subtitle=_("Moties en toezeggingen waarvan de termijn verliep of die zijn afgedaan."),
        link=routes.motions(),
        self_url=feed_routes(page, request).motions_feed(fmt),
        scopes=(caching.council_motions_scope(council.pk), caching.council_scope(council.pk)),
        entries=lambda: motion_entries(
            request,
            Motion.objects.for_council(council),
            motion_url=lambda motion: routes.motion(motion.pk),
        ),
        daily=True,
    )


def motion_feed(request, *, page, pk, fmt):
    council = council_of(page)
    routes = ConsultationRoutes(page, request)
    motion = get_object_or_404(Motion.objects.for_council(council), pk=pk)
    return _serve(
        request,
        author=council.name,
        fmt=fmt,
        title=_("Motie: %(title)s") % {"title": motion.title},
        subtitle=_("Wanneer de termijn van deze motie verloopt en wanneer zij is afgedaan."),
        link=routes.motion(motion.pk),
        self_url=feed_routes(page, request).motion_feed(motion.pk, fmt),
        scopes=(caching.council_motions_scope(council.pk), caching.council_scope(council.pk)),
        entries=lambda: motion_entries(
            request,
            Motion.objects.filter(pk=motion.pk),
            motion_url=lambda motion: routes.motion(motion.pk),
        ),
        daily=True,
    )


def meetings_feed(request, *, page, fmt):
    council = council_of(page)
    routes = ConsultationRoutes(page, request)
    return _serve(
        request,
        author=council.name,
        fmt=fmt,
        title=_("Vergaderingen gevolgd door %(council)s") % {"council": council.name},
        subtitle=_("Vergaderingen die gepland zijn, en hun agenda zodra die er is."),
        link=routes.meetings(),
        self_url=feed_routes(page, request).meetings_feed(fmt),
        scopes=(caching.council_meetings_scope(council.pk), caching.council_scope(council.pk)),
        entries=lambda: meeting_entries(
            request,
            Meeting.objects.for_council(council),
            meeting_url=lambda meeting: routes.meeting(meeting.pk),
        ),
    )


def _consultation_scopes(council):
    # The entries link their letters.
    return (
        caching.council_consultations_scope(council.pk),
        caching.council_scope(council.pk),
        caching.LETTERS,
    )


def consultations_feed(request, *, page, fmt):
    council = council_of(page)
    routes = ConsultationRoutes(page, request)
    return _serve(
        request,
        author=council.name,
        fmt=fmt,
        title=_("Raadplegingen van %(council)s") % {"council": council.name},
        subtitle=_(
            "Elk nieuw oordeel over een raadpleging: niet gevraagd, besloten vóór het advies, "
            "te laat gevraagd, antwoord te laat."
        ),
        link=routes.consultation_list(),
        self_url=feed_routes(page, request).consultations_feed(fmt),
        scopes=_consultation_scopes(council),
        entries=lambda: verdict_event_entries(
            request,
            all_consultation_events(
                consultation_events().for_council(council),
                judged_consultations(Consultation.objects.for_council(council)),
                timezone.localdate(),
            ),
        ),
        daily=True,
    )


def consultation_feed(request, *, page, pk, fmt):
    council = council_of(page)
    routes = ConsultationRoutes(page, request)
    consultation = get_object_or_404(Consultation.objects.for_council(council), pk=pk)
    return _serve(
        request,
        author=council.name,
        fmt=fmt,
        title=_("Raadpleging: %(subject)s") % {"subject": consultation.subject},
        subtitle=_("Elk nieuw oordeel over deze raadpleging."),
        link=routes.consultation(consultation.pk),
        self_url=feed_routes(page, request).consultation_feed(consultation.pk, fmt),
        scopes=_consultation_scopes(council),
        entries=lambda: verdict_event_entries(
            request,
            all_consultation_events(
                consultation_events().filter(consultation=consultation),
                judged_consultations(Consultation.objects.filter(pk=consultation.pk)),
                timezone.localdate(),
            ),
        ),
        daily=True,
    )


def deadlines_ical(request, *, page):
    council = council_of(page)
    routes = ConsultationRoutes(page, request)
    caching.depends_on(
        request,
        caching.council_consultations_scope(council.pk),
        caching.council_motions_scope(council.pk),
        caching.council_scope(council.pk),
        daily=True,
    )
    today = timezone.localdate()
    events = deadline_events(
        consultations=Consultation.objects.for_council(council).for_listing(),
        motions=Motion.objects.for_council(council)
        .filter(deadline__isnull=False)
        .exclude(vote__in=[vote.value for vote in NO_FOLLOW_UP_VOTES])
        .order_by("deadline", "pk"),
        consultation_url=lambda c: routes.absolute(routes.consultation(c.pk)),
        motion_url=lambda m: routes.absolute(routes.motion(m.pk)),
        domain=_uid_domain(request),
        today=today,
    )
    body = deadlines_calendar(
        events, name=_("Termijnen van %(council)s") % {"council": council.name}
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="termijnen-{council.slug}.ics"'
    return response
