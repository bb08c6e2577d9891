"""A row's "last activity", worded once per wording, reads as naturaltime does."""

import datetime
from unittest import mock

import pytest
from django.contrib.humanize.templatetags import humanize
from django.utils import timezone, translation

from discussions.rows import moved_ago

# A leap day and a month's end among them.
NOWS = [
    datetime.datetime(2028, 3, 1, 0, 0, 30, tzinfo=datetime.UTC),
    datetime.datetime(2026, 12, 31, 23, 59, 59, tzinfo=datetime.UTC),
    datetime.datetime(2027, 2, 28, 12, 0, tzinfo=datetime.UTC),
]
# From seconds to two months, at odd steps so that every unit and boundary comes up.
PASSED = [
    datetime.timedelta(seconds=seconds)
    for seconds in (
        *range(0, 2 * 3600, 37),
        *range(2 * 3600, 3 * 86400, 1111),
        *range(3 * 86400, 62 * 86400, 7777),
        *(
            unit * n + offset
            for unit in (3600, 86400, 604800)
            for n in range(1, 9)
            for offset in (-61, -1, 0, 1, 59, 60, 61)
        ),
    )
]


@pytest.mark.parametrize("language", ["en", "es", "fr"])
@pytest.mark.parametrize("now", NOWS)
def test_reads_as_naturaltime_at_every_interval(language, now):
    class FrozenDatetime(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return now.astimezone(tz)

    with (
        translation.override(language),
        mock.patch.object(humanize, "datetime", FrozenDatetime),
    ):
        for passed in PASSED:
            when = timezone.localtime(now - passed)
            expected = humanize.naturaltime(when)
            assert moved_ago(when, now) == expected, passed
            assert moved_ago(when, now, language) == expected, passed
