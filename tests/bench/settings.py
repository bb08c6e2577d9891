"""Benchmarks: production settings, plus the load generator's command, plus a
hello-world route when KSHUB_BENCH=1.

The route measures the stack's own ceiling (gunicorn, middleware, a response) on the
same server as the pages, so page throughput can be read as a share of it.
"""

import os

from kshub.settings.prod import *  # noqa: F403
from kshub.settings.prod import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.bench"]

if os.environ.get("KSHUB_BENCH") == "1":
    ROOT_URLCONF = "tests.bench.urls"
