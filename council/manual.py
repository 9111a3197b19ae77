"""The handleiding: a short Dutch manual per role, in the admin at /beheer/handleiding/.

It replaces Wagtail's English Help menu (removed in ``wagtail_hooks``). Each
page is a template under ``templates/council/admin/manual/``; ``PAGES`` says
for which roles it is written. Every signed-in admin user reaches every page;
the index puts the pages of the user's own roles first.
"""

from dataclasses import dataclass

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .models import Member

Role = Member.Role
#: Not a ``Member.Role``: a superuser, who works for every council.
ADMIN = "admin"


@dataclass(frozen=True)
class ManualPage:
    slug: str
    title: str
    summary: str
    roles: frozenset

    @property
    def url_name(self):
        return f"council_manual_{self.slug.replace('-', '_')}"

    @property
    def url(self):
        return reverse(self.url_name)

    @property
    def template_name(self):
        return f"council/admin/manual/{self.slug}.html"


PAGES = (
    ManualPage(
        "advies-schrijven",
        _("Een advies schrijven"),
        _("Een brief opstellen, laten bespreken en aanbieden ter vaststelling."),
        frozenset({Role.MEMBER, Role.CHAIR, Role.SECRETARY}),
    ),
    ManualPage(
        "raadpleging-vastleggen",
        _("Een raadpleging vastleggen"),
        _("Vastleggen of en wanneer de cliëntenraad om advies is gevraagd; ook per CSV-bestand."),
        frozenset({Role.OFFICIAL_SUPPORT, Role.SECRETARY}),
    ),
    ManualPage(
        "brief-corrigeren",
        _("Een verzonden brief corrigeren"),
        _(
            "Een fout in een verzonden of gepubliceerde brief herstellen, met een wijzigingsnotitie."
        ),
        frozenset({Role.CHAIR, Role.SECRETARY}),
    ),
    ManualPage(
        "rollen",
        _("Wie mag wat"),
        _(
            "Wat lid, voorzitter, secretaris, ambtelijk secretaris en beheerder in het beheer mogen."
        ),
        frozenset({ADMIN}),
    ),
)

ROLE_NAMES = {**dict(Role.choices), ADMIN: _("beheerder")}


def memberships(user):
    """The user's active memberships with an account: ``[(council name, role label), …]``."""
    rows = (
        Member.objects.active()
        .filter(user=user)
        .select_related("council")
        .order_by("council__name", "role")
    )
    return [(row.council.name, row.get_role_display()) for row in rows]


def roles_of(user):
    """The roles the user holds in any council (``ADMIN`` for a platform administrator)."""
    if user.is_superuser:
        return frozenset({ADMIN})
    return frozenset(Member.objects.active().filter(user=user).values_list("role", flat=True))


def ordered_for(roles):
    """``(the pages for these roles, the others)``, each in the manual's order."""
    own = [page for page in PAGES if page.roles & roles]
    return own, [page for page in PAGES if page not in own]


class ManualView(WagtailAdminTemplateMixin, TemplateView):
    page = None  # a ManualPage; None for the index
    header_icon = "help"

    @cached_property
    def roles(self):
        return roles_of(self.request.user)

    def get_page_title(self):
        return self.page.title if self.page else _("Handleiding")

    def get_template_names(self):
        return [self.page.template_name if self.page else "council/admin/manual/index.html"]

    def get_breadcrumbs_items(self):
        items = [
            *self.breadcrumbs_items,
            {"url": reverse("council_manual"), "label": _("Handleiding")},
        ]
        if self.page:
            items.append({"url": "", "label": self.page.title})
        return items

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        own, others = ordered_for(self.roles)
        context.update(
            manual_page=self.page,
            own_pages=own,
            other_pages=others,
            pages=PAGES,
            role_names=sorted(str(ROLE_NAMES[role]) for role in self.roles),
            is_platform_admin=ADMIN in self.roles,
            memberships=memberships(self.request.user),
        )
        return context


def urlpatterns():
    return [
        path("handleiding/", ManualView.as_view(), name="council_manual"),
        *(
            path(f"handleiding/{page.slug}/", ManualView.as_view(page=page), name=page.url_name)
            for page in PAGES
        ),
    ]
