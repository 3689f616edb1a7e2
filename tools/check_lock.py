"""Check that the hashed lock files agree with pyproject.toml (run by `make lint`).

The lock files in ``requirements/`` are written by ``make lock`` (``uv pip compile``) from
``pyproject.toml``: ``base.txt`` holds the runtime dependencies, ``dev.txt`` the runtime and
the ``dev`` extra. This check needs no network. It fails when

* a dependency of pyproject.toml is missing from its lock file, or its locked version lies
  outside the range pyproject.toml asks for (someone edited one file and not the other);
* a lock file names pyproject.toml as the reason for a package that pyproject.toml no
  longer asks for (a dependency removed from pyproject.toml but not from the lock);
* a locked package has no hash (pip's ``--require-hashes`` would refuse it anyway);
* the two lock files disagree on the version of a package they share.

With ``--installed`` it also compares the active environment with ``requirements/dev.txt``
(after ``make setup``): a locked package installed in another version fails; packages that
are installed but not locked are named, since a manual ``pip install`` may have left them.

Usage: ``python tools/check_lock.py [--installed]``.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
LOCKS = {"base": ROOT / "requirements" / "base.txt", "dev": ROOT / "requirements" / "dev.txt"}
FROM_PYPROJECT = "civicportal (pyproject.toml)"
PIN = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>[^\s;\\]+)\s*(?:;(?P<marker>[^\\]*))?")
# The environment's own tools, never part of a lock.
UNLOCKED_TOOLS = {"pip", "setuptools", "wheel", "civicportal"}


@dataclass
class Pin:
    version: Version
    marker: str
    hashes: int = 0
    via: list[str] = field(default_factory=list)


def read_lock(path: Path) -> dict[str, Pin]:
    """The pins of a lock file written by ``uv pip compile --generate-hashes``."""
    pins: dict[str, Pin] = {}
    current: Pin | None = None
    in_via = False
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        match = PIN.match(raw)
        if match:
            name = canonicalize_name(match["name"])
            current = Pin(Version(match["version"]), (match["marker"] or "").strip())
            pins[name] = current
            in_via = False
            continue
        if current is None:
            continue
        if line.startswith("--hash="):
            current.hashes += 1
        elif line.startswith("# via"):
            rest = line.removeprefix("# via").strip()
            in_via = True
            if rest:
                current.via.append(rest)
        elif in_via and line.startswith("#"):
            current.via.append(line.lstrip("#").strip())
    return pins


def wanted(extra: str | None) -> list[Requirement]:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    requirements = [Requirement(spec) for spec in project["dependencies"]]
    if extra:
        requirements += [Requirement(spec) for spec in project["optional-dependencies"][extra]]
    return requirements


def check_lock(name: str, path: Path, requirements: list[Requirement]) -> list[str]:
    problems = []
    if not path.exists():
        return [f"{path.relative_to(ROOT)} is missing: run `make lock`"]
    pins = read_lock(path)
    asked = {canonicalize_name(req.name) for req in requirements}
    for req in requirements:
        key = canonicalize_name(req.name)
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue
        pin = pins.get(key)
        if pin is None:
            problems.append(f"{name}: {req} is in pyproject.toml but not locked (`make lock`)")
        elif req.specifier and not req.specifier.contains(pin.version, prereleases=True):
            problems.append(
                f"{name}: {req.name}=={pin.version} is locked, pyproject.toml asks for "
                f"{req.specifier} (`make lock`)"
            )
    for key, pin in pins.items():
        if pin.hashes == 0:
            problems.append(f"{name}: {key}=={pin.version} has no hash")
        if FROM_PYPROJECT in pin.via and key not in asked:
            problems.append(
                f"{name}: {key} is locked for pyproject.toml, which no longer asks for it "
                "(`make lock`)"
            )
    return problems


def check_agreement() -> list[str]:
    base, dev = read_lock(LOCKS["base"]), read_lock(LOCKS["dev"])
    return [
        f"base.txt locks {key}=={pin.version}, dev.txt {dev[key].version} (`make lock`)"
        for key, pin in base.items()
        if key in dev and dev[key].version != pin.version
    ]


def check_installed() -> tuple[list[str], list[str]]:
    pins = read_lock(LOCKS["dev"])
    installed = {
        canonicalize_name(dist.metadata["Name"]): Version(dist.version)
        for dist in metadata.distributions()
    }
    problems, extras = [], []
    for key, pin in pins.items():
        if pin.marker and not Marker(pin.marker).evaluate():
            continue
        if installed.get(key) != pin.version:
            problems.append(
                f"installed {key} {installed.get(key, 'missing')}, locked {pin.version}"
            )
    for key in sorted(set(installed) - set(pins) - UNLOCKED_TOOLS):
        extras.append(key)
    return problems, extras


def main(argv: list[str]) -> int:
    problems = check_lock("base.txt", LOCKS["base"], wanted(None))
    problems += check_lock("dev.txt", LOCKS["dev"], wanted("dev"))
    if not problems:
        problems += check_agreement()
    if "--installed" in argv:
        installed_problems, extras = check_installed()
        problems += installed_problems
        if extras:
            print(
                "check_lock: installed but not locked (left over from an older install; "
                "remove with `pip uninstall` or recreate .venv): " + ", ".join(extras),
                file=sys.stderr,
            )
    for problem in problems:
        print(f"check_lock: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
