"""The one registry: every rule, patch and series rules alike, found where the package keeps
them (one folder each), with unique codes and names; and the `--select`/`--ignore`
selection: a full code or name, or a prefix of a code (`TR`, `XS00`). A prefix never
matches a name: `MA` means the MA rules, not `malformed-trailer` too."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from patchlint.engine.loader import load_rule
from patchlint.engine.rule import Rule, RuleError
from patchlint.errors import UsageError


def rules_root() -> Path:
    """`patchlint/_rules` in an installed wheel; the repository's `rules/` in a checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "_rules"
    if installed.is_dir():
        return installed
    return package.parent / "rules"


@dataclass(frozen=True, slots=True)
class Selection:
    """What `--select`/`--ignore` leave (patch and series rules, by code), and the
    configuration's per-file ignores."""

    rules: tuple[Rule, ...]
    per_file: tuple[tuple[str, frozenset[str]], ...] = ()  # (glob, rule names) not reported

    def keeps(self, rule: str, file: str | None) -> bool:
        """False for a finding of `rule` on a file a per-file ignore covers (fnmatch
        globs on the path as the patch names it; `*` crosses `/`)."""
        if file is None:
            return True
        return not any(rule in names and fnmatch.fnmatchcase(file, glob)
                       for glob, names in self.per_file)


@dataclass(frozen=True, slots=True)
class Registry:
    rules: tuple[Rule, ...]  # by code

    def get(self, key: str) -> Rule | None:
        """A rule by code (any case) or name."""
        key_l = key.lower()
        return next((r for r in self.rules if r.name == key_l or r.code.lower() == key_l), None)

    def matching(self, pattern: str) -> list[Rule]:
        """The rules a `--select`/`--ignore` pattern names: its code or name, or every rule
        whose code starts with it."""
        p = pattern.lower()
        return [r for r in self.rules if r.name == p or r.code.lower().startswith(p)]

    def select(self, select: Sequence[str] = (), ignore: Sequence[str] = (),
               per_file: Sequence[tuple[str, Sequence[str]]] = ()) -> Selection:
        """The rules to run: those on by default, or what `select` names (`ALL`: every rule);
        an unknown pattern is a usage error (a typo must not silently turn a check off)."""
        off = {r.name: r.code for r in self.rules if not r.meta.default}

        def names_of(pattern: str, option: str) -> set[str]:
            if pattern.lower() == "all":
                return {r.name for r in self.rules}
            found = {r.name for r in self.matching(pattern)}
            if not found:
                raise UsageError(f"{option} {pattern}: no rule has that code or name")
            return found

        def selected(pattern: str) -> set[str]:
            """A rule that is off by default is selected by its exact code or name (or
            ALL), never by a prefix: `--select CS` keeps meaning the CS rules that run."""
            found = names_of(pattern, "--select")
            p = pattern.lower()
            kept = {n for n in found if n not in off or p in ("all", n, off[n].lower())}
            if not kept:
                raise UsageError(f"--select {pattern}: matches only rules that are off by "
                                 f"default ({', '.join(sorted(found))}): name one exactly, "
                                 "or select ALL")
            return kept

        names = {r.name for r in self.rules if r.name not in off}
        if select:
            names = set().union(*(selected(p) for p in _split(select)))
        for pattern in _split(ignore):
            names -= names_of(pattern, "--ignore")
        ignored_per_file = tuple(
            (glob, frozenset().union(*(names_of(p, f"per-file-ignores {glob}")
                                       for p in _split(patterns))))
            for glob, patterns in per_file)
        return Selection(tuple(r for r in self.rules if r.name in names), ignored_per_file)

    def series_only(self) -> Selection:
        """Every series rule and no patch rule (`patchlint who`: approvals, not code)."""
        return Selection(tuple(r for r in self.rules if r.series))


def _split(patterns: Iterable[str]) -> list[str]:
    return [p.strip() for item in patterns for p in item.split(",") if p.strip()]


def load_registry(root: Path | None = None) -> Registry:
    """Every rule under `root`, validated (each check.py imported when the rule first
    runs); duplicate codes or names are an error."""
    root = root or rules_root()
    rules = []
    for folder in sorted(p for p in root.iterdir() if (p / "rule.toml").is_file()):
        rules.append(load_rule(folder, lazy=True))
    seen: dict[str, Path] = {}
    for rule in rules:
        for key in (rule.code, rule.name):
            if key in seen:
                raise RuleError(f"{rule.folder}: {key} is already used by {seen[key]}")
            seen[key] = rule.folder
    return Registry(tuple(sorted(rules, key=lambda r: r.code)))


@cache
def default_registry() -> Registry:
    return load_registry()
