import pytest
from django.core.cache import caches
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from publications.models import CouncilPage, HomePage
from tests.factories.council import CouncilFactory
from tests.factories.publications import council_page, home_page


class TestPageTree(WagtailPageTestCase):
    def test_council_pages_live_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, CouncilPage)
        self.assertCanNotCreateAt(Page, CouncilPage)
        self.assertCanNotCreateAt(CouncilPage, CouncilPage)

    def test_there_is_one_home_page(self):
        root = Page.objects.get(depth=1)
        self.assertFalse(HomePage.can_create_at(root))

    def test_pages_render(self):
        page = council_page()
        self.assertPageIsRenderable(home_page())
        self.assertPageIsRenderable(page)
        self.assertPageIsPreviewable(page)


@pytest.mark.django_db
@pytest.mark.parametrize("number_of_councils", [3, 30])
def test_home_page_queries_do_not_grow_with_councils(
    client, django_assert_max_num_queries, number_of_councils
):
    for _ in range(number_of_councils):
        council_page(CouncilFactory())

    # From a cold cache, so the count does not depend on the tests before it:
    # Wagtail's site root paths (cached) cost one query when the cache is empty.
    for cache in caches.all():
        cache.clear()
    # Also the latest letters and the coming meetings (see test_query_budgets).
    # Two of them are the scorecard summary (publications.scorecard_for).
    with django_assert_max_num_queries(14):
        response = client.get("/")

    assert response.status_code == 200
    assert response.content.decode().count('class="card"') == number_of_councils


@pytest.mark.django_db
def test_council_page_states_its_rules(client):
    page = council_page(CouncilFactory(notice_weeks=4, response_weeks=1, day_count="working"))

    content = client.get(page.url).content.decode()

    assert "ten minste 4 weken voor een besluit om advies (werkdagen)" in content
    assert "binnen 1 week schriftelijk" in content


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/bestaat-niet/", "/leiden/bestaat-niet/", "/%ff/"])
def test_unknown_paths_are_not_found(demo, client, path):
    assert client.get(path).status_code == 404
