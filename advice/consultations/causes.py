"""Changes elsewhere that alter a consultation's record, each kept in its history.

A consultation's verdict is derived from its dates *and* from its council's
rules; its export and history show the date of its agenda item's meeting. So
a change to one of those records changes the consultation without anyone
editing it:

| change | cause in the history (``audit.VIA_…``) |
| --- | --- |
| the council's notice weeks, response weeks or day count | ``VIA_RULES`` |
| a meeting's date | ``VIA_MEETING`` |
| an agenda item moved to another meeting | ``VIA_ITEM_MOVED`` |
| an agenda item deleted (or its meeting), which clears the link | ``VIA_ITEM_DELETED`` |
| a new holiday table (``manage.py recheck_verdicts``) | ``VIA_HOLIDAYS`` |

Each of these also refreshes the consultation's stored verdict (the
scorecard's copy, ``Consultation.stored_verdict``): ``_record_change`` stores
it, and a new holiday table stores every working-day council's verdicts again.

Each affected consultation gets a change entry in its own history, like any
other change (``services._record_change``): old → new of every value that
moved, the verdict, the cause and its detail, and the user (Wagtail's log
context: the admin user who saved the council, meeting or item). A change
that alters nothing shown (the council's name, a meeting's title) leaves no
entry.

These records live in lower layers (``council``, ``agenda``), which never
import the consultations; so the consultations listen to their
``pre_save``/``post_save`` and ``pre_delete``/``post_delete`` signals,
connected in ``AdviceConfig.ready``, whatever wrote them: the admin, a
command or the shell. Only the *trace* is kept here; no rule is decided.
"""

import dataclasses

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from agenda.models import AgendaItem, Meeting
from council.change_log import field_changes
from council.dates import format_day
from council.models import Council

from . import audit
from .models import Consultation
from .services import (
    _record_change,  # the one writer of a change entry
    verdicts_store,
)

RULE_FIELDS = ("notice_weeks", "response_weeks", "day_count")
_PENDING = "_consultation_states"


@dataclasses.dataclass
class Pending:
    """The affected consultations as they were, and the cause to record with their change."""

    states: list
    via: str
    source: str


def _consultations(**filters):
    return Consultation.objects.filter(**filters).for_listing().select_related("letter")


def states_of(consultations, today):
    states = []
    for consultation in consultations:
        verdict = consultation.judgement(today, explain=False).verdict
        states.append((consultation.pk, audit.snapshot(consultation, verdict=verdict), verdict))
    return states


def record_changes(pending, *, user=None, today=None):
    """Compare each consultation with its state before; log those that differ. Returns how many."""
    today = today or timezone.localdate()
    recorded = 0
    with transaction.atomic():
        fresh = _consultations(pk__in=[pk for pk, _before, _verdict in pending.states]).in_bulk()
        for pk, before, verdict_before in pending.states:
            consultation = fresh.get(pk)
            if consultation is None:
                continue
            result = _record_change(
                consultation,
                before=before,
                verdict_before=verdict_before,
                user=user,
                via=pending.via,
                source=pending.source,
                save=False,
                today=today,
            )
            recorded += bool(result.changes)
    return recorded


def _stored(sender, instance, raw):
    if raw or instance.pk is None or instance._state.adding:
        return None
    return sender._base_manager.filter(pk=instance.pk).first()


def _remember(instance, consultations, via, source):
    states = states_of(consultations, timezone.localdate())
    if states:
        setattr(instance, _PENDING, Pending(states, via, source))


def _describe(changes):
    return "; ".join(
        f"{change['label']}: {change['old_display']} → {change['new_display']}"
        for change in changes
    )


def council_before_save(sender, instance, raw=False, **kwargs):
    stored = _stored(sender, instance, raw)
    if stored is None:
        return
    changes = [c for c in field_changes(stored, instance) if c["field"] in RULE_FIELDS]
    if changes:
        source = f"{instance.name}: {_describe(changes)}"
        _remember(instance, _consultations(council=stored), audit.VIA_RULES, source)


def meeting_before_save(sender, instance, raw=False, **kwargs):
    stored = _stored(sender, instance, raw)
    if stored is None or stored.date == instance.date:
        return
    source = f"{stored.title}: {format_day(stored.date)} → {format_day(instance.date)}"
    _remember(instance, _consultations(agenda_item__meeting=stored), audit.VIA_MEETING, source)


def item_before_save(sender, instance, raw=False, **kwargs):
    stored = _stored(sender, instance, raw)
    if stored is None or stored.meeting_id == instance.meeting_id:
        return
    old, new = stored.meeting, instance.meeting
    source = (
        f"{instance}: {old.title} ({format_day(old.date)}) → {new.title} ({format_day(new.date)})"
    )
    _remember(instance, _consultations(agenda_item=stored), audit.VIA_ITEM_MOVED, source)


def item_before_delete(sender, instance, **kwargs):
    meeting = instance.meeting
    source = f"{instance} ({meeting.title}, {format_day(meeting.date)})"
    _remember(instance, _consultations(agenda_item=instance), audit.VIA_ITEM_DELETED, source)


def after_change(sender, instance, raw=False, **kwargs):
    pending = instance.__dict__.pop(_PENDING, None)
    if pending is not None and not raw:
        record_changes(pending)


def connect():
    """Connect the receivers (``AdviceConfig.ready``)."""
    for model, before in (
        (Council, council_before_save),
        (Meeting, meeting_before_save),
        (AgendaItem, item_before_save),
    ):
        uid = f"consultation-causes-{model._meta.label_lower}"
        pre_save.connect(before, sender=model, dispatch_uid=uid + "-pre-save")
        post_save.connect(after_change, sender=model, dispatch_uid=uid + "-post-save")
    pre_delete.connect(
        item_before_delete, sender=AgendaItem, dispatch_uid="consultation-causes-del"
    )
    post_delete.connect(after_change, sender=AgendaItem, dispatch_uid="consultation-causes-deleted")


# --- A new holiday table: ``manage.py recheck_verdicts`` ------------------------------------


@dataclasses.dataclass
class Recheck:
    """What ``verdicts_recheck`` found: per consultation checked, changed or without a baseline."""

    version: str
    checked: int = 0
    changed: list = dataclasses.field(default_factory=list)  # [(consultation, old, new)]
    without_baseline: int = 0
    stored: int = 0  # stored verdicts (``Consultation.stored_verdict``) that changed


def _baselines(pks):
    """Per consultation the newest log entry that records its verdict and the holiday table."""
    from wagtail.models import ModelLogEntry

    entries = (
        ModelLogEntry.objects.filter(
            content_type__app_label="advice",
            content_type__model="consultation",
            object_id__in=[str(pk) for pk in pks],
            data__verdict__holidays__isnull=False,
        )
        .order_by("timestamp", "pk")
        .only("object_id", "timestamp", "data")
    )
    return {int(entry.object_id): entry for entry in entries}  # the newest wins


def verdicts_recheck(*, user, dry_run=False):
    """Judge each consultation again after the ``holidays`` package changed; log what flips.

    The baseline is the newest log entry of each consultation, which records
    the verdict and the holiday table's version (``audit.verdict_record``).
    Where that version differs from the installed one, the consultation is
    judged again **as on the day of that entry** (so the passing of time is
    not mistaken for the new table); a different verdict is recorded as a
    change with the cause ``VIA_HOLIDAYS`` and the two versions.
    """
    from .verdicts import ConsultationVerdict

    result = Recheck(version=audit.holidays_version())
    consultations = list(_consultations())
    baselines = _baselines([consultation.pk for consultation in consultations])
    with transaction.atomic():
        for consultation in consultations:
            entry = baselines.get(consultation.pk)
            if entry is None:
                result.without_baseline += 1
                continue
            recorded = entry.data["verdict"]
            if recorded["holidays"] == result.version:
                continue
            result.checked += 1
            on = timezone.localdate(entry.timestamp)
            old = ConsultationVerdict(recorded["raw"])
            new = consultation.judgement(on, explain=False).verdict
            if new == old:
                continue
            result.changed.append((consultation, old, new))
            if dry_run:
                continue
            pending = Pending(
                [(consultation.pk, audit.snapshot(consultation, verdict=old), old)],
                audit.VIA_HOLIDAYS,
                f"holidays {recorded['holidays']} → {result.version}",
            )
            record_changes(pending, user=user, today=on)
        if not dry_run:
            # The stored verdicts, judged as of today with the new table (the history
            # above compares as of each baseline's day; the scorecard counts today's).
            result.stored = verdicts_store(
                consultations=Consultation.objects.filter(
                    council__day_count=Council.DayCount.WORKING
                )
            )
    return result
