"""`patchlint rules list|show`: what the rules are and why they exist."""

from __future__ import annotations

import json
from dataclasses import asdict
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.markdown import Markdown

from patchlint.analysis.findings import SERIES_RULES
from patchlint.cli.console import stdout_console
from patchlint.engine.registry import default_registry
from patchlint.errors import UsageError
from patchlint.report.render import render_rule_docs

rules_app = typer.Typer(help="List the rules and show their documentation.",
                        no_args_is_help=True)


class ListFormat(StrEnum):
    text = "text"
    json = "json"


def _rows() -> list[dict[str, Any]]:
    rows = [{"code": r.code, "name": r.name, "severity": r.meta.severity,
             "projects": list(r.meta.projects), "scope": r.meta.scope,
             "summary": r.meta.summary} for r in default_registry().rules]
    rows += [{"code": r.code, "name": r.name, "severity": r.severity, "projects": ["any"],
              "scope": "series", "summary": r.summary} for r in SERIES_RULES.values()]
    return sorted(rows, key=lambda r: r["code"])


@rules_app.command("list")
def list_rules(
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.text,
) -> None:
    """Every rule: code, name, severity, projects, summary."""
    rows = _rows()
    if fmt is ListFormat.json:
        typer.echo(json.dumps(rows, indent=2))
        return
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        typer.echo(f"{r['code']}  {r['name']:<{width}}  {r['severity']:<7}  "
                   f"{','.join(r['projects']):<14}  {r['summary']}")


@rules_app.command("show")
def show_rule(name: Annotated[str, typer.Argument(help="rule code or name")]) -> None:
    """A rule's documentation: what, why (the review it comes from), example, instead."""
    rule = default_registry().get(name)
    if rule is None:
        series_rule = SERIES_RULES.get(name) or next(
            (r for r in SERIES_RULES.values() if r.code.lower() == name.lower()), None)
        if series_rule is None:
            raise UsageError(f"no rule {name!r} (patchlint rules list shows them all)")
        text = f"# {series_rule.code} {series_rule.name}\n\n{series_rule.summary}\n"
    else:
        text = render_rule_docs({**asdict(rule.meta), "code": rule.code})
    console = stdout_console()
    if console.is_terminal:
        console.print(Markdown(text))
    else:
        typer.echo(text, nl=False)
