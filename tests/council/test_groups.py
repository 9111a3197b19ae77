"""What each editor group can and cannot reach in the admin."""

import pytest
from django.urls import reverse

from publications.models import CouncilPage, HomePage
from tests.factories.council import CouncilFactory, MunicipalBodyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def role_councils(every_council):
    """The groups' users work for every council these tests create (council.tenancy)."""
    return every_council


def snippet_url(model_name, view, *args):
    return reverse(f"wagtailsnippets_council_{model_name}:{view}", args=args)


def refused(response):
    # Wagtail answers a missing permission with a redirect to the dashboard
    # (and a message) or with 403, depending on the view.
    return response.status_code == 403 or (
        response.status_code == 302 and "/login/" not in response["Location"]
    )


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(reverse("wagtailadmin_home"))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("user", ["member_user", "chair_user", "clerk_user"])
def test_every_group_reaches_the_admin_and_reads_councils(request, client_for, user):
    client = client_for(request.getfixturevalue(user))
    council = CouncilFactory()

    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    listing = client.get(snippet_url("council", "list"))
    assert listing.status_code == 200
    assert council.name in listing.content.decode()
    assert client.get(snippet_url("municipalbody", "list")).status_code == 200


@pytest.mark.parametrize("user", ["member_user", "chair_user", "clerk_user"])
def test_no_group_changes_or_deletes_a_council(request, client_for, user):
    client = client_for(request.getfixturevalue(user))
    council = CouncilFactory()

    assert refused(client.get(snippet_url("council", "add")))
    assert refused(client.get(snippet_url("council", "edit", council.pk)))
    assert refused(client.get(snippet_url("council", "delete", council.pk)))


@pytest.mark.parametrize(
    ("user", "may"),
    [("member_user", False), ("chair_user", True), ("clerk_user", False)],
)
def test_only_chairs_manage_members(request, client_for, user, may):
    client = client_for(request.getfixturevalue(user))
    CouncilFactory()

    response = client.get(snippet_url("member", "add"))

    assert (response.status_code == 200) is may
    assert refused(response) is not may


@pytest.mark.parametrize(
    ("user", "may"),
    [("member_user", False), ("chair_user", False), ("clerk_user", True)],
)
def test_only_clerks_maintain_municipal_bodies(request, client_for, user, may):
    client = client_for(request.getfixturevalue(user))
    body = MunicipalBodyFactory()
    CouncilFactory(municipality=body.municipality)  # the council that advises its municipality

    assert (client.get(snippet_url("municipalbody", "add")).status_code == 200) is may
    assert (client.get(snippet_url("municipalbody", "edit", body.pk)).status_code == 200) is may


@pytest.mark.parametrize("user", ["member_user", "chair_user", "clerk_user"])
def test_site_structure_is_for_administrators_only(request, demo, client_for, user):
    client = client_for(request.getfixturevalue(user))
    home = HomePage.objects.get()
    council_page = CouncilPage.objects.first()

    for page in (home, council_page):
        assert refused(client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])))
        assert refused(client.get(reverse("wagtailadmin_pages:delete", args=[page.pk])))
        assert refused(client.get(reverse("wagtailadmin_pages:unpublish", args=[page.pk])))
    assert refused(
        client.get(
            reverse(
                "wagtailadmin_pages:add",
                args=["publications", "councilpage", home.pk],
            )
        )
    )


def test_administrator_edits_the_site_structure(demo, client_for, admin_user):
    client = client_for(admin_user)
    council_page = CouncilPage.objects.first()

    assert client.get(reverse("wagtailadmin_pages:edit", args=[council_page.pk])).status_code == 200
    assert client.get(snippet_url("council", "add")).status_code == 200
