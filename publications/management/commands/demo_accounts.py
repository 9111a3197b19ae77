"""Make sure the local demo accounts exist and print how to log in.

Development only: the command refuses to run unless DEBUG is on, so a
known password can never reach a server.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from council.models import Council, Member

PASSWORD = "kanttekening-demo"  # noqa: S105 - a documented local demo login

Role = Member.Role

ACCOUNTS = [
    # username, group (None: administrator), description
    ("beheerder", None, "beheerder (alle rechten, alle cliëntenraden)"),
]

#: username, description, [(council slug, role), …]: a person works for a council
#: through a Member row that names their account (council.tenancy).
MEMBERSHIPS = [
    ("lid-leiden", "raadslid in Leiden", [("leiden", Role.MEMBER)]),
    ("voorzitter-leiden", "voorzitter in Leiden", [("leiden", Role.CHAIR)]),
    ("ondersteuning-leiden", "ambtelijk secretaris in Leiden", [("leiden", Role.OFFICIAL_SUPPORT)]),
    ("lid-voorburg", "raadslid in Leidschendam-Voorburg", [("leidschendam-voorburg", Role.MEMBER)]),
    (
        "voorzitter-voorburg",
        "voorzitter in Leidschendam-Voorburg",
        [("leidschendam-voorburg", Role.CHAIR)],
    ),
    (
        "ondersteuning-voorburg",
        "ambtelijk secretaris in Leidschendam-Voorburg",
        [("leidschendam-voorburg", Role.OFFICIAL_SUPPORT)],
    ),
    (
        "ondersteuning-beide",
        "ambtelijk secretaris in Leiden en in Leidschendam-Voorburg",
        [("leiden", Role.OFFICIAL_SUPPORT), ("leidschendam-voorburg", Role.OFFICIAL_SUPPORT)],
    ),
]


class Command(BaseCommand):
    help = "Maakt de lokale demo-accounts aan (alleen met DEBUG aan) en toont de inlog."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo-accounts alleen in de ontwikkelomgeving (DEBUG staat uit).")
        lines = []
        for username, group_name, description in ACCOUNTS:
            user = self.account(username, superuser=group_name is None)
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
            lines.append(self.line(user, description))
        councils = {council.slug: council for council in Council.objects.all()}
        for username, description, memberships in MEMBERSHIPS:
            if not all(slug in councils for slug, _role in memberships):
                continue  # the demo councils are not loaded
            user = self.account(username)
            for slug, role in memberships:
                # A demo person, not a real member: no consent to publish the name,
                # so the public pages only count the row; the e-mail stays empty
                # so no reminder goes out to it.
                Member.objects.get_or_create(
                    council=councils[slug],
                    user=user,
                    role=role,
                    defaults={"name": f"Demo {description}", "publish_name": False},
                )
            lines.append(self.line(user, description))
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        self.stdout.write(f"Beheer: {base}/beheer/  (gebruikersnaam, wachtwoord)")
        for line in lines:
            self.stdout.write(line)

    def account(self, username, *, superuser=False):
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={
                "is_staff": superuser,
                "is_superuser": superuser,
                "first_name": username.capitalize(),
                "email": f"{username}@localhost",
            },
        )
        if created:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
        return user

    def line(self, user, description):
        password = PASSWORD if user.check_password(PASSWORD) else "(zelf gewijzigd)"
        return f"  {user.username:<24} {password:<20} {description}"
