"""``manage.py send_reminders``: e-mail each council's secretary what is due. Safe to run daily."""

from django.core.management.base import BaseCommand, CommandError

from advice.consultations.services import reminders_send


class Command(BaseCommand):
    help = (
        "Mailt de secretaris van elke cliëntenraad een overzicht: advies dat binnen 14 dagen "
        "verwacht wordt en antwoorden van het college die te laat zijn. Elke herinnering gaat "
        "één keer; dagelijks draaien (cron) is veilig."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Alleen tonen wat verzonden zou worden; niets verzenden of vastleggen.",
        )

    def handle(self, *args, dry_run, **options):
        digests = reminders_send(dry_run=dry_run)
        if not digests:
            self.stdout.write("Geen nieuwe herinneringen.")
            return
        for digest in digests:
            items = len(digest.reminders)
            if digest.problem:
                self.stderr.write(
                    f"{digest.council.name}: {items} herinnering(en) niet verzonden. {digest.problem}"
                )
            elif dry_run:
                self.stdout.write(
                    f"{digest.council.name}: {items} herinnering(en) zou(den) gaan naar "
                    f"{', '.join(digest.recipients)}."
                )
            else:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{digest.council.name}: {items} herinnering(en) verzonden aan "
                        f"{', '.join(digest.recipients)}."
                    )
                )
        failed = [digest.council.name for digest in digests if digest.mail_failed]
        if failed:
            # A non-zero exit, so that cron reports it; the next run tries again.
            raise CommandError(f"Mail niet verzonden voor {', '.join(failed)}.")
