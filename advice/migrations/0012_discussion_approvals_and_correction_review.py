"""More than one member in the discussion, and the correction review by a second person.

- ``DiscussionApproval``: each member's approval of the discussion step, so
  that a council can ask for more than one (``Council.discussion_approvals``);
- the role "review" and the workflow "Correctie" with its one task
  "Correctie beoordelen": a sent or published letter goes through it
  (``LetterPage.get_workflow``) before a changed text is published. It is
  not assigned to pages: the letter chooses it once it has a version.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

WORKFLOW = "Correctie"
REVIEW = "Correctie beoordelen"


def create_correction_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    LetterApprovalTask = apps.get_model("advice", "LetterApprovalTask")

    content_type, _ = ContentType.objects.get_or_create(
        app_label="advice", model="letterapprovaltask"
    )
    review = LetterApprovalTask.objects.create(
        name=REVIEW, content_type=content_type, active=True, role="review"
    )
    workflow = Workflow.objects.create(name=WORKFLOW, active=True)
    WorkflowTask.objects.create(workflow=workflow, task=review, sort_order=0)


def remove_correction_workflow(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW).delete()
    apps.get_model("advice", "LetterApprovalTask").objects.filter(role="review").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("advice", "0011_letter_pdf_fingerprints"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="letterapprovaltask",
            name="role",
            field=models.CharField(
                choices=[
                    ("members", "de leden (ook voorzitter en secretaris)"),
                    ("chairs", "de voorzitter of de secretaris"),
                    (
                        "review",
                        "een tweede persoon (de voorzitter of de secretaris als een lid de correctie maakte)",
                    ),
                ],
                default="members",
                help_text="Alleen wie deze rol heeft in de cliëntenraad van de brief, keurt goed.",
                max_length=16,
                verbose_name="wie keurt goed",
            ),
        ),
        migrations.CreateModel(
            name="DiscussionApproval",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "approved_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="goedgekeurd op"
                    ),
                ),
                ("comment", models.TextField(blank=True, verbose_name="opmerking")),
                (
                    "revision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="wagtailcore.revision",
                        verbose_name="versie",
                    ),
                ),
                (
                    "task_state",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="wagtailcore.taskstate",
                        verbose_name="stap",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="goedgekeurd door",
                    ),
                ),
            ],
            options={
                "verbose_name": "goedkeuring in de bespreking",
                "verbose_name_plural": "goedkeuringen in de bespreking",
                "ordering": ["approved_at", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("task_state", "revision", "user"), name="unique_discussion_approval"
                    )
                ],
            },
        ),
        migrations.RunPython(create_correction_workflow, remove_correction_workflow),
    ]
