"""The public site as the layers below see it (``council.public_site``).

``PublicationsConfig.ready()`` registers :data:`SITE`: the lower layers ask
it whether a council's records are public, which page a council's letters
go under, and which feeds a page links, without importing this app.
"""

from django.db.models import Q

from advice.models import LetterPage

from . import queries
from .links import (
    council_change_feeds,
    home_path,
    letter_feeds,
    meetings_calendar,
    scorecard_feeds,
)
from .models import CouncilPage

#: The reverse relation from a Council to its CouncilPage.
PAGE = "page"


def feeds_for_context(context):
    """The feeds of whatever the page shows, for ``base.html``.

    A view names them in ``alternate_feeds``; otherwise they follow from
    the Wagtail page in the context: a letter links its council's, its
    topics' and its addressee's feeds, a council page (and its meeting,
    motion and consultation routes) the council's letters, the decisions
    taken without it, the iCal file of its meetings, and the feeds of its
    motions, meetings, consultations (and of the one motion or consultation
    it shows) and the iCal file of its deadlines, the home page (and
    its routes) the decisions taken
    without any council, every page the feed of all letters.
    """
    if "alternate_feeds" in context:
        return context["alternate_feeds"]
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
            + council_change_feeds(
                page,
                council,
                motion=_shown(context, "motion", "motions"),
                consultation=_shown(context, "consultation", "advice"),
                request=context.get("request"),
            )
        )
    return letter_feeds() + scorecard_feeds()


def _shown(context, name, app_label):
    """The record of app ``app_label`` that a page shows as ``name``, or None."""
    record = context.get(name)
    meta = getattr(record, "_meta", None)
    return record if meta is not None and meta.app_label == app_label else None


class PublicSite:
    """The implementation of ``council.public_site.PublicSite``."""

    def council_page(self, council):
        return getattr(council, PAGE, None)

    def live_council_page(self, council):
        page = self.council_page(council)
        return page if page is not None and page.live else None

    def council_page_path(self, council_path):
        return f"{council_path}__{PAGE}"

    def public_q(self, council_path):
        prefix = f"{council_path}__" if council_path else ""  # "" asks about councils themselves
        return Q(**{f"{prefix}{PAGE}__in": queries.public_council_pages()})

    def home_path(self, name, *args):
        return home_path(name, *args)

    def feeds_for_context(self, context):
        return feeds_for_context(context)


SITE = PublicSite()
