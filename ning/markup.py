"""Ning's HTML made into what the portal stores: Markdown for posts, topics and
events, plain text for comments. Either is sanitised again when it is shown
(``core.text``), so nothing here has to be trusted: this module keeps the structure
(paragraphs, emphasis, lists, links) and turns what the portal does not show into
links: an inline image or a file becomes a link to its stored copy (or to its
address when it is on the web), a video or other embed a link to what it plays.
Scripts and styles are dropped with their content."""

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser

# Gives the address a file of the export is served from, or None when the folder
# lacks it; web addresses are kept as they are.
Resolver = Callable[[str], str | None]

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table"}
_BLOCKS |= {"ul", "ol", "tr", "section", "article", "pre", "hr"}
_EMPHASIS = {"strong": "**", "b": "**", "em": "*", "i": "*"}
_EMBEDS = {"iframe", "embed", "object", "video", "audio", "source"}
_DROPPED = {"script", "style", "noscript", "head", "title"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_BLANK_LINES = re.compile(r"\n{3,}")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_NEEDS_PARSER = re.compile(
    r"<\s*(a|img|iframe|embed|object|video|audio|source|param|script|style|"
    r"noscript|head|title|li|ul|ol)\b",
    re.IGNORECASE,
)
_LINE_BREAKS = re.compile(r"<\s*br\s*/?\s*>|<\s*/\s*(p|div|h[1-6]|tr)\s*>", re.I)
_TAGS = re.compile(r"<[^>]*>")
_WEB = re.compile(r"^(https?:)?//", re.IGNORECASE)


def is_web_address(src: str) -> bool:
    return bool(_WEB.match(src))


class _Recorder(HTMLParser):
    """The parser's calls, kept to be replayed: reading the HTML is most of the
    cost, and a post needs it twice (Markdown body, plain-text summary)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("handle_starttag", tag, attrs))

    def handle_endtag(self, tag):
        self.events.append(("handle_endtag", tag))

    def handle_data(self, data):
        self.events.append(("handle_data", data))


class _Converter:
    def __init__(self, *, markdown: bool, resolve: Resolver):
        self.markdown, self.resolve = markdown, resolve
        self.out: list[str] = []
        self.links: list[str | None] = []
        self.lists: list[str] = []
        self.dropping = 0
        self.missing: list[str] = []

    # Structure -----------------------------------------------------------------

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag in _DROPPED:
            self.dropping += 1
        elif tag == "br":
            self.out.append("\\\n" if self.markdown else "\n")
        elif tag in {"ul", "ol"}:
            self.lists.append(tag)
            self._block()
        elif tag == "li":
            self._li()
        elif tag in _BLOCKS or tag.startswith("h"):
            self._block(tag)
        elif tag in _EMPHASIS and self.markdown:
            self.out.append(_EMPHASIS[tag])
        elif tag == "a":
            self._open_link(attrs.get("href", ""))
        elif tag == "img":
            self._media(attrs.get("src", ""), attrs.get("alt") or attrs.get("title"))
        elif tag in _EMBEDS and attrs.get("src"):
            self._media(attrs["src"], None)
        elif tag == "param" and attrs.get("name", "").lower() in {"movie", "src"}:
            self._media(attrs.get("value", ""), None)

    def handle_endtag(self, tag):
        if tag in _DROPPED:
            self.dropping = max(self.dropping - 1, 0)
        elif tag in {"ul", "ol"} and self.lists:
            self.lists.pop()
            self._block()
        elif tag in _BLOCKS:
            self._block()
        elif tag in _EMPHASIS and self.markdown:
            self.out.append(_EMPHASIS[tag])
        elif tag == "a" and self.links:
            self._close_link(self.links.pop())

    def handle_data(self, data):
        if self.dropping:
            return
        text = _SPACES.sub(" ", data.replace("\n", " "))
        if self.markdown:
            text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
        self.out.append(text)

    def _block(self, tag: str = "") -> None:
        self.out.append("\n\n")
        if self.markdown and tag == "blockquote":
            self.out.append("> ")
        elif self.markdown and re.fullmatch(r"h[1-6]", tag):
            self.out.append("#" * max(int(tag[1]), 2) + " ")
        elif tag == "hr":
            self.out.append("---\n\n" if self.markdown else "")

    def _li(self) -> None:
        depth = max(len(self.lists) - 1, 0)
        marker = "1." if self.lists and self.lists[-1] == "ol" else "-"
        self.out.append(
            "\n" + "   " * depth + (marker + " " if self.markdown else "- ")
        )

    # Links and media -------------------------------------------------------------

    def _address(self, src: str) -> str | None:
        src = src.strip()
        if not src or src.lower().startswith(("javascript:", "data:", "vbscript:")):
            return None
        if is_web_address(src):
            return "https:" + src if src.startswith("//") else src
        if src.lower().startswith("mailto:"):
            return src
        address = self.resolve(src)
        if address is None:
            self.missing.append(src)
        return address

    def _open_link(self, href: str) -> None:
        address = self._address(href) if href else None
        self.links.append(address)
        if address and self.markdown:
            self.out.append("[")
        self.link_start = len(self.out)

    def _close_link(self, address: str | None) -> None:
        if not address:
            return
        if self.markdown:
            self.out.append(f"]({_escape_address(address)})")
        elif address not in "".join(self.out[self.link_start :]):
            self.out.append(f" ({address})")

    def _media(self, src: str, label: str | None) -> None:
        address = self._address(src)
        name = (label or src.rsplit("/", 1)[-1].split("?")[0] or "file").strip()
        if address is None:
            self.out.append(f" {name} ")
        elif self.links and self.links[-1]:  # already inside a link
            self.out.append(name if self.markdown else "")
        elif self.markdown:
            name = _MARKDOWN_SPECIAL.sub(r"\\\1", name)
            self.out.append(f" [{name}]({_escape_address(address)}) ")
        else:
            self.out.append(f" {address} ")

    def result(self) -> str:
        lines = [
            line.rstrip() if line.startswith("   ") else line.strip()
            for line in "".join(self.out).split("\n")
        ]
        return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _escape_address(address: str) -> str:
    return address.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


class Html:
    """Ning HTML, read once however many times it is written out."""

    def __init__(self, source: str):
        self.source = source or ""
        self._events: list[tuple] | None = None

    def _parsed(self) -> list[tuple]:
        if self._events is None:
            recorder = _Recorder()
            recorder.feed(self.source)
            recorder.close()
            self._events = recorder.events
        return self._events

    def _render(self, *, markdown: bool, resolve: Resolver):
        converter = _Converter(markdown=markdown, resolve=resolve)
        for name, *args in self._parsed():
            getattr(converter, name)(*args)
        return converter.result(), converter.missing

    def to_markdown(self, resolve: Resolver) -> tuple[str, list[str]]:
        """As Markdown, and the export's files it names that are missing."""
        return self._render(markdown=True, resolve=resolve)

    def to_plain_text(self, resolve: Resolver) -> tuple[str, list[str]]:
        """As plain text with its links written out (comments, summaries)."""
        if not _NEEDS_PARSER.search(self.source):
            # Most comments: only paragraphs, breaks and emphasis. Their text is
            # all that is kept, so dropping the tags is enough, and much faster.
            text = _LINE_BREAKS.sub("\n", self.source)
            text = html.unescape(_TAGS.sub("", text)).replace("\xa0", " ")
            lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
            return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip(), []
        return self._render(markdown=False, resolve=resolve)


def to_markdown(source: str, resolve: Resolver) -> tuple[str, list[str]]:
    """Ning HTML as Markdown, and the export's files it names that are missing."""
    return Html(source).to_markdown(resolve)


def to_plain_text(source: str, resolve: Resolver) -> tuple[str, list[str]]:
    """Ning HTML as plain text with its links written out (comments)."""
    return Html(source).to_plain_text(resolve)
