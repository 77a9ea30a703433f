"""Load a rule folder: its validated `rule.toml` (`engine.rule`) and its code, a `check.py`
defining `check(ctx)` or, for a patch rule, a tree-sitter `query.scm` alone."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from patchlint.engine.context import query_check
from patchlint.engine.rule import Rule, RuleError, load_meta


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
    if query is not None and meta.series:
        raise RuleError(f"{query_path}: a series rule judges facts, not C: it needs a check.py")
    if check_path.is_file():
        module = _load_module(check_path, meta.name)
        check = getattr(module, "check", None)
        if not callable(check):
            raise RuleError(f"{check_path}: defines no `check(ctx)` function")
    elif query is not None:
        check = query_check
    else:
        raise RuleError(f"{folder}: neither check.py nor query.scm")
    return Rule(meta=meta, check=check, folder=folder, query=query)
