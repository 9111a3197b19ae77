"""Writes of the advice layer: letters (create, adopt, send, publish, correct) and consultations.

Each is keyword-only and atomic. The lifecycle rules themselves are the pure
functions in ``advice.rules`` and ``advice.verdicts``; these functions gather
the facts, apply the verdict and record what happened. State transitions of
one council's letters are serialised on the council row (reference numbers,
version numbers).

Consultations are written only here (the admin's create, edit, revert and
delete views, the CSV import, the demo loader and the sending of a linked
letter all come through ``consultation_save`` / ``consultation_delete``), so
that each change leaves the same trace: a revision, a log entry with every
changed field's old and new value (``advice.audit``), a
``ConsultationVerdictEvent`` when the change gives a new "not consulted" or
"decided before the advice" verdict, and, once committed,
``signals.consultation_changed``.
"""

import dataclasses
import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from council.dates import DatePrecision, truncate_to_precision
from council.models import Council
from council.slugs import reserved_slugs

from . import audit, consultation_csv
from .models import (
    Consultation,
    ConsultationReminder,
    ConsultationVerdictEvent,
    LetterAdoption,
    LetterPage,
    LetterVersion,
)
from .reminders import advice_due_soon, responses_overdue, secretary_addresses
from .rendering import letter_text, render_letter_pdf
from .rules import LetterNotPublishable, LetterNotSendable, publication_verdict, send_refusal
from .signals import consultation_changed
from .text import fingerprint
from .verdicts import BYPASSED


def _lock_council(council_id):
    return Council.objects.select_for_update().get(pk=council_id)


def _free_slug(parent, title):
    base = (slugify(title) or "brief")[:70].strip("-") or "brief"
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    taken |= reserved_slugs(parent)  # a letter titled "Moties" must not hide the motion list
    slug, counter = base, 2
    while slug in taken:
        slug = f"{base}-{counter}"
        counter += 1
    return slug


@transaction.atomic
def letter_create(
    *,
    council,
    title,
    kind,
    body,
    addressee=None,
    salutation="",
    date=None,
    date_precision=DatePrecision.DAY,
    topics=(),
    agenda_items=(),
    motions=(),
    source_id="",
    user=None,
):
    """A new draft letter under the council's page, saved as its first revision."""
    parent = council.page
    letter = LetterPage(
        title=title,
        slug=_free_slug(parent, title),
        council=council,
        kind=kind,
        addressee=addressee,
        salutation=salutation,
        date=truncate_to_precision(date, date_precision),
        date_precision=date_precision,
        body=body,
        source_id=source_id,
        owner=user,
        live=False,
    )
    letter.topics.set(list(topics))
    letter.agenda_items.set(list(agenda_items))
    letter.motions.set(list(motions))
    parent.add_child(instance=letter)
    letter.save_revision(user=user, log_action=True)
    return letter


@transaction.atomic
def letter_adopt(*, letter, reference_year, adopted_by=None, revision=None):
    """Record that the chair adopted ``revision`` (default: the latest).

    The first adoption gives the letter its reference, ``CR-<year>-<nnn>``,
    the next free number of its council in ``reference_year``; a later
    adoption keeps it. ``reference_year=None`` (an imported letter whose
    date is unknown) gives no reference rather than a made-up year.
    """
    _lock_council(letter.council_id)
    letter = LetterPage.objects.get(pk=letter.pk)
    revision = revision or letter.get_latest_revision()
    if letter.reference_number is None and reference_year is not None:
        last = LetterPage.objects.filter(
            council_id=letter.council_id, reference_year=reference_year
        ).aggregate(last=Max("reference_number"))["last"]
        LetterPage.objects.filter(pk=letter.pk).update(
            reference_year=reference_year, reference_number=(last or 0) + 1
        )
    return LetterAdoption.objects.create(letter=letter, revision=revision, adopted_by=adopted_by)


def _record_version(
    *, letter, kind, revision, user, note="", sent_on=None, sent_to="", source_id=""
):
    shown = revision.as_object()
    text = letter_text(shown)
    number = (letter.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = LetterVersion(
        letter=letter,
        number=number,
        kind=kind,
        revision=revision,
        text=text,
        fingerprint=fingerprint(text),
        note=note.strip(),
        recorded_by=user,
        sent_on=sent_on,
        sent_to=sent_to,
        source_id=source_id,
    )
    version.pdf.save(f"versie-{number}.pdf", ContentFile(render_letter_pdf(shown)), save=False)
    version.save()
    return version


@transaction.atomic
def letter_send(*, letter, sent_on, sent_to, sent_by=None, source_id=""):
    """Record that the adopted letter was sent: its text is frozen as the sent version.

    The adopted revision becomes version 1, "verzonden versie", with the
    SHA-256 of its rendered text and its PDF, stored once. ``sent_on=None``
    records an unknown date (historic letters), never a guessed one.
    """
    _lock_council(letter.council_id)
    letter = LetterPage.objects.get(pk=letter.pk)
    adoption = letter.adoptions.select_related("revision").first()
    refusal = send_refusal(adopted=adoption is not None, has_versions=letter.versions.exists())
    if refusal:
        raise LetterNotSendable(refusal)
    answered = _states_before(Consultation.objects.filter(letter=letter))
    version = _record_version(
        letter=letter,
        kind=LetterVersion.Kind.SENT,
        revision=adoption.revision,
        user=sent_by,
        sent_on=sent_on,
        sent_to=sent_to.strip(),
        source_id=source_id,
    )
    # The consultations this letter answers now take their advice date from it.
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
    return version


@transaction.atomic
def letter_publish(
    *, letter, revision=None, user=None, change_kind="", change_note="", source_id=""
):
    """Publish ``revision`` (default: the latest) if the letter's lifecycle allows it.

    Before any version exists, only an adopted text of a kind that needs no
    sending goes live (and is frozen as the first publication). After that,
    a changed text needs a change note: a correction (public) or a minor
    edit; it is frozen as a new version before it goes live. Returns the new
    version, or None when the text is unchanged. Raises LetterNotPublishable.
    """
    _lock_council(letter.council_id)
    letter = LetterPage.objects.get(pk=letter.pk)
    revision = revision or letter.get_latest_revision()
    verdict = publication_verdict(
        **letter.publication_facts(revision, change_kind=change_kind, change_note=change_note)
    )
    if verdict.refusal:
        raise LetterNotPublishable(verdict.refusal)
    version = None
    if verdict.record:
        version = _record_version(
            letter=letter,
            kind=verdict.record,
            revision=revision,
            user=user,
            note=change_note if verdict.record != "published" else "",
            source_id=source_id,
        )
    revision.publish(user=user)
    return version


@transaction.atomic
def letter_publish_correction(
    *, letter, note, user=None, minor=False, title=None, salutation=None, body=None, source_id=""
):
    """Change a sent or published letter and publish the change with its note."""
    draft = letter.get_latest_revision_as_object()
    if title is not None:
        draft.title = title
        draft.draft_title = title
    if salutation is not None:
        draft.salutation = salutation
    if body is not None:
        draft.body = body
    revision = draft.save_revision(user=user, log_action=True)
    version = letter_publish(
        letter=draft,
        revision=revision,
        user=user,
        change_kind="minor" if minor else "correction",
        change_note=note,
        source_id=source_id,
    )
    if version is None:
        raise LetterNotPublishable(
            _("Deze correctie verandert niets aan de tekst van de brief; er is niets gepubliceerd.")
        )
    return version


# --- Consultations ---------------------------------------------------------------------


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
    verdict_after = _verdict(consultation, today)
    after = audit.snapshot(consultation, verdict=verdict_after)
    changes = audit.changes_between(before, after)
    if not changes:
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
        data={"via": via, "source": source, "changes": changes},
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
        consultation.save()
        consultation.__dict__.pop("_letter_sent", None)
        verdict = _verdict(consultation, today)
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
                "values": audit.filled_values(audit.snapshot(consultation, verdict=verdict)),
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
        data={"via": via, "source": "", "values": audit.filled_values(before)},
    )
    council = stored.council
    stored.delete()
    stored.pk = consultation.pk
    _notify(stored, council=council, verdict_changed=True)


def consultation_import(
    *,
    data,
    filename="",
    user=None,
    via=audit.VIA_COMMAND_LINE_IMPORT,
    council=None,
    apply=False,
    only_new=False,
):
    """Read a CSV file of consultations; with ``apply=True`` write it, all or nothing.

    Always returns the ``ImportReport`` of ``consultation_csv.read``: per row
    what is (or would be) created or changed and every error by line and
    column. Nothing is written unless every row is correct; the rows are then
    saved one by one through ``consultation_save`` (so each keeps its audit
    trail, naming the file and line) inside one transaction, which a late
    refusal rolls back whole.
    """
    try:
        with transaction.atomic():
            report = consultation_csv.read(
                data, filename=filename, council=council, only_new=only_new
            )
            if not apply or not report.ok:
                return report
            for row in report.to_write:
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
            report.applied = True
    except IntegrityError:
        # Someone saved the same kenmerk between the check and the write.
        report.applied = False
        report.file_errors.append(
            _(
                "Iemand anders legde tegelijk raadplegingen met dezelfde kenmerken vast; er is "
                "niets ingelezen. Probeer het opnieuw."
            )
        )
    return report


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
