"""Clerks keep the consultation record; members, chairs and secretaries may read it.

Only clerks change dates: the record may be quoted in a political dispute,
so the people whose advice it judges do not edit it. Clerks may delete a
consultation recorded by mistake; the deletion is logged with every value.
"""

from django.db import migrations

from council.groups import CHAIRS, CLERKS, MEMBERS, grant, model_perms, revoke

READ = model_perms("advice", "consultation", ["view"])
MANAGE = model_perms("advice", "consultation", ["add", "change", "delete", "view"])

GRANTS = {MEMBERS: READ, CHAIRS: READ, CLERKS: MANAGE}


def grant_groups(apps, schema_editor):
    grant(apps, GRANTS)


def revoke_groups(apps, schema_editor):
    revoke(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("advice", "0005_consultations"),
        ("council", "0002_editor_groups"),
    ]

    operations = [migrations.RunPython(grant_groups, revoke_groups)]
