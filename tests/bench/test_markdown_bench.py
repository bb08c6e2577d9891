"""``make bench``: how long the Markdown renderer takes on the inputs known to stall
Markdown parsers, at the length a member may write. Prints one row per input, with
Python-Markdown beside it when that package happens to be installed, and fails when
any render of ours takes longer than a second (a guard against a catastrophe, not a
budget). Alone: ``.venv/bin/python -m pytest tests/bench/test_markdown_bench.py -s``.
"""

import importlib.util
import time

import pytest

from core.text import MARKDOWN_MAX_LENGTH, render_markdown
from tests.security.markdown_corpus import pathological

# Python-Markdown on an input where it is quadratic would take minutes; its column
# is measured on the first inputs only up to this many characters.
PYTHON_MARKDOWN_SIZE = 8_000


def _seconds(render, source: str) -> float:
    # CPU time, so that other work on a shared machine does not count.
    started = time.process_time()
    render(source)
    return time.process_time() - started


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_markdown_renders_pathological_input_fast():
    python_markdown = None
    if importlib.util.find_spec("markdown"):
        import markdown

        python_markdown = markdown.markdown
    rows = []
    for name, source in pathological(MARKDOWN_MAX_LENGTH).items():
        ours = _seconds(render_markdown, source)
        theirs = "-"
        if python_markdown is not None:
            small = pathological(PYTHON_MARKDOWN_SIZE)[name]
            theirs = f"{_seconds(python_markdown, small):.3f}"
        rows.append((name, len(source), ours, theirs))
    print(  # noqa: T201
        f"\n| input | chars | CPU s | Python-Markdown CPU s at {PYTHON_MARKDOWN_SIZE} |"
    )
    print("|---|---:|---:|---:|")  # noqa: T201
    for name, size, ours, theirs in rows:
        print(f"| {name} | {size} | {ours:.3f} | {theirs} |")  # noqa: T201
    assert max(ours for _n, _s, ours, _t in rows) < 1.0
