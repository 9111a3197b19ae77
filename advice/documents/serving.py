"""Who may download a document file (``/documenten/<id>/<name>``, Wagtail's serve view).

Wagtail serves every document to everyone unless a collection carries a view
restriction, and its restrictions know passwords and groups, not
memberships. So the ``before_serve_document`` hook asks this module about
every document that belongs to a council: one attached to a consultation or
agenda item, or stored in a council's collection (``CouncilCollection``):

- anyone may download it while one of its attachments is public
  (``RecordDocumentQuerySet.public()``: ticked public, council page live);
- otherwise only a member of the owning council (any role: internal
  documents are the council's own papers) and platform administrators;
- everyone else gets a 404, the same answer as for a document that does not
  exist, so an id says nothing about what is behind it.

Documents outside the councils' collections (uploaded by an administrator
in Wagtail's own document library) keep Wagtail's own rules.
"""

from django.http import Http404

from council import tenancy

from .models import CouncilCollection, RecordDocument

VIEW = "advice.view_recorddocument"


def owning_council_ids(document):
    """The councils a document belongs to (its attachments' and its collection's)."""
    ids = set(
        RecordDocument.objects.filter(document_id=document.pk).values_list("council_id", flat=True)
    )
    ids.update(
        CouncilCollection.objects.filter(collection_id=document.collection_id).values_list(
            "council_id", flat=True
        )
    )
    return ids


def is_public(document):
    return RecordDocument.objects.filter(document_id=document.pk).public().exists()


def may_download(user, document):
    councils = owning_council_ids(document)
    if not councils or is_public(document):
        return True
    return any(tenancy.has_perm_in(user, VIEW, council_id) for council_id in councils)


def guard(document, request):
    """The ``before_serve_document`` hook: a 404 for a file this request may not have."""
    if not may_download(request.user, document):
        raise Http404
    return None
