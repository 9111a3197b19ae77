import pytest

from tests.browser.accessibility import assert_no_serious_violations
from tests.browser.pages import PUBLIC_PAGES


@pytest.mark.parametrize(("page_type", "path"), PUBLIC_PAGES, ids=[t for t, _ in PUBLIC_PAGES])
def test_axe_finds_no_serious_violations(page, demo_site, page_type, path):
    response = page.goto(demo_site(path))

    assert response.status == 200, f"{page_type} page {path} answered {response.status}"
    assert_no_serious_violations(page)


def test_the_axe_check_fails_on_a_serious_violation_and_names_it(page):
    # The check itself must be able to fail: an image without a text alternative
    # (critical) and a form field without a label (critical).
    page.set_content(
        '<!DOCTYPE html><html lang="nl"><head><title>Proef</title></head><body><main>'
        '<h1>Proef</h1><img id="foto" src="data:,"><input id="zoek" type="text">'
        "</main></body></html>"
    )

    with pytest.raises(pytest.fail.Exception) as failure:
        assert_no_serious_violations(page)

    report = str(failure.value)
    assert "image-alt (critical)" in report
    assert "#foto" in report
    assert "label (critical)" in report
    assert "#zoek" in report
