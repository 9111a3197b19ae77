import pytest

from council import groups
from tests.demo_snapshot import DemoSnapshots
from tests.factories.council import UserFactory


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
def member_user(db):
    return UserFactory(username="raadslid", groups=[groups.MEMBERS])


@pytest.fixture
def chair_user(db):
    return UserFactory(username="voorzitter", groups=[groups.CHAIRS])


@pytest.fixture
def clerk_user(db):
    return UserFactory(username="secretaris", groups=[groups.CLERKS])


@pytest.fixture
def client_for(client):
    """``client_for(user)``: a test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login
