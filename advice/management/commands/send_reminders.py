"""``manage.py send_reminders``: enqueue today's reminders for the worker. Safe to run daily.

The command only enqueues ``advice.consultations.reminder_tasks.send_reminders``;
the worker sends, and the task's row records the outcome. ``--dry-run`` shows
what would be sent, here and now, and sends nothing.
"""

from django.core.management.base import BaseCommand, CommandError

from advice.consultations.reminder_tasks import report_lines, send_reminders
from council.background import TaskResultStatus


class Command(BaseCommand):
    help = (
        "Zet de herinneringen van vandaag in de wachtrij: de worker mailt de secretaris van "
        "elke cliëntenraad een overzicht van advies dat binnen 14 dagen verwacht wordt en "
        "antwoorden van het college die te laat zijn. Elke herinnering gaat één keer; dagelijks "
        "draaien (cron) is veilig."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Alleen tonen wat verzonden zou worden; niets verzenden, vastleggen of in de "
            "wachtrij zetten.",
        )

    def handle(self, *args, dry_run, **options):
        if dry_run:
            from advice.consultations.services import reminders_send

            lines, problems = report_lines(reminders_send(dry_run=True), dry_run=True)
            self._write(lines, problems)
            return
        result = send_reminders.enqueue()
        if not result.is_finished:
            self.stdout.write(
                f"Herinneringen in de wachtrij gezet (taak {result.id}); de worker verstuurt ze."
            )
            return
        # A backend that runs the task at once (tests, the immediate backend): its outcome.
        if result.status == TaskResultStatus.FAILED:
            last = result.errors[-1].traceback.strip().splitlines()[-1]
            raise CommandError(last.partition(": ")[2] or last)
        value = result.return_value
        self._write(value["verzonden"], value["problemen"])

    def _write(self, lines, problems):
        if not lines and not problems:
            self.stdout.write("Geen nieuwe herinneringen.")
        for problem in problems:
            self.stderr.write(problem)
        for line in lines:
            self.stdout.write(self.style.SUCCESS(line))
