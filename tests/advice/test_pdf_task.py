"""A sent letter's PDF follows in a task: the version and its fingerprint at once,
"wordt gemaakt" (202, not cached) until the PDF is stored, the feed enclosure after."""

import feedparser
import pytest
from django.urls import reverse

from advice.letters.services import letter_send
from advice.letters.tasks import freeze_version_pdf
from advice.models import LetterPage, LetterVersion
from council.background import MAX_ATTEMPTS, default_task_backend
from tests.factories.advice import adopted_letter, published_letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(settings):
    """Tasks are stored, not run: what a request sees before the worker got to them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


def no_pdf_in_the_request(monkeypatch):
    def refuse(letter):
        raise AssertionError("the request rendered a PDF")

    monkeypatch.setattr("advice.letters.tasks.render_letter_pdf", refuse)


def enclosures(client, letter):
    feed = feedparser.parse(client.get(f"/brieven/raad/{letter.council.slug}/atom/").content)
    (entry,) = feed.entries
    return [link for link in entry.links if link.rel == "enclosure"]


def test_sending_records_the_version_at_once_and_the_pdf_follows(client, queued, monkeypatch):
    letter = published_letter()
    version = letter.versions.get()
    assert version.fingerprint and version.text
    assert not version.pdf
    (result,) = [r for r in queued.results if r.task.name == "freeze_version_pdf"]
    assert result.args == [version.pk]

    for url in (letter.url + "pdf/", letter.url + "versies/1/pdf/"):
        response = client.get(url)
        assert response.status_code == 202, url
        assert "De pdf wordt gemaakt" in response.content.decode()
        assert response["Cache-Control"] == "no-store"
        assert response["Retry-After"]
    assert enclosures(client, letter) == []

    assert freeze_version_pdf.call(version.pk) == "opgeslagen"
    version.refresh_from_db()
    assert version.pdf
    response = client.get(letter.url + "pdf/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    (enclosure,) = enclosures(client, letter)
    assert int(enclosure.length) == version.pdf.size
    # Running it again (a retried or repeated task) changes nothing.
    name = version.pdf.name
    assert freeze_version_pdf.call(version.pk) == "niets te doen"
    version.refresh_from_db()
    assert version.pdf.name == name


def test_the_admin_send_view_renders_no_pdf(client_for, admin_user, queued, monkeypatch):
    letter = adopted_letter()
    no_pdf_in_the_request(monkeypatch)
    response = client_for(admin_user).post(
        reverse("advice_letter_send", args=[letter.pk]),
        {"sent_on": "01-03-2024", "sent_to": "College van B&W", "publish": "on"},
    )
    assert response.status_code == 302
    version = LetterVersion.objects.get(letter=letter)
    assert version.fingerprint and not version.pdf
    assert LetterPage.objects.get(pk=letter.pk).live


def test_with_the_immediate_backend_the_pdf_is_there_after_the_commit():
    letter = published_letter()
    assert letter.versions.get().pdf


def test_an_unpublished_sent_letter_shows_no_pdf_and_no_notice(client, queued):
    letter = adopted_letter()
    letter_send(letter=letter, sent_on=None, sent_to="College")
    letter = LetterPage.objects.get(pk=letter.pk)
    assert not letter.live
    url = letter.url_path.split("/", 2)[2]  # without the site root: /<council>/<letter>/
    assert client.get(f"/{url}pdf/").status_code == 404
    assert client.get(f"/{url}versies/1/pdf/").status_code == 404


def test_a_failing_render_is_retried_then_fails_and_the_url_keeps_answering(client, monkeypatch):
    calls = []

    def broken(letter):
        calls.append(1)
        raise OSError("schijf vol")

    monkeypatch.setattr("advice.letters.tasks.render_letter_pdf", broken)
    letter = published_letter()  # the immediate backend runs every attempt at once
    assert len(calls) == MAX_ATTEMPTS
    assert not letter.versions.get().pdf
    assert client.get(letter.url + "pdf/").status_code == 202
    # The letter stays published: the PDF is not part of its transaction.
    assert LetterPage.objects.get(pk=letter.pk).live
