import datetime

import pytest
import time_machine

from council import tenancy
from council.models import Member
from tests.factories.council import CouncilFactory, MemberFactory, UserFactory

TODAY = datetime.date(2026, 11, 30)
Role = Member.Role


@pytest.fixture
def councils(db):
    return CouncilFactory(), CouncilFactory()


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 30, 12, tzinfo=datetime.UTC), tick=False):
        yield


def fresh(user):
    tenancy.forget(user)
    return user


@pytest.mark.django_db
def test_a_global_group_alone_grants_no_council(councils):
    user = UserFactory(groups=["Raadsleden"])

    assert tenancy.council_ids(user) == frozenset()
    assert tenancy.council_ids_with_perm(user, "advice.add_consultation") == frozenset()


@pytest.mark.django_db
def test_one_person_serves_two_councils_in_different_roles(councils):
    leiden, voorburg = councils
    user = UserFactory()
    MemberFactory(council=leiden, user=user, role=Role.SECRETARY)
    MemberFactory(council=voorburg, user=user, role=Role.OFFICIAL_SUPPORT)

    assert tenancy.roles_in(user, leiden.pk) == {Role.SECRETARY}
    assert tenancy.roles_in(user, voorburg.pk) == {Role.OFFICIAL_SUPPORT}
    assert tenancy.council_ids(user) == {leiden.pk, voorburg.pk}
    assert tenancy.council_ids(user, roles=[Role.CHAIR, Role.SECRETARY]) == {leiden.pk}
    # Clerks record consultations; secretaries do not (council.groups grants).
    assert tenancy.council_ids_with_perm(user, "advice.add_consultation") == {voorburg.pk}
    assert tenancy.has_perm_in(user, "advice.add_consultation", voorburg.pk)
    assert not tenancy.has_perm_in(user, "advice.add_consultation", leiden.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("active_from", "active_to", "grants"),
    [
        (None, None, True),
        (TODAY, TODAY, True),
        (None, TODAY - datetime.timedelta(days=1), False),
        (TODAY + datetime.timedelta(days=1), None, False),
    ],
)
def test_only_an_active_membership_grants(councils, active_from, active_to, grants):
    leiden, _ = councils
    user = UserFactory()
    MemberFactory(
        council=leiden, user=user, role=Role.MEMBER, active_from=active_from, active_to=active_to
    )

    assert (leiden.pk in tenancy.council_ids(user)) is grants


@pytest.mark.django_db
def test_a_removed_membership_takes_the_rights_away(councils):
    leiden, _ = councils
    user = UserFactory()
    member = MemberFactory(council=leiden, user=user, role=Role.OFFICIAL_SUPPORT)
    assert tenancy.has_perm_in(user, "advice.change_consultation", leiden.pk)

    member.delete()

    assert not tenancy.has_perm_in(fresh(user), "advice.change_consultation", leiden.pk)


@pytest.mark.django_db
def test_platform_administrators_and_inactive_accounts(councils):
    leiden, _ = councils
    admin = UserFactory(is_superuser=True)
    blocked = UserFactory(is_active=False)
    MemberFactory(council=leiden, user=blocked, role=Role.CHAIR)

    assert tenancy.council_ids(admin) is None
    assert tenancy.has_perm_in(admin, "advice.delete_consultation", leiden.pk)
    assert tenancy.council_ids(blocked) == frozenset()


@pytest.mark.django_db
def test_answers_cost_two_queries_per_request_whatever_the_number_of_councils(
    django_assert_num_queries,
):
    user = UserFactory()
    for _ in range(12):
        MemberFactory(council=CouncilFactory(), user=user, role=Role.MEMBER)

    with django_assert_num_queries(2):
        for council_id in tenancy.council_ids(user):
            tenancy.has_perm_in(user, "advice.view_consultation", council_id)
