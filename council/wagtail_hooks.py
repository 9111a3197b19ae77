from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import manual
from .admin_views import ProtectedDeleteView
from .change_log import CHANGE, ChangeFormatter, ChangesLoggedEditAction
from .models import Council, GlossaryTerm, Member, MunicipalBody, Municipality, Topic
from .permissions import (
    CouncilPermissionPolicy,
    CouncilScopedDeleteBulkAction,
    CouncilScopedViewSetMixin,
    MunicipalBodyPermissionPolicy,
)

# Before any viewset asks for them: who may touch which council's records.
register_permission_policy(Council, CouncilPermissionPolicy(Council, council_path="pk"))
register_permission_policy(Member, CouncilPermissionPolicy(Member, council_path="council"))
register_permission_policy(MunicipalBody, MunicipalBodyPermissionPolicy(MunicipalBody))
# After Wagtail's own bulk delete (order 0), so this one replaces it for those models.
hooks.register("register_bulk_action", CouncilScopedDeleteBulkAction, order=10)


@hooks.register("register_actions")
def register_change_logged_edits(registry):
    # A council's rules decide consultations' verdicts: its log entry names what changed.
    registry.register(Council, ChangesLoggedEditAction)


@hooks.register("register_log_actions")
def register_change_log(actions):
    actions.register_action(CHANGE)(ChangeFormatter)


class CouncilViewSet(CouncilScopedViewSetMixin, SnippetViewSet):
    model = Council
    icon = "group"
    menu_label = _("Cliëntenraden")
    delete_view_class = ProtectedDeleteView
    list_display = ["name", "municipality", "notice_weeks", "response_weeks", "day_count"]
    list_filter = ["municipality", "day_count"]
    list_export = [
        "name",
        "slug",
        "municipality",
        "email",
        "website",
        "notice_weeks",
        "response_weeks",
        "day_count",
        "regulation_title",
    ]
    export_filename = "clientenraden"
    search_fields = ["name", "slug", "municipality__name"]
    search_backend_name = None
    ordering = ["name"]

    def get_queryset(self, request):
        return Council.objects.select_related("municipality")


class MemberViewSet(CouncilScopedViewSetMixin, SnippetViewSet):
    model = Member
    icon = "user"
    menu_label = _("Leden")
    delete_view_class = ProtectedDeleteView
    list_display = ["name", "role", "council", "active_from", "active_to", "publish_name"]
    list_filter = ["council", "role", "publish_name"]
    list_export = ["name", "role", "council", "active_from", "active_to", "publish_name"]
    export_filename = "leden"
    search_fields = ["name", "council__name"]
    search_backend_name = None

    def get_queryset(self, request):
        return Member.objects.select_related("council")


class MunicipalityViewSet(SnippetViewSet):
    model = Municipality
    icon = "site"
    menu_label = _("Gemeenten")
    delete_view_class = ProtectedDeleteView
    list_display = ["name", "slug", "website"]
    search_fields = ["name"]
    search_backend_name = None


class MunicipalBodyViewSet(CouncilScopedViewSetMixin, SnippetViewSet):
    model = MunicipalBody
    icon = "home"
    menu_label = _("Gemeentelijke organen")
    delete_view_class = ProtectedDeleteView
    list_display = ["name", "kind", "municipality", "portfolio"]
    list_filter = ["municipality", "kind"]
    list_export = ["name", "kind", "municipality", "portfolio", "website"]
    export_filename = "gemeentelijke-organen"
    search_fields = ["name", "portfolio", "municipality__name"]
    search_backend_name = None

    def get_queryset(self, request):
        return MunicipalBody.objects.addressable()


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Onderwerpen")
    delete_view_class = ProtectedDeleteView
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    search_backend_name = None


class GlossaryTermViewSet(SnippetViewSet):
    """The platform-wide begrippenlijst (council/glossary.py): superusers, or a group given its permissions."""

    model = GlossaryTerm
    icon = "help"
    menu_label = _("Begrippenlijst")
    list_display = ["term", "explanation"]
    list_export = ["term", "slug", "other_forms", "explanation"]
    search_fields = ["term", "other_forms", "explanation"]
    search_backend_name = None


class CouncilGroup(SnippetViewSetGroup):
    menu_label = _("Cliëntenraden")
    menu_icon = "group"
    menu_order = 200
    items = (
        CouncilViewSet,
        MemberViewSet,
        MunicipalityViewSet,
        MunicipalBodyViewSet,
        TopicViewSet,
        GlossaryTermViewSet,
    )


register_snippet(CouncilGroup)


# The handleiding (council/manual.py) instead of Wagtail's English Help menu.
@hooks.register("register_admin_urls")
def register_manual_urls():
    return manual.urlpatterns()


@hooks.register("register_admin_menu_item")
def register_manual_menu_item():
    return MenuItem(
        _("Handleiding"),
        reverse("council_manual"),
        name="handleiding",
        icon_name="help",
        order=11000,
    )


@hooks.register("construct_main_menu")
def hide_wagtails_help_menu(request, menu_items):
    menu_items[:] = [item for item in menu_items if item.name != "help"]


from . import mail_admin  # noqa: E402,F401  (the outgoing e-mail queue)


@hooks.register("register_admin_viewset")
def register_lockout_viewset():
    from axes.models import AccessAttempt

    from .lockout_admin import LockoutViewSet, PlatformAdministratorPolicy

    register_permission_policy(AccessAttempt, PlatformAdministratorPolicy(AccessAttempt))
    return LockoutViewSet()
