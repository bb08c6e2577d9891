"""bandit and semgrep (with the rules in .semgrep/, offline) find nothing unwaived.

Each waiver names the file and the check, with the reason it was reviewed as safe;
a new finding, or a known check in another file, fails the test.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# Every app of the project, and the site-wide templates.
PROJECT_CODE = [
    *sorted(path.parent.name for path in ROOT.glob("*/apps.py")),
    "templates",
]

BANDIT_WAIVERS = {
    # mark_safe after escaping or sanitising, each marked "noqa: S308" in place.
    ("core/search.py", "B308"): "all but the highlight markers is escaped",
    ("core/search.py", "B703"): "all but the highlight markers is escaped",
    ("core/structured_data.py", "B308"): "JSON-LD with <, > and & escaped",
    ("core/structured_data.py", "B703"): "JSON-LD with <, > and & escaped",
    ("comments/templatetags/comments.py", "B308"): "rendered by the templates",
    ("comments/templatetags/comments.py", "B703"): "rendered by the templates",
    ("events/views.py", "B308"): "output of nh3, the sanitiser",
    ("events/views.py", "B703"): "output of nh3, the sanitiser",
    ("core/templatetags/text.py", "B308"): "output of nh3, the sanitiser",
    ("core/templatetags/text.py", "B703"): "output of nh3, the sanitiser",
    ("core/holes.py", "B308"): "a template's output, holes escaped",
    ("core/holes.py", "B703"): "a template's output, holes escaped",
    ("core/listpages.py", "B308"): "every value escaped, words as templates write them",
    ("core/listpages.py", "B703"): "every value escaped, words as templates write them",
    ("cases/cards.py", "B308"): "a template's output, kept per story",
    ("cases/cards.py", "B703"): "a template's output, kept per story",
    ("cases/facets.py", "B308"): "each value and address escaped, counts integers",
    ("cases/facets.py", "B703"): "each value and address escaped, counts integers",
    ("cases/listing.py", "B308"): "each value escaped; facets and cards already safe",
    ("cases/listing.py", "B703"): "each value escaped; facets and cards already safe",
    ("exchanges/cards.py", "B308"): "every value escaped where the card is written",
    ("exchanges/cards.py", "B703"): "every value escaped where the card is written",
    ("exchanges/lists.py", "B308"): "every value escaped where the filter is written",
    ("exchanges/lists.py", "B703"): "every value escaped where the filter is written",
    ("exchanges/cards.py", "B608"): "names from model metadata, ids as a parameter",
    ("members/lists.py", "B308"): "each option's value and label escaped",
    ("members/lists.py", "B703"): "each option's value and label escaped",
    ("members/cards.py", "B308"): "every value escaped where the card is written",
    ("members/cards.py", "B703"): "every value escaped where the card is written",
    ("kshub/results.py", "B308"): "every value escaped where the result is written",
    ("kshub/results.py", "B703"): "every value escaped where the result is written",
    ("blog/cards.py", "B308"): "every value escaped where the card is written",
    ("blog/cards.py", "B703"): "every value escaped where the card is written",
    ("events/cards.py", "B308"): "every value escaped where the card is written",
    ("events/cards.py", "B703"): "every value escaped where the card is written",
    ("discussions/views.py", "B308"): "the rows a template rendered, markers added",
    ("discussions/views.py", "B703"): "the rows a template rendered, markers added",
    ("discussions/rows.py", "B308"): "every value escaped where the row is written",
    ("discussions/rows.py", "B703"): "every value escaped where the row is written",
    ("core/diffs.py", "B308"): "both sides escaped, then <del> and <ins> added",
    ("core/diffs.py", "B703"): "both sides escaped, then <del> and <ins> added",
    # Text search configuration names from a constant of the migration.
    ("core/migrations/0001_initial.py", "B608"): "names from a constant",
    # The lexicon's INSERT wraps a subquery compiled by the ORM; values are parameters.
    ("core/lexicon.py", "B608"): "ORM-compiled SQL with parameters",
    # A subquery compiled by the ORM, its parameters passed separately.
    ("cases/querysets.py", "B608"): "ORM-compiled SQL with parameters",
    # Two ORM-compiled subqueries joined by UNION ALL, their parameters separate.
    ("core/search.py", "B608"): "ORM-compiled SQL with parameters",
    ("core/search.py", "B611"): "ORM-compiled SQL with parameters",
    # ... and the reader's state on a request's or an offer's page, written out:
    # names from model metadata, values as parameters.
    ("exchanges/querysets.py", "B608"): "ORM-compiled SQL with parameters",
    ("discussions/rows.py", "B608"): "ORM-compiled SQL, names from model metadata",
    ("discussions/pages.py", "B608"): "names from model metadata, values as parameters",
    ("core/dbsessions.py", "B608"): "names from model metadata, values as parameters",
    ("impact/querysets.py", "B608"): "ORM-compiled SQL with parameters",
    # Hot-path queries written as SQL: names from model metadata, values as
    # parameters.
    ("members/querysets.py", "B608"): "identifiers from model metadata",
    ("comments/querysets.py", "B608"): "identifiers from model metadata",
    ("events/querysets.py", "B608"): "identifiers from model metadata",
    ("notifications/querysets.py", "B608"): "identifiers from model metadata",
    ("opendata/fields.py", "B608"): "identifiers from model metadata",
    ("opendata/fields.py", "B611"): "identifiers from model metadata",
    # The demo loader: its password is the documented demo one.
    ("demo/content.py", "B105"): "the demo accounts' documented password",
    # Rate-limit strings such as "5/m/user" next to "password" keys.
    ("kshub/settings/base.py", "B105"): "rate limits, not passwords",
}


def _env() -> dict:
    return {
        **os.environ,
        "SEMGREP_ENABLE_VERSION_CHECK": "0",
        "SEMGREP_SEND_METRICS": "off",
    }


@pytest.fixture(scope="module")
def reports():
    """Both scanners, run side by side."""
    bandit = subprocess.Popen(  # noqa: S603 — our own tools on our own code
        [BIN / "bandit", "-c", "pyproject.toml", "-r", ".", "-q", "-f", "json"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    semgrep = subprocess.Popen(  # noqa: S603 — our own tools on our own code
        [
            BIN / "semgrep",
            "scan",
            "--metrics=off",
            "--disable-version-check",
            "--config",
            ".semgrep/",
            "--json",
            "--quiet",
            *PROJECT_CODE,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    bandit_out, bandit_err = bandit.communicate(timeout=300)
    semgrep_out, semgrep_err = semgrep.communicate(timeout=300)
    return {
        "bandit": (bandit.returncode, bandit_out, bandit_err),
        "semgrep": (semgrep.returncode, semgrep_out, semgrep_err),
    }


def test_bandit_reports_nothing_unwaived(reports):
    _code, out, err = reports["bandit"]
    report = json.loads(out or "{}")
    assert "results" in report, err
    assert report["errors"] == []
    scanned = {Path(name).parts[0] for name in report["metrics"] if name != "_totals"}
    assert {"members", "cases", "kshub"} <= scanned
    assert ".venv" not in scanned
    unwaived = [
        f"{finding['filename']}:{finding['line_number']} {finding['test_id']} "
        f"{finding['issue_text']}"
        for finding in report["results"]
        if (finding["filename"].removeprefix("./"), finding["test_id"])
        not in BANDIT_WAIVERS
    ]
    assert unwaived == []


def test_semgrep_with_the_repository_rules_reports_nothing(reports):
    _code, out, err = reports["semgrep"]
    report = json.loads(out or "{}")
    assert "results" in report, err
    assert report["errors"] == []
    assert len(report["paths"]["scanned"]) > 50
    findings = [
        f"{finding['path']}:{finding['start']['line']} {finding['check_id']}"
        for finding in report["results"]
    ]
    assert findings == []


def test_semgrep_rules_catch_what_they_are_for(tmp_path):
    """The rules are alive: a file with each mistake is reported."""
    bad = tmp_path / "views.py"
    bad.write_text(
        "from django.utils.safestring import mark_safe\n"
        "from django.views.decorators.csrf import csrf_exempt\n\n\n"
        "@csrf_exempt\n"
        "def view(request, cursor):\n"
        "    cursor.execute(f\"SELECT {request.GET['x']}\")\n"
        "    return mark_safe(request.GET.get('x'))\n"
    )
    result = subprocess.run(  # noqa: S603 — our own tool on a scratch file
        [
            BIN / "semgrep",
            "scan",
            "--metrics=off",
            "--disable-version-check",
            "--config",
            str(ROOT / ".semgrep"),
            "--json",
            "--quiet",
            str(bad),
        ],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=300,
        check=False,
    )
    found = {
        finding["check_id"].rsplit(".", 1)[-1]
        for finding in json.loads(result.stdout)["results"]
    }
    assert found >= {
        "kshub-no-csrf-exempt",
        "kshub-no-raw-sql-formatting",
        "kshub-no-mark-safe-on-request-data",
    }
