"""The glossary page and its links, the accessibility statement, privacy, 404 and 500 (issue 18)."""

import re

import pytest
from django.utils.html import strip_tags

from council.models import GlossaryTerm, SiteSettings

pytestmark = pytest.mark.django_db

LETTER = "/leiden/advies-voor-de-commissie-werk-financien-van-7-april-2009/"
GLOSSARY_LINK = re.compile(r'<a class="begrip" href="/begrippen/#([\w-]+)">([^<]*)</a>')


def html_of(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_the_glossary_lists_every_term_with_its_anchor_and_explanation(client, site):
    html = html_of(client, "/begrippen/")
    terms = list(GlossaryTerm.objects.all())
    assert len(terms) >= 15
    for term in terms:
        assert f'id="{term.slug}"' in html
        assert f"<dt>{term.term.replace('&', '&amp;')}</dt>" in html
        assert f"<dd>{term.explanation}</dd>" in html
    assert '<html lang="nl">' in html


def test_the_accessibility_statement_names_the_standard_the_tests_the_known_issues_and_a_contact(
    client, site
):
    settings = SiteSettings.load()
    settings.contact_email = "toegankelijk@example.org"
    settings.save()
    text = strip_tags(html_of(client, "/toegankelijkheid/"))
    for words in (
        "EN 301 549",
        "WCAG 2.1 op niveau A en AA",
        "axe-core",
        "toetsenbord",
        "320 pixels",
        "WCAG-EM",
        "eerste maatregelen genomen",
        "PDF/UA",
        "niet met een controleprogramma",
        "toegankelijk@example.org",
    ):
        assert words in text, words
    assert "voldoet volledig" not in text


def test_the_statement_without_a_contact_address_sends_people_to_their_council(client, site):
    text = strip_tags(html_of(client, "/toegankelijkheid/"))
    assert "mailto:" not in text
    assert "Neem contact op met de cliëntenraad" in text


def test_the_privacy_page_covers_members_consent_and_subscribers(client, site):
    text = strip_tags(html_of(client, "/privacy/"))
    for words in (
        "alleen op deze website als het lid daar toestemming voor heeft gegeven",
        "Het e-mailadres van een lid is nooit openbaar",
        "alleen uw e-mailadres, wat u volgt",
        "48 uur",
        "met één klik af te melden",
        "Volgt u niets meer, dan wissen wij uw e-mailadres",
        "Autoriteit Persoonsgegevens",
    ):
        assert words in text, words


# --- 404 and 500 under production settings ---------------------------------------------


@pytest.fixture
def production(settings):
    """What production changes for error pages: DEBUG off, errors answered, not raised."""
    settings.DEBUG = False
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    settings.ALLOWED_HOSTS = ["testserver"]


def test_a_missing_page_gets_the_dutch_404_with_the_skip_link_and_a_way_back(
    client, site, production
):
    for path in ["/bestaat-niet/", "/leiden/bestaat-niet/", "/onderwerpen/bestaat-niet/"]:
        response = client.get(path)
        assert response.status_code == 404, path
        html = response.content.decode()
        assert '<html lang="nl">' in html
        assert "Deze pagina bestaat niet" in html
        assert '<a class="skip-link" href="#inhoud">Naar de inhoud</a>' in html
        assert '<a href="/">Naar de startpagina</a>' in html
        assert "Not Found" not in html


def test_a_server_error_gets_the_dutch_500_without_touching_the_database(
    client, site, production, monkeypatch, django_assert_num_queries
):
    def broken(request, *, page):
        raise RuntimeError("kapot")

    monkeypatch.setattr("publications.info_views.privacy", broken)
    client.raise_request_exception = False
    response = client.get("/privacy/")

    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "Er ging iets mis" in html
    assert '<a class="skip-link" href="#inhoud">Naar de inhoud</a>' in html
    assert '<a href="/">Naar de startpagina</a>' in html
    assert "Server Error" not in html


def test_the_500_template_renders_without_a_request_or_a_query(django_assert_num_queries):
    from django.template import loader

    with django_assert_num_queries(0):
        html = loader.get_template("500.html").render()
    assert '<html lang="nl">' in html and "Er ging iets mis" in html
