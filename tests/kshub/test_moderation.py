import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from comments.models import Comment
from core.models import AuditEntry
from exchanges.models import ListingFlag
from members.models import User
from moderation.models import ContactMessage
from tests.factories import (
    CaseStoryFactory,
    CommentFactory,
    EventFactory,
    FlagFactory,
    InstitutionFactory,
    KnowledgeOfferFactory,
    KnowledgeRequestFactory,
    MemberFactory,
    ModeratorFactory,
    PostFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DESK_PAGES = [
    "/moderation/",
    "/moderation/cases/",
    "/moderation/cases/?status=published",
    "/moderation/posts/",
    "/moderation/institutions/",
    "/moderation/comments/",
    "/moderation/messages/",
    "/moderation/audit/",
    "/moderation/exchanges/",
]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def submitted_case(**kwargs):
    return CaseStoryFactory(status="submitted", published_at=None, **kwargs)


def submitted_post(**kwargs):
    return PostFactory(status="submitted", published_at=None, **kwargs)


def contact_message(**kwargs):
    fields = {
        "name": "Ana",
        "email": "ana@example.org",
        "subject": "Hello",
        "body": "A question.",
    }
    return ContactMessage.objects.create(**{**fields, **kwargs})


# name -> (make the object, path of the action, form data, check after it)
ACTIONS = {
    "case-publish": (
        submitted_case,
        "/moderation/cases/{pk}/publish/",
        {},
        lambda o: o.status == "published",
    ),
    "case-reject": (
        submitted_case,
        "/moderation/cases/{pk}/reject/",
        {"reason": "Please add results."},
        lambda o: o.status == "rejected" and o.rejection_reason,
    ),
    "case-feature": (
        CaseStoryFactory,
        "/moderation/cases/{pk}/feature/",
        {},
        lambda o: o.featured,
    ),
    "case-unfeature": (
        lambda: CaseStoryFactory(featured=True),
        "/moderation/cases/{pk}/unfeature/",
        {},
        lambda o: not o.featured,
    ),
    "case-archive": (
        CaseStoryFactory,
        "/moderation/cases/{pk}/archive/",
        {},
        lambda o: o.status == "archived",
    ),
    "post-publish": (
        submitted_post,
        "/moderation/posts/{pk}/publish/",
        {},
        lambda o: o.status == "published",
    ),
    "post-reject": (
        submitted_post,
        "/moderation/posts/{pk}/reject/",
        {"reason": "Off topic."},
        lambda o: o.status == "rejected",
    ),
    "post-feature": (
        PostFactory,
        "/moderation/posts/{pk}/feature/",
        {},
        lambda o: o.featured,
    ),
    "post-unfeature": (
        lambda: PostFactory(featured=True),
        "/moderation/posts/{pk}/unfeature/",
        {},
        lambda o: not o.featured,
    ),
    "post-archive": (
        PostFactory,
        "/moderation/posts/{pk}/archive/",
        {},
        lambda o: o.status == "archived",
    ),
    "institution-approve": (
        lambda: InstitutionFactory(verified=False),
        "/moderation/institutions/{pk}/approve/",
        {},
        lambda o: o.verified,
    ),
    "institution-reject": (
        lambda: InstitutionFactory(verified=False),
        "/moderation/institutions/{pk}/reject/",
        {"reason": "Duplicate of an existing one."},
        None,  # the proposal is deleted
    ),
    "comment-hide": (
        lambda: CommentFactory(status="pending"),
        "/moderation/comments/{pk}/hide/",
        {"reason": "Abusive."},
        lambda o: o.status == "hidden",
    ),
    "comment-restore": (
        lambda: CommentFactory(status="pending"),
        "/moderation/comments/{pk}/restore/",
        {},
        lambda o: o.status == "visible",
    ),
    "comment-dismiss": (
        lambda: FlagFactory().comment,
        "/moderation/comments/{pk}/dismiss/",
        {},
        lambda o: not o.flags.filter(dismissed_at__isnull=True).exists(),
    ),
    "member-suspend": (
        MemberFactory,
        "/moderation/members/{pk}/suspend/",
        {"reason": "Spam campaign."},
        lambda o: o.suspended_at is not None and not o.is_active,
    ),
    "message-handled": (
        contact_message,
        "/moderation/messages/{pk}/handled/",
        {},
        lambda o: o.handled_at is not None,
    ),
}


def _snapshot(obj):
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


# Access ------------------------------------------------------------------------


@pytest.mark.parametrize("path", DESK_PAGES)
def test_desk_pages_are_403_for_members_and_unverified_members(client, path):
    for user in (MemberFactory(), UserFactory()):
        client.force_login(user)
        assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", DESK_PAGES)
def test_desk_pages_send_visitors_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")


@pytest.mark.parametrize("name", ACTIONS)
def test_desk_actions_are_403_for_non_moderators_and_change_nothing(client, name):
    make, path, data, _ = ACTIONS[name]
    obj = make()
    obj.refresh_from_db()  # as stored, with the columns the database fills in
    before = _snapshot(obj)
    for user in (MemberFactory(), UserFactory()):
        client.force_login(user)
        assert client.post(path.format(pk=obj.pk), data).status_code == 403
        assert client.get(path.format(pk=obj.pk)).status_code == 403
    client.logout()
    assert client.post(path.format(pk=obj.pk), data).status_code == 302
    obj.refresh_from_db()
    assert _snapshot(obj) == before
    assert AuditEntry.objects.count() == 0


# Actions -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ACTIONS)
def test_every_desk_action_leaves_exactly_one_audit_entry(
    moderator_client, moderator, name, django_capture_on_commit_callbacks
):
    make, path, data, check = ACTIONS[name]
    obj = make()
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(path.format(pk=obj.pk), data)
    assert response.status_code == 302
    entry = AuditEntry.objects.get()
    assert entry.actor == moderator
    assert entry.target_id == obj.pk
    if check is None:
        assert not type(obj).objects.filter(pk=obj.pk).exists()
    else:
        obj.refresh_from_db()
        assert check(obj)


def test_desk_action_returns_to_the_queue_it_came_from(moderator_client):
    case = submitted_case()
    response = moderator_client.post(
        f"/moderation/cases/{case.pk}/publish/", {"next": "/moderation/cases/?page=2"}
    )
    assert response.url == "/moderation/cases/?page=2"
    response = moderator_client.post(
        f"/moderation/cases/{case.pk}/archive/", {"next": "https://evil.example/"}
    )
    assert response.url == "/moderation/cases/"


@pytest.mark.parametrize(
    "path",
    [
        "/moderation/cases/{case}/reject/",
        "/moderation/posts/{post}/reject/",
        "/moderation/members/{member}/suspend/",
    ],
)
def test_rejecting_or_suspending_without_a_reason_is_refused_with_a_message(
    moderator_client, path
):
    case, post, member = submitted_case(), submitted_post(), MemberFactory()
    url = path.format(case=case.pk, post=post.pk, member=member.pk)
    response = moderator_client.post(url, {"reason": "  "}, follow=True)
    assert response.status_code == 200
    assert "Give a reason" in response.text
    assert AuditEntry.objects.count() == 0
    case.refresh_from_db()
    post.refresh_from_db()
    member.refresh_from_db()
    assert (case.status, post.status, member.suspended_at) == (
        "submitted",
        "submitted",
        None,
    )


def test_refused_action_is_a_message_not_an_error_page(moderator_client):
    draft = CaseStoryFactory(status="draft", published_at=None)
    response = moderator_client.post(
        f"/moderation/cases/{draft.pk}/publish/", follow=True
    )
    assert response.status_code == 200
    assert "submitted before" in response.text
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize(
    "path", ["/moderation/cases/{pk}/delete/", "/moderation/comments/{pk}/eat/"]
)
def test_unknown_desk_action_is_404(moderator_client, path):
    obj = CommentFactory()
    assert moderator_client.post(path.format(pk=obj.pk)).status_code == 404


def test_moderator_cannot_suspend_themself(moderator_client, moderator):
    response = moderator_client.post(
        f"/moderation/members/{moderator.pk}/suspend/", {"reason": "Oops"}, follow=True
    )
    assert "cannot suspend yourself" in response.text
    moderator.refresh_from_db()
    assert moderator.suspended_at is None


def test_suspended_member_keeps_their_comments(moderator_client):
    comment = CommentFactory()
    moderator_client.post(
        f"/moderation/members/{comment.author_id}/suspend/", {"reason": "Spam"}
    )
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE
    assert User.objects.get(pk=comment.author_id).suspended_at is not None


# Queues ----------------------------------------------------------------------------


def test_desk_shows_the_count_of_every_queue(moderator_client):
    submitted_case()
    submitted_case()
    submitted_post()
    InstitutionFactory(verified=False)
    CommentFactory(status="pending")
    FlagFactory()  # a shown comment with an open flag
    FlagFactory(dismissed_at=timezone.now())  # settled: not in the queue
    contact_message()
    contact_message(handled_at=timezone.now())
    _waiting_listings()
    response = moderator_client.get("/moderation/")
    assert response.status_code == 200
    assert response.context["counts"] == {
        "cases": 2,
        "posts": 1,
        "institutions": 1,
        "comments": 2,
        "messages": 1,
        "exchanges": 2,
    }


def test_case_queue_lists_submitted_stories_with_their_context(moderator_client):
    case = submitted_case(title="Conditional cash transfers")
    CaseStoryFactory(title="Already public")
    response = moderator_client.get("/moderation/cases/")
    assert "Conditional cash transfers" in response.text
    assert "Already public" not in response.text
    assert case.author.profile.display_name in response.text
    assert case.summary in response.text
    assert f"/moderation/cases/{case.pk}/publish/" in response.text
    assert f"/moderation/cases/{case.pk}/reject/" in response.text


def test_case_queue_published_tab_offers_feature_and_archive(moderator_client):
    case = CaseStoryFactory()
    response = moderator_client.get("/moderation/cases/?status=published")
    assert f"/moderation/cases/{case.pk}/feature/" in response.text
    assert f"/moderation/cases/{case.pk}/archive/" in response.text
    # An unknown status falls back to the submitted queue.
    assert moderator_client.get("/moderation/cases/?status=x").status_code == 200


def test_comment_queue_shows_flags_and_the_discussion(moderator_client):
    session = SessionFactory()
    comment = CommentFactory(
        target=session, body="Buy cheap pills", status="pending", language="en"
    )
    FlagFactory(comment=comment, reason="spam", note="Advert")
    response = moderator_client.get("/moderation/comments/")
    assert '<div class="comment-body" lang="en"><p>Buy cheap pills</p></div>' in (
        response.text
    )
    assert "Advert" in response.text
    assert f"{session.get_absolute_url()}#comment-{comment.pk}" in response.text
    assert f"/moderation/members/{comment.author_id}/suspend/" in response.text


def test_message_queue_hides_handled_messages(moderator_client):
    open_message = contact_message(subject="Broken link")
    contact_message(subject="Old news", handled_at=timezone.now())
    response = moderator_client.get("/moderation/messages/")
    assert "Broken link" in response.text
    assert "Old news" not in response.text
    response = moderator_client.post(
        f"/moderation/messages/{open_message.pk}/handled/", follow=True
    )
    assert list(response.context["items"]) == []


def test_handling_a_message_twice_records_it_once(moderator_client):
    message = contact_message()
    moderator_client.post(f"/moderation/messages/{message.pk}/handled/")
    moderator_client.post(f"/moderation/messages/{message.pk}/handled/")
    assert AuditEntry.objects.filter(action="handle_message").count() == 1


def _fill_queues(n):
    for _ in range(n):
        submitted_case()
        submitted_post()
        InstitutionFactory(verified=False, proposed_by=MemberFactory())
        contact_message(sender=MemberFactory())
        AuditEntry.objects.create(
            actor=ModeratorFactory(), action="hide", target_repr="A comment"
        )
        for make_target in (
            CaseStoryFactory,
            PostFactory,
            EventFactory,
            SessionFactory,
        ):
            comment = CommentFactory(target=make_target(), status="pending")
            FlagFactory(comment=comment)
        _waiting_listings()


def _waiting_listings():
    """A request held for review and an offer with an open flag."""
    KnowledgeRequestFactory(awaiting_review=True, contact=MemberFactory())
    offer = KnowledgeOfferFactory(contact=MemberFactory())
    ListingFlag.objects.create(offer=offer, member=MemberFactory(), reason="spam")


# session, user with the moderator flag and the six queue counts come first (8)
DESK_PAGE_QUERIES = {
    # + recent audit entries, topics waiting for review, and what waits in
    # curation: content due for review, corrections, broken links.
    "/moderation/": 13,
    "/moderation/cases/": 10,  # + page count and page
    "/moderation/cases/?status=published": 10,
    "/moderation/posts/": 10,
    "/moderation/institutions/": 10,
    "/moderation/comments/": 15,  # + open flags and the four kinds of content
    "/moderation/messages/": 10,
    "/moderation/audit/": 12,  # + moderators and actions of the filter form
    "/moderation/exchanges/": 12,  # + page count, page, held requests, their flags
}


@pytest.mark.parametrize(("path", "queries"), DESK_PAGE_QUERIES.items())
def test_desk_page_query_count_does_not_grow_with_the_queue(
    client, path, queries, django_assert_num_queries
):
    client.force_login(ModeratorFactory())
    _fill_queues(1)
    client.get(path)  # warm the content type cache
    with django_assert_num_queries(queries):
        assert client.get(path).status_code == 200
    _fill_queues(3)
    with django_assert_num_queries(queries):
        assert client.get(path).status_code == 200


# Audit log ---------------------------------------------------------------------------


def _entry(actor, action, days_ago=0):
    entry = AuditEntry.objects.create(
        actor=actor, action=action, target_repr=f"{action} target"
    )
    AuditEntry.objects.filter(pk=entry.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return entry


def test_audit_log_filters_by_moderator_action_and_dates(moderator_client, moderator):
    other = ModeratorFactory()
    _entry(moderator, "publish", days_ago=10)
    _entry(moderator, "hide", days_ago=1)
    _entry(other, "hide", days_ago=1)
    _entry(other, "suspend", days_ago=30)

    def shown(query):
        response = moderator_client.get(f"/moderation/audit/?{query}")
        assert response.status_code == 200
        return sorted(
            (e.actor.pk, e.action) for e in response.context["page_obj"].object_list
        )

    assert len(shown("")) == 4
    assert shown(f"moderator={other.pk}") == sorted(
        [(other.pk, "hide"), (other.pk, "suspend")]
    )
    assert shown("action=hide") == sorted([(moderator.pk, "hide"), (other.pk, "hide")])
    since = (timezone.now() - datetime.timedelta(days=15)).date().isoformat()
    until = (timezone.now() - datetime.timedelta(days=5)).date().isoformat()
    assert shown(f"since={since}&until={until}") == [(moderator.pk, "publish")]
    # A bad value is ignored; the valid filters still apply.
    assert shown("moderator=nobody&since=yesterday&action=hide") == sorted(
        [(moderator.pk, "hide"), (other.pk, "hide")]
    )


def test_audit_log_is_paginated_and_a_page_past_the_end_is_the_last(
    moderator_client, moderator
):
    for _ in range(55):
        _entry(moderator, "hide")
    response = moderator_client.get("/moderation/audit/?action=hide&page=99")
    assert response.status_code == 200
    assert response.context["page_obj"].number == 2
    assert len(response.context["page_obj"].object_list) == 5
    assert "action=hide&amp;page=1" in response.text
