"""The audit trail of consultations: who changed what, when, from which value to which.

A consultation's record may be quoted in a political dispute, so every
change is kept as a Wagtail log entry (with the revision it made) whose
``data`` holds each changed field's old and new value, both as stored (ISO
dates, ids) and as people read them ("3 maart 2026", the body's name). The
formatters below turn that data into the Dutch sentence the admin's history
shows. Labels and display values are stored at the moment of the change, so
the history reads the same after a body is renamed or a field relabelled.
"""

import datetime
import functools
import importlib.metadata

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import LogFormatter

from council.dates import format_day

from .fields import audited_names

CREATE = "advice.consultation.create"
CHANGE = "advice.consultation.change"
DELETE = "advice.consultation.delete"

# The stored fields in the order of the form (``fields.SPEC``, ``audited``), then
# two derived values that a change elsewhere can move: the sent date of the
# linked letter and the verdict.
FIELDS = audited_names()
LETTER_SENT_ON = "letter_sent_on"
MEETING_DATE = "meeting_date"
VERDICT = "verdict"
DERIVED_LABELS = {
    LETTER_SENT_ON: gettext_lazy("verzenddatum van de adviesbrief"),
    MEETING_DATE: gettext_lazy("datum van de vergadering (agendapunt)"),
    VERDICT: gettext_lazy("oordeel"),
}

#: The system account a command-line import records when ``--gebruiker`` names no one.
IMPORT_ACCOUNT = "import"

# Where a change came from, for the message; ``source`` adds the detail
# (file and line of an import, the letter that was sent).
VIA_ADMIN = "admin"
VIA_IMPORT = "import"
VIA_COMMAND_LINE_IMPORT = "import_command"
VIA_LETTER = "letter"
VIA_DEMO = "demo"
VIA_REVERT = "revert"
# Changes elsewhere that alter a consultation's record (``causes``, ``recheck_verdicts``).
VIA_RULES = "council_rules"
VIA_MEETING = "meeting"
VIA_ITEM_MOVED = "agenda_item_moved"
VIA_ITEM_DELETED = "agenda_item_deleted"
VIA_HOLIDAYS = "holidays"
# The clerk attached the college's response and chose to fill its date (``advice.documents``).
VIA_DOCUMENT = "document"
VIA_LABELS = {
    VIA_ADMIN: "",
    VIA_IMPORT: gettext_lazy("Via de import in het beheer"),
    VIA_COMMAND_LINE_IMPORT: gettext_lazy("Import via opdrachtregel"),
    VIA_LETTER: gettext_lazy("Door het verzenden van de adviesbrief"),
    VIA_DEMO: gettext_lazy("Demo-inhoud (load_demo)"),
    VIA_REVERT: gettext_lazy("Teruggezet naar een eerdere versie"),
    VIA_RULES: gettext_lazy("Door een wijziging van de termijnen van de cliëntenraad"),
    VIA_MEETING: gettext_lazy("Door een wijziging van de vergadering"),
    VIA_ITEM_MOVED: gettext_lazy("Door het verplaatsen van het agendapunt"),
    VIA_ITEM_DELETED: gettext_lazy("Door het verwijderen van het agendapunt"),
    VIA_HOLIDAYS: gettext_lazy("Door een nieuwe feestdagentabel (recheck_verdicts)"),
    VIA_DOCUMENT: gettext_lazy("Bij het toevoegen van de reactie van het college"),
}


@functools.cache
def holidays_version():
    """The version of the ``holidays`` package, whose table the working days count with."""
    return importlib.metadata.version("holidays")


def import_account():
    """The inactive system account ``import``, without a password (created on first use)."""
    user, created = get_user_model().objects.get_or_create(
        username=IMPORT_ACCOUNT,
        defaults={"is_active": False, "first_name": "Import", "last_name": "(opdrachtregel)"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


MESSAGE_TEXT_LENGTH = 120


def _empty():
    return _("leeg")


def _display(field, value, instance):
    if value is None or value == "":
        return _empty()
    if isinstance(field, models.BooleanField):
        return _("ja") if value else _("nee")
    if isinstance(field, models.DateField):
        return format_day(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        related = getattr(instance, field.name)
        if field.name == "agenda_item":
            meeting = related.meeting
            return f"{related} ({meeting.title}, {format_day(meeting.date)})"
        if field.name == "letter":
            return f"{related.reference} {related.title}".strip()
        return str(related)
    return str(value)


def _raw(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def snapshot(consultation, *, verdict=None):
    """``{field: {"label", "raw", "display"}}`` of everything the audit trail compares."""
    values = {}
    for name in FIELDS:
        field = consultation._meta.get_field(name)
        raw = getattr(consultation, field.attname)
        values[name] = {
            "label": str(field.verbose_name),
            "raw": _raw(raw),
            "display": _display(field, raw, consultation),
        }
    letter_sent = consultation.letter_sent_on()
    values[LETTER_SENT_ON] = {
        "label": str(DERIVED_LABELS[LETTER_SENT_ON]),
        "raw": _raw(letter_sent),
        "display": format_day(letter_sent) if letter_sent else _empty(),
    }
    item = consultation.agenda_item
    meeting_date = item.meeting.date if item else None
    values[MEETING_DATE] = {
        "label": str(DERIVED_LABELS[MEETING_DATE]),
        "raw": _raw(meeting_date),
        "display": format_day(meeting_date) if meeting_date else _empty(),
    }
    if verdict is not None:
        values[VERDICT] = {
            "label": str(DERIVED_LABELS[VERDICT]),
            "raw": verdict.value,
            "display": str(verdict.label),
        }
    return values


def verdict_record(values):
    """The derived verdict of a snapshot, for every log entry: ``{"raw", "display", "holidays"}``.

    Stored next to the dates, so the history says what the verdict was after
    each change, and with the version of the holiday table it was judged with
    (``recheck_verdicts`` compares it).
    """
    verdict = values.get(VERDICT)
    if verdict is None:
        return None
    return {"raw": verdict["raw"], "display": verdict["display"], "holidays": holidays_version()}


def stored_values(consultation):
    """``{field: raw value}`` of the stored fields the trail compares (no derived values)."""
    return {
        name: _raw(getattr(consultation, consultation._meta.get_field(name).attname))
        for name in FIELDS
    }


def changes_between(before, after):
    """The fields whose stored value differs, in form order, derived values last."""
    changes = []
    for name, new in after.items():
        old = before.get(name)
        if old is None or old["raw"] != new["raw"]:
            changes.append(
                {
                    "field": name,
                    "label": new["label"],
                    "old": old["raw"] if old else None,
                    "new": new["raw"],
                    "old_display": old["display"] if old else _empty(),
                    "new_display": new["display"],
                }
            )
    return changes


def filled_values(values):
    """The non-empty values of a snapshot, for the record of a creation or deletion."""
    return [
        {"field": name, "label": value["label"], "value": value["raw"], "display": value["display"]}
        for name, value in values.items()
        if value["raw"] not in (None, "", False, 0)
    ]


def _short(text):
    return Truncator(str(text)).chars(MESSAGE_TEXT_LENGTH)


def _prefix(data):
    via = str(VIA_LABELS.get(data.get("via"), ""))
    source = data.get("source") or ""
    if via and source:
        return f"{via} ({source}): "
    if via:
        return f"{via}: "
    return ""


def change_sentence(change):
    return _("%(label)s: %(old)s → %(new)s.") % {
        "label": str(change["label"]).capitalize(),
        "old": _short(change["old_display"]),
        "new": _short(change["new_display"]),
    }


def _value_sentences(data):
    """'Label: value.' for each field a created or deleted consultation held."""
    return [
        _("%(label)s: %(value)s.")
        % {"label": str(item["label"]).capitalize(), "value": _short(item["display"])}
        for item in data.get("values", [])
    ]


class ChangeFormatter(LogFormatter):
    label = gettext_lazy("Raadpleging gewijzigd")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        changes = data.get("changes", [])
        sentences = [change_sentence(change) for change in changes]
        verdict = data.get("verdict")
        if verdict and not any(change["field"] == VERDICT for change in changes):
            sentences.append(
                _("Oordeel (ongewijzigd): %(verdict)s.") % {"verdict": verdict["display"]}
            )
        return _prefix(data) + (" ".join(sentences) or _("Niets gewijzigd."))


class CreateFormatter(LogFormatter):
    label = gettext_lazy("Raadpleging vastgelegd")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _prefix(data) + " ".join([_("Vastgelegd."), *_value_sentences(data)])


class DeleteFormatter(LogFormatter):
    label = gettext_lazy("Raadpleging verwijderd")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _prefix(data) + " ".join(
            [_("Verwijderd. Laatste gegevens:"), *_value_sentences(data)]
        )


def register_log_actions(actions):
    actions.register_action(CREATE)(CreateFormatter)
    actions.register_action(CHANGE)(ChangeFormatter)
    actions.register_action(DELETE)(DeleteFormatter)
