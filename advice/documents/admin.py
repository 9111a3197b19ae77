"""Documents on the record in the admin: one listing, upload, edit (kind, public, title), remove.

Scoped like every council record (``council.permissions``): a clerk adds
and changes the documents of the councils they serve, a member reads
them; another council's attachment answers 404, and the record selects offer
only the user's councils' consultations and agenda items, so a forged POST
is a form error. The consultation and agenda item listings link here with
``?consultation=<id>`` / ``?agenda_item=<id>`` (``wagtail_hooks``).
"""

import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel, ObjectList
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from council.admin_views import ProtectedDeleteView
from council.models import Council
from council.permissions import CouncilPermissionPolicy, CouncilScopedViewSetMixin

from .forms import RecordDocumentForm
from .models import DocumentKind, RecordDocument
from .services import record_document_add, record_document_change, record_document_remove

register_permission_policy(
    RecordDocument, CouncilPermissionPolicy(RecordDocument, council_path="council")
)

NOTICE = _(
    "Een nieuw document is intern: alleen de leden van de cliëntenraad zien het, ook het "
    "bestand zelf. Vink 'openbaar' aan om het op de website, in de open data en in de feeds te "
    "zetten."
)


class RecordDocumentFilterSet(WagtailFilterSet):
    council = django_filters.ModelChoiceFilter(
        label=_("Cliëntenraad"), queryset=Council.objects.all()
    )
    kind = django_filters.ChoiceFilter(
        label=_("Soort"), choices=DocumentKind.choices, empty_label=_("Alle")
    )
    public = django_filters.BooleanFilter(label=_("Openbaar"))
    consultation = django_filters.NumberFilter(
        label=_("Raadpleging (id)"), field_name="consultation_id"
    )
    agenda_item = django_filters.NumberFilter(
        label=_("Agendapunt (id)"), field_name="agenda_item_id"
    )

    class Meta:
        model = RecordDocument
        fields = []


class ServiceWriteMixin:
    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
        self.produced_error_message = self.get_error_message()
        return self.form_invalid(form)


class RecordDocumentCreateView(ServiceWriteMixin, CreateView):
    def get_initial(self):
        initial = super().get_initial()
        for name in ("consultation", "agenda_item"):
            value = self.request.GET.get(name, "")
            if value.isdigit():
                initial[name] = int(value)
        return initial

    def save_instance(self):
        data = self.form.cleaned_data
        return record_document_add(
            attachment=self.form.instance,
            file=data["file"],
            title=data["title"],
            user=self.request.user,
            response_date=self.form.response_date_to_fill(),
        )


class RecordDocumentEditView(ServiceWriteMixin, EditView):
    def save_instance(self):
        return record_document_change(
            attachment=self.form.instance, title=self.form.cleaned_data["title"]
        )


class RecordDocumentDeleteView(ProtectedDeleteView):
    def delete_action(self):
        record_document_remove(attachment=self.object)


class RecordDocumentViewSet(CouncilScopedViewSetMixin, SnippetViewSet):
    model = RecordDocument
    icon = "doc-full"
    menu_label = _("Documenten")
    menu_order = 215
    add_to_admin_menu = True
    add_view_class = RecordDocumentCreateView
    edit_view_class = RecordDocumentEditView
    delete_view_class = RecordDocumentDeleteView
    filterset_class = RecordDocumentFilterSet
    list_display = ["__str__", "kind", "public", "consultation", "agenda_item", "added_at"]
    list_export = [
        "pk",
        "council",
        "document.title",
        "get_kind_display",
        "public",
        "consultation",
        "agenda_item",
        "added_at",
    ]
    export_headings = {
        "pk": _("Id"),
        "council": _("Cliëntenraad"),
        "document.title": _("Titel"),
        "get_kind_display": _("Soort"),
        "public": _("Openbaar"),
    }
    export_filename = "documenten"
    search_fields = ["document__title"]
    search_backend_name = None
    ordering = ["-added_at"]
    copy_view_enabled = False

    edit_handler = ObjectList(
        [
            HelpPanel(content=NOTICE),
            MultiFieldPanel(
                [FieldPanel("consultation"), FieldPanel("agenda_item")],
                heading=_("Hoort bij (kies één)"),
            ),
            FieldPanel("file"),
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("public")]),
            MultiFieldPanel(
                [FieldPanel("response_date"), FieldPanel("fill_response_date")],
                heading=_("Reactie van het college"),
            ),
            FieldPanel("sort_order"),
        ],
        base_form_class=RecordDocumentForm,
    )

    def get_queryset(self, request):
        return RecordDocument.objects.select_related(
            "document", "council", "consultation", "agenda_item__meeting"
        )
