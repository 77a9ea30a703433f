"""A rule as it lives on disk: `rules/<name>/rule.toml` (identity, scope, docs), a `check.py`
and/or a tree-sitter `query.scm`, and `cases/` beside them (ruff's one-rule-one-folder).
Patch rules and series rules alike; `engine.loader` loads a folder's code."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from patchlint import lazyre
from patchlint.engine import tomlcache
from patchlint.errors import PatchlintError
from patchlint.model.finding import SEVERITIES, Severity
from patchlint.model.profile import LEVELS, PROFILES, Level, Profile, level_named

CODE = lazyre.compile(r"^[A-Z]{2}[0-9]{3}$")
# what the two letters of a code say (rules/README.md, docs/rules.md); a new family of rules
# adds its prefix here
CODE_PREFIXES = {
    "CS": "C semantics: code that compiles but does the wrong thing (prototypes, error paths)",
    "XS": "Xen specifics: the hypervisor's own conventions and APIs",
    "ST": "style: how added code is laid out (whitespace, declarations, scope)",
    "SP": "spelling, in comments, strings and the commit message",
    "PR": "patch hygiene: what a patch mixes in beside its point (gratuitous renames)",
    "TR": "trailers: who vouched for what, where, and in which form",
    "RV": "revisions: what changed since the last posting, and whether the author says so",
    "MA": "maintainer approval: Xen's check-in policy, from a MAINTAINERS file",
}
NAME = lazyre.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# c-added: C post-image lines; added: any added line; patch: the whole patch; diff: the diff
# as posted, whether or not it parses, a rule about the diff's own form (each run per patch,
# `RuleContext`); series: the facts the analyses found about a series (`SeriesContext`)
PATCH_SCOPES = ("c-added", "added", "patch", "diff")
SCOPES = (*PATCH_SCOPES, "series")
# what a series rule judges, in the order its findings are reported: the revisions and their
# changelogs, the trailers, (the patch rules' findings,) the approvals
FACTS = ("revisions", "trailers", "approval")
DOC_SECTIONS = ("what", "why", "example", "instead")
KEYS = ("code", "name", "scope", "facts", "default", "summary", "source", "profiles", "docs")
# optional: why the rule's level is what it is in each profile (measured precision, whose
# convention it is)
DOC_OPTIONAL = ("profiles",)


class RuleError(PatchlintError):
    """A rule folder that does not load: a bug in the rule, reported with its path."""


@dataclass(frozen=True, slots=True)
class RuleMeta:
    """What `rule.toml` declares."""

    code: str
    name: str
    scope: str  # one of SCOPES
    # the rule's level on each profile's code: a severity, or `off` (every profile named)
    profiles: tuple[tuple[Profile, Level], ...]
    summary: str
    source: str  # the real review the rule comes from
    docs: dict[str, str] = field(default_factory=dict)
    facts: str | None = None  # a series rule's: one of FACTS
    # off (`default = false`): runs only when --select names it exactly (or `ALL`); a rule
    # not yet measured at the bar for its levels ships off (docs/precision.md)
    default: bool = True

    @property
    def series(self) -> bool:
        return self.scope == "series"

    def level(self, profile: str) -> Level:
        """How sure the rule is on code of `profile` (`off`: it does not run there)."""
        return next((lv for p, lv in self.profiles if p == profile), "off")

    @property
    def severity(self) -> Severity:
        """The most the rule says anywhere: its highest level over the profiles (SARIF's
        default level, the rule lists)."""
        levels = [lv for _, lv in self.profiles if lv != "off"]
        return next((s for s in SEVERITIES if s in levels), "info")

    @property
    def applies(self) -> tuple[Profile, ...]:
        """The profiles the rule runs on."""
        return tuple(p for p, lv in self.profiles if lv != "off")


# `check(ctx)`: a patch rule's gets a RuleContext and yields Hits, a series rule's gets a
# SeriesContext and yields SeriesHits (engine.context, engine.series_context)
CheckFn = Callable[[Any], Iterable[Any]]


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

    @property
    def series(self) -> bool:
        """A series rule (scope `series`): run once per series, on the analyses' facts."""
        return self.meta.series

    def level(self, profile: str) -> Level:
        """The rule's level on `profile`'s code (`off`: not run there)."""
        return self.meta.level(profile)


def _need(data: dict[str, Any], key: str, where: Path) -> Any:
    if key not in data:
        raise RuleError(f"{where}: missing `{key}`")
    return data[key]


def load_meta(folder: Path) -> RuleMeta:
    """`rule.toml` read and validated: every problem it has, named in one RuleError."""
    where = folder / "rule.toml"
    try:
        data = tomlcache.loads(where.read_text(encoding="utf-8"))
    # tomllib.TOMLDecodeError is a ValueError: tomllib is imported only to parse a new text
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise RuleError(f"{where}: {exc}") from exc
    code, name = str(_need(data, "code", where)), str(_need(data, "name", where))
    scope = str(_need(data, "scope", where))
    summary, source = str(_need(data, "summary", where)), str(_need(data, "source", where))
    raw_docs = _need(data, "docs", where)
    facts = data.get("facts")
    default = data.get("default", True)
    problems = [
        f"`{old}` is replaced by a [profiles] table (a level per profile)"
        for old in ("severity", "projects")
        if old in data
    ]
    problems += [
        f"unknown key {k!r} (known: {', '.join(KEYS)})"
        for k in data
        if k not in KEYS and k not in ("severity", "projects")
    ]
    profiles, profile_problems = _profiles(data.get("profiles"))
    problems += profile_problems
    if not CODE.match(code):
        problems.append(f"code {code!r} is not two capitals and three digits")
    if not NAME.match(name):
        problems.append(f"name {name!r} is not kebab-case")
    if name != folder.name:
        problems.append(f"folder {folder.name!r} differs from the name {name!r}")
    if scope not in SCOPES:
        problems.append(f"scope {scope!r} is not one of {SCOPES}")
    if scope == "series" and facts not in FACTS:
        problems.append(
            f"facts {facts!r} is not one of {FACTS} (a series rule says what it judges)"
        )
    elif scope != "series" and facts is not None:
        problems.append("facts is for series rules only")
    if not isinstance(default, bool):
        problems.append(f"default {default!r} is not true or false")
    docs = raw_docs if isinstance(raw_docs, dict) else {}
    missing = [k for k in DOC_SECTIONS if not str(docs.get(k, "")).strip()]
    if missing:
        problems.append(f"docs lack {', '.join(missing)}")
    unknown = sorted(set(docs) - set(DOC_SECTIONS) - set(DOC_OPTIONAL))
    if unknown:
        problems.append(
            f"docs has unknown section(s) {', '.join(unknown)} (known: "
            f"{', '.join(DOC_SECTIONS + DOC_OPTIONAL)})"
        )
    if not summary.strip():
        problems.append("summary is empty")
    if not source.strip():
        problems.append("source is empty (cite the real review the rule comes from)")
    if problems:
        raise RuleError(f"{where}: " + "; ".join(problems))
    return RuleMeta(
        code=code,
        name=name,
        scope=scope,
        profiles=profiles,
        summary=summary,
        source=source,
        docs={k: str(v) for k, v in docs.items()},
        facts=str(facts) if facts is not None else None,
        default=default is True,
    )


def _profiles(raw: object) -> tuple[tuple[tuple[Profile, Level], ...], list[str]]:
    """`[profiles]`: every profile named once, each with a level, at least one not `off`."""
    if raw is None:
        return (), [f"[profiles] is missing (a level for each of {', '.join(PROFILES)})"]
    if not isinstance(raw, dict):
        return (), ["profiles must be a table (profile = level)"]
    problems = []
    unknown = [p for p in raw if p not in PROFILES]
    if unknown:
        problems.append(
            f"[profiles] {unknown[0]!r} is not a profile (one of {', '.join(PROFILES)})"
        )
    missing = [p for p in PROFILES if p not in raw]
    if missing:
        problems.append(
            f"[profiles] lacks {', '.join(missing)} (name every profile; "
            "`off` where the rule does not run)"
        )
    chosen: list[tuple[Profile, Level]] = []
    for profile in PROFILES:
        if profile not in raw:
            continue
        level = level_named(raw[profile])
        if level is None:
            problems.append(
                f"[profiles] {profile} = {raw[profile]!r} is not one of {', '.join(LEVELS)}"
            )
        else:
            chosen.append((profile, level))
    if not problems and all(lv == "off" for _, lv in chosen):
        problems.append("[profiles] is `off` everywhere: the rule would never run")
    return tuple(chosen), problems
