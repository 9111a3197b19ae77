"""Crawl the admin as each role: no server error and no "None" on any page it reaches.

The demo content, plus records of every kind in a second council and a
letter in the adoption workflow, and users of one council (Leiden): a
member, a chair, a clerk (ambtelijke ondersteuning) and a platform
administrator. Each crawl starts at /beheer/ and at the edit, inspect,
history and usage pages of each kind of record (the first snippet of each
model and the last, which is the second council's or the test's own; the
home page, a council page and a letter in each state), and follows every
same-site /beheer/ link with GET: delete confirmations, revisions,
listings, reports, settings. A page the role may not open may refuse,
never fail. Logging out is not followed; nothing is POSTed. To keep it
quick, a crawled link of a shape already visited (ids and query left out)
is not followed again; the seeds are always visited.

"None" is looked for in the visible text: outside scripts, styles and
templates, as a word of its own.
"""

import contextlib
import re
import time
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from wagtail.models import Page
from wagtail.snippets.models import get_snippet_models

from advice.models import LetterPage
from council import groups
from council.models import Council, Member
from publications.models import CouncilPage
from tests.factories.advice import ConsultationFactory, letter_page
from tests.factories.agenda import AgendaItemFactory, MeetingFactory
from tests.factories.council import MemberFactory, MunicipalBodyFactory, UserFactory
from tests.factories.documents import record_document
from tests.factories.motions import MotionFactory

pytestmark = pytest.mark.django_db

MAX_PAGES = 400  # per role
PER_SHAPE = 1  # crawled links of one shape
SKIP = ("/beheer/logout/",)
#: of the first record of each snippet model, and (the second council's, the test's own) of the last
FIRST_VIEWS = ("edit", "inspect", "history", "usage")
LAST_VIEWS = ("edit", "inspect")
PAGE_VIEWS = ("edit", "history", "usage", "revisions_index", "workflow_history")
NONE = re.compile(r"\bNone\b")
MENU_URL = re.compile(r'"url": "(/beheer/[^"]*)"')
ROLES = {
    "lid": (Member.Role.MEMBER, groups.MEMBERS),
    "voorzitter": (Member.Role.CHAIR, groups.CHAIRS),
    "ambtelijke ondersteuning": (Member.Role.OFFICIAL_SUPPORT, groups.CLERKS),
    "beheerder": (None, None),
}


class Page_(HTMLParser):
    """The visible text and the links of an HTML page.

    Hidden: scripts, styles, templates and elements with the ``hidden``
    attribute (Wagtail's empty side-panel counters say "None" there).
    """

    HIDDEN = {"script", "style", "template"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.links = [], []
        self.hidden_tag, self.depth = None, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in self.VOID:
            return
        if self.hidden_tag is None and (tag in self.HIDDEN or "hidden" in attrs):
            self.hidden_tag, self.depth = tag, 1
        elif tag == self.hidden_tag:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == self.hidden_tag:
            self.depth -= 1
            if self.depth == 0:
                self.hidden_tag = None

    def handle_data(self, data):
        if self.hidden_tag is None:
            self.text.append(data)


def shape(url):
    """A URL's path with its numbers left out: ``/beheer/pages/#/edit/``."""
    return re.sub(r"\d+", "#", urlsplit(url).path)


def admin_target(href, base):
    url = urlsplit(urljoin(base, href))
    if url.netloc not in ("", "testserver") or not url.path.startswith("/beheer/"):
        return None
    if url.path.startswith(SKIP):
        return None
    return url.path + (f"?{url.query}" if url.query else "")


def sample_pages():
    """The home page, one council page and one letter of each state (draft, adopted, sent, corrected)."""
    pages = [Page.objects.get(depth=2), CouncilPage.objects.order_by("pk").first()]
    states = {}
    for letter in LetterPage.objects.annotate(
        adopted=Count("adoptions", distinct=True), version_count=Count("versions", distinct=True)
    ).order_by("pk"):
        in_workflow = letter.workflow_in_progress
        key = (letter.live, letter.adopted > 0, min(letter.version_count, 2), in_workflow)
        states.setdefault(key, letter)
    return pages + list(states.values())


def record_urls():
    """The admin's own pages of each kind of record: the first and the last snippet of each
    model (the demo's, the test's own), and the sampled pages. Delete confirmations and the
    rest are reached through the links."""
    urls = []
    for model in get_snippet_models():
        viewset = getattr(model, "snippet_viewset", None)
        pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
        if viewset is None or not pks:
            continue
        for pk, views in ((pks[0], FIRST_VIEWS), (pks[-1], LAST_VIEWS)):
            for view in views:
                with contextlib.suppress(NoReverseMatch):
                    urls.append(reverse(viewset.get_url_name(view), args=[pk]))
    for page in sample_pages():
        urls += [reverse(f"wagtailadmin_pages:{view}", args=[page.pk]) for view in PAGE_VIEWS]
        urls.append(reverse("wagtailadmin_explore", args=[page.pk]))
    return urls


def crawl(client, seeds):
    """GET every admin page reachable from ``seeds``; returns (visited, problems)."""
    queue = deque(dict.fromkeys(seeds))
    seen, shapes = set(queue), Counter()
    visited, problems = 0, []
    while queue and visited < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="nl")
        visited += 1
        if response.status_code >= 500:
            problems.append(f"{url}: HTTP {response.status_code}")
            continue
        found = []
        if response.status_code in (301, 302):
            found = [response["Location"]]
        elif "text/html" in response.get("Content-Type", "") and not response.streaming:
            html = response.content.decode()
            page = Page_()
            page.feed(html)
            text = " ".join(" ".join(page.text).split())
            for match in NONE.finditer(text):
                problems.append(
                    f"{url}: 'None' in …{text[max(0, match.start() - 60) : match.end() + 40]}…"
                )
            # The main menu is drawn by JavaScript from JSON: its items' URLs are links too.
            found = page.links + MENU_URL.findall(html)
        for href in found:
            target = admin_target(href, "http://testserver" + url)
            if target is None or target in seen or shapes[shape(target)] >= PER_SHAPE:
                continue
            seen.add(target)
            shapes[shape(target)] += 1
            queue.append(target)
    if queue:
        problems.append(f"more than {MAX_PAGES} pages: {len(queue)} left unvisited")
    return visited, problems


@pytest.fixture
def world(demo):
    """Leiden (the users' council) and a second council with records of every kind."""
    own = Council.objects.get(slug="leiden")
    second = Council.objects.get(slug="leidschendam-voorburg")
    body = MunicipalBodyFactory(municipality=second.municipality)
    meeting = MeetingFactory(council=second, body=body)
    AgendaItemFactory(meeting=meeting)
    MotionFactory(council=second)
    MemberFactory(council=second, name="Lid zonder data", active_from=None, active_to=None)
    record_document(ConsultationFactory(council=second, body=None), title="Stuk van de tweede raad")
    record_document(ConsultationFactory(council=own, body=None, summary=""), public=True)
    letter_page(second, title="Concept in de tweede raad")
    letter_page(own, title="Concept met alleen een titel en tekst")
    submitted = letter_page(own, title="Concept in de workflow")
    author = UserFactory(username="indiener")
    MemberFactory(council=own, user=author, role=Member.Role.MEMBER, name="Indiener")
    submitted.get_workflow().start(submitted, author)
    return own


def user_for(role, council):
    member_role, group = ROLES[role]
    if member_role is None:
        return UserFactory(username="beheerder", is_superuser=True, is_staff=True)
    user = UserFactory(username=role.replace(" ", "-"), groups=[group])
    MemberFactory(council=council, user=user, role=member_role, name=f"{role} van Leiden")
    return user


@pytest.mark.parametrize("role", list(ROLES))
def test_every_admin_page_of_a_role_answers_without_error_or_none(client, world, role):
    client.force_login(user_for(role, world))
    started = time.monotonic()
    visited, problems = crawl(client, ["/beheer/", *record_urls()])
    seconds = time.monotonic() - started
    print(f"{role}: {visited} pages in {seconds:.1f} s")
    assert visited > 40
    assert problems == []


def test_the_open_data_page_shows_no_none(client, world):
    response = client.get("/open-data/")
    assert response.status_code == 200
    page = Page_()
    page.feed(response.content.decode())
    assert not NONE.search(" ".join(page.text))


def test_every_inspect_view_shows_no_none(client, world, admin_user):
    client.force_login(admin_user)
    urls = []
    for model in get_snippet_models():
        viewset = getattr(model, "snippet_viewset", None)
        if viewset is not None and viewset.inspect_view_enabled:
            name = viewset.get_url_name("inspect")
            urls += [reverse(name, args=[pk]) for pk in model.objects.values_list("pk", flat=True)]
    assert len(urls) >= 4  # the demo's two consultations and the test's two, at least
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        page = Page_()
        page.feed(response.content.decode())
        assert not NONE.search(" ".join(page.text)), url


def test_a_revision_without_a_user_names_nobody_as_onbekend(client, admin_user):
    letter = letter_page(title="Geïmporteerde brief")
    revision = letter.latest_revision
    assert revision.user is None  # made by a service, as the import and the demo loader do
    client.force_login(admin_user)
    response = client.get(
        reverse("wagtailadmin_pages:revisions_revert", args=[letter.pk, revision.pk])
    )
    assert response.status_code == 200
    page = Page_()
    page.feed(response.content.decode())
    text = " ".join(" ".join(page.text).split())
    assert "door onbekend" in text
    assert not NONE.search(text)
