"""Motions and commitments in the admin, and the dashboard panel of deadlines."""

import django_filters
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from agenda.wagtail_hooks import AGENDA_MENU_HOOK
from council.admin_views import DashboardPanel, ProtectedDeleteView
from council.models import Council, MunicipalBody, Municipality, Topic
from council.permissions import CouncilPermissionPolicy, CouncilScopedViewSetMixin
from council.stale_edits import VersionedEditView

from .models import Motion
from .ods import views as ods_views
from .ods.permissions import may_import as may_import_ods
from .rules import FollowUpStatus

register_permission_policy(Motion, CouncilPermissionPolicy(Motion, council_path="council"))

DASHBOARD_DAYS = 30


@hooks.register("register_admin_urls")
def register_ods_import_urls():
    return [
        path("vergaderingen/ods-importeren/", ods_views.upload_view, name="motions_ods_import"),
        path(
            "vergaderingen/ods-importeren/<int:pk>/",
            ods_views.progress_view,
            name="motions_ods_import_progress",
        ),
        path(
            "vergaderingen/ods-importeren/<int:pk>/status/",
            ods_views.status_view,
            name="motions_ods_import_status",
        ),
    ]


class OdsImportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_import_ods(request.user)


@hooks.register(AGENDA_MENU_HOOK)
def register_ods_import_menu_item():
    # Under "Vergaderingen", after the meetings and agenda items.
    return OdsImportMenuItem(
        _("ODS importeren"), reverse("motions_ods_import"), icon_name="upload", order=10
    )


DASHBOARD_LIMIT = 20


class MotionFilterSet(WagtailFilterSet):
    municipality = django_filters.ModelChoiceFilter(
        label=_("Gemeente"),
        field_name="council__municipality",
        queryset=Municipality.objects.all(),
    )
    council = django_filters.ModelChoiceFilter(
        label=_("Cliëntenraad"), queryset=Council.objects.all()
    )
    body = django_filters.ModelChoiceFilter(
        label=_("Gemeentelijk orgaan"),
        field_name="agenda_item__meeting__body",
        queryset=MunicipalBody.objects.addressable(),
    )
    status = django_filters.ChoiceFilter(
        label=_("Afdoening"),
        choices=FollowUpStatus.choices,
        empty_label=_("Alle"),
        method="filter_status",
    )
    kind = django_filters.ChoiceFilter(
        label=_("Soort"), choices=Motion.Kind.choices, empty_label=_("Alle")
    )
    vote = django_filters.ChoiceFilter(
        label=_("Uitslag"), choices=Motion.Vote.choices, empty_label=_("Alle")
    )
    submitted_on = django_filters.DateFromToRangeFilter(
        label=_("Ingediend"), widget=DateRangePickerWidget
    )
    deadline = django_filters.DateFromToRangeFilter(
        label=_("Uiterste datum afdoening"), widget=DateRangePickerWidget
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Onderwerp"), field_name="topics", queryset=Topic.objects.all(), distinct=True
    )

    class Meta:
        model = Motion
        fields = []

    def filter_status(self, queryset, name, value):
        return queryset.with_status(value, timezone.localdate())


class MotionViewSet(CouncilScopedViewSetMixin, SnippetViewSet):
    model = Motion
    icon = "doc-full"
    menu_label = _("Moties en toezeggingen")
    menu_order = 220
    add_to_admin_menu = True
    edit_view_class = VersionedEditView
    delete_view_class = ProtectedDeleteView
    filterset_class = MotionFilterSet
    list_display = [
        "__str__",
        "council",
        "submitted_on_display",
        "vote",
        "deadline",
        "follow_up_label",
    ]
    list_export = [
        "pk",
        "council",
        "get_kind_display",
        "identifier",
        "title",
        "policy_context",
        "agenda_item",
        "submitted_on_display",
        "submitter_names",
        "get_vote_display",
        "operative_text",
        "deadline",
        "deadline_text",
        "disposed_on_display",
        "follow_up_label",
        "follow_up_sentence",
        "disposal_text",
        "assessment",
        "topic_names",
    ]
    export_headings = {
        "pk": _("Id"),
        "get_kind_display": _("Soort"),
        "get_vote_display": _("Uitslag"),
        "topic_names": _("Onderwerpen"),
    }
    export_filename = "moties-en-toezeggingen"
    search_fields = ["identifier", "title", "policy_context", "operative_text", "council__name"]
    search_backend_name = None
    ordering = ["-submitted_on", "identifier"]

    def get_queryset(self, request):
        return Motion.objects.select_related("council", "agenda_item").prefetch_related(
            "submitters", "tagged_items__tag"
        )


class MotionDeadlinesPanel(DashboardPanel):
    """Motions and commitments that are overdue, or due within 30 days."""

    name = "motion_deadlines"
    template_name = "motions/admin/deadlines_panel.html"
    order = 50
    permission = "motions.view_motion"

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        needing_attention = (
            Motion.objects.needing_attention(today, days=DASHBOARD_DAYS)
            .filter(**self.council_filter(parent_context["request"]))
            .select_related("council")
        )
        motions = list(needing_attention[: DASHBOARD_LIMIT + 1])
        total = needing_attention.count() if len(motions) > DASHBOARD_LIMIT else len(motions)
        motions = motions[:DASHBOARD_LIMIT]
        for motion in motions:
            motion.follow_up_now = motion.follow_up(today)
        return {
            "motions": motions,
            "total": total,
            "days": DASHBOARD_DAYS,
            "overdue_url": reverse("wagtailsnippets_motions_motion:list")
            + f"?status={FollowUpStatus.OVERDUE.value}",
            "request": parent_context["request"],
        }


@hooks.register("construct_homepage_panels")
def add_motion_deadlines_panel(request, panels):
    panels.append(MotionDeadlinesPanel())


register_snippet(MotionViewSet)
