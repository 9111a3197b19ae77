"""The handleiding replaces Wagtail's English Help menu: one Dutch page per role, for every admin user."""

import re

import pytest
from django.urls import reverse

from council import groups, manual
from council.models import Member
from tests.advice.test_form_of_address import informal_words, visible_text
from tests.factories.council import CouncilFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

Role = Member.Role
ROLE_GROUPS = {
    Role.MEMBER: groups.MEMBERS,
    Role.CHAIR: groups.CHAIRS,
    Role.SECRETARY: groups.CHAIRS,
    Role.OFFICIAL_SUPPORT: groups.CLERKS,
}
#: role -> the page the index lists first, and the heading that page shows
FIRST = {
    Role.MEMBER: ("advies-schrijven", "Een advies schrijven"),
    Role.CHAIR: ("advies-schrijven", "Een advies schrijven"),
    Role.SECRETARY: ("advies-schrijven", "Een advies schrijven"),
    Role.OFFICIAL_SUPPORT: ("raadpleging-vastleggen", "Een raadpleging vastleggen"),
    "admin": ("rollen", "Wie mag wat"),
}
HEADINGS = {
    "advies-schrijven": "Een advies schrijven",
    "raadpleging-vastleggen": "Een raadpleging vastleggen",
    "brief-corrigeren": "Een verzonden brief corrigeren",
    "rollen": "Wie mag wat",
}


def user_with(role, council=None):
    if role == "admin":
        return UserFactory(username="beheerder", is_superuser=True, is_staff=True)
    user = UserFactory(username=f"gebruiker-{role}", groups=[ROLE_GROUPS[role]])
    MemberFactory(council=council or CouncilFactory(), user=user, role=role, name=user.username)
    return user


def menu_labels(html):
    """The labels of the admin's main menu, from the JSON the sidebar is drawn from."""
    return re.findall(r'"label": "([^"]*)"', html.replace("\\u0022", '"'))


@pytest.mark.parametrize("role", list(FIRST))
def test_the_menu_offers_the_handleiding_and_no_help(client, role):
    client.force_login(user_with(role))
    html = client.get(reverse("wagtailadmin_home"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    labels = menu_labels(html)
    assert "Raadplegingen" in labels  # the menu was read
    assert "Handleiding" in labels
    assert "Help" not in labels
    assert not {"What's new in Wagtail", "Editor Guide", "Shortcuts"} & set(labels)
    assert reverse("council_manual") in html
    # Wagtail's English "What's new" banner is off as well.
    assert "whats-new" not in html


@pytest.mark.parametrize("role", list(FIRST))
def test_each_role_sees_its_own_page_first(client, role):
    client.force_login(user_with(role))
    response = client.get(reverse("council_manual"), HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    slug, heading = FIRST[role]
    html = response.content.decode()
    first_link = re.search(r'<a href="(/beheer/handleiding/[^"]+/)">', html.split("<main", 1)[1])
    assert first_link.group(1) == f"/beheer/handleiding/{slug}/"
    for page in manual.PAGES:  # every page is reachable from the index
        assert page.url in html
    assert informal_words(html) == []


@pytest.mark.parametrize("role", list(FIRST))
@pytest.mark.parametrize("slug", list(HEADINGS))
def test_every_page_answers_every_role_with_its_heading(client, role, slug):
    client.force_login(user_with(role))
    response = client.get(f"/beheer/handleiding/{slug}/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(rf"<h1[^>]*>\s*{HEADINGS[slug]}\s*</h1>", html)  # Wagtail's header
    assert f'<a href="/beheer/handleiding/{slug}/"' not in html  # no link to itself
    assert 'lang="nl"' in html
    assert "wagtailadmin" in html or "w-sidebar" in html  # in the admin's own frame
    assert informal_words(html) == [], slug


def test_the_pages_describe_the_real_buttons_and_date_format(client):
    client.force_login(user_with("admin"))
    text = {
        slug: visible_text(client.get(f"/beheer/handleiding/{slug}/").content.decode())
        for slug in HEADINGS
    }
    assert "Stuur door naar Vaststellen" in text["advies-schrijven"]
    for button in ("Vaststellen", "Verzenden vastleggen", "Publiceren", "Goedkeuren"):
        assert button in text["advies-schrijven"]
    assert "Importeren (CSV)" in text["raadpleging-vastleggen"]
    assert "wijzigingsnotitie" in text["brief-corrigeren"]
    assert "Publiceren" in text["brief-corrigeren"]
    assert "dd-mm-jjjj" in text["advies-schrijven"]
    assert "dd-mm-jjjj" in text["raadpleging-vastleggen"]


def test_the_index_names_the_councils_the_user_works_for(client):
    council = CouncilFactory(name="Cliëntenraad Leiden")
    client.force_login(user_with(Role.SECRETARY, council))
    text = visible_text(client.get(reverse("council_manual")).content.decode())
    assert "Cliëntenraad Leiden (secretaris)" in text


@pytest.mark.parametrize("slug", ["", *HEADINGS])
def test_anonymous_visitors_are_sent_to_the_login(client, slug):
    url = f"/beheer/handleiding/{slug + '/' if slug else ''}"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_a_user_without_admin_access_gets_no_manual(client):
    client.force_login(UserFactory(username="buitenstaander"))
    response = client.get(reverse("council_manual"))
    assert response.status_code != 200
    assert "Een advies schrijven" not in response.content.decode()
