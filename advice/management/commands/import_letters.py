"""``manage.py import_letters PATH…``: letters from Markdown files with TOML front matter."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from advice.letters.importing import import_paths


class Command(BaseCommand):
    help = (
        "Importeert brieven uit Markdown-bestanden met TOML-front-matter (zie docs/letters.md). "
        "Een map wordt doorzocht op *.md. Al geïmporteerde brieven (zelfde 'source') worden "
        "overgeslagen; een bestand met een fout wordt gemeld en helemaal niet aangemaakt."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="Bestanden of mappen.")

    def handle(self, *args, paths, **options):
        show_progress = any(path.is_dir() for path in paths)

        def progress(files):
            return tqdm(files, desc="Brieven", unit="bestand", file=self.stderr._out)

        counts, problems = import_paths(paths, progress=progress if show_progress else None)
        for problem in problems:
            self.stderr.write(str(problem))
        summary = (
            f"{counts['created']} aangemaakt, {counts['skipped']} overgeslagen (al aanwezig), "
            f"{counts['failed']} mislukt."
        )
        if counts["failed"]:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
