"""One Ning item made into the fields of the object it becomes. Each builder
returns a dict of field values, or raises ``Refused`` with the reason the item
cannot be imported; none of them writes."""

from functools import cache
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from django.utils import translation
from django.utils.text import Truncator, slugify
from django_countries import countries

from blog.models import Post
from discussions.models import Space

from .markup import Html, Resolver, to_plain_text
from .querysets import normalise
from .reading import author_of, count_of, parse_date, text_of

SUMMARY_LENGTH = 280
EVENT_SUMMARY_LENGTH = 600

# Ning's publishStatus: what is not published there is not published here.
_STATUS = {
    "publish": Post.Status.PUBLISHED,
    "published": Post.Status.PUBLISHED,
    "draft": Post.Status.DRAFT,
    "queued": Post.Status.SUBMITTED,
    "pending": Post.Status.SUBMITTED,
}
_PRIVATE = {"private", "moderated", "closed", "hidden"}


class Refused(Exception):
    """An item left out, with the reason written in the import's report."""


def ning_path(data: dict, section: str, title: str) -> str:
    """The item's address on the old network: from its ``url`` when the export has
    it, else as Ning made it from the title."""
    url = str(data.get("url") or "").strip()
    if url.startswith(("http://", "https://", "/")):
        return normalise(unquote(urlsplit(url).path))
    if url and "/" not in url:
        return normalise(f"{section}/{url}")
    slug = slugify(title)
    return normalise(f"{section}/{slug}") if slug else ""


def _date(data: dict, zone: ZoneInfo, *names: str):
    for name in names:
        if data.get(name):
            try:
                return parse_date(data[name], zone)
            except ValueError:
                raise Refused(f"{name} is not a date: {data[name]!r}") from None
    raise Refused(f"no {names[0]}")


def _title(data: dict, max_length: int) -> str:
    title = text_of(data.get("title"))
    if not title:
        raise Refused("no title")
    return title[:max_length]


def _summary(text: str, length: int) -> str:
    return Truncator(" ".join(text.split())).chars(length)


# Members -----------------------------------------------------------------------


@cache
def _country_codes() -> dict[str, str]:
    """Codes by code and by English name, lower case (looking a name up one at a
    time would cost a pass over every country's translated name)."""
    with translation.override("en"):
        codes = {str(name).lower(): code for code, name in countries}
    codes.update({code.lower(): code for code in codes.values()})
    return codes


def country_code(value: str) -> str:
    return _country_codes().get(value.strip().lower(), "")


def member_fields(data: dict, zone: ZoneInfo) -> dict:
    """The account and profile of a Ning member: nothing shown until they claim it;
    their profile answers kept in the bio, hidden."""
    screen_name = author_of(data)
    answers = data.get("profileQuestions") or {}
    lines = []
    if isinstance(answers, dict):
        for question, answer in answers.items():
            answer = ", ".join(answer) if isinstance(answer, list) else answer
            if text_of(answer):
                lines.append(f"{text_of(question)}: {text_of(answer)}")
    code = country_code(text_of(data.get("country")))
    try:
        joined = parse_date(data.get("createdDate"), zone)
    except ValueError:
        joined = None
    return {
        "screen_name": screen_name,
        "display_name": (text_of(data.get("fullName")) or screen_name)[:100],
        "email": text_of(data.get("email")).lower(),
        "bio": "\n".join(lines)[:2000],
        "country": code,
        "joined": joined,
        "state": str(data.get("state") or "active").lower(),
    }


# Content -----------------------------------------------------------------------


def _description(data: dict) -> Html:
    return Html(str(data.get("description") or ""))


def _body(data: dict, description: Html, resolve: Resolver) -> str:
    """The description as Markdown, with a link to each attached file stored (the
    resolver reports the files the export lacks)."""
    body, _missing = description.to_markdown(resolve)
    attachments = data.get("fileAttachments") or []
    for name in attachments if isinstance(attachments, list) else []:
        address = resolve(str(name))
        if address:
            body += f"\n\n[{str(name).rsplit('/', 1)[-1]}]({address})"
    return body


def post_fields(data: dict, zone: ZoneInfo, resolve: Resolver) -> dict:
    title = _title(data, 200)
    description = _description(data)
    body = _body(data, description, resolve)
    status = _STATUS.get(str(data.get("publishStatus") or "publish").lower())
    if status is None:
        raise Refused(f"unknown publishStatus {data.get('publishStatus')!r}")
    published_at = _date(data, zone, "createdDate", "publishTime")
    if data.get("publishTime"):
        published_at = _date(data, zone, "publishTime")
    plain, _missing = description.to_plain_text(resolve)
    fields = {
        "title": title,
        "body": body,
        "summary": _summary(plain, SUMMARY_LENGTH),
        "status": status,
        "published_at": published_at,
        "view_count": count_of(data, "viewCount", "views", "totalViews"),
        "language": str(data.get("language") or "en")[:8],
    }
    return fields


def topic_fields(data: dict, zone: ZoneInfo, resolve: Resolver) -> dict:
    title = _title(data, 200)
    body = _body(data, _description(data), resolve)
    created_at = _date(data, zone, "createdDate")
    fields = {
        "title": title,
        "body": body or title,
        "created_at": created_at,
        "last_activity_at": created_at,
        "view_count": count_of(data, "viewCount", "views", "totalViews"),
        "language": str(data.get("language") or "en")[:8],
    }
    return fields


def event_fields(data: dict, zone: ZoneInfo, resolve: Resolver) -> dict:
    title = _title(data, 200)
    description = _description(data)
    body = _body(data, description, resolve)
    plain, _missing = description.to_plain_text(resolve)
    starts = _date(data, zone, "startDate", "start")
    ends = _date(data, zone, "endDate", "end", "startDate")
    place = ", ".join(
        text_of(data.get(name)) for name in ("location", "city") if data.get(name)
    )
    fields = {
        "title": title,
        "body": body,
        "summary": _summary(plain, EVENT_SUMMARY_LENGTH) or title,
        "starts_on": starts.astimezone(zone).date(),
        "ends_on": max(ends, starts).astimezone(zone).date(),
        "city": place[:100],
        "time_zone": str(zone),
    }
    return fields


def space_fields(data: dict, resolve: Resolver) -> dict:
    plain, _missing = to_plain_text(str(data.get("description") or ""), resolve)
    privacy = str(data.get("privacy") or data.get("groupPrivacy") or "").lower()
    return {
        "name": _title(data, 120),
        "kind": Space.Kind.WORKING_GROUP,
        "access": Space.Access.PRIVATE if privacy in _PRIVATE else Space.Access.OPEN,
        "description": plain,
    }


def comment_fields(data: dict, zone: ZoneInfo, resolve: Resolver) -> dict:
    body, _missing = to_plain_text(str(data.get("description") or ""), resolve)
    if not body:
        raise Refused("an empty comment")
    return {"body": body, "created_at": _date(data, zone, "createdDate")}
