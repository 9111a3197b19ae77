"""Page permissions move from the root of the tree into the role table.

Until now the editor groups held their page permissions as
``GroupPagePermission`` rows at the root, so a member reached the letters of
every council. Now a letter is reached only through a membership of its
council (``advice.letters.permissions.CouncilPagePermissionPolicy``); what a
role may do with pages is part of its editor group's permission set, like
everything else the role may do (``council.tenancy``): the same codenames,
granted as model permissions. The root rows go.
"""

from django.db import migrations

from council.groups import CHAIRS, MEMBERS, grant, revoke

PAGE_PERMISSIONS = {
    MEMBERS: ["add_page", "change_page", "lock_page"],
    CHAIRS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
GRANTS = {
    group: [("wagtailcore", codename) for codename in codenames]
    for group, codenames in PAGE_PERMISSIONS.items()
}


def into_the_role_table(apps, schema_editor):
    grant(apps, GRANTS)
    apps.get_model("wagtailcore", "GroupPagePermission").objects.filter(
        group__name__in=list(PAGE_PERMISSIONS)
    ).delete()


def back_to_the_root(apps, schema_editor):
    revoke(apps, GRANTS)
    Group = apps.get_model("auth", "Group")
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


class Migration(migrations.Migration):
    dependencies = [
        ("advice", "0008_letter_approval_by_council_role"),
        ("council", "0002_editor_groups"),
    ]

    operations = [migrations.RunPython(into_the_role_table, back_to_the_root)]
