"""The policy judge: is it committable? Maintainer coverage and Xen's check-in policy, per
revision.

Entry point: `check_approvals(series, lineage, interdiffs, comments, config)`, with a
MAINTAINERS file (`patchlint.maintainers`) in `config`. For every patch of every revision
(patches a partial re-roll carries over are judged where they were posted):

Sections: for each touched file, every section covering it, most specific first (see
`maintainers.patterns` for the depth). A file the MAINTAINERS file does not describe
(`MaintainersFile.covers`: a Linux `drivers/...` path checked against Xen's file, which
only THE REST's catch-all `*/` matches) is "not covered": no requirement, said so.

Approvals (`Approval`): Acked-by and Reviewed-by (and compounds such as
`Reviewed-and-tested-by`; not `Release-Acked-by`, a release manager's freeze exception),
  - in the patch mail of this revision, unless the trailer lineage shows the list
    contradicts it (an open TR006: never given by one who reviewed, withdrawn, a condition
    not met, a scope dropped, given for another patch) or it was given before the code it
    covers changed materially (an open TR002); a tag from a review before posting stands;
  - given by reply to the patch or the cover letter of this revision (the giver must be the
    sender of the reply; a trailer the giver later withdraws, "please drop my R-b", does
    not count);
  - given by reply on an earlier revision's counterpart of the patch, when no step since
    changed it materially (interdiff status `unchanged`); a change in between voids it,
    and the approval is listed as not counting, saying why;
  - the sender's own `Signed-off-by` (the person who posted the revision): it approves the
    files that person maintains ("where a maintainer themselves submits a patch, the
    Signed-off-by meets the approval requirement (#1)"), nothing else.
A scoped approval (`# x86`, "For the hid-hyperv.c changes,", a MAINTAINERS section name;
`analysis.trailers.scope`) approves only the files its scope names; an unresolved scope
limits nothing.
People are matched to MAINTAINERS entries by address (case, `+tag`, one subdomain level),
by a full name (case, accents, `Last, First`), or through the addresses the thread links
(`analysis.people`).

Xen policy (MAINTAINERS, "Check-in policy" and "The meaning of nesting"):
  1. every changed file needs an Acked-by or Reviewed-by (or the sender's sign-off) from a
     maintainer (`M:`) of its most specific section: the covering sections of greatest
     depth that have a maintainer (a section with only `R:` reviewers, or an orphan, has
     no one to approve, so the next less specific section decides, ending at THE REST).
     Sections tied at that depth are all the file's maintainers: any one of them will do.
     A more general maintainer's approval "can stand in" only in unusual circumstances, so
     it is listed (`stand_ins`) but does not satisfy the requirement.
  2. every patch needs approval from someone other than its writer: a Reviewed-by from
     anyone, or an Acked-by from a maintainer of any section covering one of its files
     (any nesting level). The writer is the patch author, the sender and any
     Co-developed-by; when the sender is not the author and signed off (one maintainer
     picking up another's patch), the sender's sign-off approves the author's parts, so the
     author's own Acked-by/Reviewed-by counts, as the policy's paragraph on collaboration
     says.
  Requirements 3 (time to respond) and 4 (no open objections) are not judged from dates,
  but a NAK or a hold on the revision is an objection the verdict names until it is lifted
  (a hold: by any approval given after it, or the thread saying it was applied after it;
  a NAK: by an approval from whoever NAKed). The author withdrawing the revision ("please
  ignore this") makes the verdict "withdrawn".

What the rules judge (`rules/missing-maintainer-approval`, MA001, and
`rules/missing-independent-approval`, MA002): under the Xen policy, the revision that
matters (`RevisionApproval.matters`: the newest posting, or the one the thread says was
applied), unless withdrawn; whether it is still under review (`under_review`,
`review_state`):
  not applied, and an RFC, or an objection stands, or a review comment on it is still open
  (nobody answered it, or its reviewer did not accept the answer), or nobody but its author
  has commented on it or given a trailer for it yet (it awaits review).
Once a revision has been reviewed (every comment answered and someone gave a trailer) or
applied, what is still missing is what stands between it and a commit.

Linux policy ("report"): no check-in rule exists, so no findings and no verdict: the report
lists each file's maintainers and reviewers (every covering section, catch-all left out
unless it is the only one) and who of them acked, reviewed or signed off, and says why no
check-in policy applies (`policy_note`). `policy = "xen"` applies the Xen rules to any
MAINTAINERS file; `auto` follows the file's format (a Xen file without its `V:` marker is
told by its catch-all's list or its `xen/` sections, `MaintainersFile.format_evidence`), and
judges a series that went to xen-devel with only Xen paths by Xen's policy whatever the file
reads as (`series_policy`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from patchlint import lazyre
from patchlint.analysis.approval.model import (
    Approval,
    ApprovalConfig,
    FileApproval,
    PatchApproval,
    RevisionApproval,
    SeriesApproval,
)
from patchlint.analysis.discussion.comments import ReviewComment
from patchlint.analysis.discussion.outcome import ThreadEvent
from patchlint.analysis.people import People
from patchlint.analysis.revisions.compare import RevisionInterdiff
from patchlint.analysis.trailers.lineage import Lineage, TrailerEntry
from patchlint.analysis.trailers.scope import scope_files
from patchlint.maintainers.file import Section
from patchlint.model.address import parse_address, parse_address_list
from patchlint.model.message import Address, sort_time
from patchlint.model.patch import Patch
from patchlint.model.policy import JudgedPolicy
from patchlint.model.series import Revision, Series
from patchlint.model.trailer_words import extinfo_scope
from patchlint.model.trailers import Trailer, same_address


def approval_kind(tr: Trailer) -> str | None:
    """`Reviewed-by`, `Acked-by`, `Signed-off-by` for the trailers that can approve."""
    low = tr.lname
    if low == "signed-off-by":
        return "Signed-off-by"
    if not low.endswith("-by"):
        return None
    parts = low[:-3].split("-and-")
    if "reviewed" in parts:
        return "Reviewed-by"
    if "acked" in parts:
        return "Acked-by"
    return None


class _Who:
    """Person matching: the thread's links (`People`) plus b4's address rule."""

    def __init__(self, people: People) -> None:
        self.people = people

    def same(self, a: Address | None, b: Address | None) -> bool:
        if a is None or b is None:
            return False
        return self.people.same(a, b) or bool(
            a.email and b.email and same_address(a.email, b.email)
        )

    def find(self, person: Address, among: Iterable[Address]) -> Address | None:
        return next((m for m in among if self.same(person, m)), None)


_CONTRADICTED = {
    "never-given": "its giver reviewed an earlier posting and did not give it",
    "withdrawn": "withdrawn by its giver",
    "condition-not-met": "its giver's condition was not met",
    "scope-dropped": "carried without the limit its giver gave it",
    "split-out": "carried onto a part split out of the patch its giver limited it to",
    "other-patch": "its giver gave it for another patch",
}


def _discounted(lineage: Lineage) -> dict[tuple[int, int | None, str, str], str]:
    """Patch-mail trailers the lineage shows do not stand, with why: given before the code
    they cover changed (not as their giver asked), or contradicted by the list (see
    `rules/contradicted-trailer`), and not given again since. A tag with no on-list origin
    and nothing against it (a review before posting) stands."""
    out: dict[tuple[int, int | None, str, str], str] = {}
    for o in lineage.origins:
        if o.resolved_by is not None:
            continue
        key = (o.revision, o.patch, o.text, str(o.trailer.person))
        if o.contradiction is not None:
            out[key] = (
                f"{_CONTRADICTED.get(o.contradiction.kind, o.contradiction.kind)} "
                f"(<{o.contradiction.message_id}>)"
            )
        elif o.given_on is not None and o.changed_since:
            out[key] = f"given on v{o.given_on}; the code it covers changed materially since"
    return out


class _Judge:
    """Everything `check_approvals` needs, computed once per series."""

    def __init__(
        self,
        series: Series,
        lineage: Lineage,
        interdiffs: list[RevisionInterdiff],
        comments: list[ReviewComment],
        config: ApprovalConfig,
    ) -> None:
        self.series = series
        self.lineage = lineage
        self.db = config.maintainers
        self.policy, self.policy_note = series_policy(series, config)
        self.who = _Who(lineage.people or People())
        self.steps = {id(ri.new): ri for ri in interdiffs}
        self.comments = comments
        self.discounted = _discounted(lineage)
        self.retractions = [e for e in lineage.events if e.kind == "retraction"]
        self.reached = _reached(series)
        self.named = [a for sec in self.db.sections for a in (*sec.maintainers, *sec.reviewers)]

    # -- approvals ------------------------------------------------------------------------

    def _withdrawn(self, entry: TrailerEntry) -> bool:
        """The giver later withdrew their trailer on that revision ("drop my R-b")."""
        if entry.withdrawn is not None:
            return True
        person = entry.trailer.person
        return any(
            e.role != "author"
            and e.revision == entry.revision
            and (e.patch is None or entry.patch is None or e.patch == entry.patch)
            and sort_time(e.date) >= sort_time(entry.date)
            and self.who.same(parse_address(e.by), person)
            for e in self.retractions
        )

    def _entry_approval(
        self,
        entry: TrailerEntry,
        rev: Revision,
        patch: Patch,
        origin: str,
        why_not: str | None = None,
    ) -> Approval | None:
        tr = entry.trailer
        kind = approval_kind(tr)
        if kind is None or tr.person is None or not tr.person.email:
            return None
        if kind == "Signed-off-by" and (
            entry.origin != "patch" or origin != "patch" or not self.who.same(tr.person, rev.author)
        ):
            return None
        if why_not is None and entry.origin == "reply" and not entry.by_sender:
            why_not = "written in a reply by someone else than the person it names"
        if why_not is None and entry.origin == "patch":
            why_not = self.discounted.get(
                (entry.revision, patch.index, f"{tr.name}: {tr.value}", str(tr.person))
            )
        if why_not is None and entry.origin == "reply" and self._withdrawn(entry):
            why_not = "withdrawn by its giver later in the thread"
        scope = entry.scope or extinfo_scope(tr.extinfo)
        files = scope_files(scope, patch.files, self._section_names) if scope else None
        return Approval(
            tr.person,
            kind,
            origin,
            entry.revision,
            entry.message_id,
            entry.date,
            counts=why_not is None,
            why_not=why_not,
            scope=scope,
            scope_files=files,
        )

    def _section_names(self, path: str) -> list[str]:
        return [m.section.name for m in self.db.matches(path)] if self.db.covers(path) else []

    def _earlier(self, rev: Revision, patch: Patch) -> Iterator[tuple[Revision, Patch, bool]]:
        """Counterparts of the patch in earlier revisions, newest first, and whether the
        patch changed materially between that one and `patch`."""
        changed = False
        current_rev, current = rev, patch
        for _ in range(len(self.series.revisions)):
            step = self.steps.get(id(current_rev))
            pair = step.for_new(current.index) if step is not None else None
            if step is None or pair is None or pair.old is None or pair.new is not current:
                return
            changed = changed or pair.material
            yield step.old, pair.old, changed
            current_rev, current = step.old, pair.old

    def approvals(self, rev: Revision, patch: Patch) -> list[Approval]:
        out: list[Approval] = []
        for entry in self.lineage.for_patch(rev.version, patch.index):
            if entry.origin == "patch" and entry.message_key != patch.message_key:
                continue
            found = self._entry_approval(entry, rev, patch, entry.origin)
            if found is not None:
                out.append(found)
        for old_rev, old_patch, changed in self._earlier(rev, patch):
            for entry in self.lineage.for_patch(old_rev.version, old_patch.index):
                if entry.origin != "reply":
                    continue
                why = (
                    f"given on v{old_rev.version}; the patch changed materially since"
                    if changed
                    else None
                )
                found = self._entry_approval(entry, old_rev, old_patch, "earlier", why)
                if found is not None:
                    out.append(found)
        return _dedup(out, self.who)

    # -- one patch ------------------------------------------------------------------------

    def file_approval(self, path: str, approvals: list[Approval]) -> FileApproval:
        if not self.db.covers(path):
            return FileApproval(path, covered=False)
        matches = list(self.db.matches(path))
        # a scoped tag ("# x86", "For the driver part:") approves only the files it names
        counted = [a for a in approvals if a.counts and a.covers(path)]
        section_approvers: dict[str, list[str]] = {}
        for m in matches:
            names = [
                str(a.person)
                for a in counted
                if self.who.find(a.person, (*m.section.maintainers, *m.section.reviewers))
            ]
            if names:
                section_approvers[m.section.name] = list(dict.fromkeys(names))
        with_maintainer = [m for m in matches if m.section.maintainers]
        shown = (
            matches
            if self.policy == "xen"
            else ([m for m in matches if not m.section.catch_all] or matches)
        )
        result = FileApproval(
            path, covered=True, sections=shown, section_approvers=section_approvers
        )
        if not with_maintainer:
            return result
        top = with_maintainer[0].depth
        result.required = [m.section for m in with_maintainer if m.depth == top]
        required = result.required_people
        result.required_reached = any(self.who.find(p, self.reached) for p in required)
        general = [p for m in with_maintainer if m.depth < top for p in m.section.maintainers]
        for a in counted:
            if self.who.find(a.person, required) and a.person not in result.approved_by:
                result.approved_by.append(a.person)
            elif (
                a.kind != "Signed-off-by"
                and self.who.find(a.person, general)
                and a.person not in result.stand_ins
            ):
                result.stand_ins.append(a.person)
        return result

    def with_roles(self, approvals: list[Approval], paths: Iterable[str]) -> list[Approval]:
        """Each approval with what its giver maintains or reviews among the files."""
        sections: dict[str, Section] = {}
        for path in paths:
            if self.db.covers(path):
                for m in self.db.matches(path):
                    sections.setdefault(m.section.name, m.section)
        out = []
        for a in approvals:
            roles = [
                f"maintainer: {s.name}"
                for s in sections.values()
                if self.who.find(a.person, s.maintainers)
            ]
            roles += [
                f"reviewer: {s.name}"
                for s in sections.values()
                if self.who.find(a.person, s.reviewers)
            ]
            out.append(replace(a, roles=tuple(roles)))
        return out

    def independent(
        self, rev: Revision, patch: Patch, approvals: list[Approval], files: list[FileApproval]
    ) -> list[Address]:
        sender = rev.author
        collaboration = not self.who.same(sender, patch.author) and any(
            a.kind == "Signed-off-by" and a.counts for a in approvals
        )
        writers = [sender] + [
            tr.person
            for tr in patch.trailers
            if tr.lname == "co-developed-by" and tr.person is not None
        ]
        if not collaboration:
            writers.append(patch.author)
        maintainers = [p for f in files for m in f.sections for p in m.section.maintainers]
        if self.policy == "xen":  # every covering section, THE REST included
            maintainers = [
                p
                for f in files
                if f.covered
                for m in self.db.matches(f.path)
                for p in m.section.maintainers
            ]
        out: list[Address] = []
        for a in approvals:
            if (
                not a.counts
                or a.kind == "Signed-off-by"
                or any(self.who.same(a.person, w) for w in writers)
            ):
                continue
            if (a.kind == "Reviewed-by" or self.who.find(a.person, maintainers)) and (
                a.person not in out
            ):
                out.append(a.person)
        return out

    def patch_approval(
        self, rev: Revision, patch: Patch, posted_in: Revision, total: int | None
    ) -> PatchApproval:
        approvals = self.with_roles(self.approvals(posted_in, patch), patch.files)
        files = [self.file_approval(path, approvals) for path in patch.files]
        independent = self.independent(posted_in, patch, approvals, files)
        keywords = (
            self.db.keyword_sections(_keyword_text(patch))
            if any(s.keywords for s in self.db.sections)
            else []
        )
        return PatchApproval(
            index=patch.index,
            total=total,
            title=patch.title,
            message_id=patch.message_id,
            author=patch.author,
            sender=posted_in.author,
            files=files,
            approvals=approvals,
            independent_by=independent,
            keywords=keywords,
            carried_from=posted_in.version if posted_in is not rev else None,
            unknown_ackers=[
                a.person
                for a in approvals
                if a.kind == "Acked-by" and not self.who.find(a.person, self.named)
            ],
        )

    # -- one revision ---------------------------------------------------------------------

    def _posted_in(self, rev: Revision, patch: Patch) -> Revision:
        origin = rev.base
        for _ in range(len(self.series.revisions)):
            if origin is None:
                break
            if any(p.message_key == patch.message_key for p in origin.patches.values()):
                return origin
            origin = origin.base
        return rev

    def objections(self, rev: Revision, patches: list[PatchApproval]) -> list[ThreadEvent]:
        """NAKs and holds on the revision that nothing after them lifted."""
        mine = [e for e in self.lineage.events if e.revision == rev.version]
        out = []
        for e in mine:
            if e.kind not in ("nak", "hold"):
                continue
            after = sort_time(e.date)
            by = parse_address(e.by)
            later = [
                a
                for p in patches
                for a in p.approvals
                if a.counts
                and a.kind != "Signed-off-by"
                and sort_time(a.date) > after
                and a.origin == "reply"
            ]
            if e.kind == "nak":
                lifted = any(self.who.same(a.person, by) for a in later)
            else:
                lifted = bool(later) or any(
                    x.kind == "applied" and sort_time(x.date) > after for x in mine
                )
            if not lifted:
                out.append(e)
        return out

    def review_state(
        self,
        rev: Revision,
        applied: bool,
        objections: list[ThreadEvent],
        patches: list[PatchApproval],
    ) -> tuple[bool, str]:
        if applied:
            return False, "applied"
        if rev.rfc:
            return True, "an RFC: posted for comments, not for commit"
        if objections:
            return True, "an objection stands"
        mine = [c for c in self.comments if c.rev is rev]
        still_open = [c for c in mine if c.status == "open"]
        if still_open:
            n = len(still_open)
            # open: not answered, or the reviewer did not accept the answer
            what = (
                "not answered yet" if not any(c.answered_by for c in still_open) else "still open"
            )
            return True, f"{n} review comment{'s' if n != 1 else ''} {what}"
        trailers = any(
            a.origin != "patch" and a.kind != "Signed-off-by" for p in patches for a in p.approvals
        )
        if not mine and not trailers:
            return True, "awaiting review: nobody has commented or given a trailer yet"
        return False, "reviewed: every comment answered"

    def revision(self, rev: Revision, position: int) -> RevisionApproval:
        merged = {**rev.carried, **rev.patches}
        patches = [
            self.patch_approval(rev, merged[i], self._posted_in(rev, merged[i]), rev.total)
            for i in sorted(merged)
        ]
        applied = self.lineage.applied_revision == rev.version and not any(
            r.version == rev.version for r in self.series.revisions[position + 1 :]
        )
        events = [e for e in self.lineage.events if e.revision == rev.version]
        withdrawn = next((e for e in events if e.kind == "retraction" and e.role == "author"), None)
        objections = self.objections(rev, patches)
        under_review, state = self.review_state(rev, applied, objections, patches)
        matters = applied or (rev.state != "superseded" and self.lineage.applied is None)
        return RevisionApproval(
            rev.version,
            self.policy,
            patches,
            matters=matters,
            applied=applied,
            under_review=under_review,
            review_state=state,
            objections=objections,
            withdrawn=withdrawn if not applied else None,
            policy_note=self.policy_note,
        )


_ORIGIN_RANK = {"reply": 0, "patch": 1, "earlier": 2}


def _reached(series: Series) -> list[Address]:
    """Everyone the series' mail was addressed to (To/Cc of its patches and covers) and
    everyone who wrote in it: the people a posting's author and reviewers knew of."""
    out: dict[str, Address] = {}

    def add(people: Iterable[Address]) -> None:
        for a in people:
            if a.email:
                out.setdefault(a.email.lower(), a)

    for rev in series.revisions:
        for p in rev.patches.values():
            add(parse_address_list([p.to_header, p.cc_header]))
            add([p.author])
        if rev.cover is not None:
            add(rev.cover.to)
            add(rev.cover.cc)
            add([rev.cover.author])
        add(r.message.author for r in rev.replies)
    return list(out.values())


def _dedup(approvals: list[Approval], who: _Who) -> list[Approval]:
    """One approval per person and kind: one that counts wins; among those, one given by
    reply on this revision, then one in the patch mail, then one from an earlier revision."""
    out: list[Approval] = []
    for a in approvals:
        twin = next(
            (i for i, b in enumerate(out) if b.kind == a.kind and who.same(a.person, b.person)),
            None,
        )
        if twin is None:
            out.append(a)
            continue
        b = out[twin]
        if (a.counts, -_ORIGIN_RANK[a.origin]) > (b.counts, -_ORIGIN_RANK[b.origin]):
            out[twin] = a
    return out


def _keyword_text(patch: Patch) -> str:
    """What `K:` patterns are matched against: the commit message and the changed lines
    (get_maintainer.pl's patch mode)."""
    changed = [
        line
        for line in patch.diff.split("\n")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    return patch.title + "\n" + patch.message + "\n" + "\n".join(changed)


_XEN_DEVEL = lazyre.compile(r"xen-devel@lists\.xen(?:project|source)\.org", re.I)
_XEN_PATHS = ("xen/", "tools/", "docs/", "stubdom/", "config/", "m4/")


def series_policy(series: Series, config: ApprovalConfig) -> tuple[JudgedPolicy, str | None]:
    """The policy a series is judged by, and a note when none applies.

    `auto` follows the MAINTAINERS file's format (`MaintainersFile.format_evidence`); a file
    read as Linux's still gets Xen's check-in policy for a series that went to xen-devel and
    whose files are Xen's (`xen/`, `tools/` ... paths the file covers): a Xen tree's file
    that shows no sign of it. Under the report policy the note says why no check-in policy
    applies."""
    policy = config.effective_policy
    if policy == "xen" or config.policy != "auto":
        return policy, (
            None
            if policy == "xen"
            else "no check-in policy applies: the report policy was chosen (--policy report)"
        )
    db = config.maintainers
    patches = [p for rev in series.revisions for p in rev.patches.values()]
    to_xen = next(
        (m.group(0) for p in patches if (m := _XEN_DEVEL.search(p.to_header + " " + p.cc_header))),
        None,
    )
    files = [f for p in patches for f in p.files]
    if to_xen and files and all(f.startswith(_XEN_PATHS) and db.covers(f) for f in files):
        return "xen", None
    return "report", (
        f"no check-in policy applies: {db.source} reads as a Linux-format "
        f"MAINTAINERS file ({db.format_evidence[1]}); maintainers and approvals "
        "are listed, not judged"
    )


def check_approvals(
    series: Series,
    lineage: Lineage,
    interdiffs: list[RevisionInterdiff],
    comments: list[ReviewComment],
    config: ApprovalConfig,
) -> SeriesApproval:
    """Coverage, approvals and the verdict of every revision (see the module docstring)."""
    judge = _Judge(series, lineage, interdiffs, comments, config)
    return SeriesApproval(
        judge.policy,
        [judge.revision(rev, position) for position, rev in enumerate(series.revisions)],
    )
