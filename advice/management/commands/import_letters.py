"""``manage.py import_letters PATH…``: letters from Markdown files with TOML front matter.

The files are stored as one import and a task per file is enqueued
(``advice.letters.import_tasks``); the worker imports them, each all or
nothing. The command returns once they are enqueued, or, with ``--wait``,
when the worker has finished them, and reports per file.
"""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from tqdm import tqdm

from advice.letters.import_jobs import LetterImport, Status
from advice.letters.import_tasks import enqueue_files, start_import
from advice.letters.importing import letter_files

POLL_SECONDS = 1.0


class Command(BaseCommand):
    help = (
        "Importeert brieven uit Markdown-bestanden met TOML-front-matter (zie docs/letters.md). "
        "Een map wordt doorzocht op *.md. Elk bestand wordt een taak voor de worker "
        "(manage.py db_worker); een bestand met een fout wordt gemeld en helemaal niet "
        "aangemaakt, de andere gaan door. Al geïmporteerde brieven (zelfde 'source') worden "
        "overgeslagen."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="Bestanden of mappen.")
        parser.add_argument(
            "--wait",
            action="store_true",
            help="Wachten tot de worker alle bestanden heeft verwerkt, en per bestand melden.",
        )

    def _bar(self, items=None, **kwargs):
        return tqdm(items, unit="bestand", file=self.stderr._out, **kwargs)

    def handle(self, *args, paths, wait, **options):
        files, unreadable = [], []
        for path in self._bar(letter_files(paths), desc="Inlezen"):
            try:
                files.append((str(path), path.read_bytes()))
            except OSError as error:
                unreadable.append(f"{path}, veld 'bestand': kan niet gelezen worden ({error}).")
        job, rows = start_import(
            files=files,
            name=", ".join(map(str, paths)),
            origin=LetterImport.Origin.COMMAND,
        )
        enqueue_files(rows, progress=lambda rows: self._bar(rows, desc="Brieven"))
        for problem in unreadable:
            self.stderr.write(problem)

        state = job.state()
        if wait and not state["finished"]:
            state = self._wait(job, state)
        if not state["finished"]:
            url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
                "advice_letter_import_progress", args=[job.pk]
            )
            self.stdout.write(
                f"{job.total} bestand(en) in de wachtrij (import {job.pk}); de worker "
                f"(manage.py db_worker) importeert ze. Voortgang en verslag: {url}"
            )
            if unreadable:
                raise CommandError(f"{len(unreadable)} bestand(en) niet te lezen.")
            return
        self._report(job, state, len(unreadable))

    def _wait(self, job, state):
        with self._bar(total=job.total, desc="Geïmporteerd", initial=state["done"]) as bar:
            while not state["finished"]:
                time.sleep(POLL_SECONDS)
                state = job.state()
                bar.update(state["done"] - bar.n)
        return state

    def _report(self, job, state, unreadable):
        for row in job.files.filter(status=Status.FAILED).order_by("position"):
            self.stderr.write(row.message)
        failed = state["failed"] + unreadable
        summary = (
            f"{state['created']} aangemaakt, {state['skipped']} overgeslagen (al aanwezig), "
            f"{failed} mislukt."
        )
        if failed:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
