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
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, PagePermissionTester

from advice import views as advice_views
from advice.consultations.routes import ConsultationRoutes
from advice.models import Consultation
from agenda import views as agenda_views
from agenda.models import Meeting
from agenda.routes import CouncilRoutes
from council.models import Council, Member
from council.slugs import RouteSlugPageForm, RouteSlugPageMixin
from motions import views as motion_views
from motions.models import Motion

from . import queries, scorecard_views
from . import views as public_views
from .caching import route_shows


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


class StructuralPage(RouteSlugPageMixin, Page):
    base_form_class = RouteSlugPageForm

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
            queries.public_council_pages()
            .child_of(self)
            .select_related("council__municipality")
            .order_by("council__name")
        )

    # --- The platform-wide consultation scorecard (publications.scorecard_views).

    @route_shows("consultations", "letters", "meetings")
    @path("raadplegingen/", name="scorecard")
    def scorecard_route(self, request):
        return scorecard_views.platform_scorecard(
            request, page=self, council_pages=list(self.live_council_pages())
        )

    @path("raadplegingen/zonder-raad/<slug:fmt>/", name="scorecard_feed")
    def scorecard_feed_route(self, request, fmt):
        return public_views.scorecard_feed(request, page=self, fmt=fmt)

    @path("raadplegingen/zonder-raad/<slug:slug>/<slug:fmt>/", name="council_scorecard_feed")
    def council_scorecard_feed_route(self, request, slug, fmt):
        return public_views.council_scorecard_feed(request, page=self, slug=slug, fmt=fmt)

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
            meeting.public_url = CouncilRoutes(meeting.council.page, request).meeting(meeting.pk)
        context["upcoming_meetings"] = meetings
        return context

    # --- Platform-wide routes: the letter index, topics, feeds, open data.

    @path("brieven/", name="letters")
    def letters_route(self, request):
        return public_views.letter_index(request, page=self)

    @path("brieven/<slug:fmt>/", name="letters_feed")
    def letters_feed_route(self, request, fmt):
        return public_views.letters_feed(request, page=self, fmt=fmt)

    @path("brieven/raad/<slug:slug>/<slug:fmt>/", name="council_feed")
    def council_feed_route(self, request, slug, fmt):
        return public_views.council_feed(request, page=self, slug=slug, fmt=fmt)

    @path("brieven/onderwerp/<str:slug>/<slug:fmt>/", name="topic_feed")
    def topic_feed_route(self, request, slug, fmt):
        return public_views.topic_feed(request, page=self, slug=slug, fmt=fmt)

    @path("brieven/orgaan/<slug:municipality>/<slug:slug>/<slug:fmt>/", name="body_feed")
    def body_feed_route(self, request, municipality, slug, fmt):
        return public_views.body_feed(
            request, page=self, municipality=municipality, slug=slug, fmt=fmt
        )

    @path("onderwerpen/", name="topics")
    def topics_route(self, request):
        return public_views.topic_index(request, page=self)

    @path("onderwerpen/<str:slug>/", name="topic")
    def topic_route(self, request, slug):
        return public_views.topic_detail(request, page=self, slug=slug)

    @path("open-data/", name="open_data")
    def open_data_route(self, request):
        return public_views.open_data(request, page=self)

    def get_sitemap_urls(self, request=None):
        """The home page, the letter index, the topic pages, open data and the scorecard."""
        from .sitemaps import home_sitemap_urls

        return home_sitemap_urls(self, request)


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

    @route_shows("meetings")
    @path("vergaderingen/", name="meetings")
    def meetings_route(self, request):
        return agenda_views.meeting_list(request, page=self)

    # Its items may show linked letters and consultations too.
    @route_shows("meetings", "motions", "letters", "consultations")
    @path("vergaderingen/<int:pk>/", name="meeting")
    def meeting_route(self, request, pk):
        return advice_views.meeting_detail(request, page=self, pk=pk)

    # Wagtail serves page paths of slash-ended [\w-] segments only, so the
    # feeds cannot end in ".ics"; the response names its file *.ics instead.
    @route_shows("meetings")
    @path("vergaderingen/ical/", name="calendar")
    def calendar_route(self, request):
        return agenda_views.council_calendar(request, page=self)

    @route_shows("meetings")
    @path("vergaderingen/ical/<slug:body_slug>/", name="body_calendar")
    def body_calendar_route(self, request, body_slug):
        return agenda_views.body_calendar(request, page=self, body_slug=body_slug)

    @route_shows("motions", "meetings")
    @path("moties/", name="motions")
    def motions_route(self, request):
        return motion_views.motion_list(request, page=self)

    @route_shows("motions", "meetings", "letters", "consultations")
    @path("moties/<int:pk>/", name="motion")
    def motion_route(self, request, pk):
        return motion_views.motion_detail(request, page=self, pk=pk)

    # --- The consultation record (advice; pages in publications.scorecard_views).
    # The route names are the contract advice.routes.ConsultationRoutes builds URLs from.

    @route_shows("consultations", "letters", "meetings")
    @path("raadplegingen/", name="consultations")
    def consultations_route(self, request):
        return scorecard_views.council_scorecard(request, page=self)

    @route_shows("consultations", "letters", "meetings")
    @path("raadplegingen/alle/", name="consultation_list")
    def consultation_list_route(self, request):
        return scorecard_views.consultation_list(request, page=self)

    @route_shows("consultations", "letters", "meetings")
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
        routes = CouncilRoutes(self, request)
        meetings = queries.upcoming_meetings(today, council=self.council, limit=5)
        for meeting in meetings:
            meeting.public_url = routes.meeting(meeting.pk)
        context["routes"] = routes
        context["upcoming_meetings"] = meetings
        counts = Motion.objects.for_council(self.council).status_counts(today)
        context["motion_statuses"] = [
            {"param": param, "label": status.label, "count": counts[status]}
            for param, status in motion_views.STATUS_PARAMS.items()
        ]
        context["motion_count"] = sum(counts.values())
        # Names only with consent; of the others, only how many there are.
        members = Member.objects.filter(council=self.council).active()
        context["named_members"] = list(
            members.with_public_name().order_by("role", "name").only("name", "role")
        )
        context["unnamed_member_count"] = members.filter(publish_name=False).count()
        return context


class CacheScope(models.Model):
    """The generation of one scope of public data, for the page and feed cache.

    See ``publications.caching``: a stored response is served only while the
    generations of the scopes it shows are unchanged. Kept in the database so
    that a bump belongs to the transaction that published or unpublished.
    """

    key = models.CharField(max_length=100, primary_key=True)
    generation = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("cachegeneratie")
        verbose_name_plural = _("cachegeneraties")

    def __str__(self):
        return f"{self.key} ({self.generation})"
