"""The code stays lint-clean (ruff), formatted (ruff format) and type-checked (mypy --strict
on the package)."""

import subprocess
import sys

from tests.conftest import ROOT


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_ruff():
    res = _run("ruff", "check", "patchlint", "tests", "bench", "rules", "fuzz")
    assert res.returncode == 0, res.stdout + res.stderr


def test_ruff_format():
    res = _run("ruff", "format", "--check", ".")
    assert res.returncode == 0, res.stdout + res.stderr


def test_mypy():
    res = _run("mypy")
    assert res.returncode == 0, res.stdout + res.stderr
