from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Installed only with ``BENCH=1`` (civicportal/settings.py): ``make bench``."""

    name = "bench"
    verbose_name = "Benchmark"
    default_auto_field = "django.db.models.BigAutoField"
