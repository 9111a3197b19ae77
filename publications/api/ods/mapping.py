"""Our records as ODS Open Raadsinformatie resources: the one place that maps the fields.

Every ODS answer (the endpoints, ``export_ods``) is built by the functions of
this module, so docs/open-data.md ("ODS Open Raadsinformatie") can name each
field's source once. Each function takes a record that the caller selected
as public (``records``) with what it prefetched, and a :class:`Links` that
builds absolute URLs; it runs no query of its own.

Where ODS limits a text's length (``naam`` 100, ``titel`` 200, ...) a longer
text is cut at a word and ends in "…": the full text stays on our page.
"""

import dataclasses
import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from advice.documents.models import DocumentKind
from agenda.numbering import in_number_order
from agenda.rules import MeetingStatus
from council.dates import DatePrecision
from council.models import MunicipalBody
from motions.models import Motion

#: ODS ``VergaderingsType`` per kind of municipal body. ODS knows no meeting of the
#: college or of an alderman; the nearest type is a committee meeting, and
#: ``georganiseerdDoorGremium`` names the body itself.
MEETING_TYPES = {
    MunicipalBody.Kind.MUNICIPAL_COUNCIL: "raadsvergadering",
    MunicipalBody.Kind.COMMITTEE: "commissievergadering",
    MunicipalBody.Kind.EXECUTIVE: "commissievergadering",
    MunicipalBody.Kind.ALDERMAN: "commissievergadering",
}

#: ODS ``VergaderingStatus``. A meeting still "planned" after its date gets no
#: status, as on the public site (agenda.rules.public_status): it was not updated.
MEETING_STATUSES = {
    MeetingStatus.PLANNED: "gepland",
    MeetingStatus.HELD: "gehouden",
    MeetingStatus.CANCELLED: "geannuleerd",
}

#: ODS ``Informatieobjecttype`` per kind of information object we hold.
LETTER_TYPE = "ingekomen_stuk"
MOTION_TYPES = {Motion.Kind.MOTION: "motie", Motion.Kind.COMMITMENT: "toezegging"}
#: ODS ``Informatieobjecttype`` per kind of document on the record. The spec's enumeration
#: knows no request for advice, decision or "other"; docs/open-data.md gives the reasons.
#: ``omschrijving`` keeps our own kind, so a reader can tell a request from a proposal.
DOCUMENT_TYPES = {
    DocumentKind.ADVICE_REQUEST: "voorstel",
    DocumentKind.PROPOSAL: "voorstel",
    DocumentKind.DECISION: "besluitvormingsstuk",
    DocumentKind.EXECUTIVE_RESPONSE: "antwoord",
    DocumentKind.OTHER: "ingekomen_stuk",
}
#: ODS ``MotieType``: we do not record it; "overig" is the spec's default.
MOTION_SUBTYPE = "overig"

#: ISO 639-2/B, as ODS prefers for ``taal``.
LANGUAGE = "dut"
#: Everything we publish is public; ODS leaves the values of this field open.
CONFIDENTIALITY = "openbaar"

#: The prefix of an information object's id, per source (ids must not clash across
#: tables). ``document`` is for the documents of consultations and agenda items.
LETTER_PREFIX = "brief"
MOTION_PREFIXES = {Motion.Kind.MOTION: "motie", Motion.Kind.COMMITMENT: "toezegging"}
DOCUMENT_PREFIX = "document"


@dataclasses.dataclass(frozen=True)
class Links:
    """Absolute URLs on one site root (``https://example.nl``, without a slash)."""

    root: str

    @classmethod
    def of_request(cls, request):
        return cls(request.build_absolute_uri("/").rstrip("/"))

    def absolute(self, path):
        if not path:
            return None
        if path.startswith(("http://", "https://")):
            return path
        return self.root + path

    def resource(self, name, ods_id):
        return self.root + reverse(f"ods:{name}-detail", kwargs={"pk": ods_id})

    def reference(self, name, ods_id):
        """ODS ``VerwijzingNaarResource``."""
        return {"id": str(ods_id), "url": self.resource(name, ods_id)}


def fit(text, limit):
    """``text`` within ``limit`` characters, cut at a word with "…" when longer."""
    text = (text or "").strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-") + "…"


def moment(date, time):
    """An ODS ``date-time``: the date and time in the site's time zone, or None."""
    if date is None or time is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(date, time)).isoformat()


def day(date, precision=DatePrecision.DAY):
    """An ODS ``date``, only for a date known to the day."""
    if date is None or precision != DatePrecision.DAY:
        return None
    return date.isoformat()


def municipality(record):
    """ODS ``Gemeente``: the CBS code without ``gm`` (four digits) and the name, or None.

    None while the municipality has no CBS code (``Municipality.cbs_code``).
    """
    if record is None:
        return None
    code = (getattr(record, "cbs_code", "") or "").lower().removeprefix("gm")
    if not code:
        return None
    return {"gemeentecode": code[:4], "gemeentenaam": record.name}


def gremium(body):
    """ODS ``Gremium``: our body's id (ODS allows 10 characters) and its name."""
    return {"gremiumidentificatie": str(body.pk)[:10], "gremiumnaam": fit(body.name, 100)}


def _clean(resource):
    """Leave out what we do not know: ODS marks few fields nullable."""
    return {key: value for key, value in resource.items() if value is not None}


# --- Vergadering, Agendapunt ------------------------------------------------------------------


def meeting_status(meeting, today):
    if meeting.status == MeetingStatus.PLANNED and meeting.date < today:
        return None
    return MEETING_STATUSES.get(meeting.status)


def vergadering(meeting, links, *, today, documents=()):
    """A ``Meeting`` (with ``body__municipality`` and ``items``) as an ODS ``Vergadering``.

    ``documents``: the ODS ids of the meeting's public documents (``bijlagen``).
    """
    held = meeting.status == MeetingStatus.HELD
    start = moment(meeting.date, meeting.start_time)
    end = moment(meeting.date, meeting.end_time)
    return _clean(
        {
            "url": links.resource("vergaderingen", meeting.pk),
            "id": str(meeting.pk),
            "naam": fit(meeting.title, 100),
            "vergaderingstype": MEETING_TYPES.get(meeting.body.kind, "commissievergadering"),
            "status": meeting_status(meeting, today),
            "geplandeVergaderdatum": meeting.date.isoformat(),
            "geplandeAanvangVergadering": start,
            "geplandeEindeVergadering": end,
            "vergaderdatum": meeting.date.isoformat() if held else None,
            "aanvangVergadering": start if held else None,
            "eindeVergadering": end if held else None,
            "locatie": fit(meeting.location, 100) or None,
            "georganiseerdDoorGremium": gremium(meeting.body),
            "gemeente": municipality(meeting.body.municipality),
            "agendapunten": [
                links.resource("agendapunten", item.pk)
                for item in in_number_order(meeting.items.all())
            ],
            "bijlagen": [links.resource("informatieobjecten", pk) for pk in documents],
            "vergadertoelichting": meeting.url or None,
        }
    )


def agendapunt(item, links, *, position=None, information_objects=()):
    """An ``AgendaItem`` (with ``meeting__body__municipality``) as an ODS ``Agendapunt``.

    ``position``: 1 for the first item in agenda order (ODS ``agendapuntvolgnummer``);
    ``information_objects``: the ODS ids of its public motions, letters and documents.
    """
    return _clean(
        {
            "url": links.resource("agendapunten", item.pk),
            "id": str(item.pk),
            "vergadering": links.reference("vergaderingen", item.meeting_id),
            "hoofdagendapunt": None,
            "agendapuntKenmerk": item.number or None,
            "agendapuntvolgnummer": str(position) if position and position < 1000 else None,
            "agendapuntTitel": fit(item.title, 100),
            "agendapuntOmschrijving": item.summary or None,
            "gemeente": municipality(item.meeting.body.municipality),
            "subagendapunten": [],
            "informatieobjecten": [
                links.resource("informatieobjecten", ods_id) for ods_id in information_objects
            ],
        }
    )


def item_positions(items):
    """``{item pk: position}`` in agenda order ("2" before "10"), per meeting."""
    by_meeting = {}
    for item in items:
        by_meeting.setdefault(item.meeting_id, []).append(item)
    return {
        item.pk: n
        for meeting_items in by_meeting.values()
        for n, item in enumerate(in_number_order(meeting_items), start=1)
    }


# --- InformatieObject ----------------------------------------------------------------------


def motion_id(motion):
    return f"{MOTION_PREFIXES[motion.kind]}-{motion.pk}"


def letter_id(letter):
    return f"{LETTER_PREFIX}-{letter.pk}"


def document_id(document):
    return f"{DOCUMENT_PREFIX}-{document.pk}"


def _item_references(items, links):
    """``agendapunten`` and ``vergaderingen`` of an information object, each once."""
    items = sorted(items, key=lambda item: item.pk)
    meetings = sorted({item.meeting_id for item in items})
    return (
        [links.reference("agendapunten", item.pk) for item in items],
        [links.reference("vergaderingen", pk) for pk in meetings],
    )


def motion_object(motion, links, *, html_url=None, item=None):
    """A ``Motion`` as an ODS ``InformatieObject`` of type ``motie`` or ``toezegging``.

    ``item``: its agenda item when that is public (else None).
    """
    items, meetings = _item_references([item] if item is not None else [], links)
    submitters = "; ".join(
        f"{s.name} ({s.party})" if s.party else s.name for s in motion.submitters.all()
    )
    is_motion = motion.kind == Motion.Kind.MOTION
    return _clean(
        {
            "url": links.resource("informatieobjecten", motion_id(motion)),
            "id": motion_id(motion),
            "informatieobjecttype": MOTION_TYPES[motion.kind],
            "motietype": MOTION_SUBTYPE if is_motion else None,
            "titel": fit(motion.title, 200),
            "omschrijving": motion.identifier or None,
            "inhoud": motion.operative_text or None,
            "auteur": fit(submitters, 200) or None,
            "datumIngediend": day(motion.submitted_on, motion.submitted_on_precision),
            "taal": LANGUAGE,
            "link": links.absolute(html_url),
            "gemeente": municipality(item.meeting.body.municipality if item else None),
            "agendapunten": items,
            "vergaderingen": meetings,
            "vertrouwelijkheidsaanduiding": CONFIDENTIALITY,
        }
    )


def letter_object(letter, links, *, html_url, items=()):
    """A published ``LetterPage`` as an ODS ``InformatieObject`` of type ``ingekomen_stuk``.

    To the municipality a letter of its client council is an incoming document.
    ``items``: its public agenda items.
    """
    item_refs, meetings = _item_references(items, links)
    versions = list(letter.versions.all())
    sent = sorted(v.sent_on for v in versions if v.sent_on)
    return _clean(
        {
            "url": links.resource("informatieobjecten", letter_id(letter)),
            "id": letter_id(letter),
            "informatieobjecttype": LETTER_TYPE,
            "titel": fit(letter.title, 200),
            "omschrijving": letter.reference or None,
            "auteur": fit(letter.council.name, 200),
            "creatiedatum": day(letter.date, letter.date_precision),
            "datumIngediend": sent[0].isoformat() if sent else None,
            "versie": str(max(v.number for v in versions))[:5] if versions else None,
            "taal": LANGUAGE,
            "link": links.absolute(html_url),
            "gemeente": municipality(letter.addressee.municipality if letter.addressee else None),
            "agendapunten": item_refs,
            "vergaderingen": meetings,
            "vertrouwelijkheidsaanduiding": CONFIDENTIALITY,
        }
    )


def document_municipality(attachment):
    """The municipality of a document: its item's body's, or its consultation's (body or council)."""
    if attachment.agenda_item_id:
        return attachment.agenda_item.meeting.body.municipality
    consultation = attachment.consultation
    if consultation.body_id:
        return consultation.body.municipality
    return consultation.council.municipality


def document_object(attachment, links):
    """A public ``RecordDocument`` (with its ``document`` and record) as an ODS ``InformatieObject``.

    The type follows the kind (:data:`DOCUMENT_TYPES`); ``omschrijving`` names the kind and the
    file's format ("Adviesaanvraag, PDF"), for ODS has no field for either; ``link`` is the file.
    A document of an agenda item points at it and its meeting (whose ``bijlagen`` list it).
    """
    item = attachment.agenda_item if attachment.agenda_item_id else None
    items, meetings = _item_references([item] if item is not None else [], links)
    document = attachment.document
    extension = document.file_extension.upper()
    kind = capfirst(str(attachment.get_kind_display()))
    return _clean(
        {
            "url": links.resource("informatieobjecten", document_id(attachment)),
            "id": document_id(attachment),
            "informatieobjecttype": DOCUMENT_TYPES[attachment.kind],
            "titel": fit(document.title, 200),
            "omschrijving": f"{kind}, {extension}" if extension else kind,
            "taal": LANGUAGE,
            "link": links.absolute(document.url),
            "gemeente": municipality(document_municipality(attachment)),
            "agendapunten": items,
            "vergaderingen": meetings,
            "vertrouwelijkheidsaanduiding": CONFIDENTIALITY,
        }
    )
