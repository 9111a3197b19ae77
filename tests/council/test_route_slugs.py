"""A page cannot take a slug that one of its parent's routes answers: it would be
saved and never reached (council.slugs)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from advice.models import LetterPage
from council.models import Council
from council.slugs import reserved_slugs
from publications.models import CouncilPage
from tests.advice.test_lifecycle import letter_form
from tests.factories.council import CouncilFactory, MunicipalBodyFactory
from tests.factories.publications import council_page, home_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    council = CouncilFactory(name="Cliëntenraad Teststad")
    council_page(council)
    return Council.objects.get(pk=council.pk)


def test_reserved_slugs_are_the_routes_and_the_urlconf(council):
    assert {"vergaderingen", "moties", "raadplegingen"} <= reserved_slugs(council.page)
    assert {"brieven", "onderwerpen", "open-data", "beheer", "api", "sitemap.xml"} <= (
        reserved_slugs(home_page())
    )


@pytest.mark.parametrize("slug", ["moties", "vergaderingen", "raadplegingen"])
def test_the_letter_editor_refuses_a_route_slug_and_creates_nothing(
    client, admin_user, council, slug
):
    addressee = MunicipalBodyFactory(municipality=council.municipality)
    client.force_login(admin_user)
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["advice", "letterpage", council.page.pk]),
        letter_form(addressee, "Tekst.", slug=slug),
    )

    assert response.status_code == 200
    assert "is al in gebruik door een vaste pagina van deze website" in (response.content.decode())
    assert f"{council.page.url}{slug}/" in response.content.decode()
    assert not LetterPage.objects.exists()


def test_the_letter_editor_accepts_an_ordinary_slug(client, admin_user, council):
    addressee = MunicipalBodyFactory(municipality=council.municipality)
    client.force_login(admin_user)
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["advice", "letterpage", council.page.pk]),
        letter_form(addressee, "Tekst.", slug="moties-over-werk"),
    )

    assert response.status_code == 302
    assert LetterPage.objects.get().slug == "moties-over-werk"


def test_renaming_a_letter_to_a_route_slug_is_refused(client, admin_user, council):
    addressee = MunicipalBodyFactory(municipality=council.municipality)
    client.force_login(admin_user)
    add_url = reverse("wagtailadmin_pages:add", args=["advice", "letterpage", council.page.pk])
    assert client.post(add_url, letter_form(addressee, "Tekst.")).status_code == 302
    letter = LetterPage.objects.get()

    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[letter.pk]),
        letter_form(addressee, "Tekst.", slug="moties"),
    )

    assert response.status_code == 200
    assert response.content.decode().count("is al in gebruik door een vaste pagina") == 1
    letter.refresh_from_db()
    assert letter.slug == "advies-sociale-winst"
    assert [revision.as_object().slug for revision in letter.revisions.all()] == [
        "advies-sociale-winst"
    ]


@pytest.mark.parametrize("slug", ["brieven", "beheer", "api"])
def test_a_council_page_cannot_take_a_slug_the_home_page_or_urlconf_answers(slug):
    page = CouncilPage(title="Cliëntenraad Brieven", slug=slug, council=CouncilFactory())

    with pytest.raises(ValidationError) as refused:
        home_page().add_child(instance=page)

    assert "slug" in refused.value.message_dict
    assert not CouncilPage.objects.filter(slug=slug).exists()
