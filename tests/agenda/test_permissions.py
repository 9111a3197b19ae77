"""Clerks keep the agenda; members and chairs may read it but not change or delete it."""

import pytest
from django.urls import reverse

from agenda.models import AgendaItem, Meeting
from tests.factories.agenda import AgendaItemFactory

pytestmark = pytest.mark.django_db


def url(model_name, view, *args):
    return reverse(f"wagtailsnippets_agenda_{model_name}:{view}", args=args)


def is_refused(response):
    """Wagtail answers a missing permission with a redirect to the dashboard."""
    return response.status_code == 302 and response.url == reverse("wagtailadmin_home")


@pytest.fixture
def item():
    return AgendaItemFactory(number="5")


@pytest.fixture
def role_councils(item):
    """The role fixtures' users work for the item's council."""
    return [item.meeting.council]


@pytest.mark.parametrize("model_name", ["meeting", "agendaitem"])
def test_clerks_add_change_and_delete(client_for, clerk_user, item, model_name):
    client = client_for(clerk_user)
    obj = item if model_name == "agendaitem" else item.meeting

    for view, args in [("list", ()), ("add", ()), ("edit", (obj.pk,)), ("delete", (obj.pk,))]:
        assert client.get(url(model_name, view, *args)).status_code == 200, view

    response = client.post(url(model_name, "delete", obj.pk))

    assert response.status_code == 302
    assert not type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("user_fixture", ["member_user", "chair_user"])
@pytest.mark.parametrize("model_name", ["meeting", "agendaitem"])
def test_members_and_chairs_may_read_but_not_change_or_delete(
    request, client_for, item, user_fixture, model_name
):
    client = client_for(request.getfixturevalue(user_fixture))
    obj = item if model_name == "agendaitem" else item.meeting

    listing = client.get(url(model_name, "list"))
    assert listing.status_code == 200
    assert str(obj.title) in listing.content.decode()

    assert is_refused(client.get(url(model_name, "add")))
    assert is_refused(client.get(url(model_name, "edit", obj.pk)))
    assert is_refused(client.get(url(model_name, "delete", obj.pk)))
    assert is_refused(client.post(url(model_name, "delete", obj.pk)))
    assert is_refused(client.post(url(model_name, "edit", obj.pk), {"title": "Gewijzigd"}))

    assert Meeting.objects.filter(pk=item.meeting.pk, title=item.meeting.title).exists()
    assert AgendaItem.objects.filter(pk=item.pk, title=item.title).exists()


def test_anonymous_visitors_are_sent_to_the_login(client, item):
    response = client.get(url("meeting", "list"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))
