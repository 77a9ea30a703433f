"""Is it committable? Maintainer coverage and Xen's check-in policy, per revision: the data
(`model`), the policy judge (`judge`) and the English it is reported in (`wording`)."""

from patchlint.analysis.approval.judge import check_approvals
from patchlint.analysis.approval.model import ApprovalConfig, SeriesApproval

__all__ = ["ApprovalConfig", "SeriesApproval", "check_approvals"]
