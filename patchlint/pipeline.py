"""The review pipeline, stage by stage: ingest -> model -> report model."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from patchlint.analysis.diffs import check_diffs
from patchlint.ingest import read_messages
from patchlint.model.grouping import group_messages
from patchlint.model.message import Diagnostic
from patchlint.report.model import build_report


def review(paths: Iterable[str], progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Read every input, group it, and return the report model."""
    diagnostics: list[Diagnostic] = []
    messages = read_messages(paths, diagnostics, progress)
    grouping = group_messages(messages, diagnostics)
    diffs = check_diffs(grouping, diagnostics)
    return build_report(grouping, diagnostics, diffs)
