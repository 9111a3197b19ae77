"""URLs of the home page's routes, and the feeds a page links with ``<link rel="alternate">``.

The home page is the root page of the site, so its relative URL is ``/``
and the routes below it are built without a query.
"""

import dataclasses

from django.utils.translation import gettext as _

from .filters import body_param


def home_path(name, *args):
    """The path of a route of the home page, e.g. ``home_path("topic", "armoede")``."""
    from .models import HomePage

    return "/" + HomePage.get_resolver().reverse(name, *args)


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
    from agenda.routes import CouncilRoutes

    return Feed(
        _("Vergaderingen gevolgd door %(council)s (iCal)") % {"council": council.name},
        "ical",
        CouncilRoutes(page).calendar(),
    )


def feeds_for_context(context):
    """The feeds of whatever the page shows, for ``base.html``.

    A view names them in ``alternate_feeds``; otherwise they follow from
    the Wagtail page in the context: a letter links its council's, its
    topics' and its addressee's feeds, a council page (and its meeting,
    motion and consultation routes) the council's letters and the decisions
    taken without it and the iCal file of its meetings, the home page (and
    its routes) the decisions taken
    without any council, every page the feed of all letters.
    """
    if "alternate_feeds" in context:
        return context["alternate_feeds"]
    from advice.models import LetterPage

    from .models import CouncilPage

    page = context.get("page")
    if isinstance(page, LetterPage):
        return letter_feeds(
            council=page.council,
            topics=context.get("topic_list") or (),
            body=page.addressee,
        )
    if isinstance(page, CouncilPage):
        council = context.get("council") or page.council
        return (
            [meetings_calendar(page, council)]
            + letter_feeds(council=council)
            + scorecard_feeds(council=council)
        )
    return letter_feeds() + scorecard_feeds()
