"""``manage.py verify_archive``: recompute the hashes of every frozen letter version.

Exit status 0 when every text and PDF matches what was recorded, 1 on any
difference or missing file (docs/operations.md). See advice/letters/archive.py.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from advice.letters.archive import Outcome, verify_archive

LABELS = {
    Outcome.DIFFERENT: "AFWIJKEND",
    Outcome.MISSING: "ONTBREEKT",
    Outcome.BEING_MADE: "WORDT GEMAAKT",
}


class Command(BaseCommand):
    help = (
        "Controleert het archief van verzonden en gepubliceerde brieven: berekent van elke "
        "vastgelegde versie de SHA-256 van de tekst en van de pdf opnieuw en meldt wat "
        "ontbreekt of afwijkt. Eindigt met status 1 bij elke afwijking."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--streng",
            action="store_true",
            help="Ook een pdf die nog gemaakt wordt (taak in de wachtrij) telt als fout.",
        )

    def handle(self, *args, streng, **options):
        self.stdout.write(f"Pdf-map (PRIVATE_MEDIA_ROOT): {settings.PRIVATE_MEDIA_ROOT}")
        report = verify_archive(strict=streng)
        for finding in report.findings:
            # Problems to stderr, so that cron (stdout to /dev/null) mails only them.
            out = self.stderr if report.fails(finding) else self.stdout
            out.write(
                f"{LABELS[finding.outcome]}: {finding.subject}: {finding.check}: {finding.detail}"
            )
        self.stdout.write(
            f"Gecontroleerd: {report.versions} versies van {len(report.letters)} brieven."
        )
        self.stdout.write(
            f"Tekst: {report.count('tekst', Outcome.OK)} in orde, "
            f"{report.count('tekst', Outcome.DIFFERENT)} afwijkend."
        )
        self.stdout.write(
            f"Pdf: {report.count('pdf', Outcome.OK)} in orde, "
            f"{report.count('pdf', Outcome.DIFFERENT)} afwijkend, "
            f"{report.count('pdf', Outcome.MISSING)} ontbreekt, "
            f"{report.count('pdf', Outcome.BEING_MADE)} wordt nog gemaakt."
        )
        problems = len(report.problems)
        made = report.count("pdf", Outcome.BEING_MADE)
        pdfs = (
            "1 pdf die nog gemaakt wordt" if made == 1 else f"{made} pdf's die nog gemaakt worden"
        )
        if problems:
            message = f"Het archief is niet in orde: {problems} "
            message += "afwijking" if problems == 1 else "afwijkingen"
            if report.strict and made:
                message += f", waarvan {pdfs}"
            raise CommandError(message + ".", returncode=1)
        if made:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Het archief is in orde, op {pdfs} na. "
                    "Controleer met --streng als de worker klaar is."
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS("Het archief is in orde."))
