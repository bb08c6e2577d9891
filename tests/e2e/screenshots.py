"""`make screenshots`: phone and desktop pictures of the main pages, for the README.

Serves the portal (the database of DATABASE_URL, with the demo content loaded) with
`manage.py runserver` on a free port, or uses SCREENSHOTS_URL when it is set, and
drives Debian's Chromium with Playwright. Writes docs/screenshots/<page>-<size>.png.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"
SIZES = {
    "phone": {"width": 375, "height": 740},
    "desktop": {"width": 1280, "height": 800},
}


def main_pages() -> dict[str, str]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kshub.settings.dev")
    django.setup()
    from django.db.models import Count

    from cases.models import CaseStory
    from events.models import Event

    story = CaseStory.objects.published().order_by("-published_at", "pk").first()
    event = Event.objects.annotate(n=Count("sessions")).order_by("-n", "pk").first()
    return {
        "home": "/",
        "case-list": "/cases/",
        "case-story": story.get_absolute_url(),
        "event": event.get_absolute_url(),
        "search": "/search/?q=knowledge",
        "members": "/members/",
        "sign-in": "/accounts/login/",
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve() -> tuple[str, subprocess.Popen]:
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 — our own manage.py
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/healthz", timeout=1)  # noqa: S310
            return url, server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the development server did not start")


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
    pages = main_pages()
    server = None
    url = os.environ.get("SCREENSHOTS_URL", "")
    if not url:
        url, server = _serve()
    try:
        for path in shoot(url, pages):
            print(path.relative_to(ROOT))  # noqa: T201
    finally:
        if server:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
