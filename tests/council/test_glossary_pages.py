"""The glossary's links on the demo's public pages, its query budget and the public cache (issue 18).

On the demo content: the seed letter of Leiden (7 April 2009) has terms in
its metadata and text.
"""

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import strip_tags

from council.models import GlossaryTerm
from tests.factories.council import GlossaryTermFactory

pytestmark = pytest.mark.django_db

LETTER = "/leiden/advies-voor-de-commissie-werk-financien-van-7-april-2009/"
GLOSSARY_LINK = re.compile(r'<a class="begrip" href="/begrippen/#([\w-]+)">([^<]*)</a>')


def html_of(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.fixture
def public_cache(settings):
    """The public page cache switched on (it is off in the test settings), empty."""
    settings.PUBLIC_CACHE_ENABLED = True
    cache = caches[settings.PUBLIC_CACHE_ALIAS]
    cache.clear()
    yield cache
    cache.clear()


def test_the_letter_links_each_term_once_at_its_first_occurrence_outside_links_and_headings(
    client, demo
):
    html = html_of(client, LETTER)
    main = html[html.index('<main id="inhoud"') : html.index("</main>")]
    links = GLOSSARY_LINK.findall(main)
    slugs = [slug for slug, _ in links]

    assert "commissie" in slugs and "beleidsregel" in slugs  # from the metadata and the letter text
    assert len(slugs) == len(set(slugs))  # once per page
    known = set(GlossaryTerm.objects.values_list("slug", flat=True))
    assert set(slugs) <= known
    # Each link is at the term's first occurrence in running text: no earlier
    # occurrence of any of its forms outside a heading, a link or a label.
    for slug, shown in links:
        term = GlossaryTerm.objects.get(slug=slug)
        before = main[: main.index(f'href="/begrippen/#{slug}"')]
        prose = re.sub(
            r"<(h[1-6]|a|dt|code|th|caption|label|button)\b.*?</\1>", " ", before, flags=re.S
        )
        for form in term.forms():
            assert not re.search(rf"(?<!\w){re.escape(form)}(?!\w)", strip_tags(prose), re.I), (
                slug,
                form,
            )
        assert shown.lower() in [f.lower() for f in term.forms()]
    # Never in a heading or inside another link.
    for heading in re.findall(r"<h[1-6]\b.*?</h[1-6]>", main, flags=re.S):
        assert 'class="begrip"' not in heading
    for anchor in re.findall(r"<a\b[^>]*>.*?</a>", main, flags=re.S):
        assert anchor.count("<a") == 1


def test_the_query_count_of_a_letter_page_does_not_grow_with_the_glossary(client, demo):
    client.get(LETTER)
    with CaptureQueriesContext(connection) as small:
        client.get(LETTER)
    GlossaryTermFactory.create_batch(200)
    with CaptureQueriesContext(connection) as large:
        html = html_of(client, LETTER)
    assert len(large) == len(small)
    glossary_queries = [q for q in large.captured_queries if "council_glossaryterm" in q["sql"]]
    assert len(glossary_queries) == 1
    assert 'href="/begrippen/#commissie"' in html


def test_a_changed_explanation_and_a_new_term_reach_pages_the_cache_had_stored(
    client, demo, public_cache
):
    assert client.get("/begrippen/")["X-Public-Cache"] == "miss"
    assert client.get(LETTER)["X-Public-Cache"] == "miss"
    assert client.get(LETTER)["X-Public-Cache"] == "hit"

    term = GlossaryTerm.objects.get(slug="motie")
    term.explanation = "Een nieuwe uitleg van een motie."
    term.save()
    GlossaryTermFactory(term="Winnersway", slug="winnersway")

    glossary = client.get("/begrippen/")
    assert glossary["X-Public-Cache"] == "miss"
    assert "Een nieuwe uitleg van een motie." in glossary.content.decode()
    letter = client.get(LETTER)
    assert letter["X-Public-Cache"] == "miss"


def test_every_page_links_the_statement_privacy_and_glossary_from_its_footer(client, demo):
    for path in ["/", LETTER, "/brieven/", "/begrippen/", "/open-data/"]:
        html = html_of(client, path)
        footer = html[html.index('<footer class="site-footer">') :]
        for href in ('href="/toegankelijkheid/"', 'href="/privacy/"', 'href="/begrippen/"'):
            assert href in footer, (path, href)


def test_the_follow_form_links_the_privacy_page(client, demo):
    html = html_of(client, "/leiden/")
    assert 'href="/privacy/#volgers"' in html
