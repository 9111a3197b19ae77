"""``import_letters``: good files become letters, bad files are reported and leave nothing."""

import io
import textwrap

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from advice.letters import importing
from advice.letters.importing import ImportProblem, import_file, import_paths
from advice.models import LetterAdoption, LetterPage, LetterVersion
from tests.factories.council import CouncilFactory, MunicipalBodyFactory, TopicFactory
from tests.factories.publications import council_page

pytestmark = pytest.mark.django_db

GOOD = """\
+++
source = "test-1"
council = "{council}"
kind = "requested_advice"
subject = "Advies over de armoederegeling"
date = 2024-02-01
state = "published"
topics = ["armoede"]
summary = "De cliëntenraad is positief over de armoederegeling."

[addressee]
body = "college"
salutation = "Geacht college,"

[sent]
on = 2024-02-02
+++

De Cliëntenraad adviseert *positief*.

::: punten
1) Eerste punt.
2) Tweede punt.
:::

::: citaat bron="Nota armoede"
Uit de nota:

> Iedereen doet mee.
:::

::: ondertekening
Met vriendelijke groet

De Cliëntenraad
:::
"""


@pytest.fixture
def council():
    council = CouncilFactory(slug="teststad")
    council_page(council)
    MunicipalBodyFactory(municipality=council.municipality, slug="college", kind="executive")
    TopicFactory(name="armoede", slug="armoede")
    return council


def write(tmp_path, text, name="brief.md", **fields):
    path = tmp_path / name
    path.write_text(text.format(council="teststad", **fields), encoding="utf-8")
    return path


def counts():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        LetterPage.objects.count(),
        LetterAdoption.objects.count(),
        LetterVersion.objects.count(),
    )


def test_a_good_file_becomes_a_sent_and_published_letter(council, tmp_path):
    assert import_file(write(tmp_path, GOOD)) == "created"

    letter = LetterPage.objects.get(source_id="test-1")
    assert letter.live and letter.reference == "CR-2024-001"
    assert [block.block_type for block in letter.body] == [
        "text",
        "points",
        "quotation",
        "signature",
    ]
    assert letter.body[1].value["points"][1]["label"] == "2)"
    assert letter.body[2].value["attribution"] == "Uit de nota:"
    assert letter.body[3].value["closing"] == "Met vriendelijke groet"
    version = letter.versions.get()
    assert (version.kind, version.sent_on.isoformat(), version.sent_to) == (
        "sent",
        "2024-02-02",
        letter.addressee.name,
    )
    assert list(letter.topics.names()) == ["armoede"]


def test_running_again_skips_what_is_there(council, tmp_path):
    path = write(tmp_path, GOOD)
    import_file(path)
    before = counts()

    assert import_file(path) == "skipped"
    assert counts() == before


def test_a_title_that_names_a_route_gets_another_slug(council, tmp_path):
    path = write(tmp_path, GOOD.replace("Advies over de armoederegeling", "Moties"))

    assert import_file(path) == "created"

    letter = LetterPage.objects.get()
    assert letter.slug == "moties-2"  # /teststad/moties/ stays the motion list


BAD = [
    # (what to change in GOOD, line, field, words in the message)
    ('source = "test-1"\n', "", 1, "source", "ontbreekt"),
    ('kind = "requested_advice"', 'kind = "brochure"', 4, "kind", "onbekende soort"),
    ("date = 2024-02-01", 'date = "1 februari"', 6, "date", "geen datum"),
    ("date = 2024-02-01", "date = 2024-02-01T10:00:00", 6, "date", "zonder tijd"),
    ('state = "published"', 'state = "klaar"', 7, "state", "geen toestand"),
    ('council = "{council}"', 'council = "nergens"', 3, "council", "geen cliëntenraad"),
    ('topics = ["armoede"]', 'topics = ["onbekend"]', 8, "topics", "onbekend onderwerp"),
    ('body = "college"', 'body = "wethouder-x"', 11, "addressee", "geen orgaan"),
    ("[sent]\non = 2024-02-02\n", "", 7, "sent", "eerst verzonden"),
    ("on = 2024-02-02", 'on = "2024-02"', 15, "sent", "een dag"),
    ('subject = "Advies over de armoederegeling"', "subject = 12", 5, "subject", "tekst"),
    # A published letter has a plain-language summary, or a reason for none.
    (
        'summary = "De cliëntenraad is positief over de armoederegeling."\n',
        "",
        1,
        "summary",
        "ontbreekt",
    ),
    (
        'summary = "De cliëntenraad is positief over de armoederegeling."',
        "summary = 12",
        9,
        "summary",
        "moet een tekst zijn",
    ),
    ("positief over de armoederegeling.", "positief. " * 61, 9, "summary", "te lang"),
    (
        'armoederegeling."\n',
        'armoederegeling."\nno_summary_reason = "Geen tijd."\n',
        10,
        "no_summary_reason",
        "niet allebei",
    ),
    ("+++\n\nDe Cliëntenraad", "[motions]\n+++\n\nDe Cliëntenraad", 17, "motions", "[[motions]]"),
    ('subject = "Advies', 'onderwerp = "x"\nsubject = "Advies', 5, "onderwerp", "onbekend veld"),
    ("date = 2024-02-01", "date = ", 6, "front matter", "geen geldige TOML"),
    ("::: punten", "::: lijst", 21, "tekst", "een blok 'lijst'"),
    ("2) Tweede punt.\n:::", "2) Tweede punt.", 21, "tekst", "niet afgesloten"),
    ("> Iedereen doet mee.", "Iedereen doet mee.", 26, "tekst", "regels die beginnen met '>'"),
    ('bron="Nota armoede"', 'auteur="x"', 26, "tekst", "onbekend kenmerk"),
    (
        "::: punten\n1) Eerste",
        '::: sectie agendapunt="7"\n# Kop\n\n1) Eerste',
        21,
        "tekst",
        "agendapunt '7'",
    ),
]


@pytest.mark.parametrize(("old", "new", "line", "field", "words"), BAD)
def test_a_bad_field_is_reported_by_file_line_and_field_and_nothing_is_created(
    council, tmp_path, old, new, line, field, words
):
    text = GOOD.replace(old, new)
    assert text != GOOD
    path = write(tmp_path, text)
    before = counts()

    with pytest.raises(ImportProblem) as raised:
        import_file(path)

    problem = raised.value
    assert (problem.path, problem.line, problem.field) == (path, line, field)
    assert words in problem.message
    assert str(problem).startswith(f"{path}, regel {line}, veld '{field}': ")
    assert counts() == before


def test_a_failure_while_writing_leaves_nothing_behind(council, tmp_path, monkeypatch):
    def broken_fingerprint(text):
        raise OSError("schijf vol")

    # The last write of the file's transaction: freezing the sent version.
    monkeypatch.setattr("advice.letters.services.fingerprint", broken_fingerprint)
    before = counts()

    with pytest.raises(OSError, match="schijf vol"):
        import_file(write(tmp_path, GOOD))

    assert counts() == before


def test_a_file_without_front_matter(council, tmp_path):
    path = write(tmp_path, "Gewoon tekst.\n")

    with pytest.raises(ImportProblem) as raised:
        import_file(path)

    assert (raised.value.line, raised.value.field) == (1, "front matter")


def test_a_directory_shows_progress_and_a_summary(council, tmp_path):
    write(tmp_path, GOOD, name="a.md")
    write(tmp_path, GOOD.replace("test-1", "test-2"), name="b.md")
    write(tmp_path, GOOD.replace("test-1", "test-3").replace("kind =", "soort ="), name="c.md")
    stdout, stderr = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError, match="2 aangemaakt, 0 overgeslagen .*, 1 mislukt"):
        call_command("import_letters", str(tmp_path), stdout=stdout, stderr=stderr)

    assert "c.md, regel 4, veld 'soort'" in stderr.getvalue()
    assert "Brieven: 100%" in stderr.getvalue()  # tqdm's progress bar

    stdout = io.StringIO()
    (tmp_path / "c.md").unlink()
    call_command("import_letters", str(tmp_path), stdout=stdout, stderr=io.StringIO())
    assert "0 aangemaakt, 2 overgeslagen (al aanwezig), 0 mislukt." in stdout.getvalue()


def test_a_correction_file_publishes_a_new_version_with_its_note(council, tmp_path):
    write(tmp_path, GOOD, name="a.md")
    correction = textwrap.dedent(
        """\
        +++
        source = "test-1-correctie"
        corrects = "test-1"
        change = "correction"
        note = "Het woord 'positief' stond er niet goed."
        +++

        De Cliëntenraad adviseert *negatief*.
        """
    )
    write(tmp_path, correction, name="a.correctie.md")

    counts_, problems = import_paths([tmp_path])

    assert problems == []
    assert counts_["created"] == 2
    letter = LetterPage.objects.get(source_id="test-1")
    assert [v.kind for v in letter.versions.all()] == ["sent", "correction"]
    assert "negatief" in letter.versions.last().text
    assert "negatief" in LetterPage.objects.get(pk=letter.pk).body[0].value


def test_a_draft_is_imported_as_a_draft(council, tmp_path):
    text = GOOD.replace('state = "published"', 'state = "draft"').replace(
        "[sent]\non = 2024-02-02\n", ""
    )

    import_file(write(tmp_path, text))

    letter = LetterPage.objects.get(source_id="test-1")
    assert not letter.live
    assert letter.reference == ""
    assert not letter.versions.exists()


def test_letter_files_put_corrections_last(tmp_path):
    (tmp_path / "b.md").write_text('+++\nsource = "b"\n+++\n')
    (tmp_path / "a.correctie.md").write_text('+++\ncorrects = "b"\n+++\n')

    assert [p.name for p in importing.letter_files([tmp_path])] == ["b.md", "a.correctie.md"]
