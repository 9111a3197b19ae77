"""Posting an admin edit form as a browser would: with the hidden version the form was loaded with.

Every edit form of a versioned record (``council.stale_edits``) carries a
signed hidden field; a POST without it is refused. ``loaded(client, url,
data)`` opens the form first, as a person does, and adds that field to
``data``; ``opened(client, url)`` returns everything the opened form would
post back unchanged, inline rows included.
"""

from django.test import Client
from taggit.forms import TagField

from council import groups
from council.models import Member
from council.stale_edits import LOADED_FIELD
from tests.factories.council import MemberFactory, UserFactory


def clerk_client(username, council):
    """``(user, client)``: a clerk (ambtelijk secretaris) of ``council``, logged in on a client of their own."""
    user = UserFactory(username=username, groups=[groups.CLERKS])
    MemberFactory(council=council, user=user, role=Member.Role.OFFICIAL_SUPPORT, name=username)
    client = Client()
    client.force_login(user)
    return user, client


def _form(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    form = response.context["form"]
    # The page itself carries the hidden field, as the browser will post it.
    hidden = str(form[LOADED_FIELD])
    assert 'type="hidden"' in hidden
    assert hidden in response.content.decode()
    return form


def loaded_version(client, url):
    """The hidden version field of the edit form at ``url`` as ``client`` opens it now."""
    value = _form(client, url)[LOADED_FIELD].value()
    assert value
    return value


def loaded(client, url, data):
    """``data`` with the hidden version of the form at ``url``, freshly opened by ``client``."""
    return {**data, LOADED_FIELD: loaded_version(client, url)}


def post_data(form):
    """What a browser posts back for the unbound ``form`` as rendered."""
    data = {}

    def add(one):
        for bound in one:
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                data[bound.html_name] = "on"
            elif isinstance(bound.field, TagField):
                data[bound.html_name] = ", ".join(tag.name for tag in value or ())
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(getattr(v, "pk", v)) for v in value]
            else:
                data[bound.html_name] = str(getattr(value, "pk", value))

    add(form)
    for formset in getattr(form, "formsets", {}).values():
        add(formset.management_form)
        for child in formset.forms:
            add(child)
    return data


def opened(client, url):
    """The edit form at ``url`` as ``client`` opens it now, ready to change and post."""
    return post_data(_form(client, url))
