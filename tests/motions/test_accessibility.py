"""axe-core finds no WCAG 2.1 A/AA violations on the meeting and motion pages.

The pages are rendered by the test client (with the demo content) and handed
to Debian's chromium with the site's stylesheet inlined, so colour contrast is
checked too and no live server is needed.
"""

import datetime
from pathlib import Path

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import sync_playwright

from agenda.models import Meeting
from motions.models import Motion

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

CHROMIUM = "/usr/bin/chromium"
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def rendered_pages(client):
    leiden = Meeting.objects.get(council__slug="leiden")
    motion = Motion.objects.get(council__slug="leidschendam-voorburg")
    paths = [
        "/leiden/",
        "/leiden/vergaderingen/",
        "/leiden/vergaderingen/?year=x",
        f"/leiden/vergaderingen/{leiden.pk}/",
        "/leiden/moties/",
        "/leidschendam-voorburg/moties/?status=verlopen",
        f"/leidschendam-voorburg/moties/{motion.pk}/",
    ]
    pages = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        pages[path] = response.content.decode()
    return pages


def test_meeting_and_motion_pages_pass_axe(demo, client):
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0), tick=False):
        pages = rendered_pages(client)
    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text(encoding="utf-8")

    violations = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        try:
            tab = browser.new_page()
            for path, html in pages.items():
                tab.set_content(html)
                tab.add_style_tag(content=css)
                result = Axe().run(tab, options=WCAG_AA)
                if result.violations_count:
                    violations[path] = result.generate_report()
        finally:
            browser.close()

    assert violations == {}
