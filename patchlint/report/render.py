"""Render the report model with jinja2 templates (`templates/`); no report text is built in
Python. Each format gets its own environment: the terminal one escapes every value for rich
markup (mail text must not be able to restyle the terminal), HTML ones autoescape."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import jinja2
from rich.markup import escape as rich_escape

from patchlint.errors import UsageError
from patchlint.model.address import parse_address

FORMATS = ("text", "findings", "json")


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x9b]")
_ANSI = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "cyan": "36",
         "bold cyan": "1;36"}


def _visible(text: str) -> str:
    """Control characters from mail shown as `^[` etc.: they must not drive the terminal."""
    return _CONTROL.sub(lambda m: "^" + chr((ord(m.group()) + 64) % 128), text)


def _plain_finalize(value: object) -> object:
    return "" if value is None else _visible(str(value))


def _paint(text: str, style: str, color: bool) -> str:
    """ANSI colour for terminal output that must keep its tabs (rich expands them)."""
    return f"\x1b[{_ANSI[style]}m{text}\x1b[0m" if color and text else text


def _rich_finalize(value: object) -> object:
    if value is None:
        return ""
    return rich_escape(str(value))


@cache
def _env(kind: str) -> jinja2.Environment:
    loader = jinja2.PackageLoader("patchlint.report", "templates")
    if kind == "rich":
        return jinja2.Environment(loader=loader, autoescape=False, finalize=_rich_finalize,
                                  trim_blocks=True, lstrip_blocks=True,
                                  undefined=jinja2.StrictUndefined)
    if kind == "terminal":
        return jinja2.Environment(loader=loader, autoescape=False, finalize=_plain_finalize,
                                  trim_blocks=True, lstrip_blocks=True,
                                  undefined=jinja2.StrictUndefined)
    return jinja2.Environment(loader=loader, autoescape=jinja2.select_autoescape(["html"]),
                              trim_blocks=True, lstrip_blocks=True,
                              undefined=jinja2.StrictUndefined)


def _short_date(value: str | None) -> str:
    if not value:
        return "(no date)"
    return value[:16].replace("T", " ")


def _quote_line(text: str) -> str:
    """One line quoted as a mail reply quotes it (an empty line becomes a bare `>`)."""
    return f"> {text}" if text else ">"


def _person_name(value: str | None) -> str:
    """`Name <addr>` -> `Name` (the address when there is no name), for attributions."""
    if not value:
        return "someone"
    person = parse_address(value)
    return person.name or person.email or value


def group_files(files: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A patch's files (report `approval` entries) grouped by the sections covering them, so
    twenty files of one driver are one entry: `{paths, sections, required, approved_by,
    stand_ins, satisfied, covered}`."""
    groups: dict[tuple[object, ...], dict[str, Any]] = {}
    for f in files:
        key = (f["covered"], tuple(s["name"] for s in f["sections"]),
               tuple(f["required_sections"]), tuple(f["approved_by"]), f["satisfied"])
        group = groups.get(key)
        if group is None:
            groups[key] = group = {**f, "paths": []}
        group["paths"].append(f["path"])
    return list(groups.values())


for _kind in ("rich", "plain", "terminal"):
    _env(_kind).filters["short_date"] = _short_date
    _env(_kind).filters["group_files"] = group_files
_env("terminal").filters["quote_line"] = _quote_line
_env("terminal").filters["person_name"] = _person_name
_env("terminal").filters["paint"] = lambda text, style, color: _paint(_visible(str(text)),
                                                                       style, color)


def render(report: dict[str, Any], fmt: str) -> str:
    """The report in `fmt`: `text` is rich markup for a Console, `json` is the JSON text."""
    if fmt == "json":
        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if fmt in ("text", "findings"):
        return _env("rich").get_template(f"{fmt}.j2").render(report=report)
    raise UsageError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def render_interdiffs(series: list[dict[str, Any]], fmt: str, color: bool = False) -> str:
    """`patchlint diff` output: per series, each step's patches and their interdiffs. Text
    keeps tabs (whitespace changes must show) and colours with ANSI only when `color`."""
    if fmt == "json":
        return json.dumps({"schema": "patchlint-interdiff/1", "series": series}, indent=2,
                          ensure_ascii=False) + "\n"
    if fmt == "text":
        return _env("terminal").get_template("interdiff.j2").render(series=series, color=color)
    raise UsageError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def render_rule_docs(rule: dict[str, Any]) -> str:
    """A rule's documentation as Markdown (`patchlint rules show`)."""
    return _env("terminal").get_template("rule.j2").render(rule=rule)


CHECKPATCH_LABELS = {"error": "ERROR", "warning": "WARNING", "info": "CHECK"}
_env("terminal").filters["oneline"] = lambda text: " ".join(str(text).split())


def render_checkpatch(findings: list[dict[str, Any]], source: str = "-") -> str:
    """One line per finding the way `checkpatch.pl --terse --showfile` prints them
    (`file:line: ERROR: ...`; `WARNING:`, and `CHECK:` for info), which b4's check commands
    and editors parse. A finding with no file is labelled `source` (checkpatch's `-` for
    stdin). Each finding is one line whatever its message holds."""
    return _env("terminal").get_template("checkpatch.j2").render(
        findings=findings, source=source, labels=CHECKPATCH_LABELS)


def render_email_body(template: str, context: dict[str, Any]) -> str:
    """The plain-text body of a review reply (`report.email` builds the message around it).
    Control characters from mail are made visible; tabs and newlines stay."""
    return _env("terminal").get_template(template).render(**context)


def who_view(report: dict[str, Any]) -> dict[str, Any]:
    """`patchlint who --format json`: the approval part of the report, per revision."""
    return {
        "schema": "patchlint-who/1",
        "tool": report["tool"],
        "maintainers": report["maintainers"],
        "series": [{
            "title": s["title"], "author": s["author"],
            "revisions": [{"version": r["version"], "rfc": r.get("rfc", False),
                           "state": r["state"], "message_id": r["message_id"],
                           "date": r["date"], "approval": r["approval"]}
                          for r in s["revisions"]],
        } for s in report["series"]],
    }


def render_who(report: dict[str, Any], fmt: str, show_all: bool = False) -> str:
    """`patchlint who`: who still has to approve what (rich markup, or JSON)."""
    if fmt == "json":
        return json.dumps(who_view(report), indent=2, ensure_ascii=False) + "\n"
    if fmt == "text":
        return _env("rich").get_template("who.j2").render(report=report, show_all=show_all)
    raise UsageError(f"unknown format {fmt!r}; choose one of: text, json")


def who_exit_code(report: dict[str, Any]) -> int:
    """1 when the revision that matters in some series is, by the Xen policy, not
    committable (withdrawn or missing approvals); 0 otherwise."""
    for s in report["series"]:
        for r in s["revisions"]:
            a = r.get("approval")
            if a and a["matters"] and a["committable"] is False:
                return 1
    return 0
