"""The revisions one publish looks at, each built as a letter and rendered at most once.

Publishing a letter compares the text of the revision to publish with the
latest version's, the adopted revision's and the reviewed ones'; often
these are one and the same revision. ``letter_publish`` then freezes that
text, and Wagtail's publish action saves the revision as the page. Building
a revision (``Revision.as_object``) and rendering its text (``letter_text``)
are the costly steps, so one ``BuiltRevisions`` is shared by all of them
within one publish, in one transaction, and is dropped afterwards: it never
outlives the transaction that gathered it.
"""

from wagtail.actions.publish_page_revision import PublishPageRevisionAction

from .rendering import letter_text


class BuiltRevisions:
    """Each revision (by primary key) as a letter and its text, built on first use."""

    def __init__(self):
        self._pages = {}
        self._texts = {}

    def page(self, revision):
        """``revision.as_object()``, built once; a publish saves this same object."""
        if revision.pk not in self._pages:
            self._pages[revision.pk] = revision.as_object()
        return self._pages[revision.pk]

    def text(self, revision):
        """``letter_text`` of the revision, rendered once."""
        if revision.pk not in self._texts:
            self._texts[revision.pk] = letter_text(self.page(revision))
        return self._texts[revision.pk]

    def summary_state(self, revision):
        return self.page(revision).summary_state

    def __contains__(self, revision):
        return revision.pk in self._pages


class PublishBuiltRevision(PublishPageRevisionAction):
    """Wagtail's publish action for a revision already built as ``page`` (``BuiltRevisions``).

    Wagtail builds the object it saves with ``revision.as_object()`` when the
    action is made; this action is given that object instead of building it
    a second time. Everything else (the save, the signals, the log, the
    workflow and the aliases) is Wagtail's own.
    """

    def __init__(self, revision, *, page, **kwargs):
        revision.as_object = lambda: page  # for the base class's __init__ only
        try:
            super().__init__(revision, **kwargs)
        finally:
            del revision.as_object
