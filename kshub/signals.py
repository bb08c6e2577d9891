"""Cache invalidation: any write to content shown on shared pages bumps the version
of its scope (``core.pagecache``), so cached pages and counts are never read again.
Comments and their flags have their own scope: a discussion moving on leaves lists
cached."""

from functools import partial

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save
from taggit.models import TaggedItem

from blog.models import Post, Resource
from cases.models import Attachment, CaseStory, Dimension
from comments.models import Comment, Flag
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


def _user_saved(sender, update_fields=None, **kwargs):
    # Signing in only stamps last_login, which no shared page shows.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    bump_content_version(CONTENT)


def _bump(scope, **kwargs):
    bump_content_version(scope)


def connect() -> None:
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
