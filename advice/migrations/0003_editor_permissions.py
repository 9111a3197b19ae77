"""What the editor groups may do with letters beyond the page permissions.

Members draft (page add/change/lock at the root, from council.0002) but
never publish or send. Chairs and secretaries publish (page permission) and
record the sending of a letter. Clerks get nothing here: no letters.
"""

from django.db import migrations

from council.groups import CHAIRS, grant, revoke

GRANTS = {CHAIRS: [("advice", "send_letter")]}


def grant_permissions(apps, schema_editor):
    grant(apps, GRANTS)


def revoke_permissions(apps, schema_editor):
    revoke(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("advice", "0002_vaststellen_workflow"),
        ("council", "0002_editor_groups"),
    ]

    operations = [migrations.RunPython(grant_permissions, revoke_permissions)]
