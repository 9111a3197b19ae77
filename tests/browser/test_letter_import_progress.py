"""The letter import's progress page, in chromium: it follows the tasks without a reload.

The tasks wait in a queue (the dummy backend) as they would for a busy
worker; the test runs them itself while the page is open, and the page's
poll turns "in de wachtrij" into the report with a link to the new letter.
"""

import re

import pytest

PASSWORD = "import-test-wachtwoord"  # noqa: S105
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
LETTER = """+++
source = "browser-import-1"
council = "leiden"
kind = "public_letter"
subject = "Een brief uit de browser"
date = "onbekend"
state = "draft"
+++

De Cliëntenraad schrijft een open brief.
"""


@pytest.fixture(scope="module")
def admin(browser, demo_site, django_db_blocker):
    from django.contrib.auth import get_user_model

    with django_db_blocker.unblock():
        get_user_model().objects.create_superuser("importeur", "importeur@localhost", PASSWORD)
        context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        tab.goto(demo_site("/beheer/login/"))
        tab.fill("#id_username", "importeur")
        tab.fill("#id_password", PASSWORD)
        tab.locator("form button[type=submit]").click()
        tab.wait_for_url(re.compile(r"/beheer/$"))
        try:
            yield tab, demo_site
        finally:
            context.close()


def test_the_progress_page_updates_without_a_reload(admin, settings, django_db_blocker, tmp_path):
    from advice.letters.import_jobs import LetterImportFile
    from advice.letters.import_tasks import import_letter_file
    from advice.models import LetterPage

    tab, url = admin
    settings.TASKS = DUMMY_TASKS
    letter = tmp_path / "brief.md"
    letter.write_text(LETTER, encoding="utf-8")

    tab.goto(url("/beheer/brieven/importeren/"))
    tab.set_input_files("#id_files", [str(letter)])
    tab.get_by_role("button", name="Importeren", exact=True).click()
    tab.wait_for_url(re.compile(r"/beheer/brieven/importeren/\d+/$"))
    assert tab.locator("[data-import-status]").inner_text() == "In de wachtrij"
    assert tab.eval_on_selector("#import-bar", "bar => bar.value") == 0
    tab.evaluate("window.notReloaded = true")

    with django_db_blocker.unblock():
        for row in LetterImportFile.objects.filter(status="queued"):
            import_letter_file.call(row.pk)
        created = LetterPage.objects.get(source_id="browser-import-1")

    report = tab.locator("[data-import-report]")
    report.get_by_role("link", name="Een brief uit de browser").wait_for(timeout=15_000)
    assert tab.evaluate("window.notReloaded") is True
    assert tab.locator("[data-import-status]").inner_text() == "Klaar"
    assert tab.eval_on_selector("#import-bar", "bar => bar.value") == 100
    assert "brief.md" in report.inner_text() and "aangemaakt" in report.inner_text()
    href = report.get_by_role("link", name="Een brief uit de browser").get_attribute("href")
    assert href == f"/beheer/pages/{created.pk}/edit/"
