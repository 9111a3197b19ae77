"""The adoption workflow "Vaststellen", assigned to every letter.

Two tasks: the members discuss (any member approves; chairs are members
too), then the chair adopts. The workflow is assigned at the root of the
page tree, as the editors' page permissions are, so it reaches the letters
under every council page, including council pages created later. The tasks
are LetterApprovalTasks: on any page that is not a letter (home and council
pages, which only administrators edit) they step aside at once.
"""

from django.db import migrations

from council.groups import CHAIRS, MEMBERS

WORKFLOW = "Vaststellen"
DISCUSSION = "Bespreking door de leden"
ADOPTION = "Vaststelling door de voorzitter"


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    LetterApprovalTask = apps.get_model("advice", "LetterApprovalTask")

    content_type, _ = ContentType.objects.get_or_create(
        app_label="advice", model="letterapprovaltask"
    )
    members = Group.objects.get(name=MEMBERS)
    chairs = Group.objects.get(name=CHAIRS)

    discussion = LetterApprovalTask.objects.create(
        name=DISCUSSION, content_type=content_type, active=True
    )
    discussion.groups.set([members, chairs])
    adoption = LetterApprovalTask.objects.create(
        name=ADOPTION, content_type=content_type, active=True
    )
    adoption.groups.set([chairs])

    workflow = Workflow.objects.create(name=WORKFLOW, active=True)
    WorkflowTask.objects.create(workflow=workflow, task=discussion, sort_order=0)
    WorkflowTask.objects.create(workflow=workflow, task=adoption, sort_order=1)
    WorkflowPage.objects.update_or_create(
        page=Page.objects.get(depth=1), defaults={"workflow": workflow}
    )


def remove_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    apps.get_model("wagtailcore", "WorkflowPage").objects.filter(workflow__name=WORKFLOW).delete()
    Workflow.objects.filter(name=WORKFLOW).delete()
    apps.get_model("advice", "LetterApprovalTask").objects.filter(
        name__in=[DISCUSSION, ADOPTION]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("advice", "0001_initial"),
        ("council", "0002_editor_groups"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
