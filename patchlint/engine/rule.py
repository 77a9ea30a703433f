"""A rule as it lives on disk: `rules/<name>/rule.toml` (identity, scope, docs), a `check.py`
and/or a tree-sitter `query.scm`, and `cases/` beside them (ruff's one-rule-one-folder)."""

from __future__ import annotations

import importlib.util
import re
import sys
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from patchlint.errors import PatchlintError
from patchlint.model.finding import SEVERITIES

if TYPE_CHECKING:
    from patchlint.engine.context import Hit, RuleContext

CODE = re.compile(r"^[A-Z]{2}[0-9]{3}$")
NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# c-added: C post-image lines; added: any added line; patch: the whole patch; diff: the diff
# as posted, whether or not it parses (a rule about the diff's own form)
SCOPES = ("c-added", "added", "patch", "diff")
PROJECTS = ("any", "linux", "xen-hypervisor", "xen-tools")
DOC_SECTIONS = ("what", "why", "example", "instead")


class RuleError(PatchlintError):
    """A rule folder that does not load: a bug in the rule, reported with its path."""


@dataclass(frozen=True, slots=True)
class RuleMeta:
    """What `rule.toml` declares."""

    code: str
    name: str
    severity: str
    scope: str  # one of SCOPES
    projects: tuple[str, ...]
    summary: str
    source: str  # the real review the rule comes from
    docs: dict[str, str] = field(default_factory=dict)
    # off (`default = false`): runs only when --select names it (or `ALL`); a rule whose
    # measured precision is below the bar for its severity ships off (docs/precision.md)
    default: bool = True


CheckFn = Callable[["RuleContext"], Iterable["Hit"]]


@dataclass(frozen=True, slots=True)
class Rule:
    meta: RuleMeta
    check: CheckFn
    folder: Path
    query: str | None = None

    @property
    def code(self) -> str:
        return self.meta.code

    @property
    def name(self) -> str:
        return self.meta.name

    def applies_to(self, project: str) -> bool:
        return "any" in self.meta.projects or project in self.meta.projects


def _need(data: dict[str, Any], key: str, where: Path) -> Any:
    if key not in data:
        raise RuleError(f"{where}: missing `{key}`")
    return data[key]


def load_meta(folder: Path) -> RuleMeta:
    where = folder / "rule.toml"
    try:
        data = tomllib.loads(where.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RuleError(f"{where}: {exc}") from exc
    code, name = str(_need(data, "code", where)), str(_need(data, "name", where))
    severity, scope = str(_need(data, "severity", where)), str(_need(data, "scope", where))
    projects = tuple(_need(data, "projects", where))
    docs = dict(_need(data, "docs", where))
    default = data.get("default", True)
    problems = []
    if not CODE.match(code):
        problems.append(f"code {code!r} is not two capitals and three digits")
    if not NAME.match(name):
        problems.append(f"name {name!r} is not kebab-case")
    if name != folder.name:
        problems.append(f"folder {folder.name!r} differs from the name {name!r}")
    if severity not in SEVERITIES:
        problems.append(f"severity {severity!r} is not one of {SEVERITIES}")
    if scope not in SCOPES:
        problems.append(f"scope {scope!r} is not one of {SCOPES}")
    if not projects or any(p not in PROJECTS for p in projects):
        problems.append(f"projects {projects!r} must come from {PROJECTS}")
    if not isinstance(default, bool):
        problems.append(f"default {default!r} is not true or false")
    missing = [k for k in DOC_SECTIONS if not str(docs.get(k, "")).strip()]
    if missing:
        problems.append(f"docs lack {', '.join(missing)}")
    if problems:
        raise RuleError(f"{where}: " + "; ".join(problems))
    return RuleMeta(code=code, name=name, severity=severity, scope=scope, projects=projects,
                    summary=str(_need(data, "summary", where)),
                    source=str(_need(data, "source", where)),
                    docs={k: str(v) for k, v in docs.items()}, default=default is True)


def _load_module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"patchlint_rules.{name.replace('-', '_')}",
                                                  path)
    if spec is None or spec.loader is None:
        raise RuleError(f"{path}: cannot be loaded")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses and pickling look their module up here
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # a broken rule must name itself, not crash the run
        del sys.modules[spec.name]
        raise RuleError(f"{path}: {type(exc).__name__}: {exc}") from exc
    return module


def load_rule(folder: Path) -> Rule:
    """Load and validate one rule folder."""
    meta = load_meta(folder)
    query_path = folder / "query.scm"
    query = query_path.read_text(encoding="utf-8") if query_path.is_file() else None
    check_path = folder / "check.py"
    if check_path.is_file():
        module = _load_module(check_path, meta.name)
        check = getattr(module, "check", None)
        if not callable(check):
            raise RuleError(f"{check_path}: defines no `check(ctx)` function")
    elif query is not None:
        from patchlint.engine.context import query_check

        check = query_check
    else:
        raise RuleError(f"{folder}: neither check.py nor query.scm")
    return Rule(meta=meta, check=check, folder=folder, query=query)
