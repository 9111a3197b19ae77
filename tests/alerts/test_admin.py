"""Admin: counts per council and kind; addresses for platform administrators only."""

import pytest
from django.urls import reverse
from django.utils import timezone

from alerts.models import Kind, Subscriber, Subscription
from tests.factories.advice import ConsultationFactory
from tests.factories.council import CouncilFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def councils():
    return CouncilFactory(name="Raad Oost"), CouncilFactory(name="Raad West")


@pytest.fixture
def role_councils(councils):
    return [councils[0]]


@pytest.fixture
def followed(councils):
    east, west = councils
    now = timezone.now()
    a = Subscriber.objects.create(email="geheim-a@example.nl", confirmed_at=now)
    b = Subscriber.objects.create(email="geheim-b@example.nl", confirmed_at=now)
    Subscription.objects.create(subscriber=a, kind=Kind.COUNCIL, council=east, confirmed_at=now)
    Subscription.objects.create(subscriber=b, kind=Kind.COUNCIL, council=east, confirmed_at=now)
    Subscription.objects.create(
        subscriber=a,
        kind=Kind.CONSULTATION,
        consultation=ConsultationFactory(council=west),
        confirmed_at=now,
    )
    Subscription.objects.create(
        subscriber=b, kind=Kind.TOPIC, topic=TopicFactory(), confirmed_at=now
    )
    Subscription.objects.create(subscriber=b, kind=Kind.COUNCIL, council=west)  # not confirmed
    return a, b


def cells(response):
    return response.content.decode()


def test_platform_admin_sees_counts_and_removes_an_address(client_for, admin_user, followed):
    client = client_for(admin_user)
    response = client.get(reverse("alerts_counts"))
    body = cells(response)
    assert response.status_code == 200
    assert "Raad Oost</th><td>2</td>" in body.replace("\n", "")
    assert "Raad West</th><td>0</td><td>0</td><td>0</td><td>1</td>" in body.replace("\n", "")
    assert "Zonder raad" in body
    assert "geheim-a@example.nl" not in body

    listing = client.get(reverse("wagtailsnippets_alerts_subscriber:list"))
    assert "geheim-a@example.nl" in cells(listing)
    a, b = followed
    delete = reverse("wagtailsnippets_alerts_subscriber:delete", args=[a.pk])
    assert client.post(delete).status_code == 302
    assert not Subscriber.objects.filter(pk=a.pk).exists()
    assert not Subscription.objects.filter(subscriber_id=a.pk).exists()
    assert Subscriber.objects.filter(pk=b.pk).exists()


def test_council_member_sees_own_counts_never_addresses(client_for, member_user, followed):
    client = client_for(member_user)
    response = client.get(reverse("alerts_counts"))
    body = cells(response).replace("\n", "")
    assert response.status_code == 200
    assert "Raad Oost</th><td>2</td>" in body
    assert "Raad West" not in body
    assert "Zonder raad" not in body
    assert "geheim" not in body
    for name in ("list", "delete"):
        args = [followed[0].pk] if name == "delete" else []
        url = reverse(f"wagtailsnippets_alerts_subscriber:{name}", args=args)
        assert client.get(url).status_code in (302, 403)
        client.post(url)
    assert Subscriber.objects.count() == 2
