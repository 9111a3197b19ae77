"""``manage.py benchmark_letters``: how long a letter page, its PDF and a big import take.

Per letter it prints the time and the SQL statements of the import, and of
``letter_publish`` alone (a sent letter published through the service, as
the admin's Publish button does). The PDF of each version is made by a task
once the import commits (``freeze_version_pdf``); here nothing commits, so
the import figures leave it out, and the PDF is timed on its own.

Everything happens in a transaction that is rolled back, with files in a
temporary directory: the database and media/ are left as they were.
"""

import datetime
import os
import statistics
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client, override_settings
from wagtail.models import Page, Revision

from advice.letters.importing import import_paths
from advice.letters.rendering import pdf_from_html, render_letter_pdf
from advice.letters.services import letter_adopt, letter_publish, letter_send
from advice.models import LetterPage, LetterVersion
from benchmarks.bulk import analyze_after_rollback
from council.models import Council, MunicipalBody, Topic

PARAGRAPH = (
    "De Cliëntenraad vindt dat een breder scala aan aanbestedingen erbij betrokken had kunnen "
    "worden, maar ook 'producten en diensten'. Er is meer kunde en talent onder de "
    "bijstandsgerechtigden dan het college en ambtenaren veronderstellen."
)


def letter_file(number, state, council):
    sent = "\n[sent]\non = 2024-02-02\n" if state == "published" else ""
    points = "\n".join(f"{n}) {PARAGRAPH}" for n in range(1, 4))
    return f"""+++
source = "benchmark-{number}"
council = "{council}"
kind = "requested_advice"
subject = "Advies nummer {number} over de aanbesteding"
date = 2024-02-01
state = "{state}"
topics = ["benchmark"]
summary = "De cliëntenraad geeft advies over de aanbesteding. Hij vraagt om meer werk voor mensen in de bijstand."

[addressee]
body = "benchmark-commissie"
salutation = "Geachte leden van de commissie,"
{sent}+++

{PARAGRAPH}

::: sectie
# 5. Sociale winst op aanbesteding

{PARAGRAPH}

::: punten
{points}
:::
:::

::: citaat bron="Nota"
Uit de nota:

> {PARAGRAPH}
:::

{PARAGRAPH}

::: ondertekening
Met vriendelijke groet

De Cliëntenraad
:::
"""


class Rollback(Exception):
    pass


class StatementCounter:
    """Counts the SQL statements run (``CaptureQueriesContext`` keeps only the last 9,000)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class Command(BaseCommand):
    help = "Meet de tijd voor een briefpagina, de PDF ervan en het importeren van veel brieven."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1000, help="Aantal brieven (1000).")
        parser.add_argument(
            "--state",
            choices=["published", "draft"],
            default="published",
            help="published: vastgesteld, verzonden (met PDF) en gepubliceerd; draft: concept.",
        )
        parser.add_argument("--repeat", type=int, default=20, help="Herhalingen per meting.")
        parser.add_argument(
            "--publish",
            type=int,
            default=50,
            help="Verzonden brieven die via letter_publish gepubliceerd worden (50).",
        )

    def handle(self, *args, count, state, repeat, publish, **options):
        with (
            tempfile.TemporaryDirectory() as media,
            override_settings(MEDIA_ROOT=media, PRIVATE_MEDIA_ROOT=Path(media) / "private"),
        ):
            try:
                with transaction.atomic():
                    self.run(
                        count=count,
                        state=state,
                        repeat=repeat,
                        publish=publish,
                        workdir=Path(media),
                    )
                    raise Rollback
            except Rollback:
                analyze_after_rollback(Page, Revision, LetterPage, LetterVersion, Council)

    def run(self, *, count, state, repeat, publish, workdir):
        council = self.make_council()
        letters_dir = workdir / "letters"
        letters_dir.mkdir()
        for number in range(count):
            (letters_dir / f"{number:05d}.md").write_text(
                letter_file(number, state, council.slug), encoding="utf-8"
            )

        self.stdout.write(f"Belasting (load average): {self.load()}")
        statements = StatementCounter()
        started = time.perf_counter()
        with connection.execute_wrapper(statements):
            counts, problems = import_paths([letters_dir])
        elapsed = time.perf_counter() - started
        if problems:
            self.stderr.write(str(problems[0]))
        self.stdout.write(
            f"Import van {count} brieven ({state}): {elapsed:.1f} s, "
            f"{1000 * elapsed / max(count, 1):.0f} ms en "
            f"{statements.count / max(count, 1):.0f} SQL-statements per brief "
            f"({counts['created']} aangemaakt, {counts['failed']} mislukt; zonder de PDF)"
        )
        if publish:
            self.measure_publish(council, workdir, publish)

        if state != "published":
            (letters_dir / "extra.md").write_text(
                letter_file("x", "published", council.slug), encoding="utf-8"
            )
            import_paths([letters_dir / "extra.md"])
        letter = council.letters.live().first()
        client = Client(
            HTTP_HOST=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost"
        )
        client.get(letter.url)  # warm up templates and caches
        pages = [self.timed(lambda: client.get(letter.url)) for _ in range(repeat)]
        render_letter_pdf(letter)
        # Time the typesetting itself, not the in-process cache of identical HTML.
        pdfs = [
            self.timed(lambda: (pdf_from_html.cache_clear(), render_letter_pdf(letter)))
            for _ in range(max(repeat // 4, 3))
        ]
        self.stdout.write(
            f"Briefpagina: mediaan {statistics.median(pages):.1f} ms, "
            f"max {max(pages):.1f} ms ({len(pages)} keer)"
        )
        self.stdout.write(
            f"PDF van de brief: mediaan {statistics.median(pdfs):.1f} ms, "
            f"max {max(pdfs):.1f} ms ({len(pdfs)} keer)"
        )

    def measure_publish(self, council, workdir, number):
        """``letter_publish`` alone, of ``number`` adopted and sent letters."""
        drafts = workdir / "publish"
        drafts.mkdir()
        for n in range(number):
            (drafts / f"{n:05d}.md").write_text(
                letter_file(f"publish-{n}", "draft", council.slug), encoding="utf-8"
            )
        import_paths([drafts])
        sent = []
        for letter in LetterPage.objects.filter(source_id__startswith="benchmark-publish-"):
            letter_adopt(letter=letter, reference_year=2024)
            version = letter_send(letter=letter, sent_on=datetime.date(2024, 2, 2), sent_to="")
            sent.append((letter, version.revision))
        statements, times = StatementCounter(), []
        with connection.execute_wrapper(statements):
            for letter, revision in sent:
                started = time.perf_counter()
                letter_publish(letter=letter, revision=revision)
                times.append(1000 * (time.perf_counter() - started))
        self.stdout.write(
            f"letter_publish van {len(sent)} verzonden brieven: mediaan "
            f"{statistics.median(times):.1f} ms, max {max(times):.1f} ms, "
            f"{statements.count / max(len(sent), 1):.0f} SQL-statements per brief"
        )

    @staticmethod
    def load():
        return ", ".join(f"{value:.2f}" for value in os.getloadavg())

    @staticmethod
    def timed(action):
        started = time.perf_counter()
        response = action()
        if hasattr(response, "status_code") and response.status_code != 200:
            raise RuntimeError(f"Briefpagina gaf status {response.status_code}")
        return 1000 * (time.perf_counter() - started)

    @staticmethod
    def make_council():
        """A council that has a page (load the demo first); its extras are rolled back."""
        council = Council.objects.filter(page__isnull=False).first()
        if council is None:
            raise CommandError("Geen cliëntenraad met een pagina: draai eerst manage.py load_demo.")
        MunicipalBody.objects.create(
            municipality=council.municipality,
            slug="benchmark-commissie",
            kind="committee",
            name="Commissie (benchmark)",
        )
        Topic.objects.get_or_create(slug="benchmark", defaults={"name": "benchmark"})
        return council
