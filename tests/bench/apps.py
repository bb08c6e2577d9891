"""The benchmarks as a development-only app: the load generator's command
(``generate_load_data``). Installed by ``tests.bench.settings`` only, never by the
site's own settings."""

from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "tests.bench"
    label = "bench"
    verbose_name = "Benchmarks"
