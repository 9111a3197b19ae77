"""Two clerks edit the same consultation in chromium: the second save, from a stale form, is refused.

Each clerk has a browser context of their own (their own session), opens
the real edit form of a demo consultation, types and presses "Opslaan". The
refusal is read from the page, as the clerk sees it, and the stored record
from the database. These tests write to the module's demo records, which
``demo_site`` puts back after the module.
"""

import re

import pytest

PASSWORD = "gelijktijdig-test-wachtwoord"  # noqa: S105
REFERENCE = "seed-001-dynamisch-selectiemodel"


def _clerk_tab(browser, demo_site, username):
    from council import groups
    from council.models import Council, Member
    from tests.factories.council import MemberFactory, UserFactory

    user = UserFactory(username=username, groups=[groups.CLERKS])
    user.set_password(PASSWORD)
    user.save()
    MemberFactory(
        council=Council.objects.get(slug="leiden"),
        user=user,
        role=Member.Role.OFFICIAL_SUPPORT,
        name=username,
    )
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(demo_site("/beheer/login/"))
    tab.fill("#id_username", username)
    tab.fill("#id_password", PASSWORD)
    tab.locator("form button[type=submit]").click()
    tab.wait_for_url(re.compile(r"/beheer/$"))
    return context, tab


@pytest.fixture(scope="module")
def clerks(browser, demo_site, django_db_blocker):
    """Two clerks of Leiden, each logged in in a browser context of their own."""
    with django_db_blocker.unblock():
        anna = _clerk_tab(browser, demo_site, "anna-browser")
        bram = _clerk_tab(browser, demo_site, "bram-browser")
        try:
            yield anna[1], bram[1], demo_site
        finally:
            anna[0].close()
            bram[0].close()


@pytest.fixture
def db_open(django_db_blocker):
    with django_db_blocker.unblock():
        yield


def save(tab):
    tab.get_by_role("button", name="Opslaan", exact=True).click()
    tab.wait_for_load_state("load")


def test_the_second_clerks_stale_save_is_refused_on_the_page_and_their_input_kept(clerks, db_open):
    from advice.models import Consultation

    anna, bram, url = clerks
    consultation = Consultation.objects.get(reference=REFERENCE)
    path = url(f"/beheer/snippets/advice/consultation/edit/{consultation.pk}/")
    anna.goto(path)
    bram.goto(path)

    anna.fill("#id_internal_notes", "Gebeld met de gemeente (Anna)")
    save(anna)
    assert anna.locator(".messages .success").count(), anna.locator("main").inner_text()[:2000]

    bram.fill("#id_source", "Brief van de wethouder (Bram)")
    save(bram)

    error = bram.locator(".messages .error").inner_text()
    assert "Deze raadpleging is niet opgeslagen." in error
    assert (
        "Iemand anders heeft deze raadpleging gewijzigd terwijl u het formulier open had: "
        "Interne notitie. Er is niets opgeslagen." in error
    )
    assert bram.locator("#id_source").input_value() == "Brief van de wethouder (Bram)"
    stored = Consultation.objects.get(pk=consultation.pk)
    assert stored.internal_notes == "Gebeld met de gemeente (Anna)"
    assert stored.source == consultation.source

    # Bram opens the form again, sees Anna's note, and saves.
    bram.goto(path)
    assert bram.locator("#id_internal_notes").input_value() == "Gebeld met de gemeente (Anna)"
    bram.fill("#id_source", "Brief van de wethouder (Bram)")
    save(bram)
    assert bram.locator(".messages .success").count(), bram.locator("main").inner_text()[:2000]
    stored = Consultation.objects.get(pk=consultation.pk)
    assert (stored.internal_notes, stored.source) == (
        "Gebeld met de gemeente (Anna)",
        "Brief van de wethouder (Bram)",
    )
