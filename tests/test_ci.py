"""The CI script (``.ci/run``) runs what the README tells a contributor to run, unchanged, then ruff and mypy.

A CI that ran a narrower test command than the README's (``-m "not slow"``, ``-x``, a subset of files) would pass
while the documented one fails; these tests keep the two in step.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CI_RUN = ROOT / ".ci" / "run"
README = ROOT / "README.md"
FENCED = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)


def _readme_test_setup() -> list[str]:
    """The README's set-up command for the tests, split at ``&&`` (the fenced command that runs pytest)."""
    commands = [line.strip() for block in FENCED.findall(README.read_text(encoding="utf-8"))
                for line in block.splitlines() if "pytest" in line and not line.lstrip().startswith("#")]
    assert len(commands) == 1, f"README.md should show one command that runs the tests, found {commands}"
    return [part.strip() for part in commands[0].split("&&")]


def _ci_commands() -> list[list[str]]:
    """The commands ``.ci/run`` runs, each as its words (comments and blank lines left out, ``&&`` split)."""
    commands = []
    for line in CI_RUN.read_text(encoding="utf-8").replace("\\\n", " ").splitlines():  # continued lines joined
        words = shlex.split(line, comments=True)
        while words:
            cut = words.index("&&") if "&&" in words else len(words)
            commands.append(words[:cut])
            words = words[cut + 1:]
    return commands


def _without_quiet(words: list[str]) -> list[str]:
    return [w for w in words if w not in ("-q", "--quiet")]


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    setup = _readme_test_setup()
    test_command = shlex.split(setup[-1])
    assert test_command == ["python", "-m", "pytest"], f"README's test command changed: {setup[-1]!r}"
    ci = _ci_commands()
    assert test_command in ci, f".ci/run does not run the README's test command {setup[-1]!r} as written"
    # ... installed as the README installs it (CI may only add -q)
    install = next(shlex.split(part) for part in setup if part.startswith("pip install"))
    assert install in [_without_quiet(c) for c in ci], f".ci/run does not install with {' '.join(install)!r}"


def test_ci_lints_and_type_checks_after_the_tests() -> None:
    ci = _ci_commands()
    assert CI_RUN.read_text(encoding="utf-8").count("set -euo pipefail") == 1
    tests = ci.index(["python", "-m", "pytest"])
    assert ["ruff", "check", "."] in ci[tests + 1:]
    assert ["mypy", "termalign"] in ci[tests + 1:]
