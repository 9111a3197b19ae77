"""Editing the begrippenlijst in the admin: platform administrators only."""

import pytest
from django.urls import reverse

from council.models import GlossaryTerm, Member
from tests.factories.council import CouncilFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(view, *args):
    return reverse(f"wagtailsnippets_council_glossaryterm:{view}", args=args)


DATA = {
    "term": "armoedeval",
    "explanation": "Als u meer gaat verdienen, maar er toch op achteruitgaat.",
    "other_forms": "armoedevallen",
    "slug": "",
}


def test_a_platform_administrator_adds_a_term_and_its_slug_is_made(client_for, admin_user):
    client = client_for(admin_user)
    response = client.post(url("add"), DATA)

    assert response.status_code == 302
    term = GlossaryTerm.objects.get(term="armoedeval")
    assert term.slug == "armoedeval"
    assert term.forms() == ["armoedeval", "armoedevallen"]
    assert client.get(url("list"), {"q": "armoedeval"}).status_code == 200


def test_a_form_of_another_term_is_refused_in_dutch_and_nothing_is_saved(client_for, admin_user):
    before = GlossaryTerm.objects.count()
    response = client_for(admin_user).post(url("add"), {**DATA, "term": "Moties"})

    assert response.status_code == 200
    assert "Deze vormen horen al bij een ander begrip" in response.content.decode()
    assert GlossaryTerm.objects.count() == before


def test_a_councils_chair_may_not_change_the_platforms_terms(client_for):
    user = UserFactory()
    MemberFactory(council=CouncilFactory(), user=user, role=Member.Role.CHAIR)
    client = client_for(user)
    motie = GlossaryTerm.objects.get(slug="motie")
    before = (GlossaryTerm.objects.count(), motie.explanation)

    client.post(url("add"), DATA)
    client.post(url("edit", motie.pk), {**DATA, "term": "motie", "explanation": "Gewijzigd."})
    client.post(url("delete", motie.pk))

    motie.refresh_from_db()
    assert (GlossaryTerm.objects.count(), motie.explanation) == before
