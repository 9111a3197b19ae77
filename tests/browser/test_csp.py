"""The Content-Security-Policy blocks nothing the site needs, in chromium.

Every public page of tests/browser/pages.py, and the admin's dashboard, edit
pages (a letter page with its rich text, a meeting with its date widgets, a
consultation), the account page and the lock-out listing are opened in a real
browser. A script installed before any page script records each
``securitypolicyviolation`` event, and the console's CSP messages and page
errors are collected too: there must be none. The admin's own JavaScript must
have run (its sidebar is built by script).
"""

import re

import pytest

from tests.browser.pages import PUBLIC_PAGES

PASSWORD = "csp-test-wachtwoord"  # noqa: S105

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        event.violatedDirective + " blocked " + (event.blockedURI || "inline") +
        " at " + event.sourceFile + ":" + event.lineNumber
    );
});
"""


class Watcher:
    """A tab of its own that records CSP violations, CSP console messages and page errors."""

    def __init__(self, context):
        self.problems = []
        context.add_init_script(RECORD_VIOLATIONS)
        self.tab = context.new_page()
        self.tab.on("console", self._console)
        self.tab.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))

    def _console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.problems.append(f"console: {message.text}")

    def open(self, url):
        response = self.tab.goto(url)
        assert response.status == 200, url
        self.tab.wait_for_load_state("networkidle")
        return response

    def found(self):
        violations = self.tab.evaluate("window.__cspViolations || []")
        problems, self.problems = [*self.problems, *violations], []
        return problems


@pytest.fixture(scope="module")
def public(browser, demo_site):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    try:
        yield Watcher(context), demo_site
    finally:
        context.close()


@pytest.fixture(scope="module")
def admin(browser, demo_site, django_db_blocker):
    from django.contrib.auth import get_user_model

    with django_db_blocker.unblock():
        get_user_model().objects.create_superuser("csp", "csp@example.org", PASSWORD)
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    watcher = Watcher(context)
    tab = watcher.tab
    tab.goto(demo_site("/beheer/login/"))
    tab.fill("#id_username", "csp")
    tab.fill("#id_password", PASSWORD)
    tab.locator("form button[type=submit]").click()
    tab.wait_for_url(re.compile(r"/beheer/$"))
    try:
        yield watcher, demo_site
    finally:
        context.close()


@pytest.mark.parametrize(("name", "path"), PUBLIC_PAGES, ids=[name for name, _ in PUBLIC_PAGES])
def test_no_public_page_trips_the_policy(public, name, path):
    watcher, url = public
    response = watcher.open(url(path))
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert watcher.found() == [], name


def admin_paths():
    from advice.models import Consultation, LetterPage
    from agenda.models import Meeting

    letter = LetterPage.objects.order_by("pk").first()
    meeting = Meeting.objects.order_by("pk").first()
    consultation = Consultation.objects.order_by("pk").first()
    return [
        "/beheer/",
        f"/beheer/pages/{letter.pk}/edit/",
        f"/beheer/snippets/agenda/meeting/edit/{meeting.pk}/",
        f"/beheer/snippets/advice/consultation/edit/{consultation.pk}/",
        "/beheer/account/",
        "/beheer/geblokkeerde-aanmeldingen/",
        "/beheer/images/",
    ]


def test_the_admin_works_under_its_policy(admin, django_db_blocker):
    watcher, url = admin
    with django_db_blocker.unblock():
        paths = admin_paths()
    for path in paths:
        watcher.open(url(path))
        # The sidebar is rendered by Wagtail's script: it ran.
        assert watcher.tab.locator("[data-wagtail-sidebar] nav, .sidebar nav").count() > 0, path
        assert watcher.found() == [], path

    # Wagtail's own inline scripts ran: the date widget of a meeting opens its picker.
    watcher.open(url(paths[2]))
    watcher.tab.locator("#id_date").click()
    watcher.tab.locator(".xdsoft_datetimepicker").first.wait_for(state="visible")
    # The letter's StreamField is built by Wagtail's script (telepath): its add buttons are there.
    watcher.open(url(paths[1]))
    assert watcher.tab.locator(".c-sf-add-button").count() > 0
    assert watcher.found() == []
