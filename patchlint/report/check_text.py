"""`patchlint check`'s outputs built as plain strings, for the processes that print one
patch's findings and exit (a hook, b4's per-patch check command): jinja2 and rich cost a
third of such a run. Each is byte for byte what its template renders, and tests hold them
to it (tests/report/test_check_text.py):

- `checkpatch_text`: the checkpatch-style lines (`file:line: ERROR: ...`), every value with
  control characters shown (`^[`), as the terminal templates show them;
- `report_json`: the JSON report;
- `check_text`: what rich prints for `check.j2` (render.render_check) when it writes no
  styles (not a terminal), or None when the text holds anything rich would change (what
  could be markup, backslashes, control characters, tabs, trailing whitespace; the
  consoles print emoji codes as written): the caller then renders it with rich.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from patchlint import lazyre
from patchlint.model.finding import Severity
from patchlint.report.check import CheckLine
from patchlint.report.verdict import by_severity, run_verdict
from patchlint.report.words import count

if TYPE_CHECKING:
    from patchlint.report.types import DiagnosticEntry, FindingEntry, Report

CHECKPATCH_LABELS: dict[Severity, str] = {"error": "ERROR", "warning": "WARNING", "info": "CHECK"}
DIAGNOSTICS_SHOWN = 20  # check.j2 lists this many, then says how many more

_CONTROL = lazyre.compile(r"[\x00-\x08\x0b-\x1f\x7f\x9b]")
# what rich would change in plain text: what could be a tag (`[` then a lower-case letter,
# `#`, `/` or `@`; `[PATCH v2]` is not one) or an escape, control codes and tabs, trailing
# whitespace on a line (cut beyond the console's width)
_NOT_PLAIN = lazyre.compile(r"\[[a-z#/@]|[\\\x00-\x09\x0b-\x1f]|[^\S\n](?:\n|$)")


def visible(text: str) -> str:
    """Control characters from mail shown as `^[` etc.: they must not drive the terminal."""
    return _CONTROL.sub(lambda m: "^" + chr((ord(m.group()) + 64) % 128), text)


def oneline(text: object) -> str:
    """Any run of whitespace (line breaks included) as one space."""
    return " ".join(str(text).split())


def report_json(report: Report) -> str:
    """The report as `--format json` prints it."""
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def checkpatch_text(findings: list[FindingEntry], source: str = "-") -> str:
    """One line per finding the way `checkpatch.pl --terse --showfile` prints them
    (`file:line: ERROR: ...`; `WARNING:`, and `CHECK:` for info), which b4's check commands
    and editors parse. A finding with no file is labelled `source` (checkpatch's `-` for
    stdin). Each finding is one line whatever its message holds."""
    out = []
    for f in findings:
        file, line = f.get("file"), f.get("line")
        if not file:
            where = visible(source)
        elif line:
            where = f"{visible(str(file))}:{visible(str(line))}"
        else:
            where = visible(str(file))
        out.append(
            f"{where}: {visible(CHECKPATCH_LABELS[f['severity']])}: {visible(f['code'])} "
            f"{visible(f['rule'])}: {visible(oneline(f['message']))}\n"
        )
    return "".join(out)


def _diagnostic(d: DiagnosticEntry) -> str:
    if d.get("message_id"):
        about = f"<{d['message_id']}> "
    elif d.get("source"):
        about = f"{d['source']}: "
    else:
        about = ""
    return f"diagnostic: {about}{oneline(d['problem'])}\n"


def check_text(report: Report, lines: list[CheckLine], fail_on: str = "error") -> str | None:
    """`render.render_check` as rich prints it without styles; None when rich would print
    anything else (see the module's docstring)."""
    out = []
    for line in lines:
        resolved = " (resolved)" if line["resolved"] else ""
        out.append(
            f"{line['where']}: {line['severity']} {line['code']} {line['rule']}: "
            f"{oneline(line['message'])}{resolved}\n"
            f"    {line['mail']}: {oneline(line['subject'])}\n\n"
        )
    patches = count(report.get("stats", {}).get("patches", 0), "patch")
    verdict = run_verdict(report, fail_on)
    if not lines:
        out.append(f"No findings in {patches} → exit {verdict['exit']}\n")
    else:
        counts = by_severity(f for s in report["series"] for f in s["findings"])
        tally = ", ".join(
            [
                count(counts["error"], "error"),
                count(counts["warning"], "warning"),
                count(counts["info"], "info"),
            ]
        )
        out.append(
            f"{count(len(lines), 'finding')} in {patches}: {tally} → exit {verdict['exit']}\n"
        )
    diagnostics = report["diagnostics"]
    out.extend(_diagnostic(d) for d in diagnostics[:DIAGNOSTICS_SHOWN])
    if len(diagnostics) > DIAGNOSTICS_SHOWN:
        more = len(diagnostics) - DIAGNOSTICS_SHOWN
        out.append(f"diagnostic: ... and {more} more (--format json lists them all)\n")
    text = "".join(out)
    if _NOT_PLAIN.search(text):
        return None
    return text
