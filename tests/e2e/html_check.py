"""`make htmlcheck`: every page type through the Nu HTML Checker (vnu.jar, from npm's
vnu-jar package, run by Java), as a Markdown table of errors and warnings.

Renders the pages in-process over the database of DATABASE_URL, which must hold the
demo content (`manage.py load_demo`): signed in where the page type is, and with the
form sent empty where the page type shows a form's errors. Writes each page and the
table to var/htmlcheck/; exits non-zero when a page has an error.
`tests/e2e/test_html_validity.py` runs the same check in the browser tests.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
OUT = ROOT / "var" / "htmlcheck"


def missing_checker() -> str | None:
    if not shutil.which("java"):
        return "Java is missing (the Nu HTML Checker runs on it)"
    if not VNU.exists():
        return f"{VNU} is missing: make node_modules/.installed"
    return None


def render(pages: dict, out: Path) -> dict[str, Path]:
    """Each page type's HTML as its user gets it, written into ``out``."""
    from django.conf import settings
    from django.test import Client, override_settings

    from members.models import User
    from tests.e2e.conftest import MEMBER_EMAIL, MODERATOR_EMAIL
    from tests.e2e.pages import MEMBER, MODERATOR

    clients = {None: Client(HTTP_HOST="127.0.0.1")}
    for role, email in ((MEMBER, MEMBER_EMAIL), (MODERATOR, MODERATOR_EMAIL)):
        clients[role] = Client(HTTP_HOST="127.0.0.1")
        clients[role].force_login(
            User.objects.get(email=email), backend=settings.AUTHENTICATION_BACKENDS[0]
        )
    files = {}
    # The portal's own error pages, not the development ones.
    with override_settings(DEBUG=False):
        for name, page in pages.items():
            client = clients[page.user]
            response = client.post(page.path) if page.submit else client.get(page.path)
            if response.status_code != page.status:
                raise AssertionError(f"{name}: {page.path} {response.status_code}")
            files[name] = out / f"{name}.html"
            files[name].write_bytes(response.content)
    return files


def kind(message: dict) -> str:
    """error, warning or info (the checker's notes)."""
    return message.get("subType", message["type"])


def check(files: dict[str, Path]) -> dict[str, list[dict]]:
    """The checker's messages per page type."""
    run = subprocess.run(  # noqa: S603 — the checker npm installed
        ["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always"]
        + [str(path) for path in files.values()],
        capture_output=True,
        text=True,
        check=True,
    )
    messages = {name: [] for name in files}
    for message in json.loads(run.stderr)["messages"]:
        messages[Path(message["url"].removeprefix("file:")).stem].append(message)
    return messages


def main() -> int:
    if reason := missing_checker():
        raise SystemExit(reason)
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kshub.settings.dev")
    django.setup()
    from tests.e2e.conftest import MEMBER_EMAIL
    from tests.e2e.pages import resolve_page_types

    OUT.mkdir(parents=True, exist_ok=True)
    messages = check(render(resolve_page_types(member_email=MEMBER_EMAIL), OUT))
    lines = ["| page type | errors | warnings | notes |", "| --- |" + " ---: |" * 3]
    errors = 0
    for name, found in messages.items():
        kinds = [kind(message) for message in found]
        errors += kinds.count("error")
        counts = (kinds.count("error"), kinds.count("warning"), kinds.count("info"))
        lines.append(f"| {name} | " + " | ".join(map(str, counts)) + " |")
        for message in found:
            where = message.get("extract", "")
            print(f"{name}: {kind(message)}: {message['message']} {where!r}")  # noqa: T201
    table = "\n".join(lines) + "\n"
    (OUT / "results.md").write_text(table, encoding="utf-8")
    print("\n" + table)  # noqa: T201
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
