"""Events become e-mails, through the queue (docs/alerts.md): once per address, public only."""

import datetime
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from advice.letters.services import letter_publish_correction
from advice.models import ConsultationVerdictEvent
from alerts import events as alert_events
from alerts.models import Delivery, Event, Kind, Subscriber, Subscription
from alerts.tokens import manage_token
from council.mail import OutgoingMail
from tests.factories.advice import ConsultationFactory, letter_page, published_letter
from tests.factories.council import MunicipalBodyFactory, TopicFactory
from tests.factories.motions import MotionFactory
from tests.factories.publications import council_page

pytestmark = pytest.mark.django_db

ADDRESS = "lezer@example.nl"


@pytest.fixture(autouse=True)
def _queued_mail(settings):
    """Mail goes through the queue (council.mail) and is delivered to locmem by the task."""
    settings.EMAIL_BACKEND = "council.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def council():
    return council_page().council


def subscribe(email=ADDRESS, *, frequency="direct", since=None, **target):
    """A confirmed subscription (confirmed a day ago unless ``since``)."""
    since = since or timezone.now() - datetime.timedelta(days=1)
    subscriber, _ = Subscriber.objects.get_or_create(email=email)
    Subscriber.objects.filter(pk=subscriber.pk).update(confirmed_at=since)
    ((field, value),) = target.items()
    kind = {v: k for k, v in {
        Kind.COUNCIL: "council", Kind.TOPIC: "topic", Kind.BODY: "body",
        Kind.CONSULTATION: "consultation", Kind.MOTION: "motion", Kind.SEARCH: "search",
    }.items()}[field]  # fmt: skip
    return Subscription.objects.create(
        subscriber=subscriber, kind=kind, frequency=frequency, confirmed_at=since, **target
    )


def dutch_day(moment):
    with translation.override("nl"):
        return date_format(timezone.localtime(moment).date(), "j F Y")


def path_of(url):
    return re.sub(r"^https?://testserver", "", url)


def header_url(message):
    match = re.fullmatch(r"<(http://testserver/[^>]+)>", message.extra_headers["List-Unsubscribe"])
    assert match, message.extra_headers
    return path_of(match.group(1))


def alerts_sent():
    return [message for message in mail.outbox if "List-Unsubscribe" in message.extra_headers]


def test_subscribe_confirm_event_alert_and_one_click_unsubscribe(client, council):
    topic = TopicFactory(name="re-integratie", slug="re-integratie")
    response = client.post(
        reverse("follow", args=["onderwerp", topic.pk]),
        {"email": ADDRESS, "frequency": "direct"},
    )
    assert response.status_code == 200
    (confirmation,) = mail.outbox
    confirm = re.search(r"http://testserver(/volgen/bevestigen/[^/\s]+/)", confirmation.body)
    client.post(confirm.group(1))
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is not None

    # Nothing happened yet: nothing is sent.
    call_command("send_alerts")
    assert alerts_sent() == []

    letter = published_letter(council, title="Advies over de re-integratievisie", topics=[topic])
    call_command("send_alerts")
    (alert,) = alerts_sent()
    assert alert.to == [ADDRESS]
    assert "Advies over de re-integratievisie" in alert.subject
    body = alert.body
    since = dutch_day(subscription.confirmed_at)
    assert f"U krijgt dit bericht omdat u het onderwerp re-integratie volgt sinds {since}." in body
    assert re.search(r"\d+ (januari|februari|maart|april|mei|juni|juli|augustus|september|"
                     r"oktober|november|december) \d{4}", since)  # fmt: skip
    assert f"http://testserver{letter.url}" in body  # the event's absolute link
    assert "brief gepubliceerd" in body.lower()
    unsubscribe = header_url(alert)
    assert f"http://testserver{unsubscribe}" in body
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/volgen/beheer/" in body
    assert OutgoingMail.objects.filter(status="sent", recipients=ADDRESS).count() == 2

    # Again: nothing new, nothing sent twice.
    call_command("send_alerts")
    assert len(alerts_sent()) == 1

    # One click from the mail client: a POST without CSRF token (RFC 8058).
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(unsubscribe, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscription.objects.exists()
    assert not Subscriber.objects.exists()  # it followed nothing else: the address is gone


def test_an_event_followed_three_ways_arrives_once(council):
    topic = TopicFactory()
    today = timezone.localdate()
    motion = MotionFactory(council=council, deadline=today + datetime.timedelta(days=30))
    motion.topics.set([topic])
    subscribe(council=council)
    subscribe(topic=topic)
    subscribe(motion=motion)
    subscribe(council=council, email="ander@example.nl")
    motion.disposed_on = today
    motion.save()

    call_command("send_alerts")
    call_command("send_alerts")
    call_command("send_alert_digests", frequency="dagelijks")
    sent = alerts_sent()
    assert sorted(message.to[0] for message in sent) == ["ander@example.nl", ADDRESS]
    (mine,) = [message for message in sent if message.to == [ADDRESS]]
    # The most specific reason is named: the motion itself.
    assert f"omdat u de motie {motion} volgt" in mine.body
    assert f"Afgedaan: {motion.title}" in mine.body
    assert Delivery.objects.filter(subscriber__email=ADDRESS).count() == 1


def test_a_daily_digest_groups_the_days_events_each_once(council):
    topic = TopicFactory(name="armoede", slug="armoede")
    today = timezone.localdate()
    subscribe(council=council, frequency="dagelijks")
    subscribe(topic=topic, frequency="dagelijks")
    subscribe(topic=topic, frequency="direct", email="direct@example.nl")
    letter = published_letter(council, title="Advies over armoedebeleid", topics=[topic])
    motion = MotionFactory(council=council, title="Motie schuldhulp", disposed_on=today)
    consultation = ConsultationFactory(council=council, subject="Besluit bijzondere bijstand")
    ConsultationVerdictEvent.objects.create(
        consultation=consultation, verdict="not_consulted", recorded_at=timezone.now()
    )

    call_command("send_alerts")  # the direct follower gets the letter; the digest waits
    assert [message.to for message in alerts_sent()] == [["direct@example.nl"]]
    call_command("send_alert_digests", frequency="dagelijks")
    digests = [message for message in alerts_sent() if message.to == [ADDRESS]]
    (digest,) = digests
    body = digest.body
    assert "dagelijkse overzicht" in digest.subject
    for title in (letter.title, f"Afgedaan: {motion.title}", consultation.subject):
        assert body.count(title) == 1, title
    # The letter is listed under its topic (more specific), the rest under the council.
    topic_part = body.index("Omdat u het onderwerp armoede volgt sinds")
    council_part = body.index(f"Omdat u de cliëntenraad {council.name} volgt sinds")
    assert body.index(letter.title) > topic_part
    assert body.index(f"Afgedaan: {motion.title}") > council_part
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/volgen/overzicht-afmelden/" in digest.extra_headers["List-Unsubscribe"]

    # The next run sends nothing: every event went out once.
    call_command("send_alert_digests", frequency="dagelijks")
    assert len([m for m in alerts_sent() if m.to == [ADDRESS]]) == 1

    # Leaving the digest with one click removes what the address follows daily.
    response = Client(enforce_csrf_checks=True).post(header_url(digest))
    assert response.status_code == 200
    assert not Subscriber.objects.filter(email=ADDRESS).exists()
    assert Subscriber.objects.filter(email="direct@example.nl").exists()


def test_unpublished_letters_produce_no_alert(council):
    subscribe(council=council)
    draft = letter_page(council, title="Concept over de Wmo")  # never published
    letter = published_letter(council, title="Advies dat offline gaat")
    alert_events.collect()  # recorded while public ...
    assert Event.objects.filter(letter=letter).exists()
    assert not Event.objects.filter(letter=draft).exists()
    letter.unpublish()  # ... and no longer public when the alert is made
    call_command("send_alerts")
    call_command("send_alert_digests", frequency="dagelijks")
    assert alerts_sent() == []
    assert not Delivery.objects.exists()


def test_a_correction_is_an_event_of_its_own(council):
    subscribe(body=(body := MunicipalBodyFactory(municipality=council.municipality)))
    letter = published_letter(council, addressee=body)
    call_command("send_alerts")
    assert len(alerts_sent()) == 1
    letter_publish_correction(
        letter=letter, note="Het bedrag in alinea 2 was fout.", title=letter.title + " (herzien)"
    )
    call_command("send_alerts")
    first, second = alerts_sent()
    assert "Gecorrigeerd" in second.subject
    assert "Het bedrag in alinea 2 was fout." in second.body
    assert f"omdat u brieven aan {body.name} volgt" in second.body


def test_events_before_the_subscription_are_not_sent(council):
    published_letter(council, title="Oud nieuws")
    subscribe(council=council, since=timezone.now() + datetime.timedelta(seconds=1))
    call_command("send_alerts")
    assert alerts_sent() == []


def test_a_followed_search_finds_a_new_letter(council):
    topic = TopicFactory(name="wmo", slug="wmo")
    subscribe(search=f"topic={topic.slug}")
    published_letter(council, title="Advies over de Wmo", topics=[topic])
    published_letter(council, title="Advies over iets anders")
    call_command("send_alerts")
    (alert,) = alerts_sent()
    assert "Advies over de Wmo" in alert.subject
    assert "omdat u de zoekopdracht" in alert.body


def test_frequency_changes_on_the_manage_page_and_forged_posts_change_nothing(client, council):
    mine = subscribe(council=council)
    other = subscribe(council=council, email="ander@example.nl")
    url = reverse("alerts_manage", args=[manage_token(mine.subscriber)])

    def frequencies():
        return dict(Subscription.objects.values_list("pk", "frequency"))

    before = frequencies()
    forged = [
        (reverse("alerts_manage", args=["niet-ondertekend"]), mine.pk, "wekelijks"),
        (url[:-3] + "xx/", mine.pk, "wekelijks"),  # tampered token
        (url, other.pk, "wekelijks"),  # someone else's subscription
        (url, mine.pk, "elk-uur"),
        (url, "1; DROP TABLE", "wekelijks"),
        (url, "9" * 30, "wekelijks"),
    ]
    for target, pk, frequency in forged:
        response = client.post(target, {"subscription": pk, "frequency": frequency})
        assert response.status_code in (400, 404), (target, pk)
        assert frequencies() == before

    page = client.get(url).content.decode()
    assert f'id="frequency-{mine.pk}"' in page
    response = client.post(url, {"subscription": mine.pk, "frequency": "wekelijks"})
    assert response.status_code == 200
    assert "Opgeslagen" in response.content.decode()
    assert frequencies() == {**before, mine.pk: "wekelijks"}

    # Django's CSRF protection holds for the manage page (it is never cached).
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(url, {"subscription": mine.pk, "frequency": "direct"})
    assert response.status_code == 403
    assert frequencies()[mine.pk] == "wekelijks"


def test_the_daily_run_purges_unconfirmed_requests_and_empty_addresses(council):
    kept = subscribe(council=council)
    stale = Subscriber.objects.create(email="oud@example.nl")
    Subscription.objects.create(subscriber=stale, kind=Kind.COUNCIL, council=council)
    empty = Subscriber.objects.create(email="leeg@example.nl")
    fresh = Subscriber.objects.create(email="nieuw@example.nl")
    Subscription.objects.create(subscriber=fresh, kind=Kind.COUNCIL, council=council)
    long_ago = timezone.now() - datetime.timedelta(hours=49)
    Subscriber.objects.filter(pk__in=[stale.pk, empty.pk]).update(created_at=long_ago)
    Subscription.objects.filter(subscriber=stale).update(created_at=long_ago)

    call_command("send_alert_digests", frequency="dagelijks")
    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        kept.subscriber.email,
        "nieuw@example.nl",
    }


def test_a_weekly_digest_waits_for_the_weekly_run(council):
    subscribe(council=council, frequency="wekelijks")
    published_letter(council, title="Advies over de week")
    call_command("send_alerts")
    call_command("send_alert_digests", frequency="dagelijks")
    assert alerts_sent() == []
    call_command("send_alert_digests", frequency="wekelijks")
    (digest,) = alerts_sent()
    assert "wekelijkse overzicht" in digest.subject
    assert "Advies over de week" in digest.body


def test_a_digest_run_costs_a_query_per_mail_not_per_event(council):
    """The queries of a run grow with the addresses (one stored mail each), not with their events."""
    from alerts import dispatch

    topic = TopicFactory()
    for number in range(3):
        published_letter(council, title=f"Advies nummer {number}", topics=[topic])
    alert_events.collect()

    def run(count):
        for number in range(count):
            subscribe(council=council, frequency="dagelijks", email=f"a{count}-{number}@example.nl")
            subscribe(topic=topic, frequency="dagelijks", email=f"a{count}-{number}@example.nl")
        with CaptureQueriesContext(connection) as queries:
            assert dispatch.send_digests("dagelijks") == count
        Subscriber.objects.all().delete()
        return len(queries.captured_queries)

    small, large = run(2), run(12)
    # Per mail: its OutgoingMail row and the delivery task (immediate backend in the tests:
    # lock, send, save). Nothing per event or per subscription.
    per_mail = (large - small) / 10
    assert per_mail <= 6, (small, large)


def test_a_meeting_scheduled_and_its_agenda_reach_a_topic_follower(council):
    from tests.factories.agenda import AgendaItemFactory, MeetingFactory

    topic = TopicFactory(name="wmo", slug="wmo")
    subscribe(topic=topic)
    subscribe(council=council, email="raad@example.nl")
    meeting = MeetingFactory(
        council=council,
        title="Commissie Samenleving",
        date=timezone.localdate() + datetime.timedelta(days=9),
    )
    call_command("send_alerts")
    (scheduled,) = alerts_sent()
    assert scheduled.to == ["raad@example.nl"]  # the topic is not on the agenda yet
    assert "Vergadering gepland: Commissie Samenleving" in scheduled.subject
    assert f"/vergaderingen/{meeting.pk}/" in scheduled.body

    item = AgendaItemFactory(meeting=meeting, title="Wmo-verordening")
    item.topics.set([topic])
    item.save()  # modelcluster commits the tags on save
    call_command("send_alerts")
    agenda = [m for m in alerts_sent() if "Agenda gepubliceerd" in m.subject]
    assert sorted(m.to[0] for m in agenda) == [ADDRESS, "raad@example.nl"]
    (mine,) = [m for m in agenda if m.to == [ADDRESS]]
    assert "omdat u het onderwerp wmo volgt" in mine.body

    # A past meeting is no news.
    MeetingFactory(council=council, title="Oude vergadering", date=datetime.date(2020, 1, 1))
    call_command("send_alerts")
    assert not [m for m in alerts_sent() if "Oude vergadering" in m.subject]


def test_leaving_a_digest_refuses_bad_tokens_and_a_get_changes_nothing(client, council):
    from alerts.tokens import digest_token

    subscription = subscribe(council=council, frequency="dagelijks")
    token = digest_token(subscription.subscriber, "dagelijks")
    for bad in (token[:-2] + "xx", "niets", manage_token(subscription.subscriber)):
        response = client.post(reverse("alerts_leave_digest", args=[bad]))
        assert response.status_code == 400
        assert "Deze link klopt niet" in response.content.decode()
    response = client.get(reverse("alerts_leave_digest", args=[token]))
    assert response.status_code == 200
    assert "Ja, afmelden" in response.content.decode()
    assert Subscription.objects.filter(pk=subscription.pk).exists()
    # Another frequency's digest: nothing of this one goes.
    other = digest_token(subscription.subscriber, "wekelijks")
    response = client.post(reverse("alerts_leave_digest", args=[other]))
    assert response.status_code == 200
    assert Subscription.objects.filter(pk=subscription.pk).exists()


def test_a_followed_text_search_finds_a_new_letter(council):
    subscribe(search="q=armoedebeleid")
    published_letter(council, title="Advies over armoedebeleid")
    published_letter(council, title="Advies over de Wmo")
    call_command("send_alerts")
    (alert,) = alerts_sent()
    assert "Advies over armoedebeleid" in alert.subject
    assert "omdat u de zoekopdracht ‘q=armoedebeleid’ volgt" in alert.body


@pytest.mark.parametrize(
    ("search", "alerted"),
    [
        ("q=armoedebeleid&soort=alles", True),
        ("q=armoedebeleid&soort=brieven", True),
        ("q=armoedebeleid&soort=moties", False),  # a search of motions finds no letter
    ],
)
def test_a_followed_site_search_brings_letters_for_its_kind(council, search, alerted):
    subscribe(search=search)
    published_letter(council, title="Advies over armoedebeleid")
    call_command("send_alerts")
    assert len(alerts_sent()) == (1 if alerted else 0)
