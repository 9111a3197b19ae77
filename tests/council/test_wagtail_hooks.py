"""The council snippets in the admin: Dutch messages, nothing saved on bad input."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from council.date_input import DATE_HINT
from council.models import Council, Member, MunicipalBody
from tests.factories.council import (
    CouncilFactory,
    MemberFactory,
    MunicipalBodyFactory,
    MunicipalityFactory,
)

pytestmark = pytest.mark.django_db


def url(model_name, view, *args):
    return reverse(f"wagtailsnippets_council_{model_name}:{view}", args=args)


def errors_of(response):
    form = response.context["form"]
    return {
        field: [str(message) for message in messages] for field, messages in form.errors.items()
    }


@pytest.fixture
def admin_client(client_for, admin_user):
    return client_for(admin_user)


def member_data(council, **overrides):
    return {
        "council": council.pk,
        "name": "Fatima de Vries",
        "role": Member.Role.MEMBER,
        "active_from": "2024-01-01",
        "active_to": "",
        "email": "",
        "user": "",
        **overrides,
    }


def test_member_end_date_before_start_date_is_refused(admin_client):
    council = CouncilFactory()

    response = admin_client.post(url("member", "add"), member_data(council, active_to="2023-12-31"))

    assert response.status_code == 200
    assert errors_of(response)["active_to"] == [
        "De einddatum ligt voor de begindatum. Controleer beide data."
    ]
    assert not Member.objects.exists()


def test_malformed_date_is_refused_in_dutch(admin_client):
    council = CouncilFactory()

    response = admin_client.post(
        url("member", "add"), member_data(council, active_from="31-02-2024")
    )

    assert response.status_code == 200
    assert errors_of(response)["active_from"] == [
        "Actief vanaf: '31-02-2024' bestaat niet in de kalender. " + DATE_HINT
    ]
    assert not Member.objects.exists()


def test_valid_member_is_saved(admin_client):
    council = CouncilFactory()

    response = admin_client.post(url("member", "add"), member_data(council))

    assert response.status_code == 302
    assert Member.objects.get().name == "Fatima de Vries"


def council_data(municipality, **overrides):
    return {
        "name": "Cliëntenraad Testdorp",
        "slug": "testdorp",
        "municipality": municipality.pk,
        "email": "",
        "phone": "",
        "website": "",
        "address": "",
        "logo": "",
        "notice_weeks": "6",
        "response_weeks": "6",
        "day_count": Council.DayCount.WORKING,
        "regulation_title": "Verordening cliëntenparticipatie Testdorp 2021",
        "regulation_url": "",
        "discussion_approvals": "1",
        **overrides,
    }


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"notice_weeks": "53"}, "notice_weeks", "Zorg ervoor dat deze waarde hoogstens 52 is."),
        ({"notice_weeks": "-1"}, "notice_weeks", "Zorg ervoor dat deze waarde minstens 0 is."),
        ({"response_weeks": "0"}, "response_weeks", "Zorg ervoor dat deze waarde minstens 1 is."),
        ({"notice_weeks": "zes"}, "notice_weeks", "Voer een geheel getal in."),
        (
            {"discussion_approvals": "0"},
            "discussion_approvals",
            "Zorg ervoor dat deze waarde minstens 1 is.",
        ),
        (
            {"discussion_approvals": "26"},
            "discussion_approvals",
            "Zorg ervoor dat deze waarde hoogstens 25 is.",
        ),
        (
            {"day_count": "maandagen"},
            "day_count",
            "Selecteer een geldige keuze. maandagen is geen beschikbare keuze.",
        ),
        ({"email": "geen-adres"}, "email", "Voer een geldig e-mailadres in."),
        (
            {"slug": "met spaties"},
            "slug",
            "Voer een geldige ‘slug’ in, bestaande uit letters, cijfers, liggende streepjes en "
            "verbindingsstreepjes.",
        ),
        ({"name": ""}, "name", "Dit is een verplicht veld."),
    ],
)
def test_council_form_refuses_bad_input(admin_client, overrides, field, message):
    municipality = MunicipalityFactory()

    response = admin_client.post(url("council", "add"), council_data(municipality, **overrides))

    assert response.status_code == 200
    errors = errors_of(response)
    assert errors[field] == [message]
    assert not Council.objects.exists()


def test_council_with_an_existing_name_is_refused(admin_client):
    existing = CouncilFactory(name="Cliëntenraad Testdorp")

    response = admin_client.post(
        url("council", "add"), council_data(existing.municipality, slug="ander")
    )

    assert errors_of(response)["name"] == ["Er bestaat al een cliëntenraad met deze naam."]
    assert Council.objects.count() == 1


def test_council_is_saved_with_its_rules(admin_client):
    municipality = MunicipalityFactory()

    response = admin_client.post(
        url("council", "add"), council_data(municipality, discussion_approvals="2")
    )

    assert response.status_code == 302
    council = Council.objects.get()
    assert council.counts_working_days
    assert council.discussion_approvals == 2


def test_alderman_without_portfolio_is_refused(admin_client):
    municipality = MunicipalityFactory()

    response = admin_client.post(
        url("municipalbody", "add"),
        {
            "municipality": municipality.pk,
            "kind": MunicipalBody.Kind.ALDERMAN,
            "name": "Wethouder Zorg",
            "slug": "wethouder-zorg",
            "portfolio": "",
            "website": "",
        },
    )

    assert errors_of(response)["portfolio"] == ["Vul de portefeuille van de wethouder in."]
    assert not MunicipalBody.objects.exists()


def test_two_bodies_with_one_slug_in_one_municipality_are_refused(admin_client):
    existing = MunicipalBodyFactory(slug="gemeenteraad")

    response = admin_client.post(
        url("municipalbody", "add"),
        {
            "municipality": existing.municipality.pk,
            "kind": MunicipalBody.Kind.MUNICIPAL_COUNCIL,
            "name": "Gemeenteraad",
            "slug": "gemeenteraad",
            "portfolio": "",
            "website": "",
        },
    )

    assert response.status_code == 200
    assert "Deze gemeente heeft al een orgaan met deze korte naam." in str(
        response.context["form"].errors
    )
    assert MunicipalBody.objects.count() == 1


def test_deleting_a_council_with_members_is_refused_with_the_reason(admin_client):
    council = MemberFactory(name="Jan").council
    MemberFactory(council=council, name="Piet")

    page = admin_client.get(url("council", "delete", council.pk))
    response = admin_client.post(url("council", "delete", council.pk))

    reason = f"{council.name} kan niet worden verwijderd, want er horen nog gegevens bij: 2 leden."
    assert reason in page.content.decode()
    assert "Ja, verwijderen" not in page.content.decode()
    assert response.status_code == 302
    assert any(reason in str(message) for message in get_messages(response.wsgi_request))
    assert Council.objects.filter(pk=council.pk).exists()


def test_deleting_an_unused_council_works(admin_client):
    council = CouncilFactory()

    response = admin_client.post(url("council", "delete", council.pk))

    assert response.status_code == 302
    assert not Council.objects.filter(pk=council.pk).exists()


def test_listing_searches_filters_and_exports(admin_client):
    CouncilFactory(name="Cliëntenraad Noord")
    CouncilFactory(name="Cliëntenraad Zuid")

    found = admin_client.get(url("council", "list"), {"q": "Noord"})
    csv = admin_client.get(url("council", "list"), {"export": "csv"})
    xlsx = admin_client.get(url("council", "list"), {"export": "xlsx"})

    assert "Cliëntenraad Noord" in found.content.decode()
    assert "Cliëntenraad Zuid" not in found.content.decode()
    assert csv.status_code == 200
    assert "Cliëntenraad Zuid" in b"".join(csv.streaming_content).decode()
    assert xlsx["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )


@pytest.mark.parametrize("model_name", ["council", "member", "municipalbody"])
def test_listings_run_a_fixed_number_of_queries(
    admin_client, model_name, django_assert_max_num_queries
):
    def make(count):
        for _ in range(count):
            council = CouncilFactory()
            MemberFactory(council=council)
            MunicipalBodyFactory(municipality=council.municipality)

    make(2)
    admin_client.get(url(model_name, "list"))
    with django_assert_max_num_queries(40) as few:
        admin_client.get(url(model_name, "list"))
    make(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = admin_client.get(url(model_name, "list"))
    assert response.status_code == 200
