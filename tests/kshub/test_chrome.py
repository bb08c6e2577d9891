"""The site header from its shared copy reads as the template would for each
request: same markup, the request's own values escaped the same way."""

import re
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.template import Context, Template
from django.template.defaultfilters import urlencode
from django.template.loader import render_to_string

from kshub.templatetags.chrome import TEMPLATE
from tests.factories import CaseStoryFactory

pytestmark = pytest.mark.django_db
HEADER = Template("{% load chrome %}{% site_header %}")
EVIL = '"><script>alert(1)</script>&x=é'
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def tokens_of(html: str) -> set:
    """The secrets behind the form tokens (each rendering masks them anew)."""
    return {_unmask_cipher_token(token) for token in TOKEN.findall(html)}


def without_tokens(html: str) -> str:
    return TOKEN.sub("TOKEN", html)


def header(rf, user, path):
    request = rf.get(path)
    request.user = user
    html = HEADER.render(Context({"request": request, "user": user}))
    return html, request


def as_the_template_renders_it(request, user) -> str:
    path = request.get_full_path()
    holes = SimpleNamespace(q=request.GET.get("q", ""), path=path, next=urlencode(path))
    context = {"user": user, "holes": holes, "csrf_token": get_token(request)}
    return render_to_string(TEMPLATE, context)


@pytest.mark.parametrize("who", ["visitor", "member", "moderator"])
def test_the_header_reads_as_the_template_would_render_it(rf, who, request):
    user = AnonymousUser() if who == "visitor" else request.getfixturevalue(who)
    for path in ("/", f"/search/?q={urlencode(EVIL)}&page=2"):
        html, made_for = header(rf, user, path)
        expected = as_the_template_renders_it(made_for, user)
        assert without_tokens(html) == without_tokens(expected)
        assert tokens_of(html) == {made_for.META["CSRF_COOKIE"]}
    assert "<script>" not in html
    assert "&quot;&gt;&lt;script&gt;" in html


def test_each_reader_gets_their_own_token_and_links(rf, member, moderator):
    moderators, _ = header(rf, moderator, "/")
    first, first_request = header(rf, member, "/cases/")
    second, second_request = header(rf, member, "/cases/")
    assert "/moderation/" in moderators
    assert "/moderation/" not in first
    assert tokens_of(first) == {first_request.META["CSRF_COOKIE"]}
    assert tokens_of(second) == {second_request.META["CSRF_COOKIE"]}
    assert tokens_of(first) != tokens_of(second)
    visitors, _ = header(rf, AnonymousUser(), "/events/?page=2")
    assert "/accounts/login/?next=/events/%3Fpage%3D2" in visitors


def test_the_header_shares_the_pages_token(member_client):
    html = member_client.get(CaseStoryFactory().get_absolute_url()).text
    tokens = TOKEN.findall(html)
    assert len(tokens) >= 3  # sign out, language, the comment form
    assert len(set(tokens)) == 1
