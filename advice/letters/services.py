"""Writes of a letter's lifecycle: create, adopt, send, publish, correct.

Each is keyword-only and atomic. The lifecycle rules themselves are the pure
functions in ``advice.letters.rules``; these functions gather the facts,
apply the verdict and record what happened. State transitions of one
council's letters are serialised on the council row (reference numbers,
version numbers).

Sending a letter also changes the consultations it answers (their advice
date comes from the letter). The consultation record sits above the letters
(``advice.consultations`` imports ``advice.letters``, never the reverse), so
it registers a *sending observer* here (``observe_sending``) that runs inside
the sending transaction.
"""

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from council.background import enqueue_on_commit
from council.dates import DatePrecision, truncate_to_precision
from council.models import Council
from council.public_site import public_site
from council.slugs import reserved_slugs

from ..text import fingerprint
from .built import BuiltRevisions
from .models import LetterPage
from .rules import LetterNotPublishable, LetterNotSendable, publication_verdict, send_refusal
from .tasks import freeze_version_pdf
from .versions import LetterAdoption, LetterVersion

_sending_observers = []


def observe_sending(observer):
    """Register ``observer(letter, sent_by) -> after``, called when a letter is being sent.

    It runs inside the sending transaction, before the sent version is
    recorded; the callable it returns runs once the version is recorded.
    """
    if observer not in _sending_observers:
        _sending_observers.append(observer)


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
    summary="",
    no_summary_reason="",
    user=None,
):
    """A new draft letter under the council's page, saved as its first revision.

    ``no_summary_reason`` ticks "geen samenvatting" with that reason.
    """
    parent = public_site().council_page(council)
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
        summary=summary.strip(),
        no_summary=bool(no_summary_reason.strip()) and not summary.strip(),
        no_summary_reason=no_summary_reason.strip() if not summary.strip() else "",
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
    *,
    letter,
    kind,
    revision,
    user,
    note="",
    sent_on=None,
    sent_to="",
    source_id="",
    summary_revision=None,
    built=None,
):
    """Freeze ``revision``'s text, and the summary of ``summary_revision`` (default: the same).

    ``built``: the revisions this write already built and rendered (``BuiltRevisions``).
    """
    built = built if built is not None else BuiltRevisions()
    text = built.text(revision)
    summary, no_summary_reason = built.summary_state(summary_revision or revision)
    number = (letter.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = LetterVersion(
        letter=letter,
        number=number,
        kind=kind,
        revision=revision,
        text=text,
        fingerprint=fingerprint(text),
        note=note.strip(),
        summary=summary,
        no_summary_reason=no_summary_reason,
        recorded_by=user,
        sent_on=sent_on,
        sent_to=sent_to,
        source_id=source_id,
    )
    version.save()
    # The PDF follows in a task once this transaction commits (advice/letters/tasks.py).
    enqueue_on_commit(freeze_version_pdf, version.pk)
    return version


def revision_to_publish_after_sending(letter, adopted_revision, *, built=None):
    """The revision whose summary is frozen at sending, and which the sending form publishes.

    A summary may be written after the adoption (a letter is adopted without
    one). When the latest revision has the adopted text, its summary is the
    one present at sending; otherwise (the text was changed since) the
    adopted revision's own.
    """
    latest = letter.get_latest_revision()
    if latest is None or latest.pk == adopted_revision.pk:
        return adopted_revision
    built = built if built is not None else BuiltRevisions()
    if built.text(latest) == built.text(adopted_revision):
        return latest
    return adopted_revision


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
    finish = [observer(letter, sent_by) for observer in _sending_observers]
    built = BuiltRevisions()
    version = _record_version(
        letter=letter,
        kind=LetterVersion.Kind.SENT,
        revision=adoption.revision,
        summary_revision=revision_to_publish_after_sending(letter, adoption.revision, built=built),
        built=built,
        user=sent_by,
        sent_on=sent_on,
        sent_to=sent_to.strip(),
        source_id=source_id,
    )
    for after in finish:
        after()
    return version


@transaction.atomic
def letter_publish(
    *,
    letter,
    revision=None,
    user=None,
    change_kind="",
    change_note="",
    source_id="",
    imported=False,
):
    """Publish ``revision`` (default: the latest) if the letter's lifecycle allows it.

    Before any version exists, only an adopted text of a kind that needs no
    sending goes live (and is frozen as the first publication). After that,
    a changed text needs a change note, a correction (public) or a minor
    edit, and a second person's approval in the correction review
    ("Correctie"); it is frozen as a new version before it goes live.
    ``imported=True`` records a change made and checked outside Kanttekening
    (``import_letters``): no review here. Returns the new version, or None
    when the text is unchanged. Raises LetterNotPublishable.

    The facts are gathered once, and each revision built and rendered once
    (``BuiltRevisions``): the page's publish guard judges these same facts.
    """
    _lock_council(letter.council_id)
    letter = LetterPage.objects.get(pk=letter.pk)
    revision = revision or letter.get_latest_revision()
    built = BuiltRevisions()
    facts = letter.publication_facts(
        revision, change_kind=change_kind, change_note=change_note, built=built
    )
    if imported:
        facts["reviewed"] = True
    verdict = publication_verdict(**facts)
    if verdict.refusal:
        raise LetterNotPublishable(verdict.refusal)
    version = None
    if not verdict.record:
        _freeze_first_summary(letter, built.summary_state(revision))
    if verdict.record:
        version = _record_version(
            letter=letter,
            kind=verdict.record,
            revision=revision,
            user=user,
            note=change_note if verdict.record != "published" else "",
            source_id=source_id,
            built=built,
        )
    letter.publish(revision, user=user, facts=facts, built=built)
    return version


def _freeze_first_summary(letter, summary_state):
    """A summary absent at sending is frozen with that version when it is first published.

    The version's text, fingerprint and PDF stay as they are: the summary is
    not part of them. Only empty summary fields are ever filled, once.
    """
    summary, reason = summary_state
    if summary or reason:
        LetterVersion.objects.filter(
            pk__in=letter.versions.order_by("-number").values("pk")[:1],
            summary="",
            no_summary_reason="",
        ).update(summary=summary, no_summary_reason=reason)


@transaction.atomic
def letter_publish_correction(
    *,
    letter,
    note,
    user=None,
    minor=False,
    title=None,
    salutation=None,
    summary=None,
    body=None,
    source_id="",
):
    """Record a change of a sent or published letter made outside the admin, with its note.

    For ``import_letters`` (historic corrections, published elsewhere and
    checked there): it is reached from no admin view, and skips the review by
    a second person that a change made in the admin needs.
    """
    draft = letter.get_latest_revision_as_object()
    if title is not None:
        draft.title = title
        draft.draft_title = title
    if salutation is not None:
        draft.salutation = salutation
    if summary is not None:
        draft.summary = summary
        draft.no_summary, draft.no_summary_reason = False, ""
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
        imported=True,
    )
    if version is None:
        raise LetterNotPublishable(
            _("Deze correctie verandert niets aan de tekst van de brief; er is niets gepubliceerd.")
        )
    return version
