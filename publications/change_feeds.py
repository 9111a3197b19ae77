"""Feed entries for what changes besides letters: motions, meetings, consultations.

Each entry is an event, with a tag URI that never changes:

- a motion that became overdue (the day after its deadline, while it was not
  disposed of by then) or that was disposed of (its disposal date); derived
  from the recorded dates by the follow-up rule, so these feeds are daily;
- a meeting scheduled, and its agenda published (once it has items); their
  time is the meeting's latest revision;
- a consultation's recorded verdict events (``ConsultationVerdictEvent``:
  not consulted, decided before the advice) and the ones derived from its
  dates (consulted late, response overdue; daily too).

Every name and note is plain text: escaped once in the HTML content (and by
``render_feed`` in the RSS description).
"""

import dataclasses
import datetime

from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext as _

from advice.consultations.verdicts import ConsultationVerdict
from council.public_site import public_site
from motions.rules import NO_FOLLOW_UP_VOTES, FollowUpStatus

from .feeds import (
    FEED_SIZE,
    FeedEntry,
    document_lines,
    document_links,
    public_documents_by,
    sanitise,
    tag_authority,
    tag_uri,
)


def _moment(day):
    """A date as the start of that day, local time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _entry(request, authority, *, key, when, title, link, lines, author, category, documents=()):
    content = "".join(f"<p>{escape(line)}</p>" for line in lines if line)
    content += "".join(document_lines(documents))
    return FeedEntry(
        id=tag_uri(authority, timezone.localtime(when).date(), key),
        title=title,
        link=request.build_absolute_uri(link),
        content=sanitise(content, base_url=request.build_absolute_uri("/")),
        published=when,
        updated=when,
        summary=" ".join(line for line in lines if line),
        author=author,
        categories=(category,),
        related=document_links(request, documents),
    )


def _newest(events):
    events.sort(key=lambda event: (event[0], event[1]), reverse=True)
    return events[:FEED_SIZE]


# --- Motions -------------------------------------------------------------------------------


def _followed_up(motions):
    return motions.exclude(vote__in=[vote.value for vote in NO_FOLLOW_UP_VOTES])


def motion_events(motions, today):
    """``(when, key, motion, status)`` of the newest events of ``motions``: two queries."""
    motions = motions.select_related("council")
    disposed = motions.filter(disposed_on__isnull=False).order_by("-disposed_on", "-pk")
    overdue = (
        _followed_up(motions)
        .filter(deadline__lt=today)
        .filter(Q(disposed_on__isnull=True) | Q(disposed_on__gt=F("deadline")))
        .order_by("-deadline", "-pk")
    )
    events = [
        (_moment(m.disposed_on), f"motie/{m.pk}/afgedaan", m, FollowUpStatus.DISPOSED)
        for m in disposed[:FEED_SIZE]
    ] + [
        (
            _moment(m.deadline + datetime.timedelta(days=1)),
            f"motie/{m.pk}/termijn-verlopen",
            m,
            FollowUpStatus.OVERDUE,
        )
        for m in overdue[:FEED_SIZE]
    ]
    return _newest(events)


def motion_entries(request, motions, *, motion_url, today=None):
    today = today or timezone.localdate()
    authority = tag_authority(request)
    entries = []
    for when, key, motion, status in motion_events(motions, today):
        label = motion.get_kind_display().capitalize()
        if status == FollowUpStatus.DISPOSED:
            title = _("Afgedaan: %(title)s") % {"title": motion.title}
            happened = _("%(kind)s afgedaan op %(on)s.") % {
                "kind": label,
                "on": motion.disposed_on_display(),
            }
        else:
            title = _("Termijn verlopen: %(title)s") % {"title": motion.title}
            happened = _("De termijn van deze %(kind)s verliep op %(on)s.") % {
                "kind": motion.get_kind_display(),
                "on": date_format(motion.deadline, "j F Y"),
            }
        entries.append(
            _entry(
                request,
                authority,
                key=key,
                when=when,
                title=title,
                link=motion_url(motion),
                lines=[
                    happened,
                    motion.identifier,
                    motion.follow_up(today).sentence,
                    motion.operative_text,
                ],
                author=motion.council.name,
                category=(status.value, str(status.label)),
            )
        )
    return entries


# --- Meetings ------------------------------------------------------------------------------


def meeting_entries(request, meetings, *, meeting_url):
    """Scheduled and agenda published, for the newest changed ``meetings``: three queries.

    The agenda entry lists and links the items' public documents.
    """
    authority = tag_authority(request)
    meetings = (
        meetings.select_related("body", "council", "latest_revision")
        .prefetch_related("items")
        .order_by(F("latest_revision__created_at").desc(nulls_last=True), "-pk")
    )
    events = []
    meetings = list(meetings[:FEED_SIZE])
    # The items' public documents, with one query for all meetings.
    documents = public_documents_by(
        "agenda_item", (item.pk for meeting in meetings for item in meeting.items.all())
    )
    for meeting in meetings:
        revision = meeting.latest_revision
        when = revision.created_at if revision else _moment(meeting.date)
        on = date_format(meeting.date, "j F Y")
        facts = _("%(title)s van %(body)s op %(on)s.") % {
            "title": meeting.title,
            "body": meeting.body.name,
            "on": on,
        }
        lines = [facts, meeting.location]
        ordered = meeting.items_in_order()
        items = [str(item) for item in ordered]
        agenda_documents = [doc for item in ordered for doc in documents.get(item.pk, ())]
        base = {"link": meeting_url(meeting), "author": meeting.council.name}
        events.append(
            (
                when,
                f"vergadering/{meeting.pk}/gepland",
                dict(
                    base,
                    key=f"vergadering/{meeting.pk}/gepland",
                    when=when,
                    title=_("Vergadering gepland: %(title)s (%(on)s)")
                    % {"title": meeting.title, "on": on},
                    lines=lines,
                    category=("gepland", _("vergadering gepland")),
                ),
            )
        )
        if items:
            events.append(
                (
                    when,
                    f"vergadering/{meeting.pk}/agenda",
                    dict(
                        base,
                        key=f"vergadering/{meeting.pk}/agenda",
                        when=when,
                        title=_("Agenda gepubliceerd: %(title)s (%(on)s)")
                        % {"title": meeting.title, "on": on},
                        lines=[*lines, *items],
                        category=("agenda", _("agenda gepubliceerd")),
                        documents=agenda_documents,
                    ),
                )
            )
    return [_entry(request, authority, **fields) for _when, _key, fields in _newest(events)]


# --- Consultations -------------------------------------------------------------------------


def consultation_events():
    """Every recorded verdict event of public consultations, newest first."""
    from advice.models import ConsultationVerdictEvent

    return ConsultationVerdictEvent.objects.for_feed(bypassed_only=False)


@dataclasses.dataclass(frozen=True)
class DerivedVerdictEvent:
    """A verdict that follows from the dates, not a recorded ``ConsultationVerdictEvent``.

    "Te laat gevraagd" (on the decision date) and "antwoord te laat" (the day
    after the response was due) depend on the council's rules and, for an
    unanswered advice, on today's date; the consultation service records
    neither, so the feeds derive them (see docs/public-site.md).
    """

    consultation: object
    verdict: str
    recorded_at: datetime.datetime
    key: str

    @property
    def consultation_id(self):
        return self.consultation.pk

    def get_verdict_display(self):
        return ConsultationVerdict(self.verdict).label


def judged_consultations(consultations):
    """Those of ``consultations`` that may have a derived event, with what their entries show."""
    return (
        consultations.filter(
            Q(asked_on__isnull=False, decided_on__isnull=False)
            | Q(advice_sent_on__isnull=False)
            | Q(letter__isnull=False)
        )
        .for_listing()
        .select_related(public_site().council_page_path("council"), "letter")
    )


def derived_consultation_events(consultations, today):
    """The late and response-overdue events of ``consultations`` (one query, judged in Python)."""
    events = []
    for consultation in consultations:
        judgement = consultation.judgement(today, explain=False)
        if judgement.notice is not None and judgement.notice < judgement.required_notice:
            events.append(
                DerivedVerdictEvent(
                    consultation,
                    ConsultationVerdict.CONSULTED_LATE,
                    _moment(consultation.decided_on),
                    f"raadpleging/{consultation.pk}/te-laat-gevraagd",
                )
            )
        due = judgement.response_due
        received = consultation.response_received_on
        if due is not None and (received > due if received else today > due):
            events.append(
                DerivedVerdictEvent(
                    consultation,
                    ConsultationVerdict.RESPONSE_OVERDUE,
                    _moment(due + datetime.timedelta(days=1)),
                    f"raadpleging/{consultation.pk}/antwoord-te-laat",
                )
            )
    return events


def all_consultation_events(recorded, consultations, today):
    """Recorded and derived events, newest first, at most ``FEED_SIZE``."""
    events = list(recorded[:FEED_SIZE]) + derived_consultation_events(consultations, today)
    events.sort(key=lambda event: (event.recorded_at, getattr(event, "key", "")), reverse=True)
    return events[:FEED_SIZE]
