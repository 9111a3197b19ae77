"""Bulk letters keep the page tree valid, as treebeard's own add_child would leave it."""

import pytest
from treebeard.exceptions import PathOverflow
from wagtail.models import Page

from advice.letters.rendering import letter_text
from advice.models import LetterPage, LetterVersion
from benchmarks.bulk import add_published_letters
from council.models import Council
from tests.factories.advice import letter_page
from tests.factories.council import CouncilFactory, TopicFactory
from tests.factories.publications import council_page

pytestmark = pytest.mark.django_db

NO_PROBLEMS = ([], [], [], [], [])


def children(page):
    return list(Page.objects.get(pk=page.pk).get_children().values_list("pk", flat=True))


def test_bulk_letters_after_and_before_add_child_leave_a_valid_tree():
    council = CouncilFactory()
    first = letter_page(council)  # through the services: Wagtail's add_child
    council = Council.objects.get(pk=council.pk)

    ids = add_published_letters(council.page, 25, topics=[TopicFactory()])
    ids += add_published_letters(council.page, 5)
    last = letter_page(council)
    neighbour = council_page(CouncilFactory())  # a sibling of the council page

    assert Page.find_problems() == NO_PROBLEMS
    assert children(council.page) == [first.pk, *ids, last.pk]
    parent = Page.objects.get(pk=council.page.pk)
    assert parent.numchild == 32
    assert {page.depth for page in parent.get_children()} == {parent.depth + 1}
    assert Page.objects.get(pk=neighbour.pk).get_prev_sibling().pk == council.page.pk
    letters = LetterPage.objects.live().filter(pk__in=ids)
    assert letters.count() == 30
    assert LetterVersion.objects.filter(letter_id__in=ids, number=1).count() == 30
    assert all(letter.url.startswith(council.page.url) for letter in letters)


def test_the_first_children_of_a_leaf_get_treebeards_first_path():
    page = council_page(CouncilFactory())

    ids = add_published_letters(page, 3)

    assert Page.find_problems() == NO_PROBLEMS
    paths = [Page.objects.get(pk=pk).path for pk in ids]
    assert paths[0] == Page._get_path(page.path, page.depth + 1, 1)
    assert paths[1:] == [Page(path=paths[0])._inc_path(), Page(path=paths[1])._inc_path()]


def test_running_out_of_paths_raises_treebeards_overflow_and_writes_nothing():
    page = council_page(CouncilFactory())
    (only,) = add_published_letters(page, 1)
    last_step = Page.alphabet[-1] * Page.steplen
    Page.objects.filter(pk=only).update(path=page.path + last_step[:-1] + Page.alphabet[-2])
    assert Page.find_problems() == NO_PROBLEMS

    add_published_letters(page, 1)  # takes the very last step
    with pytest.raises(PathOverflow):
        add_published_letters(page, 1)

    assert Page.find_problems() == NO_PROBLEMS
    assert Page.objects.get(pk=page.pk).numchild == 2


def test_letters_sharing_a_day_get_the_text_letter_text_gives_each():
    ids = add_published_letters(council_page(CouncilFactory()), 40, days_apart=0.25)

    letters = LetterPage.objects.filter(pk__in=ids).order_by("pk")
    assert len({letter.date for letter in letters}) == 10
    versions = {version.letter_id: version.text for version in LetterVersion.objects.all()}
    for letter in letters:
        assert versions[letter.pk] == letter_text(letter)
        assert letter.title in versions[letter.pk]
