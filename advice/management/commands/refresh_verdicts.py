"""``manage.py refresh_verdicts [--nu] [--alle]``: keep the stored verdicts current. Run daily.

By default the command only enqueues
``advice.consultations.verdict_tasks.refresh_verdicts``: the worker judges
again the consultations whose response term ran out since the last run (the
scorecard counts the stored verdicts). ``--nu`` does that here and now;
``--alle`` judges every consultation again, here and now (after a restore,
or to check), and says how many verdicts it changed.
"""

from django.core.management.base import BaseCommand, CommandError

from advice.consultations.verdict_tasks import refresh, refresh_verdicts
from council.background import TaskResultStatus


class Command(BaseCommand):
    help = (
        "Bepaalt opnieuw de opgeslagen oordelen die door het verstrijken van de tijd "
        "veranderen (antwoord te laat). Zet standaard een taak in de wachtrij; dagelijks "
        "draaien (cron) is veilig."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--nu", dest="now", action="store_true", help="Nu uitvoeren, niet via de wachtrij."
        )
        parser.add_argument(
            "--alle",
            dest="everything",
            action="store_true",
            help="Elke raadpleging opnieuw beoordelen (nu), niet alleen de oordelen die vandaag "
            "kunnen veranderen.",
        )

    def handle(self, *args, now, everything, **options):
        if everything:
            from advice.consultations.services import verdicts_store
            from advice.models import Consultation

            changed = verdicts_store(consultations=Consultation.objects.all())
            self.stdout.write(
                f"Alle raadplegingen opnieuw beoordeeld: {changed} oordeel/oordelen gewijzigd."
            )
            return
        if now:
            self._write(refresh())
            return
        result = refresh_verdicts.enqueue()
        if not result.is_finished:
            self.stdout.write(
                f"Oordelen vernieuwen in de wachtrij gezet (taak {result.id}); de worker doet het."
            )
            return
        # A backend that runs the task at once (tests, the immediate backend): its outcome.
        if result.status == TaskResultStatus.FAILED:
            last = result.errors[-1].traceback.strip().splitlines()[-1]
            raise CommandError(last.partition(": ")[2] or last)
        self._write(result.return_value)

    def _write(self, value):
        self.stdout.write(
            f"{value['gecontroleerd']} oordeel/oordelen opnieuw bepaald, "
            f"{value['gewijzigd']} gewijzigd."
        )
