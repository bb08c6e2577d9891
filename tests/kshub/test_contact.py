import pytest
from django.core import mail
from django.core.cache import cache

from moderation import services
from moderation.models import ContactMessage
from tests.conftest import after_commit
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _data(**overrides):
    return {
        "name": "Ana Pérez",
        "email": "ana@example.org",
        "topic": "question",
        "subject": "Joining as an agency",
        "body": "How does our agency join the community?",
        "website": "",
        **overrides,
    }


def test_contact_page_is_open_to_everyone(client):
    response = client.get("/contact/")
    assert response.status_code == 200
    assert 'name="subject"' in response.text
    assert response.text.count("<h1") == 1


def test_contact_page_is_prefilled_for_members(client):
    member = MemberFactory()
    client.force_login(member)
    response = client.get("/contact/")
    assert f'value="{member.email}"' in response.text
    assert f'value="{member.profile.display_name}"' in response.text


def test_contact_topic_issue_preselects_report_an_issue(client):
    response = client.get("/contact/?topic=issue")
    assert '<option value="issue" selected>Report an issue</option>' in response.text
    assert client.get("/contact/?topic=<script>").status_code == 200


def test_contact_message_is_stored_and_mailed_to_the_moderators(
    client, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contact/", _data(topic="issue"))
    assert response.status_code == 302
    message = ContactMessage.objects.get()
    assert message.subject == "Report an issue: Joining as an agency"
    assert message.sender is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [settings.MODERATORS_EMAIL]
    assert mail.outbox[0].reply_to == ["ana@example.org"]
    assert "How does our agency join" in mail.outbox[0].body


def test_contact_message_records_the_member_who_sent_it(member_client, member):
    member_client.post("/contact/", _data())
    assert ContactMessage.objects.get().sender == member


def test_contact_mail_waits_for_the_commit(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        client.post("/contact/", _data())
        assert mail.outbox == []
    assert len(after_commit(callbacks)) == 1


def test_contact_honeypot_stores_and_sends_nothing(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contact/", _data(website="http://spam.example"))
    assert response.status_code == 302
    assert ContactMessage.objects.count() == 0
    assert mail.outbox == []


def test_contact_invalid_form_is_answered_on_the_form(client):
    response = client.post("/contact/", _data(email="not-an-address", body=""))
    assert response.status_code == 400
    assert "errorlist" in response.text
    assert "Joining as an agency" in response.text
    assert ContactMessage.objects.count() == 0


def test_contact_rate_limit_per_address_ignores_forwarded_headers(client):
    for n in range(services.CONTACT_LIMIT):
        response = client.post(
            "/contact/",
            _data(subject=f"Message {n}"),
            REMOTE_ADDR="203.0.113.5",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
        assert response.status_code == 302
    response = client.post(
        "/contact/",
        _data(subject="One more"),
        REMOTE_ADDR="203.0.113.5",
        HTTP_X_FORWARDED_FOR="198.51.100.99",
    )
    assert response.status_code == 429
    assert "Please wait" in response.text
    assert "One more" in response.text
    assert ContactMessage.objects.count() == services.CONTACT_LIMIT
    response = client.post("/contact/", _data(), REMOTE_ADDR="203.0.113.6")
    assert response.status_code == 302


def test_contact_rate_limit_per_member_across_addresses(member_client):
    for n in range(services.CONTACT_LIMIT):
        response = member_client.post(
            "/contact/", _data(), REMOTE_ADDR=f"203.0.113.{n}"
        )
        assert response.status_code == 302
    response = member_client.post("/contact/", _data(), REMOTE_ADDR="203.0.113.200")
    assert response.status_code == 429
    assert ContactMessage.objects.count() == services.CONTACT_LIMIT


def test_contact_subject_stays_on_one_line(client):
    client.post("/contact/", _data(subject="Hello\r\nBcc: victim@example.org"))
    assert "\n" not in ContactMessage.objects.get().subject
