"""Generations of the public cache's scopes (publications.caching).

The site scope starts at once, so that every feed has a Last-Modified date
from the first request on; the epoch, which every change moves on, too.
"""

from django.db import migrations, models
from django.utils import timezone


def start_site_scope(apps, schema_editor):
    CacheScope = apps.get_model("publications", "CacheScope")
    for key in ("site", "epoch"):
        CacheScope.objects.get_or_create(
            key=key, defaults={"generation": 1, "changed_at": timezone.now()}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0002_create_homepage"),
    ]

    operations = [
        migrations.CreateModel(
            name="CacheScope",
            fields=[
                ("key", models.CharField(max_length=100, primary_key=True, serialize=False)),
                ("generation", models.PositiveBigIntegerField(default=0)),
                ("changed_at", models.DateTimeField()),
            ],
            options={
                "verbose_name": "cachegeneratie",
                "verbose_name_plural": "cachegeneraties",
            },
        ),
        migrations.RunPython(start_site_scope, migrations.RunPython.noop),
    ]
