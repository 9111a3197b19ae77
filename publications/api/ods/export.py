"""One council's public meetings, agenda items, letters and motions as one ODS JSON document.

The shape ``import_ods`` reads: an object with the keys ``vergaderingen``,
``agendapunten`` and ``informatieobjecten``, each a list of ODS resources
exactly as the endpoints' GET answers give them (``mapping``), so an export
imported into an empty council gives back its meetings and agenda items.
Only what the endpoints show is exported: a council without a public page
exports empty lists.
"""

from django.conf import settings

from . import mapping, records

SPEC_VERSION = "2.0.0-beta.4"


def export_council(council, links=None):
    """``{"vergaderingen": [...], "agendapunten": [...], "informatieobjecten": [...]}``.

    ``links``: builds the resources' URLs; by default on ``WAGTAILADMIN_BASE_URL``.
    """
    links = links or mapping.Links(settings.WAGTAILADMIN_BASE_URL.rstrip("/"))
    public = records.Public()
    meetings = records.meetings(public).filter(council=council).order_by("date", "start_time", "pk")
    items = (
        records.agenda_items(public)
        .filter(meeting__council=council)
        .order_by("meeting__date", "meeting_id", "pk")
    )
    information_objects = []
    for source in records.SOURCES:
        of_council = source.filters["raad"](source.queryset(public), council.slug)
        information_objects += source.serialise(of_council, links, None)
    return {
        "vergaderingen": records.serialise_meetings(meetings, links),
        "agendapunten": records.serialise_items(items, links),
        "informatieobjecten": information_objects,
    }
