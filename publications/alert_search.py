"""Which new letters a followed search of the letter index finds (for ``alerts``).

Registered into ``alerts.matching`` at app ready: ``alerts`` sits below this
app and never imports the index's filters or its search. The search is run
exactly as the letter index runs it (``views.letter_index``), narrowed to
the letters of the new events.
"""

from django.http import QueryDict

from .filters import LetterFilter
from .queries import letter_facets, public_letters
from .search import search_letters
from .site_search import ALL, LETTERS

#: The kinds of a site search whose new letters a follower hears of.
FOLLOWED_KINDS = (ALL, LETTERS)


def letters_matching(search, letter_ids):
    """The ids of ``letter_ids`` that the letter index shows for the query string ``search``.

    A followed search of the whole site (``/zoeken/``, with ``soort``) brings
    news of letters only: for ``soort`` ``alles`` or ``brieven``. The search
    page offers the follow form only for those (``search_views``).
    """
    if QueryDict(search).get("soort", ALL) not in FOLLOWED_KINDS:
        return set()
    letters = public_letters()
    facets = letter_facets(letters)
    chosen = LetterFilter.from_params(
        QueryDict(search),
        councils=facets.councils,
        topics=facets.topics,
        bodies=facets.bodies,
        years=facets.years,
    )
    narrowed = chosen.apply(letters).filter(pk__in=list(letter_ids))
    if not chosen.query:
        return set(narrowed.values_list("pk", flat=True))
    candidates = letters.model.objects.live().filter(pk__in=narrowed.values("pk"))
    return {letter.pk for letter in search_letters(candidates, chosen.query, raw=chosen.raw_query)}
