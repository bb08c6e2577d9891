"""A page shared by every reader of one kind and language (core.holes.render_shared)
reads as the template would render it for each request: the reader's own values
escaped the same way, their own CSRF token, their messages."""

import re

import pytest
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage import default_storage
from django.contrib.sessions.backends.db import SessionStore
from django.middleware.csrf import _unmask_cipher_token
from django.shortcuts import render
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.holes import render_shared

pytestmark = pytest.mark.django_db
TEMPLATE = "cases/casestory_list.html"
EVIL = '"><script>alert(1)</script>&x=é kshub-hole-csrf kshub-hole-own-listing'
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def request_for(rf, user, path):
    request = rf.get(path)
    request.user = user
    request.session = SessionStore()
    request._messages = default_storage(request)
    return request


def own(q: str) -> dict:
    return {
        "q": q,
        "listing": format_html("<p>The list for {} kshub-hole-q</p>", q),
        "structured_data": mark_safe('{"@type": "ItemList"}'),
    }


def without_tokens(html: str) -> str:
    return TOKEN.sub("TOKEN", html)


@pytest.mark.parametrize("who", ["visitor", "member", "moderator"])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_shared_page_reads_as_the_template_renders_it(rf, who, language, request):
    user = AnonymousUser() if who == "visitor" else request.getfixturevalue(who)
    with translation.override(language):
        for q in ("", "water", EVIL):
            path = f"/cases/?q={q}&page=2"
            shared = request_for(rf, user, path)
            html = render_shared(shared, TEMPLATE, own(q)).text
            alone = request_for(rf, user, path)
            expected = render(alone, TEMPLATE, own(q)).text
            assert without_tokens(html) == without_tokens(expected)
            secrets = {_unmask_cipher_token(token) for token in TOKEN.findall(html)}
            assert secrets == {shared.META["CSRF_COOKIE"]}
    assert "<script>alert" not in html
    assert ("/moderation/" in html) == (who == "moderator")


def test_a_message_is_shown_to_its_reader_alone(rf, member):
    waiting = request_for(rf, member, "/cases/")
    messages.info(waiting, "Saved <b>")
    html = render_shared(waiting, TEMPLATE, own("")).text
    assert "Saved &lt;b&gt;" in html
    assert waiting._messages.used  # shown, so gone on the next page
    other = render_shared(request_for(rf, member, "/cases/"), TEMPLATE, own("")).text
    assert "Saved" not in other
