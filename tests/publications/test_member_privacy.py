"""A member's name reaches the public only with consent: not on any page, feed or API.

Many members receive benefits themselves. The test gives the demo council
members with and without consent, lets a member without consent (through her
user account) adopt, send and publish a letter and record a consultation,
then reads everything the public can reach: every page the crawl finds from
the home page and the sitemap, every feed and calendar they link, the API.
"""

import datetime

import pytest

from advice.letters.services import letter_adopt, letter_publish, letter_send
from advice.models import LetterPage
from council import groups
from council.models import Council, Member
from tests.factories.advice import ConsultationFactory, letter_page
from tests.factories.council import UserFactory
from tests.publications.test_crawl import START_POINTS, crawl, site_hosts

pytestmark = pytest.mark.django_db

SECRET = ("Geheime Naam", "Verborgen", "Gebruikersnaam", "geheim@example.org")
API = [
    "/api/v2/pages/?fields=*",
    "/api/v2/meetings/?fields=*",
    "/api/v2/motions/?fields=*",
    "/api/v2/consultations/?fields=*",
]


@pytest.fixture
def members(demo):
    leiden = Council.objects.get(slug="leiden")
    user = UserFactory(
        username="Gebruikersnaam",
        first_name="Verborgen",
        last_name="Naam",
        email=SECRET[3],
        groups=[groups.CHAIRS],
    )
    Member.objects.create(
        council=leiden, name="Geheime Naam", role="chair", email=SECRET[3], user=user
    )
    Member.objects.create(council=leiden, name="Fatima Openbaar", role="member", publish_name=True)
    Member.objects.create(council=leiden, name="Jan Ook Geheim", role="member")
    letter = letter_page(leiden, title="Brief van een voorzitter zonder naam")
    letter_adopt(letter=letter, reference_year=2026, adopted_by=user)
    version = letter_send(
        letter=LetterPage.objects.get(pk=letter.pk),
        sent_on=datetime.date(2026, 11, 2),
        sent_to="Commissie Werk & Financiën",
        sent_by=user,
    )
    letter_publish(
        letter=LetterPage.objects.get(pk=letter.pk), revision=version.revision, user=user
    )
    ConsultationFactory(council=leiden, subject="Vastgelegd door een lid", user=user)
    return leiden


def public_texts(client):
    ok, failures = crawl(client, START_POINTS, site_hosts())
    assert not failures
    texts = {}
    for path in sorted(ok) + API:
        response = client.get(path)
        if response.streaming:  # a PDF: the letter itself, read by the crawl
            b"".join(response.streaming_content)
            continue
        texts[path] = response.content.decode(response.charset or "utf-8", errors="replace")
    return texts


def test_names_without_consent_never_reach_the_public(client, members):
    texts = public_texts(client)

    assert len(texts) > 50  # the crawl read the site, not one page
    leaks = {
        path: [secret for secret in (*SECRET, "Jan Ook Geheim") if secret in text]
        for path, text in texts.items()
    }
    assert {path: found for path, found in leaks.items() if found} == {}


def test_names_with_consent_are_shown_and_the_others_counted(client, members):
    page = client.get("/leiden/").content.decode()

    assert "Fatima Openbaar, lid" in page
    assert "En 2 leden die liever niet met naam op deze website staan." in page


def test_withdrawn_consent_takes_the_name_off_at_once(client, members, settings):
    settings.PUBLIC_CACHE_ENABLED = True
    assert "Fatima Openbaar" in client.get("/leiden/").content.decode()  # now cached

    Member.objects.filter(name="Fatima Openbaar").update(publish_name=False)
    member = Member.objects.get(name="Fatima Openbaar")
    member.save()  # as the admin does

    page = client.get("/leiden/").content.decode()
    assert "Fatima Openbaar" not in page
    assert "De cliëntenraad heeft 3 leden." in page
