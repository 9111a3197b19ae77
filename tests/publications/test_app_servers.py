"""Two app servers, one database, one Redis: what one publishes or unpublishes, the other shows
at once, and neither serves a stale page.

Two real gunicorn processes (the documented server, docs/deployment.md) serve the test's
committed database with the public page cache in Redis (127.0.0.1:6379, under a key prefix of
this test only). The change goes through the first server's admin, over HTTP, as an editor
would make it.
"""

import http.cookiejar
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.committed import _django_db_helper, reachable_from_other_processes  # noqa: F401
from tests.factories.advice import published_letter
from tests.factories.council import CouncilFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/0"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, database_url, prefix):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        environment = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "tests.app_server_settings",
            "TEST_REDIS_URL": REDIS_URL,
            "TEST_CACHE_PREFIX": prefix,
        }
        command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "1"]
        command += ["--bind", f"127.0.0.1:{self.port}", "--timeout", "120"]
        self.process = subprocess.Popen(  # noqa: S603  (our own app, a fixed argument list)
            command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def wait_until_up(self, seconds=60):
        deadline = time.monotonic() + seconds
        while True:
            if self.process.poll() is not None:
                pytest.fail(
                    f"the app server stopped: {self.process.stdout.read().decode()[-3000:]}"
                )
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                assert time.monotonic() < deadline, "the app server did not start"
                time.sleep(0.1)

    def get(self, path, *, anonymous=True):
        """``(status, X-Public-Cache, body)``; anonymous requests carry no cookie.

        Both servers are asked under one host name, as behind one load balancer.
        """
        request = urllib.request.Request(  # noqa: S310  (our own server)
            self.base + path, headers={"Host": "localhost"}
        )
        opener = urllib.request.build_opener() if anonymous else self.opener
        try:
            with opener.open(request, timeout=30) as response:
                return response.status, response.headers.get("X-Public-Cache"), response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("X-Public-Cache"), error.read()

    def post(self, path, data):
        token = next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}).encode()
        request = urllib.request.Request(  # noqa: S310  (our own server)
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        with self.opener.open(request, timeout=60) as response:
            return response.status, response.read()

    def log_in(self, username, password):
        self.opener.open(self.base + "/beheer/login/", timeout=30).read()
        self.post("/beheer/login/", {"username": username, "password": password})

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def two_servers(tmp_path):
    import redis

    prefix = f"kanttekening-test-{uuid.uuid4().hex}"
    servers = []
    with reachable_from_other_processes(tmp_path) as database_url:
        try:
            servers = [Server(database_url, prefix), Server(database_url, prefix)]
            for server in servers:
                server.wait_until_up()
            yield servers
        finally:
            for server in servers:
                server.stop()
            client = redis.Redis.from_url(REDIS_URL)
            keys = list(client.scan_iter(match=f"{prefix}:*"))
            if keys:
                client.delete(*keys)


def test_an_unpublish_through_one_server_shows_at_once_through_the_other(two_servers):
    council = CouncilFactory(name="Cliëntenraad Leiden", slug="leiden")
    letter = published_letter(council, title="Advies over de Wmo-verordening")
    UserFactory(username="beheer", password="geheim-wachtwoord", is_superuser=True)
    first, second = two_servers
    path = letter.url
    title = letter.title.encode()

    assert first.get(path)[:2] == (200, "miss")
    assert second.get(path)[:2] == (200, "hit")  # one cache for both
    assert title in first.get("/brieven/")[2]
    assert second.get("/brieven/")[1] == "hit"

    first.log_in("beheer", "geheim-wachtwoord")
    status, answer = first.post(f"/beheer/pages/{letter.pk}/unpublish/", {})
    assert status == 200, answer[-2000:]
    letter.refresh_from_db()
    assert not letter.live

    assert second.get(path)[0] == 404
    status, how, index = second.get("/brieven/")
    assert (status, how) == (200, "miss"), "the index from before the unpublish was served"
    assert title not in index
    status, how, index = first.get("/brieven/")
    assert (status, how) == (200, "hit")  # stored by the other server, after the change
    assert title not in index
    assert first.get(path)[0] == 404
