"""``make bench``: runs the benchmark in its own process and shows its table."""

import os
import subprocess
import sys
from pathlib import Path

RUNNER = Path(__file__).with_name("run_bench.py")


def test_bench_prints_the_table():
    # The runner configures Django itself (production settings, the bench database).
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(RUNNER)], cwd=RUNNER.parents[2], env=env, check=False
    )
    assert result.returncode == 0
