"""Admin hooks of documents on the record: the viewset, the file guard, links from the records."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet

from agenda.models import AgendaItem
from council import tenancy

from ..consultations.models import Consultation
from . import serving
from .admin import RecordDocumentViewSet


@hooks.register("before_serve_document")
def guard_record_documents(document, request):
    return serving.guard(document, request)


@hooks.register("register_snippet_listing_buttons")
def documents_of_record(snippet, user, next_url=None):
    """'Documenten' in the ⋯ menu of a consultation or agenda item the user may see."""
    if isinstance(snippet, Consultation):
        name, council_id = "consultation", snippet.council_id
    elif isinstance(snippet, AgendaItem):
        name, council_id = "agenda_item", snippet.meeting.council_id
    else:
        return []
    if not tenancy.has_perm_in(user, serving.VIEW, council_id):
        return []
    url = (
        reverse("wagtailsnippets_advice_recorddocument:list") + "?" + urlencode({name: snippet.pk})
    )
    return [Button(_("Documenten"), url=url, icon_name="doc-full", priority=60)]


register_snippet(RecordDocumentViewSet)
