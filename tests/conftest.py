import io

import pytest
from django.core.management import call_command

from council import groups
from tests import on_commit
from tests.factories.council import UserFactory


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


@pytest.fixture
def demo(db):
    """The demo content, loaded through the same command `make run` uses."""
    call_command("load_demo", stdout=io.StringIO())


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
