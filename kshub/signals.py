"""Cache invalidation: any write to content shown on shared pages bumps the version
of its scope (``core.pagecache``), so cached pages and counts are never read again.
Comments and their flags have their own scope: a discussion moving on leaves lists
cached."""

from functools import partial

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_delete, post_save
from taggit.models import TaggedItem

from blog.models import Post, Resource
from cases.models import Attachment, CaseStory, Dimension
from comments.models import Comment, Flag
from core import journal
from core.pagecache import CONTENT, DISCUSSION, bump_content_version
from discussions.models import Membership, Space, Topic
from events.models import Document, Event, Registration, Session, Speaker
from exchanges.models import Exchange, ExchangeParty, KnowledgeOffer, KnowledgeRequest
from impact.models import Adoption
from members.models import Institution, Profile
from taxonomy.models import Theme, ThemeLabel, ThemeRedirect, ThemeTag

CONTENT_MODELS = (
    CaseStory,
    Attachment,
    Dimension,
    Event,
    Session,
    Speaker,
    Document,
    Registration,
    Post,
    Resource,
    Institution,
    Profile,
    TaggedItem,
    Theme,
    ThemeLabel,
    ThemeTag,
    ThemeRedirect,
    KnowledgeRequest,
    KnowledgeOffer,
    Exchange,
    ExchangeParty,
    Adoption,
    Space,
    Membership,
    Topic,
)
UID = "kshub.content-version"
# What every story in the case list's facet index may show: a change to one of
# these is noted for all of them (cases.facet_updates builds the index again).
LABEL_MODELS = (Dimension, Institution, Theme, ThemeLabel, ThemeTag)
JOURNAL_UID = "kshub.stories-journal"


def _user_saved(sender, update_fields=None, **kwargs):
    # Signing in only stamps last_login, which no shared page shows.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    bump_content_version(CONTENT)


def _bump(scope, **kwargs):
    bump_content_version(scope)


def _story_changed(sender, instance, **kwargs):
    journal.record(journal.STORIES, [instance.pk])


def _story_relation_changed(sender, instance, action, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, CaseStory):
        journal.record(journal.STORIES, [instance.pk])
    else:  # from the other side: the stories added or removed, if known
        journal.record(journal.STORIES, pk_set or journal.ALL)


def _tagging_changed(sender, instance, **kwargs):
    if instance.content_type_id == ContentType.objects.get_for_model(CaseStory).pk:
        journal.record(journal.STORIES, [instance.object_id])


def _labels_changed(sender, created=False, **kwargs):
    # A new dimension or institution names no story yet; a new label or tag of a
    # theme may rename what stories show.
    if not (created and sender in (Dimension, Institution)):
        journal.record(journal.STORIES, journal.ALL)


def _connect_journal() -> None:
    """Before the versions' bumps: a change is noted before its version's second
    bump (core.journal)."""
    for signal in (post_save, post_delete):
        signal.connect(_story_changed, sender=CaseStory, dispatch_uid=JOURNAL_UID)
        signal.connect(_tagging_changed, sender=TaggedItem, dispatch_uid=JOURNAL_UID)
        for model in LABEL_MODELS:
            signal.connect(_labels_changed, sender=model, dispatch_uid=JOURNAL_UID)
    for field in CaseStory._meta.many_to_many:
        m2m_changed.connect(
            _story_relation_changed,
            sender=field.remote_field.through,
            dispatch_uid=JOURNAL_UID,
        )


def connect() -> None:
    _connect_journal()
    bump_content = partial(_bump, CONTENT)
    for model in CONTENT_MODELS:
        post_save.connect(bump_content, sender=model, dispatch_uid=UID, weak=False)
        post_delete.connect(bump_content, sender=model, dispatch_uid=UID, weak=False)
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                bump_content, sender=through, dispatch_uid=UID, weak=False
            )
    bump_discussion = partial(_bump, DISCUSSION)
    for signal in (post_save, post_delete):
        for model in (Comment, Flag):
            signal.connect(bump_discussion, sender=model, dispatch_uid=UID, weak=False)
    user = get_user_model()
    post_save.connect(_user_saved, sender=user, dispatch_uid=UID)
    post_delete.connect(bump_content, sender=user, dispatch_uid=UID, weak=False)
