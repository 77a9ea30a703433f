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

rules_app = typer.Typer(help="List the rules and show their documentation.",
                        no_args_is_help=True)


class ListFormat(StrEnum):
    text = "text"
    json = "json"


def _rows() -> list[dict[str, Any]]:
    keys = ("code", "name", "severity", "projects", "scope", "summary")
    return [{**{k: r[k] for k in keys}, "default": r.get("default", True)}
            for r in rule_catalogue()]


@rules_app.command("list")
def list_rules(
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.text,
) -> None:
    """Every rule: code, name, severity, projects, summary (and whether it is off by
    default: those run only when --select names them)."""
    rows = _rows()
    if fmt is ListFormat.json:
        typer.echo(json.dumps(rows, indent=2))
        return
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        off = "" if r["default"] else " (off by default)"
        typer.echo(f"{r['code']}  {r['name']:<{width}}  {r['severity']:<7}  "
                   f"{','.join(r['projects']):<14}  {r['summary']}{off}")


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
