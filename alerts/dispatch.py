"""From recorded events to e-mails: who follows what happened, once per address.

- **Who.** :func:`followers` finds, in one query, the confirmed subscriptions
  of one frequency whose target is an event's council, topic, addressed
  body, consultation or motion (or, for a letter, a followed search that
  finds it, asked of ``alerts.matching``). An event that happened before a
  subscription was confirmed is not sent for it.
- **Once.** An address gets each event at most once, whatever it follows:
  the pairs already in :class:`Delivery` are left out, each event is kept
  once per address with its most specific subscription as the reason, and
  the delivery rows are written in the transaction that queues the mail (a
  unique constraint stops a second run at the same moment).
- **Still public.** :func:`public_links` asks, when the mail is made, whether
  each event's item is public *now* and builds its absolute link; an event
  whose item was unpublished since is not sent (and stays unsent: it is
  asked again at the next run, within ``events.LOOKBACK``).

Every mail is plain Dutch text, says why it came ("U krijgt dit bericht omdat
u het onderwerp re-integratie volgt sinds 3 maart 2027") and carries the
one-click unsubscribe URL in its text and in ``List-Unsubscribe`` with
``List-Unsubscribe-Post`` (RFC 8058), and the signed manage link. It goes
through ``EMAIL_BACKEND`` (``council.mail.QueuedEmailBackend``: stored, then
delivered by a task).
"""

import dataclasses
import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from advice.models import Consultation
from agenda.models import Meeting
from agenda.routes import MeetingRoutes
from council.public_site import public_site
from motions.models import Motion

from .events import LOOKBACK, collect, public_letters
from .matching import letters_found
from .models import TARGET_FIELDS, Delivery, Event, EventKind, Frequency, Kind, Subscription
from .tokens import digest_token, manage_token, unsubscribe_headers, unsubscribe_token

logger = logging.getLogger(__name__)

#: The reason named when several subscriptions of one address follow an event: the item
#: itself first, the council last.
SPECIFICITY = {
    Kind.MOTION: 0,
    Kind.CONSULTATION: 0,
    Kind.TOPIC: 1,
    Kind.BODY: 2,
    Kind.SEARCH: 3,
    Kind.COUNCIL: 4,
}
#: Subscribers per transaction of a digest run.
CHUNK = 500


def base_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def _absolute(url):
    if not url:
        return ""
    return url if url.startswith(("http://", "https://")) else base_url() + url


def public_links(events):
    """``{event id: absolute URL}`` of the events whose item is public now (four queries at most)."""
    by_field = defaultdict(set)
    for event in events:
        for field in ("letter_id", "consultation_id", "motion_id", "meeting_id"):
            if getattr(event, field):
                by_field[field].add(getattr(event, field))
                break
    urls = {}
    path = public_site().council_page_path("council")
    if by_field["letter_id"]:
        for letter in public_letters().filter(pk__in=by_field["letter_id"]):
            urls[("letter_id", letter.pk)] = _absolute(letter.get_url())
    if by_field["consultation_id"]:
        consultations = Consultation.objects.public().filter(pk__in=by_field["consultation_id"])
        for consultation in consultations.select_related(path):
            urls[("consultation_id", consultation.pk)] = _absolute(consultation.get_absolute_url())
    if by_field["motion_id"]:
        motions = Motion.objects.filter(public_site().public_q("council"))
        for motion in motions.filter(pk__in=by_field["motion_id"]).select_related(path):
            urls[("motion_id", motion.pk)] = _absolute(motion.get_absolute_url())
    if by_field["meeting_id"]:
        meetings = Meeting.objects.filter(public_site().public_q("council"))
        for meeting in meetings.filter(pk__in=by_field["meeting_id"]).select_related(path):
            routes = MeetingRoutes.of_live_council(meeting.council)
            urls[("meeting_id", meeting.pk)] = _absolute(
                routes.meeting(meeting.pk) if routes else ""
            )
    links = {}
    for event in events:
        for field in ("letter_id", "consultation_id", "motion_id", "meeting_id"):
            value = getattr(event, field)
            if value:
                if urls.get((field, value)):
                    links[event.pk] = urls[(field, value)]
                break
    return links


def _targets(subscription, index, search_hits):
    kind = subscription.kind
    if kind == Kind.SEARCH:
        return search_hits.get(subscription.search, ())
    return index[kind].get(getattr(subscription, f"{TARGET_FIELDS[kind]}_id"), ())


def followers(events, frequency):
    """``{subscriber: [(event, subscription), ...]}``: what to send, each event once per address.

    ``events`` come with their topics prefetched. One query for the
    subscriptions (with their subscribers and targets), one for what was
    delivered before, and for followed searches what ``alerts.matching`` asks.
    """
    index = {kind: defaultdict(list) for kind in Kind}
    for event in events:
        index[Kind.COUNCIL][event.council_id].append(event)
        if event.body_id:
            index[Kind.BODY][event.body_id].append(event)
        if event.consultation_id:
            index[Kind.CONSULTATION][event.consultation_id].append(event)
        if event.motion_id:
            index[Kind.MOTION][event.motion_id].append(event)
        for topic in event.topics.all():
            index[Kind.TOPIC][topic.pk].append(event)
    letter_events = [event for event in events if event.letter_id]
    wanted = Q(pk__in=[])
    for kind, field in (
        (Kind.COUNCIL, "council_id"),
        (Kind.TOPIC, "topic_id"),
        (Kind.BODY, "body_id"),
        (Kind.CONSULTATION, "consultation_id"),
        (Kind.MOTION, "motion_id"),
    ):
        if index[kind]:
            wanted |= Q(kind=kind, **{f"{field}__in": list(index[kind])})
    if letter_events:
        wanted |= Q(kind=Kind.SEARCH)
    subscriptions = list(
        Subscription.objects.filter(confirmed_at__isnull=False, frequency=frequency)
        .filter(wanted)
        .select_related("subscriber", "council", "topic", "body", "consultation", "motion")
        .order_by("confirmed_at", "pk")
    )
    search_hits = {}
    searches = {s.search for s in subscriptions if s.kind == Kind.SEARCH}
    for search in searches:
        found = letters_found(search, {event.letter_id for event in letter_events})
        search_hits[search] = [event for event in letter_events if event.letter_id in found]
    delivered = set(
        Delivery.objects.filter(event__in=[event.pk for event in events]).values_list(
            "subscriber_id", "event_id"
        )
    )
    chosen = {}
    for subscription in subscriptions:
        for event in _targets(subscription, index, search_hits):
            pair = (subscription.subscriber_id, event.pk)
            if pair in delivered or event.happened_at < subscription.confirmed_at:
                continue
            current = chosen.get(pair)
            if current is None or SPECIFICITY[subscription.kind] < SPECIFICITY[current[1].kind]:
                chosen[pair] = (event, subscription)
    grouped = defaultdict(list)
    for event, subscription in chosen.values():
        grouped[subscription.subscriber].append((event, subscription))
    for pairs in grouped.values():
        pairs.sort(key=lambda pair: (pair[0].happened_at, pair[0].pk))
    return grouped


def window_events(now):
    """The recorded events of the last ``LOOKBACK``, oldest first, with their topics."""
    return list(
        Event.objects.filter(happened_at__gte=now - LOOKBACK, happened_at__lte=now)
        .select_related("council")
        .prefetch_related("topics")
        .order_by("happened_at", "pk")
    )


# --- The mails ---------------------------------------------------------------------------------


def _day(moment):
    return date_format(timezone.localtime(moment).date(), "j F Y")


@dataclasses.dataclass
class Reason:
    """Why a mail came: a subscription, in words, with its own unsubscribe link."""

    subscription: object
    description: str
    since: str
    unsubscribe_url: str
    items: list = dataclasses.field(default_factory=list)


def _reason(subscription):
    return Reason(
        subscription=subscription,
        description=subscription.describe(),
        since=_day(subscription.confirmed_at),
        unsubscribe_url=base_url()
        + reverse("alerts_unsubscribe", args=[unsubscribe_token(subscription)]),
    )


def _item(event, link):
    return {
        "kind": event.get_kind_display(),
        "title": event.title,
        "line": event.line,
        "day": _day(event.happened_at),
        "link": link,
    }


def _manage_url(subscriber):
    return base_url() + reverse("alerts_manage", args=[manage_token(subscriber)])


def alert_message(subscriber, event, subscription, link):
    """One event, for a ``direct`` subscription."""
    reason = _reason(subscription)
    body = render_to_string(
        "alerts/email/alert.txt",
        {"item": _item(event, link), "reason": reason, "manage_url": _manage_url(subscriber)},
    )
    subject = _("Kanttekening: %(title)s") % {"title": event.title}
    return EmailMessage(
        subject[:250],
        body,
        None,
        [subscriber.email],
        headers=unsubscribe_headers(subscription, base_url=base_url()),
    )


def digest_message(subscriber, pairs, items, frequency, today):
    """The period's events for one address, grouped by why they came, each once.

    ``items``: ``{event id: _item(event, link)}``, made once for all addresses.
    """
    reasons = {}
    for event, subscription in pairs:
        if subscription.pk not in reasons:
            reasons[subscription.pk] = _reason(subscription)
        reasons[subscription.pk].items.append(items[event.pk])
    leave_path = reverse("alerts_leave_digest", args=[digest_token(subscriber, frequency)])
    body = render_to_string(
        "alerts/email/digest.txt",
        {
            "reasons": list(reasons.values()),
            "count": len(pairs),
            "daily": frequency == Frequency.DAILY,
            "manage_url": _manage_url(subscriber),
            "leave_url": base_url() + leave_path,
            "today": date_format(today, "j F Y"),
        },
    )
    count = len(pairs)
    if frequency == Frequency.DAILY:
        subject = ngettext(
            "Kanttekening: uw dagelijkse overzicht van %(day)s (%(count)d bericht)",
            "Kanttekening: uw dagelijkse overzicht van %(day)s (%(count)d berichten)",
            count,
        )
    else:
        subject = ngettext(
            "Kanttekening: uw wekelijkse overzicht tot %(day)s (%(count)d bericht)",
            "Kanttekening: uw wekelijkse overzicht tot %(day)s (%(count)d berichten)",
            count,
        )
    subject %= {"day": date_format(today, "j F Y"), "count": count}
    first_subscription = pairs[0][1]
    return EmailMessage(
        subject,
        body,
        None,
        [subscriber.email],
        headers=unsubscribe_headers(first_subscription, base_url=base_url(), path=leave_path),
    )


def _queue(subscriber, pairs, message, connection):
    """Record the deliveries and queue the mail, together; False if another run was first."""
    try:
        with transaction.atomic():
            Delivery.objects.bulk_create(
                [Delivery(subscriber=subscriber, event=event) for event, _sub in pairs]
            )
            connection.send_messages([message])
    except IntegrityError:
        return False
    return True


def _queue_chunk(chunk, connection):
    """``_queue`` for many digests: one insert of all their deliveries, then the mails.

    Should another run have delivered one of them meanwhile (the unique
    constraint), the chunk is rolled back and queued one address at a time.
    """
    try:
        with transaction.atomic():
            Delivery.objects.bulk_create(
                [
                    Delivery(subscriber=subscriber, event=event)
                    for subscriber, pairs, _message in chunk
                    for event, _sub in pairs
                ],
                batch_size=2000,
            )
            connection.send_messages([message for _s, _p, message in chunk])
    except IntegrityError:
        return sum(
            _queue(subscriber, pairs, message, connection) for subscriber, pairs, message in chunk
        )
    return len(chunk)


# --- The runs ----------------------------------------------------------------------------------


def send_direct(*, now=None):
    """Record new events and send each ``direct`` follower one mail per event; returns the count."""
    now = now or timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        collect(now=now)
        events = window_events(now)
        if not events:
            return 0
        links = public_links(events)
        connection = get_connection()
        sent = 0
        for subscriber, pairs in followers(events, Frequency.DIRECT).items():
            for event, subscription in pairs:
                if event.pk not in links:
                    continue  # not public (any more): not now, perhaps at a later run
                message = alert_message(subscriber, event, subscription, links[event.pk])
                sent += _queue(subscriber, [(event, subscription)], message, connection)
        return sent


def send_digests(frequency, *, now=None):
    """Record new events and send each follower of ``frequency`` one digest; returns the count."""
    if frequency not in (Frequency.DAILY, Frequency.WEEKLY):
        raise ValueError(f"Geen overzicht voor frequentie {frequency!r}")
    now = now or timezone.now()
    today = timezone.localdate(now)
    with translation.override(settings.LANGUAGE_CODE):
        collect(now=now)
        events = window_events(now)
        if not events:
            return 0
        links = public_links(events)
        items = {event.pk: _item(event, links[event.pk]) for event in events if event.pk in links}
        connection = get_connection()
        sent = 0
        todo = [
            (subscriber, [pair for pair in pairs if pair[0].pk in links])
            for subscriber, pairs in followers(events, frequency).items()
        ]
        todo = [(subscriber, pairs) for subscriber, pairs in todo if pairs]
        for start in range(0, len(todo), CHUNK):
            chunk = [
                (subscriber, pairs, digest_message(subscriber, pairs, items, frequency, today))
                for subscriber, pairs in todo[start : start + CHUNK]
            ]
            sent += _queue_chunk(chunk, connection)
        return sent


#: Deliveries and events are kept this long after they happened, then forgotten.
RETENTION = LOOKBACK + datetime.timedelta(days=7)


def purge(*, now=None):
    """Forget unconfirmed requests after 48 h, empty addresses, and events past ``RETENTION``.

    An event of a meeting still to come is kept: the scan would find it again
    (``events._meeting_candidates``), and its deliveries keep it from going
    out twice.
    """
    from .services import purge_unconfirmed

    now = now or timezone.now()
    purge_unconfirmed(now=now)
    upcoming = Q(
        kind__in=[EventKind.MEETING, EventKind.AGENDA],
        meeting__date__gte=timezone.localdate(now),
    )
    old, _counts = Event.objects.filter(happened_at__lt=now - RETENTION).exclude(upcoming).delete()
    return old
