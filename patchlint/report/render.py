"""Render the report model with jinja2 templates (`templates/`); no report text is built in
Python. Each format gets its own environment: the terminal one escapes every value for rich
markup (mail text must not be able to restyle the terminal), HTML ones autoescape."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import Any

import jinja2
from rich.markup import escape as rich_escape

from patchlint.errors import UsageError

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


for _kind in ("rich", "plain", "terminal"):
    _env(_kind).filters["short_date"] = _short_date
_env("terminal").filters["paint"] = lambda text, style, color: _paint(_visible(str(text)),
                                                                       style, color)


def render(report: dict[str, Any], fmt: str) -> str:
    """The report in `fmt`: `text` is rich markup for a Console, `json` is the JSON text."""
    if fmt == "json":
        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if fmt in ("text", "findings"):
        return _env("rich").get_template(f"{fmt}.j2").render(report=report)
    raise UsageError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def json_nested(value: Any, level: int) -> str:
    """`value` as json.dumps(indent=2) writes it at nesting `level` (strings never hold a
    raw newline, so every newline is indentation). Items of `json_chunks` are made by it."""
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * level)


def json_chunks(head: dict[str, Any], key: str, items: Iterable[str],
                tail: Callable[[], dict[str, Any]]) -> Iterator[str]:
    """`render({**head, key: [...], **tail()}, "json")` piece by piece, where `items` are
    the list's entries already encoded by `json_nested(entry, 2)`: they are consumed one at
    a time and `tail` is asked for only after them (diagnostics found while the items were
    made), so a whole archive's report is never in memory at once. The text is the same as
    `render`'s; a test pins it."""
    sep = "{\n  "

    def field(name: str) -> str:
        nonlocal sep
        out, sep = sep + json.dumps(name, ensure_ascii=False) + ": ", ",\n  "
        return out

    for name, value in head.items():
        yield field(name) + json_nested(value, 1)
    yield field(key)
    opened = False
    for item in items:
        yield (",\n    " if opened else "[\n    ") + item
        opened = True
    yield "\n  ]" if opened else "[]"
    for name, value in tail().items():
        yield field(name) + json_nested(value, 1)
    yield "\n}\n"


def render_summary(summary: dict[str, Any], fmt: str) -> str:
    """The summary report (`review --summary`): JSON, or one text line per series."""
    if fmt == "json":  # indented, except that each row of a list is one line
        fields = []
        for name, value in summary.items():
            if isinstance(value, list) and value:
                rows = ",\n    ".join(json.dumps(v, ensure_ascii=False) for v in value)
                text = f"[\n    {rows}\n  ]"
            else:
                text = json_nested(value, 1)
            fields.append(f"{json.dumps(name)}: {text}")
        return "{\n  " + ",\n  ".join(fields) + "\n}\n"
    if fmt == "text":
        return _env("rich").get_template("summary.j2").render(summary=summary)
    raise UsageError(f"--summary is for text and json, not {fmt!r}")


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
