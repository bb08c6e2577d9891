"""Every page type stays light: its own origin only, HTML + CSS + JS under 60 KB
uncompressed and 40 KB as sent compressed, and images that carry their size."""

import gzip
from pathlib import Path

import pytest
from django.conf import settings

from tests.e2e.conftest import open_page
from tests.e2e.pages import PAGE_NAMES

BUDGET = 60 * 1024
# The self-assessment's form asks thirty questions of four levels each: its HTML is
# larger before compression, not as sent (the compressed budget holds for it too).
BUDGETS = {"assessment-draft-errors": 80 * 1024}
COMPRESSED_BUDGET = 40 * 1024
MEASURED = ("document", "stylesheet", "script")
REPORT = Path(settings.BASE_DIR) / "var" / "e2e" / "page-weight.md"


@pytest.fixture(scope="module")
def weights(request):
    rows: dict[str, dict] = {}
    yield rows
    if not rows:
        return
    lines = [
        "| page type | path | requests | HTML | CSS | JS | HTML + CSS + JS"
        " | compressed |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in PAGE_NAMES:
        if name not in rows:
            continue
        row = rows[name]
        sizes = [
            row["document"],
            row["stylesheet"],
            row["script"],
            row["total"],
            row["compressed"],
        ]
        lines.append(
            f"| {name} | `{row['path']}` | {row['requests']} | "
            + " | ".join(f"{size / 1024:.1f} KB" for size in sizes)
            + " |"
        )
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(
        "Page weight per page type, uncompressed, as the browser tests measure it"
        f" (budget {BUDGET // 1024} KB of HTML + CSS + JS), and as sent compressed"
        f" (budget {COMPRESSED_BUDGET // 1024} KB):\n\n" + "\n".join(lines) + "\n",
        encoding="utf-8",
    )
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter:
        reporter.write_line("")
        for line in lines:
            reporter.write_line(line)
        reporter.write_line(f"(written to {REPORT.relative_to(settings.BASE_DIR)})")


def sent_compressed(response, body: bytes) -> int:
    """Bytes on the wire: the app's own gzip for pages; for static files, the
    gzip copy WhiteNoise serves in production (the test server sends them plain)."""
    if response.headers.get("content-encoding"):
        return response.request.sizes()["responseBodySize"]
    return len(gzip.compress(body, compresslevel=9))


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_is_light_and_self_contained(
    name, page_types, new_context, live_site, weights
):
    page_type = page_types[name]
    requests = []
    responses = []

    def record(page):
        page.on("request", lambda request: requests.append(request))
        page.on("response", lambda response: responses.append(response))

    def forget_the_empty_form():
        requests.clear()
        responses.clear()

    page, _ = open_page(
        new_context, page_type, on_page=record, before_submit=forget_the_empty_form
    )
    page.wait_for_load_state("load")

    foreign = [r.url for r in requests if not r.url.startswith(live_site.url + "/")]
    foreign = [url for url in foreign if not url.startswith(("data:", "about:"))]
    assert not foreign, f"{name} requests other origins: {foreign}"

    sizes = dict.fromkeys(MEASURED, 0)
    compressed = 0
    for response in responses:
        kind = response.request.resource_type
        if kind in MEASURED and not 300 <= response.status < 400:
            body = response.body()
            sizes[kind] += len(body)
            compressed += sent_compressed(response, body)
    total = sum(sizes.values())
    weights[name] = {
        **sizes,
        "total": total,
        "compressed": compressed,
        "path": page_type.path,
        "requests": len(requests),
    }
    assert sizes["document"] > 0, name
    assert total < BUDGETS.get(name, BUDGET), (
        f"{name}: {total} bytes of HTML + CSS + JS"
    )
    assert compressed < COMPRESSED_BUDGET, f"{name}: {compressed} bytes sent"

    unsized = page.locator("img:not([width]), img:not([height])")
    assert unsized.count() == 0, [
        unsized.nth(i).evaluate("img => img.outerHTML") for i in range(unsized.count())
    ]
