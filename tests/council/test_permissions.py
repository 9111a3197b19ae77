"""The council permission policy where roles differ per council, bulk actions and bodies."""

import pytest
from django.urls import reverse

from council import tenancy
from council.models import Member, MunicipalBody
from council.permissions import CouncilScopedDeleteBulkAction
from tests.factories.council import (
    CouncilFactory,
    MemberFactory,
    MunicipalBodyFactory,
    MunicipalityFactory,
    UserFactory,
)

Role = Member.Role
pytestmark = pytest.mark.django_db


def member_url(view, *args):
    return reverse(f"wagtailsnippets_council_member:{view}", args=args)


def test_a_chair_here_and_member_there_may_not_redirect_the_others_reminders(client):
    leiden, voorburg = CouncilFactory(), CouncilFactory()
    user = UserFactory()
    MemberFactory(council=leiden, user=user, role=Role.CHAIR)
    MemberFactory(council=voorburg, user=user, role=Role.MEMBER)
    secretary = MemberFactory(council=voorburg, role=Role.SECRETARY, email="secr@voorburg.nl")
    client.force_login(user)

    # Readable there (a member reads the members), never changeable.
    assert client.get(member_url("list")).status_code == 200
    assert client.get(member_url("edit", secretary.pk)).status_code in (302, 403)
    response = client.post(
        member_url("edit", secretary.pk),
        {
            "council": voorburg.pk,
            "name": secretary.name,
            "role": Role.SECRETARY,
            "email": "mij@leiden.nl",
            "user": user.pk,
        },
    )

    assert response.status_code in (302, 403)
    secretary.refresh_from_db()
    assert (secretary.email, secretary.user_id) == ("secr@voorburg.nl", None)


def test_bulk_delete_is_the_policys_and_never_reaches_another_council(client):
    own, other = CouncilFactory(), CouncilFactory()
    theirs = MemberFactory(council=other)
    admin = UserFactory(is_superuser=True)
    assert Member in CouncilScopedDeleteBulkAction.models
    user = UserFactory()
    MemberFactory(council=own, user=user, role=Role.CHAIR)
    client.force_login(user)

    url = reverse("wagtail_bulk_action", args=["council", "member", "delete"])
    response = client.post(f"{url}?id={theirs.pk}")

    assert response.status_code == 404
    assert Member.objects.filter(pk=theirs.pk).exists()
    client.force_login(admin)
    assert client.get(f"{url}?id={theirs.pk}").status_code == 200


def test_bodies_reach_every_municipality_a_council_advises():
    regio = CouncilFactory()
    second = MunicipalityFactory()
    regio.municipalities.add(regio.municipality, second)
    own_body = MunicipalBodyFactory(municipality=second)
    other_body = MunicipalBodyFactory()
    clerk = UserFactory()
    MemberFactory(council=regio, user=clerk, role=Role.OFFICIAL_SUPPORT)
    tenancy.forget(clerk)

    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(MunicipalBody)
    visible = set(policy.instances_user_has_permission_for(clerk, "change"))

    assert own_body in visible and other_body not in visible
    assert policy.user_has_permission_for_instance(clerk, "change", own_body)
    assert not policy.user_has_permission_for_instance(clerk, "change", other_body)
    assert regio.advises(second.pk)
    assert regio.municipality_names() == " of ".join(sorted([regio.municipality.name, second.name]))
