"""Writes of the consultation record: save, delete, import, follow a sent letter, reminders.

Consultations are written only here (the admin's create, edit, revert and
delete views, the CSV import, the demo loader and the sending of a linked
letter all come through ``consultation_save`` / ``consultation_delete``), so
that each change leaves the same trace: a revision, a log entry with every
changed field's old and new value (``advice.consultations.audit``), a
``ConsultationVerdictEvent`` when the change gives a new "not consulted" or
"decided before the advice" verdict, and, once committed,
``signals.consultation_changed``.
"""

import contextlib
import dataclasses
import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, OperationalError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import ReferenceIndex

from council.background import enqueue_on_commit, task

from . import audit, csv_file, import_plan
from .events import ConsultationReminder, ConsultationVerdictEvent
from .models import Consultation
from .reminders import advice_due_soon, responses_overdue, secretary_addresses
from .signals import consultation_changed
from .verdicts import BYPASSED, ConsultationVerdict


@dataclasses.dataclass(frozen=True)
class ConsultationChange:
    """What ``consultation_save`` did: created, changed (and how) or nothing."""

    consultation: Consultation
    created: bool
    changes: list
    verdict_before: object
    verdict_after: object
    revision: object = None

    @property
    def changed(self):
        return self.created or bool(self.changes)

    @property
    def verdict_changed(self):
        return self.verdict_before != self.verdict_after


def _verdict(consultation, today):
    return consultation.judgement(today, explain=False).verdict


def _states_before(consultations, today=None):
    today = today or timezone.localdate()
    states = []
    for consultation in consultations.select_related("council").select_for_update(of=("self",)):
        verdict = _verdict(consultation, today)
        states.append((consultation, audit.snapshot(consultation, verdict=verdict), verdict))
    return states


def _notify(consultation, *, council, verdict_changed):
    transaction.on_commit(
        lambda: consultation_changed.send(
            sender=Consultation,
            consultation=consultation,
            council=council,
            verdict_changed=verdict_changed,
        )
    )


def _record_change(
    consultation,
    *,
    before,
    verdict_before,
    user,
    via,
    source,
    save=True,
    previous_revision=None,
    today=None,
):
    """Compare with ``before``; if anything differs, save, keep a revision, log, signal."""
    today = today or timezone.localdate()
    consultation.__dict__.pop("_letter_sent", None)
    stored = consultation.store_verdict(today)
    verdict_after = ConsultationVerdict(consultation.stored_verdict)
    if stored and not save:
        # A change elsewhere (a sent letter, the council's rules): the row itself is not
        # saved, only its stored verdict, which a rule change can move without any
        # change the history shows (a longer response term moves ``verdict_recheck_on``).
        Consultation.objects.filter(pk=consultation.pk).update(
            **{name: getattr(consultation, name) for name in stored}
        )
    after = audit.snapshot(consultation, verdict=verdict_after)
    changes = audit.changes_between(before, after)
    if not changes:
        if stored and save:
            Consultation.objects.filter(pk=consultation.pk).update(
                **{name: getattr(consultation, name) for name in stored}
            )
        return ConsultationChange(consultation, False, [], verdict_before, verdict_after)
    revision = None
    if save:
        consultation.save()
        revision = consultation.save_revision(
            user=user, clean=False, previous_revision=previous_revision
        )
    log(
        instance=consultation,
        action=audit.CHANGE,
        user=user,
        revision=revision,
        content_changed=save,
        data={
            "via": via,
            "source": source,
            "changes": changes,
            "verdict": audit.verdict_record(after),
        },
    )
    _record_verdict_event(consultation, verdict_before, verdict_after)
    _notify(
        consultation,
        council=consultation.council,
        verdict_changed=verdict_before != verdict_after,
    )
    return ConsultationChange(consultation, False, changes, verdict_before, verdict_after, revision)


def _record_verdict_event(consultation, verdict_before, verdict_after):
    if consultation_gets_new_bypassed_verdict(verdict_before, verdict_after):
        ConsultationVerdictEvent.objects.create(
            consultation=consultation,
            verdict=verdict_after,
            previous_verdict=verdict_before or "",
        )


def consultation_gets_new_bypassed_verdict(verdict_before, verdict_after):
    """A feed item is due when the verdict becomes "not consulted" or "decided before the advice"."""
    return verdict_after in BYPASSED and verdict_after != verdict_before


@transaction.atomic
def consultation_save(
    *,
    consultation,
    user=None,
    via=audit.VIA_ADMIN,
    source="",
    previous_revision=None,
    today=None,
):
    """Validate and save a new or changed consultation, and record the change.

    ``consultation`` carries the new values (an admin form's instance, or one
    the import filled in); the stored row is read, locked, for the old ones.
    Raises ``ValidationError`` (Dutch, per field) and then saves nothing.
    Returns a ``ConsultationChange``; saving without a change records nothing.
    """
    today = today or timezone.localdate()
    consultation.full_clean()
    if consultation.pk is None:
        consultation.__dict__.pop("_letter_sent", None)
        consultation.store_verdict(today)
        consultation.save()
        verdict = ConsultationVerdict(consultation.stored_verdict)
        values = audit.snapshot(consultation, verdict=verdict)
        revision = consultation.save_revision(user=user, clean=False)
        log(
            instance=consultation,
            action=audit.CREATE,
            user=user,
            revision=revision,
            content_changed=True,
            data={
                "via": via,
                "source": source,
                "values": audit.filled_values(values),
                "verdict": audit.verdict_record(values),
            },
        )
        _record_verdict_event(consultation, None, verdict)
        _notify(consultation, council=consultation.council, verdict_changed=True)
        return ConsultationChange(consultation, True, [], None, verdict, revision)

    [(_stored, before, verdict_before)] = _states_before(
        Consultation.objects.filter(pk=consultation.pk), today
    )
    return _record_change(
        consultation,
        before=before,
        verdict_before=verdict_before,
        user=user,
        via=via,
        source=source,
        previous_revision=previous_revision,
        today=today,
    )


@transaction.atomic
def consultation_delete(*, consultation, user=None, via=audit.VIA_ADMIN):
    """Delete a consultation, keeping every value it had in the log entry."""
    [(stored, before, _verdict_before)] = _states_before(
        Consultation.objects.filter(pk=consultation.pk)
    )
    log(
        instance=stored,
        action=audit.DELETE,
        user=user,
        deleted=True,
        data={
            "via": via,
            "source": "",
            "values": audit.filled_values(before),
            "verdict": audit.verdict_record(before),
        },
    )
    council = stored.council
    stored.delete()
    stored.pk = consultation.pk
    _notify(stored, council=council, verdict_changed=True)


READ = "read"
WRITE = "write"


def consultation_import(
    *,
    data,
    filename="",
    user=None,
    via=audit.VIA_COMMAND_LINE_IMPORT,
    council=None,
    apply=False,
    only_new=False,
    councils=None,
    expected_plan=None,
    progress=None,
    on_applied=None,
):
    """Read a CSV file of consultations; with ``apply=True`` write it, all or nothing.

    The one write loop of the import: the command and the admin's apply task
    both come here. ``councils``: the ids of the councils whose rows may be
    written (the admin's user's); a row of another council is an error. None:
    all.

    Always returns the ``ImportReport`` of ``csv_file.read``: per row what is
    (or would be) created or changed and every error by line and column.
    Reading writes nothing and takes no lock. Writing happens only when every
    row is correct, in one transaction that first locks the records the file
    changes and compares them with what the reading saw, and with
    ``expected_plan`` (the admin's check, ``import_plan.plan_of``) when given:
    any difference refuses the whole file, naming the rows (compare-and-set,
    ``import_plan``). The rows are then saved one by one through
    ``consultation_save`` (so each keeps its audit trail, naming the file and
    line); a late refusal rolls the transaction back whole.

    ``progress(phase, done, total)``: told the rows read (``READ``) and
    written (``WRITE``) while it runs. ``on_applied(report)``: called inside
    the write transaction once every row is written, so that what records the
    import as done commits with its rows, or not at all.
    """
    report = csv_file.read(
        data,
        filename=filename,
        council=council,
        only_new=only_new,
        councils=councils,
        progress=progress and (lambda done: progress(READ, done, None)),
    )
    if not apply or not report.ok:
        return report
    # Not at the top: this module is imported while the models load, that one needs them.
    from wagtail.signal_handlers import disable_reference_index_auto_update

    rows = report.to_write
    if progress:
        progress(WRITE, 0, len(rows))
    try:
        with _write_transaction(), disable_reference_index_auto_update():
            conflicts = (
                [] if expected_plan is None else import_plan.plan_conflicts(report, expected_plan)
            )
            conflicts += import_plan.locked_conflicts(report)
            if conflicts:
                import_plan.refuse(report, conflicts)
                transaction.set_rollback(True)
                return report
            for done, row in enumerate(rows, start=1):
                try:
                    consultation_save(
                        consultation=row.instance,
                        user=user,
                        via=via,
                        source=_("%(file)s, regel %(line)d")
                        % {"file": filename or _("bestand"), "line": row.line},
                    )
                except ValidationError as error:
                    row.add_validation_error(error)
                    transaction.set_rollback(True)
                    return report
                except IntegrityError:
                    # Another import created this kenmerk after our check for it, and committed.
                    import_plan.refuse(report, [(row, import_plan.taken_message(row.reference))])
                    transaction.set_rollback(True)
                    return report
                if progress:
                    progress(WRITE, done, len(rows))
            report.applied = True
            # Wagtail would enqueue a reference-index task per save (two per row: 20,000 for
            # a 10,000-row file, queued before anything else the worker has to do): one task
            # indexes the whole file instead.
            enqueue_on_commit(index_references, [row.instance.pk for row in rows])
            if on_applied is not None:
                on_applied(report)
    except OperationalError as error:
        if connection.vendor != "sqlite" or "locked" not in str(error):
            raise
        report.applied = False
        report.file_errors.append(
            _(
                "Er is niets ingelezen: een andere import schreef tegelijk in de database. "
                "Probeer het opnieuw."
            )
        )
    return report


@task()
def index_references(pks: list[int]) -> int:
    """Wagtail's reference index (what a letter or agenda item is used by) for imported rows."""
    indexed = 0
    for consultation in Consultation.objects.filter(pk__in=pks).iterator(chunk_size=500):
        with transaction.atomic():
            ReferenceIndex.create_or_update_for_object(consultation)
        indexed += 1
    return indexed


@contextlib.contextmanager
def _write_transaction():
    """``atomic``; on SQLite it takes the write lock at once (``BEGIN IMMEDIATE``), so that two
    imports wait for each other instead of failing halfway. PostgreSQL locks per row."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        with transaction.atomic():
            yield
        return
    connection.ensure_connection()
    previous = connection.transaction_mode
    connection.transaction_mode = "IMMEDIATE"
    try:
        with transaction.atomic():
            yield
    finally:
        connection.transaction_mode = previous


# --- Reminders --------------------------------------------------------------------------


@dataclasses.dataclass
class ReminderDigest:
    council: object
    reminders: list
    recipients: list
    sent: bool = False
    problem: str = ""
    mail_failed: bool = False


def reminders_send(*, today=None, dry_run=False):
    """E-mail each council's secretaries a digest of what is due; never the same reminder twice.

    A reminder is known by consultation, kind and deadline
    (``ConsultationReminder``); one already sent is left out, so running this
    every day (cron) sends each reminder once. The log rows and the e-mail
    are one transaction: if the mail fails, nothing is logged and the next
    run tries again (the other councils' digests still go; the digest says
    ``mail_failed``). A council without a secretary's address gets nothing
    logged either, and is named in the result.
    """
    today = today or timezone.localdate()
    candidates = advice_due_soon(today) + responses_overdue(today)
    sent_before = set(
        ConsultationReminder.objects.filter(
            consultation__in=[reminder.consultation.pk for reminder in candidates]
        ).values_list("consultation_id", "kind", "deadline")
    )
    by_council = {}
    for reminder in candidates:
        if reminder.key in sent_before:
            continue
        by_council.setdefault(reminder.consultation.council, []).append(reminder)

    digests = []
    for council in sorted(by_council, key=lambda council: council.name):
        reminders = by_council[council]
        digest = ReminderDigest(council, reminders, secretary_addresses(council, today))
        digests.append(digest)
        if not digest.recipients:
            digest.problem = _(
                "Geen actieve secretaris met een e-mailadres; vul het in bij de leden van "
                "%(council)s."
            ) % {"council": council.name}
            continue
        if dry_run:
            continue
        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        body = render_to_string(
            "advice/email/reminders.txt",
            {
                "council": council,
                "reminders": reminders,
                "base_url": base_url,
                "today": today,
            },
        )
        subject = _("Kanttekening: %(count)d herinnering(en) voor %(council)s") % {
            "count": len(reminders),
            "council": council.name,
        }
        try:
            with transaction.atomic():
                ConsultationReminder.objects.bulk_create(
                    [
                        ConsultationReminder(
                            consultation=reminder.consultation,
                            kind=reminder.kind,
                            deadline=reminder.deadline,
                            sent_at=timezone.now(),
                            recipients=", ".join(digest.recipients),
                        )
                        for reminder in reminders
                    ]
                )
                EmailMessage(subject, body, to=digest.recipients).send()
        except IntegrityError:
            # Another run sent these in the meantime.
            digest.problem = _("Al verzonden door een andere run.")
            continue
        except (smtplib.SMTPException, OSError) as error:
            # One council's refused address must not keep the others' reminders back.
            digest.problem = _(
                "Mail niet verzonden (%(error)s); de volgende run probeert het opnieuw."
            ) % {"error": error}
            digest.mail_failed = True
            continue
        digest.sent = True
    return digests


def verdicts_store(*, consultations, today=None, batch_size=2000):
    """Judge ``consultations`` again and store each verdict that changed; how many changed.

    The bulk form of ``Consultation.store_verdict`` (the one both use is
    ``Consultation.verdict_values``, which calls ``judge``): for the daily
    refresh, a new holiday table and bulk-created rows. Reads and writes in
    batches, so its memory stays flat whatever the number of consultations.
    """
    today = today or timezone.localdate()
    changed = 0
    names = ["stored_verdict", "verdict_recheck_on", "verdict_advice_sent"]
    queryset = consultations.for_judging().order_by("pk")
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last)[:batch_size])
        if not batch:
            return changed
        last = batch[-1].pk
        moved = [consultation for consultation in batch if consultation.store_verdict(today)]
        if moved:
            Consultation.objects.bulk_update(moved, names, batch_size=batch_size)
            changed += len(moved)


def follow_sent_letter(letter, sent_by):
    """A sending observer (``advice.letters.services.observe_sending``).

    The consultations the letter answers take their advice date from it: their
    state is read before the sent version is recorded, and the change (a new
    advice date, perhaps a new verdict) is recorded after it, in the same
    transaction.
    """
    answered = _states_before(Consultation.objects.filter(letter=letter))

    def after():
        for consultation, before, verdict_before in answered:
            _record_change(
                Consultation.objects.select_related("council").get(pk=consultation.pk),
                before=before,
                verdict_before=verdict_before,
                user=sent_by,
                via=audit.VIA_LETTER,
                source=letter.reference or letter.title,
                save=False,
            )

    return after
