"""``manage.py import_ods FILE_OR_URL --raad SLUG``: meetings, agenda items and motions from ODS.

Reads an ODS Open Raadsinformatie export (a file, or an http(s) URL with a
timeout and a size limit) and writes it into the council's records in one
transaction, or nothing when one object is wrong (``motions.ods``). A
second run of the same export changes nothing. See docs/agenda-and-motions.md.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from council.models import Council
from motions.ods import reading
from motions.ods.importing import ods_import


class Command(BaseCommand):
    help = (
        "Leest vergaderingen, agendapunten en moties uit een ODS-export (JSON-bestand of "
        "http(s)-adres) in bij een cliëntenraad. Alles of niets; een tweede keer hetzelfde "
        "bestand verandert niets."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="Het JSON-bestand of het http(s)-adres van de export.")
        parser.add_argument(
            "--raad", dest="council", required=True, help="Korte naam van de cliëntenraad."
        )
        parser.add_argument(
            "--gebruiker",
            dest="username",
            help="Gebruikersnaam die in de geschiedenis komt (standaard: geen).",
        )

    def handle(self, *args, source, council, username, **options):
        chosen = Council.objects.filter(slug=council).first()
        if chosen is None:
            raise CommandError(
                f"Er is geen cliëntenraad met korte naam '{council}'; er is niets ingelezen."
            )
        user = None
        if username:
            user = get_user_model().objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"Er is geen actieve gebruiker '{username}'.")
        try:
            data = reading.read_source(source)
        except reading.OdsProblem as problem:
            raise CommandError(str(problem)) from None
        report = ods_import(data=data, name=source, council=chosen, user=user)
        for line in report.lines:
            self.stdout.write(line)
        if not report.ok:
            for problem in report.problem_lines():
                self.stderr.write(problem)
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))
