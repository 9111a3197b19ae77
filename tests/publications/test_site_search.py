"""The search of the whole site (``/zoeken/``): letters, agenda items, motions, consultations.

On SQLite and PostgreSQL alike (the suite runs on both): references, compounds,
counts per kind that add up, marked and escaped excerpts, the feed of a search,
nothing that is not public, and bad input.
"""

import datetime
import re
from urllib.parse import quote

import feedparser
import pytest
from django.db import connection
from wagtail.models import PageViewRestriction

from advice.models import Consultation
from alerts.targets import clean_search
from publications.site_search import marked_headline
from tests.factories.advice import ConsultationFactory, letter_page, published_letter
from tests.factories.agenda import AgendaItemFactory, MeetingFactory
from tests.factories.council import CouncilFactory, TopicFactory
from tests.factories.motions import MotionFactory
from tests.factories.publications import council_page

pytestmark = pytest.mark.django_db


def text(sentence):
    return [("text", sentence)]


@pytest.fixture
def records(site):
    """One public record of each kind with "klachtenregeling", and hidden ones that say it too."""
    meeting = MeetingFactory(
        council=site.leiden, body=site.committee, title="Commissie Werk en Inkomen",
        date=datetime.date(2024, 4, 2),
    )  # fmt: skip
    item = AgendaItemFactory(
        meeting=meeting, number="7", title="Evaluatie van de regeling",
        summary="De raad bespreekt de klachtenregeling van de sociale dienst.",
        proposal_number="RV-2024-031",
    )  # fmt: skip
    reintegration = TopicFactory(name="re-integratie", slug="re-integratie")
    tagged_item = AgendaItemFactory(meeting=meeting, number="8", title="Trajecten naar werk")
    tagged_item.topics.add(reintegration)
    tagged_item.save()
    motion = MotionFactory(
        council=site.leiderdorp, identifier="M2024-07", title="Motie toegankelijke loketten",
        operative_text="Verzoekt het college de klachtenregeling te vereenvoudigen.",
        submitted_on=datetime.date(2024, 1, 20),
    )  # fmt: skip
    consultation = ConsultationFactory(
        council=site.leiden, reference="2024-03", subject="Besluit over de bijstand",
        summary="Over de <b>klachtenregeling</b> & meer <script>alert(1)</script>.",
        internal_notes="GEHEIMENOTITIE over de klachtenregeling",
        decided_on=datetime.date(2024, 2, 1),
    )  # fmt: skip
    letter = published_letter(
        site.leiden, title="Advies over de regeling", date=datetime.date(2024, 3, 10),
        body=text("De nieuwe klachtenregeling is onduidelijk voor inwoners."),
    )  # fmt: skip

    # Not public: a draft letter, and the records of a council whose page was
    # unpublished, of one without a page and of one behind a password.
    draft = letter_page(site.leiden, title="Concept over de klachtenregeling")
    hidden = []
    for slug, how in (("verborgen", "unpublished"), ("zonderpagina", None), ("besloten", "login")):
        council = CouncilFactory(name=f"Cliëntenraad {slug}", slug=slug)
        if how is not None:
            page = council_page(council)
            if how == "unpublished":
                page.unpublish()
            else:
                PageViewRestriction.objects.create(
                    page=page, restriction_type=PageViewRestriction.PASSWORD, password="x"
                )
        hidden_meeting = MeetingFactory(council=council, title=f"Verborgen vergadering {slug}")
        hidden += [
            AgendaItemFactory(meeting=hidden_meeting, title=f"Verborgen klachtenregeling {slug}"),
            MotionFactory(council=council, title=f"Verborgen motie klachtenregeling {slug}"),
            ConsultationFactory(council=council, subject=f"Verborgen klachtenregeling {slug}"),
        ]
    return {
        "item": item, "tagged item": tagged_item, "motion": motion, "consultation": consultation,
        "letter": letter, "draft": draft, "hidden": hidden,
    }  # fmt: skip


def page(client, query):
    response = client.get("/zoeken/?" + query)
    assert response.status_code == 200, query
    return response.content.decode()


def titles(html):
    listing = html.split('class="letter-list search-results"', 1)
    if len(listing) == 1:
        return []
    return re.findall(r'<a href="[^"]*">([^<]+)</a>\s*<span class="letter-list-meta">', listing[1])


def counts(html):
    """``{label: count}`` of the kind filters, and the total in the heading."""
    nav = html.split('class="search-kinds"', 1)[1].split("</nav>", 1)[0]
    found = dict(re.findall(r'">([^<]+?) <span class="count">\((\d+)\)</span>', nav))
    total = re.search(r'<h2 id="resultaten">(\d+) resultat?e?n? voor', html)
    return {label: int(n) for label, n in found.items()}, int(total[1])


def test_a_word_finds_every_kind_of_record_with_the_compounds_it_starts(client, site, records):
    html = page(client, "q=klachten")
    found = titles(html)
    assert sorted(found) == sorted(
        [
            "7. Evaluatie van de regeling",
            "Motie toegankelijke loketten",
            "Besluit over de bijstand",
            "Advies over de regeling",
        ]
    )
    # Newest first: the meeting (April), the letter (dated March), the consultation
    # (decided February), the motion (January).
    assert found == [
        "7. Evaluatie van de regeling",
        "Advies over de regeling",
        "Besluit over de bijstand",
        "Motie toegankelijke loketten",
    ]
    assert "klachtenregelingen" not in html
    assert titles(page(client, "q=klachtenregelingen")) == []  # a prefix, not a fuzzy match


def test_a_topic_with_a_hyphen_is_found(client, site, records):
    assert "8. Trajecten naar werk" in titles(page(client, "q=re-integratie"))


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("CR-2024-002", "Advies over de dienstverlening"),  # site.c, a letter
        ("cr 2024 2", "Advies over de dienstverlening"),
        ("M2024-07", "Motie toegankelijke loketten"),
        ("m2024-07", "Motie toegankelijke loketten"),
        ("2024-03", "Besluit over de bijstand"),
        ("RV-2024-031", "7. Evaluatie van de regeling"),
    ],
)
def test_a_reference_finds_its_record_first(client, site, records, typed, first):
    assert titles(page(client, "q=" + quote(typed)))[0] == first


def test_the_counts_per_kind_add_up(client, site, records):
    per_kind, total = counts(page(client, "q=klachten"))
    assert per_kind == {
        "Alles": 4, "Brieven": 1, "Agendapunten": 1, "Moties en toezeggingen": 1,
        "Raadplegingen": 1,
    }  # fmt: skip
    assert total == 4 == sum(n for label, n in per_kind.items() if label != "Alles")
    for kind, title in (
        ("brieven", "Advies over de regeling"),
        ("agendapunten", "7. Evaluatie van de regeling"),
        ("moties", "Motie toegankelijke loketten"),
        ("raadplegingen", "Besluit over de bijstand"),
    ):
        html = page(client, f"q=klachten&soort={kind}")
        assert titles(html) == [title], kind
        assert counts(html) == (per_kind, 4), kind  # the counts stay, whatever is shown


def test_pagination_keeps_the_search_and_the_kind(client, site, records):
    for n in range(25):
        MotionFactory(council=site.leiden, title=f"Motie armoedebeleid {n}")
    html = page(client, "q=armoedebeleid&soort=moties")
    assert len(titles(html)) == 20
    assert 'href="?q=armoedebeleid&amp;soort=moties&amp;page=2"' in html
    second = page(client, "q=armoedebeleid&soort=moties&page=2")
    assert len(titles(second)) == 5
    assert not set(titles(second)) & set(titles(html))
    # The filters and the feed keep the words; the feed keeps the kind.
    assert 'href="?q=armoedebeleid"' in html
    assert 'href="/zoeken/rss/?q=armoedebeleid&amp;soort=moties"' in html


def excerpts(html):
    return re.findall(r'<span class="letter-list-excerpt">(.*?)</span>', html, re.S)


def test_an_excerpt_marks_the_words_and_escapes_everything_else(client, site, records):
    html = page(client, "q=klachten&soort=raadplegingen")
    (shown,) = excerpts(html)
    assert "<mark>klachtenregeling</mark>" in shown
    assert "&lt;script&gt;" in shown or "script" not in shown
    assert "<script>" not in html.split("<main", 1)[1]
    assert "<b>" not in shown
    assert "&amp;" in shown
    assert re.sub(r"</?mark>", "", shown).count("<") == 0  # no other markup
    for kind, word in (("agendapunten", "klachtenregeling"), ("moties", "klachtenregeling")):
        (shown,) = excerpts(page(client, f"q=klachten&soort={kind}"))
        assert f"<mark>{word}</mark>" in shown, kind
    (letter,) = excerpts(page(client, "q=klachten&soort=brieven"))
    assert letter == "De nieuwe <mark>klachtenregeling</mark> is onduidelijk voor inwoners."


@pytest.mark.parametrize(
    "headline",
    [
        "a \ue000<b>x</b>\ue001 & \ue000y",
        "\ue001\ue000\ue000<script>\ue001",
        "<img src=x onerror=alert(1)> \ue000z\ue001",
    ],
)
def test_a_headline_with_stray_markers_stays_safe(headline):
    html = marked_headline(headline)
    assert re.sub(r"</?mark>", "", html).count("<") == 0
    assert html.count("<mark>") == html.count("</mark>")


def test_nothing_that_is_not_public_is_found(client, site, records):
    for query in ("q=klachten", "q=verborgen", "q=concept", "q=GEHEIMENOTITIE", "q=zonderpagina"):
        for kind in ("", "&soort=agendapunten", "&soort=moties", "&soort=raadplegingen"):
            html = page(client, query + kind)
            for secret in ("Verborgen", "Concept over", "GEHEIMENOTITIE", "verborgen"):
                assert secret not in html.split("<main", 1)[1].replace(query[2:], ""), query + kind
    _per_kind, total = counts(page(client, "q=verborgen"))
    assert total == 0
    assert counts(page(client, "q=klachten"))[1] == 4
    for fmt in ("rss", "atom"):
        feed = client.get(f"/zoeken/{fmt}/?q=klachten").content.decode()
        assert "Verborgen" not in feed and "Concept" not in feed and "GEHEIM" not in feed
        assert len(feedparser.parse(feed).entries) == 4


def test_a_letter_unpublished_later_is_gone(client, site, records):
    records["letter"].unpublish()
    html = page(client, "q=klachten")
    assert "Advies over de regeling" not in html
    assert counts(html)[0]["Brieven"] == 0


BAD_QUERIES = [
    "q=" + "klachten%20" * 3000,
    "q=%00%01%1f%7f",
    "q=%22%27%3C%3E*%3A()%5E-",
    "q=klachten&soort=onzin",
    "q=klachten&soort=" + "x" * 5000,
    "q=klachten&page=abc",
    "q=klachten&page=-1",
    "q=klachten&page=99999",
    "q=klachten&page=1e9",
    "q=klachten&soort=moties&page=0",
    "q=%F0%9F%98%80",
    "q=_",
    "q=%E2%80%AE",
    "q[]=x&soort[]=y",
    "q=klachten&q=regeling&soort=moties&soort=brieven",
    "",
    "soort=moties",
]


def test_bad_input_gets_a_page_and_never_an_error(client, site, records):
    for query in BAD_QUERIES:
        html = page(client, query)
        if "soort=onzin" in query or "x" * 100 in query:
            assert "is geen soort die we kennen" in html
            assert counts(html)[1] == 4
        if "page=" in query:  # the first page, or the last (the only one)
            assert len(titles(html)) == (1 if "moties" in query else 4), query
        if query in ("", "soort=moties"):
            assert "Typ een of meer woorden om te zoeken." in html
        if "%00" in query or "%22" in query:
            assert "Zoek op woorden; leestekens en symbolen tellen niet mee." in html
        for fmt in ("rss", "atom"):
            response = client.get(f"/zoeken/{fmt}/?{query}")
            assert response.status_code == 200, query
            assert feedparser.parse(response.content).bozo == 0, query


def test_the_feed_validates_and_answers_304_when_unchanged(client, site, records):
    html = page(client, "q=klachten&soort=moties")
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        'title="Zoekresultaten voor “klachten” (moties en toezeggingen) (Atom)" '
        'href="/zoeken/atom/?q=klachten&amp;soort=moties">'
    ) in html
    for fmt in ("rss", "atom"):
        response = client.get(f"/zoeken/{fmt}/?q=klachten")
        assert response.status_code == 200
        parsed = feedparser.parse(response.content)
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        assert [entry.title for entry in parsed.entries] == [
            "Agendapunt: 7. Evaluatie van de regeling",
            "Brief: Advies over de regeling",
            "Raadpleging: Besluit over de bijstand",
            "Motie: Motie toegankelijke loketten",
        ]
        assert parsed.feed.link.endswith("/zoeken/?q=klachten")
        ids = {entry.id for entry in parsed.entries}
        assert f"tag:localhost,2024-03-01:brief/{records['letter'].pk}" in ids or any(
            entry_id.endswith(f":brief/{records['letter'].pk}") for entry_id in ids
        )
        again = client.get(f"/zoeken/{fmt}/?q=klachten", HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304
        assert again.content == b""
        # A change to what it shows makes it new.
    MotionFactory(council=site.leiden, title="Nog een klachtenregeling")
    from publications import caching

    caching.bump(caching.MOTIONS)
    changed = client.get("/zoeken/rss/?q=klachten", HTTP_IF_NONE_MATCH=response["ETag"])
    assert changed.status_code == 200
    moties = feedparser.parse(client.get("/zoeken/atom/?q=klachten&soort=moties").content)
    assert {entry.title for entry in moties.entries} == {
        "Motie: Motie toegankelijke loketten",
        "Motie: Nog een klachtenregeling",
    }


def test_the_page_carries_the_follow_form_for_its_search(client, site, records):
    letters = page(client, "q=klachten&soort=brieven&page=1")
    assert (
        '<input type="hidden" name="zoekopdracht" value="q=klachten&amp;soort=brieven">' in letters
    )
    assert 'action="/volgen/zoekopdracht/0/"' in letters
    all_kinds = page(client, "q=klachten")
    assert 'name="zoekopdracht" value="q=klachten&amp;soort=alles"' in all_kinds
    # Alerts bring news of letters: a search of motions only is not offered to follow.
    motions = page(client, "q=klachten&soort=moties")
    assert 'name="zoekopdracht"' not in motions
    assert "Een zoekopdracht volgen per e-mail kan voor brieven" in motions
    # The stored search keeps the kind (and only the filters it knows).
    assert clean_search("soort=moties&q=klachten&page=2&x=1") == "q=klachten&soort=moties"


def test_the_site_links_the_search(client, site):
    home = page(client, "").replace("", "")
    assert 'href="/zoeken/"' in home
    html = client.get("/").content.decode()
    assert 'action="/zoeken/"' in html
    assert client.get("/brieven/?q=advies").status_code == 200  # the letter index still searches


def test_the_consultation_records_come_from_public_councils_only(site, records):
    # A guard for the fixture: the hidden consultations exist and say the word.
    assert Consultation.objects.filter(subject__startswith="Verborgen").count() == 3
    assert connection.vendor in ("sqlite", "postgresql")


@pytest.fixture
def more_letters(site, records):
    """Two more public letters with the word, newer and older, and a draft that says it too."""
    return [
        published_letter(
            site.leiderdorp, title="Advies over de nieuwe klachtenregeling",
            date=datetime.date(2025, 1, 5), body=text("Over de klachtenregeling."),
        ),
        published_letter(
            site.leiden, title="Oud advies over klachten", date=datetime.date(2019, 6, 1),
            body=text("De klachtenregeling van toen."),
        ),
    ]  # fmt: skip


# Every way the letters are read: on PostgreSQL the walk over the newest letters
# (a probe that says the word is common) or the GIN index, with the ids of all
# matches or (capped) without; on SQLite the backend's own match, capped or not.
SHAPES = {
    "gin, all ids": {"WALK_FROM": 10_000, "COUNT_CAP": 1_000},
    "walk, all ids": {"WALK_FROM": 0, "COUNT_CAP": 1_000},
    "gin, capped": {"WALK_FROM": 10_000, "COUNT_CAP": 2},
    "walk, capped": {"WALK_FROM": 0, "COUNT_CAP": 2},
}


@pytest.mark.parametrize("shape", SHAPES, ids=list(SHAPES))
def test_every_way_of_reading_the_letters_finds_the_same_public_letters(
    client, site, records, more_letters, monkeypatch, shape
):
    for name, value in SHAPES[shape].items():
        monkeypatch.setattr(f"publications.search_index.{name}", value)
    expected = [
        "Advies over de nieuwe klachtenregeling", "Advies over de regeling",
        "Oud advies over klachten",
    ]  # fmt: skip
    capped = SHAPES[shape]["COUNT_CAP"] == 2
    expected = expected[:2] if capped else expected  # pages reach no further than the cap
    assert titles(page(client, "q=klachtenregeling&soort=brieven")) == expected
    html = client.get("/brieven/?q=klachtenregeling").content.decode()
    shown = re.findall(r'<a href="/[^"]+/">([^<]+)</a>\s*<span class="letter-list-meta">', html)
    assert shown == expected  # newest first; the draft is in the index, never here
    html = page(client, "q=klachtenregeling")
    if capped:
        # Three letters, counted up to two: shown as more than two, and the total
        # as more than the sum of what was counted, so that the counts add up.
        assert 'Brieven <span class="count">(meer dan 2)</span>' in html
        assert "Meer dan 5 resultaten voor “klachtenregeling”" in html
        assert (
            "Meer dan 2 brieven gevonden voor “klachtenregeling”"
            in client.get("/brieven/?q=klachtenregeling").content.decode()
        )
    else:
        assert counts(html) == ({"Alles": 6, "Brieven": 3, "Agendapunten": 1,
                                 "Moties en toezeggingen": 1, "Raadplegingen": 1}, 6)  # fmt: skip


def test_a_reference_comes_first_in_every_way_of_reading(
    client, site, records, more_letters, monkeypatch
):
    reference = records["letter"].reference
    assert reference
    for walk_from in (0, 10_000):
        monkeypatch.setattr("publications.search_index.WALK_FROM", walk_from)
        assert titles(page(client, f"q={reference}&soort=brieven"))[:1] == [
            "Advies over de regeling"
        ]
