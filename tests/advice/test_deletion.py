"""Deleting a letter that was adopted or sent is refused in Dutch, never a server error."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from advice.models import LetterAdoption, LetterPage, LetterVersion
from tests.factories.advice import adopted_letter, letter_page, published_letter

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def counts():
    return (
        LetterPage.objects.count(),
        LetterAdoption.objects.count(),
        LetterVersion.objects.count(),
    )


def test_deleting_an_adopted_unsent_letter_is_refused_with_the_reason(admin_client):
    # It used to be a server error: the adoption protects the adopted revision.
    letter = adopted_letter()
    before = counts()
    url = reverse("wagtailadmin_pages:delete", args=[letter.pk])

    shown = admin_client.get(url)
    refused = admin_client.post(url)

    for response in (shown, refused):
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[letter.pk])
    assert messages_of(refused)[-1] == (
        f"De brief '{letter.title}' is vastgesteld (kenmerk {letter.reference}) en kan niet "
        "worden verwijderd: een vastgestelde brief blijft bewaard als besluit van de "
        "cliëntenraad."
    )
    assert counts() == before


def test_a_sent_letter_offers_no_delete_at_all(admin_client):
    # LetterPermissionTester: a sent letter is never deleted; Wagtail refuses.
    letter = published_letter()
    before = counts()
    url = reverse("wagtailadmin_pages:delete", args=[letter.pk])

    for response in (admin_client.get(url), admin_client.post(url)):
        assert response.status_code == 302
    assert counts() == before


def test_a_draft_letter_can_still_be_deleted(admin_client):
    letter = letter_page()

    response = admin_client.post(reverse("wagtailadmin_pages:delete", args=[letter.pk]))

    assert response.status_code == 302
    assert not LetterPage.objects.filter(pk=letter.pk).exists()
