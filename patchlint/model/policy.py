"""The check-in policy vocabulary, defined once: what `--policy`, `[maintainers] policy`, the
approval judge and the report's `approval.policy` / `maintainers.policy` all speak.

`auto` is a choice, not a policy: Xen's check-in policy for a Xen-format MAINTAINERS file,
the `report` policy (maintainers listed, no verdict, no findings) for any other.
"""

from __future__ import annotations

from typing import Literal, get_args

PolicyName = Literal["auto", "xen", "report"]
JudgedPolicy = Literal["xen", "report"]  # what `auto` resolves to; what a report states

POLICIES: tuple[PolicyName, ...] = get_args(PolicyName)
