"""The steps of "Vaststellen" are approved by a role in the letter's own council.

``LetterApprovalTask`` no longer names groups (whose members would approve
the letters of every council) but a role: "members" (members, chairs and
secretaries) or "chairs" (chairs and secretaries), looked up in the letter's
council when someone acts. The existing tasks keep their ids, so open
workflows go on: a task whose groups were the chairs' only becomes "chairs",
every other one "members".
"""

from django.db import migrations, models

from council.groups import CHAIRS, MEMBERS


def roles_from_groups(apps, schema_editor):
    LetterApprovalTask = apps.get_model("advice", "LetterApprovalTask")
    for task in LetterApprovalTask.objects.all():
        names = set(task.groups.values_list("name", flat=True))
        task.role = "chairs" if names and names <= {CHAIRS} else "members"
        task.save(update_fields=["role"])


def groups_from_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    LetterApprovalTask = apps.get_model("advice", "LetterApprovalTask")
    members, _ = Group.objects.get_or_create(name=MEMBERS)
    chairs, _ = Group.objects.get_or_create(name=CHAIRS)
    for task in LetterApprovalTask.objects.all():
        task.groups.set([chairs] if task.role == "chairs" else [members, chairs])


class Migration(migrations.Migration):
    dependencies = [
        ("advice", "0007_plausible_years"),
        ("council", "0002_editor_groups"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="letterapprovaltask",
            options={
                "verbose_name": "goedkeuring door de rol binnen de eigen cliëntenraad",
                "verbose_name_plural": "goedkeuringen door de rol binnen de eigen cliëntenraad",
            },
        ),
        migrations.AddField(
            model_name="letterapprovaltask",
            name="role",
            field=models.CharField(
                choices=[
                    ("members", "de leden (ook voorzitter en secretaris)"),
                    ("chairs", "de voorzitter of de secretaris"),
                ],
                default="members",
                help_text="Alleen wie deze rol heeft in de cliëntenraad van de brief, keurt goed.",
                max_length=16,
                verbose_name="wie keurt goed",
            ),
        ),
        migrations.RunPython(roles_from_groups, groups_from_roles),
        migrations.RemoveField(model_name="letterapprovaltask", name="groups"),
    ]
