"""The admin's letter upload: files become tasks, the progress page shows them done and links the
letters; other councils, missing rights, bad zips and broken limits are refused with nothing
stored, and no malformed upload answers 500."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page

from advice.letters import uploads
from advice.letters.import_jobs import LetterImport, LetterImportFile
from advice.models import LetterPage
from council import groups
from tests.advice.test_import import GOOD
from tests.factories.council import (
    CouncilFactory,
    MunicipalBodyFactory,
    TopicFactory,
    UserFactory,
)
from tests.factories.publications import council_page

pytestmark = pytest.mark.django_db

UPLOAD_URL = reverse("advice_letter_import")


@pytest.fixture
def council():
    council = CouncilFactory(slug="teststad", name="Cliëntenraad Teststad")
    council_page(council)
    MunicipalBodyFactory(municipality=council.municipality, slug="college", kind="executive")
    TopicFactory(name="armoede", slug="armoede")
    return council


@pytest.fixture
def other_council():
    other = CouncilFactory(slug="anderstad", name="Cliëntenraad Anderstad")
    council_page(other)
    MunicipalBodyFactory(municipality=other.municipality, slug="college", kind="executive")
    return other


@pytest.fixture
def role_councils(council):
    return [council]


def letter(number, council="teststad", **replace):
    text = GOOD.replace('"test-1"', f'"test-{number}"').format(council=council)
    for old, new in replace.items():
        text = text.replace(old, new)
    return text.encode()


def draft(number, council="teststad"):
    return letter(
        number,
        council,
        **{'state = "published"': 'state = "draft"', "[sent]\non = 2024-02-02\n": ""},
    )


def zipped(files, **options):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, **options) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def md(name, data):
    return SimpleUploadedFile(name, data, "text/markdown")


def post(client, *files):
    return client.post(UPLOAD_URL, {"files": list(files)})


def stored():
    return (
        LetterImport.objects.count(),
        LetterImportFile.objects.count(),
        LetterPage.objects.count(),
        Page.objects.count(),
    )


def test_a_zip_is_imported_and_the_progress_page_links_the_letters(client_for, chair_user, council):
    client = client_for(chair_user)
    data = zipped({"brieven/a.md": letter(1), "brieven/b.md": letter(2), "leesmij.txt": b"x"})

    response = post(client, SimpleUploadedFile("brieven.zip", data, "application/zip"))

    job = LetterImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("advice_letter_import_progress", args=[job.pk])
    assert job.created_by == chair_user and job.total == 2
    letters = {letter.source_id: letter for letter in LetterPage.objects.all()}
    assert set(letters) == {"test-1", "test-2"}
    assert all(made.live and made.council == council for made in letters.values())

    page = client.get(response.url).content.decode()
    assert "Klaar" in page
    assert '<progress id="import-bar" max="100" value="100"' in page
    assert '<label for="import-bar">Bestanden verwerkt</label>' in page
    assert "brieven.zip/brieven/a.md" in page
    for created in letters.values():
        assert reverse("wagtailadmin_pages:edit", args=[created.pk]) in page
    state = client.get(reverse("advice_letter_import_status", args=[job.pk])).json()
    assert (state["status"], state["done"], state["total"], state["percent"]) == ("done", 2, 2, 100)
    assert state["finished"] and "2 aangemaakt, 0 overgeslagen" in state["report_html"]


def test_several_markdown_files_and_a_report_naming_the_failed_file(
    client_for, chair_user, council
):
    client = client_for(chair_user)

    post(client, md("goed.md", letter(1)), md("fout.md", letter(2, **{"kind =": "soort ="})))

    assert list(LetterPage.objects.values_list("source_id", flat=True)) == ["test-1"]
    job = LetterImport.objects.get()
    state = client.get(reverse("advice_letter_import_status", args=[job.pk])).json()
    assert state["status"] == "failed" and (state["created"], state["failed"]) == (1, 1)
    assert "fout.md, regel 4, veld &#x27;soort&#x27;: onbekend veld." in state["report_html"]


def test_a_file_of_another_council_is_refused_and_the_rest_goes_on(
    client_for, chair_user, council, other_council
):
    client = client_for(chair_user)

    post(client, md("ander.md", letter(1, council="anderstad")), md("eigen.md", letter(2)))

    assert list(LetterPage.objects.values_list("source_id", flat=True)) == ["test-2"]
    failed = LetterImportFile.objects.get(name="ander.md")
    assert failed.status == "failed"
    assert failed.message == (
        "ander.md, veld 'council': u mag geen brieven importeren voor Cliëntenraad Anderstad."
    )


def test_a_member_may_import_drafts_but_not_publish(client_for, member_user, council):
    client = client_for(member_user)

    post(client, md("concept.md", draft(1)), md("gepubliceerd.md", letter(2)))

    assert list(LetterPage.objects.values_list("source_id", flat=True)) == ["test-1"]
    assert not LetterPage.objects.get().live
    refused = LetterImportFile.objects.get(name="gepubliceerd.md")
    assert "u mag geen brieven publiceren voor Cliëntenraad Teststad" in refused.message


@pytest.mark.parametrize("who", ["clerk", "outsider", "former"])
def test_a_forged_upload_without_the_right_changes_nothing(client_for, council, clerk_user, who):
    if who == "clerk":  # ambtelijke ondersteuning: no letters
        user = clerk_user
    elif who == "outsider":  # the chairs' group, but no membership
        user = UserFactory(username="buitenstaander", groups=[groups.CHAIRS])
    else:
        user = UserFactory(username="oud-lid", is_active=False)
    client = client_for(user)
    before = stored()

    response = post(client, md("a.md", draft(1)))

    assert response.status_code in (302, 403)
    assert response.status_code == 403 or "/beheer/" in response.url
    assert stored() == before
    assert client.get(UPLOAD_URL).status_code in (302, 403)


def test_an_import_is_private_to_its_uploader(client_for, chair_user, member_user, council):
    post(client_for(chair_user), md("a.md", draft(1)))
    job = LetterImport.objects.get()
    client = client_for(member_user)
    for name in ("advice_letter_import_progress", "advice_letter_import_status"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404


def refused(client, *files):
    before = stored()
    response = post(client, *files)
    assert response.status_code == 200
    assert stored() == before
    return response.context["form"].errors["files"][0]


def test_a_bad_zip_is_refused(client_for, chair_user, council):
    client = client_for(chair_user)
    data = zipped({"a.md": letter(1)})
    assert "geen leesbaar zip-bestand" in refused(
        client, SimpleUploadedFile("kapot.zip", b"PK\x03\x04 geen zip", "application/zip")
    )
    assert "geen leesbaar zip-bestand" in refused(client, SimpleUploadedFile("half.zip", data[:40]))
    corrupt = data.replace(b"Cli", b"CLI", 1) if b"Cli" in data else data[:30] + b"X" + data[31:]
    message = refused(client, SimpleUploadedFile("crc.zip", corrupt))
    assert "kan niet uitgepakt worden" in message or "geen leesbaar" in message
    assert "geen .md-bestand" in refused(client, SimpleUploadedFile("leeg.zip", zipped({})))
    assert "geen .md- of .zip-bestand" in refused(client, md("brief.txt", letter(1)))
    assert "Kies een zip-bestand" in refused(client)


def test_limits_are_refused_before_processing(client_for, chair_user, council, monkeypatch):
    client = client_for(chair_user)
    # A zip bomb: 30 MB of zeros packs into a few kB; its header says so, nothing is unpacked.
    bomb = zipped({"bom.md": b"\0" * (30 * 1024 * 1024)})
    assert len(bomb) < 100_000
    assert (
        refused(client, SimpleUploadedFile("bom.zip", bomb))
        == "De brieven zijn samen te groot: uitgepakt hoogstens 20 MB."
    )
    bomb = zipped({"bom.md": b"\0" * (2 * 1024 * 1024)})
    assert (
        refused(client, SimpleUploadedFile("bom.zip", bomb))
        == "'bom.zip/bom.md' is te groot: een brief is hoogstens 1 MB."
    )
    many = zipped({f"{n}.md": draft(n) for n in range(uploads.MAX_FILES + 1)})
    assert "Te veel bestanden: hoogstens 200 brieven" in refused(
        client, SimpleUploadedFile("veel.zip", many)
    )
    monkeypatch.setattr(uploads, "MAX_ZIP_ENTRIES", 3)
    entries = zipped({f"{n}.txt": b"x" for n in range(4)})
    assert "te veel bestanden (meer dan 3)" in refused(client, SimpleUploadedFile("e.zip", entries))
    assert "is te groot" in refused(client, md("groot.md", b"x" * (1024 * 1024 + 1)))
    monkeypatch.setattr(uploads, "MAX_FILES", 1)
    assert "Te veel bestanden" in refused(client, md("a.md", draft(1)), md("b.md", draft(2)))
    monkeypatch.setattr(uploads, "MAX_TOTAL_BYTES", 100)
    monkeypatch.setattr(uploads, "MAX_FILES", 10)
    assert "samen te groot" in refused(
        client, SimpleUploadedFile("t.zip", zipped({"a.md": draft(1)}))
    )
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 10)
    assert "De upload is te groot" in refused(client, md("a.md", draft(1)))


def test_a_header_that_lies_about_the_size_is_read_with_a_bound(client_for, chair_user, council):
    client = client_for(chair_user)
    data = bytearray(zipped({"a.md": b"x" * (2 * 1024 * 1024)}))
    # Make both headers claim 10 bytes: the entry is still read no further than the limit.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = data.find(signature)
        data[start + offset : start + offset + 4] = (10).to_bytes(4, "little")
    message = refused(client, SimpleUploadedFile("lieg.zip", bytes(data)))
    assert "te groot" in message or "kan niet uitgepakt worden" in message


@pytest.mark.parametrize(
    "files",
    [
        [("leeg.md", b"")],
        [("binair.md", bytes(range(256)) * 10)],
        [("latin1.md", '+++\nsource = "é"\n+++\n'.encode("latin-1"))],
        [("../../etc/passwd.md", b"+++\n+++\n")],
        [("nul\x00.md", draft(1))],
        [("geen-einde.md", b"+++\nsource = 'x'\n")],
        [("a.zip", zipped({"../../x.md": draft(1), "map/": b""}))],
        [("dubbel.md", draft(1)), ("dubbel.md", draft(1))],
        [
            (
                "correctie.md",
                b'+++\ncorrects = "nergens"\nsource = "c"\nchange = "minor"\nnote = "n"\n+++\nx',
            )
        ],
    ],
)
def test_no_malformed_upload_answers_500(client_for, chair_user, council, files):
    client = client_for(chair_user)

    response = post(client, *(SimpleUploadedFile(name, data) for name, data in files))

    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert client.get(response.url).status_code == 200
        assert all(row.status in ("done", "failed") for row in LetterImportFile.objects.all())


def test_the_progress_page_costs_the_same_queries_for_more_files(client_for, chair_user, council):
    client = client_for(chair_user)

    def queries_for(count, first):
        post(client, *(md(f"{n}.md", draft(n)) for n in range(first, first + count)))
        url = reverse("advice_letter_import_progress", args=[LetterImport.objects.latest("pk").pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert queries_for(1, 100) == queries_for(8, 200) <= 30


def test_the_upload_page_states_the_limits_and_the_menu_offers_it(
    client_for, chair_user, clerk_user, council
):
    page = client_for(chair_user).get(UPLOAD_URL).content.decode()
    assert "Hoogstens 200 brieven per upload, elk hoogstens 1 MB" in page
    assert 'type="file" name="files"' in page and "multiple" in page
    dashboard = client_for(chair_user).get(reverse("wagtailadmin_home")).content.decode()
    assert "Brieven importeren" in dashboard
    dashboard = client_for(clerk_user).get(reverse("wagtailadmin_home")).content.decode()
    assert "Brieven importeren" not in dashboard


def test_more_loose_files_than_django_accepts_is_a_400(client_for, chair_user, council):
    before = stored()
    response = post(client_for(chair_user), *(md(f"{n}.md", b"x") for n in range(101)))
    assert response.status_code == 400
    assert stored() == before
