"""Is it committable? Maintainer coverage and Xen's check-in policy, per revision: the data
(`model`), the policy judge (`judge`) and the English it is reported in (`wording`)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__all__ = ["ApprovalConfig", "SeriesApproval", "check_approvals"]

if TYPE_CHECKING:
    from patchlint.analysis.approval.judge import check_approvals
    from patchlint.analysis.approval.model import ApprovalConfig, SeriesApproval
else:
    # imported on first use: a run without a MAINTAINERS file (`check` in a hook) never
    # judges approvals and should not pay for importing the judge
    _WHERE = {"check_approvals": "judge", "ApprovalConfig": "model", "SeriesApproval": "model"}

    def __getattr__(name: str) -> Any:
        if name not in _WHERE:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
        globals()[name] = value
        return value
