"""Notice mails: in the member's language, text and HTML, links from SITE_URL, a
one-click unsubscribe (RFC 8058) and, for a comment, a signed Reply-To address."""

from collections import defaultdict

from django.conf import settings
from django.urls import reverse

from members.mail import language_of, queue_message, render_message, site_url

from . import tokens
from .models import Kind, Notice

EMAIL = "notifications/email/"


def unsubscribe_url(*, member_id: int, kind: str = "", key: str = "") -> str:
    token = tokens.unsubscribe_token(member_id=member_id, kind=kind, key=key)
    return site_url() + reverse("notifications:unsubscribe", args=[token])


def list_headers(unsubscribe: str) -> dict:
    return {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        # RFC 3834: no out-of-office answer should come back to a notice.
        "Auto-Submitted": "auto-generated",
        "X-Auto-Response-Suppress": "All",
    }


def _send(member, name: str, context: dict, *, unsubscribe: str, reply_to=None):
    message = render_message(
        language=language_of(member),
        subject_template=f"{EMAIL}{name}_subject.txt",
        body_template=f"{EMAIL}{name}.txt",
        html_template=f"{EMAIL}{name}.html",
        context={
            "member": member,
            "unsubscribe_url": unsubscribe,
            "preferences_url": site_url() + reverse("notifications:preferences"),
            **context,
        },
        to=[member.email],
        reply_to=reply_to,
    )
    message.extra_headers.update(list_headers(unsubscribe))
    queue_message(message)


def send_notice(member, notice: Notice, *, reply_comment_id: int | None = None):
    """One notice, at once. A notice about a followed thing unsubscribes from that
    thing; any other from its kind."""
    followed = notice.kind in (Kind.COMMENTS, Kind.CONTENT) and notice.group_key
    unsubscribe = unsubscribe_url(
        member_id=member.pk,
        kind="" if followed else notice.kind,
        key=notice.group_key if followed else "",
    )
    reply_to = None
    if reply_comment_id is not None and settings.REPLY_DOMAIN:
        reply_to = [
            tokens.reply_address(member_id=member.pk, comment_id=reply_comment_id)
        ]
    _send(
        member,
        "notice",
        {
            "notice": notice,
            "link": site_url() + notice.path,
            "followed": bool(followed),
            "can_reply": reply_to is not None,
        },
        unsubscribe=unsubscribe,
        reply_to=reply_to,
    )


def send_digest(member, notices: list[Notice], *, frequency: str) -> None:
    """The member's waiting notices in one mail, by kind, then by followed thing."""
    by_kind: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for notice in notices:
        by_kind[notice.kind][notice.group_title or notice.title].append(notice)
    labels = dict(Kind.choices)
    sections = [
        {
            "label": labels[kind],
            "groups": [
                {
                    "title": title,
                    "notices": [
                        {"notice": n, "link": site_url() + n.path} for n in items
                    ],
                }
                for title, items in groups.items()
            ],
        }
        for kind, groups in by_kind.items()
    ]
    kinds = ",".join(sorted(by_kind))
    _send(
        member,
        "digest",
        {"sections": sections, "frequency": frequency, "count": len(notices)},
        unsubscribe=unsubscribe_url(member_id=member.pk, kind=kinds),
    )
