"""Search that finds what people type: references, topics with hyphens, Dutch compounds.

On SQLite and PostgreSQL alike (the suite runs on both); nothing unpublished is found.
"""

import re

import pytest
from wagtail.search.backends import get_search_backend

from advice.models import LetterPage
from benchmarks.bulk import add_published_letters
from tests.factories.advice import letter_page, published_letter
from tests.factories.council import TopicFactory

pytestmark = pytest.mark.django_db


def text(sentence):
    return [("text", sentence)]


def site_titles(client, query):
    response = client.get("/brieven/?q=" + query)
    assert response.status_code == 200, query
    html = response.content.decode()
    listing = html.split('class="letter-list"', 1)[1] if 'class="letter-list"' in html else ""
    return re.findall(r'<a href="/[^"]+/">([^<]+)</a>\s*<span class="letter-list-meta">', listing)


def api_titles(client, query):
    response = client.get("/api/v2/pages/?search=" + query)
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


@pytest.fixture
def more(site):
    """Letters the site's three do not cover, each with its own words."""
    reintegration = TopicFactory(name="re-integratie", slug="re-integratie")
    return {
        "mentions": published_letter(
            site.leiderdorp,
            title="Advies over de uitvoering",
            body=text("Wij verwijzen naar ons advies CR-2024-002 over de dienstverlening."),
        ),
        "tagged": published_letter(
            site.leiderdorp, title="Advies over trajecten", topics=[reintegration]
        ),
        "vision": published_letter(
            site.leiden,
            title="Advies over de visie",
            body=text("De re-integratievisie van de gemeente schiet tekort."),
        ),
        "complaints": published_letter(
            site.leiden,
            title="Advies over de regeling",
            body=text("De nieuwe klachtenregeling is onduidelijk voor inwoners."),
        ),
    }


@pytest.mark.parametrize(
    "typed", ["CR-2024-002", "cr-2024-002", "CR-2024-2", "CR 2024 002", "%20CR-2024-02%20"]
)
def test_a_reference_finds_its_letter_first(client, site, more, typed):
    assert site.c.reference == "CR-2024-002"
    for titles in (site_titles(client, typed), api_titles(client, typed)):
        assert titles[0] == site.c.title
        # The letter that mentions the reference in its text comes after it.
        assert titles[1:] == [more["mentions"].title]


def test_a_reference_respects_the_other_filters(client, site, more):
    assert site_titles(client, "CR-2024-002&council=leiderdorp") == [more["mentions"].title]
    response = client.get("/api/v2/pages/?search=CR-2024-002&council=leiderdorp")
    assert [item["title"] for item in response.json()["items"]] == [more["mentions"].title]


def test_a_reference_of_two_councils_finds_both(client, site, more):
    # Each council numbers its own letters: a (Leiden) and b (Leiderdorp) are both 001.
    assert sorted(site_titles(client, "CR-2024-001")[:2]) == sorted([site.a.title, site.b.title])
    assert site_titles(client, "CR-2031-001") == []
    assert api_titles(client, "CR-2024-000") == []


def test_a_topic_is_searched_with_its_hyphen(client, site, more):
    expected = sorted([more["tagged"].title, more["vision"].title])
    assert sorted(site_titles(client, "re-integratie")) == expected
    assert sorted(api_titles(client, "re-integratie")) == expected
    # A topic name is found as a word too: c is tagged "bejegening", b says it in its title.
    assert sorted(site_titles(client, "bejegening")) == sorted([site.b.title, site.c.title])


def test_a_word_finds_the_compounds_it_starts(client, site, more):
    assert site_titles(client, "klachten") == [more["complaints"].title]
    assert api_titles(client, "klachten") == [more["complaints"].title]
    assert site_titles(client, "KLACHTEN+inwoners") == [more["complaints"].title]
    assert site_titles(client, "klachtenregelingen") == []  # a prefix, not a fuzzy match
    # The API's search_operator=or: any word, each a prefix.
    assert api_titles(client, "klachten+inwonersraad") == []
    assert api_titles(client, "klachten+inwonersraad&search_operator=or") == [
        more["complaints"].title
    ]


def test_nothing_unpublished_is_found(client, site, admin_user):
    draft = letter_page(site.leiden, body=text("Het woord zwartzuurvogeltje staat in een concept."))
    assert not draft.live
    published = published_letter(site.leiden, title="Advies over de uitvoering")
    published.body = text("Het woord blauwzuurvogeltje staat alleen in een nieuwe versie.")
    published.save_revision(user=admin_user)  # a draft of a published letter
    backend = get_search_backend()
    # The draft is in the search index (Wagtail indexes every page): only the
    # public queryset keeps it out.
    assert backend.search("zwartzuurvogeltje", LetterPage).count() == 1
    for word in ("zwartzuurvogeltje", "zwartzuur", "blauwzuurvogeltje", "blauwzuur"):
        assert site_titles(client, word) == [], word
        assert api_titles(client, word) == [], word
    unpublished = published_letter(
        site.leiden, title="Ingetrokken advies", body=text("Een roodzuurvogeltje.")
    )
    assert site_titles(client, "roodzuurvogeltje") == [unpublished.title]
    unpublished.unpublish()
    assert site_titles(client, "roodzuurvogeltje") == []
    assert api_titles(client, "roodzuurvogeltje") == []


def test_search_queries_do_not_grow_with_the_results(
    client, site, more, django_assert_max_num_queries
):
    ids = add_published_letters(site.leiderdorp.page, 30, addressee=site.executive)
    get_search_backend().get_index_for_model(LetterPage).add_items(
        LetterPage, list(LetterPage.objects.filter(pk__in=ids))
    )
    for url in (
        "/brieven/?q=kanttekeningen",
        "/brieven/?q=CR-2024-002",
        "/api/v2/pages/?search=kanttekeningen",
        "/api/v2/pages/?search=CR-2024-002",
    ):
        client.get(url)
        with django_assert_max_num_queries(13):
            response = client.get(url)
        assert response.status_code == 200


def excerpts(client, query):
    html = client.get("/brieven/?q=" + query).content.decode()
    return re.findall(r'<span class="letter-list-excerpt">(.*?)</span>', html)


def test_an_excerpt_marks_the_words_found(client, site, more):
    assert excerpts(client, "klachten") == [
        "De nieuwe <mark>klachtenregeling</mark> is onduidelijk voor inwoners."
    ]
    assert sorted(excerpts(client, "re-integratie")) == [
        "De <mark>re</mark>-<mark>integratievisie</mark> van de gemeente schiet tekort.",
        "De cliëntenraad geeft een advies over de samenwerking.",
    ]  # the tagged letter matched on its topic: its summary stands in for its text


def test_an_excerpt_of_a_long_text_is_cut_around_the_match_and_escaped(client, site):
    long = "Inleiding " * 60 + "over de <b>armoederegeling</b> & meer. " + "Slot " * 60
    published_letter(site.leiden, title="Lang advies", body=text(long))
    (shown,) = excerpts(client, "armoederegeling")
    assert shown.startswith("… Inleiding") and shown.endswith("Slot …")
    assert "&lt;b&gt;<mark>armoederegeling</mark>&lt;/b&gt; &amp; meer." in shown
    assert "<b>" not in shown
    assert len(shown) < 400
    assert excerpts(client, "") == []  # no search, no excerpts


def test_without_a_matching_word_the_excerpt_is_the_summary(client, site):
    published_letter(
        site.leiden,
        title="Advies over de kwijtschelding",
        body=text("Iets heel anders."),
        summary="Wij vragen om <b>meer</b> hulp bij schulden & minder regels.",
    )
    # Only the title matched: the summary, escaped, stands in for a piece of the text.
    assert excerpts(client, "kwijtschelding") == [
        "Wij vragen om &lt;b&gt;meer&lt;/b&gt; hulp bij schulden &amp; minder regels."
    ]
    # A word only the summary has: found, and marked there.
    assert excerpts(client, "schulden") == [
        "Wij vragen om &lt;b&gt;meer&lt;/b&gt; hulp bij <mark>schulden</mark> &amp; minder regels."
    ]
    # A word of the text: a piece of the text, as before.
    assert excerpts(client, "anders") == ["Iets heel <mark>anders</mark>."]


def test_a_long_summary_excerpt_is_cut_at_a_word(client, site):
    summary = "Kort. " + "Woorden " * 70
    published_letter(
        site.leiden, title="Advies over de kwijtschelding", body=text("X."), summary=summary
    )
    (shown,) = excerpts(client, "kwijtschelding")
    assert shown.startswith("Kort. Woorden") and shown.endswith("Woorden …")
    assert len(shown) <= 225
