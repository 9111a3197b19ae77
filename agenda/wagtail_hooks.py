"""Meetings and agenda items in the admin, and the dashboard panel of coming meetings."""

import datetime

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from council.admin_views import DashboardPanel, ProtectedDeleteView
from council.change_log import ChangesLoggedEditAction
from council.models import Council, MunicipalBody, Municipality, Topic
from council.permissions import CouncilPermissionPolicy, CouncilScopedViewSetMixin
from council.stale_edits import VersionedEditView

from .choosers import AgendaItemChooserViewSet
from .models import AgendaItem, Meeting
from .numbering import in_number_order

register_permission_policy(Meeting, CouncilPermissionPolicy(Meeting, council_path="council"))
register_permission_policy(
    AgendaItem, CouncilPermissionPolicy(AgendaItem, council_path="meeting__council")
)

DASHBOARD_DAYS = 30


@hooks.register("register_actions")
def register_change_logged_edits(registry):
    # A meeting's date and an item's meeting show on consultations: the log names the change.
    registry.register(Meeting, ChangesLoggedEditAction)
    registry.register(AgendaItem, ChangesLoggedEditAction)


class MeetingFilterSet(WagtailFilterSet):
    municipality = django_filters.ModelChoiceFilter(
        label=_("Gemeente"),
        field_name="council__municipality",
        queryset=Municipality.objects.all(),
    )
    council = django_filters.ModelChoiceFilter(
        label=_("Cliëntenraad"), queryset=Council.objects.all()
    )
    body = django_filters.ModelChoiceFilter(
        label=_("Gemeentelijk orgaan"), queryset=MunicipalBody.objects.addressable()
    )
    date = django_filters.DateFromToRangeFilter(label=_("Datum"), widget=DateRangePickerWidget)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Meeting.Status.choices, empty_label=_("Alle")
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Onderwerp"),
        field_name="items__topics",
        queryset=Topic.objects.all(),
        distinct=True,
    )

    class Meta:
        model = Meeting
        fields = []


class AgendaItemFilterSet(WagtailFilterSet):
    municipality = django_filters.ModelChoiceFilter(
        label=_("Gemeente"),
        field_name="meeting__council__municipality",
        queryset=Municipality.objects.all(),
    )
    body = django_filters.ModelChoiceFilter(
        label=_("Gemeentelijk orgaan"),
        field_name="meeting__body",
        queryset=MunicipalBody.objects.addressable(),
    )
    date = django_filters.DateFromToRangeFilter(
        label=_("Datum vergadering"), field_name="meeting__date", widget=DateRangePickerWidget
    )
    concern = django_filters.ChoiceFilter(
        label=_("Belang voor de cliëntenraad"),
        choices=[choice for choice in AgendaItem.Concern.choices if choice[0]],
        empty_label=_("Alle"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status vergadering"),
        field_name="meeting__status",
        choices=Meeting.Status.choices,
        empty_label=_("Alle"),
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Onderwerp"), field_name="topics", queryset=Topic.objects.all(), distinct=True
    )

    class Meta:
        model = AgendaItem
        fields = []


class MeetingViewSet(CouncilScopedViewSetMixin, SnippetViewSet):
    model = Meeting
    icon = "date"
    menu_label = _("Vergaderingen")
    edit_view_class = VersionedEditView
    delete_view_class = ProtectedDeleteView
    filterset_class = MeetingFilterSet
    list_display = ["title", "body", "date", "start_time", "status", "council"]
    list_export = [
        "pk",
        "council",
        "body",
        "title",
        "date",
        "start_time",
        "end_time",
        "location",
        "get_status_display",
        "url",
    ]
    export_headings = {"pk": _("Id"), "get_status_display": _("Status")}
    export_filename = "vergaderingen"
    search_fields = ["title", "location", "body__name", "council__name"]
    search_backend_name = None
    ordering = ["-date", "-start_time"]

    def get_queryset(self, request):
        return Meeting.objects.select_related("body__municipality", "council")


class AgendaItemViewSet(CouncilScopedViewSetMixin, SnippetViewSet):
    model = AgendaItem
    icon = "list-ol"
    chooser_viewset_class = AgendaItemChooserViewSet
    menu_label = _("Agendapunten")
    edit_view_class = VersionedEditView
    delete_view_class = ProtectedDeleteView
    filterset_class = AgendaItemFilterSet
    list_display = ["__str__", "meeting", "concern"]
    list_export = [
        "pk",
        "meeting.council",
        "meeting.body",
        "meeting.date",
        "meeting.title",
        "number",
        "title",
        "get_concern_display",
        "summary",
        "proposal_number",
        "proposal_url",
        "topic_names",
    ]
    export_headings = {
        "pk": _("Id"),
        "meeting.council": _("Cliëntenraad"),
        "meeting.body": _("Gemeentelijk orgaan"),
        "meeting.date": _("Datum vergadering"),
        "meeting.title": _("Vergadering"),
        "get_concern_display": _("Belang voor de cliëntenraad"),
        "topic_names": _("Onderwerpen"),
    }
    export_filename = "agendapunten"
    search_fields = ["title", "number", "summary", "proposal_number", "meeting__title"]
    search_backend_name = None
    ordering = ["-meeting__date", "number"]

    def get_queryset(self, request):
        return AgendaItem.objects.select_related(
            "meeting__body__municipality", "meeting__council"
        ).prefetch_related("tagged_items__tag")


class UpcomingMeetingsPanel(DashboardPanel):
    """Meetings of the next 30 days with items on which the council (may) advise."""

    name = "upcoming_meetings"
    template_name = "agenda/admin/upcoming_meetings_panel.html"
    order = 60
    permission = "agenda.view_meeting"

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        last = today + datetime.timedelta(days=DASHBOARD_DAYS)
        meetings = (
            Meeting.objects.between(today, last)
            .filter(**self.council_filter(parent_context["request"]))
            .exclude(status=Meeting.Status.CANCELLED)
            .concerning_council()
            .with_items_concerning_council()
            .order_by("date", "start_time", "pk")
        )
        for meeting in meetings:
            meeting.items_concerning_council = in_number_order(meeting.items_concerning_council)
        return {
            "meetings": meetings,
            "days": DASHBOARD_DAYS,
            "request": parent_context["request"],
        }


@hooks.register("construct_homepage_panels")
def add_upcoming_meetings_panel(request, panels):
    panels.append(UpcomingMeetingsPanel())


#: Higher layers add their agenda things to this menu (``motions``: the ODS import).
AGENDA_MENU_HOOK = "register_agenda_menu_item"


class AgendaGroup(SnippetViewSetGroup):
    menu_label = _("Vergaderingen")
    menu_icon = "date"
    menu_order = 210
    items = (MeetingViewSet, AgendaItemViewSet)
    submenu_hook = AGENDA_MENU_HOOK


register_snippet(AgendaGroup)
