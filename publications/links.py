"""URLs of the home page's routes, and the feeds a page links with ``<link rel="alternate">``.

The home page is the root page of the site, so its relative URL is ``/``
and the routes below it are built without a query.
"""

import dataclasses

from django.utils.translation import gettext as _

from agenda.routes import MeetingRoutes

from .filters import body_param
from .routes import feed_routes, home_resolver


def home_path(name, *args):
    """The path of a route of the home page, e.g. ``home_path("topic", "armoede")``."""
    return "/" + home_resolver().reverse(name, *args)


@dataclasses.dataclass(frozen=True)
class Feed:
    title: str
    fmt: str  # "rss", "atom", or "ical"
    url: str

    TYPES = {
        "rss": "application/rss+xml",
        "atom": "application/atom+xml",
        "ical": "text/calendar",
    }

    @property
    def type(self):
        return self.TYPES[self.fmt]


def _pair(title, name, *args):
    return [
        Feed(f"{title} (RSS)", "rss", home_path(name, *args, "rss")),
        Feed(f"{title} (Atom)", "atom", home_path(name, *args, "atom")),
    ]


def letter_feeds(*, council=None, topic=None, topics=(), body=None, everything=True):
    """The letter feeds for a page about ``council``, ``topic``(s) or ``body``."""
    feeds = []
    if council is not None:
        feeds += _pair(
            _("Brieven van %(council)s") % {"council": council.name},
            "council_feed",
            council.slug,
        )
    for item in [topic, *topics]:
        if item is not None:
            feeds += _pair(
                _("Brieven over %(topic)s") % {"topic": item.name}, "topic_feed", item.slug
            )
    if body is not None:
        feeds += _pair(
            _("Brieven aan %(body)s") % {"body": body.name},
            "body_feed",
            *body_param(body).split("/"),
        )
    if everything:
        feeds += _pair(_("Alle brieven van alle cliëntenraden"), "letters_feed")
    return feeds


def scorecard_feeds(*, council=None):
    """The feeds of decisions taken without the council or before its advice."""
    if council is not None:
        return _pair(
            _("Besloten zonder %(council)s") % {"council": council.name},
            "council_scorecard_feed",
            council.slug,
        )
    return _pair(_("Besloten zonder de cliëntenraden"), "scorecard_feed")


def meetings_calendar(page, council):
    """The iCal file of the meetings the council follows (a route of its page)."""
    return Feed(
        _("Vergaderingen gevolgd door %(council)s (iCal)") % {"council": council.name},
        "ical",
        MeetingRoutes(page).calendar(),
    )


def _route_pair(title, url):
    return [
        Feed(f"{title} (RSS)", "rss", url("rss")),
        Feed(f"{title} (Atom)", "atom", url("atom")),
    ]


def council_change_feeds(page, council, *, motion=None, consultation=None, request=None):
    """The feeds of a council's motions, meetings and consultations, and its deadlines.

    With ``motion`` or ``consultation`` (the page shows one), that item's feed first.
    """
    routes = feed_routes(page, request)
    feeds = []
    if motion is not None:
        feeds += _route_pair(
            _("Motie: %(title)s") % {"title": motion.title},
            lambda fmt: routes.motion_feed(motion.pk, fmt),
        )
    if consultation is not None:
        feeds += _route_pair(
            _("Raadpleging: %(subject)s") % {"subject": consultation.subject},
            lambda fmt: routes.consultation_feed(consultation.pk, fmt),
        )
    names = {"council": council.name}
    feeds += _route_pair(_("Moties gevolgd door %(council)s") % names, routes.motions_feed)
    feeds += _route_pair(_("Vergaderingen gevolgd door %(council)s") % names, routes.meetings_feed)
    feeds += _route_pair(_("Raadplegingen van %(council)s") % names, routes.consultations_feed)
    feeds.append(
        Feed(_("Termijnen van %(council)s (iCal)") % names, "ical", routes.deadlines_calendar())
    )
    return feeds
