import io

import pytest
from django.apps import apps
from django.core.management import call_command
from wagtail.models import Page, Revision

from council.models import Council, MunicipalBody, Municipality
from publications import queries

pytestmark = pytest.mark.django_db


def counts():
    """Rows per model of our apps, plus Wagtail's pages and revisions."""
    ours = {
        model._meta.label: model.objects.count()
        for app in ("council", "agenda", "motions", "advice", "publications")
        for model in apps.get_app_config(app).get_models()
    }
    return {**ours, "pages": Page.objects.count(), "revisions": Revision.objects.count()}


def test_load_demo_is_idempotent():
    call_command("load_demo", stdout=io.StringIO())
    first = counts()

    out = io.StringIO()
    call_command("load_demo", stdout=out)

    assert counts() == first
    assert "niets veranderd" in out.getvalue()


def test_demo_holds_the_four_councils_of_the_seeds(demo):
    assert set(Council.objects.values_list("name", flat=True)) == {
        "Cliëntenraad SoZA Leiden",
        "Cliëntenraad Leidschendam-Voorburg",
        "Cliëntenraad Werk en Inkomen Amersfoort",
        "Cliëntenraad Smallingerland",
    }
    leiden = Council.objects.get(slug="leiden")
    assert leiden.website == "http://www.clientenraad-leiden.nl"
    assert MunicipalBody.objects.filter(
        municipality=leiden.municipality,
        kind=MunicipalBody.Kind.COMMITTEE,
        name="Commissie Werk & Financiën",
    ).exists()
    assert MunicipalBody.objects.filter(
        municipality__slug="leidschendam-voorburg", kind=MunicipalBody.Kind.MUNICIPAL_COUNCIL
    ).exists()


def test_demo_invents_nothing_the_seeds_do_not_state(demo):
    # No seed names a member, a contact address or the local regulation.
    amersfoort = Council.objects.get(slug="amersfoort")
    assert amersfoort.members.count() == 0
    assert (amersfoort.email, amersfoort.phone, amersfoort.regulation_title) == ("", "", "")


def test_load_demo_keeps_edits_made_in_the_admin(demo):
    Council.objects.filter(slug="leiden").update(email="secretariaat@example.org")

    call_command("load_demo", stdout=io.StringIO())

    assert Council.objects.get(slug="leiden").email == "secretariaat@example.org"


def test_home_page_lists_the_four_councils(demo, client):
    response = client.get("/")

    assert response.status_code == 200
    for council in Council.objects.all():
        assert council.name in response.content.decode()
        assert client.get(council.page.url).status_code == 200


def test_demo_municipalities_have_their_cbs_codes_and_woo_entries(demo, client):
    assert dict(Municipality.objects.values_list("slug", "cbs_code")) == {
        "leiden": "gm0546",
        "leidschendam-voorburg": "gm1916",
        "amersfoort": "gm0307",
        "smallingerland": "gm0090",
    }
    woo = client.get("/sitemap-woo.xml").content.decode()
    assert woo.count("<diwoo:Document>") == queries.public_letters().count() > 0
    assert 'resource="https://identifier.overheid.nl/tooi/id/gemeente/gm0546"' in woo

    # A database loaded before the codes existed gets them on the next load.
    Municipality.objects.filter(slug="leiden").update(cbs_code="")
    call_command("load_demo", stdout=io.StringIO())
    assert Municipality.objects.get(slug="leiden").cbs_code == "gm0546"
