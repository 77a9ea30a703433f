"""The hooks' command lines parsed without typer (`cli.fast`) do exactly what typer's parse
of them does: same output, same exit code; every other command line is left to typer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from patchlint.cli.fast import fast_command
from tests.cli.test_cli import SEED
from tests.conftest import CORPUS, ROOT

# main() with the fast path switched off: typer parses every command line
TYPER_ONLY = (
    "import sys, patchlint.cli as cli; cli.fast_command = lambda args: None; "
    "sys.argv[0] = 'patchlint'; cli.main()"
)
FAST = "import sys, patchlint.cli as cli; sys.argv[0] = 'patchlint'; cli.main()"


def both(
    args: list[str], stdin: bytes | None = None, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> tuple[tuple[int, str, str], ...]:
    runs = []
    for probe in (FAST, TYPER_ONLY):
        done = subprocess.run(
            [sys.executable, "-c", probe, *args],
            input=stdin,
            capture_output=True,
            cwd=cwd,
            check=False,
            env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        )
        runs.append((done.returncode, done.stdout.decode(), done.stderr.decode()))
    return tuple(runs)


@pytest.mark.parametrize(
    "args",
    [
        ["check", str(SEED)],
        ["check", "--format", "json", "--fail-on", "warning", str(SEED)],
        ["check", "--format=checkpatch", "-"],
        ["check", "--format", "b4-review", "--ignore", "TR,RV,MA", "-"],
        ["check", "-f", "json", "--select", "ST", "--select", "TR001", str(SEED)],
        ["check", "--fail-on", "info", "--", str(SEED)],
    ],
)
def test_check_lines_read_as_typer_reads_them(args: list[str]) -> None:
    assert fast_command(args) is not None
    fast, typer_only = both(args, stdin=SEED.read_bytes())
    assert fast == typer_only
    assert fast[0] in (0, 1)


def test_the_hook_line_reads_as_typer_reads_it(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    patch = tmp_path / "0001.patch"
    patch.write_bytes((CORPUS / "public-inbox" / "t" / "data" / "0001.patch").read_bytes())
    args = ["hook", "run", "--", str(patch)]
    assert fast_command(args) is not None
    env = {
        "GIT_DIR": str(tmp_path / ".git"),
        "GIT_SENDEMAIL_FILE_COUNTER": "1",
        "GIT_SENDEMAIL_FILE_TOTAL": "1",
    }
    fast, typer_only = both(args, cwd=tmp_path, env=env)
    assert fast == typer_only
    assert fast[0] == 1 and "TR003 missing-signoff" in fast[1]  # the patch has no sign-off


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["review", "x"],
        ["check"],
        ["check", "--help"],
        ["check", "--tree", "t", "p"],
        ["check", "-f=json", "p"],
        ["check", "--format", "html", "p"],
        ["check", "--fail-on", "bogus", "p"],
        ["check", "--format", "json", "--format", "text", "p"],
        ["check", "--fail-on"],
        ["check", "--select", "-x", "p"],
        ["check", "--series=yes", "p"],
        ["hook", "run"],
        ["hook", "run", "a", "b", "c"],
        ["hook", "install"],
        ["hook", "run", "--force", "a"],
    ],
)
def test_other_lines_are_left_to_typer(args: list[str]) -> None:
    assert fast_command(args) is None


def test_the_version_reads_as_typer_prints_it() -> None:
    assert fast_command(["--version"]) is not None
    fast, typer_only = both(["--version"])
    assert fast == typer_only
    assert fast[0] == 0 and fast[1].startswith("patchlint ")


def test_typer_still_reports_what_the_fast_path_declines() -> None:
    fast, typer_only = both(["check", "--fail-on", "bogus", str(SEED)])
    assert fast == typer_only
    assert fast[0] == 2 and "--fail-on" in fast[2]


IMPORTED = (
    "import sys, patchlint.cli as cli; sys.argv[0] = 'patchlint'\n"
    "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
    "print(' '.join(sorted(sys.modules)), file=sys.stderr)"
)
# what a run of b4's per-patch command does not use: typer (and its validators, pydantic),
# jinja2 (its output is built as plain text), rich, markdown, the approvals judge, the bot,
# the mail composer, the KB builder, b4's series mode and the process pool
UNUSED = (
    "typer",
    "jinja2",
    "pydantic",
    "rich",
    "markdown_it",
    "concurrent.futures.process",
    "patchlint.analysis.approval.judge",
    "patchlint.integrations.bot",
    "patchlint.integrations.b4series",
    "patchlint.report.email",
    "patchlint.c.kb.build",
)


def imported(args: list[str], stdin: bytes | None = None) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", IMPORTED, *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return set(done.stderr.decode().splitlines()[-1].split())


def test_a_hook_check_imports_only_what_it_uses() -> None:
    """Start-up is most of a one-patch run (bench/startup.py times it): `patchlint check
    --format checkpatch -` imports the review and its output, nothing else."""
    patch = (CORPUS / "public-inbox" / "t" / "data" / "0001.patch").read_bytes()
    loaded = imported(["check", "--format", "checkpatch", "-"], stdin=patch)
    assert {
        "patchlint.cli.check_run",
        "patchlint.pipeline.run",
        "patchlint.integrations.b4check",
    } <= loaded
    assert not {m for m in loaded if m.startswith(UNUSED)}


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_check_into_a_pipe_builds_its_text_without_jinja2_or_rich(fmt: str) -> None:
    """The text and JSON a hook or CI log reads (stdout a pipe) need neither the templates
    nor rich (`report.check_text`; tests/report/test_check_text.py holds them to the same
    bytes)."""
    patch = (CORPUS / "public-inbox" / "t" / "data" / "0001.patch").read_bytes()
    loaded = imported(["check", "--format", fmt, "-"], stdin=patch)
    assert "patchlint.report.check_text" in loaded
    assert not {m for m in loaded if m.startswith(UNUSED)}
