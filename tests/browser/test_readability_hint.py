"""The readability hint in the letter editor, in chromium: an editor types and the score shows.

static/js/readability_hint.js sends the summary and the body's blocks,
debounced, to the admin endpoint and shows the Flesch–Douma score, the
average sentence length, the longest sentences and the officialese found.
Nothing is saved: the test only types.
"""

import re

import pytest

PASSWORD = "leesbaar-test-wachtwoord"  # noqa: S105


@pytest.fixture(scope="module")
def editor(browser, demo_site, django_db_blocker):
    """A superuser's tab on the edit page of a seed letter, in a browser context of its own."""
    from django.contrib.auth import get_user_model

    from advice.models import LetterPage

    with django_db_blocker.unblock():
        get_user_model().objects.create_superuser("leesbaar", "leesbaar@localhost", PASSWORD)
        letter = LetterPage.objects.get(source_id="seed-003")
        context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        tab.goto(demo_site("/beheer/login/"))
        tab.fill("#id_username", "leesbaar")
        tab.fill("#id_password", PASSWORD)
        tab.locator("form button[type=submit]").click()
        tab.wait_for_url(re.compile(r"/beheer/$"))
        try:
            tab.goto(demo_site(f"/beheer/pages/{letter.pk}/edit/"))
            yield tab
        finally:
            context.close()


def test_typing_a_summary_shows_its_score(editor):
    panel = editor.locator("[data-readability-hint]")
    assert "geen oordeel" in panel.inner_text()
    summary = editor.locator("textarea[name=summary]")
    summary.fill("")
    # 12 words, 18 syllables, 2 sentences (hand counts in tests/advice/test_readability.py):
    # 206,84 − 0,77 × 150 − 0,93 × 6 = 85,76.
    summary.press_sequentially(
        "De raad geeft een advies. Het college moet de wachttijd korter maken."
    )

    section = panel.locator("[data-readability-part=summary]")
    section.locator("text=/Flesch-Douma: 85,8/").wait_for(timeout=10_000)
    text = section.locator("[data-readability-output]").inner_text()
    assert "gemiddeld 6 woorden per zin" in text
    assert "2 zinnen, 12 woorden" in text
    longest = panel.locator("[data-readability-part=summary] ol li").all_inner_texts()
    assert longest[0] == "Het college moet de wachttijd korter maken. (7 woorden)"


def test_typing_in_the_body_shows_its_score_and_officialese(editor):
    panel = editor.locator("[data-readability-hint]")
    body = editor.locator("textarea[name^='body-']").first
    body.fill("")
    body.press_sequentially(
        "Wij schrijven u inzake de bijstand. Conform de wet dient u te reageren."
    )

    section = panel.locator("[data-readability-part=body]")
    section.locator("text=/Flesch-Douma: /").wait_for(timeout=10_000)
    section.locator("text=/liever “over”/").wait_for(timeout=10_000)
    officialese = section.locator("ul li").all_inner_texts()
    assert "“conform” (1×): liever “volgens”" in officialese
    assert "“dient” (1×): liever “moet”" in officialese
