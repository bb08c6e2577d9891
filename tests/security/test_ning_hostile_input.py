"""Hostile input through a Ning export and the old addresses: the XSS corpus in
every field the import reads renders inert, and odd paths never cause an error."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from blog.models import Post
from discussions.models import Topic
from events.models import Event
from tests.security.test_hostile_input import LONG, XSS, assert_inert

pytestmark = pytest.mark.django_db


def _item(n: int, kind: str, **extra) -> dict:
    return {
        "id": f"1:{kind}:{n}",
        "contributorName": "writer",
        "title": XSS[n % len(XSS)],
        "description": LONG,
        "createdDate": "2014-07-01T09:00:00Z",
        "tags": XSS[:3],
        "comments": [
            {
                "id": f"1:Comment:{kind}{n}-{c}",
                "contributorName": "writer",
                "description": text,
                "createdDate": "2014-07-02T09:00:00Z",
            }
            for c, text in enumerate(XSS)
        ],
        **extra,
    }


@pytest.fixture
def hostile_export(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    folder = tmp_path / "export"
    folder.mkdir()
    files = {
        "members": [{"contributorName": "writer", "fullName": XSS[2], "email": ""}],
        "blogs": [_item(n, "BlogPost") for n in range(3)],
        "discussions": [_item(n, "Topic", category=XSS[0]) for n in range(3)],
        "events": [
            _item(n, "Event", startDate="2014-07-01", location=XSS[4]) for n in range(3)
        ],
    }
    for kind, items in files.items():
        (folder / f"ning-{kind}-local.json").write_text(json.dumps(items))
    call_command("import_ning", str(folder), stdout=StringIO())


def test_ning_import_of_the_xss_corpus_renders_inert(client, hostile_export):
    pages = [
        *(post.get_absolute_url() for post in Post.objects.all()),
        *(topic.get_absolute_url() for topic in Topic.objects.all()),
        *(event.get_absolute_url() for event in Event.objects.all()),
        "/blog/",
        "/discussions/",
        "/events/",
    ]
    assert len(pages) == 12
    for page in pages:
        assert_inert(client.get(page))


@pytest.mark.parametrize(
    "path",
    [
        "/profiles/blogs/a%00b",
        "/xn/detail/1:BlogPost:%00",
        "/profile/%E2%80%AE%27%22%3Cscript%3E",
        "/forum/topics/" + "x" * 5000,
        "/events/%20",
        "/group/..%2F..%2Fetc",
    ],
)
def test_ning_old_addresses_take_awkward_paths(client, path):
    assert client.get(path).status_code in (301, 404, 410)
