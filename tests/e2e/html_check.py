"""`make htmlcheck`: every page type through the Nu HTML Checker (vnu.jar, from npm's
vnu-jar package, run by Java), as a Markdown table of errors and warnings.

Renders the pages in-process over the database of DATABASE_URL, which must hold the
demo content (`manage.py load_demo`): signed in where the page type is, and with the
form sent empty where the page type shows a form's errors. Writes each page and the
table to var/htmlcheck/; exits non-zero when a page has an error.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
OUT = ROOT / "var" / "htmlcheck"


def render_pages() -> dict[str, Path]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kshub.settings.dev")
    django.setup()
    from django.conf import settings
    from django.test import Client, override_settings

    from members.models import User
    from tests.e2e.conftest import MEMBER_EMAIL, MODERATOR_EMAIL
    from tests.e2e.pages import MEMBER, resolve_page_types

    clients = {None: Client(HTTP_HOST="127.0.0.1")}
    for role, email in ((MEMBER, MEMBER_EMAIL), ("moderator", MODERATOR_EMAIL)):
        clients[role] = Client(HTTP_HOST="127.0.0.1")
        clients[role].force_login(
            User.objects.get(email=email), backend=settings.AUTHENTICATION_BACKENDS[0]
        )
    files = {}
    pages = resolve_page_types(member_email=MEMBER_EMAIL)
    # The portal's own error pages, not the development ones.
    with override_settings(DEBUG=False):
        for name, page in pages.items():
            files[name] = _render(clients[page.user], page, OUT / f"{name}.html")
    return files


def _render(client, page, path: Path) -> Path:
    response = client.post(page.path) if page.submit else client.get(page.path)
    if response.status_code != page.status:
        raise SystemExit(f"{page.name}: {page.path} answered {response.status_code}")
    path.write_bytes(response.content)
    return path


def check(files: dict[str, Path]) -> dict[str, list[dict]]:
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
    if not VNU.exists():
        raise SystemExit("The checker is missing: npm install --no-save vnu-jar")
    OUT.mkdir(parents=True, exist_ok=True)
    messages = check(render_pages())
    lines = [
        "| page type | errors | warnings | notes |",
        "| --- | ---: | ---: | ---: |",
    ]
    errors = 0
    for name, found in messages.items():
        kinds = [message.get("subType", message["type"]) for message in found]
        page_errors = len(found) - kinds.count("warning") - kinds.count("info")
        errors += page_errors
        counts = (page_errors, kinds.count("warning"), kinds.count("info"))
        lines.append(f"| {name} | " + " | ".join(map(str, counts)) + " |")
        for kind, message in zip(kinds, found, strict=True):
            where = message.get("extract", "")
            print(f"{name}: {kind}: {message['message']} {where!r}")  # noqa: T201
    table = "\n".join(lines) + "\n"
    (OUT / "results.md").write_text(table, encoding="utf-8")
    print("\n" + table)  # noqa: T201
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
