"""Each ODS resource checked field by field and turned into the values of our records.

A field the resource leaves out is not written (:data:`ABSENT`): an update
changes only what the source states, so what a clerk added (an item's
concern, topics) survives the next import. A field present but empty (``""``,
``null``) empties ours. Nothing is guessed: a date that does not exist, a text
longer than our field, a status outside the spec's enumeration is a problem
that names the object (list, position, id) and the field, in Dutch.
"""

import dataclasses
import datetime
import re
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.models import AgendaItem, Meeting
from council.dates import PLAUSIBLE_YEARS
from council.models import MunicipalBody

from ..models import Motion


class _Absent:
    def __repr__(self):
        return "ABSENT"

    def __bool__(self):
        return False


#: The resource leaves the field out: keep what we have.
ABSENT = _Absent()

#: ``VergaderingStatus`` of the spec → ``Meeting.Status``.
MEETING_STATUS = {
    "gepland": Meeting.Status.PLANNED,
    "gehouden": Meeting.Status.HELD,
    "geannuleerd": Meeting.Status.CANCELLED,
}
#: ``VergaderingsType`` of the spec → the kind of body that meets.
MEETING_TYPE_BODY = {
    "raadsvergadering": MunicipalBody.Kind.MUNICIPAL_COUNCIL,
    "commissievergadering": MunicipalBody.Kind.COMMITTEE,
    "presidium": MunicipalBody.Kind.COMMITTEE,
    "statenvergadering": MunicipalBody.Kind.MUNICIPAL_COUNCIL,
    "algemene_bestuursvergadering": MunicipalBody.Kind.MUNICIPAL_COUNCIL,
}
#: ``Informatieobjecttype`` values we read as a motion, and their kind.
MOTION_KINDS = {"motie": Motion.Kind.MOTION, "toezegging": Motion.Kind.COMMITMENT}

#: Our field → the ODS field a model's own message is about (``importing``).
MEETING_FIELDS = {
    "title": "naam",
    "date": "vergaderdatum",
    "start_time": "aanvangVergadering",
    "end_time": "eindeVergadering",
    "location": "locatie",
    "status": "status",
    "body": "georganiseerdDoorGremium",
}
ITEM_FIELDS = {
    "number": "agendapuntKenmerk",
    "title": "agendapuntTitel",
    "summary": "agendapuntOmschrijving",
    "meeting": "vergadering",
}
MOTION_FIELDS = {
    "title": "titel",
    "operative_text": "inhoud",
    "submitted_on": "datumIngediend",
    "agenda_item": "agendapunten",
    "kind": "informatieobjecttype",
}

# The spec's own example writes milliseconds after a colon: "2017-02-10T18:25:00:000Z".
_COLON_MILLIS = re.compile(r"(T\d{2}:\d{2}:\d{2}):(\d{1,6})")


@dataclasses.dataclass
class Resource:
    """One object of the export, and where it stands in it (for the messages)."""

    key: str
    index: int
    data: dict
    problems: list

    @property
    def id(self):
        value = self.data.get("id")
        return value if isinstance(value, str) else ""

    def where(self, field=None):
        place = f"{self.key}[{self.index}]"
        if self.id:
            place += f' (id "{self.id}")'
        return f'{place}, veld "{field}"' if field else place

    def refuse(self, field, message):
        self.problems.append(f"{self.where(field)}: {message}")

    @property
    def source(self):
        """``ods:<host>``: the system the id belongs to, from the resource's ``url``."""
        return source_of(self.data.get("url"))


def source_of(url):
    host = urlsplit(url).hostname if isinstance(url, str) else None
    return f"ods:{host}" if host else "ods"


def check_identity(resource):
    """The spec's required ``id`` (at most 40 characters) and ``url``: how we find it again."""
    value = resource.data.get("id")
    if isinstance(value, int) and not isinstance(value, bool):
        resource.data["id"] = value = str(value)
    if not isinstance(value, str) or not value.strip():
        resource.refuse(
            "id", _("ontbreekt; zonder id kan een volgende import dit object niet terugvinden.")
        )
        return False
    if len(value) > 40:
        resource.refuse("id", _("is langer dan 40 tekens."))
        return False
    url = resource.data.get("url")
    if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https"):
        resource.refuse("url", _("ontbreekt of is geen http(s)-adres."))
        return False
    return True


def text(resource, field, *, max_length=None, required=False):
    if field not in resource.data:
        if required:
            resource.refuse(field, _("ontbreekt."))
        return ABSENT
    value = resource.data[field]
    if value is None:
        value = ""
    if not isinstance(value, str):
        resource.refuse(field, _("moet tekst zijn."))
        return ABSENT
    value = value.strip()
    if required and not value:
        resource.refuse(field, _("is leeg."))
        return ABSENT
    if max_length and len(value) > max_length:
        resource.refuse(
            field,
            _("is %(length)d tekens lang; hier passen er hoogstens %(limit)d.")
            % {"length": len(value), "limit": max_length},
        )
        return ABSENT
    return value


def _plausible(resource, field, day, written):
    if day.year not in PLAUSIBLE_YEARS:
        resource.refuse(
            field,
            _("de datum %(value)s valt buiten %(first)s–%(last)s; controleer het jaartal.")
            % {"value": written, "first": PLAUSIBLE_YEARS[0], "last": PLAUSIBLE_YEARS[-1]},
        )
        return False
    return True


def date(resource, field):
    value = resource.data.get(field, ABSENT)
    if value is ABSENT or value is None or value == "":
        return ABSENT if value is ABSENT else None
    try:
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        day = datetime.date.fromisoformat(value)
    except ValueError:
        resource.refuse(
            field,
            _("%(value)s is geen bestaande datum; het formaat is jjjj-mm-dd (2026-11-20).")
            % {"value": _quoted(value)},
        )
        return ABSENT
    return day if _plausible(resource, field, day, value) else ABSENT


def moment(resource, field):
    """A ``date-time`` as our local date and time (Europe/Amsterdam); naive: already local."""
    value = resource.data.get(field, ABSENT)
    if value is ABSENT or value is None or value == "":
        return ABSENT if value is ABSENT else None
    try:
        if not isinstance(value, str) or not re.match(r"\d{4}-\d{2}-\d{2}T", value):
            raise ValueError
        parsed = datetime.datetime.fromisoformat(_COLON_MILLIS.sub(r"\1.\2", value))
    except ValueError:
        resource.refuse(
            field,
            _(
                "%(value)s is geen bestaand tijdstip; het formaat is jjjj-mm-ddTuu:mm:ss, "
                "met tijdzone (2026-11-20T19:30:00+01:00)."
            )
            % {"value": _quoted(value)},
        )
        return ABSENT
    if not _plausible(resource, field, parsed, value):
        return ABSENT
    if timezone.is_aware(parsed):
        parsed = timezone.localtime(parsed)
    return parsed.replace(tzinfo=None)


def choice(resource, field, choices):
    value = resource.data.get(field, ABSENT)
    if value is ABSENT or value is None:
        return value if value is ABSENT else None
    if value not in choices:
        resource.refuse(
            field,
            _("%(value)s is geen toegestane waarde; kies uit: %(choices)s.")
            % {"value": _quoted(value), "choices": ", ".join(choices)},
        )
        return ABSENT
    return value


def reference(resource, field, *, many=False):
    """The id of a ``VerwijzingNaarResource`` (or of a bare URL), with the source it belongs to."""
    value = resource.data.get(field, ABSENT)
    if value is ABSENT or value is None:
        return value if value is ABSENT else None
    if many:
        if not isinstance(value, list):
            resource.refuse(field, _("moet een lijst van verwijzingen zijn."))
            return ABSENT
        if not value:
            return None
        value = value[0]  # our records point at one agenda item: the first
    if isinstance(value, str) and urlsplit(value).scheme in ("http", "https"):
        return (source_of(value), value.rstrip("/").rsplit("/", 1)[-1])
    if isinstance(value, dict) and isinstance(value.get("id"), str | int) and str(value["id"]):
        url = value.get("url")
        return (source_of(url) if url else resource.source, str(value["id"]))
    resource.refuse(field, _("moet een verwijzing zijn: een object met 'id' en 'url'."))
    return ABSENT


def _quoted(value):
    shown = value if isinstance(value, str) else repr(value)
    return f'"{shown[:60]}"'


def _set(values, key, value):
    if value is not ABSENT:
        values[key] = value


# --- Per kind of resource ------------------------------------------------------------------


@dataclasses.dataclass
class Body:
    """Who meets: the spec's ``georganiseerdDoorGremium`` and ``vergaderingstype``, and ``gemeente``."""

    identification: str = ""
    name: str = ""
    kind: str = ""
    municipality_name: str = ""


def meeting_values(resource):
    """``(values, body)`` of a ``Vergadering``; problems are added to the resource's list."""
    values = {}
    _set(values, "title", text(resource, "naam", max_length=255))
    known_problems = len(resource.problems)
    day = date(resource, "vergaderdatum")
    planned_day = date(resource, "geplandeVergaderdatum")
    start = moment(resource, "aanvangVergadering")
    planned_start = moment(resource, "geplandeAanvangVergadering")
    end = moment(resource, "eindeVergadering")
    planned_end = moment(resource, "geplandeEindeVergadering")
    start = start or planned_start
    end = end or planned_end
    day = day or planned_day or (start.date() if start else None)
    if not day:
        if len(resource.problems) == known_problems:  # not already refused as malformed
            resource.refuse("vergaderdatum", _("ontbreekt; een vergadering heeft een datum."))
    else:
        values["date"] = day
    if start is not ABSENT or end is not ABSENT:
        values["start_time"] = start.time().replace(microsecond=0) if start else None
        values["end_time"] = end.time().replace(microsecond=0) if end else None
    _set(values, "location", text(resource, "locatie", max_length=255))
    status = choice(resource, "status", MEETING_STATUS)
    if status is not ABSENT:
        values["status"] = MEETING_STATUS[status] if status else Meeting.Status.PLANNED
    if values.get("title") == "":
        del values["title"]  # an empty name: the body's name stands in (``importing``)

    body = Body()
    kind = choice(resource, "vergaderingstype", MEETING_TYPE_BODY)
    body.kind = MEETING_TYPE_BODY.get(kind or "", "")
    gremium = resource.data.get("georganiseerdDoorGremium")
    if gremium is not None:
        if not isinstance(gremium, dict):
            resource.refuse("georganiseerdDoorGremium", _("moet een object zijn."))
        else:
            sub = Resource(resource.key, resource.index, gremium, [])
            body.identification = text(sub, "gremiumidentificatie", max_length=120) or ""
            body.name = text(sub, "gremiumnaam", max_length=200) or ""
            for problem in sub.problems:
                resource.problems.append(
                    problem.replace(', veld "', ', veld "georganiseerdDoorGremium.', 1)
                )
    municipality = resource.data.get("gemeente")
    if isinstance(municipality, dict) and isinstance(municipality.get("gemeentenaam"), str):
        body.municipality_name = municipality["gemeentenaam"].strip()
    return values, body


def item_values(resource):
    """``(values, meeting reference)`` of an ``Agendapunt``."""
    values = {}
    # The number as the agenda shows it. ``agendapuntvolgnummer`` is only the order; an item
    # without a label keeps an empty number rather than a guessed one.
    number = text(resource, "agendapuntKenmerk", max_length=20)
    _set(values, "number", number)
    title = text(resource, "agendapuntTitel", max_length=255)
    summary = text(resource, "agendapuntOmschrijving")
    if not title and summary:
        first_line = summary.splitlines()[0][:255] if summary else ""
        title = first_line or title
    if not title and title is not ABSENT:
        resource.refuse("agendapuntTitel", _("is leeg; een agendapunt heeft een titel."))
    elif title is ABSENT and "agendapuntTitel" not in resource.data:
        resource.refuse("agendapuntTitel", _("ontbreekt; een agendapunt heeft een titel."))
    else:
        _set(values, "title", title)
    _set(values, "summary", summary)
    meeting = reference(resource, "vergadering")
    if not meeting:
        if meeting is not ABSENT or "vergadering" not in resource.data:
            resource.refuse(
                "vergadering", _("ontbreekt; een agendapunt hoort bij een vergadering.")
            )
        meeting = None
    return values, meeting


_PARTY = re.compile(r"^(?P<name>.+?)\s*\((?P<party>[^()]+)\)$")


def submitters(author):
    """``auteur`` as ``[(name, party)]``: "M. de Vries (GroenLinks); J. Jansen" → two."""
    if not author:
        return author
    people = []
    for part in author.split(";"):
        part = part.strip()
        match = _PARTY.match(part)
        if match:
            people.append((match["name"][:200], match["party"].strip()[:200]))
        elif part:
            people.append((part[:200], ""))
    return people


def is_motion(data, key):
    """Is this information object a motion or commitment we import?"""
    kind = data.get("informatieobjecttype") if isinstance(data, dict) else None
    if key == "moties":
        return kind in (None, *MOTION_KINDS)
    return kind in MOTION_KINDS


def motion_values(resource):
    """``(values, agenda item reference)`` of an ``InformatieObject`` of type motie/toezegging."""
    values = {}
    kind = choice(resource, "informatieobjecttype", MOTION_KINDS)
    if kind is not ABSENT:
        values["kind"] = MOTION_KINDS[kind or "motie"]
    title = text(resource, "titel", max_length=255)
    if not title:
        resource.refuse("titel", _("ontbreekt of is leeg; een motie heeft een titel."))
    else:
        values["title"] = title
    _set(values, "operative_text", text(resource, "inhoud"))
    _set(values, "submitted_on", date(resource, "datumIngediend"))
    _set(values, "submitters", submitters(text(resource, "auteur", max_length=200)))
    item = reference(resource, "agendapunten", many=True)
    return values, (item or None)


#: Per model: which ODS field a model's own message is about.
MODEL_FIELDS = {Meeting: MEETING_FIELDS, AgendaItem: ITEM_FIELDS, Motion: MOTION_FIELDS}
