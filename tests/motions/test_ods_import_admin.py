"""The ODS import from the admin: upload → task (immediate in the tests) → progress page with the
report; the menu item under "Vergaderingen"; a clerk of council A cannot import into council B."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import ModelLogEntry

from agenda.models import AgendaItem, Meeting
from council import groups
from council.models import Member
from motions.models import Motion, OdsImport
from motions.ods import reading
from motions.ods.tasks import import_ods_file
from tests.factories.council import (
    CouncilFactory,
    MemberFactory,
    MunicipalityFactory,
    UserFactory,
)
from tests.motions.test_ods_import import FIXTURE, as_bytes, export

pytestmark = pytest.mark.django_db

UPLOAD_URL = reverse("motions_ods_import")


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0), tick=False):
        yield


@pytest.fixture
def council():
    municipality = MunicipalityFactory(name="Leiden", slug="leiden")
    return CouncilFactory(name="Cliëntenraad Leiden", slug="leiden", municipality=municipality)


@pytest.fixture
def other_council():
    return CouncilFactory(name="Cliëntenraad Gouda", slug="gouda")


@pytest.fixture
def role_councils(council):
    return [council]


def upload(client, council, data=None, name="leiden.json"):
    data = data if data is not None else FIXTURE.read_bytes()
    return client.post(
        UPLOAD_URL,
        {"file": SimpleUploadedFile(name, data, "application/json"), "council": council.pk},
    )


def records():
    return (Meeting.objects.count(), AgendaItem.objects.count(), Motion.objects.count())


def test_the_upload_runs_as_a_task_and_the_progress_page_shows_the_report(
    client_for, clerk_user, council
):
    client = client_for(clerk_user)
    page = client.get(UPLOAD_URL)
    assert page.status_code == 200
    assert "Vergaderingen importeren uit ODS" in page.content.decode()

    response = upload(client, council)

    job = OdsImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("motions_ods_import_progress", args=[job.pk])
    assert (job.status, job.council, job.created_by) == ("done", council, clerk_user)
    assert (job.done, job.total) == (11, 11)
    assert job.data == b""  # not kept after the import
    assert records() == (2, 8, 1)
    # The history names the uploader and the file.
    meeting = Meeting.objects.get(source_id="2026-0311-cos")
    entry = ModelLogEntry.objects.for_instance(meeting).get(action="wagtail.create")
    assert entry.user == clerk_user and entry.data["cause"] == "import ODS leiden.json"
    page = client.get(response["Location"]).content.decode()
    assert "Resultaat van de import" in page
    assert "vergaderingen: 2 nieuw" in page
    assert "data-import-polling" not in page  # finished: the page does not poll
    state = client.get(reverse("motions_ods_import_status", args=[job.pk])).json()
    assert state["finished"] and state["status"] == "done" and state["percent"] == 100
    assert "Nieuw: vergadering Commissie Onderwijs en Samenleving" in state["report_html"]

    # The same file again: nothing changes.
    upload(client, council)
    assert OdsImport.objects.count() == 2
    assert "0 nieuw, 0 gewijzigd, 2 ongewijzigd" in OdsImport.objects.latest("pk").report["summary"]
    assert records() == (2, 8, 1)


def test_a_refused_file_is_reported_on_the_progress_page(client_for, clerk_user, council):
    client = client_for(clerk_user)
    data = export()
    data["vergaderingen"][0]["vergaderdatum"] = "2026-02-30"
    response = upload(client, council, as_bytes(data))
    job = OdsImport.objects.get()
    assert job.status == "failed"
    page = client.get(response["Location"]).content.decode()
    assert "Niets ingelezen" in page
    assert "vergaderingen[0] (id &quot;2026-0311-cos&quot;), veld &quot;vergaderdatum&quot;" in page
    assert records() == (0, 0, 0)


def test_a_queued_import_shows_a_polling_page(client_for, clerk_user, council):
    client = client_for(clerk_user)
    # The task is enqueued on commit; before that the page shows the queue and polls.
    job = OdsImport.objects.create(
        council=council, created_by=clerk_user, filename="leiden.json", data=FIXTURE.read_bytes()
    )
    page = client.get(reverse("motions_ods_import_progress", args=[job.pk])).content.decode()
    assert "In de wachtrij" in page and "data-import-polling" in page
    import_ods_file.call(job.pk)
    job.refresh_from_db()
    assert job.status == "done" and records() == (2, 8, 1)


def test_a_file_past_the_limit_is_refused_at_the_upload(
    client_for, clerk_user, council, monkeypatch
):
    monkeypatch.setattr(reading, "MAX_BYTES", 100)
    response = upload(client_for(clerk_user), council)
    assert response.status_code == 200
    assert "leiden.json is te groot" in response.content.decode()
    assert not OdsImport.objects.exists()


def test_the_menu_item_sits_under_vergaderingen_for_clerks_only(
    client_for, clerk_user, member_user
):
    page = client_for(clerk_user).get(reverse("wagtailadmin_home")).content.decode()
    assert UPLOAD_URL in page
    page = client_for(member_user).get(reverse("wagtailadmin_home")).content.decode()
    assert UPLOAD_URL not in page


def test_a_member_may_not_import(client_for, member_user, council):
    client = client_for(member_user)
    assert client.get(UPLOAD_URL).status_code in (302, 403)
    upload(client, council)
    assert not OdsImport.objects.exists() and records() == (0, 0, 0)


def test_a_clerk_of_council_a_cannot_import_into_council_b(
    client_for, clerk_user, council, other_council
):
    client = client_for(clerk_user)
    page = client.get(UPLOAD_URL).content.decode()
    assert "Cliëntenraad Gouda" not in page  # not offered

    response = upload(client, other_council)  # forged POST

    assert response.status_code == 200
    assert "U kunt niet importeren bij deze cliëntenraad" in response.content.decode()
    assert not OdsImport.objects.exists()
    assert not Meeting.objects.filter(council=other_council).exists()
    assert records() == (0, 0, 0)


def test_the_task_asks_the_membership_again(clerk_user, council, other_council):
    """An import stored for a council the uploader does not (or no longer) serve writes nothing."""
    job = OdsImport.objects.create(
        council=other_council, created_by=clerk_user, filename="x.json", data=FIXTURE.read_bytes()
    )
    import_ods_file.call(job.pk)
    job.refresh_from_db()
    assert job.status == "failed"
    assert "U mag niet (meer) importeren bij Cliëntenraad Gouda" in job.report["problems"][0]
    assert records() == (0, 0, 0)


def test_an_import_is_visible_to_its_uploader_only(client_for, clerk_user, council):
    job = OdsImport.objects.create(council=council, created_by=clerk_user, filename="x.json")
    other = UserFactory(username="andere-secretaris", groups=[groups.CLERKS])
    MemberFactory(council=council, user=other, role=Member.Role.OFFICIAL_SUPPORT)
    client = client_for(other)
    for name in ("motions_ods_import_progress", "motions_ods_import_status"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404


@pytest.mark.parametrize(
    "data",
    [b"", b"\xff\xfe", b"null", b'{"vergaderingen": {}}', b"[" * 50_000],
    ids=["empty", "binary", "null", "object", "deep"],
)
def test_no_malformed_upload_answers_500(client_for, clerk_user, council, data):
    client = client_for(clerk_user)
    response = upload(client, council, data)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        page = client.get(response["Location"])
        assert page.status_code == 200
        assert "Niets ingelezen" in page.content.decode()
    assert records() == (0, 0, 0)
