"""Consultations in the admin: the viewset, its views, the CSV upload and the dashboard panel.

Every view that writes (create, edit, revert to a revision, delete) hands
the instance to ``advice.services``, so the audit trail, the verdict events
and the signal are the same as for the import. Copying and bulk deleting
are switched off: both would bypass that trail. Autosave is off too: a
change to this record is a deliberate act, saved with the button.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn
from wagtail.admin.views.generic.mixins import RevisionsRevertMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import CreateView, EditView, IndexView, SnippetViewSet

from council.admin_views import DashboardPanel, EmptyAsDashInspectView, ProtectedDeleteView
from council.models import Council, MunicipalBody, Municipality
from council.permissions import CouncilPermissionPolicy, CouncilScopedViewSetMixin
from council.stale_edits import RefusesStaleEdits

from . import audit, csv_export, csv_limits, fields
from .models import Consultation
from .permissions import import_council_ids, may_import
from .services import consultation_delete, consultation_save
from .verdicts import ConsultationVerdict

DASHBOARD_DAYS = 14
DASHBOARD_LIMIT = 20

register_permission_policy(
    Consultation, CouncilPermissionPolicy(Consultation, council_path="council")
)


# --- Views that write ----------------------------------------------------------------------


class ServiceSaveMixin:
    """Saves through ``consultation_save``; a late refusal goes back to the form."""

    via = audit.VIA_ADMIN

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.autosave_enabled = False

    def previous_revision(self):
        return None

    def save_instance(self):
        result = consultation_save(
            consultation=self.form.instance,
            user=self.request.user,
            via=self.via,
            previous_revision=self.previous_revision(),
        )
        self.new_revision = result.revision
        self.has_content_changes = result.changed
        return result.consultation

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
        except IntegrityError:
            # The kenmerk was taken between the form's check and the save.
            form.add_error("reference", _("Deze cliëntenraad gebruikt dit kenmerk al."))
        return self.form_invalid(form)


class ConsultationCreateView(ServiceSaveMixin, CreateView):
    pass


class ConsultationEditView(RefusesStaleEdits, ServiceSaveMixin, EditView):
    """A save on a stale copy is refused before ``consultation_save`` runs (``council.stale_edits``)."""


class ConsultationRevertMixin:
    """Restoring a revision is a change like any other, through the service."""

    via = audit.VIA_REVERT
    # RevisionsRevertMixin comes before ServiceSaveMixin in the view's MRO.
    save_instance = ServiceSaveMixin.save_instance

    def previous_revision(self):
        return self.revision


class ConsultationDeleteView(ProtectedDeleteView):
    def delete_action(self):
        consultation_delete(consultation=self.object, user=self.request.user)


class ConsultationIndexView(IndexView):
    """No bulk actions (a bulk delete would leave no record); exports the import's columns."""

    @property
    def columns(self):
        return [
            column
            for column in super().columns
            if not isinstance(column, BulkActionsCheckboxColumn)
        ]

    def to_row_dict(self, item):
        row = csv_export.export_row(item)
        return {header: row[header] for header in self.list_export}

    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if may_import(self.request.user):
            buttons.append(
                HeaderButton(
                    _("Importeren (CSV)"),
                    url=reverse("advice_consultation_import"),
                    icon_name="upload",
                )
            )
        return buttons


# --- Listing ------------------------------------------------------------------------------


class ConsultationFilterSet(WagtailFilterSet):
    municipality = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Gemeente"),
        field_name="council__municipality",
        queryset=Municipality.objects.all(),
    )
    council = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Cliëntenraad"), queryset=Council.objects.all()
    )
    body = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Besluitvormend orgaan"), queryset=MunicipalBody.objects.addressable()
    )
    verdict = django_filters.ChoiceFilter(
        label=gettext_lazy("Oordeel"),
        choices=ConsultationVerdict.choices,
        empty_label=gettext_lazy("Alle"),
        method="filter_verdict",
    )
    outcome = django_filters.ChoiceFilter(
        label=gettext_lazy("Uitkomst"),
        choices=Consultation.Outcome.choices,
        empty_label=gettext_lazy("Alle"),
    )
    asked_on = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Gevraagd op"), widget=DateRangePickerWidget
    )
    decided_on = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Besluit op"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Consultation
        fields = []

    def filter_verdict(self, queryset, name, value):
        # The verdict is derived (working days, holidays), so it is judged in
        # Python by the one rule; the admin's lists are small enough for that.
        today = timezone.localdate()
        matching = [
            consultation.pk
            for consultation in queryset.for_listing()
            if consultation.judgement(today, explain=False).verdict == value
        ]
        return queryset.filter(pk__in=matching)


class ConsultationViewSet(CouncilScopedViewSetMixin, SnippetViewSet):
    model = Consultation
    icon = "tasks"
    menu_label = gettext_lazy("Raadplegingen")
    menu_order = 230
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = EmptyAsDashInspectView
    index_view_class = ConsultationIndexView
    add_view_class = ConsultationCreateView
    edit_view_class = ConsultationEditView
    delete_view_class = ConsultationDeleteView
    filterset_class = ConsultationFilterSet
    list_display = fields.listing_attributes()
    list_export = csv_export.EXPORT_HEADERS
    export_headings = {header: header for header in csv_export.EXPORT_HEADERS}
    export_filename = "raadplegingen"
    search_fields = ["subject", "reference", "summary", "proposal_reference", "council__name"]
    search_backend_name = None
    ordering = ["-decided_on", "-asked_on"]
    inspect_view_fields = fields.inspect_attributes()

    @property
    def revisions_revert_view_class(self):
        return type(
            "ConsultationRevertView",
            (ConsultationRevertMixin, RevisionsRevertMixin, self.edit_view_class),
            {"view_name": "revisions_revert"},
        )

    def get_queryset(self, request):
        return Consultation.objects.for_listing().select_related("letter")


# --- CSV upload ------------------------------------------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV-bestand"),
        help_text=gettext_lazy(
            "UTF-8, met ; of , als scheidingsteken; de eerste regel bevat de kolomnamen."
        ),
        error_messages={"required": gettext_lazy("Kies een CSV-bestand.")},
    )
    council = forms.ModelChoiceField(
        label=gettext_lazy("Cliëntenraad"),
        queryset=Council.objects.all(),
        required=False,
        help_text=gettext_lazy("Alleen nodig als het bestand geen kolom 'cliëntenraad' heeft."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        refused = csv_limits.size_refusal(upload.size)
        if not refused:
            refused = csv_limits.rows_refusal(upload.read())
            upload.seek(0)
        if refused:
            raise forms.ValidationError(refused)
        return upload


def _upload_form(request, *, bound=True):
    form = UploadForm(request.POST, request.FILES) if bound else UploadForm()
    allowed = import_council_ids(request.user)
    if allowed is not None:
        form.fields["council"].queryset = Council.objects.filter(pk__in=allowed)
    return form


class ConsultationDeadlinesPanel(DashboardPanel):
    """Advice due within 14 days, and responses of the executive that are overdue."""

    name = "consultation_deadlines"
    template_name = "advice/admin/consultation_deadlines_panel.html"
    order = 40
    permission = "advice.view_consultation"

    def get_context_data(self, parent_context):
        from .reminders import advice_due_soon, responses_overdue

        today = timezone.localdate()
        councils = self.council_ids(parent_context["request"])
        due = advice_due_soon(today, days=DASHBOARD_DAYS, councils=councils)
        overdue = responses_overdue(today, councils=councils)
        return {
            "due": due[:DASHBOARD_LIMIT],
            "due_total": len(due),
            "overdue": overdue[:DASHBOARD_LIMIT],
            "overdue_total": len(overdue),
            "days": DASHBOARD_DAYS,
            "today": today,
            "limit": DASHBOARD_LIMIT,
            "request": parent_context["request"],
        }
