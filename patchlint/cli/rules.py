"""`patchlint rules list|show`: what the rules are and why they exist."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.markdown import Markdown

from patchlint.cli.console import stdout_console
from patchlint.errors import UsageError
from patchlint.report.catalogue import find_rule, rule_catalogue

rules_app = typer.Typer(help="List the rules and show their documentation.", no_args_is_help=True)


def levels_text(profiles: dict[str, str]) -> str:
    """A rule's levels in a few words: `warning` when it is the same everywhere, else each
    level with its profiles (`info: xen-hypervisor, xen-tools`); off profiles unnamed."""
    levels = set(profiles.values())
    if len(levels) == 1:
        return levels.pop()
    return "; ".join(
        f"{level}: {', '.join(p for p, lv in profiles.items() if lv == level)}"
        for level in ("error", "warning", "info")
        if level in levels
    )


class ListFormat(StrEnum):
    text = "text"
    json = "json"


def _rows() -> list[dict[str, Any]]:
    keys = ("code", "name", "severity", "profiles", "scope", "summary", "default")
    return [{k: r[k] for k in keys} for r in rule_catalogue()]


@rules_app.command("list")
def list_rules(
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.text,
) -> None:
    """Every rule: code, name, its level on each project profile's code (a profile it
    does not run on is not named), summary (and whether it is off by default: those run
    only when --select names them)."""
    rows = _rows()
    if fmt is ListFormat.json:
        typer.echo(json.dumps(rows, indent=2))
        return
    width = max(len(r["name"]) for r in rows)
    levels = [levels_text(r["profiles"]) for r in rows]
    level_width = max(len(lv) for lv in levels)
    for r, level in zip(rows, levels, strict=True):
        off = "" if r["default"] else " (off by default)"
        typer.echo(
            f"{r['code']}  {r['name']:<{width}}  {level:<{level_width}}  {r['summary']}{off}"
        )


@rules_app.command("show")
def show_rule(name: Annotated[str, typer.Argument(help="rule code or name")]) -> None:
    """A rule's documentation: what, why (the review it comes from), example, instead."""
    rule = find_rule(name)
    if rule is None:
        raise UsageError(f"no rule {name!r} (patchlint rules list shows them all)")
    text = rule["help"]
    console = stdout_console()
    if console.is_terminal:
        console.print(Markdown(text))
    else:
        typer.echo(text, nl=False)
