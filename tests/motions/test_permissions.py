"""Clerks keep the motions; members and chairs may read them but not change or delete them."""

import pytest
from django.urls import reverse

from motions.models import Motion
from tests.factories.council import CouncilFactory
from tests.factories.motions import MotionFactory

pytestmark = pytest.mark.django_db


def url(view, *args):
    return reverse(f"wagtailsnippets_motions_motion:{view}", args=args)


def is_refused(response):
    return response.status_code == 302 and response.url == reverse("wagtailadmin_home")


@pytest.fixture
def council():
    return CouncilFactory()


@pytest.fixture
def role_councils(council):
    """The role fixtures' users work for this council."""
    return [council]


def test_clerks_add_change_and_delete(client_for, clerk_user, council):
    motion = MotionFactory(council=council)
    client = client_for(clerk_user)

    for view, args in [("list", ()), ("add", ()), ("edit", (motion.pk,)), ("delete", (motion.pk,))]:
        assert client.get(url(view, *args)).status_code == 200, view

    response = client.post(url("delete", motion.pk))

    assert response.status_code == 302
    assert not Motion.objects.exists()


@pytest.mark.parametrize("user_fixture", ["member_user", "chair_user"])
def test_members_and_chairs_may_read_but_not_change_or_delete(
    request, client_for, user_fixture, council
):
    motion = MotionFactory(title="Bejegening", council=council)
    client = client_for(request.getfixturevalue(user_fixture))

    listing = client.get(url("list"))
    assert listing.status_code == 200
    assert "Bejegening" in listing.content.decode()

    assert is_refused(client.get(url("add")))
    assert is_refused(client.get(url("edit", motion.pk)))
    assert is_refused(client.get(url("delete", motion.pk)))
    assert is_refused(client.post(url("delete", motion.pk)))
    assert is_refused(client.post(url("edit", motion.pk), {"title": "Gewijzigd"}))
    assert Motion.objects.get().title == "Bejegening"
