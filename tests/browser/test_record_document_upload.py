"""A clerk attaches the college's response in chromium: the response date is filled only when asked.

The clerk opens the admin's upload form from a consultation (``?consultation=<id>``), chooses
a PDF, the kind "reactie van het college" and a date, and saves once without and once with
the tick "Datum van de reactie bij de raadpleging invullen met de datum hierboven?". The
database says what happened. ``demo_site`` puts the demo back after the module.
"""

import datetime
import re

import pytest

from tests.factories.documents import pdf_bytes

PASSWORD = "documenten-test-wachtwoord"  # noqa: S105
QUESTION = "Datum van de reactie bij de raadpleging invullen met de datum hierboven?"


@pytest.fixture(scope="module")
def clerk(browser, demo_site, django_db_blocker):
    from advice.consultations.services import consultation_save
    from advice.models import Consultation
    from council import groups
    from council.models import Council, Member
    from tests.factories.council import MemberFactory, UserFactory

    with django_db_blocker.unblock():
        leiden = Council.objects.get(slug="leiden")
        user = UserFactory(username="clara-documenten", groups=[groups.CLERKS])
        user.set_password(PASSWORD)
        user.save()
        MemberFactory(council=leiden, user=user, role=Member.Role.OFFICIAL_SUPPORT, name="Clara")
        consultation = consultation_save(
            consultation=Consultation(
                council=leiden,
                reference="browser-reactie",
                subject="Reactie van het college in de browser",
                asked_on=datetime.date(2025, 1, 6),
                advice_sent_on=datetime.date(2025, 2, 3),
            )
        ).consultation
        context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        tab.goto(demo_site("/beheer/login/"))
        tab.fill("#id_username", user.username)
        tab.fill("#id_password", PASSWORD)
        tab.locator("form button[type=submit]").click()
        tab.wait_for_url(re.compile(r"/beheer/$"))
        try:
            yield tab, demo_site, consultation.pk
        finally:
            context.close()


@pytest.fixture
def db_open(django_db_blocker):
    with django_db_blocker.unblock():
        yield


def upload(tab, url, pk, *, title, tick):
    tab.goto(url(f"/beheer/snippets/advice/recorddocument/add/?consultation={pk}"))
    date = tab.locator("#id_response_date")
    date.click()
    date.fill("10-03-2025")
    date.press("Tab")
    tab.keyboard.press("Escape")  # the date picker closes
    tab.set_input_files(
        "#id_file",
        files=[{"name": "reactie.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}],
    )
    tab.locator("#id_title").click()
    tab.fill("#id_title", title)
    tab.select_option("#id_kind", "executive_response")
    assert tab.get_by_label(QUESTION).is_visible()
    if tick:
        tab.get_by_label(QUESTION).check()
    tab.get_by_role("button", name="Opslaan", exact=True).click()
    tab.wait_for_load_state("load")
    assert tab.locator(".messages .success").count(), tab.locator("main").inner_text()[:2000]


def test_the_response_date_waits_for_the_clerks_yes(clerk, db_open):
    from advice.models import Consultation, RecordDocument

    tab, url, pk = clerk
    upload(tab, url, pk, title="Reactie zonder vinkje", tick=False)
    assert Consultation.objects.get(pk=pk).response_received_on is None
    assert RecordDocument.objects.get(document__title="Reactie zonder vinkje").public is False

    upload(tab, url, pk, title="Reactie met vinkje", tick=True)
    assert Consultation.objects.get(pk=pk).response_received_on == datetime.date(2025, 3, 10)
    assert RecordDocument.objects.filter(consultation_id=pk).count() == 2
