"""``manage.py recheck_verdicts --gebruiker NAME [--dry-run]``: after a new holiday table.

Working days skip the Dutch public holidays of the pinned ``holidays``
package. When an upgrade of that package changes a holiday, a verdict can
change without anyone touching the consultation; this command finds those
and records each in the consultation's history, with the two versions as the
cause. Run it after every upgrade of ``holidays`` (docs/consultations.md).
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from advice.consultations.causes import verdicts_recheck


class Command(BaseCommand):
    help = (
        "Beoordeelt raadplegingen opnieuw na een nieuwe feestdagentabel (pakket holidays) en "
        "legt elk gewijzigd oordeel vast in de geschiedenis van de raadpleging."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--gebruiker",
            dest="username",
            required=True,
            help="Gebruikersnaam die in de geschiedenis komt.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Alleen tonen wat er zou veranderen.",
        )

    def handle(self, *args, username, dry_run, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Er is geen actieve gebruiker '{username}'.")
        result = verdicts_recheck(user=user, dry_run=dry_run)
        for consultation, old, new in result.changed:
            self.stdout.write(
                f"{consultation.council.slug} {consultation.reference}: {old.label} → {new.label}"
            )
        verb = "zou veranderen" if dry_run else "vastgelegd"
        self.stdout.write(
            f"Feestdagentabel holidays {result.version}: {result.checked} opnieuw beoordeeld, "
            f"{len(result.changed)} oordeel/oordelen {verb}, {result.without_baseline} zonder "
            "vastgelegd oordeel in de geschiedenis (niet te vergelijken)."
        )
        if not dry_run:
            self.stdout.write(
                f"Opgeslagen oordelen (scorecard) opnieuw bepaald: {result.stored} gewijzigd."
            )
