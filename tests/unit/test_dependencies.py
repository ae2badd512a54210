"""The lock file pins every dependency pyproject.toml declares, and nothing machine-local.

A fresh machine installs exactly ``requirements/lock.txt``; a dependency added to
pyproject.toml without ``make lock`` would install unpinned, so it fails here first.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[2]
LOCK = REPO / "requirements" / "lock.txt"
_PIN = re.compile(r"^([A-Za-z0-9._-]+)==(\S+)$")


def _declared() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    return [
        Requirement(line)
        for line in [*project["dependencies"], *(r for group in extras.values() for r in group)]
    ]


def _pins() -> dict[str, str]:
    pins = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line.strip())
        if match:
            pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def test_every_declared_dependency_is_pinned_within_its_range() -> None:
    pins = _pins()
    for requirement in _declared():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in {LOCK.name}: run `make lock`"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{name}=={pins[name]} is outside {requirement.specifier}: run `make lock`"
        )


def test_the_lock_names_no_index_url_or_local_path() -> None:
    text = LOCK.read_text(encoding="utf-8")
    for marker in ("--index-url", "--extra-index-url", "--find-links", "file:", "-e ", "/opt/"):
        assert marker not in text
