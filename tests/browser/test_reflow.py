"""Reflow (WCAG 1.4.10): at 320 CSS pixels no page scrolls sideways.

Only a wide table may scroll, inside its own scroll container
(``.table-scroll``): the document itself never does.
"""

import pytest

from tests.browser.pages import PUBLIC_PAGES

pages = pytest.mark.parametrize(
    ("page_type", "path"), PUBLIC_PAGES, ids=[t for t, _ in PUBLIC_PAGES]
)

# The elements whose right edge passes the viewport, outside a table's scroll
# container: named in the failure, so that it says what to fix.
OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const wide = [];
    for (const el of document.querySelectorAll('body *')) {
        if (el.closest('.table-scroll, .visually-hidden, .skip-link')) continue;
        const box = el.getBoundingClientRect();
        if (box.width > 0 && box.right > width + 0.5) {
            wide.push(`${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''} `
                + `(${Math.round(box.right)} px): ${(el.textContent || '').trim().slice(0, 60)}`);
        }
    }
    return {
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        wide: wide.slice(0, 5),
    };
}"""


@pytest.fixture
def narrow_page(page):
    page.set_viewport_size({"width": 320, "height": 640})
    yield page
    page.set_viewport_size({"width": 1280, "height": 800})


@pages
def test_no_page_scrolls_sideways_at_320_pixels(narrow_page, demo_site, page_type, path):
    assert narrow_page.goto(demo_site(path)).status == 200
    found = narrow_page.evaluate(OVERFLOW)

    assert found["scrollWidth"] <= found["innerWidth"], (
        f"{page_type} ({path}) is {found['scrollWidth']} px wide at {found['innerWidth']} px: "
        + "; ".join(found["wide"])
    )


def test_the_check_fails_on_a_page_that_scrolls_sideways(narrow_page):
    narrow_page.set_content(
        '<!DOCTYPE html><html lang="nl"><body><p><a href="#">'
        + "Agendapunt" * 20
        + "</a></p></body></html>"
    )
    found = narrow_page.evaluate(OVERFLOW)
    assert found["scrollWidth"] > found["innerWidth"]


def test_the_scorecard_chart_stays_readable_on_a_phone(page, demo_site):
    # A 390 px phone: the chart's labels were about 9 px (issue 18).
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        page.goto(demo_site("/leiden/raadplegingen/"))
        sizes = page.evaluate(
            """() => [...document.querySelectorAll('.chart text')].map(
                t => t.getBoundingClientRect().height)"""
        )
        legend = page.evaluate(
            """() => [...document.querySelectorAll('.chart-legend li')].map(li => {
                const swatch = li.querySelector('svg').getBoundingClientRect();
                const range = document.createRange();
                range.selectNodeContents(li);
                const text = [...range.getClientRects()].pop();
                return Math.abs((swatch.top + swatch.bottom) / 2 - (text.top + text.bottom) / 2);
            })"""
        )
        caption = page.evaluate(
            """() => {
                const caption = document.querySelector('.scorecard-table caption');
                const box = caption.getBoundingClientRect();
                return [box.left, box.right, window.innerWidth];
            }"""
        )
    finally:
        page.set_viewport_size({"width": 1280, "height": 800})

    assert sizes and min(sizes) >= 13, sizes  # the line box of 16 px text, scaled to fit
    assert legend and max(legend) < 6, legend  # each swatch on the line of its label
    assert caption[0] >= 0 and caption[1] <= caption[2], caption  # the caption is not cut off
