"""Reading a page as one reader sees it, its CSRF token (new each request) left
out: what the tests of shared pages (``core.holes.render_shared``) compare."""

import re

from django.shortcuts import render
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


# A comment form's key, new on each page.
SUBMISSION_KEY = re.compile(r'name="submission_key" value="[^"]+"')


def page_without_keys(user, language: str, url: str) -> str:
    """:func:`page_as`, its comment forms' keys left out too."""
    return SUBMISSION_KEY.sub("KEY", page_as(user, language, url))


def rendered_inline(request, template_name, own, situation=None):
    """In place of ``render_shared``: the page rendered for its reader alone,
    the whole template, the parts it would put in holes rendered inline."""
    return render(request, template_name, situation.context if situation else {})


def pages_read_twice(readers: dict, urls: list[str], language: str) -> dict:
    """Each reader's page at each address, by (reader, address): the second
    reading, from what the first one kept."""
    return {
        (who, url): page_without_keys(user, language, url)
        for _ in range(2)
        for who, user in readers.items()
        for url in urls
    }


def assert_each_reads_as_alone(pages: dict, readers: dict, language: str) -> None:
    """Each of ``pages`` (of :func:`pages_read_twice`) as its reader reads it
    now (with ``render_shared`` replaced by :func:`rendered_inline`), with no
    hole left where no search words are, and every script inert."""
    for (who, url), shared in pages.items():
        assert shared == page_without_keys(readers[who], language, url), (who, url)
    assert "kshub-hole" not in "".join(
        page for (_who, url), page in pages.items() if "q=" not in url
    )
    assert "<script>alert" not in "".join(pages.values())
