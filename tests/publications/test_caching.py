"""The public page cache: what it stores, what a change makes stale, what it never stores."""

import datetime
import uuid
from types import SimpleNamespace

import pytest
import time_machine
from django.http import HttpResponse
from django.test import Client, RequestFactory

from advice.consultations.signals import consultation_changed
from advice.letters.services import letter_publish_correction
from publications import caching
from publications import views as public_views
from tests.factories.advice import SIMPLE_BODY, published_letter
from tests.factories.agenda import AgendaItemFactory, MeetingFactory
from tests.factories.motions import MotionFactory

from .conftest import MOMENT

pytestmark = pytest.mark.django_db


def state(client, path, **headers):
    """``hit``, ``miss``, ``skip`` or None (not cacheable), after one GET."""
    response = client.get(path, **headers)
    assert response.status_code in (200, 304, 404), f"{path}: {response.status_code}"
    return response.get("X-Public-Cache")


def test_a_stored_page_costs_one_query_and_is_the_same_page(
    client, site, public_cache, django_assert_num_queries
):
    first = client.get("/brieven/?council=leiden")
    with django_assert_num_queries(1):
        second = client.get("/brieven/?council=leiden")

    assert first["X-Public-Cache"] == "miss"
    assert second["X-Public-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert client.get("/brieven/?council=leiderdorp")["X-Public-Cache"] == "miss"


def test_a_stored_feed_answers_a_conditional_get_with_one_query(
    client, site, public_cache, django_assert_num_queries
):
    first = client.get("/brieven/raad/leiden/atom/")
    with django_assert_num_queries(1):
        again = client.get("/brieven/raad/leiden/atom/", HTTP_IF_NONE_MATCH=first["ETag"])
    with django_assert_num_queries(1):
        by_date = client.get(
            "/brieven/raad/leiden/atom/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
        )

    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == "public, max-age=300, s-maxage=60"
    assert by_date.status_code == 304


def meeting_of(site):
    meeting = MeetingFactory(
        council=site.leiden, body=site.committee, date=datetime.date(2030, 1, 8)
    )
    item = AgendaItemFactory(meeting=meeting, number="3")
    item.topics.add(site.poverty)
    item.save()
    return meeting


def motion_of(site):
    motion = MotionFactory(council=site.leiderdorp, agenda_item=None)
    motion.topics.add(site.treatment)
    motion.save()
    return motion


def publish_new(site):
    with time_machine.travel(MOMENT + datetime.timedelta(days=2), tick=False):
        published_letter(
            site.leiden, title="Nieuw", topics=[site.poverty], addressee=site.committee
        )


def correct_a(site):
    with time_machine.travel(MOMENT + datetime.timedelta(days=2), tick=False):
        letter_publish_correction(
            letter=site.a, note="Verbeterd.", body=[*SIMPLE_BODY, ("text", "Verbeterd.")]
        )


def change_meeting(site):
    meeting = site.meeting
    meeting.title = "Andere titel"
    meeting.save()


def change_motion(site):
    site.motion.title = "Andere motie"
    site.motion.save()


def consult_leiden(site):
    consultation_changed.send(
        sender=None, consultation=SimpleNamespace(pk=1), council=site.leiden, verdict_changed=True
    )


def rename_topic(site):
    site.treatment.name = "bejegening van cliënten"
    site.treatment.save()


# Which cached responses a change makes stale (the others stay stored).
PAGES = {
    "home": "/",
    "index": "/brieven/",
    "all feed": "/brieven/rss/",
    "leiden page": "/leiden/",
    "leiden feed": "/brieven/raad/leiden/atom/",
    "leiden meetings": "/leiden/vergaderingen/",
    "leiden meeting": "/leiden/vergaderingen/{meeting}/",
    "leiderdorp page": "/leiderdorp/",
    "leiderdorp feed": "/brieven/raad/leiderdorp/rss/",
    "leiderdorp motions": "/leiderdorp/moties/",
    "letter a": "{a}",
    "letter a v1": "{a}versies/1/",
    "letter b": "{b}",
    "armoede": "/onderwerpen/armoede/",
    "armoede feed": "/brieven/onderwerp/armoede/rss/",
    "bejegening": "/onderwerpen/bejegening/",
    "bejegening feed": "/brieven/onderwerp/bejegening/atom/",
    "committee feed": "/brieven/orgaan/sleutelstad/commissie-werk/rss/",
    "college feed": "/brieven/orgaan/sleutelstad/college/rss/",
    "api letters": "/api/v2/pages/",
    "api meetings": "/api/v2/meetings/",
    "api motions": "/api/v2/motions/",
    "sitemap": "/sitemap.xml",
    "open data": "/open-data/",
}
LETTER_LISTS = {"home", "index", "all feed", "api letters", "sitemap"}
CASES = {
    "publish a letter": (
        publish_new,
        LETTER_LISTS
        | {"leiden page", "leiden feed", "leiden meeting", "armoede", "armoede feed"}
        | {"committee feed"},
    ),
    "correct a letter": (
        correct_a,
        LETTER_LISTS
        | {"leiden page", "leiden feed", "letter a", "letter a v1", "armoede", "armoede feed"}
        | {"committee feed", "leiden meeting"},
    ),
    "unpublish a letter": (
        lambda site: site.b.unpublish(),
        LETTER_LISTS
        | {"leiderdorp page", "leiderdorp feed", "letter b", "bejegening", "bejegening feed"}
        | {"college feed"},
    ),
    "change a meeting": (
        change_meeting,
        {"home", "leiden page", "leiden meetings", "leiden meeting", "letter a", "letter a v1"}
        | {"armoede", "api meetings", "sitemap"}
        | {"api motions"},  # a motion shows its agenda item's meeting date
    ),
    "change a motion": (
        change_motion,
        {"leiderdorp page", "leiderdorp motions", "letter b", "bejegening", "api motions"}
        | {"sitemap"},
    ),
    "a consultation changes": (
        consult_leiden,
        {"home", "leiden page", "leiden meeting", "letter a", "letter a v1", "sitemap"},
    ),
    "rename a topic": (rename_topic, set(PAGES)),
}


def check_the_change_table(client, site, case):
    """Store every page of ``PAGES``, make the change, and check which are served again.

    Returns ``(paths, stale)``: the path of each page by name, and the names of those
    the change made stale.
    """
    site.meeting = meeting_of(site)
    site.motion = motion_of(site)
    change, stale = CASES[case]
    paths = {
        name: path.format(a=site.a.url, b=site.b.url, meeting=site.meeting.pk)
        for name, path in PAGES.items()
    }
    for name, path in paths.items():
        assert state(client, path) == "miss", name
        assert state(client, path) == "hit", name

    change(site)

    after = {name: state(client, path) for name, path in paths.items()}
    served_stale = sorted(name for name in stale if after[name] == "hit")
    needlessly_dropped = sorted(name for name in set(paths) - stale if after[name] != "hit")
    assert not served_stale, f"stale but served from the cache: {served_stale}"
    assert not needlessly_dropped, f"not affected but rendered again: {needlessly_dropped}"
    return paths, stale


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_change_makes_exactly_the_pages_showing_it_stale(client, site, public_cache, case):
    check_the_change_table(client, site, case)


def test_a_draft_change_bumps_nothing_and_shows_nowhere(client, site, public_cache):
    assert state(client, site.a.url) == "miss"
    draft = site.a.get_latest_revision_as_object()
    draft.title = "Geheime titel"
    draft.save_revision()

    response = client.get(site.a.url)
    assert response["X-Public-Cache"] == "hit"
    assert b"Geheime titel" not in response.content
    fresh = Client().get(site.a.url, HTTP_COOKIE="x=1")  # a new client, same cache
    assert b"Geheime titel" not in fresh.content

    public_cache.clear()  # rendered afresh, the draft still does not show
    rendered = client.get(site.a.url)
    assert rendered["X-Public-Cache"] == "miss"
    assert b"Geheime titel" not in rendered.content


def test_pages_that_depend_on_the_date_do_not_outlive_the_day(client, site, public_cache):
    with time_machine.travel(datetime.datetime(2025, 6, 1, 23, 0, tzinfo=datetime.UTC)):
        # 2 June, 01:00 in Amsterdam
        for path in ("/leiden/", site.a.url, "/", "/brieven/", "/brieven/rss/"):
            assert state(client, path) == "miss"
    with time_machine.travel(datetime.datetime(2025, 6, 2, 21, 59, tzinfo=datetime.UTC)):
        assert state(client, "/leiden/") == "hit"  # 23:59 the same day
    with time_machine.travel(datetime.datetime(2025, 6, 2, 22, 1, tzinfo=datetime.UTC)):
        # 3 June, 00:01: meeting status, motion deadlines and verdicts may have changed
        assert state(client, "/leiden/") == "miss"
        assert state(client, site.a.url) == "miss"
        assert state(client, "/") == "miss"
        assert state(client, "/brieven/") == "hit"
        assert state(client, "/brieven/rss/") == "hit"


def test_a_logged_in_user_gets_no_stored_page_and_stores_none(
    client, site, public_cache, admin_user
):
    assert state(client, "/brieven/") == "miss"
    editor = Client()
    editor.force_login(admin_user)

    response = editor.get("/brieven/")
    assert "X-Public-Cache" not in response
    assert editor.get("/leiden/").get("X-Public-Cache") is None
    assert state(client, "/leiden/") == "miss"  # the editor's page was not stored
    assert state(client, "/brieven/") == "hit"


@pytest.mark.parametrize(
    "path",
    [
        "/beheer/",
        "/beheer/pages/",
        "/brieven/xml/",  # a 404
        "/onderwerpen/onbekend/",
        "{a}pdf/",  # a file
    ],
)
def test_admin_responses_errors_and_files_are_never_stored(client, site, public_cache, path):
    path = path.format(a=site.a.url)
    client.get(path)
    assert client.get(path).get("X-Public-Cache") is None


def test_a_preview_is_never_stored(client_for, admin_user, site, public_cache):
    from django.urls import reverse

    from tests.factories.advice import letter_form_data

    editor = client_for(admin_user)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[site.a.pk])
    editor.post(url, letter_form_data(site.a, "Tekst in wording die niemand mag zien."))
    assert b"Tekst in wording" in editor.get(url).content

    anonymous = Client()
    assert b"Tekst in wording" not in anonymous.get(site.a.url).content
    assert public_cache.get(caching.cache_key(RequestFactory().get(url))) is None


def _request(**cookies):
    request = RequestFactory().get("/brieven/")
    request.COOKIES.update(cookies)
    request.user = SimpleNamespace(is_authenticated=False)
    caching.depends_on(request, caching.LETTERS)
    return request


def test_only_responses_the_same_for_everyone_are_storable():
    assert caching.storable(_request(), HttpResponse("ok"))

    with_cookie = HttpResponse("ok")
    with_cookie.set_cookie("csrftoken", "x")
    private = HttpResponse("ok", headers={"Cache-Control": "private"})
    no_store = HttpResponse("ok", headers={"Cache-Control": "no-store"})
    messages = _request()
    messages._messages = SimpleNamespace(_queued_messages=["Opgeslagen"])
    preview = _request()
    preview.is_preview = True
    logged_in = _request()
    logged_in.user = SimpleNamespace(is_authenticated=True)
    undeclared = RequestFactory().get("/brieven/")
    post = RequestFactory().post("/brieven/")
    caching.depends_on(post, caching.LETTERS)

    assert not caching.storable(_request(), with_cookie)
    assert not caching.storable(_request(), private)
    assert not caching.storable(_request(), no_store)
    assert not caching.storable(messages, HttpResponse("ok"))
    assert not caching.storable(preview, HttpResponse("ok"))
    assert not caching.storable(logged_in, HttpResponse("ok"))
    assert not caching.storable(undeclared, HttpResponse("ok"))
    assert not caching.storable(post, HttpResponse("ok"))
    assert not caching.storable(_request(), HttpResponse("weg", status=404))
    assert not caching._request_is_anonymous(_request(sessionid="abc"))
    assert not caching._request_is_anonymous(_request(messages="abc"))


def test_a_response_rendered_while_something_changed_is_not_stored(
    client, site, public_cache, monkeypatch
):
    original = public_views.letter_index

    def index_during_a_publication(request, *, page):
        response = original(request, page=page)
        caching.bump(caching.letter_scope(site.b.pk))  # another request published meanwhile
        return response

    monkeypatch.setattr(public_views, "letter_index", index_during_a_publication)
    assert state(client, "/brieven/") == "skip"
    monkeypatch.setattr(public_views, "letter_index", original)
    assert state(client, "/brieven/") == "miss"
    assert state(client, "/brieven/") == "hit"


def test_the_site_works_when_the_cache_is_down(client, site, settings):
    settings.PUBLIC_CACHE_ENABLED = True
    settings.CACHES = {
        **settings.CACHES,
        "down": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    settings.PUBLIC_CACHE_ALIAS = "down"

    response = client.get("/brieven/")

    assert response.status_code == 200
    assert site.a.title in response.content.decode()


@pytest.fixture
def redis_cache(settings):
    """The public cache in the Redis at 127.0.0.1:6379, under a key prefix of this test only."""
    import redis

    prefix = f"kanttekening-test-{uuid.uuid4().hex}"
    settings.PUBLIC_CACHE_ENABLED = True
    settings.CACHES = {
        **settings.CACHES,
        "redis-test": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": prefix,
        },
    }
    settings.PUBLIC_CACHE_ALIAS = "redis-test"
    server = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    yield server, prefix
    keys = list(server.scan_iter(match=f"{prefix}:*"))
    if keys:
        server.delete(*keys)


def test_the_cache_works_in_redis_and_a_change_reaches_it(client, site, redis_cache):
    server, prefix = redis_cache

    assert state(client, "/brieven/rss/") == "miss"
    assert state(client, "/brieven/rss/") == "hit"
    assert state(client, site.b.url) == "miss"
    assert len(list(server.scan_iter(match=f"{prefix}:1:public-page:*"))) == 2

    site.b.unpublish()

    assert state(client, "/brieven/rss/") == "miss"
    assert site.b.title.encode() not in client.get("/brieven/rss/").content
    assert client.get(site.b.url).status_code == 404


def test_with_redis_a_stored_page_costs_no_query(
    client, site, redis_cache, django_assert_num_queries
):
    first = client.get("/brieven/?council=leiden")
    with django_assert_num_queries(0):
        second = client.get("/brieven/?council=leiden")
    again = client.get("/brieven/raad/leiden/atom/")
    with django_assert_num_queries(0):
        conditional = client.get("/brieven/raad/leiden/atom/", HTTP_IF_NONE_MATCH=again["ETag"])

    assert (first["X-Public-Cache"], second["X-Public-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert again["X-Public-Cache"] == "miss"
    assert conditional.status_code == 304


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_with_redis_a_change_stales_exactly_those_pages_and_purges_their_urls(
    client, site, redis_cache, settings, case
):
    """The same table as above, with the generations read from Redis, and a CDN to purge."""
    from tests.publications import recording_purge

    settings.WAGTAILFRONTENDCACHE = {
        "cdn": {"BACKEND": "tests.publications.recording_purge.RecordingBackend"}
    }
    recording_purge.PURGED.clear()
    paths, stale = check_the_change_table(client, site, case)
    purged = {url.removeprefix("http://testserver") for url in recording_purge.PURGED}
    assert purged == {paths[name] for name in stale}


def test_the_mirror_never_goes_back_to_an_older_generation(redis_cache):
    from publications.scope_mirror import mirror

    scopes = mirror()
    scopes.fill({"letter:1": "7.100.000000"})
    scopes.fill({"letter:1": "6.200.000000"})  # read earlier, written later
    assert scopes.read(["letter:1"]) == {"letter:1": "7.100.000000"}
    scopes.fill({"letter:1": "8.50.000000"})
    assert scopes.read(["letter:1"]) == {"letter:1": "8.50.000000"}
    assert scopes.read(["letter:1", "letter:2"]) is None  # one missing: ask the database


def test_a_rolled_back_change_leaves_nothing_stale_in_the_mirror(client, site, redis_cache):
    from django.db import transaction

    assert state(client, site.a.url) == "miss"
    assert state(client, site.a.url) == "hit"
    with pytest.raises(RuntimeError), transaction.atomic():
        caching.bump(caching.letter_scope(site.a.pk))
        raise RuntimeError("rolled back")

    # The mirror had the new generation before the rollback: at worst a miss, never stale.
    assert state(client, site.a.url) in ("miss", "hit")
    assert site.a.title in client.get(site.a.url).content.decode()


def test_public_responses_tell_shared_caches_how_long(client, site, public_cache):
    page = client.get("/brieven/")
    feed = client.get("/brieven/rss/")
    stored = client.get("/brieven/")

    assert page["Cache-Control"] == "max-age=0, public, s-maxage=60"
    assert stored["X-Public-Cache"] == "hit"
    assert stored["Cache-Control"] == page["Cache-Control"]
    assert feed["Cache-Control"] == "public, max-age=300, s-maxage=60"


def test_a_page_that_depends_on_the_date_is_not_kept_past_midnight(client, site, public_cache):
    moment = datetime.datetime(2030, 1, 7, 23, 59, 30, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        from django.utils import timezone

        seconds_left = 24 * 3600 - (
            timezone.localtime().hour * 3600
            + timezone.localtime().minute * 60
            + timezone.localtime().second
        )
        response = client.get("/leiden/")
    assert f"s-maxage={min(60, seconds_left)}" in response["Cache-Control"]


# --- The letter index's facets, counted once per change ---------------------------------------


def test_the_index_counts_its_facets_once_per_change_of_the_letters(
    client, site, public_cache, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        assert state(client, "/brieven/?council=leiden") == "miss"
    # Another filter: another page to render, but the same facets.
    with CaptureQueriesContext(connection) as second:
        html = client.get("/brieven/?council=leiderdorp").content.decode()
    assert len(second) <= len(first) - 4, (len(first), len(second))
    assert '<option value="leiderdorp" selected>' in html


def test_a_facet_never_counts_a_letter_that_is_no_longer_public(client, site, public_cache):
    assert '<option value="leiderdorp"' in client.get("/brieven/?year=2024").content.decode()

    site.b.unpublish()  # leiderdorp's only letter

    html = client.get("/brieven/?page=1").content.decode()  # a page not stored before
    assert '<option value="leiderdorp"' not in html
    assert site.b.title not in html


def test_a_renamed_topic_is_renamed_in_the_facets(client, site, public_cache):
    client.get("/brieven/")
    site.treatment.name = "bejegening van cliënten"
    site.treatment.save()
    assert "bejegening van cliënten" in client.get("/brieven/?page=1").content.decode()
