"""The public site's structure: the platform home page and a page per council.

Later layers hang their pages (letters) under a CouncilPage; meeting, motion
and feed URLs are routes on the CouncilPage, so they stay stable without
making every record a page.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField
from wagtail.models import Page, PagePermissionTester

from advice.models import LetterPage
from council.models import Council


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


class HomePage(StructuralPage):
    intro = RichTextField(_("inleiding"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["publications.CouncilPage"]
    max_count = 1

    class Meta:
        verbose_name = _("startpagina")

    def permissions_for_user(self, user):
        return HomePageTester(user, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["council_pages"] = (
            CouncilPage.objects.live()
            .public()
            .child_of(self)
            .select_related("council__municipality")
            .order_by("council__name")
        )
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
