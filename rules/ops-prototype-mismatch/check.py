"""ops-prototype-mismatch: functions put into ops tables, against the member's prototype.

The prototype comes from the tree's own headers when a tree is at hand (the hook, `--tree`):
that is proof. Otherwise from the shipped KB (Linux 6.1/6.12, Xen 4.20), which is only as
good as its match to the tree the patch was written for, so a mismatch with the KB is weighed
against the patch's own evidence before it is reported:

- the patch declares the member itself (`int (*member)(...)` added or removed): it changes
  the API, so the KB is not its reference;
- the tree already compiles with that prototype: the pre-image assigns a function with the
  same signature to the same member (a renamed or moved function);
- other functions of the same table in the file mismatch the KB the same way (a struct
  renamed, a parameter added after the KB);
- the KB's type is nowhere in the file while the patch's type is on unchanged lines;
- the patch was posted outside the KB's era (before the first KB release holding the member,
  or more than STALE_AFTER after the newest): then only the table's own object replaced by
  another struct (parameter 1, the seed 000 bug) counts, and only when another function of
  the same table in the file takes the KB's type there.

A table whose struct is not written in the code (`a->b.member = fn`) is not judged: member
names such as `restart` or `irq_acked` exist in many structs, most of them not in the KB.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from patchlint import lazyre
from patchlint.c.compat import compare_types, decay
from patchlint.c.fragments import FileView
from patchlint.c.kb.index import shipped_prototypes, shipped_tables
from patchlint.c.kb.lookup import PrototypeSource, check_candidates, signature
from patchlint.c.kb.model import MemberProto
from patchlint.c.optables import (
    FunctionHead,
    Side,
    TableUse,
    declared_members,
    named_uses,
    new_side,
    old_side,
)
from patchlint.c.types import render
from patchlint.engine.context import Hit, RuleContext

if TYPE_CHECKING:
    from patchlint.c.kb.tree import TreeHeaders

KB_FOR = {"linux": "linux", "xen-hypervisor": "xen", "xen-tools": "xen"}
# a patch posted this long after the newest KB's release (the `released` date each KB
# records) may be written against a newer API
STALE_AFTER = timedelta(days=180)


@dataclass(frozen=True, slots=True)
class Mismatch:
    """Where a function's type leaves the member's: the return type (position 0), a
    parameter (1...), or the number of parameters (position None; got/want are counts)."""

    position: int | None
    got: str
    want: str

    def mark(self, member: str) -> tuple[str, ...]:
        """What another function of the table shares when the API drifted: the same type
        in place of the KB's (anywhere), or the same arity for the same member."""
        if self.position is None:
            return ("arity", member, self.got, self.want)
        return ("type", self.got, self.want)

    def tags(self) -> tuple[str, str] | None:
        """(got, want) struct tags when a struct pointer took another's place."""
        got, want = self.got.rstrip(" *"), self.want.rstrip(" *")
        if self.position and got.startswith("struct ") and want.startswith("struct "):
            return got, want
        return None


def mismatch(proto: MemberProto, head: FunctionHead) -> Mismatch | None:
    expected, actual = proto.fn, signature(head.ret, list(head.params))
    if not compare_types(expected.ret, actual.ret).ok:
        return Mismatch(0, render(actual.ret), render(expected.ret))
    if not (expected.prototyped and actual.prototyped):
        return None
    if len(expected.params) != len(actual.params) or expected.variadic != actual.variadic:
        return Mismatch(None, str(len(actual.params)), str(len(expected.params)))
    for i, (pe, pa) in enumerate(zip(expected.params, actual.params, strict=True), 1):
        if not compare_types(decay(pe.type), decay(pa.type)).ok:
            return Mismatch(i, render(decay(pa.type)), render(decay(pe.type)))
    return None


class _Sides:
    """Each C file's new side (parsed once) and old side (parsed when evidence is asked)."""

    def __init__(self, views: list[FileView], tree: TreeHeaders | None = None) -> None:
        self.views = [v for v in views if v.is_c]
        self.tree = tree
        self._uses: dict[str, list[TableUse]] = {}
        self._new: dict[str, Side] = {}
        self._old: dict[str, Side] = {}
        self._declared: frozenset[str] | None = None
        self._all = views

    def uses(self, view: FileView) -> list[TableUse]:
        """The new side's table uses that name their struct (the only ones judged, and
        the only ones a sibling is taken from), without the function heads. None in a file
        of a project without a KB (never judged: a sibling only of its own file's uses), nor
        in a file where no use can fill a member of a struct the KB knows, when the KB is the
        only reference (`named_uses`: then none of its uses is judged)."""
        if view.path not in self._uses:
            project = KB_FOR.get(view.project)
            if project is None:
                self._uses[view.path] = []
            elif _tree_judges(self.tree, project):
                self._uses[view.path] = named_uses(view)
            else:
                self._uses[view.path] = named_uses(view, shipped_tables(project))
        return self._uses[view.path]

    def new(self, view: FileView) -> Side:
        """The new side, read when a table use names a struct (most patches have none);
        its uses are the named ones."""
        if view.path not in self._new:
            self._new[view.path] = new_side(view, self.uses(view))
        return self._new[view.path]

    def old(self, view: FileView) -> Side:
        if view.path not in self._old:
            self._old[view.path] = old_side(view)
        return self._old[view.path]

    def declared_members(self) -> frozenset[str]:
        """The ops members whose declaration the patch changes (read once)."""
        if self._declared is None:
            self._declared = declared_members(self._all)
        return self._declared

    def new_heads(self, name: str) -> list[tuple[FileView, FunctionHead]]:
        return [(v, h) for v in self.views for h in self.new(v).heads(name)]


def check(ctx: RuleContext) -> Iterator[Hit]:
    sides = _Sides(ctx.patch_files, ctx.tree)
    for view in sides.views:
        if view.project not in KB_FOR:
            continue
        uses = sides.uses(view)
        if not uses:
            continue
        project = KB_FOR[view.project]
        # without the tree, a member the KB does not hold for the struct is never judged
        # (`_judge`): its function's heads are not read
        source = None if _tree_judges(ctx.tree, project) else shipped_prototypes(project)
        added = view.added_numbers
        for use in uses:
            if source is not None and not source.members(use.member, use.struct):
                continue
            for hview, head in sides.new_heads(use.function):
                if use.line not in added and not head.added:
                    continue  # nothing of it is this patch's
                problem = _judge(ctx, sides, view, use, head)
                if problem is None:
                    continue
                where = (hview, head.line) if head.added else (view, use.line)
                yield ctx.hit(
                    where[0],
                    where[1],
                    f"{use.function}() is assigned to {use.struct}.{use.member} but {problem}",
                    member=use.member,
                    struct=use.struct,
                    function=use.function,
                )
                break


def _judge(
    ctx: RuleContext, sides: _Sides, view: FileView, use: TableUse, head: FunctionHead
) -> str | None:
    """Why the function does not fit the member, or None when it fits or the evidence
    does not say it certainly does not."""
    assert use.struct is not None
    if use.member in sides.declared_members():
        return None
    project = KB_FOR[view.project]
    source = shipped_prototypes(project)
    tree = ctx.tree
    if tree is not None and _tree_judges(tree, project):
        structs = tree.struct(use.struct)
        if structs:
            if {st.file for st in structs} & {v.path for v in ctx.patch_files}:
                return None  # the patch changes the header: which side is the tree?
            protos = [m for st in structs for m in st.members if m.member == use.member]
            verdict = check_candidates(protos, use.member, head.ret, list(head.params), use.struct)
            if verdict.ok is not False:
                return None
            first = protos[0]
            return f"{verdict.reason} (per {first.file}:{first.line} of {tree.label})"
        newest, mine = _newest_version(source), tree.version()
        if mine is not None and newest is not None and mine[:2] > newest[:2]:
            return None  # the tree is newer than every KB and does not declare the struct
    verdict = source.check(use.member, head.ret, list(head.params), use.struct)
    if verdict.ok is not False or not verdict.candidates:
        return None
    wrong = mismatch(verdict.candidates[0], head)
    if wrong is None or _drifted(sides, source, view, use, head, wrong):
        return None
    if not _in_era(ctx, source, verdict.candidates) and not _object_confirmed(
        sides, view, use, wrong
    ):
        return None
    return verdict.reason


def _tree_judges(tree: TreeHeaders | None, project: str) -> bool:
    """Is the tree at hand the reference for the project's files (else the KB is)?"""
    return tree is not None and tree.project in (None, project)


def _newest_version(source: PrototypeSource) -> tuple[int, ...] | None:
    versions = [
        tuple(int(x) for x in name.partition("-")[2].split(".") if x.isdigit())
        for _, name in source.releases()
    ]
    return max(versions) if versions else None


def _in_era(ctx: RuleContext, source: PrototypeSource, candidates: tuple[MemberProto, ...]) -> bool:
    """Was the patch posted while the KB's prototypes were the API: not before the first
    KB release that has the member, not long after the newest? (Undated: yes.)"""
    releases = source.releases()
    if ctx.patch.date is None or not releases:
        return True
    posted = ctx.patch.date.date()
    holding = {
        c.source.split(" ")[0] + "-" + ".".join(c.source.split(" ")[1].split(".")[:2])
        for c in candidates
        if " " in c.source
    }
    first = min((day for day, name in releases if name in holding), default=releases[0][0])
    return first <= posted <= releases[-1][0] + STALE_AFTER


def _drifted(
    sides: _Sides,
    source: PrototypeSource,
    view: FileView,
    use: TableUse,
    head: FunctionHead,
    wrong: Mismatch,
) -> bool:
    """Does the patch show that the tree it was written for is not the KB's?"""
    old = sides.old(view)
    own = head.signature()
    for before in old.uses:  # the tree already put a function of this type there
        if (
            before.member == use.member
            and before.struct in (use.struct, None)
            and any(h.signature() == own for h in old.heads(before.function))
        ):
            return True
    mark = wrong.mark(use.member)
    for sibling, heads in _siblings(sides, view, use):
        cands = source.members(sibling.member, use.struct)
        for other in heads:
            if (
                cands
                and check_candidates(cands, sibling.member, other.ret, list(other.params)).ok
                is False
            ):
                found = mismatch(cands[0], other)
                if found is not None and found.mark(sibling.member) == mark:
                    return True
    tags = wrong.tags()
    if tags is not None:
        got, want = tags
        shown = _text(view)
        if not _has_tag(shown, want) and _has_tag(_text(view, old_only=True), got):
            return True
    return False


def _object_confirmed(sides: _Sides, view: FileView, use: TableUse, wrong: Mismatch) -> bool:
    """Outside the KB's era: is this the table's own object replaced by another struct,
    with another function of the same table in the file taking the KB's type there?"""
    if wrong.position != 1 or wrong.tags() is None:
        return False
    for _, heads in _siblings(sides, view, use):
        for other in heads:
            fn = signature(other.ret, list(other.params))
            if fn.params and render(decay(fn.params[0].type)) == wrong.want:
                return True
    return False


def _siblings(
    sides: _Sides, view: FileView, use: TableUse
) -> Iterator[tuple[TableUse, list[FunctionHead]]]:
    """Other functions of tables of the same struct in the file, with the heads either side
    shows of them."""
    old = sides.old(view)
    for side in (sides.new(view), old):
        for other in side.uses:
            if other.struct != use.struct or other.function == use.function:
                continue
            heads = side.heads(other.function) or [h for _, h in sides.new_heads(other.function)]
            if heads:
                yield other, heads


def _text(view: FileView, old_only: bool = False) -> str:
    """Every line of the file the patch shows (only the pre-image with `old_only`), and
    the hunks' section headings."""
    parts: list[str] = []
    for hunk in view.hunks:
        parts.append(hunk.section)
        parts.extend(ln.text for ln in (hunk.pre if old_only else [*hunk.pre, *hunk.lines]))
    return "\n".join(parts)


_TAG = lazyre.compile(r"\b(struct|union)[ \t]+([A-Za-z_]\w{0,127})\b")


def _has_tag(text: str, tag: str) -> bool:
    kind, _, name = tag.partition(" ")
    return any(m.group(1) == kind and m.group(2) == name for m in _TAG.finditer(text))
