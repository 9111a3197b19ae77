"""The five seed documents, loaded as the demo loads them, render word for word.

``fixtures/letters/sources/`` holds verbatim copies of shared/seeds (their
SHA-256 is checked below); the letters are imported from the Markdown files
beside them. Each rendered letter (salutation, body and signature, without
the labels Kanttekening adds) must equal the source after normalising
whitespace and removing Markdown emphasis markers (the seeds' own ``*``/``**``
and the markup our Markdown files add render as formatting, not as text).
"""

import hashlib
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from pypdf import PdfReader

from advice.models import LetterPage, LetterVersion
from advice.text import html_to_text
from tests.factories.advice import ensure_seed_references

pytestmark = pytest.mark.django_db

SOURCES = Path(settings.BASE_DIR) / "fixtures" / "letters" / "sources"

# source id → (file, sha256 of shared/seeds/<file>, where the letter starts in the file)
SEEDS = {
    "seed-000": (
        "000_207a22aff7a9d9ae.txt",
        "ac8d709df96f0aaece6546057436469c3df1f0e56574d1a8b603e07d9def2226",
        None,
    ),
    "seed-001": (
        "001_39a2235abfd5c1d8.txt",
        "8b20712fafa18cf133b7835bff83de79be7000cbb4df0ac63b9b28932fd9e748",
        None,
    ),
    # The annex to the motion; the motion itself comes before it in the scan.
    "seed-002": (
        "002_c7d6f4cfef6fff99.txt",
        "e4507bca8e4ad6cd7bbf0a950054b868aa7ad0da64b4e8c6738dd73834ba60e4",
        "BIJLAGE BIJ MOTIE",
    ),
    "seed-003": (
        "003_9d43732c4cc01687.txt",
        "add223b3b4f3247d33fd87bf37cdcb8cdad1c722e6585ac37d380ef7ad172d78",
        None,
    ),
    "seed-004": (
        "004_187e9792ad1f1385.txt",
        "9b388a58eb2a3e6ec3168317e64643f0ec3c841b6a1d39a9a27fa7ab202afd9f",
        None,
    ),
}


def normalised(text):
    return " ".join(text.replace("*", "").split())


def source_letter(source_id):
    name, _, start = SEEDS[source_id]
    text = (SOURCES / name).read_text(encoding="utf-8")
    return text[text.index(start) :] if start else text


def rendered_letter(html):
    part = html[html.index('<div class="letter-text">') : html.index("</article>")]
    return html_to_text(part)


def load_seed_letters():
    # Once as load_demo runs on its own; then with the agenda records the
    # letters link to (created only where the agenda and motions demo did
    # not), so that the letters that wait for them are imported too.
    call_command("load_demo", stdout=io.StringIO())
    ensure_seed_references()
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def seed_letters(db, _demo_snapshots):
    _demo_snapshots.put(load_seed_letters)  # loaded once, put back for each test
    return {letter.source_id: letter for letter in LetterPage.objects.all()}


@pytest.mark.parametrize("source_id", SEEDS)
def test_sources_are_the_seeds_unchanged(source_id):
    name, digest, _ = SEEDS[source_id]
    assert hashlib.sha256((SOURCES / name).read_bytes()).hexdigest() == digest


def test_the_demo_holds_the_five_seed_letters(seed_letters):
    assert set(seed_letters) == set(SEEDS)
    assert all(letter.live for letter in seed_letters.values())
    kinds = {source: letter.kind for source, letter in seed_letters.items()}
    assert kinds == {
        "seed-000": "unsolicited_advice",
        "seed-001": "unsolicited_advice",
        "seed-002": "motion_annex",
        "seed-003": "public_letter",
        "seed-004": "position_paper",
    }
    assert seed_letters["seed-000"].council.slug == "leiden"
    assert seed_letters["seed-002"].council.slug == "leidschendam-voorburg"
    assert seed_letters["seed-003"].council.slug == "amersfoort"
    assert seed_letters["seed-004"].council.slug == "smallingerland"


# One test per check, looping over the seeds: loading the demo is the slow part.


def test_seed_letters_render_word_for_word(client, seed_letters):
    for source_id, letter in seed_letters.items():
        first_version = client.get(letter.url + "versies/1/")

        assert first_version.status_code == 200, source_id
        rendered = normalised(rendered_letter(first_version.content.decode()))
        assert rendered == normalised(source_letter(source_id)), source_id


def test_seed_pdfs_hold_the_full_text(seed_letters):
    for source_id, letter in seed_letters.items():
        check_pdf_text(source_id, letter)


def check_pdf_text(source_id, letter):
    version = letter.versions.get(number=1)
    reader = PdfReader(io.BytesIO(version.pdf.read()))
    # Each page ends with its footer ("<council> pagina n van m"): not letter text.
    footer = re.compile(rf"\n?{re.escape(letter.council.name)} pagina \d+ van \d+\s*$")
    pages = [footer.sub("", page.extract_text()) for page in reader.pages]
    pdf_text = re.sub(r"\s+", "", "".join(pages))

    assert re.sub(r"\s+", "", source_letter(source_id).replace("*", "")) in pdf_text, source_id


def test_unknown_dates_stay_unknown(client, seed_letters):
    unknown = {"seed-000", "seed-003", "seed-004"}
    for source_id, letter in seed_letters.items():
        html = client.get(letter.url).content.decode()

        assert ("<dt>Datum</dt><dd>datum onbekend</dd>" in html) is (source_id in unknown)
        assert (letter.date is None) is (source_id in unknown)


def test_known_dates_and_references(seed_letters):
    assert seed_letters["seed-001"].date.isoformat() == "2009-04-07"
    assert seed_letters["seed-001"].reference == "CR-2009-001"
    assert seed_letters["seed-002"].date.isoformat() == "2018-12-11"
    assert seed_letters["seed-002"].reference == "CR-2018-001"
    # No date, no year: no reference rather than a made-up one.
    for source_id in ("seed-000", "seed-003", "seed-004"):
        assert seed_letters[source_id].reference == ""
    sent_000 = seed_letters["seed-000"].versions.get(number=1)
    assert sent_000.kind == LetterVersion.Kind.SENT
    assert sent_000.sent_on is None


def test_seed_001_links_its_agenda_items_and_motions(client, seed_letters):
    letter = seed_letters["seed-001"]

    assert sorted(letter.agenda_items.values_list("number", flat=True)) == ["5", "6"]
    assert sorted(letter.motions.values_list("identifier", flat=True)) == [
        "Motie 2",
        "Motie 6",
        "Motie 8",
    ]
    sections = [block.value for block in letter.body if block.block_type == "section"]
    assert [s["agenda_item"].number if s["agenda_item"] else None for s in sections] == [
        "5",
        "6",
        None,
    ]
    html = client.get(letter.url).content.decode()
    item = letter.agenda_items.get(number="5")
    assert (
        f'Agendapunt: <a href="/leiden/vergaderingen/{item.meeting_id}/#agendapunt-{item.pk}">'
        "5. Sociale winst op aanbesteding</a>"
    ) in html


def test_seed_002_shows_versioning_at_work(client, seed_letters):
    letter = seed_letters["seed-002"]
    sent, correction = letter.versions.all()

    assert (sent.kind, correction.kind) == ("sent", "correction")
    assert "cliénten" in sent.text and "W&}" not in sent.text
    assert "cliénten" not in correction.text and "cliënten" in correction.text
    current = client.get(letter.url).content.decode()
    assert "Verzonden op 11 december 2018 aan Gemeenteraad Leidschendam-Voorburg" in current
    assert sent.fingerprint in current
    assert "Fouten uit de tekstherkenning" in current
    assert "cliénten" not in rendered_letter(current)
    assert "cliénten" in rendered_letter(client.get(letter.url + "versies/1/").content.decode())
    assert letter.motions.get().title.lower().count("bejegening") == 1
