"""The agenda item chooser (used when a clerk links a motion to an item).

An item's own name ("6. Afdoening moties …") repeats across meetings, so the
chooser shows each item's meeting, date and council, lists the newest meeting
first, and searches titles, numbers and meetings with the ORM.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet


class AgendaItemSearchForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Zoekterm"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Zoeken")}),
    )

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching = True
            self.search_query = query
            objects = objects.filter(
                Q(title__icontains=query)
                | Q(number__iexact=query)
                | Q(meeting__title__icontains=query)
                | Q(meeting__body__name__icontains=query)
            )
        return objects


class AgendaItemChooseMixin:
    filter_form_class = AgendaItemSearchForm
    ordering = ["-meeting__date", "meeting_id", "number", "pk"]

    def get_object_list(self):
        return self.model_class.objects.select_related("meeting__body", "meeting__council")

    @property
    def columns(self):
        return [
            *super().columns,
            DateColumn("date", label=_("Datum"), accessor="meeting.date"),
            Column("meeting", label=_("Vergadering"), accessor="meeting.title"),
            Column("body", label=_("Orgaan"), accessor="meeting.body.name"),
            Column("council", label=_("Cliëntenraad"), accessor="meeting.council.name"),
        ]


class AgendaItemChooseView(AgendaItemChooseMixin, ChooseView):
    pass


class AgendaItemChooseResultsView(AgendaItemChooseMixin, ChooseResultsView):
    pass


class AgendaItemChooserViewSet(SnippetChooserViewSet):
    choose_view_class = AgendaItemChooseView
    choose_results_view_class = AgendaItemChooseResultsView
