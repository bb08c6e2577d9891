import pytest


@pytest.fixture(autouse=True)
def _site_and_reply_domain(settings):
    settings.SITE_URL = "https://kshub.example.org"
    settings.REPLY_DOMAIN = "reply.kshub.example.org"
    settings.INBOUND_MAIL_SECRET = "inbound-test-secret"
