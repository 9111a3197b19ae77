"""What the ODS answers may show, and what they prefetch to show it without a query per record.

Public means what the public site and ``/api/v2/`` show (``publications.queries``):
meetings, agenda items and motions of councils whose page is live and public;
letters that are live and public themselves. An agenda item, a motion or a
letter points only at records that are public by the same rule.

``informatieobjecten`` is one list over several tables: each :class:`Source`
gives its public records, newest first; the list shows the sources one
after the other (letters, then motions and commitments, then documents), so
a page costs a count and a slice per source, whatever the number of records.

**Documents** (``advice.documents``: the files of consultations and agenda
items) are the source with prefix ``mapping.DOCUMENT_PREFIX``; only public
ones (``RecordDocument.objects.public()``: ticked public, council page live
and public). An agenda item lists its documents in ``informatieobjecten``, a
meeting those of its items in ``bijlagen`` (both prefetched).
"""

import dataclasses
from collections.abc import Callable

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from wagtail.models import Page

from advice.documents.models import RecordDocument
from advice.models import LetterPage
from agenda.models import AgendaItem, Meeting
from agenda.numbering import in_number_order
from council.models import Municipality
from motions.models import Motion
from motions.routes import MotionRoutes

from ... import queries
from . import mapping

#: The field of ``Municipality`` that holds its CBS code (``gm0546``), when it has one.
CBS_CODE_FIELD = "cbs_code"


def has_cbs_code():
    return any(field.name == CBS_CODE_FIELD for field in Municipality._meta.get_fields())


def by_cbs_code(queryset, path, code):
    """Records of the municipality with this four-digit code (``0546`` or ``gm0546``)."""
    if not has_cbs_code():
        return queryset.none()
    code = code.lower().removeprefix("gm")
    return queryset.filter(**{f"{path}__{CBS_CODE_FIELD}__in": [code, f"gm{code}"]})


class Public:
    """What is public, for one answer: Wagtail's view restrictions are read once.

    The same rule as ``queries.public_letters`` (``live().public()``) and
    ``queries.public_council_pages``, which would each read the restrictions again.
    """

    def __init__(self):
        self.private = Page.objects.all().private_q()
        self.council_pages = Page.objects.live().exclude(self.private).values("pk")

    def letters(self):
        return LetterPage.objects.live().exclude(self.private)

    def items(self):
        return AgendaItem.objects.filter(meeting__council__page__in=self.council_pages)

    def motions(self):
        return Motion.objects.filter(council__page__in=self.council_pages)

    def documents(self):
        """``RecordDocument.objects.public()``, with the restrictions already read."""
        return RecordDocument.objects.shown_with_public_record().filter(
            council__page__in=self.council_pages
        )


# --- Meetings and agenda items ------------------------------------------------------------------


def _document_ids(public, lookup="documents"):
    """The prefetch of agenda items' public documents: their ids, in the page's order."""
    return Prefetch(
        lookup,
        queryset=public.documents().only("pk", "agenda_item_id", "sort_order", "added_at"),
    )


def meetings(public):
    return (
        Meeting.objects.filter(council__page__in=public.council_pages)
        .select_related("body__municipality")
        .prefetch_related(
            Prefetch("items", queryset=AgendaItem.objects.only("pk", "number", "meeting_id")),
            _document_ids(public, "items__documents"),
        )
        .order_by("-date", "-start_time", "-pk")
    )


def meeting_documents(meeting):
    """The ODS ids of the public documents of a meeting's items, in agenda order (prefetched)."""
    return [
        mapping.document_id(attachment)
        for item in in_number_order(meeting.items.all())
        for attachment in item.documents.all()
    ]


def agenda_items(public):
    return (
        public.items()
        .select_related("meeting__body__municipality")
        .prefetch_related(
            Prefetch(
                "meeting__items", queryset=AgendaItem.objects.only("pk", "number", "meeting_id")
            ),
            Prefetch(
                "motions",
                queryset=public.motions().only("pk", "kind", "agenda_item_id"),
            ),
            Prefetch("letters", queryset=public.letters().only("pk")),
            _document_ids(public),
        )
        .order_by("-meeting__date", "meeting_id", "number", "pk")
    )


def item_information_objects(item):
    """The ODS ids of an agenda item's public motions, letters and documents (prefetched)."""
    return [
        *(mapping.motion_id(motion) for motion in item.motions.all()),
        *(mapping.letter_id(letter) for letter in item.letters.all()),
        *(mapping.document_id(attachment) for attachment in item.documents.all()),
    ]


def serialise_meetings(records, links):
    today = timezone.localdate()
    return [
        mapping.vergadering(meeting, links, today=today, documents=meeting_documents(meeting))
        for meeting in records
    ]


def serialise_items(records, links):
    results = []
    for item in records:
        positions = mapping.item_positions(item.meeting.items.all())
        results.append(
            mapping.agendapunt(
                item,
                links,
                position=positions.get(item.pk),
                information_objects=item_information_objects(item),
            )
        )
    return results


# --- Information objects ---------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Source:
    """One table of ``informatieobjecten``."""

    #: The prefixes of its ids (``brief`` in ``brief-12``).
    prefixes: tuple
    #: ``(public) -> QuerySet``: the public records, newest first, with what ``serialise`` reads.
    queryset: Callable[[Public], QuerySet]
    #: ``(queryset, prefix) -> queryset``: the records whose ids carry this prefix.
    of_prefix: Callable
    #: ``(queryset, ODS informatieobjecttype) -> queryset``, or None when it holds none of them.
    of_type: Callable
    #: ``(records, links, request) -> [ODS InformatieObject]``
    serialise: Callable
    #: ODS query parameter -> ``(queryset, value) -> queryset`` (the value already checked).
    filters: dict


def _of_type(types, field="kind"):
    """``Source.of_type`` for a table whose ``field`` decides the type (``{value: type}``)."""

    def of_type(queryset, ods_type):
        values = [value for value, t in types.items() if t == ods_type]
        return queryset.filter(**{f"{field}__in": values}) if values else None

    return of_type


def _letters(public):
    return (
        public.letters()
        .select_related("council", "addressee__municipality")
        .prefetch_related(
            "versions",
            Prefetch("agenda_items", queryset=public.items().only("pk", "meeting_id")),
        )
        .newest_first()
    )


def _serialise_letters(records, links, request):
    return [
        mapping.letter_object(
            letter,
            links,
            html_url=letter.get_url(request),
            items=list(letter.agenda_items.all()),
        )
        for letter in records
    ]


def _motions(public):
    return (
        public.motions()
        .select_related("council__page", "agenda_item__meeting__body__municipality")
        .prefetch_related("submitters")
        .order_by("-submitted_on", "-pk")
    )


def _serialise_motions(records, links, request):
    records = list(records)
    # A motion's item is public when its meeting is of a public council: mostly the
    # motion's own (public) council; only for another council is there a question.
    others = {
        m.agenda_item.meeting.council_id
        for m in records
        if m.agenda_item is not None and m.agenda_item.meeting.council_id != m.council_id
    }
    if others:
        others &= set(queries.public_councils().filter(pk__in=others).values_list("pk", flat=True))
    results = []
    for motion in records:
        item = motion.agenda_item
        if item is not None and item.meeting.council_id not in {motion.council_id, *others}:
            item = None
        routes = MotionRoutes(motion.council.page, request)
        results.append(
            mapping.motion_object(motion, links, html_url=routes.motion(motion.pk), item=item)
        )
    return results


def _by_date(path):
    return lambda queryset, value: queryset.filter(**{path: value})


LETTERS = Source(
    prefixes=(mapping.LETTER_PREFIX,),
    queryset=_letters,
    of_prefix=lambda queryset, prefix: queryset,
    of_type=lambda queryset, t: queryset if t == mapping.LETTER_TYPE else None,
    serialise=_serialise_letters,
    filters={
        "raad": lambda qs, v: qs.filter(council__slug=v),
        "gemeentecode": lambda qs, v: by_cbs_code(qs, "addressee__municipality", v),
        "vergaderingsIdentificatie": lambda qs, v: qs.filter(
            pk__in=LetterPage.agenda_items.through.objects.filter(agendaitem__meeting_id=v).values(
                "letterpage_id"
            )
        ),
        "agendapuntIdentificatie": lambda qs, v: qs.filter(
            pk__in=LetterPage.agenda_items.through.objects.filter(agendaitem_id=v).values(
                "letterpage_id"
            )
        ),
        "titel": lambda qs, v: qs.filter(title__icontains=v),
        "creatiedatum": lambda qs, v: qs.filter(date=v, date_precision="day"),
        "datumIngediend": lambda qs, v: qs.filter(
            pk__in=LetterPage.objects.filter(versions__sent_on=v).values("pk")
        ),
    },
)

MOTIONS = Source(
    prefixes=tuple(mapping.MOTION_PREFIXES[kind] for kind in Motion.Kind),
    queryset=_motions,
    of_prefix=lambda queryset, prefix: queryset.filter(
        kind={p: k for k, p in mapping.MOTION_PREFIXES.items()}[prefix]
    ),
    of_type=_of_type(mapping.MOTION_TYPES),
    serialise=_serialise_motions,
    filters={
        "raad": lambda qs, v: qs.filter(council__slug=v),
        "gemeentecode": lambda qs, v: by_cbs_code(
            qs, "agenda_item__meeting__body__municipality", v
        ),
        "vergaderingsIdentificatie": lambda qs, v: qs.filter(agenda_item__meeting_id=v),
        "agendapuntIdentificatie": lambda qs, v: qs.filter(agenda_item_id=v),
        "titel": lambda qs, v: qs.filter(title__icontains=v),
        "creatiedatum": lambda qs, v: qs.none(),  # we do not record it
        "datumIngediend": lambda qs, v: qs.filter(submitted_on=v, submitted_on_precision="day"),
    },
)


def _documents(public):
    return (
        public.documents()
        .select_related(
            "document",
            "agenda_item__meeting__body__municipality",
            "consultation__body__municipality",
            "consultation__council__municipality",
        )
        .order_by("-added_at", "-pk")
    )


def _serialise_documents(records, links, request):
    return [mapping.document_object(attachment, links) for attachment in records]


def _document_municipality(queryset, code):
    """Documents whose municipality (``mapping.document_municipality``) has this CBS code."""
    of_items = by_cbs_code(queryset, "agenda_item__meeting__body__municipality", code)
    of_bodies = by_cbs_code(queryset, "consultation__body__municipality", code)
    of_councils = by_cbs_code(
        queryset.filter(consultation__isnull=False, consultation__body__isnull=True),
        "consultation__council__municipality",
        code,
    )
    return queryset.filter(pk__in=(of_items | of_bodies | of_councils).values("pk"))


DOCUMENTS = Source(
    prefixes=(mapping.DOCUMENT_PREFIX,),
    queryset=_documents,
    of_prefix=lambda queryset, prefix: queryset,
    of_type=_of_type(mapping.DOCUMENT_TYPES),
    serialise=_serialise_documents,
    filters={
        "raad": lambda qs, v: qs.filter(council__slug=v),
        "gemeentecode": _document_municipality,
        "vergaderingsIdentificatie": lambda qs, v: qs.filter(agenda_item__meeting_id=v),
        "agendapuntIdentificatie": lambda qs, v: qs.filter(agenda_item_id=v),
        "titel": lambda qs, v: qs.filter(document__title__icontains=v),
        "creatiedatum": lambda qs, v: qs.none(),  # we do not know it (only the upload's date)
        "datumIngediend": lambda qs, v: qs.none(),
    },
)

#: The tables of ``informatieobjecten``, in the order the list shows them.
SOURCES = [LETTERS, MOTIONS, DOCUMENTS]


def source_of(prefix):
    for source in SOURCES:
        if prefix in source.prefixes:
            return source
    return None
