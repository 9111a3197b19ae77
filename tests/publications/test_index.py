"""The letter index: filters that combine, Wagtail search, pagination, bad input."""

import re

import pytest

from benchmarks.bulk import add_published_letters

pytestmark = pytest.mark.django_db


def titles(client, query):
    response = client.get("/brieven/" + query)
    assert response.status_code == 200, query
    html = response.content.decode()
    listing = html.split('class="letter-list"', 1)[1] if 'class="letter-list"' in html else ""
    return re.findall(r'<a href="/[^"]+/">([^<]+)</a>\s*<span class="letter-list-meta">', listing)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["c", "b", "a"]),  # newest letter date first
        ("?council=leiden", ["c", "a"]),
        ("?topic=bejegening", ["c", "b"]),
        ("?council=leiden&topic=bejegening", ["c"]),
        ("?body=sleutelstad/college", ["b"]),
        ("?body=sleutelstad/commissie-werk&topic=armoede", ["c", "a"]),
        ("?kind=gevraagd-advies&year=2024", ["c", "b"]),
        ("?year=2023", ["a"]),
        ("?kind=visie", []),
        ("?year=onbekend", []),
        ("?q=bejegening", ["c", "b"]),  # b says it, c is tagged with it
        ("?q=kanttekeningen&council=leiden", ["c", "a"]),
        ("?q=kanttekeningen+dienstverlening", ["c"]),  # every word must match
        ("?q=bejegening&council=leiden", ["c"]),
        ("?q=bejegening&council=leiderdorp&topic=armoede", []),
        ("?q=kanttekeningen&topic=bejegening&year=2024", ["c", "b"]),
    ],
)
def test_filters_and_search_combine(client, site, query, expected):
    letters = {"a": site.a, "b": site.b, "c": site.c}
    # Newest first, with a search too (publications.search.NewestFirst).
    assert titles(client, query) == [letters[key].title for key in expected]


def test_search_matches_the_start_of_words_on_both_databases(client, site):
    # "kanttekening" starts "kanttekeningen" in the texts: prefix matching finds
    # it on SQLite and PostgreSQL alike (publications.search).
    assert len(titles(client, "?q=kanttekening")) == 3
    assert len(titles(client, "?q=KANTTEKENINGEN")) == 3
    assert titles(client, "?q=kanttekeningenlijst") == []


def test_pagination_keeps_the_filters(client, site):
    add_published_letters(site.leiden.page, 45, topics=[site.poverty], addressee=site.committee)

    first = client.get("/brieven/?council=leiden&topic=armoede").content.decode()
    second = client.get("/brieven/?council=leiden&topic=armoede&page=2").content.decode()
    last = client.get("/brieven/?council=leiden&topic=armoede&page=3").content.decode()

    assert "47 brieven" in first  # 45 added, a and c
    assert 'href="?council=leiden&amp;topic=armoede&amp;page=2" rel="next"' in first
    assert first.count('class="letter-list-meta"') == 20
    assert 'href="?council=leiden&amp;topic=armoede&amp;page=1" rel="prev"' in second
    assert 'href="?council=leiden&amp;topic=armoede&amp;page=3" rel="next"' in second
    assert last.count('class="letter-list-meta"') == 7
    assert "Pagina 3 van 3" in last


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("?page=abc", None),
        ("?page=99999", None),
        ("?page=0", None),
        ("?page=-3", None),
        ("?page=1e10", None),
        ("?page=" + "9" * 5000, None),
        ("?year=x", "“x” is geen jaartal"),
        ("?year=99999999999", "geen jaartal"),
        ("?year=1850", "Er zijn geen brieven uit 1850."),
        ("?year=0", "Er zijn geen brieven uit 0."),
        ("?topic=onbekend", "Er zijn geen brieven over het onderwerp “onbekend”"),
        ("?council=nergens", "We kennen geen cliëntenraad “nergens”"),
        ("?kind=roman", "“roman” is geen soort brief"),
        ("?body=a/b", "Er zijn geen brieven aan “a/b”"),
        ("?body=/", "Er zijn geen brieven aan “/”"),
        ("?council=%00&topic=%00", "We kennen geen cliëntenraad"),
        ("?q=" + "x" * 10_000, None),
        ("?q=" + "woord+" * 3000, "alleen op de eerste 12 woorden"),
        ("?q=%22", "leestekens en symbolen tellen niet mee"),
        ("?q=%00", "leestekens"),
        ("?q=%22kant%22+OR+NEAR(a,b)+*", None),
        ("?q=%E2%80%AE%F0%9F%98%80", "leestekens"),
        ("?q=%ED%A0%80", None),  # an encoded lone surrogate
        ("?q=caf%C3%A9+cafe%CC%81", None),  # composed and decomposed é
        ("?q=a%0D%0Ab%09c", None),
        ("?q=x&q=y&page=2&page=abc", None),
    ],
)
def test_bad_parameters_give_a_normal_page(client, site, query, note):
    response = client.get("/brieven/" + query)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Brieven en adviezen</h1>" in html
    if note:
        assert note in html


def test_unknown_choices_are_left_out_and_the_rest_still_applies(client, site):
    html = client.get("/brieven/?council=nergens&topic=bejegening").content.decode()

    assert "We kennen geen cliëntenraad “nergens”; die keuze is weggelaten." in html
    assert titles(client, "?council=nergens&topic=bejegening") == [site.c.title, site.b.title]


def test_the_index_shows_what_was_searched_and_offers_every_choice(client, site):
    html = client.get("/brieven/?q=bejegening&council=leiderdorp").content.decode()

    assert "<title>Zoeken naar “bejegening”" in html
    assert "1 brief gevonden voor “bejegening”" in html
    assert '<option value="leiderdorp" selected>' in html
    for choice in ("leiden", "armoede", "sleutelstad/college", "gevraagd-advies", "2023"):
        assert f'value="{choice}"' in html
    assert 'value="onbekend"' not in html  # no letter without a date
    assert "Toon alle brieven zonder keuzes" in html


def test_search_results_are_paginated_with_the_search_kept(client, site):
    from wagtail.search.backends import get_search_backend

    from advice.models import LetterPage

    ids = add_published_letters(site.leiderdorp.page, 25, addressee=site.executive)
    get_search_backend().get_index_for_model(LetterPage).add_items(
        LetterPage, list(LetterPage.objects.filter(pk__in=ids))
    )

    first = client.get("/brieven/?q=kanttekeningen").content.decode()
    second = client.get("/brieven/?q=kanttekeningen&page=2").content.decode()
    narrowed = client.get("/brieven/?q=kanttekeningen&council=leiden").content.decode()

    assert "28 brieven gevonden voor “kanttekeningen”" in first  # 25 added, a, b and c
    assert first.count('class="letter-list-meta"') == 20
    assert 'href="?q=kanttekeningen&amp;page=2" rel="next"' in first
    assert second.count('class="letter-list-meta"') == 8
    assert "2 brieven gevonden" in narrowed


# --- A capped count: deep pages never count or skip every letter ---------------------------------


@pytest.fixture
def small_cap(monkeypatch):
    """A cap of 40 letters, two pages of 20 (the real one is 10,000: 500 pages)."""
    monkeypatch.setattr("publications.pagination.LISTING_CAP", 40)


def test_over_the_cap_the_index_says_more_than_and_offers_the_pages_up_to_it(
    client, site, small_cap
):
    add_published_letters(site.leiden.page, 45, topics=[site.poverty], addressee=site.committee)

    first = client.get("/brieven/").content.decode()
    assert "Meer dan 40 brieven" in first
    assert "48 brieven" not in first
    assert "Pagina 1 van 2" in first
    last = client.get("/brieven/?page=2").content.decode()
    assert "Pagina 2 van 2" in last
    assert 'rel="next"' not in last
    assert last.count('class="letter-list-meta"') == 20
    # Under the cap a filter counts exactly.
    assert "1 brief<" in client.get("/brieven/?council=leiderdorp").content.decode()


@pytest.mark.parametrize("number", ["3", "500", "99999", "9" * 40])
def test_a_page_past_the_cap_shows_the_last_page_offered_and_how_to_go_further(
    client, site, small_cap, number
):
    add_published_letters(site.leiden.page, 45, topics=[site.poverty], addressee=site.committee)
    last = client.get("/brieven/?page=2").content.decode()

    response = client.get(f"/brieven/?page={number}")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Pagina 2 van 2" in html
    assert titles(client, f"?page={number}") == titles(client, "?page=2")
    assert "We tonen de nieuwste 40 brieven. Kies een jaar" in html
    assert "We tonen de nieuwste" not in last


def test_the_capped_count_never_counts_an_unpublished_letter(client, site, small_cap):
    added = add_published_letters(site.leiden.page, 38, addressee=site.committee)
    assert "41 brieven" not in client.get("/brieven/").content.decode()
    assert "Meer dan 40 brieven" in client.get("/brieven/").content.decode()

    from advice.models import LetterPage

    LetterPage.objects.get(pk=added[0]).unpublish()

    html = client.get("/brieven/").content.decode()
    assert "40 brieven" in html
    assert "Meer dan" not in html


def test_the_capped_count_reads_no_more_than_the_cap(site, small_cap):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from publications import queries
    from publications.pagination import CappedPaginator

    add_published_letters(site.leiden.page, 45, addressee=site.committee)
    paginator = CappedPaginator(queries.public_letters().for_listing().newest_first(), 20)
    with CaptureQueriesContext(connection) as counted:
        assert (paginator.count, paginator.capped, paginator.num_pages) == (40, True, 2)
    count_sql = [q["sql"] for q in counted if "COUNT(" in q["sql"].upper()]
    assert len(count_sql) == 1
    assert "LIMIT 41" in count_sql[0]
    assert "ORDER BY" not in count_sql[0].upper()  # stops at the cap in any order
