"""Help fit for an 80-column terminal, usage errors on one line, counted nouns spelt right,
and the text review's closing verdict."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
import typer.main

from patchlint.cli import app
from patchlint.cli.help import write_dl
from patchlint.report.words import count
from tests.cli.test_cli import SEED, SERIES
from tests.cli.test_rules_cli import SEED_001
from tests.conftest import ROOT

PYTHON_TYPES = re.compile(
    r"<(bool|str|int|float|path|list\[[^\]]*\]|int range|float range|"
    r"[a-z]+ range)>"
)


def _commands() -> Iterator[tuple[str, typer.Context]]:
    """(command path, its context in an 80-column terminal: click formats for 78) for the
    app and every command in it."""
    root = typer.main.get_command(app)

    def walk(
        command: object, path: str, parent: typer.Context | None
    ) -> Iterator[tuple[str, typer.Context]]:
        ctx = typer.Context(
            command,
            info_name=path.split()[-1],
            parent=parent,  # type: ignore[arg-type]
            terminal_width=78,
            max_content_width=80,
        )
        yield path, ctx
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            yield from walk(sub, f"{path} {name}", ctx)

    yield from walk(root, "patchlint", None)


HELP = {path: ctx.get_help() for path, ctx in _commands()}


def test_every_command_has_help() -> None:
    assert {
        "patchlint",
        "patchlint review",
        "patchlint check",
        "patchlint bot",
        "patchlint rules show",
        "patchlint hook run",
    } <= set(HELP)


@pytest.mark.parametrize("path", sorted(HELP))
def test_help_fits_80_columns_with_readable_metavars(path: str) -> None:
    text = HELP[path]
    assert [line for line in text.splitlines() if len(line) > 80] == []
    assert PYTHON_TYPES.findall(text) == []  # no <bool>, <list[str]>, <int range> ...
    assert "╭" not in text and "│" not in text  # no boxed panels
    usage = text.splitlines()[0]
    assert usage.startswith(f"Usage: {path} ") and "{" not in usage


@pytest.mark.parametrize("path", sorted(HELP))
def test_no_option_name_or_choice_list_is_split(path: str) -> None:
    assert re.findall(r"\S+-\n\s+\S+", HELP[path]) == []  # `--smtp-password-` / `file`
    for line in HELP[path].splitlines():  # a choice list stays whole beside its option
        if line.startswith("  -"):  # an option (not a continuation line)
            names = re.split(r"\s{2,}", line.strip())[0]
            assert names.count("[") == names.count("]"), line


def test_every_default_is_shown() -> None:
    review = " ".join(HELP["patchlint review"].split())
    assert "--fail-on [error|warning|info|never]" in review
    assert re.search(r"--fail-on \[[^]]*\] [^[]*\[default: error\]", review)
    assert re.search(r"--format \[text\|markdown[^]]*\] output format \[default: text\]", review)
    assert re.search(r"--policy \[auto\|xen\|report\] .*?\[default: auto\]", review)
    bot = " ".join(HELP["patchlint bot"].split())
    for option, default in [
        ("--interval", "60"),
        ("--grace", "3600"),
        ("--min-severity", "warning"),
        ("--max-per-sender", "10"),
        ("--max-per-thread", "3"),
        ("--rate-window", "86400"),
        ("--smtp-tls", "auto"),
        ("--retry-min", "60"),
        ("--retry-max", "3600"),
        ("--doubt-wait", "600"),
        ("--from", "patchlint@<this host>"),
    ]:
        assert re.search(
            re.escape(option) + r" [^-].*?\[default: " + re.escape(default) + r"\]", bot
        ), option


def test_help_column_wraps_only_at_spaces() -> None:
    class Collect:
        current_indent = 2
        width = 40

        def __init__(self) -> None:
            self.text = ""

        def write(self, text: str) -> None:
            self.text += text

    out = Collect()
    write_dl(
        out,
        [
            (
                "--smtp-user USER",
                "SMTP AUTH user (password: --smtp-password-file or $PATCHLINT_SMTP_PASSWORD)",
            )
        ],
    )
    assert out.text == (
        "  --smtp-user USER  SMTP AUTH user\n"
        "                    (password:\n"
        "                    --smtp-password-file\n"
        "                    or\n"
        "                    $PATCHLINT_SMTP_PASSWORD)\n"
    )


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "80"}
    return subprocess.run(
        [sys.executable, "-m", "patchlint", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env=env,
    )


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        (
            ["review", "--format", "xml", str(SERIES)],
            "patchlint: error: Invalid value for '--format' / '-f': 'xml' is not one of 'text', "
            "'markdown', 'html', 'json', 'sarif', 'rdjsonl', 'email'. "
            "(see `patchlint review --help`)\n",
        ),
        (
            ["review"],
            "patchlint: error: give the mail to read: PATH... (- for standard input) "
            "or --msgid ID\n",
        ),
        (
            ["check", "--fail-on", "sometimes", str(SERIES)],
            "patchlint: error: Invalid value for '--fail-on': 'sometimes' is not one of 'error', "
            "'warning', 'info', 'never'. (see `patchlint check --help`)\n",
        ),
        (
            ["nosuchcommand"],
            "patchlint: error: No such command 'nosuchcommand'. (see `patchlint --help`)\n",
        ),
        (
            ["review", "--no-such-option", str(SERIES)],
            "patchlint: error: No such option: --no-such-option (see `patchlint review --help`)\n",
        ),
        (
            ["review", "/nonexistent/x.mbox"],
            "patchlint: error: /nonexistent/x.mbox: no such file or directory\n",
        ),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args: list[str], stderr: str) -> None:
    res = _run(*args)
    assert res.returncode == 2
    assert res.stderr == stderr
    assert res.stdout == ""


def test_help_exits_0_and_goes_to_stdout() -> None:
    res = _run("review", "--help")
    assert res.returncode == 0
    assert res.stdout == HELP["patchlint review"] + "\n"


@pytest.mark.parametrize(
    ("n", "word", "text"),
    [
        (1, "message", "1 message"),
        (2, "message", "2 messages"),
        (0, "error", "0 errors"),
        (1, "reply", "1 reply"),
        (3, "reply", "3 replies"),
        (1, "patch", "1 patch"),
        (2, "patch", "2 patches"),
        (1, "series", "1 series"),
        (2, "series", "2 series"),
        (2, "info", "2 info"),
    ],
)
def test_counted_nouns(n: int, word: str, text: str) -> None:
    assert count(n, word) == text


def test_text_review_counts_in_the_singular_and_ends_with_the_verdict(tmp_path: Path) -> None:
    from patchlint.ingest.sources import iter_file

    _, raw = next(iter_file(Path(SEED_001)))  # the patch, without its replies
    one = tmp_path / "one.eml"
    one.write_bytes(raw)
    res = _run("review", str(one), "--fail-on", "never")
    first, last = res.stdout.splitlines()[0], res.stdout.splitlines()[-1]
    assert first.endswith(": 1 message, 1 series, 1 revision, 1 patch")
    assert re.fullmatch(r"v1 \(latest\): 1 error, \d+ warnings, \d+ info open → exit 0", last), last
    assert res.returncode == 0
    res = _run("review", str(one))
    assert res.stdout.splitlines()[-1].endswith(" open → exit 1") and res.returncode == 1


def test_the_verdict_is_the_exit_code() -> None:
    res = _run("review", str(SEED), str(SERIES))
    lines = res.stdout.splitlines()
    verdict = re.fullmatch(
        r"2 series: (\d+) errors?, (\d+) warnings?, (\d+) info open "
        r"→ exit (\d)",
        lines[-1],
    )
    assert verdict, lines[-1]
    assert int(verdict[4]) == res.returncode == (1 if int(verdict[1]) else 0)
    per_series = [line for line in lines if line.startswith("  Open on v")]
    assert len(per_series) == 2  # each series' own line, when there are several
    res = _run("review", str(SEED), str(SERIES), "--fail-on", "never")
    assert res.stdout.splitlines()[-1].endswith("→ exit 0") and res.returncode == 0
