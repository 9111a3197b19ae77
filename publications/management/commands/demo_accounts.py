"""Make sure the local demo accounts exist and print how to log in.

Development only: the command refuses to run unless DEBUG is on, so a
known password can never reach a server.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from council import groups

PASSWORD = "kanttekening-demo"  # noqa: S105 - a documented local demo login

ACCOUNTS = [
    # username, group (None: administrator), description
    ("beheerder", None, "beheerder (alle rechten)"),
    ("raadslid", groups.MEMBERS, "raadslid: schrijft brieven"),
    ("voorzitter", groups.CHAIRS, "voorzitter: stelt vast en publiceert"),
    ("secretaris", groups.CLERKS, "ambtelijk secretaris: vergaderingen, moties, raadplegingen"),
]


class Command(BaseCommand):
    help = "Maakt de lokale demo-accounts aan (alleen met DEBUG aan) en toont de inlog."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo-accounts alleen in de ontwikkelomgeving (DEBUG staat uit).")
        User = get_user_model()
        lines = []
        for username, group_name, description in ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "is_staff": group_name is None,
                    "is_superuser": group_name is None,
                    "first_name": username.capitalize(),
                    "email": f"{username}@localhost",
                },
            )
            if created:
                user.set_password(PASSWORD)
                user.save(update_fields=["password"])
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
            password = PASSWORD if user.check_password(PASSWORD) else "(zelf gewijzigd)"
            lines.append(f"  {username:<12} {password:<20} {description}")
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        self.stdout.write(f"Beheer: {base}/beheer/  (gebruikersnaam, wachtwoord)")
        for line in lines:
            self.stdout.write(line)
