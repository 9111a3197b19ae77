"""Clerks log meetings and agenda items; members and chairs may read them.

Deleting is the clerks' alone: a meeting or item that members rely on for
their advice should not disappear by accident.
"""

from django.db import migrations

from council.groups import CHAIRS, CLERKS, MEMBERS, grant, model_perms, revoke

READ = [
    *model_perms("agenda", "meeting", ["view"]),
    *model_perms("agenda", "agendaitem", ["view"]),
]
MANAGE = [
    *model_perms("agenda", "meeting", ["add", "change", "delete", "view"]),
    *model_perms("agenda", "agendaitem", ["add", "change", "delete", "view"]),
]

GRANTS = {MEMBERS: READ, CHAIRS: READ, CLERKS: MANAGE}


def grant_groups(apps, schema_editor):
    grant(apps, GRANTS)


def revoke_groups(apps, schema_editor):
    revoke(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0002_optional_item_numbers_and_end_time"),
        ("council", "0002_editor_groups"),
    ]

    operations = [migrations.RunPython(grant_groups, revoke_groups)]
