"""What is wrong with the trailer block of one posted patch, tag by tag against the others:
the facts the rules duplicate-trailer (TR008), malformed-fixes-tag (TR009),
reported-without-closes (TR010), codeveloper-without-signoff (TR011) and
unknown-fixes-commit (TR012) judge. Backports are left alone: their tags are upstream's.

- duplicate: the same tag twice in one patch (same name, same address), for the tags a
  person gives once (review, ack, test, co-development, suggestion; a robot may report two
  bugs one patch fixes). A Signed-off-by repeated is the chain of custody (a patch that
  went back to its author, an author signing again under the tags they collected): left
  alone.
- Fixes: the kernel's and Xen's form is `Fixes: <12+ hex digits> ("<subject>")`; a shorter
  id can become ambiguous, a missing subject leaves readers (and backport tools) without
  the commit's name. Values that are no commit id (a URL, words) are not judged.
  With a tree (`--tree`, a git checkout) the id is looked up: `exists` False when it names
  no commit there.
- Reported-by without Closes:/Link:: only for reports that are public by construction, a
  robot's (syzbot, the kernel test robot), posted from April 2023 on, when both robots
  started to ask for the `Closes:` link next to the tag (checkpatch warns since 6.3).
- Co-developed-by without a Signed-off-by of the same person in the patch
  (Documentation/process/submitting-patches.rst: "every Co-developed-by: must be
  immediately followed by a Signed-off-by: of the associated co-author").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol, runtime_checkable

from patchlint import lazyre
from patchlint.analysis.people import People
from patchlint.analysis.trailers.checks import is_backport, is_posted_patch
from patchlint.model.patch import Patch
from patchlint.model.series import Series
from patchlint.model.trailers import Trailer

FIXES_DIGITS = 12
ROBOT_CLOSES_SINCE = datetime(2023, 4, 1, tzinfo=UTC)
# tags a person gives a patch once (a robot may report two bugs one patch fixes: two
# `Reported-by:` lines, each with its own `Closes:`, are right)
_ONCE = frozenset(
    {"Acked-by", "Reviewed-by", "Tested-by", "Co-developed-by", "Suggested-by", "Release-Acked-by"}
)
_FIXES = lazyre.compile(r"^(?P<id>[0-9a-fA-F]{4,64})\b\s*(?P<rest>.*)$")
# `("subject")`, and a full stop after it (`("subject").`) is a sentence's end, not damage
_FIXES_SUBJECT = lazyre.compile(r"^\(\s*[\"'].*\)[.,;]?\s*$")
_ROBOT = lazyre.compile(
    r"(?:^|[<\s])(?:syzbot[+@]|lkp@intel\.com|oliver\.sang@intel\.com"
    r"|syzkaller)",
    re.I,
)


@runtime_checkable
class CommitLookup(Protocol):
    """A tree that can say whether a commit id names a commit in it (`analysis.tree`)."""

    def has_commit(self, commit: str) -> bool | None: ...


@dataclass(frozen=True, slots=True)
class TagProblem:
    """One trailer of a posted patch that the tags around it make wrong."""

    kind: str  # duplicate | fixes-short-id | fixes-no-subject | fixes-unknown-commit
    #            | reported-without-closes | codeveloper-without-signoff
    trailer: Trailer
    revision: int
    patch: Patch
    detail: str = ""

    @property
    def text(self) -> str:
        return f"{self.trailer.name}: {self.trailer.value}"


def _duplicates(trailers: tuple[Trailer, ...]) -> list[tuple[Trailer, str]]:
    out: list[tuple[Trailer, str]] = []
    seen: dict[tuple[str, str], int] = {}
    for i, tr in enumerate(trailers):
        if tr.canonical not in _ONCE or tr.person is None or not tr.person.email:
            continue
        key = (tr.canonical, tr.person.email.lower())
        if key in seen:
            out.append((tr, f"also on line {trailers[seen[key]].line}"))
        seen[key] = i
    return out


def _fixes(tr: Trailer) -> list[tuple[str, str]]:
    m = _FIXES.match(tr.value.strip())
    if m is None:
        return []
    out = []
    commit, rest = m.group("id"), m.group("rest").strip()
    if len(commit) < FIXES_DIGITS:
        out.append(("fixes-short-id", commit))
    if not _FIXES_SUBJECT.match(rest):
        out.append(("fixes-no-subject", rest))
    return out


def patch_tag_problems(
    patch: Patch, revision: int, people: People, tree: object | None = None
) -> list[TagProblem]:
    """Every tag problem of one posted patch (see the module docstring)."""
    if not is_posted_patch(patch) or is_backport(patch):
        return []
    out: list[TagProblem] = []
    trailers = patch.trailers
    for tr, detail in _duplicates(trailers):
        out.append(TagProblem("duplicate", tr, revision, patch, detail))
    lookup = tree if isinstance(tree, CommitLookup) else None
    for tr in trailers:
        if tr.canonical != "Fixes":
            continue
        for kind, detail in _fixes(tr):
            out.append(TagProblem(kind, tr, revision, patch, detail))
        m = _FIXES.match(tr.value.strip())
        if lookup is not None and m is not None and lookup.has_commit(m.group("id")) is False:
            out.append(TagProblem("fixes-unknown-commit", tr, revision, patch, m.group("id")))
    linked = any(t.canonical in ("Closes", "Link", "Buglink") for t in trailers)
    dated = patch.date is not None and patch.date >= ROBOT_CLOSES_SINCE
    for tr in trailers:
        if (
            tr.canonical == "Reported-by"
            and not linked
            and dated
            and _ROBOT.search(tr.value) is not None
        ):
            out.append(TagProblem("reported-without-closes", tr, revision, patch))
    signers = [t.person for t in trailers if t.canonical == "Signed-off-by"]
    for tr in trailers:
        if (
            tr.canonical == "Co-developed-by"
            and tr.person is not None
            and not any(people.same(tr.person, s) for s in signers)
        ):
            out.append(TagProblem("codeveloper-without-signoff", tr, revision, patch))
    return out


def tag_problems(series: Series, people: People, tree: object | None = None) -> list[TagProblem]:
    """The tag problems of every posted patch of the series, revision by revision."""
    return [
        p
        for rev in series.revisions
        for _, patch in sorted(rev.patches.items())
        for p in patch_tag_problems(patch, rev.version, people, tree)
    ]
