"""Keyboard use and page structure on every public page type."""

import pytest

from tests.browser.pages import PUBLIC_PAGES

pages = pytest.mark.parametrize(
    ("page_type", "path"), PUBLIC_PAGES, ids=[t for t, _ in PUBLIC_PAGES]
)

IN_VIEWPORT = """el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && box.top >= 0 && box.left >= 0
        && box.bottom <= window.innerHeight && box.right <= window.innerWidth;
}"""

# The next Tab goes on from the main content: to something in or after it.
# Where nothing there can take focus, Tab wraps around to the top, rightly.
FOCUS_IS_AFTER_MAIN_START = """() => {
    const main = document.getElementById('inhoud');
    const isAfter = el => el !== main && Boolean(main.compareDocumentPosition(el)
        & (Node.DOCUMENT_POSITION_CONTAINED_BY | Node.DOCUMENT_POSITION_FOLLOWING));
    const focusable = [...document.querySelectorAll(
        'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])'
    )].filter(el => !el.disabled && el.getClientRects().length > 0);
    if (!focusable.some(isAfter)) return true;
    return isAfter(document.activeElement);
}"""


@pages
def test_skip_link_is_first_shows_on_focus_and_moves_focus_to_main(
    page, demo_site, page_type, path
):
    assert page.goto(demo_site(path)).status == 200
    skip_link = page.locator("a.skip-link")
    assert not skip_link.evaluate(IN_VIEWPORT), "the skip link shows before it has focus"

    page.keyboard.press("Tab")

    focused = page.evaluate_handle("document.activeElement").as_element()
    assert focused.evaluate("el => el.matches('a.skip-link')"), (
        "the first Tab does not reach the skip link but "
        + focused.evaluate("el => el.outerHTML.slice(0, 120)")
    )
    assert focused.get_attribute("href") == "#inhoud"
    assert skip_link.evaluate(IN_VIEWPORT), "the focused skip link is not visible"

    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "inhoud"
    assert page.evaluate("document.activeElement.tagName") == "MAIN"
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUS_IS_AFTER_MAIN_START), "Tab after the skip link goes back up"


@pages
def test_page_is_dutch_and_has_one_h1(page, demo_site, page_type, path):
    assert page.goto(demo_site(path)).status == 200

    assert page.get_attribute("html", "lang") == "nl"
    headings = page.locator("h1").all_inner_texts()
    assert len(headings) == 1, f"{path} has {len(headings)} h1 elements: {headings}"
