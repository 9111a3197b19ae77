"""The Dutch 404 and 500 pages in the browser: axe, the skip link, a way back.

The live server runs with DEBUG off, as production does, so Django answers
with templates/404.html and templates/500.html.
"""

from tests.browser.accessibility import assert_no_serious_violations


def _check_error_page(page):
    assert page.evaluate("document.documentElement.lang") == "nl"
    assert page.locator("h1").count() == 1
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator('main a[href="/"]').count() >= 1
    assert_no_serious_violations(page)


def test_the_404_page_is_dutch_and_accessible(page, demo_site):
    response = page.goto(demo_site("/bestaat-niet/"))

    assert response.status == 404
    assert "Deze pagina bestaat niet" in page.inner_text("h1")
    _check_error_page(page)


def test_the_500_page_is_dutch_and_accessible(page, demo_site, monkeypatch):
    def broken(request, *, page):
        raise RuntimeError("kapot")

    # The route imports its view when it is served, so the live server's thread sees this.
    monkeypatch.setattr("publications.info_views.privacy", broken)
    response = page.goto(demo_site("/privacy/"))

    assert response.status == 500
    assert "Er ging iets mis" in page.inner_text("h1")
    _check_error_page(page)


def test_a_glossary_link_on_a_letter_leads_to_its_explanation(page, demo_site):
    page.goto(demo_site("/leiden/advies-voor-de-commissie-werk-financien-van-7-april-2009/"))
    link = page.locator("main a.begrip", has_text="beleidsregels")
    assert link.count() == 1
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/begrippen/#beleidsregel")
    assert "Een regel van het college" in page.inner_text("#beleidsregel")
