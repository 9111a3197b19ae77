import pytest

from agenda.numbering import natural_key


@pytest.mark.parametrize(
    ("numbers", "ordered"),
    [
        (["10", "2", "1"], ["1", "2", "10"]),
        (["6a", "6", "5"], ["5", "6", "6a"]),
        (["6b", "6a", "6A", "7"], ["6a", "6A", "6b", "7"]),
        (["", "3", " 2 "], [" 2 ", "3", ""]),
        (["6.10", "6.2", "6.1"], ["6.1", "6.2", "6.10"]),
        (["B", "A", "1"], ["1", "A", "B"]),
    ],
)
def test_items_sort_as_people_read_an_agenda(numbers, ordered):
    assert sorted(numbers, key=natural_key) == ordered
