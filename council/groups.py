"""The three editor groups and the permissions each layer grants them.

Group names are data (a data migration creates them), so they live here once
and every app's migration and test refers to these constants.
"""

MEMBERS = "Raadsleden"
CHAIRS = "Voorzitters en secretarissen"
CLERKS = "Ambtelijke ondersteuning"


def model_perms(app_label, model_name, actions):
    """``[(app_label, "add_meeting"), …]`` for the given actions."""
    return [(app_label, f"{action}_{model_name}") for action in actions]


def _create_all_permissions(apps):
    # Django creates permissions after the whole `migrate` run; a data
    # migration that grants them to a group on a fresh database has to create
    # them itself, with the names Django would give them.
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant(apps, grants):
    """Give groups permissions inside a data migration.

    ``grants`` maps a group name to ``[(app_label, codename), …]``. A codename
    that does not exist is an error, not a silent no-op.
    """
    _create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, perms in grants.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for app_label, codename in perms:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def revoke(apps, grants):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, perms in grants.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for app_label, codename in perms:
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
