"""Consultations through the real admin views: validation, audit trail, permissions, export, panel."""

import datetime
import io

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry, Revision

from advice.consultations import audit
from advice.consultations.services import consultation_save
from advice.consultations.verdicts import ConsultationVerdict
from advice.models import Consultation
from tests.admin_forms import loaded
from tests.admin_history import history_rows
from tests.factories.advice import ConsultationFactory, letter_page, published_letter
from tests.factories.agenda import AgendaItemFactory, MeetingFactory
from tests.factories.council import CouncilFactory, MunicipalBodyFactory, UserFactory
from tests.factories.publications import council_page

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0), tick=False):
        yield


def url(view, *args):
    return reverse(f"wagtailsnippets_advice_consultation:{view}", args=args)


def is_refused(response):
    return response.status_code == 302 and response.url == reverse("wagtailadmin_home")


@pytest.fixture
def council():
    return CouncilFactory()


@pytest.fixture
def role_councils(council):
    """The role fixtures' users work for this module's council."""
    return [council]


@pytest.fixture
def clerk_client(client_for, clerk_user):
    return client_for(clerk_user)


def form_data(council, **overrides):
    data = {
        "council": council.pk,
        "reference": "2026-01",
        "subject": "Nieuw minimabeleid",
        "summary": "",
        "body": "",
        "agenda_item": "",
        "proposal_reference": "",
        "proposal_url": "",
        "asked_on": "2026-01-05",
        "advice_due": "",
        "letter": "",
        "advice_sent_on": "",
        "decided_on": "2026-03-10",
        "response_received_on": "",
        "response_extension_days": "0",
        "response_extension_reason": "",
        "outcome": Consultation.Outcome.UNKNOWN,
        "response_text": "",
        "response_url": "",
        "source": "",
        "internal_notes": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def field_errors(response):
    return {
        field: [str(message) for message in messages]
        for field, messages in response.context["form"].errors.items()
    }


def test_clerk_adds_a_consultation_and_its_history_says_who(clerk_client, clerk_user, council):
    response = clerk_client.post(url("add"), form_data(council))

    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.judgement().verdict == ConsultationVerdict.CONSULTED_IN_TIME
    assert Revision.objects.for_instance(consultation).get().user == clerk_user
    entry = ModelLogEntry.objects.for_instance(consultation).get()
    assert (entry.action, entry.user) == (audit.CREATE, clerk_user)


def test_changing_a_date_in_the_admin_shows_who_and_the_old_value(
    clerk_client, clerk_user, council
):
    clerk_client.post(url("add"), form_data(council))
    consultation = Consultation.objects.get()

    edit = url("edit", consultation.pk)
    response = clerk_client.post(
        edit, loaded(clerk_client, edit, form_data(council, decided_on="2026-01-20"))
    )

    assert response.status_code == 302
    entry = ModelLogEntry.objects.for_instance(consultation).filter(action=audit.CHANGE).get()
    assert entry.user == clerk_user
    [change] = [c for c in entry.data["changes"] if c["field"] == "decided_on"]
    assert (change["old"], change["new"]) == ("2026-03-10", "2026-01-20")

    response = clerk_client.get(url("history", consultation.pk))
    history = response.content.decode()
    assert "Besluit genomen op: 10 maart 2026 → 20 januari 2026." in history
    assert "Oordeel: op tijd gevraagd → te laat gevraagd." in history
    users = {user for _, user in history_rows(response)}
    assert users == {clerk_user.get_full_name() or clerk_user.get_username()}


def test_reverting_to_an_earlier_version_is_logged_as_a_change(clerk_client, council):
    clerk_client.post(url("add"), form_data(council))
    consultation = Consultation.objects.get()
    first = Revision.objects.for_instance(consultation).get()
    edit = url("edit", consultation.pk)
    clerk_client.post(edit, loaded(clerk_client, edit, form_data(council, decided_on="2026-01-20")))

    revert = url("revisions_revert", consultation.pk, first.pk)
    response = clerk_client.post(revert, loaded(clerk_client, revert, form_data(council)))

    assert response.status_code == 302
    assert Consultation.objects.get().decided_on == datetime.date(2026, 3, 10)
    entry = ModelLogEntry.objects.for_instance(consultation).order_by("-pk").first()
    assert entry.action == audit.CHANGE
    assert entry.data["via"] == audit.VIA_REVERT
    assert "Teruggezet naar een eerdere versie" in entry.message


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        (
            {"advice_sent_on": "2026-02-01", "response_received_on": "2026-01-25"},
            "response_received_on",
            "Het antwoord van het college (25 januari 2026) ligt vóór de verzending",
        ),
        (
            {"advice_sent_on": "2026-01-02"},
            "advice_sent_on",
            "ligt vóór de dag waarop de cliëntenraad werd gevraagd",
        ),
        ({"advice_due": "2026-01-01"}, "advice_due", "Advies uiterlijk (1 januari 2026) ligt vóór"),
        (
            {"response_extension_days": "10"},
            "response_extension_reason",
            "Geef de reden van de verlenging",
        ),
        (
            {"response_extension_days": "-5", "response_extension_reason": "x"},
            "response_extension_days",
            "kan niet negatief zijn",
        ),
        ({"decided_on": "31-02-2026"}, "decided_on", "'31-02-2026' bestaat niet in de kalender"),
        ({"asked_on": "gisteren"}, "asked_on", "'gisteren' is geen datum die wij kunnen lezen"),
    ],
)
def test_impossible_or_malformed_input_is_refused_on_its_field(
    clerk_client, council, overrides, field, words
):
    response = clerk_client.post(url("add"), form_data(council, **overrides))

    assert response.status_code == 200
    errors = field_errors(response)
    assert field in errors, errors
    assert words in " ".join(errors[field])
    assert not Consultation.objects.exists()


def test_a_body_of_another_municipality_is_refused(clerk_client, council):
    elsewhere = MunicipalBodyFactory(name="College Elders")

    response = clerk_client.post(url("add"), form_data(council, body=elsewhere.pk))

    assert "Dit orgaan hoort bij een andere gemeente" in field_errors(response)["body"][0]
    assert not Consultation.objects.exists()


def test_an_edit_that_would_be_impossible_changes_nothing(clerk_client, council):
    consultation = ConsultationFactory(
        council=council, reference="2026-01", asked_on=datetime.date(2026, 1, 5)
    )
    logs_before = ModelLogEntry.objects.for_instance(consultation).count()

    edit = url("edit", consultation.pk)
    response = clerk_client.post(
        edit,
        loaded(
            clerk_client,
            edit,
            form_data(council, advice_sent_on="2026-02-01", response_received_on="2026-01-25"),
        ),
    )

    assert response.status_code == 200
    stored = Consultation.objects.get()
    assert (stored.advice_sent_on, stored.response_received_on) == (None, None)
    assert ModelLogEntry.objects.for_instance(consultation).count() == logs_before


def test_the_kenmerk_is_unique_per_council(clerk_client, council):
    ConsultationFactory(council=council, reference="2026-01")

    response = clerk_client.post(url("add"), form_data(council))

    assert "kenmerk" in " ".join(" ".join(v) for v in field_errors(response).values()).lower()
    assert Consultation.objects.count() == 1


def test_the_letter_field_offers_only_sent_or_published_letters(clerk_client, council):
    council_page(council)
    sent = published_letter(council, title="Verzonden advies")
    letter_page(council, title="Concept dat niemand mag zien")

    html = clerk_client.get(url("add")).content.decode()

    assert "Verzonden advies" in html
    assert "Concept dat niemand mag zien" not in html
    response = clerk_client.post(
        url("add"),
        form_data(council, letter=sent.pk, asked_on="2024-02-01", decided_on="2024-04-01"),
    )
    assert response.status_code == 302
    assert Consultation.objects.get().advice_sent == datetime.date(2024, 3, 1)


def test_clerks_delete_and_the_deletion_is_logged(clerk_client, clerk_user, council):
    consultation = ConsultationFactory(council=council, subject="Vergissing")
    pk = consultation.pk

    assert clerk_client.get(url("delete", pk)).status_code == 200
    response = clerk_client.post(url("delete", pk))

    assert response.status_code == 302
    assert not Consultation.objects.exists()
    entry = ModelLogEntry.objects.get(object_id=str(pk), action=audit.DELETE)
    assert entry.user == clerk_user


@pytest.mark.parametrize("user_fixture", ["member_user", "chair_user"])
def test_members_and_chairs_read_but_never_change(request, client_for, user_fixture, council):
    consultation = ConsultationFactory(council=council, subject="Bijzondere bijstand")
    client = client_for(request.getfixturevalue(user_fixture))

    listing = client.get(url("list"))
    assert listing.status_code == 200
    assert "Bijzondere bijstand" in listing.content.decode()
    assert client.get(url("inspect", consultation.pk)).status_code == 200

    assert is_refused(client.get(url("add")))
    assert is_refused(client.get(url("edit", consultation.pk)))
    assert is_refused(client.post(url("edit", consultation.pk), form_data(council)))
    assert is_refused(client.get(url("delete", consultation.pk)))
    assert is_refused(client.post(url("delete", consultation.pk)))
    assert is_refused(client.get(reverse("advice_consultation_import")))
    assert Consultation.objects.get().subject == "Bijzondere bijstand"


def test_the_inspect_view_and_the_form_show_the_verdict_and_its_explanation(clerk_client, council):
    consultation = ConsultationFactory(council=council, decided_date_unknown=True)

    for view in ("inspect", "edit"):
        html = clerk_client.get(url(view, consultation.pk)).content.decode()
        assert "iet gevraagd" in html, view
        assert "Besluit genomen op een onbekende datum" in html, view


def test_no_copy_and_no_bulk_delete(clerk_client, council):
    consultation = ConsultationFactory(council=council)

    listing = clerk_client.get(url("list")).content.decode()
    assert "data-bulk-action-checkbox" not in listing
    assert f"/copy/{consultation.pk}/" not in listing

    bulk = (
        reverse("wagtail_bulk_action", args=("advice", "consultation", "delete"))
        + f"?id={consultation.pk}&next={url('list')}"
    )
    response = clerk_client.post(bulk, {}, follow=True)
    assert "één voor één verwijderd" in response.content.decode()
    assert Consultation.objects.filter(pk=consultation.pk).exists()


def test_the_listing_filters_on_the_derived_verdict(clerk_client, council):
    ConsultationFactory(council=council, subject="Zonder raad", decided_date_unknown=True)
    ConsultationFactory(council=council, subject="Nog open", asked_on=datetime.date(2026, 11, 1))

    html = clerk_client.get(
        url("list") + f"?verdict={ConsultationVerdict.NOT_CONSULTED}"
    ).content.decode()

    assert "Zonder raad" in html and "Nog open" not in html


def test_export_has_the_import_columns_and_the_verdict(clerk_client, council):
    item = AgendaItemFactory(
        meeting=MeetingFactory(council=council, date=datetime.date(2026, 3, 2)), number="7"
    )
    ConsultationFactory(
        council=council,
        reference="2026-07",
        subject="Schuldhulp",
        agenda_item=item,
        asked_on=datetime.date(2026, 1, 5),
        decided_date_unknown=True,
        internal_notes="alleen voor ons",
    )

    csv_text = b"".join(clerk_client.get(url("list") + "?export=csv").streaming_content).decode()
    header, row = csv_text.splitlines()[:2]
    assert header.startswith(
        "kenmerk,cliëntenraad,onderwerp,toelichting,orgaan,vergaderdatum,agendapunt"
    )
    assert "oordeel" in header
    assert "2026-07" in row and "onbekend" in row and "2026-03-02" in row and ",7," in row

    xlsx = clerk_client.get(url("list") + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0][0] == "kenmerk"
    assert rows[1][0] == "2026-07"
    assert "(nog) niet te beoordelen" in rows[1]


def test_the_dashboard_lists_advice_due_soon_and_overdue_responses(clerk_client, council):
    ConsultationFactory(
        council=council,
        subject="Advies bijna nodig",
        asked_on=datetime.date(2026, 11, 1),
        advice_due=datetime.date(2026, 12, 1),
    )
    ConsultationFactory(
        council=council,
        subject="Advies later nodig",
        asked_on=datetime.date(2026, 11, 1),
        advice_due=datetime.date(2026, 12, 20),
    )
    ConsultationFactory(
        council=council,
        subject="College antwoordt niet",
        advice_sent_on=datetime.date(2026, 6, 1),
    )
    answered = ConsultationFactory(
        council=council, subject="College antwoordde", advice_sent_on=datetime.date(2026, 6, 1)
    )
    answered.response_received_on = datetime.date(2026, 7, 1)
    consultation_save(consultation=answered)

    html = clerk_client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Advies bijna nodig" in html
    assert "Advies later nodig" not in html
    assert "College antwoordt niet" in html
    assert "College antwoordde" not in html


def test_the_dashboard_panel_is_hidden_from_who_may_not_see_consultations(client_for, council):
    ConsultationFactory(council=council, subject="Advies bijna nodig", advice_due=TODAY)
    nobody = UserFactory(username="zonderrechten", is_staff=True)
    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))

    html = client_for(nobody).get(reverse("wagtailadmin_home")).content.decode()

    assert "Advies bijna nodig" not in html
