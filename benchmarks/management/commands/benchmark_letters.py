"""``manage.py benchmark_letters``: how long a letter page, its PDF and a big import take.

Everything happens in a transaction that is rolled back, with files in a
temporary directory: the database and media/ are left as they were.
"""

import statistics
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import Client, override_settings
from wagtail.models import Page, Revision

from advice.letters.importing import import_paths
from advice.letters.rendering import pdf_from_html, render_letter_pdf
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

    def handle(self, *args, count, state, repeat, **options):
        with (
            tempfile.TemporaryDirectory() as media,
            override_settings(MEDIA_ROOT=media, PRIVATE_MEDIA_ROOT=Path(media) / "private"),
        ):
            try:
                with transaction.atomic():
                    self.run(count=count, state=state, repeat=repeat, workdir=Path(media))
                    raise Rollback
            except Rollback:
                analyze_after_rollback(Page, Revision, LetterPage, LetterVersion, Council)

    def run(self, *, count, state, repeat, workdir):
        council = self.make_council()
        letters_dir = workdir / "letters"
        letters_dir.mkdir()
        for number in range(count):
            (letters_dir / f"{number:05d}.md").write_text(
                letter_file(number, state, council.slug), encoding="utf-8"
            )

        started = time.perf_counter()
        counts, problems = import_paths([letters_dir])
        elapsed = time.perf_counter() - started
        if problems:
            self.stderr.write(str(problems[0]))
        self.stdout.write(
            f"Import van {count} brieven ({state}): {elapsed:.1f} s, "
            f"{1000 * elapsed / max(count, 1):.0f} ms per brief "
            f"({counts['created']} aangemaakt, {counts['failed']} mislukt)"
        )

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
