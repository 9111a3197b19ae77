"""Posting an admin edit form as a browser would: with the hidden token the form was loaded with.

Every edit form of a versioned record (``council.stale_edits``) carries a
signed token; a POST without it is refused. ``loaded(client, url, data)``
opens the form first, as a person does, and adds its token to ``data``.
"""

from council.stale_edits import LOADED_FIELD


def loaded_token(client, url):
    """The token of the edit form at ``url`` as ``client`` opens it now."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    token = response.context["form"][LOADED_FIELD].value()
    assert token
    return token


def loaded(client, url, data):
    """``data`` with the token of the form at ``url``, freshly opened by ``client``."""
    return {**data, LOADED_FIELD: loaded_token(client, url)}
