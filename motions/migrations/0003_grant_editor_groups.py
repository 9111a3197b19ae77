"""Clerks log motions and commitments; members and chairs may read them."""

from django.db import migrations

from council.groups import CHAIRS, CLERKS, MEMBERS, grant, model_perms, revoke

READ = model_perms("motions", "motion", ["view"])
MANAGE = model_perms("motions", "motion", ["add", "change", "delete", "view"])

GRANTS = {MEMBERS: READ, CHAIRS: READ, CLERKS: MANAGE}


def grant_groups(apps, schema_editor):
    grant(apps, GRANTS)


def revoke_groups(apps, schema_editor):
    revoke(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("motions", "0002_unknown_values_and_disposal_precision"),
        ("council", "0002_editor_groups"),
    ]

    operations = [migrations.RunPython(grant_groups, revoke_groups)]
