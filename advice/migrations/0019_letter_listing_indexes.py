"""The indexes of the letter listings' order (``LetterPage.Meta.indexes``).

SQLite has no ``NULLS LAST`` in an index; there ``date DESC`` already puts
the undated letters last (NULL sorts lowest), so it gets the same index
without the clause.
"""

from django.db import migrations, models

NEWEST = models.OrderBy(models.F("date"), descending=True, nulls_last=True)
INDEXES = [
    models.Index(NEWEST, name="letter_newest_first_idx"),
    models.Index(models.F("council"), NEWEST, name="letter_council_newest_idx"),
    models.Index(models.F("addressee"), NEWEST, name="letter_addressee_newest_idx"),
]


def _for(connection, index):
    if connection.vendor == "postgresql":
        return index
    expressions = [
        models.OrderBy(e.expression, descending=True) if isinstance(e, models.OrderBy) else e
        for e in index.expressions
    ]
    return models.Index(*expressions, name=index.name)


def add_indexes(apps, schema_editor):
    model = apps.get_model("advice", "LetterPage")
    for index in INDEXES:
        schema_editor.add_index(model, _for(schema_editor.connection, index))


def remove_indexes(apps, schema_editor):
    model = apps.get_model("advice", "LetterPage")
    for index in INDEXES:
        schema_editor.remove_index(model, _for(schema_editor.connection, index))


class Migration(migrations.Migration):
    dependencies = [
        ("advice", "0018_letter_summary"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(model_name="letterpage", index=index) for index in INDEXES
            ],
            database_operations=[migrations.RunPython(add_indexes, remove_indexes)],
        ),
    ]
