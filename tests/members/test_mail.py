"""Member mail: every message carries plain text and HTML, in the member's language."""

import pytest
from django.core import mail

from members.mail import tell_proposer
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_mail_without_its_own_html_gets_its_text_as_html(
    django_capture_on_commit_callbacks,
):
    proposer = factories.MemberFactory(email="proposer@example.org")
    proposer.profile.preferred_language = "es"
    proposer.profile.save(update_fields=["preferred_language"])
    institution = factories.InstitutionFactory(name="Fondo <b>Solidario</b>")
    institution.proposed_by = proposer
    with django_capture_on_commit_callbacks(execute=True):
        tell_proposer(institution, "declined", reason="Falta el sitio & la dirección")
    [message] = mail.outbox
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert '<html lang="es">' in html
    assert "Fondo &lt;b&gt;Solidario&lt;/b&gt;" in html
    assert "<b>Solidario</b>" not in html
    assert "Falta el sitio &amp; la dirección" in html
    assert "<p>" in html
