"""The meeting form in the admin: agenda items are edited inline, in number order.

Two items of one meeting may not share a number. The database refuses that
too, but only a form can say so in Dutch, on the field, and also when both
items arrive in the same POST (a unique check on each form alone cannot see
the other).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.panels import InlinePanel

from council.stale_edits import VersionedAdminForm

from .numbering import in_number_order

DUPLICATE_IN_FORM = _(
    "Nummer %(number)s staat twee keer op deze agenda. Geef elk agendapunt een eigen nummer."
)


class AgendaItemFormSet(BaseChildFormSet):
    def get_queryset(self):
        if not hasattr(self, "_ordered"):
            self._ordered = in_number_order(super().get_queryset())
        return self._ordered

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form in self.deleted_forms:
                continue
            number = (form.cleaned_data.get("number") or "").strip()
            if not number:
                continue
            key = number.casefold()
            if key in seen:
                form.add_error(
                    "number",
                    ValidationError(
                        DUPLICATE_IN_FORM, code="duplicate_item_number", params={"number": number}
                    ),
                )
            seen.add(key)


class AgendaItemsPanel(InlinePanel):
    """An InlinePanel whose formset refuses duplicate numbers within one POST."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = AgendaItemFormSet
        return options


class MeetingForm(VersionedAdminForm):
    def save(self, commit=True):
        if commit and self.instance.pk and "items" in self.formsets:
            self._release_changed_numbers(self.formsets["items"])
        return super().save(commit=commit)

    @staticmethod
    def _release_changed_numbers(formset):
        # modelcluster saves the items one by one. When two items swap
        # numbers ("5" <-> "6"), the first save would clash with the second
        # item's old number. Blank numbers are outside the unique constraint,
        # so clearing the numbers that change lets every item take its new
        # number. This runs inside the admin's save transaction.
        changed = [
            form.instance.pk
            for form in formset.initial_forms
            if form.instance.pk and "number" in form.changed_data
        ]
        if changed:
            formset.model.objects.filter(pk__in=changed).update(number="")
