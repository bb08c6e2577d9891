"""Turn what members write into safe HTML. A leaf module: any app may import it.

Markdown goes through markdown-it-py, a CommonMark parser built to take linear time
on hostile input; Python-Markdown, used before, took quadratic time on some (16 KB of
nested brackets held a worker for 10 s in 3.11.3, and 20 KB of unclosed links still
take 9 s in 3.11.4). Raw HTML in Markdown is shown as text. Every member field that
holds Markdown is limited to ``MARKDOWN_MAX_LENGTH`` characters by its form and its
service (:func:`check_markdown_length`), and :func:`render_markdown` renders anything
longer than ``RENDER_MAX_LENGTH`` (older or imported text) as plain text, so no text
can make a page slow whatever its source.
"""

import re
from html import escape

import nh3
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "a",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}

# What a member may write in one Markdown field (a story section, a post's body).
MARKDOWN_MAX_LENGTH = 20_000
# Longer text is shown as plain text: the bound on what one render may cost.
RENDER_MAX_LENGTH = 50_000
# Blocks nested deeper (lists in quotes in lists...) are left as text.
MAX_NESTING = 20

_MARKDOWN = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING, "html": False})
# Raw HTML is shown as the text it is, never parsed. Every link becomes an element
# and nh3 alone decides which addresses stay, so a refused one (javascript:...)
# leaves its text and no trace of the address.
_MARKDOWN.validateLink = lambda url: True


def check_markdown_length(**fields: str) -> None:
    """Raise a ValidationError naming each field longer than MARKDOWN_MAX_LENGTH."""
    errors = {
        name: ValidationError(
            _(
                "At most %(max)d characters, please; this text has %(length)d. "
                "Shorten it or split it across sections."
            )
            % {"max": MARKDOWN_MAX_LENGTH, "length": len(value)},
            code="too_long",
        )
        for name, value in fields.items()
        if value and len(value) > MARKDOWN_MAX_LENGTH
    }
    if errors:
        raise ValidationError(errors)


def render_markdown(source: str) -> str:
    """Markdown to HTML with every tag, attribute and link scheme outside the allow-list
    removed: raw HTML, scripts, event handlers and javascript: links never survive."""
    source = source or ""
    if len(source) > RENDER_MAX_LENGTH:
        return render_plain_text(source)
    html = _MARKDOWN.render(source)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc noopener",
    )


def render_plain_text(source: str) -> str:
    """Plain text with line breaks and clickable links (comments): no other markup."""
    paragraphs = (source or "").replace("\r\n", "\n").split("\n\n")
    html = "".join(
        f"<p>{_linkify(escape(p.strip(), quote=False)).replace(chr(10), '<br>')}</p>"
        for p in paragraphs
        if p.strip()
    )
    return nh3.clean(
        html,
        tags={"p", "br", "a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel="nofollow ugc noopener",
    )


URL_PATTERN = re.compile(r"\bhttps?://[^\s<>\"']+[^\s<>\"'.,;:!?)]")


def _linkify(escaped: str) -> str:
    return URL_PATTERN.sub(
        lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped
    )


# Markdown as plain text (snippets, summaries, descriptions): its marks dropped,
# what they marked kept. Works on fragments too, where emphasis is cut in half.
_MARKDOWN_MARKS = [
    (re.compile(r"!?\[([^\]\n]*)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"), r"\1"),  # links
    (re.compile(r"^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?)", re.MULTILINE), ""),  # heads
    (re.compile(r"^[ \t]*(?:[-+]|\d{1,3}[.)])[ \t]+", re.MULTILINE), ""),  # lists
    (re.compile(r"(?<!\\)(?:\*{1,3}|`+|~~)"), ""),  # emphasis, code, strike
    (re.compile(r"(?<![\w\\])_{1,3}(?=\S)|(?<=\S)(?<!\\)_{1,3}(?!\w)"), ""),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])"), r"\1"),  # backslash escapes
    (re.compile(r"[ \t]{2,}"), " "),
]


def strip_markdown(source: str | None) -> str:
    """The text of Markdown without its marks: "**Bold** \\*not\\*" reads
    "Bold *not*". Not HTML: escape it where it is shown (templates do)."""
    text = source or ""
    for pattern, replacement in _MARKDOWN_MARKS:
        text = pattern.sub(replacement, text)
    return text.strip()
