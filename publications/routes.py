"""The route tables of the home page and the council pages.

A route names its view by dotted path, so the page models (and this module)
import no view: a view is imported when its route is first served. Each
view is called as ``view(request, page=page, **url_kwargs)``.

The names of the routes on a council page belong to the apps whose records
they show (``agenda.routes``, ``motions.routes``,
``advice.consultations.routes``); those apps build their URLs from them
without knowing this table. The home page's routes are this layer's own:
``publications.links.home_path`` builds their paths.

``shows`` declares what a route shows, for its cache scopes (see
``publications.caching.route_shows``); a route without it depends on
everything its page shows.
"""

import dataclasses
from functools import cache

from django.urls import URLResolver, path
from django.urls.resolvers import RegexPattern
from django.utils.module_loading import import_string

from advice.consultations import routes as consultation_routes
from agenda import routes as meeting_routes
from council.public_site import RouteUrls
from motions import routes as motion_routes

from .caching import route_shows


@dataclasses.dataclass(frozen=True)
class Route:
    path: str
    name: str
    view: str
    shows: tuple[str, ...] | None = None

    def urlpattern(self):
        dotted = self.view

        def view(page, request, *args, **kwargs):
            return import_string(dotted)(request, *args, page=page, **kwargs)

        view.__name__ = view.__qualname__ = f"{self.name}_route"
        if self.shows is not None:
            view = route_shows(*self.shows)(view)
        return path(self.path, view, name=self.name)


HOME_ROUTES = (
    # The platform-wide consultation scorecard.
    Route(
        "raadplegingen/",
        "scorecard",
        "publications.scorecard_views.platform_scorecard",
        shows=("consultations", "letters", "meetings"),
    ),
    Route(
        "raadplegingen/zonder-raad/<slug:fmt>/",
        "scorecard_feed",
        "publications.views.scorecard_feed",
    ),
    Route(
        "raadplegingen/zonder-raad/<slug:slug>/<slug:fmt>/",
        "council_scorecard_feed",
        "publications.views.council_scorecard_feed",
    ),
    # The letter index, topics, feeds, open data.
    Route("brieven/", "letters", "publications.views.letter_index"),
    Route("brieven/<slug:fmt>/", "letters_feed", "publications.views.letters_feed"),
    Route(
        "brieven/raad/<slug:slug>/<slug:fmt>/", "council_feed", "publications.views.council_feed"
    ),
    Route(
        "brieven/onderwerp/<str:slug>/<slug:fmt>/", "topic_feed", "publications.views.topic_feed"
    ),
    Route(
        "brieven/orgaan/<slug:municipality>/<slug:slug>/<slug:fmt>/",
        "body_feed",
        "publications.views.body_feed",
    ),
    # One search over letters, agenda items, motions and consultations, and its feeds.
    Route("zoeken/", "search", "publications.search_views.site_search"),
    Route("zoeken/<slug:fmt>/", "search_feed", "publications.search_views.search_feed"),
    Route("onderwerpen/", "topics", "publications.views.topic_index"),
    Route("onderwerpen/<str:slug>/", "topic", "publications.views.topic_detail"),
    Route("open-data/", "open_data", "publications.views.open_data"),
    # The glossary, the accessibility statement and privacy (publications.info_views).
    Route("begrippen/", "glossary", "publications.info_views.glossary"),
    Route("toegankelijkheid/", "accessibility", "publications.info_views.accessibility"),
    Route("privacy/", "privacy", "publications.info_views.privacy"),
)

COUNCIL_ROUTES = (
    # Meetings and motions (agenda, motions).
    Route(
        "vergaderingen/",
        meeting_routes.MEETINGS,
        "agenda.views.meeting_list",
        shows=("meetings",),
    ),
    # Its items may show linked letters and consultations too.
    Route(
        "vergaderingen/<int:pk>/",
        meeting_routes.MEETING,
        "advice.views.meeting_detail",
        shows=("meetings", "motions", "letters", "consultations"),
    ),
    # Wagtail serves page paths of slash-ended [\w-] segments only, so the
    # feeds cannot end in ".ics"; the response names its file *.ics instead.
    Route(
        "vergaderingen/ical/",
        meeting_routes.CALENDAR,
        "agenda.views.council_calendar",
        shows=("meetings",),
    ),
    Route(
        "vergaderingen/ical/<slug:body_slug>/",
        meeting_routes.BODY_CALENDAR,
        "agenda.views.body_calendar",
        shows=("meetings",),
    ),
    Route(
        "moties/",
        motion_routes.MOTIONS,
        "motions.views.motion_list",
        shows=("motions", "meetings"),
    ),
    Route(
        "moties/<int:pk>/",
        motion_routes.MOTION,
        "motions.views.motion_detail",
        shows=("motions", "meetings", "letters", "consultations"),
    ),
    # RSS and Atom of what changes, and the deadlines calendar (publications.change_feed_views).
    Route(
        "vergaderingen/feed/<slug:fmt>/",
        "meetings_feed",
        "publications.change_feed_views.meetings_feed",
        shows=("meetings",),
    ),
    Route(
        "moties/feed/<slug:fmt>/",
        "motions_feed",
        "publications.change_feed_views.motions_feed",
        shows=("motions",),
    ),
    Route(
        "moties/<int:pk>/feed/<slug:fmt>/",
        "motion_feed",
        "publications.change_feed_views.motion_feed",
        shows=("motions",),
    ),
    Route(
        "raadplegingen/feed/<slug:fmt>/",
        "consultations_feed",
        "publications.change_feed_views.consultations_feed",
        shows=("consultations", "letters"),
    ),
    Route(
        "raadplegingen/<int:pk>/feed/<slug:fmt>/",
        "consultation_feed",
        "publications.change_feed_views.consultation_feed",
        shows=("consultations", "letters"),
    ),
    Route(
        "termijnen/ical/",
        "deadlines_calendar",
        "publications.change_feed_views.deadlines_ical",
        shows=("consultations", "motions"),
    ),
    # The consultation record (advice; its pages are publications.scorecard_views).
    Route(
        "raadplegingen/",
        consultation_routes.CONSULTATIONS,
        "publications.scorecard_views.council_scorecard",
        shows=("consultations", "letters", "meetings"),
    ),
    Route(
        "raadplegingen/alle/",
        consultation_routes.CONSULTATION_LIST,
        "publications.scorecard_views.consultation_list",
        shows=("consultations", "letters", "meetings"),
    ),
    Route(
        "raadplegingen/<int:pk>/",
        consultation_routes.CONSULTATION,
        "publications.scorecard_views.consultation_detail",
        shows=("consultations", "letters", "meetings"),
    ),
)


class FeedRoutes(RouteUrls):
    """The URLs of a council page's feed routes above (``fmt``: ``rss`` or ``atom``)."""

    def meetings_feed(self, fmt):
        return self._url("meetings_feed", fmt)

    def motions_feed(self, fmt):
        return self._url("motions_feed", fmt)

    def motion_feed(self, pk, fmt):
        return self._url("motion_feed", pk, fmt)

    def consultations_feed(self, fmt):
        return self._url("consultations_feed", fmt)

    def consultation_feed(self, pk, fmt):
        return self._url("consultation_feed", pk, fmt)

    def deadlines_calendar(self):
        return self._url("deadlines_calendar")


def feed_routes(page, request=None):
    return FeedRoutes(page, request)


def subpage_urls(routes):
    """The URL patterns of ``routes``, for ``RoutablePageMixin.get_subpage_urls``."""
    return tuple(route.urlpattern() for route in routes)


@cache
def home_resolver():
    """Resolves the home page's routes, as ``HomePage.get_resolver()`` does, without the model."""
    return URLResolver(RegexPattern(r"^/"), subpage_urls(HOME_ROUTES))
