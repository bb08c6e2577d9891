import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.factories import MemberFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def old_member(db):
    """A verified member whose account is older than a day (the full rate limit)."""
    return MemberFactory(date_joined=timezone.now() - datetime.timedelta(days=30))
