"""Load a rule folder: its validated `rule.toml` (`engine.rule`) and its code, a `check.py`
defining `check(ctx)` or, for a patch rule, a tree-sitter `query.scm` alone.

The registry loads rules lazily: `rule.toml` at once (selection, docs and ordering need it),
`check.py` the first time the rule runs, so a run imports only the rules it uses (a patch
touching no C imports no C rule; `--select`/`--ignore` leave the others unread). A check.py
that fails to load then fails that rule's run, reported like any failing rule."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from patchlint.engine.context import query_check
from patchlint.engine.rule import CheckFn, Rule, RuleError, load_meta


def _load_module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"patchlint_rules.{name.replace('-', '_')}", path)
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


def _check_in(path: Path, name: str) -> CheckFn:
    check = getattr(_load_module(path, name), "check", None)
    if not callable(check):
        raise RuleError(f"{path}: defines no `check(ctx)` function")
    return check  # type: ignore[no-any-return]


class LazyCheck:
    """A rule's `check(ctx)`, its check.py imported on the first call (once per process:
    pickled to a worker, it is imported there again)."""

    def __init__(self, path: Path, name: str) -> None:
        self.path, self.name = path, name
        self._check: CheckFn | None = None

    def __call__(self, ctx: Any) -> Any:
        if self._check is None:
            self._check = _check_in(self.path, self.name)
        return self._check(ctx)

    def __getstate__(self) -> tuple[Path, str]:
        return self.path, self.name

    def __setstate__(self, state: tuple[Path, str]) -> None:
        self.path, self.name = state
        self._check = None


def load_rule(folder: Path, lazy: bool = False) -> Rule:
    """Load and validate one rule folder; `lazy`: its check.py is imported when the rule
    first runs (the registry's way), else now (validation)."""
    meta = load_meta(folder)
    query_path = folder / "query.scm"
    query = query_path.read_text(encoding="utf-8") if query_path.is_file() else None
    check_path = folder / "check.py"
    if query is not None and meta.series:
        raise RuleError(f"{query_path}: a series rule judges facts, not C: it needs a check.py")
    check: CheckFn
    if check_path.is_file():
        check = LazyCheck(check_path, meta.name) if lazy else _check_in(check_path, meta.name)
    elif query is not None:
        check = query_check
    else:
        raise RuleError(f"{folder}: neither check.py nor query.scm")
    return Rule(meta=meta, check=check, folder=folder, query=query)
