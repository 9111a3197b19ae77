"""The public site's structure: the platform home page and a page per council.

Later layers hang their pages (letters) under a CouncilPage; meeting, motion,
consultation and feed URLs are routes on the CouncilPage (the platform-wide
scorecard one on the HomePage), so they stay stable without making every
record a page.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, PagePermissionTester

from advice import views as advice_views
from advice.models import Consultation, LetterPage
from advice.routes import AdviceRoutes
from agenda import views as agenda_views
from agenda.models import Meeting
from agenda.routes import CouncilRoutes
from council.models import Council
from motions import views as motion_views
from motions.models import Motion

from . import scorecard_views


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


class StructuralPage(Page):
    class Meta:
        abstract = True

    def permissions_for_user(self, user):
        return StructuralPagePermissionTester(user, self)


class HomePageTester(StructuralPagePermissionTester):
    def can_add_subpage(self):
        return self._admin() and super().can_add_subpage()


class HomePage(RoutablePageMixin, StructuralPage):
    intro = RichTextField(_("inleiding"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["publications.CouncilPage"]
    max_count = 1

    class Meta:
        verbose_name = _("startpagina")

    def permissions_for_user(self, user):
        return HomePageTester(user, self)

    def live_council_pages(self):
        return (
            CouncilPage.objects.live()
            .public()
            .child_of(self)
            .select_related("council__municipality")
            .order_by("council__name")
        )

    # --- The platform-wide consultation scorecard (publications.scorecard_views).

    @path("raadplegingen/", name="scorecard")
    def scorecard_route(self, request):
        return scorecard_views.platform_scorecard(
            request, page=self, council_pages=list(self.live_council_pages())
        )

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        if self.live:
            base = self.get_full_url(request=request) or ""
            urls.append({"location": base + self.reverse_subpage("scorecard"), "lastmod": None})
        return urls

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["council_pages"] = self.live_council_pages()
        return context


class CouncilPage(RoutablePageMixin, StructuralPage):
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

    # --- Meetings and motions (agenda, motions). The route names are the
    # contract agenda.routes.CouncilRoutes builds URLs from; keep them stable.

    @path("vergaderingen/", name="meetings")
    def meetings_route(self, request):
        return agenda_views.meeting_list(request, page=self)

    @path("vergaderingen/<int:pk>/", name="meeting")
    def meeting_route(self, request, pk):
        return advice_views.meeting_detail(request, page=self, pk=pk)

    # Wagtail serves page paths of slash-ended [\w-] segments only, so the
    # feeds cannot end in ".ics"; the response names its file *.ics instead.
    @path("vergaderingen/ical/", name="calendar")
    def calendar_route(self, request):
        return agenda_views.council_calendar(request, page=self)

    @path("vergaderingen/ical/<slug:body_slug>/", name="body_calendar")
    def body_calendar_route(self, request, body_slug):
        return agenda_views.body_calendar(request, page=self, body_slug=body_slug)

    @path("moties/", name="motions")
    def motions_route(self, request):
        return motion_views.motion_list(request, page=self)

    @path("moties/<int:pk>/", name="motion")
    def motion_route(self, request, pk):
        return motion_views.motion_detail(request, page=self, pk=pk)

    # --- The consultation record (advice; pages in publications.scorecard_views).
    # The route names are the contract advice.routes.AdviceRoutes builds URLs from.

    @path("raadplegingen/", name="consultations")
    def consultations_route(self, request):
        return scorecard_views.council_scorecard(request, page=self)

    @path("raadplegingen/alle/", name="consultation_list")
    def consultation_list_route(self, request):
        return scorecard_views.consultation_list(request, page=self)

    @path("raadplegingen/<int:pk>/", name="consultation")
    def consultation_route(self, request, pk):
        return scorecard_views.consultation_detail(request, page=self, pk=pk)

    def get_sitemap_urls(self, request=None):
        """The page itself, its meeting and motion lists, and every meeting and motion."""
        urls = super().get_sitemap_urls(request)
        if not self.live:
            return urls
        routes = CouncilRoutes(self, request, full=True)

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
        routes = AdviceRoutes(self, request, full=True)
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
        context["letters"] = (
            LetterPage.objects.live()
            .public()
            .of_council(self.council)
            .for_listing()
            .newest_first()[: self.LATEST_LETTERS]
        )
        return context
