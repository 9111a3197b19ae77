"""The public site's structure: the platform home page and a page per council.

Later layers hang their pages (letters) under a CouncilPage. Meeting, motion
and consultation URLs are routes on the CouncilPage; the letter index, topic
pages, feeds, the open-data page and the platform-wide scorecard are routes
on the HomePage, so they stay stable without making every record a page.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField
from wagtail.models import Page, PagePermissionTester

from advice.consultations.routes import ConsultationRoutes
from advice.models import Consultation, LetterPage
from agenda.models import Meeting
from agenda.routes import MeetingRoutes
from council.models import Council, Member
from council.slugs import RouteSlugPageForm, RouteSlugPageMixin
from motions.models import Motion
from motions.views import STATUS_PARAMS

from . import queries
from .caching import CacheScope  # noqa: F401  (a model: Django finds it through this module)
from .page_sitemaps import home_sitemap_urls
from .routes import COUNCIL_ROUTES, HOME_ROUTES, subpage_urls


class StructuralPagePermissionTester(PagePermissionTester):
    """Editors may add letters under a council page, but not change the site's shape.

    The editor groups hold their page permissions at the root of the tree so
    that they reach every council's letters; home and council pages
    themselves are maintained by administrators only.
    """

    def _admin(self):
        return self.user.is_active and self.user.is_superuser

    def can_edit(self):
        return self._admin() and super().can_edit()

    def can_delete(self, ignore_bulk=False):
        return self._admin() and super().can_delete(ignore_bulk=ignore_bulk)

    def can_unpublish(self):
        return self._admin() and super().can_unpublish()

    def can_publish(self):
        return self._admin() and super().can_publish()

    def can_move(self):
        return self._admin() and super().can_move()

    def can_copy(self):
        return self._admin() and super().can_copy()

    def can_lock(self):
        return self._admin() and super().can_lock()


class ChildRouting:
    """Routes to a child page with one query, instead of Wagtail's two and their follow-ups.

    ``Page.route`` reads the child as a plain ``Page``, then its specific row,
    and the template then reads each related record it shows one by one. A
    page that knows the kind of its children names them in
    ``child_route_queryset`` (already specific, with ``select_related``); a
    slug that it does not find falls back to Wagtail's own routing (another
    kind of child, or the 404).
    """

    def child_route_queryset(self):
        raise NotImplementedError

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        # By slug and depth, then the parent's path: PostgreSQL then reads the few pages
        # with this slug (its index) instead of every child of the parent in path order.
        candidates = self.child_route_queryset().filter(
            slug=path_components[0], depth=self.depth + 1
        )
        child = next((page for page in candidates if page.path.startswith(self.path)), None)
        if child is None:
            return super().route(request, path_components)
        child._cached_parent_obj = self  # as Page.route does: get_parent() needs no query
        return child.route(request, path_components[1:])


class StructuralPage(RouteSlugPageMixin, Page):
    base_form_class = RouteSlugPageForm

    class Meta:
        abstract = True

    def permissions_for_user(self, user):
        return StructuralPagePermissionTester(user, self)


class HomePageTester(StructuralPagePermissionTester):
    def can_add_subpage(self):
        return self._admin() and super().can_add_subpage()


class HomePage(RoutablePageMixin, ChildRouting, StructuralPage):
    intro = RichTextField(_("inleiding"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["publications.CouncilPage"]
    max_count = 1

    class Meta:
        verbose_name = _("startpagina")

    def permissions_for_user(self, user):
        return HomePageTester(user, self)

    def child_route_queryset(self):
        return CouncilPage.objects.select_related("council")

    def live_council_pages(self):
        return (
            CouncilPage.objects.live()
            .public()
            .child_of(self)
            .select_related("council__municipality")
            .order_by("council__name")
        )

    # --- Routes (publications.routes): the scorecard, the letter index, topics,
    # feeds, open data.

    @classmethod
    def get_subpage_urls(cls):
        return subpage_urls(HOME_ROUTES) + super().get_subpage_urls()

    LATEST_LETTERS = 10
    UPCOMING_MEETINGS = 5

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        council_pages = self.live_council_pages()
        context["council_pages"] = council_pages
        context["letters"] = (
            queries.public_letters().for_listing().newest_first()[: self.LATEST_LETTERS]
        )
        meetings = queries.upcoming_meetings(
            timezone.localdate(), council_pages=council_pages, limit=self.UPCOMING_MEETINGS
        )
        for meeting in meetings:
            meeting.public_url = MeetingRoutes(meeting.council.page, request).meeting(meeting.pk)
        context["upcoming_meetings"] = meetings
        return context

    def get_sitemap_urls(self, request=None):
        """The home page, the letter index, the topic pages, open data and the scorecard."""
        return home_sitemap_urls(self, request)


class CouncilPage(RoutablePageMixin, ChildRouting, StructuralPage):
    council = models.OneToOneField(
        Council,
        verbose_name=_("cliëntenraad"),
        on_delete=models.PROTECT,
        related_name="page",
    )
    intro = RichTextField(_("inleiding"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("council"), FieldPanel("intro")]

    parent_page_types = ["publications.HomePage"]
    subpage_types = ["advice.LetterPage"]

    LATEST_LETTERS = 10

    class Meta:
        verbose_name = _("pagina van een cliëntenraad")
        verbose_name_plural = _("pagina's van cliëntenraden")

    def child_route_queryset(self):
        # What a letter page and its feed links show of the letter: council, addressee.
        return LetterPage.objects.select_related("council", "addressee__municipality")

    # --- Meetings, motions and the consultation record (publications.routes);
    # the route names belong to agenda, motions and advice.consultations.

    @classmethod
    def get_subpage_urls(cls):
        return subpage_urls(COUNCIL_ROUTES) + super().get_subpage_urls()

    def get_sitemap_urls(self, request=None):
        """The page itself, its meeting and motion lists, and every meeting and motion."""
        urls = super().get_sitemap_urls(request)
        if not self.live:
            return urls
        routes = ConsultationRoutes(self, request, full=True)

        def entry(url, lastmod=None):
            return {"location": url, "lastmod": lastmod}

        def changed(record):
            return record.latest_revision.created_at if record.latest_revision else None

        meetings = list(
            Meeting.objects.for_council(self.council)
            .select_related("latest_revision")
            .order_by("-date", "pk")
        )
        motions = list(
            Motion.objects.for_council(self.council)
            .select_related("latest_revision")
            .order_by("pk")
        )
        latest_meeting = max(filter(None, map(changed, meetings)), default=None)
        latest_motion = max(filter(None, map(changed, motions)), default=None)
        urls.append(entry(routes.meetings(), latest_meeting))
        urls.extend(entry(routes.meeting(meeting.pk), changed(meeting)) for meeting in meetings)
        urls.append(entry(routes.motions(), latest_motion))
        urls.extend(entry(routes.motion(motion.pk), changed(motion)) for motion in motions)
        urls.extend(self._consultation_sitemap_urls(request))
        return urls

    def _consultation_sitemap_urls(self, request):
        routes = ConsultationRoutes(self, request, full=True)
        consultations = list(
            Consultation.objects.for_council(self.council)
            .select_related("latest_revision")
            .order_by("pk")
        )
        changed = [
            (c, c.latest_revision.created_at if c.latest_revision else None) for c in consultations
        ]
        latest = max((when for _, when in changed if when), default=None)
        return [
            {"location": routes.consultations(), "lastmod": latest},
            {"location": routes.consultation_list(), "lastmod": latest},
            *({"location": routes.consultation(c.pk), "lastmod": when} for c, when in changed),
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        letters = queries.public_letters().of_council(self.council)
        context["letters"] = letters.for_listing().newest_first()[: self.LATEST_LETTERS]
        context["letter_count"] = letters.count()
        context["topics"] = queries.topics_of(letters)
        council_routes = ConsultationRoutes(self, request)
        meetings = queries.upcoming_meetings(today, council=self.council, limit=5)
        for meeting in meetings:
            meeting.public_url = council_routes.meeting(meeting.pk)
        context["routes"] = council_routes
        context["upcoming_meetings"] = meetings
        counts = Motion.objects.for_council(self.council).status_counts(today)
        context["motion_statuses"] = [
            {"param": param, "label": status.label, "count": counts[status]}
            for param, status in STATUS_PARAMS.items()
        ]
        context["motion_count"] = sum(counts.values())
        # Names only with consent; of the others, only how many there are.
        members = Member.objects.filter(council=self.council).active()
        context["named_members"] = list(
            members.with_public_name().order_by("role", "name").only("name", "role")
        )
        context["unnamed_member_count"] = members.filter(publish_name=False).count()
        return context
