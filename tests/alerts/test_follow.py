"""Following with double opt-in, and leaving (docs/alerts.md), at the HTTP level."""

import datetime
import re

import pytest
import time_machine
from django.core import mail, signing
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from alerts.models import Kind, Subscriber, Subscription
from alerts.tokens import (
    CONFIRM_SALT,
    UNSUBSCRIBE_SALT,
    read,
    unsubscribe_headers,
    unsubscribe_token,
)
from tests.factories.advice import ConsultationFactory
from tests.factories.council import CouncilFactory, MunicipalBodyFactory, TopicFactory
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


def follow(client, kind, pk, email=ADDRESS, frequency="direct", **extra):
    url = reverse("follow", args=[kind, pk])
    return client.post(
        url, {"email": email, "frequency": frequency, **extra.pop("data", {})}, **extra
    )


def link(message, name):
    path = reverse(name, args=["TOKEN"]).replace("TOKEN/", "")
    match = re.search(rf"http://testserver({re.escape(path)}[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def snapshot():
    return (
        list(Subscriber.objects.values_list("email", "confirmed_at", "confirmation_sent_at")),
        list(Subscription.objects.values_list("kind", "confirmed_at", "frequency")),
    )


def test_subscribe_confirm_then_active(client, council):
    response = follow(client, "raad", council.pk, frequency="wekelijks")
    assert response.status_code == 200
    assert "Kijk in uw e-mail" in response.content.decode()
    (message,) = mail.outbox
    assert message.to == [ADDRESS]
    assert "Bevestig" in message.subject
    assert council.name in message.body
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    assert subscription.frequency == "wekelijks"
    assert subscription.council == council

    confirm = link(message, "alerts_confirm")
    # A GET (a mail scanner following the link) confirms nothing: it shows a button.
    response = client.get(confirm)
    assert response.status_code == 200
    assert Subscription.objects.get().confirmed_at is None
    response = client.post(confirm)
    assert response.status_code == 200
    assert "Bevestigd" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None
    assert Subscriber.objects.get().confirmed_at is not None
    assert len(mail.outbox) == 1


def test_at_most_one_confirmation_mail_an_hour(client, council):
    topic = TopicFactory()
    follow(client, "raad", council.pk)
    first_page = follow(client, "onderwerp", topic.pk).content
    assert len(mail.outbox) == 1
    assert Subscription.objects.filter(confirmed_at=None).count() == 2
    # The page does not tell whether a mail went out or the address was known.
    fresh = follow(client, "raad", council.pk, email="nieuw@example.nl").content
    assert first_page == fresh
    assert len(mail.outbox) == 2  # a different address gets its own mail

    # The one link confirms both pending requests.
    client.post(link(mail.outbox[0], "alerts_confirm"))
    assert not Subscription.objects.filter(subscriber__email=ADDRESS, confirmed_at=None).exists()

    # An hour later a new request sends a new mail.
    Subscriber.objects.filter(email=ADDRESS).update(
        confirmation_sent_at=timezone.now() - datetime.timedelta(hours=1, minutes=1)
    )
    follow(client, "orgaan", MunicipalBodyFactory().pk)
    assert len(mail.outbox) == 3


def test_a_confirmed_subscription_asked_again_sends_nothing(client, council):
    follow(client, "raad", council.pk)
    client.post(link(mail.outbox[0], "alerts_confirm"))
    Subscriber.objects.update(confirmation_sent_at=None)
    before = snapshot()
    follow(client, "raad", council.pk)
    assert snapshot() == before
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "email", ["", "geen-adres", "a@b", "x" * 250 + "@example.nl", "a@@example.nl"]
)
def test_malformed_addresses_are_refused(client, council, email):
    response = follow(client, "raad", council.pk, email=email)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'aria-invalid="true"' in body
    assert 'aria-describedby="volg-privacy-raad volg-email-fout-raad"' in body
    assert "e-mailadres" in body
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_a_bad_frequency_is_refused(client, council):
    response = follow(client, "raad", council.pk, frequency="elk-uur")
    assert response.status_code == 400
    assert "Kies direct, dagelijks of wekelijks." in response.content.decode()
    assert not Subscriber.objects.exists()


def test_non_public_items_are_refused(client, council):
    hidden = CouncilFactory()  # no council page at all
    unpublished = council_page()
    unpublished.unpublish()
    targets = [
        ("raad", hidden.pk),
        ("raad", unpublished.council.pk),
        ("raadpleging", ConsultationFactory(council=hidden).pk),
        ("motie", MotionFactory(council=unpublished.council).pk),
        ("motie", 999999),
        ("onderwerp", 999999),
        ("iets", 1),
        ("zoekopdracht", 0),  # no search given
    ]
    for kind, pk in targets:
        response = follow(client, kind, pk)
        assert response.status_code == 404, kind
        assert "niet openbaar" in response.content.decode()
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_public_consultation_motion_and_search_can_be_followed(client, council):
    consultation = ConsultationFactory(council=council)
    motion = MotionFactory(council=council)
    assert follow(client, "raadpleging", consultation.pk).status_code == 200
    assert follow(client, "motie", motion.pk).status_code == 200
    response = follow(
        client, "zoekopdracht", 0, data={"zoekopdracht": "q=re-integratie&page=3&x=1"}
    )
    assert response.status_code == 200
    search = Subscription.objects.get(kind=Kind.SEARCH)
    assert search.search == "q=re-integratie"  # only the index's own filters
    assert {s.kind for s in Subscription.objects.all()} == {"raadpleging", "motie", "zoekopdracht"}


@time_machine.travel(datetime.datetime(2027, 3, 3, 12, 0, 5, tzinfo=datetime.UTC), tick=False)
def test_follow_requests_are_throttled_per_ip(client, council):
    # The clock stands still: the count is per minute, and a slow run must not cross into
    # the next minute halfway.
    for number in range(20):
        follow(client, "raad", council.pk, email=f"a{number}@example.nl")
    before = snapshot()
    response = follow(client, "raad", council.pk, email="nog-een@example.nl")
    assert response.status_code == 429
    assert "Te veel aanmeldingen" in response.content.decode()
    assert snapshot() == before
    # Another address (IP) is not held back.
    response = follow(client, "raad", council.pk, email="b@example.nl", REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 200


def test_a_form_posted_from_another_site_is_refused(client, council):
    for headers in (
        {"HTTP_ORIGIN": "https://kwaad.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_REFERER": "https://kwaad.example/formulier"},
    ):
        response = follow(client, "raad", council.pk, **headers)
        assert response.status_code == 403
    assert not Subscriber.objects.exists()
    response = follow(client, "raad", council.pk, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 200


def test_get_on_the_follow_url_changes_nothing(client, council):
    response = client.get(reverse("follow", args=["raad", council.pk]))
    assert response.status_code == 405
    assert not Subscriber.objects.exists()


def test_tampered_and_expired_links_are_refused(client, council):
    follow(client, "raad", council.pk)
    confirm = link(mail.outbox[0], "alerts_confirm")
    before = snapshot()
    tampered = confirm[:-3] + ("A" if confirm[-3] != "A" else "B") + confirm[-2:]
    response = client.post(tampered)
    assert response.status_code == 400
    assert "klopt niet" in response.content.decode()
    # A token for another purpose (unsubscribe) does not confirm.
    other = reverse("alerts_confirm", args=[unsubscribe_token(Subscription.objects.get())])
    assert client.post(other).status_code == 400
    # A confirm token signed 49 hours ago has expired.
    subscriber = Subscriber.objects.get()
    old = timezone.now() - datetime.timedelta(hours=49)
    signer = signing.TimestampSigner(salt=CONFIRM_SALT)
    signer.timestamp = lambda: signing.b62_encode(int(old.timestamp()))
    expired = signer.sign_object(subscriber.pk, compress=True)
    response = client.post(reverse("alerts_confirm", args=[expired]))
    assert response.status_code == 400
    assert "verlopen" in response.content.decode()
    assert client.get(reverse("alerts_manage", args=["onzin"])).status_code == 400
    assert client.post(reverse("alerts_unsubscribe", args=["onzin"])).status_code == 400
    assert snapshot() == before


def test_one_click_unsubscribe_without_csrf(council):
    from django.test import Client

    mail_client = Client(enforce_csrf_checks=True)
    topic = TopicFactory()
    follow(mail_client, "raad", council.pk)
    follow(mail_client, "onderwerp", topic.pk)
    confirm = link(mail.outbox[0], "alerts_confirm")
    # Confirming is CSRF-protected (the confirm page is never cached, so it carries a token).
    assert mail_client.post(confirm).status_code == 403
    assert not Subscription.objects.exclude(confirmed_at=None).exists()
    page = mail_client.get(confirm)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    assert mail_client.post(confirm, {"csrfmiddlewaretoken": token}).status_code == 200
    assert not Subscription.objects.filter(confirmed_at=None).exists()
    by_council = Subscription.objects.get(kind=Kind.COUNCIL)
    headers = unsubscribe_headers(by_council, base_url="http://testserver")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = headers["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")

    # GET shows a button and changes nothing.
    response = mail_client.get(url)
    assert response.status_code == 200
    assert "Ja, afmelden" in response.content.decode()
    assert Subscription.objects.count() == 2

    response = mail_client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert list(Subscription.objects.values_list("kind", flat=True)) == ["onderwerp"]
    assert Subscriber.objects.filter(email=ADDRESS).exists()
    # Again: nothing left to do, no error.
    assert mail_client.post(url).status_code == 200

    last = Subscription.objects.get()
    mail_client.post(reverse("alerts_unsubscribe", args=[unsubscribe_token(last)]))
    assert not Subscription.objects.exists()
    assert not Subscriber.objects.exists()  # the address is gone with its last subscription


def test_manage_link_lists_only_that_address(client, council):
    topic = TopicFactory(name="re-integratie")
    follow(client, "onderwerp", topic.pk)
    follow(client, "raad", council.pk, email="ander@example.nl")
    manage = link(mail.outbox[0], "alerts_manage")
    response = client.get(manage)
    body = response.content.decode()
    assert response.status_code == 200
    assert "re-integratie" in body
    assert ADDRESS in body
    assert "ander@example.nl" not in body
    assert council.name not in body
    own = Subscription.objects.get(subscriber__email=ADDRESS)
    # The token carries the time it was signed: compare what it names, not its text.
    tokens = re.findall(r'action="/volgen/afmelden/([^/"]+)/"', body)
    assert [read(token, UNSUBSCRIBE_SALT) for token in tokens] == [own.pk]


def test_unconfirmed_requests_are_forgotten_after_48_hours(client, council):
    follow(client, "raad", council.pk)
    long_ago = timezone.now() - datetime.timedelta(hours=49)
    Subscription.objects.update(created_at=long_ago)
    Subscriber.objects.update(created_at=long_ago)
    follow(client, "raad", council.pk, email="ander@example.nl")
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["ander@example.nl"]


@pytest.mark.parametrize("kind", ["raad", "onderwerp", "raadpleging", "motie", "orgaan"])
def test_follow_form_on_public_pages_carries_no_csrf_token(client, council, kind):
    page = council.page
    topic = TopicFactory()
    body = MunicipalBodyFactory(municipality=council.municipality)
    consultation = ConsultationFactory(council=council)
    motion = MotionFactory(council=council)
    from advice.consultations.routes import ConsultationRoutes
    from motions.routes import MotionRoutes

    urls = {
        "raad": page.url,
        "onderwerp": f"/onderwerpen/{topic.slug}/",
        "raadpleging": ConsultationRoutes(page, None).consultation(consultation.pk),
        "motie": MotionRoutes(page, None).motion(motion.pk),
        "orgaan": None,
    }
    if kind == "orgaan":
        from tests.factories.advice import published_letter

        published_letter(council, addressee=body)
        from publications.filters import body_param

        urls["orgaan"] = f"/brieven/?body={body_param(body)}"
        pk = body.pk
    else:
        pk = {
            "raad": council.pk,
            "onderwerp": topic.pk,
            "raadpleging": consultation.pk,
            "motie": motion.pk,
        }[kind]
    response = client.get(urls[kind])
    assert response.status_code == 200, urls[kind]
    body_html = response.content.decode()
    assert f'action="{reverse("follow", args=[kind, pk])}"' in body_html
    assert "csrfmiddlewaretoken" not in body_html
    assert "csrftoken" not in response.cookies


def test_pages_with_the_follow_form_stay_in_the_public_cache(client, council, settings):
    """The form holds nothing per visitor, so the page is stored and served to everyone alike."""
    settings.PUBLIC_CACHE_ENABLED = True
    topic = TopicFactory()
    url = f"/onderwerpen/{topic.slug}/"
    first = client.get(url)
    assert first["X-Public-Cache"] == "miss"
    follow(client, "onderwerp", topic.pk)  # a follow request sets no cookie ...
    assert not client.cookies
    second = client.get(url)  # ... and the page is still served from the cache
    assert second["X-Public-Cache"] == "hit"
    assert second.content == first.content
    assert "csrfmiddlewaretoken" not in second.content.decode()
