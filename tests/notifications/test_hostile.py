import pytest

from notifications import services
from notifications.followable import object_key
from notifications.mail import unsubscribe_url
from tests.factories import MemberFactory, PostFactory

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert(1)</script><img src=x onerror="alert(1)">'


def test_followed_titles_render_inert(member_client, member):
    post = PostFactory(title=SCRIPT)
    services.follow(member=member, key=object_key(post))
    page = member_client.get("/me/notifications/").content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_unsubscribe_page_escapes_the_followed_title(client):
    member = MemberFactory()
    post = PostFactory(title=SCRIPT)
    services.follow(member=member, key=object_key(post))
    url = unsubscribe_url(member_id=member.pk, key=object_key(post))
    page = client.get(url.removeprefix("https://kshub.example.org")).content.decode()
    assert "<script>alert(1)" not in page


@pytest.mark.parametrize(
    "key",
    [
        SCRIPT,
        "cases.casestory:1 OR 1=1",
        "auth.user:1",
        "tag:" + "x" * 500,
        "region:../../etc",
        "\x00:\x00",
    ],
)
def test_hostile_follow_keys_are_refused(member_client, member, key):
    response = member_client.post("/notifications/follow/", {"key": key})
    assert response.status_code == 302
    assert not member.follows.exists()


def test_hostile_unsubscribe_tokens_answer_400(client):
    for token in ("x", "a:b:c", SCRIPT.replace("/", "")):
        response = client.post(f"/notifications/unsubscribe/{token}/")
        assert response.status_code in (400, 404)
