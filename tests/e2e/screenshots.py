"""`make screenshots`: phone and desktop pictures of the main pages, for the README.

Serves the portal as production does (tests/e2e/serve.py) and drives Debian's
Chromium with Playwright; writes docs/screenshots/<page>-<phone|desktop>.png.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"
SIZES = {
    "phone": {"width": 375, "height": 740},
    "desktop": {"width": 1280, "height": 800},
}
MAIN_PAGES = [
    "home",
    "case-list-filtered",
    "case-story",
    "event",
    "search",
    "member-list",
    "exchange-list",
    "knowledge-request",
    "topic",
    "impact",
    "assessment-benchmark",
    "sign-in",
]

from tests.e2e.serve import page_paths, production_server  # noqa: E402


def shoot(url: str, pages: dict[str, str]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from tests.browser import launch_chromium

    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for size, viewport in SIZES.items():
            context = browser.new_context(
                base_url=url, viewport=viewport, locale="en-GB", device_scale_factor=1
            )
            page = context.new_page()
            for name, path in pages.items():
                page.goto(path)
                target = OUT / f"{name}-{size}.png"
                page.screenshot(path=str(target))
                written.append(target)
            context.close()
        browser.close()
    return written


def main() -> None:
    paths = page_paths()
    pages = {name: paths[name] for name in MAIN_PAGES}
    with production_server() as url:
        for path in shoot(url, pages):
            print(path.relative_to(ROOT))  # noqa: T201


if __name__ == "__main__":
    main()
