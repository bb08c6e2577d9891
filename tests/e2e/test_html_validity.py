"""The Nu HTML Checker finds no error on any page type (warnings are reported by
`make htmlcheck`). Skipped where Java or the checker is missing, except in CI."""

import os

import pytest

from tests.e2e import html_check


def test_every_page_type_is_valid_html(page_types, django_db_blocker, tmp_path):
    if reason := html_check.missing_checker():
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    with django_db_blocker.unblock():
        files = html_check.render(page_types, tmp_path)
    messages = html_check.check(files)
    errors = {
        name: [(m["message"], m.get("extract")) for m in found]
        for name, found in messages.items()
        if any(html_check.kind(m) == "error" for m in found)
    }
    assert len(files) == len(page_types)
    assert not errors
