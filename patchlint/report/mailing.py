"""What is mailed: a reply is only worth sending when what it says is right.

Three gates, applied by the bot and by `review -f email` (the library's `patch_replies` and
`revision_reply` mail whatever they are given a `MailGate` for):

1. **Measured rules.** Only findings of rules whose measured precision is 90% or more
   (`patchlint/data/precision.json`, written by bench/precision from labelled real findings:
   docs/precision.md), plus the rules a list asks for (`[bot] mail-rules`).
2. **Never a note.** Only findings at or above `[bot] min-severity` (`warning` by default):
   `info` is a note in the report, not a reason to write to someone.
3. **Never twice.** A finding already mailed for an earlier revision is not mailed again:
   same rule, file and code (its `fingerprint`), or the same series-level fact. The bot
   knows what it mailed (its state); `review -f email` takes the earlier revisions in the
   report as mailed. A rule someone answered `#false-positive` about is not mailed again on
   that series (the bot).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from patchlint.engine.registry import default_registry
from patchlint.errors import PatchlintError, UsageError
from patchlint.model.finding import rank
from patchlint.report.types import FindingEntry, SeriesEntry

TABLE_SCHEMA = "patchlint-precision/1"
# how a reply tells its reader to report a false positive (the bot records these replies)
FALSE_POSITIVE_TAG = "#false-positive"


class MailTableError(PatchlintError):
    """The shipped precision table is missing or damaged: nothing could be mailed safely."""


@cache
def measured_rules() -> frozenset[str]:
    """The codes of the rules the shipped precision table says may be mailed."""
    try:
        text = (
            resources.files("patchlint")
            .joinpath("data", "precision.json")
            .read_text(encoding="utf-8")
        )
        table: Any = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MailTableError(
            f"patchlint/data/precision.json cannot be read ({exc}): reinstall patchlint"
        ) from exc
    mail = table.get("mail") if isinstance(table, dict) else None
    if (
        table.get("schema") != TABLE_SCHEMA
        or not isinstance(mail, list)
        or not all(isinstance(code, str) for code in mail)
    ):
        raise MailTableError(
            f"patchlint/data/precision.json is not a {TABLE_SCHEMA} table: reinstall patchlint"
        )
    return frozenset(mail)


def rule_codes(patterns: Iterable[str], option: str = "[bot] mail-rules") -> frozenset[str]:
    """The codes of the rules `patterns` name (codes, names or code prefixes, as
    `--select` takes them); an unknown one is a usage error."""
    registry = default_registry()
    codes: set[str] = set()
    for item in patterns:
        for pattern in (p.strip() for p in item.split(",") if p.strip()):
            found = registry.matching(pattern)
            if not found:
                raise UsageError(f"{option} {pattern}: no rule has that code or name")
            codes.update(r.code for r in found)
    return frozenset(codes)


@dataclass(frozen=True, slots=True)
class MailGate:
    """Which findings a reply may hold: of `rules` (codes), at or above `severity`, not
    among `already` (fingerprints the bot mailed before), and, with `earlier`,
    not one an earlier revision of the series already had (what `review -f email` assumes
    was mailed then)."""

    rules: frozenset[str]
    severity: str = "warning"
    already: frozenset[str] = field(default_factory=frozenset)
    earlier: bool = True
    url: str | None = None  # where else a false positive can be reported

    def admits(self, finding: FindingEntry) -> bool:
        return (
            finding["code"] in self.rules
            and rank(finding["severity"]) >= rank(self.severity)
            and finding.get("fingerprint") not in self.already
        )

    def for_revision(self, series: SeriesEntry, position: int) -> set[str]:
        """Fingerprints a reply to the revision at `position` (in the series' revisions)
        must leave out: with `earlier`, those of the findings this gate admits on the
        revisions posted before it (their status aside: open then, mailed then)."""
        if not self.earlier:
            return set()
        before = {r["version"] for r in series["revisions"][:position]}
        mine = (
            series["revisions"][position]["version"]
            if position < len(series["revisions"])
            else None
        )
        return {
            f.get("fingerprint") or ""
            for f in series["findings"]
            if f.get("revision") in before and f.get("revision") != mine and self.admits(f)
        }

    def select(
        self, findings: Iterable[FindingEntry], series: SeriesEntry, position: int
    ) -> list[FindingEntry]:
        """Those of `findings` a reply to the revision at `position` may hold."""
        mailed_before = self.for_revision(series, position)
        return [f for f in findings if self.admits(f) and f.get("fingerprint") not in mailed_before]


def mail_gate(
    extra_rules: Sequence[str] = (),
    severity: str = "warning",
    already: Iterable[str] = (),
    earlier: bool = True,
    url: str | None = None,
) -> MailGate:
    """The gate of the measured rules and `extra_rules` (`[bot] mail-rules`)."""
    return MailGate(
        measured_rules() | rule_codes(extra_rules), severity, frozenset(already), earlier, url
    )
