"""Create the three editor groups with what the council layer lets them do.

Page permissions sit on the root of the page tree so that they reach the
letters under every council page; home and council pages themselves refuse
non-administrators (publications.models.StructuralPagePermissionTester).
Later layers grant their own models in their own migrations. Wagtail's stock
"Editors" and "Moderators" groups go: they would reach every letter too.
"""

from django.db import migrations

from council.groups import CHAIRS, CLERKS, MEMBERS, grant, model_perms, revoke

VIEW_COUNCIL = [
    *model_perms("council", "council", ["view"]),
    *model_perms("council", "member", ["view"]),
    *model_perms("council", "municipality", ["view"]),
    *model_perms("council", "municipalbody", ["view"]),
    *model_perms("council", "topic", ["view"]),
]
ADMIN = [("wagtailadmin", "access_admin")]

GRANTS = {
    MEMBERS: [*ADMIN, *VIEW_COUNCIL, *model_perms("council", "topic", ["add"])],
    CHAIRS: [
        *ADMIN,
        *VIEW_COUNCIL,
        *model_perms("council", "member", ["add", "change"]),
        *model_perms("council", "topic", ["add", "change"]),
    ],
    CLERKS: [
        *ADMIN,
        *VIEW_COUNCIL,
        *model_perms("council", "municipalbody", ["add", "change"]),
        *model_perms("council", "topic", ["add", "change"]),
    ],
}

PAGE_PERMISSIONS = {
    MEMBERS: ["add_page", "change_page", "lock_page"],
    CHAIRS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    # Wagtail's stock groups and their "Moderators approval" workflow would
    # reach every letter past the roles below; the adoption workflow replaces it.
    Group.objects.filter(name__in=["Editors", "Moderators"]).delete()
    apps.get_model("wagtailcore", "WorkflowPage").objects.filter(
        workflow__name="Moderators approval"
    ).delete()
    apps.get_model("wagtailcore", "Workflow").objects.filter(name="Moderators approval").update(
        active=False
    )
    grant(apps, GRANTS)
    Page = apps.get_model("wagtailcore", "Page")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    root = Page.objects.get(depth=1)
    for group_name, codenames in PAGE_PERMISSIONS.items():
        group = Group.objects.get(name=group_name)
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )


def remove_groups(apps, schema_editor):
    revoke(apps, GRANTS)
    apps.get_model("auth", "Group").objects.filter(name__in=list(GRANTS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
