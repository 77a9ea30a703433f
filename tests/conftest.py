"""Shared test helpers: where the shared corpus and the fixtures live, schema validation."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from patchlint.ingest import read_messages
from patchlint.ingest.mbox import message_starts
from patchlint.model.message import Message

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PATCHLINT_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
FIXTURES = ROOT / "fixtures"
SCHEMA_PATH = ROOT / "patchlint" / "report" / "schema" / "patchlint-report-1.schema.json"


# The programs the test extras install (b4; patchlint itself) sit next to the interpreter
# running the tests, in the venv's bin/, which a fresh shell does not have on PATH (README
# command 2 runs `.venv/bin/python -m pytest` without activating the venv). Put it first,
# as activating the venv would, so every subprocess a test starts - b4, git hooks, b4's
# check commands - finds them too.
VENV_BIN = Path(sys.executable).parent
if str(VENV_BIN) not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = os.pathsep.join(filter(None, [str(VENV_BIN), os.environ.get("PATH", "")]))


def require_program(name: str) -> str:
    """Integration tests use the real component: a missing program fails the test, never
    skips it, so CI cannot pass without exercising it (.ci/run installs them). The venv's
    bin/ is looked in first."""
    found = shutil.which(name, path=os.pathsep.join([str(VENV_BIN), os.environ.get("PATH", "")]))
    if found is None:
        pytest.fail(f"program missing: {name} (installed by .ci/run; see README)")
    return found


def require(path: Path) -> Path:
    """Shared data is part of the test contract: missing data fails, never skips."""
    if not path.exists():
        pytest.fail(f"test data missing: {path} (set PATCHLINT_SHARED to the shared/ folder)")
    return path


def last_part(data: bytes, share: float) -> bytes:
    """`data`, an mboxrd archive, from the separator nearest `share` of its messages from
    its end: real mail for a test that needs some, not all, of an archive."""
    starts = message_starts(data)
    return data[starts[len(starts) - int(len(starts) * share)] :]


def newest_third_and_seeds() -> list[Message]:
    """The mail of the newest third of the linux-hyperv slice and of the seed threads: real
    mail for the tests that check a faster form gives what its old form gave."""
    whole = require(CORPUS / "lists" / "linux-hyperv-last3000.mboxrd.gz").read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        part = Path(tmp) / "part.mbox"
        part.write_bytes(last_part(gzip.decompress(whole), 1 / 3))
        sources = [str(part), *map(str, sorted((FIXTURES / "threads").glob("*.mbox")))]
        return read_messages(sources, [])


@pytest.fixture(scope="session")
def corpus() -> Path:
    return require(CORPUS)


@pytest.fixture(scope="session")
def validate_report() -> Callable[[dict[str, Any]], None]:
    schema = json.loads(SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )

    def check(report: dict[str, Any]) -> None:
        errors = sorted(validator.iter_errors(report), key=lambda e: list(e.path))
        assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])

    return check


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The full-archive tests run only on request (PATCHLINT_ARCHIVE_TESTS=1): they are
    deselected, not skipped, so a CI run never reports them as skipped."""
    if os.environ.get("PATCHLINT_ARCHIVE_TESTS"):
        return
    keep = [i for i in items if i.get_closest_marker("archive") is None]
    if len(keep) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in keep])
        items[:] = keep
