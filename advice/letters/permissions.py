"""Page permissions from council membership: a letter is reached through its council.

Wagtail asks one page permission policy (``wagtail.permissions.policy_registry``)
for every page question: the editor's buttons (``PagePermissionTester``), the
explorer and search, the dashboard, the reports and their exports, the move
and copy choosers. ``CouncilPagePermissionPolicy`` replaces the stock policy
for all pages (registered in ``wagtail_hooks``). It answers from the same
facts as ``council.tenancy``, at request time:

- a user's page permissions are *virtual* ``MembershipPagePermission``
  objects (what Wagtail reads of a ``GroupPagePermission``), never saved:
  for each council in which the user holds an active
  membership (``Member.user``, ``active_from``/``active_to`` around today),
  the page permissions of their role's editor group (``council.groups``:
  ``wagtailcore.add_page`` …, granted as model permissions by
  ``advice.0009``), on that council's page;
- saved ``GroupPagePermission`` rows grant nothing: no group reaches a page
  past the memberships;
- superusers (platform administrators) keep every permission.

So a membership that ends, expires or is deleted takes the rights away on
the next request, with nothing to keep in step.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Permission
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from council import tenancy

# The page permissions Wagtail knows (``wagtailcore.<codename>``).
PAGE_CODENAMES = (
    "add_page",
    "change_page",
    "bulk_delete_page",
    "lock_page",
    "publish_page",
    "unlock_page",
)


@dataclass(frozen=True)
class MembershipPagePermission:
    """A page permission a membership gives, on its council's page.

    What Wagtail reads of a ``GroupPagePermission`` (``page``, ``page_id``,
    ``permission``), without a group or a primary key: an unsaved model
    instance is unhashable, and Wagtail's "choose a parent page" view puts
    these in a set (a server error for every member and chair).
    """

    page: Page
    permission: Permission

    @property
    def page_id(self):
        return self.page.pk


def council_ids_with_page_perm(user, codename):
    """The councils in whose pages the user holds ``codename`` (None: all of them)."""
    return tenancy.council_ids_with_perm(user, f"wagtailcore.{codename}")


class CouncilPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page permission policy, with the grants taken from memberships."""

    def get_all_permissions_for_user(self, user):
        if not user.is_active or user.is_anonymous or user.is_superuser:
            return []
        by_codename = {
            codename: council_ids_with_page_perm(user, codename) for codename in PAGE_CODENAMES
        }
        council_ids = set().union(*by_codename.values())
        if not council_ids:
            return []
        pages = {
            page.councilpage.council_id: page
            for page in Page.objects.filter(councilpage__council_id__in=council_ids).select_related(
                "councilpage"
            )
        }
        permissions = {
            permission.codename: permission
            for permission in Permission.objects.filter(
                content_type__app_label="wagtailcore",
                codename__in=[codename for codename, ids in by_codename.items() if ids],
            )
        }
        return [
            MembershipPagePermission(page=pages[council_id], permission=permissions[codename])
            for codename, ids in by_codename.items()
            for council_id in sorted(ids)
            if council_id in pages and codename in permissions
        ]

    def users_with_any_permission(self, actions, include_superusers=True):
        raise NotImplementedError(
            "Page permissions come from memberships; ask council.tenancy who works for a council."
        )

    def users_with_any_permission_for_instance(self, actions, instance, include_superusers=True):
        raise NotImplementedError(
            "Page permissions come from memberships; ask council.tenancy who works for a council."
        )


def forget(user):
    """Drop what this request computed about ``user`` (tests; code that changes memberships)."""
    tenancy.forget(user)
    for name in (
        CouncilPagePermissionPolicy.permission_cache_name,
        CouncilPagePermissionPolicy._explorable_root_instance_cache_name,
    ):
        if hasattr(user, name):
            delattr(user, name)


# --- Letter import (admin upload) -----------------------------------------------------------


def letter_import_council_ids(user):
    """The councils for which the user may upload letter files: where they may add letters."""
    return council_ids_with_page_perm(user, "add_page")


def may_import_letters(user):
    allowed = letter_import_council_ids(user)
    return allowed is None or bool(allowed)


def refuse_outside_scope(user, parsed, council):
    """Raise ImportProblem unless ``user`` may write this file's letter in ``council``.

    Adding a letter needs the add right in its council; a published letter or
    a correction publishes, so it needs the publish right there too, and a
    sent letter the right to record a sending. Asked by the import task
    before anything is written (rights are read when the file is imported).
    """
    from .parsing import ParsedLetter
    from .problems import ImportProblem

    def refuse(message):
        raise ImportProblem(parsed.path, None, "council", message)

    if not tenancy.has_perm_in(user, "wagtailcore.add_page", council.pk):
        refuse(f"u mag geen brieven importeren voor {council.name}.")
    publishes = not isinstance(parsed, ParsedLetter) or parsed.state == "published"
    if publishes and not tenancy.has_perm_in(user, "wagtailcore.publish_page", council.pk):
        refuse(
            f"u mag geen brieven publiceren voor {council.name}; importeer de brief als "
            'concept (state = "draft").'
        )
    sends = isinstance(parsed, ParsedLetter) and parsed.sent
    if sends and not tenancy.has_perm_in(user, "advice.send_letter", council.pk):
        refuse(f"u mag geen verzending vastleggen voor {council.name}.")
