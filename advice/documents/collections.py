"""One Wagtail collection per council for its documents, created when first needed.

The collection is a child of the root collection, named after the council.
``CouncilCollection`` remembers which one it is, so renaming either does not
lose the link. The collection carries no view restriction of Wagtail's own
(those know groups and passwords, not memberships); who may download a file
is decided by ``advice.documents.serving``.
"""

from django.db import IntegrityError, transaction
from wagtail.models import Collection

from .models import CouncilCollection


def for_council(council):
    """The council's document collection, created (under the root) on first use."""
    link = CouncilCollection.objects.select_related("collection").filter(council=council).first()
    if link is not None:
        return link.collection
    try:
        with transaction.atomic():
            collection = Collection.get_first_root_node().add_child(
                name=_free_name(str(council.name))
            )
            CouncilCollection.objects.create(council=council, collection=collection)
            return collection
    except IntegrityError:
        # Another request created it at the same moment: use theirs.
        return (
            CouncilCollection.objects.select_related("collection").get(council=council).collection
        )


def _free_name(name):
    taken = set(Collection.get_first_root_node().get_children().values_list("name", flat=True))
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{name} ({number})", number + 1
    return candidate
