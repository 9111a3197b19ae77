"""Which events happened: derived from the records by a scan, recorded once as :class:`Event`.

A scan, not signals: half of the events (a motion's term running out, a
consultation asked too late or answered too late) happen without any write,
only because a day passes, so something must look at the dates anyway; the
scan looks at everything the same way. It reads what the public feeds read
(public records only) over the last ``LOOKBACK`` days and records each event
under the key of its feed entry, once (the key is unique). Nothing is lost
while the worker or cron is down: the next scan within ``LOOKBACK`` finds the
event in the records. Every alert task scans first (``alerts.tasks``).
"""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from advice.consultations.events import derived_consultation_events
from advice.models import Consultation, ConsultationVerdictEvent, LetterPage, LetterVersion
from agenda.models import AgendaItem, Meeting
from council.public_site import public_site
from motions.models import Motion
from motions.rules import NO_FOLLOW_UP_VOTES

from .models import Event, EventKind

logger = logging.getLogger(__name__)

#: How far back a scan looks: a weekly digest, and a week of downtime, lose nothing.
LOOKBACK = datetime.timedelta(days=14)


def _moment(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def public_letters():
    """Live letters outside any view restriction, of a council with a live public page."""
    return LetterPage.objects.live().public().filter(public_site().public_q("council"))


def _letter_candidates(start):
    letters = (
        public_letters()
        .filter(first_published_at__gte=start)
        .select_related("council")
        .prefetch_related("tagged_items__tag")
    )
    for letter in letters:
        yield {
            "key": f"brief/{letter.pk}",
            "kind": EventKind.LETTER,
            "title": letter.title,
            "line": _("%(kind)s van %(council)s.")
            % {"kind": letter.get_kind_display().capitalize(), "council": letter.council.name},
            "happened_at": letter.first_published_at,
            "council": letter.council,
            "body_id": letter.addressee_id,
            "letter": letter,
            "topics": letter.topic_list,
        }
    corrections = (
        LetterVersion.objects.filter(
            kind=LetterVersion.Kind.CORRECTION,
            recorded_at__gte=start,
            letter__in=public_letters().values("pk"),
        )
        .select_related("letter__council")
        .prefetch_related("letter__tagged_items__tag")
    )
    for version in corrections:
        letter = version.letter
        yield {
            "key": f"brief/{letter.pk}/correctie/{version.number}",
            "kind": EventKind.CORRECTION,
            "title": _("Gecorrigeerd: %(title)s") % {"title": letter.title},
            "line": version.note,
            "happened_at": version.recorded_at,
            "council": letter.council,
            "body_id": letter.addressee_id,
            "letter": letter,
            "topics": letter.topic_list,
        }


def _verdict(consultation, event, key, happened_at):
    return {
        "key": key,
        "kind": EventKind.VERDICT,
        "title": _("%(verdict)s: %(subject)s")
        % {
            "verdict": event.get_verdict_display().capitalize(),
            "subject": consultation.subject,
        },
        "line": _("Raadpleging van %(council)s.") % {"council": consultation.council.name},
        "happened_at": happened_at,
        "council": consultation.council,
        "consultation": consultation,
    }


def _consultation_candidates(start, today):
    recorded = (
        ConsultationVerdictEvent.objects.public()
        .filter(recorded_at__gte=start)
        .select_related("consultation__council")
    )
    for event in recorded:
        consultation = event.consultation
        key = f"raadpleging/{consultation.pk}/oordeel/{event.pk}"
        yield _verdict(consultation, event, key, event.recorded_at)
    # The derived verdicts (late, response overdue): only consultations whose dates can
    # still give one in the window are judged.
    since = start.date() - datetime.timedelta(days=1)
    judged = (
        Consultation.objects.public()
        .filter(
            Q(decided_on__gte=since)
            | Q(
                Q(advice_sent_on__isnull=False) | Q(letter__isnull=False),
                Q(response_received_on__isnull=True) | Q(response_received_on__gte=since),
            )
        )
        .for_listing()
    )
    for event in derived_consultation_events(judged, today):
        if event.recorded_at >= start:
            yield _verdict(event.consultation, event, event.key, event.recorded_at)


def _motion_line(motion):
    values = {
        "kind": motion.get_kind_display().capitalize(),
        "identifier": motion.identifier,
        "council": motion.council.name,
    }
    if motion.identifier:
        return _("%(identifier)s, gevolgd door %(council)s.") % values
    return _("%(kind)s gevolgd door %(council)s.") % values


def _motion_candidates(start, today):
    motions = (
        Motion.objects.filter(public_site().public_q("council"))
        .select_related("council")
        .prefetch_related("tagged_items__tag")
    )
    first = start.date()
    disposed = motions.filter(disposed_on__gte=first, disposed_on__lte=today)
    overdue = (
        motions.exclude(vote__in=[vote.value for vote in NO_FOLLOW_UP_VOTES])
        .filter(deadline__gte=first - datetime.timedelta(days=1), deadline__lt=today)
        .filter(Q(disposed_on__isnull=True) | Q(disposed_on__gt=F("deadline")))
    )
    for motion in disposed:
        yield {
            "key": f"motie/{motion.pk}/afgedaan",
            "kind": EventKind.MOTION_DISPOSED,
            "title": _("Afgedaan: %(title)s") % {"title": motion.title},
            "line": _motion_line(motion)
            + " "
            + _("Afgedaan op %(on)s.") % {"on": motion.disposed_on_display()},
            "happened_at": _moment(motion.disposed_on),
            "council": motion.council,
            "motion": motion,
            "topics": motion.topic_list,
        }
    for motion in overdue:
        yield {
            "key": f"motie/{motion.pk}/termijn-verlopen",
            "kind": EventKind.MOTION_OVERDUE,
            "title": _("Termijn verlopen: %(title)s") % {"title": motion.title},
            "line": _motion_line(motion)
            + " "
            + _("De termijn verliep op %(on)s.") % {"on": date_format(motion.deadline, "j F Y")},
            "happened_at": _moment(motion.deadline + datetime.timedelta(days=1)),
            "council": motion.council,
            "motion": motion,
            "topics": motion.topic_list,
        }


def _meeting_candidates(start, now, today):
    """Upcoming meetings: scheduled, and (once it has items) their agenda published.

    The time is the meeting's latest revision, as in its feed; a meeting
    saved without a revision (an import) happened when the scan first saw it.
    """
    meetings = (
        Meeting.objects.filter(public_site().public_q("council"))
        .filter(date__gte=today)
        .select_related("council", "body", "latest_revision")
        .prefetch_related(
            Prefetch("items", queryset=AgendaItem.objects.prefetch_related("tagged_items__tag"))
        )
    )
    for meeting in meetings:
        revision = meeting.latest_revision
        happened_at = revision.created_at if revision is not None else now
        if happened_at < start:
            happened_at = now  # changed long ago: seen now (its key may be recorded already)
        on = date_format(meeting.date, "j F Y")
        common = {
            "line": _("%(title)s van %(body)s op %(on)s.")
            % {"title": meeting.title, "body": meeting.body.name, "on": on},
            "happened_at": happened_at,
            "council": meeting.council,
            "meeting": meeting,
        }
        yield {
            **common,
            "key": f"vergadering/{meeting.pk}/gepland",
            "kind": EventKind.MEETING,
            "title": _("Vergadering gepland: %(title)s (%(on)s)")
            % {"title": meeting.title, "on": on},
        }
        items = list(meeting.items.all())
        if items:
            topics = {topic.pk: topic for item in items for topic in item.topic_list}
            yield {
                **common,
                "key": f"vergadering/{meeting.pk}/agenda",
                "kind": EventKind.AGENDA,
                "title": _("Agenda gepubliceerd: %(title)s (%(on)s)")
                % {"title": meeting.title, "on": on},
                "topics": list(topics.values()),
            }


def candidates(*, now=None):
    """Every event the public records show for the last ``LOOKBACK`` (dicts, not saved)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    start = now - LOOKBACK
    yield from _letter_candidates(start)
    yield from _consultation_candidates(start, today)
    yield from _motion_candidates(start, today)
    yield from _meeting_candidates(start, now, today)


def collect(*, now=None):
    """Record the events not recorded yet; returns the new :class:`Event` rows."""
    now = now or timezone.now()
    found = {}
    for candidate in candidates(now=now):
        if candidate["happened_at"] <= now:
            found.setdefault(candidate["key"], candidate)
    known = set(Event.objects.filter(key__in=list(found)).values_list("key", flat=True))
    created = []
    for key, fields in found.items():
        if key in known:
            continue
        fields = dict(fields)
        topics = fields.pop("topics", [])
        fields["title"] = fields["title"][:500]
        try:
            with transaction.atomic():
                event = Event.objects.create(**fields)
                if topics:
                    event.topics.set(topics)
        except IntegrityError:  # another scan recorded it at the same moment
            continue
        created.append(event)
    if created:
        logger.info("Meldingen: %d nieuwe gebeurtenis(sen) vastgelegd", len(created))
    return created
