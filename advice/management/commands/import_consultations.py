"""``manage.py import_consultations FILE [--apply]``: consultations from a CSV file.

A dry run unless ``--apply``: it reports, row by row, what would be created
or changed and what is wrong. With ``--apply`` everything is written in one
transaction, or nothing when one row is wrong. See docs/consultations.md.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from advice.consultations import audit, csv_limits
from advice.consultations.csv_file import CHANGE, CREATE
from advice.consultations.services import consultation_import
from council.models import Council


class Command(BaseCommand):
    help = (
        "Leest raadplegingen uit een CSV-bestand (zie docs/consultations.md). Zonder --apply "
        "alleen een controle: per regel wat nieuw is, wat verandert en wat fout is. Met --apply "
        "wordt alles in één keer ingelezen, of niets als er één fout is."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Het CSV-bestand.")
        parser.add_argument(
            "--apply",
            action="store_true",
            help="Echt inlezen (standaard: alleen controleren, er wordt niets veranderd).",
        )
        parser.add_argument(
            "--raad",
            dest="council",
            help="Korte naam van de cliëntenraad, voor een bestand zonder kolom 'cliëntenraad'.",
        )
        parser.add_argument(
            "--gebruiker",
            dest="username",
            help=(
                "Gebruikersnaam die in de geschiedenis komt (standaard: het systeemaccount "
                f"'{audit.IMPORT_ACCOUNT}', dat niet kan inloggen)."
            ),
        )

    def handle(self, *args, file, apply, council, username, **options):
        try:
            # The size first: a file past the limit is refused without reading it.
            refused = csv_limits.size_refusal(file.stat().st_size)
            if refused:
                raise CommandError(f"{file.name}: {refused}")
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Kan {file} niet lezen: {error.strerror}.") from error
        chosen = None
        if council:
            chosen = Council.objects.filter(slug=council).first()
            if chosen is None:
                raise CommandError(f"Er is geen cliëntenraad met korte naam '{council}'.")
        if username:
            user = get_user_model().objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"Er is geen actieve gebruiker '{username}'.")
        else:
            user = audit.import_account() if apply else None

        report = consultation_import(
            data=data,
            filename=file.name,
            user=user,
            via=audit.VIA_COMMAND_LINE_IMPORT,
            council=chosen,
            apply=apply,
        )
        for error in report.file_errors:
            self.stderr.write(f"{file.name}: {error}")
        for row in report.rows:
            label = f"regel {row.line} [{row.reference or '-'}] {row.status_label}"
            if row.errors:
                for line in row.error_lines():
                    self.stderr.write(f"{file.name}, {line}")
                continue
            self.stdout.write(f"{label}: {row.subject}")
            if row.status in (CREATE, CHANGE):
                for line in row.change_lines():
                    self.stdout.write(f"    {line}")
        for column in report.ignored_columns:
            self.stdout.write(f"Kolom '{column}' genegeerd (afgeleid, niet in te lezen).")

        summary = report.summary()
        if not report.ok:
            raise CommandError(f"Niets ingelezen: {summary}")
        if apply:
            self.stdout.write(self.style.SUCCESS(f"Ingelezen: {summary}"))
        else:
            self.stdout.write(
                f"Controle: {summary} Er is niets veranderd; ingelezen wordt het met --apply."
            )
