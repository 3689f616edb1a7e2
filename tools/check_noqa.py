"""Every function-level import states why (run by `make lint`).

Ruff's PLC0415 refuses an ``import`` inside a function; the exceptions carry
``# noqa: PLC0415 – <reason>``. This check fails on a suppression without a reason, so a
late import that hides an import cycle cannot slip in with a bare ``noqa``.

Usage: ``python tools/check_noqa.py [PATH ...]`` (default: the portal's packages).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("civicportal", "initiatives", "volunteering", "funding", "organisations", "tools")
NOQA = re.compile(r"#\s*noqa:[^#]*\bPLC0415\b(?P<rest>.*)$")
# after the codes: a separator and a reason of at least two words
REASON = re.compile(r"^\s*[,A-Z0-9\s]*?[–—:-]\s*\S+\s+\S+")


def problems(paths: list[Path]) -> list[str]:
    found = []
    for path in paths:
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
                match = NOQA.search(line)
                if match and not REASON.match(match["rest"]):
                    found.append(f"{file}:{number}: `noqa: PLC0415` without a reason")
    return found


def main(argv: list[str]) -> int:
    paths = [Path(arg) for arg in argv] or [ROOT / name for name in (*PACKAGES, "manage.py")]
    found = problems([path for path in paths if path.exists()])
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
