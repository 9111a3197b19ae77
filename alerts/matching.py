"""Which letters a followed search finds: asked of the layer that owns the search.

The letter index and its search are ``publications``', above this app, so
``alerts`` never imports them: ``PublicationsConfig.ready`` registers the
function here (``register_search_matcher``), the way ``council.public_site``
is filled. Without one registered, a search subscription matches nothing.
"""

_matcher = None


def register_search_matcher(matcher):
    """``matcher(search, letter_ids) -> set of ids``: those of ``letter_ids`` the search finds."""
    global _matcher  # noqa: PLW0603 - one registry, filled once at app ready
    _matcher = matcher


def letters_found(search, letter_ids):
    if _matcher is None or not letter_ids:
        return set()
    return set(_matcher(search, letter_ids))
