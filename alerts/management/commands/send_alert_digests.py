"""``manage.py send_alert_digests --frequency dagelijks|wekelijks``: enqueue a digest run (cron).

The daily run also enqueues the purge: unconfirmed requests older than 48
hours, addresses left with nothing, and events past their retention.
"""

from django.core.management.base import BaseCommand

from council.background import enqueue_on_commit

from ...models import Frequency
from ...tasks import purge_alerts, send_alert_digests


class Command(BaseCommand):
    help = (
        "Zet het dagelijkse of wekelijkse overzicht van meldingen in de wachtrij (het dagelijkse "
        "ook het opruimen van onbevestigde aanmeldingen)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency",
            required=True,
            choices=[Frequency.DAILY, Frequency.WEEKLY],
            help="dagelijks of wekelijks",
        )

    def handle(self, *args, frequency, **options):
        enqueue_on_commit(send_alert_digests, frequency)
        if frequency == Frequency.DAILY:
            enqueue_on_commit(purge_alerts)
        self.stdout.write(f"Overzicht ({frequency}) staat in de wachtrij.")
