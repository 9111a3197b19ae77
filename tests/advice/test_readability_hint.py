"""The readability hint's admin endpoint, and the panel in the letter editor.

POST only, with CSRF, for members, chairs and secretaries of the council
(and administrators); bad input gets a Dutch error and never a 500.
"""

import pytest
from django.test import Client
from django.urls import reverse

from council import groups
from council.models import Member
from tests.advice import test_tenancy_letters
from tests.advice.test_tenancy_letters import person
from tests.factories.advice import letter_page

pytestmark = pytest.mark.django_db

councils = test_tenancy_letters.councils
URL = "/beheer/brieven/leesbaarheid/"


@pytest.fixture
def member(councils):
    own, _ = councils
    return person("lid", own, Member.Role.MEMBER, groups.MEMBERS)


def post(client, council, text, part="summary"):
    return client.post(URL, {"council": str(council.pk), "part": part, "text": text})


def test_the_url_is_the_named_one():
    assert reverse("advice_letter_readability") == URL


def test_a_member_gets_the_figures_of_the_summary(client, councils, member):
    own, _ = councils
    client.force_login(member)

    response = post(client, own, "De raad geeft een advies. Het college moet conform de wet.")

    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    data = response.json()
    assert (data["words"], data["sentences"]) == (11, 2)
    assert data["flesch_douma"] == pytest.approx(
        206.84 - 0.77 * 100 * data["syllables"] / 11 - 0.93 * 5.5
    )
    assert data["longest"][0] == {
        "text": "Het college moet conform de wet.",
        "words": 6,
    }
    assert data["officialese"] == [{"phrase": "conform", "alternative": "volgens", "count": 1}]


def test_the_body_is_read_as_markdown(client, councils, member):
    own, _ = councils
    client.force_login(member)

    response = post(
        client,
        own,
        "# Kop\n\nDe raad geeft een **advies**. <script>x</script>\n\n1. Eerste punt.",
        part="body",
    )

    data = response.json()
    assert [s["text"] for s in data["longest"]] == [
        "De raad geeft een advies.",
        "Eerste punt.",
        "Kop",
    ]


@pytest.mark.parametrize(
    ("data", "status", "words"),
    [
        ({"council": "abc", "part": "summary", "text": "x"}, 400, "Onbekende cliëntenraad"),
        ({"council": "", "part": "summary", "text": "x"}, 400, "Onbekende cliëntenraad"),
        ({"council": "999999", "part": "summary", "text": "x"}, 404, "Onbekende cliëntenraad"),
        ({"part": "summary", "text": "x"}, 400, "Onbekende cliëntenraad"),
        ({"council": "{own}", "part": "titel", "text": "x"}, 400, "Kies"),
        ({"council": "{own}", "text": "x"}, 400, "Kies"),
        ({"council": "{own}", "part": "body", "text": "a " * 50_001}, 413, "te lang"),
    ],
)
def test_bad_input_gets_a_dutch_error(client, councils, member, data, status, words):
    own, _ = councils
    client.force_login(member)
    data = {key: value.replace("{own}", str(own.pk)) for key, value in data.items()}

    response = client.post(URL, data)

    assert response.status_code == status
    assert words in response.json()["error"]


def test_odd_texts_never_fail(client, councils, member):
    own, _ = councils
    client.force_login(member)
    for text in ("", "\x00", "<<<>>>", "😀" * 500, "." * 5000, "a" * 90_000, "\u202e" * 10):
        for part in ("summary", "body"):
            assert post(client, own, text, part).status_code == 200, (text[:10], part)


def test_another_councils_member_and_an_anonymous_visitor_get_nothing(client, councils):
    own, other = councils
    outsider = person("ander", other, Member.Role.CHAIR, groups.CHAIRS)
    client.force_login(outsider)
    assert post(client, own, "De raad geeft een advies.").status_code == 404
    assert post(client, other, "De raad geeft een advies.").status_code == 200

    client.logout()
    response = post(client, own, "De raad geeft een advies.")
    assert response.status_code == 302 and "login" in response["Location"]


def test_only_post_with_csrf(councils, member):
    own, _ = councils
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.get(URL).status_code == 405
    assert post(client, own, "De raad geeft een advies.").status_code == 403


def test_the_editor_shows_the_hint_panel(client, councils, member):
    own, _ = councils
    letter = letter_page(own)
    client.force_login(member)

    html = client.get(reverse("wagtailadmin_pages:edit", args=[letter.pk])).content.decode()

    assert "data-readability-hint" in html
    assert f'data-council="{own.pk}"' in html
    assert "geen oordeel: taalniveau B1 is geen meetbare eigenschap van een tekst" in html
    assert "js/readability_hint" in html
    assert "nog geen samenvatting in gewone taal" not in html  # the factory wrote one

    without = letter_page(own, title="Zonder samenvatting", summary="")
    html = client.get(reverse("wagtailadmin_pages:edit", args=[without.pk])).content.decode()
    assert "nog geen samenvatting in gewone taal" in html
