"""Benchmarks: production settings, plus a hello-world route when KSHUB_BENCH=1.

The route measures the stack's own ceiling (gunicorn, middleware, a response) on the
same server as the pages, so page throughput can be read as a share of it.
"""

import os

from .prod import *  # noqa: F403

if os.environ.get("KSHUB_BENCH") == "1":
    ROOT_URLCONF = "kshub.bench_urls"
