"""Render the report model with jinja2 templates (`templates/`); no report text is built in
Python. Each format gets its own environment: the terminal one escapes every value for rich
markup (mail text must not be able to restyle the terminal), HTML ones autoescape."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jinja2
from rich.markup import escape as rich_escape

from patchlint.errors import UsageError

FORMATS = ("text", "json")


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
    return jinja2.Environment(loader=loader, autoescape=jinja2.select_autoescape(["html"]),
                              trim_blocks=True, lstrip_blocks=True,
                              undefined=jinja2.StrictUndefined)


def _short_date(value: str | None) -> str:
    if not value:
        return "(no date)"
    return value[:16].replace("T", " ")


for _kind in ("rich", "plain"):
    _env(_kind).filters["short_date"] = _short_date


def render(report: dict[str, Any], fmt: str) -> str:
    """The report in `fmt`: `text` is rich markup for a Console, `json` is the JSON text."""
    if fmt == "json":
        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if fmt == "text":
        return _env("rich").get_template("text.j2").render(report=report)
    raise UsageError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
