"""Clerks attach documents to consultations and agenda items; members, chairs and secretaries read them.

Reading includes the internal ones and their files: they are the council's
own papers. Which council's documents is the membership (``council.tenancy``).
"""

from django.db import migrations

from council.groups import CHAIRS, CLERKS, MEMBERS, grant, model_perms, revoke

READ = model_perms("advice", "recorddocument", ["view"])
MANAGE = model_perms("advice", "recorddocument", ["add", "change", "delete", "view"])

GRANTS = {MEMBERS: READ, CHAIRS: READ, CLERKS: MANAGE}


def grant_groups(apps, schema_editor):
    grant(apps, GRANTS)


def revoke_groups(apps, schema_editor):
    revoke(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("advice", "0016_record_documents"),
        ("council", "0002_editor_groups"),
    ]

    operations = [migrations.RunPython(grant_groups, revoke_groups)]
