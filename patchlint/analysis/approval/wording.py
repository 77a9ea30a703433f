"""The English of approvals: who would do, what a patch and a revision still need, the
verdict, and the approval part of a report entry (which carries that English)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from patchlint.analysis.approval.model import PatchApproval, RevisionApproval
from patchlint.model.message import Address


def people_text(people: Iterable[Address]) -> str:
    """`A`, `A or B`, `A, B or C`: names (addresses where there is none), each once."""
    names = list(dict.fromkeys(p.name or p.email for p in people))
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " or " + names[-1]


def would_do(people: list[Address]) -> str:
    """`A's would do` / `any one of A or B would do`."""
    if len({p.name or p.email for p in people}) == 1:
        return f"{people_text(people)}'s would do"
    return f"any one of {people_text(people)} would do"


def files_text(paths: list[str]) -> str:
    """Up to three paths, then how many more."""
    if len(paths) <= 3:
        return ", ".join(paths)
    return ", ".join(paths[:3]) + f" and {len(paths) - 3} more"


def patch_needs(p: PatchApproval) -> list[str]:
    """What the patch still needs, one sentence per missing approval."""
    out = []
    for sections, files in p.missing_groups():
        people = people_text(a for s in sections for a in s.maintainers)
        out.append(
            f"an Acked-by or Reviewed-by from a maintainer of "
            f"{' / '.join(s.name for s in sections)} ({people}) for "
            f"{files_text([f.path for f in files])}"
        )
    if p.lacks_independent:
        out.append(
            "an approval from someone other than its author (a Reviewed-by from "
            "anyone, or a maintainer's Acked-by)"
        )
    return out


def revision_needs(ra: RevisionApproval) -> list[str]:
    """What the revision still needs: each patch's needs (numbered when there are several)
    and each standing objection."""
    out: list[str] = []
    several = len(ra.patches) > 1
    for p in ra.patches:
        out.extend(f"[{p.index}] {n}" if several else n for n in patch_needs(p))
    for e in ra.objections:
        what = "answered" if e.kind == "nak" else "lifted"
        out.append(f"the {'NAK' if e.kind == 'nak' else e.kind} by {e.by} {what}")
    return out


def verdict(ra: RevisionApproval) -> str | None:
    """`committable`, `needs: ...`, `withdrawn ...` or `not covered: ...` under the Xen
    policy; None under the report policy."""
    if ra.policy != "xen":
        return None
    if not ra.covered:
        return "not covered: the MAINTAINERS file does not describe these files"
    if ra.withdrawn is not None:
        return f"withdrawn by the author ({ra.withdrawn.text})"
    needs = revision_needs(ra)
    return "committable" if not needs else "needs: " + "; ".join(needs)


def patch_dict(p: PatchApproval, policy: str) -> dict[str, Any]:
    return {
        "index": p.index,
        "title": p.title,
        "message_id": p.message_id,
        "author": str(p.author),
        "sender": str(p.sender),
        "carried_from": p.carried_from,
        "files": [f.to_dict() for f in p.files],
        "approvals": [a.to_dict() for a in p.approvals],
        "independent_by": [str(a) for a in p.independent_by],
        "keyword_sections": [
            {
                "name": s.name,
                "keyword": k,
                "maintainers": [str(a) for a in s.maintainers],
                "reviewers": [str(a) for a in s.reviewers],
            }
            for s, k in p.keywords
        ],
        "needs": patch_needs(p) if policy == "xen" else [],
    }


def revision_dict(ra: RevisionApproval) -> dict[str, Any]:
    """A revision's `approval` in the report."""
    return {
        "policy": ra.policy,
        "verdict": verdict(ra),
        "committable": ra.committable,
        "matters": ra.matters,
        "applied": ra.applied,
        "under_review": ra.under_review,
        "review_state": ra.review_state,
        "needs": revision_needs(ra) if ra.policy == "xen" else [],
        "objections": [e.to_dict() for e in ra.objections],
        "patches": [patch_dict(p, ra.policy) for p in ra.patches],
        **({"policy_note": ra.policy_note} if ra.policy_note else {}),
    }
