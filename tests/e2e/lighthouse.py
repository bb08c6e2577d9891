"""`make lighthouse`: Lighthouse's mobile scores (its default throttling) of every
page type a visitor opens, with Debian's Chromium, as a Markdown table.

Serves the portal as production does (tests/e2e/serve.py). Writes the table to
var/lighthouse/scores.md and each report's JSON beside it; exits non-zero when a
score is under 95.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
OUT = ROOT / "var" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
FLOOR = 95

from tests.e2e.serve import page_paths, production_server  # noqa: E402


def audit(url: str, name: str, *, attempts: int = 2) -> dict[str, int]:
    """One page's scores; a run Lighthouse itself gives up on is tried again."""
    report = OUT / f"{name}.json"
    for attempt in range(attempts):
        run = _lighthouse(url, report)
        if run.returncode == 0:
            break
        if attempt == attempts - 1:
            run.check_returncode()
    categories = json.loads(report.read_text(encoding="utf-8"))["categories"]
    return {key: round(categories[key]["score"] * 100) for key in CATEGORIES}


def _lighthouse(url: str, report: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 — the Lighthouse npm installed
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            "--only-categories=" + ",".join(CATEGORIES),
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
        check=False,
        timeout=240,
    )


def main() -> int:
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: npm install --no-save lighthouse")
    OUT.mkdir(parents=True, exist_ok=True)
    paths = page_paths()
    if only := sys.argv[1:]:  # page type names, to measure a few again
        paths = {name: path for name, path in paths.items() if name in only}
    lines = [
        "| page type | path | " + " | ".join(CATEGORIES) + " |",
        "| --- | --- |" + " ---: |" * len(CATEGORIES),
    ]
    low = []
    with production_server() as base:
        for name, path in paths.items():
            scores = audit(base + path, name)
            low += [f"{name} {key} {n}" for key, n in scores.items() if n < FLOOR]
            lines.append(
                f"| {name} | `{path}` | "
                + " | ".join(str(scores[key]) for key in CATEGORIES)
                + " |"
            )
            print(lines[-1], flush=True)  # noqa: T201
    table = "\n".join(lines) + "\n"
    (OUT / "scores.md").write_text(table, encoding="utf-8")
    print("\n" + table)  # noqa: T201
    if low:
        print("Under " + str(FLOOR) + ": " + ", ".join(low))  # noqa: T201
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
