import pytest
from django.core.management import CommandError, call_command

from members.models import User

pytestmark = pytest.mark.django_db


def test_grant_moderator_puts_account_in_moderators(member, capsys):
    call_command("grant_moderator", member.email)

    assert User.objects.get(pk=member.pk).is_moderator
    assert "is now a moderator" in capsys.readouterr().out


def test_grant_moderator_fails_for_unknown_email(db):
    with pytest.raises(CommandError, match=r"nobody@example\.org"):
        call_command("grant_moderator", "nobody@example.org")
