"""`.patchlint.toml`: a project's standing choices (rules, fail-on level, per-file ignores,
the hook's previous-revision thread), so the hook, CI and a reviewer's shell agree.

Found from the working directory upwards, stopping at the repository root (the directory
holding `.git`); `--config FILE` names one explicitly. Unknown keys are an error: a
misspelt `ignore` must not silently turn a rule back on.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from patchlint.errors import UsageError
from patchlint.limits import DEFAULT_LIMITS, Limits, key
from patchlint.model.finding import FAIL_ON_LEVELS

CONFIG_NAME = ".patchlint.toml"


@dataclass(frozen=True, slots=True)
class HookConfig:
    """`[hook]`: what the sendemail-validate hook needs beyond the rules."""

    thread: Path | None = None  # the previous revision's thread, as an mbox


MAINTAINERS_POLICIES = ("auto", "xen", "report")


@dataclass(frozen=True, slots=True)
class MaintainersConfig:
    """`[maintainers]`: the MAINTAINERS file and the check-in policy to judge approvals by
    (`auto`: Xen's policy for a Xen-format file, a report without findings otherwise)."""

    file: Path | None = None
    policy: str = "auto"


@dataclass(frozen=True, slots=True)
class Config:
    """Everything `.patchlint.toml` can say; the defaults are patchlint's own."""

    path: Path | None = None
    fail_on: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    hook: HookConfig = field(default_factory=HookConfig)
    maintainers: MaintainersConfig = field(default_factory=MaintainersConfig)
    limits: Limits = DEFAULT_LIMITS


def find_config(start: Path) -> Path | None:
    """The nearest `.patchlint.toml` from `start` up to the repository root."""
    here = start.resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        if (folder / ".git").exists():
            return None
    return None


def load_config(explicit: Path | None = None, start: Path | None = None) -> Config:
    """The configuration in force: `explicit` if given (it must exist), else the nearest
    `.patchlint.toml` above `start` (the working directory), else the defaults."""
    path = explicit if explicit is not None else find_config(start or Path.cwd())
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the configuration: {exc.strerror}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: not valid TOML: {exc}") from exc
    return parse_config(data, path)


def parse_config(data: Mapping[str, Any], path: Path) -> Config:
    """A Config from parsed TOML; relative paths are relative to the file's folder."""
    table = _table(data, "", {"fail-on", "select", "ignore", "per-file-ignores", "hook",
                              "maintainers", "limits"}, path)
    fail_on = table.get("fail-on")
    if fail_on is not None and fail_on not in FAIL_ON_LEVELS:
        raise UsageError(f"{path}: fail-on must be one of {', '.join(FAIL_ON_LEVELS)}, "
                         f"not {fail_on!r}")
    per_file = _table(table.get("per-file-ignores", {}), "per-file-ignores", None, path)
    hook = _table(table.get("hook", {}), "hook", {"thread"}, path)
    thread = hook.get("thread")
    if thread is not None and not isinstance(thread, str):
        raise UsageError(f"{path}: hook.thread must be a path")
    return Config(
        maintainers=_maintainers(table.get("maintainers", {}), path),
        limits=_limits(table.get("limits", {}), path),
        path=path,
        fail_on=fail_on,
        select=_strings(table.get("select", []), "select", path),
        ignore=_strings(table.get("ignore", []), "ignore", path),
        per_file_ignores=tuple((glob, _strings(rules, f"per-file-ignores.{glob}", path))
                               for glob, rules in per_file.items()),
        hook=HookConfig(thread=(path.parent / thread) if thread else None),
    )


def _maintainers(value: Any, path: Path) -> MaintainersConfig:
    table = _table(value, "maintainers", {"file", "policy"}, path)
    policy = table.get("policy", "auto")
    if policy not in MAINTAINERS_POLICIES:
        raise UsageError(f"{path}: maintainers.policy must be one of "
                         f"{', '.join(MAINTAINERS_POLICIES)}, not {policy!r}")
    file = table.get("file")
    if file is not None and not isinstance(file, str):
        raise UsageError(f"{path}: maintainers.file must be a path")
    return MaintainersConfig(file=(path.parent / file) if file else None, policy=policy)


LIMIT_KEYS = {key(f.name): f.name for f in fields(Limits)}


def _limits(value: Any, path: Path) -> Limits:
    """`[limits]`: the resource bounds on hostile input (patchlint/limits.py), by their
    kebab-case names; a missing key keeps its default."""
    table = _table(value, "limits", set(LIMIT_KEYS), path)
    try:
        return Limits(**{LIMIT_KEYS[key]: v for key, v in table.items()})
    except ValueError as exc:
        raise UsageError(f"{path}: [limits] {exc}") from exc


def _table(value: Any, name: str, allowed: set[str] | None, path: Path) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise UsageError(f"{path}: {name} must be a table")
    if allowed is not None:
        unknown = sorted(set(value) - allowed)
        if unknown:
            where = f"[{name}] " if name else ""
            raise UsageError(f"{path}: unknown key {where}{unknown[0]!r} "
                             f"(known: {', '.join(sorted(allowed))})")
    return value


def _strings(value: Any, name: str, path: Path) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{path}: {name} must be a list of rule codes or names")
    return tuple(value)
