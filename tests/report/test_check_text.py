"""`patchlint check`'s text built without jinja2 and rich (`report.check_text`) is what the
template rendered by rich prints to a file, byte for byte, whatever the values hold; when
rich would print anything else the builder says so (None) instead of guessing."""

from __future__ import annotations

import io
from typing import Any, cast

from hypothesis import example, given, settings
from hypothesis import strategies as st

from patchlint.cli.console import stdout_console
from patchlint.report.check import CheckLine
from patchlint.report.check_text import check_text, checkpatch_text
from patchlint.report.render import render_check
from patchlint.report.types import FindingEntry, Report

VALUE = st.text(max_size=30) | st.sampled_from(
    [
        "drivers/hv/vmbus.c:100",
        "a.c:1234",
        ":smile: and :thumbsup:",
        ":100:",
        "[bold red]x[/]",
        "[PATCH v2 1/3] [RFC] [patch] [#x] [@y] [/]",
        "a\\[red]b",
        "ends with \\",
        "tab\there",
        "\x1b[31mred",
        "bell\x07 cr\r",
        "trailing ",
        "wide 漢字 and é",
        "\u2028\x85\xa0",
        "x" * 120 + " ",
    ]
)


def _report(lines: list[CheckLine], diagnostics: list[dict[str, Any]], patches: int) -> Report:
    findings = [{"severity": line["severity"], "revision": 1, "status": "open"} for line in lines]
    return cast(
        Report,
        {
            "series": [{"findings": findings, "revisions": [{"version": 1, "state": "new"}]}],
            "diagnostics": diagnostics,
            "stats": {"patches": patches},
        },
    )


def _line(value: str, severity: str = "warning", resolved: bool = False) -> CheckLine:
    return cast(
        CheckLine,
        {
            "where": f"{value}:12",
            "severity": severity,
            "code": "ST001",
            "rule": "trailing-whitespace",
            "message": f"message {value} end",
            "resolved": resolved,
            "mail": f"{value}.patch",
            "subject": f"[PATCH] {value}",
        },
    )


def _rich(report: Report, lines: list[CheckLine], fail_on: str) -> str:
    out = io.StringIO()
    console = stdout_console(file=out)
    console.print(render_check(report, lines, fail_on), end="")
    return out.getvalue()


@settings(max_examples=150, deadline=None)
@given(
    values=st.lists(VALUE, max_size=3),
    severity=st.sampled_from(["error", "warning", "info"]),
    resolved=st.booleans(),
    problem=VALUE,
    message_id=st.none() | VALUE,
    source=st.none() | VALUE,
    diagnostics=st.integers(min_value=0, max_value=23),
    fail_on=st.sampled_from(["error", "warning", "info", "never"]),
)
@example(
    values=["drivers/hv/vmbus.c"],
    severity="error",
    resolved=False,
    problem="no Date header",
    message_id=None,
    source="0001.patch",
    diagnostics=1,
    fail_on="error",
)
def test_plain_text_is_what_rich_prints(
    values: list[str],
    severity: str,
    resolved: bool,
    problem: str,
    message_id: str | None,
    source: str | None,
    diagnostics: int,
    fail_on: str,
) -> None:
    lines = [_line(v, severity, resolved) for v in values]
    diags = [{"problem": problem, "message_id": message_id, "source": source}] * diagnostics
    report = _report(lines, diags, len(values))
    plain = check_text(report, lines, fail_on)
    if plain is not None:
        assert plain == _rich(report, lines, fail_on)


def test_plain_text_is_used_for_plain_values() -> None:
    """What a hook prints (paths, rule names, messages, line numbers) is built plainly:
    rich is not needed for it."""
    lines = [_line("drivers/hv/vmbus.c", "error"), _line("include/linux/hyperv.h", "info")]
    lines[0]["where"] = "drivers/hv/vmbus.c:1000"
    diagnostic = {"problem": "no Date header", "source": "0001.patch", "message_id": None}
    report = _report(lines, [diagnostic], 2)
    for fail_on in ("error", "never"):
        plain = check_text(report, lines, fail_on)
        assert plain is not None and plain == _rich(report, lines, fail_on)
    assert check_text(_report([], [], 1), [], "error") == "No findings in 1 patch → exit 0\n"


def test_emoji_codes_are_printed_as_written() -> None:
    """rich's default would print line 100 (`a.c:100:`) as `a.c💯` and a `:smile:` from mail
    as an emoji: the consoles print them as written, so the plain text is used as it is."""
    for where in ("a.c:100", "a.c:1234", "a.c: :smile: b"):
        line = _line("x")
        line["where"] = where
        report = _report([line], [], 1)
        plain = check_text(report, [line], "error")
        assert plain is not None and f"{where}:" in plain
        assert plain == _rich(report, [line], "error")


def test_checkpatch_lines_show_control_characters_and_stay_one_line() -> None:
    finding = cast(
        FindingEntry,
        {
            "severity": "warning",
            "code": "ST001",
            "rule": "trailing-whitespace",
            "message": "a\nb\x1b[31m\tc",
            "file": "dir/\x07f.c",
            "line": 3,
        },
    )
    no_line = cast(FindingEntry, {**finding, "line": None, "severity": "info"})
    no_file = cast(FindingEntry, {**finding, "file": None, "severity": "error"})
    assert checkpatch_text([finding, no_line, no_file], source="p\x1b") == (
        "dir/^Gf.c:3: WARNING: ST001 trailing-whitespace: a b^[[31m c\n"
        "dir/^Gf.c: CHECK: ST001 trailing-whitespace: a b^[[31m c\n"
        "p^[: ERROR: ST001 trailing-whitespace: a b^[[31m c\n"
    )
