"""Admin views shared by the snippet viewsets of every app."""

from django.contrib import messages
from django.db import router
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.http import HttpResponseRedirect
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component
from wagtail.snippets.views.snippets import DeleteView, InspectView

from . import tenancy


def describe_blockers(obj):
    """Why ``obj`` cannot be deleted, in Dutch, or "" when it can.

    Wagtail's reference index already hides the delete button for protected
    references it knows about; this asks the database layer itself, so a
    record that refers to ``obj`` outside the index still blocks the delete
    with a readable reason instead of a server error.
    """
    collector = Collector(using=router.db_for_write(type(obj)))
    try:
        collector.collect([obj])
    except (ProtectedError, RestrictedError) as error:
        blocking = getattr(error, "protected_objects", None) or error.restricted_objects
    else:
        return ""
    counts = {}
    for item in blocking:
        opts = type(item)._meta
        counts.setdefault(opts, 0)
        counts[opts] += 1
    parts = [
        f"{count} {opts.verbose_name if count == 1 else opts.verbose_name_plural}"
        for opts, count in sorted(counts.items(), key=lambda pair: str(pair[0].verbose_name))
    ]
    return _(
        "%(object)s kan niet worden verwijderd, want er horen nog gegevens bij: %(records)s. "
        "Verwijder of verplaats die eerst."
    ) % {"object": capfirst(str(obj)), "records": ", ".join(parts)}


class ProtectedDeleteView(DeleteView):
    """Refuses, with the reason, to delete a record others still depend on."""

    def get_template_names(self):
        return ["council/admin/confirm_delete.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["blockers"] = describe_blockers(self.object)
        if context["blockers"]:
            context["is_protected"] = True
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        reason = describe_blockers(self.object)
        if reason:
            messages.error(request, reason)
            return HttpResponseRedirect(self.get_delete_url())
        return super().post(request, *args, **kwargs)


class DashboardPanel(Component):
    """A panel on the admin home, shown only to users who may view its records, and only theirs.

    Which councils' records it shows is ``council.tenancy``'s answer for
    ``permission``: the user's roles in each council, not a global group.
    """

    #: e.g. "agenda.view_meeting"
    permission = None
    #: the path from the panel's records to their council
    council_path = "council"

    def council_ids(self, request):
        """The councils whose records the panel shows; None means every council."""
        return tenancy.council_ids_with_perm(request.user, self.permission)

    def council_filter(self, request):
        """Keyword arguments for ``.filter()`` that keep the user's councils' records."""
        ids = self.council_ids(request)
        return {} if ids is None else {f"{self.council_path}__in": ids}

    def render_html(self, parent_context=None):
        ids = self.council_ids(parent_context["request"])
        if ids is not None and not ids:
            return ""
        return super().render_html(parent_context)


#: What an empty value reads on an admin page, instead of "None" or nothing.
EMPTY = "—"


class EmptyAsDashInspectView(InspectView):
    """An inspect view on which an empty field reads "—", never "None"."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None or (isinstance(value, str) and not value.strip()) or value == "-":
            return EMPTY
        return value
