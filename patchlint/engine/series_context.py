"""What a series rule's `check(ctx)` sees: one series as the model grouped it, the facts the
analyses found about it (`analysis.facts.SeriesAnalysis`: interdiffs and parsed changelogs,
trailer lineage, sign-off and trailer checks, review comments, events, approvals), and
`hit(...)` to report what the rule decides. The rule judges; the analyses only say what is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from patchlint.analysis.facts import SeriesAnalysis
from patchlint.config import DEFAULT_CONFIG, Config
from patchlint.engine.rule import Rule
from patchlint.model.series import Revision, Series


@dataclass(frozen=True, slots=True)
class SeriesHit:
    """A series rule's raw result: which revision and patch (and, when it is about lines,
    which file and post-image line), the mail it is about, and what."""

    message: str
    revision: int | None = None  # its version
    patch: int | None = None  # None: the revision (or series) as a whole
    file: str | None = None
    line: int | None = None
    message_id: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    severity: str | None = None  # a rule may lower its own severity for weaker evidence
    resolved_by: str | None = None  # the message that settled it: the finding is `resolved`
    position: int | None = None  # the revision's place in the series (posting order)


@dataclass(slots=True)
class SeriesContext:
    rule: Rule
    series: Series
    analysis: SeriesAnalysis
    config: Config = DEFAULT_CONFIG  # the run's configuration (.patchlint.toml and flags)

    def hit(
        self,
        *,
        revision: Revision | int | None = None,
        patch: int | None = None,
        file: str | None = None,
        line: int | None = None,
        message_id: str | None = None,
        message: str | None = None,
        severity: str | None = None,
        resolved_by: str | None = None,
        **details: Any,
    ) -> SeriesHit:
        """The same shape as `RuleContext.hit`, with where in the series it is: `revision`
        is the `Revision` (or its version), `patch` its index."""
        position = None
        if isinstance(revision, Revision):
            position = next((i for i, r in enumerate(self.series.revisions) if r is revision), None)
            revision = revision.version
        return SeriesHit(
            message or self.rule.meta.summary,
            revision,
            patch,
            file,
            line,
            message_id,
            details,
            severity,
            resolved_by,
            position,
        )
