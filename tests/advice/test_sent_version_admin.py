"""The sent version in the admin: members of the letter's council read its PDF and exact text.

Before publishing too, and without making anything public: the admin URLs
answer members of the letter's council only (another council: 404, anonymous:
the login page), and the public version URLs keep answering 404 while the
letter is unpublished.
"""

import datetime
import hashlib

import pytest
from django.urls import reverse

from advice.letters.services import letter_send
from advice.models import LetterPage, LetterVersion
from council import groups
from council.models import Member
from tests.advice import test_tenancy_letters
from tests.advice.test_tenancy_letters import person, text_of
from tests.factories.advice import adopted_letter

pytestmark = pytest.mark.django_db

councils = test_tenancy_letters.councils


@pytest.fixture
def people(councils):
    own, other = councils
    return {
        "member": person("lid", own, Member.Role.MEMBER, groups.MEMBERS),
        "chair": person("voorzitter", own, Member.Role.CHAIR, groups.CHAIRS),
        "clerk": person("ambtelijk", own, Member.Role.OFFICIAL_SUPPORT, groups.CLERKS),
        "other_member": person("ander-lid", other, Member.Role.MEMBER, groups.MEMBERS),
        "other_chair": person("ander-voorzitter", other, Member.Role.CHAIR, groups.CHAIRS),
    }


@pytest.fixture
def sent(councils):
    """Adopted and sent, not published: version 1 with its PDF (made by the task on commit)."""
    own, _ = councils
    letter = adopted_letter(own)
    version = letter_send(letter=letter, sent_on=datetime.date(2024, 3, 1), sent_to="Commissie")
    version.refresh_from_db()
    assert version.pdf
    return LetterPage.objects.get(pk=letter.pk), version


def pdf_url(letter, number=1):
    return reverse("advice_letter_version_pdf", args=[letter.pk, number])


def text_url(letter, number=1):
    return reverse("advice_letter_version_text", args=[letter.pk, number])


def assert_private(response):
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert response["X-Content-Type-Options"] == "nosniff"


def public_urls(letter):
    base = letter.get_url() or letter.url_path
    return [
        letter.get_url(),
        f"{base}pdf/",
        f"{base}versies/1/",
        f"{base}versies/1/pdf/",
        f"{base}versies/1/tekst/",
    ]


@pytest.mark.parametrize("who", ["member", "chair"])
def test_members_of_the_council_open_the_sent_pdf_and_text_before_publishing(
    client, sent, people, who
):
    letter, version = sent
    assert not letter.live
    client.force_login(people[who])

    # The letter's edit page lists the version, with its fingerprint and both links.
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[letter.pk])).content.decode()
    assert version.fingerprint in edit
    assert pdf_url(letter) in edit and text_url(letter) in edit

    pdf = client.get(pdf_url(letter))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("inline;")
    assert f"{letter.slug}-versie-1.pdf" in pdf["Content-Disposition"]
    assert_private(pdf)
    body = b"".join(pdf.streaming_content)
    assert body.startswith(b"%PDF")
    assert body == version.pdf.open("rb").read()

    text = client.get(text_url(letter))
    assert text.status_code == 200
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    assert "inline;" in text["Content-Disposition"]
    assert_private(text)
    assert text.content.decode() == version.text
    assert hashlib.sha256(text.content).hexdigest() == version.fingerprint

    # Nothing became public: every public URL of the letter still answers 404.
    client.logout()
    for url in public_urls(letter):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("who", ["other_member", "other_chair", "clerk"])
def test_anyone_else_gets_404_for_a_forged_url(client, sent, people, who):
    letter, _ = sent
    client.force_login(people[who])

    for url in (pdf_url(letter), text_url(letter)):
        response = client.get(url)
        assert response.status_code == 404, (who, url)
        assert b"%PDF" not in response.content


def test_anonymous_visitors_are_sent_to_the_login(client, sent):
    letter, _ = sent
    for url in (pdf_url(letter), text_url(letter)):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("wagtailadmin_login") in response["Location"]


def test_a_version_that_does_not_exist_is_404(client, sent, people):
    letter, _ = sent
    client.force_login(people["member"])
    assert client.get(pdf_url(letter, 2)).status_code == 404
    assert client.get(text_url(letter, 2)).status_code == 404


def test_while_the_pdf_is_being_made_it_says_so(client, sent, people):
    letter, version = sent
    LetterVersion.objects.filter(pk=version.pk).update(pdf="")
    client.force_login(people["member"])

    edit = client.get(reverse("wagtailadmin_pages:edit", args=[letter.pk])).content.decode()
    assert "De pdf wordt gemaakt." in edit
    assert pdf_url(letter) not in edit
    assert text_url(letter) in edit  # the text and fingerprint are there at once

    response = client.get(pdf_url(letter))
    assert response.status_code == 202
    assert "wordt gemaakt" in text_of(response)
    assert_private(response)
