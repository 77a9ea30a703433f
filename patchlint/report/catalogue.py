"""Every rule patchlint knows (one registry: patch and series rules alike) with its
documentation rendered as Markdown: what `patchlint rules` and SARIF's `rules` show.

The Markdown comes from the report's `rule.j2` template; the text is the rule folder's own
(rule.toml), so no mail-derived value needs the renderers' escaping, and the renderers
(`report.render`, SARIF) read this catalogue, not the other way round."""

from __future__ import annotations

from dataclasses import asdict
from functools import cache
from typing import Any

import jinja2

from patchlint.engine.registry import default_registry


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("patchlint.report", "templates"),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template("rule.j2")


def render_rule_docs(rule: dict[str, Any]) -> str:
    """A rule's documentation as Markdown (`patchlint rules show`)."""
    return _template().render(rule=rule)


@cache
def _catalogue() -> tuple[dict[str, Any], ...]:
    rows: list[dict[str, Any]] = []
    for rule in default_registry().rules:
        meta = {
            **asdict(rule.meta),
            "severity": rule.meta.severity,
            "profiles": dict(rule.meta.profiles),
            "applies": list(rule.meta.applies),
        }
        rows.append({**meta, "help": render_rule_docs(meta)})
    return tuple(rows)


def rule_catalogue() -> list[dict[str, Any]]:
    """The rules by code: code, name, severity (the highest of its levels), profiles (its
    level per profile), applies (the profiles it runs on), scope, summary, source, docs
    (what, why, example, instead, and optionally profiles: why those levels), facts (what
    a series rule judges; None for patch rules) and `help`, the docs as Markdown."""
    return [dict(r) for r in _catalogue()]


def find_rule(name: str) -> dict[str, Any] | None:
    """A rule by code (any case) or name."""
    key = name.lower()
    return next((dict(r) for r in _catalogue() if key in (r["name"], r["code"].lower())), None)
