"""Turn what members write into safe HTML. A leaf module: any app may import it."""

import re
from html import escape

import markdown
import nh3

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


def render_markdown(source: str) -> str:
    """Markdown to HTML with every tag, attribute and link scheme outside the allow-list
    removed: raw HTML, scripts, event handlers and javascript: links never survive."""
    html = markdown.markdown(
        source or "", extensions=["sane_lists"], output_format="html"
    )
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
