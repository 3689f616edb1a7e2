"""The benchmark's app (bench/) exists only while benchmarking (``BENCH=1``)."""

from __future__ import annotations

import os
import subprocess
import sys

from django.apps import apps
from django.conf import settings
from django.test import Client


def test_the_portal_runs_without_the_bench_app(db):
    response = Client().get("/bench/leer/")

    assert not apps.is_installed("bench")
    assert response.status_code == 404


def test_bench_1_installs_the_generator_and_the_empty_view():
    env = {**os.environ, "BENCH": "1", "DEBUG": "1"}
    script = (
        "import django; django.setup(); "
        "from django.apps import apps; from django.urls import reverse; "
        "from django.core.management import get_commands; "
        "print(apps.is_installed('bench'), reverse('bench_empty'), "
        "get_commands()['generate_bench_data'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "civicportal.settings"},
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.split() == ["True", "/bench/leer/", "bench"]
