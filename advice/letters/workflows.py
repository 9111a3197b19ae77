"""What happens when a workflow is approved to the end (``WAGTAIL_FINISH_WORKFLOW_ACTION``).

Wagtail publishes the page at the end of a workflow. For a letter the end of
"Vaststellen" is the chair's adoption, which must not publish: sending comes
first, and publishing is a separate, checked step. The end of "Correctie"
(a sent or published letter's changed text, approved by a second person)
publishes nothing either: the approved text may now be published, with its
change note, through "Publiceren" (``letter_publish`` checks the review).
Everything else keeps Wagtail's default.

Wagtail imports this module while it loads its models, so models are
imported inside the function.
"""

from django.utils import timezone
from wagtail.workflows import publish_workflow_state


def finish_workflow(workflow_state, user=None):
    from .approval import is_correction_review
    from .models import LetterPage
    from .services import letter_adopt

    content = workflow_state.content_object
    letter = getattr(content, "specific_deferred", content)
    if isinstance(letter, LetterPage):
        if is_correction_review(workflow_state.workflow):
            return
        letter_adopt(letter=letter, reference_year=timezone.localdate().year, adopted_by=user)
        return
    publish_workflow_state(workflow_state, user=user)
