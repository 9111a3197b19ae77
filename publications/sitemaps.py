"""The sitemap: ``/sitemap.xml`` is an index of section sitemaps.

Each section lists one URL per item, at most ``settings.SITEMAP_SECTION_LIMIT``
URLs a file (50,000, the protocol's maximum); a larger section gets further
files (``?p=2``). The Woo sections have a smaller limit of their own, because
their entries carry DiWoo metadata (see ``woo.py``): the protocol also caps a
file at 50 MB.

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

At 200,000 letters a file of 50,000 URLs must stay well under a second
(docs/performance.md, "Sitemaps"). So a section reads only the columns its
URLs need (``values_list``, ordered by primary key), builds each page's path
from its ``url_path`` and the site's root once (not ``Page.get_url`` per row),
and writes the XML as a string rather than through a template. The index
asks each section for its size and latest change in one aggregate query.
"""

import datetime
from urllib.parse import quote, urlsplit
from xml.sax.saxutils import escape

from django.conf import settings
from django.db.models import Count, Max
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
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

URLSET_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
)
URLSET_CLOSE = "</urlset>\n"

#: What Django's ``reverse()`` leaves unquoted in a path (RFC 3986 sub-delims and ``/~:@``).
PATH_SAFE = "!$&'()*+,;=/~:@"


def site_for(request):
    """The Wagtail site serving ``request`` (the default site otherwise), or None."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site


def site_root_url(request):
    """The root URL of the Wagtail site serving ``request`` (the default site otherwise)."""
    site = site_for(request)
    if site is not None:
        return site.root_url
    return request.build_absolute_uri("/").rstrip("/") if request is not None else ""


def site_path(url):
    """The path (and query) of a URL on the site, full or relative."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class PagePaths:
    """The path of a page on one site from its ``url_path``, as ``Page.get_url`` gives it.

    Wagtail reverses ``wagtail_serve`` with the part of ``url_path`` below
    the site's root page; this does the reverse once, for the empty path,
    and quotes the rest the way ``reverse()`` does.
    """

    def __init__(self, site):
        self.root = site.root_page.url_path if site is not None else "/"
        self.prefix = reverse("wagtail_serve", args=("",))
        self.append_slash = getattr(settings, "WAGTAIL_APPEND_SLASH", True)

    def __call__(self, url_path):
        path = self.prefix + quote(url_path[len(self.root) :], safe=PATH_SAFE)
        if not self.append_slash and path != "/":
            path = path.rstrip("/")
        return path


def lastmod_day(moment, zone):
    """``<lastmod>``: the day in the site's time zone, as the ``date:"Y-m-d"`` filter gives it."""
    if isinstance(moment, datetime.datetime) and moment.tzinfo is not None:
        moment = moment.astimezone(zone)
    return moment.strftime("%Y-%m-%d")


def write_urlset(root_url, entries):
    """``(xml, last_modified)`` of ``(path, lastmod)`` entries.

    ``last_modified`` is the latest ``lastmod``, or None if an entry has none
    (as Django's sitemap view decides its ``Last-Modified``).
    """
    zone = timezone.get_current_timezone()
    parts = [URLSET_OPEN]
    last_modified = None
    every_lastmod = True
    for path, lastmod in entries:
        location = escape(root_url + path)
        if lastmod is None:
            every_lastmod = False
            parts.append(f"<url><loc>{location}</loc></url>\n")
            continue
        if last_modified is None or lastmod > last_modified:
            last_modified = lastmod
        parts.append(
            f"<url><loc>{location}</loc><lastmod>{lastmod_day(lastmod, zone)}</lastmod></url>\n"
        )
    parts.append(URLSET_CLOSE)
    return "".join(parts), last_modified if every_lastmod else None


def file_number(value):
    """The file number of ``?p=``: a positive whole number, else 404."""
    if value is None:
        return 1
    if not value.isdigit() or int(value) < 1:
        raise Http404(f"No sitemap file {value!r}")
    return int(value)


def summary(queryset, moment):
    """``(count, latest)`` of a section's rows in one query."""
    found = queryset.aggregate(count=Count("pk"), latest=Max(moment))
    return found["count"], found["latest"]


class SiteSitemap:
    """A section: one URL per row, on the Wagtail site's root URL.

    Subclasses give ``rows()`` (the section in its order, sliceable: a
    ``values_list`` ordered by primary key), ``entries(rows)`` (a
    ``(path, lastmod)`` per row) and ``summary()`` (the number of URLs and
    the latest change, for the index: one query, not one per row).
    """

    def __init__(self, request):
        self.request = request
        self.site = site_for(request)
        if self.site is not None:
            self.root_url = self.site.root_url
        else:
            self.root_url = request.build_absolute_uri("/").rstrip("/") if request else ""

    @property
    def limit(self):
        return min(
            getattr(settings, "SITEMAP_SECTION_LIMIT", PROTOCOL_URL_LIMIT), PROTOCOL_URL_LIMIT
        )

    @cached_property
    def page_paths(self):
        return PagePaths(self.site)

    def public_letters(self):
        """The public letters on this site."""
        return queries.public_letters().filter(url_path__startswith=self.page_paths.root)

    def file_rows(self, number):
        """The rows of file ``number`` (from 1); 404 past the last file."""
        start = (number - 1) * self.limit
        rows = list(self.rows()[start : start + self.limit])
        if not rows and number > 1:
            raise Http404(f"No sitemap file {number}")
        return rows

    def render(self, number):
        """``(xml, last_modified)`` of file ``number``."""
        return write_urlset(self.root_url, self.entries(self.file_rows(number)))

    def rows(self):
        raise NotImplementedError

    def entries(self, rows):
        raise NotImplementedError

    def summary(self):
        raise NotImplementedError


class PagesSitemap(SiteSitemap):
    """The home page with its routes, and each council page with its list routes."""

    def items(self):
        if not hasattr(self, "_entries"):  # the index and the file both ask
            self._entries = self._build()
        return self._entries

    def _build(self):
        entries = []
        if self.site is None:
            return []
        pages = (
            self.site.root_page.get_descendants(inclusive=True)
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

    def rows(self):
        return self.items()

    def entries(self, rows):
        return ((entry["location"], entry.get("lastmod")) for entry in rows)

    def summary(self):
        items = self.items()
        return len(items), latest(*(entry.get("lastmod") for entry in items))


class LettersSitemap(SiteSitemap):
    """Every public letter, with its last publication."""

    def rows(self):
        return self.public_letters().order_by("pk").values_list("url_path", "last_published_at")

    def entries(self, rows):
        path = self.page_paths
        return ((path(url_path), published_at) for url_path, published_at in rows)

    def summary(self):
        return summary(self.public_letters(), "last_published_at")


class VersionsSitemap(SiteSitemap):
    """The pages of the public versions of public letters (a minor change is not listed)."""

    def versions(self):
        return LetterVersion.objects.filter(letter__in=self.public_letters().values("pk")).exclude(
            kind=LetterVersion.Kind.MINOR
        )

    def rows(self):
        return (
            self.versions().order_by("pk").values_list("letter__url_path", "number", "recorded_at")
        )

    def entries(self, rows):
        path = self.page_paths
        return (
            (f"{path(url_path)}versies/{number}/", recorded_at)
            for url_path, number, recorded_at in rows
        )

    def summary(self):
        return summary(self.versions(), "recorded_at")


#: A primary key no record has, to cut a route's URL around the key.
_KEY = 918273645546372819


class _RecordSitemap(SiteSitemap):
    """Records of public councils shown on a route of their council page."""

    model = None
    route = ""

    def records(self):
        return self.model.objects.filter(public_site().public_q("council"))

    def _moment(self):
        # A record without a revision (created outside the admin) gets its council page's date.
        page = public_site().council_page_path("council")
        return Coalesce("latest_revision__created_at", f"{page}__last_published_at")

    def rows(self):
        page = public_site().council_page_path("council")
        return (
            self.records()
            .annotate(sitemap_lastmod=self._moment())
            .order_by("pk")
            .values_list("pk", page, "sitemap_lastmod")
        )

    def entries(self, rows):
        # The route's URL once per council page, around a placeholder key.
        pages = CouncilPage.objects.in_bulk({page_id for _, page_id, _ in rows})
        around = {}
        for page_id, page in pages.items():
            url = getattr(ConsultationRoutes(page, self.request), self.route)(_KEY)
            around[page_id] = site_path(url).split(str(_KEY), 1)
        return (
            (f"{around[page_id][0]}{pk}{around[page_id][1]}", moment)
            for pk, page_id, moment in rows
        )

    def summary(self):
        return summary(self.records(), self._moment())


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
