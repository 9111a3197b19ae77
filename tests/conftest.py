import pytest
from django.db.models.signals import post_save

from council import groups
from council.models import Council, Member
from tests import on_commit
from tests.demo_snapshot import DemoSnapshots
from tests.factories.council import MemberFactory, UserFactory


@pytest.fixture(autouse=True, scope="session")
def _tasks_on_commit():
    """Tasks enqueued on commit run when the code's transaction commits (tests/on_commit.py)."""
    with pytest.MonkeyPatch.context() as patch:
        on_commit.install(patch)
        yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    """Files a test writes (the PDFs of sent letters) go to a temporary directory."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    settings.PRIVATE_MEDIA_ROOT = tmp_path_factory.mktemp("private")


@pytest.fixture(scope="session")
def _demo_snapshots(tmp_path_factory):
    return DemoSnapshots(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def demo(db, _demo_snapshots):
    """The demo content, as the command `make run` uses (`load_demo`) loads it.

    The command really runs once per starting point and "now"; every other
    test gets the rows and files it produced put back (tests/demo_snapshot.py).
    """
    _demo_snapshots.put()


@pytest.fixture
def admin_user(db):
    return UserFactory(username="beheerder", is_superuser=True, is_staff=True)


@pytest.fixture
def role_councils():
    """The councils the role fixtures' users work for (a ``Member`` row with ``user``).

    None by default: a group alone reaches no council's records. A test module
    whose users must work for its council overrides this fixture.
    """
    return []


class EveryCouncil(list):
    """``role_councils`` for tests about something else than tenancy: every council, also later ones."""

    def __init__(self):
        super().__init__()
        self.users = []


@pytest.fixture
def every_council(db):
    """The role fixtures' users work for every council the test has or creates."""
    followed = EveryCouncil()

    def follow(sender, instance, created, raw=False, **kwargs):
        if created and not raw:
            for user, role in followed.users:
                MemberFactory(council=instance, user=user, role=role, name=user.username)

    post_save.connect(follow, sender=Council, weak=False, dispatch_uid="every_council")
    yield followed
    post_save.disconnect(sender=Council, dispatch_uid="every_council")


def _role_user(username, group, role, councils):
    user = UserFactory(username=username, groups=[group])
    if isinstance(councils, EveryCouncil):
        councils.users.append((user, role))
        councils = Council.objects.all()
    for council in councils:
        MemberFactory(council=council, user=user, role=role, name=f"{username} ({council.slug})")
    return user


@pytest.fixture
def member_user(db, role_councils):
    return _role_user("raadslid", groups.MEMBERS, Member.Role.MEMBER, role_councils)


@pytest.fixture
def chair_user(db, role_councils):
    return _role_user("voorzitter", groups.CHAIRS, Member.Role.CHAIR, role_councils)


@pytest.fixture
def clerk_user(db, role_councils):
    return _role_user("secretaris", groups.CLERKS, Member.Role.OFFICIAL_SUPPORT, role_councils)


@pytest.fixture
def client_for(client):
    """``client_for(user)``: a test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login
