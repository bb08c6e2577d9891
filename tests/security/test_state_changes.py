"""GET changes nothing, and no POST is accepted without the CSRF token."""

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.cache import cache

from tests.security.conftest import ROLES, RoleClients, close_response
from tests.security.test_permissions import MATRIX, _answers, _fill, _placeholders

pytestmark = pytest.mark.django_db

# Forms outside the table: the contact form and allauth's.
EXTRA_POSTS = [
    (
        "contact",
        "/contact/",
        {
            "name": "A",
            "email": "a@example.org",
            "subject": "S",
            "topic": "question",
            "body": "Hello there.",
        },
    ),
    (
        "sign-in",
        "/accounts/login/",
        {"login": "author@example.org", "password": "correct-horse-battery-staple"},
    ),
    ("sign-up", "/accounts/signup/", {"email": "new@example.org"}),
    ("reset", "/accounts/password/reset/", {"email": "author@example.org"}),
    ("sign-out", "/accounts/logout/", {}),
    ("language", "/i18n/setlang/", {"language": "fr", "next": "/"}),
]
SUCCESS = {200, 302, 400}


def snapshot() -> dict:
    """Every row of every model, sessions aside (visiting a page may start one)."""
    state = {}
    for model in apps.get_models():
        if model is Session:
            continue
        rows = model._default_manager.order_by("pk").values_list()
        state[model._meta.label] = list(rows)
    return state


def diff(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after[label]]


# POSTs whose authority is not the session, so no CSRF token either: the one-click
# unsubscribe (RFC 8058: mail programs post to the signed address in the mail)
# and the inbound mail webhook (signed with the provider's shared secret). Their
# rows in the permission matrix show forged signatures refused.
SIGNED_NOT_SESSION = {"unsubscribe", "inbound mail"}


def post_rows():
    """Each POST of the table with the first role that is allowed to send it."""
    for what, method, path, state, data, expected in MATRIX:
        if method != "post" or what in SIGNED_NOT_SESSION:
            continue
        for role, want in zip(ROLES, _answers(expected), strict=True):
            if role != "visitor" and want in SUCCESS:
                yield what, path, state, data, role
                break


def test_get_on_every_url_with_a_post_action_changes_nothing(
    world, role_clients, attachments
):
    values = _placeholders(world)
    paths = sorted(
        {
            _fill(path, values)
            for _what, _path, _s, _d, _r in post_rows()
            for path in [_path]
        }
        | {path for _name, path, _data in EXTRA_POSTS}
    )
    before = snapshot()
    # Visitors and unverified accounts stop at the sign-in page or a 403 before any
    # view code; the author, another member and a moderator reach the views.
    for path in paths:
        for role in ("member", "other", "moderator"):
            response = role_clients.request(role, "get", path)
            assert response.status_code < 500, (path, role)
            close_response(response)
    assert diff(before, snapshot()) == []


def test_every_post_without_a_csrf_token_is_refused_and_changes_nothing(
    world, attachments
):
    values = _placeholders(world)
    clients = RoleClients(world.users, enforce_csrf_checks=True)
    before = snapshot()
    refused = []
    for what, path, state, data, role in post_rows():
        path = _fill(path, values)
        payload = {key: _fill(item, values) for key, item in (data or {}).items()}
        response = clients.request(role, "post", path, payload)
        refused.append((what, state, role, response.status_code))
    for name, path, data in EXTRA_POSTS:
        for role in ("visitor", "member"):
            response = clients.request(role, "post", path, data)
            refused.append((name, "-", role, response.status_code))
    assert [row for row in refused if row[3] != 403] == []
    assert len(refused) > 50
    assert diff(before, snapshot()) == []
    cache.clear()


def test_the_same_posts_with_the_token_go_through(world, attachments):
    """The control: with the token, the first table row of each kind is accepted,
    so the refusals above are the CSRF check's and not the view's."""
    values = _placeholders(world)
    clients = RoleClients(world.users, enforce_csrf_checks=True)
    client = clients.clients["member"]
    client.get("/contact/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/comments/post/",
        {
            "target": "cases.casestory",
            "object_id": values["case_published"],
            "body": "With the token.",
            "submission_key": "0f8c7c1e-2a4b-4c55-9d8e-0a1b2c3d4e5f",
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302
