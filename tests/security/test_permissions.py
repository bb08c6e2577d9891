"""Who may do what: one table of every URL and action, by role and object state.

Each row is ``(what, method, path, state, data, expected)`` where ``expected`` lists
the answer for each role in ``ROLES`` order: visitor, unverified, member (the
author), other (a member who is not the author), moderator, staff, editor (an
editor of the institution that leads every story) and scoped (a moderator scoped to
the "measuring results" dimension, every story's). A row of six answers says the
editor and the scoped moderator answer as "other" does: they hold no right there.
An answer is a status code, ``LOGIN`` (a redirect to the sign-in page) or ``ADMIN``
(a redirect to the admin's sign-in, itself behind allauth). Every request runs in a
savepoint that is rolled back, so each row starts from the same world.
"""

import uuid

import pytest
from django.db import transaction

from assessment import questionnaire
from notifications.tokens import unsubscribe_token
from tests.security.conftest import ROLES, close_response

pytestmark = pytest.mark.django_db

LOGIN = "login"
ADMIN = "admin-login"
L, A = LOGIN, ADMIN

STORY = {
    "title": "A revised story",
    "summary": "What happened, in two sentences.",
    "context": "The context.",
    "solution": "The solution.",
    "language": "en",
    "year": "2015",
    "countries": ["KR"],
    "dimensions": "{dimension}",
    "tags": "learning",
}
POST = {
    "title": "A revised post",
    "summary": "In one sentence.",
    "body": "The body.",
    "language": "en",
    "tags": "learning",
}
REASON = {"reason": "Not on topic."}
LISTING = {
    "title": "Learning to measure results",
    "summary": "What we want to learn.",
    "body": "Why we want to learn it.",
    "dimensions": "{dimension}",
    "tags": "monitoring",
    "countries": ["PK"],
    "languages": ["en"],
    "modalities": ["virtual"],
    "language": "en",
}
KNOWLEDGE_REQUEST = {**LISTING, "needed_by": "2099-01-31"}
KNOWLEDGE_OFFER = {**LISTING, "capacity": "1"}
TERMS = {"modality": "virtual", "starts_on": "2099-01-01", "ends_on": "2099-01-05"}
TOPIC = {"title": "A new question", "body": "Which tools do you use?", "language": "en"}
MEASURING = "/discussions/measuring-results/"
ASSESSMENT = {
    **{f"s-{item.key}": "3" for item in questionnaire.current().statements},
    "visibility": "private",
    "action": "submit",
}


def comment_on(target: str) -> dict:
    return {
        "target": "cases.casestory",
        "object_id": target,
        "body": "A new comment.",
        "submission_key": "{key}",
    }


# The answers of the six roles, for the shapes that repeat.
PUBLIC = (200, 200, 200, 200, 200, 200)
PRIVATE = (404, 404, 200, 404, 200, 200)  # the author and moderators only
PARTICIPANTS = (L, 403, 200, 200, 200, 200)
PARTICIPANTS_ACT = (L, 403, 302, 302, 302, 302)
MODERATORS = (L, 403, 403, 403, 200, 200)
MODERATORS_ACT = (L, 403, 403, 403, 302, 302)
# The desk's pages that a scoped moderator opens too, showing their scope only;
# their actions on an item within it, and on one outside it.
DESK = (*MODERATORS, 403, 200)
IN_SCOPE_ACT = (*MODERATORS_ACT, 403, 302)
OUT_OF_SCOPE_ACT = (*MODERATORS_ACT, 403, 403)
SIGNED_IN = (L, 200, 200, 200, 200, 200)
# An institution's editors (of the verified institution) and site-wide moderators.
EDITORS = (L, 403, 403, 403, 200, 200, 200, 403)
EDITORS_ACT = (L, 403, 403, 403, 302, 302, 302, 403)
INSTITUTION = "/institutions/verified-institution/"
KEEP = {"acronym": "VI", "country": "KR", "website": "", "description": "Ours."}

MATRIX = [
    # Case stories ------------------------------------------------------------
    (
        "case history",
        "get",
        "/cases/case-published/history/",
        "published",
        None,
        PUBLIC,
    ),
    (
        "case history",
        "get",
        "/cases/case-draft/history/",
        "draft",
        None,
        (*PRIVATE, 200, 200),
    ),
    (
        "suggest",
        "get",
        "/cases/case-published/suggest/",
        "published",
        None,
        PARTICIPANTS,
    ),
    (
        "suggest",
        "post",
        "/cases/case-published/suggest/",
        "published",
        {**STORY, "lessons": "A corrected lesson."},
        PARTICIPANTS_ACT,
    ),
    (
        "suggest",
        "get",
        "/cases/case-draft/suggest/",
        "draft",
        None,
        (L, 403, 404, 404, 404, 404),
    ),
    (
        "correction",
        "get",
        "/cases/case-published/corrections/{correction}/",
        "pending",
        None,
        (L, 403, 200, 200, 200, 200, 200, 200),
    ),
    (
        "correction accept",
        "post",
        "/cases/case-published/corrections/{correction}/accept/",
        "pending",
        {"note": "Thank you."},
        (L, 403, 302, 403, 302, 302, 302, 302),
    ),
    (
        "correction decline",
        "post",
        "/cases/case-published/corrections/{correction}/decline/",
        "pending",
        {"note": "Not quite."},
        (L, 403, 302, 403, 302, 302, 302, 302),
    ),
    (
        "correction elsewhere",
        "get",
        "/cases/case-draft/corrections/{correction}/",
        "pending",
        None,
        (L, 403, 404, 404, 404, 404),
    ),
    ("case detail", "get", "/cases/case-draft/", "draft", None, (*PRIVATE, 200, 200)),
    (
        "case detail",
        "get",
        "/cases/case-submitted/",
        "submitted",
        None,
        (*PRIVATE, 200, 200),
    ),
    ("case detail", "get", "/cases/case-published/", "published", None, PUBLIC),
    (
        "case detail",
        "get",
        "/cases/case-rejected/",
        "rejected",
        None,
        (*PRIVATE, 200, 200),
    ),
    (
        "case comments feed",
        "get",
        "/cases/case-published/comments/feed/",
        "published",
        None,
        PUBLIC,
    ),
    # A draft's comments are no one's to follow, its author's neither.
    (
        "case comments feed",
        "get",
        "/cases/case-draft/comments/feed/",
        "draft",
        None,
        (404,) * 6,
    ),
    ("case new", "get", "/cases/new/", "-", None, PARTICIPANTS),
    ("case new", "post", "/cases/new/", "-", STORY, PARTICIPANTS_ACT),
    (
        "case new+submit",
        "post",
        "/cases/new/",
        "-",
        {**STORY, "action": "submit"},
        PARTICIPANTS_ACT,
    ),
    (
        "case edit",
        "get",
        "/cases/case-draft/edit/",
        "draft",
        None,
        (L, 403, 200, 404, 403, 403, 200, 403),
    ),
    (
        "case edit",
        "get",
        "/cases/case-submitted/edit/",
        "submitted",
        None,
        (L, 403, 302, 404, 403, 403, 302, 403),
    ),
    (
        "case edit",
        "get",
        "/cases/case-published/edit/",
        "published",
        None,
        (L, 403, 302, 403, 403, 403, 302, 403),
    ),
    (
        "case edit",
        "get",
        "/cases/case-rejected/edit/",
        "rejected",
        None,
        (L, 403, 200, 404, 403, 403, 200, 403),
    ),
    (
        "case edit",
        "post",
        "/cases/case-draft/edit/",
        "draft",
        STORY,
        (L, 403, 302, 404, 403, 403, 302, 403),
    ),
    (
        "case edit",
        "post",
        "/cases/case-submitted/edit/",
        "submitted",
        STORY,
        (L, 403, 302, 404, 403, 403, 302, 403),
    ),
    (
        "case edit",
        "post",
        "/cases/case-published/edit/",
        "published",
        STORY,
        (L, 403, 302, 403, 403, 403, 302, 403),
    ),
    (
        "case edit",
        "post",
        "/cases/case-rejected/edit/",
        "rejected",
        STORY,
        (L, 403, 302, 404, 403, 403, 302, 403),
    ),
    (
        "case submit",
        "post",
        "/cases/case-draft/edit/",
        "draft",
        {**STORY, "action": "submit"},
        (L, 403, 302, 404, 403, 403, 302, 403),
    ),
    (
        "case submit",
        "post",
        "/cases/case-rejected/edit/",
        "rejected",
        {**STORY, "action": "submit"},
        (L, 403, 302, 404, 403, 403, 302, 403),
    ),
    ("attachment", "get", "{attachment_draft}", "draft", None, (*PRIVATE, 200, 200)),
    ("attachment", "get", "{attachment_published}", "published", None, PUBLIC),
    (
        "attachment remove",
        "post",
        "{attachment_draft}remove/",
        "draft",
        None,
        (L, 403, 302, 404, 404, 404),
    ),
    # Blog ----------------------------------------------------------------------
    ("post detail", "get", "/blog/post-draft/", "draft", None, PRIVATE),
    ("post detail", "get", "/blog/post-submitted/", "submitted", None, PRIVATE),
    ("post detail", "get", "/blog/post-published/", "published", None, PUBLIC),
    ("post detail", "get", "/blog/post-rejected/", "rejected", None, PRIVATE),
    ("post history", "get", "/blog/post-published/history/", "published", None, PUBLIC),
    ("post history", "get", "/blog/post-draft/history/", "draft", None, PRIVATE),
    ("post history", "post", "/blog/post-published/history/", "-", None, (405,) * 6),
    (
        "post comments feed",
        "get",
        "/blog/post-published/comments/feed/",
        "published",
        None,
        PUBLIC,
    ),
    (
        "post comments feed",
        "get",
        "/blog/post-draft/comments/feed/",
        "draft",
        None,
        (404,) * 6,
    ),
    ("post new", "get", "/blog/new/", "-", None, PARTICIPANTS),
    ("post new", "post", "/blog/new/", "-", POST, PARTICIPANTS_ACT),
    (
        "post edit",
        "get",
        "/blog/post-draft/edit/",
        "draft",
        None,
        (L, 403, 200, 404, 403, 403),
    ),
    (
        "post edit",
        "get",
        "/blog/post-submitted/edit/",
        "submitted",
        None,
        (L, 403, 302, 404, 403, 403),
    ),
    (
        "post edit",
        "get",
        "/blog/post-published/edit/",
        "published",
        None,
        (L, 403, 302, 403, 403, 403),
    ),
    (
        "post edit",
        "get",
        "/blog/post-rejected/edit/",
        "rejected",
        None,
        (L, 403, 200, 404, 403, 403),
    ),
    (
        "post edit",
        "post",
        "/blog/post-draft/edit/",
        "draft",
        POST,
        (L, 403, 302, 404, 403, 403),
    ),
    (
        "post edit",
        "post",
        "/blog/post-published/edit/",
        "published",
        POST,
        (L, 403, 302, 403, 403, 403),
    ),
    (
        "post submit",
        "post",
        "/blog/post-draft/edit/",
        "draft",
        {**POST, "action": "submit"},
        (L, 403, 302, 404, 403, 403),
    ),
    # Events --------------------------------------------------------------------
    ("event", "get", "/events/meeting/", "published", None, PUBLIC),
    ("events feed", "get", "/events/feed/", "-", None, PUBLIC),
    ("events calendar", "get", "/events/calendar.ics", "-", None, PUBLIC),
    ("event calendar", "get", "/events/meeting/calendar.ics", "-", None, PUBLIC),
    ("event pack", "get", "/cases/pack/?event=meeting", "-", None, PUBLIC),
    (
        "event register",
        "get",
        "/events/meeting/register/",
        "open",
        None,
        PARTICIPANTS_ACT,
    ),
    (
        "event register",
        "post",
        "/events/meeting/register/",
        "open",
        None,
        PARTICIPANTS_ACT,
    ),
    (
        "event cancel",
        "post",
        "/events/meeting/register/",
        "open",
        {"action": "cancel"},
        PARTICIPANTS_ACT,
    ),
    ("registrants", "get", "/events/meeting/registrants/", "-", None, MODERATORS),
    (
        "registrants close",
        "post",
        "/events/meeting/registrants/",
        "-",
        {"action": "close", "reason": "Full."},
        MODERATORS_ACT,
    ),
    (
        "registrants bad action",
        "post",
        "/events/meeting/registrants/",
        "-",
        {"action": "explode"},
        (L, 403, 403, 403, 400, 400),
    ),
    (
        "registrants csv",
        "get",
        "/events/meeting/registrants.csv",
        "-",
        None,
        MODERATORS,
    ),
    ("case pack", "get", "/cases/pack/?dimension=x", "-", None, PUBLIC),
    ("case pack zip", "get", "/cases/pack/?format=zip", "-", None, PUBLIC),
    # Documents -----------------------------------------------------------------
    ("document", "get", "/documents/communique/", "-", None, PUBLIC),
    ("document edit", "get", "/documents/communique/edit/", "-", None, MODERATORS),
    (
        "document edit",
        "post",
        "/documents/communique/edit/",
        "-",
        {"title": "Communiqué", "kind": "report", "text": "Edited."},
        MODERATORS_ACT,
    ),
    # Open data -----------------------------------------------------------------
    ("open data", "get", "/data/", "-", None, PUBLIC),
    ("open data dump", "get", "/data/case-stories.csv", "-", None, PUBLIC),
    ("open data dump", "get", "/data/knowledge-requests.csv", "-", None, PUBLIC),
    ("open data dump", "get", "/data/exchanges.jsonl", "-", None, PUBLIC),
    ("open data dump", "get", "/data/adoptions.csv", "-", None, PUBLIC),
    ("open data package", "get", "/data/datapackage.json", "-", None, PUBLIC),
    ("open data catalogue", "get", "/data/catalog.jsonld", "-", None, PUBLIC),
    # Read API ------------------------------------------------------------------
    ("api", "get", "/api/v1/", "-", None, PUBLIC),
    ("api schema", "get", "/api/v1/openapi.json", "-", None, PUBLIC),
    ("api docs", "get", "/api/v1/docs/", "-", None, PUBLIC),
    ("api stories", "get", "/api/v1/case-stories/", "-", None, PUBLIC),
    ("api offers", "get", "/api/v1/knowledge-offers/", "-", None, PUBLIC),
    ("api adoptions", "get", "/api/v1/adoptions/", "-", None, PUBLIC),
    ("api document", "get", "/api/v1/documents/communique/", "-", None, PUBLIC),
    ("api draft", "get", "/api/v1/case-stories/case-draft/", "draft", None, (404,) * 6),
    # Comments ------------------------------------------------------------------
    (
        "comment post",
        "post",
        "/comments/post/",
        "published",
        comment_on("{case_published}"),
        PARTICIPANTS_ACT,
    ),
    (
        "comment post",
        "post",
        "/comments/post/",
        "draft",
        comment_on("{case_draft}"),
        (L, 403, 404, 404, 404, 404),
    ),
    (
        "comment post",
        "post",
        "/comments/post/",
        "rejected",
        comment_on("{case_rejected}"),
        (L, 403, 404, 404, 404, 404),
    ),
    ("comment post", "get", "/comments/post/", "-", None, (405,) * 6),
    (
        "comment reply",
        "get",
        "/comments/{visible}/reply/",
        "visible",
        None,
        PARTICIPANTS,
    ),
    (
        "comment reply",
        "post",
        "/comments/{visible}/reply/",
        "visible",
        {"body": "A reply.", "submission_key": "{key}"},
        PARTICIPANTS_ACT,
    ),
    ("comment reply", "get", "/comments/{hidden}/reply/", "hidden", None, (404,) * 6),
    (
        "comment reply",
        "post",
        "/comments/{hidden}/reply/",
        "hidden",
        {"body": "A reply.", "submission_key": "{key}"},
        (404,) * 6,
    ),
    (
        "comment edit",
        "get",
        "/comments/{visible}/edit/",
        "visible",
        None,
        (L, 403, 200, 403, 403, 403),
    ),
    (
        "comment edit",
        "post",
        "/comments/{visible}/edit/",
        "visible",
        {"body": "Edited."},
        (L, 403, 302, 403, 403, 403),
    ),
    (
        "comment edit",
        "get",
        "/comments/{hidden}/edit/",
        "hidden",
        None,
        (L, 403, 302, 403, 403, 403),
    ),
    (
        "comment edit",
        "post",
        "/comments/{hidden}/edit/",
        "hidden",
        {"body": "Edited."},
        (L, 403, 400, 403, 403, 403),
    ),
    (
        "comment remove",
        "post",
        "/comments/{visible}/remove/",
        "visible",
        None,
        (L, 403, 302, 403, 403, 403),
    ),
    (
        "comment remove",
        "post",
        "/comments/{hidden}/remove/",
        "hidden",
        None,
        (L, 403, 302, 403, 403, 403),
    ),
    (
        "comment remove",
        "get",
        "/comments/{visible}/remove/",
        "visible",
        None,
        (405,) * 6,
    ),
    ("comment flag", "get", "/comments/{visible}/flag/", "visible", None, PARTICIPANTS),
    (
        "comment flag",
        "post",
        "/comments/{visible}/flag/",
        "visible",
        {"reason": "spam"},
        (L, 403, 400, 302, 302, 302),
    ),
    ("comment flag", "get", "/comments/{hidden}/flag/", "hidden", None, (404,) * 6),
    (
        "comment flag",
        "post",
        "/comments/{hidden}/flag/",
        "hidden",
        {"reason": "spam"},
        (404,) * 6,
    ),
    # Moderation desk -----------------------------------------------------------
    ("desk", "get", "/moderation/", "-", None, (*MODERATORS, 403, 200)),
    ("desk cases", "get", "/moderation/cases/", "-", None, (*MODERATORS, 403, 200)),
    (
        "desk cases",
        "get",
        "/moderation/cases/?status=published",
        "-",
        None,
        (*MODERATORS, 403, 200),
    ),
    ("desk posts", "get", "/moderation/posts/", "-", None, (*MODERATORS, 403, 200)),
    ("desk institutions", "get", "/moderation/institutions/", "-", None, MODERATORS),
    (
        "desk comments",
        "get",
        "/moderation/comments/",
        "-",
        None,
        (*MODERATORS, 403, 200),
    ),
    ("desk messages", "get", "/moderation/messages/", "-", None, MODERATORS),
    ("desk audit", "get", "/moderation/audit/", "-", None, (*MODERATORS, 403, 200)),
    ("desk searches", "get", "/moderation/searches/", "-", None, MODERATORS),
    # Themes and versions in other languages ----------------------------------
    ("desk themes", "get", "/moderation/themes/", "-", None, MODERATORS),
    ("desk themes", "get", "/moderation/themes/?q=learn", "-", None, MODERATORS),
    ("desk theme", "get", "/moderation/themes/{theme}/", "-", None, MODERATORS),
    (
        "theme label",
        "post",
        "/moderation/themes/{theme}/label/",
        "-",
        {"language": "es", "name": "aprendizaje"},
        MODERATORS_ACT,
    ),
    (
        "theme label",
        "get",
        "/moderation/themes/{theme}/label/",
        "-",
        None,
        (L, 403, 403, 403, 405, 405),
    ),
    (
        "theme merge",
        "post",
        "/moderation/themes/{theme}/merge/",
        "-",
        {"target": "matrix-other"},
        MODERATORS_ACT,
    ),
    ("desk translations", "get", "/moderation/translations/", "-", None, DESK),
    (
        "translation link",
        "post",
        "/moderation/translations/link/",
        "in scope",
        {"kind": "case", "original": "case-published", "translation": "case-draft"},
        IN_SCOPE_ACT,
    ),
    (
        "translation link",
        "post",
        "/moderation/translations/link/",
        "out of scope",
        {"kind": "post", "original": "post-published", "translation": "post-draft"},
        OUT_OF_SCOPE_ACT,
    ),
    (
        "ask translation",
        "post",
        "/cases/case-published/translation/",
        "published",
        {"language": "fr"},
        PARTICIPANTS_ACT,
    ),
    (
        "ask translation",
        "post",
        "/cases/case-draft/translation/",
        "draft",
        {"language": "fr"},
        (L, 403, 404, 404, 404, 404),
    ),
    (
        "ask translation",
        "get",
        "/cases/case-published/translation/",
        "published",
        None,
        (L, 403, 405, 405, 405, 405),
    ),
    (
        "ask post translation",
        "post",
        "/blog/post-published/translation/",
        "published",
        {"language": "es"},
        PARTICIPANTS_ACT,
    ),
    ("desk reviews", "get", "/moderation/reviews/", "-", None, DESK),
    ("desk reviews", "get", "/moderation/reviews/?kind=document", "-", None, DESK),
    ("desk corrections", "get", "/moderation/corrections/", "-", None, DESK),
    ("desk links", "get", "/moderation/links/", "-", None, DESK),
    # Every story is in the scoped moderator's dimension; no post or document is.
    *[
        (
            f"review {action}",
            "post",
            f"/moderation/reviews/{kind}/{{{kind}_published}}/{action}/",
            "in scope" if kind == "case" else "out of scope",
            data,
            IN_SCOPE_ACT if kind == "case" else OUT_OF_SCOPE_ACT,
        )
        for kind in ("case", "post")
        for action, data in (
            ("current", {}),
            ("outdated", {"note": "Superseded.", "successor_url": "/cases/"}),
            ("archive", {}),
        )
    ],
    (
        "review unknown action",
        "post",
        "/moderation/reviews/case/{case_published}/explode/",
        "published",
        None,
        (L, 403, 403, 403, 404, 404, 403, 404),
    ),
    (
        "review unknown kind",
        "post",
        "/moderation/reviews/comment/{visible}/current/",
        "-",
        None,
        (L, 403, 403, 403, 404, 404, 403, 404),
    ),
    (
        "review document",
        "post",
        "/moderation/reviews/document/{document}/current/",
        "out of scope",
        None,
        OUT_OF_SCOPE_ACT,
    ),
    (
        "review document archive",
        "post",
        "/moderation/reviews/document/{document}/archive/",
        "out of scope",
        None,
        (L, 403, 403, 403, 404, 404, 403, 403),
    ),
    (
        "link dismiss",
        "post",
        "/moderation/links/{broken_link}/dismiss/",
        "out of scope",
        None,
        OUT_OF_SCOPE_ACT,
    ),
    (
        "link dismiss",
        "post",
        "/moderation/links/{broken_link_on_story}/dismiss/",
        "in scope",
        None,
        IN_SCOPE_ACT,
    ),
    (
        "case publish",
        "post",
        "/moderation/cases/{case_submitted}/publish/",
        "submitted",
        None,
        (*MODERATORS_ACT, 403, 302),
    ),
    (
        "case publish",
        "post",
        "/moderation/cases/{case_draft}/publish/",
        "draft",
        None,
        (*MODERATORS_ACT, 403, 302),
    ),
    (
        "case reject",
        "post",
        "/moderation/cases/{case_submitted}/reject/",
        "submitted",
        REASON,
        (*MODERATORS_ACT, 403, 302),
    ),
    (
        "case reject",
        "post",
        "/moderation/cases/{case_submitted}/reject/",
        "submitted",
        None,
        (*MODERATORS_ACT, 403, 302),
    ),
    (
        "case feature",
        "post",
        "/moderation/cases/{case_published}/feature/",
        "published",
        None,
        (*MODERATORS_ACT, 403, 302),
    ),
    (
        "case unfeature",
        "post",
        "/moderation/cases/{case_published}/unfeature/",
        "published",
        None,
        (*MODERATORS_ACT, 403, 302),
    ),
    (
        "case archive",
        "post",
        "/moderation/cases/{case_published}/archive/",
        "published",
        None,
        (*MODERATORS_ACT, 403, 302),
    ),
    (
        "case action",
        "post",
        "/moderation/cases/{case_submitted}/explode/",
        "submitted",
        None,
        (L, 403, 403, 403, 404, 404, 403, 404),
    ),
    (
        "case action",
        "get",
        "/moderation/cases/{case_submitted}/publish/",
        "submitted",
        None,
        (L, 403, 403, 403, 405, 405, 403, 405),
    ),
    (
        "post publish",
        "post",
        "/moderation/posts/{post_submitted}/publish/",
        "submitted",
        None,
        MODERATORS_ACT,
    ),
    (
        "post reject",
        "post",
        "/moderation/posts/{post_submitted}/reject/",
        "submitted",
        REASON,
        MODERATORS_ACT,
    ),
    (
        "post feature",
        "post",
        "/moderation/posts/{post_published}/feature/",
        "published",
        None,
        MODERATORS_ACT,
    ),
    (
        "post unfeature",
        "post",
        "/moderation/posts/{post_published}/unfeature/",
        "published",
        None,
        MODERATORS_ACT,
    ),
    (
        "post archive",
        "post",
        "/moderation/posts/{post_published}/archive/",
        "published",
        None,
        MODERATORS_ACT,
    ),
    (
        "post action",
        "post",
        "/moderation/posts/{post_submitted}/explode/",
        "submitted",
        None,
        (L, 403, 403, 403, 404, 404, 403, 404),
    ),
    (
        "institution approve",
        "post",
        "/moderation/institutions/{proposed}/approve/",
        "proposed",
        None,
        MODERATORS_ACT,
    ),
    (
        "institution reject",
        "post",
        "/moderation/institutions/{proposed}/reject/",
        "proposed",
        REASON,
        MODERATORS_ACT,
    ),
    (
        "comment hide",
        "post",
        "/moderation/comments/{visible}/hide/",
        "visible",
        REASON,
        (*MODERATORS_ACT, 403, 302),
    ),
    (
        "comment restore",
        "post",
        "/moderation/comments/{hidden}/restore/",
        "hidden",
        None,
        (*MODERATORS_ACT, 403, 302),
    ),
    (
        "comment dismiss",
        "post",
        "/moderation/comments/{visible}/dismiss/",
        "visible",
        None,
        (*MODERATORS_ACT, 403, 302),
    ),
    (
        "member suspend",
        "post",
        "/moderation/members/{other_user}/suspend/",
        "-",
        REASON,
        MODERATORS_ACT,
    ),
    (
        "message handled",
        "post",
        "/moderation/messages/{message}/handled/",
        "-",
        None,
        MODERATORS_ACT,
    ),
    # Self-assessment (the author is a member of the assessed institution) ------
    ("assessment", "get", "/assessment/", "-", None, PUBLIC),
    ("assessment benchmark", "get", "/assessment/benchmark/", "-", None, PUBLIC),
    ("assessment start", "post", "/assessment/start/", "-", None, PARTICIPANTS_ACT),
    ("assessment start", "get", "/assessment/start/", "-", None, (405,) * 6),
    (
        "assessment",
        "get",
        "/assessment/{assessment_draft}/",
        "draft",
        None,
        (*PRIVATE, 200, 404),
    ),
    (
        "assessment submit",
        "post",
        "/assessment/{assessment_draft}/",
        "draft",
        ASSESSMENT,
        (404, 404, 302, 404, 200, 200, 302, 404),
    ),
    (
        "assessment",
        "get",
        "/assessment/{assessment_private}/",
        "private",
        None,
        (*PRIVATE, 200, 404),
    ),
    (
        "assessment",
        "get",
        "/assessment/{assessment_members}/",
        "members",
        None,
        (404, 200, 200, 200, 200, 200),
    ),
    ("assessment", "get", "/assessment/{assessment_public}/", "public", None, PUBLIC),
    (
        "assessment visibility",
        "post",
        "/assessment/{assessment_private}/",
        "private",
        {"visibility": "public"},
        (404, 404, 302, 404, 403, 403, 302, 404),
    ),
    (
        "assessment visibility",
        "post",
        "/assessment/{assessment_public}/",
        "public",
        {"visibility": "private"},
        (403, 403, 302, 403, 403, 403, 302, 403),
    ),
    (
        "assessment export",
        "get",
        "/assessment/{assessment_private}/results.csv",
        "private",
        None,
        (*PRIVATE, 200, 404),
    ),
    (
        "assessment export",
        "get",
        "/assessment/{assessment_public}/results.csv",
        "public",
        None,
        PUBLIC,
    ),
    (
        "assessment export",
        "get",
        "/assessment/{assessment_draft}/results.csv",
        "draft",
        None,
        (404,) * 6,
    ),
    (
        "institution assessments",
        "get",
        "/institutions/verified-institution/assessments/",
        "-",
        None,
        PUBLIC,
    ),
    # Discussions ---------------------------------------------------------------------
    ("discussions", "get", "/discussions/", "-", None, PUBLIC),
    ("space", "get", "/discussions/measuring-results/", "open", None, PUBLIC),
    ("space feed", "get", "/discussions/measuring-results/feed/", "open", None, PUBLIC),
    (
        "topic new",
        "get",
        "/discussions/measuring-results/new/",
        "open",
        None,
        PARTICIPANTS,
    ),
    (
        "topic new",
        "post",
        "/discussions/measuring-results/new/",
        "open",
        TOPIC,
        PARTICIPANTS_ACT,
    ),
    ("topic", "get", f"{MEASURING}open-topic/", "published", None, PUBLIC),
    (
        "topic",
        "get",
        f"{MEASURING}pending-topic/",
        "pending",
        None,
        (*PRIVATE, 404, 200),
    ),
    (
        "topic edit",
        "get",
        f"{MEASURING}open-topic/edit/",
        "published",
        None,
        (L, 403, 200, 403, 403, 403),
    ),
    (
        "topic edit",
        "post",
        f"{MEASURING}open-topic/edit/",
        "published",
        TOPIC,
        (L, 403, 302, 403, 403, 403),
    ),
    (
        "topic edit",
        "post",
        f"{MEASURING}pending-topic/edit/",
        "pending",
        TOPIC,
        # The scoped moderator may read the space's pending topic, not edit it.
        (404, 404, 302, 404, 403, 403, 404, 403),
    ),
    (
        "topic edit",
        "get",
        "/discussions/private-outside/inside/edit/",
        "outsider",
        None,
        (404, 404, 200, 404, 403, 403),
    ),
    (
        "topic pin",
        "post",
        f"{MEASURING}open-topic/pin/",
        "published",
        None,
        (*MODERATORS_ACT, 403, 302),
    ),
    (
        "topic close",
        "post",
        f"{MEASURING}open-topic/close/",
        "published",
        None,
        (*MODERATORS_ACT, 403, 302),
    ),
    (
        "topic hide",
        "post",
        f"{MEASURING}open-topic/hide/",
        "published",
        REASON,
        (*MODERATORS_ACT, 403, 302),
    ),
    (
        "topic move",
        "post",
        f"{MEASURING}open-topic/move/",
        "published",
        {"space": "learning-culture"},
        MODERATORS_ACT,
    ),
    (
        "topic merge",
        "post",
        f"{MEASURING}pending-topic/merge/",
        "pending",
        {"into": f"{MEASURING}open-topic/"},
        (L, 403, 403, 404, 302, 302, 404, 302),
    ),
    (
        "topic approve",
        "post",
        f"{MEASURING}pending-topic/approve/",
        "pending",
        None,
        (L, 403, 403, 404, 302, 302, 404, 302),
    ),
    (
        "topic answer",
        "post",
        f"{MEASURING}open-topic/answer/",
        "published",
        {"comment": ""},
        (L, 403, 302, 403, 302, 302, 403, 302),
    ),
    (
        "topic unknown action",
        "post",
        f"{MEASURING}open-topic/explode/",
        "-",
        None,
        (404,) * 6,
    ),
    (
        "space members",
        "get",
        f"{MEASURING}members/",
        "open",
        None,
        (*MODERATORS, 403, 200),
    ),
    # A private space as an outsider ("other" is not admitted) ...
    (
        "private space",
        "get",
        "/discussions/private-outside/",
        "outsider",
        None,
        PRIVATE,
    ),
    (
        "private topic",
        "get",
        "/discussions/private-outside/inside/",
        "outsider",
        None,
        PRIVATE,
    ),
    (
        "private feed",
        "get",
        "/discussions/private-outside/feed/",
        "outsider",
        None,
        (404,) * 6,
    ),
    (
        "private new",
        "get",
        "/discussions/private-outside/new/",
        "outsider",
        None,
        (404, 404, 200, 404, 200, 200),
    ),
    (
        "private reply",
        "post",
        "/comments/post/",
        "outsider",
        {**comment_on("{topic_outside}"), "target": "discussions.topic"},
        (L, 403, 302, 404, 302, 302),
    ),
    (
        "private pin",
        "post",
        "/discussions/private-outside/inside/pin/",
        "outsider",
        None,
        (L, 403, 403, 404, 302, 302),
    ),
    # ... as an admitted member ...
    (
        "private topic",
        "get",
        "/discussions/private-member/inside/",
        "admitted",
        None,
        (404, 404, 200, 200, 200, 200, 404, 404),
    ),
    (
        "private new",
        "post",
        "/discussions/private-member/new/",
        "admitted",
        TOPIC,
        (404, 404, 302, 302, 302, 302, 404, 404),
    ),
    (
        "private pin",
        "post",
        "/discussions/private-member/inside/pin/",
        "admitted",
        None,
        (L, 403, 403, 403, 302, 302, 404, 404),
    ),
    (
        "private members",
        "get",
        "/discussions/private-member/members/",
        "admitted",
        None,
        (L, 404, 403, 403, 200, 200, 404, 404),
    ),
    # ... and as the space's moderator.
    (
        "private pin",
        "post",
        "/discussions/private-moderated/inside/pin/",
        "space moderator",
        None,
        (L, 403, 403, 302, 302, 302, 404, 404),
    ),
    (
        "private members",
        "get",
        "/discussions/private-moderated/members/",
        "space moderator",
        None,
        (L, 404, 403, 200, 200, 200, 404, 404),
    ),
    (
        "admin topics",
        "get",
        "/admin/discussions/topic/",
        "-",
        None,
        (A, A, A, A, A, 200),
    ),
    # Own account -----------------------------------------------------------------
    ("me", "get", "/me/", "-", None, SIGNED_IN),
    ("me", "post", "/me/", "-", {"display_name": ""}, (L, 400, 400, 400, 400, 400)),
    ("me export", "get", "/me/export/", "-", None, SIGNED_IN),
    ("me export", "post", "/me/export/", "-", None, (L, 405, 405, 405, 405, 405)),
    ("me delete", "get", "/me/delete/", "-", None, SIGNED_IN),
    (
        "me delete",
        "post",
        "/me/delete/",
        "-",
        {"password": "wrong"},
        (L, 400, 400, 400, 400, 400),
    ),
    (
        "me delete",
        "post",
        "/me/delete/",
        "-",
        {"password": "correct-horse-battery-staple"},
        (L, 302, 302, 302, 302, 302),
    ),
    ("profile", "get", "/members/author/", "-", None, PUBLIC),
    # Admin -------------------------------------------------------------------------
    ("admin", "get", "/admin/", "-", None, (A, A, A, A, A, 200)),
    ("admin login", "get", "/admin/login/", "-", None, (L, 403, 403, 403, 403, 302)),
    (
        "admin login",
        "post",
        "/admin/login/",
        "-",
        {"username": "staff", "password": "correct-horse-battery-staple"},
        (L, 403, 403, 403, 403, 302),
    ),
    ("admin cases", "get", "/admin/cases/casestory/", "-", None, (A, A, A, A, A, 200)),
    # Knowledge exchange: the author speaks for the institution that posted the
    # request and offers; "other" for another verified one; moderators and staff
    # for none. ---------------------------------------------------------------
    ("exchange list", "get", "/exchange/", "-", None, PUBLIC),
    ("exchange feed", "get", "/exchange/feed/", "-", None, PUBLIC),
    ("request", "get", "/exchange/requests/request-open/", "open", None, PUBLIC),
    ("request", "get", "/exchange/requests/request-hidden/", "hidden", None, PRIVATE),
    ("offer", "get", "/exchange/offers/offer-open/", "open", None, PUBLIC),
    ("exchange", "get", "/exchange/exchanges/exchange-agreed/", "agreed", None, PUBLIC),
    (
        "exchange",
        "get",
        "/exchange/exchanges/exchange-done/",
        "completed",
        None,
        PUBLIC,
    ),
    (
        "request new",
        "get",
        "/exchange/requests/new/",
        "-",
        None,
        (L, 403, 200, 200, 403, 403, 200, 403),
    ),
    (
        "request new",
        "post",
        "/exchange/requests/new/",
        "-",
        KNOWLEDGE_REQUEST,
        (L, 403, 302, 302, 403, 403, 302, 403),
    ),
    (
        "offer new",
        "get",
        "/exchange/offers/new/",
        "-",
        None,
        (L, 403, 200, 200, 403, 403, 200, 403),
    ),
    (
        "offer new",
        "post",
        "/exchange/offers/new/",
        "-",
        KNOWLEDGE_OFFER,
        (L, 403, 302, 302, 403, 403, 302, 403),
    ),
    (
        "request edit",
        "get",
        "/exchange/requests/request-open/edit/",
        "open",
        None,
        (L, 403, 200, 403, 200, 200),
    ),
    (
        "request edit",
        "post",
        "/exchange/requests/request-open/edit/",
        "open",
        KNOWLEDGE_REQUEST,
        (L, 403, 302, 403, 302, 302),
    ),
    (
        "offer edit",
        "post",
        "/exchange/offers/offer-open/edit/",
        "open",
        KNOWLEDGE_OFFER,
        (L, 403, 302, 403, 302, 302),
    ),
    (
        "request help",
        "post",
        "/exchange/requests/request-open/help/",
        "open",
        {"message": "We can help."},
        (L, 403, 400, 302, 403, 403, 400, 403),
    ),
    (
        "offer ask",
        "post",
        "/exchange/offers/offer-open/ask/",
        "open",
        {"message": "Could you tell us more?"},
        (L, 403, 400, 302, 403, 403, 400, 403),
    ),
    (
        "request close",
        "post",
        "/exchange/requests/request-open/close/",
        "open",
        {"status": "withdrawn"},
        (L, 403, 302, 403, 302, 302),
    ),
    (
        "offer status",
        "post",
        "/exchange/offers/offer-open/status/",
        "open",
        {"status": "paused"},
        (L, 403, 302, 403, 302, 302),
    ),
    (
        "introduce",
        "post",
        "/exchange/requests/request-open/introduce/",
        "open",
        {"offer": "offer-other", "message": "Meet each other."},
        MODERATORS_ACT,
    ),
    ("threads", "get", "/exchange/threads/", "-", None, PARTICIPANTS),
    (
        "thread",
        "get",
        "/exchange/threads/{thread}/",
        "private",
        None,
        (L, 403, 200, 404, 200, 200),
    ),
    (
        "thread message",
        "post",
        "/exchange/threads/{thread}/",
        "private",
        {"message": "Thank you."},
        (L, 403, 302, 404, 302, 302),
    ),
    (
        "thread agree",
        "post",
        "/exchange/threads/{thread}/agree/",
        "private",
        TERMS,
        (L, 403, 302, 404, 403, 403),
    ),
    (
        "exchange status",
        "post",
        "/exchange/exchanges/exchange-agreed/status/",
        "agreed",
        {"status": "under_way"},
        (L, 403, 302, 302, 302, 302, 302, 403),
    ),
    (
        "exchange results",
        "post",
        "/exchange/exchanges/exchange-done/results/",
        "completed",
        {"results": "A new unit."},
        (L, 403, 302, 302, 403, 403, 302, 403),
    ),
    (
        "exchange results",
        "post",
        "/exchange/exchanges/exchange-agreed/results/",
        "agreed",
        {"results": "A new unit."},
        (L, 403, 400, 400, 403, 403, 400, 403),
    ),
    (
        "exchange story",
        "post",
        "/exchange/exchanges/exchange-done/story/",
        "completed",
        None,
        (L, 403, 302, 403, 403, 403, 302, 403),
    ),
    ("request", "get", "/exchange/requests/request-held/", "held", None, PRIVATE),
    (
        "request flag",
        "post",
        "/exchange/requests/request-open/flag/",
        "open",
        {"reason": "spam", "note": "Advertising."},
        (L, 403, 400, 302, 302, 302),
    ),
    (
        "offer flag",
        "post",
        "/exchange/offers/offer-other/flag/",
        "open",
        {"reason": "spam"},
        (L, 403, 302, 400, 302, 302, 302, 302),
    ),
    (
        "request flag",
        "post",
        "/exchange/requests/request-held/flag/",
        "held",
        {"reason": "spam"},
        (L, 403, 404, 404, 404, 404),
    ),
    ("desk exchanges", "get", "/moderation/exchanges/", "-", None, MODERATORS),
    (
        "desk exchanges",
        "get",
        "/moderation/exchanges/?tab=flagged&page=9",
        "-",
        None,
        MODERATORS,
    ),
    (
        "desk listing approve",
        "post",
        "/moderation/exchanges/request/{request_held}/approve/",
        "held",
        None,
        MODERATORS_ACT,
    ),
    (
        "desk listing hide",
        "post",
        "/moderation/exchanges/request/{request_open}/hide/",
        "open",
        REASON,
        MODERATORS_ACT,
    ),
    (
        "desk listing restore",
        "post",
        "/moderation/exchanges/request/{request_hidden}/restore/",
        "hidden",
        None,
        MODERATORS_ACT,
    ),
    (
        "desk listing dismiss",
        "post",
        "/moderation/exchanges/offer/{offer_open}/dismiss/",
        "open",
        None,
        MODERATORS_ACT,
    ),
    (
        "desk listing",
        "post",
        "/moderation/exchanges/thread/{request_open}/hide/",
        "-",
        None,
        (L, 403, 403, 403, 404, 404),
    ),
    (
        "desk listing",
        "post",
        "/moderation/exchanges/request/{request_open}/explode/",
        "-",
        None,
        (L, 403, 403, 403, 404, 404),
    ),
    (
        "admin requests",
        "get",
        "/admin/exchanges/knowledgerequest/",
        "-",
        None,
        (A, A, A, A, A, 200),
    ),
    # Institution editors -----------------------------------------------------
    ("institution members", "get", f"{INSTITUTION}members/", "verified", None, EDITORS),
    (
        "institution members",
        "get",
        "/institutions/other-institution/members/",
        "not theirs",
        None,
        (L, 403, 403, 403, 200, 200, 403, 403),
    ),
    (
        "institution members",
        "get",
        "/institutions/proposed-institute/members/",
        "unverified",
        None,
        (L, 404, 404, 404, 404, 404, 404, 404),
    ),
    ("institution edit", "get", f"{INSTITUTION}edit/", "verified", None, EDITORS),
    ("institution edit", "post", f"{INSTITUTION}edit/", "verified", KEEP, EDITORS_ACT),
    (
        "institution edit",
        "post",
        f"{INSTITUTION}edit/",
        "verified",
        {**KEEP, "website": "javascript:alert(1)"},
        (L, 403, 403, 403, 400, 400, 400, 403),
    ),
    *[
        (
            f"member {action}",
            "post",
            f"{INSTITUTION}members/{{author_user}}/{action}/",
            "verified",
            None,
            EDITORS_ACT,
        )
        for action in ("confirm", "official", "appoint", "dismiss", "unconfirm")
    ],
    (
        "member action",
        "post",
        f"{INSTITUTION}members/{{author_user}}/explode/",
        "verified",
        None,
        (L, 403, 403, 403, 404, 404, 404, 403),
    ),
    (
        "member action",
        "get",
        f"{INSTITUTION}members/{{author_user}}/confirm/",
        "verified",
        None,
        (L, 405, 405, 405, 405, 405, 405, 405),
    ),
    # Impact -------------------------------------------------------------------
    ("impact", "get", "/impact/", "-", None, PUBLIC),
    ("impact flows", "get", "/impact/flows/?year=2026&region=x", "-", None, PUBLIC),
    ("impact csv", "get", "/impact/data.csv", "-", None, PUBLIC),
    (
        "impact report",
        "get",
        "/institutions/verified-institution/impact/",
        "verified",
        None,
        PUBLIC,
    ),
    (
        "impact report",
        "get",
        "/institutions/proposed-institute/impact/",
        "unverified",
        None,
        (404, 404, 404, 404, 200, 200),
    ),
    ("adopt", "get", "/impact/adapt/case-published/", "published", None, PARTICIPANTS),
    (
        "adopt",  # the author's institution wrote it; the other's adapted it already
        "post",
        "/impact/adapt/case-published/",
        "published",
        {"note": "We took it."},
        (L, 403, 400, 400, 403, 403, 400, 403),
    ),
    (
        "adopt",
        "post",
        "/impact/adapt/case-draft/",
        "draft",
        {"note": "We took it."},
        (L, 403, 404, 404, 404, 404),
    ),
    (
        "adoption edit",
        "get",
        "/impact/adoptions/{adoption}/edit/",
        "visible",
        None,
        (L, 403, 403, 200, 403, 403, 403, 403),
    ),
    (
        "adoption edit",
        "post",
        "/impact/adoptions/{adoption}/edit/",
        "visible",
        {"note": "Better."},
        (L, 403, 403, 302, 403, 403, 403, 403),
    ),
    # Notifications -----------------------------------------------------------------
    ("notice preferences", "get", "/me/notifications/", "-", None, SIGNED_IN),
    (
        "notice preferences",
        "post",
        "/me/notifications/",
        "-",
        {"action": "save", "mail_replies": "hourly"},
        (L, 400, 400, 400, 400, 400),
    ),
    (
        "follow",
        "post",
        "/notifications/follow/",
        "published",
        {"key": "cases.casestory:{case_published}"},
        PARTICIPANTS_ACT,
    ),
    (
        "follow",
        "post",
        "/notifications/follow/",
        "draft",
        {"key": "cases.casestory:{case_draft}"},
        PARTICIPANTS_ACT,
    ),
    ("follow", "get", "/notifications/follow/", "-", None, (405,) * 6),
    (
        "unsubscribe",
        "get",
        "/notifications/unsubscribe/{unsubscribe}/",
        "-",
        None,
        PUBLIC,
    ),
    (
        "unsubscribe",
        "post",
        "/notifications/unsubscribe/{unsubscribe}/",
        "-",
        None,
        PUBLIC,
    ),
    (
        "unsubscribe",
        "post",
        "/notifications/unsubscribe/forged:token/",
        "tampered",
        None,
        (400,) * 6,
    ),
    ("inbound mail", "post", "/mail/inbound/", "unsigned", None, (403,) * 6),
    ("inbound mail", "get", "/mail/inbound/", "-", None, (405,) * 6),
    (
        "adoption withdraw",
        "post",
        "/impact/adoptions/{adoption}/withdraw/",
        "visible",
        None,
        (L, 403, 403, 302, 403, 403, 403, 403),
    ),
    (
        "adoption hide",
        "post",
        "/impact/adoptions/{adoption}/hide/",
        "visible",
        REASON,
        MODERATORS_ACT,
    ),
    (
        "adoption restore",
        "post",
        "/impact/adoptions/{adoption}/restore/",
        "visible",
        None,
        MODERATORS_ACT,
    ),
    # Old Ning addresses: the same answer for everyone, as the item's page decides
    # who may read it; a draft or hidden item is gone, an unknown path not found.
    (
        "ning post",
        "get",
        "/profiles/blogs/post-published",
        "published",
        None,
        (301,) * 6,
    ),
    ("ning post", "get", "/profiles/blogs/post-draft", "draft", None, (410,) * 6),
    ("ning post", "post", "/profiles/blogs/post-published", "-", None, (405,) * 6),
    ("ning topic", "get", "/forum/topics/never-there", "-", None, (404,) * 6),
    ("ning profile", "get", "/profile/author", "-", None, (301,) * 6),
    ("ning detail", "get", "/xn/detail/1:Comment:9", "hidden", None, (410,) * 6),
    ("ning detail", "get", "/xn/detail/1:Comment:8", "visible", None, (301,) * 6),
    ("ning event", "get", "/events/meeting", "-", None, (301,) * 6),
    ("ning redirect", "get", "/group/closed-group", "gone", None, (410,) * 6),
    (
        "admin ning redirects",
        "get",
        "/admin/ning/redirect/",
        "-",
        None,
        (A, A, A, A, A, 200),
    ),
    (
        "admin ning items",
        "get",
        "/admin/ning/importeditem/",
        "-",
        None,
        (A, A, A, A, A, 200),
    ),
]


def _placeholders(world) -> dict:
    values = {
        "visible": world.comments["visible"].pk,
        "hidden": world.comments["hidden"].pk,
        "proposed": world.proposed_institution.pk,
        "message": world.message.pk,
        "other_user": world.users["other"].pk,
        "author_user": world.users["member"].pk,
        "dimension": world.cases["draft"].dimensions.first().pk,
        "attachment_draft": world.attachments["draft"],
        "attachment_published": world.attachments["published"],
        "thread": world.thread.pk,
        "topic_outside": world.topics["outside"].pk,
        "adoption": world.adoption.pk,
        "theme": _themes(),
        **{name: item.pk for name, item in world.listings.items()},
        "correction": world.correction.pk,
        "document": world.document.pk,
        "broken_link": world.broken_link.pk,
        "broken_link_on_story": world.broken_link_on_story.pk,
        "unsubscribe": unsubscribe_token(
            member_id=world.users["member"].pk, kind="replies"
        ),
    }
    for state, case in world.cases.items():
        values[f"case_{state}"] = case.pk
    for state, post in world.posts.items():
        values[f"post_{state}"] = post.pk
    for state, assessment in world.assessments.items():
        values[f"assessment_{state}"] = assessment.pk
    return values


def _themes() -> int:
    """A theme to act on, and one to merge it into; the first one's id."""
    from taxonomy.models import Theme

    Theme.objects.create(slug="matrix-other")
    return Theme.objects.create(slug="matrix-theme").pk


def _fill(value, values: dict):
    if isinstance(value, str):
        return value.format(key=uuid.uuid4(), **values)
    if isinstance(value, list):
        return [_fill(item, values) for item in value]
    return value


def answer(response) -> int | str:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith("/accounts/login/"):
            return LOGIN
        if location.startswith("/admin/login/"):
            return ADMIN
    return response.status_code


def _answers(expected: tuple) -> tuple:
    """Six answers: the editor and the scoped moderator answer as "other"."""
    if len(expected) == len(ROLES) - 2:
        return (*expected, expected[3], expected[3])
    return expected


def test_permission_matrix_lists_every_role_per_row():
    for row in MATRIX:
        assert len(row) == 6, row
        assert len(row[5]) in (len(ROLES), len(ROLES) - 2), row


# One test for each role: the matrix's rows take most of a minute in all, which
# one test would hold on one worker while the other had finished.
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_holds_for_every_url_role_and_state(
    role, world, role_clients, attachments
):
    values = _placeholders(world)
    mismatches = []
    for what, method, path, state, data, expected in MATRIX:
        path = _fill(path, values)
        want = dict(zip(ROLES, _answers(expected), strict=True))[role]
        payload = {key: _fill(item, values) for key, item in (data or {}).items()}
        with transaction.atomic():
            response = role_clients.request(role, method, path, payload)
            transaction.set_rollback(True)
        close_response(response)
        got = answer(response)
        if got != want:
            mismatches.append(
                f"{what} [{state}] {method.upper()} {path} as {role}: "
                f"expected {want}, got {got}"
            )
    assert not mismatches, "\n".join(mismatches)
