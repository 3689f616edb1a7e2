"""The import rules of `make lint`: the import-linter contracts in pyproject.toml pass on the
portal and fail on a planted upward import, a planted cycle, a late import (ruff PLC0415)
and a bare ``noqa``."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tools.check_noqa import ROOT, problems

PACKAGES = ("civicportal", "initiatives", "volunteering", "funding", "organisations")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# file to write (or extend) in the copy → the import it plants, and the broken contract
PLANTED = {
    # an app importing a higher app
    "initiatives/planted_up.py": "import volunteering.models\n",
    # an app importing the top package
    "volunteering/planted_top.py": "from civicportal import views\n",
    # the bottom importing an app
    "civicportal/core/planted_app.py": "import initiatives.models\n",
    # the two independent apps
    "funding/planted_sibling.py": "import volunteering.services\n",
    # a cycle inside one app: planted_cycle → tokens → planted_cycle
    "initiatives/planted_cycle.py": "from initiatives import tokens\n",
    "initiatives/tokens.py": "from initiatives import planted_cycle  # noqa: E402, F401\n",
}


def _copy_project(target: Path) -> None:
    """The portal's Python packages and pyproject.toml, without templates or data."""
    for package in PACKAGES:
        if (ROOT / package).is_dir():
            shutil.copytree(
                ROOT / package,
                target / package,
                ignore=lambda _dir, names: [
                    n for n in names if (not n.endswith(".py") and "." in n) or n == "__pycache__"
                ],
            )
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("layers")
    _copy_project(target)
    return target


def test_contracts_kept_by_the_portal(project_copy):
    result = _lint_imports(project_copy)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_contracts_broken_by_planted_imports(project_copy, tmp_path):
    planted = tmp_path / "planted"
    shutil.copytree(project_copy, planted)
    for name, line in PLANTED.items():
        with (planted / name).open("a", encoding="utf-8") as file:
            file.write(line)

    result = _lint_imports(planted)

    report = result.stdout
    assert result.returncode == 1, report + result.stderr
    assert "3 broken" in report
    assert "initiatives.planted_up -> volunteering.models" in report
    assert "volunteering.planted_top -> civicportal.views" in report
    assert "funding.planted_sibling -> volunteering.services" in report
    assert "civicportal.core.planted_app -> initiatives.models" in report
    assert "No cycles are allowed in initiatives." in report
    assert "- .tokens -> .planted_cycle (1 import)" in report


def test_bare_noqa_for_a_late_import_is_refused(tmp_path):
    module = tmp_path / "late.py"
    module.write_text(
        "def explained():\n"
        "    import json  # noqa: PLC0415 – only the export needs it\n"
        "\n"
        "def unexplained():\n"
        "    import csv  # noqa: PLC0415\n",
        encoding="utf-8",
    )

    assert problems([module]) == [f"{module}:5: `noqa: PLC0415` without a reason"]


def test_every_late_import_of_the_portal_states_its_reason():
    assert problems([ROOT / package for package in PACKAGES if (ROOT / package).is_dir()]) == []


def test_an_unexplained_late_import_fails_ruff(tmp_path):
    """`make lint` runs ruff with PLC0415: a function-level import without a stated reason
    fails, the same import with `# noqa: PLC0415 – <reason>` passes."""
    ruff = Path(sys.executable).with_name("ruff")
    module = tmp_path / "initiatives" / "planted_late.py"
    module.parent.mkdir()
    module.write_text(
        "def late():\n    import json\n\n    return json.dumps({})\n", encoding="utf-8"
    )

    def check() -> subprocess.CompletedProcess:
        return subprocess.run(
            [
                str(ruff),
                "check",
                "--no-cache",
                "--config",
                str(ROOT / "pyproject.toml"),
                str(module),
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    refused = check()
    module.write_text(
        "def late():\n    import json  # noqa: PLC0415 – planted for the test\n\n"
        "    return json.dumps({})\n",
        encoding="utf-8",
    )
    explained = check()

    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "PLC0415" in refused.stdout
    assert explained.returncode == 0, explained.stdout + explained.stderr
