"""Inviting the imported members, and their claim through allauth's reset link."""

import re
from io import StringIO
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command

from members.models import User
from ning.models import ImportedItem

pytestmark = pytest.mark.django_db

SEED = Path(__file__).parent / "fixtures" / "seed"


@pytest.fixture
def imported(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("import_ning", str(SEED), stdout=StringIO())


def invite(*args) -> str:
    out = StringIO()
    call_command("invite_ning_members", *args, stdout=out)
    return out.getvalue()


def test_invitations_dry_run_counts_and_sends_nothing(imported):
    assert "Would invite 3 members." in invite("--dry-run")
    assert mail.outbox == []
    assert not ImportedItem.objects.filter(invited_at__isnull=False).exists()


def test_invitations_mail_each_member_once(
    imported, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert "Invited 3 members." in invite()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "mirza@example.org",
        "neydi.cruz@example.org",
        "nils@example.org",
    ]
    body = mail.outbox[0].body
    assert "/accounts/password/reset/key/" in body
    assert "not listed in the member directory" in body
    assert "Invited 0 members." in invite()
    with django_capture_on_commit_callbacks(execute=True):
        assert "Invited 3 members." in invite("--again")


def test_invitations_claim_sets_password_confirms_address_and_signs_in(
    client, imported, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite()
    message = next(m for m in mail.outbox if m.to == ["neydi.cruz@example.org"])
    link = re.search(r"http\S*/accounts/password/reset/key/\S+", message.body)[0]
    path = link.split("://", 1)[1].partition("/")[2]
    response = client.get("/" + path, follow=True)
    form_path = (
        response.redirect_chain[-1][0] if response.redirect_chain else "/" + path
    )
    response = client.post(
        form_path,
        {
            "password1": "a long new passphrase 42",
            "password2": "a long new passphrase 42",
        },
    )
    assert response.status_code == 302
    neydi = User.objects.get(email="neydi.cruz@example.org")
    assert neydi.has_usable_password()
    assert EmailAddress.objects.get(user=neydi).verified
    record = ImportedItem.objects.members().get(object_id=neydi.pk)
    assert record.claimed_at is not None
    assert client.get("/me/").status_code == 200
    # Claimed members are no longer invited, and the import leaves them as they are.
    assert "Invited 2 members." in invite("--again")  # the two others
    profile = neydi.profile
    profile.display_name = "Neydi"
    profile.save()
    ImportedItem.objects.filter(pk=record.pk).update(fingerprint="changed in Ning")
    call_command("import_ning", str(SEED), stdout=StringIO())
    neydi.profile.refresh_from_db()
    assert neydi.profile.display_name == "Neydi"


def test_invitations_skip_suspended_and_addressless_members(imported):
    User.objects.filter(email="nils@example.org").update(is_active=False)
    User.objects.filter(email="mirza@example.org").update(email="")
    assert "Would invite 1 members." in invite("--dry-run")
