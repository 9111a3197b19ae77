"""Which cached public responses a change makes stale: the scope bumps.

Signal receivers translate each change into the scopes of
``publications.caching`` it touches, and bump exactly those, in the
transaction of the change. They decide nothing about the data itself.

=====================================  ==================================================
change                                 scopes bumped
=====================================  ==================================================
a letter published, unpublished,      the letter; its council's letters; all letters;
corrected, saved live, its version     its topics and its addressee (before and after
or adoption recorded                   the change)
a meeting, agenda item or its topics   the council's meetings; all meetings; the topics
                                       of the items
a motion, its submitters or topics     the council's motions; all motions; its topics
``advice.signals.consultation_changed`` the council's consultations; all consultations
a document on the record (attached,     the council's meetings and consultations; all
changed, removed, renamed)             meetings and consultations
a council, municipality, body, topic,  everything (``site``): names and structure show
member, site setting, site, home or    on every page
council page, view restriction, or a
live page deleted
=====================================  ==================================================

Saves that only touch a page's draft bookkeeping (``save_revision``: latest
revision, draft title, locks) bump nothing: drafts are never public.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished

from advice.consultations.signals import consultation_changed
from advice.models import LetterPage, LetterVersion, RecordDocument
from agenda.models import AgendaItem, Meeting
from council.models import Council, Member, MunicipalBody, Municipality, SiteSettings, Topic
from motions.models import Motion, MotionSubmitter

from . import caching
from .caching import bump

#: Page fields that ``save_revision``, locking and scheduling write: not public.
DRAFT_BOOKKEEPING = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
        "owner",
        "go_live_at",
        "expire_at",
        "approved_schedule",
    }
)


def _through(model, name):
    return model._meta.get_field(name).related_model


def tagged_letter_model():
    return _through(LetterPage, "tagged_items")


def tagged_item_model():
    return _through(AgendaItem, "tagged_items")


def tagged_motion_model():
    return _through(Motion, "tagged_items")


# --- Letters ---------------------------------------------------------------------------------


def letter_scopes(*, pk, council_id, addressee_id, topic_ids):
    scopes = {caching.letter_scope(pk), caching.council_scope(council_id), caching.LETTERS}
    if addressee_id:
        scopes.add(caching.body_scope(addressee_id))
    scopes.update(caching.topic_scope(topic_id) for topic_id in topic_ids)
    return scopes


def stored_letter(pk):
    """``(was_live, scopes)`` of the letter as the database holds it now."""
    row = LetterPage.objects.filter(pk=pk).values("live", "council_id", "addressee_id").first()
    if row is None:
        return False, set()
    topic_ids = (
        tagged_letter_model().objects.filter(content_object_id=pk).values_list("tag_id", flat=True)
    )
    return row["live"], letter_scopes(
        pk=pk,
        council_id=row["council_id"],
        addressee_id=row["addressee_id"],
        topic_ids=list(topic_ids),
    )


def bump_letter(pk):
    was_live, scopes = stored_letter(pk)
    if was_live:
        bump(*scopes)


def before_letter_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None or _draft_only(update_fields):
        return
    instance._public_cache_before = stored_letter(instance.pk)


def after_letter_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or _draft_only(update_fields):
        return
    was_live, before = getattr(instance, "_public_cache_before", (False, set()))
    if not (was_live or instance.live):
        return
    # The topics as they are about to be committed (modelcluster saves them
    # after this signal), so both the old and the new topic pages move on.
    after = letter_scopes(
        pk=instance.pk,
        council_id=instance.council_id,
        addressee_id=instance.addressee_id,
        topic_ids=[tagged.tag_id for tagged in instance.tagged_items.all()],
    )
    bump(*(before | after))


def _draft_only(update_fields):
    return update_fields is not None and set(update_fields) <= DRAFT_BOOKKEEPING


def letter_record_changed(sender, instance, raw=False, **kwargs):
    """A version or adoption shows on the live letter (history, reference)."""
    if not raw:
        bump_letter(instance.letter_id)


# --- Pages -------------------------------------------------------------------------------------


def page_went_live_or_not(sender, instance, **kwargs):
    if isinstance(instance, LetterPage):
        # Committed now: the topics and addressee of the live version.
        _, scopes = stored_letter(instance.pk)
        bump(*scopes)
    else:
        bump(caching.SITE)


def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.live:
        bump(caching.SITE)


# --- Meetings and motions ----------------------------------------------------------------------


def _topic_scopes(tag_ids):
    return {caching.topic_records_scope(tag_id) for tag_id in tag_ids}


def bump_meetings(council_id, topic_ids=()):
    if council_id is None:
        return
    bump(caching.council_meetings_scope(council_id), caching.MEETINGS, *_topic_scopes(topic_ids))


def bump_motions(council_id, topic_ids=()):
    if council_id is None:
        return
    bump(caching.council_motions_scope(council_id), caching.MOTIONS, *_topic_scopes(topic_ids))


def meeting_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    topic_ids = tagged_item_model().objects.filter(content_object__meeting_id=instance.pk)
    bump_meetings(instance.council_id, topic_ids.values_list("tag_id", flat=True))


def _council_of_meeting(meeting_id):
    return Meeting.objects.filter(pk=meeting_id).values_list("council_id", flat=True).first()


def agenda_item_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    topic_ids = tagged_item_model().objects.filter(content_object_id=instance.pk)
    bump_meetings(
        _council_of_meeting(instance.meeting_id), topic_ids.values_list("tag_id", flat=True)
    )


def agenda_item_topic_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    meeting_id = (
        AgendaItem.objects.filter(pk=instance.content_object_id)
        .values_list("meeting_id", flat=True)
        .first()
    )
    bump_meetings(_council_of_meeting(meeting_id), [instance.tag_id])


def motion_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    topic_ids = tagged_motion_model().objects.filter(content_object_id=instance.pk)
    bump_motions(instance.council_id, topic_ids.values_list("tag_id", flat=True))


def _council_of_motion(motion_id):
    return Motion.objects.filter(pk=motion_id).values_list("council_id", flat=True).first()


def motion_submitter_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        bump_motions(_council_of_motion(instance.motion_id))


def motion_topic_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        bump_motions(_council_of_motion(instance.content_object_id), [instance.tag_id])


# --- Consultations and everything else ------------------------------------------------------------


def consultation_was_changed(sender, council=None, **kwargs):
    scopes = [caching.CONSULTATIONS]
    if council is not None:
        scopes.append(caching.council_consultations_scope(council.pk))
    bump(*scopes)


def bump_record_documents(council_ids):
    for council_id in set(council_ids):
        bump(
            caching.council_meetings_scope(council_id),
            caching.council_consultations_scope(council_id),
            caching.MEETINGS,
            caching.CONSULTATIONS,
        )


def record_document_changed(sender, instance, raw=False, **kwargs):
    """An attachment shows on its record's pages, the API and the feeds (public or not: bump)."""
    if not raw and instance.council_id is not None:
        bump_record_documents([instance.council_id])


def document_changed(sender, instance, raw=False, **kwargs):
    """A renamed or removed Wagtail document that is attached to a record."""
    if not raw and instance.pk is not None:
        bump_record_documents(
            RecordDocument.objects.filter(document_id=instance.pk).values_list(
                "council_id", flat=True
            )
        )


def site_changed(sender, raw=False, created=False, **kwargs):
    # The site settings are created with their defaults on first use: the
    # pages rendered before showed the same defaults.
    if not raw and not (created and sender is SiteSettings):
        bump(caching.SITE)


def _connect_save_and_delete(receiver, *models):
    for model in models:
        uid = f"public-cache-{receiver.__name__}-{model._meta.label_lower}"
        post_save.connect(receiver, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(receiver, sender=model, dispatch_uid=uid + "-delete")


def connect():
    """Connect every receiver (``PublicationsConfig.ready``)."""
    pre_save.connect(before_letter_save, sender=LetterPage, dispatch_uid="public-cache-letter-pre")
    post_save.connect(after_letter_save, sender=LetterPage, dispatch_uid="public-cache-letter")
    _connect_save_and_delete(
        letter_record_changed, LetterVersion, apps.get_model("advice", "LetterAdoption")
    )
    page_published.connect(page_went_live_or_not, dispatch_uid="public-cache-published")
    page_unpublished.connect(page_went_live_or_not, dispatch_uid="public-cache-unpublished")
    post_delete.connect(page_deleted, dispatch_uid="public-cache-page-deleted")

    _connect_save_and_delete(meeting_changed, Meeting)
    _connect_save_and_delete(agenda_item_changed, AgendaItem)
    _connect_save_and_delete(agenda_item_topic_changed, tagged_item_model())
    _connect_save_and_delete(motion_changed, Motion)
    _connect_save_and_delete(motion_submitter_changed, MotionSubmitter)
    _connect_save_and_delete(motion_topic_changed, tagged_motion_model())

    consultation_changed.connect(consultation_was_changed, dispatch_uid="public-cache-consult")
    _connect_save_and_delete(record_document_changed, RecordDocument)
    post_save.connect(
        document_changed, sender=get_document_model(), dispatch_uid="public-cache-document"
    )

    _connect_save_and_delete(
        site_changed,
        Council,
        Municipality,
        MunicipalBody,
        Topic,
        Member,
        SiteSettings,
        Site,
        PageViewRestriction,
    )
    m2m_changed.connect(
        site_changed,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="public-cache-restriction-groups",
    )
