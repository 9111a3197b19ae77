"""The sitemap: ``/sitemap.xml`` is an index of section sitemaps.

Each section lists one URL per item, so Django's paginator keeps every file
of a section at most ``settings.SITEMAP_SECTION_LIMIT`` URLs (50,000, the
protocol's maximum); a larger section gets further files (``?p=2``). The Woo
section has a smaller limit of its own, because its entries carry DiWoo
metadata (see :class:`WooSitemap`): the protocol also caps a file at 50 MB.

========================  ================================================
section                   what it lists
========================  ================================================
``pages``                 the home page and its routes, the council pages
                          and their list routes (meetings, motions,
                          consultations)
``letters``               every public letter (its last publication)
``versions``              the page of every public version of a letter
                          (the sent text, the first publication,
                          corrections; not minor changes)
``meetings``              every meeting of a public council
``motions``               every motion of a public council
``consultations``         every consultation of a public council
``woo``                   the Woo sitemap of letters, with DiWoo metadata
                          (``woo.py``)
``woo-aanvragen``         the Woo sitemap of public requests for advice
========================  ================================================

Every ``<loc>`` is built on the root URL of the Wagtail site (Settings >
Sites: hostname and port), not on the host a request happened to use. Each
section is cached by the public page cache (``views.sitemap_section``) and
says when it last changed (``lastmod`` in the index, ``Last-Modified`` on the
section).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Coalesce
from wagtail.models import Site

from advice.consultations.routes import ConsultationRoutes
from advice.models import Consultation, LetterPage, LetterVersion
from agenda.models import Meeting
from council.public_site import public_site
from motions.models import Motion

from . import queries
from .models import CouncilPage
from .page_sitemaps import latest

#: The sitemap protocol's maximum number of URLs in one file.
PROTOCOL_URL_LIMIT = 50_000


def site_root_url(request):
    """The root URL of the Wagtail site serving ``request`` (the default site otherwise)."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_url
    return request.build_absolute_uri("/").rstrip("/") if request is not None else ""


def site_path(url):
    """The path (and query) of a URL on the site, full or relative."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class SiteSitemap(Sitemap):
    """A section: one URL per item, on the Wagtail site's root URL.

    Subclasses give ``items()``, ``location(item)`` (a path, or a full URL
    on the site), ``lastmod(item)`` and ``latest()``: the latest change of
    the whole section, for the index (one query, not one per item).
    """

    def __init__(self, request):
        self.request = request
        self.root_url = site_root_url(request)

    @property
    def limit(self):
        return min(
            getattr(settings, "SITEMAP_SECTION_LIMIT", PROTOCOL_URL_LIMIT), PROTOCOL_URL_LIMIT
        )

    def get_protocol(self, protocol=None):
        return urlsplit(self.root_url).scheme or protocol or "http"

    def get_domain(self, site=None):
        return urlsplit(self.root_url).netloc

    def _location(self, item, force_lang_code=None):
        return site_path(self.location(item))

    def latest(self):
        raise NotImplementedError


class PagesSitemap(SiteSitemap):
    """The home page with its routes, and each council page with its list routes."""

    def items(self):
        if not hasattr(self, "_entries"):  # the paginator and latest() both ask
            self._entries = self._build()
        return self._entries

    def _build(self):
        entries = []
        site = (
            Site.find_for_request(self.request) or Site.objects.filter(is_default_site=True).first()
        )
        if site is None:
            return []
        pages = (
            site.root_page.get_descendants(inclusive=True)
            .live()
            .public()
            .not_type(LetterPage)
            .order_by("path")
            .specific()
            .select_related("latest_revision")
        )
        council_pages = [page for page in pages if isinstance(page, CouncilPage)]
        changes = self._council_changes([page.council_id for page in council_pages])
        for page in pages:
            if isinstance(page, CouncilPage):
                entries.extend(self._council_entries(page, changes))
            else:
                entries.extend(
                    entry for entry in page.get_sitemap_urls(self.request) if entry["location"]
                )
        for entry in entries:
            entry["location"] = site_path(entry["location"])
        return [entry for entry in entries if entry["location"]]

    @staticmethod
    def _council_changes(council_ids):
        def per_council(queryset, moment):
            return dict(
                queryset.filter(council_id__in=council_ids)
                .values_list("council_id")
                .annotate(latest=Max(moment))
                .order_by()
            )

        return {
            "letters": per_council(queries.public_letters(), "last_published_at"),
            "meetings": per_council(Meeting.objects.all(), "latest_revision__created_at"),
            "motions": per_council(Motion.objects.all(), "latest_revision__created_at"),
            "consultations": per_council(Consultation.objects.all(), "latest_revision__created_at"),
        }

    def _council_entries(self, page, changes):
        own = latest(page.last_published_at, page.latest_revision_created_at)
        page_lastmod = latest(own, changes["letters"].get(page.council_id))
        routes = ConsultationRoutes(page, self.request)

        def change(kind):
            # A list without records gets the council page's date rather than none.
            return changes[kind].get(page.council_id) or page_lastmod

        return [
            {"location": page.get_url(self.request), "lastmod": page_lastmod},
            {"location": routes.meetings(), "lastmod": change("meetings")},
            {"location": routes.motions(), "lastmod": change("motions")},
            {"location": routes.consultations(), "lastmod": change("consultations")},
            {"location": routes.consultation_list(), "lastmod": change("consultations")},
        ]

    def location(self, item):
        return item["location"]

    def lastmod(self, item):
        return item.get("lastmod")

    def latest(self):
        # The entries are built once for the paginator already.
        return max(filter(None, (entry.get("lastmod") for entry in self.items())), default=None)


class LettersSitemap(SiteSitemap):
    def items(self):
        return queries.public_letters().order_by("pk").only("url_path", "last_published_at")

    def location(self, item):
        return item.get_url(self.request)

    def lastmod(self, item):
        return item.last_published_at

    def latest(self):
        return queries.public_letters().aggregate(latest=Max("last_published_at"))["latest"]


class VersionsSitemap(SiteSitemap):
    """The pages of the public versions of public letters (a minor change is not listed)."""

    def items(self):
        return (
            LetterVersion.objects.filter(letter__in=queries.public_letters().values("pk"))
            .exclude(kind=LetterVersion.Kind.MINOR)
            .select_related("letter")
            .only("number", "recorded_at", "letter__url_path")
            .order_by("pk")
        )

    def location(self, item):
        return f"{item.letter.get_url(self.request)}versies/{item.number}/"

    def lastmod(self, item):
        return item.recorded_at

    def latest(self):
        return self.items().aggregate(latest=Max("recorded_at"))["latest"]


class _RecordSitemap(SiteSitemap):
    """Records of public councils shown on a route of their council page."""

    model = None
    route = ""

    def records(self):
        return self.model.objects.filter(public_site().public_q("council"))

    def items(self):
        return (
            self.records()
            .select_related(public_site().council_page_path("council"), "latest_revision")
            .order_by("pk")
        )

    def location(self, item):
        page = item.council.page
        memo = self.__dict__.setdefault("_routes", {})
        if page.pk not in memo:
            memo[page.pk] = ConsultationRoutes(page, self.request)
        return getattr(memo[page.pk], self.route)(item.pk)

    def lastmod(self, item):
        # A record without a revision (created outside the admin) gets its council page's date.
        if item.latest_revision is not None:
            return item.latest_revision.created_at
        return item.council.page.last_published_at

    def latest(self):
        return self.records().aggregate(
            latest=Max(
                Coalesce(
                    "latest_revision__created_at",
                    f"{public_site().council_page_path('council')}__last_published_at",
                )
            )
        )["latest"]


class MeetingsSitemap(_RecordSitemap):
    model = Meeting
    route = "meeting"


class MotionsSitemap(_RecordSitemap):
    model = Motion
    route = "motion"


class ConsultationsSitemap(_RecordSitemap):
    model = Consultation
    route = "consultation"

    def records(self):
        return Consultation.objects.public()
