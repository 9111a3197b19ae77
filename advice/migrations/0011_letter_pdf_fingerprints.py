"""The SHA-256 of each frozen PDF, next to the text's fingerprint.

Existing versions get the hash of the file as it is on disk now: the best
witness there is. A version whose file is missing keeps an empty hash, and
``manage.py verify_archive`` reports it.
"""

import hashlib

from django.db import migrations, models


def fill_pdf_fingerprints(apps, schema_editor):
    LetterVersion = apps.get_model("advice", "LetterVersion")
    versions = LetterVersion.objects.exclude(pdf="").filter(pdf_fingerprint="")
    for version in versions.only("pk", "pdf").iterator():
        try:
            with version.pdf.open("rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
        except FileNotFoundError:
            continue
        LetterVersion.objects.filter(pk=version.pk).update(pdf_fingerprint=digest)


class Migration(migrations.Migration):
    dependencies = [
        ("advice", "0010_consultation_imports"),
    ]

    operations = [
        migrations.AddField(
            model_name="letterversion",
            name="pdf_fingerprint",
            field=models.CharField(
                blank=True, max_length=64, verbose_name="vingerafdruk van de pdf (SHA-256)"
            ),
        ),
        migrations.RunPython(fill_pdf_fingerprints, migrations.RunPython.noop, elidable=True),
    ]
