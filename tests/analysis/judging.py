"""The analyses' facts judged by the series rules, for tests that pin what a thread's facts
lead to: the same analyses and rules `patchlint review` runs, limited to the rules that judge
one kind of facts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from patchlint.analysis.approval import ApprovalConfig
from patchlint.analysis.facts import SeriesAnalysis
from patchlint.config import DEFAULT_CONFIG, Config
from patchlint.engine.registry import default_registry
from patchlint.model.finding import Finding
from patchlint.model.profile import PROFILES
from patchlint.model.series import Series
from patchlint.pipeline.series import analyse_series

# The approval rules are `info` by default (bench/precision: they rarely hold on real
# threads); a project that trusts its MAINTAINERS raises them (`[profiles.rules]`), and then
# what a ready revision lacks is a warning and what a revision under review lacks a note:
# the tests pin that distinction at those levels.
APPROVAL_AT_WARNING = [("MA", [(p, "warning") for p in PROFILES])]


def judge_series(
    series: Series,
    facts: str,
    approval: ApprovalConfig | None = None,
    config: Config = DEFAULT_CONFIG,
    also: Sequence[str] = (
        "stale-trailer",
        "undocumented-change",
        "contradicted-trailer",
        "signoff-author-mismatch",
    ),
) -> SeriesAnalysis:
    """Every analysis of `series`, and the findings of the series rules judging `facts`
    (revisions | trailers | approval), in report order (the approval rules at `warning`;
    `config`: the run's configuration, e.g. a thread declared complete for TR001); `also`:
    rules off by default judged too (RV002, TR004, TR006: their tests are these)."""
    selection = default_registry().select(["ALL"], levels=APPROVAL_AT_WARNING)
    rules = [
        r
        for r in selection.rules
        if r.series and r.meta.facts == facts and (r.meta.default or r.name in also)
    ]
    return analyse_series(series, rules=rules, approval=approval, config=config)


@dataclass
class Judged:
    """An analysis result (a Lineage, a SeriesApproval) with the findings the rules made of
    it; attributes not its own are the analysis result's."""

    result: Any
    findings: list[Finding]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.result, name)
