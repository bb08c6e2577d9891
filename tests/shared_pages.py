"""Reading a page as one reader sees it, its CSRF token (new each request) left
out: what the tests of shared pages (``core.holes.render_shared``) compare."""

import re

from django.test import Client

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def page_as(user, language: str, url: str) -> str:
    """``url`` as ``user`` (None: a visitor) reads it in ``language``."""
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return TOKEN.sub("TOKEN", response.text)
