"""Reading an ODS export from a URL: only http(s), a timeout, a size limit, Dutch refusals.

No test reaches the network: a small HTTP server in a thread on a free port of
127.0.0.1 plays the council information system.
"""

import http.server
import threading
import time

import pytest
from django.core.management import CommandError, call_command

from agenda.models import Meeting
from motions.ods import reading
from tests.motions.test_ods_import import FIXTURE, leiden  # noqa: F401


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the standard library's name)
        if self.path == "/ods/leiden.json":
            body = FIXTURE.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/groot.json":
            self.send_response(200)
            self.send_header("Content-Length", str(reading.MAX_BYTES + 1))
            self.end_headers()
        elif self.path == "/liegt.json":
            # No length given: the reader stops one byte past the limit, whatever is sent.
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b" " * 2048)
        elif self.path == "/traag.json":
            time.sleep(2)
            self.send_response(200)
            self.end_headers()
        else:
            self.send_error(404)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.django_db
def test_the_command_reads_a_url(leiden, server):  # noqa: F811
    call_command("import_ods", f"{server}/ods/leiden.json", "--raad", "leiden")
    assert Meeting.objects.filter(council=leiden).count() == 2


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://raad.leiden.example/export.json", "alleen een http- of https-adres"),
        ("file:///etc/passwd", "alleen een http- of https-adres"),
        ("javascript://alert(1)", "alleen een http- of https-adres"),
        ("http://", "alleen een http- of https-adres"),
    ],
)
def test_other_schemes_are_refused(url, message):
    with pytest.raises(reading.OdsProblem, match=message):
        reading.read_source(url)


def test_an_error_answer_a_large_answer_and_a_slow_answer_are_refused(server, monkeypatch):
    with pytest.raises(
        reading.OdsProblem, match="antwoordt met foutcode 404; er is niets ingelezen"
    ):
        reading.read_source(f"{server}/weg.json")
    with pytest.raises(reading.OdsProblem, match="is te groot: een ODS-bestand is hoogstens 10 MB"):
        reading.read_source(f"{server}/groot.json")
    monkeypatch.setattr(reading, "MAX_BYTES", 1024)
    with pytest.raises(reading.OdsProblem, match="liegt.json is te groot"):
        reading.read_source(f"{server}/liegt.json")
    monkeypatch.setattr(reading, "URL_TIMEOUT", 0.5)
    with pytest.raises(reading.OdsProblem, match="is niet bereikbaar"):
        reading.read_source(f"{server}/traag.json")


@pytest.mark.django_db
def test_an_unreachable_url_changes_nothing(leiden):  # noqa: F811
    # Port 9 (discard) on the loopback: refused at once, no network involved.
    with pytest.raises(CommandError, match="is niet bereikbaar"):
        call_command("import_ods", "http://127.0.0.1:9/export.json", "--raad", "leiden")
    assert not Meeting.objects.exists()
